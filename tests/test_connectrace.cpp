#include "blackhole.h"
#include "net/connectrace.h"
#include "net/connectraces.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Fanout;

namespace {

QHostAddress ip(const char *text)
{
    return QHostAddress(QString::fromLatin1(text));
}

// A port free on address right now (nothing listens there afterwards).
quint16 freePort(const QHostAddress &address)
{
    QTcpServer probe;
    return probe.listen(address, 0) ? probe.serverPort() : 0;
}

} // namespace

// Happy Eyeballs' connection race on loopback: the engine's use of it is in test_resolver (checkerRacesPast...).
class TestConnectRace final : public QObject
{
    Q_OBJECT

private slots:
    void skipsABlackHole();
    void firstToConnectWinsBeforeTheDelay();
    void reportsEveryAddressFailing();
    void deletedWhileConnectingIsQuiet();
    void sharedRaceTellsEveryWaiter();
    void sharedRaceOutlivesAWaiterThatLeaves();
};

void TestConnectRace::skipsABlackHole()
{
    QTcpServer server;
    QVERIFY(server.listen(ip("127.0.0.1"), 0));
    BlackHole hole;
    QVERIFY(hole.open(ip("::1"), server.serverPort()));
    ConnectRace race;
    QSignalSpy finished(&race, &ConnectRace::finished);
    race.start({ip("::1"), ip("127.0.0.1")}, server.serverPort());
    QCOMPARE(race.attemptsStarted(), 0); // from the event loop, never inside start()
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<QHostAddress>(), ip("127.0.0.1"));
    QCOMPARE(race.attemptsStarted(), 2);
    QTest::qWait(50);
    QCOMPARE(finished.size(), 1); // exactly once
}

void TestConnectRace::firstToConnectWinsBeforeTheDelay()
{
    // The first address answers: the second is never tried (the delay is long enough never to pass here).
    QTcpServer server;
    QVERIFY(server.listen(ip("127.0.0.1"), 0));
    ConnectRace race;
    QSignalSpy finished(&race, &ConnectRace::finished);
    race.start({ip("127.0.0.1"), ip("127.0.0.2")}, server.serverPort(), 60000);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().value<QHostAddress>(), ip("127.0.0.1"));
    QCOMPARE(race.attemptsStarted(), 1);
}

void TestConnectRace::reportsEveryAddressFailing()
{
    // Nothing listens on 127.0.0.3 or .4 at this port: both refused, the second started without waiting for the
    // (here very long) delay.
    const quint16 port = freePort(ip("127.0.0.3"));
    QVERIFY(port != 0);
    ConnectRace race;
    QSignalSpy finished(&race, &ConnectRace::finished);
    race.start({ip("127.0.0.3"), ip("127.0.0.4")}, port, 60000);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.first().first().value<QHostAddress>().isNull());
    QCOMPARE(race.attemptsStarted(), 2);
}

void TestConnectRace::deletedWhileConnectingIsQuiet()
{
    // The job's deadline or a stop deletes the race with its connects still hanging: nothing is called after.
    const quint16 port = freePort(ip("127.0.0.2"));
    QVERIFY(port != 0);
    BlackHole v6;
    QVERIFY(v6.open(ip("::1"), port));
    BlackHole v4;
    QVERIFY(v4.open(ip("127.0.0.2"), port));
    auto race = std::make_unique<ConnectRace>();
    bool called = false;
    connect(race.get(), &ConnectRace::finished, this, [&called] { called = true; });
    race->start({ip("::1"), ip("127.0.0.2")}, port, 50);
    QTRY_COMPARE(race->attemptsStarted(), 2);
    race.reset();
    QTest::qWait(100);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestConnectRace)
// ConnectRaces: URLs of one host:port that need a race at the same time share one.
void TestConnectRace::sharedRaceTellsEveryWaiter()
{
    QTcpServer server;
    QVERIFY(server.listen(ip("127.0.0.1"), 0));
    BlackHole hole;
    QVERIFY(hole.open(ip("::1"), server.serverPort()));
    ConnectRaces races;
    const QList<QHostAddress> addresses{ip("::1"), ip("127.0.0.1")};
    QList<QHostAddress> told;
    bool started = false;
    races.join(
        QStringLiteral("h:1"), addresses, server.serverPort(), [&](const QHostAddress &w) { told.append(w); },
        &started);
    QVERIFY(started);
    races.join(
        QStringLiteral("h:1"), addresses, server.serverPort(), [&](const QHostAddress &w) { told.append(w); },
        &started);
    QVERIFY(!started);       // the second waits for the first one's race
    QVERIFY(told.isEmpty()); // never from inside join()
    QCOMPARE(races.racesStarted(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(told.size(), 2, 10000);
    QCOMPARE(told, (QList<QHostAddress>{ip("127.0.0.1"), ip("127.0.0.1")}));
    QCOMPARE(races.racesRunning(), 0);
    // Over: the next one races again (the engine asks only while no winner is known).
    races.join(
        QStringLiteral("h:1"), addresses, server.serverPort(), [&](const QHostAddress &w) { told.append(w); },
        &started);
    QVERIFY(started);
    QTRY_COMPARE_WITH_TIMEOUT(told.size(), 3, 10000);
}

void TestConnectRace::sharedRaceOutlivesAWaiterThatLeaves()
{
    // The waiter that started the race leaves (its deadline): the other still gets the verdict. When the last one
    // leaves, the race's connects are cut and nobody is called.
    QTcpServer server;
    QVERIFY(server.listen(ip("127.0.0.1"), 0));
    BlackHole hole;
    QVERIFY(hole.open(ip("::1"), server.serverPort()));
    ConnectRaces races;
    const QList<QHostAddress> addresses{ip("::1"), ip("127.0.0.1")};
    int firstCalls = 0;
    QList<QHostAddress> second;
    const quint64 first =
        races.join(QStringLiteral("h:2"), addresses, server.serverPort(), [&](const QHostAddress &) { ++firstCalls; });
    races.join(QStringLiteral("h:2"), addresses, server.serverPort(), [&](const QHostAddress &w) { second.append(w); });
    races.leave(first);
    QCOMPARE(races.racesRunning(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(second.size(), 1, 10000);
    QCOMPARE(second.first(), ip("127.0.0.1"));
    QCOMPARE(firstCalls, 0);

    int calls = 0;
    const quint64 a =
        races.join(QStringLiteral("h:3"), {ip("::1")}, server.serverPort(), [&](const QHostAddress &) { ++calls; });
    const quint64 b =
        races.join(QStringLiteral("h:3"), {ip("::1")}, server.serverPort(), [&](const QHostAddress &) { ++calls; });
    QTest::qWait(20);
    QVERIFY(races.attemptsStarted(a) >= 1);
    races.leave(a);
    races.leave(b);
    QCOMPARE(races.racesRunning(), 0);
    QTest::qWait(50);
    QCOMPARE(calls, 0);
}

#include "test_connectrace.moc"
