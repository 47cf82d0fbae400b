#include "store/runmerge.h"

#include "io/shard.h"
#include "store/scratchdb.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <memory>
#include <vector>

namespace Fanout {

namespace {

constexpr int BatchRows = 5000; // rows per committed transaction of the output

struct Input
{
    QString path;
    std::unique_ptr<RunFile> run;
    RunMeta meta;
    QString schema;          // r0, r1, ...
    QHash<int, int> passMap; // its pass -> the merged run's pass
};

// SQLite writes -journal/-wal/-shm beside a database; a failed merge removes them with the file.
void removeRunFile(const QString &path)
{
    for (const QLatin1String suffix :
         {QLatin1String(""), QLatin1String("-journal"), QLatin1String("-wal"), QLatin1String("-shm")})
        QFile::remove(path + suffix);
}

// Shards: all K/N of one N should be there, once each.
void checkShards(const std::vector<Input> &inputs, QStringList *warnings, bool *complete)
{
    QHash<int, QSet<int>> byCount; // N -> the Ks seen
    int whole = 0;
    for (const Input &in : inputs) {
        if (in.meta.shard.isEmpty()) {
            ++whole;
            continue;
        }
        ShardSpec spec;
        QString why;
        if (!ShardSpec::parse(in.meta.shard, &spec, &why)) {
            warnings->append(QStringLiteral("\"%1\": %2").arg(in.path, why));
            continue;
        }
        if (byCount[spec.count].contains(spec.index))
            warnings->append(QStringLiteral("shard %1 is given more than once; the latest result of each URL is kept")
                                 .arg(spec.toString()));
        byCount[spec.count].insert(spec.index);
    }
    if (byCount.size() > 1)
        warnings->append(QStringLiteral("the inputs split the list in different numbers of shards"));
    if (whole > 0)
        return; // a run of the whole list covers every shard
    for (auto it = byCount.cbegin(); it != byCount.cend(); ++it) {
        QStringList missing;
        for (int k = 0; k < it.key(); ++k) {
            if (!it.value().contains(k))
                missing.append(ShardSpec{k, it.key()}.toString());
        }
        if (!missing.isEmpty()) {
            *complete = false;
            warnings->append(QStringLiteral("shard(s) %1 missing: their URLs are not in the merged run")
                                 .arg(missing.join(QStringLiteral(", "))));
        }
    }
}

class Merger
{
public:
    Merger(const QStringList &paths, const QString &outPath, MergeReport *report, QString *error)
        : m_paths(paths)
        , m_outPath(outPath)
        , m_report(report)
        , m_error(error)
    {}

    bool run()
    {
        if (!openInputs() || !m_db.open(m_error))
            return false;
        for (const Input &in : m_inputs) {
            if (!m_db.attach(in.path, in.schema, false, m_error))
                return false;
        }
        if (!pick())
            return false;
        m_tmpPath = QStringLiteral("%1.merging-%2")
                        .arg(m_outPath)
                        .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        const bool ok = write() && finish();
        if (!ok)
            removeRunFile(m_tmpPath);
        return ok;
    }

private:
    bool fail(const QString &message)
    {
        *m_error = message;
        return false;
    }

    bool openInputs()
    {
        if (m_paths.isEmpty())
            return fail(QStringLiteral("merge: no run files given"));
        if (QFileInfo::exists(m_outPath))
            return fail(QStringLiteral("\"%1\" already exists: a merge writes a new run file and never replaces one")
                            .arg(m_outPath));
        QSet<QString> seen;
        for (const QString &path : m_paths) {
            const QString canonical = QFileInfo(path).canonicalFilePath();
            if (!canonical.isEmpty() && seen.contains(canonical))
                return fail(QStringLiteral("\"%1\" is given twice").arg(path));
            seen.insert(canonical);
            Input in;
            in.path = path;
            in.run = RunFile::open(path, RunFile::Mode::ReadOnly, m_error);
            if (!in.run)
                return false;
            in.meta = in.run->meta();
            in.schema = QStringLiteral("r%1").arg(m_inputs.size());
            m_inputs.push_back(std::move(in));
        }
        const Input &first = m_inputs.front();
        bool sourceWarned = false;
        bool optionsWarned = false;
        for (const Input &in : m_inputs) {
            if (in.meta.source != first.meta.source && !sourceWarned) {
                sourceWarned = true;
                m_report->warnings.append(
                    QStringLiteral("the inputs are runs of different lists (\"%1\" is of \"%2\", \"%3\" of \"%4\"): "
                                   "merged anyway, the source recorded is the first's")
                        .arg(first.path, first.meta.source, in.path, in.meta.source));
            }
            if (optionsToJson(in.meta.options) != optionsToJson(first.meta.options) && !optionsWarned) {
                optionsWarned = true;
                m_report->warnings.append(
                    QStringLiteral("\"%1\" was checked with other options than \"%2\"; the merged run records the "
                                   "first's")
                        .arg(in.path, first.path));
            }
            m_allFinished = m_allFinished && in.meta.state == RunState::Finished;
            m_inputComplete = m_inputComplete && in.meta.inputComplete;
            m_wallMs += in.meta.wallMs;
        }
        checkShards(m_inputs, &m_report->warnings, &m_shardsComplete);
        m_report->inputs = int(m_inputs.size());
        return true;
    }

    // cand: every entry of every input with its match key and how good its result is; pick: the winner of each
    // key, numbered in line order (the merged run's entry ids).
    bool pick()
    {
        const QString statements[] = {
            QStringLiteral("CREATE TABLE cand(src INTEGER, id INTEGER, k TEXT, line INTEGER, text TEXT, url TEXT, "
                           "error TEXT, pass INTEGER, grade INTEGER, fin REAL, PRIMARY KEY(src, id))"),
        };
        for (const QString &sql : statements) {
            if (!m_db.exec(sql, m_error))
                return false;
        }
        for (size_t i = 0; i < m_inputs.size(); ++i) {
            // grade 2: checked (or rejected: the rejection is its verdict), 1: "cancelled: ...", 0: no result.
            // fin: when its result finished, ms since the epoch.
            const QString sql =
                QStringLiteral("INSERT INTO cand SELECT %1, e.id, CASE WHEN e.url IS NOT NULL AND e.url <> '' "
                               "THEN 'u' || e.url ELSE 'l' || COALESCE(e.line, 0) || ' ' || COALESCE(e.text, '') "
                               "END, COALESCE(e.line, 0), e.text, e.url, e.error, r.pass, "
                               "CASE WHEN r.id IS NULL THEN (CASE WHEN e.error <> '' THEN 2 ELSE 0 END) "
                               "WHEN r.error LIKE 'cancelled:%' THEN 1 ELSE 2 END, "
                               "COALESCE((julianday(p.started) - 2440587.5) * 86400000.0 + "
                               "COALESCE(r.finished_ms, 0), 0) "
                               "FROM %2.entries e LEFT JOIN %2.results r ON r.id = e.id "
                               "LEFT JOIN %2.passes p ON p.pass = r.pass")
                    .arg(i)
                    .arg(m_inputs[i].schema);
            if (!m_db.exec(sql, m_error))
                return false;
        }
        if (!m_db.exec(QStringLiteral("CREATE TABLE pick(newid INTEGER PRIMARY KEY, src INTEGER, id INTEGER, "
                                      "k TEXT UNIQUE)"),
                       m_error) ||
            !m_db.exec(QStringLiteral("INSERT INTO pick SELECT ROW_NUMBER() OVER (ORDER BY line, src, id) - 1, src, "
                                      "id, k FROM (SELECT src, id, k, line, ROW_NUMBER() OVER (PARTITION BY k ORDER "
                                      "BY grade DESC, fin DESC, src) AS rn FROM cand) WHERE rn = 1"),
                       m_error) ||
            !m_db.exec(QStringLiteral("CREATE INDEX pick_by_src ON pick(src, id)"), m_error))
            return false;
        QSqlQuery q(m_db.database());
        if (!q.exec(QStringLiteral("SELECT count(*), coalesce(sum(n > 1), 0), coalesce(sum(checked > 1), 0) FROM "
                                   "(SELECT count(*) AS n, sum(grade = 2) AS checked FROM cand GROUP BY k)")) ||
            !q.next())
            return fail(ScratchDb::failure(q, QStringLiteral("cannot match the inputs' entries")));
        m_report->entries = q.value(0).toInt();
        m_report->overlapping = q.value(1).toInt();
        m_report->checkedTwice = q.value(2).toInt();
        return true;
    }

    bool write()
    {
        RunMeta meta = m_inputs.front().meta;
        meta.created = QDateTime::currentDateTimeUtc();
        meta.tool = QStringLiteral(FANOUT_VERSION);
        meta.shard.clear();
        meta.inputComplete = m_inputComplete;
        std::unique_ptr<RunFile> out = RunFile::create(m_tmpPath, meta, m_error);
        if (!out)
            return false;
        const auto outFailed = [&] {
            return fail(out->lastError());
        };
        if (!out->beginBatch())
            return outFailed();

        // Passes and events, renumbered in input order.
        for (Input &in : m_inputs) {
            QSqlQuery q;
            if (!m_db.prepare(&q, QStringLiteral("SELECT pass, kind FROM %1.passes ORDER BY pass").arg(in.schema),
                              m_error))
                return false;
            if (!q.exec())
                return fail(ScratchDb::failure(q, QStringLiteral("cannot read the passes of \"%1\"").arg(in.path)));
            while (q.next()) {
                const int pass = out->beginPass(q.value(1).toString());
                if (pass < 0)
                    return outFailed();
                in.passMap.insert(q.value(0).toInt(), pass);
            }
            if (!m_db.prepare(
                    &q, QStringLiteral("SELECT pass, at_ms, kind, detail FROM %1.events ORDER BY seq").arg(in.schema),
                    m_error))
                return false;
            if (!q.exec())
                return fail(ScratchDb::failure(q, QStringLiteral("cannot read the events of \"%1\"").arg(in.path)));
            while (q.next()) {
                if (!out->addEvent(in.passMap.value(q.value(0).toInt(), 0), q.value(1).toLongLong(),
                                   q.value(2).toString(), q.value(3).toString()))
                    return outFailed();
            }
        }

        // Entries, in the merged order.
        {
            QSqlQuery q;
            if (!m_db.prepare(&q,
                              QStringLiteral("SELECT p.newid, c.line, c.text, c.url, c.error FROM pick p JOIN cand c "
                                             "ON c.src = p.src AND c.id = p.id ORDER BY p.newid"),
                              m_error))
                return false;
            if (!q.exec())
                return fail(ScratchDb::failure(q, QStringLiteral("cannot read the merged entries")));
            QVector<CheckTarget> batch;
            batch.reserve(BatchRows);
            const auto flush = [&] {
                const bool ok = out->addEntries(batch) && out->commit() && out->beginBatch();
                batch.clear();
                return ok;
            };
            while (q.next()) {
                CheckTarget t;
                t.id = q.value(0).toInt();
                t.entry.line = q.value(1).toInt();
                t.entry.text = q.value(2).toString();
                const QString url = q.value(3).toString();
                if (!url.isEmpty())
                    t.entry.url = QUrl::fromEncoded(url.toUtf8(), QUrl::StrictMode);
                t.entry.error = q.value(4).toString();
                batch.append(t);
                if (batch.size() >= BatchRows && !flush())
                    return outFailed();
            }
            if (q.lastError().isValid())
                return fail(ScratchDb::failure(q, QStringLiteral("cannot read the merged entries")));
            if (!batch.isEmpty() && !flush())
                return outFailed();
        }

        // Duplicate lines once each, pointing at the merged ids.
        if (!m_db.exec(QStringLiteral("CREATE TABLE dups(line INTEGER PRIMARY KEY, text TEXT, first_id INTEGER)"),
                       m_error))
            return false;
        for (size_t i = 0; i < m_inputs.size(); ++i) {
            if (!m_db.exec(QStringLiteral("INSERT OR IGNORE INTO dups SELECT d.line, d.text, coalesce(p.newid, -1) "
                                          "FROM %1.duplicates d LEFT JOIN cand c ON c.src = %2 AND c.id = d.first_id "
                                          "LEFT JOIN pick p ON p.k = c.k ORDER BY d.line")
                               .arg(m_inputs[i].schema)
                               .arg(i),
                           m_error))
                return false;
        }
        {
            QSqlQuery q;
            if (!m_db.prepare(&q, QStringLiteral("SELECT line, text, first_id FROM dups ORDER BY line"), m_error))
                return false;
            if (!q.exec())
                return fail(ScratchDb::failure(q, QStringLiteral("cannot read the duplicate lines")));
            while (q.next()) {
                if (!out->addDuplicate(q.value(0).toInt(), q.value(1).toString(), q.value(2).toInt()))
                    return outFailed();
                ++m_report->duplicates;
            }
        }

        // Results: one streaming pass per input in its id order, merge-joined with the picks from it (also in id
        // order), so no result is looked up by id.
        int rows = 0;
        for (size_t i = 0; i < m_inputs.size(); ++i) {
            Input &in = m_inputs[i];
            QSqlQuery picks;
            if (!m_db.prepare(&picks,
                              QStringLiteral("SELECT p.id, p.newid, c.pass, c.pass IS NOT NULL, EXISTS (SELECT 1 FROM "
                                             "%1.earlier_results er WHERE er.id = p.id) FROM pick p JOIN cand c ON "
                                             "c.src = p.src AND c.id = p.id WHERE p.src = %2 ORDER BY p.id")
                                  .arg(in.schema)
                                  .arg(i),
                              m_error))
                return false;
            if (!picks.exec())
                return fail(ScratchDb::failure(picks, QStringLiteral("cannot read the picks")));
            bool more = picks.next();
            bool failed = false;
            const bool read = in.run->forEachResult([&](const CheckResult &source) {
                while (more && picks.value(0).toInt() < source.id)
                    more = picks.next();
                if (!more)
                    return false; // nothing more from this input
                if (picks.value(0).toInt() != source.id || !picks.value(3).toBool())
                    return true; // not the winner, or no result row to carry
                const int newId = picks.value(1).toInt();
                const int pass = in.passMap.value(picks.value(2).toInt(), 0);
                if (picks.value(4).toBool() && !carryEarlier(in, source.id, newId, out.get())) {
                    failed = true;
                    return false;
                }
                CheckResult r = source;
                r.id = newId;
                if (!out->addResult(r, pass)) {
                    failed = !fail(out->lastError());
                    return false;
                }
                ++m_report->results;
                if (r.isFailed() || r.isCancelled()) // not checked: the merged run is not all OK
                    ++m_report->failed;
                if (++rows % BatchRows == 0 && (!out->commit() || !out->beginBatch())) {
                    failed = !fail(out->lastError());
                    return false;
                }
                more = picks.next();
                return true;
            });
            if (failed)
                return false;
            if (!read && more)
                return fail(in.run->lastError());
        }

        // Entries whose winning result is missing or cancelled: the merged run is not finished.
        QSqlQuery q(m_db.database());
        if (!q.exec(QStringLiteral("SELECT count(*) FROM pick p JOIN cand c ON c.src = p.src AND c.id = p.id "
                                   "WHERE c.grade < 2")) ||
            !q.next())
            return fail(ScratchDb::failure(q, QStringLiteral("cannot count unchecked entries")));
        const int unchecked = q.value(0).toInt();
        m_report->state =
            m_allFinished && m_shardsComplete && unchecked == 0 ? RunState::Finished : RunState::Cancelled;
        if (m_allFinished && unchecked > 0)
            m_report->warnings.append(
                QStringLiteral("%1 URL(s) have no result in any input: the merged run is left resumable")
                    .arg(unchecked));
        if (!out->setState(m_report->state, m_wallMs) || !out->commit())
            return outFailed();
        return true; // `out` closes here, before finish() touches the file
    }

    bool carryEarlier(const Input &in, int sourceId, int newId, RunFile *out)
    {
        QSqlQuery q;
        if (!m_db.prepare(
                &q, QStringLiteral("SELECT pass FROM %1.earlier_results WHERE id = ? ORDER BY seq").arg(in.schema),
                m_error))
            return false;
        q.addBindValue(sourceId);
        if (!q.exec())
            return fail(ScratchDb::failure(q, QStringLiteral("cannot read earlier results")));
        const QVector<CheckResult> earlier = in.run->earlierResults(sourceId);
        for (CheckResult r : earlier) {
            const int pass = q.next() ? in.passMap.value(q.value(0).toInt(), 0) : 0;
            r.id = newId;
            if (!out->addResult(r, pass))
                return fail(out->lastError());
        }
        return true;
    }

    // Passes keep their own start times and durations (beginPass() stamps "now").
    bool finish()
    {
        const QString schema = QStringLiteral("m");
        if (!m_db.attach(m_tmpPath, schema, true, m_error))
            return false;
        QSqlDatabase db = m_db.database();
        if (!db.transaction())
            return fail(QStringLiteral("cannot finish \"%1\": no transaction").arg(m_outPath));
        for (const Input &in : m_inputs) {
            for (auto it = in.passMap.cbegin(); it != in.passMap.cend(); ++it) {
                QSqlQuery q(db);
                q.prepare(QStringLiteral("UPDATE m.passes SET started = (SELECT started FROM %1.passes WHERE pass = "
                                         "?), wall_ms = (SELECT wall_ms FROM %1.passes WHERE pass = ?) WHERE pass = ?")
                              .arg(in.schema));
                q.addBindValue(it.key());
                q.addBindValue(it.key());
                q.addBindValue(it.value());
                if (!q.exec()) {
                    db.rollback();
                    return fail(ScratchDb::failure(q, QStringLiteral("cannot copy pass times")));
                }
            }
        }
        if (!db.commit())
            return fail(QStringLiteral("cannot finish \"%1\"").arg(m_outPath));
        if (!m_db.detach(schema, m_error))
            return false;
        if (!QFile::rename(m_tmpPath, m_outPath))
            return fail(
                QStringLiteral("cannot move the merged run to \"%1\" (it may have appeared meanwhile)").arg(m_outPath));
        return true;
    }

    const QStringList m_paths;
    const QString m_outPath;
    MergeReport *m_report;
    QString *m_error;
    std::vector<Input> m_inputs;
    ScratchDb m_db;
    QString m_tmpPath;
    bool m_allFinished = true;
    bool m_inputComplete = true;
    bool m_shardsComplete = true;
    qint64 m_wallMs = 0;
};

} // namespace

bool RunMerge::merge(const QStringList &inputs, const QString &outPath, MergeReport *report, QString *error)
{
    *report = MergeReport();
    Merger merger(inputs, outPath, report, error);
    return merger.run();
}

} // namespace Fanout
