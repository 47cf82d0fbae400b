#pragma once

#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>

class QWidget;

namespace Fanout {

// Every dialog and desktop hand-off of the main window goes through here. The product implementation is
// non-blocking (QFileDialog/QMessageBox::open, answers come back through the callback); tests subclass it to
// answer at once and to record messages, so no test ever waits on a modal dialog.
class Dialogs
{
public:
    enum class Severity
    {
        Information,
        Warning,
        Error
    };

    Dialogs() = default;
    virtual ~Dialogs();
    Q_DISABLE_COPY_MOVE(Dialogs)

    using PathsCallback = std::function<void(const QStringList &paths)>; // empty list: cancelled
    using PathCallback = std::function<void(const QString &path)>;       // empty: cancelled

    virtual void openFiles(QWidget *parent, const QString &title, const QString &directory, const QString &filters,
                           PathsCallback done);
    // A name typed without extension gets the one of the chosen filter.
    virtual void saveFile(QWidget *parent, const QString &title, const QString &suggestedPath, const QString &filters,
                          PathCallback done);
    virtual void message(QWidget *parent, Severity severity, const QString &title, const QString &text);
    // A question with its answers (the first is the default); done(index of the answer), -1 when dismissed.
    using ChoiceCallback = std::function<void(int choice)>;
    virtual void ask(QWidget *parent, const QString &title, const QString &text, const QStringList &answers,
                     ChoiceCallback done);
    virtual bool openUrl(const QUrl &url);
};

} // namespace Fanout
