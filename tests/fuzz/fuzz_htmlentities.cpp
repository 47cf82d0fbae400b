// The entity decoder runs on title text from any page, decoded whole or, as the title scanner does, in pieces
// that may end inside a reference. The tail of the input picks the piece boundaries; the rest is the text
// (UTF-8, so the fuzzer reaches any character). Checked: decoding piece by piece, keeping an unfinished
// reference for the next piece as unfinishedCharRefStart() says, gives what decoding the whole gives; text
// without '&' is untouched; numeric references never yield a surrogate, NUL or a value past U+10FFFF.

#include "fuzzutil.h"
#include "html/htmlentities.h"

#include <fuzzer/FuzzedDataProvider.h>

using namespace Fanout;

namespace {

QString decodeInPieces(QStringView text, FanoutFuzz::Chunker &chunker)
{
    QString out;
    QString pending;
    for (qsizetype from = 0; from < text.size();) {
        const qsizetype len = std::min(chunker.next(), text.size() - from);
        QString piece = pending + text.sliced(from, len);
        from += len;
        const qsizetype open = unfinishedCharRefStart(piece);
        FUZZ_CHECK(open < 0 || (open < piece.size() && piece.at(open) == u'&'));
        const qsizetype closed = open < 0 ? piece.size() : open;
        out += decodeHtmlEntities(QStringView(piece).first(closed));
        pending = piece.sliced(closed);
    }
    return out + decodeHtmlEntities(pending);
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
    FanoutFuzz::Chunker chunker(input.ConsumeIntegral<quint32>());
    const quint32 number = input.ConsumeIntegral<quint32>();
    const std::string rest = input.ConsumeRemainingBytesAsString();
    const QString text = QString::fromUtf8(rest.data(), qsizetype(rest.size()));

    const QString whole = decodeHtmlEntities(text);
    if (!text.contains(u'&'))
        FUZZ_CHECK_EQ(whole, text);
    FUZZ_CHECK(whole.size() <= text.size()); // the shortest reference ("&lt", "&#1") is 3 units, the longest value 2
    FUZZ_CHECK_EQ(decodeInPieces(text, chunker), whole);

    const char32_t value = numericCharRefValue(number);
    FUZZ_CHECK(value != 0 && value <= 0x10FFFF && !(value >= 0xD800 && value <= 0xDFFF));
    return 0;
}
