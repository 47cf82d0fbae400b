#pragma once

#include "engine/checker.h"
#include "results/timingrows.h"
#include "store/runhistory.h"

#include <QElapsedTimer>
#include <QObject>
#include <QVector>

#include <functional>

class QThread;

namespace Fanout {

// Runs one list at several caps, one run after the other, on its own Checker (never the window's), without
// blocking: each run is started when the previous one's runFinished arrives. Cancelable. The Checker lives on a
// thread of the runner's own (no network work on the GUI thread); the runner talks to it by queued calls only.
class CapSweepRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CapSweepRunner)

public:
    using CheckerFactory = std::function<Checker *(QObject *parent)>;

    explicit CapSweepRunner(QObject *parent = nullptr);
    ~CapSweepRunner() override;

    // How the sweep's Checker is made (tests and the GUI pass one using their network-manager factory). Called on
    // the sweep's thread, with a parent that lives there.
    void setCheckerFactory(CheckerFactory factory);

    // Returns false with *error when nothing can run (no URLs, no caps, already running).
    bool start(const QVector<CheckTarget> &targets, const QVector<int> &caps, const CheckOptions &options,
               const QString &listName, QString *error);
    void cancel();

    bool isRunning() const { return m_running; }
    int currentCap() const;
    int currentIndex() const { return m_index; }
    const QVector<int> &caps() const { return m_caps; }
    qint64 elapsedMs() const; // of the run in progress
    int doneInCurrent() const { return m_done; }
    int targetCount() const { return int(m_targets.size()); }

    // Durations in list order (rows without a duration are left out).
    static QVector<qint64> durationsInListOrder(const TimingTable &results);

signals:
    void capStarted(int cap, int index, int count);
    void progress(int cap, int done, int total);
    void capFinished(int cap, const Fanout::RunRecord &record, const QVector<qint64> &durationsMs);
    void finished(bool cancelled);
    // True from start() until after finished(): whoever must not start a run meanwhile (the window's Start)
    // listens to this rather than asking.
    void busyChanged(bool busy);

private:
    void runNext();
    void onUrlFinished(const CheckResult &result);
    void onRunFinished(qint64 wallMs, bool cancelled);

    void startChecker();
    void callChecker(std::function<void(Checker *)> call); // queued, on the checker's thread

    CheckerFactory m_factory;
    QThread *m_thread = nullptr;
    QObject *m_anchor = nullptr;  // on m_thread: the Checker's parent; deleted there when the thread ends
    Checker *m_checker = nullptr; // on m_thread: never called directly from here
    QElapsedTimer m_clock;        // the run in progress, as the Checker's own clock would tell
    QVector<CheckTarget> m_targets;
    QVector<int> m_caps;
    CheckOptions m_options;
    QString m_listName;
    TimingTable m_results; // of the cap being run: timings and verdicts, no text
    int m_index = -1;
    int m_done = 0;
    bool m_running = false;
    bool m_cancelRequested = false;
};

} // namespace Fanout
