#pragma once

#include "engine/checkresult.h"
#include "results/timingrows.h"
#include "store/runhistory.h"
#include "timing/capsweeprunner.h"
#include "timing/timingmodels.h"
#include "timing/waterfallmodel.h"

#include <QVector>
#include <QWidget>

#include <functional>
#include <memory>

namespace Fanout {

class CapSweepView;
class HistoryView;
class LatencyHistogramView;
class RunPairView;
class SlowestHostsView;
class TimingCompareView;
class WaterfallView;

// The timing views beside the results table: waterfall with in-flight strip, sequential vs concurrent with the
// latency histogram and slowest hosts, run history, and the cap comparison. Pushed to by the main window; the
// only checks it runs itself are those of "Compare caps", on a Checker of its own.
class TimingPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimingPanel)

public:
    enum class View
    {
        Waterfall,
        Comparison,
        History,
        CapSweep
    };
    Q_ENUM(View)

    // Asks for a file to save to without blocking; calls done(path) once chosen (never when cancelled).
    using SaveFileAsker = std::function<void(QWidget *parent, const QString &caption, const QString &suggestedName,
                                             const QString &filter, std::function<void(const QString &)> done)>;

    explicit TimingPanel(QWidget *parent = nullptr);
    ~TimingPanel() override;

    // What the views derive from a table of rows: plain values, made on any thread by prepare().
    struct Prepared
    {
        WaterfallData waterfall;
        LiveRunFigures figures;
    };
    static Prepared prepare(const TimingTable &rows);

    // ---- pushed by the main window ----
    // Results owned by the caller (row = index); must outlive the panel or be reset with nullptr.
    void setResults(TimingRows results);
    // The same with prepare(*results) made already (a reopened run, where it was read): nothing of 1,000,000
    // rows is read again here. Prepared from other rows, it is set aside and the rows are read.
    void setResults(TimingRows results, Prepared prepared);
    void runStarted(int cap, const QString &listName);
    // A batch of rows changed (ascending row numbers, at most ~30 batches a second): only those rows are
    // re-read, so a batch costs O(rows in it) whatever the list's size. The main window passes what
    // ResultsModel::rowsUpdated reported.
    void resultsChanged(const QVector<int> &rows);
    void resultsChanged();          // rows changed wholesale (same list): everything is re-read
    void setLiveElapsed(qint64 ms); // the run clock while running
    void setCap(int cap);           // the cap was changed mid-run
    void runFinished(qint64 wallMs, bool cancelled);
    void highlightRow(int row);

    // ---- views ----
    void showView(View view);
    View currentView() const;
    QWidget *viewWidget(View view) const; // the page that "Export PNG" saves
    static QString viewName(View view);
    WaterfallView *waterfall() const;
    TimingCompareView *comparison() const;
    LatencyHistogramView *histogram() const;
    SlowestHostsView *slowestHosts() const;
    HistoryView *historyView() const;
    CapSweepView *capSweepView() const;
    RunPairView *runPairView() const;

    // Shows a measured sequential run next to a concurrent one in the comparison view (the demo's result) and
    // selects both in the history when they are there.
    void setMeasuredPair(const RunRecord &sequential, const RunRecord &concurrent);
    // The same with both runs' rows: their waterfalls are shown one above the other on one time axis.
    void setMeasuredPair(const RunRecord &sequential, const TimingTable &sequentialRows, const RunRecord &concurrent,
                         const TimingTable &concurrentRows);
    // A widget for the panel's header row, e.g. the demo's list chooser. The panel takes ownership.
    void addHeaderWidget(QWidget *widget);
    // The demo's bar in the header (its list chooser): the panel takes ownership and shows it; a bar set before
    // is deleted, nullptr removes it. Whoever hands it in keeps its own pointer; demoBar() says whether one is set.
    void setDemoBar(QWidget *bar);
    QWidget *demoBar() const;

    // ---- exports ----
    bool exportViewPng(View view, const QString &path, QString *error) const;
    void exportCurrentViewPng(); // asks for a file, then saves
    void exportHistoryCsv();     // asks for a file, then saves
    void setSaveFileAsker(SaveFileAsker asker);
    QString statusText() const; // the last message of the header's status line

    // ---- run history ----
    // Default: <AppDataLocation>/history.json, read on first use. An empty path keeps the history in memory.
    void setHistoryFile(const QString &path);
    RunHistory *history() const;
    const RunRecord &lastRecord() const; // the run recorded last by runFinished()

    // ---- compare caps ----
    void setCheckerFactory(CapSweepRunner::CheckerFactory factory);
    // Compare caps runs on runner (the window's run controller owns it) instead of the panel's own; not while a
    // sweep runs. The panel shows its progress and results as before.
    void setCapSweepRunner(CapSweepRunner *runner);
    // Where the sweep gets its targets, options and list name (its owner knows them; the panel never looks
    // outside itself). Unset: the valid rows of setResults(), default options and the last run's list name.
    void setSweepSource(std::function<QVector<CheckTarget>()> targets, std::function<CheckOptions()> options,
                        std::function<QString()> listName = {});
    bool startCapSweep(const QVector<int> &caps); // false (status says why) when it cannot start
    void cancelCapSweep();
    CapSweepRunner *capSweepRunner() const;

signals:
    void rowActivated(int row); // the user clicked a bar: select that table row
    void runRecorded(const Fanout::RunRecord &record);
    void capSweepFinished(bool cancelled);
    void capSweepBusyChanged(bool busy); // Compare caps is running its own checks: the window holds its Start
    void statusChanged(const QString &text);

private:
    void attachSweep(); // the panel follows d->sweep's signals
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Fanout
