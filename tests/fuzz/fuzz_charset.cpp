// Charset handling sees labels from Content-Type headers and <meta> tags, and bytes in any encoding. The tail
// of the input picks a charset and chunk boundaries; the rest is the data. Checked: label mapping is
// case- and whitespace-insensitive and lands on canonical names, the <meta> prescan only ever finds more as
// bytes arrive (never changes its answer) and names a canonical charset, streamed decoding equals decoding
// the whole, and detection names only an ASCII-compatible charset this build decodes.

#include "fuzzutil.h"
#include "html/charset.h"

#include <QStringDecoder>

#include <fuzzer/FuzzedDataProvider.h>
#include <iterator>

using namespace Fanout;

namespace {

// Every canonical name of the label table.
const char *const kCanonical[] = {
    "UTF-8",          "IBM866",       "ISO-8859-2",   "ISO-8859-3",   "ISO-8859-4",     "ISO-8859-5",   "ISO-8859-6",
    "ISO-8859-7",     "ISO-8859-8",   "ISO-8859-8-I", "ISO-8859-10",  "ISO-8859-13",    "ISO-8859-14",  "ISO-8859-15",
    "ISO-8859-16",    "KOI8-R",       "KOI8-U",       "macintosh",    "windows-874",    "windows-1250", "windows-1251",
    "windows-1252",   "windows-1253", "windows-1254", "windows-1255", "windows-1256",   "windows-1257", "windows-1258",
    "x-mac-cyrillic", "GBK",          "GB18030",      "Big5",         "EUC-JP",         "ISO-2022-JP",  "Shift_JIS",
    "EUC-KR",         "replacement",  "UTF-16BE",     "UTF-16LE",     "x-user-defined",
};

// What label mapping may return: empty or one of the canonical names.
bool isCanonical(const QByteArray &name)
{
    for (const char *c : kCanonical) {
        if (name == c)
            return true;
    }
    return false;
}

QByteArray asciiUpper(QByteArray s)
{
    for (char &c : s) {
        if (c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
    }
    return s;
}

QByteArray htmlTrimmed(QByteArray s)
{
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    };
    while (!s.isEmpty() && space(s.front()))
        s.remove(0, 1);
    while (!s.isEmpty() && space(s.back()))
        s.chop(1);
    return s;
}

void checkLabel(const QByteArray &label)
{
    const QByteArray canonical = canonicalCharset(label);
    FUZZ_CHECK(canonical.isEmpty() || isCanonical(canonical));
    // Labels are matched ASCII case-insensitively, with surrounding ASCII whitespace ignored.
    FUZZ_CHECK_EQ(canonicalCharset(asciiUpper(label)), canonical);
    FUZZ_CHECK_EQ(canonicalCharset(QByteArray(" \t" + label + "\r\n\f")), canonical);
    // A canonical name is a label of itself ("replacement" has no label: it is only reached through others).
    if (!canonical.isEmpty() && canonical != "replacement")
        FUZZ_CHECK_EQ(canonicalCharset(canonical), canonical);
}

void checkPrescan(const QByteArray &data, FanoutFuzz::Chunker &chunker)
{
    const MetaPrescan whole = prescanMetaCharset(data, true);
    FUZZ_CHECK(whole.status != MetaPrescan::Status::NeedMoreData);
    if (whole.status == MetaPrescan::Status::Found) {
        FUZZ_CHECK(isCanonical(whole.charset));
        // A document that can be prescanned is not UTF-16, and x-user-defined reads as windows-1252.
        FUZZ_CHECK(whole.charset != "UTF-16LE" && whole.charset != "UTF-16BE" && whole.charset != "x-user-defined");
    } else {
        FUZZ_CHECK(whole.charset.isEmpty());
    }
    // As the bytes arrive: waiting, then the answer the whole data gives, and no other.
    bool settled = false;
    for (qsizetype end = 0; end < data.size() && !settled;) {
        end = std::min(data.size(), end + chunker.next());
        const MetaPrescan partial = prescanMetaCharset(data.first(end), false);
        switch (partial.status) {
        case MetaPrescan::Status::NeedMoreData:
            FUZZ_CHECK(end < kMetaPrescanWindow);
            break;
        case MetaPrescan::Status::Found:
            FUZZ_CHECK(whole.status == MetaPrescan::Status::Found);
            FUZZ_CHECK_EQ(partial.charset, whole.charset);
            settled = true;
            break;
        case MetaPrescan::Status::NotFound:
            FUZZ_CHECK(end >= kMetaPrescanWindow);
            FUZZ_CHECK(whole.status == MetaPrescan::Status::NotFound);
            settled = true;
            break;
        }
    }
}

void checkDecoding(const QByteArray &canonical, const QByteArray &data, FanoutFuzz::Chunker &chunker)
{
    const QString whole = decodeWithCharset(canonical, data);
    if (canonical == "replacement") {
        FUZZ_CHECK_EQ(whole, data.isEmpty() ? QString() : QString(QChar::ReplacementCharacter));
        return;
    }
    if (canonical == "x-user-defined")
        FUZZ_CHECK_EQ(whole.size(), data.size()); // one character per byte
    CharsetDecoder decoder(canonical);
    QString streamed;
    for (qsizetype from = 0; from < data.size();) {
        const qsizetype len = std::min(chunker.next(), data.size() - from);
        streamed += decoder.decode(QByteArrayView(data).sliced(from, len));
        from += len;
    }
    streamed += decoder.finish();
    FUZZ_CHECK_EQ(streamed, whole);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FanoutFuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider input(data, size);
    const QByteArray canonical(kCanonical[input.ConsumeIntegralInRange<size_t>(0, std::size(kCanonical) - 1)]);
    const quint32 seed = input.ConsumeIntegral<quint32>();
    const std::vector<char> rest = input.ConsumeRemainingBytes<char>();
    const QByteArray bytes(rest.data(), qsizetype(rest.size()));

    // The data as a label, and as the values labels are taken from.
    checkLabel(bytes.left(64));
    checkLabel(charsetFromContentType(bytes));
    checkLabel(charsetFromMetaContent(bytes));
    // A plain parameter value comes back as written, less surrounding whitespace.
    const QByteArray token = bytes.left(64);
    if (!token.contains(';') && !token.startsWith('"'))
        FUZZ_CHECK_EQ(charsetFromContentType(QByteArray("text/html; charset=" + token)), htmlTrimmed(token));

    FanoutFuzz::Chunker chunker(seed);
    checkPrescan(bytes, chunker);
    checkDecoding(canonical, bytes, chunker);

    const Bom bom = sniffBom(bytes);
    FUZZ_CHECK(bomLength(bom) <= bytes.size());

    // Valid UTF-8 always looks like UTF-8.
    // Stateless: a stateful decoder keeps a cut sequence at the end pending instead of calling it an error.
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    const QString text = utf8.decode(bytes); // decode() is lazy: converting runs it
    if (!utf8.hasError())
        FUZZ_CHECK(looksLikeUtf8(bytes));

    const QByteArray detected = detectCharset(bytes, bytes.left(int(seed % 64)));
    if (!detected.isEmpty()) {
        FUZZ_CHECK(isCanonical(detected));
        FUZZ_CHECK(isAsciiCompatibleCharset(detected));
        FUZZ_CHECK(isSupportedCharset(detected));
    }
    return 0;
}
