#include "net/bodydecoder.h"

#include <QByteArrayList>

#include <algorithm>
#include <brotli/decode.h>
#include <cstring>
#include <limits>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

namespace Fanout {

namespace {

constexpr int kMaxLayers = 2;
// zlib counts in uInt: a larger piece is handed over in parts.
constexpr qsizetype kMaxZlibPiece = 1 << 30;
// Raw deflate is tried when zlib rejects a stream within this many bytes and before any output; Chromium
// sniffs the same way. zlib finds a bad header within the first few bytes, so this is ample.
constexpr qsizetype kSniffBytes = 1024;
// RFC 9659: a zstd Content-Encoding uses a window of at most 8 MiB.
constexpr int kZstdWindowLogMax = 23;

struct StepResult
{
    qsizetype consumed = 0;
    qsizetype written = 0;
    bool progressed = false; // changed state without moving bytes (a stream ended, a fallback began)
    bool failed = false;
};

} // namespace

class BodyDecoder::Stage
{
public:
    explicit Stage(QByteArray name)
        : m_name(std::move(name))
    {}
    virtual ~Stage() = default;
    Q_DISABLE_COPY_MOVE(Stage)

    // Decodes from the front of in into out[0, room); the caller drops the consumed bytes.
    virtual StepResult step(QByteArrayView in, char *out, qsizetype room) = 0;
    // Every stream begun has reached its end.
    virtual bool isComplete() const = 0;
    virtual qint64 ignoredBytes() const { return m_ignored; }

    const QByteArray &name() const { return m_name; }
    const QString &error() const { return m_error; }
    bool sawInput() const { return m_sawInput; }

protected:
    StepResult failWith(const char *what, bool invalidData = true)
    {
        const QString detail = QString::fromUtf8(what);
        if (invalidData)
            m_error = QString::fromLatin1(m_name) + QStringLiteral(": invalid data (") + detail + QLatin1Char(')');
        else
            m_error = QString::fromLatin1(m_name) + QStringLiteral(": ") + detail;
        StepResult r;
        r.failed = true;
        return r;
    }
    // Swallows and counts what follows a complete stream.
    StepResult ignoreRest(QByteArrayView in)
    {
        m_ignored += in.size();
        StepResult r;
        r.consumed = in.size();
        return r;
    }

    QByteArray m_name;
    QString m_error;
    qint64 m_ignored = 0;
    bool m_sawInput = false;
};

namespace {

class IdentityStage final : public BodyDecoder::Stage
{
public:
    IdentityStage()
        : Stage(QByteArrayLiteral("identity"))
    {}

    StepResult step(QByteArrayView in, char *out, qsizetype room) override
    {
        StepResult r;
        r.consumed = r.written = std::min(in.size(), room);
        if (r.written > 0)
            std::memcpy(out, in.data(), size_t(r.written));
        return r;
    }
    bool isComplete() const override { return true; }
};

// gzip and deflate. Both let zlib detect the wrapper (windowBits + 32), so a server that labels one as the
// other still works, as with curl and Qt.
class ZlibStage final : public BodyDecoder::Stage
{
public:
    explicit ZlibStage(bool gzip)
        : Stage(gzip ? QByteArrayLiteral("gzip") : QByteArrayLiteral("deflate"))
        , m_gzip(gzip)
        , m_sniffing(!gzip)
    {
        m_initOk = inflateInit2(&m_z, MAX_WBITS + 32) == Z_OK;
    }
    ~ZlibStage() override
    {
        if (m_initOk)
            inflateEnd(&m_z);
    }

    StepResult step(QByteArrayView in, char *out, qsizetype room) override
    {
        if (!m_initOk)
            return failWith("zlib could not be initialised", false);
        StepResult r;
        if (m_state == State::Junk)
            return ignoreRest(in);
        if (m_state == State::Ended) {
            // Only a gzip member may follow; its magic bytes may arrive one at a time.
            while (m_peek.size() < 2 && r.consumed < in.size())
                m_peek += in[r.consumed++];
            if (m_peek.isEmpty())
                return r;
            if (!m_gzip || m_peek[0] != '\x1f' || (m_peek.size() == 2 && m_peek[1] != '\x8b')) {
                m_state = State::Junk;
                m_ignored += m_peek.size();
                m_peek.clear();
                r.progressed = true;
                return r;
            }
            if (m_peek.size() < 2)
                return r;
            inflateReset(&m_z);
            m_state = State::Inflating;
            // Two header bytes give zlib nothing to output yet, so any room will do.
            Bytef scratch[1];
            m_z.next_in = reinterpret_cast<Bytef *>(m_peek.data());
            m_z.avail_in = 2;
            m_z.next_out = scratch;
            m_z.avail_out = sizeof scratch;
            const int ret = inflate(&m_z, Z_NO_FLUSH);
            m_peek.clear();
            if (ret != Z_OK)
                return zlibFailure(ret);
            r.progressed = true;
            return r;
        }

        const bool fromReplay = !m_sniffing && m_replayPos < m_replay.size();
        QByteArrayView src = fromReplay ? QByteArrayView(m_replay).sliced(m_replayPos) : in;
        if (m_sniffing && !fromReplay)
            src = src.first(std::min(src.size(), kSniffBytes - m_replay.size()));
        src = src.first(std::min(src.size(), kMaxZlibPiece));
        room = std::min(room, kMaxZlibPiece);
        m_z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(src.data()));
        m_z.avail_in = uInt(src.size());
        m_z.next_out = reinterpret_cast<Bytef *>(out);
        m_z.avail_out = uInt(room);
        const int ret = inflate(&m_z, Z_NO_FLUSH);
        const qsizetype used = src.size() - qsizetype(m_z.avail_in);
        r.written = room - qsizetype(m_z.avail_out);
        if (fromReplay) {
            m_replayPos += used;
            r.progressed = used > 0; // the caller sees no input move, but there was some
        } else {
            r.consumed = used;
            if (used > 0)
                m_sawInput = true;
            if (m_sniffing)
                m_replay.append(src.first(used));
        }

        if ((ret == Z_DATA_ERROR || ret == Z_NEED_DICT) && m_sniffing && m_z.total_out == 0) {
            // Not a zlib stream: start over as raw deflate, with what zlib has already taken in.
            inflateEnd(&m_z);
            m_z = z_stream();
            m_initOk = inflateInit2(&m_z, -MAX_WBITS) == Z_OK;
            if (!m_initOk)
                return failWith("zlib could not be initialised", false);
            m_sniffing = false;
            m_replayPos = 0;
            r.progressed = true;
            return r;
        }
        if (ret == Z_STREAM_END) {
            m_state = State::Ended;
            r.progressed = true;
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) { // Z_BUF_ERROR: no progress possible, not an error
            return zlibFailure(ret);
        }
        if (m_sniffing && (m_z.total_out > 0 || m_replay.size() >= kSniffBytes || m_state != State::Inflating)) {
            m_sniffing = false;
            m_replay = QByteArray();
        }
        if (!m_sniffing && m_replayPos == m_replay.size() && !m_replay.isEmpty()) {
            m_replay = QByteArray();
            m_replayPos = 0;
        }
        return r;
    }

    // A lone 0x1f at the end is taken for a member cut after its first byte, not for junk.
    bool isComplete() const override { return m_state == State::Junk || (m_state == State::Ended && m_peek.isEmpty()); }

private:
    enum class State
    {
        Inflating,
        Ended, // a stream is complete; for gzip another member may follow
        Junk   // ignoring the rest
    };

    StepResult zlibFailure(int ret)
    {
        if (ret == Z_NEED_DICT)
            return failWith("needs a preset dictionary");
        if (ret == Z_MEM_ERROR)
            return failWith("out of memory", false);
        return failWith(m_z.msg ? m_z.msg : zError(ret));
    }

    z_stream m_z = z_stream();
    QByteArray m_replay; // deflate: what zlib took in while the wrapper was unsure, to replay as raw
    qsizetype m_replayPos = 0;
    QByteArray m_peek; // bytes after a gzip member, until they prove to start another
    State m_state = State::Inflating;
    bool m_gzip;
    bool m_sniffing;
    bool m_initOk = false;
};

class BrotliStage final : public BodyDecoder::Stage
{
public:
    BrotliStage()
        : Stage(QByteArrayLiteral("br"))
        , m_state(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr))
    {}
    ~BrotliStage() override
    {
        if (m_state)
            BrotliDecoderDestroyInstance(m_state);
    }

    StepResult step(QByteArrayView in, char *out, qsizetype room) override
    {
        if (!m_state)
            return failWith("brotli could not be initialised", false);
        if (m_done)
            return ignoreRest(in);
        size_t availIn = size_t(in.size());
        auto nextIn = reinterpret_cast<const uint8_t *>(in.data());
        size_t availOut = size_t(room);
        auto nextOut = reinterpret_cast<uint8_t *>(out);
        const BrotliDecoderResult result =
            BrotliDecoderDecompressStream(m_state, &availIn, &nextIn, &availOut, &nextOut, nullptr);
        if (result == BROTLI_DECODER_RESULT_ERROR)
            return failWith(BrotliDecoderErrorString(BrotliDecoderGetErrorCode(m_state)));
        StepResult r;
        r.consumed = in.size() - qsizetype(availIn);
        r.written = room - qsizetype(availOut);
        if (r.consumed > 0)
            m_sawInput = true;
        if (result == BROTLI_DECODER_RESULT_SUCCESS) {
            m_done = true;
            r.progressed = true;
        }
        return r;
    }

    bool isComplete() const override { return m_done; }

private:
    BrotliDecoderState *m_state;
    bool m_done = false;
};

class ZstdStage final : public BodyDecoder::Stage
{
public:
    ZstdStage()
        : Stage(QByteArrayLiteral("zstd"))
        , m_ctx(ZSTD_createDCtx())
    {
        if (m_ctx && ZSTD_isError(ZSTD_DCtx_setParameter(m_ctx, ZSTD_d_windowLogMax, kZstdWindowLogMax))) {
            ZSTD_freeDCtx(m_ctx);
            m_ctx = nullptr;
        }
    }
    ~ZstdStage() override { ZSTD_freeDCtx(m_ctx); }

    StepResult step(QByteArrayView in, char *out, qsizetype room) override
    {
        if (!m_ctx)
            return failWith("zstd could not be initialised", false);
        if (m_junk)
            return ignoreRest(in);
        ZSTD_inBuffer inBuffer{in.data(), size_t(in.size()), 0};
        ZSTD_outBuffer outBuffer{out, size_t(room), 0};
        const size_t ret = ZSTD_decompressStream(m_ctx, &outBuffer, &inBuffer);
        if (ZSTD_isError(ret)) {
            // Bytes after a complete frame that do not start one (zstd checks the magic number first) are
            // trailing junk, including those zstd had taken in while it waited for 4 of them.
            if (m_framesDone > 0 && ZSTD_getErrorCode(ret) == ZSTD_error_prefix_unknown) {
                m_junk = true;
                m_ignored += m_frameBytes;
                m_frameBytes = 0;
                StepResult r = ignoreRest(in);
                r.progressed = true;
                return r;
            }
            return failWith(ZSTD_getErrorName(ret));
        }
        StepResult r;
        r.consumed = qsizetype(inBuffer.pos);
        r.written = qsizetype(outBuffer.pos);
        m_frameBytes += r.consumed;
        if (r.consumed > 0)
            m_sawInput = true;
        // 0: a frame is decoded and flushed. Called again with nothing, zstd hints at the next frame's size
        // instead, which says nothing about the frame that ended.
        if (ret == 0 && m_frameBytes > 0) {
            ++m_framesDone;
            m_frameBytes = 0;
            r.progressed = true;
        }
        return r;
    }

    bool isComplete() const override { return m_junk || (m_framesDone > 0 && m_frameBytes == 0); }

private:
    ZSTD_DCtx *m_ctx;
    qint64 m_frameBytes = 0; // taken in since the last frame ended
    qint64 m_framesDone = 0;
    bool m_junk = false;
};

std::unique_ptr<BodyDecoder::Stage> makeStage(const QByteArray &coding)
{
    if (coding == "gzip" || coding == "x-gzip")
        return std::make_unique<ZlibStage>(true);
    if (coding == "deflate")
        return std::make_unique<ZlibStage>(false);
    if (coding == "br")
        return std::make_unique<BrotliStage>();
    if (coding == "zstd")
        return std::make_unique<ZstdStage>();
    return nullptr;
}

} // namespace

BodyDecoder::BodyDecoder()
{
    start({});
}

BodyDecoder::~BodyDecoder() = default;

QByteArray BodyDecoder::acceptEncoding()
{
    // QDecompressHelper's contentEncodingMapping order (qdecompresshelper.cpp), which Debian's Qt 6.4.2,
    // built with brotli and zstd, sends when left to itself.
    return QByteArrayLiteral("zstd, br, gzip, deflate");
}

bool BodyDecoder::start(const QByteArray &contentEncodingHeader)
{
    m_stages.clear();
    m_links.clear();
    m_produced.clear();
    m_pendingInput.clear();
    m_wire = {};
    m_codings.clear();
    m_error.clear();
    m_encodedBytes = m_consumed = 0;
    m_bomb = m_outputPending = m_finished = false;

    // Listed in the order applied; decoded in reverse. Empty list elements are allowed (RFC 9110 5.6.1).
    QByteArrayList codings;
    const QByteArrayList parts = contentEncodingHeader.split(',');
    for (const QByteArray &part : parts) {
        const QByteArray coding = part.trimmed();
        const QByteArray lower = coding.toLower();
        if (lower.isEmpty() || lower == "identity")
            continue;
        if (!makeStage(lower)) {
            m_stages.push_back(std::make_unique<IdentityStage>()); // keeps decodedBytes() and friends defined
            m_produced.assign(1, 0);
            return fail(QStringLiteral("the server used Content-Encoding \"") + QString::fromLatin1(coding.left(60)) +
                        QStringLiteral("\", which was not asked for"));
        }
        codings.append(lower == "x-gzip" ? QByteArrayLiteral("gzip") : lower);
    }
    if (codings.size() > kMaxLayers) {
        m_stages.push_back(std::make_unique<IdentityStage>());
        m_produced.assign(1, 0);
        return fail(QStringLiteral("the server used Content-Encoding \"") +
                    QString::fromLatin1(contentEncodingHeader.trimmed().left(80)) +
                    QStringLiteral("\": %1 codings on one body, more than the %2 Fanout decodes")
                        .arg(codings.size())
                        .arg(kMaxLayers));
    }
    m_codings = codings.join(", ");
    for (auto it = codings.crbegin(); it != codings.crend(); ++it)
        m_stages.push_back(makeStage(*it));
    if (m_stages.empty())
        m_stages.push_back(std::make_unique<IdentityStage>());
    m_links.resize(m_stages.size() - 1);
    m_produced.assign(m_stages.size(), 0);
    return true;
}

void BodyDecoder::setLimits(qint64 maxOutputBytes, double maxRatio)
{
    m_maxOutputBytes = maxOutputBytes;
    m_maxRatio = maxRatio;
}

bool BodyDecoder::isPassThrough() const
{
    return m_codings.isEmpty();
}

qint64 BodyDecoder::decodedBytes() const
{
    return m_produced.back();
}

qint64 BodyDecoder::ignoredBytes() const
{
    qint64 total = 0;
    for (const auto &stage : m_stages)
        total += stage->ignoredBytes();
    return total;
}

bool BodyDecoder::feed(QByteArrayView in, QByteArray *out, qint64 maxOutput)
{
    if (hasFailed())
        return false;
    if (m_finished)
        return fail(QStringLiteral("body decoder: feed() after finish()"));
    m_encodedBytes += in.size();
    if (m_pendingInput.isEmpty()) {
        m_wire = in;
        const bool ok = decode(out, maxOutput);
        m_pendingInput = ok ? m_wire.toByteArray() : QByteArray();
    } else {
        m_pendingInput.append(in);
        m_wire = m_pendingInput;
        const bool ok = decode(out, maxOutput);
        m_pendingInput = ok ? m_pendingInput.right(m_wire.size()) : QByteArray();
    }
    m_wire = {};
    return !hasFailed();
}

bool BodyDecoder::finish()
{
    if (hasFailed())
        return false;
    m_finished = true;
    // What a budget held back is decoded to check it, and dropped: the caller wanted no more of it.
    // A decode that stops short of its budget has used all its input (see decode()), which ends the loop.
    QByteArray sink;
    while (m_outputPending) {
        sink.resize(0);
        m_wire = m_pendingInput;
        const bool ok = decode(&sink, kStepBytes);
        m_pendingInput = ok ? m_pendingInput.right(m_wire.size()) : QByteArray();
        m_wire = {};
        if (!ok)
            return false;
    }
    for (const auto &stage : m_stages) {
        // An empty body (or layer) is whole: there is no stream to have cut.
        if (stage->sawInput() && !stage->isComplete())
            return fail(QString::fromLatin1(stage->name()) +
                        QStringLiteral(": the body ends before the compressed stream does (truncated)"));
    }
    return true;
}

bool BodyDecoder::decode(QByteArray *out, qint64 maxOutput)
{
    m_outputPending = false;
    qint64 left = maxOutput < 0 ? std::numeric_limits<qint64>::max() : maxOutput;
    while (true) {
        if (left == 0) {
            // Whether the stream holds more output is known only by asking for it; assume it may.
            m_outputPending = true;
            return true;
        }
        const qsizetype room = qsizetype(std::min<qint64>(kStepBytes, left));
        const qsizetype before = out->size();
        out->resize(before + room);
        const qsizetype n = pull(m_stages.size() - 1, out->data() + before, room);
        out->resize(before + std::max<qsizetype>(n, 0));
        if (n < 0)
            return false;
        m_produced.back() += n;
        left -= n;
        if (exceedsLimits())
            return fail(QString::fromLatin1(m_codings) + QStringLiteral(": %1 bytes decoded from %2: it inflates "
                                                                        "more than %3x (decompression bomb?)")
                                                             .arg(decodedBytes())
                                                             .arg(m_consumed)
                                                             .arg(m_maxRatio),
                        true);
        if (n < room) {
            // Every stage is waiting for input: a stage given input and room always takes some of it.
            Q_ASSERT(m_wire.isEmpty());
            return true;
        }
    }
}

qsizetype BodyDecoder::pull(size_t index, char *dst, qsizetype room)
{
    Stage &stage = *m_stages[index];
    qsizetype produced = 0;
    while (produced < room) {
        QByteArrayView src = m_wire;
        if (index > 0) {
            Link &link = m_links[index - 1];
            if (link.pos == link.buffer.size()) {
                link.buffer.resize(kStepBytes); // keeps its allocation from one refill to the next
                const qsizetype n = pull(index - 1, link.buffer.data(), kStepBytes);
                link.buffer.resize(std::max<qsizetype>(n, 0));
                link.pos = 0;
                if (n < 0)
                    return -1;
                m_produced[index - 1] += n;
                if (exceedsLimits()) {
                    fail(QString::fromLatin1(m_stages[index - 1]->name()) +
                             QStringLiteral(": %1 bytes decoded from %2: it inflates more than %3x "
                                            "(decompression bomb?)")
                                 .arg(m_produced[index - 1])
                                 .arg(m_consumed)
                                 .arg(m_maxRatio),
                         true);
                    return -1;
                }
            }
            src = QByteArrayView(link.buffer).sliced(link.pos);
        }
        const StepResult r = stage.step(src, dst + produced, room - produced);
        if (r.failed) {
            fail(stage.error());
            return -1;
        }
        if (index > 0) {
            m_links[index - 1].pos += r.consumed;
        } else {
            m_wire = m_wire.sliced(r.consumed);
            m_consumed += r.consumed;
        }
        produced += r.written;
        if (r.consumed == 0 && r.written == 0 && !r.progressed)
            break; // starved: nothing more until more input arrives
    }
    return produced;
}

bool BodyDecoder::exceedsLimits() const
{
    if (m_maxOutputBytes < 0)
        return false;
    const qint64 most = *std::max_element(m_produced.cbegin(), m_produced.cend());
    return most > m_maxOutputBytes && double(most) > m_maxRatio * double(std::max<qint64>(m_consumed, 1));
}

bool BodyDecoder::fail(const QString &error, bool bomb)
{
    m_error = error;
    m_bomb = bomb;
    m_pendingInput.clear();
    m_outputPending = false;
    return false;
}

} // namespace Fanout
