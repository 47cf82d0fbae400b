#pragma once

#include "engine/checkoptions.h"
#include "results/timingrows.h"
#include "store/runhistory.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QVector>

class QThread;

namespace Fanout {

class DemoBar;
class MainWindow;
class OriginServer;

// One of the demo's lists, built for the local origin's address.
struct DemoList
{
    QString title;            // "5 requests × 1 s"
    QString description;      // what it shows
    QString text;             // the URL list, one a line
    int cap = 1;              // cap of the concurrent run
    int timeoutMs = 0;        // per-URL timeout for this list (0: 10 s)
    QVector<qint64> delaysMs; // server-side delay of each URL in list order (0 for instant routes)

    // What the two runs should take if the engine added no overhead: the sum of the delays one at a time, and
    // the greedy schedule of the delays in list order at `cap` slots.
    qint64 idealSequentialMs() const;
    qint64 idealConcurrentMs() const;
};

// The classic experiments, addressed to `server` (which must be listening): 5 × 1 s; tasks A 2 s, B 1 s, C 3 s;
// 10 pages of 500 ms at cap 3; 100 mixed URLs with 404s, a redirect chain, a timeout and a GBK page.
QVector<DemoList> demoLists(const OriginServer &server);

// Drives the demo in one window: owns the local origin (child of the window, so it stops with it), loads a
// demo list, runs it one at a time, then concurrently, and shows both side by side. Non-blocking: each step
// follows the window's runFinished. The demo's options (cap, timeout, no retries) are a run override of the
// window's runs (RunController::setRunOptionsOverride): the user's options and saved settings are never touched.
// Whoever starts the demo holds its controller (the app, a test); a window has at most one (its child).
class DemoController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoController)

public:
    // The demo of window; its list chooser goes into the window's timing panel once the origin is up.
    explicit DemoController(MainWindow *window);
    ~DemoController() override;

    bool ensureServer(QString *error); // starts the origin on a free loopback port
    OriginServer *server() const;
    const QVector<DemoList> &lists() const { return m_lists; }

    void loadList(int index);      // just loads it (the user runs it)
    void runComparison(int index); // sequential, then concurrent, then the comparison view
    void cancel();                 // stops the demo's run and drops its options override
    bool isBusy() const { return m_phase != Phase::Idle; }
    int currentIndex() const { return m_index; }

signals:
    void comparisonFinished(const Fanout::RunRecord &sequential, const Fanout::RunRecord &concurrent);
    void failed(const QString &why);
    void stepChanged(const QString &text);

private:
    enum class Phase
    {
        Idle,
        Sequential,
        Concurrent
    };

    bool canLoad(int index); // the origin is up (a failure to start it is reported) and index names a list
    void load(int index);
    void showWaterfall();
    void startPhase(Phase phase);
    void onRunFinished(qint64 wallMs, bool cancelled);
    void fail(const QString &why);
    void applyDemoOptions(const DemoList &list);
    void restoreOptions();

    MainWindow *m_window;
    QPointer<DemoBar> m_bar; // owned by the timing panel (setDemoBar)
    // The origin answers on a thread of its own: no socket work on the GUI thread, and a busy window never
    // slows the demo's answers (which would show up in the very timings it teaches with).
    QThread *m_serverThread = nullptr;
    OriginServer *m_server = nullptr; // lives on m_serverThread; deleted there when it finishes
    QVector<DemoList> m_lists;
    Phase m_phase = Phase::Idle;
    int m_index = 0;
    bool m_loading = false;
    bool m_overriding = false; // the window runs with m_options (the demo's), not the user's
    CheckOptions m_options;
    RunRecord m_sequential;
    TimingTable m_sequentialRows; // the first run's timings: the table is reused by the second
};

// Starts the offline demo in this window: the core's local origin on a free loopback port, the demo lists,
// the sequential and the concurrent run one after the other, then their comparison.
void startDemo(DemoController *demo);

} // namespace Fanout
