#include "store/scratchdb.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlError>
#include <QUrl>

namespace Fanout {

namespace {

QAtomicInteger<quint64> g_serial;

QString sqlMessage(const QSqlError &error)
{
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return text.isEmpty() ? QStringLiteral("unknown SQLite error") : text;
}

} // namespace

ScratchDb::ScratchDb()
    : m_name(QStringLiteral("fanout-scratch-%1").arg(g_serial.fetchAndAddRelaxed(1)))
{}

ScratchDb::~ScratchDb()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isValid())
            db.close();
    }
    if (QSqlDatabase::contains(m_name))
        QSqlDatabase::removeDatabase(m_name);
}

bool ScratchDb::open(QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    if (!db.isValid()) {
        *error = QStringLiteral("the SQLite driver of Qt SQL is not available");
        return false;
    }
    // An empty name is SQLite's private temporary database; URIs let ATTACH ask for read-only.
    db.setDatabaseName(QString());
    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI"));
    if (!db.open()) {
        *error = QStringLiteral("cannot open a scratch database: ") + sqlMessage(db.lastError());
        return false;
    }
    // Sorts and temporary indexes spill to disk instead of growing in memory.
    return exec(QStringLiteral("PRAGMA temp_store = FILE"), error) &&
           exec(QStringLiteral("PRAGMA cache_size = -32768"), error); // 32 MiB of page cache
}

bool ScratchDb::attach(const QString &path, const QString &schema, bool writable, QString *error)
{
    QUrl uri = QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath());
    if (!writable)
        uri.setQuery(QStringLiteral("mode=ro"));
    QSqlQuery query(database());
    if (!query.prepare(QStringLiteral("ATTACH DATABASE ? AS ") + schema)) {
        *error = failure(query, QStringLiteral("cannot attach \"%1\"").arg(path));
        return false;
    }
    query.addBindValue(uri.toString(QUrl::FullyEncoded));
    if (!query.exec()) {
        *error = failure(query, QStringLiteral("cannot attach \"%1\"").arg(path));
        return false;
    }
    return true;
}

bool ScratchDb::detach(const QString &schema, QString *error)
{
    return exec(QStringLiteral("DETACH DATABASE ") + schema, error);
}

bool ScratchDb::exec(const QString &sql, QString *error)
{
    QSqlQuery query(database());
    if (!query.exec(sql)) {
        *error = failure(query, sql.section(u' ', 0, 3));
        return false;
    }
    return true;
}

bool ScratchDb::prepare(QSqlQuery *query, const QString &sql, QString *error)
{
    *query = QSqlQuery(database());
    query->setForwardOnly(true);
    if (!query->prepare(sql)) {
        *error = failure(*query, sql.section(u' ', 0, 3));
        return false;
    }
    return true;
}

QSqlDatabase ScratchDb::database() const
{
    return QSqlDatabase::database(m_name, false);
}

QString ScratchDb::failure(const QSqlQuery &query, const QString &what)
{
    return what + QStringLiteral(": ") + sqlMessage(query.lastError());
}

} // namespace Fanout
