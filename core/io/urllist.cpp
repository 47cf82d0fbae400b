#include "io/urllist.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QList>
#include <QStringDecoder>
#include <QStringView>
#include <QVarLengthArray>

#include <cstring>
#include <deque>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace Fanout {

int UrlList::validCount() const
{
    int n = 0;
    for (const UrlEntry &e : entries) {
        if (e.isValid())
            ++n;
    }
    return n;
}

int UrlList::invalidCount() const
{
    return int(entries.size()) - validCount();
}

namespace {

constexpr qint64 kMaxFileSize = qint64(512) * 1024 * 1024;
// Detection looks at this many records: enough to see a header and a pattern, cheap on huge inputs.
constexpr int kSampleRecords = 64;
constexpr qsizetype kBinarySample = 64 * 1024;

bool isAsciiLetter(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isAsciiDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}

bool isControl(char16_t c)
{
    return c < 0x20 || c == 0x7f;
}

// "invalid: why" + line 7 -> "invalid: line 7: why"
QString withLine(const QString &why, int line)
{
    const qsizetype colon = why.indexOf(QLatin1Char(':'));
    if (colon < 0)
        return QStringLiteral("invalid: line ") + QString::number(line) + QStringLiteral(": ") + why;
    return why.left(colon) + QStringLiteral(": line ") + QString::number(line) + QLatin1Char(':') + why.mid(colon + 1);
}

// QUrl::errorString() ends with "; source was ..." which repeats the whole input; keep only the reason.
QString qtReason(const QUrl &url)
{
    QString s = url.errorString();
    const qsizetype cut = s.indexOf(QStringLiteral("; source was"));
    if (cut >= 0)
        s.truncate(cut);
    if (!s.isEmpty())
        s[0] = s.at(0).toLower();
    return s.isEmpty() ? QStringLiteral("not a valid URL") : s;
}

// Length of a leading RFC 3986 scheme followed by ':' (e.g. 4 for "http:"), or -1.
qsizetype schemeLength(QStringView s)
{
    if (s.isEmpty() || !isAsciiLetter(s.front().unicode()))
        return -1;
    for (qsizetype i = 1; i < s.size(); ++i) {
        const char16_t c = s.at(i).unicode();
        if (c == u':')
            return i;
        if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != u'+' && c != u'-' && c != u'.')
            return -1;
    }
    return -1;
}

qsizetype authorityEnd(QStringView s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s.at(i).unicode();
        if (c == u'/' || c == u'?' || c == u'#')
            return i;
    }
    return s.size();
}

// "localhost:8080/x" and "example.com:abc" are hosts with a port; "mailto:x@y" and "javascript:..." are schemes.
bool looksLikeHostPort(QStringView scheme, QStringView rest)
{
    if (scheme.contains(QLatin1Char('.')) || scheme.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QStringView port = rest.left(authorityEnd(rest));
    if (port.isEmpty())
        return false;
    for (const QChar c : port) {
        if (!isAsciiDigit(c.unicode()))
            return false;
    }
    return true;
}

// The pieces of a line that can skip QUrl's parser; views into the line.
struct CanonicalParts
{
    QStringView authority; // "https://host:port"
    QStringView path;
    QStringView query;
    bool hasQuery = false;
};

// Lines that QUrl would give back unchanged (lowercase scheme and host, plain LDH labels, no IPv4 shorthand,
// no punycode, no characters it re-encodes, no fragment) can use the line itself as the duplicate key instead of
// serialising a QUrl again, and can build the QUrl from parts that are already known.
bool isCanonicalHttp(QStringView s, CanonicalParts *parts = nullptr)
{
    qsizetype i;
    if (s.startsWith(u"https://"))
        i = 8;
    else if (s.startsWith(u"http://"))
        i = 7;
    else
        return false;
    const qsizetype n = s.size();
    const qsizetype hostStart = i;
    bool letter = false;
    qsizetype labelStart = i;
    for (; i <= n; ++i) {
        const char16_t c = i < n ? s.at(i).unicode() : u'/';
        if (c >= u'a' && c <= u'z') {
            letter = true;
        } else if (isAsciiDigit(c)) {
        } else if (c == u'-') {
            if (i == labelStart)
                return false;
        } else {
            const qsizetype len = i - labelStart;
            // Empty, over-long, hyphen-ended and punycode labels go through QUrl for its verdict.
            if (len == 0 || len > 63 || s.at(i - 1) == u'-' ||
                (len >= 4 && s.at(labelStart + 2) == u'-' && s.at(labelStart + 3) == u'-'))
                return false;
            if (c != u'.')
                break;
            labelStart = i + 1;
        }
    }
    const qsizetype hostEnd = qMin(i, n);
    if (!letter || hostEnd - hostStart > 253)
        return false;
    i = hostEnd;
    if (i < n && s.at(i) == u':') {
        const qsizetype portStart = ++i;
        int port = 0;
        for (; i < n && isAsciiDigit(s.at(i).unicode()) && i - portStart < 5; ++i)
            port = port * 10 + (s.at(i).unicode() - u'0');
        if (i == portStart || s.at(portStart) == u'0' || port > 65535)
            return false;
    }
    if (i < n && s.at(i) != u'/' && s.at(i) != u'?')
        return false;
    const qsizetype pathStart = i;
    qsizetype queryStart = -1;
    for (; i < n; ++i) {
        const char16_t c = s.at(i).unicode();
        if (isAsciiLetter(c) || isAsciiDigit(c))
            continue;
        switch (c) {
        case u'?':
            if (queryStart < 0)
                queryStart = i;
            continue;
        case u'-':
        case u'.':
        case u'_':
        case u'~':
        case u'!':
        case u'$':
        case u'&':
        case u'\'':
        case u'(':
        case u')':
        case u'*':
        case u'+':
        case u',':
        case u';':
        case u'=':
        case u':':
        case u'@':
        case u'/':
            continue;
        default:
            return false;
        }
    }
    if (parts) {
        parts->authority = s.first(pathStart);
        const qsizetype pathEnd = queryStart < 0 ? n : queryStart;
        parts->path = s.mid(pathStart, pathEnd - pathStart);
        parts->hasQuery = queryStart >= 0;
        parts->query = parts->hasQuery ? s.mid(queryStart + 1) : QStringView();
    }
    return true;
}

bool isHeaderName(QStringView cell)
{
    static const char16_t *const names[] = {
        u"url",     u"urls",     u"uri",  u"link",     u"links",     u"href",   u"address", u"web address",
        u"website", u"web site", u"site", u"homepage", u"home page", u"domain", u"host",    u"hostname",
        u"地址",    u"网址",     u"链接", u"网站",     u"网站地址",  u"域名",   u"主页"};
    const QStringView c = cell.trimmed();
    for (const char16_t *name : names) {
        if (c.compare(QStringView(name), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Looser header match ("Page URL", "website_link") used only when no cell matches exactly.
bool mentionsUrl(QStringView cell)
{
    static const char16_t *const parts[] = {u"url", u"link", u"website", u"网址", u"链接"};
    for (const char16_t *part : parts) {
        if (cell.contains(QStringView(part), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool isValidUrl(QStringView cell)
{
    const QStringView t = cell.trimmed();
    return !t.isEmpty() && UrlListParser::normalise(t.toString()).isValid();
}

// Splits text into lines on LF, CRLF or a lone CR; no extra empty line after a final line break.
class LineReader final
{
public:
    explicit LineReader(QStringView text)
        : m_text(text)
    {}

    bool next(QStringView *line, int *lineNo)
    {
        if (m_pos >= m_text.size())
            return false;
        const char16_t *const data = m_text.utf16();
        const qsizetype n = m_text.size();
        qsizetype i = m_pos;
        while (i < n && data[i] != u'\n' && data[i] != u'\r')
            ++i;
        *line = m_text.mid(m_pos, i - m_pos);
        *lineNo = ++m_line;
        if (i < n && data[i] == u'\r' && i + 1 < n && data[i + 1] == u'\n')
            ++i;
        m_pos = i + 1;
        return true;
    }

private:
    QStringView m_text;
    qsizetype m_pos = 0;
    int m_line = 0;
};

// RFC 4180 records: quoted fields may hold the delimiter, doubled quotes and line breaks. Blank lines and lines
// starting with '#' are reported as such, not as records. An unterminated quote is read as a literal character
// so the rest of the input is not swallowed into one field.
class CsvReader final
{
public:
    enum class Kind
    {
        Record,
        Blank,
        Comment
    };

    CsvReader(QStringView text, QChar delimiter)
        : m_text(text)
        , m_delimiter(delimiter)
    {}

    bool next(Kind *kind, int *startLine)
    {
        if (m_pos >= m_text.size())
            return false;
        m_fields.clear();
        m_scratch.clear();
        m_quoted = false;
        *startLine = m_line;
        const qsizetype lineEnd = physicalLineEnd(m_pos);
        const QStringView physical = m_text.mid(m_pos, lineEnd - m_pos).trimmed();
        if (physical.isEmpty() || physical.startsWith(QLatin1Char('#'))) {
            *kind = physical.isEmpty() ? Kind::Blank : Kind::Comment;
            skipLineBreak(lineEnd);
            return true;
        }
        *kind = Kind::Record;
        const qsizetype start = m_pos;
        m_fellBack = false;
        if (!readRecord(true)) {
            m_fellBack = true;
            m_fields.clear();
            m_scratch.clear();
            m_quoted = false;
            m_pos = start;
            m_line = *startLine;
            readRecord(false);
        }
        return true;
    }

    // For text that arrives in pieces (rebase() with final false while more may follow): like next(), but a
    // record, blank line or comment that reaches the end of the text given (so more text could change it) is
    // not read; false with *more set then. An unterminated quote waits for the end of the input.
    bool nextComplete(Kind *kind, int *startLine, bool *more)
    {
        *more = false;
        const qsizetype pos = m_pos;
        const int line = m_line;
        if (!next(kind, startLine)) {
            *more = !m_final;
            return false;
        }
        if (m_final || (m_pos < m_text.size() && !m_fellBack))
            return true;
        m_pos = pos;
        m_line = line;
        *more = true;
        return false;
    }

    // Goes on in new text (what follows position(), and perhaps more), line numbers counting on.
    void rebase(QStringView text, bool final)
    {
        m_text = text;
        m_pos = 0;
        m_final = final;
    }
    qsizetype position() const { return m_pos; }

    const QList<QStringView> &fields() const { return m_fields; }
    // The last record had at least one quoted field.
    bool quoted() const { return m_quoted; }

private:
    qsizetype physicalLineEnd(qsizetype from) const
    {
        while (from < m_text.size() && m_text.at(from) != u'\n' && m_text.at(from) != u'\r')
            ++from;
        return from;
    }

    // Moves past the line break at pos (if any) and counts it.
    void skipLineBreak(qsizetype pos)
    {
        if (pos < m_text.size()) {
            if (m_text.at(pos) == u'\r' && pos + 1 < m_text.size() && m_text.at(pos + 1) == u'\n')
                ++pos;
            ++m_line;
            ++pos;
        }
        m_pos = pos;
    }

    bool readRecord(bool quotes)
    {
        const qsizetype n = m_text.size();
        qsizetype i = m_pos;
        for (;;) {
            qsizetype j = i;
            while (j < n && (m_text.at(j) == u' ' || m_text.at(j) == u'\t') && m_text.at(j) != m_delimiter)
                ++j;
            if (quotes && j < n && m_text.at(j) == u'"') {
                // Quoted field: a view when it holds no doubled quote, else an unescaped copy.
                qsizetype k = j + 1;
                QString unescaped;
                bool escaped = false;
                qsizetype chunk = k;
                for (;;) {
                    if (k >= n)
                        return false;
                    const QChar c = m_text.at(k);
                    if (c == u'"') {
                        if (k + 1 < n && m_text.at(k + 1) == u'"') {
                            unescaped += m_text.mid(chunk, k + 1 - chunk);
                            escaped = true;
                            k += 2;
                            chunk = k;
                            continue;
                        }
                        break;
                    }
                    if (c == u'\n' || (c == u'\r' && !(k + 1 < n && m_text.at(k + 1) == u'\n')))
                        ++m_line;
                    ++k;
                }
                QStringView value = m_text.mid(j + 1, k - j - 1);
                if (escaped) {
                    unescaped += m_text.mid(chunk, k - chunk);
                    m_scratch.append(unescaped);
                    value = m_scratch.constLast();
                }
                i = k + 1;
                while (i < n && m_text.at(i) != m_delimiter && m_text.at(i) != u'\n' && m_text.at(i) != u'\r')
                    ++i;
                // Text after the closing quote ("a"b) is malformed: keep the raw field so it is reported, not lost.
                if (!m_text.mid(k + 1, i - k - 1).trimmed().isEmpty())
                    value = m_text.mid(j, i - j);
                m_fields.append(value);
                m_quoted = true;
            } else {
                qsizetype k = i;
                while (k < n && m_text.at(k) != m_delimiter && m_text.at(k) != u'\n' && m_text.at(k) != u'\r')
                    ++k;
                m_fields.append(m_text.mid(i, k - i));
                i = k;
            }
            if (i < n && m_text.at(i) == m_delimiter) {
                ++i;
                continue;
            }
            skipLineBreak(i);
            return true;
        }
    }

    QStringView m_text;
    QChar m_delimiter;
    qsizetype m_pos = 0;
    int m_line = 1;
    QList<QStringView> m_fields;
    QList<QString> m_scratch; // unescaped quoted fields that m_fields points into
    bool m_quoted = false;
    bool m_fellBack = false; // the last record's quotes did not close: read again with quotes as text
    bool m_final = true;     // m_text runs to the end of the input
};

struct Layout
{
    bool delimited = false;
    QChar delimiter;
    int column = 0;
    bool header = false;
};

struct CsvGuess
{
    int score = -1;
    int column = 0;
    bool header = false;
};

// quotedColumn: also accept a single column as long as its cells are quoted.
CsvGuess guessCsv(QStringView text, QChar delimiter, bool quotedColumn)
{
    CsvReader reader(text, delimiter);
    CsvReader::Kind kind;
    int line = 0;
    QList<QStringList> records;
    bool tabular = false;
    while (records.size() < kSampleRecords && reader.next(&kind, &line)) {
        if (kind != CsvReader::Kind::Record)
            continue;
        QStringList cells;
        for (const QStringView v : reader.fields())
            cells.append(v.toString());
        records.append(cells);
        tabular = tabular || cells.size() > 1 || (quotedColumn && reader.quoted());
    }
    CsvGuess guess;
    if (!tabular)
        return guess;

    qsizetype columns = 0;
    for (const auto &r : records)
        columns = qMax(columns, r.size());
    QList<int> valid(columns, 0);
    QList<bool> firstValid(columns, false);
    for (qsizetype r = 0; r < records.size(); ++r) {
        for (qsizetype c = 0; c < records.at(r).size(); ++c) {
            if (isValidUrl(records.at(r).at(c))) {
                ++valid[c];
                if (r == 0)
                    firstValid[c] = true;
            }
        }
    }
    const QStringList &first = records.first();
    int named = -1;
    for (qsizetype c = 0; c < first.size() && named < 0; ++c) {
        if (!firstValid.at(c) && isHeaderName(first.at(c)))
            named = int(c);
    }
    for (qsizetype c = 0; c < first.size() && named < 0; ++c) {
        if (!firstValid.at(c) && mentionsUrl(first.at(c)))
            named = int(c);
    }
    if (named >= 0) {
        guess.column = named;
        guess.header = true;
    } else {
        int best = 0;
        for (qsizetype c = 1; c < columns; ++c) {
            if (valid.at(c) > valid.at(best))
                best = int(c);
        }
        guess.column = best;
        // An unnamed first row counts as a header only when nothing in it looks like a URL while most rows
        // below do; otherwise a bad first URL would be hidden as a "header".
        const bool anyFirstValid = firstValid.contains(true);
        const int below = int(records.size()) - 1;
        guess.header = !anyFirstValid && below > 0 && valid.at(best) * 2 >= below && valid.at(best) > 0;
    }
    guess.score = valid.at(guess.column) + (guess.header ? 1 : 0);
    return guess;
}

Layout detectLayout(QStringView text)
{
    Layout layout;
    // Score the plain-text reading: lines that are a URL as a whole (commas inside URLs stay in the URL).
    int textScore = 0;
    LineReader lines(text);
    QStringView line;
    int lineNo = 0;
    int sampled = 0;
    bool delimiterSeen = false;
    while (sampled < kSampleRecords && lines.next(&line, &lineNo)) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (sampled == 0 && isHeaderName(line))
            ++textScore;
        else if (isValidUrl(line))
            ++textScore;
        ++sampled;
        delimiterSeen = delimiterSeen || line.contains(QLatin1Char(',')) || line.contains(QLatin1Char('\t')) ||
                        line.contains(QLatin1Char(';')) || line.contains(QLatin1Char('"'));
    }
    if (!delimiterSeen)
        return layout;
    // The table reading must do strictly better, so a list of comma URLs stays a list.
    int bestScore = textScore;
    for (const QChar delimiter : {QChar(u'\t'), QChar(u','), QChar(u';')}) {
        const CsvGuess guess = guessCsv(text, delimiter, false);
        if (guess.score > bestScore) {
            bestScore = guess.score;
            layout.delimited = true;
            layout.delimiter = delimiter;
            layout.column = guess.column;
            layout.header = guess.header;
        }
    }
    if (!layout.delimited) {
        // One column of quoted cells ("https://a.com/x,y"): the URLs are inside the quotes.
        const CsvGuess guess = guessCsv(text, QChar(u','), true);
        if (guess.score > bestScore) {
            layout.delimited = true;
            layout.delimiter = QChar(u',');
            layout.column = guess.column;
            layout.header = guess.header;
        }
    }
    return layout;
}

// Open-addressing set of entry indices keyed by a 64-bit hash of the duplicate key: the low bits pick the slot,
// the high 32 bits are kept in it next to the index. One 12-byte slot per probe is one cache miss, where
// QSet<QString> chased a string per probe and took a quarter of the parse time at 1M lines.
class KeyIndex final
{
public:
    explicit KeyIndex(qsizetype expected)
    {
        qsizetype capacity = 64;
        while (capacity < expected * 2)
            capacity *= 2;
        resize(capacity);
    }

    // Finds the entry whose key equals the probed one (sameKey(index) confirms a hash match), or returns -1
    // and leaves *slot at the free slot where insert() puts a new one.
    template <typename SameKey>
    int find(quint64 hash, SameKey sameKey, qsizetype *slot) const
    {
        const quint32 tag = quint32(hash >> 32);
        qsizetype i = qsizetype(hash) & m_mask;
        for (;;) {
            const Slot &s = m_slots[size_t(i)];
            if (s.index < 0)
                break;
            if (s.tag == tag && sameKey(s.index))
                return s.index;
            i = (i + 1) & m_mask;
        }
        *slot = i;
        return -1;
    }

    void insert(qsizetype slot, quint64 hash, int index)
    {
        m_slots[size_t(slot)] = Slot{quint32(hash >> 32), index, quint32(hash)};
        if (++m_count * 2 > m_mask + 1)
            resize((m_mask + 1) * 2);
    }

private:
    struct Slot
    {
        quint32 tag = 0;
        int index = -1;
        quint32 low = 0; // the low half, to place the slot again when the table grows
    };

    void resize(qsizetype capacity)
    {
        std::vector<Slot> grown(static_cast<size_t>(capacity));
        const qsizetype mask = capacity - 1;
        for (const Slot &s : m_slots) {
            if (s.index < 0)
                continue;
            qsizetype i = qsizetype(s.low) & mask;
            while (grown[size_t(i)].index >= 0)
                i = (i + 1) & mask;
            grown[size_t(i)] = s;
        }
        m_slots.swap(grown);
        m_mask = mask;
    }

    std::vector<Slot> m_slots;
    qsizetype m_mask = 0;
    qsizetype m_count = 0;
};

quint64 keyHash(QStringView key)
{
    return quint64(qHash(key, size_t(0x9e3779b97f4a7c15ULL)));
}

// The duplicate key of a kept entry, computed again only to confirm a hash match.
QString keyOf(const UrlEntry &entry)
{
    return isCanonicalHttp(entry.text) ? entry.text : QString::fromLatin1(entry.url.toEncoded());
}

// Receives the lines of a list and gives each its verdict: rejected, a duplicate of an earlier one, or a new
// entry. Where entries go and how duplicates are found is the subclass's: ListBuilder keeps the whole list,
// the streaming reader keeps only hashes.
class EntrySink
{
public:
    EntrySink(qsizetype maxSharedAuthorities, UrlKeyHash hash)
        : m_hash(hash ? hash : &keyHash)
        , m_maxSharedAuthorities(maxSharedAuthorities)
    {}
    virtual ~EntrySink() = default;
    EntrySink(const EntrySink &) = delete;
    EntrySink &operator=(const EntrySink &) = delete;

    virtual void skip() = 0; // a blank line, a comment or a header

    void add(int line, QStringView trimmed)
    {
        CanonicalParts parts;
        if (isCanonicalHttp(trimmed, &parts)) {
            const quint64 hash = m_hash(trimmed);
            if (isDuplicate(hash, trimmed, line, trimmed))
                return;
            QUrl url = fromParts(parts);
            if (url.isValid()) {
                accept(hash, UrlEntry{line, trimmed.toString(), std::move(url), QString()});
                return;
            }
            // Not usable after all: the full path below says why.
        }
        QString text = trimmed.toString();
        QString why;
        QUrl url = UrlListParser::normalise(text, &why);
        if (!url.isValid()) {
            reject(UrlEntry{line, std::move(text), QUrl(), withLine(why, line)});
            return;
        }
        const QString key = QString::fromLatin1(url.toEncoded());
        const quint64 hash = m_hash(key);
        if (isDuplicate(hash, key, line, trimmed))
            return;
        accept(hash, UrlEntry{line, std::move(text), std::move(url), QString()});
    }

protected:
    // Whether key was seen before (then the line is counted as a duplicate); called right before accept().
    virtual bool isDuplicate(quint64 hash, QStringView key, int line, QStringView text) = 0;
    virtual void accept(quint64 hash, UrlEntry &&entry) = 0;
    virtual void reject(UrlEntry &&entry) = 0;

private:
    // Same QUrl as parsing the line: the scheme, host and port are parsed once per distinct authority and the
    // QUrl copied from that (sharing its strings), so each line only adds its path and query. About half the
    // time and two thirds of the memory of parsing every line.
    QUrl fromParts(const CanonicalParts &parts)
    {
        QUrl url;
        const auto known = m_authorities.constFind(parts.authority);
        if (known != m_authorities.constEnd()) {
            url = *known;
        } else {
            const QString authority = parts.authority.toString();
            url = QUrl(authority, QUrl::TolerantMode);
            if (m_authorities.size() < m_maxSharedAuthorities) {
                // The key views characters owned by m_authorityKeys, which never change or move.
                m_authorityKeys.append(authority);
                m_authorities.insert(QStringView(m_authorityKeys.constLast()), url);
            }
        }
        if (!url.isValid())
            return url;
        if (!parts.path.isEmpty())
            url.setPath(parts.path.toString(), QUrl::TolerantMode);
        if (parts.hasQuery)
            url.setQuery(parts.query.isEmpty() ? QStringLiteral("") : parts.query.toString(), QUrl::TolerantMode);
        return url;
    }

    UrlKeyHash m_hash;
    qsizetype m_maxSharedAuthorities;
    QHash<QStringView, QUrl> m_authorities;
    QList<QString> m_authorityKeys;
};

// Collects entries in input order and keeps the first of each normalised URL.
class ListBuilder final : public EntrySink
{
public:
    explicit ListBuilder(qsizetype expected)
        : EntrySink(kMaxSharedAuthorities, nullptr)
        , m_keys(expected)
    {
        m_list.entries.reserve(expected);
    }

    void skip() override { ++m_list.skipped; }

    UrlList take() { return std::move(m_list); }
    UrlList &list() { return m_list; }

protected:
    bool isDuplicate(quint64 hash, QStringView key, int, QStringView) override
    {
        if (m_keys.find(
                hash, [&](int i) { return keyOf(m_list.entries.at(i)) == key; }, &m_slot) < 0)
            return false;
        ++m_list.duplicates;
        return true;
    }

    void accept(quint64 hash, UrlEntry &&entry) override
    {
        m_keys.insert(m_slot, hash, int(m_list.entries.size()));
        m_list.entries.append(std::move(entry));
    }

    void reject(UrlEntry &&entry) override { m_list.entries.append(std::move(entry)); }

private:
    static constexpr qsizetype kMaxSharedAuthorities = 100000;

    UrlList m_list;
    KeyIndex m_keys;
    qsizetype m_slot = 0; // where isDuplicate() found room for the key accept() adds
};

// The plain-text reading, fed in pieces that each end at a line break (or at the end of the input).
class TextLines final
{
public:
    explicit TextLines(EntrySink *builder)
        : m_builder(builder)
    {}

    void feed(QStringView block)
    {
        LineReader lines(block);
        QStringView line;
        int lineNo = 0;
        while (lines.next(&line, &lineNo)) {
            line = line.trimmed();
            if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) {
                m_builder->skip();
                continue;
            }
            // A one-column export may still carry its "url" header.
            if (m_first && isHeaderName(line))
                m_builder->skip();
            else
                m_builder->add(m_lineBase + lineNo, line);
            m_first = false;
        }
        m_lineBase += lineNo;
    }

private:
    EntrySink *m_builder;
    int m_lineBase = 0;
    bool m_first = true;
};

// One record (or blank line, or comment) of a table: the cell of the URL column, if any, goes to builder.
void takeRecord(const CsvReader &reader, CsvReader::Kind kind, int lineNo, const Layout &layout, bool *headerPending,
                EntrySink *builder)
{
    if (kind != CsvReader::Kind::Record) {
        builder->skip();
        return;
    }
    if (*headerPending) {
        *headerPending = false;
        builder->skip();
        return;
    }
    const QList<QStringView> &fields = reader.fields();
    const QStringView cell = layout.column < fields.size() ? fields.at(layout.column).trimmed() : QStringView();
    if (cell.isEmpty())
        builder->skip();
    else
        builder->add(lineNo, cell);
}

void parseDelimited(QStringView text, const Layout &layout, EntrySink *builder)
{
    CsvReader reader(text, layout.delimiter);
    CsvReader::Kind kind;
    int lineNo = 0;
    bool headerPending = layout.header;
    while (reader.next(&kind, &lineNo))
        takeRecord(reader, kind, lineNo, layout, &headerPending, builder);
}

// Layout detection looks at the first block only (it needs a few dozen records), so that a reader that streams
// the input can tell the layout exactly as the whole-input parser does: about this many bytes (or characters of
// decoded text), extended to just after a LF so that no line, CRLF pair or multi-byte character (UTF-8 and
// GB18030 never use 0x0A inside one) is split.
constexpr qsizetype kBlockSize = 1024 * 1024;

qsizetype textHeadEnd(QStringView text)
{
    if (text.size() <= kBlockSize)
        return text.size();
    const qsizetype lf = text.indexOf(QLatin1Char('\n'), kBlockSize);
    return lf < 0 ? text.size() : lf + 1;
}

UrlList parseDecoded(QStringView text, const QString &encoding)
{
    if (text.startsWith(QChar(0xfeff)))
        text = text.mid(1);
    const Layout layout = detectLayout(text.first(textHeadEnd(text)));
    ListBuilder builder(text.count(QLatin1Char('\n')) + 1);
    if (layout.delimited) {
        parseDelimited(text, layout, &builder);
    } else {
        TextLines lines(&builder);
        lines.feed(text);
    }
    UrlList list = builder.take();
    list.encoding = encoding;
    return list;
}

// End of the block that starts at from (see kBlockSize).
qsizetype blockEnd(QByteArrayView data, qsizetype from)
{
    if (data.size() - from <= kBlockSize)
        return data.size();
    const qsizetype lf = data.indexOf('\n', from + kBlockSize);
    return lf < 0 ? data.size() : lf + 1;
}

// Decodes and parses byte input one block at a time, so the whole input never exists twice (bytes and UTF-16)
// for plain lists. Tables are decoded whole: a quoted field may span blocks.
UrlList parseBlocks(QByteArrayView data, QStringDecoder *decoder, const QString &encoding)
{
    const QString head = decoder->decode(data.first(blockEnd(data, 0)));
    const Layout layout = detectLayout(head);
    ListBuilder builder(data.count('\n') + 1);
    if (layout.delimited) {
        const QString text = decoder->decode(data);
        parseDelimited(text, layout, &builder);
    } else {
        TextLines lines(&builder);
        lines.feed(head);
        for (qsizetype from = blockEnd(data, 0); from < data.size();) {
            const qsizetype end = blockEnd(data, from);
            lines.feed(QString(decoder->decode(data.sliced(from, end - from))));
            from = end;
        }
    }
    UrlList list = builder.take();
    list.encoding = encoding;
    return list;
}

// Whether data is valid UTF-8, checked through a small reused buffer rather than a full decoded copy.
bool isValidUtf8(QByteArrayView data)
{
    QStringDecoder decoder(QStringConverter::Utf8);
    constexpr qsizetype chunk = 256 * 1024;
    QVarLengthArray<QChar, 1> buffer(decoder.requiredSpace(chunk));
    for (qsizetype from = 0; from < data.size() && !decoder.hasError(); from += chunk)
        decoder.appendToBuffer(buffer.data(), data.sliced(from, qMin(chunk, data.size() - from)));
    return !decoder.hasError();
}

UrlList failure(const QString &message)
{
    UrlList list;
    list.error = message;
    return list;
}

struct Bom
{
    const char *bytes;
    qsizetype len;
    QStringConverter::Encoding encoding;
    const char *name;
    int unit; // bytes per code unit
};

const Bom *bomOf(QByteArrayView data)
{
    static const Bom boms[] = {
        {"\xFF\xFE\x00\x00", 4, QStringConverter::Utf32LE, "UTF-32LE", 4},
        {"\x00\x00\xFE\xFF", 4, QStringConverter::Utf32BE, "UTF-32BE", 4},
        {"\xFF\xFE", 2, QStringConverter::Utf16LE, "UTF-16LE", 2},
        {"\xFE\xFF", 2, QStringConverter::Utf16BE, "UTF-16BE", 2},
    };
    for (const Bom &bom : boms) {
        if (data.startsWith(QByteArrayView(bom.bytes, bom.len)))
            return &bom;
    }
    return nullptr;
}

bool isControlByte(uchar c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) || c == 0x7f;
}

QString nulCharacterMessage(const QString &name, qsizetype position)
{
    return QStringLiteral("not a text file: %1 looks binary (NUL character at position %2)").arg(name).arg(position);
}

QString invalidForBomMessage(const QString &name, const Bom &bom)
{
    return QStringLiteral("not a text file: %1 starts with a %2 byte order mark but is not valid %2")
        .arg(name, QLatin1String(bom.name));
}

QString nulByteMessage(const QString &name, qint64 offset)
{
    return QStringLiteral("not a text file: %1 looks binary (NUL bytes at offset %2)").arg(name).arg(offset);
}

QString controlBytesMessage(const QString &name, qsizetype controls, qsizetype sample)
{
    return QStringLiteral("not a text file: %1 looks binary (%2% of the first %3 bytes are control bytes)")
        .arg(name)
        .arg(controls * 100 / sample)
        .arg(sample);
}

// Decodes by BOM, else UTF-8, else GB18030; refuses binary data.
UrlList parseBytes(QByteArray data, const QString &name)
{
    // A UTF-8 BOM only settles the encoding; such input takes the same block-wise path as BOM-less UTF-8.
    const bool utf8Bom = data.startsWith("\xEF\xBB\xBF");
    if (const Bom *bom = bomOf(data)) {
        QStringDecoder decoder(bom->encoding, QStringConverter::Flag::Stateless);
        QString text = decoder(QByteArrayView(data).sliced(bom->len));
        data = QByteArray();
        const qsizetype nul = text.indexOf(QChar(0));
        if (nul >= 0)
            return failure(nulCharacterMessage(name, nul));
        if (decoder.hasError())
            return failure(invalidForBomMessage(name, *bom));
        return parseDecoded(text, QLatin1String(bom->name));
    }

    if (const void *nul = std::memchr(data.constData(), 0, size_t(data.size())))
        return failure(nulByteMessage(name, static_cast<const char *>(nul) - data.constData()));
    const qsizetype sample = qMin(data.size(), kBinarySample);
    qsizetype controls = 0;
    for (qsizetype i = 0; i < sample; ++i)
        controls += isControlByte(uchar(data.at(i))) ? 1 : 0;
    if (sample > 0 && controls * 10 > sample)
        return failure(controlBytesMessage(name, controls, sample));

    const QByteArrayView body = QByteArrayView(data).sliced(utf8Bom ? 3 : 0);
    if (isValidUtf8(body)) {
        QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
        return parseBlocks(body, &utf8, QStringLiteral("UTF-8"));
    }
    if (!utf8Bom) {
        // Not UTF-8: the common legacy case for Chinese lists is GBK/GB18030 (ICU provides it).
        QStringDecoder gb("GB18030", QStringConverter::Flag::Stateless);
        if (gb.isValid())
            return parseBlocks(body, &gb, QStringLiteral("GB18030"));
    }
    QStringDecoder lossy(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    return parseBlocks(body, &lossy, QStringLiteral("UTF-8 (invalid bytes replaced)"));
}

// Open-addressing set of 64-bit hashes, each with the index of the entry it came from: 12 bytes a slot, at most
// three quarters full, so about 16 bytes per distinct URL. The slot is picked from the hash's high bits scaled
// to the table (any size, no power of two); equal hashes are all kept and all visited.
class HashIndex final
{
public:
    explicit HashIndex(qsizetype expected) { rebuild(capacityFor(expected)); }

    // Visits the indices stored under this hash until visit(index) returns true; returns that index, or -1.
    template <typename Visit>
    int find(quint64 hash, Visit visit) const
    {
        hash = stored(hash);
        for (qsizetype i = home(hash);; i = next(i)) {
            const quint64 h = m_hashes[size_t(i)];
            if (h == 0)
                return -1;
            if (h == hash && visit(m_indices[size_t(i)]))
                return m_indices[size_t(i)];
        }
    }

    void insert(quint64 hash, int index)
    {
        if ((m_count + 1) * 4 > qsizetype(m_hashes.size()) * 3)
            rebuild(qsizetype(m_hashes.size()) * 2);
        place(stored(hash), index);
        ++m_count;
    }

private:
    static qsizetype capacityFor(qsizetype expected) { return qMax<qsizetype>(64, expected + expected / 3 + 1); }
    static quint64 stored(quint64 hash) { return hash ? hash : 1; } // 0 marks a free slot
    qsizetype home(quint64 hash) const { return qsizetype(((hash >> 32) * quint64(m_hashes.size())) >> 32); }
    qsizetype next(qsizetype i) const { return i + 1 == qsizetype(m_hashes.size()) ? 0 : i + 1; }

    void place(quint64 hash, int index)
    {
        qsizetype i = home(hash);
        while (m_hashes[size_t(i)] != 0)
            i = next(i);
        m_hashes[size_t(i)] = hash;
        m_indices[size_t(i)] = index;
    }

    void rebuild(qsizetype capacity)
    {
        std::vector<quint64> hashes(size_t(capacity), 0);
        std::vector<qint32> indices(size_t(capacity), -1);
        hashes.swap(m_hashes);
        indices.swap(m_indices);
        for (size_t i = 0; i < hashes.size(); ++i) {
            if (hashes[i] != 0)
                place(hashes[i], indices[i]);
        }
    }

    std::vector<quint64> m_hashes;
    std::vector<qint32> m_indices;
    qsizetype m_count = 0;
};

// The streaming reader's sink: entries wait in a queue until read() hands them out; duplicates are found
// through the hash set.
class StreamSink final : public EntrySink
{
public:
    StreamSink(qsizetype expected, UrlKeyHash hash)
        : EntrySink(kMaxSharedAuthorities, hash)
        , m_index(expected)
    {}

    void skip() override { ++skipped; }

    std::deque<UrlEntry> out;   // made, not handed out
    int outBase = 0;            // index of out.front()
    QVector<UrlDuplicate> dups; // found, not taken
    int duplicates = 0;
    int skipped = 0;
    UrlListReader::ConfirmDuplicate confirm;

protected:
    bool isDuplicate(quint64 hash, QStringView key, int line, QStringView text) override
    {
        bool probable = false;
        const int first = m_index.find(hash, [&](int index) {
            if (index >= outBase)
                return keyOf(out[size_t(index - outBase)]) == key; // still here: compared exactly
            if (confirm) {
                if (const std::optional<bool> same = confirm(index, key))
                    return *same;
            }
            probable = true;
            return true;
        });
        if (first < 0)
            return false;
        ++duplicates;
        dups.append(UrlDuplicate{line, text.toString(), first, !probable});
        return true;
    }

    void accept(quint64 hash, UrlEntry &&entry) override
    {
        m_index.insert(hash, made());
        out.push_back(std::move(entry));
    }

    void reject(UrlEntry &&entry) override { out.push_back(std::move(entry)); }

private:
    int made() const { return outBase + int(out.size()); }

    // Shared authorities save time, not verdicts: a stream of many hosts keeps only a few.
    static constexpr qsizetype kMaxSharedAuthorities = 1024;

    HashIndex m_index;
};

// Where the last complete line of text[from, end) ends (just after its line break); a CR at the very end is not
// taken (a LF may follow it). from when there is none.
qsizetype lastLineBreakEnd(QStringView text, qsizetype from)
{
    for (qsizetype i = text.size() - 1; i >= from; --i) {
        const QChar c = text.at(i);
        if (c == u'\n' || (c == u'\r' && i + 1 < text.size()))
            return i + 1;
    }
    return from;
}

// Where the next slice of plain text to parse ends: after the last line break within about kParseSlice
// characters (so the entries made at once stay few), else after the first one beyond; 0 when the text holds
// no complete line yet.
qsizetype sliceEnd(QStringView text, bool final)
{
    constexpr qsizetype kParseSlice = 64 * 1024;
    if (final && text.size() <= kParseSlice)
        return text.size();
    const qsizetype within = lastLineBreakEnd(text.first(qMin(text.size(), kParseSlice)), 0);
    if (within > 0)
        return within;
    for (qsizetype i = kParseSlice; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\n' || (c == u'\r' && i + 1 < text.size()))
            return c == u'\r' && text.at(i + 1) == u'\n' ? i + 2 : i + 1;
    }
    return final ? text.size() : 0;
}

// How much of bytes can be decoded on its own, stateless, exactly as within the whole input: up to a line
// break for 8-bit encodings (0x0A and 0x0D are never inside a UTF-8 or GB18030 character), whole code units
// and never between the halves of a UTF-16 surrogate pair.
qsizetype decodableEnd(QByteArrayView bytes, const Bom *bom)
{
    if (!bom) {
        for (qsizetype i = bytes.size() - 1; i >= 0; --i) {
            if (bytes.at(i) == '\n' || bytes.at(i) == '\r')
                return i + 1;
        }
        return 0;
    }
    qsizetype end = bytes.size() - bytes.size() % bom->unit;
    if (bom->unit == 2 && end >= 2) {
        const bool le = bom->encoding == QStringConverter::Utf16LE;
        const uchar hi = uchar(bytes.at(le ? end - 1 : end - 2));
        if (hi >= 0xD8 && hi <= 0xDB)
            end -= 2; // a high surrogate: its low half comes with the next piece
    }
    return end;
}

// Opens a list file for reading, or says why not (a directory, unreadable, over the size limit).
QString openListFile(QFile *file, const QString &path)
{
    if (QFileInfo(path).isDir())
        return QStringLiteral("cannot read %1: it is a directory").arg(path);
    file->setFileName(path);
    if (!file->open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(path, file->errorString());
    if (!file->isSequential() && file->size() > kMaxFileSize) {
        return QStringLiteral("cannot read %1: the file is too large (%2 MiB; the limit is %3 MiB)")
            .arg(path)
            .arg(file->size() / (1024 * 1024))
            .arg(kMaxFileSize / (1024 * 1024));
    }
    return {};
}

// Reads what a pipe or device gives, up to one byte past the limit (it has no size up front).
QString readSequential(QFile *file, const QString &path, QByteArray *data)
{
    *data = file->read(kMaxFileSize + 1);
    if (file->error() != QFileDevice::NoError)
        return QStringLiteral("cannot read %1: %2").arg(path, file->errorString());
    if (data->size() > kMaxFileSize)
        return QStringLiteral("cannot read %1: the input is larger than %2 MiB")
            .arg(path)
            .arg(kMaxFileSize / (1024 * 1024));
    return {};
}

} // namespace

UrlList UrlListParser::parse(const QByteArray &data)
{
    return parseBytes(data, QStringLiteral("the input"));
}

UrlList UrlListParser::parseText(const QString &text)
{
    return parseDecoded(text, QString());
}

UrlList UrlListParser::parseFile(const QString &path)
{
    QFile file;
    const QString why = openListFile(&file, path);
    if (!why.isEmpty())
        return failure(why);
    // A pipe or device has no size up front: read one byte past the limit to tell.
    QByteArray data = file.isSequential() ? file.read(kMaxFileSize + 1) : file.readAll();
    if (file.error() != QFileDevice::NoError)
        return failure(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    if (data.size() > kMaxFileSize)
        return failure(QStringLiteral("cannot read %1: the input is larger than %2 MiB")
                           .arg(path)
                           .arg(kMaxFileSize / (1024 * 1024)));
    file.close();
    return parseBytes(std::move(data), path);
}

QUrl UrlListParser::normalise(const QString &text, QString *why)
{
    const auto fail = [why](const QString &reason) {
        if (why)
            *why = reason;
        return QUrl();
    };
    const QStringView s = QStringView(text).trimmed();
    if (s.isEmpty())
        return fail(QStringLiteral("invalid: empty"));
    for (const QChar c : s) {
        if (c.isSpace())
            return fail(QStringLiteral("invalid: contains whitespace"));
        if (isControl(c.unicode()))
            return fail(QStringLiteral("invalid: contains a control character"));
    }

    QString candidate;
    bool bare = false;
    const qsizetype schemeLen = schemeLength(s);
    if (s.startsWith(QLatin1String("//"))) {
        candidate = QStringLiteral("https:") + s;
    } else if (schemeLen > 0) {
        const QStringView scheme = s.left(schemeLen);
        const QStringView rest = s.mid(schemeLen + 1);
        if (!rest.startsWith(QLatin1String("//")) && looksLikeHostPort(scheme, rest)) {
            bare = true;
        } else {
            const QString lower = scheme.toString().toLower();
            if (lower != QLatin1String("http") && lower != QLatin1String("https")) {
                const QUrl other(s.toString(), QUrl::TolerantMode);
                if (!other.isValid())
                    return fail(QStringLiteral("invalid: ") + qtReason(other));
                return fail(QStringLiteral("scheme: ") + lower + QStringLiteral(" is not http or https"));
            }
            candidate = s.toString();
        }
    } else {
        bare = true;
    }

    if (bare) {
        const char16_t c0 = s.front().unicode();
        if (!(isAsciiLetter(c0) || isAsciiDigit(c0) || c0 == u'[' || c0 >= 0x80))
            return fail(QStringLiteral("invalid: not a URL or host name"));
        const QStringView authority = s.left(authorityEnd(s));
        if (authority.contains(QLatin1Char('@')))
            return fail(QStringLiteral("invalid: looks like an e-mail address, not a URL"));
        const bool ipv6 = c0 == u'[';
        const bool hasPort = !ipv6 && authority.contains(QLatin1Char(':'));
        const QStringView host = hasPort ? authority.left(authority.indexOf(QLatin1Char(':'))) : authority;
        // A single word ("hello") is more likely a typo than an intranet host; localhost and host:port pass.
        if (!ipv6 && !hasPort && !host.contains(QLatin1Char('.')) &&
            host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) != 0)
            return fail(QStringLiteral("invalid: not a URL or host name"));
        candidate = QStringLiteral("https://") + s;
    }

    QUrl url(candidate, QUrl::TolerantMode);
    if (!url.isValid())
        return fail(QStringLiteral("invalid: ") + qtReason(url));
    if (url.host().isEmpty())
        return fail(QStringLiteral("invalid: no host"));
    if (url.port() == 0)
        return fail(QStringLiteral("invalid: port 0 is not usable"));
    url.setFragment(QString());
    return url;
}

struct UrlListStream::Private
{
    enum class Mode
    {
        Undecided,
        Lines, // one URL a line, parsed as each line completes
        Whole  // CSV/TSV or another encoding: parsed at the end
    };

    Mode mode = Mode::Undecided;
    QByteArray pending; // bytes after the last line break (Lines), or everything (Whole, Undecided)
    // Lines keep only the hashes of what was handed out (about 16 bytes a URL), as a list file read as a stream:
    // a pipe of a million URLs costs what its queue holds, not the whole list.
    StreamSink sink{1024, nullptr};
    TextLines lines{&sink};
    QStringDecoder decoder{QStringDecoder::Utf8};
    UrlList whole;
    bool first = true;

    QVector<UrlEntry> fresh()
    {
        QVector<UrlEntry> out;
        out.reserve(qsizetype(sink.out.size()));
        for (UrlEntry &entry : sink.out)
            out.append(std::move(entry));
        sink.outBase += int(sink.out.size());
        sink.out.clear();
        return out;
    }

    void decide()
    {
        // The first line tells: a delimiter or quote means a table, a UTF-16 BOM another encoding.
        const qsizetype lf = pending.indexOf('\n');
        if (lf < 0 && pending.size() < 64 * 1024)
            return;
        if (pending.startsWith("\xff\xfe") || pending.startsWith("\xfe\xff")) {
            mode = Mode::Whole;
            return;
        }
        QByteArrayView firstLine = QByteArrayView(pending).first(lf < 0 ? pending.size() : lf);
        if (firstLine.startsWith("\xef\xbb\xbf"))
            firstLine = firstLine.sliced(3);
        const bool table =
            firstLine.contains(',') || firstLine.contains('\t') || firstLine.contains(';') || firstLine.contains('"');
        mode = table ? Mode::Whole : Mode::Lines;
        if (mode == Mode::Lines && pending.startsWith("\xef\xbb\xbf"))
            pending.remove(0, 3);
    }

    void feedLines(bool atEnd)
    {
        const qsizetype lf = pending.lastIndexOf('\n');
        const qsizetype upTo = atEnd ? pending.size() : lf + 1;
        if (upTo <= 0)
            return;
        const QString text = decoder.decode(QByteArrayView(pending).first(upTo));
        pending.remove(0, upTo);
        lines.feed(text);
    }
};

UrlListStream::UrlListStream()
    : d(std::make_unique<Private>())
{}

UrlListStream::~UrlListStream() = default;

QVector<UrlEntry> UrlListStream::feed(QByteArrayView bytes)
{
    d->pending.append(bytes.data(), bytes.size());
    if (d->mode == Private::Mode::Undecided)
        d->decide();
    if (d->mode != Private::Mode::Lines)
        return {};
    d->feedLines(false);
    return d->fresh();
}

QVector<UrlEntry> UrlListStream::finish()
{
    if (d->mode == Private::Mode::Undecided)
        d->mode = d->pending.contains(',') || d->pending.contains('\t') || d->pending.contains(';') ||
                          d->pending.startsWith("\xff\xfe") || d->pending.startsWith("\xfe\xff")
                      ? Private::Mode::Whole
                      : Private::Mode::Lines;
    if (d->mode == Private::Mode::Lines) {
        if (d->pending.startsWith("\xef\xbb\xbf"))
            d->pending.remove(0, 3);
        d->feedLines(true);
        return d->fresh();
    }
    d->whole = UrlListParser::parse(d->pending);
    d->pending.clear();
    return d->whole.entries;
}

int UrlListStream::duplicates() const
{
    return d->mode == Private::Mode::Whole ? d->whole.duplicates : d->sink.duplicates;
}

QVector<UrlDuplicate> UrlListStream::takeDuplicates()
{
    return std::exchange(d->sink.dups, {});
}

void UrlListStream::setConfirmDuplicate(UrlListReader::ConfirmDuplicate confirm)
{
    d->sink.confirm = std::move(confirm);
}

int UrlListStream::skipped() const
{
    return d->mode == Private::Mode::Whole ? d->whole.skipped : d->sink.skipped;
}

QString UrlListStream::error() const
{
    return d->whole.error;
}

QString UrlListParser::duplicateKey(const QString &text, const QUrl &url)
{
    if (!url.isValid())
        return {};
    return keyOf(UrlEntry{0, text, url, QString()});
}

struct UrlListReader::Private
{
    // Each read from the file; small, since the pieces are what the reader holds.
    static constexpr qint64 kReadSize = 64 * 1024;

    QString path;
    UrlKeyHash hash = nullptr;
    QFile file;
    QBuffer memory; // a pipe or device, read whole
    QIODevice *source = nullptr;
    QString error;
    QString encoding;
    const Bom *bom = nullptr; // UTF-16/32 input; null for the 8-bit encodings
    std::optional<QStringDecoder> decoder;
    qint64 lines = 0; // line breaks counted by open(): room for the hash set

    QByteArray bytes;       // read, not decoded
    bool bytesEnd = false;  // the source is exhausted
    QString text;           // decoded, not parsed
    bool textEnd = false;   // everything is decoded
    bool started = false;   // the layout is known
    bool parsedEnd = false; // everything is parsed
    Layout layout;
    bool headerPending = false;
    std::optional<CsvReader> csv;
    std::optional<StreamSink> sink;
    std::optional<TextLines> textLines;
    UrlListReader::ConfirmDuplicate confirm;

    bool fail(const QString &message)
    {
        error = message;
        return false;
    }

    bool readBytes(qint64 max)
    {
        const qsizetype had = bytes.size();
        bytes.resize(had + max);
        const qint64 n = source->read(bytes.data() + had, max);
        bytes.resize(had + qMax<qint64>(n, 0));
        if (n < 0 || (n == 0 && source == &file && file.error() != QFileDevice::NoError)) {
            bytesEnd = true;
            return fail(QStringLiteral("cannot read %1: %2").arg(path, source->errorString()));
        }
        if (n == 0)
            bytesEnd = true;
        return true;
    }

    bool prescan();
    bool decodeMore();
    bool start();
    void parseSome(qsizetype max);
};

bool UrlListReader::Private::prescan()
{
    // What parseFile settles from the whole input before parsing, settled in one pass that holds a piece at a
    // time: binary or text, and which encoding.
    QByteArray chunk;
    qint64 offset = 0;
    qsizetype controls = 0;
    qsizetype sample = 0;
    const Bom *found = nullptr;
    bool utf8Bom = false;
    QStringDecoder validator(QStringConverter::Utf8);
    QVarLengthArray<QChar, 1> scratch;
    bool utf8 = true;
    std::optional<QStringDecoder> bomDecoder;
    QByteArray carry; // undecoded tail of a UTF-16/32 piece
    qint64 decoded = 0;
    qint64 nulAt = -1;
    bool bomError = false;
    for (;;) {
        chunk.resize(1024 * 1024);
        const qint64 n = source->read(chunk.data(), chunk.size());
        if (n < 0 || (n == 0 && source == &file && file.error() != QFileDevice::NoError))
            return fail(QStringLiteral("cannot read %1: %2").arg(path, source->errorString()));
        chunk.resize(n);
        if (offset == 0) {
            found = bomOf(chunk);
            utf8Bom = chunk.startsWith("\xEF\xBB\xBF");
            if (found)
                bomDecoder.emplace(found->encoding, QStringConverter::Flag::Stateless);
        }
        if (found) {
            carry += QByteArrayView(chunk).sliced(offset == 0 ? found->len : 0);
            const qsizetype end = n == 0 ? carry.size() : decodableEnd(carry, found);
            const QString piece = bomDecoder->decode(QByteArrayView(carry).first(end));
            carry.remove(0, end);
            bomError = bomError || bomDecoder->hasError();
            const qsizetype nul = piece.indexOf(QChar(0));
            if (nul >= 0 && nulAt < 0)
                nulAt = decoded + nul;
            decoded += piece.size();
            lines += piece.count(QLatin1Char('\n'));
        } else if (n > 0) {
            if (const void *nul = std::memchr(chunk.constData(), 0, size_t(n)))
                return fail(nulByteMessage(path, offset + (static_cast<const char *>(nul) - chunk.constData())));
            for (qsizetype i = 0; offset + i < kBinarySample && i < n; ++i, ++sample)
                controls += isControlByte(uchar(chunk.at(i))) ? 1 : 0;
            if (utf8) {
                const QByteArrayView body = QByteArrayView(chunk).sliced(offset == 0 && utf8Bom ? 3 : 0);
                scratch.resize(validator.requiredSpace(body.size()));
                validator.appendToBuffer(scratch.data(), body);
                utf8 = !validator.hasError();
            }
            lines += chunk.count('\n');
        }
        offset += n;
        if (n == 0)
            break;
    }
    scratch.clear();
    scratch.squeeze();
    if (found) {
        if (nulAt >= 0)
            return fail(nulCharacterMessage(path, nulAt));
        if (bomError)
            return fail(invalidForBomMessage(path, *found));
        bom = found;
        encoding = QLatin1String(found->name);
        decoder.emplace(found->encoding, QStringConverter::Flag::Stateless);
    } else {
        // A whole-input check, as parseBytes makes it.
        if (sample > 0 && controls * 10 > sample)
            return fail(controlBytesMessage(path, controls, sample));
        if (utf8) {
            encoding = QStringLiteral("UTF-8");
            decoder.emplace(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
        } else if (!utf8Bom && QStringDecoder("GB18030").isValid()) {
            encoding = QStringLiteral("GB18030");
            decoder.emplace("GB18030", QStringConverter::Flag::Stateless);
        } else {
            encoding = QStringLiteral("UTF-8 (invalid bytes replaced)");
            decoder.emplace(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
        }
    }
    if (!source->seek(0))
        return fail(QStringLiteral("cannot read %1: %2").arg(path, source->errorString()));
    // The byte order mark is not part of the text.
    const qsizetype skip = bom ? bom->len : utf8Bom ? 3 : 0;
    if (skip > 0 && source->read(skip).size() != skip)
        return fail(QStringLiteral("cannot read %1: %2").arg(path, source->errorString()));
    return true;
}

bool UrlListReader::Private::decodeMore()
{
    // Decodes at least one more piece (or reaches the end of the input).
    while (!textEnd) {
        if (!bytesEnd && !readBytes(kReadSize))
            return false;
        const qsizetype end = bytesEnd ? bytes.size() : decodableEnd(bytes, bom);
        if (end > 0) {
            text += QString(decoder->decode(QByteArrayView(bytes).first(end)));
            bytes.remove(0, end);
        }
        if (bytesEnd && bytes.isEmpty())
            textEnd = true;
        if (end > 0)
            return true;
    }
    return true;
}

bool UrlListReader::Private::start()
{
    // The first block decides the layout, as in parseBytes (bytes) and parseDecoded (text): read until it is
    // complete, then detect on it alone.
    qsizetype headEnd = 0;
    if (bom) {
        bool first = true;
        while (!textEnd && !(text.size() > kBlockSize && text.indexOf(QLatin1Char('\n'), kBlockSize) >= 0)) {
            if (!decodeMore())
                return false;
            if (first && !text.isEmpty()) {
                first = false;
                if (text.startsWith(QChar(0xfeff)))
                    text.remove(0, 1); // a second mark after the one that told the encoding, as parseDecoded
            }
        }
        headEnd = textHeadEnd(text);
    } else {
        while (!bytesEnd && !(bytes.size() > kBlockSize && bytes.indexOf('\n', kBlockSize) >= 0)) {
            if (!readBytes(kReadSize))
                return false;
        }
        const qsizetype end = blockEnd(bytes, 0);
        text = QString(decoder->decode(QByteArrayView(bytes).first(end)));
        bytes.remove(0, end);
        bytes.squeeze();
        headEnd = text.size();
        if (bytesEnd && bytes.isEmpty())
            textEnd = true;
    }
    layout = detectLayout(QStringView(text).first(headEnd));
    sink.emplace(qsizetype(qMin<qint64>(lines + 1, std::numeric_limits<int>::max())), hash);
    sink->confirm = confirm;
    if (layout.delimited) {
        csv.emplace(QStringView(), layout.delimiter);
        headerPending = layout.header;
    } else {
        textLines.emplace(&*sink);
    }
    started = true;
    return true;
}

void UrlListReader::Private::parseSome(qsizetype max)
{
    while (!parsedEnd && error.isEmpty() && qsizetype(sink->out.size()) < max) {
        if (layout.delimited) {
            csv->rebase(text, textEnd);
            CsvReader::Kind kind;
            int lineNo = 0;
            bool more = false;
            while (qsizetype(sink->out.size()) < max && csv->nextComplete(&kind, &lineNo, &more))
                takeRecord(*csv, kind, lineNo, layout, &headerPending, &*sink);
            text.remove(0, csv->position());
            if (qsizetype(sink->out.size()) >= max)
                break;
            if (!more)
                parsedEnd = true;
            else if (!decodeMore())
                break;
            continue;
        }
        const qsizetype end = sliceEnd(text, textEnd);
        if (end > 0) {
            textLines->feed(QStringView(text).first(end));
            text.remove(0, end);
        }
        if (textEnd && text.isEmpty())
            parsedEnd = true;
        else if (end == 0 && !decodeMore())
            break;
    }
    if (parsedEnd) {
        text = QString();
        bytes = QByteArray();
    }
}

UrlListReader::UrlListReader(const QString &path, UrlKeyHash hash)
    : d(std::make_unique<Private>())
{
    d->path = path;
    d->hash = hash;
}

UrlListReader::~UrlListReader() = default;

bool UrlListReader::open()
{
    d->error.clear();
    const QString why = openListFile(&d->file, d->path);
    if (!why.isEmpty())
        return d->fail(why);
    d->source = &d->file;
    if (d->file.isSequential()) {
        QByteArray data;
        const QString readError = readSequential(&d->file, d->path, &data);
        if (!readError.isEmpty())
            return d->fail(readError);
        d->file.close();
        d->memory.setData(data);
        d->memory.open(QIODevice::ReadOnly);
        d->source = &d->memory;
    }
    return d->prescan();
}

QString UrlListReader::error() const
{
    return d->error;
}

QString UrlListReader::encoding() const
{
    return d->encoding;
}

QVector<UrlEntry> UrlListReader::read(int max)
{
    if (!d->decoder || !d->error.isEmpty() || max <= 0)
        return {};
    if (!d->started && !d->start())
        return {};
    d->parseSome(max);
    StreamSink &sink = *d->sink;
    const qsizetype n = qMin<qsizetype>(max, qsizetype(sink.out.size()));
    QVector<UrlEntry> entries;
    entries.reserve(n);
    for (qsizetype i = 0; i < n; ++i) {
        entries.append(std::move(sink.out.front()));
        sink.out.pop_front();
    }
    sink.outBase += int(n);
    return entries;
}

bool UrlListReader::atEnd() const
{
    return !d->error.isEmpty() || !d->decoder || (d->parsedEnd && d->sink->out.empty());
}

int UrlListReader::entriesRead() const
{
    return d->sink ? d->sink->outBase : 0;
}

QVector<UrlDuplicate> UrlListReader::takeDuplicates()
{
    return d->sink ? std::exchange(d->sink->dups, {}) : QVector<UrlDuplicate>();
}

int UrlListReader::duplicates() const
{
    return d->sink ? d->sink->duplicates : 0;
}

int UrlListReader::skipped() const
{
    return d->sink ? d->sink->skipped : 0;
}

void UrlListReader::setConfirmDuplicate(ConfirmDuplicate confirm)
{
    d->confirm = std::move(confirm);
    if (d->sink)
        d->sink->confirm = d->confirm;
}

} // namespace Fanout
