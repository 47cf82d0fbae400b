#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace Fanout {

// A private, temporary SQLite database (on disk, deleted when closed; SQLite keeps only its page cache in
// memory) with run files ATTACHed, for the set queries of diff and merge: joins, dedup and ordering over a
// million rows stay in bounded memory where row loops over two RunFile readers would hold one run in a hash.
// The run files are first opened through RunFile, which refuses missing, foreign, corrupt and newer files
// with a clear error; this class then only reads the tables RunFile documents. One thread, like RunFile.
class ScratchDb final
{
public:
    ScratchDb();
    ~ScratchDb();
    ScratchDb(const ScratchDb &) = delete;
    ScratchDb &operator=(const ScratchDb &) = delete;

    bool open(QString *error);
    // ATTACH the file as `schema`; read-only (mode=ro) unless writable is set.
    bool attach(const QString &path, const QString &schema, bool writable, QString *error);
    bool detach(const QString &schema, QString *error);
    // One statement; *error gets SQLite's message with the statement's first words.
    bool exec(const QString &sql, QString *error);
    // A forward-only query on this connection (rows stepped one at a time), already prepared; the caller binds
    // and exec()s. Returns false with *error when the SQL does not prepare.
    bool prepare(QSqlQuery *query, const QString &sql, QString *error);
    QSqlDatabase database() const;

    static QString failure(const QSqlQuery &query, const QString &what);

private:
    QString m_name; // the Qt SQL connection name, unique per instance
};

} // namespace Fanout
