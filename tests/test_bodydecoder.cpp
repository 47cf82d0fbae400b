#include "net/bodydecoder.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <brotli/encode.h>
#include <zlib.h>
#define ZSTD_STATIC_LINKING_ONLY // ZSTD_getFrameHeader, to check the window a test frame asks for
#include <functional>
#include <memory>
#include <zstd.h>

using namespace Fanout;

namespace {

constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kBombMiB = 1024; // every bomb inflates to 1 GiB of zeros

enum class Pieces
{
    Whole,
    Random // 1..7 bytes at a time
};

// A text that compresses about as well as HTML does: words, markup and some noise, the same every run.
QByteArray sampleText(qsizetype size, quint32 seed = 7)
{
    static const char *const words[] = {"<div class=\"item\">",
                                        "</div>",
                                        "the",
                                        "checker",
                                        "fanout",
                                        "<a href=\"/",
                                        "\">",
                                        "</a>",
                                        "status",
                                        "title",
                                        "\n",
                                        "  ",
                                        "compressed",
                                        "body",
                                        "url"};
    QRandomGenerator random(seed);
    QByteArray text;
    text.reserve(size + 32);
    while (text.size() < size) {
        if (random.bounded(10) == 0)
            text += char('!' + random.bounded(90));
        else
            text += words[random.bounded(int(std::size(words)))];
        text += ' ';
    }
    text.truncate(size);
    return text;
}

// Plain QByteArrays: with QT_USE_QSTRINGBUILDER, `a + b` is a builder, which a test row would not take.
QByteArray concat(std::initializer_list<QByteArray> parts)
{
    QByteArray all;
    for (const QByteArray &part : parts)
        all += part;
    return all;
}

// windowBits as zlib's deflateInit2 takes them: 15 + 16 gzip, 15 zlib, -15 raw deflate.
QByteArray zlibEncode(const QByteArray &data, int windowBits, int level = 6)
{
    z_stream z = z_stream();
    if (deflateInit2(&z, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&z, uLong(data.size()))) + 32, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const int ret = deflate(&z, Z_FINISH);
    out.truncate(qsizetype(z.total_out));
    deflateEnd(&z);
    return ret == Z_STREAM_END ? out : QByteArray();
}

QByteArray gzip(const QByteArray &data)
{
    return zlibEncode(data, 15 + 16);
}
QByteArray zlibWrapped(const QByteArray &data)
{
    return zlibEncode(data, 15);
}
QByteArray rawDeflate(const QByteArray &data)
{
    return zlibEncode(data, -15);
}

QByteArray brotli(const QByteArray &data, int quality = 5)
{
    size_t size = BrotliEncoderMaxCompressedSize(size_t(data.size()));
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, size_t(data.size()),
                               reinterpret_cast<const uint8_t *>(data.constData()), &size,
                               reinterpret_cast<uint8_t *>(out.data())))
        return {};
    out.truncate(qsizetype(size));
    return out;
}

QByteArray zstd(const QByteArray &data, int level = 3)
{
    QByteArray out(qsizetype(ZSTD_compressBound(size_t(data.size()))), Qt::Uninitialized);
    const size_t size = ZSTD_compress(out.data(), size_t(out.size()), data.constData(), size_t(data.size()), level);
    if (ZSTD_isError(size))
        return {};
    out.truncate(qsizetype(size));
    return out;
}

QByteArray zstdChecked(const QByteArray &data)
{
    ZSTD_CCtx *ctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(ctx, ZSTD_c_checksumFlag, 1);
    QByteArray out(qsizetype(ZSTD_compressBound(size_t(data.size()))), Qt::Uninitialized);
    const size_t size = ZSTD_compress2(ctx, out.data(), size_t(out.size()), data.constData(), size_t(data.size()));
    ZSTD_freeCCtx(ctx);
    if (ZSTD_isError(size))
        return {};
    out.truncate(qsizetype(size));
    return out;
}

// Appends the whole body to *out; false as soon as a feed() fails.
bool feedAll(BodyDecoder &decoder, const QByteArray &body, Pieces pieces, QByteArray *out, quint32 seed = 1)
{
    if (pieces == Pieces::Whole)
        return decoder.feed(body, out);
    QRandomGenerator random(seed);
    for (qsizetype pos = 0; pos < body.size();) {
        const qsizetype n = std::min<qsizetype>(1 + random.bounded(7), body.size() - pos);
        if (!decoder.feed(QByteArrayView(body).sliced(pos, n), out))
            return false;
        pos += n;
    }
    return true;
}

// A gzip stream of mib MiB of zeros, about 1 KiB per MiB, made without compressing it all: after a full
// flush deflate refers to nothing before it, so the block for one MiB can be repeated as it is.
QByteArray gzipZeroBomb(qint64 mib)
{
    z_stream z = z_stream();
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    const QByteArray zeros(kMiB, '\0');
    const auto run = [&z](const QByteArray &in, int flush) {
        QByteArray out;
        char buffer[16384];
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
        z.avail_in = uInt(in.size());
        do {
            z.next_out = reinterpret_cast<Bytef *>(buffer);
            z.avail_out = sizeof buffer;
            deflate(&z, flush);
            out.append(buffer, qsizetype(sizeof buffer - z.avail_out));
        } while (z.avail_out == 0);
        return out;
    };
    const QByteArray first = run(zeros, Z_FULL_FLUSH); // with the gzip header
    const QByteArray block = run(zeros, Z_FULL_FLUSH);
    const QByteArray again = run(zeros, Z_FULL_FLUSH);
    QByteArray tail = run({}, Z_FINISH); // the last, empty block, then a trailer for 3 MiB
    deflateEnd(&z);
    if (block != again)
        return {}; // the repeat would not be the same data
    tail.chop(8);
    uLong crc = crc32(0, nullptr, 0);
    const uLong crcOfMiB = crc32(crc, reinterpret_cast<const Bytef *>(zeros.constData()), uInt(zeros.size()));
    for (qint64 i = 0; i < mib; ++i)
        crc = crc32_combine(crc, crcOfMiB, z_off_t(kMiB));
    const quint32 size = quint32(quint64(mib * kMiB) & 0xffffffffu);
    QByteArray bomb = first + block.repeated(mib - 1) + tail;
    for (const quint32 value : {quint32(crc), size})
        for (int shift = 0; shift < 32; shift += 8)
            bomb += char((value >> shift) & 0xff);
    return bomb;
}

QByteArray brotliZeroBomb(qint64 mib)
{
    BrotliEncoderState *state = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
    BrotliEncoderSetParameter(state, BROTLI_PARAM_QUALITY, 1);
    const QByteArray zeros(kMiB, '\0');
    QByteArray out;
    uint8_t buffer[16384];
    for (qint64 i = 0; i < mib; ++i) {
        const BrotliEncoderOperation op = i + 1 == mib ? BROTLI_OPERATION_FINISH : BROTLI_OPERATION_PROCESS;
        size_t availIn = size_t(zeros.size());
        auto nextIn = reinterpret_cast<const uint8_t *>(zeros.constData());
        while (true) {
            size_t availOut = sizeof buffer;
            uint8_t *nextOut = buffer;
            BrotliEncoderCompressStream(state, op, &availIn, &nextIn, &availOut, &nextOut, nullptr);
            out.append(reinterpret_cast<const char *>(buffer), qsizetype(sizeof buffer - availOut));
            if (availIn == 0 && !BrotliEncoderHasMoreOutput(state) &&
                (op != BROTLI_OPERATION_FINISH || BrotliEncoderIsFinished(state)))
                break;
        }
    }
    BrotliEncoderDestroyInstance(state);
    return out;
}

QByteArray zstdZeroBomb(qint64 mib)
{
    ZSTD_CCtx *ctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(ctx, ZSTD_c_compressionLevel, 1);
    const QByteArray zeros(kMiB, '\0');
    QByteArray out;
    char buffer[16384];
    for (qint64 i = 0; i < mib; ++i) {
        const ZSTD_EndDirective mode = i + 1 == mib ? ZSTD_e_end : ZSTD_e_continue;
        ZSTD_inBuffer in{zeros.constData(), size_t(zeros.size()), 0};
        while (true) {
            ZSTD_outBuffer o{buffer, sizeof buffer, 0};
            const size_t left = ZSTD_compressStream2(ctx, &o, &in, mode);
            out.append(buffer, qsizetype(o.pos));
            if (ZSTD_isError(left) || (mode == ZSTD_e_end ? left == 0 : in.pos == in.size))
                break;
        }
    }
    ZSTD_freeCCtx(ctx);
    return out;
}

const QByteArray &zeroBomb(const QByteArray &coding)
{
    static QHash<QByteArray, QByteArray> made;
    auto it = made.find(coding);
    if (it == made.end()) {
        const QByteArray stream = coding == "gzip" ? gzipZeroBomb(kBombMiB)
                                  : coding == "br" ? brotliZeroBomb(kBombMiB)
                                                   : zstdZeroBomb(kBombMiB);
        it = made.insert(coding, stream);
    }
    return *it;
}

// Decodes everything given (and what follows from it) in budgeted steps, keeping none of it: for bodies far
// larger than memory should hold. Returns the bytes decoded, or -1 when a feed fails.
qint64 drain(BodyDecoder &decoder, const QByteArray &body, qint64 stopAfter)
{
    QByteArray sink;
    qint64 total = 0;
    for (qsizetype pos = 0; pos < body.size() && total < stopAfter; pos += 64 * 1024) {
        QByteArrayView piece = QByteArrayView(body).sliced(pos, std::min<qsizetype>(64 * 1024, body.size() - pos));
        do {
            sink.resize(0);
            if (!decoder.feed(piece, &sink, BodyDecoder::kStepBytes))
                return -1;
            piece = {};
            total += sink.size();
        } while (decoder.outputPending() && total < stopAfter);
    }
    return total;
}

// One HTTP/1.1 answer on 127.0.0.1: records the request head and sends `response` as it is.
class OneShotServer final
{
public:
    explicit OneShotServer(QByteArray response)
        : m_response(std::move(response))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                m_request += socket->readAll();
                if (m_request.contains("\r\n\r\n") && !m_answered) {
                    m_answered = true;
                    socket->write(m_response);
                    socket->disconnectFromHost();
                }
            });
        });
        m_server.listen(QHostAddress::LocalHost);
    }
    Q_DISABLE_COPY_MOVE(OneShotServer)

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_server.serverPort())); }
    // The value of one request header, empty when absent.
    QByteArray requestHeader(const QByteArray &name) const
    {
        const QList<QByteArray> lines = m_request.split('\n');
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }

private:
    QTcpServer m_server;
    QByteArray m_response;
    QByteArray m_request;
    bool m_answered = false;
};

QByteArray gzipResponse(const QByteArray &body)
{
    return QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n"
                             "Content-Length: ") +
           QByteArray::number(body.size()) + QByteArrayLiteral("\r\nConnection: close\r\n\r\n") + body;
}

} // namespace

Q_DECLARE_METATYPE(Pieces)

class TestBodyDecoder : public QObject
{
    Q_OBJECT

private slots:
    void acceptEncoding();
    void start_data();
    void start();
    void roundTrip_data();
    void roundTrip();
    void emptyBody_data();
    void emptyBody();
    void truncated_data();
    void truncated();
    void corrupt_data();
    void corrupt();
    void failureIsFinal();
    void trailingData_data();
    void trailingData();
    void bomb_data();
    void bomb();
    void bombHeldBackByBudget();
    void bombInsideALayer();
    void zstdWindow_data();
    void zstdWindow();
    void budget_data();
    void budget();
    void finishChecksWhatTheBudgetHeldBack();
    void qtSendsWhatWeAdvertise();
    void qtLeavesOurEncodingAlone();
};

void TestBodyDecoder::acceptEncoding()
{
    QCOMPARE(BodyDecoder::acceptEncoding(), QByteArrayLiteral("zstd, br, gzip, deflate"));
    // Everything advertised can be started; a name here that start() refused would fail the check of every
    // server that took us at our word.
    const QList<QByteArray> codings = BodyDecoder::acceptEncoding().split(',');
    for (const QByteArray &coding : codings) {
        BodyDecoder decoder;
        QVERIFY2(decoder.start(coding.trimmed()), qPrintable(decoder.error()));
        QVERIFY(!decoder.isPassThrough());
    }
}

void TestBodyDecoder::start_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("passThrough");
    QTest::addColumn<QString>("error");

    QTest::newRow("none") << QByteArray() << true << true << QString();
    QTest::newRow("identity") << QByteArray("identity") << true << true << QString();
    QTest::newRow("identity, spaced and cased") << QByteArray("  Identity ") << true << true << QString();
    QTest::newRow("gzip") << QByteArray("gzip") << true << false << QString();
    QTest::newRow("GZIP, spaced") << QByteArray(" GZIP ") << true << false << QString();
    QTest::newRow("x-gzip") << QByteArray("x-gzip") << true << false << QString();
    QTest::newRow("deflate") << QByteArray("deflate") << true << false << QString();
    QTest::newRow("br") << QByteArray("br") << true << false << QString();
    QTest::newRow("zstd") << QByteArray("Zstd") << true << false << QString();
    QTest::newRow("two layers") << QByteArray("gzip, br") << true << false << QString();
    QTest::newRow("identity in a list") << QByteArray("gzip, identity") << true << false << QString();
    QTest::newRow("empty list elements") << QByteArray(",gzip,,") << true << false << QString();
    QTest::newRow("unknown") << QByteArray("x-foo") << false << true
                             << QStringLiteral("the server used Content-Encoding \"x-foo\", which was not asked for");
    QTest::newRow("unknown, cased and spaced") << QByteArray(" X-Foo ") << false << true
                                               << QStringLiteral("the server used Content-Encoding \"X-Foo\", "
                                                                 "which was not asked for");
    QTest::newRow("compress is not asked for")
        << QByteArray("compress") << false << true
        << QStringLiteral("the server used Content-Encoding \"compress\", which was not asked for");
    QTest::newRow("unknown in a list") << QByteArray("gzip, x-foo") << false << true
                                       << QStringLiteral(
                                              "the server used Content-Encoding \"x-foo\", which was not asked for");
    QTest::newRow("three layers") << QByteArray("gzip, br, zstd") << false << true
                                  << QStringLiteral("the server used Content-Encoding \"gzip, br, zstd\": 3 codings "
                                                    "on one body, more than the 2 Fanout decodes");
}

void TestBodyDecoder::start()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, ok);
    QFETCH(bool, passThrough);
    QFETCH(QString, error);

    BodyDecoder decoder;
    QCOMPARE(decoder.start(header), ok);
    QCOMPARE(decoder.error(), error);
    QCOMPARE(decoder.hasFailed(), !ok);
    QCOMPARE(decoder.isPassThrough(), passThrough);
    QByteArray out;
    QCOMPARE(decoder.feed({}, &out), ok); // a refused coding is not read as if it were none
    QVERIFY(ok || out.isEmpty());

    // start() begins again: a decoder that refused one body takes the next.
    QVERIFY(decoder.start("gzip"));
    QVERIFY(decoder.error().isEmpty());
    QVERIFY(decoder.feed(gzip("x"), &out));
}

void TestBodyDecoder::roundTrip_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<Pieces>("pieces");

    const QByteArray big = sampleText(300 * 1024); // several steps of output
    const QByteArray small = sampleText(40 * 1024, 3);
    struct Coding
    {
        const char *name;
        QByteArray header;
        std::function<QByteArray(const QByteArray &)> encode;
    };
    const QList<Coding> codings = {
        {"identity (no header)",
         {},
         [](const QByteArray &d) {
             return d;
         }},
        {"identity", "identity",
         [](const QByteArray &d) {
             return d;
         }},
        {"gzip", "gzip", gzip},
        {"x-gzip", "x-gzip", gzip},
        {"deflate (zlib)", "deflate", zlibWrapped},
        {"deflate (raw)", "deflate", rawDeflate},
        {"gzip labelled deflate", "deflate", gzip},
        {"zlib labelled gzip", "gzip", zlibWrapped},
        {"br", "br",
         [](const QByteArray &d) {
             return brotli(d);
         }},
        {"zstd", "zstd",
         [](const QByteArray &d) {
             return zstd(d);
         }},
        {"gzip, br", "gzip, br",
         [](const QByteArray &d) {
             return brotli(gzip(d));
         }},
        {"br, gzip", "br, gzip",
         [](const QByteArray &d) {
             return gzip(brotli(d));
         }},
        {"deflate (raw), zstd", "deflate, zstd",
         [](const QByteArray &d) {
             return zstd(rawDeflate(d));
         }},
    };
    for (const Coding &coding : codings) {
        for (const QByteArray &text : {QByteArray(), QByteArray("hello"), small, big}) {
            const QByteArray encoded = coding.encode(text);
            QVERIFY(!encoded.isEmpty() || text.isEmpty());
            for (const Pieces pieces : {Pieces::Whole, Pieces::Random}) {
                if (pieces == Pieces::Random && text.size() > small.size())
                    continue; // 1..7 bytes at a time through 300 KiB adds time, not coverage
                QTest::addRow("%s, %lld bytes, %s", coding.name, qlonglong(text.size()),
                              pieces == Pieces::Whole ? "whole" : "1..7-byte pieces")
                    << coding.header << encoded << text << pieces;
            }
        }
    }
}

void TestBodyDecoder::roundTrip()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    QFETCH(Pieces, pieces);

    BodyDecoder decoder;
    QVERIFY(decoder.start(header));
    QByteArray out;
    QVERIFY2(feedAll(decoder, body, pieces, &out), qPrintable(decoder.error()));
    QVERIFY2(decoder.finish(), qPrintable(decoder.error()));
    QCOMPARE(out.size(), expected.size());
    QVERIFY(out == expected);
    QCOMPARE(decoder.decodedBytes(), expected.size());
    QCOMPARE(decoder.encodedBytes(), body.size());
    QCOMPARE(decoder.ignoredBytes(), 0);
    QVERIFY(!decoder.isBomb());
    QVERIFY(!decoder.outputPending());
}

void TestBodyDecoder::emptyBody_data()
{
    QTest::addColumn<QByteArray>("header");
    for (const char *header : {"gzip", "deflate", "br", "zstd", "gzip, br", "identity"})
        QTest::newRow(header) << QByteArray(header);
}

// A 301 or a 204 labelled gzip has no body at all: nothing was cut.
void TestBodyDecoder::emptyBody()
{
    QFETCH(QByteArray, header);
    BodyDecoder decoder;
    QVERIFY(decoder.start(header));
    QByteArray out;
    QVERIFY(decoder.feed({}, &out));
    QVERIFY2(decoder.finish(), qPrintable(decoder.error()));
    QVERIFY(out.isEmpty());
    QVERIFY(!decoder.feed("x", &out)); // the body is over
}

void TestBodyDecoder::truncated_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("codec");      // the coding the error must name
    QTest::addColumn<qsizetype>("boundary"); // a cut there leaves a complete body; -1: none

    const QByteArray text = sampleText(20 * 1024, 11);
    const QByteArray member = gzip(text);
    const QByteArray frame = zstd(text);
    QTest::newRow("gzip") << QByteArray("gzip") << member << QStringLiteral("gzip") << qsizetype(-1);
    // Including a cut just after the second member's first byte (see ZlibStage::isComplete).
    QTest::newRow("gzip, second member") << QByteArray("gzip") << concat({member, gzip(text.left(999))})
                                         << QStringLiteral("gzip") << member.size();
    QTest::newRow("deflate (zlib)") << QByteArray("deflate") << zlibWrapped(text) << QStringLiteral("deflate")
                                    << qsizetype(-1);
    QTest::newRow("deflate (raw)") << QByteArray("deflate") << rawDeflate(text) << QStringLiteral("deflate")
                                   << qsizetype(-1);
    QTest::newRow("br") << QByteArray("br") << brotli(text) << QStringLiteral("br") << qsizetype(-1);
    QTest::newRow("zstd") << QByteArray("zstd") << frame << QStringLiteral("zstd") << qsizetype(-1);
    QTest::newRow("zstd, second frame") << QByteArray("zstd") << concat({frame, zstd(text.left(999))})
                                        << QStringLiteral("zstd") << frame.size();
    QTest::newRow("gzip, br: the br stream cut")
        << QByteArray("gzip, br") << brotli(member) << QStringLiteral("br") << qsizetype(-1);
}

// Every prefix of a stream is a truncated body: the feeds take it, finish() names the coding and says so.
void TestBodyDecoder::truncated()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, body);
    QFETCH(QString, codec);
    QFETCH(qsizetype, boundary);

    const auto decodeCut = [&header, &body](qsizetype cut, BodyDecoder *decoder) {
        QByteArray out;
        return decoder->start(header) && decoder->feed(body.left(cut), &out);
    };
    {
        BodyDecoder whole; // the control: uncut, the same stream is complete
        QVERIFY(decodeCut(body.size(), &whole));
        QVERIFY2(whole.finish(), qPrintable(whole.error()));
    }
    if (boundary >= 0) {
        BodyDecoder first;
        QVERIFY(decodeCut(boundary, &first));
        QVERIFY2(first.finish(), qPrintable(first.error()));
    }
    // Every cut near the boundaries (headers, trailers, final blocks) and every few bytes elsewhere.
    QList<qsizetype> cuts;
    for (qsizetype cut = 1; cut < body.size(); ++cut) {
        const bool nearEdge = cut <= 32 || body.size() - cut <= 64 || (boundary >= 0 && qAbs(cut - boundary) <= 32);
        if (cut != boundary && (nearEdge || cut % 13 == 0))
            cuts.append(cut);
    }
    for (const qsizetype cut : std::as_const(cuts)) {
        BodyDecoder decoder;
        QVERIFY2(decodeCut(cut, &decoder), qPrintable(QStringLiteral("cut at %1: %2").arg(cut).arg(decoder.error())));
        QVERIFY2(!decoder.finish(), qPrintable(QStringLiteral("cut at %1 of %2 passed").arg(cut).arg(body.size())));
        QCOMPARE(decoder.error(), codec + QStringLiteral(": the body ends before the compressed stream does "
                                                         "(truncated)"));
        QVERIFY(!decoder.isBomb());
    }
}

void TestBodyDecoder::corrupt_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error"); // exact, or a prefix when it ends with "("

    const QByteArray text = sampleText(20 * 1024, 5);
    const auto flipped = [](QByteArray data, qsizetype fromEnd) {
        data[data.size() - fromEnd] = char(data[data.size() - fromEnd] ^ 0x55);
        return data;
    };
    QTest::newRow("gzip: not gzip") << QByteArray("gzip") << QByteArray("<html>hello</html>")
                                    << QStringLiteral("gzip: invalid data (incorrect header check)");
    QTest::newRow("gzip: CRC") << QByteArray("gzip") << flipped(gzip(text), 8)
                               << QStringLiteral("gzip: invalid data (incorrect data check)");
    QTest::newRow("gzip: length") << QByteArray("gzip") << flipped(gzip(text), 1)
                                  << QStringLiteral("gzip: invalid data (incorrect length check)");
    QTest::newRow("gzip: second member's method")
        << QByteArray("gzip") << concat({gzip(text), QByteArray("\x1f\x8b\x07\x00\x00\x00\x00\x00\x00\x03", 10)})
        << QStringLiteral("gzip: invalid data (unknown compression method)");
    // Neither a zlib header nor a deflate block type (11 is reserved).
    QTest::newRow("deflate: neither form") << QByteArray("deflate") << QByteArray("\xff\xff\xff\xff", 4)
                                           << QStringLiteral("deflate: invalid data (invalid block type)");
    QTest::newRow("deflate: zlib checksum") << QByteArray("deflate") << flipped(zlibWrapped(text), 2)
                                            << QStringLiteral("deflate: invalid data (incorrect data check)");
    QTest::newRow("br: not br") << QByteArray("br") << QByteArray("<html>hello</html>")
                                << QStringLiteral("br: invalid data (");
    QTest::newRow("zstd: not zstd") << QByteArray("zstd") << QByteArray("<html>hello</html>")
                                    << QStringLiteral("zstd: invalid data (Unknown frame descriptor)");
    // With its checksum on, zstd finds any flipped byte (without one, some decode to other text unnoticed,
    // as any brotli stream's can: neither format requires a checksum).
    QTest::newRow("zstd: a flipped byte")
        << QByteArray("zstd") << flipped(zstdChecked(text), zstdChecked(text).size() / 2)
        << QStringLiteral("zstd: invalid data (");
    QTest::newRow("gzip, br: the gzip inside") << QByteArray("gzip, br") << brotli("<html>hello</html>")
                                               << QStringLiteral("gzip: invalid data (incorrect header check)");
}

void TestBodyDecoder::corrupt()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);

    for (const Pieces pieces : {Pieces::Whole, Pieces::Random}) {
        BodyDecoder decoder;
        QVERIFY(decoder.start(header));
        QByteArray out;
        QVERIFY(!feedAll(decoder, body, pieces, &out));
        if (error.endsWith(QLatin1Char('(')))
            QVERIFY2(decoder.error().startsWith(error) && decoder.error().endsWith(QLatin1Char(')')),
                     qPrintable(decoder.error()));
        else
            QCOMPARE(decoder.error(), error);
        QVERIFY(decoder.hasFailed());
        QVERIFY(!decoder.isBomb());
        QVERIFY(!decoder.finish());
    }
}

void TestBodyDecoder::failureIsFinal()
{
    BodyDecoder decoder;
    QVERIFY(decoder.start("gzip"));
    QByteArray out;
    QVERIFY(!decoder.feed("not gzip at all", &out));
    const QString error = decoder.error();
    QVERIFY(!decoder.feed(gzip("fine"), &out));
    QVERIFY(out.isEmpty());
    QCOMPARE(decoder.error(), error);
}

void TestBodyDecoder::trailingData_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<qint64>("ignored");

    const QByteArray a = sampleText(5000, 21);
    const QByteArray b = sampleText(7000, 22);
    QTest::newRow("gzip: two members") << QByteArray("gzip") << concat({gzip(a), gzip(b)}) << concat({a, b})
                                       << qint64(0);
    QTest::newRow("gzip: three members, one empty")
        << QByteArray("gzip") << concat({gzip(a), gzip({}), gzip(b)}) << concat({a, b}) << qint64(0);
    QTest::newRow("gzip: zeros after") << QByteArray("gzip") << concat({gzip(a), QByteArray(4, '\0')}) << a
                                       << qint64(4);
    QTest::newRow("gzip: CRLF after") << QByteArray("gzip") << concat({gzip(a), "\r\n"}) << a << qint64(2);
    QTest::newRow("gzip: junk after two members")
        << QByteArray("gzip") << concat({gzip(a), gzip(b), "junk"}) << concat({a, b}) << qint64(4);
    QTest::newRow("gzip: a zlib stream after is junk")
        << QByteArray("gzip") << concat({gzip(a), zlibWrapped(b)}) << a << qint64(zlibWrapped(b).size());
    QTest::newRow("deflate: junk after") << QByteArray("deflate") << concat({zlibWrapped(a), "junk"}) << a << qint64(4);
    QTest::newRow("deflate (raw): junk after")
        << QByteArray("deflate") << concat({rawDeflate(a), "\n"}) << a << qint64(1);
    QTest::newRow("br: junk after") << QByteArray("br") << concat({brotli(a), "xyz"}) << a << qint64(3);
    QTest::newRow("zstd: two frames") << QByteArray("zstd") << concat({zstd(a), zstd(b)}) << concat({a, b})
                                      << qint64(0);
    QTest::newRow("zstd: junk after") << QByteArray("zstd") << concat({zstd(a), "junk!"}) << a << qint64(5);
}

// Further gzip members and zstd frames are decoded; other bytes after a complete stream are counted and
// dropped, as Chromium drops them (see bodydecoder.h).
void TestBodyDecoder::trailingData()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    QFETCH(qint64, ignored);

    for (const Pieces pieces : {Pieces::Whole, Pieces::Random}) {
        BodyDecoder decoder;
        QVERIFY(decoder.start(header));
        QByteArray out;
        QVERIFY2(feedAll(decoder, body, pieces, &out), qPrintable(decoder.error()));
        QVERIFY2(decoder.finish(), qPrintable(decoder.error()));
        QVERIFY(out == expected);
        QCOMPARE(decoder.ignoredBytes(), ignored);
    }
}

void TestBodyDecoder::bomb_data()
{
    QTest::addColumn<QByteArray>("coding");
    for (const char *coding : {"gzip", "br", "zstd"})
        QTest::newRow(coding) << QByteArray(coding);
}

// 1 GiB of zeros in about 1 MiB (gzip) or much less: refused a step past the output limit, within the
// first piece of the body, having held at most that much output.
void TestBodyDecoder::bomb()
{
    QFETCH(QByteArray, coding);
    const QByteArray &stream = zeroBomb(coding);
    QVERIFY(!stream.isEmpty());
    QVERIFY(stream.size() < 2 * kMiB);
    const qint64 limit = kMiB;

    {
        BodyDecoder decoder;
        decoder.setLimits(limit, 100);
        QVERIFY(decoder.start(coding));
        QByteArray out;
        bool ok = true;
        qsizetype pos = 0;
        for (; ok && pos < stream.size(); pos += 64 * 1024)
            ok = decoder.feed(QByteArrayView(stream).sliced(pos, std::min<qsizetype>(64 * 1024, stream.size() - pos)),
                              &out);
        QVERIFY(!ok);
        QVERIFY(decoder.isBomb());
        QVERIFY2(decoder.error().startsWith(QString::fromLatin1(coding) + QLatin1Char(':')) &&
                     decoder.error().endsWith(QStringLiteral("it inflates more than 100x (decompression bomb?)")),
                 qPrintable(decoder.error()));
        QCOMPARE(pos, 64 * 1024); // the first piece was enough
        QVERIFY(decoder.decodedBytes() > limit);
        QVERIFY(decoder.decodedBytes() <= limit + BodyDecoder::kStepBytes);
        QCOMPARE(out.size(), decoder.decodedBytes());
        QVERIFY2(out.capacity() <= 4 * limit, qPrintable(QString::number(out.capacity())));
        QVERIFY(!decoder.finish());
    }
    // Either condition alone is allowed: past the size at a ratio under the limit, and at the ratio under
    // the size. Each decodes well past the point where the refusal above came.
    for (const auto &limits : {std::pair<qint64, double>(limit, 1e9), std::pair<qint64, double>(4096 * kMiB, 100)}) {
        BodyDecoder decoder;
        decoder.setLimits(limits.first, limits.second);
        QVERIFY(decoder.start(coding));
        QVERIFY(drain(decoder, stream, 32 * kMiB) >= 32 * kMiB);
        QVERIFY2(!decoder.hasFailed(), qPrintable(decoder.error()));
    }
    // And the bomb is the real thing: with the check off, it is a valid stream of exactly 1 GiB.
    BodyDecoder decoder;
    decoder.setLimits(-1, 0);
    QVERIFY(decoder.start(coding));
    QCOMPARE(drain(decoder, stream, std::numeric_limits<qint64>::max()), kBombMiB * kMiB);
    QVERIFY2(decoder.finish(), qPrintable(decoder.error()));
}

// A budget that stops output does not stop the bomb check: finish() decodes the rest to discard it.
void TestBodyDecoder::bombHeldBackByBudget()
{
    BodyDecoder decoder;
    decoder.setLimits(kMiB, 100);
    QVERIFY(decoder.start("zstd"));
    QByteArray out;
    QVERIFY(decoder.feed(zeroBomb("zstd"), &out, 100));
    QCOMPARE(out.size(), 100);
    QVERIFY(decoder.outputPending());
    QVERIFY(!decoder.finish());
    QVERIFY(decoder.isBomb());
    QVERIFY(decoder.decodedBytes() <= kMiB + BodyDecoder::kStepBytes);
}

// A middle layer can inflate while the last one gives nothing: here a gzip stream of empty stored blocks
// (each "00 00 00 ff ff", decoding to nothing) inside br. The check counts each layer's output, so the
// decoder does not work through 64 MiB of it per feed.
void TestBodyDecoder::bombInsideALayer()
{
    const QByteArray emptyBlock("\x00\x00\x00\xff\xff", 5);
    const QByteArray inner = concat({QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10),
                                     emptyBlock.repeated(64 * kMiB / emptyBlock.size()), QByteArray("\x03\x00", 2),
                                     QByteArray(8, '\0')}); // a final empty block; CRC and size of nothing
    const QByteArray wire = brotli(inner, 1);
    QVERIFY(wire.size() < 256 * 1024);
    {
        BodyDecoder decoder; // the control: a valid, empty body
        decoder.setLimits(-1, 0);
        QVERIFY(decoder.start("gzip, br"));
        QByteArray out;
        QVERIFY2(decoder.feed(wire, &out), qPrintable(decoder.error()));
        QVERIFY2(decoder.finish(), qPrintable(decoder.error()));
        QVERIFY(out.isEmpty());
    }
    BodyDecoder decoder;
    decoder.setLimits(kMiB, 100);
    QVERIFY(decoder.start("gzip, br"));
    QByteArray out;
    QVERIFY(!decoder.feed(wire, &out));
    QVERIFY(decoder.isBomb());
    QCOMPARE(decoder.decodedBytes(), 0);
    // "br: N bytes decoded from M: ...": the middle layer, stopped within a step of the limit.
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("^br: (\\d+) bytes decoded from \\d+: it inflates more than 100x "
                                          "\\(decompression bomb\\?\\)$"))
            .match(decoder.error());
    QVERIFY2(match.hasMatch(), qPrintable(decoder.error()));
    const qint64 middle = match.captured(1).toLongLong();
    QVERIFY(middle > kMiB && middle <= kMiB + BodyDecoder::kStepBytes);
}

void TestBodyDecoder::zstdWindow_data()
{
    QTest::addColumn<int>("windowLog");
    QTest::addColumn<bool>("ok");
    QTest::newRow("8 MiB") << 23 << true;
    QTest::newRow("16 MiB") << 24 << false;
}

// RFC 9659's limit for the zstd coding: a frame that asks for a larger window is refused, not decoded with
// that much memory.
void TestBodyDecoder::zstdWindow()
{
    QFETCH(int, windowLog);
    QFETCH(bool, ok);

    // Streamed without a size, so zstd keeps the window asked for instead of shrinking it to the input.
    const QByteArray text = sampleText(10000, 17);
    ZSTD_CCtx *ctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(ctx, ZSTD_c_windowLog, windowLog);
    QByteArray frame(64 * 1024, Qt::Uninitialized);
    ZSTD_outBuffer o{frame.data(), size_t(frame.size()), 0};
    ZSTD_inBuffer in{text.constData(), size_t(text.size()), 0};
    ZSTD_compressStream2(ctx, &o, &in, ZSTD_e_continue);
    ZSTD_inBuffer none{nullptr, 0, 0};
    QCOMPARE(ZSTD_compressStream2(ctx, &o, &none, ZSTD_e_end), size_t(0));
    ZSTD_freeCCtx(ctx);
    frame.truncate(qsizetype(o.pos));
    ZSTD_frameHeader header;
    QCOMPARE(ZSTD_getFrameHeader(&header, frame.constData(), size_t(frame.size())), size_t(0));
    QCOMPARE(header.windowSize, 1ull << windowLog);

    BodyDecoder decoder;
    QVERIFY(decoder.start("zstd"));
    QByteArray out;
    QCOMPARE(decoder.feed(frame, &out), ok);
    if (ok) {
        QVERIFY(decoder.finish());
        QVERIFY(out == text);
    } else {
        QCOMPARE(decoder.error(), QStringLiteral("zstd: invalid data (Frame requires too much memory for decoding)"));
    }
}

void TestBodyDecoder::budget_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray text = sampleText(200 * 1024, 9);
    QTest::newRow("identity") << QByteArray() << text << text;
    QTest::newRow("gzip") << QByteArray("gzip") << gzip(text) << text;
    QTest::newRow("deflate (raw)") << QByteArray("deflate") << rawDeflate(text) << text;
    QTest::newRow("br") << QByteArray("br") << brotli(text) << text;
    QTest::newRow("zstd") << QByteArray("zstd") << zstd(text) << text;
    QTest::newRow("gzip, br") << QByteArray("gzip, br") << brotli(gzip(text)) << text;
}

// maxOutput caps each feed exactly; what it held back comes out, in order, from later feeds.
void TestBodyDecoder::budget()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);

    BodyDecoder decoder;
    QVERIFY(decoder.start(header));
    QByteArray out;
    const qsizetype half = body.size() / 2;
    // zstd and brotli may give nothing for half a stream (zstd decodes whole blocks of up to 128 KiB).
    QVERIFY(decoder.feed(QByteArrayView(body).first(half), &out, 1000));
    QVERIFY(out.size() <= 1000);
    QCOMPARE(decoder.outputPending(), out.size() == 1000);
    const qsizetype first = out.size();
    QVERIFY(decoder.feed({}, &out, 0));
    QCOMPARE(out.size(), first);
    // New input while output is held back queues behind it.
    QVERIFY(decoder.feed(QByteArrayView(body).sliced(half), &out, 5000));
    QCOMPARE(out.size(), first + 5000);
    QVERIFY(decoder.outputPending());
    QCOMPARE(decoder.encodedBytes(), body.size());
    int feeds = 0;
    while (decoder.outputPending()) {
        const qsizetype before = out.size();
        QVERIFY(decoder.feed({}, &out, 7777));
        QVERIFY(out.size() - before <= 7777);
        QVERIFY(++feeds < 1000);
    }
    QVERIFY(out == expected);
    QVERIFY2(decoder.finish(), qPrintable(decoder.error()));
    QCOMPARE(decoder.decodedBytes(), expected.size());
}

void TestBodyDecoder::finishChecksWhatTheBudgetHeldBack()
{
    const QByteArray text = sampleText(100 * 1024, 13);
    const QByteArray stream = gzip(text);
    {
        BodyDecoder decoder;
        QVERIFY(decoder.start("gzip"));
        QByteArray out;
        QVERIFY(decoder.feed(stream, &out, 10));
        QVERIFY(decoder.finish());
        QCOMPARE(out.size(), 10);
        QCOMPARE(decoder.decodedBytes(), text.size()); // all of it decoded, 10 bytes kept
    }
    {
        BodyDecoder decoder;
        QVERIFY(decoder.start("gzip"));
        QByteArray out;
        QVERIFY(decoder.feed(stream.left(stream.size() - 3), &out, 10));
        QVERIFY(!decoder.finish());
        QVERIFY2(decoder.error().endsWith(QLatin1String("(truncated)")), qPrintable(decoder.error()));
    }
    {
        BodyDecoder decoder;
        QVERIFY(decoder.start("gzip"));
        QByteArray out;
        QByteArray badCrc = stream;
        badCrc[badCrc.size() - 8] = char(badCrc[badCrc.size() - 8] ^ 1);
        QVERIFY(decoder.feed(badCrc, &out, 10));
        QVERIFY(!decoder.finish());
        QCOMPARE(decoder.error(), QStringLiteral("gzip: invalid data (incorrect data check)"));
    }
}

// The order acceptEncoding() claims is Qt's: with no Accept-Encoding of ours Qt 6.4 sends its own.
void TestBodyDecoder::qtSendsWhatWeAdvertise()
{
    OneShotServer server(gzipResponse(gzip("hi")));
    QNetworkAccessManager manager;
    std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(server.url())));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(server.requestHeader("Accept-Encoding"), BodyDecoder::acceptEncoding());
    QCOMPARE(reply->readAll(), QByteArray("hi")); // Qt decoded it itself
}

// What the engine relies on: once the request names Accept-Encoding, Qt hands over the body as sent, and
// Content-Length still counts those bytes (qnetworkreplyhttpimpl.cpp, autoDecompress).
void TestBodyDecoder::qtLeavesOurEncodingAlone()
{
    const QByteArray body = gzip(sampleText(5000));
    OneShotServer server(gzipResponse(body));
    QNetworkAccessManager manager;
    QNetworkRequest request(server.url());
    request.setRawHeader("Accept-Encoding", BodyDecoder::acceptEncoding());
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(server.requestHeader("Accept-Encoding"), BodyDecoder::acceptEncoding());
    QCOMPARE(reply->rawHeader("Content-Encoding"), QByteArray("gzip"));
    QCOMPARE(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(), body.size());
    QVERIFY(reply->readAll() == body);
}

QTEST_GUILESS_MAIN(TestBodyDecoder)
#include "test_bodydecoder.moc"
