#include "store/runrecorder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <time.h>
#include <variant>

namespace Fanout {

namespace {

using Clock = std::chrono::steady_clock;

// Queued values that wake a writer whose batch is open before its deadline (see writerBatchOpen).
constexpr int kWakeRows = 256;

struct EntriesItem
{
    QVector<CheckTarget> targets;
};
struct SourcesItem
{
    QVector<QPair<int, QString>> sources;
};
struct DuplicateItem
{
    int line;
    QString text;
    int firstId;
};
struct PassItem
{
    QString kind;
};
struct ResultItem
{
    CheckResult result;
};
struct EventItem
{
    qint64 atMs;
    QString kind;
    QString detail;
};
struct InputItem
{
    bool complete;
};
struct OptionsItem
{
    CheckOptions options;
};
struct FinishItem
{
    RunState state;
    qint64 wallMs;
    bool unlessPending = false; // Finished only when no entry is left pending, else Cancelled
};
using Item = std::variant<EntriesItem, SourcesItem, DuplicateItem, PassItem, ResultItem, EventItem, InputItem,
                          OptionsItem, FinishItem>;

// What a finish sets: its state, or for finishChecked() what the file says (this connection sees its own writes).
RunState finalState(RunFile &file, const FinishItem &item)
{
    if (!item.unlessPending || item.state != RunState::Finished)
        return item.state;
    bool complete = true;
    file.forEachPending([&complete](const CheckTarget &) {
        complete = false;
        return false;
    });
    return complete ? RunState::Finished : RunState::Cancelled;
}

struct Queued
{
    Item item;
    qint64 bytes;
    int rows;
};

qint64 stringBytes(const QString &s)
{
    return qint64(s.size()) * 2;
}

// What a queued value holds on the heap, roughly: enough to bound the queue, not an exact account.
qint64 resultBytes(const CheckResult &r)
{
    const qint64 n = qint64(sizeof(CheckResult)) + stringBytes(r.input) * 3 + stringBytes(r.reason) +
                     stringBytes(r.title) + stringBytes(r.contentType) + stringBytes(r.error) + r.rawHeaders.size();
    // A hop's URL is about as long as the input's.
    return n + qint64(r.redirects.size()) * (qint64(sizeof(RedirectHop)) + 2 * stringBytes(r.input));
}

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// RunFile::create's own first checks, made on the caller's thread so that a path that exists or cannot be written
// is refused at once: the folder, and the file claimed (NewOnly: two runs given one path cannot both have it).
bool reservePath(const QString &path, QString *error)
{
    const QString shown = QDir::toNativeSeparators(path);
    const auto refuse = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return refuse(QStringLiteral("Cannot create run file %1: cannot create its folder").arg(shown));
    QFile placeholder(path);
    if (!placeholder.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return refuse(QFileInfo::exists(path)
                          ? QStringLiteral("Cannot create run file %1: it already exists").arg(shown)
                          : QStringLiteral("Cannot create run file %1: %2").arg(shown, placeholder.errorString()));
    return true;
}

// The writer's side: the empty claimed file makes way for RunFile::create, which claims the path again (a run
// that took it in between makes this one fail, cleanly, as two runs on one path must).
std::unique_ptr<RunFile> createReserved(const QString &path, const RunMeta &meta, QString *error)
{
    if (QFileInfo(path).size() != 0 || !QFile::remove(path)) {
        if (error)
            *error = QStringLiteral("Cannot create run file %1: it changed while being created")
                         .arg(QDir::toNativeSeparators(path));
        return nullptr;
    }
    return RunFile::create(path, meta, error);
}

} // namespace

struct RunRecorder::Private
{
    explicit Private(RunRecorder *recorder, const Settings &s)
        : q(recorder)
        , settings(s)
    {}

    RunRecorder *q;
    Settings settings;
    QString path;
    std::unique_ptr<QThread> thread;

    std::mutex mutex;
    std::condition_variable wake;  // the writer: something was queued, or stop
    std::condition_variable space; // callers: the queue shrank
    std::deque<Queued> queue;
    qint64 queuedBytes = 0;
    bool accepting = false; // open and not finishing
    bool finishQueued = false;
    bool stopping = false; // destroyed without finish()
    bool writerDone = false;
    // Under mutex: the writer has a batch open, so it wakes at the batch's deadline whatever comes. A caller then
    // wakes it only for a queue worth taking early (kWakeRows, or half of maxQueuedBytes) or for finish(): a
    // wake-up per result (a futex call and a thread switch each) cost more than the row's own insert.
    bool writerBatchOpen = false;
    QString failureText; // under mutex

    std::atomic<int> committedResults{0};
    std::atomic<qint64> committedRows{0};
    std::atomic<int> commits{0};
    std::atomic<int> rejectedRows{0};
    std::atomic<bool> failed{false};       // a storage failure: writing stopped
    std::atomic<bool> createFailed{false}; // createInBackground(): the file could not be made (no file at all)
    std::atomic<bool> reported{false};     // writeFailed() was emitted
    std::atomic<bool> finished{false};
    std::atomic<bool> finishedOk{false};
    std::atomic<qint64> cpuMicros{0};

    enum class Open
    {
        Existing,
        Create,
        CreateInBackground
    };
    bool start(Open how, const QString &filePath, const RunMeta &meta, QString *error);
    void run(std::unique_ptr<RunFile> file);
    void failCreation(const QString &why);
    void push(Item &&item, qint64 bytes, int rows);
    void report(const QString &reason);
};

void RunRecorder::Private::report(const QString &reason)
{
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (failureText.isEmpty())
            failureText = reason;
    }
    if (!reported.exchange(true))
        emit q->writeFailed(reason);
}

bool RunRecorder::Private::start(Open how, const QString &filePath, const RunMeta &meta, QString *error)
{
    if (thread) {
        if (error)
            *error = QStringLiteral("The recorder already has a run file (%1)").arg(path);
        return false;
    }
    path = filePath;
    const bool background = how == Open::CreateInBackground;
    if (background) {
        if (!reservePath(filePath, error))
            return false;
        std::lock_guard<std::mutex> lock(mutex);
        accepting = true; // values queue while the writer makes the file
    }
    // The RunFile is made on the writer thread: a Qt SQL connection is used only by the thread that opened it.
    auto opened = std::make_shared<std::promise<QString>>();
    std::future<QString> result = opened->get_future();
    thread.reset(QThread::create([this, opened, how, filePath, meta] {
        QString why;
        std::unique_ptr<RunFile> file = how == Open::Existing ? RunFile::open(filePath, RunFile::Mode::ReadWrite, &why)
                                        : how == Open::Create ? RunFile::create(filePath, meta, &why)
                                                              : createReserved(filePath, meta, &why);
        if (!file) {
            why = why.isEmpty() ? QStringLiteral("Cannot open run file %1").arg(filePath) : why;
            opened->set_value(why);
            if (how == Open::CreateInBackground)
                failCreation(why);
            return;
        }
        opened->set_value(QString());
        run(std::move(file));
    }));
    thread->setObjectName(QStringLiteral("fanout-recorder"));
    thread->start();
    if (background)
        return true;
    const QString why = result.get();
    if (!why.isEmpty()) {
        thread->wait();
        if (error)
            *error = why;
        return false;
    }
    std::lock_guard<std::mutex> lock(mutex);
    accepting = true;
    return true;
}

void RunRecorder::Private::push(Item &&item, qint64 bytes, int rows)
{
    const bool finishing = std::holds_alternative<FinishItem>(item);
    std::unique_lock<std::mutex> lock(mutex);
    // After a write error only finish() still counts: it ends the writer and brings finished().
    if (!accepting || (failed.load() && !finishing))
        return;
    // Backpressure rather than loss: see the class comment. finish() is tiny and never waits.
    if (!finishing)
        space.wait(lock, [this] { return queuedBytes < settings.maxQueuedBytes || failed.load() || writerDone; });
    if (writerDone || (failed.load() && !finishing))
        return;
    queue.push_back({std::move(item), bytes, rows});
    queuedBytes += bytes;
    if (finishing) {
        accepting = false;
        finishQueued = true;
    }
    const bool wakeWriter =
        !writerBatchOpen || finishing || int(queue.size()) >= kWakeRows || queuedBytes >= settings.maxQueuedBytes / 2;
    lock.unlock();
    if (wakeWriter)
        wake.notify_one();
}

void RunRecorder::Private::run(std::unique_ptr<RunFile> file)
{
    const QVector<RunPass> passes = file->passes();
    int pass = passes.isEmpty() ? 0 : passes.last().pass;
    const auto interval = std::chrono::milliseconds(qMax(1, settings.commitIntervalMs));
    const int maxRows = qMax(1, settings.maxBatchRows);
    Clock::time_point batchDeadline;
    int batchRows = 0;
    int batchResults = 0;
    bool finishSeen = false;
    bool allWritten = true;
    std::deque<Queued> taken;

    auto storageFailure = [&](const QString &reason) {
        allWritten = false;
        file->rollback(); // no batch with holes
        failed.store(true);
        report(reason);
        std::lock_guard<std::mutex> lock(mutex);
        // Drop what waits (memory stays bounded) but a queued finish, which ends the writer.
        std::deque<Queued> kept;
        for (Queued &queued : queue) {
            if (std::holds_alternative<FinishItem>(queued.item))
                kept.push_back(std::move(queued));
            else
                queuedBytes -= queued.bytes;
        }
        queue.swap(kept);
        space.notify_all();
    };
    // A refused value fails its own call only; anything else stops writing.
    auto check = [&](bool ok) {
        if (ok || failed.load())
            return;
        if (file->lastErrorKind() == RunFile::ErrorKind::Refused) {
            allWritten = false;
            rejectedRows.fetch_add(1);
            report(file->lastError());
            return;
        }
        storageFailure(file->lastError());
    };
    auto commitBatch = [&] {
        if (!file->inBatch() || failed.load())
            return;
        if (!file->commit()) {
            storageFailure(file->lastError());
            return;
        }
        committedRows.fetch_add(batchRows);
        const int results = committedResults.fetch_add(batchResults) + batchResults;
        commits.fetch_add(1);
        batchRows = 0;
        batchResults = 0;
        emit q->committed(results);
    };

    for (;;) {
        bool stop = false;
        {
            std::unique_lock<std::mutex> lock(mutex);
            writerBatchOpen = file->inBatch();
            if (queue.empty() && !stopping) {
                if (file->inBatch())
                    wake.wait_until(lock, batchDeadline, [this] { return !queue.empty() || stopping; });
                else
                    wake.wait(lock, [this] { return !queue.empty() || stopping; });
            }
            // Only what fits the open batch (at least one value), so no transaction exceeds maxRows unless a
            // single value does (a list's entries), and the callers' queue shrinks as the batch is written.
            const int room = qMax(1, maxRows - batchRows);
            int rows = 0;
            while (!queue.empty() && (rows == 0 || rows + queue.front().rows <= room)) {
                rows += queue.front().rows;
                queuedBytes -= queue.front().bytes;
                taken.push_back(std::move(queue.front()));
                queue.pop_front();
            }
            stop = stopping && queue.empty();
        }
        space.notify_all();

        for (Queued &queued : taken) {
            if (failed.load() && !std::holds_alternative<FinishItem>(queued.item))
                continue;
            if (!file->inBatch() && !std::holds_alternative<FinishItem>(queued.item)) {
                if (!file->beginBatch()) {
                    storageFailure(file->lastError());
                    continue;
                }
                batchDeadline = Clock::now() + interval;
            }
            std::visit(
                [&](auto &item) {
                    using T = std::decay_t<decltype(item)>;
                    if constexpr (std::is_same_v<T, EntriesItem>) {
                        check(file->addEntries(item.targets));
                    } else if constexpr (std::is_same_v<T, SourcesItem>) {
                        check(file->addSources(item.sources));
                    } else if constexpr (std::is_same_v<T, DuplicateItem>) {
                        check(file->addDuplicate(item.line, item.text, item.firstId));
                    } else if constexpr (std::is_same_v<T, PassItem>) {
                        const int next = file->beginPass(item.kind);
                        check(next > 0);
                        if (next > 0)
                            pass = next;
                    } else if constexpr (std::is_same_v<T, ResultItem>) {
                        const bool ok = file->addResult(item.result, pass);
                        check(ok);
                        if (ok)
                            ++batchResults;
                    } else if constexpr (std::is_same_v<T, EventItem>) {
                        check(file->addEvent(pass, item.atMs, item.kind, item.detail));
                    } else if constexpr (std::is_same_v<T, InputItem>) {
                        check(file->setInputComplete(item.complete));
                    } else if constexpr (std::is_same_v<T, OptionsItem>) {
                        check(file->setOptions(item.options));
                    } else if constexpr (std::is_same_v<T, FinishItem>) {
                        finishSeen = true;
                        if (!failed.load()) {
                            if (!file->inBatch() && !file->beginBatch())
                                storageFailure(file->lastError());
                            else
                                check(file->setState(finalState(*file, item), item.wallMs));
                        }
                    }
                },
                queued.item);
            batchRows += queued.rows;
        }
        taken.clear();
        if (batchRows >= maxRows || Clock::now() >= batchDeadline || finishSeen || stop)
            commitBatch();
        cpuMicros.store(qint64(threadCpuSeconds() * 1e6));
        if (finishSeen || stop)
            break;
    }

    file.reset(); // closes: checkpoint, back to a single file
    cpuMicros.store(qint64(threadCpuSeconds() * 1e6));
    {
        std::lock_guard<std::mutex> lock(mutex);
        writerDone = true;
        accepting = false;
    }
    space.notify_all();
    const bool ok = allWritten && !failed.load() && finishSeen;
    finishedOk.store(ok);
    finished.store(true);
    emit q->finished(ok);
}

void RunRecorder::Private::failCreation(const QString &why)
{
    // Nothing queued can be written: it goes, and the recorder ends as a failed one (finished(false)).
    createFailed.store(true);
    failed.store(true);
    {
        std::lock_guard<std::mutex> lock(mutex);
        queue.clear();
        queuedBytes = 0;
        writerDone = true;
        accepting = false;
    }
    space.notify_all();
    report(why);
    finishedOk.store(false);
    finished.store(true);
    emit q->finished(false);
}

RunRecorder::RunRecorder(QObject *parent)
    : RunRecorder(Settings(), parent)
{}

RunRecorder::RunRecorder(const Settings &settings, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, settings))
{}

RunRecorder::~RunRecorder()
{
    if (!d->thread)
        return;
    {
        std::lock_guard<std::mutex> lock(d->mutex);
        d->accepting = false;
        d->stopping = true;
    }
    d->wake.notify_one();
    d->thread->wait();
}

bool RunRecorder::create(const QString &path, const RunMeta &meta, QString *error)
{
    return d->start(Private::Open::Create, path, meta, error);
}

bool RunRecorder::createInBackground(const QString &path, const RunMeta &meta, QString *error)
{
    return d->start(Private::Open::CreateInBackground, path, meta, error);
}

bool RunRecorder::creationFailed() const
{
    return d->createFailed.load();
}

bool RunRecorder::openExisting(const QString &path, QString *error)
{
    return d->start(Private::Open::Existing, path, RunMeta(), error);
}

bool RunRecorder::isOpen() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->thread && !d->writerDone && (d->accepting || d->finishQueued);
}

QString RunRecorder::path() const
{
    return d->path;
}

void RunRecorder::addEntries(const QVector<CheckTarget> &targets)
{
    if (targets.isEmpty())
        return;
    qint64 bytes = 0;
    for (const CheckTarget &t : targets)
        bytes += qint64(sizeof(CheckTarget)) + stringBytes(t.entry.text) * 2 + stringBytes(t.entry.error);
    d->push(EntriesItem{targets}, bytes, int(targets.size()));
}

void RunRecorder::addSources(const QStringList &sources)
{
    // In blocks, so one queue item stays small however many URLs a sitemap had.
    constexpr int kBlock = 4096;
    for (int first = 0; first < sources.size(); first += kBlock) {
        SourcesItem item;
        qint64 bytes = 0;
        for (int id = first; id < std::min<int>(first + kBlock, int(sources.size())); ++id) {
            item.sources.append({id, sources.at(id)});
            bytes += qint64(sizeof(int)) + stringBytes(sources.at(id));
        }
        const int count = int(item.sources.size());
        d->push(std::move(item), bytes, count);
    }
}

void RunRecorder::addDuplicate(int line, const QString &text, int firstId)
{
    d->push(DuplicateItem{line, text, firstId}, qint64(sizeof(DuplicateItem)) + stringBytes(text), 1);
}

void RunRecorder::beginPass(const QString &kind)
{
    d->push(PassItem{kind}, qint64(sizeof(PassItem)), 1);
}

void RunRecorder::addResult(const CheckResult &result)
{
    d->push(ResultItem{result}, resultBytes(result), 1);
}

void RunRecorder::addEvent(qint64 atMs, const QString &kind, const QString &detail)
{
    d->push(EventItem{atMs, kind, detail}, qint64(sizeof(EventItem)) + stringBytes(kind) + stringBytes(detail), 1);
}

void RunRecorder::setInputComplete(bool complete)
{
    d->push(InputItem{complete}, qint64(sizeof(InputItem)), 1);
}

void RunRecorder::setOptions(const CheckOptions &options)
{
    d->push(OptionsItem{options}, qint64(sizeof(OptionsItem)), 1);
}

void RunRecorder::finishChecked(bool cancelled, qint64 wallMs)
{
    d->push(FinishItem{cancelled ? RunState::Cancelled : RunState::Finished, wallMs, true}, qint64(sizeof(FinishItem)),
            1);
}

void RunRecorder::finish(RunState state, qint64 wallMs)
{
    d->push(FinishItem{state, wallMs}, qint64(sizeof(FinishItem)), 1);
}

bool RunRecorder::waitForFinished()
{
    {
        std::lock_guard<std::mutex> lock(d->mutex);
        if (!d->thread || (!d->finishQueued && !d->writerDone))
            return false;
    }
    d->thread->wait();
    return d->finishedOk.load();
}

bool RunRecorder::isFinished() const
{
    return d->finished.load();
}

int RunRecorder::committedResults() const
{
    return d->committedResults.load();
}

qint64 RunRecorder::committedRows() const
{
    return d->committedRows.load();
}

int RunRecorder::commits() const
{
    return d->commits.load();
}

int RunRecorder::rejectedRows() const
{
    return d->rejectedRows.load();
}

qint64 RunRecorder::queuedBytes() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->queuedBytes;
}

bool RunRecorder::hasFailed() const
{
    return d->failed.load() || d->reported.load();
}

QString RunRecorder::failure() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->failureText;
}

double RunRecorder::writerCpuSeconds() const
{
    return double(d->cpuMicros.load()) / 1e6;
}

} // namespace Fanout
