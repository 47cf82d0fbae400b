#include "store/rundiff.h"

#include "engine/checkresult.h"
#include "store/runfile.h"
#include "store/scratchdb.h"

#include <QSqlError>
#include <QSqlQuery>

#include <iterator>

namespace Fanout {

namespace {

constexpr const char *kChangeNames[DiffChangeCount] = {"new-failure", "fixed", "status",  "redirect",
                                                       "title",       "added", "removed", "unchecked"};

constexpr const char *kColumns[] = {"url",       "change",        "old_status",    "new_status", "old_title",
                                    "new_title", "old_final_url", "new_final_url", "old_error",  "new_error"};

// The verdict rules are CheckResult's (isOk, errorCategory): a diff must call OK what the run called OK.
CheckResult asResult(const RunDiff::Side &side)
{
    CheckResult r;
    r.state = CheckState::Done;
    r.status = side.status;
    r.error = side.error;
    return r;
}

// Key tables: entry id -> match key. URLs match by their normalised form; rejected lines by text and
// occurrence ("t2 foo" is the second rejected "foo"), so two identical bad lines pair up one to one.
QStringList keyTableSql(const QString &schema, const QString &table)
{
    return {
        QStringLiteral("CREATE TABLE %1(id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE)").arg(table),
        QStringLiteral("INSERT OR IGNORE INTO %1(id, k) SELECT id, 'u' || url FROM %2.entries "
                       "WHERE url IS NOT NULL AND url <> '' ORDER BY id")
            .arg(table, schema),
        QStringLiteral("INSERT OR IGNORE INTO %1(id, k) SELECT id, 't' || ROW_NUMBER() OVER (PARTITION BY text "
                       "ORDER BY id) || ' ' || COALESCE(text, '') FROM %2.entries WHERE url IS NULL OR url = ''")
            .arg(table, schema),
    };
}

// The columns of one side, read at `base`: line, text, url, rejection, has-result, status, title, final_url,
// error.
QString sideColumns(const QString &entries, const QString &results)
{
    return QStringLiteral("%1.line, %1.text, %1.url, %1.error, %2.id IS NOT NULL, %2.status, %2.title, "
                          "%2.final_url, %2.error")
        .arg(entries, results);
}
constexpr int kSideColumns = 9;

RunDiff::Side readSide(const QSqlQuery &q, int base, int *line, QString *url)
{
    RunDiff::Side side;
    side.present = true;
    *line = q.value(base).toInt();
    const QString text = q.value(base + 1).toString();
    *url = q.value(base + 2).toString();
    if (url->isEmpty())
        *url = text;
    const QString rejection = q.value(base + 3).toString();
    const bool hasResult = q.value(base + 4).toBool();
    side.status = q.value(base + 5).toInt();
    side.title = q.value(base + 6).toString();
    side.finalUrl = q.value(base + 7).toString();
    side.error = q.value(base + 8).toString();
    // A rejected line's verdict is its rejection, whether or not the run stored a result row for it.
    if (!rejection.isEmpty() && side.error.isEmpty() && side.status == 0)
        side.error = rejection;
    side.hasVerdict = (hasResult || !rejection.isEmpty()) && asResult(side).errorCategory() != u"cancelled";
    return side;
}

void fillRow(DiffRow *row, const RunDiff::Side &o, const RunDiff::Side &n)
{
    row->oldStatus = o.status;
    row->newStatus = n.status;
    row->oldTitle = o.title;
    row->newTitle = n.title;
    row->oldFinalUrl = o.finalUrl;
    row->newFinalUrl = n.finalUrl;
    row->oldError = o.error;
    row->newError = n.error;
}

bool readMeta(const QString &path, RunMeta *meta, QString *error)
{
    const std::unique_ptr<RunFile> run = RunFile::open(path, RunFile::Mode::ReadOnly, error);
    if (!run)
        return false;
    *meta = run->meta();
    return true;
}

QString stateNote(const QString &which, const RunMeta &meta)
{
    if (meta.state == RunState::Finished)
        return {};
    return QStringLiteral("%1 run was %2 before every URL was checked: those URLs show as \"unchecked\"")
        .arg(which, meta.state == RunState::Cancelled ? QStringLiteral("stopped") : QStringLiteral("interrupted"));
}

} // namespace

QString diffChangeName(DiffChange change)
{
    const int i = int(change);
    return i >= 0 && i < DiffChangeCount ? QLatin1String(kChangeNames[i]) : QString();
}

int DiffSummary::changed() const
{
    int sum = 0;
    for (const int c : counts)
        sum += c;
    return sum;
}

QString DiffSummary::toText() const
{
    QStringList parts;
    for (int i = 0; i < DiffChangeCount; ++i) {
        const QString name = diffChangeName(DiffChange(i));
        parts.append(QString::number(counts[size_t(i)]) + u' ' +
                     (i == int(DiffChange::NewFailure) ? QStringLiteral("new failure") : name) +
                     (i == int(DiffChange::NewFailure) && counts[size_t(i)] != 1 ? QStringLiteral("s") : QString()));
    }
    return parts.join(QStringLiteral(", ")) + QStringLiteral("; %1 unchanged").arg(unchanged);
}

bool RunDiff::classify(const Side &o, const Side &n, DiffChange *change)
{
    if (!o.present && !n.present)
        return false;
    if (!o.present) {
        *change = DiffChange::Added;
        return true;
    }
    if (!n.present) {
        *change = DiffChange::Removed;
        return true;
    }
    if (!o.hasVerdict || !n.hasVerdict) {
        *change = DiffChange::Unchecked;
        return true;
    }
    const CheckResult a = asResult(o);
    const CheckResult b = asResult(n);
    if (a.isOk() && !b.isOk())
        *change = DiffChange::NewFailure;
    else if (!a.isOk() && b.isOk())
        *change = DiffChange::Fixed;
    else if (a.status != b.status || a.errorCategory() != b.errorCategory())
        *change = DiffChange::Status;
    else if (o.finalUrl != n.finalUrl)
        *change = DiffChange::Redirect;
    else if (o.title != n.title)
        *change = DiffChange::Title;
    else
        return false;
    return true;
}

bool RunDiff::compare(const QString &oldPath, const QString &newPath, const RowVisitor &visit, DiffSummary *summary,
                      QString *error, QStringList *warnings)
{
    *summary = DiffSummary();
    RunMeta oldMeta;
    RunMeta newMeta;
    if (!readMeta(oldPath, &oldMeta, error) || !readMeta(newPath, &newMeta, error))
        return false;
    QStringList notes;
    if (oldMeta.source != newMeta.source)
        notes.append(QStringLiteral("OLD is a run of \"%1\", NEW of \"%2\": comparing them anyway")
                         .arg(oldMeta.source, newMeta.source));
    if (oldMeta.shard != newMeta.shard)
        notes.append(QStringLiteral("OLD checked shard \"%1\", NEW shard \"%2\" (empty: the whole list): URLs of "
                                    "one shard only show as added or removed")
                         .arg(oldMeta.shard, newMeta.shard));
    for (const QString &note : {stateNote(QStringLiteral("OLD"), oldMeta), stateNote(QStringLiteral("NEW"), newMeta)})
        if (!note.isEmpty())
            notes.append(note);

    ScratchDb db;
    if (!db.open(error) || !db.attach(oldPath, QStringLiteral("o"), false, error) ||
        !db.attach(newPath, QStringLiteral("n"), false, error))
        return false;
    QStringList setup = keyTableSql(QStringLiteral("o"), QStringLiteral("ok"));
    setup += keyTableSql(QStringLiteral("n"), QStringLiteral("nk"));
    for (const QString &sql : setup) {
        if (!db.exec(sql, error))
            return false;
    }

    // Counts, and entries a key table could not take (a URL twice in one run's entries: compared once).
    {
        QSqlQuery q(db.database());
        if (!q.exec(QStringLiteral("SELECT (SELECT count(*) FROM o.entries), (SELECT count(*) FROM ok), "
                                   "(SELECT count(*) FROM n.entries), (SELECT count(*) FROM nk)")) ||
            !q.next()) {
            *error = ScratchDb::failure(q, QStringLiteral("cannot count entries"));
            return false;
        }
        summary->oldEntries = q.value(0).toInt();
        summary->newEntries = q.value(2).toInt();
        for (const auto &[which, all, keyed] :
             {std::tuple(QStringLiteral("OLD"), 0, 1), std::tuple(QStringLiteral("NEW"), 2, 3)}) {
            const int lost = q.value(all).toInt() - q.value(keyed).toInt();
            if (lost > 0)
                notes.append(QStringLiteral("%1 has %2 entries whose URL is already an earlier entry's: compared "
                                            "once")
                                 .arg(which)
                                 .arg(lost));
        }
    }
    if (warnings)
        *warnings += notes;

    const QString matched =
        QStringLiteral("SELECT %1, ok.id IS NOT NULL, %2 FROM nk JOIN n.entries ne ON ne.id = nk.id "
                       "LEFT JOIN n.results nr ON nr.id = nk.id LEFT JOIN ok ON ok.k = nk.k "
                       "LEFT JOIN o.entries oe ON oe.id = ok.id LEFT JOIN o.results orr ON orr.id = ok.id "
                       "ORDER BY nk.id")
            .arg(sideColumns(QStringLiteral("ne"), QStringLiteral("nr")),
                 sideColumns(QStringLiteral("oe"), QStringLiteral("orr")));
    const QString removed = QStringLiteral("SELECT %1 FROM ok JOIN o.entries oe ON oe.id = ok.id "
                                           "LEFT JOIN o.results orr ON orr.id = ok.id "
                                           "WHERE NOT EXISTS (SELECT 1 FROM nk WHERE nk.k = ok.k) ORDER BY ok.id")
                                .arg(sideColumns(QStringLiteral("oe"), QStringLiteral("orr")));

    // One scan of NEW in its order: new failures (what a reader of the diff must see first) go out at once, the
    // other changes wait in a scratch table (on disk, in scan order) and follow. Cheaper than a second scan of
    // the join or a sort of a million rows by kind.
    if (!db.exec(QStringLiteral("CREATE TABLE later(seq INTEGER PRIMARY KEY, change INTEGER, url TEXT, old_status "
                                "INTEGER, new_status INTEGER, old_title TEXT, new_title TEXT, old_final_url TEXT, "
                                "new_final_url TEXT, old_error TEXT, new_error TEXT, old_line INTEGER, "
                                "new_line INTEGER)"),
                 error))
        return false;
    QSqlDatabase connection = db.database();
    if (!connection.transaction()) {
        *error = QStringLiteral("cannot start a scratch transaction");
        return false;
    }
    {
        QSqlQuery keep;
        if (!db.prepare(&keep, QStringLiteral("INSERT INTO later VALUES(NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        error))
            return false;
        QSqlQuery q;
        if (!db.prepare(&q, matched, error))
            return false;
        if (!q.exec()) {
            *error = ScratchDb::failure(q, QStringLiteral("cannot compare the runs"));
            return false;
        }
        while (q.next()) {
            DiffRow row;
            const Side n = readSide(q, 0, &row.newLine, &row.url);
            Side o;
            QString oldUrl;
            if (q.value(kSideColumns).toBool())
                o = readSide(q, kSideColumns + 1, &row.oldLine, &oldUrl);
            DiffChange change = DiffChange::Status;
            if (!RunDiff::classify(o, n, &change)) {
                ++summary->unchanged;
                continue;
            }
            row.change = change;
            fillRow(&row, o, n);
            ++summary->counts[size_t(change)];
            if (change == DiffChange::NewFailure) {
                if (!visit(row)) {
                    *error = QStringLiteral("the diff was stopped");
                    return false;
                }
                continue;
            }
            const QVariant values[] = {int(row.change), row.url,      row.oldStatus,   row.newStatus,
                                       row.oldTitle,    row.newTitle, row.oldFinalUrl, row.newFinalUrl,
                                       row.oldError,    row.newError, row.oldLine,     row.newLine};
            for (int i = 0; i < int(std::size(values)); ++i)
                keep.bindValue(i, values[i]);
            if (!keep.exec()) {
                *error = ScratchDb::failure(keep, QStringLiteral("cannot keep a diff row"));
                return false;
            }
        }
        if (q.lastError().isValid()) {
            *error = ScratchDb::failure(q, QStringLiteral("cannot compare the runs"));
            return false;
        }
        if (!db.prepare(&q, QStringLiteral("SELECT * FROM later ORDER BY seq"), error))
            return false;
        if (!q.exec()) {
            *error = ScratchDb::failure(q, QStringLiteral("cannot read the kept rows"));
            return false;
        }
        while (q.next()) {
            DiffRow row;
            row.change = DiffChange(q.value(1).toInt());
            row.url = q.value(2).toString();
            row.oldStatus = q.value(3).toInt();
            row.newStatus = q.value(4).toInt();
            row.oldTitle = q.value(5).toString();
            row.newTitle = q.value(6).toString();
            row.oldFinalUrl = q.value(7).toString();
            row.newFinalUrl = q.value(8).toString();
            row.oldError = q.value(9).toString();
            row.newError = q.value(10).toString();
            row.oldLine = q.value(11).toInt();
            row.newLine = q.value(12).toInt();
            if (!visit(row)) {
                *error = QStringLiteral("the diff was stopped");
                return false;
            }
        }
        if (q.lastError().isValid()) {
            *error = ScratchDb::failure(q, QStringLiteral("cannot read the kept rows"));
            return false;
        }
    }
    connection.rollback(); // the scratch rows are not needed after this

    QSqlQuery q;
    if (!db.prepare(&q, removed, error))
        return false;
    if (!q.exec()) {
        *error = ScratchDb::failure(q, QStringLiteral("cannot compare the runs"));
        return false;
    }
    while (q.next()) {
        DiffRow row;
        const Side o = readSide(q, 0, &row.oldLine, &row.url);
        row.change = DiffChange::Removed;
        fillRow(&row, o, Side());
        ++summary->counts[size_t(DiffChange::Removed)];
        if (!visit(row)) {
            *error = QStringLiteral("the diff was stopped");
            return false;
        }
    }
    if (q.lastError().isValid()) {
        *error = ScratchDb::failure(q, QStringLiteral("cannot compare the runs"));
        return false;
    }
    return true;
}

QStringList DiffWriter::columns()
{
    QStringList names;
    for (const char *name : kColumns)
        names.append(QLatin1String(name));
    return names;
}

DiffWriter::DiffWriter(ExportFormat format, bool utf8Bom)
    : m_format(format)
    , m_utf8Bom(utf8Bom)
{}

QByteArray DiffWriter::header() const
{
    if (m_format == ExportFormat::JsonLines)
        return {};
    QByteArray out = m_utf8Bom ? QByteArray("\xEF\xBB\xBF") : QByteArray();
    out += columns().join(u',').toUtf8() + "\r\n";
    return out;
}

void DiffWriter::append(QByteArray &out, const DiffRow &row) const
{
    const QString texts[] = {row.url,         diffChangeName(row.change),
                             QString(),       QString(),
                             row.oldTitle,    row.newTitle,
                             row.oldFinalUrl, row.newFinalUrl,
                             row.oldError,    row.newError};
    const int statuses[] = {row.oldStatus, row.newStatus};
    constexpr int count = int(std::size(kColumns));
    if (m_format == ExportFormat::Csv) {
        for (int i = 0; i < count; ++i) {
            if (i > 0)
                out += ',';
            if (i == 2 || i == 3) {
                if (statuses[i - 2] > 0)
                    out += QByteArray::number(statuses[i - 2]);
            } else {
                out += ResultWriter::csvTextCell(texts[i]).toUtf8();
            }
        }
        out += "\r\n";
        return;
    }
    out += '{';
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            out += ',';
        out += '"';
        out += kColumns[i];
        out += "\":";
        if (i == 2 || i == 3)
            out += statuses[i - 2] > 0 ? QByteArray::number(statuses[i - 2]) : QByteArray("null");
        else
            out += ResultWriter::jsonString(texts[i]);
    }
    out += "}\n";
}

} // namespace Fanout
