#include "runfixture.h"

#include "io/shard.h"

#include <QSqlDatabase>
#include <QSqlQuery>

using namespace Fanout;

namespace FanoutTest {

QString writeRun(const QString &path, const CraftedRun &run)
{
    const UrlList list = UrlListParser::parseText(run.lines.join(u'\n') + u'\n');
    QVector<CheckTarget> targets = targetsFor(list);
    if (!run.onlyShard.isEmpty()) {
        ShardSpec spec;
        QString why;
        if (!ShardSpec::parse(run.onlyShard, &spec, &why))
            return why;
        QVector<CheckTarget> kept;
        for (const CheckTarget &t : targets) {
            if (spec.contains(t.entry))
                kept.append(t); // the ids stay the list's: a shard keeps its lines and ids
        }
        targets = kept;
    }
    RunMeta meta;
    meta.source = run.source;
    meta.shard = run.shard.isEmpty() ? run.onlyShard : run.shard;
    meta.inputComplete = true;
    QString error;
    std::unique_ptr<RunFile> file = RunFile::create(path, meta, &error);
    if (!file)
        return error;
    if (!file->beginBatch() || !file->addEntries(targets))
        return file->lastError();
    for (const auto &[line, text] : run.duplicates) {
        const QUrl url = UrlListParser::normalise(text);
        for (const CheckTarget &t : targets) {
            if (t.entry.isValid() && t.entry.url == url) {
                if (!file->addDuplicate(line, text, t.id))
                    return file->lastError();
                break;
            }
        }
    }
    const int pass = file->beginPass(QStringLiteral("run"));
    if (pass < 0)
        return file->lastError();
    if (!file->addEvent(pass, 0, QStringLiteral("start")))
        return file->lastError();
    for (const CheckTarget &t : targets) {
        const auto it = run.outcomes.constFind(t.entry.text);
        if (it == run.outcomes.constEnd())
            continue;
        CheckResult r;
        r.id = t.id;
        r.line = t.entry.line;
        r.input = t.entry.text;
        r.url = t.entry.url;
        r.state = CheckState::Done;
        r.status = it->status;
        r.title = it->title;
        r.finalUrl = it->finalUrl.isEmpty() ? t.entry.url : QUrl(it->finalUrl);
        r.error = t.entry.isValid() ? it->error : t.entry.error;
        r.attempts = 1;
        r.timings.startedMs = 0;
        r.timings.finishedMs = it->finishedMs;
        if (!file->addResult(r, pass))
            return file->lastError();
    }
    if (!file->setState(run.state, 1000) || !file->commit())
        return file->lastError();
    file.reset();
    if (!run.passStarted.isEmpty()) {
        // RunFile stamps a pass "now"; a test of "the latest finished wins" needs chosen times.
        const QString name = QStringLiteral("fixture-") + path;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path);
            if (!db.open())
                return QStringLiteral("cannot reopen ") + path;
            QSqlQuery q(db);
            q.prepare(QStringLiteral("UPDATE passes SET started = ?"));
            q.addBindValue(run.passStarted);
            if (!q.exec())
                return QStringLiteral("cannot set the pass start of ") + path;
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
    return {};
}

} // namespace FanoutTest
