#pragma once

#include "engine/checker.h"
#include "engine/checkoptions.h"
#include "io/sitemap.h"
#include "io/urllist.h"
#include "store/runfile.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QVector>

#include <functional>
#include <optional>

class QThread;

namespace Fanout {

class CapSweepRunner;
class RunWriter;

// The runs of one window, away from its widgets: the engine thread, the Checker and the RunWriter on it, the
// user's options and the run's override of them. Callers (the window, the demo, tests) talk to it through
// plain values and its signals, which it emits on its own (the GUI) thread; nothing here blocks that thread
// (only the destructor waits for the engine thread to end) and no network work ever runs on it.
// It shows nothing and persists nothing: user-visible text and settings stay with the window.
class RunController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunController)

public:
    // factory makes the network managers of the Checker (a test's serve every check); empty: the default.
    explicit RunController(const CheckOptions &userOptions, Checker::ManagerFactory factory = {},
                           QObject *parent = nullptr);
    ~RunController() override;

    // ---- options ----
    CheckOptions userOptions() const; // the user's, as the window persists them
    // New user options. With an override in force they wait (cap clamped) until it is cleared; otherwise the
    // per-host limit applies at once and the cap in force is kept (setConcurrency() changes it).
    void setUserOptions(const CheckOptions &options);
    // Options for the runs started while set, cap included (the demo's): the user's options stay as they are.
    // The cap and per-host limit in force follow at once, also mid-run; std::nullopt returns to the user's.
    void setRunOptionsOverride(std::optional<CheckOptions> options);
    std::optional<CheckOptions> runOptionsOverride() const { return m_override; }
    bool hasRunOptionsOverride() const { return m_override.has_value(); }
    CheckOptions runOptions() const; // the override, else the user's options
    int concurrency() const { return runOptions().concurrency; }
    // Sets the cap in force (the override's while one is set, else the user's), clamped to maxConcurrency(),
    // and applies it at once. False when nothing changed (the first call always applies).
    bool setConcurrency(int cap);
    // The highest cap this process can run (each request costs file descriptors); an override above it is
    // lowered at once. The user's cap is the caller's to lower (it is persisted).
    void setMaxConcurrency(int cap);
    int maxConcurrency() const { return m_maxCap; }
    int clampCap(int cap) const;

    // ---- runs ----
    // One pass of a run: written to its run file (created, or opened to resume or re-check) as it goes.
    struct Pass
    {
        QString kind; // run | resume | recheck
        QString path; // the run file
        bool create = false;
        bool fromFile = false;        // the targets come from the file: resume its pending ones, or re-check rows
        RunMeta meta;                 // create only
        QVector<CheckTarget> all;     // create only: every entry of the list
        QVector<CheckTarget> targets; // what this pass checks (unless fromFile)
        QVector<int> rows;            // fromFile re-check: the rows
        QStringList sources;          // create only: where each entry was found
        CheckOptions options;         // the pass's options
    };
    // Starts the pass on the engine thread. passFileReady or passNotSaved follows, then the Checker's signals;
    // startRefused when the Checker is still busy.
    void startPass(Pass pass);
    // Ends the pass in its run file (after runFinished, or when the window closes mid-run).
    void finishPass(qint64 wallMs, bool cancelled);
    void pause();
    void resume();
    // Every unfinished URL is reported cancelled, then runFinished.
    void stop();

    // What reading a sitemap found, as plain values: a row for each failed sitemap, then the page URLs.
    struct SitemapRead
    {
        UrlList list;
        QStringList sources; // per entry
        int failed = 0;
        QStringList read; // "location: urls (error)" per sitemap
    };
    // Reads a sitemap (file or URL) on the engine thread; done runs on this controller's thread (context lives
    // there too) unless context is gone by then.
    void readSitemap(const SitemapLoader::Limits &limits, const QString &where, QObject *context,
                     std::function<void(const SitemapRead &)> done);

    // Checkers like the engine's (same network-manager factory) for checks of their own, e.g. Compare caps,
    // which makes them on a thread of its own with a parent living there.
    std::function<Checker *(QObject *parent)> checkerFactory() const;
    // Compare caps: its runs of the list at several caps, with checkers from checkerFactory() on a thread of
    // their own. The timing panel shows them (TimingPanel::setCapSweepRunner).
    CapSweepRunner *capSweepRunner() const { return m_sweep; }

    // The Checker lives on the engine thread: connect to it queued and call it only through
    // QMetaObject::invokeMethod (tests). The controller's own signals carry the same news.
    Checker *checker() const { return m_checker; }
    QThread *engineThread() const { return m_thread; }

signals:
    void urlStarted(int id, qint64 atMs);
    void urlFinished(const Fanout::CheckResult &result);
    void pausedChanged(bool paused);
    void runFinished(qint64 wallMs, bool cancelled);
    void hostSlowed(const QString &host, qint64 waitMs, const QString &why); // waitMs from now
    void hostFailing(const QString &host, int errorsInARow);
    void concurrencyChanged(int cap); // the cap in force
    void passFileReady(const QString &path);
    void passNotSaved(const QString &path, const QString &why);
    void startRefused();
    void resultsCommitted(qint64 n); // the first n results of this pass are durable
    void passClosed(const QString &path);
    void writeFailed(const QString &why);

private:
    // Runs f on the engine thread, in order with every other call (queued).
    void onEngine(std::function<void(Checker *)> f);
    void applyLimits(); // the cap and per-host limit in force, to the engine

    Checker::ManagerFactory m_factory;
    QThread *m_thread = nullptr;
    Checker *m_checker = nullptr;  // on m_thread
    RunWriter *m_writer = nullptr; // on m_thread, beside the checker
    CapSweepRunner *m_sweep = nullptr;
    CheckOptions m_options;
    std::optional<CheckOptions> m_override;
    int m_maxCap;
    bool m_capApplied = false;
};

} // namespace Fanout
