#pragma once

#include <QString>
#include <QVector>

#include <vector>

namespace Fanout {

// Whole-run read queries the results table needs at 1,000,000 rows and RunFile does not offer: an order by a
// text column and a text search, done by SQLite (its sorter spills to disk, so memory stays bounded) on a
// connection of their own. Any thread; each call opens and closes its connection. Read-only.
class RunQuery final
{
public:
    enum class TextKey
    {
        Url, // the normalised URL, else the line as written
        Title,
        ContentType,
        FinalUrl,
        Error // the result's error, else the entry's rejection
    };

    // Entry ids ordered by key (case-insensitive for ASCII), ties by id ascending. False and *error on failure.
    static bool idsOrderedBy(const QString &path, TextKey key, bool descending, QVector<int> *ids, QString *error);
    // Per entry id: whether its line, URL, final URL, title, status and reason, content type or error contains
    // text (case-insensitive for ASCII letters, as SQLite's LIKE). matches is sized to max id + 1.
    static bool matching(const QString &path, const QString &text, std::vector<bool> *matches, QString *error);
    // A meta value ("state", "source", "created") without RunFile::open()'s whole-file check: for scanning many
    // runs at start-up. Empty when the file or the key cannot be read.
    static QString metaValue(const QString &path, const QString &key);
    // Rows in entries and in results (-1 each when unreadable).
    static void counts(const QString &path, int *entries, int *results);
};

} // namespace Fanout
