#pragma once

#include "engine/checkoptions.h"
#include "engine/checkresult.h"
#include "io/urllist.h"

#include <QElapsedTimer>
#include <QObject>
#include <QVector>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace Fanout {

// One row to check: the caller's id (its row) and the parsed entry (valid or rejected).
struct CheckTarget
{
    int id = -1;
    UrlEntry entry;
};

// Ids 0..n-1 for every entry of a list, rejected ones included.
QVector<CheckTarget> targetsFor(const UrlList &list);

// The check engine: runs a list of URLs through QNetworkAccessManager under an exact concurrency cap, on the
// thread it lives in, without blocking. Requests are created only when a slot frees up; results arrive as
// signals, one per URL, in completion order. Rejected entries finish at once with their error.
//
// Politeness (CheckOptions::ratePerHost, maxErrorsPerHost, and a server's Retry-After) works per host key,
// scheme://host:port, the key the per-host cap uses. Consecutive request starts to one host are at least
// 1/ratePerHost s apart, so any one-second window holds at most ratePerHost starts beyond its first. A host that
// may not start now parks its targets (and redirect hops) and a timer releases them one per interval; other
// hosts go on. A 429/503 with Retry-After stops starts to the host that answered for that long, capped at
// maxRetryWaitMs (a longer wait is cut to it: the host and the URL's own retry come back after maxRetryWaitMs).
// Connection errors for maxErrorsPerHost: an attempt whose error category is refused, reset, timeout, dns, tls or
// network, except a timeout spent waiting for our own host limits; any HTTP answer (any status) resets the count.
class Checker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Checker)

public:
    // Makes one manager; the engine needs several to exceed Qt's 6 connections per host per manager.
    using ManagerFactory = std::function<QNetworkAccessManager *(QObject *parent)>;

    explicit Checker(QObject *parent = nullptr);
    explicit Checker(ManagerFactory factory, QObject *parent = nullptr);
    ~Checker() override;

    // Used by the next start(); concurrency and perHostLimit also change live through their setters.
    void setOptions(const CheckOptions &options);
    CheckOptions options() const;
    void setConcurrency(int cap);  // applied at once, also mid-run
    void setPerHostLimit(int cap); // 0 = no per-host cap; applied at once

    enum class InputMode
    {
        Complete, // the targets given to start() are the whole list
        Streaming // more come through appendTargets() until closeInput(); the run cannot end before that
    };
    Q_ENUM(InputMode)

    // Returns false (and does nothing) when a run is already going.
    bool start(const QVector<CheckTarget> &targets, InputMode mode = InputMode::Complete);
    // Streaming runs: more targets (ids chosen by the caller, unique in the run), checked in the order given.
    void appendTargets(const QVector<CheckTarget> &targets);
    void closeInput();
    bool isInputOpen() const;
    void pause(); // no new request starts; those in flight finish
    void resume();
    // In-flight requests are aborted; every remaining URL is reported as cancelled, the errors saying why
    // ("stopped by the user" unless told otherwise, e.g. "interrupted by SIGTERM").
    void cancel(const QString &why = QString());

    bool isRunning() const;
    bool isPaused() const;
    int inFlight() const;
    int remaining() const; // not yet finished in this run
    // Backpressure for streaming runs: valid targets given and not started yet (what the engine holds beyond what
    // is in flight). targetsLow() fires when this falls below lowWaterMark(), once per appendTargets(), so a
    // producer can feed a long list a batch at a time and memory follows the batch, not the list.
    int queuedCount() const;
    int lowWaterMark() const; // 2 x concurrency + 256
    qint64 elapsedMs() const; // since the run started; frozen when it ends

    // The row of a target a cancelled run never started, as cancel() reports it: its rejection, else
    // "cancelled: <why> before it was checked". For callers that hold targets the engine was never given.
    static CheckResult notStarted(const CheckTarget &target, const QString &why);

signals:
    void runStarted(int total);
    void targetsAdded(int total); // a streaming run's list grew
    void targetsLow(int queued);  // a streaming run with open input wants more; appendTargets() may be called here
    void urlStarted(int id, qint64 atMs);
    void urlFinished(const Fanout::CheckResult &result);
    void pausedChanged(bool paused);
    void runFinished(qint64 wallMs, bool cancelled);
    // A 429/503 with Retry-After: no request starts to hostKey (scheme://host:port) before untilMs on the run
    // clock (elapsedMs()); its queued URLs wait, other hosts go on. why says which status asked for how long.
    void hostSlowed(const QString &hostKey, qint64 untilMs, const QString &why);
    // maxErrorsPerHost connection errors in a row: the host's remaining URLs finish as "skipped: host failing".
    void hostFailing(const QString &hostKey, int errorsInARow);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Fanout
