#include "html/title.h"

#include "html/charset.h"
#include "html/htmlentities.h"

#include <QString>
#include <QStringDecoder>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <vector>

// How the title is found
// ----------------------
// A resumable subset of the HTML tokenizer runs over the body as it arrives (bytes for ASCII-compatible
// encodings, UTF-16 text once decoded for UTF-16 and ISO-2022-JP) and keeps only the state that decides
// where a <title> start tag can be recognised: tags and attributes (quoted values may hold '>'),
// comments, bogus comments and doctypes, RAWTEXT (style, xmp, iframe, noembed, noframes, noscript: a
// browser runs scripts), RCDATA (title, textarea), script data with its "<!--" escape states, PLAINTEXT,
// <template> nesting (template contents are not in the document), a stack of the open svg/math elements
// with their integration points, breakout tags and CDATA sections, and an approximate stack of open HTML
// elements so that an end tag inside svg/math that closes an HTML ancestor (</div>, </b>, </td>...) also
// ends the foreign subtree. Not modelled: framesets, and the old "in select" insertion mode that the
// current HTML standard dropped (a <title> inside <select> counts, as in browsers with the relaxed
// <select> parser). bench_title measures the agreement with gumbo.
//
// When the answer is certain: right after "</title" of the first title, or at <plaintext> (no tag can
// follow). Browsers take the first title element wherever it is, body included, so seeing <body> is not
// treated as the end; the caller's byte cap bounds the cost of pages without a title.
//
// Charset: BOM, then the Content-Type charset, then a <meta> in the first 1024 bytes (HTML prescan),
// then, only for bytes that are not UTF-8, uchardet on what was seen (windows-1252 when it has no idea),
// else UTF-8. The answer can wait for the prescan window even when the title has ended, since a <meta>
// after </title> still counts.
//
// Memory: once the charset is known the title's text goes to a builder as the scan passes it (decoded
// statefully, so a character cut between chunks or at the cap comes out whole) and the scanned bytes are
// dropped; the builder keeps at most kMaxTitleLength + 1 visible characters and a pending reference, and
// the answer is certain as soon as it has more than the cap. While the charset is undecided, a title is
// kept raw only up to kTitleBytesBeforeDetection bytes, then detection decides on what was seen.

namespace Fanout {

namespace {

enum class State : quint8
{
    Data,
    TagOpen,
    EndTagOpen,
    TagName,
    BeforeAttrName,
    AttrName,
    AfterAttrName,
    BeforeAttrValue,
    AttrValueDoubleQuoted,
    AttrValueSingleQuoted,
    AttrValueUnquoted,
    AfterAttrValueQuoted,
    SelfClosingStartTag,
    MarkupDeclarationOpen,
    CommentStart,
    CommentStartDash,
    Comment,
    CommentEndDash,
    CommentEnd,
    CommentEndBang,
    BogusComment,
    CData,
    CDataBracket,
    CDataEnd,
    RawText, // RAWTEXT and RCDATA: only the appropriate end tag matters here
    ScriptData,
    ScriptEscaped,
    ScriptEscapedDash,
    ScriptEscapedDashDash,
    ScriptDoubleEscaped,
    ScriptDoubleEscapedDash,
    ScriptDoubleEscapedDashDash,
    Plaintext,
};

enum class Match
{
    No,
    Yes,
    NeedMore,
};

constexpr qsizetype kMaxName = 32;             // longer tag/attribute names never matter here
constexpr std::size_t kMaxForeignDepth = 4096; // memory bounds for pathological nesting
constexpr std::size_t kMaxHtmlDepth = 512;
// Raw title bytes kept while the charset is still undecided: the cap's worth of characters at 4 bytes each.
constexpr qsizetype kTitleBytesBeforeDetection = 4 * kMaxTitleLength;

inline uint unit(char c)
{
    return static_cast<unsigned char>(c);
}
inline uint unit(char16_t c)
{
    return c;
}

inline bool isWhitespace(uint c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

inline bool isAlpha(uint c)
{
    const uint l = c | 0x20;
    return l >= 'a' && l <= 'z';
}

// Lowercase ASCII; anything else becomes a byte no tag name we look for contains.
inline char lowerAscii(uint c)
{
    if (c >= 'A' && c <= 'Z')
        return char(c | 0x20);
    return c < 0x80 ? char(c) : '\x7f';
}

inline qsizetype findUnit(const char *s, qsizetype from, qsizetype n, char c)
{
    const void *p = std::memchr(s + from, c, size_t(n - from));
    return p ? static_cast<const char *>(p) - s : n;
}

inline qsizetype findUnit(const char16_t *s, qsizetype from, qsizetype n, char c)
{
    const qsizetype i = QStringView(s + from, n - from).indexOf(QLatin1Char(c));
    return i < 0 ? n : from + i;
}

template <typename Ch>
qsizetype findEither(const Ch *s, qsizetype from, qsizetype n, char a, char b)
{
    for (qsizetype i = from; i < n; ++i) {
        const uint c = unit(s[i]);
        if (c == uint(a) || c == uint(b))
            return i;
    }
    return n;
}

// Case-insensitive match of a lowercase literal at s[i].
template <typename Ch>
Match matchCi(const Ch *s, qsizetype i, qsizetype n, QLatin1StringView lit)
{
    for (qsizetype k = 0; k < lit.size(); ++k) {
        if (i + k >= n)
            return Match::NeedMore;
        if (lowerAscii(unit(s[i + k])) != lit[k].toLatin1())
            return Match::No;
    }
    return Match::Yes;
}

// prefix + name + one of whitespace, '/', '>' (the "appropriate end tag" test of the raw text states).
template <typename Ch>
Match matchTagAt(const Ch *s, qsizetype i, qsizetype n, QLatin1StringView prefix, QLatin1StringView name)
{
    Match m = matchCi(s, i, n, prefix);
    if (m != Match::Yes)
        return m;
    m = matchCi(s, i + prefix.size(), n, name);
    if (m != Match::Yes)
        return m;
    const qsizetype d = i + prefix.size() + name.size();
    if (d >= n)
        return Match::NeedMore;
    const uint c = unit(s[d]);
    return isWhitespace(c) || c == '/' || c == '>' ? Match::Yes : Match::No;
}

// What the tree builder does with a tag name; looked up once per tag.
enum TagFlag : quint16
{
    TagVoid = 1 << 0,           // never on the stack of open elements
    TagNotPushed = 1 << 1,      // raw text, html/head/body, svg/math: tracked elsewhere or never an ancestor here
    TagSpecial = 1 << 2,        // the "special" category: stops the "any other end tag" walk
    TagScopeBoundary = 1 << 3,  // bounds "has an element in scope"
    TagClosesP = 1 << 4,        // the start tag closes a <p> in button scope
    TagScopedEnd = 1 << 5,      // the end tag looks for its element "in scope", not stopping at special ones
    TagHeading = 1 << 6,        // h1-h6 close each other
    TagBreakout = 1 << 7,       // the start tag ends foreign content
    TagTablePart = 1 << 8,      // dropped by the body rules outside a table
    TagSvgIntegration = 1 << 9, // an HTML integration point when in SVG: foreignObject, desc, title
    TagMathText = 1 << 10,      // MathML text integration point: mi, mo, mn, ms, mtext
    TagAnnotationXml = 1 << 11,
    TagMathGlyph = 1 << 12, // stays foreign inside a MathML text integration point
};

enum class TagKind : quint8
{
    Other,
    Title,
    Textarea,
    Script,
    RawText, // style, xmp, iframe, noembed, noframes, noscript
    Plaintext,
    Template,
    Svg,
    Math,
    Li,
    DdDt,
    Cell,
    Row,
    Option,
    Optgroup,
    Font,
    P,
    Br,
    List, // ol, ul
};

struct TagInfo
{
    const char *name; // lowercase; also the raw text end tag name
    quint16 flags;
    TagKind kind;
};

// clang-format off
constexpr TagInfo kTags[] = {
    {"a", 0, TagKind::Other},
    {"address", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"annotation-xml", TagAnnotationXml, TagKind::Other},
    {"applet", TagSpecial | TagScopeBoundary | TagScopedEnd, TagKind::Other},
    {"area", TagVoid | TagSpecial, TagKind::Other},
    {"article", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"aside", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"b", TagBreakout, TagKind::Other},
    {"base", TagVoid | TagSpecial, TagKind::Other},
    {"basefont", TagVoid | TagSpecial, TagKind::Other},
    {"bgsound", TagVoid | TagSpecial, TagKind::Other},
    {"big", TagBreakout, TagKind::Other},
    {"blockquote", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::Other},
    {"body", TagNotPushed | TagSpecial | TagBreakout, TagKind::Other},
    {"br", TagVoid | TagSpecial | TagBreakout, TagKind::Br},
    {"button", TagSpecial | TagScopedEnd, TagKind::Other},
    {"caption", TagSpecial | TagScopeBoundary | TagScopedEnd | TagTablePart, TagKind::Other},
    {"center", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::Other},
    {"code", TagBreakout, TagKind::Other},
    {"col", TagVoid | TagSpecial, TagKind::Other},
    {"colgroup", TagSpecial | TagScopedEnd | TagTablePart, TagKind::Other},
    {"dd", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::DdDt},
    {"desc", TagSvgIntegration, TagKind::Other},
    {"details", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"dialog", TagClosesP | TagScopedEnd, TagKind::Other},
    {"dir", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"div", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::Other},
    {"dl", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::Other},
    {"dt", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::DdDt},
    {"em", TagBreakout, TagKind::Other},
    {"embed", TagVoid | TagSpecial | TagBreakout, TagKind::Other},
    {"fieldset", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"figcaption", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"figure", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"font", 0, TagKind::Font},
    {"footer", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"foreignobject", TagSvgIntegration, TagKind::Other},
    {"form", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"frame", TagVoid | TagSpecial, TagKind::Other},
    {"frameset", TagNotPushed | TagSpecial, TagKind::Other},
    {"h1", TagSpecial | TagClosesP | TagScopedEnd | TagHeading | TagBreakout, TagKind::Other},
    {"h2", TagSpecial | TagClosesP | TagScopedEnd | TagHeading | TagBreakout, TagKind::Other},
    {"h3", TagSpecial | TagClosesP | TagScopedEnd | TagHeading | TagBreakout, TagKind::Other},
    {"h4", TagSpecial | TagClosesP | TagScopedEnd | TagHeading | TagBreakout, TagKind::Other},
    {"h5", TagSpecial | TagClosesP | TagScopedEnd | TagHeading | TagBreakout, TagKind::Other},
    {"h6", TagSpecial | TagClosesP | TagScopedEnd | TagHeading | TagBreakout, TagKind::Other},
    {"head", TagNotPushed | TagSpecial | TagBreakout, TagKind::Other},
    {"header", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"hgroup", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"hr", TagVoid | TagSpecial | TagClosesP | TagBreakout, TagKind::Other},
    {"html", TagNotPushed | TagSpecial | TagScopeBoundary, TagKind::Other},
    {"i", TagBreakout, TagKind::Other},
    {"iframe", TagNotPushed | TagSpecial, TagKind::RawText},
    {"image", TagVoid, TagKind::Other},
    {"img", TagVoid | TagSpecial | TagBreakout, TagKind::Other},
    {"input", TagVoid | TagSpecial, TagKind::Other},
    {"keygen", TagVoid | TagSpecial, TagKind::Other},
    {"li", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::Li},
    {"link", TagVoid | TagSpecial, TagKind::Other},
    {"listing", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::Other},
    {"main", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"malignmark", TagMathGlyph, TagKind::Other},
    {"marquee", TagSpecial | TagScopeBoundary | TagScopedEnd, TagKind::Other},
    {"math", TagNotPushed, TagKind::Math},
    {"menu", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::Other},
    {"meta", TagVoid | TagSpecial | TagBreakout, TagKind::Other},
    {"mglyph", TagMathGlyph, TagKind::Other},
    {"mi", TagMathText, TagKind::Other},
    {"mn", TagMathText, TagKind::Other},
    {"mo", TagMathText, TagKind::Other},
    {"ms", TagMathText, TagKind::Other},
    {"mtext", TagMathText, TagKind::Other},
    {"nav", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"nobr", TagBreakout, TagKind::Other},
    {"noembed", TagNotPushed | TagSpecial, TagKind::RawText},
    {"noframes", TagNotPushed | TagSpecial, TagKind::RawText},
    {"noscript", TagNotPushed | TagSpecial, TagKind::RawText},
    {"object", TagSpecial | TagScopeBoundary | TagScopedEnd, TagKind::Other},
    {"ol", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::List},
    {"optgroup", 0, TagKind::Optgroup},
    {"option", 0, TagKind::Option},
    {"p", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::P},
    {"param", TagVoid | TagSpecial, TagKind::Other},
    {"plaintext", TagNotPushed | TagSpecial | TagClosesP, TagKind::Plaintext},
    {"pre", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::Other},
    {"ruby", TagBreakout, TagKind::Other},
    {"s", TagBreakout, TagKind::Other},
    {"script", TagNotPushed | TagSpecial, TagKind::Script},
    {"search", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"section", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"select", TagSpecial, TagKind::Other},
    {"small", TagBreakout, TagKind::Other},
    {"source", TagVoid | TagSpecial, TagKind::Other},
    {"span", TagBreakout, TagKind::Other},
    {"strike", TagBreakout, TagKind::Other},
    {"strong", TagBreakout, TagKind::Other},
    {"style", TagNotPushed | TagSpecial, TagKind::RawText},
    {"sub", TagBreakout, TagKind::Other},
    {"summary", TagSpecial | TagClosesP | TagScopedEnd, TagKind::Other},
    {"sup", TagBreakout, TagKind::Other},
    {"svg", TagNotPushed, TagKind::Svg},
    {"table", TagSpecial | TagScopeBoundary | TagScopedEnd | TagClosesP | TagBreakout, TagKind::Other},
    {"tbody", TagSpecial | TagScopedEnd | TagTablePart, TagKind::Other},
    {"td", TagSpecial | TagScopeBoundary | TagScopedEnd | TagTablePart, TagKind::Cell},
    {"template", TagSpecial | TagScopeBoundary, TagKind::Template},
    {"textarea", TagNotPushed | TagSpecial, TagKind::Textarea},
    {"tfoot", TagSpecial | TagScopedEnd | TagTablePart, TagKind::Other},
    {"th", TagSpecial | TagScopeBoundary | TagScopedEnd | TagTablePart, TagKind::Cell},
    {"thead", TagSpecial | TagScopedEnd | TagTablePart, TagKind::Other},
    {"title", TagNotPushed | TagSpecial | TagSvgIntegration, TagKind::Title},
    {"tr", TagSpecial | TagScopedEnd | TagTablePart, TagKind::Row},
    {"track", TagVoid | TagSpecial, TagKind::Other},
    {"tt", TagBreakout, TagKind::Other},
    {"u", TagBreakout, TagKind::Other},
    {"ul", TagSpecial | TagClosesP | TagScopedEnd | TagBreakout, TagKind::List},
    {"var", TagBreakout, TagKind::Other},
    {"wbr", TagVoid | TagSpecial, TagKind::Other},
    {"xmp", TagNotPushed | TagSpecial | TagClosesP, TagKind::RawText},
};
// clang-format on

constexpr TagInfo kUnknownTag = {"", 0, TagKind::Other};
constexpr qsizetype kMaxKnownTag = 16;

// Names up to 16 bytes packed into two integers, so a lookup is a binary search over integer pairs.
struct TagKey
{
    quint64 lo = 0;
    quint64 hi = 0;
    bool operator==(const TagKey &o) const { return lo == o.lo && hi == o.hi; }
};

TagKey tagKey(const char *s, qsizetype len)
{
    char bytes[kMaxKnownTag] = {};
    std::memcpy(bytes, s, size_t(len));
    TagKey k;
    std::memcpy(&k.lo, bytes, 8);
    std::memcpy(&k.hi, bytes + 8, 8);
    return k;
}

// Open addressing over the packed keys: one or two probes per tag, no string compares.
class TagTable
{
public:
    TagTable()
    {
        for (const TagInfo &info : kTags) {
            const TagKey key = tagKey(info.name, qsizetype(std::strlen(info.name)));
            std::size_t i = slot(key);
            while (m_slots[i].info)
                i = (i + 1) % kSlots;
            m_slots[i] = {key, &info};
        }
    }

    const TagInfo &find(QLatin1StringView name) const
    {
        if (name.isEmpty() || name.size() > kMaxKnownTag)
            return kUnknownTag;
        const TagKey key = tagKey(name.data(), name.size());
        for (std::size_t i = slot(key); m_slots[i].info; i = (i + 1) % kSlots) {
            if (m_slots[i].key == key)
                return *m_slots[i].info;
        }
        return kUnknownTag;
    }

private:
    static constexpr std::size_t kSlots = 512; // > 4x the names: short probe chains
    static std::size_t slot(const TagKey &k)
    {
        return std::size_t(((k.lo * 0x9E3779B97F4A7C15ULL) ^ (k.hi * 0xC2B2AE3D27D4EB4FULL)) >> 55) % kSlots;
    }

    struct Slot
    {
        TagKey key;
        const TagInfo *info = nullptr;
    };
    Slot m_slots[kSlots];
};

const TagTable kTagTable;

const TagInfo &tagInfo(QLatin1StringView name)
{
    return kTagTable.find(name);
}

struct HtmlOpenElement
{
    char name[kMaxName + 1];
    quint8 len;
    quint16 flags;
    TagKind kind;
    QLatin1StringView view() const { return QLatin1StringView(name, len); }
};

// Builds the title from its text as it streams in, with the result buildTitle used to get from the whole
// text at once (character references, NUL to U+FFFD, whitespace collapsed and trimmed), but holding no more
// than the cap: once the title is known to be longer, the rest of its text is not looked at. NUL is
// replaced after references are decoded, which changes nothing: it cannot be part of one, and "&#0;"
// already decodes to U+FFFD.
class TitleBuilder final
{
public:
    void append(QStringView text);
    QString finish();
    // More than the cap of visible text seen: the title is certain, whatever follows.
    bool isFull() const { return m_out.size() > kMaxTitleLength; }

private:
    void collapseInto(QStringView decoded);
    static QString shortReference(QStringView ref);

    QString m_pending; // from the '&' of a reference that the next piece may still change
    QString m_out;
    bool m_pendingSpace = false;
};

void TitleBuilder::append(QStringView text)
{
    if (isFull() || text.isEmpty())
        return;
    QString joined;
    if (!m_pending.isEmpty()) {
        joined = m_pending;
        joined.append(text);
        text = joined;
    }
    const qsizetype open = unfinishedCharRefStart(text);
    const qsizetype closed = open < 0 ? text.size() : open;
    collapseInto(decodeHtmlEntities(text.first(closed)));
    m_pending = shortReference(text.sliced(closed));
}

// An open named reference is at most '&' and 31 letters; only a numeric one can grow without bound
// ("&#0000...": a title of 300 KB of zeros). Its leading zeros do not change the value, and more than 8
// significant digits are past U+10FFFF whatever they are, so a short stand-in decodes the same.
QString TitleBuilder::shortReference(QStringView ref)
{
    if (ref.size() <= 40 || !ref.startsWith(QLatin1StringView("&#")))
        return ref.toString();
    qsizetype digits = 2;
    if (ref.at(digits) == u'x' || ref.at(digits) == u'X')
        ++digits;
    qsizetype significant = digits;
    while (significant < ref.size() - 1 && ref.at(significant) == u'0')
        ++significant;
    const QStringView value = ref.sliced(significant);
    return ref.first(digits).toString() + (value.size() > 8 ? QStringLiteral("11111111") : value.toString());
}

void TitleBuilder::collapseInto(QStringView decoded)
{
    for (QChar c : decoded) {
        if (c.isNull())
            c = QChar(QChar::ReplacementCharacter); // as the tokenizer does in RCDATA
        if (isWhitespace(c.unicode())) {
            m_pendingSpace = !m_out.isEmpty();
            continue;
        }
        if (m_pendingSpace)
            m_out.append(QLatin1Char(' '));
        m_pendingSpace = false;
        m_out.append(c);
        if (isFull())
            return;
    }
}

QString TitleBuilder::finish()
{
    if (!isFull() && !m_pending.isEmpty())
        collapseInto(decodeHtmlEntities(m_pending));
    m_pending.clear();
    QString out = std::move(m_out);
    m_out.clear();
    if (out.size() > kMaxTitleLength) {
        qsizetype cut = kMaxTitleLength;
        if (out.at(cut - 1).isHighSurrogate() && out.at(cut).isLowSurrogate())
            --cut; // a whole character or none of it
        out.truncate(cut);
        out.append(QChar(0x2026));
    }
    return out;
}

struct ForeignElement
{
    QByteArray name;
    int templateDepth = 0;
    bool svg = false;
    bool htmlIntegrationPoint = false;
    bool mathTextIntegrationPoint = false;
    bool annotationXml = false;
};

enum class Mode : quint8
{
    Undecided, // waiting for the 3 bytes that may be a BOM
    Bytes,     // ASCII-compatible: markup is found in the bytes
    Text,      // decoded first (UTF-16, ISO-2022-JP)
    Opaque,    // "replacement" encoding: the document is a single U+FFFD
};

} // namespace

struct TitleExtractor::Private
{
    explicit Private(const QByteArray &type)
        : contentType(type)
    {}

    bool process(bool atEnd);
    void decideMode();
    void tryPrescan(bool atEnd);
    void detect();
    void feedTitle();
    void buildTitle();
    void compact();

    template <typename Ch>
    void scan(const Ch *s, qsizetype n, bool atEnd);
    void beginTag(bool isEnd);
    void appendTagName(uint c);
    void beginAttr();
    void endAttrName();
    void endAttrValue();
    void emitTag();
    void finishTagName() { tag = &tagInfo(tagName()); }
    void startTag(QLatin1StringView name, const TagInfo &info);
    void endTag(QLatin1StringView name, const TagInfo &info);
    void enterRawText(QLatin1StringView endName)
    {
        state = State::RawText;
        rawEndName = endName;
    }
    void pushForeign(QLatin1StringView name, const TagInfo &info, bool svg);
    void openHtml(QLatin1StringView name, const TagInfo &info);
    bool closeHtml(QLatin1StringView name, const TagInfo &info);
    void closeP();
    void closeListItem(TagKind kind);
    void popHtmlThrough(TagKind kind, std::initializer_list<QLatin1StringView> stopNames);
    QLatin1StringView tagName() const { return QLatin1StringView(tagBuf, tagLong ? kMaxName + 1 : tagLen); }
    bool inForeignContent() const { return !foreign.empty(); }

    QByteArray contentType;
    QByteArray buf;                              // body bytes seen (Bytes mode; a few bytes while Undecided)
    QString text;                                // decoded body (Text mode)
    std::optional<CharsetDecoder> streamDecoder; // Text mode
    Mode mode = Mode::Undecided;
    qsizetype scanStart = 0; // after a UTF-8 BOM

    QByteArray charset;
    bool charsetDecided = false;
    bool prescanDone = false;

    // Tokenizer
    State state = State::Data;
    qsizetype pos = 0;
    char tagBuf[kMaxName + 2] = {};
    qsizetype tagLen = 0;
    bool tagLong = false;
    bool tagIsEnd = false;
    const TagInfo *tag = &kUnknownTag;
    bool selfClosing = false;
    char attrBuf[kMaxName + 1] = {};
    qsizetype attrLen = 0;
    bool attrLong = false;
    bool fontBreakoutAttr = false; // <font color|face|size> leaves foreign content
    bool collectValue = false;
    bool sawEncoding = false;
    QByteArray encodingValue; // annotation-xml encoding=
    QLatin1StringView rawEndName;
    int templateDepth = 0;
    std::vector<ForeignElement> foreign;
    std::vector<HtmlOpenElement> html; // approximate; only consulted for end tags inside foreign content

    // Title
    bool titleStarted = false;
    bool inTitle = false;
    bool titleComplete = false;
    bool noMoreTitle = false;
    qsizetype titleStart = 0;
    qsizetype titleEnd = 0;
    qsizetype titleFed = 0;                     // the title's text before this index is with the builder
    std::optional<CharsetDecoder> titleDecoder; // Bytes mode, once the charset is known
    TitleBuilder builder;

    bool done = false;
    QString title;
};

void TitleExtractor::Private::beginTag(bool isEnd)
{
    tagLen = 0;
    tagLong = false;
    tagIsEnd = isEnd;
    tag = &kUnknownTag;
    selfClosing = false;
    fontBreakoutAttr = false;
    sawEncoding = false;
    collectValue = false;
    encodingValue.clear();
}

void TitleExtractor::Private::appendTagName(uint c)
{
    if (tagLen < kMaxName)
        tagBuf[tagLen++] = lowerAscii(c);
    else
        tagLong = true;
}

void TitleExtractor::Private::beginAttr()
{
    attrLen = 0;
    attrLong = false;
    collectValue = false;
}

void TitleExtractor::Private::endAttrName()
{
    const QLatin1StringView attr(attrBuf, attrLong ? kMaxName + 1 : attrLen);
    if (tag->kind == TagKind::Font && (attr == QLatin1StringView("color") || attr == QLatin1StringView("face") ||
                                       attr == QLatin1StringView("size"))) {
        fontBreakoutAttr = true;
    }
    if ((tag->flags & TagAnnotationXml) && attr == QLatin1StringView("encoding") && !sawEncoding) {
        sawEncoding = true; // the first of duplicate attributes wins
        collectValue = true;
    }
}

void TitleExtractor::Private::endAttrValue()
{
    collectValue = false;
}

void TitleExtractor::Private::pushForeign(QLatin1StringView name, const TagInfo &info, bool svg)
{
    if (foreign.size() >= kMaxForeignDepth)
        return;
    ForeignElement e;
    e.name = QByteArray(name.data(), name.size());
    e.svg = svg;
    e.templateDepth = templateDepth;
    if (svg) {
        e.htmlIntegrationPoint = info.flags & TagSvgIntegration;
    } else {
        e.mathTextIntegrationPoint = info.flags & TagMathText;
        e.annotationXml = info.flags & TagAnnotationXml;
        e.htmlIntegrationPoint =
            e.annotationXml && (encodingValue == "text/html" || encodingValue == "application/xhtml+xml");
    }
    foreign.push_back(std::move(e));
}

void TitleExtractor::Private::emitTag()
{
    state = State::Data;
    if (tagIsEnd)
        endTag(tagName(), *tag);
    else
        startTag(tagName(), *tag);
}

void TitleExtractor::Private::startTag(QLatin1StringView name, const TagInfo &info)
{
    if (inForeignContent()) {
        const ForeignElement &top = foreign.back();
        const bool htmlRules = (top.mathTextIntegrationPoint && !(info.flags & TagMathGlyph)) ||
                               (top.annotationXml && info.kind == TagKind::Svg) || top.htmlIntegrationPoint;
        if (!htmlRules) {
            if (!(info.flags & TagBreakout) && !(info.kind == TagKind::Font && fontBreakoutAttr)) {
                if (!selfClosing)
                    pushForeign(name, info, top.svg);
                return;
            }
            while (!foreign.empty() && !foreign.back().htmlIntegrationPoint &&
                   !foreign.back().mathTextIntegrationPoint) {
                foreign.pop_back();
            }
        }
    }
    // HTML content; self-closing is ignored on these non-void elements, as browsers do.
    if (foreign.empty())
        openHtml(name, info); // elements inside an integration point are not ancestors of anything tracked
    switch (info.kind) {
    case TagKind::Title:
        enterRawText(QLatin1StringView(info.name));
        if (templateDepth == 0 && !titleStarted) {
            titleStarted = true;
            inTitle = true;
            titleStart = pos;
            titleFed = pos;
        }
        break;
    case TagKind::Textarea:
    case TagKind::RawText:
        enterRawText(QLatin1StringView(info.name));
        break;
    case TagKind::Script:
        state = State::ScriptData;
        break;
    case TagKind::Plaintext:
        state = State::Plaintext;
        noMoreTitle = true;
        break;
    case TagKind::Template:
        ++templateDepth;
        break;
    case TagKind::Svg:
    case TagKind::Math:
        if (!selfClosing)
            pushForeign(name, info, info.kind == TagKind::Svg);
        break;
    default:
        break;
    }
}

void TitleExtractor::Private::endTag(QLatin1StringView name, const TagInfo &info)
{
    const bool isTemplate = info.kind == TagKind::Template;
    if (inForeignContent()) {
        if (info.kind == TagKind::Br || info.kind == TagKind::P) {
            while (!foreign.empty() && !foreign.back().htmlIntegrationPoint &&
                   !foreign.back().mathTextIntegrationPoint) {
                foreign.pop_back();
            }
            if (foreign.empty())
                closeHtml(name, info);
            return;
        }
        for (std::size_t i = foreign.size(); i-- > 0;) {
            if (QLatin1StringView(foreign[i].name) == name) {
                foreign.resize(i);
                return;
            }
        }
        if (!isTemplate) {
            // The token goes to the HTML rules, whose walk down the stack stops at the special foreign
            // elements (the integration points); past them it may close an HTML ancestor of the subtree.
            for (const ForeignElement &e : foreign) {
                if (e.htmlIntegrationPoint || e.mathTextIntegrationPoint || e.annotationXml)
                    return;
            }
            if (closeHtml(name, info))
                foreign.clear();
            return;
        }
    }
    if (isTemplate) {
        if (templateDepth > 0) {
            --templateDepth;
            while (!foreign.empty() && foreign.back().templateDepth > templateDepth)
                foreign.pop_back();
            for (std::size_t i = html.size(); i-- > 0;) {
                if (html[i].kind == TagKind::Template) {
                    html.resize(i);
                    break;
                }
            }
        }
        return;
    }
    closeHtml(name, info);
}

void TitleExtractor::Private::openHtml(QLatin1StringView name, const TagInfo &info)
{
    if (info.flags & TagTablePart) {
        // Outside a table the body rules drop these start tags.
        bool inTable = false;
        for (std::size_t i = html.size(); i-- > 0 && !inTable;) {
            if (html[i].kind == TagKind::Template)
                break;
            inTable = html[i].view() == QLatin1StringView("table");
        }
        if (!inTable)
            return;
    }
    switch (info.kind) {
    case TagKind::Li:
    case TagKind::DdDt:
        closeListItem(info.kind);
        break;
    case TagKind::Cell:
        popHtmlThrough(TagKind::Cell,
                       {QLatin1StringView("tr"), QLatin1StringView("table"), QLatin1StringView("template")});
        break;
    case TagKind::Row:
        popHtmlThrough(TagKind::Row,
                       {QLatin1StringView("table"), QLatin1StringView("tbody"), QLatin1StringView("thead"),
                        QLatin1StringView("tfoot"), QLatin1StringView("template")});
        break;
    case TagKind::Option:
    case TagKind::Optgroup:
        if (!html.empty() && html.back().kind == TagKind::Option)
            html.pop_back();
        if (info.kind == TagKind::Optgroup && !html.empty() && html.back().kind == TagKind::Optgroup)
            html.pop_back();
        break;
    default:
        break;
    }
    if (info.flags & TagClosesP)
        closeP();
    if ((info.flags & TagHeading) && !html.empty() && (html.back().flags & TagHeading))
        html.pop_back();
    if ((info.flags & (TagVoid | TagNotPushed)) || html.size() >= kMaxHtmlDepth || name.size() > kMaxName)
        return;
    HtmlOpenElement e;
    std::memcpy(e.name, name.data(), size_t(name.size()));
    e.len = quint8(name.size());
    e.flags = info.flags;
    e.kind = info.kind;
    html.push_back(e);
}

// An HTML end tag: pops through the element it closes, if any ("in scope" or "any other end tag" walk).
bool TitleExtractor::Private::closeHtml(QLatin1StringView name, const TagInfo &info)
{
    if (info.flags & (TagVoid | TagNotPushed))
        return false; // </br>, </body>, </html>, raw text end tags: nothing tracked to close
    const bool scoped = info.flags & TagScopedEnd;
    for (std::size_t i = html.size(); i-- > 0;) {
        const HtmlOpenElement &e = html[i];
        if (e.view() == name || ((info.flags & TagHeading) && (e.flags & TagHeading))) {
            html.resize(i);
            return true;
        }
        if (scoped) {
            if ((e.flags & TagScopeBoundary) || (info.kind == TagKind::Li && e.kind == TagKind::List))
                return false;
        } else if (e.flags & TagSpecial) {
            return false;
        }
    }
    return false;
}

void TitleExtractor::Private::closeP()
{
    for (std::size_t i = html.size(); i-- > 0;) {
        if (html[i].kind == TagKind::P) {
            html.resize(i);
            return;
        }
        if ((html[i].flags & TagScopeBoundary) || html[i].view() == QLatin1StringView("button"))
            return;
    }
}

// <li> closes an open <li>, <dd>/<dt> an open <dd> or <dt>, unless a special element other than address,
// div and p is in the way.
void TitleExtractor::Private::closeListItem(TagKind kind)
{
    for (std::size_t i = html.size(); i-- > 0;) {
        const HtmlOpenElement &e = html[i];
        if (e.kind == kind) {
            html.resize(i);
            return;
        }
        const QLatin1StringView n = e.view();
        if ((e.flags & TagSpecial) && n != QLatin1StringView("address") && n != QLatin1StringView("div") &&
            e.kind != TagKind::P) {
            return;
        }
    }
}

void TitleExtractor::Private::popHtmlThrough(TagKind kind, std::initializer_list<QLatin1StringView> stopNames)
{
    for (std::size_t i = html.size(); i-- > 0;) {
        if (html[i].kind == kind) {
            html.resize(i);
            return;
        }
        for (const QLatin1StringView &stop : stopNames) {
            if (html[i].view() == stop)
                return;
        }
    }
}

template <typename Ch>
void TitleExtractor::Private::scan(const Ch *s, qsizetype n, bool atEnd)
{
    // Lookahead that runs past the data waits for the next chunk, unless there is none.
    const auto settle = [atEnd](Match m) {
        return m == Match::NeedMore && atEnd ? Match::No : m;
    };

    while (pos < n) {
        switch (state) {
        case State::Data: {
            const qsizetype lt = findUnit(s, pos, n, '<');
            if (lt >= n) {
                pos = n;
                return;
            }
            pos = lt + 1;
            state = State::TagOpen;
            break;
        }
        case State::TagOpen: {
            const uint c = unit(s[pos]);
            if (c == '!') {
                ++pos;
                state = State::MarkupDeclarationOpen;
            } else if (c == '/') {
                ++pos;
                state = State::EndTagOpen;
            } else if (isAlpha(c)) {
                beginTag(false);
                state = State::TagName;
            } else if (c == '?') {
                state = State::BogusComment;
            } else {
                state = State::Data;
            }
            break;
        }
        case State::EndTagOpen: {
            const uint c = unit(s[pos]);
            if (isAlpha(c)) {
                beginTag(true);
                state = State::TagName;
            } else if (c == '>') {
                ++pos;
                state = State::Data;
            } else {
                state = State::BogusComment;
            }
            break;
        }
        case State::TagName:
            for (; pos < n; ++pos) {
                const uint c = unit(s[pos]);
                if (isWhitespace(c) || c == '/' || c == '>') {
                    finishTagName();
                    ++pos;
                    if (c == '>')
                        emitTag();
                    else
                        state = isWhitespace(c) ? State::BeforeAttrName : State::SelfClosingStartTag;
                    break;
                }
                appendTagName(c);
            }
            break;
        case State::BeforeAttrName: {
            while (pos < n && isWhitespace(unit(s[pos])))
                ++pos;
            if (pos >= n)
                return;
            const uint c = unit(s[pos]);
            if (c == '/' || c == '>') {
                state = State::AfterAttrName;
            } else {
                beginAttr();
                if (c == '=') {
                    attrBuf[attrLen++] = '=';
                    ++pos;
                }
                state = State::AttrName;
            }
            break;
        }
        case State::AttrName:
            for (; pos < n; ++pos) {
                const uint c = unit(s[pos]);
                if (isWhitespace(c) || c == '/' || c == '>') {
                    endAttrName();
                    state = State::AfterAttrName;
                    break;
                }
                if (c == '=') {
                    endAttrName();
                    ++pos;
                    state = State::BeforeAttrValue;
                    break;
                }
                if (attrLen < kMaxName)
                    attrBuf[attrLen++] = lowerAscii(c);
                else
                    attrLong = true;
            }
            break;
        case State::AfterAttrName: {
            while (pos < n && isWhitespace(unit(s[pos])))
                ++pos;
            if (pos >= n)
                return;
            const uint c = unit(s[pos]);
            if (c == '/') {
                ++pos;
                state = State::SelfClosingStartTag;
            } else if (c == '=') {
                ++pos;
                state = State::BeforeAttrValue;
            } else if (c == '>') {
                ++pos;
                emitTag();
            } else {
                beginAttr();
                state = State::AttrName;
            }
            break;
        }
        case State::BeforeAttrValue: {
            while (pos < n && isWhitespace(unit(s[pos])))
                ++pos;
            if (pos >= n)
                return;
            const uint c = unit(s[pos]);
            if (c == '"') {
                ++pos;
                state = State::AttrValueDoubleQuoted;
            } else if (c == '\'') {
                ++pos;
                state = State::AttrValueSingleQuoted;
            } else if (c == '>') {
                ++pos;
                endAttrValue();
                emitTag();
            } else {
                state = State::AttrValueUnquoted;
            }
            break;
        }
        case State::AttrValueDoubleQuoted:
        case State::AttrValueSingleQuoted: {
            const qsizetype q = findUnit(s, pos, n, state == State::AttrValueDoubleQuoted ? '"' : '\'');
            if (collectValue) {
                for (qsizetype i = pos; i < q && encodingValue.size() < kMaxName; ++i)
                    encodingValue.append(lowerAscii(unit(s[i])));
            }
            if (q >= n) {
                pos = n;
                return;
            }
            pos = q + 1;
            endAttrValue();
            state = State::AfterAttrValueQuoted;
            break;
        }
        case State::AttrValueUnquoted:
            for (; pos < n; ++pos) {
                const uint c = unit(s[pos]);
                if (isWhitespace(c)) {
                    ++pos;
                    endAttrValue();
                    state = State::BeforeAttrName;
                    break;
                }
                if (c == '>') {
                    ++pos;
                    endAttrValue();
                    emitTag();
                    break;
                }
                if (collectValue && encodingValue.size() < kMaxName)
                    encodingValue.append(lowerAscii(c));
            }
            break;
        case State::AfterAttrValueQuoted: {
            const uint c = unit(s[pos]);
            if (isWhitespace(c)) {
                ++pos;
                state = State::BeforeAttrName;
            } else if (c == '/') {
                ++pos;
                state = State::SelfClosingStartTag;
            } else if (c == '>') {
                ++pos;
                emitTag();
            } else {
                state = State::BeforeAttrName;
            }
            break;
        }
        case State::SelfClosingStartTag:
            if (unit(s[pos]) == '>') {
                ++pos;
                selfClosing = true;
                emitTag();
            } else {
                state = State::BeforeAttrName;
            }
            break;
        case State::MarkupDeclarationOpen: {
            const Match comment = settle(matchCi(s, pos, n, QLatin1StringView("--")));
            if (comment == Match::NeedMore)
                return;
            if (comment == Match::Yes) {
                pos += 2;
                state = State::CommentStart;
                break;
            }
            // CDATA sections exist only in foreign content; elsewhere "<![CDATA[" starts a bogus comment.
            if (inForeignContent()) {
                const Match cdata = settle(matchCi(s, pos, n, QLatin1StringView("[cdata[")));
                if (cdata == Match::NeedMore)
                    return;
                if (cdata == Match::Yes && unit(s[pos + 1]) == 'C' && unit(s[pos + 2]) == 'D' &&
                    unit(s[pos + 3]) == 'A' && unit(s[pos + 4]) == 'T' && unit(s[pos + 5]) == 'A') {
                    pos += 7;
                    state = State::CData;
                    break;
                }
            }
            state = State::BogusComment; // also <!DOCTYPE ...>, which ends at the first '>' too
            break;
        }
        case State::CommentStart:
        case State::CommentStartDash: {
            const uint c = unit(s[pos]);
            if (c == '-') {
                ++pos;
                state = state == State::CommentStart ? State::CommentStartDash : State::CommentEnd;
            } else if (c == '>') {
                ++pos;
                state = State::Data; // "<!-->" and "<!--->"
            } else {
                state = State::Comment;
            }
            break;
        }
        case State::Comment: {
            const qsizetype dash = findUnit(s, pos, n, '-');
            if (dash >= n) {
                pos = n;
                return;
            }
            pos = dash + 1;
            state = State::CommentEndDash;
            break;
        }
        case State::CommentEndDash:
            if (unit(s[pos]) == '-') {
                ++pos;
                state = State::CommentEnd;
            } else {
                state = State::Comment;
            }
            break;
        case State::CommentEnd: {
            const uint c = unit(s[pos]);
            if (c == '>') {
                ++pos;
                state = State::Data;
            } else if (c == '!') {
                ++pos;
                state = State::CommentEndBang;
            } else if (c == '-') {
                ++pos;
            } else {
                state = State::Comment;
            }
            break;
        }
        case State::CommentEndBang: {
            const uint c = unit(s[pos]);
            if (c == '-') {
                ++pos;
                state = State::CommentEndDash;
            } else if (c == '>') {
                ++pos;
                state = State::Data;
            } else {
                state = State::Comment;
            }
            break;
        }
        case State::BogusComment: {
            const qsizetype gt = findUnit(s, pos, n, '>');
            if (gt >= n) {
                pos = n;
                return;
            }
            pos = gt + 1;
            state = State::Data;
            break;
        }
        case State::CData: {
            const qsizetype br = findUnit(s, pos, n, ']');
            if (br >= n) {
                pos = n;
                return;
            }
            pos = br + 1;
            state = State::CDataBracket;
            break;
        }
        case State::CDataBracket:
            if (unit(s[pos]) == ']') {
                ++pos;
                state = State::CDataEnd;
            } else {
                state = State::CData;
            }
            break;
        case State::CDataEnd: {
            const uint c = unit(s[pos]);
            if (c == ']') {
                ++pos;
            } else if (c == '>') {
                ++pos;
                state = State::Data;
            } else {
                state = State::CData;
            }
            break;
        }
        case State::RawText:
        case State::ScriptData: {
            const bool script = state == State::ScriptData;
            const QLatin1StringView endName = script ? QLatin1StringView("script") : rawEndName;
            const qsizetype lt = findUnit(s, pos, n, '<');
            if (lt >= n) {
                pos = n;
                return;
            }
            const Match end = settle(matchTagAt(s, lt, n, QLatin1StringView("</"), endName));
            const Match escape = script ? settle(matchCi(s, lt, n, QLatin1StringView("<!--"))) : Match::No;
            if (end == Match::NeedMore || escape == Match::NeedMore) {
                pos = lt; // wait for the bytes that decide
                return;
            }
            if (end == Match::Yes) {
                if (inTitle) {
                    inTitle = false;
                    titleEnd = lt;
                    titleComplete = true;
                    pos = n;
                    return; // nothing after the title matters
                }
                // Continue as an end tag of that name; TagName consumes the delimiter.
                beginTag(true);
                std::memcpy(tagBuf, endName.data(), size_t(endName.size()));
                tagLen = endName.size();
                pos = lt + 2 + endName.size();
                state = State::TagName;
            } else if (escape == Match::Yes) {
                pos = lt + 4;
                state = State::ScriptEscapedDashDash;
            } else {
                pos = lt + 1;
            }
            break;
        }
        case State::ScriptEscaped:
        case State::ScriptDoubleEscaped: {
            const bool dbl = state == State::ScriptDoubleEscaped;
            const qsizetype i = findEither(s, pos, n, '-', '<');
            if (i >= n) {
                pos = n;
                return;
            }
            if (unit(s[i]) == '-') {
                pos = i + 1;
                state = dbl ? State::ScriptDoubleEscapedDash : State::ScriptEscapedDash;
                break;
            }
            const Match end = settle(matchTagAt(s, i, n, QLatin1StringView("</"), QLatin1StringView("script")));
            const Match start =
                dbl ? Match::No : settle(matchTagAt(s, i, n, QLatin1StringView("<"), QLatin1StringView("script")));
            if (end == Match::NeedMore || start == Match::NeedMore) {
                pos = i;
                return;
            }
            if (end == Match::Yes && dbl) {
                pos = i + 9; // "</script" and its delimiter
                state = State::ScriptEscaped;
            } else if (end == Match::Yes) {
                beginTag(true);
                std::memcpy(tagBuf, "script", 6);
                tagLen = 6;
                pos = i + 8;
                state = State::TagName;
            } else if (start == Match::Yes) {
                pos = i + 8;
                state = State::ScriptDoubleEscaped;
            } else {
                pos = i + 1;
            }
            break;
        }
        case State::ScriptEscapedDash:
        case State::ScriptDoubleEscapedDash: {
            const bool dbl = state == State::ScriptDoubleEscapedDash;
            if (unit(s[pos]) == '-') {
                ++pos;
                state = dbl ? State::ScriptDoubleEscapedDashDash : State::ScriptEscapedDashDash;
            } else {
                state = dbl ? State::ScriptDoubleEscaped : State::ScriptEscaped;
            }
            break;
        }
        case State::ScriptEscapedDashDash:
        case State::ScriptDoubleEscapedDashDash: {
            const bool dbl = state == State::ScriptDoubleEscapedDashDash;
            const uint c = unit(s[pos]);
            if (c == '-') {
                ++pos;
            } else if (c == '>') {
                ++pos;
                state = State::ScriptData;
            } else {
                state = dbl ? State::ScriptDoubleEscaped : State::ScriptEscaped;
            }
            break;
        }
        case State::Plaintext:
            pos = n;
            return;
        }
        if (titleComplete || noMoreTitle)
            return;
    }
}

void TitleExtractor::Private::decideMode()
{
    const Bom bom = sniffBom(buf);
    if (bom != Bom::None) {
        charsetDecided = true;
        if (bom == Bom::Utf8) {
            charset = QByteArrayLiteral("UTF-8");
            mode = Mode::Bytes;
            scanStart = pos = bomLength(bom);
            return;
        }
        charset = bom == Bom::Utf16LE ? QByteArrayLiteral("UTF-16LE") : QByteArrayLiteral("UTF-16BE");
        mode = Mode::Text;
        streamDecoder.emplace(charset);
        buf.remove(0, bomLength(bom));
        return;
    }
    const QByteArray declared = canonicalCharset(charsetFromContentType(contentType));
    if (!declared.isEmpty() && isSupportedCharset(declared)) {
        charset = declared;
        charsetDecided = true;
        if (declared == "replacement") {
            mode = Mode::Opaque;
        } else if (!isAsciiCompatibleCharset(declared)) {
            mode = Mode::Text;
            streamDecoder.emplace(declared);
        } else {
            mode = Mode::Bytes;
        }
        return;
    }
    mode = Mode::Bytes; // charset from <meta>, detection or the UTF-8 default
}

void TitleExtractor::Private::tryPrescan(bool atEnd)
{
    if (mode != Mode::Bytes || charsetDecided || prescanDone)
        return;
    const MetaPrescan r = prescanMetaCharset(buf, atEnd);
    switch (r.status) {
    case MetaPrescan::Status::Found:
        // An encoding this build cannot decode counts as no declaration: the order goes on.
        if (isSupportedCharset(r.charset)) {
            charset = r.charset;
            charsetDecided = true;
        }
        prescanDone = true;
        break;
    case MetaPrescan::Status::NotFound:
        prescanDone = true;
        break;
    case MetaPrescan::Status::NeedMoreData:
        break;
    }
}

void TitleExtractor::Private::detect()
{
    const QByteArrayView seen = QByteArrayView(buf).sliced(scanStart);
    if (looksLikeUtf8(seen)) {
        charset = QByteArrayLiteral("UTF-8");
    } else {
        const qsizetype titleBytes = titleStarted ? (titleComplete ? titleEnd : buf.size()) - titleStart : 0;
        charset = detectCharset(seen, QByteArrayView(buf).sliced(titleStart, titleBytes));
        if (charset.isEmpty())
            charset = QByteArrayLiteral("windows-1252"); // what browsers fall back to for legacy pages
    }
    charsetDecided = true;
}

// Hands the title's text seen so far to the builder once the charset is known, in slices, so that neither
// the raw bytes nor the decoded text of a huge title pile up, and none is decoded past the cap.
void TitleExtractor::Private::feedTitle()
{
    if (!titleStarted || !charsetDecided)
        return;
    const qsizetype end = titleComplete ? titleEnd : pos; // the scan has passed only title text before pos
    constexpr qsizetype kSlice = 4096;
    while (titleFed < end && !builder.isFull()) {
        const qsizetype len = std::min(kSlice, end - titleFed);
        if (mode == Mode::Text) {
            builder.append(QStringView(text).sliced(titleFed, len));
        } else {
            if (!titleDecoder)
                titleDecoder.emplace(charset);
            builder.append(titleDecoder->decode(QByteArrayView(buf).sliced(titleFed, len)));
        }
        titleFed += len;
    }
    titleFed = std::max(titleFed, end);
}

void TitleExtractor::Private::buildTitle()
{
    if (!titleStarted)
        return;
    feedTitle();
    if (titleDecoder && !builder.isFull())
        builder.append(titleDecoder->finish());
    title = builder.finish();
}

// With the charset known (no detection, no prescan to come), only what the scan has not passed yet is still
// needed, the title's text before it being with the builder: dropping the rest keeps memory and copying
// per page small however long the page or its title.
void TitleExtractor::Private::compact()
{
    if (!charsetDecided || mode == Mode::Opaque)
        return;
    const qsizetype keep = titleStarted && !titleComplete ? std::min(pos, titleFed) : pos;
    if (keep < 4096)
        return;
    // All of it passed (the usual case): release the block rather than keep its capacity for the next chunk.
    if (mode == Mode::Text)
        keep == text.size() ? text.clear() : void(text.remove(0, keep));
    else
        keep == buf.size() ? buf.clear() : void(buf.remove(0, keep));
    pos -= keep;
    scanStart = 0;
    titleStart = std::max<qsizetype>(0, titleStart - keep);
    titleEnd = std::max<qsizetype>(0, titleEnd - keep);
    titleFed = std::max<qsizetype>(0, titleFed - keep);
}

bool TitleExtractor::Private::process(bool atEnd)
{
    if (done)
        return true;
    if (mode == Mode::Undecided) {
        if (!atEnd && buf.size() < 3)
            return false;
        decideMode();
    }
    if (mode == Mode::Opaque) {
        noMoreTitle = true;
    } else if (!titleComplete && !noMoreTitle) {
        if (mode == Mode::Text) {
            if (!buf.isEmpty()) {
                text.append(streamDecoder->decode(buf));
                buf.clear();
            }
            if (atEnd)
                text.append(streamDecoder->finish());
            scan(reinterpret_cast<const char16_t *>(text.constData()), text.size(), atEnd);
        } else {
            scan(buf.constData(), buf.size(), atEnd);
        }
    } else if (mode == Mode::Text) {
        buf.clear(); // nothing more to look at
    }
    tryPrescan(atEnd);
    // A title too long to wait for its end to decide the charset on: its first bytes (with what came
    // before) are plenty for detection, and the rest can then be decoded as it comes instead of kept.
    if (!charsetDecided && prescanDone && inTitle && pos - titleStart >= kTitleBytesBeforeDetection)
        detect();
    feedTitle();
    compact();
    const bool titleKnown = titleComplete || noMoreTitle || builder.isFull() || atEnd;
    if (!titleKnown)
        return false;
    if (!charsetDecided) {
        if (!prescanDone)
            return false; // a <meta charset> may still come within the first 1024 bytes
        detect();
    }
    buildTitle();
    done = true;
    buf = QByteArray(); // the extractor may live on while the rest of the body drains
    text = QString();
    return true;
}

TitleExtractor::TitleExtractor(const QByteArray &contentType)
    : d(std::make_unique<Private>(contentType))
{}

TitleExtractor::~TitleExtractor() = default;

bool TitleExtractor::feed(const QByteArray &chunk)
{
    if (d->done)
        return true;
    if (chunk.isEmpty())
        return false;
    d->buf.append(chunk);
    return d->process(false);
}

void TitleExtractor::finish()
{
    d->process(true);
}

bool TitleExtractor::isDone() const
{
    return d->done;
}

bool TitleExtractor::hasTitle() const
{
    return !d->title.isEmpty();
}

QString TitleExtractor::title() const
{
    return d->title;
}

QString TitleExtractor::encoding() const
{
    return QString::fromLatin1(d->charset);
}

bool isHtmlContentType(const QByteArray &contentType)
{
    QByteArrayView essence(contentType);
    const qsizetype semicolon = essence.indexOf(';');
    if (semicolon >= 0)
        essence = essence.first(semicolon);
    essence = essence.trimmed();
    if (essence.isEmpty())
        return true;
    const QByteArray lower = essence.toByteArray().toLower();
    return lower == "text/html" || lower == "application/xhtml+xml";
}

} // namespace Fanout
