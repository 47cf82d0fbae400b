#include "store/runfile.h"

#include "io/rules.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUrl>
#include <QVariant>

#include <array>
#include <cmath>
#include <limits>
#include <sqlite3.h>
#include <vector>

namespace Fanout {

namespace {

const QLatin1String FormatName("fanout-run");
constexpr int QuickCheckMaxErrors = 3;

QAtomicInteger<quint64> g_connectionCounter;

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// Qt binds a null QString/QByteArray as SQL NULL: text columns get '' instead, so a value reads back as written.
// SQLite's UTF-16 to UTF-8 conversion swallows the unit after a lone surrogate, so those become U+FFFD first.
QVariant text(const QString &s)
{
    if (s.isNull())
        return QVariant(QStringLiteral(""));
    const qsizetype n = s.size();
    qsizetype i = 0;
    for (; i < n; ++i) {
        const QChar c = s.at(i);
        if (!c.isSurrogate())
            continue;
        if (c.isHighSurrogate() && i + 1 < n && s.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        break;
    }
    if (i == n)
        return QVariant(s);
    QString fixed = s;
    for (qsizetype j = i; j < n; ++j) {
        const QChar c = fixed.at(j);
        if (!c.isSurrogate())
            continue;
        if (c.isHighSurrogate() && j + 1 < n && fixed.at(j + 1).isLowSurrogate()) {
            ++j;
            continue;
        }
        fixed[j] = QChar(QChar::ReplacementCharacter);
    }
    return QVariant(fixed);
}

QVariant urlText(const QUrl &url)
{
    return url.isEmpty() ? QVariant(QStringLiteral("")) : QVariant(url.toString(QUrl::FullyEncoded));
}

QUrl urlFrom(const QVariant &v)
{
    const QString s = v.toString();
    return s.isEmpty() ? QUrl() : QUrl(s, QUrl::TolerantMode);
}

// -1 (not reached) is NULL, so SQL over the file sees "no value" rather than a time.
QVariant msValue(qint64 ms)
{
    return ms < 0 ? QVariant() : QVariant(ms);
}

qint64 msFrom(const QVariant &v)
{
    return v.isNull() ? -1 : v.toLongLong();
}

QVariant blob(const QByteArray &bytes)
{
    return bytes.isEmpty() ? QVariant() : QVariant(bytes);
}

QVariant redirectsJson(const QVector<RedirectHop> &hops)
{
    if (hops.isEmpty())
        return QVariant();
    QJsonArray array;
    for (const RedirectHop &hop : hops) {
        QJsonObject o;
        o.insert(QLatin1String("url"), hop.url.toString(QUrl::FullyEncoded));
        o.insert(QLatin1String("status"), hop.status);
        array.append(o);
    }
    return QVariant(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
}

QVector<RedirectHop> redirectsFrom(const QVariant &v)
{
    QVector<RedirectHop> hops;
    if (v.isNull())
        return hops;
    const QJsonArray array = QJsonDocument::fromJson(v.toString().toUtf8()).array();
    hops.reserve(array.size());
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        hops.append({QUrl(o.value(QLatin1String("url")).toString(), QUrl::TolerantMode),
                     o.value(QLatin1String("status")).toInt()});
    }
    return hops;
}

QString latin1(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes);
}

bool bytesFrom(const QJsonValue &v, QByteArray *out)
{
    if (!v.isString())
        return false;
    const QString s = v.toString();
    for (const QChar c : s) {
        if (c.unicode() > 0xff)
            return false;
    }
    *out = s.toLatin1();
    return true;
}

quint32 be32(const QByteArray &b, int at)
{
    return (quint32(quint8(b[at])) << 24) | (quint32(quint8(b[at + 1])) << 16) | (quint32(quint8(b[at + 2])) << 8) |
           quint32(quint8(b[at + 3]));
}

quint32 be16(const QByteArray &b, int at)
{
    return (quint32(quint8(b[at])) << 8) | quint32(quint8(b[at + 1]));
}

RunState stateFrom(const QString &name)
{
    if (name == QLatin1String("finished"))
        return RunState::Finished;
    if (name == QLatin1String("cancelled"))
        return RunState::Cancelled;
    return RunState::Running;
}

// The sqlite3 connection under a QSQLITE database, or null (the per-row statements then go through Qt SQL). Its
// use with SQLite's API needs a QSQLITE plugin linked to the system libsqlite3, the library this file links: Debian's
// is (a Qt built with its bundled SQLite copy is not, and is not what this project builds against).
sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    if (!db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

// A per-row INSERT prepared on Qt's connection and bound through SQLite's API. Qt SQL's positional bindValue()
// formats and hashes a placeholder name (":0", ":1", ...) for each column of each row: a third of the recorder
// thread's time on a fast run. Values are bound as QSQLITE binds them (qsql_sqlite.cpp, QSQLiteResult::exec), so a
// row reads back the same: a null value (or a null QString/QByteArray) as NULL, int as a 32-bit and qint64 as a
// 64-bit integer, double as a real, QString as UTF-16 text, QByteArray as a blob.
template <int Columns>
class RawInsert final
{
public:
    RawInsert() = default;
    ~RawInsert() { finalize(); }
    Q_DISABLE_COPY_MOVE(RawInsert)

    bool isPrepared() const { return m_stmt != nullptr; }
    bool prepare(sqlite3 *db, const QString &sql, QSqlError *error)
    {
        finalize();
        m_db = db;
        const QByteArray utf8 = sql.toUtf8();
        const int rc = sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &m_stmt, nullptr);
        if (rc == SQLITE_OK)
            return true;
        *error = makeError(QStringLiteral("Unable to execute statement"), rc);
        finalize();
        return false;
    }
    void finalize()
    {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
    // As QSqlQuery::bindValue(index, value): 0-based, kept until exec() has run.
    void bindValue(int index, const QVariant &value) { m_values[size_t(index)] = value; }
    bool exec(QSqlError *error)
    {
        for (int i = 0; i < Columns; ++i)
            bindOne(i + 1, m_values[size_t(i)]);
        const int rc = sqlite3_step(m_stmt);
        sqlite3_reset(m_stmt);
        if (rc == SQLITE_DONE || rc == SQLITE_ROW)
            return true;
        // Extended result codes, as Qt enables them on its connections: 787 is SQLITE_CONSTRAINT_FOREIGNKEY.
        *error = makeError(QStringLiteral("Unable to fetch row"), rc);
        return false;
    }

private:
    void bindOne(int column, const QVariant &value)
    {
        const int type = value.userType();
        if (!value.isValid() || value.isNull() || (type == QMetaType::QString && value.toString().isNull()) ||
            (type == QMetaType::QByteArray && value.toByteArray().isNull())) {
            sqlite3_bind_null(m_stmt, column);
            return;
        }
        switch (type) {
        case QMetaType::Int:
        case QMetaType::Bool:
            sqlite3_bind_int(m_stmt, column, value.toInt());
            return;
        case QMetaType::LongLong:
        case QMetaType::UInt:
            sqlite3_bind_int64(m_stmt, column, value.toLongLong());
            return;
        case QMetaType::Double:
            sqlite3_bind_double(m_stmt, column, value.toDouble());
            return;
        case QMetaType::QByteArray: {
            const QByteArray *bytes = static_cast<const QByteArray *>(value.constData());
            sqlite3_bind_blob(m_stmt, column, bytes->constData(), int(bytes->size()), SQLITE_STATIC);
            return;
        }
        case QMetaType::QString: {
            const QString *string = static_cast<const QString *>(value.constData());
            sqlite3_bind_text16(m_stmt, column, string->unicode(), int(string->size() * sizeof(QChar)), SQLITE_STATIC);
            return;
        }
        default: { // not bound by this file; as QSQLITE does for a type it has no case for
            const QString string = value.toString();
            sqlite3_bind_text16(m_stmt, column, string.unicode(), int(string.size() * sizeof(QChar)), SQLITE_TRANSIENT);
            return;
        }
        }
    }
    QSqlError makeError(const QString &what, int rc) const
    {
        return QSqlError(what, QString::fromUtf8(sqlite3_errmsg(m_db)), QSqlError::StatementError, QString::number(rc));
    }

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    std::array<QVariant, Columns> m_values;
};

// Columns of results and earlier_results after id, in the order every statement here binds and reads them.
const QLatin1String ResultColumns("pass, final_url, status, reason, title, content_type, bytes, attempts, started_ms, "
                                  "connect_ms, sent_ms, headers_ms, finished_ms, redirects, headers, error");
constexpr int ResultColumnCount = 16;

// entries e LEFT JOIN results r: entry columns 0..4, r.id at 5, then ResultColumns from 6.
const QLatin1String JoinedSelect("SELECT e.id, e.line, e.text, e.url, e.error, r.id, r.pass, r.final_url, r.status, "
                                 "r.reason, r.title, r.content_type, r.bytes, r.attempts, r.started_ms, "
                                 "r.connect_ms, r.sent_ms, r.headers_ms, r.finished_ms, r.redirects, r.headers, "
                                 "r.error FROM entries e LEFT JOIN results r ON r.id = e.id");

const QLatin1String SummarySelect("SELECT e.id, e.line, e.error, r.id, r.pass, r.status, r.error, r.started_ms, "
                                  "r.finished_ms, r.bytes, r.attempts FROM entries e LEFT JOIN results r ON r.id = "
                                  "e.id");

// Result columns starting at `at`: pass first.
void readResultColumns(const QSqlQuery &q, int at, CheckResult *r)
{
    r->finalUrl = urlFrom(q.value(at + 1));
    r->status = q.value(at + 2).toInt();
    r->reason = q.value(at + 3).toString();
    r->title = q.value(at + 4).toString();
    r->contentType = q.value(at + 5).toString();
    r->bytes = q.value(at + 6).toLongLong();
    r->attempts = q.value(at + 7).toInt();
    r->timings.startedMs = msFrom(q.value(at + 8));
    r->timings.connectMs = msFrom(q.value(at + 9));
    r->timings.sentMs = msFrom(q.value(at + 10));
    r->timings.headersMs = msFrom(q.value(at + 11));
    r->timings.finishedMs = msFrom(q.value(at + 12));
    r->redirects = redirectsFrom(q.value(at + 13));
    r->rawHeaders = q.value(at + 14).toByteArray();
    r->error = q.value(at + 15).toString();
    r->state = CheckState::Done;
}

CheckResult joinedRow(const QSqlQuery &q)
{
    CheckResult r;
    r.id = q.value(0).toInt();
    r.line = q.value(1).toInt();
    r.input = q.value(2).toString();
    r.url = urlFrom(q.value(3));
    if (q.value(5).isNull()) {
        r.state = CheckState::Queued;
        r.error = q.value(4).toString();
        return r;
    }
    readResultColumns(q, 6, &r);
    return r;
}

ResultSummary summaryRow(const QSqlQuery &q)
{
    ResultSummary s;
    s.id = q.value(0).toInt();
    s.line = q.value(1).toInt();
    const QString entryError = q.value(2).toString();
    s.rejected = !entryError.isEmpty();
    const bool hasResult = !q.value(3).isNull();
    const QString error = hasResult ? q.value(6).toString() : entryError;
    const qsizetype colon = error.indexOf(QLatin1Char(':'));
    s.errorCategory = colon < 0 ? error : error.left(colon);
    if (!hasResult)
        return s;
    s.state = CheckState::Done;
    s.pass = q.value(4).toInt();
    s.status = q.value(5).toInt();
    CheckTimings t;
    t.startedMs = msFrom(q.value(7));
    t.finishedMs = msFrom(q.value(8));
    s.elapsedMs = t.elapsedMs();
    s.bytes = q.value(9).toLongLong();
    s.attempts = q.value(10).toInt();
    return s;
}

} // namespace

QString runStateName(RunState state)
{
    switch (state) {
    case RunState::Running:
        return QStringLiteral("running");
    case RunState::Finished:
        return QStringLiteral("finished");
    case RunState::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("running");
}

QByteArray optionsToJson(const CheckOptions &options)
{
    QJsonObject o;
    o.insert(QLatin1String("concurrency"), options.concurrency);
    o.insert(QLatin1String("perHostLimit"), options.perHostLimit);
    o.insert(QLatin1String("timeoutMs"), options.timeoutMs);
    o.insert(QLatin1String("retries"), options.retries);
    o.insert(QLatin1String("retryBaseDelayMs"), options.retryBaseDelayMs);
    o.insert(QLatin1String("maxRetryWaitMs"), options.maxRetryWaitMs);
    o.insert(QLatin1String("ratePerHost"), options.ratePerHost);
    o.insert(QLatin1String("maxErrorsPerHost"), options.maxErrorsPerHost);
    o.insert(QLatin1String("method"),
             options.method == HttpMethod::Head ? QLatin1String("HEAD") : QLatin1String("GET"));
    o.insert(QLatin1String("maxRedirects"), options.maxRedirects);
    o.insert(QLatin1String("maxBodyBytes"), double(options.maxBodyBytes));
    o.insert(QLatin1String("ignoreTlsErrors"), options.ignoreTlsErrors);
    o.insert(QLatin1String("keepResponseHeaders"), options.keepResponseHeaders);
    o.insert(QLatin1String("userAgent"), latin1(options.userAgent));
    QJsonArray headers;
    for (const auto &header : options.headers)
        headers.append(QJsonArray{latin1(header.first), latin1(header.second)});
    o.insert(QLatin1String("headers"), headers);
    if (!options.acceptText.isEmpty())
        o.insert(QLatin1String("accept"), options.acceptText); // a resumed run keeps its --accept
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool optionsFromJson(const QByteArray &json, CheckOptions *options, QString *why)
{
    auto refuse = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return refuse(QStringLiteral("options are not JSON: ") + parseError.errorString());
    if (!doc.isObject())
        return refuse(QStringLiteral("options are not a JSON object"));
    const QJsonObject o = doc.object();
    CheckOptions out;

    auto readInt = [&o](QLatin1String key, qint64 min, qint64 max, auto *field) {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return true;
        if (!v.isDouble())
            return false;
        const double d = v.toDouble();
        if (!std::isfinite(d) || std::floor(d) != d || d < double(min) || d > double(max))
            return false;
        *field = static_cast<std::remove_pointer_t<decltype(field)>>(d);
        return true;
    };
    auto readBool = [&o](QLatin1String key, bool *field) {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return true;
        if (!v.isBool())
            return false;
        *field = v.toBool();
        return true;
    };
    constexpr qint64 intMax = std::numeric_limits<int>::max();
    constexpr qint64 bigMax = qint64(1) << 53; // exact in a JSON number
    struct IntField
    {
        const char *key;
        qint64 min;
        int *field;
    };
    const IntField ints[] = {
        {"concurrency", 1, &out.concurrency},
        {"perHostLimit", 0, &out.perHostLimit},
        {"timeoutMs", 0, &out.timeoutMs},
        {"retries", 0, &out.retries},
        {"retryBaseDelayMs", 0, &out.retryBaseDelayMs},
        {"maxRetryWaitMs", 0, &out.maxRetryWaitMs},
        {"maxRedirects", 0, &out.maxRedirects},
        {"maxErrorsPerHost", 0, &out.maxErrorsPerHost},
    };
    for (const IntField &f : ints) {
        if (!readInt(QLatin1String(f.key), f.min, intMax, f.field))
            return refuse(QStringLiteral("options: '%1' is not a number in range").arg(QLatin1String(f.key)));
    }
    // A fraction, unlike the others; absent in files written before it existed.
    const QJsonValue rate = o.value(QLatin1String("ratePerHost"));
    if (!rate.isUndefined()) {
        if (!rate.isDouble() || !std::isfinite(rate.toDouble()) || rate.toDouble() < 0)
            return refuse(QStringLiteral("options: 'ratePerHost' is not a number in range"));
        out.ratePerHost = rate.toDouble();
    }
    if (!readInt(QLatin1String("maxBodyBytes"), 0, bigMax, &out.maxBodyBytes))
        return refuse(QStringLiteral("options: 'maxBodyBytes' is not a number in range"));
    if (const QJsonValue accept = o.value(QLatin1String("accept")); !accept.isUndefined()) {
        QString acceptWhy;
        if (!accept.isString() || !parseAcceptSpec(accept.toString(), &out.acceptStatuses, &acceptWhy))
            return refuse(QStringLiteral("options: 'accept' is not a status list"));
        out.acceptText = accept.toString();
    }
    if (!readBool(QLatin1String("ignoreTlsErrors"), &out.ignoreTlsErrors))
        return refuse(QStringLiteral("options: 'ignoreTlsErrors' is not true or false"));
    if (!readBool(QLatin1String("keepResponseHeaders"), &out.keepResponseHeaders))
        return refuse(QStringLiteral("options: 'keepResponseHeaders' is not true or false"));

    const QJsonValue method = o.value(QLatin1String("method"));
    if (!method.isUndefined()) {
        if (method.toString() == QLatin1String("GET"))
            out.method = HttpMethod::Get;
        else if (method.toString() == QLatin1String("HEAD"))
            out.method = HttpMethod::Head;
        else
            return refuse(QStringLiteral("options: 'method' is not GET or HEAD"));
    }
    const QJsonValue agent = o.value(QLatin1String("userAgent"));
    if (!agent.isUndefined() && !bytesFrom(agent, &out.userAgent))
        return refuse(QStringLiteral("options: 'userAgent' is not a byte string"));
    const QJsonValue headers = o.value(QLatin1String("headers"));
    if (!headers.isUndefined()) {
        if (!headers.isArray())
            return refuse(QStringLiteral("options: 'headers' is not a list"));
        const QJsonArray list = headers.toArray();
        for (const QJsonValue &item : list) {
            const QJsonArray pair = item.toArray();
            QByteArray name;
            QByteArray value;
            if (!item.isArray() || pair.size() != 2 || !bytesFrom(pair.at(0), &name) || !bytesFrom(pair.at(1), &value))
                return refuse(QStringLiteral("options: a header is not a [name, value] pair of byte strings"));
            out.headers.append({name, value});
        }
    }
    *options = out;
    return true;
}

struct RunFile::Private
{
    QString path;
    Mode mode = Mode::ReadOnly;
    bool verifyWhole = true; // open(): PRAGMA quick_check
    QString connectionName;
    QSqlDatabase db;
    bool hasSources = false; // the optional sources table is known to exist
    QString lastError;
    ErrorKind errorKind = ErrorKind::None;
    QSqlError lastSqlError; // of the last failSql(), for open() to tell why SQLite could not read a file
    bool inBatch = false;

    // Prepared once, reused for every row.
    std::unique_ptr<QSqlQuery> insertEntry;
    std::unique_ptr<QSqlQuery> insertDuplicate;
    std::unique_ptr<QSqlQuery> keepEarlier;
    std::unique_ptr<QSqlQuery> insertResult;
    std::unique_ptr<QSqlQuery> insertEvent;
    // The same two per-row statements through SQLite's API when the connection's handle is usable (sqliteHandle).
    sqlite3 *handle = nullptr;
    RawInsert<5> rawInsertEntry;
    RawInsert<1 + ResultColumnCount> rawInsertResult;

    ~Private() { close(); }

    bool fail(const QString &what, ErrorKind kind = ErrorKind::Storage)
    {
        lastError = what;
        errorKind = kind;
        return false;
    }
    bool failSql(const QString &doing, const QSqlError &error)
    {
        lastSqlError = error;
        const QString reason = error.databaseText().isEmpty() ? error.text() : error.databaseText();
        // SQLITE_CONSTRAINT (19) and its extended codes: the row was refused, the file is fine.
        const bool refused = (error.nativeErrorCode().toInt() & 0xff) == 19;
        return fail(QStringLiteral("Run file %1: %2: %3").arg(nativePath(path), doing, reason),
                    refused ? ErrorKind::Refused : ErrorKind::Storage);
    }

    bool exec(const QString &sql, const QString &doing)
    {
        QSqlQuery q(db);
        if (!q.exec(sql))
            return failSql(doing, q.lastError());
        return true;
    }

    // One value of a one-row query; an invalid QVariant on error (lastError set).
    QVariant scalar(const QString &sql, const QString &doing, bool *ok = nullptr)
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(sql) || !q.next()) {
            if (q.lastError().isValid())
                failSql(doing, q.lastError());
            else
                fail(QStringLiteral("Run file %1: %2: no row").arg(nativePath(path), doing));
            if (ok)
                *ok = false;
            return {};
        }
        if (ok)
            *ok = true;
        return q.value(0);
    }

    // Ids that have (or may have) a current result, so addResult() looks for one to keep only where there can be
    // one. Loaded on first use; a bit set for a row a rollback took back only costs a needless look.
    std::vector<bool> resultIds;
    bool resultIdsLoaded = false;
    static constexpr int MaxTrackedId = 64 * 1024 * 1024; // beyond: always look

    bool mayHaveResult(int id)
    {
        if (!resultIdsLoaded) {
            resultIdsLoaded = true;
            QSqlQuery q(db);
            q.setForwardOnly(true);
            if (q.exec(QStringLiteral("SELECT id FROM results"))) {
                while (q.next())
                    markResult(q.value(0).toInt());
            }
            if (q.lastError().isValid())
                resultIds.assign(MaxTrackedId, true); // unknown: always look
        }
        return id < 0 || id >= MaxTrackedId || (size_t(id) < resultIds.size() && resultIds[size_t(id)]);
    }
    void markResult(int id)
    {
        if (id < 0 || id >= MaxTrackedId)
            return;
        if (size_t(id) >= resultIds.size())
            resultIds.resize(qMax(size_t(id) + 1, resultIds.size() * 2), false);
        resultIds[size_t(id)] = true;
    }

    bool prepare(std::unique_ptr<QSqlQuery> &slot, const QString &sql)
    {
        if (slot)
            return true;
        auto q = std::make_unique<QSqlQuery>(db);
        if (!q->prepare(sql))
            return failSql(QStringLiteral("cannot prepare a statement"), q->lastError());
        slot = std::move(q);
        return true;
    }

    bool writable()
    {
        if (mode == Mode::ReadWrite && db.isOpen())
            return true;
        return fail(QStringLiteral("Run file %1 is open read-only").arg(nativePath(path)));
    }

    bool addDatabase(bool readOnly, bool immutable)
    {
        connectionName = QStringLiteral("fanout-run-%1").arg(++g_connectionCounter);
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        if (!db.isValid())
            return fail(QStringLiteral("Cannot open run file %1: Qt's SQLite driver (QSQLITE) is not available")
                            .arg(nativePath(path)));
        QStringList options{QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000")};
        if (readOnly)
            options << QStringLiteral("QSQLITE_OPEN_READONLY");
        if (immutable) {
            options << QStringLiteral("QSQLITE_OPEN_URI");
            db.setDatabaseName(QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toString(QUrl::FullyEncoded) +
                               QStringLiteral("?immutable=1"));
        } else {
            db.setDatabaseName(path);
        }
        db.setConnectOptions(options.join(QLatin1Char(';')));
        if (!db.open())
            return failSql(QStringLiteral("cannot open"), db.lastError());
        handle = sqliteHandle(db);
        return true;
    }

    bool setUpWriting()
    {
        // WAL + NORMAL: a commit is an append to the WAL without fsync; kill -9 cannot lose it.
        const QString journal =
            scalar(QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("cannot use WAL")).toString().toLower();
        if (journal != QLatin1String("wal"))
            return fail(
                QStringLiteral("Run file %1: cannot switch to WAL journal (got '%2')").arg(nativePath(path), journal));
        // A larger page cache than SQLite's 2 MB default: the B-trees' upper pages stay in memory at a million rows.
        return exec(QStringLiteral("PRAGMA synchronous=NORMAL"), QStringLiteral("cannot set synchronous")) &&
               exec(QStringLiteral("PRAGMA cache_size=-2048"), QStringLiteral("cannot set the cache size")) &&
               exec(QStringLiteral("PRAGMA foreign_keys=ON"), QStringLiteral("cannot enable foreign keys"));
    }

    void close()
    {
        if (!db.isValid())
            return;
        if (db.isOpen()) {
            if (inBatch)
                commitBatch();
            rawInsertEntry.finalize(); // before Qt closes the connection, which refuses while statements are open
            rawInsertResult.finalize();
            insertEntry.reset();
            insertDuplicate.reset();
            keepEarlier.reset();
            insertResult.reset();
            insertEvent.reset();
            if (mode == Mode::ReadWrite) {
                // Best effort, without waiting on readers: a file at rest is one file with no side files.
                QSqlQuery q(db);
                q.exec(QStringLiteral("PRAGMA busy_timeout=0"));
                if (q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")))
                    q.exec(QStringLiteral("PRAGMA journal_mode=DELETE"));
            }
            db.close();
        }
        handle = nullptr;
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
    }

    bool beginBatch()
    {
        if (inBatch)
            return true;
        if (!writable())
            return false;
        if (!exec(QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("cannot begin a transaction")))
            return false;
        inBatch = true;
        return true;
    }

    bool commitBatch()
    {
        if (!inBatch)
            return true;
        inBatch = false;
        if (exec(QStringLiteral("COMMIT"), QStringLiteral("cannot commit")))
            return true;
        // A failed COMMIT (disk full) may leave the transaction open: end it so the next batch can start.
        const QString why = lastError;
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        lastError = why;
        return false;
    }

    // Runs `work` inside the current batch, or inside one of its own when none is open.
    template <typename Work>
    bool inTransaction(Work work)
    {
        if (!writable())
            return false;
        if (inBatch)
            return work();
        if (!beginBatch())
            return false;
        if (!work()) {
            const QString why = lastError;
            inBatch = false;
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
            lastError = why;
            return false;
        }
        return commitBatch();
    }

    bool setMetaValue(const QString &key, const QVariant &value)
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)"));
        q.addBindValue(key);
        q.addBindValue(value);
        if (!q.exec())
            return failSql(QStringLiteral("cannot write '%1'").arg(key), q.lastError());
        return true;
    }

    bool createSchema(const RunMeta &meta)
    {
        const QString statements[] = {
            QStringLiteral("CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID"),
            QStringLiteral("CREATE TABLE entries(id INTEGER PRIMARY KEY, line INTEGER, text TEXT, url TEXT, error "
                           "TEXT)"),
            QStringLiteral("CREATE TABLE duplicates(line INTEGER PRIMARY KEY, text TEXT, first_id INTEGER)"),
            QStringLiteral("CREATE TABLE passes(pass INTEGER PRIMARY KEY, started TEXT, kind TEXT, wall_ms INTEGER "
                           "NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE TABLE results(id INTEGER PRIMARY KEY REFERENCES entries(id), pass INTEGER, "
                           "final_url TEXT, status INTEGER, reason TEXT, title TEXT, content_type TEXT, bytes "
                           "INTEGER, attempts INTEGER, started_ms INTEGER, connect_ms INTEGER, sent_ms INTEGER, "
                           "headers_ms INTEGER, finished_ms INTEGER, redirects TEXT, headers BLOB, error TEXT)"),
            QStringLiteral("CREATE TABLE earlier_results(seq INTEGER PRIMARY KEY, id INTEGER NOT NULL, pass INTEGER, "
                           "final_url TEXT, status INTEGER, reason TEXT, title TEXT, content_type TEXT, bytes "
                           "INTEGER, attempts INTEGER, started_ms INTEGER, connect_ms INTEGER, sent_ms INTEGER, "
                           "headers_ms INTEGER, finished_ms INTEGER, redirects TEXT, headers BLOB, error TEXT)"),
            QStringLiteral("CREATE INDEX earlier_results_by_id ON earlier_results(id, seq)"),
            QStringLiteral("CREATE TABLE events(seq INTEGER PRIMARY KEY, pass INTEGER, at_ms INTEGER, kind TEXT, "
                           "detail TEXT)"),
            QStringLiteral("PRAGMA application_id=%1").arg(ApplicationId),
            QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion),
        };
        for (const QString &sql : statements) {
            if (!exec(sql, QStringLiteral("cannot create the schema")))
                return false;
        }
        const QDateTime created = meta.created.isValid() ? meta.created : QDateTime::currentDateTimeUtc();
        return setMetaValue(QStringLiteral("format"), QString(FormatName)) &&
               setMetaValue(QStringLiteral("created"), created.toUTC().toString(Qt::ISODateWithMs)) &&
               setMetaValue(QStringLiteral("tool"),
                            text(meta.tool.isEmpty() ? QStringLiteral(FANOUT_VERSION) : meta.tool)) &&
               setMetaValue(QStringLiteral("source"), text(meta.source)) &&
               setMetaValue(QStringLiteral("options"), QString::fromUtf8(optionsToJson(meta.options))) &&
               setMetaValue(QStringLiteral("shard"), text(meta.shard)) &&
               setMetaValue(QStringLiteral("rules"), text(meta.rules)) &&
               setMetaValue(QStringLiteral("state"), runStateName(RunState::Running)) &&
               setMetaValue(QStringLiteral("wall_ms"), qint64(0)) &&
               setMetaValue(QStringLiteral("input_complete"), meta.inputComplete ? 1 : 0);
    }

    bool openExisting();
    template <typename Query>
    static void bindResult(Query *q, const CheckResult &r, int pass);
    bool stepJoined(const QString &where, const std::function<bool(const QSqlQuery &)> &row);
};

bool RunFile::Private::openExisting()
{
    const QString shown = nativePath(path);
    const QFileInfo info(path);
    if (!info.exists())
        return fail(QStringLiteral("Cannot open run file %1: no such file").arg(shown));
    if (info.isDir())
        return fail(QStringLiteral("Cannot open run file %1: it is a folder").arg(shown));

    // The header is read first: SQLite takes an empty file for a new database and reads a foreign file lazily.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("Cannot open run file %1: %2").arg(shown, file.errorString()));
    const QByteArray header = file.read(100);
    const qint64 fileSize = file.size();
    file.close();
    if (fileSize == 0)
        return fail(QStringLiteral("%1 is empty, not a Fanout run file").arg(shown));
    static const QByteArray magic("SQLite format 3\0", 16);
    if (!header.startsWith(magic.left(qMin<qsizetype>(header.size(), magic.size()))) || header.size() < 16)
        return fail(QStringLiteral("%1 is not a Fanout run file (not an SQLite database)").arg(shown));
    if (header.size() < 100)
        return fail(QStringLiteral("%1 is truncated (%2 bytes, not even an SQLite header)").arg(shown).arg(fileSize));
    quint32 pageSize = be16(header, 16);
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        return fail(
            QStringLiteral("%1 is damaged (its SQLite header gives a page size of %2)").arg(shown).arg(pageSize));
    const bool walMode = quint8(header[18]) == 2 || quint8(header[19]) == 2;
    const QFileInfo wal(path + QStringLiteral("-wal"));
    const qint64 walSize = wal.exists() ? wal.size() : 0;
    if (walSize == 0) {
        // Without a WAL the main file must hold every page its header counts (when that count is current).
        const quint32 pages = be32(header, 28);
        const bool countValid = be32(header, 24) == be32(header, 92) && pages > 0;
        const qint64 expected = qint64(pages) * pageSize;
        if (fileSize % pageSize != 0 || (countValid && fileSize < expected))
            return fail(QStringLiteral("%1 is truncated (%2 bytes of %3)")
                            .arg(shown)
                            .arg(fileSize)
                            .arg(countValid ? expected : (fileSize / pageSize + 1) * pageSize));
    }

    const QFileInfo folder(info.absolutePath());
    if (mode == Mode::ReadWrite && (!info.isWritable() || !QFileInfo(folder.absoluteFilePath()).isWritable()))
        return fail(QStringLiteral("Cannot open run file %1 for writing: %2 is read-only")
                        .arg(shown, info.isWritable() ? nativePath(folder.absoluteFilePath()) : shown));
    // A WAL file opens read-only only with its -shm present or creatable; else the file is read as it stands.
    const bool immutable = mode == Mode::ReadOnly && walMode && !folder.isWritable() &&
                           !(wal.exists() && QFileInfo::exists(path + QStringLiteral("-shm")));
    if (!addDatabase(mode == Mode::ReadOnly, immutable))
        return false;

    bool ok = false;
    const QVariant appId = scalar(QStringLiteral("PRAGMA application_id"), QStringLiteral("cannot read"), &ok);
    if (!ok) {
        const QString reason = lastSqlError.databaseText().isEmpty() ? lastError : lastSqlError.databaseText();
        switch (lastSqlError.nativeErrorCode().toInt() & 0xff) {
        case 26: // SQLITE_NOTADB
            return fail(QStringLiteral("%1 is not a Fanout run file (SQLite cannot read it: %2)").arg(shown, reason));
        case 11: // SQLITE_CORRUPT
            return fail(QStringLiteral("%1 is damaged (%2)").arg(shown, reason));
        default:
            if (immutable || walMode)
                return fail(QStringLiteral("Cannot open run file %1: %2 (it is in WAL mode, being written or left "
                                           "unfinished: it needs its -wal and -shm files, or a folder it may write to)")
                                .arg(shown, reason));
            return fail(QStringLiteral("Cannot open run file %1: %2").arg(shown, reason));
        }
    }
    if (appId.toLongLong() != ApplicationId)
        return fail(QStringLiteral("%1 is an SQLite database but not a Fanout run file").arg(shown));
    const int schema = scalar(QStringLiteral("PRAGMA user_version"), QStringLiteral("cannot read"), &ok).toInt();
    if (!ok)
        return false;
    if (schema > SchemaVersion)
        return fail(QStringLiteral("%1 was made by a newer Fanout (schema %2); this one reads schema %3 and older")
                        .arg(shown)
                        .arg(schema)
                        .arg(SchemaVersion));
    if (schema < 1)
        return fail(QStringLiteral("%1 is not a Fanout run file (schema %2)").arg(shown).arg(schema));

    if (verifyWhole) {
        QSqlQuery check(db);
        check.setForwardOnly(true);
        if (!check.exec(QStringLiteral("PRAGMA quick_check(%1)").arg(QuickCheckMaxErrors)))
            return fail(QStringLiteral("%1 is damaged (%2)").arg(shown, check.lastError().databaseText()));
        QStringList problems;
        while (check.next())
            problems << check.value(0).toString();
        if (check.lastError().isValid())
            return fail(QStringLiteral("%1 is damaged (%2)").arg(shown, check.lastError().databaseText()));
        if (problems != QStringList{QStringLiteral("ok")})
            return fail(QStringLiteral("%1 is damaged (%2)").arg(shown, problems.join(QStringLiteral("; "))));
    }
    const int tables = scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN "
                                             "('meta','entries','duplicates','passes','results','earlier_results',"
                                             "'events')"),
                              QStringLiteral("cannot read the schema"), &ok)
                           .toInt();
    if (!ok)
        return false;
    if (tables != 7)
        return fail(QStringLiteral("%1 is not a Fanout run file (tables missing)").arg(shown));
    const QString format =
        scalar(QStringLiteral("SELECT value FROM meta WHERE key='format'"), QStringLiteral("no format"), &ok)
            .toString();
    if (!ok || format != FormatName)
        return fail(QStringLiteral("%1 is not a Fanout run file (format '%2')").arg(shown, format));

    if (mode == Mode::ReadWrite && !setUpWriting())
        return false;
    lastError.clear();
    return true;
}

template <typename Query>
void RunFile::Private::bindResult(Query *q, const CheckResult &r, int pass)
{
    q->bindValue(0, r.id);
    q->bindValue(1, pass);
    q->bindValue(2, urlText(r.finalUrl));
    q->bindValue(3, r.status);
    q->bindValue(4, text(r.reason));
    q->bindValue(5, text(r.title));
    q->bindValue(6, text(r.contentType));
    q->bindValue(7, r.bytes);
    q->bindValue(8, r.attempts);
    q->bindValue(9, msValue(r.timings.startedMs));
    q->bindValue(10, msValue(r.timings.connectMs));
    q->bindValue(11, msValue(r.timings.sentMs));
    q->bindValue(12, msValue(r.timings.headersMs));
    q->bindValue(13, msValue(r.timings.finishedMs));
    q->bindValue(14, redirectsJson(r.redirects));
    q->bindValue(15, blob(r.rawHeaders));
    q->bindValue(16, text(r.error));
}

// One forward-only query stepped row by row: memory stays flat whatever the row count (a scrollable QSqlQuery
// would cache every row).
bool RunFile::Private::stepJoined(const QString &sql, const std::function<bool(const QSqlQuery &)> &row)
{
    if (!db.isOpen())
        return fail(QStringLiteral("Run file %1 is not open").arg(nativePath(path)));
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(sql))
        return failSql(QStringLiteral("cannot read"), q.lastError());
    while (q.next()) {
        if (!row(q))
            return true;
    }
    if (q.lastError().isValid())
        return failSql(QStringLiteral("cannot read"), q.lastError());
    return true;
}

RunFile::RunFile()
    : d(std::make_unique<Private>())
{}

RunFile::~RunFile() = default;

std::unique_ptr<RunFile> RunFile::create(const QString &path, const RunMeta &meta, QString *error)
{
    std::unique_ptr<RunFile> file(new RunFile);
    Private *d = file->d.get();
    d->path = path;
    d->mode = Mode::ReadWrite;
    const QString shown = nativePath(path);
    auto refuse = [&](const QString &why) -> std::unique_ptr<RunFile> {
        if (error)
            *error = why;
        return nullptr;
    };
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return refuse(QStringLiteral("Cannot create run file %1: cannot create its folder").arg(shown));
    // NewOnly: two runs given the same path cannot both create it.
    QFile placeholder(path);
    if (!placeholder.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return refuse(info.exists()
                          ? QStringLiteral("Cannot create run file %1: it already exists").arg(shown)
                          : QStringLiteral("Cannot create run file %1: %2").arg(shown, placeholder.errorString()));
    placeholder.close();

    bool ok = d->addDatabase(false, false) && d->setUpWriting();
    ok = ok && d->beginBatch();
    ok = ok && d->createSchema(meta);
    ok = ok && d->commitBatch();
    if (!ok) {
        const QString why = d->lastError;
        d->close();
        QFile::remove(path);
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        return refuse(why);
    }
    return file;
}

std::unique_ptr<RunFile> RunFile::open(const QString &path, Mode mode, QString *error, Verify verify)
{
    std::unique_ptr<RunFile> file(new RunFile);
    file->d->path = path;
    file->d->mode = mode;
    file->d->verifyWhole = verify == Verify::Whole;
    if (!file->d->openExisting()) {
        if (error)
            *error = file->d->lastError;
        return nullptr;
    }
    return file;
}

QString RunFile::path() const
{
    return d->path;
}

RunFile::Mode RunFile::mode() const
{
    return d->mode;
}

QString RunFile::lastError() const
{
    return d->lastError;
}

RunFile::ErrorKind RunFile::lastErrorKind() const
{
    return d->lastError.isEmpty() ? ErrorKind::None : d->errorKind;
}

RunMeta RunFile::meta(bool withCounts)
{
    RunMeta m;
    if (!d->db.isOpen())
        return m;
    QSqlQuery q(d->db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT key, value FROM meta"))) {
        d->failSql(QStringLiteral("cannot read meta"), q.lastError());
        return m;
    }
    while (q.next()) {
        const QString key = q.value(0).toString();
        const QVariant value = q.value(1);
        if (key == QLatin1String("created"))
            m.created = QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
        else if (key == QLatin1String("tool"))
            m.tool = value.toString();
        else if (key == QLatin1String("source"))
            m.source = value.toString();
        else if (key == QLatin1String("options")) {
            QString why;
            if (!optionsFromJson(value.toString().toUtf8(), &m.options, &why))
                d->fail(QStringLiteral("Run file %1: %2").arg(nativePath(d->path), why));
        } else if (key == QLatin1String("shard"))
            m.shard = value.toString();
        else if (key == QLatin1String("rules"))
            m.rules = value.toString();
        else if (key == QLatin1String("state"))
            m.state = stateFrom(value.toString());
        else if (key == QLatin1String("wall_ms"))
            m.wallMs = value.toLongLong();
        else if (key == QLatin1String("input_complete"))
            m.inputComplete = value.toInt() != 0;
    }
    q.finish();
    m.schema = d->scalar(QStringLiteral("PRAGMA user_version"), QStringLiteral("cannot read the schema")).toInt();
    if (!withCounts)
        return m;
    m.entries = d->scalar(QStringLiteral("SELECT count(*) FROM entries"), QStringLiteral("cannot count")).toInt();
    m.results = d->scalar(QStringLiteral("SELECT count(*) FROM results"), QStringLiteral("cannot count")).toInt();
    m.pending = d->scalar(QStringLiteral("SELECT count(*) FROM entries e LEFT JOIN results r ON r.id = e.id WHERE "
                                         "r.id IS NULL OR r.error LIKE 'cancelled:%'"),
                          QStringLiteral("cannot count"))
                    .toInt();
    m.passes = d->scalar(QStringLiteral("SELECT count(*) FROM passes"), QStringLiteral("cannot count")).toInt();
    return m;
}

bool RunFile::beginBatch()
{
    return d->beginBatch();
}

bool RunFile::commit()
{
    return d->commitBatch();
}

void RunFile::rollback()
{
    if (!d->inBatch)
        return;
    d->inBatch = false;
    QSqlQuery(d->db).exec(QStringLiteral("ROLLBACK"));
}

bool RunFile::inBatch() const
{
    return d->inBatch;
}

bool RunFile::addEntries(const QVector<CheckTarget> &targets)
{
    static const QString sql = QStringLiteral("INSERT INTO entries(id, line, text, url, error) VALUES(?, ?, ?, ?, ?)");
    const auto bind = [](auto *q, const CheckTarget &t) {
        q->bindValue(0, t.id);
        q->bindValue(1, t.entry.line);
        q->bindValue(2, text(t.entry.text));
        q->bindValue(3, urlText(t.entry.url));
        q->bindValue(4, text(t.entry.error));
    };
    return d->inTransaction([&] {
        if (d->handle) {
            QSqlError error;
            if (!d->rawInsertEntry.isPrepared() && !d->rawInsertEntry.prepare(d->handle, sql, &error))
                return d->failSql(QStringLiteral("cannot prepare a statement"), error);
            for (const CheckTarget &t : targets) {
                bind(&d->rawInsertEntry, t);
                if (!d->rawInsertEntry.exec(&error))
                    return d->failSql(QStringLiteral("cannot add entry %1").arg(t.id), error);
            }
            return true;
        }
        if (!d->prepare(d->insertEntry, sql))
            return false;
        QSqlQuery *q = d->insertEntry.get();
        for (const CheckTarget &t : targets) {
            bind(q, t);
            if (!q->exec())
                return d->failSql(QStringLiteral("cannot add entry %1").arg(t.id), q->lastError());
        }
        return true;
    });
}

bool RunFile::addSources(const QVector<QPair<int, QString>> &sources)
{
    return d->inTransaction([&] {
        QSqlQuery q(d->db);
        if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS sources(id INTEGER PRIMARY KEY, sources TEXT)")))
            return d->failSql(QStringLiteral("cannot add the sources table"), q.lastError());
        d->hasSources = true;
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO sources(id, sources) VALUES(?, ?)"));
        for (const auto &[id, where] : sources) {
            if (where.isEmpty())
                continue;
            q.bindValue(0, id);
            q.bindValue(1, text(where));
            if (!q.exec())
                return d->failSql(QStringLiteral("cannot add the sources of entry %1").arg(id), q.lastError());
        }
        return true;
    });
}

bool RunFile::addDuplicate(int line, const QString &lineText, int firstId)
{
    return d->inTransaction([&] {
        if (!d->prepare(d->insertDuplicate,
                        QStringLiteral("INSERT INTO duplicates(line, text, first_id) VALUES(?, ?, ?)")))
            return false;
        QSqlQuery *q = d->insertDuplicate.get();
        q->bindValue(0, line);
        q->bindValue(1, text(lineText));
        q->bindValue(2, firstId);
        if (!q->exec())
            return d->failSql(QStringLiteral("cannot add the duplicate on line %1").arg(line), q->lastError());
        return true;
    });
}

int RunFile::beginPass(const QString &kind)
{
    int pass = -1;
    const bool ok = d->inTransaction([&] {
        QSqlQuery q(d->db);
        q.prepare(QStringLiteral("INSERT INTO passes(started, kind, wall_ms) VALUES(?, ?, 0)"));
        q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        q.addBindValue(text(kind));
        if (!q.exec())
            return d->failSql(QStringLiteral("cannot begin a pass"), q.lastError());
        pass = q.lastInsertId().toInt();
        // A pass under way is a run that can be interrupted: a kill from here on leaves it resumable as such.
        return d->setMetaValue(QStringLiteral("state"), runStateName(RunState::Running));
    });
    return ok ? pass : -1;
}

bool RunFile::addResult(const CheckResult &result, int pass)
{
    static const QString keepSql =
        QStringLiteral("INSERT INTO earlier_results(id, %1) SELECT id, %1 FROM results WHERE id = ?")
            .arg(ResultColumns);
    static const QString insertSql = QStringLiteral("INSERT OR REPLACE INTO results(id, %1) VALUES(?%2)")
                                         .arg(ResultColumns, QStringLiteral(", ?").repeated(ResultColumnCount));
    return d->inTransaction([&] {
        if (!d->prepare(d->keepEarlier, keepSql))
            return false;
        QSqlError error;
        if (d->handle && !d->rawInsertResult.isPrepared() && !d->rawInsertResult.prepare(d->handle, insertSql, &error))
            return d->failSql(QStringLiteral("cannot prepare a statement"), error);
        if (!d->handle && !d->prepare(d->insertResult, insertSql))
            return false;
        // The first result of an entry (nearly all of them) has nothing to keep: one statement, not two.
        if (d->mayHaveResult(result.id)) {
            d->keepEarlier->bindValue(0, result.id);
            if (!d->keepEarlier->exec())
                return d->failSql(QStringLiteral("cannot keep the earlier result of entry %1").arg(result.id),
                                  d->keepEarlier->lastError());
        }
        bool inserted = false;
        if (d->handle) {
            Private::bindResult(&d->rawInsertResult, result, pass);
            inserted = d->rawInsertResult.exec(&error);
        } else {
            Private::bindResult(d->insertResult.get(), result, pass);
            inserted = d->insertResult->exec();
            error = d->insertResult->lastError();
        }
        if (!inserted) {
            // SQLITE_CONSTRAINT_FOREIGNKEY (787): the entry is not in the file.
            if (error.nativeErrorCode() == QLatin1String("787"))
                return d->fail(QStringLiteral("Run file %1: a result for entry %2, which is not in the file")
                                   .arg(nativePath(d->path))
                                   .arg(result.id),
                               ErrorKind::Refused);
            return d->failSql(QStringLiteral("cannot add the result of entry %1").arg(result.id), error);
        }
        d->markResult(result.id);
        return true;
    });
}

bool RunFile::addEvent(int pass, qint64 atMs, const QString &kind, const QString &detail)
{
    return d->inTransaction([&] {
        if (!d->prepare(d->insertEvent,
                        QStringLiteral("INSERT INTO events(pass, at_ms, kind, detail) VALUES(?, ?, ?, ?)")))
            return false;
        QSqlQuery *q = d->insertEvent.get();
        q->bindValue(0, pass);
        q->bindValue(1, atMs);
        q->bindValue(2, text(kind));
        q->bindValue(3, text(detail));
        if (!q->exec())
            return d->failSql(QStringLiteral("cannot add an event"), q->lastError());
        return true;
    });
}

bool RunFile::setState(RunState state, qint64 addWallMs)
{
    return d->inTransaction([&] {
        if (!d->setMetaValue(QStringLiteral("state"), runStateName(state)))
            return false;
        if (addWallMs == 0)
            return true;
        QSqlQuery q(d->db);
        q.prepare(QStringLiteral("UPDATE meta SET value = value + ? WHERE key = 'wall_ms'"));
        q.addBindValue(addWallMs);
        if (!q.exec())
            return d->failSql(QStringLiteral("cannot add to wall_ms"), q.lastError());
        q.prepare(
            QStringLiteral("UPDATE passes SET wall_ms = wall_ms + ? WHERE pass = (SELECT max(pass) FROM passes)"));
        q.addBindValue(addWallMs);
        if (!q.exec())
            return d->failSql(QStringLiteral("cannot add to the pass's wall_ms"), q.lastError());
        return true;
    });
}

bool RunFile::setInputComplete(bool complete)
{
    return d->inTransaction([&] { return d->setMetaValue(QStringLiteral("input_complete"), complete ? 1 : 0); });
}

bool RunFile::setOptions(const CheckOptions &options)
{
    return d->inTransaction(
        [&] { return d->setMetaValue(QStringLiteral("options"), QString::fromUtf8(optionsToJson(options))); });
}

namespace {

const QString PendingSelect = QStringLiteral("SELECT e.id, e.line, e.text, e.url, e.error FROM entries e LEFT JOIN "
                                             "results r ON r.id = e.id WHERE (r.id IS NULL OR r.error LIKE "
                                             "'cancelled:%')");

CheckTarget pendingRow(const QSqlQuery &q)
{
    CheckTarget t;
    t.id = q.value(0).toInt();
    t.entry.line = q.value(1).toInt();
    t.entry.text = q.value(2).toString();
    t.entry.url = urlFrom(q.value(3));
    t.entry.error = q.value(4).toString();
    return t;
}

} // namespace

bool RunFile::forEachPending(const std::function<bool(const CheckTarget &)> &visit)
{
    return d->stepJoined(PendingSelect + QStringLiteral(" ORDER BY e.id"),
                         [&](const QSqlQuery &q) { return visit(pendingRow(q)); });
}

QVector<CheckTarget> RunFile::pending(int firstId, int lastId)
{
    QVector<CheckTarget> list;
    if (lastId < firstId)
        return list;
    d->stepJoined(PendingSelect + QStringLiteral(" AND e.id BETWEEN %1 AND %2 ORDER BY e.id").arg(firstId).arg(lastId),
                  [&](const QSqlQuery &q) {
                      list.append(pendingRow(q));
                      return true;
                  });
    return list;
}

bool RunFile::forEachResult(const std::function<bool(const CheckResult &)> &visit)
{
    if (!d->hasSources) {
        const QVariant found =
            d->scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sources'"),
                      QStringLiteral("cannot read the tables"));
        d->hasSources = found.toInt() > 0;
    }
    if (!d->hasSources)
        return d->stepJoined(JoinedSelect + QStringLiteral(" ORDER BY e.id"),
                             [&](const QSqlQuery &q) { return visit(joinedRow(q)); });
    // The sources ride along as the last column; joinedRow reads the columns before it.
    QString select = JoinedSelect;
    select.replace(QStringLiteral(" FROM entries e "), QStringLiteral(", s.sources FROM entries e "));
    return d->stepJoined(select + QStringLiteral(" LEFT JOIN sources s ON s.id = e.id ORDER BY e.id"),
                         [&](const QSqlQuery &q) {
                             CheckResult r = joinedRow(q);
                             r.sources = q.value(q.record().count() - 1).toString();
                             return visit(r);
                         });
}

bool RunFile::forEachDuplicate(const std::function<bool(const RunDuplicate &)> &visit)
{
    return d->stepJoined(QStringLiteral("SELECT line, text, first_id FROM duplicates ORDER BY line"),
                         [&](const QSqlQuery &q) {
                             return visit(RunDuplicate{q.value(0).toInt(), q.value(1).toString(), q.value(2).toInt()});
                         });
}

std::optional<CheckResult> RunFile::result(int id)
{
    std::optional<CheckResult> found;
    d->stepJoined(JoinedSelect + QStringLiteral(" WHERE e.id = %1").arg(id), [&](const QSqlQuery &q) {
        found = joinedRow(q);
        return false;
    });
    return found;
}

QVector<CheckResult> RunFile::earlierResults(int id)
{
    QVector<CheckResult> list;
    const std::optional<CheckResult> entry = result(id);
    if (!entry)
        return list;
    d->stepJoined(
        QStringLiteral("SELECT id, %1 FROM earlier_results WHERE id = %2 ORDER BY seq").arg(ResultColumns).arg(id),
        [&](const QSqlQuery &q) {
            CheckResult r;
            r.id = id;
            r.line = entry->line;
            r.input = entry->input;
            r.url = entry->url;
            readResultColumns(q, 1, &r);
            list.append(r);
            return true;
        });
    return list;
}

int RunFile::maxEntryId()
{
    bool ok = false;
    const QVariant v = d->scalar(QStringLiteral("SELECT max(id) FROM entries"), QStringLiteral("cannot read"), &ok);
    return !ok || v.isNull() ? -1 : v.toInt();
}

QVector<CheckResult> RunFile::results(int firstId, int lastId)
{
    QVector<CheckResult> list;
    if (lastId < firstId)
        return list;
    d->stepJoined(JoinedSelect + QStringLiteral(" WHERE e.id BETWEEN %1 AND %2 ORDER BY e.id").arg(firstId).arg(lastId),
                  [&](const QSqlQuery &q) {
                      list.append(joinedRow(q));
                      return true;
                  });
    return list;
}

QVector<ResultSummary> RunFile::summaries(int firstId, int lastId)
{
    QVector<ResultSummary> list;
    if (lastId < firstId)
        return list;
    d->stepJoined(SummarySelect +
                      QStringLiteral(" WHERE e.id BETWEEN %1 AND %2 ORDER BY e.id").arg(firstId).arg(lastId),
                  [&](const QSqlQuery &q) {
                      list.append(summaryRow(q));
                      return true;
                  });
    return list;
}

bool RunFile::forEachSummary(const std::function<bool(const ResultSummary &)> &visit)
{
    return d->stepJoined(SummarySelect + QStringLiteral(" ORDER BY e.id"),
                         [&](const QSqlQuery &q) { return visit(summaryRow(q)); });
}

QVector<RunPass> RunFile::passes()
{
    QVector<RunPass> list;
    d->stepJoined(QStringLiteral("SELECT pass, started, kind, wall_ms FROM passes ORDER BY pass"),
                  [&](const QSqlQuery &q) {
                      list.append(RunPass{q.value(0).toInt(),
                                          QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs).toUTC(),
                                          q.value(2).toString(), q.value(3).toLongLong()});
                      return true;
                  });
    return list;
}

QVector<RunEvent> RunFile::events()
{
    QVector<RunEvent> list;
    d->stepJoined(QStringLiteral("SELECT seq, pass, at_ms, kind, detail FROM events ORDER BY seq"),
                  [&](const QSqlQuery &q) {
                      list.append(RunEvent{q.value(0).toLongLong(), q.value(1).toInt(), q.value(2).toLongLong(),
                                           q.value(3).toString(), q.value(4).toString()});
                      return true;
                  });
    return list;
}

} // namespace Fanout
