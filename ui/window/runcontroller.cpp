#include "window/runcontroller.h"

#include "timing/capsweeprunner.h"
#include "window/appsettings.h"
#include "window/runwriter.h"

#include <QThread>

#include <algorithm>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace Fanout {

namespace {

// Under CPU contention the window's thread should win over the engine's: a late paint is visible, a request
// a millisecond late is not. Threads the engine creates (Qt's network threads) inherit the lower priority.
void lowerThisThreadsPriority()
{
#ifdef Q_OS_LINUX
    setpriority(PRIO_PROCESS, id_t(gettid()), std::min(19, getpriority(PRIO_PROCESS, id_t(gettid())) + 5));
#endif
}

} // namespace

RunController::RunController(const CheckOptions &userOptions, Checker::ManagerFactory factory, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
    , m_options(userOptions)
    , m_maxCap(AppSettings::MaxConcurrency)
{
    // The engine gets a thread of its own: network events, body reading and title parsing never compete with
    // painting 100,000 rows, and a busy view never slows the checks. The Checker is built on that thread so
    // its timers belong to it.
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("Fanout engine"));
    m_thread->start();
    {
        // An anchor without a parent, created and moved here (the thread that owns it), so the queued call
        // below runs on the engine thread. This waits only for the Checker's constructor, once, at startup.
        auto *anchor = new QObject;
        anchor->moveToThread(m_thread);
        Checker *created = nullptr;
        QMetaObject::invokeMethod(
            anchor,
            [&created, engineFactory = m_factory]() {
                lowerThisThreadsPriority();
                created = engineFactory ? new Checker(engineFactory) : new Checker();
            },
            Qt::BlockingQueuedConnection);
        m_checker = created;
        anchor->deleteLater(); // on the engine thread
    }
    onEngine([options = m_options](Checker *c) { c->setOptions(options); });
    // The run file's writer sits beside the Checker: results are written where they are made.
    m_writer = new RunWriter;
    m_writer->moveToThread(m_thread);

    // The engine's news, re-emitted here (queued: these run on this object's thread) as plain values.
    connect(m_checker, &Checker::urlStarted, this, &RunController::urlStarted);
    connect(m_checker, &Checker::urlFinished, this, &RunController::urlFinished);
    connect(m_checker, &Checker::pausedChanged, this, &RunController::pausedChanged);
    connect(m_checker, &Checker::runFinished, this, &RunController::runFinished);
    connect(m_checker, &Checker::hostSlowed, this, [this](const QString &host, qint64 untilMs, const QString &why) {
        emit hostSlowed(host, std::max<qint64>(0, untilMs - m_checker->elapsedMs()), why);
    });
    connect(m_checker, &Checker::hostFailing, this, &RunController::hostFailing);
    connect(m_writer, &RunWriter::notFed, this, &RunController::urlFinished);
    connect(m_writer, &RunWriter::committed, this, &RunController::resultsCommitted);
    connect(m_writer, &RunWriter::passClosed, this, &RunController::passClosed);
    connect(m_writer, &RunWriter::failed, this, &RunController::writeFailed);
    m_sweep = new CapSweepRunner(this);
    m_sweep->setCheckerFactory(checkerFactory());
}

RunController::~RunController()
{
    disconnect(m_checker, nullptr, this, nullptr);
    disconnect(m_writer, nullptr, this, nullptr);
    m_writer->deleteLater(); // on the engine thread, before the checker: it commits what it holds
    // Deleted on its own thread (that aborts whatever is in flight), then the thread ends.
    connect(m_checker, &QObject::destroyed, m_thread, &QThread::quit, Qt::DirectConnection);
    m_checker->deleteLater();
    m_thread->wait();
}

std::function<Checker *(QObject *)> RunController::checkerFactory() const
{
    return [factory = m_factory](QObject *owner) {
        return factory ? new Checker(factory, owner) : new Checker(owner);
    };
}

void RunController::onEngine(std::function<void(Checker *)> f)
{
    QMetaObject::invokeMethod(
        m_checker, [c = m_checker, f = std::move(f)]() { f(c); }, Qt::QueuedConnection);
}

// --- options ----------------------------------------------------------------------------------------------------

int RunController::clampCap(int cap) const
{
    return std::clamp(cap, AppSettings::MinConcurrency, m_maxCap);
}

CheckOptions RunController::userOptions() const
{
    return m_options;
}

CheckOptions RunController::runOptions() const
{
    return m_override ? *m_override : m_options;
}

void RunController::setUserOptions(const CheckOptions &options)
{
    if (m_override) {
        // Runs use the override for now: these become the user's options (and the cap) once it is cleared.
        m_options = options;
        m_options.concurrency = clampCap(options.concurrency);
        return;
    }
    const int cap = m_options.concurrency;
    m_options = options;
    m_options.concurrency = cap;
    onEngine([perHost = options.perHostLimit](Checker *c) { c->setPerHostLimit(perHost); }); // also mid-run
}

void RunController::setRunOptionsOverride(std::optional<CheckOptions> options)
{
    if (options)
        options->concurrency = clampCap(options->concurrency);
    m_override = std::move(options);
    // The cap and per-host limit in force follow at once (also mid-run); the rest applies from the next run.
    applyLimits();
    emit concurrencyChanged(concurrency());
}

bool RunController::setConcurrency(int cap)
{
    cap = clampCap(cap);
    if (cap == concurrency() && m_capApplied)
        return false;
    m_capApplied = true;
    // With an override the cap is that run's alone; otherwise it is the user's.
    if (m_override)
        m_override->concurrency = cap;
    else
        m_options.concurrency = cap;
    onEngine([cap](Checker *c) { c->setConcurrency(cap); }); // live: requests start or wait at once
    emit concurrencyChanged(cap);
    return true;
}

void RunController::setMaxConcurrency(int cap)
{
    m_maxCap = std::clamp(cap, AppSettings::MinConcurrency, AppSettings::MaxConcurrency);
    if (m_override && m_override->concurrency > m_maxCap)
        setRunOptionsOverride(m_override);
}

void RunController::applyLimits()
{
    const CheckOptions now = runOptions();
    onEngine([cap = now.concurrency, perHost = now.perHostLimit](Checker *c) {
        c->setConcurrency(cap);
        c->setPerHostLimit(perHost);
    });
}

// --- runs -------------------------------------------------------------------------------------------------------

void RunController::startPass(Pass pass)
{
    onEngine([options = pass.options](Checker *c) { c->setOptions(options); });
    // self is safe to post to from the engine thread: the destructor waits for that thread to end, and events
    // still posted to it then are dropped with it. A QPointer would be read across threads.
    onEngine([w = m_writer, pass = std::move(pass), self = this](Checker *c) mutable {
        bool ok = pass.create ? w->create(pass.path, pass.meta, pass.all, pass.sources) : w->open(pass.path);
        pass.all = {}; // written: 1,000,000 targets need not wait in this call for the run to end
        // A re-check names its rows; any other pass from the file checks what the file has no result for, fed
        // from it a block at a time (a resume, or a list staged in its run file when it was loaded).
        const bool fromPending = pass.fromFile && pass.kind != QLatin1String("recheck");
        QVector<CheckTarget> run = pass.targets;
        if (ok && pass.fromFile && !fromPending)
            run = w->targetsOf(pass.rows);
        if (ok)
            ok = w->beginPass(pass.kind);
        if (ok)
            w->follow(c);
        const QString why = ok ? QString() : w->error();
        QMetaObject::invokeMethod(self, [self, path = pass.path, why]() {
            if (why.isEmpty())
                emit self->passFileReady(path);
            else
                emit self->passNotSaved(path, why);
        });
        if (ok && fromPending ? w->feedPending(c) : c->start(run))
            return;
        QMetaObject::invokeMethod(self, [self]() { emit self->startRefused(); });
    });
}

void RunController::finishPass(qint64 wallMs, bool cancelled)
{
    onEngine([w = m_writer, wallMs, cancelled](Checker *) { w->finishPass(wallMs, cancelled); });
}

void RunController::pause()
{
    onEngine([](Checker *c) { c->pause(); });
}

void RunController::resume()
{
    onEngine([](Checker *c) { c->resume(); });
}

void RunController::stop()
{
    // What a run fed from its file has not read yet is reported first, as the engine reports what it holds.
    onEngine([w = m_writer](Checker *c) {
        w->cancelUnfed(QString());
        c->cancel();
    });
}

void RunController::readSitemap(const SitemapLoader::Limits &limits, const QString &where, QObject *context,
                                std::function<void(const SitemapRead &)> done)
{
    // SitemapLoader has a QNetworkAccessManager: it lives and fetches on the engine thread, never this one.
    // Only plain values come back.
    // The answer is posted to this controller (see startPass) and handed on only if context is still there,
    // which is looked at on this (its) thread only.
    onEngine([self = this, limits, where, context = QPointer<QObject>(context), done = std::move(done)](Checker *c) {
        auto *loader = new SitemapLoader(c);
        loader->setLimits(limits);
        QObject::connect(loader, &SitemapLoader::finished, c, [self, loader, context, done]() {
            loader->deleteLater();
            SitemapRead out;
            for (const SitemapReport &report : loader->reports()) {
                if (report.error.isEmpty())
                    continue;
                // A sitemap that failed is a row of the results, as in fanout-cli, so the run says so.
                UrlEntry row;
                row.text = report.location;
                row.error = QStringLiteral("sitemap: %1: %2").arg(report.location, report.error);
                out.list.entries.append(row);
                out.sources.append(report.location);
                ++out.failed;
            }
            for (const SitemapUrl &url : loader->urls()) {
                out.list.entries.append(url.entry);
                out.sources.append(url.sources);
            }
            out.list.duplicates = loader->duplicates();
            out.list.encoding = QStringLiteral("UTF-8");
            for (const SitemapReport &report : loader->reports())
                out.read.append(
                    QStringLiteral("%1: %2%3")
                        .arg(report.location)
                        .arg(report.urls)
                        .arg(report.error.isEmpty() ? QString() : QStringLiteral(" (") + report.error + u')'));
            QMetaObject::invokeMethod(self, [context, done, out]() {
                if (context)
                    done(out);
            });
        });
        loader->start({where});
    });
}

} // namespace Fanout
