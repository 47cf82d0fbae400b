#include "origin/originserver.h"

#include <QByteArray>
#include <QList>
#include <QMetaMethod>
#include <QMutex>
#include <QMutexLocker>
#include <QSet>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cstring>
#include <utility>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace Fanout {

namespace {

constexpr qsizetype MaxHeaderBytes = 16 * 1024;
constexpr qint64 MaxDelayMs = 120000;
constexpr qint64 MaxBigKb = 4 * 1024 * 1024; // 4 GiB: far beyond any test, still no overflow anywhere
constexpr qint64 MaxRedirectHops = 1000000;
constexpr qint64 MaxBarrier = 100000; // group size for /barrier/<n>; far more than any client could hold open
constexpr qint64 MaxRequestBody = qint64(1) << 40; // we only skip bodies, so any sane length is fine
constexpr int DripBytes = 3600;
constexpr int DripIntervalMs = 1000;
constexpr int LingerMs = 2000;
constexpr qint64 StreamChunk = 64 * 1024;
constexpr qint64 StreamHighWater = 256 * 1024; // refill below this: bounds memory for /big of any size
constexpr int SocketReadBuffer = 64 * 1024;    // bounds what a pipelining client can park in our memory
constexpr int BombChunks = 812849;             // 1 + 258 * chunks bytes ~= 200 MiB once inflated

// ---------------------------------------------------------------------------------------------------------------
// Small byte helpers (the hot path works on raw bytes, never QString)

bool isTokenChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9'))
        return true;
    return c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool equalsNoCase(const char *a, qsizetype len, const char *lowerLiteral)
{
    const auto n = static_cast<qsizetype>(std::strlen(lowerLiteral));
    if (len != n)
        return false;
    for (qsizetype i = 0; i < n; ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != lowerLiteral[i])
            return false;
    }
    return true;
}

// Strict unsigned decimal: digits only, no sign or spaces, at most `max`.
bool parseNumber(const QByteArray &s, qint64 max, qint64 &out)
{
    if (s.isEmpty() || s.size() > 15)
        return false;
    qint64 v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    if (v > max)
        return false;
    out = v;
    return true;
}

// True when one of the pairs of a Cookie header is exactly `pair` ("name=value").
bool hasCookiePair(const QByteArray &cookieHeader, const QByteArray &pair)
{
    const QList<QByteArray> pairs = cookieHeader.split(';');
    return std::any_of(pairs.cbegin(), pairs.cend(), [&pair](const QByteArray &p) { return p.trimmed() == pair; });
}

bool hasControlChars(const QByteArray &s)
{
    return std::any_of(s.cbegin(), s.cend(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

QByteArray htmlEscape(const QByteArray &in)
{
    const bool clean = std::none_of(in.cbegin(), in.cend(),
                                    [](char c) { return c == '&' || c == '<' || c == '>' || c == '"' || c == '\''; });
    if (clean)
        return in;
    QByteArray out;
    out.reserve(in.size() + 16);
    for (const char c : in) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#x27;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

QByteArray jsonEscape(const QByteArray &in)
{
    QByteArray out;
    out.reserve(in.size() + 2);
    for (const char c : in) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            static const char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

// Query-string value (percent-decoded, '+' as space); `found` tells an empty value from a missing key.
QByteArray queryValue(const QByteArray &query, const char *key, bool *found = nullptr)
{
    const auto keyLen = static_cast<qsizetype>(std::strlen(key));
    qsizetype pos = 0;
    while (pos <= query.size()) {
        qsizetype amp = query.indexOf('&', pos);
        if (amp < 0)
            amp = query.size();
        const qsizetype eq = query.indexOf('=', pos);
        const qsizetype nameEnd = (eq >= 0 && eq < amp) ? eq : amp;
        if (nameEnd - pos == keyLen && std::memcmp(query.constData() + pos, key, size_t(keyLen)) == 0) {
            if (found)
                *found = true;
            if (nameEnd == amp)
                return {};
            QByteArray raw = query.mid(eq + 1, amp - eq - 1);
            raw.replace('+', ' ');
            return QByteArray::fromPercentEncoding(raw);
        }
        pos = amp + 1;
    }
    if (found)
        *found = false;
    return {};
}

const char *reasonPhrase(int status)
{
    struct Reason
    {
        int status;
        const char *phrase;
    };
    static const Reason known[] = {
        {100, "Continue"},
        {101, "Switching Protocols"},
        {102, "Processing"},
        {103, "Early Hints"},
        {200, "OK"},
        {201, "Created"},
        {202, "Accepted"},
        {203, "Non-Authoritative Information"},
        {204, "No Content"},
        {205, "Reset Content"},
        {206, "Partial Content"},
        {300, "Multiple Choices"},
        {301, "Moved Permanently"},
        {302, "Found"},
        {303, "See Other"},
        {304, "Not Modified"},
        {307, "Temporary Redirect"},
        {308, "Permanent Redirect"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {402, "Payment Required"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {406, "Not Acceptable"},
        {407, "Proxy Authentication Required"},
        {408, "Request Timeout"},
        {409, "Conflict"},
        {410, "Gone"},
        {411, "Length Required"},
        {412, "Precondition Failed"},
        {413, "Content Too Large"},
        {414, "URI Too Long"},
        {415, "Unsupported Media Type"},
        {416, "Range Not Satisfiable"},
        {417, "Expectation Failed"},
        {418, "I'm a teapot"},
        {421, "Misdirected Request"},
        {422, "Unprocessable Content"},
        {425, "Too Early"},
        {426, "Upgrade Required"},
        {428, "Precondition Required"},
        {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"},
        {451, "Unavailable For Legal Reasons"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
        {505, "HTTP Version Not Supported"},
        {511, "Network Authentication Required"},
        {1, "Informational"},
        {2, "Success"},
        {3, "Redirection"},
        {4, "Client Error"},
    };
    for (const Reason &r : known) {
        if (r.status == status)
            return r.phrase;
    }
    // Unregistered codes still get a phrase so the status line is well-formed.
    static const char *const byClass[] = {"Informational", "Success", "Redirection", "Client Error", "Server Error"};
    return byClass[std::clamp(status / 100, 1, 5) - 1];
}

bool bodyAllowed(int status)
{
    return status >= 200 && status != 204 && status != 304;
}

bool isRedirectStatus(qint64 s)
{
    return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
}

const char HtmlType[] = "text/html; charset=utf-8";

QByteArray htmlPage(const QByteArray &escapedTitle, const QByteArray &body)
{
    static const QByteArray head = QByteArrayLiteral("<!doctype html><html><head><meta charset=utf-8><title>");
    static const QByteArray mid = QByteArrayLiteral("</title></head><body>");
    static const QByteArray tail = QByteArrayLiteral("</body></html>");
    QByteArray out;
    out.reserve(head.size() + escapedTitle.size() + mid.size() + body.size() + tail.size());
    out += head;
    out += escapedTitle;
    out += mid;
    out += body;
    out += tail;
    return out;
}

const QByteArray &filler200()
{
    static const QByteArray x(200, 'x');
    return x;
}

// The blocks streamed bodies are cut from: 'y', 'z', or 't' for title text. That text repeats every 16 bytes, which
// divides the block size, so it runs on seamlessly from block to block and in a cut-off last block.
const QByteArray &fillBlock(char c)
{
    static const QByteArray y(int(StreamChunk), 'y');
    static const QByteArray z(int(StreamChunk), 'z');
    static const QByteArray t = QByteArrayLiteral("Very long title ").repeated(int(StreamChunk / 16));
    return c == 'y' ? y : c == 'z' ? z : t;
}

// One header line of /endless-headers, without its index: "X-Filler-<i>: " comes first.
const QByteArray &fillerHeaderValue()
{
    static const QByteArray v = ": " + QByteArray(1024, 'h') + "\r\n";
    return v;
}

// ---------------------------------------------------------------------------------------------------------------
// The /bomb body: a gzip stream hand-built around one dynamic-Huffman deflate block, so it costs ~200 KB on the
// wire and no 200 MB buffer is ever needed to produce it (qCompress would need the whole input in memory).

class BitWriter
{
public:
    void bits(quint32 value, int count) // LSB first, as deflate header fields and extra bits are
    {
        for (int i = 0; i < count; ++i)
            bit((value >> i) & 1u);
    }
    void code(quint32 huffman, int length) // Huffman codes go MSB first
    {
        for (int i = length - 1; i >= 0; --i)
            bit((huffman >> i) & 1u);
    }
    void zeros(qint64 count)
    {
        while (count > 0 && m_used != 0) {
            bit(0);
            --count;
        }
        m_out.append(qsizetype(count / 8), '\0');
        bits(0, int(count % 8));
    }
    QByteArray finish()
    {
        if (m_used != 0)
            m_out.append(char(m_acc));
        m_acc = 0;
        m_used = 0;
        return m_out;
    }

private:
    void bit(quint32 b)
    {
        m_acc |= b << m_used;
        if (++m_used == 8) {
            m_out.append(char(m_acc));
            m_acc = 0;
            m_used = 0;
        }
    }
    QByteArray m_out;
    quint32 m_acc = 0;
    int m_used = 0;
};

quint32 crc32Byte(quint32 crc, quint8 byte)
{
    crc = ~crc ^ byte;
    for (int k = 0; k < 8; ++k)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    return ~crc;
}

quint32 gf2Times(const quint32 *mat, quint32 vec)
{
    quint32 sum = 0;
    for (; vec; vec >>= 1, ++mat) {
        if (vec & 1u)
            sum ^= *mat;
    }
    return sum;
}

void gf2Square(quint32 *square, const quint32 *mat)
{
    for (int n = 0; n < 32; ++n)
        square[n] = gf2Times(mat, mat[n]);
}

// CRC-32 of A+B from crc(A), crc(B) and len(B), by applying len(B) zero bytes as a GF(2) matrix power.
quint32 crc32Combine(quint32 crc1, quint32 crc2, qint64 len2)
{
    if (len2 <= 0)
        return crc1;
    quint32 even[32];
    quint32 odd[32];
    odd[0] = 0xEDB88320u;
    quint32 row = 1;
    for (int n = 1; n < 32; ++n, row <<= 1)
        odd[n] = row;
    gf2Square(even, odd);
    gf2Square(odd, even);
    do {
        gf2Square(even, odd);
        if (len2 & 1)
            crc1 = gf2Times(even, crc1);
        len2 >>= 1;
        if (!len2)
            break;
        gf2Square(odd, even);
        if (len2 & 1)
            crc1 = gf2Times(odd, crc1);
        len2 >>= 1;
    } while (len2);
    return crc1 ^ crc2;
}

quint32 crc32OfRun(quint8 byte, qint64 length)
{
    if (length == 0)
        return 0;
    const quint32 half = crc32OfRun(byte, length / 2);
    quint32 crc = crc32Combine(half, half, length / 2);
    if (length & 1)
        crc = crc32Byte(crc, byte);
    return crc;
}

void appendLe32(QByteArray &out, quint32 v)
{
    for (int i = 0; i < 4; ++i)
        out.append(char((v >> (8 * i)) & 0xffu));
}

QByteArray buildBomb()
{
    // Alphabet in use: literal ' ' (32), end-of-block (256), length 258 (285); distance code 0 (distance 1).
    // Code lengths: 285 -> 1 bit "0", 32 -> "10", 256 -> "11"; the only distance code -> "0".
    BitWriter w;
    w.bits(1, 1);  // BFINAL
    w.bits(2, 2);  // BTYPE = dynamic Huffman
    w.bits(29, 5); // HLIT: 257 + 29 = 286 literal/length codes
    w.bits(0, 5);  // HDIST: 1 distance code
    w.bits(14, 4); // HCLEN: 4 + 14 = 18 code-length codes
    // Code-length code lengths in the permuted order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1:
    // symbol 18 -> 1 bit ("0"), symbols 1 and 2 -> 2 bits ("10", "11").
    static const quint32 clens[18] = {0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2};
    for (const quint32 l : clens)
        w.bits(l, 3);
    const auto zerosRun = [&w](quint32 n) { // n in 11..138, code-length symbol 18
        w.code(0, 1);
        w.bits(n - 11, 7);
    };
    zerosRun(32);                    // literals 0..31
    w.code(3, 2);                    // literal 32: length 2
    zerosRun(138);                   // 33..170
    zerosRun(85);                    // 171..255
    w.code(3, 2);                    // 256: length 2
    zerosRun(28);                    // 257..284
    w.code(2, 2);                    // 285: length 1
    w.code(2, 2);                    // distance 0: length 1
    w.code(2, 2);                    // data: literal ' '
    w.zeros(qint64(BombChunks) * 2); // each "0"+"0" = copy 258 bytes from distance 1
    w.code(3, 2);                    // end of block
    const QByteArray deflate = w.finish();

    const qint64 inflated = 1 + qint64(BombChunks) * 258;
    QByteArray gz = QByteArrayLiteral("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff");
    gz += deflate;
    appendLe32(gz, crc32OfRun(' ', inflated));
    appendLe32(gz, quint32(inflated & 0xffffffffu));
    return gz;
}

const QByteArray &bombBody()
{
    static const QByteArray body = buildBomb(); // built once, on first use
    return body;
}

QByteArray gzip(const QByteArray &data)
{
    // qCompress gives a 4-byte length, then a zlib stream: 2-byte header, raw deflate, Adler-32. gzip wants the same
    // deflate data between its own header and a CRC-32 + length trailer.
    const QByteArray z = qCompress(data, 9);
    QByteArray gz = QByteArrayLiteral("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff");
    gz += z.mid(6, z.size() - 10);
    quint32 crc = 0;
    for (const char c : data)
        crc = crc32Byte(crc, quint8(c));
    appendLe32(gz, crc);
    appendLe32(gz, quint32(data.size()));
    return gz;
}

// The first half of a valid gzip stream of a page: the cut falls inside the deflate data, well before the trailer.
const QByteArray &truncatedGzipBody()
{
    static const QByteArray body = [] {
        QByteArray paragraphs;
        for (int i = 0; i < 64; ++i)
            paragraphs += "<p>Paragraph " + QByteArray::number(i) + " of a page whose gzip stream is cut in half.</p>";
        const QByteArray gz = gzip(htmlPage("Truncated gzip", paragraphs));
        return gz.left(gz.size() / 2);
    }();
    return body;
}

// ---------------------------------------------------------------------------------------------------------------
// Fixed bodies

const QByteArray &gbkPage()
{
    // 百度一下，你就知道
    static const QByteArray b =
        QByteArrayLiteral("<html><head><title>"
                          "\xb0\xd9\xb6\xc8\xd2\xbb\xcf\xc2\xa3\xac\xc4\xe3\xbe\xcd\xd6\xaa\xb5\xc0"
                          "</title></head><body></body></html>");
    return b;
}

const QByteArray &metaGbkPage()
{
    // 网易
    static const QByteArray b =
        QByteArrayLiteral("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><title>"
                          "\xcd\xf8\xd2\xd7"
                          "</title></head></html>");
    return b;
}

const QByteArray &noCharsetGbkPage()
{
    // Title 中国领先的中文新闻门户网站：最新新闻、财经、体育和娱乐资讯, plus a paragraph so a detector has enough text.
    static const QByteArray b = QByteArrayLiteral(
        "<html><head><title>"
        "\xd6\xd0\xb9\xfa\xc1\xec\xcf\xc8\xb5\xc4\xd6\xd0\xce\xc4\xd0\xc2\xce\xc5\xc3\xc5\xbb\xa7\xcd\xf8\xd5\xbe"
        "\xa3\xba\xd7\xee\xd0\xc2\xd0\xc2\xce\xc5\xa1\xa2\xb2\xc6\xbe\xad\xa1\xa2\xcc\xe5\xd3\xfd\xba\xcd\xd3\xe9"
        "\xc0\xd6\xd7\xca\xd1\xb6"
        "</title></head><body><p>"
        "\xbb\xb6\xd3\xad\xb7\xc3\xce\xca\xb1\xbe\xd5\xbe\xa1\xa3\xd5\xe2\xc0\xef\xcc\xe1\xb9\xa9\xb9\xfa\xc4\xda"
        "\xcd\xe2\xd7\xee\xd0\xc2\xd0\xc2\xce\xc5\xa1\xa2\xcc\xec\xc6\xf8\xd4\xa4\xb1\xa8\xa1\xa2\xb9\xc9\xc6\xb1"
        "\xd0\xd0\xc7\xe9\xd2\xd4\xbc\xb0\xcc\xe5\xd3\xfd\xb1\xc8\xc8\xfc\xb5\xc4\xca\xb5\xca\xb1\xb1\xa8\xb5\xc0"
        "\xa3\xac\xc4\xda\xc8\xdd\xc3\xbf\xcc\xec\xb8\xfc\xd0\xc2\xa1\xa3"
        "</p></body></html>");
    return b;
}

const QByteArray &sjisPage()
{
    // 日本語のページ：東京の天気
    static const QByteArray b = QByteArrayLiteral(
        "<html><head><title>"
        "\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x83\x79\x81\x5b\x83\x57\x81\x46\x93\x8c\x8b\x9e\x82\xcc\x93\x56\x8b\x43"
        "</title></head><body></body></html>");
    return b;
}

const QByteArray &latin1Page()
{
    // 0x93/0x94 are curly quotes only in windows-1252, which browsers use for a declared iso-8859-1.
    static const QByteArray b = QByteArrayLiteral("<html><head><title>"
                                                  "\x93"
                                                  "Smart quotes"
                                                  "\x94"
                                                  " caf"
                                                  "\xe9"
                                                  "</title></head><body></body></html>");
    return b;
}

const QByteArray &pngImage()
{
    static const QByteArray b = QByteArrayLiteral(
        "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
        "\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41\x54\x78\xda\x63\xf8\xdf\xc0\xf0\x1f\x00\x06\x80"
        "\x02\x7f\xcf\x12\x09\xf1\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82");
    return b;
}

// ---------------------------------------------------------------------------------------------------------------
// Request parsing

struct Request
{
    QByteArray method;
    QByteArray target;
    QByteArray path;
    QByteArray query;
    QByteArray host;
    QByteArray userAgent;
    QByteArray cookie;
    QByteArray authorization;
    QByteArray proxyAuthorization;
    QByteArray rawHeaders; // header lines as received, for /headers
    qint64 contentLength = 0;
    bool hasCookie = false;
    bool hasAuthorization = false;
    bool hasProxyAuthorization = false;
    bool hasUserAgent = false;
    bool head = false;
    bool http10 = false;
    bool keepAlive = true;
};

// Parses one request head (request line + header lines, each ending in LF or CRLF, without the blank line).
// Returns 0 on success or the error status to answer with before closing.
int parseHead(const char *data, qsizetype len, Request &r)
{
    const char *p = data;
    const char *end = data + len;
    const auto nextLine = [&p, end](const char *&lineStart, qsizetype &lineLen) {
        lineStart = p;
        const auto *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        const char *lineEnd = nl ? nl : end;
        p = nl ? nl + 1 : end;
        if (lineEnd > lineStart && lineEnd[-1] == '\r')
            --lineEnd;
        lineLen = lineEnd - lineStart;
    };

    const char *line = nullptr;
    qsizetype lineLen = 0;
    nextLine(line, lineLen);

    // Request line: METHOD SP target SP HTTP/x.y
    const auto *sp1 = static_cast<const char *>(std::memchr(line, ' ', size_t(lineLen)));
    if (!sp1 || sp1 == line)
        return 400;
    const char *rest = sp1 + 1;
    const auto *sp2 = static_cast<const char *>(std::memchr(rest, ' ', size_t(line + lineLen - rest)));
    if (!sp2 || sp2 == rest)
        return 400;
    for (const char *c = line; c < sp1; ++c) {
        if (!isTokenChar(*c))
            return 400;
    }
    for (const char *c = rest; c < sp2; ++c) {
        const auto u = static_cast<unsigned char>(*c);
        if (u <= 0x20 || u == 0x7f)
            return 400;
    }
    const char *version = sp2 + 1;
    const qsizetype versionLen = line + lineLen - version;
    if (versionLen != 8 || std::memcmp(version, "HTTP/", 5) != 0 || version[6] != '.' || version[5] < '0' ||
        version[5] > '9' || version[7] < '0' || version[7] > '9')
        return 400;
    if (version[5] != '1')
        return 505;
    const bool http10 = version[7] == '0';

    r.method = QByteArray(line, sp1 - line);
    r.target = QByteArray(rest, sp2 - rest);
    r.head = r.method == "HEAD";

    // origin-form "/path?query"; absolute-form "http://host/path" is accepted too, as RFC 9112 asks of servers.
    QByteArray target = r.target;
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const qsizetype slash = target.indexOf('/', target.indexOf("//") + 2);
        target = slash < 0 ? QByteArrayLiteral("/") : target.mid(slash);
    } else if (!target.startsWith('/') && target != "*") {
        return 400;
    }
    const qsizetype hash = target.indexOf('#');
    if (hash >= 0)
        target.truncate(hash);
    const qsizetype q = target.indexOf('?');
    if (q >= 0) {
        r.path = target.left(q);
        r.query = target.mid(q + 1);
    } else {
        r.path = target;
    }

    bool closeRequested = false;
    bool haveHost = false;
    bool haveLength = false;
    const char *headersStart = p;
    while (p < end) {
        nextLine(line, lineLen);
        if (lineLen == 0)
            continue; // tolerated: only the final blank line is cut off before we get here
        if (line[0] == ' ' || line[0] == '\t')
            return 400; // obsolete line folding
        const auto *colon = static_cast<const char *>(std::memchr(line, ':', size_t(lineLen)));
        if (!colon || colon == line)
            return 400;
        for (const char *c = line; c < colon; ++c) {
            if (!isTokenChar(*c))
                return 400;
        }
        const char *v = colon + 1;
        const char *vEnd = line + lineLen;
        while (v < vEnd && (*v == ' ' || *v == '\t'))
            ++v;
        while (vEnd > v && (vEnd[-1] == ' ' || vEnd[-1] == '\t'))
            --vEnd;
        for (const char *c = v; c < vEnd; ++c) {
            const auto u = static_cast<unsigned char>(*c);
            if ((u < 0x20 && u != '\t') || u == 0x7f)
                return 400;
        }
        const qsizetype nameLen = colon - line;
        const qsizetype valueLen = vEnd - v;
        if (equalsNoCase(line, nameLen, "host")) {
            if (haveHost)
                return 400;
            haveHost = true;
            r.host = QByteArray(v, valueLen);
        } else if (equalsNoCase(line, nameLen, "connection")) {
            // Comma-separated tokens; only "close" matters to us.
            const QByteArray value(v, valueLen);
            for (const QByteArray &token : value.split(',')) {
                if (token.trimmed().compare("close", Qt::CaseInsensitive) == 0)
                    closeRequested = true;
            }
        } else if (equalsNoCase(line, nameLen, "content-length")) {
            qint64 n = 0;
            if (!parseNumber(QByteArray(v, valueLen), MaxRequestBody, n))
                return 400;
            if (haveLength && n != r.contentLength)
                return 400;
            haveLength = true;
            r.contentLength = n;
        } else if (equalsNoCase(line, nameLen, "transfer-encoding")) {
            return 501; // request bodies are never needed here; chunked ones are refused rather than misread
        } else if (equalsNoCase(line, nameLen, "user-agent")) {
            r.userAgent = QByteArray(v, valueLen);
            r.hasUserAgent = true;
        } else if (equalsNoCase(line, nameLen, "cookie")) {
            if (r.hasCookie)
                r.cookie += "; ";
            r.cookie += QByteArray(v, valueLen);
            r.hasCookie = true;
        } else if (equalsNoCase(line, nameLen, "authorization")) {
            if (r.hasAuthorization)
                r.authorization += ", ";
            r.authorization += QByteArray(v, valueLen);
            r.hasAuthorization = true;
        } else if (equalsNoCase(line, nameLen, "proxy-authorization")) {
            if (r.hasProxyAuthorization)
                r.proxyAuthorization += ", ";
            r.proxyAuthorization += QByteArray(v, valueLen);
            r.hasProxyAuthorization = true;
        }
    }
    r.rawHeaders = QByteArray(headersStart, end - headersStart);
    r.http10 = http10;
    r.keepAlive = !http10 && !closeRequested;
    return 0;
}

// Offset just past the blank line ending the request head, or -1; scanning resumes at `from`.
qsizetype findHeadEnd(const QByteArray &buf, qsizetype from, qsizetype *headLen)
{
    const char *data = buf.constData();
    const qsizetype size = buf.size();
    qsizetype i = from;
    while (i < size) {
        const auto *nl = static_cast<const char *>(std::memchr(data + i, '\n', size_t(size - i)));
        if (!nl)
            return -1;
        const qsizetype at = nl - data;
        if (at + 1 < size && data[at + 1] == '\n') {
            *headLen = at + 1;
            return at + 2;
        }
        if (at + 2 < size && data[at + 1] == '\r' && data[at + 2] == '\n') {
            *headLen = at + 1;
            return at + 3;
        }
        i = at + 1;
    }
    return -1;
}

// ---------------------------------------------------------------------------------------------------------------

class Connection;

// State shared by every connection of one server.
struct Shared
{
    virtual ~Shared() = default;
    virtual void served(const QByteArray &path, int status) = 0;
    virtual void arrived(const QByteArray &target) = 0;

    void beginRequest(const QByteArray &host)
    {
        const QMutexLocker lock(&statsLock);
        ++requests;
        ++inFlight;
        maxInFlight = std::max(maxInFlight, inFlight);
        int &now = hostInFlight[host];
        ++now;
        int &most = hostMax[host];
        most = std::max(most, now);
    }

    void endRequest(const QByteArray &host)
    {
        const QMutexLocker lock(&statsLock);
        --inFlight;
        const auto it = hostInFlight.find(host);
        if (it != hostInFlight.end() && --it.value() <= 0)
            hostInFlight.erase(it);
    }

    void resetStats()
    {
        const QMutexLocker lock(&statsLock);
        requests = 0;
        // Requests still running stay counted, so a max never reads below what is in flight right now.
        maxInFlight = inFlight;
        hostMax = hostInFlight;
        flaky.clear();
    }

    // The counters and barrier groups can be read from another thread (stats(): a test, or the window while the
    // demo's origin runs on a thread of its own); everything else stays on the server's thread.
    mutable QMutex statsLock;
    bool tls = false;
    qint64 requests = 0;
    int inFlight = 0;
    int maxInFlight = 0;
    QHash<QByteArray, int> hostInFlight;
    QHash<QByteArray, int> hostMax;
    QHash<QByteArray, qint64> flaky; // /flaky/<key>/<n>: requests seen per key
    // /barrier/<n>: the requests held in the group now filling up, per n. Not stats: never reset.
    QHash<qint64, QList<Connection *>> barriers;
    QSet<Connection *> connections;

    int barrierWaiting() const
    {
        int n = 0;
        for (const QList<Connection *> &group : barriers)
            n += int(group.size());
        return n;
    }
};

// One accepted socket. Requests are served strictly one after another (pipelined ones wait in the buffer), so
// responses can never interleave; a request stays "in flight" until its last byte has left our write buffer.
class Connection final : public QObject
{
public:
    Connection(QTcpSocket *socket, Shared *shared)
        : m_socket(socket)
        , m_shared(shared)
    {
        m_socket->setParent(this);
        m_socket->setReadBufferSize(SocketReadBuffer);
        connect(m_socket, &QIODevice::readyRead, this, &Connection::onReadyRead);
        connect(m_socket, &QIODevice::bytesWritten, this, &Connection::onBytesWritten);
        // Over TLS bytesWritten comes as soon as plaintext is handed to the encoder: refill only as the
        // encrypted bytes leave, or a streamed body would pile up in memory.
        if (auto *tls = qobject_cast<QSslSocket *>(m_socket))
            connect(tls, &QSslSocket::encryptedBytesWritten, this, &Connection::onBytesWritten);
        connect(m_socket, &QAbstractSocket::disconnected, this, &Connection::onDisconnected);
        connect(m_socket, &QAbstractSocket::errorOccurred, this, [this] {
            if (m_socket->state() == QAbstractSocket::UnconnectedState)
                onDisconnected();
        });
        m_shared->connections.insert(this);
    }

    ~Connection() override { shutdown(); }

    // Drops the connection at once (server close/destruction); safe to call more than once.
    void shutdown() { retire(true); }

    void start() { processInput(); }

private:
    Q_DISABLE_COPY_MOVE(Connection)

    enum class State
    {
        Idle,    // waiting for (the rest of) a request head
        Busy,    // serving one request
        Closing, // last response sent, waiting for the client to go
        Dead
    };
    enum class TimerAction
    {
        None,
        Delay,
        Drip,
        Linger
    };

    // ----- event handlers

    void onReadyRead()
    {
        if (m_state == State::Idle) {
            processInput();
        } else if (m_state == State::Closing) {
            m_socket->readAll(); // drained so our close is not turned into a reset that eats the response
        }
        // Busy: leave it in the socket buffer (bounded by SocketReadBuffer) until this response is done.
    }

    void onBytesWritten()
    {
        if (m_state != State::Busy || m_inHandler)
            return;
        if (m_streaming)
            pump();
        maybeFinish();
    }

    void onDisconnected()
    {
        if (retire(false))
            deleteLater();
    }

    // Ends the connection's life, whichever side ends it: its request stops counting, the timer stops and the server
    // forgets it. abortSocket: we end it, so the socket is cut and stops reporting to us. False when already dead.
    bool retire(bool abortSocket)
    {
        if (m_state == State::Dead)
            return false;
        m_state = State::Dead;
        endInFlight();
        leaveBarrier();
        if (m_timer)
            m_timer->stop();
        if (abortSocket) {
            m_socket->disconnect(this);
            m_socket->abort();
        }
        if (m_shared)
            m_shared->connections.remove(this);
        m_shared = nullptr;
        return true;
    }

    void onTimer()
    {
        const TimerAction action = m_timerAction;
        if (action == TimerAction::Linger) {
            m_socket->abort();
            return;
        }
        if (m_state != State::Busy)
            return;
        m_inHandler = true;
        if (action == TimerAction::Delay) {
            m_timerAction = TimerAction::None;
            const QByteArray title = "Delay " + QByteArray::number(m_delayMs) +
                                     (m_delayTag.isEmpty() ? QByteArray() : QByteArray(" " + htmlEscape(m_delayTag)));
            respond(200, HtmlType, htmlPage(title, filler200()));
        } else if (action == TimerAction::Drip) {
            if (--m_dripLeft > 0) {
                m_socket->write("1\r\n<\r\n");
            } else {
                m_timer->stop();
                m_timerAction = TimerAction::None;
                m_socket->write("1\r\n<\r\n0\r\n\r\n");
                m_awaitFlush = true;
            }
        }
        m_inHandler = false;
        if (m_state == State::Busy)
            maybeFinish();
    }

    // ----- request cycle

    void processInput()
    {
        while (m_state == State::Idle) {
            if (m_in.isEmpty())
                m_in = m_socket->readAll();
            else if (m_socket->bytesAvailable() > 0)
                m_in += m_socket->readAll();

            if (m_discard > 0) { // body of the previous request
                const qint64 n = std::min<qint64>(m_discard, m_in.size());
                m_in.remove(0, qsizetype(n));
                m_discard -= n;
                if (m_discard > 0)
                    return;
            }
            // RFC 9112: ignore stray empty lines before a request line.
            qsizetype skip = 0;
            while (skip < m_in.size() && (m_in.at(skip) == '\r' || m_in.at(skip) == '\n'))
                ++skip;
            if (skip > 0) {
                m_in.remove(0, skip);
                m_scanFrom = 0;
            }
            if (m_in.isEmpty())
                return;

            qsizetype headLen = 0;
            const qsizetype headEnd = findHeadEnd(m_in, m_scanFrom, &headLen);
            if (headEnd < 0) {
                if (m_in.size() > MaxHeaderBytes) {
                    fail(431, "Request header fields are larger than 16 KiB.");
                    return;
                }
                m_scanFrom = std::max<qsizetype>(0, m_in.size() - 3);
                return;
            }
            if (headEnd > MaxHeaderBytes) {
                fail(431, "Request header fields are larger than 16 KiB.");
                return;
            }

            m_req = Request();
            const int error = parseHead(m_in.constData(), headLen, m_req);
            m_in.remove(0, headEnd);
            m_scanFrom = 0;
            if (error != 0) {
                fail(error, error == 505   ? "Only HTTP/1.x is spoken here."
                            : error == 501 ? "Transfer-Encoding in requests is not supported."
                                           : "Malformed request.");
                return;
            }
            m_discard = m_req.contentLength;
            dispatch();
        }
    }

    // Answers a request we could not parse, then closes: the byte stream can no longer be trusted.
    void fail(int status, const char *message)
    {
        m_req = Request();
        m_req.keepAlive = false;
        m_state = State::Busy;
        m_counted = false;
        m_inHandler = true;
        respond(status, HtmlType, htmlPage(QByteArray::number(status) + ' ' + reasonPhrase(status), message));
        m_inHandler = false;
        maybeFinish();
    }

    void dispatch()
    {
        m_state = State::Busy;
        m_status = 0;
        m_forceClose = false;
        m_streaming = false;
        m_endlessHeaders = false;
        m_awaitFlush = false;
        m_counted = !m_req.path.startsWith("/stats");
        if (m_counted) {
            if (m_req.host.isEmpty())
                m_req.host = localHostKey();
            m_shared->beginRequest(m_req.host);
            m_shared->arrived(m_req.target);
        }
        m_inHandler = true;
        route();
        m_inHandler = false;
        if (m_state == State::Busy) {
            if (m_streaming)
                pump();
            maybeFinish();
        }
    }

    void maybeFinish()
    {
        if (m_state == State::Busy && m_awaitFlush && !m_streaming && m_socket->bytesToWrite() == 0)
            finishRequest();
    }

    void finishRequest()
    {
        m_awaitFlush = false;
        endInFlight();
        const QByteArray path = m_req.path;
        const int status = m_status;
        if (m_req.keepAlive && !m_forceClose) {
            m_state = State::Idle;
        } else {
            beginClose();
        }
        Shared *shared = m_shared;
        if (shared)
            shared->served(path, status);
        if (m_state == State::Idle)
            processInput();
    }

    void endInFlight()
    {
        if (m_counted && m_shared)
            m_shared->endRequest(m_req.host);
        m_counted = false;
    }

    // Graceful close: send FIN, keep draining what the client still sends, and wait for its close, so the kernel
    // does not answer late input with a reset that would destroy the response before the client has read it.
    void beginClose()
    {
        m_state = State::Closing;
        m_socket->readAll();
#ifdef Q_OS_UNIX
        if (!m_shared || !m_shared->tls) {
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
            armTimer(TimerAction::Linger, LingerMs, false);
            return;
        }
#endif
        m_socket->disconnectFromHost();
    }

    void armTimer(TimerAction action, int ms, bool repeat)
    {
        if (!m_timer) {
            m_timer = new QTimer(this);
            connect(m_timer, &QTimer::timeout, this, &Connection::onTimer);
        }
        m_timerAction = action;
        m_timer->setTimerType(action == TimerAction::Delay ? Qt::PreciseTimer : Qt::CoarseTimer);
        m_timer->setSingleShot(!repeat);
        m_timer->start(ms);
    }

    QByteArray localHostKey() const
    {
        return m_socket->localAddress().toString().toLatin1() + ':' + QByteArray::number(m_socket->localPort());
    }

    // ----- writing

    QByteArray head(int status, const char *contentType, qint64 contentLength, const QByteArray &extra = {})
    {
        m_status = status;
        if (status < 200)
            m_forceClose = true; // a 1xx as the final answer: close so no client waits for another status
        const bool close = m_forceClose || !m_req.keepAlive;
        QByteArray out;
        out.reserve(160 + extra.size());
        out += "HTTP/1.1 ";
        out += QByteArray::number(status);
        out += ' ';
        out += reasonPhrase(status);
        out += "\r\nServer: fanout-origin\r\n";
        if (contentType) {
            out += "Content-Type: ";
            out += contentType;
            out += "\r\n";
        }
        if (contentLength >= 0 && bodyAllowed(status)) {
            out += "Content-Length: ";
            out += QByteArray::number(contentLength);
            out += "\r\n";
        }
        out += extra;
        out += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
        return out;
    }

    void respond(int status, const char *contentType, const QByteArray &body, const QByteArray &extra = {})
    {
        QByteArray out = head(status, contentType, body.size(), extra);
        if (!m_req.head && bodyAllowed(status))
            out += body;
        m_awaitFlush = true;
        m_socket->write(out);
    }

    // A body of prefix + n fill bytes + suffix, written as the socket drains.
    void respondStreamed(const QByteArray &prefix, char fill, qint64 fillBytes, const QByteArray &suffix)
    {
        const qint64 total = prefix.size() + fillBytes + suffix.size();
        QByteArray out = head(200, HtmlType, total);
        m_awaitFlush = true;
        if (m_req.head) {
            m_socket->write(out);
            return;
        }
        out += prefix;
        m_socket->write(out);
        m_fill = fill;
        m_fillLeft = fillBytes;
        m_suffix = suffix;
        m_streaming = true;
    }

    qint64 pendingBytes() const
    {
        const auto *tls = qobject_cast<const QSslSocket *>(m_socket);
        return m_socket->bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0);
    }

    void pump()
    {
        while (m_streaming && pendingBytes() < StreamHighWater) {
            if (m_endlessHeaders) {
                QByteArray batch;
                batch.reserve(64 * (24 + fillerHeaderValue().size()));
                for (int i = 0; i < 64; ++i)
                    batch += "X-Filler-" + QByteArray::number(m_headerIndex++) + fillerHeaderValue();
                m_socket->write(batch);
            } else if (m_fillLeft > 0) {
                const qint64 n = std::min(m_fillLeft, StreamChunk);
                m_socket->write(fillBlock(m_fill).constData(), n);
                m_fillLeft -= n;
            } else {
                m_socket->write(m_suffix);
                m_suffix.clear();
                m_streaming = false;
            }
        }
    }

    void notFound()
    {
        respond(404, HtmlType, htmlPage("Not Found", "No route for " + htmlEscape(m_req.path) + '.'));
    }

    void badRequest(const QByteArray &why)
    {
        respond(400, HtmlType, htmlPage("Bad Request", htmlEscape(why)));
    }

    void redirect(int status, const QByteArray &location)
    {
        respond(status, nullptr, {}, "Location: " + location + "\r\n");
    }

    // ----- routes

    // Sitemaps for the sitemap loader's tests: an index (plain XML) whose children are a gzip file, a plain file
    // and a malformed one; every <loc> points back at this origin (its Host), so a test can check them all.
    void routeSitemap(const QByteArray &name)
    {
        const QByteArray base = "http://" + (m_req.host.isEmpty() ? QByteArray("127.0.0.1") : m_req.host);
        const QByteArray ns = "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"";
        auto urlset = [&](const QList<QByteArray> &paths) -> QByteArray {
            QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset " + ns + ">\n";
            for (const QByteArray &p : paths)
                xml += "  <url><loc>\n    " + base + p + "\n  </loc></url>\n";
            return xml + "</urlset>\n";
        };
        const char *xmlType = "application/xml";
        if (name == "index") {
            QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex " + ns + ">\n";
            for (const char *child : {"child.xml.gz", "plain.xml", "broken.xml", "missing.xml"})
                xml += "  <sitemap><loc>" + base + "/sitemap/" + child + "</loc></sitemap>\n";
            respond(200, xmlType, xml + "</sitemapindex>\n");
        } else if (name == "child.xml.gz") {
            respond(200, "application/gzip", gzip(urlset({"/status/200", "/page/a?x=1&amp;y=2", "/status/404"})));
        } else if (name == "plain.xml") {
            respond(200, xmlType, urlset({"/page/b", "/status/200"}));
        } else if (name == "broken.xml") {
            respond(200, xmlType,
                    "<?xml version=\"1.0\"?>\n<urlset " + ns + ">\n<url><loc>" + base +
                        "/page/c</loc></url>\n<url><loc>" + base + "/page/d</loc>\n</urlset>\n");
        } else if (name == "loop.xml") {
            QByteArray xml = "<sitemapindex " + ns + "><sitemap><loc>" + base + "/sitemap/loop.xml</loc></sitemap>";
            respond(200, xmlType, xml + "</sitemapindex>");
        } else {
            respond(404, HtmlType, htmlPage("Not Found", "No such sitemap."));
        }
    }

    void route()
    {
        const QByteArray &method = m_req.method;
        if (method != "GET" && method != "HEAD") {
            respond(405, HtmlType, htmlPage("Method Not Allowed", "Only GET and HEAD."), "Allow: GET, HEAD\r\n");
            return;
        }
        const QByteArray &path = m_req.path;
        if (path == "/") {
            index();
            return;
        }
        const QList<QByteArray> seg = path.mid(1).split('/');
        const QByteArray &s0 = seg.at(0);
        const qsizetype n = seg.size();

        if (s0 == "page" && n == 2 && !seg.at(1).isEmpty()) {
            routePage(seg.at(1));
        } else if (s0 == "barrier" && (n == 2 || n == 3)) {
            routeBarrier(seg.at(1), n == 3 ? QByteArray::fromPercentEncoding(seg.at(2)) : QByteArray());
        } else if (s0 == "delay" && (n == 2 || n == 3)) {
            routeDelay(seg.at(1), n == 3 ? QByteArray::fromPercentEncoding(seg.at(2)) : QByteArray());
        } else if (s0 == "early" && n == 2) {
            routeInterim(QByteArrayLiteral("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"),
                         "hints", seg.at(1));
        } else if (s0 == "continue" && n == 2) {
            routeInterim(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"), "continue", seg.at(1));
        } else if (s0 == "status" && n == 2) {
            routeStatus(seg.at(1));
        } else if (s0 == "redirect" && n == 2) {
            routeRedirect(seg.at(1));
        } else if (s0 == "loop" && n == 2) {
            qint64 i = 0;
            if (!parseNumber(seg.at(1), qint64(999999999999999) - 1, i))
                badRequest("/loop/<n> needs a number.");
            else
                redirect(302, "/loop/" + QByteArray::number(i + 1));
        } else if (s0 == "cycle" && n == 2 && (seg.at(1) == "a" || seg.at(1) == "b")) {
            redirect(302, seg.at(1) == "a" ? QByteArrayLiteral("/cycle/b") : QByteArrayLiteral("/cycle/a"));
        } else if (path == "/redirect-to") {
            routeRedirectTo();
        } else if (path == "/title") {
            respond(200, HtmlType, htmlPage(htmlEscape(queryValue(m_req.query, "t")), {}));
        } else if (path == "/gbk") {
            respond(200, "text/html; charset=GBK", gbkPage());
        } else if (path == "/metagbk") {
            respond(200, "text/html", metaGbkPage());
        } else if (path == "/nocharset-gbk") {
            respond(200, "text/html", noCharsetGbkPage());
        } else if (path == "/sjis") {
            respond(200, "text/html; charset=Shift_JIS", sjisPage());
        } else if (path == "/latin1") {
            respond(200, "text/html; charset=iso-8859-1", latin1Page());
        } else if (path == "/hang") {
            // Deliberately nothing: the request stays in flight until the client gives up.
        } else if (path == "/reset") {
            routeReset();
        } else if (path == "/drip") {
            routeDrip();
        } else if ((s0 == "big" || s0 == "notitle") && n == 2) {
            routeBig(s0 == "big", seg.at(1));
        } else if (s0 == "bigtitle" && n == 2) {
            routeBigTitle(seg.at(1));
        } else if (path == "/badchunk") {
            routeBadChunk();
        } else if (path == "/truncated") {
            routeTruncated();
        } else if (path == "/badgzip") {
            respond(200, HtmlType, htmlPage("Not gzip", "Plain HTML, whatever Content-Encoding says."),
                    "Content-Encoding: gzip\r\n");
        } else if (path == "/truncgzip") {
            respond(200, HtmlType, truncatedGzipBody(), "Content-Encoding: gzip\r\n");
        } else if (path == "/unknown-encoding") {
            respond(200, HtmlType, htmlPage("Unknown encoding", "Plain HTML under an encoding nobody knows."),
                    "Content-Encoding: x-fanout-unknown\r\n");
        } else if (path == "/garbage") {
            m_forceClose = true;
            m_awaitFlush = true;
            m_socket->write("HELLO THIS IS NOT HTTP\r\n\r\n"); // m_status stays 0: no HTTP status was sent
        } else if (path == "/endless-headers") {
            routeEndlessHeaders();
        } else if (s0 == "sitemap" && n == 2) {
            routeSitemap(seg.at(1));
        } else if (path == "/bomb") {
            respond(200, HtmlType, bombBody(), "Content-Encoding: gzip\r\n");
        } else if (s0 == "flaky" && n == 3 && !seg.at(1).isEmpty()) {
            routeFlaky(QByteArray::fromPercentEncoding(seg.at(1)), seg.at(2));
        } else if (path == "/nohead") {
            if (m_req.head)
                respond(405, HtmlType, htmlPage("Method Not Allowed", "Use GET."), "Allow: GET\r\n");
            else
                respond(200, HtmlType, htmlPage("No HEAD here", "This route refuses HEAD."));
        } else if (path == "/cookie/set") {
            respond(200, HtmlType, htmlPage("Cookie set", "fanout=1"), "Set-Cookie: fanout=1; Path=/\r\n");
        } else if (path == "/cookie/loop") {
            routeCookieLoop("fanout_seen", "");
        } else if (path == "/cookie/loop-secure") {
            routeCookieLoop("fanout_seen_secure", "; Secure");
        } else if (path == "/cookie/expired") {
            routeCookieLoop("fanout_seen_expired", "; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        } else if (path == "/cookie/check") {
            respond(
                200, HtmlType,
                htmlPage("cookie: " + (m_req.hasCookie ? htmlEscape(m_req.cookie) : QByteArrayLiteral("none")), {}));
        } else if (path == "/auth/echo") {
            // Which credentials arrived, for tests that a client drops them on a redirect to another host.
            const auto shown = [](bool has, const QByteArray &value) {
                return has ? htmlEscape(value) : QByteArrayLiteral("none");
            };
            respond(200, HtmlType,
                    htmlPage("auth=" + shown(m_req.hasAuthorization, m_req.authorization) +
                                 " cookie=" + shown(m_req.hasCookie, m_req.cookie) +
                                 " proxy-auth=" + shown(m_req.hasProxyAuthorization, m_req.proxyAuthorization),
                             {}));
        } else if (path == "/location-latin1") {
            // Raw non-ASCII bytes in Location, as some servers send: browsers percent-encode them (here %E9).
            redirect(302, QByteArrayLiteral("/title?t=caf\xe9"));
        } else if (path == "/location-utf8") {
            redirect(302, QByteArrayLiteral("/title?t=caf\xc3\xa9")); // é in UTF-8, to be sent on as %C3%A9
        } else if (path == "/headers") {
            respond(200, HtmlType,
                    htmlPage(m_req.hasUserAgent ? htmlEscape(m_req.userAgent) : QByteArrayLiteral("none"),
                             "<pre>" + htmlEscape(m_req.rawHeaders) + "</pre>"));
        } else if (path == "/json") {
            respond(200, "application/json", QByteArrayLiteral("{\"ok\": true, \"items\": [1, 2, 3]}"));
        } else if (path == "/image.png") {
            respond(200, "image/png", pngImage());
        } else if (path == "/stats") {
            routeStats();
        } else if (path == "/stats/reset") {
            m_shared->resetStats();
            respond(200, "application/json; charset=utf-8", QByteArrayLiteral("{\"ok\": true}"));
        } else {
            notFound();
        }
    }

    void index()
    {
        QByteArray body = "<h1>Fanout origin</h1><ul>";
        const auto list = OriginServer::routes();
        for (const auto &r : list) {
            body += "<li><code>" + htmlEscape(r.first.toUtf8()) + "</code> " + htmlEscape(r.second.toUtf8()) + "</li>";
        }
        body += "</ul>";
        respond(200, HtmlType, htmlPage("Fanout origin", body));
    }

    void routePage(const QByteArray &rawId)
    {
        static const QByteArray prefix = QByteArrayLiteral("Page ");
        const bool digits = std::all_of(rawId.cbegin(), rawId.cend(), [](char c) { return c >= '0' && c <= '9'; });
        const QByteArray id = digits ? rawId : htmlEscape(QByteArray::fromPercentEncoding(rawId));
        respond(200, HtmlType, htmlPage(prefix + id, filler200()));
    }

    void routeDelay(const QByteArray &msText, const QByteArray &tag)
    {
        qint64 ms = 0;
        if (!parseNumber(msText, MaxDelayMs, ms)) {
            badRequest("/delay/<ms> needs a number of milliseconds from 0 to " + QByteArray::number(MaxDelayMs) + '.');
            return;
        }
        m_delayMs = ms;
        m_delayTag = tag;
        armTimer(TimerAction::Delay, int(ms), false);
    }

    // Holds this request until n of its group are held at once, so a client's concurrency can be proven without a
    // clock: with n above the client's cap nothing is ever answered.
    void routeBarrier(const QByteArray &countText, const QByteArray &tag)
    {
        qint64 count = 0;
        if (!parseNumber(countText, MaxBarrier, count) || count < 1) {
            badRequest("/barrier/<n> needs a group size from 1 to " + QByteArray::number(MaxBarrier) + '.');
            return;
        }
        m_barrierTag = tag;
        QList<Connection *> released;
        {
            const QMutexLocker lock(&m_shared->statsLock);
            QList<Connection *> &group = m_shared->barriers[count];
            group.append(this);
            m_barrier = count;
            if (group.size() < count)
                return; // held: stays in flight until the group is full or the client leaves
            // Taken out first, so a request arriving while these are answered starts a new group.
            released = m_shared->barriers.take(count);
        }
        for (Connection *c : released)
            c->releaseBarrier();
    }

    void releaseBarrier()
    {
        if (m_state != State::Busy || m_barrier == 0)
            return;
        const QByteArray title = "Barrier " + QByteArray::number(m_barrier) +
                                 (m_barrierTag.isEmpty() ? QByteArray() : QByteArray(' ' + htmlEscape(m_barrierTag)));
        const QByteArray body = "Released with " + QByteArray::number(m_barrier) + " requests in flight.";
        m_barrier = 0;
        // The request that completed the group is inside its own handler; dispatch() finishes that one.
        const bool nested = m_inHandler;
        m_inHandler = true;
        respond(200, HtmlType, htmlPage(title, body));
        m_inHandler = nested;
        if (!nested)
            maybeFinish();
    }

    void leaveBarrier()
    {
        if (m_barrier == 0 || !m_shared)
            return;
        {
            const QMutexLocker lock(&m_shared->statsLock);
            const auto it = m_shared->barriers.find(m_barrier);
            if (it != m_shared->barriers.end()) {
                it->removeOne(this);
                if (it->isEmpty())
                    m_shared->barriers.erase(it);
            }
        }
        m_barrier = 0;
    }

    // The consent-cookie pattern of twitter.com or nature.com: without the cookie, a redirect to the same URL that sets
    // it. A client that keeps and returns cookies gets the page on the second hop; one that must not return this
    // cookie (Secure over http, already expired) loops. Each route has its own cookie name, so one route's cookie in a
    // shared jar never satisfies (or, same name and path, overwrites) another's.
    void routeCookieLoop(const QByteArray &name, const char *attributes)
    {
        if (m_req.hasCookie && hasCookiePair(m_req.cookie, name + "=1")) {
            respond(200, HtmlType, htmlPage("Cookie accepted", name + "=1"));
            return;
        }
        const QByteArray self = m_req.query.isEmpty() ? m_req.path : m_req.path + '?' + m_req.query;
        respond(302, nullptr, {}, "Set-Cookie: " + name + "=1; Path=/" + attributes + "\r\nLocation: " + self + "\r\n");
    }

    // A 1xx interim response, then the final one on the same connection (CDNs send 103 Early Hints unasked): a client
    // must skip the interim one and read on.
    void routeInterim(const QByteArray &interim, const char *after, const QByteArray &codeText)
    {
        qint64 code = 0;
        if (!parseNumber(codeText, 599, code) || code < 200) {
            badRequest("The final status must be from 200 to 599.");
            return;
        }
        // RFC 9110 forbids a 1xx to an HTTP/1.0 client, which would take it for the answer.
        if (!m_req.http10)
            m_socket->write(interim);
        if (isRedirectStatus(code))
            redirect(int(code), "/page/1");
        else
            respond(int(code), HtmlType, htmlPage(QByteArray(reasonPhrase(int(code))) + " after " + after, {}));
    }

    void routeStatus(const QByteArray &codeText)
    {
        qint64 code = 0;
        if (!parseNumber(codeText, 599, code) || code < 100) {
            badRequest("/status/<code> needs a status from 100 to 599.");
            return;
        }
        bool found = false;
        const QByteArray retryAfter = queryValue(m_req.query, "retry_after", &found);
        if (found && hasControlChars(retryAfter)) {
            badRequest("retry_after must not contain control characters.");
            return;
        }
        respond(int(code), nullptr, {}, found ? QByteArray("Retry-After: " + retryAfter + "\r\n") : QByteArray());
    }

    void routeRedirect(const QByteArray &hopsText)
    {
        qint64 hops = 0;
        if (!parseNumber(hopsText, MaxRedirectHops, hops)) {
            badRequest("/redirect/<n> needs a number of hops.");
            return;
        }
        bool found = false;
        qint64 status = 302;
        if (!redirectStatusParam(&status, &found))
            return;
        if (hops <= 1) {
            redirect(int(status), "/page/0");
        } else {
            redirect(int(status), "/redirect/" + QByteArray::number(hops - 1) +
                                      (found ? QByteArray("?status=" + QByteArray::number(status)) : QByteArray()));
        }
    }

    // The optional ?status= of the redirect routes (302 when absent); answers 400 itself and returns false when it
    // is not a redirect status.
    bool redirectStatusParam(qint64 *status, bool *found)
    {
        const QByteArray statusText = queryValue(m_req.query, "status", found);
        if (*found && (!parseNumber(statusText, 999, *status) || !isRedirectStatus(*status))) {
            badRequest("status must be 301, 302, 303, 307 or 308.");
            return false;
        }
        return true;
    }

    void routeRedirectTo()
    {
        const QByteArray url = queryValue(m_req.query, "url");
        if (url.isEmpty() || hasControlChars(url)) {
            badRequest("/redirect-to needs a url parameter without control characters.");
            return;
        }
        bool found = false;
        qint64 status = 302;
        if (!redirectStatusParam(&status, &found))
            return;
        redirect(int(status), url);
    }

    void routeReset()
    {
#ifdef Q_OS_UNIX
        if (!m_shared->tls) {
            // Zero linger turns the close into a real RST, which is what this route exists to produce.
            const struct linger lg = {1, 0};
            ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        }
#endif
        m_socket->abort(); // emits disconnected(): this connection is finished from here on
    }

    void routeDrip()
    {
        QByteArray out = head(200, HtmlType, -1, "Transfer-Encoding: chunked\r\n");
        if (m_req.head) {
            m_awaitFlush = true;
            m_socket->write(out);
            return;
        }
        out += "1\r\n<\r\n";
        m_socket->write(out);
        m_dripLeft = DripBytes;
        armTimer(TimerAction::Drip, DripIntervalMs, true);
    }

    void routeBig(bool withTitle, const QByteArray &kbText)
    {
        qint64 kb = 0;
        if (!parseNumber(kbText, MaxBigKb, kb)) {
            badRequest("The size must be a number of KiB up to " + QByteArray::number(MaxBigKb) + '.');
            return;
        }
        static const QByteArray bigPrefix =
            QByteArrayLiteral("<!doctype html><html><head><meta charset=utf-8><title>Big</title></head><body>");
        static const QByteArray plainPrefix =
            QByteArrayLiteral("<!doctype html><html><head><meta charset=utf-8></head><body>");
        static const QByteArray suffix = QByteArrayLiteral("</body></html>");
        respondStreamed(withTitle ? bigPrefix : plainPrefix, withTitle ? 'y' : 'z', kb * 1024, suffix);
    }

    void routeBigTitle(const QByteArray &kbText)
    {
        qint64 kb = 0;
        if (!parseNumber(kbText, MaxBigKb, kb)) {
            badRequest("The size must be a number of KiB up to " + QByteArray::number(MaxBigKb) + '.');
            return;
        }
        static const QByteArray prefix = QByteArrayLiteral("<!doctype html><html><head><meta charset=utf-8><title>");
        static const QByteArray suffix = QByteArrayLiteral("</title></head><body></body></html>");
        respondStreamed(prefix, 't', kb * 1024, suffix);
    }

    void routeBadChunk()
    {
        m_forceClose = true; // past the bad chunk size nothing on this connection can be framed
        QByteArray out = head(200, HtmlType, -1, "Transfer-Encoding: chunked\r\n");
        if (!m_req.head) {
            static const QByteArray chunk = QByteArrayLiteral(
                "<!doctype html><html><head><meta charset=utf-8><title>Bad chunk</title></head><body>");
            out += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\nzz\r\n";
        }
        m_awaitFlush = true;
        m_socket->write(out);
    }

    void routeTruncated()
    {
        m_forceClose = true; // the close is what cuts the body short
        QByteArray out = head(200, HtmlType, 10000);
        if (!m_req.head) {
            QByteArray body = QByteArrayLiteral(
                "<!doctype html><html><head><meta charset=utf-8><title>Truncated</title></head><body>");
            body.append(100 - body.size(), 'x');
            out += body;
        }
        m_awaitFlush = true;
        m_socket->write(out);
    }

    // A header block that never ends, written only as the client reads it (so memory stays bounded) until it leaves.
    void routeEndlessHeaders()
    {
        m_status = 200;
        m_awaitFlush = true;
        m_socket->write("HTTP/1.1 200 OK\r\nServer: fanout-origin\r\nContent-Type: text/html; charset=utf-8\r\n");
        m_headerIndex = 0;
        m_endlessHeaders = true;
        m_streaming = true;
    }

    void routeFlaky(const QByteArray &key, const QByteArray &countText)
    {
        qint64 failures = 0;
        if (!parseNumber(countText, MaxRedirectHops, failures)) {
            badRequest("/flaky/<key>/<n> needs a number of failures.");
            return;
        }
        bool found = false;
        const QByteArray statusText = queryValue(m_req.query, "status", &found);
        qint64 status = 503;
        if (found && (!parseNumber(statusText, 599, status) || status < 200)) {
            badRequest("status must be from 200 to 599.");
            return;
        }
        bool hasRetry = false;
        const QByteArray retryAfter = queryValue(m_req.query, "retry_after", &hasRetry);
        if (hasRetry && hasControlChars(retryAfter)) {
            badRequest("retry_after must not contain control characters.");
            return;
        }
        qint64 seen = 0;
        {
            const QMutexLocker lock(&m_shared->statsLock); // resetStats() clears the counts, maybe from elsewhere
            seen = ++m_shared->flaky[key];
        }
        if (seen <= failures) {
            const QByteArray title =
                "Failing " + htmlEscape(key) + ' ' + QByteArray::number(seen) + '/' + QByteArray::number(failures);
            respond(int(status), HtmlType, htmlPage(title, {}),
                    hasRetry ? QByteArray("Retry-After: " + retryAfter + "\r\n") : QByteArray());
        } else {
            respond(200, HtmlType, htmlPage("Recovered " + htmlEscape(key), {}));
        }
    }

    void routeStats()
    {
        QByteArray body = "{\"requests\": " + QByteArray::number(m_shared->requests) +
                          ", \"in_flight\": " + QByteArray::number(m_shared->inFlight) +
                          ", \"max_in_flight\": " + QByteArray::number(m_shared->maxInFlight) +
                          ", \"max_in_flight_per_host\": {";
        bool first = true;
        for (auto it = m_shared->hostMax.cbegin(); it != m_shared->hostMax.cend(); ++it) {
            if (!first)
                body += ", ";
            first = false;
            body += '"' + jsonEscape(it.key()) + "\": " + QByteArray::number(it.value());
        }
        body += "}, \"barrier_waiting\": " + QByteArray::number(m_shared->barrierWaiting()) +
                ", \"barrier_waiting_per_group\": {";
        first = true;
        for (auto it = m_shared->barriers.cbegin(); it != m_shared->barriers.cend(); ++it) {
            if (!first)
                body += ", ";
            first = false;
            body += '"' + QByteArray::number(it.key()) + "\": " + QByteArray::number(it.value().size());
        }
        body += "}}";
        respond(200, "application/json; charset=utf-8", body);
    }

    QTcpSocket *m_socket;
    Shared *m_shared;
    QTimer *m_timer = nullptr;
    State m_state = State::Idle;
    TimerAction m_timerAction = TimerAction::None;

    QByteArray m_in;
    qsizetype m_scanFrom = 0;
    qint64 m_discard = 0;

    Request m_req;
    int m_status = 0;
    bool m_counted = false;    // the current request is in the stats' in-flight count
    bool m_forceClose = false; // close after this response whatever the client asked
    bool m_awaitFlush = false; // the whole response is queued; done once the socket buffer drains
    bool m_inHandler = false;  // guards against finishing a request re-entrantly from inside a handler

    qint64 m_delayMs = 0;
    QByteArray m_delayTag;
    qint64 m_barrier = 0; // the /barrier/<n> group this request is held in, 0 when none
    QByteArray m_barrierTag;
    int m_dripLeft = 0;

    bool m_streaming = false;
    bool m_endlessHeaders = false; // streaming header lines, never the blank line ending them
    qint64 m_headerIndex = 0;
    char m_fill = 'y';
    qint64 m_fillLeft = 0;
    QByteArray m_suffix;
};

} // namespace

// -------------------------------------------------------------------------------------------------------------------

struct OriginServer::Private final : public Shared
{
    explicit Private(OriginServer *owner)
        : q(owner)
    {}

    ~Private() override { dropConnections(true); }

    void served(const QByteArray &path, int status) override
    {
        // Skips the QString conversion in the hot path when nobody listens.
        static const QMetaMethod signal = QMetaMethod::fromSignal(&OriginServer::requestServed);
        if (q->isSignalConnected(signal))
            emit q->requestServed(QString::fromUtf8(path), status);
    }

    void arrived(const QByteArray &target) override
    {
        static const QMetaMethod signal = QMetaMethod::fromSignal(&OriginServer::requestArrived);
        if (q->isSignalConnected(signal))
            emit q->requestArrived(QString::fromUtf8(target));
    }

    void acceptPending(QTcpServer *server)
    {
        while (server->hasPendingConnections()) {
            QTcpSocket *socket = server->nextPendingConnection();
            if (!socket)
                break;
            auto *connection = new Connection(socket, this);
            connection->start();
        }
    }

    void dropConnections(bool now)
    {
        const QSet<Connection *> all = connections;
        connections.clear();
        for (Connection *c : all) {
            c->shutdown();
            if (now)
                delete c;
            else
                c->deleteLater(); // close() may be called from a slot running inside one of these
        }
    }

    void closeServers()
    {
        for (QTcpServer *s : std::as_const(servers)) {
            // A TLS handshake still running on a closed server must not turn into a new connection.
            QObject::disconnect(s, nullptr, q, nullptr);
            s->close();
            s->deleteLater();
        }
        servers.clear();
    }

    OriginServer *q;
    QList<QTcpServer *> servers;
    QSslConfiguration tlsConfiguration;
    quint16 port = 0;
    int hostCount = 0;
    QString error;
};

OriginServer::OriginServer(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
{}

OriginServer::~OriginServer()
{
    d->closeServers();
    d->dropConnections(true);
}

void OriginServer::setTlsConfiguration(const QSslConfiguration &configuration)
{
    d->tlsConfiguration = configuration;
    d->tls = true;
}

bool OriginServer::listen(quint16 port, int hostCount)
{
    close();
    d->error.clear();
    if (hostCount < 1 || hostCount > 254) {
        d->error = tr("Host count must be from 1 to 254 (127.0.0.1 .. 127.0.0.254), not %1.").arg(hostCount);
        return false;
    }
    if (d->tls && (d->tlsConfiguration.localCertificate().isNull() || d->tlsConfiguration.privateKey().isNull())) {
        d->error = tr("The TLS configuration has no certificate or no private key.");
        return false;
    }
    // With port 0 the first bind picks the port; another host may already use it there, so try a few times.
    const int attempts = port == 0 ? 5 : 1;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        quint16 chosen = port;
        bool ok = true;
        for (int i = 1; i <= hostCount && ok; ++i) {
            QTcpServer *server = nullptr;
            if (d->tls) {
                auto *ssl = new QSslServer(this);
                ssl->setSslConfiguration(d->tlsConfiguration);
                server = ssl;
            } else {
                server = new QTcpServer(this);
            }
            server->setMaxPendingConnections(4096);
            server->setListenBacklogSize(1024);
            const QHostAddress address(QStringLiteral("127.0.0.%1").arg(i));
            if (!server->listen(address, chosen)) {
                d->error =
                    tr("Cannot listen on %1:%2: %3").arg(address.toString()).arg(chosen).arg(server->errorString());
                delete server;
                ok = false;
                break;
            }
            if (chosen == 0)
                chosen = server->serverPort();
            // pendingConnectionAvailable (Qt 6.4) fires once a socket is ready: for TLS, after the handshake.
            connect(server, &QTcpServer::pendingConnectionAvailable, this,
                    [this, server] { d->acceptPending(server); });
            d->servers.append(server);
        }
        if (ok) {
            d->port = chosen;
            d->hostCount = hostCount;
            d->error.clear();
            return true;
        }
        d->closeServers();
    }
    return false;
}

void OriginServer::close()
{
    d->closeServers();
    d->dropConnections(false);
    d->port = 0;
    d->hostCount = 0;
}

bool OriginServer::isListening() const
{
    return !d->servers.isEmpty();
}

quint16 OriginServer::port() const
{
    return d->port;
}

QUrl OriginServer::baseUrl(int hostIndex) const
{
    if (!isListening() || hostIndex < 1 || hostIndex > d->hostCount)
        return {};
    QUrl url;
    url.setScheme(d->tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.%1").arg(hostIndex));
    url.setPort(d->port);
    return url;
}

QString OriginServer::errorString() const
{
    return d->error;
}

OriginServer::Stats OriginServer::stats() const
{
    const QMutexLocker lock(&d->statsLock);
    Stats s;
    s.requests = d->requests;
    s.inFlight = d->inFlight;
    s.maxInFlight = d->maxInFlight;
    for (auto it = d->hostMax.cbegin(); it != d->hostMax.cend(); ++it)
        s.maxInFlightPerHost.insert(QString::fromLatin1(it.key()), it.value());
    for (auto it = d->barriers.cbegin(); it != d->barriers.cend(); ++it) {
        s.barrierWaiting += int(it.value().size());
        s.barrierWaitingPerGroup.insert(int(it.key()), int(it.value().size()));
    }
    return s;
}

void OriginServer::resetStats()
{
    d->resetStats();
}

QVector<QPair<QString, QString>> OriginServer::routes()
{
    return {
        {QStringLiteral("/"), QStringLiteral("This index")},
        {QStringLiteral("/page/<i>"), QStringLiteral("Instant HTML page titled \"Page <i>\"")},
        {QStringLiteral("/sitemap/index"),
         QStringLiteral("Sitemap index of child.xml.gz (gzip file), plain.xml, broken.xml (malformed) and missing.xml "
                        "(404); /sitemap/loop.xml lists itself")},
        {QStringLiteral("/barrier/<n>[/<tag>]"),
         QStringLiteral("Held until n requests of /barrier/<n> are in flight at once, then all answer \"Barrier <n> "
                        "<tag>\"; later ones start a new group, a client that leaves drops out (n 1..100000)")},
        {QStringLiteral("/delay/<ms>[/<tag>]"),
         QStringLiteral("HTML page titled \"Delay <ms> <tag>\", answered after <ms> milliseconds (0..120000)")},
        {QStringLiteral("/status/<code>[?retry_after=<value>]"),
         QStringLiteral("Empty answer with that status (100..599), optionally with a Retry-After header")},
        {QStringLiteral("/early/<code>"),
         QStringLiteral("103 Early Hints (Link: </style.css>; rel=preload), then status <code> (200..599): a page "
                        "titled \"<reason> after hints\", or for a 3xx redirect Location: /page/1")},
        {QStringLiteral("/continue/<code>"),
         QStringLiteral("As /early/<code> with an unasked 100 Continue first, title \"<reason> after continue\"")},
        {QStringLiteral("/redirect/<n>[?status=301|302|303|307|308]"),
         QStringLiteral("Redirect chain of n hops ending at /page/0")},
        {QStringLiteral("/loop/<n>"), QStringLiteral("Endless redirects, /loop/<n> to /loop/<n+1>")},
        {QStringLiteral("/cycle/a"), QStringLiteral("Redirect cycle between /cycle/a and /cycle/b")},
        {QStringLiteral("/redirect-to?url=<url>[&status=<3xx>]"),
         QStringLiteral("Redirect to a percent-encoded URL (default status 302)")},
        {QStringLiteral("/title?t=<text>"), QStringLiteral("HTML page whose title is <text> (percent-encoded)")},
        {QStringLiteral("/gbk"), QStringLiteral("GBK page with a Chinese title, charset in the Content-Type header")},
        {QStringLiteral("/metagbk"), QStringLiteral("GBK page whose charset (gb2312) is only in a <meta> tag")},
        {QStringLiteral("/nocharset-gbk"), QStringLiteral("GBK page without any charset declaration")},
        {QStringLiteral("/sjis"), QStringLiteral("Shift_JIS page, charset in the header")},
        {QStringLiteral("/latin1"), QStringLiteral("windows-1252 bytes declared as iso-8859-1")},
        {QStringLiteral("/hang"), QStringLiteral("Accepts the request and never answers")},
        {QStringLiteral("/reset"), QStringLiteral("Resets the connection without answering")},
        {QStringLiteral("/drip"), QStringLiteral("Sends headers, then one byte a second (chunked)")},
        {QStringLiteral("/big/<kb>"), QStringLiteral("HTML page of <kb> KiB, title first, streamed")},
        {QStringLiteral("/notitle/<kb>"), QStringLiteral("HTML page of <kb> KiB without a title")},
        {QStringLiteral("/bigtitle/<kb>"),
         QStringLiteral("HTML page whose <title> holds <kb> KiB of \"Very long title \" repeated, streamed")},
        {QStringLiteral("/badchunk"),
         QStringLiteral(
             "Chunked: one valid chunk (with the title \"Bad chunk\"), then the chunk size \"zz\", then close")},
        {QStringLiteral("/truncated"),
         QStringLiteral("Content-Length: 10000, then 100 bytes (title \"Truncated\") and close")},
        {QStringLiteral("/badgzip"),
         QStringLiteral("Content-Encoding: gzip over a plain HTML body titled \"Not gzip\"")},
        {QStringLiteral("/truncgzip"),
         QStringLiteral("Content-Encoding: gzip, the first half of a valid gzip page (\"Truncated gzip\"), "
                        "Content-Length of that half")},
        {QStringLiteral("/unknown-encoding"),
         QStringLiteral("Content-Encoding: x-fanout-unknown over a plain HTML body titled \"Unknown encoding\"")},
        {QStringLiteral("/garbage"),
         QStringLiteral("Answers \"HELLO THIS IS NOT HTTP\" and a blank line, then closes")},
        {QStringLiteral("/endless-headers"),
         QStringLiteral("A status line, then X-Filler-<i> headers of 1 KiB each, as fast as read, never ending")},
        {QStringLiteral("/bomb"), QStringLiteral("Small gzip body that inflates to ~200 MB, no title")},
        {QStringLiteral("/flaky/<key>/<n>[?status=503&retry_after=<v>]"),
         QStringLiteral("Fails the first n requests for <key> with that status, then \"Recovered <key>\"")},
        {QStringLiteral("/nohead"), QStringLiteral("Answers GET, refuses HEAD with 405")},
        {QStringLiteral("/cookie/set"), QStringLiteral("Sets the cookie fanout=1")},
        {QStringLiteral("/cookie/loop"),
         QStringLiteral("Without cookie fanout_seen=1: 302 to itself setting it; with it: \"Cookie accepted\"")},
        {QStringLiteral("/cookie/loop-secure"),
         QStringLiteral(
             "As /cookie/loop with fanout_seen_secure=1; Secure: loops over http, a client must not send it")},
        {QStringLiteral("/cookie/expired"),
         QStringLiteral("As /cookie/loop with fanout_seen_expired=1 already expired (1970): loops")},
        {QStringLiteral("/cookie/check"), QStringLiteral("Page titled \"cookie: <Cookie header or none>\"")},
        {QStringLiteral("/auth/echo"),
         QStringLiteral("Page titled \"auth=<Authorization> cookie=<Cookie> proxy-auth=<Proxy-Authorization>\", "
                        "each \"none\" when absent")},
        {QStringLiteral("/location-latin1"), QStringLiteral("302, Location: /title?t=caf + the raw byte 0xE9")},
        {QStringLiteral("/location-utf8"),
         QStringLiteral("302, Location: /title?t=caf + the raw UTF-8 bytes of \u00e9")},
        {QStringLiteral("/headers"), QStringLiteral("Page titled with the User-Agent, listing the request headers")},
        {QStringLiteral("/json"), QStringLiteral("A small JSON document (no title)")},
        {QStringLiteral("/image.png"), QStringLiteral("A 1x1 PNG image")},
        {QStringLiteral("/stats"),
         QStringLiteral("JSON: requests served, in flight now and most at once (all and per host), requests held at "
                        "/barrier (barrier_waiting, barrier_waiting_per_group)")},
        {QStringLiteral("/stats/reset"), QStringLiteral("Zeroes those counters (and the /flaky counters)")},
    };
}

} // namespace Fanout
