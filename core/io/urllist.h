#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <QVector>

#include <functional>
#include <memory>
#include <optional>

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
    // What two lines must share to be duplicates: the normalised URL, as text. text and url are an entry's
    // (UrlEntry::text and ::url, or CheckResult::input and ::url); empty for a rejected entry.
    static QString duplicateKey(const QString &text, const QUrl &url);
};

// A line whose URL an earlier entry already has: not an entry itself, but still reported.
struct UrlDuplicate
{
    int line = 0;        // this line (for CSV: the record's line)
    QString text;        // as written, trimmed
    int firstIndex = -1; // the entry it repeats: its index among the entries read (its target id)
    // False when only the 64-bit hashes matched and nobody could compare the URLs (see UrlListReader): a
    // probable duplicate, to be confirmed against the first entry with UrlListParser::duplicateKey().
    bool confirmed = true;
};

// The hash of a duplicate key; replaceable so tests can force collisions.
using UrlKeyHash = quint64 (*)(QStringView key);

// A list file read as a stream, a batch at a time on demand: the same entries (in the same order, with the same
// verdicts, line numbers and errors) as UrlListParser::parseFile, but memory follows the batch, not the list.
//
// open() reads the file once to settle what parseFile settles from the whole input (binary or text, which
// encoding); read() then decodes and parses it in 64 KiB steps, after telling the layout (plain or CSV/TSV,
// which column) from the first block as parseFile does. A pipe or device cannot be read twice: it is read
// whole (as parseFile reads it). A quoted CSV field that never closes is held until the end of the file.
//
// Duplicates are found without the URLs: an open-addressing set of the 64-bit hashes of their keys, about 16
// bytes per distinct URL. On a hash match the URLs are compared when the first one is still here (not handed
// out yet); otherwise the ConfirmDuplicate callback compares them (the caller keeps what it was handed, e.g. in
// the run file); without one the line is reported as a probable duplicate (UrlDuplicate::confirmed false). A
// false match needs two distinct URLs with equal 64-bit hashes: about n^2 / 2^65 for n URLs, 3e-8 at a
// million, so unconfirmed reports are exact in practice and flagged anyway.
class UrlListReader final
{
public:
    // Whether the URL of the entry at firstIndex has this duplicate key (UrlListParser::duplicateKey); called
    // only on a hash match against an entry handed out already. std::nullopt: cannot tell (then probable).
    using ConfirmDuplicate = std::function<std::optional<bool>(int firstIndex, QStringView key)>;

    explicit UrlListReader(const QString &path, UrlKeyHash hash = nullptr);
    ~UrlListReader();
    UrlListReader(const UrlListReader &) = delete;
    UrlListReader &operator=(const UrlListReader &) = delete;

    // Checks the whole file; false with error() set (parseFile's messages) when it cannot be a list.
    bool open();
    QString error() const;
    QString encoding() const; // as UrlList::encoding, known after open()

    // The next entries, at most max (distinct URLs and rejected lines, in input order); empty at the end.
    // An entry's index is its position among all entries read: the first is 0.
    QVector<UrlEntry> read(int max);
    bool atEnd() const;
    int entriesRead() const; // the index the next entry gets
    // Duplicate lines found since the last call, in input order.
    QVector<UrlDuplicate> takeDuplicates();
    int duplicates() const;
    int skipped() const;
    void setConfirmDuplicate(ConfirmDuplicate confirm);

private:
    struct Private;
    std::unique_ptr<Private> d;
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
    // The repeated lines met since the last call (one URL a line only; a table's are counted, not listed):
    // firstIndex is the index of the entry repeated, among the entries handed out.
    QVector<UrlDuplicate> takeDuplicates();
    // As UrlListReader's: lets an entry no longer held be compared exactly instead of by hash alone.
    void setConfirmDuplicate(UrlListReader::ConfirmDuplicate confirm);
    int skipped() const;
    QString error() const; // a whole-kept input that cannot be read (binary): nothing else is given then

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Fanout
