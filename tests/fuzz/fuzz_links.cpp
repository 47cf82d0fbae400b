// Link extraction reads documents strangers wrote. The first byte picks HTML or Markdown; the rest is the text.
// Nothing may crash or hang, and every link keeps the shape the extractors promise: a line inside the document,
// an HTML value without surrounding spaces.

#include "fuzzutil.h"
#include "io/linkextractor.h"

using namespace Fanout;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const int lines = int(text.count(u'\n')) + 1;
    if (data[0] & 1) {
        for (const RawLink &link : extractMarkdownLinks(text))
            FUZZ_CHECK(link.line >= 1 && link.line <= lines);
    } else {
        QString base;
        for (const RawLink &link : extractHtmlLinks(text, &base)) {
            FUZZ_CHECK(link.line >= 1 && link.line <= lines);
            FUZZ_CHECK(!link.href.startsWith(u' ') && !link.href.endsWith(u' ')); // HTML strips ASCII spaces
        }
    }
    return 0;
}
