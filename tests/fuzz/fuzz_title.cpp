// The title scanner reads bodies that strangers wrote, in whatever pieces the network delivers. The tail of the
// input picks a Content-Type and the chunk boundaries; the rest is the body. The body is scanned whole and in
// chunks: with the same charset chosen, the chunked scan must find the same title (where the chunks fall is up
// to the network, not the page), and each title keeps the shape title() promises.

#include "fuzzutil.h"
#include "html/title.h"

#include <fuzzer/FuzzedDataProvider.h>
#include <iterator>

using namespace Fanout;

namespace {

// Undeclared, declared ASCII-compatible, declared UTF-16 or ISO-2022-JP (scanned as text), "replacement",
// unknown and malformed parameters.
const char *const kContentTypes[] = {
    "",
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=\"windows-1252\"",
    "text/html;charset=GBK",
    "text/html; charset=shift_jis",
    "text/html; charset=euc-kr",
    "text/html; charset=big5",
    "text/html; charset=utf-16le",
    "text/html; charset=utf-16be",
    "text/html; charset=iso-2022-jp",
    "text/html; charset=hz-gb-2312",
    "text/html; charset=x-user-defined",
    "text/html; charset=koi8-r",
    "text/html; charset=no-such-charset",
    "application/xhtml+xml; charset=utf-8",
    "text/html; charset=",
    "text/html; charset=\"utf-8",
};

bool isHtmlSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\f' || c == u'\r';
}

void checkShape(const TitleExtractor &x)
{
    FUZZ_CHECK(x.isDone());
    const QString title = x.title();
    FUZZ_CHECK_EQ(x.hasTitle(), !title.isEmpty());
    FUZZ_CHECK(title.size() <= kMaxTitleLength + 1);
    const bool cut = title.size() > kMaxTitleLength;
    if (cut)
        FUZZ_CHECK(title.endsWith(QChar(0x2026)));
    // Whitespace is collapsed to single spaces and trimmed (the cut may leave a space before the "…").
    if (!title.isEmpty()) {
        FUZZ_CHECK(!isHtmlSpace(title.front()));
        FUZZ_CHECK(cut || !isHtmlSpace(title.back()));
    }
    for (qsizetype i = 0; i < title.size(); ++i) {
        const QChar c = title.at(i);
        FUZZ_CHECK(c != u'\t' && c != u'\n' && c != u'\f' && c != u'\r');
        FUZZ_CHECK(!c.isNull()); // NUL becomes U+FFFD
        FUZZ_CHECK(!(c == u' ' && i + 1 < title.size() && title.at(i + 1) == u' '));
    }
    FUZZ_CHECK(x.encoding().isEmpty() || !x.encoding().trimmed().isEmpty());
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
    const QByteArray contentType(kContentTypes[input.ConsumeIntegralInRange<size_t>(0, std::size(kContentTypes) - 1)]);
    FanoutFuzz::Chunker chunker(input.ConsumeIntegral<quint32>());
    const std::vector<char> rest = input.ConsumeRemainingBytes<char>();
    const QByteArray body(rest.data(), qsizetype(rest.size()));

    TitleExtractor whole(contentType);
    whole.feed(body);
    whole.finish();
    checkShape(whole);

    TitleExtractor chunked(contentType);
    for (qsizetype from = 0; from < body.size();) {
        const qsizetype len = std::min(chunker.next(), body.size() - from);
        if (chunked.feed(body.sliced(from, len))) {
            FUZZ_CHECK(chunked.isDone()); // the caller stops reading here
            break;
        }
        from += len;
    }
    chunked.finish();
    checkShape(chunked);

    // Detection (no BOM, header or <meta>) may see fewer bytes when the title ends early in a chunk, and then
    // guess another legacy charset; with the same charset, the title must not depend on the chunks.
    if (chunked.encoding() == whole.encoding())
        FUZZ_CHECK_EQ(chunked.title(), whole.title());
    return 0;
}
