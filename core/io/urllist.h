#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <QVector>

namespace Fanout {

// One usable or rejected line of a URL list. Rejected lines are kept so they can be shown, never dropped.
struct UrlEntry
{
    int line = 0;  // 1-based line number in the source (for CSV: the record's line)
    QString text;  // the URL as written, whitespace trimmed
    QUrl url;      // normalised http/https URL; empty when rejected
    QString error; // empty when usable; else "invalid: line N: why" or "scheme: line N: why"

    bool isValid() const { return error.isEmpty(); }
};

struct UrlList
{
    QVector<UrlEntry> entries; // distinct URLs and rejected lines, in input order
    int duplicates = 0;        // lines whose URL was already in the list (checked once)
    int skipped = 0;           // blank lines and # comments
    QString encoding;          // how the bytes were decoded: "UTF-8", "UTF-16LE", "GB18030", ...
    QString error;             // whole-input failure (binary file, unreadable): nothing else is filled then

    int validCount() const;
    int invalidCount() const;
};

// Turns text from a file, stdin, the clipboard or a drop into a UrlList. Plain text takes one URL a line;
// CSV/TSV input (detected from content) takes the column that holds URLs, header row allowed.
class UrlListParser final
{
public:
    // Bytes of unknown encoding: BOM, UTF-8, else GB18030; binary input sets UrlList::error.
    static UrlList parse(const QByteArray &data);
    // Already-decoded text (a paste or drop).
    static UrlList parseText(const QString &text);
    // Reads the file; a missing/unreadable/binary file sets UrlList::error with a clear message.
    static UrlList parseFile(const QString &path);
    // Normalises one string as the list parser would: bare hosts get https://, IDN hosts are accepted.
    // Returns an invalid QUrl and sets *why ("invalid: ..." or "scheme: ...") when unusable.
    static QUrl normalise(const QString &text, QString *why = nullptr);
};

} // namespace Fanout
