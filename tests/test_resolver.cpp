#include "blackhole.h"
#include "dnstestserver.h"
#include "engine/checker.h"
#include "net/resolver.h"
#include "origin/originserver.h"
#include "testtls.h"

#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace Fanout;

namespace {

struct Outcome
{
    bool done = false;
    Resolver::Answer answer;
};

Resolver::Callback into(Outcome *outcome)
{
    return [outcome](const Resolver::Answer &answer) {
        outcome->done = true;
        outcome->answer = answer;
    };
}

QHostAddress ip(const char *text)
{
    return QHostAddress(QString::fromLatin1(text));
}

// A port free on address now (0 if none), for servers and black holes that must all share one port.
quint16 freePort(const QHostAddress &address)
{
    QTcpServer probe;
    return probe.listen(address, 0) ? probe.serverPort() : 0;
}

// A minimal origin that sees connections, not only requests: a race's probe is a connection that closes without
// a byte. Answers every request head with a small 200 page on a kept-alive connection.
class ConnectionCounter final : public QObject
{
public:
    bool listen(const QHostAddress &address, quint16 port)
    {
        m_clock.start();
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                const int index = int(m_connections.size());
                m_connections.push_back({m_clock.nsecsElapsed(), 0, {}, false});
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, index] {
                    Connection &c = m_connections[size_t(index)];
                    c.buffer += socket->readAll();
                    for (qsizetype end = c.buffer.indexOf("\r\n\r\n"); end >= 0; end = c.buffer.indexOf("\r\n\r\n")) {
                        c.buffer.remove(0, end + 4);
                        ++c.requests;
                        m_requestArrivals.push_back(m_clock.nsecsElapsed());
                        static const QByteArray body = "<title>counted</title>";
                        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " +
                                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
                    }
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, [this, socket, index] {
                    m_connections[size_t(index)].closed = true;
                    socket->deleteLater();
                });
            }
        });
        return m_server.listen(address, port);
    }
    // Connections closed without a byte: races' probes. (Qt may open a spare connection it never uses; that one
    // stays open until its manager goes with the run.)
    int probes() const { return int(std::count_if(m_connections.begin(), m_connections.end(), isProbe)); }
    int requests() const { return int(m_requestArrivals.size()); }
    // When the server saw each probe connect and each request arrive, in order (ns since listen()).
    std::vector<qint64> events() const
    {
        std::vector<qint64> all = m_requestArrivals;
        for (const Connection &c : m_connections) {
            if (isProbe(c))
                all.push_back(c.acceptedNs);
        }
        std::sort(all.begin(), all.end());
        return all;
    }

private:
    struct Connection
    {
        qint64 acceptedNs = 0;
        int requests = 0;
        QByteArray buffer;
        bool closed = false;
    };
    static bool isProbe(const Connection &c) { return c.closed && c.requests == 0 && c.buffer.isEmpty(); }
    QElapsedTimer m_clock;
    std::vector<Connection> m_connections;
    std::vector<qint64> m_requestArrivals;
    // Last, so it goes first: its sockets are its children, and closing one runs a handler that writes above.
    QTcpServer m_server;
};

} // namespace

class TestResolver final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void answersFromTheServer();
    void cachesByTtl();
    void ttlExpires();
    void coalescesLookupsInFlight();
    void errorsNameTheAnswer_data();
    void errorsNameTheAnswer();
    void failingServerGivesWayToTheNext_data();
    void failingServerGivesWayToTheNext();
    void everyServerFailingNamesTheAnswer_data();
    void everyServerFailingNamesTheAnswer();
    void hostsFileIsHonoured();
    void cancelledLookupIsNotDelivered();
    void manyLookupsAtOnce();
    void interleavesFamilies();
    void preferredAddressComesFirst();

    // The engine over a real origin, its names resolved by the test server.
    void checkerRequestsTheNameAtTheAddress();
    void checkerAsksForIdnNamesInPunycode();
    void checkerReportsDnsErrors();
    void checkerTriesTheNextAddress();
    void checkerRacesPastABlackHole();
    void checkerTimesOutWhenEveryAddressIsABlackHole();
    void urlsOfANewHostShareOneRace();
    void aSharedRaceTimesOutEveryWaiter();
    void raceProbeCountsAgainstTheRate();
    void diagnosisGoesToTheResolvedAddress();
    void checkerKeepsTheNameForTls();
    void httpsNamesKeepHttp2();
    void checkerResolvesManyNamesConcurrently();
    void proxyResolvesForItself();

private:
    Resolver::Config config(int timeoutMs = 2000) const { return {m_dns->servers(), timeoutMs, 1}; }
    QList<CheckResult> check(const QStringList &urls, CheckOptions options,
                             const Checker::ManagerFactory &factory = {});
    // Maps dual.test to ::1 and 127.0.0.1 and resolves it: both addresses, in this machine's sorting order (the
    // cases that need ::1 tried first skip when it is not).
    void resolveDualStack(QList<QHostAddress> *addresses);

    std::unique_ptr<DnsTestServer> m_dns;
};

void TestResolver::init()
{
    m_dns = std::make_unique<DnsTestServer>();
    QVERIFY(m_dns->listen());
}

void TestResolver::answersFromTheServer()
{
    m_dns->map(QStringLiteral("two.test"), {ip("127.0.0.2"), ip("127.0.0.3")}, 60);
    Resolver resolver(config());
    Outcome outcome;
    resolver.lookup(QStringLiteral("Two.Test"), into(&outcome));
    QVERIFY(!outcome.done); // never from inside lookup()
    QTRY_VERIFY(outcome.done);
    QVERIFY2(outcome.answer.isOk(), qPrintable(outcome.answer.error));
    QCOMPARE(outcome.answer.addresses.size(), 2);
    QVERIFY(outcome.answer.addresses.contains(ip("127.0.0.2")));
    QVERIFY(outcome.answer.addresses.contains(ip("127.0.0.3")));
}

void TestResolver::cachesByTtl()
{
    m_dns->map(QStringLiteral("kept.test"), {ip("127.0.0.4")}, 300);
    m_dns->map(QStringLiteral("zero.test"), {ip("127.0.0.5")}, 0);
    Resolver resolver(config());
    Outcome first;
    Outcome zero;
    resolver.lookup(QStringLiteral("kept.test"), into(&first));
    resolver.lookup(QStringLiteral("zero.test"), into(&zero));
    QTRY_VERIFY(first.done && zero.done);
    const int asked = m_dns->queries(QStringLiteral("kept.test"));
    QVERIFY(asked >= 1);

    Resolver::Answer answer;
    QVERIFY(resolver.cached(QStringLiteral("kept.test"), &answer));
    QCOMPARE(answer.addresses, QList<QHostAddress>{ip("127.0.0.4")});
    Outcome second;
    resolver.lookup(QStringLiteral("kept.test"), into(&second));
    QTRY_VERIFY(second.done);
    QCOMPARE(m_dns->queries(QStringLiteral("kept.test")), asked);

    // TTL 0: asked again every time.
    QVERIFY(!resolver.cached(QStringLiteral("zero.test"), nullptr));
    const int zeroAsked = m_dns->queries(QStringLiteral("zero.test"));
    Outcome again;
    resolver.lookup(QStringLiteral("zero.test"), into(&again));
    QTRY_VERIFY(again.done);
    QVERIFY(m_dns->queries(QStringLiteral("zero.test")) > zeroAsked);
}

void TestResolver::ttlExpires()
{
    m_dns->map(QStringLiteral("brief.test"), {ip("127.0.0.6")}, 1);
    Resolver resolver(config());
    Outcome outcome;
    resolver.lookup(QStringLiteral("brief.test"), into(&outcome));
    QTRY_VERIFY(outcome.done);
    QVERIFY(resolver.cached(QStringLiteral("brief.test"), nullptr));
    QTRY_VERIFY_WITH_TIMEOUT(!resolver.cached(QStringLiteral("brief.test"), nullptr), 10000);
}

void TestResolver::coalescesLookupsInFlight()
{
    m_dns->setDelayMs(100);
    Resolver resolver(config());
    Outcome a;
    Outcome b;
    resolver.lookup(QStringLiteral("shared.test"), into(&a));
    resolver.lookup(QStringLiteral("SHARED.test"), into(&b));
    QCOMPARE(resolver.queriesStarted(), 1);
    QTRY_VERIFY(a.done && b.done);
    QCOMPARE(a.answer.addresses, b.answer.addresses);
    QCOMPARE(m_dns->queries(QStringLiteral("shared.test")), 2); // one A, one AAAA
}

void TestResolver::errorsNameTheAnswer_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("kept"); // remembered: the next lookup asks no server
    QTest::newRow("nxdomain") << QStringLiteral("nothing.invalid")
                              << QStringLiteral("dns: NXDOMAIN for nothing.invalid") << true;
    // A SERVFAIL or no answer may be the server's passing trouble: asked again.
    QTest::newRow("servfail") << QStringLiteral("servfail.test") << QStringLiteral("dns: SERVFAIL for servfail.test")
                              << false;
    QTest::newRow("no answer") << QStringLiteral("silent.test")
                               << QStringLiteral("dns: no answer for silent.test within") << false;
}

void TestResolver::errorsNameTheAnswer()
{
    QFETCH(QString, name);
    QFETCH(QString, error);
    QFETCH(bool, kept);
    Resolver resolver(config(300));
    Outcome outcome;
    resolver.lookup(name, into(&outcome));
    QTRY_VERIFY_WITH_TIMEOUT(outcome.done, 20000);
    QVERIFY(outcome.answer.addresses.isEmpty());
    QVERIFY2(outcome.answer.error.startsWith(error), qPrintable(outcome.answer.error));
    QVERIFY(!resolver.cached(name, nullptr)); // cached() is for addresses

    // A list of 1,000 URLs under a name that does not exist asks once, not once each after the first answer
    // (RFC 2308 negative caching; c-ares gives no SOA minimum, so a bound of our own).
    const int asked = m_dns->queries(name);
    QVERIFY(asked >= 1);
    Outcome again;
    resolver.lookup(name, into(&again));
    QTRY_VERIFY_WITH_TIMEOUT(again.done, 20000);
    QVERIFY2(again.answer.error.startsWith(error), qPrintable(again.answer.error));
    if (kept)
        QCOMPARE(m_dns->queries(name), asked);
    else
        QVERIFY(m_dns->queries(name) > asked);
}

void TestResolver::failingServerGivesWayToTheNext_data()
{
    QTest::addColumn<int>("rcode");
    QTest::newRow("servfail") << 2;
    QTest::newRow("refused") << 5;
}

void TestResolver::failingServerGivesWayToTheNext()
{
    // resolv.conf's second server is there for the first one's trouble: its SERVFAIL or REFUSED is not the answer.
    QFETCH(int, rcode);
    DnsTestServer failing;
    QVERIFY(failing.listen());
    failing.setRcode(rcode);
    m_dns->map(QStringLiteral("two.test"), {ip("127.0.0.2"), ip("127.0.0.3")}, 60);
    Resolver resolver({failing.servers() + QLatin1Char(',') + m_dns->servers(), 2000, 1});
    Outcome outcome;
    resolver.lookup(QStringLiteral("two.test"), into(&outcome));
    QTRY_VERIFY_WITH_TIMEOUT(outcome.done, 20000);
    QVERIFY2(outcome.answer.isOk(), qPrintable(outcome.answer.error));
    QCOMPARE(outcome.answer.addresses.size(), 2);
    QVERIFY(failing.queries(QStringLiteral("two.test")) >= 1); // asked first, as configured
    QVERIFY(m_dns->queries(QStringLiteral("two.test")) >= 1);
}

void TestResolver::everyServerFailingNamesTheAnswer_data()
{
    QTest::addColumn<int>("rcode");
    QTest::addColumn<QString>("error");
    QTest::newRow("servfail") << 2 << QStringLiteral("dns: SERVFAIL for two.test");
    QTest::newRow("refused") << 5 << QStringLiteral("dns: REFUSED for two.test");
}

void TestResolver::everyServerFailingNamesTheAnswer()
{
    QFETCH(int, rcode);
    QFETCH(QString, error);
    DnsTestServer failing;
    QVERIFY(failing.listen());
    failing.setRcode(rcode);
    m_dns->setRcode(rcode);
    Resolver resolver({failing.servers() + QLatin1Char(',') + m_dns->servers(), 2000, 1});
    Outcome outcome;
    resolver.lookup(QStringLiteral("two.test"), into(&outcome));
    QTRY_VERIFY_WITH_TIMEOUT(outcome.done, 20000);
    QVERIFY(outcome.answer.addresses.isEmpty());
    QVERIFY2(outcome.answer.error.startsWith(error), qPrintable(outcome.answer.error));
    QVERIFY(m_dns->queries(QStringLiteral("two.test")) >= 1); // the second server was asked too
}

void TestResolver::hostsFileIsHonoured()
{
    // c-ares 1.18 reads $CARES_HOSTS instead of /etc/hosts when asked to (ARES_AI_ENVHOSTS, which we pass).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile hosts(dir.filePath(QStringLiteral("hosts")));
    QVERIFY(hosts.open(QIODevice::WriteOnly));
    hosts.write("127.0.0.9 pinned.test\n");
    hosts.close();
    qputenv("CARES_HOSTS", QFile::encodeName(hosts.fileName()));
    Resolver resolver(config());
    Outcome outcome;
    resolver.lookup(QStringLiteral("pinned.test"), into(&outcome));
    QTRY_VERIFY(outcome.done);
    qunsetenv("CARES_HOSTS");
    QCOMPARE(outcome.answer.addresses, QList<QHostAddress>{ip("127.0.0.9")});
    QCOMPARE(m_dns->queries(QStringLiteral("pinned.test")), 0);
}

void TestResolver::cancelledLookupIsNotDelivered()
{
    m_dns->setDelayMs(50);
    Resolver resolver(config());
    Outcome cancelled;
    Outcome kept;
    const quint64 ticket = resolver.lookup(QStringLiteral("gone.test"), into(&cancelled));
    resolver.lookup(QStringLiteral("gone.test"), into(&kept));
    resolver.cancel(ticket);
    QTRY_VERIFY(kept.done);
    QVERIFY(kept.answer.isOk());
    QVERIFY(!cancelled.done);
    QVERIFY(resolver.cached(QStringLiteral("gone.test"), nullptr)); // the answer still serves later URLs
}

void TestResolver::manyLookupsAtOnce()
{
    // Qt's QHostInfo pool would have about 20 of these under way at once; ours has them all.
    m_dns->setDelayMs(300);
    Resolver resolver(config(5000));
    constexpr int kNames = 200;
    std::vector<Outcome> outcomes(kNames);
    for (int i = 0; i < kNames; ++i)
        resolver.lookup(QStringLiteral("n%1.test").arg(i), into(&outcomes[size_t(i)]));
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(outcomes.begin(), outcomes.end(), [](const Outcome &o) { return o.done; }),
                             30000);
    for (const Outcome &o : outcomes)
        QVERIFY2(o.answer.isOk(), qPrintable(o.answer.error));
    QVERIFY2(m_dns->maxOutstanding() >= kNames, qPrintable(QString::number(m_dns->maxOutstanding())));
}

void TestResolver::interleavesFamilies()
{
    const QList<QHostAddress> sorted{ip("::1"), ip("::2"), ip("::3"), ip("127.0.0.1"), ip("127.0.0.2")};
    const QList<QHostAddress> expected{ip("::1"), ip("127.0.0.1"), ip("::2"), ip("127.0.0.2"), ip("::3")};
    QCOMPARE(Resolver::interleave(sorted), expected);
    const QList<QHostAddress> v4first{ip("127.0.0.1"), ip("127.0.0.2"), ip("::1")};
    const QList<QHostAddress> v4expected{ip("127.0.0.1"), ip("::1"), ip("127.0.0.2")};
    QCOMPARE(Resolver::interleave(v4first), v4expected);
}

void TestResolver::preferredAddressComesFirst()
{
    m_dns->map(QStringLiteral("two.test"), {ip("127.0.0.2"), ip("127.0.0.3")}, 60);
    Resolver resolver(config());
    Outcome outcome;
    resolver.lookup(QStringLiteral("two.test"), into(&outcome));
    QTRY_VERIFY(outcome.done);
    QCOMPARE(outcome.answer.addresses.size(), 2);
    const QHostAddress second = outcome.answer.addresses.last();
    QVERIFY(resolver.preferred(QStringLiteral("two.test")).isNull());
    resolver.prefer(QStringLiteral("Two.Test"), second);
    QCOMPARE(resolver.preferred(QStringLiteral("two.test")), second);
    Resolver::Answer answer;
    QVERIFY(resolver.cached(QStringLiteral("two.test"), &answer));
    QCOMPARE(answer.addresses.first(), second);
    // The winner failed later: forgotten, and tried last.
    resolver.demote(QStringLiteral("two.test"), second);
    QVERIFY(resolver.preferred(QStringLiteral("two.test")).isNull());
    QVERIFY(resolver.cached(QStringLiteral("two.test"), &answer));
    QCOMPARE(answer.addresses.last(), second);
}

QList<CheckResult> TestResolver::check(const QStringList &urls, CheckOptions options,
                                       const Checker::ManagerFactory &factory)
{
    options.dnsServers = m_dns->servers();
    options.dnsTimeoutMs = 300;
    UrlList list;
    for (const QString &url : urls)
        list.entries.append(UrlEntry{int(list.entries.size()) + 1, url, QUrl(url), {}});
    // The engine's own managers (its proxy factory: direct here) unless the test brings its own.
    const std::unique_ptr<Checker> owned = factory ? std::make_unique<Checker>(factory) : std::make_unique<Checker>();
    Checker &checker = *owned;
    checker.setOptions(options);
    QList<CheckResult> results;
    for (int i = 0; i < urls.size(); ++i)
        results.append(CheckResult());
    QObject::connect(&checker, &Checker::urlFinished, &checker,
                     [&results](const CheckResult &r) { results[r.id] = r; });
    QSignalSpy finished(&checker, &Checker::runFinished);
    if (!checker.start(targetsFor(list)))
        return {};
    if (!finished.wait(120000))
        qWarning("run did not finish");
    return results;
}

void TestResolver::checkerRequestsTheNameAtTheAddress()
{
    OriginServer origin;
    QVERIFY2(origin.listen(0, 2), qPrintable(origin.errorString()));
    m_dns->map(QStringLiteral("second.test"), {ip("127.0.0.2")}, 60);
    const QString port = QString::number(origin.port());
    const QList<CheckResult> results = check({QStringLiteral("http://first.test:%1/page/1").arg(port),
                                              QStringLiteral("http://second.test:%1/redirect/2").arg(port),
                                              QStringLiteral("http://first.test:%1/headers").arg(port)},
                                             CheckOptions());
    QCOMPARE(results.size(), 3);
    for (const CheckResult &r : results)
        QVERIFY2(r.isOk(), qPrintable(r.url.toString() + QLatin1Char(' ') + r.error));
    QCOMPARE(results[0].title, QStringLiteral("Page 1"));
    // The results name the URL as given, every hop too, never the address.
    QCOMPARE(results[0].finalUrl.host(), QStringLiteral("first.test"));
    QCOMPARE(results[1].redirects.size(), 2);
    for (const auto &hop : results[1].redirects)
        QCOMPARE(hop.url.host(), QStringLiteral("second.test"));
    QCOMPARE(results[1].finalUrl.host(), QStringLiteral("second.test"));
    // The origin saw the names in Host (its per-host count is keyed by Host), with the port.
    const OriginServer::Stats stats = origin.stats();
    QVERIFY2(stats.maxInFlightPerHost.contains(QStringLiteral("first.test:") + port),
             qPrintable(QStringList(stats.maxInFlightPerHost.keys()).join(QLatin1Char(','))));
    QVERIFY(stats.maxInFlightPerHost.contains(QStringLiteral("second.test:") + port));
    QVERIFY(!stats.maxInFlightPerHost.contains(QStringLiteral("127.0.0.1:") + port));
    // Each name asked once: the rest from the run's cache.
    QCOMPARE(m_dns->queries(QStringLiteral("first.test")), 2);
    QCOMPARE(m_dns->queries(QStringLiteral("second.test")), 2);
}

void TestResolver::checkerAsksForIdnNamesInPunycode()
{
    // .de is on Qt's IDN list, so QUrl::host() shows this name in Unicode; DNS must be asked in punycode.
    OriginServer origin;
    QVERIFY2(origin.listen(), qPrintable(origin.errorString()));
    m_dns->map(QStringLiteral("xn--bcher-kva.de"), {ip("127.0.0.1")}, 60);
    const QList<CheckResult> results =
        check({QStringLiteral("http://b\u00fccher.de:%1/page/5").arg(origin.port())}, CheckOptions());
    QCOMPARE(results.size(), 1);
    QVERIFY2(results[0].isOk(), qPrintable(results[0].error));
    QCOMPARE(m_dns->queries(QStringLiteral("xn--bcher-kva.de")), 2);
    QVERIFY(origin.stats().maxInFlightPerHost.contains(QStringLiteral("xn--bcher-kva.de:") +
                                                       QString::number(origin.port())));
}

void TestResolver::checkerReportsDnsErrors()
{
    const QList<CheckResult> results =
        check({QStringLiteral("http://nothing.invalid/"), QStringLiteral("http://servfail.test/"),
               QStringLiteral("http://silent.test/")},
              CheckOptions());
    QCOMPARE(results.size(), 3);
    QVERIFY2(results[0].error.startsWith(QLatin1String("dns: NXDOMAIN for nothing.invalid")),
             qPrintable(results[0].error));
    QVERIFY2(results[1].error.startsWith(QLatin1String("dns: SERVFAIL for servfail.test")),
             qPrintable(results[1].error));
    QVERIFY2(results[2].error.startsWith(QLatin1String("dns: no answer for silent.test within")),
             qPrintable(results[2].error));
    QCOMPARE(results[0].finalUrl.host(), QStringLiteral("nothing.invalid"));
}

void TestResolver::diagnosisGoesToTheResolvedAddress()
{
    // When Qt sees only a transport failure the engine asks the server once more itself (HttpProbe) to say
    // what went wrong. That request goes to the address the engine resolved, with the name in Host: before,
    // it looked the name up again through Qt, which (like the system) does not know trunc.test, and the
    // verdict lost its reason.
    OriginServer origin;
    QVERIFY2(origin.listen(), qPrintable(origin.errorString()));
    m_dns->map(QStringLiteral("trunc.test"), {ip("127.0.0.1")}, 60);
    CheckOptions options;
    options.dnsServers = m_dns->servers();
    const QList<CheckResult> results =
        check({QStringLiteral("http://trunc.test:%1/truncated").arg(origin.port())}, options);
    QCOMPARE(results.size(), 1);
    QVERIFY2(results[0].error.startsWith(QLatin1String("reset: ")), qPrintable(results[0].error));
    QVERIFY2(results[0].error.contains(QLatin1String("100 of 10000 bytes")), qPrintable(results[0].error));
}

void TestResolver::resolveDualStack(QList<QHostAddress> *addresses)
{
    m_dns->map(QStringLiteral("dual.test"), {ip("::1"), ip("127.0.0.1")}, 60);
    Resolver resolver(config());
    Outcome outcome;
    resolver.lookup(QStringLiteral("dual.test"), into(&outcome));
    QTRY_VERIFY(outcome.done);
    QCOMPARE(outcome.answer.addresses.size(), 2);
    *addresses = outcome.answer.addresses;
}

void TestResolver::checkerTriesTheNextAddress()
{
    // ::1 first (Happy Eyeballs order), where nothing listens; 127.0.0.1 next, where the origin does.
    OriginServer origin;
    QVERIFY2(origin.listen(), qPrintable(origin.errorString()));
    QList<QHostAddress> sorted;
    resolveDualStack(&sorted);
    if (QTest::currentTestFailed())
        return;
    if (sorted.first() != ip("::1"))
        QSKIP("this machine's address sorting puts IPv4 first: nothing to fall back from");
    const QList<CheckResult> results =
        check({QStringLiteral("http://dual.test:%1/page/3").arg(origin.port())}, CheckOptions());
    QCOMPARE(results.size(), 1);
    QVERIFY2(results[0].isOk(), qPrintable(results[0].error));
    QCOMPARE(results[0].title, QStringLiteral("Page 3"));
    QCOMPARE(results[0].attempts, 1);
}

void TestResolver::checkerRacesPastABlackHole()
{
    // ::1 first (Happy Eyeballs order) silently drops SYNs; 127.0.0.1 has the origin. Tried one after the other,
    // the dead address took the whole timeout: a false "timeout:" for a host that answers on its other address.
    OriginServer origin;
    QVERIFY2(origin.listen(), qPrintable(origin.errorString()));
    BlackHole hole;
    QVERIFY(hole.open(ip("::1"), origin.port()));
    QList<QHostAddress> sorted;
    resolveDualStack(&sorted);
    if (QTest::currentTestFailed())
        return;
    if (sorted.first() != ip("::1"))
        QSKIP("this machine's address sorting puts IPv4 first: the black hole would not be tried first");
    CheckOptions options;
    options.timeoutMs = 4000;
    const QString port = QString::number(origin.port());
    // The second and third URL find the winner remembered; all three must pass.
    const QList<CheckResult> results = check({QStringLiteral("http://dual.test:%1/page/3").arg(port),
                                              QStringLiteral("http://dual.test:%1/page/4").arg(port),
                                              QStringLiteral("http://dual.test:%1/redirect/1").arg(port)},
                                             options);
    QCOMPARE(results.size(), 3);
    for (const CheckResult &r : results) {
        QVERIFY2(r.isOk(), qPrintable(r.url.toString() + QLatin1Char(' ') + r.error));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.attempts, 1);
    }
    QCOMPARE(results[0].title, QStringLiteral("Page 3"));
    QVERIFY(origin.stats().maxInFlightPerHost.contains(QStringLiteral("dual.test:") + port));
}

void TestResolver::urlsOfANewHostShareOneRace()
{
    // Six URLs of a dual-stack host nobody has connected to yet start together: ::1 (first) drops SYNs, 127.0.0.1
    // answers. One race tells the winner; six would be six probe connections to the host for one verdict.
    ConnectionCounter counter;
    BlackHole hole;
    const quint16 port = freePort(ip("127.0.0.1"));
    QVERIFY(port != 0);
    QVERIFY(counter.listen(ip("127.0.0.1"), port));
    QVERIFY(hole.open(ip("::1"), port));
    QList<QHostAddress> sorted;
    resolveDualStack(&sorted);
    if (QTest::currentTestFailed())
        return;
    if (sorted.first() != ip("::1"))
        QSKIP("this machine's address sorting puts IPv4 first: there would be nothing to race past");
    CheckOptions options;
    options.concurrency = 6;
    options.timeoutMs = 8000;
    QStringList urls;
    for (int i = 0; i < 6; ++i)
        urls.append(QStringLiteral("http://dual.test:%1/u%2").arg(port).arg(i));
    const QList<CheckResult> results = check(urls, options);
    QCOMPARE(results.size(), 6);
    for (const CheckResult &r : results) {
        QVERIFY2(r.isOk(), qPrintable(r.url.toString() + QLatin1Char(' ') + r.error));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.title, QStringLiteral("counted"));
        QCOMPARE(r.attempts, 1);
    }
    QCOMPARE(counter.requests(), 6);
    QCOMPARE(counter.probes(), 1);
}

void TestResolver::aSharedRaceTimesOutEveryWaiter()
{
    // Every address drops SYNs: the URLs waiting for one race each end at their own deadline, as a timeout that
    // says the connection never came (not a DNS error, not a hang, not an OK).
    BlackHole v6;
    BlackHole v4;
    const quint16 port = freePort(ip("127.0.0.2"));
    QVERIFY(port != 0);
    QVERIFY(v6.open(ip("::1"), port));
    QVERIFY(v4.open(ip("127.0.0.2"), port));
    m_dns->map(QStringLiteral("dead.test"), {ip("::1"), ip("127.0.0.2")}, 60);
    CheckOptions options;
    options.timeoutMs = 1500;
    options.concurrency = 4;
    QStringList urls;
    for (int i = 0; i < 4; ++i)
        urls.append(QStringLiteral("http://dead.test:%1/w%2").arg(port).arg(i));
    const QList<CheckResult> results = check(urls, options);
    QCOMPARE(results.size(), 4);
    for (const CheckResult &r : results) {
        QVERIFY2(r.error.startsWith(QStringLiteral("timeout: no connection to dead.test:")),
                 qPrintable(r.url.toString() + QLatin1Char(' ') + r.error));
        QVERIFY2(r.error.contains(QStringLiteral("(2 of its 2 addresses tried)")), qPrintable(r.error));
        QCOMPARE(r.status, 0);
    }
}

void TestResolver::raceProbeCountsAgainstTheRate()
{
    // --rate-per-host 2: the server must never see two connections or requests from us closer than 500 ms. The
    // race's probe that connected is one: the request after it waits for the rate too.
    ConnectionCounter counter;
    BlackHole hole;
    const quint16 port = freePort(ip("127.0.0.1"));
    QVERIFY(port != 0);
    QVERIFY(counter.listen(ip("127.0.0.1"), port));
    QVERIFY(hole.open(ip("::1"), port));
    QList<QHostAddress> sorted;
    resolveDualStack(&sorted);
    if (QTest::currentTestFailed())
        return;
    if (sorted.first() != ip("::1"))
        QSKIP("this machine's address sorting puts IPv4 first: there would be no race");
    CheckOptions options;
    options.concurrency = 3;
    options.timeoutMs = 10000;
    options.ratePerHost = 2;
    options.perHostLimit = 1;
    QStringList urls;
    for (int i = 0; i < 3; ++i)
        urls.append(QStringLiteral("http://dual.test:%1/r%2").arg(port).arg(i));
    const QList<CheckResult> results = check(urls, options);
    QCOMPARE(results.size(), 3);
    for (const CheckResult &r : results)
        QVERIFY2(r.isOk(), qPrintable(r.url.toString() + QLatin1Char(' ') + r.error));
    QCOMPARE(counter.probes(), 1);
    const std::vector<qint64> events = counter.events();
    QCOMPARE(int(events.size()), 4); // the probe and three requests
    // Never closer than asked; 50 ms is for the trip to the server (not a bound on speed).
    for (size_t i = 1; i < events.size(); ++i)
        QVERIFY2(events[i] - events[i - 1] >= 450000000LL,
                 qPrintable(QStringLiteral("event %1 came %2 ms after the one before")
                                .arg(i)
                                .arg((events[i] - events[i - 1]) / 1e6)));
}

void TestResolver::checkerTimesOutWhenEveryAddressIsABlackHole()
{
    // Nothing answers on either address: a timeout within the run's bound, not a hang.
    BlackHole v6;
    BlackHole v4;
    const quint16 port = freePort(ip("127.0.0.2"));
    QVERIFY(port != 0);
    QVERIFY(v6.open(ip("::1"), port));
    QVERIFY(v4.open(ip("127.0.0.2"), port));
    m_dns->map(QStringLiteral("dead.test"), {ip("::1"), ip("127.0.0.2")}, 60);
    CheckOptions options;
    options.timeoutMs = 1500;
    options.retries = 0;
    const QList<CheckResult> results = check({QStringLiteral("http://dead.test:%1/page/1").arg(port)}, options);
    QCOMPARE(results.size(), 1);
    QVERIFY2(results[0].error.startsWith(QLatin1String("timeout: ")), qPrintable(results[0].error));
    QCOMPARE(results[0].errorCategory(), QStringLiteral("timeout"));
    QCOMPARE(results[0].attempts, 1);
}

void TestResolver::checkerKeepsTheNameForTls()
{
    const QSslConfiguration tls = FanoutTest::localhostTls();
    QVERIFY(!tls.localCertificate().isNull());
    OriginServer https;
    https.setTlsConfiguration(tls);
    QVERIFY2(https.listen(), qPrintable(https.errorString()));
    const QString port = QString::number(https.port());
    // The certificate names 127.0.0.1 and localhost. other.test resolves to 127.0.0.1: verified against the
    // address it would pass; verified against the name it must not.
    // HTTP/1.1 only: with HTTP/2 on offer, https names are left to Qt (httpsNamesKeepHttp2 below).
    CheckOptions http1;
    http1.http2 = false;
    const QList<CheckResult> strict = check({QStringLiteral("https://other.test:%1/page/1").arg(port),
                                             QStringLiteral("https://localhost:%1/page/2").arg(port)},
                                            http1);
    QCOMPARE(strict.size(), 2);
    QVERIFY2(strict[0].error.startsWith(QLatin1String("tls: ")), qPrintable(strict[0].error));
    QVERIFY2(strict[0].error.contains(QLatin1String("host name"), Qt::CaseInsensitive), qPrintable(strict[0].error));
    QVERIFY2(strict[1].error.startsWith(QLatin1String("tls: ")), qPrintable(strict[1].error));
    QVERIFY2(!strict[1].error.contains(QLatin1String("host name"), Qt::CaseInsensitive), qPrintable(strict[1].error));

    CheckOptions insecure = http1;
    insecure.ignoreTlsErrors = true;
    const QList<CheckResult> relaxed = check({QStringLiteral("https://other.test:%1/page/1").arg(port)}, insecure);
    QVERIFY2(relaxed[0].isOk(), qPrintable(relaxed[0].error));
    QCOMPARE(relaxed[0].title, QStringLiteral("Page 1"));
    QVERIFY(https.stats().maxInFlightPerHost.contains(QStringLiteral("other.test:") + port));
}

void TestResolver::httpsNamesKeepHttp2()
{
    // With HTTP/2 on offer (the default), an https name goes to Qt as it is: a request to our address would carry
    // the address as HTTP/2's :authority. Told apart by a hosts file that only our resolver reads ($CARES_HOSTS),
    // sending localhost to an address nothing listens on: Qt's lookup (the system's) reaches the origin.
    const QSslConfiguration tls = FanoutTest::localhostTls();
    QVERIFY(!tls.localCertificate().isNull());
    OriginServer https;
    https.setTlsConfiguration(tls);
    QVERIFY2(https.listen(), qPrintable(https.errorString()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile hosts(dir.filePath(QStringLiteral("hosts")));
    QVERIFY(hosts.open(QIODevice::WriteOnly));
    hosts.write("127.0.0.254 localhost\n");
    hosts.close();
    qputenv("CARES_HOSTS", QFile::encodeName(hosts.fileName()));
    const QString target = QStringLiteral("https://localhost:%1/page/1").arg(https.port());
    CheckOptions options;
    options.ignoreTlsErrors = true;
    const QList<CheckResult> byName = check({target}, options);
    CheckOptions http1 = options;
    http1.http2 = false;
    const QList<CheckResult> resolved = check({target}, http1);
    qunsetenv("CARES_HOSTS");
    QCOMPARE(byName.size(), 1);
    QVERIFY2(byName[0].isOk(), qPrintable(byName[0].error));
    QCOMPARE(byName[0].title, QStringLiteral("Page 1"));
    // HTTP/1.1 only: our resolver, so the hosts file's address (nothing there).
    QCOMPARE(resolved.size(), 1);
    QVERIFY2(!resolved[0].isOk(), qPrintable(resolved[0].error));
    QCOMPARE(resolved[0].errorCategory(), QStringLiteral("refused"));
}

void TestResolver::checkerResolvesManyNamesConcurrently()
{
    // 60 names, each answered after 300 ms, at a cap of 60: all resolved at once, beyond Qt's ~20 threads.
    m_dns->setDelayMs(300);
    OriginServer origin;
    QVERIFY2(origin.listen(), qPrintable(origin.errorString()));
    QStringList urls;
    for (int i = 0; i < 60; ++i)
        urls << QStringLiteral("http://h%1.test:%2/page/%1").arg(i).arg(origin.port());
    CheckOptions options;
    options.concurrency = 60;
    const QList<CheckResult> results = check(urls, options);
    QCOMPARE(results.size(), 60);
    for (const CheckResult &r : results)
        QVERIFY2(r.isOk(), qPrintable(r.error));
    QVERIFY2(m_dns->maxOutstanding() >= 60, qPrintable(QString::number(m_dns->maxOutstanding())));
}

namespace {

class FixedProxy final : public QNetworkProxyFactory
{
public:
    explicit FixedProxy(quint16 port)
        : m_port(port)
    {}
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &) override
    {
        return {QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), m_port)};
    }

private:
    quint16 m_port = 0;
};

} // namespace

void TestResolver::proxyResolvesForItself()
{
    // The origin reads absolute-form targets, so it serves as the proxy: a name no DNS knows still gets its page,
    // and our resolver is never asked.
    OriginServer proxy;
    QVERIFY2(proxy.listen(), qPrintable(proxy.errorString()));
    QStringList targets;
    connect(&proxy, &OriginServer::requestArrived, this, [&targets](const QString &t) { targets << t; });
    const quint16 port = proxy.port();
    const QList<CheckResult> results =
        check({QStringLiteral("http://nothing.invalid/page/4")}, CheckOptions(), [port](QObject *parent) {
            auto *manager = new QNetworkAccessManager(parent);
            manager->setProxyFactory(new FixedProxy(port));
            return manager;
        });
    QCOMPARE(results.size(), 1);
    QVERIFY2(results[0].isOk(), qPrintable(results[0].error));
    QCOMPARE(results[0].title, QStringLiteral("Page 4"));
    QCOMPARE(targets, QStringList{QStringLiteral("http://nothing.invalid/page/4")});
    QCOMPARE(m_dns->totalQueries(), 0);
}

QTEST_GUILESS_MAIN(TestResolver)
#include "test_resolver.moc"
