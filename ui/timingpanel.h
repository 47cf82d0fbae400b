#pragma once

#include <QVector>
#include <QWidget>

#include "checkresult.h"

namespace Fanout {

// The timing views beside the results table: waterfall with in-flight strip, sequential vs concurrent,
// latency histogram, run history. Pushed to by the main window; it never runs checks itself.
class TimingPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimingPanel)

public:
    explicit TimingPanel(QWidget *parent = nullptr);
    ~TimingPanel() override;

    // Results owned by the caller (row = index); must outlive the panel or be reset with nullptr.
    void setResults(const QVector<CheckResult> *results);
    void runStarted(int cap, const QString &listName);
    void resultsChanged();            // a batch of rows changed (called at most ~30 times a second)
    void setLiveElapsed(qint64 ms);   // the run clock while running
    void setCap(int cap);             // the cap was changed mid-run
    void runFinished(qint64 wallMs, bool cancelled);
    void highlightRow(int row);

signals:
    void rowActivated(int row); // the user clicked a bar: select that table row

private:
    struct Private;
    Private *d = nullptr; // TEMP contract stub until the timing views land
};

} // namespace Fanout
