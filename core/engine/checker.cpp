#include "engine/checker.h"

#include "engine/checkjob.h"
#include "engine/managerpool.h"
#include "engine/resourcelimits.h"
#include "engine/retrypolicy.h"
#include "net/connectraces.h"
#include "net/resolver.h"

#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QRandomGenerator>
#include <QSet>
#include <QSslConfiguration>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <optional>
#include <unordered_map>

namespace Fanout {

namespace {

// The last URL's answer can end the run (and a runFinished handler start the next) from inside the resolver's (or a
// race's) own callback: it goes from the event loop.
template <typename T>
void dropLater(std::unique_ptr<T> &object)
{
    if (object)
        object.release()->deleteLater();
}

// The system proxy (environment on Linux), except for loopback, which no proxy can reach for us.
//
// A direct connection is answered with a DefaultProxy-typed proxy rather than NoProxy: Qt 6.4's HTTP channel
// opens plain-HTTP sockets *unbuffered* when it sees NoProxy and then reads response headers one byte per
// read() system call (about 240 calls per response). With any proxy object it uses a buffered socket, and a
// DefaultProxy socket resolves through the application proxy, which is direct unless the application sets
// one (Fanout never does) and always direct for loopback. Same connection, a fraction of the system calls.
class SystemProxyFactory final : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        const QString host = query.peerHostName();
        if (host == QLatin1String("localhost") || QHostAddress(host).isLoopback())
            return {direct()};
        QList<QNetworkProxy> proxies = systemProxyForQuery(query);
        for (QNetworkProxy &proxy : proxies) {
            if (proxy.type() == QNetworkProxy::NoProxy)
                proxy = direct();
        }
        return proxies;
    }

private:
    static QNetworkProxy direct() { return QNetworkProxy(QNetworkProxy::DefaultProxy); }
};

QNetworkAccessManager *defaultManager(QObject *parent)
{
    auto *manager = new QNetworkAccessManager(parent);
    manager->setProxyFactory(new SystemProxyFactory); // the manager takes ownership
    return manager;
}

// Deadlines are pushed in start order with one timeout per run, so a FIFO is also sorted by deadline.
struct Deadline
{
    qint64 atMs;
    int targetIndex;
    int attempt;
};

// Coalesces deadline wake-ups; a deadline is never more than this late.
constexpr int kDeadlineSlackMs = 10;

// Qt 6.4 keeps a header block that never ends in memory without a limit. When the process grows by this much
// during a run, requests still without headers after kSlowHeadersMs are probed (one request each, only then),
// and those whose header block is unbounded are cut: memory is held to this growth plus what arrives before
// the next look, instead of growing at link speed until the deadline.
constexpr qint64 kMemoryGuardBytes = 192 * 1024 * 1024;
constexpr int kMemoryGuardIntervalMs = 250;
constexpr int kLossWatchIntervalMs = 250;
constexpr qint64 kSlowHeadersMs = 500;

// The categories that say a host did not answer at all (see Checker's comment on maxErrorsPerHost).
bool isConnectionError(const CheckResult &result)
{
    const QString category = result.errorCategory();
    if (category == QLatin1String("timeout"))
        // Waiting for our own per-host cap or rate is not the host's fault.
        return !result.error.startsWith(QLatin1String("timeout: still waiting for a connection"));
    return category == QLatin1String("refused") || category == QLatin1String("reset") ||
           category == QLatin1String("dns") || category == QLatin1String("tls") || category == QLatin1String("network");
}

} // namespace

QVector<CheckTarget> targetsFor(const UrlList &list)
{
    QVector<CheckTarget> targets;
    targets.reserve(list.entries.size());
    for (const UrlEntry &entry : list.entries)
        targets.append({int(targets.size()), entry});
    return targets;
}

struct Checker::Private
{
    Checker *q = nullptr;
    ManagerFactory factory;
    CheckOptions options;
    // One pool per run: Qt applies TLS and proxy settings only when it opens a connection, so a connection of one
    // run must never carry a request of the next. Its managers (and their connections) go when the run ends.
    std::unique_ptr<ManagerPool> pool;
    // One resolver per run too: its cache lasts a run (within each answer's TTL), never longer.
    std::unique_ptr<Resolver> resolver;
    std::unique_ptr<ConnectRaces> races;     // with the resolver: a name's addresses race once per host:port at a time
    std::optional<QSslConfiguration> runTls; // built only when asked for: it initialises the TLS backend
    CheckJob::Context jobContext;
    QString cancelWhy; // set by cancel(), read by the jobs it aborts

    // Memory follows what is queued and in flight, not the list: a target's data lives in the queue until its
    // turn, then in `waiting` (parked by a per-host cap) or straight in its job, and goes with the job. Indices
    // count targets in the order given (0, 1, ... over start() and every appendTargets()); ids stay the caller's.
    struct Chunk
    {
        QVector<CheckTarget> targets; // shared with the caller's vector, never copied element by element
        int base = 0;                 // index of targets[0]
        int next = 0;                 // first element not taken yet
    };
    struct Waiting
    {
        CheckTarget target;
        QString hostKey;
    };
    std::deque<Chunk> queue;                  // given and not taken yet, in order
    int queueBase = 0;                        // index of the next target to take from the queue
    int total = 0;                            // targets given in this run
    int queued = 0;                           // valid targets given and not started (nor cancelled)
    bool lowSignalled = false;                // targetsLow() emitted since the last appendTargets()
    std::unordered_map<int, Waiting> waiting; // taken from the queue, not started: parked, or released by a cap
    std::deque<int> priority;                 // retries that are due, and targets released by a per-host cap
    std::unordered_map<int, std::unique_ptr<CheckJob>> active; // started and not yet final, by target index
    std::vector<std::unique_ptr<CheckJob>> graveyard;          // finished jobs, deleted from the event loop
    QHash<QString, int> hostInFlight;
    QHash<QString, int> queuedHosts;              // host key -> valid targets given and not yet taken from the queue
    std::unordered_map<int, QString> countedHost; // target index -> the host its current request counts against
    QHash<QString, std::deque<int>> parked;       // not started, waiting for their host to have room
    QHash<QString, std::deque<int>> parkedHops;   // mid-chain, a redirect hop waiting for its host to have room
    std::deque<Deadline> deadlines;
    std::multimap<qint64, int> retryAt; // due time → target index
    QHash<QString, qint64> hostReadyNs; // run clock (ns): no request to this host starts before (rate, Retry-After)
    QHash<QString, int> hostErrors;     // connection errors in a row, per host
    QSet<QString> failingHosts;         // tripped maxErrorsPerHost: their remaining URLs are skipped
    QTimer hostTimer;                   // releases what waits for a host's hostReadyNs
    QTimer deadlineTimer;
    QTimer retryTimer;
    QTimer memoryGuard;
    QTimer lossWatch; // HTTP/2 requests Qt lost (CheckJob::checkForLoss)
    qint64 baselineResident = -1;
    QElapsedTimer clock;
    QRandomGenerator rng{QRandomGenerator::global()->generate()};

    int inFlight = 0;
    int remaining = 0;
    qint64 frozenElapsed = 0;
    bool running = false;
    bool paused = false;
    bool cancelling = false;
    bool pumping = false;
    bool pumpAgain = false;
    int rejectCursor = 0;   // targets before it whose rejection was reported (rejected lines are reported first)
    bool inputOpen = false; // more targets may come through appendTargets()

    void pump();
    bool takeFromQueue(int *index);
    QString hostKeyFor(int index) const;
    void signalIfLow();
    const CheckTarget *queuedTarget(int index) const;
    void startTarget(int index, const QString &hostKey);
    bool hostHasRoom(const QString &hostKey) const;
    bool hostIsReady(const QString &hostKey) const;
    void noteStart(const QString &hostKey);
    void noteSent(const QString &hostKey);
    void sendAgainOffGroup(const ManagerPool::Lease &group);
    void checkForLoss();
    void forEachActive(const std::function<void(CheckJob *)> &f);
    qint64 hostWakeNs(const QString &hostKey, qint64 now) const; // -1: nothing waits for this host by time
    void armHostTimerAt(qint64 atNs, qint64 now);
    void armHostTimerFor(const QString &hostKey); // O(1), after something changed for one host
    void armHostTimer();                          // every waiting host
    void onHostTimer();
    void slowHost(const QString &hostKey, qint64 waitMs, const QString &why);
    void countConnectionErrors(CheckJob *job);
    void skip(int index);
    void countOn(int index, const QString &hostKey);
    void uncount(int index);
    void countQueued(const QVector<CheckTarget> &targets);
    bool moreForHost(const QString &hostKey) const;
    bool admitHop(CheckJob *job, const QString &hostKey);
    void onAttemptDone(CheckJob *job);
    void finish(CheckResult result);
    void retire(CheckJob *job);
    void armDeadlineTimer();
    void onDeadlineTimer();
    void armRetryTimer();
    void onRetryTimer();
    void onMemoryGuard();
    void releaseParkedFor(const QString &hostKey);
    void checkRunFinished();
    static CheckResult seedOf(const CheckTarget &target);
};

Checker::Checker(QObject *parent)
    : Checker(ManagerFactory(), parent)
{}

Checker::Checker(ManagerFactory factory, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->factory = factory ? std::move(factory) : ManagerFactory(&defaultManager);
    d->deadlineTimer.setSingleShot(true);
    d->deadlineTimer.setTimerType(Qt::PreciseTimer);
    d->retryTimer.setSingleShot(true);
    d->retryTimer.setTimerType(Qt::PreciseTimer);
    d->hostTimer.setSingleShot(true);
    d->hostTimer.setTimerType(Qt::PreciseTimer);
    connect(&d->hostTimer, &QTimer::timeout, this, [this] { d->onHostTimer(); });
    connect(&d->deadlineTimer, &QTimer::timeout, this, [this] { d->onDeadlineTimer(); });
    connect(&d->retryTimer, &QTimer::timeout, this, [this] { d->onRetryTimer(); });
    d->memoryGuard.setInterval(kMemoryGuardIntervalMs);
    connect(&d->memoryGuard, &QTimer::timeout, this, [this] { d->onMemoryGuard(); });
    d->lossWatch.setInterval(kLossWatchIntervalMs);
    connect(&d->lossWatch, &QTimer::timeout, this, [this] { d->checkForLoss(); });
    qRegisterMetaType<Fanout::CheckResult>();
}

Checker::~Checker()
{
    // Jobs detach their replies without reporting; the managers go with this object.
    d->active.clear();
    d->graveyard.clear();
}

void Checker::setOptions(const CheckOptions &options)
{
    const int cap = d->options.concurrency;
    const int perHost = d->options.perHostLimit;
    if (!d->running) {
        d->options = options;
        return;
    }
    // Mid-run only the caps may change: jobs hold a pointer to the options they started with.
    if (options.concurrency != cap)
        setConcurrency(options.concurrency);
    if (options.perHostLimit != perHost)
        setPerHostLimit(options.perHostLimit);
}

CheckOptions Checker::options() const
{
    return d->options;
}

void Checker::setConcurrency(int cap)
{
    d->options.concurrency = std::max(1, cap);
    if (d->running)
        d->pump();
}

void Checker::setPerHostLimit(int cap)
{
    d->options.perHostLimit = std::max(0, cap);
    if (!d->running)
        return;
    // Everyone parked gets another look under the new limit, in the order they were parked.
    for (auto it = d->parked.begin(); it != d->parked.end(); ++it)
        d->priority.insert(d->priority.end(), it.value().begin(), it.value().end());
    d->parked.clear();
    const QStringList hopHosts = d->parkedHops.keys();
    for (const QString &hostKey : hopHosts) {
        while (d->parkedHops.contains(hostKey) && d->hostHasRoom(hostKey))
            d->releaseParkedFor(hostKey);
    }
    d->pump();
}

bool Checker::start(const QVector<CheckTarget> &targets, InputMode mode)
{
    if (d->running)
        return false;
    d->graveyard.clear();
    d->queue.clear();
    d->waiting.clear();
    d->queueBase = 0;
    d->total = 0;
    d->queued = 0;
    d->lowSignalled = false;
    if (!targets.isEmpty())
        d->queue.push_back({targets, 0, 0});
    d->total = int(targets.size());
    d->queuedHosts.clear();
    d->countQueued(targets);
    d->priority.clear();
    d->parked.clear();
    d->hostInFlight.clear();
    d->deadlines.clear();
    d->retryAt.clear();
    d->hostReadyNs.clear();
    d->hostErrors.clear();
    d->failingHosts.clear();
    d->hostTimer.stop();
    d->inFlight = 0;
    d->remaining = int(targets.size());
    d->running = true;
    d->cancelling = false;
    d->rejectCursor = 0;
    d->inputOpen = mode == InputMode::Streaming;
    d->frozenElapsed = 0;
    d->countedHost.clear();
    d->parkedHops.clear();
    d->pool = std::make_unique<ManagerPool>(d->factory, this);
    dropLater(d->resolver);
    if (d->options.resolveNames)
        d->resolver =
            std::make_unique<Resolver>(Resolver::Config{d->options.dnsServers, d->options.dnsTimeoutMs, 0}, this);
    dropLater(d->races);
    if (d->resolver)
        d->races = std::make_unique<ConnectRaces>(this);
    d->runTls.reset();
    if (d->options.ignoreTlsErrors) {
        d->runTls = QSslConfiguration::defaultConfiguration();
        d->runTls->setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    d->jobContext = {&d->options,
                     d->pool.get(),
                     &d->clock,
                     d->runTls ? &*d->runTls : nullptr,
                     &d->cancelWhy,
                     [this](CheckJob *job, const QString &hostKey) { return d->admitHop(job, hostKey); },
                     [this](const QString &hostKey) { d->noteSent(hostKey); },
                     d->resolver.get(),
                     [this](const ManagerPool::Lease &group) {
                         // From the event loop: the job that saw GOAWAY is inside Qt's finished signal.
                         const ManagerPool *pool = d->pool.get();
                         QTimer::singleShot(0, this, [this, pool, group] {
                             if (d->pool.get() == pool)
                                 d->sendAgainOffGroup(group);
                         });
                     },
                     d->races.get(),
                     [this](const QString &hostKey) {
                         return d->moreForHost(hostKey);
                     }};
    d->clock.start();
    d->baselineResident = residentBytes();
    if (d->baselineResident > 0)
        d->memoryGuard.start();
    d->lossWatch.start();
    emit runStarted(int(targets.size()));
    // Results, even for rejected lines, arrive from the event loop, never from inside start().
    QTimer::singleShot(0, this, [this] { d->pump(); });
    return true;
}

void Checker::pause()
{
    if (!d->running || d->paused)
        return;
    d->paused = true;
    emit pausedChanged(true);
}

void Checker::resume()
{
    if (!d->paused)
        return;
    d->paused = false;
    emit pausedChanged(false);
    if (d->running)
        d->pump();
}

void Checker::cancel(const QString &why)
{
    if (!d->running || d->cancelling)
        return;
    d->cancelling = true;
    d->cancelWhy = why.isEmpty() ? QStringLiteral("stopped by the user") : why;
    d->deadlineTimer.stop();
    d->retryTimer.stop();
    d->hostTimer.stop();

    std::vector<int> started;
    started.reserve(d->active.size());
    for (const auto &entry : d->active)
        started.push_back(entry.first);
    std::sort(started.begin(), started.end());
    for (int index : started) {
        const auto it = d->active.find(index);
        if (it == d->active.end())
            continue;
        CheckJob *job = it->second.get();
        if (job->isActive()) {
            job->abort(CheckJob::AbortReason::Cancel); // reports through onAttemptDone
        } else {
            job->markCancelled(d->cancelWhy + QStringLiteral(" while waiting to retry"));
            d->retire(job);
        }
    }
    d->retryAt.clear();

    // Every URL gets a row: those whose turn never came are reported too, in list order. Those taken from the
    // queue (parked, or released by a per-host cap) all come before what the queue still holds. A retry that fell
    // due waits in the priority queue while its job is still active: it was reported above with its job.
    d->priority.clear();
    d->parked.clear();
    d->parkedHops.clear();
    std::vector<int> taken;
    taken.reserve(d->waiting.size());
    for (const auto &entry : d->waiting)
        taken.push_back(entry.first);
    std::sort(taken.begin(), taken.end());
    const auto cancelled = [this](const CheckTarget &target) {
        d->finish(notStarted(target, d->cancelWhy));
    };
    for (int index : taken)
        cancelled(d->waiting.at(index).target);
    d->waiting.clear();
    for (; !d->queue.empty(); d->queue.pop_front()) {
        Private::Chunk &chunk = d->queue.front();
        for (; chunk.next < chunk.targets.size(); ++chunk.next) {
            const CheckTarget &target = chunk.targets.at(chunk.next);
            if (target.entry.isValid() || chunk.base + chunk.next >= d->rejectCursor)
                cancelled(target);
        }
    }
    d->queueBase = d->total;
    d->queued = 0;
    d->queuedHosts.clear();
    d->rejectCursor = d->total;
    d->inputOpen = false;
    d->checkRunFinished();
}

void Checker::appendTargets(const QVector<CheckTarget> &targets)
{
    if (!d->running || !d->inputOpen || d->cancelling || targets.isEmpty())
        return;
    d->queue.push_back({targets, d->total, 0});
    d->total += int(targets.size());
    d->countQueued(targets);
    d->remaining += int(targets.size());
    d->lowSignalled = false;
    emit targetsAdded(d->total);
    // Like start(): results never come from inside this call. Called from a slot of one of our signals (a
    // producer answering targetsLow()), the pump that is running takes the new targets before it returns.
    if (d->pumping)
        d->pumpAgain = true;
    else
        QTimer::singleShot(0, this, [this] { d->pump(); });
}

int Checker::queuedCount() const
{
    return d->queued;
}

int Checker::lowWaterMark() const
{
    return 2 * d->options.concurrency + 256;
}

void Checker::closeInput()
{
    if (!d->running || !d->inputOpen)
        return;
    d->inputOpen = false;
    QTimer::singleShot(0, this, [this] { d->pump(); });
}

bool Checker::isInputOpen() const
{
    return d->running && d->inputOpen;
}

bool Checker::isRunning() const
{
    return d->running;
}

bool Checker::isPaused() const
{
    return d->paused;
}

int Checker::inFlight() const
{
    return d->inFlight;
}

int Checker::remaining() const
{
    return d->remaining;
}

qint64 Checker::elapsedMs() const
{
    return d->running ? d->clock.elapsed() : d->frozenElapsed;
}

CheckResult Checker::notStarted(const CheckTarget &target, const QString &why)
{
    CheckResult result = Private::seedOf(target);
    if (result.error.isEmpty())
        result.error = QStringLiteral("cancelled: ") + (why.isEmpty() ? QStringLiteral("stopped by the user") : why) +
                       QStringLiteral(" before it was checked");
    result.state = CheckState::Done;
    return result;
}

CheckResult Checker::Private::seedOf(const CheckTarget &target)
{
    CheckResult result;
    result.id = target.id;
    result.line = target.entry.line;
    result.input = target.entry.text;
    result.url = target.entry.url;
    result.error = target.entry.error;
    return result;
}

const CheckTarget *Checker::Private::queuedTarget(int index) const
{
    // From the back: the caller looks at what was given last (the rejected lines of a new batch).
    for (auto chunk = queue.rbegin(); chunk != queue.rend(); ++chunk) {
        if (index >= chunk->base)
            return index - chunk->base < chunk->targets.size() ? &chunk->targets.at(index - chunk->base) : nullptr;
    }
    return nullptr;
}

bool Checker::Private::takeFromQueue(int *index)
{
    while (!queue.empty()) {
        Chunk &chunk = queue.front();
        if (chunk.next >= chunk.targets.size()) {
            queue.pop_front(); // the chunk's share of the caller's vector goes with it
            continue;
        }
        const int taken = queueBase++;
        const CheckTarget &target = chunk.targets.at(chunk.next++);
        if (!target.entry.isValid()) {
            // Rejected lines are reported up front; one given while this pump ran may not have been yet.
            if (taken >= rejectCursor) {
                rejectCursor = taken + 1;
                finish(seedOf(target));
            }
            continue;
        }
        Waiting &slot = waiting[taken];
        slot.target = target;
        slot.hostKey = ManagerPool::hostKey(target.entry.url);
        const auto host = queuedHosts.find(slot.hostKey);
        if (host != queuedHosts.end() && --host.value() <= 0)
            queuedHosts.erase(host);
        *index = taken;
        return true;
    }
    return false;
}

QString Checker::Private::hostKeyFor(int index) const
{
    const auto it = waiting.find(index);
    if (it != waiting.end())
        return it->second.hostKey;
    // A retry: its job holds the original URL.
    const auto job = active.find(index);
    return job != active.end() ? ManagerPool::hostKey(job->second->result().url) : QString();
}

void Checker::Private::signalIfLow()
{
    // Once per appendTargets(): a producer that answers with too few is asked again by the next pump.
    if (!running || !inputOpen || cancelling || lowSignalled || queued >= q->lowWaterMark())
        return;
    lowSignalled = true;
    emit q->targetsLow(queued);
}

void Checker::Private::pump()
{
    if (pumping) {
        pumpAgain = true; // a slot connected to our signals called back into us
        return;
    }
    pumping = true;
    do {
        pumpAgain = false;
        for (; rejectCursor < total && !cancelling; ++rejectCursor) {
            const CheckTarget *target = rejectCursor >= queueBase ? queuedTarget(rejectCursor) : nullptr;
            if (target && !target->entry.isValid())
                finish(seedOf(*target));
        }
        while (running && !paused && !cancelling && inFlight < options.concurrency) {
            int index = -1;
            bool fromPriority = false;
            if (!priority.empty()) {
                index = priority.front();
                priority.pop_front();
                fromPriority = true;
            } else if (!takeFromQueue(&index)) {
                break;
            }
            const QString hostKey = hostKeyFor(index);
            if (failingHosts.contains(hostKey)) {
                skip(index);
                continue;
            }
            if (!hostHasRoom(hostKey)) {
                // A host's parked targets stay in list order (indices): one from the queue is the newest; one
                // released earlier, or a retry, goes back to its place.
                std::deque<int> &line = parked[hostKey];
                if (fromPriority)
                    line.insert(std::upper_bound(line.begin(), line.end(), index), index);
                else
                    line.push_back(index);
                armHostTimerFor(hostKey);
                continue;
            }
            startTarget(index, hostKey);
        }
        signalIfLow();
    } while (pumpAgain);
    pumping = false;
    checkRunFinished();
}

bool Checker::Private::hostHasRoom(const QString &hostKey) const
{
    return (options.perHostLimit <= 0 || hostInFlight.value(hostKey) < options.perHostLimit) && hostIsReady(hostKey);
}

bool Checker::Private::hostIsReady(const QString &hostKey) const
{
    const auto it = hostReadyNs.constFind(hostKey);
    return it == hostReadyNs.constEnd() || it.value() <= clock.nsecsElapsed();
}

void Checker::Private::noteStart(const QString &hostKey)
{
    // Spacing every start from the one before is what makes the rate exact in any window, not only on average.
    if (options.ratePerHost > 0)
        hostReadyNs[hostKey] = clock.nsecsElapsed() + qint64(std::ceil(1e9 / options.ratePerHost));
}

qint64 Checker::Private::hostWakeNs(const QString &hostKey, qint64 now) const
{
    // A host without room under the per-host cap has no time to wake for: uncount() releases it.
    if (options.perHostLimit > 0 && hostInFlight.value(hostKey) >= options.perHostLimit)
        return -1;
    if (!parked.contains(hostKey) && !parkedHops.contains(hostKey))
        return -1;
    // One that became ready since it parked counts as now, or it would wait forever.
    return std::max(now, hostReadyNs.value(hostKey, now));
}

void Checker::Private::forEachActive(const std::function<void(CheckJob *)> &f)
{
    // By index: a job sent again may finish at once and change the set.
    std::vector<int> indexes;
    indexes.reserve(active.size());
    for (const auto &entry : active)
        indexes.push_back(entry.first);
    for (int index : indexes) {
        const auto it = active.find(index);
        if (it != active.end())
            f(it->second.get());
    }
}

void Checker::Private::sendAgainOffGroup(const ManagerPool::Lease &group)
{
    forEachActive([&group](CheckJob *job) { job->onGroupGoingAway(group); });
}

void Checker::Private::checkForLoss()
{
    forEachActive([](CheckJob *job) { job->checkForLoss(); });
}

void Checker::Private::noteSent(const QString &hostKey)
{
    // The server sees the write, not our start: a request that waited in Qt's thread (a new connection, a busy
    // CPU) would otherwise arrive closer to the next one than the rate allows.
    if (options.ratePerHost <= 0)
        return;
    qint64 &ready = hostReadyNs[hostKey];
    ready = std::max(ready, clock.nsecsElapsed() + qint64(std::ceil(1e9 / options.ratePerHost)));
}

void Checker::Private::armHostTimerAt(qint64 atNs, qint64 now)
{
    if (atNs < 0)
        return;
    const qint64 waitMs = (atNs - now + 999999) / 1000000; // never early: a timer early is a burst
    if (hostTimer.isActive() && hostTimer.remainingTime() <= waitMs)
        return;
    hostTimer.start(int(std::clamp<qint64>(waitMs, 0, 24 * 3600 * 1000)));
}

void Checker::Private::armHostTimerFor(const QString &hostKey)
{
    const qint64 now = clock.nsecsElapsed();
    armHostTimerAt(hostWakeNs(hostKey, now), now);
}

void Checker::Private::armHostTimer()
{
    const qint64 now = clock.nsecsElapsed();
    qint64 earliest = -1;
    const auto consider = [&](const QString &hostKey) {
        const qint64 at = hostWakeNs(hostKey, now);
        if (at >= 0 && (earliest < 0 || at < earliest))
            earliest = at;
    };
    for (auto it = parked.cbegin(); it != parked.cend(); ++it)
        consider(it.key());
    for (auto it = parkedHops.cbegin(); it != parkedHops.cend(); ++it)
        consider(it.key());
    armHostTimerAt(earliest, now);
}

void Checker::Private::onHostTimer()
{
    // One release per ready host: the one released starts, and its start sets the host's next ready time.
    QStringList ready;
    for (auto it = parkedHops.cbegin(); it != parkedHops.cend(); ++it) {
        if (hostHasRoom(it.key()))
            ready.append(it.key());
    }
    for (auto it = parked.cbegin(); it != parked.cend(); ++it) {
        if (hostHasRoom(it.key()) && !ready.contains(it.key()))
            ready.append(it.key());
    }
    for (const QString &hostKey : std::as_const(ready))
        releaseParkedFor(hostKey);
    pump(); // arms the timer again for whoever still waits
    armHostTimer();
}

void Checker::Private::slowHost(const QString &hostKey, qint64 waitMs, const QString &why)
{
    const qint64 until = clock.nsecsElapsed() + waitMs * 1000000;
    qint64 &ready = hostReadyNs[hostKey];
    if (until <= ready)
        return;
    ready = until;
    armHostTimerFor(hostKey);
    emit q->hostSlowed(hostKey, until / 1000000, why);
}

void Checker::Private::countConnectionErrors(CheckJob *job)
{
    const CheckResult &result = job->result();
    const QString &hostKey = job->hostKey(); // the hop that failed or answered
    if (options.maxErrorsPerHost <= 0 || hostKey.isEmpty() || cancelling || failingHosts.contains(hostKey))
        return;
    if (result.status > 0 && !isConnectionError(result)) {
        hostErrors.remove(hostKey); // the host answers
        return;
    }
    if (!isConnectionError(result))
        return;
    const int errors = ++hostErrors[hostKey];
    if (errors < options.maxErrorsPerHost)
        return;
    failingHosts.insert(hostKey);
    hostErrors.remove(hostKey);
    emit q->hostFailing(hostKey, errors);
    // Those parked for it finish now; those still in the queue or due to retry when their turn comes (pump).
    const auto it = parked.find(hostKey);
    if (it != parked.end()) {
        const std::deque<int> indices = std::move(it.value());
        parked.erase(it);
        for (int index : indices)
            skip(index);
    }
}

void Checker::Private::skip(int index)
{
    const auto slot = waiting.find(index);
    if (slot != waiting.end()) {
        CheckResult result = seedOf(slot->second.target);
        result.error =
            QStringLiteral("skipped: host failing (%1 connection errors in a row)").arg(options.maxErrorsPerHost);
        waiting.erase(slot);
        --queued;
        finish(result);
        return;
    }
    // A retry whose host failed meanwhile: its last attempt's outcome is its result.
    const auto job = active.find(index);
    if (job != active.end())
        retire(job->second.get());
}

void Checker::Private::countQueued(const QVector<CheckTarget> &targets)
{
    for (const CheckTarget &target : targets) {
        if (target.entry.isValid()) {
            ++queued;
            ++queuedHosts[ManagerPool::hostKey(target.entry.url)];
        }
    }
}

bool Checker::Private::moreForHost(const QString &hostKey) const
{
    // What the engine holds: a streaming run's later batches are not known yet (a host of theirs reconnects).
    return queuedHosts.contains(hostKey) || parked.contains(hostKey) || parkedHops.contains(hostKey);
}

void Checker::Private::countOn(int index, const QString &hostKey)
{
    countedHost[index] = hostKey;
    ++hostInFlight[hostKey];
}

void Checker::Private::uncount(int index)
{
    const auto it = countedHost.find(index);
    if (it != countedHost.end()) {
        const QString hostKey = it->second;
        countedHost.erase(it);
        auto host = hostInFlight.find(hostKey);
        if (host != hostInFlight.end() && --host.value() <= 0)
            hostInFlight.erase(host);
        releaseParkedFor(hostKey);
        if (!hostIsReady(hostKey))
            armHostTimerFor(hostKey); // room under the cap, but its rate or Retry-After says later
        return;
    }
    // Not counted anywhere: a hop that was waiting for its host when its attempt ended.
    for (auto hop = parkedHops.begin(); hop != parkedHops.end(); ++hop) {
        auto &hops = hop.value();
        const auto pos = std::find(hops.begin(), hops.end(), index);
        if (pos != hops.end()) {
            hops.erase(pos);
            if (hops.empty())
                parkedHops.erase(hop);
            return;
        }
    }
}

bool Checker::Private::admitHop(CheckJob *job, const QString &hostKey)
{
    const int index = job->targetIndex();
    const auto counted = countedHost.find(index);
    if (counted != countedHost.end() && counted->second == hostKey && hostIsReady(hostKey)) {
        noteStart(hostKey);
        return true;
    }
    uncount(index);
    if (hostHasRoom(hostKey)) {
        countOn(index, hostKey);
        noteStart(hostKey);
        return true;
    }
    parkedHops[hostKey].push_back(index);
    armHostTimerFor(hostKey);
    return false;
}

void Checker::Private::startTarget(int index, const QString &hostKey)
{
    auto it = active.find(index);
    if (it == active.end()) {
        const auto slot = waiting.find(index);
        if (slot == waiting.end())
            return; // neither queued nor a retry: nothing to start (never expected)
        auto job = std::make_unique<CheckJob>(index, seedOf(slot->second.target), jobContext,
                                              [this](CheckJob *finished) { onAttemptDone(finished); });
        waiting.erase(slot);
        --queued;
        it = active.emplace(index, std::move(job)).first;
    }
    CheckJob *job = it->second.get();
    ++inFlight;
    countOn(index, hostKey);
    noteStart(hostKey);
    const bool first = job->result().attempts == 0;
    job->startAttempt(hostKey);
    // Deadlines of attempts that ended go from the front as new ones come, so the queue holds about what is
    // in flight rather than every attempt of the last timeout.
    while (!deadlines.empty()) {
        const auto stale = active.find(deadlines.front().targetIndex);
        if (stale != active.end() && stale->second->isActive() &&
            stale->second->attemptSerial() == deadlines.front().attempt)
            break;
        deadlines.pop_front();
    }
    deadlines.push_back({clock.elapsed() + options.timeoutMs, index, job->attemptSerial()});
    if (!deadlineTimer.isActive())
        armDeadlineTimer();
    if (first)
        emit q->urlStarted(job->result().id, job->result().timings.startedMs);
}

void Checker::Private::onAttemptDone(CheckJob *job)
{
    const int index = job->targetIndex();
    --inFlight;
    // Before uncount: it releases the next URL of this host, which must see the host slowed or failing.
    const int status = job->result().status;
    if (!cancelling && RetryPolicy::isRetryableStatus(status) && job->retryAfterMs() > 0 && !job->hostKey().isEmpty())
        slowHost(job->hostKey(), std::min<qint64>(job->retryAfterMs(), std::max(0, options.maxRetryWaitMs)),
                 QStringLiteral("%1 with Retry-After %2 s").arg(status).arg(job->retryAfterMs() / 1000.0));
    countConnectionErrors(job);
    uncount(index);

    if (job->wantsRetry() && !cancelling && job->result().attempts <= options.retries &&
        !failingHosts.contains(ManagerPool::hostKey(job->result().url))) {
        const qint64 wait = RetryPolicy::retryDelayMs(job->result().attempts, job->retryAfterMs(),
                                                      options.retryBaseDelayMs, options.maxRetryWaitMs, rng);
        retryAt.emplace(clock.elapsed() + wait, index);
        armRetryTimer();
    } else {
        retire(job);
    }
    if (!cancelling)
        pump();
}

void Checker::Private::retire(CheckJob *job)
{
    const auto it = active.find(job->targetIndex());
    if (it == active.end())
        return;
    // The job may be on the call stack (this runs from its reply's finished signal): delete it later.
    if (graveyard.empty())
        QTimer::singleShot(0, q, [this] { graveyard.clear(); });
    graveyard.push_back(std::move(it->second));
    active.erase(it);
    finish(job->result());
}

void Checker::Private::finish(CheckResult result)
{
    result.state = CheckState::Done;
    if (!options.acceptStatuses.isEmpty() && result.error.isEmpty() && result.status > 0) {
        bool accepted = false;
        for (const auto &[low, high] : std::as_const(options.acceptStatuses))
            accepted = accepted || (result.status >= low && result.status <= high);
        if (accepted && result.status >= 400)
            result.error =
                QStringLiteral("accepted: status %1 (--accept %2)").arg(result.status).arg(options.acceptText);
        else if (!accepted)
            result.error =
                QStringLiteral("status: %1 is not accepted (--accept %2)").arg(result.status).arg(options.acceptText);
    }
    --remaining;
    emit q->urlFinished(result);
}

void Checker::Private::releaseParkedFor(const QString &hostKey)
{
    // A hop waiting mid-chain already holds a global slot: it goes before anyone not started.
    const auto hop = parkedHops.find(hostKey);
    if (hop != parkedHops.end() && hostHasRoom(hostKey)) {
        const int index = hop.value().front();
        hop.value().pop_front();
        if (hop.value().empty())
            parkedHops.erase(hop);
        const auto it = active.find(index);
        if (it != active.end()) {
            countOn(index, hostKey);
            noteStart(hostKey);
            it->second->resumeHop();
        }
        return;
    }
    if (parked.isEmpty())
        return;
    const auto it = parked.find(hostKey);
    if (it == parked.end() || !hostHasRoom(hostKey)) // room under the cap, and the host's rate or Retry-After
        return;
    priority.push_front(it.value().front());
    it.value().pop_front();
    if (it.value().empty())
        parked.erase(it);
}

void Checker::Private::armDeadlineTimer()
{
    if (deadlines.empty())
        return;
    const qint64 wait = deadlines.front().atMs - clock.elapsed();
    deadlineTimer.start(int(std::clamp<qint64>(wait, kDeadlineSlackMs, 24 * 3600 * 1000)));
}

void Checker::Private::onDeadlineTimer()
{
    const qint64 now = clock.elapsed();
    while (!deadlines.empty() && deadlines.front().atMs <= now) {
        const Deadline due = deadlines.front();
        deadlines.pop_front();
        const auto it = active.find(due.targetIndex);
        if (it != active.end() && it->second->isActive() && it->second->attemptSerial() == due.attempt)
            it->second->abort(CheckJob::AbortReason::Deadline);
    }
    armDeadlineTimer();
}

void Checker::Private::armRetryTimer()
{
    if (retryAt.empty())
        return;
    const qint64 wait = retryAt.begin()->first - clock.elapsed();
    retryTimer.start(int(std::clamp<qint64>(wait, 0, 24 * 3600 * 1000)));
}

void Checker::Private::onRetryTimer()
{
    const qint64 now = clock.elapsed();
    while (!retryAt.empty() && retryAt.begin()->first <= now) {
        priority.push_back(retryAt.begin()->second);
        retryAt.erase(retryAt.begin());
    }
    armRetryTimer();
    pump();
}

void Checker::Private::onMemoryGuard()
{
    const qint64 resident = residentBytes();
    if (resident < 0 || resident - baselineResident < kMemoryGuardBytes)
        return;
    for (auto &entry : active)
        entry.second->probeSlowHeaders(kSlowHeadersMs);
    // What is probed now, and what the probes cut, sets the next baseline: look again only past a new rise.
    baselineResident = resident;
}

void Checker::Private::checkRunFinished()
{
    if (!running || remaining > 0 || pumping || inputOpen)
        return;
    running = false;
    frozenElapsed = clock.elapsed();
    deadlineTimer.stop();
    retryTimer.stop();
    hostTimer.stop();
    memoryGuard.stop();
    lossWatch.stop();
    deadlines.clear();
    // Nothing is in flight any more: the run's connections close with its managers.
    jobContext.pool = nullptr;
    pool.reset();
    jobContext.resolver = nullptr;
    dropLater(resolver);
    jobContext.races = nullptr;
    dropLater(races);
    const bool wasCancelled = cancelling;
    cancelling = false;
    if (paused) {
        paused = false;
        emit q->pausedChanged(false);
    }
    emit q->runFinished(frozenElapsed, wasCancelled);
}

} // namespace Fanout
