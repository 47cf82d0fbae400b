// ManagerPool: how requests are spread over managers (threads) and connection groups, and HTTP/2 origins carried
// as streams on one connection. The unit part needs no network; http2OneConnection runs the engine against nginx
// over HTTP/2 (skipped without nginx and openssl) and counts the connections nginx saw.
#include "engine/checker.h"
#include "engine/managerpool.h"
#include "origin/originserver.h"

#include <QFile>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace Fanout;

namespace {

struct Pool
{
    QObject owner;
    int made = 0;
    ManagerPool pool{[this](QObject *parent) {
                         ++made;
                         return new QNetworkAccessManager(parent);
                     },
                     &owner};
};

// Requests in flight per connection group ("manager/lane"), as the leases say.
std::map<QString, int> groups(const std::vector<ManagerPool::Lease> &leases)
{
    std::map<QString, int> count;
    for (const ManagerPool::Lease &lease : leases)
        ++count[QString::number(lease.index) + QLatin1Char('/') + QString::number(lease.lane)];
    return count;
}

int largest(const std::map<QString, int> &count)
{
    int most = 0;
    for (const auto &entry : count)
        most = std::max(most, entry.second);
    return most;
}

std::vector<ManagerPool::Lease> acquireMany(ManagerPool &pool, const QUrl &url, int count)
{
    std::vector<ManagerPool::Lease> leases;
    for (int i = 0; i < count; ++i)
        leases.push_back(pool.acquire(ManagerPool::hostKey(url), url));
    return leases;
}

void releaseAll(ManagerPool &pool, std::vector<ManagerPool::Lease> &leases)
{
    for (ManagerPool::Lease &lease : leases)
        pool.release(lease);
    leases.clear();
}

int freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort();
}

bool waitForPort(int port)
{
    for (int i = 0; i < 200; ++i) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(port));
        if (socket.waitForConnected(100))
            return true;
        QTest::qWait(50);
    }
    return false;
}

} // namespace

class TestManagerPool final : public QObject
{
    Q_OBJECT

private slots:
    void http1SpreadsOverManagersSixPerGroup_data();
    void http1SpreadsOverManagersSixPerGroup();
    void ipv4LanesVerifyAsTheSameAddress();
    void ipv6OverTlsIsBounded();
    void idleManagersAreReused();
    void http2OriginIsPackedIntoOneGroup();
    void http2FullGroupOpensASecond();
    void http1AnswerEndsHttp2();
    void http2OneConnection();
    void http2GoawayIsSentAgain();
    void http2GoawayWhileStreamsRun();
    void ipv4LanesPassVerification();
    void newHostsSpreadOverManagers();
};

void TestManagerPool::http1SpreadsOverManagersSixPerGroup_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("http name") << QStringLiteral("http://localhost:8080/");
    QTest::newRow("https name") << QStringLiteral("https://example.test/");
    QTest::newRow("http ipv4") << QStringLiteral("http://127.0.0.1:8080/");
    QTest::newRow("https ipv4") << QStringLiteral("https://127.0.0.1:8443/");
}

void TestManagerPool::http1SpreadsOverManagersSixPerGroup()
{
    QFETCH(QString, url);
    Pool p;
    std::vector<ManagerPool::Lease> leases = acquireMany(p.pool, QUrl(url), 1000);
    // A cap of 1,000 on one host: bounded threads, never more than Qt's 6 per group, and every thread used.
    QCOMPARE(p.pool.managerCount(), 4);
    QCOMPARE(p.made, 4);
    const auto count = groups(leases);
    QCOMPARE(largest(count), ManagerPool::kConnectionsPerHost);
    std::map<int, int> perManager;
    for (const ManagerPool::Lease &lease : leases)
        ++perManager[lease.index];
    QCOMPARE(int(perManager.size()), 4);
    for (const auto &entry : perManager)
        QVERIFY2(entry.second >= 240, qPrintable(QString::number(entry.second))); // 250 each, give or take a group
    releaseAll(p.pool, leases);
}

void TestManagerPool::ipv4LanesVerifyAsTheSameAddress()
{
    Pool p;
    const QUrl url(QStringLiteral("https://192.168.10.250:8443/"));
    std::vector<ManagerPool::Lease> leases = acquireMany(p.pool, url, 300);
    QSet<QString> names;
    for (const ManagerPool::Lease &lease : leases) {
        if (lease.lane == 0) {
            QVERIFY(lease.peerVerifyName.isEmpty());
            continue;
        }
        // What certificate matching does with the name (QSslSocketPrivate::isMatchingHostname): parse it as an
        // address and compare with the certificate's IP entries.
        QCOMPARE(QHostAddress(lease.peerVerifyName), QHostAddress(url.host()));
        names.insert(QString::number(lease.index) + QLatin1Char('/') + lease.peerVerifyName);
    }
    QVERIFY(names.size() >= 300 / ManagerPool::kConnectionsPerHost - 4);
    QCOMPARE(p.pool.managerCount(), 4);
    releaseAll(p.pool, leases);
}

void TestManagerPool::ipv6OverTlsIsBounded()
{
    Pool p;
    std::vector<ManagerPool::Lease> leases = acquireMany(p.pool, QUrl(QStringLiteral("https://[::1]:8443/")), 1000);
    QCOMPARE(p.pool.managerCount(), 16); // the hard bound, where Qt queues the rest (was 167 managers at cap 1,000)
    releaseAll(p.pool, leases);
}

void TestManagerPool::idleManagersAreReused()
{
    Pool p;
    const QUrl a(QStringLiteral("https://a.example.test/"));
    const QUrl b(QStringLiteral("http://10.1.2.3/"));
    for (int round = 0; round < 5; ++round) {
        std::vector<ManagerPool::Lease> leases = acquireMany(p.pool, a, 200);
        std::vector<ManagerPool::Lease> more = acquireMany(p.pool, b, 200);
        releaseAll(p.pool, leases);
        releaseAll(p.pool, more);
    }
    QCOMPARE(p.made, 4);
}

void TestManagerPool::http2OriginIsPackedIntoOneGroup()
{
    Pool p;
    const QUrl url(QStringLiteral("https://127.0.0.1:8443/"));
    const QString key = ManagerPool::hostKey(url);
    // Before the first answer the protocol is unknown: groups of 6, as for HTTP/1.1.
    std::vector<ManagerPool::Lease> first = acquireMany(p.pool, url, 50);
    QCOMPARE(largest(groups(first)), ManagerPool::kConnectionsPerHost);
    QVERIFY(!p.pool.isHttp2(key));
    const ManagerPool::Lease home = first.at(7);
    p.pool.noteProtocol(home, true);
    QVERIFY(p.pool.isHttp2(key));
    // Then every new request joins the group that answered over HTTP/2, while the others drain.
    std::vector<ManagerPool::Lease> later;
    for (ManagerPool::Lease &lease : first) {
        p.pool.release(lease);
        later.push_back(p.pool.acquire(key, url));
        QCOMPARE(later.back().index, home.index);
        QCOMPARE(later.back().lane, home.lane);
    }
    QCOMPARE(p.pool.inFlight(home.index, key, home.lane), 50);
    releaseAll(p.pool, later);
}

void TestManagerPool::http2FullGroupOpensASecond()
{
    Pool p;
    const QUrl url(QStringLiteral("https://h2.example.test/"));
    const QString key = ManagerPool::hostKey(url);
    std::vector<ManagerPool::Lease> leases = acquireMany(p.pool, url, 1);
    p.pool.noteProtocol(leases.front(), true);
    std::vector<ManagerPool::Lease> more = acquireMany(p.pool, url, 2 * ManagerPool::kStreamsPerConnection + 10);
    const auto count = groups(more);
    QCOMPARE(int(count.size()), 3);
    QCOMPARE(largest(count), ManagerPool::kStreamsPerConnection);
    QCOMPARE(p.pool.inFlight(leases.front().index, key, leases.front().lane), ManagerPool::kStreamsPerConnection);
    QVERIFY(p.pool.managerCount() <= 4);
    releaseAll(p.pool, leases);
    releaseAll(p.pool, more);
}

void TestManagerPool::http1AnswerEndsHttp2()
{
    Pool p;
    const QUrl url(QStringLiteral("https://h2.example.test/"));
    const QString key = ManagerPool::hostKey(url);
    std::vector<ManagerPool::Lease> leases = acquireMany(p.pool, url, 1);
    p.pool.noteProtocol(leases.front(), true);
    p.pool.noteProtocol(leases.front(), false);
    QVERIFY(!p.pool.isHttp2(key));
    std::vector<ManagerPool::Lease> more = acquireMany(p.pool, url, 100);
    QCOMPARE(largest(groups(more)), ManagerPool::kConnectionsPerHost);
    releaseAll(p.pool, leases);
    releaseAll(p.pool, more);
}

// nginx over HTTP/2 on loopback with a self-signed certificate, logging each request's connection and protocol.
class Nginx final
{
public:
    ~Nginx()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            m_process.waitForFinished();
        }
    }
    // Empty on success, else why the test cannot run here.
    // slowPort: an origin that nginx proxies /slow/<rest> to, as /delay/<rest> (0: no such location).
    QString start(int keepaliveRequests, bool http2 = true, int slowPort = 0)
    {
#if defined(__SANITIZE_THREAD__)
        // openssl and nginx are started with fork(); ThreadSanitizer kills a child of a threaded process that
        // starts threads before exec ("multi-threaded fork is not supported") and the test then hangs. The
        // asan and ci runs cover these cases.
        return QStringLiteral("not under ThreadSanitizer (fork of a threaded process)");
#endif
        const QString nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"), {QStringLiteral("/usr/sbin")});
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (nginx.isEmpty() || openssl.isEmpty())
            return QStringLiteral("needs nginx and openssl");
        if (!m_dir.isValid())
            return QStringLiteral("no temporary directory");
        const QString root = m_dir.path();
        // nginx's workers run as another user.
        QFile::setPermissions(root, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                                        QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
        QProcess cert;
        cert.start(openssl,
                   {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                    QStringLiteral("-nodes"), QStringLiteral("-keyout"), root + QStringLiteral("/key.pem"),
                    QStringLiteral("-out"), root + QStringLiteral("/cert.pem"), QStringLiteral("-days"),
                    QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                    QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
        if (!cert.waitForFinished() || cert.exitCode() != 0)
            return QStringLiteral("openssl could not make a certificate");
        m_port = freePort();
        QFile conf(root + QStringLiteral("/nginx.conf"));
        if (!conf.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write nginx.conf");
        conf.write(
            QStringLiteral("worker_processes 1; daemon off; error_log stderr warn; pid nginx.pid;\n"
                           "events { worker_connections 1024; }\n"
                           "http { log_format c '$connection $server_protocol';\n"
                           "  access_log %1/access.log c; default_type text/html; keepalive_requests %3;\n"
                           "  client_body_temp_path %1; proxy_temp_path %1; fastcgi_temp_path %1;\n"
                           "  uwsgi_temp_path %1; scgi_temp_path %1;\n"
                           "  server { listen 127.0.0.1:%2 ssl %4; ssl_certificate cert.pem;\n"
                           "    ssl_certificate_key key.pem; location / { return 200 '<title>t</title>'; }\n"
                           "    %5 } }\n")
                .arg(root)
                .arg(m_port)
                .arg(keepaliveRequests)
                .arg(http2 ? QStringLiteral("http2") : QString())
                .arg(slowPort > 0
                         ? QStringLiteral("location /slow/ { proxy_pass http://127.0.0.1:%1/delay/; }").arg(slowPort)
                         : QString())
                .toUtf8());
        conf.close();
        m_certificate = root + QStringLiteral("/cert.pem");
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(nginx, {QStringLiteral("-c"), conf.fileName(), QStringLiteral("-p"), root + QLatin1Char('/'),
                                QStringLiteral("-e"), QStringLiteral("stderr")});
        if (!m_process.waitForStarted() || !waitForPort(m_port))
            return QStringLiteral("nginx did not start here");
        return {};
    }
    QStringList urls(int count, const QString &path = QStringLiteral("/page/")) const
    {
        QStringList list;
        for (int i = 0; i < count; ++i)
            list << QStringLiteral("https://127.0.0.1:%1%2%3").arg(m_port).arg(path).arg(i);
        return list;
    }
    // Stops nginx, so its log is complete; requests per connection, and the protocols seen.
    std::map<QByteArray, int> connections(QSet<QByteArray> &protocols)
    {
        m_process.terminate();
        m_process.waitForFinished();
        std::map<QByteArray, int> perConnection;
        QFile log(m_dir.path() + QStringLiteral("/access.log"));
        if (!log.open(QIODevice::ReadOnly))
            return perConnection;
        while (!log.atEnd()) {
            const QList<QByteArray> fields = log.readLine().trimmed().split(' ');
            ++perConnection[fields.value(0)];
            protocols.insert(fields.value(1));
        }
        return perConnection;
    }

    QString certificate() const
    {
        return m_certificate;
    }

private:
    QString m_certificate;
    QTemporaryDir m_dir;
    QProcess m_process;
    int m_port = 0;
};

// Runs the engine over urls; the number of 200 answers, and the first error seen.
int checkAll(const QStringList &urls, int cap, QString &firstError, bool verify = false)
{
    CheckOptions options;
    options.ignoreTlsErrors = !verify;
    options.concurrency = cap;
    Checker checker;
    checker.setOptions(options);
    int ok = 0;
    QObject::connect(&checker, &Checker::urlFinished, &checker, [&](const CheckResult &r) {
        ok += r.status == 200;
        if (firstError.isEmpty() && !r.error.isEmpty())
            firstError = r.error;
    });
    QSignalSpy finished(&checker, &Checker::runFinished);
    checker.start(targetsFor(UrlListParser::parseText(urls.join(QLatin1Char('\n')))));
    if (!finished.wait(60000))
        qWarning("run did not finish");
    return ok;
}

void TestManagerPool::http2OneConnection()
{
    Nginx nginx;
    const QString why = nginx.start(100000);
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    const int total = 400;
    const int cap = 30;
    QString error;
    QCOMPARE(checkAll(nginx.urls(total), cap, error), total);
    QSet<QByteArray> protocols;
    const std::map<QByteArray, int> perConnection = nginx.connections(protocols);
    QCOMPARE(protocols, QSet<QByteArray>{QByteArray("HTTP/2.0")});
    int most = 0;
    int lines = 0;
    for (const auto &entry : perConnection) {
        most = std::max(most, entry.second);
        lines += entry.second;
    }
    QCOMPARE(lines, total);
    // Only the first wave (sent before any answer told the protocol) is spread, six per group; after that every
    // request is a stream on one connection. One connection per group would carry about total / 5.
    qInfo("%d connections, the busiest carried %d of %d requests", int(perConnection.size()), most, total);
    QVERIFY2(most >= total - cap, qPrintable(QString::number(most)));
}

void TestManagerPool::http2GoawayIsSentAgain()
{
    // nginx ends an HTTP/2 connection with GOAWAY after keepalive_requests streams; the streams it refused are
    // sent again on a new connection, not reported as failures.
    Nginx nginx;
    const QString why = nginx.start(50);
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    const int total = 600;
    QString error;
    const int ok = checkAll(nginx.urls(total), 40, error);
    QVERIFY2(ok == total && error.isEmpty(),
             qPrintable(QStringLiteral("%1 of %2 OK; first error: %3").arg(ok).arg(total).arg(error)));
    QSet<QByteArray> protocols;
    const std::map<QByteArray, int> perConnection = nginx.connections(protocols);
    QVERIFY2(perConnection.size() >= size_t(total / 50), qPrintable(QString::number(perConnection.size())));
}

void TestManagerPool::http2GoawayWhileStreamsRun()
{
    // After a GOAWAY the connection stays open while the streams it still serves run. A request Qt 6.4 is given
    // for that connection then is failed inside QHttpNetworkConnection::sendRequest, before Qt's HTTP thread has
    // connected to the reply's signals (qhttpthreaddelegate.cpp, startRequest): the failure is lost and the
    // reply never finishes. Here every answer takes 400 ms and nginx ends each connection after 4 streams: the
    // refused streams, sent again at once, met that open, going-away connection and timed out (10 s) instead of
    // being answered.
    OriginServer origin;
    QVERIFY2(origin.listen(), qPrintable(origin.errorString()));
    Nginx nginx;
    const QString why = nginx.start(4, true, origin.port());
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    const int total = 40;
    QString error;
    const int ok = checkAll(nginx.urls(total, QStringLiteral("/slow/400/")), 12, error);
    QVERIFY2(ok == total && error.isEmpty(),
             qPrintable(QStringLiteral("%1 of %2 OK; first error: %3").arg(ok).arg(total).arg(error)));
}

void TestManagerPool::ipv4LanesPassVerification()
{
    // Over HTTPS/1.1 a cap of 40 on one IPv4 host needs lanes (7 groups of 6 on 4 managers): the lanes' names
    // must verify against the certificate's IP entry as the address itself does.
    Nginx nginx;
    const QString why = nginx.start(100000, false);
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    QFile pem(nginx.certificate());
    QVERIFY(pem.open(QIODevice::ReadOnly));
    const QSslConfiguration before = QSslConfiguration::defaultConfiguration();
    QSslConfiguration trusting = before;
    trusting.addCaCertificates(QSslCertificate::fromData(pem.readAll(), QSsl::Pem));
    QSslConfiguration::setDefaultConfiguration(trusting); // this process only
    const int total = 300;
    QString error;
    const int ok = checkAll(nginx.urls(total), 40, error, true);
    QSslConfiguration::setDefaultConfiguration(before);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(ok, total);
    QSet<QByteArray> protocols;
    const std::map<QByteArray, int> perConnection = nginx.connections(protocols);
    QCOMPARE(protocols, QSet<QByteArray>{QByteArray("HTTP/1.1")});
    QVERIFY2(perConnection.size() > 4 * size_t(ManagerPool::kConnectionsPerHost),
             qPrintable(QString::number(perConnection.size()))); // more groups than managers: lanes were used
}

void TestManagerPool::newHostsSpreadOverManagers()
{
    Pool p;
    std::vector<ManagerPool::Lease> leases;
    for (int i = 0; i < 200; ++i) {
        const QUrl url(QStringLiteral("https://h%1.example.test/").arg(i));
        leases.push_back(p.pool.acquire(ManagerPool::hostKey(url), url));
    }
    std::map<int, int> perManager;
    for (const ManagerPool::Lease &lease : leases)
        ++perManager[lease.index];
    QCOMPARE(int(perManager.size()), 4);
    for (const auto &entry : perManager)
        QCOMPARE(entry.second, 50); // each new host on the least loaded thread, not all on manager 0
    releaseAll(p.pool, leases);
}

QTEST_GUILESS_MAIN(TestManagerPool)
#include "test_managerpool.moc"
