#include "html/charset.h"

#include <QList>

#include <algorithm>
#include <cstring>
#include <memory>
#include <uchardet/uchardet.h>

namespace Fanout {

namespace {

struct LabelEntry
{
    const char *label; // lowercase
    const char *canonical;
};

// The WHATWG Encoding Standard label table (encodings.json).
// clang-format off
const LabelEntry kLabels[] = {
    {"unicode-1-1-utf-8", "UTF-8"}, {"unicode11utf8", "UTF-8"}, {"unicode20utf8", "UTF-8"}, {"utf-8", "UTF-8"},
    {"utf8", "UTF-8"}, {"x-unicode20utf8", "UTF-8"},
    {"866", "IBM866"}, {"cp866", "IBM866"}, {"csibm866", "IBM866"}, {"ibm866", "IBM866"},
    {"csisolatin2", "ISO-8859-2"}, {"iso-8859-2", "ISO-8859-2"}, {"iso-ir-101", "ISO-8859-2"},
    {"iso8859-2", "ISO-8859-2"}, {"iso88592", "ISO-8859-2"}, {"iso_8859-2", "ISO-8859-2"},
    {"iso_8859-2:1987", "ISO-8859-2"}, {"l2", "ISO-8859-2"}, {"latin2", "ISO-8859-2"},
    {"csisolatin3", "ISO-8859-3"}, {"iso-8859-3", "ISO-8859-3"}, {"iso-ir-109", "ISO-8859-3"},
    {"iso8859-3", "ISO-8859-3"}, {"iso88593", "ISO-8859-3"}, {"iso_8859-3", "ISO-8859-3"},
    {"iso_8859-3:1988", "ISO-8859-3"}, {"l3", "ISO-8859-3"}, {"latin3", "ISO-8859-3"},
    {"csisolatin4", "ISO-8859-4"}, {"iso-8859-4", "ISO-8859-4"}, {"iso-ir-110", "ISO-8859-4"},
    {"iso8859-4", "ISO-8859-4"}, {"iso88594", "ISO-8859-4"}, {"iso_8859-4", "ISO-8859-4"},
    {"iso_8859-4:1988", "ISO-8859-4"}, {"l4", "ISO-8859-4"}, {"latin4", "ISO-8859-4"},
    {"csisolatincyrillic", "ISO-8859-5"}, {"cyrillic", "ISO-8859-5"}, {"iso-8859-5", "ISO-8859-5"},
    {"iso-ir-144", "ISO-8859-5"}, {"iso8859-5", "ISO-8859-5"}, {"iso88595", "ISO-8859-5"},
    {"iso_8859-5", "ISO-8859-5"}, {"iso_8859-5:1988", "ISO-8859-5"},
    {"arabic", "ISO-8859-6"}, {"asmo-708", "ISO-8859-6"}, {"csiso88596e", "ISO-8859-6"},
    {"csiso88596i", "ISO-8859-6"}, {"csisolatinarabic", "ISO-8859-6"}, {"ecma-114", "ISO-8859-6"},
    {"iso-8859-6", "ISO-8859-6"}, {"iso-8859-6-e", "ISO-8859-6"}, {"iso-8859-6-i", "ISO-8859-6"},
    {"iso-ir-127", "ISO-8859-6"}, {"iso8859-6", "ISO-8859-6"}, {"iso88596", "ISO-8859-6"},
    {"iso_8859-6", "ISO-8859-6"}, {"iso_8859-6:1987", "ISO-8859-6"},
    {"csisolatingreek", "ISO-8859-7"}, {"ecma-118", "ISO-8859-7"}, {"elot_928", "ISO-8859-7"},
    {"greek", "ISO-8859-7"}, {"greek8", "ISO-8859-7"}, {"iso-8859-7", "ISO-8859-7"}, {"iso-ir-126", "ISO-8859-7"},
    {"iso8859-7", "ISO-8859-7"}, {"iso88597", "ISO-8859-7"}, {"iso_8859-7", "ISO-8859-7"},
    {"iso_8859-7:1987", "ISO-8859-7"}, {"sun_eu_greek", "ISO-8859-7"},
    {"csiso88598e", "ISO-8859-8"}, {"csisolatinhebrew", "ISO-8859-8"}, {"hebrew", "ISO-8859-8"},
    {"iso-8859-8", "ISO-8859-8"}, {"iso-8859-8-e", "ISO-8859-8"}, {"iso-ir-138", "ISO-8859-8"},
    {"iso8859-8", "ISO-8859-8"}, {"iso88598", "ISO-8859-8"}, {"iso_8859-8", "ISO-8859-8"},
    {"iso_8859-8:1988", "ISO-8859-8"}, {"visual", "ISO-8859-8"},
    {"csiso88598i", "ISO-8859-8-I"}, {"iso-8859-8-i", "ISO-8859-8-I"}, {"logical", "ISO-8859-8-I"},
    {"csisolatin6", "ISO-8859-10"}, {"iso-8859-10", "ISO-8859-10"}, {"iso-ir-157", "ISO-8859-10"},
    {"iso8859-10", "ISO-8859-10"}, {"iso885910", "ISO-8859-10"}, {"l6", "ISO-8859-10"}, {"latin6", "ISO-8859-10"},
    {"iso-8859-13", "ISO-8859-13"}, {"iso8859-13", "ISO-8859-13"}, {"iso885913", "ISO-8859-13"},
    {"iso-8859-14", "ISO-8859-14"}, {"iso8859-14", "ISO-8859-14"}, {"iso885914", "ISO-8859-14"},
    {"csisolatin9", "ISO-8859-15"}, {"iso-8859-15", "ISO-8859-15"}, {"iso8859-15", "ISO-8859-15"},
    {"iso885915", "ISO-8859-15"}, {"iso_8859-15", "ISO-8859-15"}, {"l9", "ISO-8859-15"},
    {"iso-8859-16", "ISO-8859-16"},
    {"cskoi8r", "KOI8-R"}, {"koi", "KOI8-R"}, {"koi8", "KOI8-R"}, {"koi8-r", "KOI8-R"}, {"koi8_r", "KOI8-R"},
    {"koi8-ru", "KOI8-U"}, {"koi8-u", "KOI8-U"},
    {"csmacintosh", "macintosh"}, {"mac", "macintosh"}, {"macintosh", "macintosh"}, {"x-mac-roman", "macintosh"},
    {"dos-874", "windows-874"}, {"iso-8859-11", "windows-874"}, {"iso8859-11", "windows-874"},
    {"iso885911", "windows-874"}, {"tis-620", "windows-874"}, {"windows-874", "windows-874"},
    {"cp1250", "windows-1250"}, {"windows-1250", "windows-1250"}, {"x-cp1250", "windows-1250"},
    {"cp1251", "windows-1251"}, {"windows-1251", "windows-1251"}, {"x-cp1251", "windows-1251"},
    {"ansi_x3.4-1968", "windows-1252"}, {"ascii", "windows-1252"}, {"cp1252", "windows-1252"},
    {"cp819", "windows-1252"}, {"csisolatin1", "windows-1252"}, {"ibm819", "windows-1252"},
    {"iso-8859-1", "windows-1252"}, {"iso-ir-100", "windows-1252"}, {"iso8859-1", "windows-1252"},
    {"iso88591", "windows-1252"}, {"iso_8859-1", "windows-1252"}, {"iso_8859-1:1987", "windows-1252"},
    {"l1", "windows-1252"}, {"latin1", "windows-1252"}, {"us-ascii", "windows-1252"},
    {"windows-1252", "windows-1252"}, {"x-cp1252", "windows-1252"},
    {"cp1253", "windows-1253"}, {"windows-1253", "windows-1253"}, {"x-cp1253", "windows-1253"},
    {"cp1254", "windows-1254"}, {"csisolatin5", "windows-1254"}, {"iso-8859-9", "windows-1254"},
    {"iso-ir-148", "windows-1254"}, {"iso8859-9", "windows-1254"}, {"iso88599", "windows-1254"},
    {"iso_8859-9", "windows-1254"}, {"iso_8859-9:1989", "windows-1254"}, {"l5", "windows-1254"},
    {"latin5", "windows-1254"}, {"windows-1254", "windows-1254"}, {"x-cp1254", "windows-1254"},
    {"cp1255", "windows-1255"}, {"windows-1255", "windows-1255"}, {"x-cp1255", "windows-1255"},
    {"cp1256", "windows-1256"}, {"windows-1256", "windows-1256"}, {"x-cp1256", "windows-1256"},
    {"cp1257", "windows-1257"}, {"windows-1257", "windows-1257"}, {"x-cp1257", "windows-1257"},
    {"cp1258", "windows-1258"}, {"windows-1258", "windows-1258"}, {"x-cp1258", "windows-1258"},
    {"x-mac-cyrillic", "x-mac-cyrillic"}, {"x-mac-ukrainian", "x-mac-cyrillic"},
    {"chinese", "GBK"}, {"csgb2312", "GBK"}, {"csiso58gb231280", "GBK"}, {"gb2312", "GBK"}, {"gb_2312", "GBK"},
    {"gb_2312-80", "GBK"}, {"gbk", "GBK"}, {"iso-ir-58", "GBK"}, {"x-gbk", "GBK"},
    {"gb18030", "GB18030"},
    {"big5", "Big5"}, {"big5-hkscs", "Big5"}, {"cn-big5", "Big5"}, {"csbig5", "Big5"}, {"x-x-big5", "Big5"},
    {"cseucpkdfmtjapanese", "EUC-JP"}, {"euc-jp", "EUC-JP"}, {"x-euc-jp", "EUC-JP"},
    {"csiso2022jp", "ISO-2022-JP"}, {"iso-2022-jp", "ISO-2022-JP"},
    {"csshiftjis", "Shift_JIS"}, {"ms932", "Shift_JIS"}, {"ms_kanji", "Shift_JIS"}, {"shift-jis", "Shift_JIS"},
    {"shift_jis", "Shift_JIS"}, {"sjis", "Shift_JIS"}, {"windows-31j", "Shift_JIS"}, {"x-sjis", "Shift_JIS"},
    {"cseuckr", "EUC-KR"}, {"csksc56011987", "EUC-KR"}, {"euc-kr", "EUC-KR"}, {"iso-ir-149", "EUC-KR"},
    {"korean", "EUC-KR"}, {"ks_c_5601-1987", "EUC-KR"}, {"ks_c_5601-1989", "EUC-KR"}, {"ksc5601", "EUC-KR"},
    {"ksc_5601", "EUC-KR"}, {"windows-949", "EUC-KR"},
    {"csiso2022kr", "replacement"}, {"hz-gb-2312", "replacement"}, {"iso-2022-cn", "replacement"},
    {"iso-2022-cn-ext", "replacement"}, {"iso-2022-kr", "replacement"}, {"replacement", "replacement"},
    {"unicodefffe", "UTF-16BE"}, {"utf-16be", "UTF-16BE"},
    {"csunicode", "UTF-16LE"}, {"iso-10646-ucs-2", "UTF-16LE"}, {"ucs-2", "UTF-16LE"}, {"unicode", "UTF-16LE"},
    {"unicodefeff", "UTF-16LE"}, {"utf-16", "UTF-16LE"}, {"utf-16le", "UTF-16LE"},
    {"x-user-defined", "x-user-defined"},
};
// clang-format on

// Canonical name -> the name Qt (or ICU behind it) knows the WHATWG decoder by, where they differ.
const LabelEntry kDecoderNames[] = {
    {"GBK", "GB18030"},           // the WHATWG GBK decoder is the gb18030 decoder
    {"Big5", "Big5-HKSCS"},       // WHATWG Big5 includes the HKSCS extensions
    {"EUC-KR", "windows-949"},    // WHATWG EUC-KR is Microsoft's Unified Hangul Code
    {"Shift_JIS", "windows-31j"}, // with the NEC/IBM extensions
    {"ISO-8859-8-I", "ISO-8859-8"},
};

constexpr char kXUserDefined[] = "x-user-defined";
constexpr char kReplacement[] = "replacement";

bool isAsciiWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

char asciiLower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c;
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && isAsciiWhitespace(v.front()))
        v = v.sliced(1);
    while (!v.isEmpty() && isAsciiWhitespace(v.back()))
        v.chop(1);
    return v;
}

bool equalsLowerCi(QByteArrayView v, const char *lower)
{
    const auto len = qsizetype(std::strlen(lower));
    if (v.size() != len)
        return false;
    for (qsizetype i = 0; i < len; ++i) {
        if (asciiLower(v[i]) != lower[i])
            return false;
    }
    return true;
}

// ASCII case-insensitive search of a lowercase needle from position `from`; -1 when absent.
qsizetype indexOfCi(QByteArrayView hay, const char *lower, qsizetype from)
{
    const auto len = qsizetype(std::strlen(lower));
    for (qsizetype i = from; i + len <= hay.size(); ++i) {
        if (equalsLowerCi(hay.sliced(i, len), lower))
            return i;
    }
    return -1;
}

QString decodeXUserDefined(QByteArrayView bytes)
{
    QString out(bytes.size(), Qt::Uninitialized);
    QChar *dst = out.data();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        dst[i] = QChar(char16_t(b < 0x80 ? b : 0xF780 + b - 0x80));
    }
    return out;
}

bool isUtf8Continuation(unsigned char b)
{
    return (b & 0xC0) == 0x80;
}

} // namespace

QByteArray canonicalCharset(QByteArrayView label)
{
    const QByteArrayView l = trimmed(label);
    if (l.isEmpty() || l.size() > 32)
        return {};
    for (const LabelEntry &e : kLabels) {
        if (equalsLowerCi(l, e.label))
            return QByteArray(e.canonical);
    }
    return {};
}

QByteArray decoderNameFor(QByteArrayView canonical)
{
    for (const LabelEntry &e : kDecoderNames) {
        if (canonical == QByteArrayView(e.label))
            return QByteArray(e.canonical);
    }
    return canonical.toByteArray();
}

bool isSupportedCharset(QByteArrayView canonical)
{
    if (canonical.isEmpty())
        return false;
    if (canonical == QByteArrayView(kXUserDefined) || canonical == QByteArrayView(kReplacement))
        return true;
    return QStringDecoder(decoderNameFor(canonical).constData()).isValid();
}

namespace {

// Qt 6.4 sizes an ICU decoder's output at two UTF-16 units per byte of the call, but the bytes the converter kept
// from the call before (up to 3: GB18030 has 4-byte sequences) add to what a call produces. When a short piece
// ends such a sequence as invalid, what does not fit is lost and the converter left in a wrong state: GB18030
// "\xD6\x30" then " " drops the space, "\xD6\x30\x81", " ", "x" turns the x into U+4E81. A call never produces
// more than one unit per byte, its kept ones included, so giving ICU at least kMinIcuFeed bytes a call (or a
// converter that holds none) keeps the output within Qt's estimate.
constexpr qsizetype kMinIcuFeed = 4;

// Qt 6.4's own UTF-8 decoder, left inside a sequence at the end of one call, drops the first byte of the next when
// that byte cannot continue it: "\xEA" then "L" gives U+FFFD without the L, where "\xEAL" gives U+FFFD and L. So
// CharsetDecoder keeps an unfinished sequence at the end of a piece back itself and decodes the rest statelessly,
// which leaves Qt nothing to carry over (a lead that turns out invalid is then replaced at the end of its call,
// as it would be mid-call). The length of the unfinished sequence at the end of data: a lead byte with fewer
// continuation bytes after it than it announces.
qsizetype unfinishedUtf8Tail(QByteArrayView data)
{
    const qsizetype n = data.size();
    for (qsizetype back = 1; back <= std::min<qsizetype>(3, n); ++back) {
        const auto b = static_cast<unsigned char>(data[n - back]);
        if (isUtf8Continuation(b))
            continue;
        const qsizetype length = b >= 0xF8 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return length > back ? back : 0;
    }
    return 0;
}

} // namespace

CharsetDecoder::CharsetDecoder(QByteArrayView canonical)
    : m_decoder(decoderNameFor(canonical).constData())
    , m_userDefined(canonical == QByteArrayView(kXUserDefined))
{
    if (m_userDefined)
        return;
    // Qt's own codecs are UTF-8, UTF-16 and Latin-1; any other one is ICU's. Asked by the name given, not by
    // m_decoder.name(), which is null for some ICU codecs (windows-874).
    auto own = QStringConverter::encodingForName(decoderNameFor(canonical).constData());
    if (!m_decoder.isValid()) {
        m_decoder = QStringDecoder(QStringDecoder::Utf8);
        own = QStringConverter::Utf8;
    }
    if (!own) {
        m_hold = Hold::LastBytes;
    } else if (*own == QStringConverter::Utf8) {
        m_hold = Hold::Utf8Tail;
        // The BOM is dropped here, and only at the start of the stream (stateless, Qt would drop one per call).
        m_decoder = QStringDecoder(QStringDecoder::Utf8,
                                   QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    }
}

QString CharsetDecoder::decode(QByteArrayView bytes)
{
    switch (m_hold) {
    case Hold::Nothing:
        return m_userDefined ? decodeXUserDefined(bytes) // one byte per character: nothing to carry over
                             : QString(m_decoder.decode(bytes));
    case Hold::Utf8Tail: {
        m_held.append(bytes);
        const qsizetype tail = unfinishedUtf8Tail(m_held);
        QString text = decodeUtf8(QByteArrayView(m_held).first(m_held.size() - tail));
        m_held.remove(0, m_held.size() - tail);
        return text;
    }
    case Hold::LastBytes:
        break;
    }
    // Keep the last kMinIcuFeed bytes back, so that finish() has at least that many to give whenever ICU holds some.
    if (m_held.size() + bytes.size() < 2 * kMinIcuFeed) {
        m_held.append(bytes);
        return {};
    }
    QString text;
    if (m_held.isEmpty()) {
        text = m_decoder.decode(bytes.first(bytes.size() - kMinIcuFeed));
        m_held = bytes.last(kMinIcuFeed).toByteArray();
    } else {
        m_held.append(bytes);
        text = m_decoder.decode(QByteArrayView(m_held).first(m_held.size() - kMinIcuFeed));
        m_held.remove(0, m_held.size() - kMinIcuFeed);
    }
    return text;
}

QString CharsetDecoder::finish()
{
    if (m_held.isEmpty())
        return {};
    // A UTF-8 sequence cut by the end is invalid: U+FFFD, where a stateful decoder would drop it silently.
    QString text = m_hold == Hold::Utf8Tail ? decodeUtf8(m_held) : QString(m_decoder.decode(m_held));
    m_held.clear();
    return text;
}

QString CharsetDecoder::decodeUtf8(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return {};
    QString text = m_decoder.decode(bytes);
    if (m_atStart && bytes.startsWith("\xEF\xBB\xBF") && text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    m_atStart = false;
    return text;
}

QString decodeWithCharset(QByteArrayView canonical, QByteArrayView bytes)
{
    if (canonical == QByteArrayView(kReplacement))
        return bytes.isEmpty() ? QString() : QString(QChar::ReplacementCharacter);
    CharsetDecoder decoder(canonical);
    QString text = decoder.decode(bytes);
    text += decoder.finish(); // after decode(): the operands of + are not sequenced
    return text;
}

bool isAsciiCompatibleCharset(QByteArrayView canonical)
{
    return canonical != QByteArrayView("UTF-16LE") && canonical != QByteArrayView("UTF-16BE") &&
           canonical != QByteArrayView("ISO-2022-JP") && canonical != QByteArrayView(kReplacement);
}

QByteArray charsetFromContentType(QByteArrayView contentType)
{
    qsizetype i = contentType.indexOf(';');
    if (i < 0)
        return {};
    const qsizetype n = contentType.size();
    while (i < n) {
        ++i; // past ';'
        while (i < n && isAsciiWhitespace(contentType[i]))
            ++i;
        const qsizetype nameStart = i;
        while (i < n && contentType[i] != '=' && contentType[i] != ';')
            ++i;
        const QByteArrayView name = trimmed(contentType.sliced(nameStart, i - nameStart));
        if (i >= n || contentType[i] == ';')
            continue; // parameter without a value
        ++i;          // past '='
        QByteArray value;
        if (i < n && contentType[i] == '"') {
            for (++i; i < n && contentType[i] != '"'; ++i) {
                if (contentType[i] == '\\' && i + 1 < n)
                    ++i;
                value.append(contentType[i]);
            }
            while (i < n && contentType[i] != ';')
                ++i;
        } else {
            const qsizetype valueStart = i;
            while (i < n && contentType[i] != ';')
                ++i;
            value = trimmed(contentType.sliced(valueStart, i - valueStart)).toByteArray();
        }
        // MIME parameters: the first occurrence of a name wins.
        if (equalsLowerCi(name, "charset"))
            return value;
    }
    return {};
}

QByteArray charsetFromMetaContent(QByteArrayView content)
{
    // HTML "algorithm for extracting a character encoding from a meta element".
    const qsizetype n = content.size();
    qsizetype pos = 0;
    for (;;) {
        const qsizetype found = indexOfCi(content, "charset", pos);
        if (found < 0)
            return {};
        pos = found + 7;
        while (pos < n && isAsciiWhitespace(content[pos]))
            ++pos;
        if (pos >= n || content[pos] != '=')
            continue; // look again from here
        ++pos;
        while (pos < n && isAsciiWhitespace(content[pos]))
            ++pos;
        if (pos >= n)
            return {};
        const char q = content[pos];
        if (q == '"' || q == '\'') {
            const qsizetype close = content.indexOf(q, pos + 1);
            if (close < 0)
                return {};
            return content.sliced(pos + 1, close - pos - 1).toByteArray();
        }
        qsizetype end = pos;
        while (end < n && !isAsciiWhitespace(content[end]) && content[end] != ';')
            ++end;
        return content.sliced(pos, end - pos).toByteArray();
    }
}

Bom sniffBom(QByteArrayView data)
{
    if (data.size() >= 3 && data[0] == '\xEF' && data[1] == '\xBB' && data[2] == '\xBF')
        return Bom::Utf8;
    if (data.size() >= 2 && data[0] == '\xFF' && data[1] == '\xFE')
        return Bom::Utf16LE;
    if (data.size() >= 2 && data[0] == '\xFE' && data[1] == '\xFF')
        return Bom::Utf16BE;
    return Bom::None;
}

qsizetype bomLength(Bom bom)
{
    switch (bom) {
    case Bom::None:
        return 0;
    case Bom::Utf8:
        return 3;
    case Bom::Utf16LE:
    case Bom::Utf16BE:
        return 2;
    }
    return 0;
}

namespace {

// The prescan walks bytes and gives up (NeedMoreData) whenever it runs past the end of what it has.
class Prescanner
{
public:
    explicit Prescanner(QByteArrayView data)
        : m_d(data)
    {}

    MetaPrescan run()
    {
        const qsizetype n = m_d.size();
        while (m_pos < n) {
            if (startsWithCi("<!--")) {
                // The '>' of the first "-->" after "<!" (the dashes of "<!--" may be reused: "<!-->").
                const qsizetype end = m_d.indexOf(QByteArrayView("-->"), m_pos + 2);
                if (end < 0)
                    return needMore();
                m_pos = end + 3;
                continue;
            }
            if (startsWithCi("<meta") && m_pos + 5 < n &&
                (isAsciiWhitespace(m_d[m_pos + 5]) || m_d[m_pos + 5] == '/')) {
                m_pos += 6;
                const auto found = metaTag();
                if (m_incomplete)
                    return needMore();
                if (!found.isEmpty())
                    return {MetaPrescan::Status::Found, found};
                continue;
            }
            if (m_d[m_pos] == '<' && m_pos + 1 < n) {
                const char c1 = m_d[m_pos + 1];
                const bool alpha1 = (asciiLower(c1) >= 'a' && asciiLower(c1) <= 'z');
                const bool endTag = c1 == '/' && m_pos + 2 < n && asciiLower(m_d[m_pos + 2]) >= 'a' &&
                                    asciiLower(m_d[m_pos + 2]) <= 'z';
                if (alpha1 || endTag) {
                    while (m_pos < n && !isAsciiWhitespace(m_d[m_pos]) && m_d[m_pos] != '>')
                        ++m_pos;
                    QByteArray name;
                    QByteArray value;
                    while (getAttribute(name, value)) {
                    }
                    if (m_incomplete)
                        return needMore();
                    continue;
                }
                if (c1 == '!' || c1 == '/' || c1 == '?') {
                    const qsizetype gt = m_d.indexOf('>', m_pos + 2);
                    if (gt < 0)
                        return needMore();
                    m_pos = gt + 1;
                    continue;
                }
            } else if (m_d[m_pos] == '<' && m_pos + 1 >= n) {
                return needMore();
            }
            ++m_pos;
        }
        return {MetaPrescan::Status::NotFound, {}};
    }

private:
    MetaPrescan needMore() const { return {MetaPrescan::Status::NeedMoreData, {}}; }

    bool startsWithCi(const char *lower) const
    {
        const auto len = qsizetype(std::strlen(lower));
        return m_pos + len <= m_d.size() && equalsLowerCi(m_d.sliced(m_pos, len), lower);
    }

    // Returns the canonical charset a complete <meta> declares, or empty.
    QByteArray metaTag()
    {
        QList<QByteArray> seen;
        bool gotPragma = false;
        enum class NeedPragma
        {
            Unset,
            Yes,
            No
        } needPragma = NeedPragma::Unset;
        QByteArray charset;
        bool charsetFailure = false;
        QByteArray name;
        QByteArray value;
        while (getAttribute(name, value)) {
            if (seen.contains(name))
                continue;
            seen.append(name);
            if (name == "http-equiv") {
                gotPragma = gotPragma || value == "content-type";
            } else if (name == "content") {
                const QByteArray declared = canonicalCharset(charsetFromMetaContent(value));
                if (!declared.isEmpty() && charset.isEmpty() && !charsetFailure) {
                    charset = declared;
                    needPragma = NeedPragma::Yes;
                }
            } else if (name == "charset") {
                if (charset.isEmpty() && !charsetFailure) {
                    charset = canonicalCharset(value);
                    charsetFailure = charset.isEmpty(); // an unknown label still settles this <meta>
                    needPragma = NeedPragma::No;
                }
            }
        }
        if (m_incomplete || needPragma == NeedPragma::Unset || (needPragma == NeedPragma::Yes && !gotPragma) ||
            charset.isEmpty()) {
            return {};
        }
        if (charset == "UTF-16LE" || charset == "UTF-16BE")
            return QByteArrayLiteral("UTF-8"); // a document that can be prescanned is not UTF-16
        if (charset == kXUserDefined)
            return QByteArrayLiteral("windows-1252");
        return charset;
    }

    // HTML "get an attribute"; false when there is none (or the data ran out: m_incomplete).
    bool getAttribute(QByteArray &name, QByteArray &value)
    {
        const qsizetype n = m_d.size();
        name.clear();
        value.clear();
        while (m_pos < n && (isAsciiWhitespace(m_d[m_pos]) || m_d[m_pos] == '/'))
            ++m_pos;
        if (m_pos >= n)
            return incomplete();
        if (m_d[m_pos] == '>')
            return false;
        for (;; ++m_pos) {
            if (m_pos >= n)
                return incomplete();
            const char c = m_d[m_pos];
            if (c == '=' && !name.isEmpty()) {
                ++m_pos;
                break;
            }
            if (isAsciiWhitespace(c)) {
                while (m_pos < n && isAsciiWhitespace(m_d[m_pos]))
                    ++m_pos;
                if (m_pos >= n)
                    return incomplete();
                if (m_d[m_pos] != '=')
                    return true;
                ++m_pos;
                break;
            }
            if (c == '/' || c == '>')
                return true;
            name.append(asciiLower(c));
        }
        while (m_pos < n && isAsciiWhitespace(m_d[m_pos]))
            ++m_pos;
        if (m_pos >= n)
            return incomplete();
        const char q = m_d[m_pos];
        if (q == '"' || q == '\'') {
            for (++m_pos; m_pos < n; ++m_pos) {
                if (m_d[m_pos] == q) {
                    ++m_pos;
                    return true;
                }
                value.append(asciiLower(m_d[m_pos]));
            }
            return incomplete();
        }
        if (q == '>')
            return true;
        for (; m_pos < n; ++m_pos) {
            const char c = m_d[m_pos];
            if (isAsciiWhitespace(c) || c == '>')
                return true;
            value.append(asciiLower(c));
        }
        return incomplete();
    }

    bool incomplete()
    {
        m_incomplete = true;
        return false;
    }

    QByteArrayView m_d;
    qsizetype m_pos = 0;
    bool m_incomplete = false;
};

} // namespace

MetaPrescan prescanMetaCharset(QByteArrayView data, bool complete)
{
    const bool windowFull = data.size() >= kMetaPrescanWindow;
    MetaPrescan r = Prescanner(data.first(std::min(data.size(), kMetaPrescanWindow))).run();
    // Without a declaration so far, one may still come in the rest of the window.
    if (r.status != MetaPrescan::Status::Found)
        r.status = complete || windowFull ? MetaPrescan::Status::NotFound : MetaPrescan::Status::NeedMoreData;
    return r;
}

bool looksLikeUtf8(QByteArrayView data)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data.data());
    const qsizetype n = data.size();
    qsizetype valid = 0;
    qsizetype invalid = 0;
    qsizetype i = 0;
    while (i < n) {
        // Skip ASCII eight bytes at a time: most of any HTML page is markup.
        if (i + 8 <= n) {
            quint64 word;
            std::memcpy(&word, p + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char b = p[i];
        if (b < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            len = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            len = 3;
            lo = b == 0xE0 ? 0xA0 : 0x80;
            hi = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4;
            lo = b == 0xF0 ? 0x90 : 0x80;
            hi = b == 0xF4 ? 0x8F : 0xBF;
        }
        if (len == 0) {
            ++invalid;
            ++i;
            continue;
        }
        qsizetype k = 1;
        for (; k < len && i + k < n; ++k) {
            const unsigned char c = p[i + k];
            if (k == 1 ? (c < lo || c > hi) : !isUtf8Continuation(c))
                break;
        }
        if (k == len) {
            ++valid;
            i += len;
        } else if (i + k >= n) {
            break; // cut by the end of what has arrived: not an error
        } else {
            ++invalid;
            i += k;
        }
    }
    return invalid == 0 || valid >= 4 * invalid;
}

namespace {

// The parts of an HTML page that tell its charset are the runs of non-ASCII bytes; markup, scripts and
// styles around them are ASCII in every legacy encoding and only cost uchardet time (it runs all its
// probers on every byte). So it gets each run with a little context (single-byte probers look at the
// letters around an accented one; a Shift_JIS trail byte may be ASCII), up to a bounded sample.
constexpr qsizetype kContext = 12;
constexpr qsizetype kMaxSample = 4 * 1024;

void appendNonAsciiContext(QByteArray &sample, QByteArrayView data)
{
    const qsizetype n = data.size();
    qsizetype i = 0;
    while (i < n && sample.size() < kMaxSample) {
        while (i < n && static_cast<unsigned char>(data[i]) < 0x80)
            ++i;
        if (i >= n)
            break;
        const qsizetype start = std::max<qsizetype>(0, i - kContext);
        qsizetype end = i;
        // Extend while the next non-ASCII byte is close enough for the windows to merge.
        for (qsizetype lastHigh = i; end < n && end - lastHigh <= 2 * kContext; ++end) {
            if (static_cast<unsigned char>(data[end]) >= 0x80)
                lastHigh = end;
        }
        if (!sample.isEmpty())
            sample.append('\n');
        sample.append(data.sliced(start, end - start));
        i = end;
    }
}

} // namespace

QByteArray detectCharset(QByteArrayView data, QByteArrayView priority)
{
    QByteArray sample;
    appendNonAsciiContext(sample, priority);
    appendNonAsciiContext(sample, data);
    if (sample.isEmpty())
        return {};
    const std::unique_ptr<uchardet, decltype(&uchardet_delete)> ud(uchardet_new(), &uchardet_delete);
    if (!ud)
        return {};
    if (uchardet_handle_data(ud.get(), sample.constData(), size_t(sample.size())) != 0)
        return {};
    uchardet_data_end(ud.get());
    const char *name = uchardet_get_charset(ud.get());
    const QByteArrayView detected(name ? name : "");
    // uchardet's names that are not Encoding Standard labels.
    QByteArray canonical;
    if (equalsLowerCi(detected, "mac-cyrillic"))
        canonical = QByteArrayLiteral("x-mac-cyrillic");
    else if (equalsLowerCi(detected, "uhc"))
        canonical = QByteArrayLiteral("EUC-KR");
    else
        canonical = canonicalCharset(detected);
    // A guess of an escape-based or UTF-16 encoding in a stream already scanned as ASCII-compatible bytes
    // would be a misdetection.
    if (canonical.isEmpty() || !isAsciiCompatibleCharset(canonical) || !isSupportedCharset(canonical))
        return {};
    return canonical;
}

} // namespace Fanout
