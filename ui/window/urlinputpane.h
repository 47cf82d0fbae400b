#pragma once

#include "io/urllist.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Fanout {

// The left pane: what list is loaded (valid / duplicate / invalid counts before the run) and an editable box
// to type or paste URLs into, counted live as they are typed, loaded with Ctrl+Enter.
class UrlInputPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UrlInputPane)

public:
    explicit UrlInputPane(QWidget *parent = nullptr);
    ~UrlInputPane() override;

    void setLoadedList(const UrlList &list, const QString &sourceName);
    // The same summary from counts alone (a list staged in its run file is not held here).
    void setLoadedCounts(const QString &sourceName, int valid, int duplicates, int invalid, const QString &encoding);
    void setBoxText(const QString &text); // shows text in the box as already loaded
    QString boxText() const;
    bool hasUnloadedText() const; // the box holds text that is not the loaded list
    UrlList parseBox() const;
    QPlainTextEdit *editor() const { return m_editor; }
    QString summaryText() const; // plain text of the loaded list's counts
    QString boxCountsText() const;
    void setLoadEnabled(bool enabled);

    static QString countsText(const UrlList &list);
    static QString countsText(int valid, int duplicates, int invalid);
    QString loadedCountsText() const { return m_countsText; } // countsText() of the list shown

signals:
    void loadRequested();  // the user asked to load the box's text
    void checkRequested(); // ... and to check it at once (Load and Check, Ctrl+Shift+Enter)

private:
    void updateBoxCounts();
    void enableButtons(bool enabled);

    QLabel *m_summary = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_boxCounts = nullptr;
    QPushButton *m_load = nullptr;
    QPushButton *m_check = nullptr;
    QTimer m_countTimer;
    bool m_loaded = false;
    QString m_plainSummary;
    QString m_countsText;
};

} // namespace Fanout
