#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringDecoder>

namespace Fanout {

// Charset handling for HTML as browsers do it (WHATWG Encoding Standard and HTML "determining the
// character encoding"). Canonical names are the Encoding Standard's ("UTF-8", "GBK", "Shift_JIS",
// "windows-1252", ...) except gb18030, reported as "GB18030".

// Maps a label ("gb2312", " Latin1 ", "x-sjis", ...) to its canonical name; empty for an unknown label.
QByteArray canonicalCharset(QByteArrayView label);

// The name QStringDecoder is given for a canonical charset. It can differ from the canonical name because
// the WHATWG decoders are supersets: GBK decodes as GB18030, Big5 as Big5-HKSCS, EUC-KR as windows-949.
QByteArray decoderNameFor(QByteArrayView canonical);

// True when this build can turn bytes of that canonical charset into text (Qt's own codecs or ICU, plus
// the "x-user-defined" and "replacement" encodings handled here).
bool isSupportedCharset(QByteArrayView canonical);

// Decodes a complete byte sequence; invalid sequences become U+FFFD. Unsupported charsets decode as UTF-8.
QString decodeWithCharset(QByteArrayView canonical, QByteArrayView bytes);

// decodeWithCharset for bytes that arrive in pieces: a character cut between two pieces decodes whole, so
// the pieces, then finish(), give together what decodeWithCharset gives for their concatenation
// ("replacement" aside, which has no text to stream).
class CharsetDecoder final
{
public:
    explicit CharsetDecoder(QByteArrayView canonical);
    // The text of the bytes so far; the last few may be held back until the next piece or finish().
    QString decode(QByteArrayView bytes);
    // The text of what decode() held back; call once, after the last piece.
    QString finish();

private:
    enum class Hold : quint8
    {
        Nothing,
        Utf8Tail,  // an unfinished UTF-8 sequence at the end of a piece
        LastBytes, // ICU: the last few bytes, whatever they are
    };
    QString decodeUtf8(QByteArrayView bytes);

    QStringDecoder m_decoder;
    QByteArray m_held;
    Hold m_hold = Hold::Nothing;
    bool m_userDefined = false;
    bool m_atStart = true; // Utf8Tail: no byte decoded yet
};

// False for the encodings in which '<' or '>' may be part of a multi-byte character, so that markup
// cannot be found by looking at bytes: UTF-16LE/BE, ISO-2022-JP and "replacement".
bool isAsciiCompatibleCharset(QByteArrayView canonical);

// The raw charset parameter of a Content-Type value (quotes removed), or empty.
QByteArray charsetFromContentType(QByteArrayView contentType);

// The raw label in a <meta content="text/html; charset=..."> value, or empty.
QByteArray charsetFromMetaContent(QByteArrayView content);

enum class Bom
{
    None,
    Utf8,
    Utf16LE,
    Utf16BE,
};
Bom sniffBom(QByteArrayView data);
qsizetype bomLength(Bom bom);

struct MetaPrescan
{
    enum class Status
    {
        Found,
        NotFound,
        NeedMoreData,
    };
    Status status = Status::NotFound;
    QByteArray charset; // canonical, set when Found
};

// The HTML "prescan a byte stream to determine its encoding" over the first 1024 bytes of data.
// complete: no more bytes will come within the window (1024 bytes seen, or end of body), so a construct
// cut at the end of data is given up instead of waiting for NeedMoreData.
MetaPrescan prescanMetaCharset(QByteArrayView data, bool complete);
constexpr qsizetype kMetaPrescanWindow = 1024;

// True when the bytes are UTF-8, tolerating a sequence cut at the end and a few stray invalid bytes among
// many valid multi-byte sequences (a UTF-8 page with one Latin-1 byte in a script is still UTF-8).
bool looksLikeUtf8(QByteArrayView data);

// Guesses the charset of undeclared legacy bytes with uchardet; canonical name, or empty when unsure.
// priority: bytes that matter most (the title), sampled first.
QByteArray detectCharset(QByteArrayView data, QByteArrayView priority = {});

} // namespace Fanout
