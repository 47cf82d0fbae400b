#include "window/dialogs.h"

#include <QDesktopServices>
#include <QFileDialog>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>

namespace Fanout {

Dialogs::~Dialogs() = default;

void Dialogs::openFiles(QWidget *parent, const QString &title, const QString &directory, const QString &filters,
                        PathsCallback done)
{
    auto *dialog = new QFileDialog(parent, title, directory, filters);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    // The callback runs once: either on acceptance or on rejection.
    QObject::connect(dialog, &QFileDialog::filesSelected, dialog, [done](const QStringList &paths) { done(paths); });
    QObject::connect(dialog, &QDialog::rejected, dialog, [done]() { done({}); });
    dialog->open();
}

void Dialogs::saveFile(QWidget *parent, const QString &title, const QString &suggestedPath, const QString &filters,
                       PathCallback done)
{
    auto *dialog = new QFileDialog(parent, title, suggestedPath, filters);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    QPointer<QFileDialog> guard(dialog);
    QObject::connect(dialog, &QFileDialog::fileSelected, dialog, [done, guard](const QString &path) {
        QString chosen = path;
        if (guard && QFileInfo(chosen).suffix().isEmpty()) {
            // No extension typed: take it from the chosen filter, e.g. "CSV (*.csv)".
            const QString filter = guard->selectedNameFilter();
            const int star = filter.indexOf(QLatin1String("*."));
            if (star >= 0) {
                const int end = filter.indexOf(QRegularExpression(QStringLiteral("[ )]")), star);
                chosen += filter.mid(star + 1, end < 0 ? -1 : end - star - 1);
            }
        }
        done(chosen);
    });
    QObject::connect(dialog, &QDialog::rejected, dialog, [done]() { done({}); });
    dialog->open();
}

void Dialogs::message(QWidget *parent, Severity severity, const QString &title, const QString &text)
{
    const QMessageBox::Icon icon = severity == Severity::Error     ? QMessageBox::Critical
                                   : severity == Severity::Warning ? QMessageBox::Warning
                                                                   : QMessageBox::Information;
    auto *box = new QMessageBox(icon, title, text, QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void Dialogs::ask(QWidget *parent, const QString &title, const QString &text, const QStringList &answers,
                  ChoiceCallback done)
{
    auto *box = new QMessageBox(QMessageBox::Question, title, text, QMessageBox::NoButton, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QList<QAbstractButton *> buttons;
    for (qsizetype i = 0; i < answers.size(); ++i) {
        // The last answer is the way out (Escape); the first the default (Enter).
        const auto role =
            i == answers.size() - 1 && answers.size() > 1 ? QMessageBox::RejectRole : QMessageBox::AcceptRole;
        QPushButton *button = box->addButton(answers.at(i), role);
        buttons.append(button);
        if (i == 0)
            box->setDefaultButton(button);
    }
    if (!buttons.isEmpty())
        box->setEscapeButton(buttons.last());
    QObject::connect(box, &QMessageBox::finished, box,
                     [box, buttons, done]() { done(int(buttons.indexOf(box->clickedButton()))); });
    box->open();
}

bool Dialogs::openUrl(const QUrl &url)
{
    return QDesktopServices::openUrl(url);
}

} // namespace Fanout
