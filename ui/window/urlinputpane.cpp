#include "window/urlinputpane.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace Fanout {

UrlInputPane::UrlInputPane(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *heading = new QLabel(tr("<b>URL list</b>"), this);
    layout->addWidget(heading);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    layout->addWidget(m_summary);

    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(QStringLiteral("urlBox"));
    m_editor->setPlaceholderText(tr("Paste or type URLs here, one per line (CSV and TSV work too), then press "
                                    "Start (F5) to check them, or Ctrl+Enter to load them for a look first.\n\nOr "
                                    "open a file with Ctrl+O, or drop files here."));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setToolTip(tr("Editable URL list: paste (Ctrl+V) or type, then Load (Ctrl+Enter)"));
    layout->addWidget(m_editor, 1);

    m_boxCounts = new QLabel(this);
    m_boxCounts->setWordWrap(true);
    layout->addWidget(m_boxCounts);

    m_load = new QPushButton(tr("&Load into table"), this);
    m_load->setToolTip(tr("Replace the table's list with the URLs in the box (Ctrl+Enter)"));
    m_load->setEnabled(false);
    m_check = new QPushButton(tr("Load and &Check"), this);
    m_check->setObjectName(QStringLiteral("checkBoxButton"));
    m_check->setToolTip(tr("Replace the table's list with the URLs in the box and check them (Ctrl+Shift+Enter)"));
    m_check->setEnabled(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_load);
    buttons->addWidget(m_check);
    layout->addLayout(buttons);
    connect(m_load, &QPushButton::clicked, this, &UrlInputPane::loadRequested);
    connect(m_check, &QPushButton::clicked, this, &UrlInputPane::checkRequested);

    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_editor);
    shortcut->setContext(Qt::WidgetShortcut);
    connect(shortcut, &QShortcut::activated, this, [this]() {
        if (m_load->isEnabled())
            emit loadRequested();
    });
    auto *shortcutEnter = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), m_editor);
    shortcutEnter->setContext(Qt::WidgetShortcut);
    connect(shortcutEnter, &QShortcut::activated, this, [this]() {
        if (m_load->isEnabled())
            emit loadRequested();
    });
    for (const Qt::Key key : {Qt::Key_Return, Qt::Key_Enter}) {
        auto *check = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | key), m_editor);
        check->setContext(Qt::WidgetShortcut);
        connect(check, &QShortcut::activated, this, [this]() {
            if (m_check->isEnabled())
                emit checkRequested();
        });
    }

    // Counting a big paste on every keystroke would lag typing; count once typing pauses.
    m_countTimer.setSingleShot(true);
    m_countTimer.setInterval(250);
    connect(&m_countTimer, &QTimer::timeout, this, &UrlInputPane::updateBoxCounts);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this]() {
        m_loaded = false;
        const QVariant allowed = m_load->property("allowed");
        enableButtons(!m_editor->document()->isEmpty() && (!allowed.isValid() || allowed.toBool()));
        m_countTimer.start();
    });
    setLoadedList(UrlList(), QString());
    updateBoxCounts();
}

UrlInputPane::~UrlInputPane() = default;

QString UrlInputPane::countsText(const UrlList &list)
{
    return countsText(list.validCount(), list.duplicates, list.invalidCount());
}

QString UrlInputPane::countsText(int valid, int duplicates, int invalid)
{
    const QLocale locale;
    return tr("%1 valid · %2 duplicate · %3 invalid")
        .arg(locale.toString(valid), locale.toString(duplicates), locale.toString(invalid));
}

void UrlInputPane::setLoadedList(const UrlList &list, const QString &sourceName)
{
    if (list.entries.isEmpty() && sourceName.isEmpty()) {
        m_plainSummary = tr("No list loaded.");
        m_countsText.clear();
        m_summary->setText(QStringLiteral("<span style=\"color:#6b7280\">") + m_plainSummary.toHtmlEscaped() +
                           QStringLiteral("</span>"));
        return;
    }
    setLoadedCounts(sourceName, list.validCount(), list.duplicates, list.invalidCount(), list.encoding);
}

void UrlInputPane::setLoadedCounts(const QString &sourceName, int valid, int duplicates, int invalid,
                                   const QString &encoding)
{
    const QLocale locale;
    m_countsText = countsText(valid, duplicates, invalid);
    m_plainSummary = sourceName + QStringLiteral(": ") + m_countsText;
    QString html = QStringLiteral("<b>") + sourceName.toHtmlEscaped() + QStringLiteral("</b><br>");
    html += tr("<span style=\"color:#1e8e3e\">%1 valid</span> · %2 duplicate · "
               "<span style=\"color:%4\">%3 invalid</span>")
                .arg(locale.toString(valid), locale.toString(duplicates), locale.toString(invalid),
                     invalid > 0 ? QStringLiteral("#d93025") : QStringLiteral("#6b7280"));
    if (!encoding.isEmpty())
        html += QStringLiteral("<br><span style=\"color:#6b7280\">") + tr("Read as %1").arg(encoding).toHtmlEscaped() +
                QStringLiteral("</span>");
    m_summary->setText(html);
    m_summary->setToolTip(tr("Duplicates are checked once; invalid lines stay in the table with their reason."));
}

void UrlInputPane::setBoxText(const QString &text)
{
    m_editor->setPlainText(text);
    m_countTimer.stop();
    m_loaded = true;
    updateBoxCounts();
}

QString UrlInputPane::boxText() const
{
    return m_editor->toPlainText();
}

bool UrlInputPane::hasUnloadedText() const
{
    return !m_loaded && !m_editor->toPlainText().trimmed().isEmpty();
}

UrlList UrlInputPane::parseBox() const
{
    return UrlListParser::parseText(m_editor->toPlainText());
}

QString UrlInputPane::summaryText() const
{
    return m_plainSummary;
}

QString UrlInputPane::boxCountsText() const
{
    return m_boxCounts->text();
}

void UrlInputPane::setLoadEnabled(bool enabled)
{
    m_load->setProperty("allowed", enabled);
    enableButtons(enabled && !m_editor->toPlainText().trimmed().isEmpty());
}

void UrlInputPane::enableButtons(bool enabled)
{
    m_load->setEnabled(enabled);
    m_check->setEnabled(enabled);
}

void UrlInputPane::updateBoxCounts()
{
    const bool empty = m_editor->toPlainText().trimmed().isEmpty();
    const QVariant allowed = m_load->property("allowed");
    enableButtons(!empty && (!allowed.isValid() || allowed.toBool()));
    if (empty) {
        m_boxCounts->clear();
        return;
    }
    const UrlList list = parseBox();
    QString text = tr("In the box: %1").arg(countsText(list));
    if (m_loaded)
        text += u'\n' + tr("(loaded)");
    else
        text += u'\n' + tr("Press Ctrl+Enter to load, Ctrl+Shift+Enter (or Start) to load and check.");
    m_boxCounts->setText(text);
}

} // namespace Fanout
