#include "store/runquery.h"

#include <QAtomicInt>
#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <utility>

namespace Fanout {

namespace {

QAtomicInt g_queryConnections;

// One read-only connection for the length of a call, removed afterwards (Qt keeps connections by name).
class Connection final
{
public:
    explicit Connection(const QString &path)
        : m_name(QStringLiteral("fanout-runquery-%1").arg(g_queryConnections.fetchAndAddRelaxed(1)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            m_error = QStringLiteral("Cannot read run file %1: %2")
                          .arg(QDir::toNativeSeparators(path), db.lastError().text());
    }
    ~Connection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    QString error() const { return m_error; }

private:
    QString m_name;
    QString m_error;
};

QString keySql(RunQuery::TextKey key)
{
    switch (key) {
    case RunQuery::TextKey::Url:
        return QStringLiteral("COALESCE(NULLIF(e.url, ''), e.text, '')");
    case RunQuery::TextKey::Title:
        return QStringLiteral("COALESCE(r.title, '')");
    case RunQuery::TextKey::ContentType:
        return QStringLiteral("COALESCE(r.content_type, '')");
    case RunQuery::TextKey::FinalUrl:
        return QStringLiteral("COALESCE(r.final_url, '')");
    case RunQuery::TextKey::Error:
        return QStringLiteral("COALESCE(r.error, e.error, '')");
    }
    return QStringLiteral("''");
}

bool failed(const QSqlQuery &q, QString *error)
{
    if (error)
        *error = q.lastError().text();
    return false;
}

} // namespace

bool RunQuery::idsOrderedBy(const QString &path, TextKey key, bool descending, QVector<int> *ids, QString *error)
{
    Connection connection(path);
    if (!connection.error().isEmpty()) {
        if (error)
            *error = connection.error();
        return false;
    }
    QSqlQuery q(connection.db());
    q.setForwardOnly(true);
    const QString sql = QStringLiteral("SELECT e.id FROM entries e LEFT JOIN results r ON r.id = e.id ORDER BY ") +
                        keySql(key) + QStringLiteral(" COLLATE NOCASE ") +
                        (descending ? QStringLiteral("DESC") : QStringLiteral("ASC")) + QStringLiteral(", e.id");
    if (!q.exec(sql))
        return failed(q, error);
    ids->clear();
    while (q.next())
        ids->append(q.value(0).toInt());
    return true;
}

QString RunQuery::metaValue(const QString &path, const QString &key)
{
    Connection connection(path);
    if (!connection.error().isEmpty())
        return {};
    QSqlQuery q(connection.db());
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?")))
        return {};
    q.addBindValue(key);
    if (!q.exec() || !q.next())
        return {};
    return q.value(0).toString();
}

void RunQuery::counts(const QString &path, int *entries, int *results)
{
    *entries = -1;
    *results = -1;
    Connection connection(path);
    if (!connection.error().isEmpty())
        return;
    QSqlQuery q(connection.db());
    q.setForwardOnly(true);
    if (q.exec(QStringLiteral("SELECT count(*) FROM entries")) && q.next())
        *entries = q.value(0).toInt();
    if (q.exec(QStringLiteral("SELECT count(*) FROM results")) && q.next())
        *results = q.value(0).toInt();
}

bool RunQuery::matching(const QString &path, const QString &text, std::vector<bool> *matches, QString *error)
{
    Connection connection(path);
    if (!connection.error().isEmpty()) {
        if (error)
            *error = connection.error();
        return false;
    }
    QSqlQuery q(connection.db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(id), -1) FROM entries")) || !q.next())
        return failed(q, error);
    const int maxId = q.value(0).toInt();
    matches->assign(std::size_t(maxId + 1), false);
    QString pattern = text;
    pattern.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'%', QStringLiteral("\\%"))
        .replace(u'_', QStringLiteral("\\_"));
    pattern = u'%' + pattern + u'%';
    const QString like = QStringLiteral(" LIKE ? ESCAPE '\\'");
    const QString sql = QStringLiteral("SELECT e.id FROM entries e LEFT JOIN results r ON r.id = e.id WHERE e.text") +
                        like + QStringLiteral(" OR e.url") + like + QStringLiteral(" OR e.error") + like +
                        QStringLiteral(" OR r.final_url") + like + QStringLiteral(" OR r.title") + like +
                        QStringLiteral(" OR (CAST(r.status AS TEXT) || ' ' || COALESCE(r.reason, ''))") + like +
                        QStringLiteral(" OR r.content_type") + like + QStringLiteral(" OR r.error") + like;
    QSqlQuery select(connection.db());
    select.setForwardOnly(true);
    if (!select.prepare(sql))
        return failed(select, error);
    for (int i = 0; i < 8; ++i) // one per LIKE above
        select.addBindValue(pattern);
    if (!select.exec())
        return failed(select, error);
    while (select.next()) {
        const int id = select.value(0).toInt();
        if (id >= 0 && id <= maxId)
            (*matches)[std::size_t(id)] = true;
    }
    return true;
}

} // namespace Fanout
