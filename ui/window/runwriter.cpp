#include "window/runwriter.h"

#include <algorithm>

namespace Fanout {

RunWriter::RunWriter(QObject *parent)
    : QObject(parent)
    , m_notify(this) // a child, so it moves to the engine thread with the writer
{
    m_notify.setSingleShot(true);
    m_notify.setInterval(50);
    connect(&m_notify, &QTimer::timeout, this, [this]() { emit committed(m_durableSeen); });
}

RunWriter::~RunWriter()
{
    close();
}

bool RunWriter::start(bool createNew, const QString &path, const RunMeta &meta)
{
    close();
    m_error.clear();
    auto recorder = std::make_unique<RunRecorder>();
    const bool ok = createNew ? recorder->create(path, meta, &m_error) : recorder->openExisting(path, &m_error);
    if (!ok)
        return false;
    // The recorder's signals come from its writer thread: queued to this one, in order.
    connect(recorder.get(), &RunRecorder::committed, this, &RunWriter::onRecorderCommitted);
    connect(recorder.get(), &RunRecorder::writeFailed, this, [this](const QString &why) {
        m_error = why;
        emit failed(why);
    });
    // A second connection, read-only: the file was checked whole by the recorder's open just now.
    m_reader = RunFile::open(path, RunFile::Mode::ReadOnly, &m_error, RunFile::Verify::Header);
    if (!m_reader)
        return false;
    m_recorder = std::move(recorder);
    m_path = path;
    return true;
}

bool RunWriter::create(const QString &path, const RunMeta &meta, const QVector<CheckTarget> &targets,
                       const QStringList &sources)
{
    if (!start(true, path, meta)) // RunFile::create makes the folders
        return false;
    m_recorder->addEntries(targets);
    if (!sources.isEmpty())
        m_recorder->addSources(sources);
    m_recorder->setInputComplete(true);
    return true;
}

bool RunWriter::open(const QString &path)
{
    return start(false, path, RunMeta());
}

QString RunWriter::path() const
{
    return m_path;
}

bool RunWriter::beginPass(const QString &kind)
{
    if (!m_recorder)
        return false;
    m_seen = 0;
    m_written = 0;
    m_durableAt.clear();
    m_durableSeen = 0;
    m_recorderBase = m_recorder->committedResults();
    m_recorder->beginPass(kind);
    m_recorder->addEvent(0, QStringLiteral("start"));
    return true;
}

void RunWriter::follow(Checker *checker)
{
    disconnect(m_follow);
    // Same thread as the Checker: called as it reports, before the window hears of the result.
    m_follow = connect(checker, &Checker::urlFinished, this, &RunWriter::add);
}

void RunWriter::add(const CheckResult &result)
{
    ++m_seen;
    if (!m_recorder)
        return;
    if (result.errorCategory() == QLatin1String("cancelled")) {
        // Not checked: left pending so that resuming the run checks it. Durable as soon as what came before is.
        if (m_durableAt.empty()) {
            m_durableSeen = m_seen;
            if (!m_notify.isActive())
                m_notify.start();
        } else
            m_durableAt.back().second = m_seen;
        return;
    }
    m_recorder->addResult(result);
    m_durableAt.emplace_back(++m_written, m_seen);
}

void RunWriter::onRecorderCommitted(int results)
{
    const qint64 written = results - m_recorderBase;
    qint64 durable = -1;
    while (!m_durableAt.empty() && m_durableAt.front().first <= written) {
        durable = m_durableAt.front().second;
        m_durableAt.pop_front();
    }
    if (durable >= 0) {
        m_durableSeen = durable;
        emit committed(durable);
    }
}

void RunWriter::finishPass(qint64 wallMs, bool cancelled)
{
    disconnect(m_follow);
    stopFeeding();
    if (!m_recorder)
        return;
    m_recorder->addEvent(wallMs, cancelled ? QStringLiteral("stop") : QStringLiteral("finish"));
    m_finishing = true;
    m_recorder->finishChecked(cancelled, wallMs);
    RunRecorder *recorder = m_recorder.get();
    connect(recorder, &RunRecorder::finished, this, [this, recorder](bool) {
        if (recorder == m_recorder.get() && m_finishing)
            completeFinish();
    });
}

void RunWriter::completeFinish()
{
    m_finishing = false;
    const QString closedPath = m_path;
    release(); // waits for the writer thread, which has ended (or ends with the pass's last commit)
    emit committed(m_seen);
    emit passClosed(closedPath);
}

void RunWriter::close()
{
    if (m_finishing) {
        completeFinish(); // a new file before the last one's finished() came: that one is done all the same
        return;
    }
    release();
}

void RunWriter::release()
{
    stopFeeding();
    disconnect(m_follow);
    m_notify.stop();
    m_reader.reset();
    m_recorder.reset(); // writes what is queued, then closes (state as it was: Running reads as interrupted)
    m_durableAt.clear();
    m_path.clear();
}

bool RunWriter::feedPending(Checker *checker)
{
    stopFeeding();
    if (!m_reader || !checker->start({}, Checker::InputMode::Streaming))
        return false;
    m_feed = std::make_unique<PendingReader>(*m_reader);
    // The run's first pump finds the queue empty and asks (later, from the event loop); so does each that leaves
    // it low.
    m_feeding = connect(checker, &Checker::targetsLow, this, [this, checker](int queued) { topUp(checker, queued); });
    return true;
}

void RunWriter::topUp(Checker *checker, int queued)
{
    if (!m_feed)
        return;
    // Up to twice the mark: the engine takes what fits its cap and asks again once below the mark.
    const QVector<CheckTarget> targets = m_feed->next(std::max(1, 2 * checker->lowWaterMark() - queued));
    if (!targets.isEmpty())
        checker->appendTargets(targets);
    if (m_feed->atEnd()) {
        stopFeeding();
        checker->closeInput();
    }
}

void RunWriter::cancelUnfed(const QString &why)
{
    if (!m_feed)
        return;
    while (!m_feed->atEnd()) {
        for (const CheckTarget &target : m_feed->next(4096)) {
            const CheckResult result = Checker::notStarted(target, why);
            add(result); // counted as seen, not written: a resume checks it
            emit notFed(result);
        }
    }
    stopFeeding();
}

void RunWriter::stopFeeding()
{
    disconnect(m_feeding);
    m_feed.reset();
}

QVector<CheckTarget> RunWriter::targetsOf(const QVector<int> &rows)
{
    QVector<CheckTarget> targets;
    if (!m_reader)
        return targets;
    targets.reserve(rows.size());
    for (const int row : rows) {
        const std::optional<CheckResult> r = m_reader->result(row);
        if (!r)
            continue;
        CheckTarget t;
        t.id = row;
        t.entry.line = r->line;
        t.entry.text = r->input;
        t.entry.url = r->url;
        if (!r->url.isValid())
            t.entry.error = r->error;
        targets.append(t);
    }
    return targets;
}

} // namespace Fanout
