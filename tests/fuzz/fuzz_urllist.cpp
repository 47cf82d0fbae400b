// The URL-list parser takes any bytes from a file, stdin, a paste or a drop: plain lines, CSV/TSV, BOMs, UTF-8,
// UTF-16/32, GB18030 and binary junk. Beyond "no crash, no UB", it checks what the list promises: every usable
// entry is exactly what normalise() makes of its text (the fast path for canonical lines must agree with QUrl),
// no URL is listed twice, a rejected line says which line it was, and bytes already decoded parse the same.

#include "fuzzutil.h"
#include "io/urllist.h"

#include <QSet>
#include <QStringDecoder>

using namespace Fanout;

namespace {

void checkList(const UrlList &list)
{
    if (!list.error.isEmpty()) {
        FUZZ_CHECK(list.entries.isEmpty());
        FUZZ_CHECK(list.duplicates == 0 && list.skipped == 0);
        return;
    }
    QSet<QByteArray> keys;
    int lastLine = 0;
    for (const UrlEntry &e : list.entries) {
        FUZZ_CHECK(e.line >= 1);
        FUZZ_CHECK(e.line >= lastLine); // input order
        lastLine = e.line;
        FUZZ_CHECK(!e.text.isEmpty());
        FUZZ_CHECK_EQ(e.text, e.text.trimmed());
        QString why;
        const QUrl normalised = UrlListParser::normalise(e.text, &why);
        if (e.isValid()) {
            FUZZ_CHECK(e.url.isValid());
            FUZZ_CHECK(e.url.scheme() == u"http" || e.url.scheme() == u"https");
            FUZZ_CHECK(!e.url.host().isEmpty());
            FUZZ_CHECK(!e.url.hasFragment());
            FUZZ_CHECK_EQ(e.url, normalised);
            FUZZ_CHECK_EQ(e.url.toEncoded(), normalised.toEncoded());
            const QByteArray key = e.url.toEncoded();
            FUZZ_CHECK(!keys.contains(key)); // duplicates are checked once
            keys.insert(key);
        } else {
            FUZZ_CHECK(!e.url.isValid());
            FUZZ_CHECK(!normalised.isValid());
            const QString prefix = QStringLiteral(": line ") + QString::number(e.line) + QLatin1Char(':');
            FUZZ_CHECK(e.error.startsWith(u"invalid") || e.error.startsWith(u"scheme"));
            FUZZ_CHECK(e.error.contains(prefix));
        }
    }
}

bool sameEntries(const UrlList &a, const UrlList &b)
{
    if (a.entries.size() != b.entries.size() || a.duplicates != b.duplicates || a.skipped != b.skipped)
        return false;
    for (qsizetype i = 0; i < a.entries.size(); ++i) {
        const UrlEntry &x = a.entries.at(i);
        const UrlEntry &y = b.entries.at(i);
        if (x.line != y.line || x.text != y.text || x.url != y.url || x.error != y.error)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FanoutFuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const UrlList list = UrlListParser::parse(bytes);
    checkList(list);

    // A paste of the same text must read as the file did (the file path decodes block by block).
    if (list.error.isEmpty() && list.encoding == u"UTF-8") {
        const UrlList pasted = UrlListParser::parseText(QString::fromUtf8(bytes));
        checkList(pasted);
        FUZZ_CHECK(sameEntries(list, pasted));
    } else if (list.error.isEmpty()) {
        checkList(UrlListParser::parseText(QString::fromUtf8(bytes)));
    }
    return 0;
}
