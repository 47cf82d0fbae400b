#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <QVector>

#include <memory>

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

// A list read as it arrives (stdin from a slow producer): plain text lines are parsed the moment their line
// break comes, so checking starts before the producer ends; duplicates are still kept out, by the same rule
// as UrlListParser. Input whose first line looks like CSV/TSV, or that is not UTF-8 text (a UTF-16 BOM), is
// kept whole and parsed by UrlListParser at the end, where its layout and encoding can be told.
class UrlListStream final
{
public:
    UrlListStream();
    ~UrlListStream();
    UrlListStream(const UrlListStream &) = delete;
    UrlListStream &operator=(const UrlListStream &) = delete;

    // Entries these bytes completed (new distinct URLs and rejected lines), in input order.
    QVector<UrlEntry> feed(QByteArrayView bytes);
    // The input ended: the entries of a last line without a break, or of a whole-kept input.
    QVector<UrlEntry> finish();

    int duplicates() const;
    int skipped() const;
    QString error() const; // a whole-kept input that cannot be read (binary): nothing else is given then

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Fanout
