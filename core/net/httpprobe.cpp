#include "net/httpprobe.h"

#include <QNetworkProxy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStringList>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cstring>
#include <utility>

namespace Fanout {

namespace {

constexpr qsizetype kMaxStatusLineBytes = 8 * 1024;
constexpr qsizetype kMaxChunkLineBytes = 4 * 1024; // a size and its extensions
constexpr qsizetype kSnippetBytes = 32;            // peer bytes quoted in a detail
constexpr qint64 kSocketReadBuffer = 64 * 1024;    // what Qt may hold for us beyond what we have judged
constexpr int kMaxHexDigits = 15;                  // chunk sizes up to 2^60: no overflow, far beyond any budget

using Kind = HttpProbe::Verdict::Kind;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isTokenChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || isDigit(c))
        return true;
    return c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool isToken(const QByteArray &s)
{
    return !s.isEmpty() && std::all_of(s.cbegin(), s.cend(), isTokenChar);
}

int hexValue(char c)
{
    if (isDigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

// Peer bytes for a detail: quoted, cut at kSnippetBytes, everything but printable ASCII escaped C-style.
QString quoted(const QByteArray &bytes)
{
    static const char hex[] = "0123456789abcdef";
    QByteArray out = "\"";
    const qsizetype n = std::min(bytes.size(), kSnippetBytes);
    for (qsizetype i = 0; i < n; ++i) {
        const auto u = static_cast<unsigned char>(bytes.at(i));
        if (u == '"' || u == '\\') {
            out += '\\';
            out += char(u);
        } else if (u == '\r') {
            out += "\\r";
        } else if (u == '\n') {
            out += "\\n";
        } else if (u == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u >= 0x7f) {
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 0xf];
        } else {
            out += char(u);
        }
    }
    out += '"';
    if (bytes.size() > n)
        out += "...";
    return QString::fromLatin1(out);
}

QString chunksText(int n)
{
    return n == 1 ? QStringLiteral("1 chunk") : QStringLiteral("%1 chunks").arg(n);
}

QString kib(qint64 bytes)
{
    return QStringLiteral("%1 KiB").arg(bytes / 1024);
}

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 4) + QStringLiteral(" s");
}

} // namespace

// ---------------------------------------------------------------------------------------------------------------
// The answer's parser: fed bytes as they arrive, it keeps no more than one line (bounded) and a few numbers, and
// settles on a verdict as soon as the bytes decide it. Lines may end in CRLF or a bare LF (RFC 9112 section 2.2).

class HttpProbe::Reader final
{
public:
    Reader() = default;
    Q_DISABLE_COPY_MOVE(Reader)

    // Consumes the bytes it needs; true once the verdict is known.
    bool feed(const char *data, qsizetype size);
    // The peer closed (or reset) the connection: the verdict for what arrived.
    Verdict atEnd(const QString &where) const;
    QString timeoutDetail(int timeoutMs) const;

    const Verdict &verdict() const { return m_verdict; }
    int status() const { return isFinalStatus(m_headStatus) ? m_headStatus : 0; }

private:
    enum class State
    {
        StatusLine,
        Header,
        Length,    // Content-Length body
        ChunkSize, // chunk-size [extensions] line
        ChunkData,
        ChunkEnd, // the CRLF after a chunk's data, checked byte by byte
        Trailer,
        ToClose, // no framing: the body is whatever comes until the close
        Done
    };

    static bool isFinalStatus(int code) { return code >= 200 || code == 101; }
    bool inHead() const { return m_state == State::StatusLine || m_state == State::Header; }
    bool isLineState() const
    {
        return m_state != State::Length && m_state != State::ChunkData && m_state != State::ToClose;
    }
    qsizetype lineLimit() const;
    bool lineTooLong();

    bool settle(Kind kind, const QString &detail);
    bool answered(const QString &how);
    bool budgetSpent();

    bool onLine(const QByteArray &line);
    bool onStatusLine(const QByteArray &line);
    bool onHeaderLine(const QByteArray &line);
    bool commitField();
    bool endOfHead();
    bool onChunkSizeLine(const QByteArray &line);
    bool onTrailerLine(const QByteArray &line);

    State m_state = State::StatusLine;
    Verdict m_verdict;
    QByteArray m_line; // the unfinished line, never longer than lineLimit()
    qint64 m_total = 0;
    qsizetype m_headBytes = 0; // all header blocks, interim ones included: 103s cannot go on forever
    qint64 m_bodyWire = 0;     // body bytes with their chunk framing, against kBodyBudgetBytes

    int m_headStatus = 0; // status of the head being read (interim or final)
    int m_interims = 0;
    int m_lastInterim = 0;

    bool m_fieldPending = false; // a field line was read; obs-fold lines may still extend it
    QByteArray m_fieldName;      // lower case, only for the fields we act on
    QByteArray m_fieldValue;
    qint64 m_contentLength = -1;
    bool m_hasTransferEncoding = false;
    QByteArray m_finalCoding;

    qint64 m_bodyLeft = 0;
    qint64 m_chunkSize = 0;
    qint64 m_chunkLeft = 0;
    int m_chunks = 0; // chunks with data completed, the last (0) chunk not counted
};

qsizetype HttpProbe::Reader::lineLimit() const
{
    switch (m_state) {
    case State::StatusLine:
        return kMaxStatusLineBytes;
    case State::ChunkSize:
        return kMaxChunkLineBytes;
    default:
        return kMaxHeaderLineBytes;
    }
}

bool HttpProbe::Reader::lineTooLong()
{
    switch (m_state) {
    case State::StatusLine:
        return settle(Kind::HeadersTooLarge,
                      QStringLiteral("status line longer than %1").arg(kib(kMaxStatusLineBytes)));
    case State::Header:
        return settle(Kind::HeadersTooLarge, QStringLiteral("header line longer than %1 (Qt 6.4 drops every header "
                                                            "of such an answer)")
                                                 .arg(kib(kMaxHeaderLineBytes)));
    case State::ChunkSize:
        return settle(Kind::BadChunk, QStringLiteral("chunk-size line longer than %1 after %2")
                                          .arg(kib(kMaxChunkLineBytes), chunksText(m_chunks)));
    default:
        return settle(Kind::HeadersTooLarge,
                      QStringLiteral("trailer line longer than %1").arg(kib(kMaxHeaderLineBytes)));
    }
}

bool HttpProbe::Reader::settle(Kind kind, const QString &detail)
{
    m_state = State::Done;
    m_verdict.kind = kind;
    m_verdict.status = status();
    m_verdict.detail = detail;
    return true;
}

bool HttpProbe::Reader::answered(const QString &how)
{
    QString detail = QStringLiteral("a well-formed answer: status %1, %2").arg(m_headStatus).arg(how);
    if (m_interims > 0)
        detail += QStringLiteral(" (after %1 interim response%2, the last %3)")
                      .arg(m_interims)
                      .arg(m_interims == 1 ? QString() : QStringLiteral("s"))
                      .arg(m_lastInterim);
    return settle(Kind::Answered, detail);
}

bool HttpProbe::Reader::budgetSpent()
{
    QString framing;
    if (m_state == State::Length)
        framing = QStringLiteral("of %1 bytes (Content-Length)").arg(m_contentLength);
    else if (m_state == State::ToClose)
        framing = QStringLiteral("of a body without length, read until close");
    else
        framing = QStringLiteral("of a chunked body (%1 so far)").arg(chunksText(m_chunks));
    return answered(
        QStringLiteral("the first %1 %2 are well framed; not read further").arg(kib(kBodyBudgetBytes), framing));
}

bool HttpProbe::Reader::feed(const char *data, qsizetype size)
{
    const char *p = data;
    const char *const end = data + size;
    while (p < end && m_state != State::Done) {
        if (!isLineState()) {
            // Body bytes are only counted, never kept.
            const qint64 budgetLeft = kBodyBudgetBytes - m_bodyWire;
            qint64 n = std::min<qint64>(end - p, budgetLeft);
            if (m_state == State::Length)
                n = std::min(n, m_bodyLeft);
            else if (m_state == State::ChunkData)
                n = std::min(n, m_chunkLeft);
            p += n;
            m_total += n;
            m_bodyWire += n;
            if (m_state == State::Length) {
                m_bodyLeft -= n;
                if (m_bodyLeft == 0)
                    return answered(QStringLiteral("%1 bytes (Content-Length), complete").arg(m_contentLength));
            } else if (m_state == State::ChunkData) {
                m_chunkLeft -= n;
                if (m_chunkLeft == 0) {
                    m_state = State::ChunkEnd;
                    continue;
                }
            }
            if (m_bodyWire >= kBodyBudgetBytes)
                return budgetSpent();
            continue;
        }

        if (m_state == State::ChunkEnd) {
            // Exactly CRLF (or LF) after the data: anything else means the size did not match the data.
            if (*p == '\n' || (*p == '\r' && m_line.isEmpty())) {
                const bool done = *p == '\n';
                ++p;
                ++m_total;
                ++m_bodyWire;
                m_line = done ? QByteArray() : QByteArrayLiteral("\r");
                if (done) {
                    ++m_chunks;
                    m_state = State::ChunkSize;
                }
                if (m_bodyWire >= kBodyBudgetBytes)
                    return budgetSpent();
                continue;
            }
            m_line.append(p, std::min<qsizetype>(end - p, kSnippetBytes + 1));
            return settle(Kind::BadChunk, QStringLiteral("chunk %1 (%2 bytes) is followed by %3 instead of CRLF")
                                              .arg(m_chunks + 1)
                                              .arg(m_chunkSize)
                                              .arg(quoted(m_line)));
        }
        // Stray line ends before a status line, as Qt also skips them.
        if (m_state == State::StatusLine && m_line.isEmpty() && (*p == '\r' || *p == '\n')) {
            ++p;
            ++m_total;
            ++m_headBytes;
            continue;
        }
        const auto *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        const qsizetype take = (nl ? nl : end) - p;
        if (m_line.size() + take > lineLimit()) {
            m_line.append(p, std::min(take, lineLimit() - m_line.size()));
            return lineTooLong();
        }
        m_line.append(p, take);
        const qsizetype consumed = take + (nl ? 1 : 0);
        p += consumed;
        m_total += consumed;
        if (inHead()) {
            m_headBytes += consumed;
            if (m_headBytes > kMaxHeaderBlockBytes)
                return settle(Kind::HeadersTooLarge,
                              QStringLiteral("header block longer than %1").arg(kib(kMaxHeaderBlockBytes)));
        } else {
            m_bodyWire += consumed;
        }
        if (m_state == State::StatusLine) {
            // Decided by the first bytes, without waiting for a line end that garbage may never send.
            const qsizetype n = std::min<qsizetype>(m_line.size(), 5);
            if (std::memcmp(m_line.constData(), "HTTP/", size_t(n)) != 0) {
                if (nl && m_line.endsWith('\r'))
                    m_line.chop(1); // the line end is not part of what it "starts with"
                const auto b0 = static_cast<unsigned char>(m_line.at(0));
                const bool tlsRecord = m_line.size() >= 2 && b0 >= 0x14 && b0 <= 0x17 && m_line.at(1) == '\x03';
                return settle(Kind::NotHttp,
                              QStringLiteral("the server's answer is not HTTP: it starts with %1%2")
                                  .arg(quoted(m_line), tlsRecord ? QStringLiteral(" (a TLS record: does this port "
                                                                                  "speak https?)")
                                                                 : QString()));
            }
        }
        if (!nl) {
            if (!inHead() && m_bodyWire >= kBodyBudgetBytes)
                return budgetSpent();
            continue;
        }
        QByteArray line;
        line.swap(m_line);
        if (line.endsWith('\r'))
            line.chop(1);
        if (onLine(line))
            return true;
        if (!inHead() && m_state != State::Done && m_bodyWire >= kBodyBudgetBytes)
            return budgetSpent();
    }
    return m_state == State::Done;
}

bool HttpProbe::Reader::onLine(const QByteArray &line)
{
    switch (m_state) {
    case State::StatusLine:
        return onStatusLine(line);
    case State::Header:
        return onHeaderLine(line);
    case State::ChunkSize:
        return onChunkSizeLine(line);
    case State::Trailer:
        return onTrailerLine(line);
    default:
        Q_UNREACHABLE();
        return false;
    }
}

// status-line = HTTP-version SP 3DIGIT SP [ reason-phrase ] (RFC 9112 section 4); the SP before an empty reason is
// often left out, and Qt accepts that too.
bool HttpProbe::Reader::onStatusLine(const QByteArray &line)
{
    // Shorter than "HTTP/" (a longer mismatch was caught while it arrived).
    if (line.size() < 5)
        return settle(Kind::NotHttp,
                      QStringLiteral("the server's answer is not HTTP: it starts with %1").arg(quoted(line + "\n")));
    if (line.size() > 5 && isDigit(line.at(5)) && line.at(5) != '1')
        return settle(Kind::NotHttp,
                      QStringLiteral("the server's answer is not HTTP/1.x: its status line is %1").arg(quoted(line)));
    const bool wellFormed = line.size() >= 12 && line.at(5) == '1' && line.at(6) == '.' && isDigit(line.at(7)) &&
                            line.at(8) == ' ' && isDigit(line.at(9)) && isDigit(line.at(10)) && isDigit(line.at(11)) &&
                            (line.size() == 12 || line.at(12) == ' ') &&
                            std::none_of(line.cbegin(), line.cend(), [](char c) {
                                const auto u = static_cast<unsigned char>(c);
                                return (u < 0x20 && u != '\t') || u == 0x7f;
                            });
    if (!wellFormed)
        return settle(Kind::BadHeader, QStringLiteral("the status line %1 is malformed").arg(quoted(line)));
    const int code = (line.at(9) - '0') * 100 + (line.at(10) - '0') * 10 + (line.at(11) - '0');
    if (code < 100 || code > 599)
        return settle(Kind::BadHeader,
                      QStringLiteral("the status line %1 has no valid status code (100 to 599)").arg(quoted(line)));
    m_headStatus = code;
    m_fieldPending = false;
    m_contentLength = -1;
    m_hasTransferEncoding = false;
    m_finalCoding.clear();
    m_state = State::Header;
    return false;
}

bool HttpProbe::Reader::onHeaderLine(const QByteArray &line)
{
    if (line.isEmpty())
        return commitField() || endOfHead();
    if (line.contains('\0') || line.contains('\r'))
        return settle(Kind::BadHeader, QStringLiteral("header line %1 holds a %2")
                                           .arg(quoted(line), line.contains('\0') ? QStringLiteral("NUL byte")
                                                                                  : QStringLiteral("bare CR")));
    if (isOws(line.at(0))) {
        // obs-fold: a client must read it as a space in the previous field's value (RFC 9112 section 5.2).
        if (!m_fieldPending)
            return settle(Kind::BadHeader,
                          QStringLiteral("the header block starts with the indented line %1").arg(quoted(line)));
        if (!m_fieldName.isEmpty())
            m_fieldValue += ' ' + line.trimmed();
        return false;
    }
    if (commitField())
        return true;
    const qsizetype colon = line.indexOf(':');
    const QByteArray name = colon < 0 ? QByteArray() : line.left(colon);
    if (!isToken(name)) {
        const bool spaceBeforeColon = colon > 0 && isOws(name.back()) && isToken(name.trimmed());
        return settle(Kind::BadHeader,
                      spaceBeforeColon
                          ? QStringLiteral("whitespace before the colon in header line %1").arg(quoted(line))
                          : QStringLiteral("malformed header line %1").arg(quoted(line)));
    }
    m_fieldPending = true;
    const QByteArray lower = name.toLower();
    if (lower == "content-length" || lower == "transfer-encoding") {
        m_fieldName = lower;
        m_fieldValue = line.mid(colon + 1).trimmed();
    } else {
        m_fieldName.clear();
        m_fieldValue.clear();
    }
    return false;
}

// Acts on the field just read, once no obs-fold line can extend it any more.
bool HttpProbe::Reader::commitField()
{
    if (!m_fieldPending)
        return false;
    m_fieldPending = false;
    const QByteArray name = std::exchange(m_fieldName, {});
    const QByteArray value = std::exchange(m_fieldValue, {});
    if (name == "content-length") {
        // A list of equal values ("42, 42") is one length (RFC 9110 section 8.6); anything else cannot frame.
        const QList<QByteArray> parts = value.split(',');
        for (const QByteArray &raw : parts) {
            const QByteArray part = raw.trimmed();
            if (part.isEmpty() || part.size() > 18 || !std::all_of(part.cbegin(), part.cend(), isDigit))
                return settle(Kind::BadHeader, QStringLiteral("Content-Length %1 is not a number").arg(quoted(value)));
            const qint64 length = part.toLongLong();
            if (m_contentLength >= 0 && length != m_contentLength)
                return settle(
                    Kind::BadHeader,
                    QStringLiteral("conflicting Content-Length values %1 and %2").arg(m_contentLength).arg(length));
            m_contentLength = length;
        }
    } else if (name == "transfer-encoding") {
        m_hasTransferEncoding = true;
        const QList<QByteArray> codings = value.split(',');
        for (const QByteArray &coding : codings) {
            const QByteArray c = coding.trimmed();
            if (!c.isEmpty())
                m_finalCoding = c.toLower();
        }
    }
    return false;
}

// Framing of the body, RFC 9112 section 6.3 (a GET, so only the status rules apply, not HEAD's).
bool HttpProbe::Reader::endOfHead()
{
    if (!isFinalStatus(m_headStatus)) {
        ++m_interims; // 1xx: the final answer follows on the same connection (RFC 9110 section 15.2)
        m_lastInterim = m_headStatus;
        m_headStatus = 0;
        m_state = State::StatusLine;
        return false;
    }
    if (m_headStatus == 101)
        return answered(QStringLiteral("switching protocols although no upgrade was asked for"));
    if (m_headStatus == 204 || m_headStatus == 304)
        return answered(QStringLiteral("no body by definition"));
    if (m_hasTransferEncoding) {
        // Transfer-Encoding overrides Content-Length; a final coding other than chunked means read to close.
        m_state = m_finalCoding == "chunked" ? State::ChunkSize : State::ToClose;
        return false;
    }
    if (m_contentLength == 0)
        return answered(QStringLiteral("an empty body (Content-Length: 0)"));
    if (m_contentLength > 0) {
        m_bodyLeft = m_contentLength;
        m_state = State::Length;
        return false;
    }
    m_state = State::ToClose;
    return false;
}

// chunk = chunk-size [ chunk-ext ] CRLF, chunk-size = 1*HEXDIG, chunk-ext = *( BWS ";" ... ) (RFC 9112 section 7.1).
// Trailing whitespace without an extension is tolerated; nothing else is.
bool HttpProbe::Reader::onChunkSizeLine(const QByteArray &line)
{
    qsizetype i = 0;
    qint64 size = 0;
    int significant = 0;
    while (i < line.size() && hexValue(line.at(i)) >= 0) {
        // Past kMaxHexDigits the size is refused below; stop accumulating before it can overflow.
        if (significant < kMaxHexDigits)
            size = size * 16 + hexValue(line.at(i));
        if (size > 0)
            ++significant;
        ++i;
    }
    qsizetype j = i;
    while (j < line.size() && isOws(line.at(j)))
        ++j;
    const bool extensionOk =
        j == line.size() || (line.at(j) == ';' && std::none_of(line.cbegin() + j, line.cend(), [](char c) {
                                 const auto u = static_cast<unsigned char>(c);
                                 return (u < 0x20 && u != '\t') || u == 0x7f;
                             }));
    const QString where =
        m_chunks == 0 ? QStringLiteral("at the start of the body") : QStringLiteral("after ") + chunksText(m_chunks);
    if (i == 0 || !extensionOk)
        return settle(Kind::BadChunk, QStringLiteral("invalid chunk size %1 %2").arg(quoted(line), where));
    if (significant > kMaxHexDigits)
        return settle(Kind::BadChunk,
                      QStringLiteral("chunk size %1 %2 is absurdly large").arg(quoted(line.left(i)), where));
    if (size == 0) {
        m_state = State::Trailer;
        return false;
    }
    m_chunkSize = size;
    m_chunkLeft = size;
    m_state = State::ChunkData;
    return false;
}

bool HttpProbe::Reader::onTrailerLine(const QByteArray &line)
{
    if (line.isEmpty())
        return answered(QStringLiteral("chunked, %1, complete").arg(chunksText(m_chunks)));
    const qsizetype colon = line.indexOf(':');
    const bool field = (colon > 0 && isToken(line.left(colon))) || (isOws(line.at(0)) && m_fieldPending);
    if (!field || line.contains('\0') || line.contains('\r'))
        return settle(Kind::BadChunk, QStringLiteral("malformed trailer line %1 after the last chunk (%2 before it)")
                                          .arg(quoted(line), chunksText(m_chunks)));
    m_fieldPending = true; // lets an obs-fold line continue a trailer field
    return false;
}

HttpProbe::Verdict HttpProbe::Reader::atEnd(const QString &where) const
{
    Verdict v;
    v.kind = Kind::Truncated;
    v.status = status();
    switch (m_state) {
    case State::Done:
        return m_verdict;
    case State::StatusLine:
        if (m_total == 0) {
            v.kind = Kind::NoBytes;
            v.detail = where + QStringLiteral(" closed the connection without sending a byte");
        } else if (!m_line.isEmpty()) {
            v.detail = QStringLiteral("the answer ends inside its status line %1").arg(quoted(m_line));
        } else if (m_interims > 0) {
            v.detail =
                QStringLiteral("the answer ends after an interim %1 response, before the final one").arg(m_lastInterim);
        } else {
            v.detail = QStringLiteral("the answer ends after %1 empty line bytes, before any status line").arg(m_total);
        }
        break;
    case State::Header:
        v.detail = QStringLiteral("the answer ends inside its header block, after %1 bytes of it").arg(m_headBytes);
        break;
    case State::Length:
        v.detail =
            QStringLiteral("the body ends after %1 of %2 bytes").arg(m_contentLength - m_bodyLeft).arg(m_contentLength);
        break;
    case State::ChunkSize:
        v.detail =
            m_line.isEmpty()
                ? QStringLiteral("the chunked body ends after %1 without its last (0) chunk").arg(chunksText(m_chunks))
                : QStringLiteral("the chunked body ends inside a chunk-size line %1 after %2")
                      .arg(quoted(m_line), chunksText(m_chunks));
        break;
    case State::ChunkData:
        v.detail = QStringLiteral("the chunked body ends inside chunk %1, after %2 of its %3 bytes")
                       .arg(m_chunks + 1)
                       .arg(m_chunkSize - m_chunkLeft)
                       .arg(m_chunkSize);
        break;
    case State::ChunkEnd:
        v.detail =
            QStringLiteral("the chunked body ends after the data of chunk %1, before its CRLF").arg(m_chunks + 1);
        break;
    case State::Trailer:
        v.detail = QStringLiteral("the chunked body ends after its last (0) chunk, without the empty line that ends "
                                  "the trailer section");
        break;
    case State::ToClose:
        v.kind = Kind::Answered;
        v.detail = QStringLiteral("a well-formed answer: status %1, %2 bytes of body read until the server closed")
                       .arg(m_headStatus)
                       .arg(m_bodyWire);
        break;
    }
    return v;
}

QString HttpProbe::Reader::timeoutDetail(int timeoutMs) const
{
    if (m_total == 0)
        return QStringLiteral("no answer within %1").arg(seconds(timeoutMs));
    if (inHead())
        return QStringLiteral("the header block was still arriving after %1 (%2 bytes of it)")
            .arg(seconds(timeoutMs))
            .arg(m_headBytes);
    return QStringLiteral("the body was still arriving after %1 (%2 bytes, well framed so far)")
        .arg(seconds(timeoutMs))
        .arg(m_bodyWire);
}

// ---------------------------------------------------------------------------------------------------------------

HttpProbe::HttpProbe(QObject *parent)
    : QObject(parent)
{}

HttpProbe::~HttpProbe()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void HttpProbe::start(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers,
                      const QSslConfiguration *tls, int timeoutMs, const QHostAddress &address)
{
    if (m_phase != Phase::Idle) {
        qWarning("HttpProbe::start: already started; a probe runs once");
        return;
    }
    m_url = url;
    m_timeoutMs = timeoutMs;
    m_reader = std::make_unique<Reader>();
    m_phase = Phase::Connecting;

    const QString scheme = url.scheme().toLower();
    m_tls = scheme == QLatin1String("https");
    const QString host = url.host(QUrl::FullyEncoded);
    const int defaultPort = m_tls ? 443 : 80;
    const int port = url.port(defaultPort);
    const QString bracketed =
        host.contains(QLatin1Char(':')) ? QString(QLatin1Char('[') + host + QLatin1Char(']')) : host;
    m_where = bracketed + QLatin1Char(':') + QString::number(port);
    if (!url.isValid() || host.isEmpty() || (!m_tls && scheme != QLatin1String("http"))) {
        fail(Kind::ConnectFailed,
             QStringLiteral("cannot probe %1: only http and https URLs with a host").arg(quoted(url.toEncoded())));
        return;
    }

    QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (!target.startsWith('/'))
        target.prepend('/');
    QByteArray hostHeader = bracketed.toLatin1();
    if (port != defaultPort)
        hostHeader += ':' + QByteArray::number(port);

    // The probe owns the connection and the framing, so the headers that would change either are its own.
    static const QByteArray owned[] = {
        "host",    "connection", "accept-encoding",  "te",     "transfer-encoding", "content-length",
        "upgrade", "keep-alive", "proxy-connection", "expect", "trailer",           "http2-settings"};
    QByteArray userAgent = QByteArrayLiteral("Fanout/" FANOUT_VERSION " (+URL checker)");
    QByteArray rest;
    bool haveUserAgent = false;
    for (const auto &header : headers) {
        const QByteArray lower = header.first.toLower();
        if (!isToken(header.first) || std::any_of(header.second.cbegin(), header.second.cend(),
                                                  [](char c) { return c == '\r' || c == '\n' || c == '\0'; }))
            continue; // would split the request
        if (std::find(std::cbegin(owned), std::cend(owned), lower) != std::cend(owned))
            continue;
        if (lower == "user-agent") {
            if (!haveUserAgent)
                userAgent = header.second;
            haveUserAgent = true;
            continue;
        }
        rest += header.first + ": " + header.second + "\r\n";
    }
    m_request = "GET " + target + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: " + userAgent + "\r\n" + rest +
                "Accept-Encoding: identity\r\nConnection: close\r\n\r\n";

    QSslSocket *ssl = m_tls ? new QSslSocket(this) : nullptr;
    m_socket = ssl ? ssl : new QTcpSocket(this);
    m_socket->setProxy(QNetworkProxy::NoProxy);
    m_socket->setReadBufferSize(kSocketReadBuffer);
    connect(m_socket, &QAbstractSocket::connected, this, &HttpProbe::onConnected);
    connect(m_socket, &QIODevice::readyRead, this, &HttpProbe::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &HttpProbe::onSocketError);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpProbe::onPeerGone);

    if (timeoutMs > 0) {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        m_timer->setTimerType(Qt::PreciseTimer); // "timed out at the given timeout", not up to 5% early
        connect(m_timer, &QTimer::timeout, this, &HttpProbe::onTimeout);
        m_timer->start(timeoutMs);
    }

    if (ssl) {
        QSslConfiguration configuration = tls ? *tls : QSslConfiguration::defaultConfiguration();
        // The request is HTTP/1.1 bytes: a server that picked h2 would answer in frames.
        configuration.setAllowedNextProtocols({QByteArray(QSslConfiguration::NextProtocolHttp1_1)});
        ssl->setSslConfiguration(configuration);
        ssl->setPeerVerifyName(host);
        connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) { m_sslErrors = errors; });
        connect(ssl, &QSslSocket::encrypted, this, [this] {
            if (m_phase != Phase::Handshaking)
                return;
            m_phase = Phase::Waiting;
            m_socket->write(m_request);
        });
        // The host name is also the SNI name (none for an IP), and stays so when the address is given.
        if (address.isNull())
            ssl->connectToHostEncrypted(host, quint16(port));
        else
            ssl->connectToHostEncrypted(address.toString(), quint16(port), host);
    } else if (address.isNull()) {
        m_socket->connectToHost(host, quint16(port));
    } else {
        m_socket->connectToHost(address, quint16(port));
    }
}

void HttpProbe::onConnected()
{
    if (m_phase != Phase::Connecting)
        return;
    if (m_tls) {
        m_phase = Phase::Handshaking;
        return;
    }
    m_phase = Phase::Waiting;
    m_socket->write(m_request);
}

void HttpProbe::onReadyRead()
{
    if (m_phase == Phase::Waiting)
        m_phase = Phase::Reading;
    if (m_phase == Phase::Reading)
        drain();
}

bool HttpProbe::drain()
{
    char buffer[16 * 1024];
    while (m_phase == Phase::Reading && m_socket->bytesAvailable() > 0) {
        const qint64 n = m_socket->read(buffer, sizeof buffer);
        if (n <= 0)
            break;
        m_bytesRead += n;
        if (m_reader->feed(buffer, n)) {
            conclude(m_reader->verdict());
            return true;
        }
    }
    return false;
}

void HttpProbe::onSocketError()
{
    const QAbstractSocket::SocketError error = m_socket->error();
    switch (m_phase) {
    case Phase::Idle:
    case Phase::Done:
        return;
    case Phase::Connecting:
        onPeerGone(); // says the same for a connection that never came up
        return;
    case Phase::Handshaking: {
        if (error == QAbstractSocket::RemoteHostClosedError) {
            onPeerGone();
            return;
        }
        QStringList reasons;
        for (const QSslError &e : std::as_const(m_sslErrors))
            reasons << e.errorString();
        fail(Kind::TlsFailed,
             QStringLiteral("TLS handshake with %1 failed: %2")
                 .arg(m_where, reasons.isEmpty() ? m_socket->errorString() : reasons.join(QStringLiteral("; "))));
        return;
    }
    case Phase::Waiting:
    case Phase::Reading:
        if (error == QAbstractSocket::SslInternalError || error == QAbstractSocket::SslInvalidUserDataError ||
            error == QAbstractSocket::SslHandshakeFailedError) {
            fail(Kind::TlsFailed, QStringLiteral("TLS failure while reading the answer from %1: %2")
                                      .arg(m_where, m_socket->errorString()));
            return;
        }
        // Closed, reset or otherwise cut: the bytes that arrived decide.
        onPeerGone();
        return;
    }
}

void HttpProbe::onPeerGone()
{
    switch (m_phase) {
    case Phase::Idle:
    case Phase::Done:
        return;
    case Phase::Connecting:
        fail(Kind::ConnectFailed, QStringLiteral("cannot connect to %1: %2").arg(m_where, m_socket->errorString()));
        return;
    case Phase::Handshaking:
        fail(Kind::TlsFailed, m_where + QStringLiteral(" closed the connection during the TLS handshake"));
        return;
    case Phase::Waiting:
    case Phase::Reading:
        m_phase = Phase::Reading;
        if (!drain())
            conclude(m_reader->atEnd(m_where));
        return;
    }
}

void HttpProbe::onTimeout()
{
    Verdict v;
    v.kind = Kind::TimedOut;
    switch (m_phase) {
    case Phase::Idle:
    case Phase::Done:
        return;
    case Phase::Connecting:
        v.detail = QStringLiteral("no connection to %1 within %2").arg(m_where, seconds(m_timeoutMs));
        break;
    case Phase::Handshaking:
        v.detail = QStringLiteral("TLS handshake with %1 not finished within %2").arg(m_where, seconds(m_timeoutMs));
        break;
    case Phase::Waiting:
    case Phase::Reading:
        v.status = m_reader->status();
        v.detail = m_reader->timeoutDetail(m_timeoutMs);
        break;
    }
    conclude(v);
}

void HttpProbe::fail(Verdict::Kind kind, const QString &detail)
{
    Verdict v;
    v.kind = kind;
    v.detail = detail;
    conclude(v);
}

// Settles the verdict; the socket is cut and finished() emitted from the event loop, never from inside start() or
// a socket signal (whose emitter must not see its socket aborted under it).
void HttpProbe::conclude(const Verdict &verdict)
{
    if (m_phase == Phase::Done)
        return;
    m_phase = Phase::Done;
    if (m_timer)
        m_timer->stop();
    if (m_socket)
        m_socket->disconnect(this);
    QMetaObject::invokeMethod(
        this,
        [this, verdict] {
            if (m_socket)
                m_socket->abort();
            emit finished(verdict);
        },
        Qt::QueuedConnection);
}

} // namespace Fanout
