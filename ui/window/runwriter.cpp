#include "window/runwriter.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace Fanout {

RunWriter::RunWriter(QObject *parent)
    : QObject(parent)
    , m_commitTimer(this) // a child, so it moves to the engine thread with the writer
{
    m_commitTimer.setInterval(CommitIntervalMs);
    m_commitTimer.setSingleShot(true);
    connect(&m_commitTimer, &QTimer::timeout, this, [this]() { commit(); });
}

RunWriter::~RunWriter()
{
    close();
}

bool RunWriter::create(const QString &path, const RunMeta &meta, const QVector<CheckTarget> &targets,
                       const QStringList &sources)
{
    close();
    QDir().mkpath(QFileInfo(path).absolutePath());
    m_file = RunFile::create(path, meta, &m_error);
    if (!m_file)
        return false;
    // Entries in one transaction: 1,000,000 rows in seconds, not the hours of one commit each.
    if (!m_file->beginBatch() || !m_file->addEntries(targets) || !m_file->setInputComplete(true) || !m_file->commit()) {
        m_error = m_file->lastError();
        m_file.reset();
        return false;
    }
    if (!sources.isEmpty()) {
        QVector<QPair<int, QString>> byId;
        byId.reserve(sources.size());
        for (int id = 0; id < sources.size(); ++id)
            byId.append({id, sources.at(id)});
        if (!m_file->addSources(byId)) {
            m_error = m_file->lastError();
            m_file.reset();
            return false;
        }
    }
    m_failed = false;
    return true;
}

bool RunWriter::open(const QString &path)
{
    close();
    m_file = RunFile::open(path, RunFile::Mode::ReadWrite, &m_error);
    m_failed = false;
    return m_file != nullptr;
}

QString RunWriter::path() const
{
    return m_file ? m_file->path() : QString();
}

bool RunWriter::beginPass(const QString &kind)
{
    if (!m_file)
        return false;
    m_seen = 0;
    m_pass = m_file->beginPass(kind);
    if (m_pass < 0 || !m_file->setState(RunState::Running, 0) ||
        !m_file->addEvent(m_pass, 0, QStringLiteral("start"))) {
        fail();
        return false;
    }
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
    if (!m_file || m_failed)
        return;
    if (result.errorCategory() == QLatin1String("cancelled"))
        return; // not checked: left pending so that resuming the run checks it
    if (!m_inBatch) {
        if (!m_file->beginBatch()) {
            fail();
            return;
        }
        m_inBatch = true;
    }
    if (!m_file->addResult(result, m_pass)) {
        fail();
        return;
    }
    if (!m_commitTimer.isActive())
        m_commitTimer.start();
}

void RunWriter::commit()
{
    m_commitTimer.stop();
    if (!m_file || m_failed)
        return;
    if (m_inBatch) {
        m_inBatch = false;
        if (!m_file->commit()) {
            fail();
            return;
        }
    }
    emit committed(m_seen);
}

void RunWriter::finishPass(qint64 wallMs, bool cancelled)
{
    disconnect(m_follow);
    stopFeeding();
    if (!m_file)
        return;
    commit();
    if (!m_failed && m_file->beginBatch()) {
        m_file->addEvent(m_pass, wallMs, cancelled ? QStringLiteral("stop") : QStringLiteral("finish"));
        bool complete = true;
        m_file->forEachPending([&complete](const CheckTarget &) {
            complete = false;
            return false;
        });
        m_file->setState(complete && !cancelled ? RunState::Finished : RunState::Cancelled, wallMs);
        if (!m_file->commit())
            fail();
    }
    emit committed(m_seen);
    const QString closedPath = m_file->path();
    close();
    emit passClosed(closedPath);
}

void RunWriter::close()
{
    stopFeeding();
    m_commitTimer.stop();
    disconnect(m_follow);
    if (m_file && m_inBatch)
        m_file->commit();
    m_inBatch = false;
    m_file.reset();
}

bool RunWriter::feedPending(Checker *checker)
{
    stopFeeding();
    if (!m_file || !checker->start({}, Checker::InputMode::Streaming))
        return false;
    m_feed = std::make_unique<PendingReader>(*m_file);
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
    if (!m_file)
        return targets;
    targets.reserve(rows.size());
    for (const int row : rows) {
        const std::optional<CheckResult> r = m_file->result(row);
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

void RunWriter::fail()
{
    m_failed = true;
    m_error = m_file ? m_file->lastError() : m_error;
    m_inBatch = false;
    emit failed(m_error);
}

} // namespace Fanout
