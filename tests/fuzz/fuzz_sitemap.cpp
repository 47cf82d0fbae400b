// Sitemaps are XML from strangers, arriving in whatever pieces the network delivers (and maybe gzip'ed). The
// last 4 bytes of the input seed the chunk boundaries; the rest is the document. Parsed whole and in chunks, it
// must give the same <loc>s and the same verdict: where the pieces fall is up to the network. (Damaged gzip: the
// same verdict, and <loc>s that agree as far as both got.)

#include "fuzzutil.h"
#include "io/sitemap.h"

#include <cstring>

using namespace Fanout;

namespace {

struct Outcome
{
    QStringList locs;
    bool ok = false;
};

Outcome parse(QByteArrayView bytes, FanoutFuzz::Chunker *chunker)
{
    // Small caps, so the limits themselves are reached and checked too.
    SitemapParser parser(64 * 1024, 200);
    Outcome out;
    bool ok = true;
    for (qsizetype at = 0; at < bytes.size() && ok;) {
        const qsizetype n = chunker ? std::min(chunker->next(), bytes.size() - at) : bytes.size();
        ok = parser.feed(bytes.sliced(at, n));
        at += n;
    }
    out.ok = ok && parser.finish();
    for (const SitemapParser::Loc &loc : parser.takeLocs()) {
        FUZZ_CHECK(loc.line >= 1);
        out.locs.append(loc.text);
    }
    FUZZ_CHECK(out.ok == parser.error().isEmpty());
    FUZZ_CHECK(out.locs.size() <= 200);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const bool silenced = (FanoutFuzz::silenceQtMessages(), true);
    Q_UNUSED(silenced);
    if (size < 4)
        return 0;
    quint32 seed = 0;
    std::memcpy(&seed, data + size - 4, 4);
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size - 4));
    const Outcome whole = parse(bytes, nullptr);
    FanoutFuzz::Chunker chunker(seed);
    const Outcome pieces = parse(bytes, &chunker);
    FUZZ_CHECK_EQ(whole.ok, pieces.ok);
    if (!whole.ok && bytes.startsWith("\x1f\x8b")) {
        // Damaged gzip: BodyDecoder drops the output of the step that met the damage, so how much came out
        // before it depends on the pieces; what came out must still agree.
        const QStringList &shorter = whole.locs.size() <= pieces.locs.size() ? whole.locs : pieces.locs;
        const QStringList &longer = whole.locs.size() <= pieces.locs.size() ? pieces.locs : whole.locs;
        FUZZ_CHECK_EQ(shorter, longer.mid(0, shorter.size()));
        return 0;
    }
    FUZZ_CHECK_EQ(whole.locs, pieces.locs);
    return 0;
}
