// HttpProbe against the built-in origin (http and https) and against a scripted server that sends exact bytes.

#include "net/httpprobe.h"
#include "origin/originserver.h"
#include "testtls.h"

#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

using namespace Fanout;

using Kind = HttpProbe::Verdict::Kind;
using Headers = QList<QPair<QByteArray, QByteArray>>;

namespace {

constexpr int kGenerousMs = 60000; // how long a test waits for a verdict it expects sooner

// One probe run to its verdict; nullopt when finished() never came.
std::optional<HttpProbe::Verdict> runProbe(const QUrl &url, const QSslConfiguration *tls, int timeoutMs,
                                           qint64 *bytesRead = nullptr, const Headers &headers = {})
{
    HttpProbe probe;
    QSignalSpy spy(&probe, &HttpProbe::finished);
    probe.start(url, headers, tls, timeoutMs);
    if (spy.count() != 0) // must never come from inside start()
        return std::nullopt;
    if (!spy.wait(timeoutMs > 0 ? timeoutMs + kGenerousMs : kGenerousMs) || spy.count() != 1)
        return std::nullopt;
    QTest::qWait(0); // a second finished() would be queued too
    if (spy.count() != 1)
        return std::nullopt;
    if (bytesRead)
        *bytesRead = probe.bytesRead();
    return spy.at(0).at(0).value<HttpProbe::Verdict>();
}

QString describe(const HttpProbe::Verdict &v)
{
    return QString::fromLatin1(QMetaEnum::fromType<Kind>().valueToKey(int(v.kind))) + QLatin1Char(' ') +
           QString::number(v.status) + QStringLiteral(": ") + v.detail;
}

// Answers every connection with a fixed byte script once the request head is in, then (optionally) closes.
class ScriptedServer final : public QObject
{
public:
    ScriptedServer()
    {
        connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QIODevice::readyRead, this, [this, socket] { onReadyRead(socket); });
                connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
                if (m_atOnce)
                    answer(socket);
            }
        });
    }
    Q_DISABLE_COPY_MOVE(ScriptedServer)

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url(const QString &pathAndQuery = QStringLiteral("/")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()) + pathAndQuery);
    }
    // atOnce: on connection, before any request (as a plain server answers a TLS ClientHello it cannot parse).
    void setScript(const QByteArray &script, bool closeAfter, bool atOnce = false)
    {
        m_script = script;
        m_close = closeAfter;
        m_atOnce = atOnce;
    }
    QByteArray request() const { return m_request; }

private:
    void onReadyRead(QTcpSocket *socket)
    {
        m_request += socket->readAll();
        if (!m_request.contains("\r\n\r\n"))
            return;
        answer(socket);
    }

    void answer(QTcpSocket *socket)
    {
        if (m_answered)
            return;
        m_answered = true;
        socket->write(m_script);
        if (m_close)
            socket->disconnectFromHost(); // FIN once the script is out: our request was read, so no RST
    }

    QTcpServer m_server;
    QByteArray m_script;
    QByteArray m_request;
    bool m_close = true;
    bool m_atOnce = false;
    bool m_answered = false;
};

} // namespace

class TestHttpProbe final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void origin_data();
    void origin();
    void tlsOrigin_data();
    void tlsOrigin();
    void tlsVerificationFailsOnSelfSigned();
    void httpsToPlainHttpPort();
    void refusedPort();
    void unsupportedUrl();

    void scripted_data();
    void scripted();
    void requestIsWellFormed();

    void hangTimesOutAtTheTimeout();
    void readingIsBounded_data();
    void readingIsBounded();
    void deletableWhileRunning();
    void deletableFromFinished();

private:
    void addScripted(const char *name, const QByteArray &script, Kind kind, int status, const QString &detail,
                     bool closeAfter = true, int timeoutMs = kGenerousMs);

    std::unique_ptr<OriginServer> m_http;
    std::unique_ptr<OriginServer> m_https;
    QSslConfiguration m_insecure;
};

void TestHttpProbe::initTestCase()
{
    qRegisterMetaType<HttpProbe::Verdict>();
    m_http = std::make_unique<OriginServer>();
    QVERIFY2(m_http->listen(), qPrintable(m_http->errorString()));

    const QSslConfiguration server = FanoutTest::localhostTls();
    QVERIFY(!server.localCertificate().isNull());
    m_https = std::make_unique<OriginServer>();
    m_https->setTlsConfiguration(server);
    QVERIFY2(m_https->listen(), qPrintable(m_https->errorString()));

    m_insecure = QSslConfiguration::defaultConfiguration();
    m_insecure.setPeerVerifyMode(QSslSocket::VerifyNone);
}

// ----- the origin's routes

void TestHttpProbe::origin_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("detail");

    const auto row = [](const char *name, const char *path, Kind kind, int status, const char *detail,
                        int timeoutMs = kGenerousMs) {
        QTest::newRow(name) << QString::fromLatin1(path) << timeoutMs << kind << status << QString::fromUtf8(detail);
    };
    row("page", "/page/1", Kind::Answered, 200, "(Content-Length), complete");
    row("status 404", "/status/404", Kind::Answered, 404, "empty body");
    row("status 204", "/status/204", Kind::Answered, 204, "no body");
    row("redirect", "/redirect/1", Kind::Answered, 302, "status 302");
    row("early hints skipped", "/early/404", Kind::Answered, 404, "1 interim response, the last 103");
    row("continue skipped", "/continue/200", Kind::Answered, 200, "the last 100");
    row("big stops at the budget", "/big/51200", Kind::Answered, 200, "not read further");
    row("gzip body is only framing", "/badgzip", Kind::Answered, 200, "complete");
    row("garbage", "/garbage", Kind::NotHttp, 0, "not HTTP: it starts with \"HELLO THIS IS NOT HTTP\"");
    row("bad chunk", "/badchunk", Kind::BadChunk, 200, "invalid chunk size \"zz\" after 1 chunk");
    row("truncated", "/truncated", Kind::Truncated, 200, "the body ends after 100 of 10000 bytes");
    row("endless headers", "/endless-headers", Kind::HeadersTooLarge, 200, "header block longer than 256 KiB");
    row("reset", "/reset", Kind::NoBytes, 0, "closed the connection without sending a byte");
    row("interim only", "/status/103", Kind::Truncated, 0, "after an interim 103 response");
    row("hang", "/hang", Kind::TimedOut, 0, "no answer within 0.5 s", 500);
    row("drip", "/drip", Kind::TimedOut, 200, "body was still arriving", 1500);
}

void TestHttpProbe::origin()
{
    QFETCH(QString, path);
    QFETCH(int, timeoutMs);
    QFETCH(Kind, kind);
    QFETCH(int, status);
    QFETCH(QString, detail);
    const auto v = runProbe(QUrl(m_http->baseUrl().toString() + path), nullptr, timeoutMs);
    QVERIFY(v);
    QVERIFY2(v->kind == kind && v->status == status && v->detail.contains(detail), qPrintable(describe(*v)));
}

void TestHttpProbe::tlsOrigin_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("detail");

    QTest::newRow("page") << QStringLiteral("/page/1") << Kind::Answered << 200 << QStringLiteral("complete");
    QTest::newRow("early hints") << QStringLiteral("/early/404") << Kind::Answered << 404 << QStringLiteral("interim");
    QTest::newRow("garbage") << QStringLiteral("/garbage") << Kind::NotHttp << 0 << QStringLiteral("HELLO");
    QTest::newRow("bad chunk") << QStringLiteral("/badchunk") << Kind::BadChunk << 200 << QStringLiteral("\"zz\"");
    QTest::newRow("truncated") << QStringLiteral("/truncated") << Kind::Truncated << 200
                               << QStringLiteral("100 of 10000");
    // No /endless-headers here: over TLS the origin does not wait for its peer (its flow control reads
    // QSslSocket::bytesToWrite(), which leaves out the encrypted bytes queued below it) and grows without bound.
    QTest::newRow("reset") << QStringLiteral("/reset") << Kind::NoBytes << 0 << QStringLiteral("without");
}

void TestHttpProbe::tlsOrigin()
{
    QFETCH(QString, path);
    QFETCH(Kind, kind);
    QFETCH(int, status);
    QFETCH(QString, detail);
    const auto v = runProbe(QUrl(m_https->baseUrl().toString() + path), &m_insecure, kGenerousMs);
    QVERIFY(v);
    QVERIFY2(v->kind == kind && v->status == status && v->detail.contains(detail), qPrintable(describe(*v)));
}

void TestHttpProbe::tlsVerificationFailsOnSelfSigned()
{
    // Null configuration: Qt's defaults, which verify the peer.
    const auto v = runProbe(QUrl(m_https->baseUrl().toString() + QStringLiteral("/page/1")), nullptr, kGenerousMs);
    QVERIFY(v);
    QVERIFY2(v->kind == Kind::TlsFailed && v->status == 0 &&
                 v->detail.contains(QLatin1String("self"), Qt::CaseInsensitive),
             qPrintable(describe(*v)));
}

void TestHttpProbe::httpsToPlainHttpPort()
{
    // A plain server that answers what it cannot parse: the TLS layer fails on the HTTP bytes.
    ScriptedServer plain;
    QVERIFY(plain.listen());
    plain.setScript("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", true, true);
    QUrl url = plain.url();
    url.setScheme(QStringLiteral("https"));
    const auto v = runProbe(url, &m_insecure, kGenerousMs);
    QVERIFY(v);
    QVERIFY2(v->kind == Kind::TlsFailed && v->status == 0, qPrintable(describe(*v)));

    // The origin instead waits for the end of a request head that a ClientHello never sends.
    url = m_http->baseUrl();
    url.setScheme(QStringLiteral("https"));
    const auto waited = runProbe(url, &m_insecure, 500);
    QVERIFY(waited);
    QVERIFY2(waited->kind == Kind::TimedOut && waited->detail.contains(QLatin1String("TLS handshake")),
             qPrintable(describe(*waited)));
}

void TestHttpProbe::refusedPort()
{
    quint16 port = 0;
    {
        QTcpServer server; // a port that was free a moment ago and has nobody listening now
        QVERIFY(server.listen(QHostAddress::LocalHost));
        port = server.serverPort();
    }
    const auto v = runProbe(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)), nullptr, kGenerousMs);
    QVERIFY(v);
    QVERIFY2(v->kind == Kind::ConnectFailed && v->detail.contains(QLatin1String("refused"), Qt::CaseInsensitive),
             qPrintable(describe(*v)));
}

void TestHttpProbe::unsupportedUrl()
{
    for (const char *url : {"ftp://127.0.0.1/file", "http:///nohost", "not a url at all"}) {
        const auto v = runProbe(QUrl(QString::fromLatin1(url)), nullptr, kGenerousMs);
        QVERIFY2(v, url); // and not synchronously from start(): runProbe checks that
        QVERIFY2(v->kind == Kind::ConnectFailed, qPrintable(describe(*v)));
    }
}

// ----- exact bytes

void TestHttpProbe::addScripted(const char *name, const QByteArray &script, Kind kind, int status,
                                const QString &detail, bool closeAfter, int timeoutMs)
{
    QTest::newRow(name) << script << closeAfter << timeoutMs << kind << status << detail;
}

void TestHttpProbe::scripted_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<bool>("closeAfter");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("detail");

    const QByteArray ok = "HTTP/1.1 200 OK\r\n";
    const QByteArray chunked = ok + "Transfer-Encoding: chunked\r\n\r\n";

    // Well-formed, including what RFC 9112 asks a recipient to tolerate.
    addScripted("bare LF line ends", "HTTP/1.1 200 OK\nContent-Length: 5\n\nhello", Kind::Answered, 200,
                QStringLiteral("5 bytes"));
    addScripted("stray CRLF before the status line", "\r\n" + ok + "Content-Length: 0\r\n\r\n", Kind::Answered, 200,
                QStringLiteral("empty body"));
    addScripted("no reason phrase", "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", Kind::Answered, 200, {});
    addScripted("obs-fold", ok + "X-Long: a\r\n b\r\nContent-Length: 2\r\n\r\nhi", Kind::Answered, 200, {});
    addScripted("obs-fold in Content-Length", ok + "Content-Length:\r\n 2\r\n\r\nhi", Kind::Answered, 200,
                QStringLiteral("2 bytes"));
    addScripted("Content-Length list of equal values", ok + "Content-Length: 5, 5\r\n\r\nhello", Kind::Answered, 200,
                {});
    addScripted("two interim responses",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + ok +
                    "Content-Length: 0\r\n\r\n",
                Kind::Answered, 200, QStringLiteral("2 interim responses, the last 103"));
    addScripted("read to close", "HTTP/1.0 200 OK\r\n\r\nsome body", Kind::Answered, 200,
                QStringLiteral("9 bytes of body read until the server closed"));
    addScripted("final coding not chunked", ok + "Transfer-Encoding: gzip\r\n\r\nxxxx", Kind::Answered, 200,
                QStringLiteral("until the server closed"));
    addScripted("101 is final", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", Kind::Answered, 101,
                {}, false);
    addScripted("304 has no body", "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n", Kind::Answered, 304,
                QStringLiteral("no body"), false);
    addScripted("chunked with extensions and trailers",
                chunked + "5;name=\"v\"\r\nhello\r\n3 \r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n", Kind::Answered, 200,
                QStringLiteral("chunked, 2 chunks, complete"));
    addScripted("chunked wins over Content-Length",
                ok + "Content-Length: 100\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n0\r\n\r\n", Kind::Answered, 200,
                QStringLiteral("chunked, 0 chunks"), false);

    // The head.
    addScripted("closed silently", "", Kind::NoBytes, 0, QStringLiteral("without sending a byte"));
    addScripted("lower-case version", "http/1.1 200 OK\r\n\r\n", Kind::NotHttp, 0,
                QStringLiteral("starts with \"http/1.1 200 OK\""));
    addScripted("binary", QByteArray("\x00\x01\xff", 3), Kind::NotHttp, 0, QStringLiteral("\"\\x00\\x01\\xff\""));
    addScripted("TLS alert to an http client", QByteArray("\x15\x03\x01\x00\x02\x02\x46", 7), Kind::NotHttp, 0,
                QStringLiteral("a TLS record"));
    addScripted("HTTP/2", "HTTP/2 200\r\n\r\n", Kind::NotHttp, 0, QStringLiteral("not HTTP/1.x"));
    addScripted("ends inside the status line", "HTTP/1.1 20", Kind::Truncated, 0,
                QStringLiteral("inside its status line \"HTTP/1.1 20\""));
    addScripted("four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", Kind::BadHeader, 0, QStringLiteral("malformed"));
    addScripted("status out of range", "HTTP/1.1 999 Odd\r\n\r\n", Kind::BadHeader, 0,
                QStringLiteral("no valid status code"));
    addScripted("status line too long", "HTTP/1.1 200 " + QByteArray(9 * 1024, 'r') + "\r\n\r\n", Kind::HeadersTooLarge,
                0, QStringLiteral("status line longer than 8 KiB"));
    addScripted("header line too long", ok + "X-Big: " + QByteArray(101 * 1024, 'a') + "\r\n\r\n",
                Kind::HeadersTooLarge, 200, QStringLiteral("header line longer than 100 KiB"));
    addScripted("ends inside the head", ok + "Content-Type: text/html\r\n", Kind::Truncated, 200,
                QStringLiteral("inside its header block"));
    addScripted("line without a colon", ok + "Junk line\r\n\r\n", Kind::BadHeader, 200,
                QStringLiteral("malformed header line \"Junk line\""));
    addScripted("space before the colon", ok + "Content-Length : 5\r\n\r\nhello", Kind::BadHeader, 200,
                QStringLiteral("whitespace before the colon"));
    addScripted("indented first line", ok + " X: 1\r\n\r\n", Kind::BadHeader, 200, QStringLiteral("starts with"));
    addScripted("NUL in a value", ok + QByteArray("X-A: a\0b\r\n\r\n", 12), Kind::BadHeader, 200,
                QStringLiteral("NUL byte"));
    addScripted("bare CR in a value", ok + "X-A: a\rb\r\n\r\n", Kind::BadHeader, 200, QStringLiteral("bare CR"));
    addScripted("Content-Length not a number", ok + "Content-Length: 12abc\r\n\r\n", Kind::BadHeader, 200,
                QStringLiteral("Content-Length \"12abc\" is not a number"));
    addScripted("conflicting Content-Length", ok + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                Kind::BadHeader, 200, QStringLiteral("conflicting Content-Length values 5 and 6"));

    // Chunks.
    addScripted("chunk longer than its size", chunked + "3\r\nhello\r\n0\r\n\r\n", Kind::BadChunk, 200,
                QStringLiteral("chunk 1 (3 bytes) is followed by \"lo\\r\\n0"));
    addScripted("empty chunk-size line", chunked + "5\r\nhello\r\n\r\n0\r\n\r\n", Kind::BadChunk, 200,
                QStringLiteral("invalid chunk size \"\" after 1 chunk"));
    addScripted("leading space", chunked + " 5\r\nhello\r\n0\r\n\r\n", Kind::BadChunk, 200,
                QStringLiteral("invalid chunk size \" 5\" at the start of the body"));
    addScripted("0x prefix", chunked + "0x5\r\nhello\r\n0\r\n\r\n", Kind::BadChunk, 200, QStringLiteral("\"0x5\""));
    addScripted("negative", chunked + "-5\r\n", Kind::BadChunk, 200, QStringLiteral("\"-5\""));
    addScripted("absurd size", chunked + "fffffffffffffffff\r\n", Kind::BadChunk, 200,
                QStringLiteral("absurdly large"));
    addScripted("no last chunk", chunked + "5\r\nhello\r\n", Kind::Truncated, 200,
                QStringLiteral("after 1 chunk without its last (0) chunk"));
    addScripted("ends inside a chunk", chunked + "a\r\nhello", Kind::Truncated, 200,
                QStringLiteral("inside chunk 1, after 5 of its 10 bytes"));
    addScripted("ends before the trailer end", chunked + "0\r\n", Kind::Truncated, 200,
                QStringLiteral("trailer section"));
    addScripted("malformed trailer", chunked + "0\r\nnot a trailer\r\n\r\n", Kind::BadChunk, 200,
                QStringLiteral("malformed trailer line"));

    // Stalls, cut by the probe's timeout.
    addScripted("head stalls", ok, Kind::TimedOut, 200, QStringLiteral("header block was still arriving after 0.3 s"),
                false, 300);
    addScripted("body stalls", ok + "Content-Length: 10\r\n\r\nabc", Kind::TimedOut, 200,
                QStringLiteral("body was still arriving after 0.3 s (3 bytes"), false, 300);
}

void TestHttpProbe::scripted()
{
    QFETCH(QByteArray, script);
    QFETCH(bool, closeAfter);
    QFETCH(int, timeoutMs);
    QFETCH(Kind, kind);
    QFETCH(int, status);
    QFETCH(QString, detail);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.setScript(script, closeAfter);
    const auto v = runProbe(server.url(), nullptr, timeoutMs);
    QVERIFY(v);
    QVERIFY2(v->kind == kind && v->status == status && v->detail.contains(detail), qPrintable(describe(*v)));
}

void TestHttpProbe::requestIsWellFormed()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.setScript("HTTP/1.1 204 No Content\r\n\r\n", true);
    const Headers headers = {
        {"User-Agent", "TestAgent/1"},
        {"Authorization", "Basic dXNlcjpwdw=="},
        {"X-Split", "a\r\nInjected: 1"}, // would smuggle a header
        {"Connection", "keep-alive"},    // the probe's own
        {"accept-encoding", "gzip"},     // the probe's own, whatever the case
        {"Bad Name", "x"},
    };
    const auto v =
        runProbe(server.url(QStringLiteral("/a%20b/c?x=1&y=%2F#fragment")), nullptr, kGenerousMs, nullptr, headers);
    QVERIFY(v);
    QVERIFY2(v->kind == Kind::Answered && v->status == 204, qPrintable(describe(*v)));
    const QByteArray expected =
        "GET /a%20b/c?x=1&y=%2F HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(server.url().port()) +
        "\r\nUser-Agent: TestAgent/1\r\nAuthorization: Basic dXNlcjpwdw==\r\n"
        "Accept-Encoding: identity\r\nConnection: close\r\n\r\n";
    QCOMPARE(server.request(), expected);

    // Without a User-Agent among the headers, the probe still sends one; a bare host gets the path "/".
    ScriptedServer bare;
    QVERIFY(bare.listen());
    bare.setScript("HTTP/1.1 204 No Content\r\n\r\n", true);
    QUrl url = bare.url();
    url.setPath({});
    QVERIFY(runProbe(url, nullptr, kGenerousMs));
    QVERIFY2(bare.request().startsWith("GET / HTTP/1.1\r\n"), bare.request().constData());
    QVERIFY2(bare.request().contains("\r\nUser-Agent: Fanout/"), bare.request().constData());
}

// ----- timing, bounds and lifetime

void TestHttpProbe::hangTimesOutAtTheTimeout()
{
    const int timeoutMs = 400;
    QElapsedTimer clock;
    clock.start();
    const auto v = runProbe(QUrl(m_http->baseUrl().toString() + QStringLiteral("/hang")), nullptr, timeoutMs);
    const qint64 elapsed = clock.elapsed();
    QVERIFY(v);
    QVERIFY2(v->kind == Kind::TimedOut && v->status == 0, qPrintable(describe(*v)));
    QVERIFY2(elapsed >= timeoutMs, qPrintable(QString::number(elapsed))); // not before it
}

void TestHttpProbe::readingIsBounded_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<Kind>("kind");
    QTest::newRow("endless headers") << QStringLiteral("/endless-headers") << Kind::HeadersTooLarge;
    QTest::newRow("50 MiB body") << QStringLiteral("/big/51200") << Kind::Answered;
}

void TestHttpProbe::readingIsBounded()
{
    QFETCH(QString, path);
    QFETCH(Kind, kind);
    qint64 bytesRead = -1;
    const auto v = runProbe(QUrl(m_http->baseUrl().toString() + path), nullptr, kGenerousMs, &bytesRead);
    QVERIFY(v);
    QVERIFY2(v->kind == kind, qPrintable(describe(*v)));
    // The 256 KiB limit, plus at most one socket read past it.
    QVERIFY2(bytesRead > 0 && bytesRead <= 256 * 1024 + 32 * 1024 + 16 * 1024, qPrintable(QString::number(bytesRead)));
}

void TestHttpProbe::deletableWhileRunning()
{
    m_http->resetStats();
    bool finished = false;
    auto *probe = new HttpProbe;
    connect(probe, &HttpProbe::finished, this, [&finished] { finished = true; });
    probe->start(QUrl(m_http->baseUrl().toString() + QStringLiteral("/hang")), {}, nullptr, kGenerousMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_http->stats().inFlight, 1, kGenerousMs);
    delete probe;
    QTRY_COMPARE_WITH_TIMEOUT(m_http->stats().inFlight, 0, kGenerousMs); // the connection went with it
    QVERIFY(!finished);

    // Deleted right after start(), before anything happened: no signal, no crash.
    QPointer<HttpProbe> early = new HttpProbe;
    connect(early, &HttpProbe::finished, this, [&finished] { finished = true; });
    early->start(QUrl(QStringLiteral("ftp://127.0.0.1/")), {}, nullptr, kGenerousMs);
    delete early;
    QTest::qWait(10);
    QVERIFY(!finished);
}

void TestHttpProbe::deletableFromFinished()
{
    QPointer<HttpProbe> probe = new HttpProbe;
    int calls = 0;
    connect(probe, &HttpProbe::finished, this, [&probe, &calls](const HttpProbe::Verdict &v) {
        ++calls;
        QCOMPARE(v.kind, Kind::Answered);
        delete probe;
    });
    probe->start(QUrl(m_https->baseUrl().toString() + QStringLiteral("/page/2")), {}, &m_insecure, kGenerousMs);
    QTRY_VERIFY_WITH_TIMEOUT(probe.isNull(), kGenerousMs);
    QCOMPARE(calls, 1);
}

QTEST_GUILESS_MAIN(TestHttpProbe)
#include "test_httpprobe.moc"
