// Politeness end to end: --rate-per-host measured where it matters, at the server (arrival times), Retry-After
// slowing only the host that sent it, and --max-errors-per-host, in the engine and through fanout-cli.
// Each OriginServer is its own host (its own port, so its own scheme://host:port key). No assertion is on speed:
// gaps are checked in the direction that matters (never closer than asked), order is checked, not duration.
#include "engine/checker.h"
#include "engine/managerpool.h"
#include "origin/originserver.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>
#include <vector>

using namespace Fanout;

namespace {

// Hang guard only: a run that never ends fails here instead of at CTest's timeout.
constexpr int kHangGuardMs = 20000;

// Arrival times (ns on one clock) of every request head one origin read.
struct Host
{
    std::unique_ptr<OriginServer> server = std::make_unique<OriginServer>();
    std::vector<qint64> arrivals;
    QStringList targets;
};

struct Run
{
    QHash<int, CheckResult> results;
    QStringList slowedHosts;
    QVector<qint64> slowedUntil;
    QVector<qint64> slowedAt; // the run clock when the signal came
    QStringList slowedWhy;
    QStringList failingHosts;
    QVector<int> failingErrors;
};

Run check(const QStringList &urls, const CheckOptions &options)
{
    Checker checker;
    checker.setOptions(options);
    Run run;
    QObject::connect(&checker, &Checker::urlFinished, &checker,
                     [&run](const CheckResult &result) { run.results.insert(result.id, result); });
    QObject::connect(&checker, &Checker::hostSlowed, &checker,
                     [&](const QString &host, qint64 until, const QString &why) {
                         run.slowedHosts.append(host);
                         run.slowedUntil.append(until);
                         run.slowedAt.append(checker.elapsedMs());
                         run.slowedWhy.append(why);
                     });
    QObject::connect(&checker, &Checker::hostFailing, &checker, [&run](const QString &host, int errors) {
        run.failingHosts.append(host);
        run.failingErrors.append(errors);
    });
    QSignalSpy finished(&checker, &Checker::runFinished);
    checker.start(targetsFor(UrlListParser::parseText(urls.join(QLatin1Char('\n')))));
    if (!finished.wait(kHangGuardMs))
        qWarning("run did not finish");
    return run;
}

// The most arrivals inside any half-open window [t, t + windowNs).
int mostInWindow(const std::vector<qint64> &arrivals, qint64 windowNs)
{
    int most = 0;
    for (size_t i = 0; i < arrivals.size(); ++i) {
        size_t j = i;
        while (j < arrivals.size() && arrivals[j] < arrivals[i] + windowNs)
            ++j;
        most = std::max(most, int(j - i));
    }
    return most;
}

QString hostKey(const Host &host)
{
    return ManagerPool::hostKey(host.server->baseUrl());
}

} // namespace

class TestPoliteness final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rateIsExactAtTheServer_data();
    void rateIsExactAtTheServer();
    void everyRequestCounts();
    void retryAfterSlowsOnlyItsHost();
    void retryAfterIsCappedByMaxRetryWait();
    void failingHostIsSkipped_data();
    void failingHostIsSkipped();
    void anAnswerResetsTheErrorCount_data();
    void anAnswerResetsTheErrorCount();
    void cliOptions();

private:
    // hostCount origins, each recording its arrivals on m_clock.
    std::vector<std::unique_ptr<Host>> hosts(int hostCount);
    // A loopback port nobody listens on: connections to it are refused.
    QUrl deadBase();

    QElapsedTimer m_clock;
    QTemporaryDir m_home;
};

void TestPoliteness::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_clock.start();
}

std::vector<std::unique_ptr<Host>> TestPoliteness::hosts(int hostCount)
{
    std::vector<std::unique_ptr<Host>> out;
    for (int i = 0; i < hostCount; ++i) {
        auto host = std::make_unique<Host>();
        Host *h = host.get();
        if (!host->server->listen())
            qFatal("origin: %s", qPrintable(host->server->errorString()));
        QObject::connect(host->server.get(), &OriginServer::requestArrived, host->server.get(),
                         [this, h](const QString &target) {
                             h->arrivals.push_back(m_clock.nsecsElapsed());
                             h->targets.append(target);
                         });
        out.push_back(std::move(host));
    }
    return out;
}

QUrl TestPoliteness::deadBase()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        qFatal("no free port");
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

void TestPoliteness::rateIsExactAtTheServer_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("hostCount");
    QTest::addColumn<int>("urlsPerHost");
    QTest::newRow("2/s, 3 hosts") << 2.0 << 3 << 5;
    QTest::newRow("0.5/s, 2 hosts") << 0.5 << 2 << 3;
    QTest::newRow("5/s, 3 hosts") << 5.0 << 3 << 11;
}

void TestPoliteness::rateIsExactAtTheServer()
{
    QFETCH(double, rate);
    QFETCH(int, hostCount);
    QFETCH(int, urlsPerHost);
    auto servers = hosts(hostCount);
    QStringList urls;
    int hops = 0;
    for (int i = 0; i < urlsPerHost; ++i) {
        for (auto &host : servers) {
            // Every third URL redirects once: the hop is a request the server sees, so it counts too.
            const bool redirect = i % 3 == 1;
            hops += redirect ? 1 : 0;
            urls.append(host->server->baseUrl().toString() +
                        (redirect ? QStringLiteral("/redirect/1?i=%1").arg(i) : QStringLiteral("/page/%1").arg(i + 1)));
        }
    }
    hops /= hostCount;
    CheckOptions options;
    options.concurrency = 16; // more than enough to burst if nothing held them back
    options.ratePerHost = rate;
    const Run run = check(urls, options);
    QCOMPARE(run.results.size(), urls.size());
    for (const CheckResult &result : run.results)
        QVERIFY2(result.isOk(), qPrintable(result.input + QLatin1Char(' ') + result.error));

    const qint64 second = 1000000000;
    const int allowed = int(std::floor(rate)) + 1; // R starts beyond the first in any one-second window
    for (const auto &host : servers) {
        QCOMPARE(int(host->arrivals.size()), urlsPerHost + hops);
        // In list order: waiting for the rate keeps a host's URLs in line (hops go to /page/0).
        QStringList expected;
        for (int i = 0; i < urlsPerHost; ++i)
            expected.append(i % 3 == 1 ? QStringLiteral("/redirect/1?i=%1").arg(i)
                                       : QStringLiteral("/page/%1").arg(i + 1));
        QStringList asked = host->targets;
        asked.removeAll(QStringLiteral("/page/0"));
        QCOMPARE(asked, expected);
        const int most = mostInWindow(host->arrivals, second);
        QVERIFY2(most <= allowed, qPrintable(QStringLiteral("%1 requests within one second at %2/s: %3")
                                                 .arg(most)
                                                 .arg(rate)
                                                 .arg(host->targets.join(QLatin1Char(' ')))));
        // Over a longer window too: the spacing holds for the whole run, not only the first second.
        QVERIFY(mostInWindow(host->arrivals, 3 * second) <= int(std::floor(3 * rate)) + 1);
    }
    // The hosts did not wait for one another: every host's first request came before any host's second.
    qint64 lastFirst = 0;
    qint64 firstSecond = std::numeric_limits<qint64>::max();
    for (const auto &host : servers) {
        lastFirst = std::max(lastFirst, host->arrivals.at(0));
        firstSecond = std::min(firstSecond, host->arrivals.at(1));
    }
    QVERIFY(lastFirst < firstSecond);
}

void TestPoliteness::everyRequestCounts()
{
    // A HEAD the server refuses (then a GET) and a 503 answered by a retry: four requests for two URLs, all
    // spaced by the rate, as the server sees them.
    auto servers = hosts(1);
    Host &host = *servers[0];
    const QString a = host.server->baseUrl().toString();
    CheckOptions options;
    options.method = HttpMethod::Head;
    options.retries = 1;
    options.retryBaseDelayMs = 0;
    options.ratePerHost = 2;
    const Run run = check({a + QStringLiteral("/nohead"), a + QStringLiteral("/flaky/counts/1")}, options);
    QCOMPARE(run.results.size(), 2);
    QVERIFY2(run.results.value(0).isOk(), qPrintable(run.results.value(0).error));
    QVERIFY2(run.results.value(1).isOk(), qPrintable(run.results.value(1).error));
    QCOMPARE(run.results.value(1).attempts, 2);
    QCOMPARE(int(host.arrivals.size()), 4);
    QVERIFY2(mostInWindow(host.arrivals, 1000000000) <= 3, qPrintable(host.targets.join(QLatin1Char(' '))));
    // The one-second rule allows one extra request anywhere, which a GET sent right after its HEAD would hide:
    // look at the gaps. The engine spaces starts by 500 ms; 50 ms is for the trip to the server, and a request
    // that was not held back arrives within a few ms of the one before.
    for (size_t i = 1; i < host.arrivals.size(); ++i)
        QVERIFY2(host.arrivals[i] - host.arrivals[i - 1] >= 450000000LL,
                 qPrintable(QStringLiteral("%1 after %2: %3 ms")
                                .arg(host.targets.at(int(i)), host.targets.at(int(i) - 1))
                                .arg((host.arrivals[i] - host.arrivals[i - 1]) / 1e6)));
}

void TestPoliteness::retryAfterSlowsOnlyItsHost()
{
    auto servers = hosts(2);
    Host &slowed = *servers[0];
    Host &other = *servers[1];
    const QString a = slowed.server->baseUrl().toString();
    const QString b = other.server->baseUrl().toString();
    QStringList urls{a + QStringLiteral("/status/429?retry_after=2"), a + QStringLiteral("/page/1"),
                     a + QStringLiteral("/page/2")};
    for (int i = 0; i < 6; ++i)
        urls.append(b + QStringLiteral("/delay/150/b%1").arg(i));
    CheckOptions options;
    options.concurrency = 4;
    options.perHostLimit = 1; // the host's other URLs are queued behind the 429, not already sent
    const Run run = check(urls, options);
    QCOMPARE(run.results.size(), urls.size());
    QCOMPARE(run.results.value(0).status, 429);
    for (int id = 1; id < urls.size(); ++id)
        QVERIFY2(run.results.value(id).isOk(), qPrintable(run.results.value(id).error));

    // The host that asked waited at least the 2 s it asked for before its next request...
    QCOMPARE(int(slowed.arrivals.size()), 3);
    QVERIFY2(slowed.arrivals[1] - slowed.arrivals[0] >= 2000000000LL,
             qPrintable(QString::number((slowed.arrivals[1] - slowed.arrivals[0]) / 1e6)));
    // ... and the other host went on meanwhile.
    int othersMeanwhile = 0;
    for (qint64 t : other.arrivals)
        othersMeanwhile += t > slowed.arrivals[0] && t < slowed.arrivals[1] ? 1 : 0;
    QVERIFY2(othersMeanwhile >= 3, qPrintable(QString::number(othersMeanwhile)));
    QCOMPARE(run.slowedHosts, QStringList{hostKey(slowed)});
    QVERIFY(run.slowedWhy.value(0).contains(QLatin1String("429")));
}

void TestPoliteness::retryAfterIsCappedByMaxRetryWait()
{
    auto servers = hosts(1);
    Host &host = *servers[0];
    const QString a = host.server->baseUrl().toString();
    CheckOptions options;
    options.perHostLimit = 1;
    options.maxRetryWaitMs = 1500; // the server asks for 100 s; the host comes back after 1.5 s
    const Run run = check({a + QStringLiteral("/status/503?retry_after=100"), a + QStringLiteral("/page/1")}, options);
    QCOMPARE(run.results.size(), 2);
    QCOMPARE(run.results.value(0).status, 503);
    QVERIFY(run.results.value(1).isOk());
    QCOMPARE(int(host.arrivals.size()), 2);
    QVERIFY(host.arrivals[1] - host.arrivals[0] >= 1500000000LL);
    QCOMPARE(run.slowedHosts.size(), 1);
    const qint64 asked = run.slowedUntil.value(0) - run.slowedAt.value(0);
    QVERIFY2(asked >= 1499 && asked <= 1500, qPrintable(QString::number(asked)));
}

void TestPoliteness::failingHostIsSkipped_data()
{
    QTest::addColumn<int>("concurrency");
    QTest::addColumn<int>("perHost");
    QTest::addColumn<int>("refused");
    // One at a time: the rest are still in the queue when the host trips.
    QTest::newRow("queued") << 1 << 0 << 2;
    // One per host, others in flight elsewhere: the rest are parked for the host when it trips.
    QTest::newRow("parked") << 8 << 1 << 2;
    // All five in flight at once: they finish as they do (refused); only requests not yet sent are skipped.
    QTest::newRow("in flight") << 8 << 0 << 5;
}

void TestPoliteness::failingHostIsSkipped()
{
    QFETCH(int, concurrency);
    QFETCH(int, perHost);
    QFETCH(int, refused);
    auto servers = hosts(1);
    const QString good = servers[0]->server->baseUrl().toString();
    const QString dead = deadBase().toString();
    QStringList urls;
    for (int i = 0; i < 5; ++i)
        urls.append(dead + QStringLiteral("/x/%1").arg(i));
    urls.append(good + QStringLiteral("/page/1"));
    CheckOptions options;
    options.concurrency = concurrency;
    options.perHostLimit = perHost;
    options.maxErrorsPerHost = 2;
    const Run run = check(urls, options);
    QCOMPARE(run.results.size(), urls.size());
    // The first two were refused; the host trips and the rest of its URLs are not tried.
    for (int id = 0; id < refused; ++id) {
        QCOMPARE(run.results.value(id).errorCategory(), QStringLiteral("refused"));
        QCOMPARE(run.results.value(id).attempts, 1);
    }
    for (int id = refused; id < 5; ++id) {
        QCOMPARE(run.results.value(id).error, QStringLiteral("skipped: host failing (2 connection errors in a row)"));
        QCOMPARE(run.results.value(id).attempts, 0);
    }
    QVERIFY(run.results.value(5).isOk());
    QCOMPARE(run.failingHosts, QStringList{ManagerPool::hostKey(QUrl(dead))});
    QCOMPARE(run.failingErrors, QVector<int>{2});

    // Retries are requests too: the host fails on attempts, and a tripped host gets no more retries.
    options.concurrency = 1;
    options.retries = 5;
    options.retryBaseDelayMs = 10;
    const Run retried = check({dead + QStringLiteral("/y")}, options);
    QCOMPARE(retried.results.value(0).errorCategory(), QStringLiteral("refused"));
    QCOMPARE(retried.results.value(0).attempts, 2);
}

void TestPoliteness::anAnswerResetsTheErrorCount_data()
{
    QTest::addColumn<int>("maxErrors");
    QTest::addColumn<int>("skipped");
    QTest::newRow("3: never three in a row") << 3 << 0;
    QTest::newRow("2: trips after the first two") << 2 << 4;
}

void TestPoliteness::anAnswerResetsTheErrorCount()
{
    QFETCH(int, maxErrors);
    QFETCH(int, skipped);
    auto servers = hosts(1);
    const QString a = servers[0]->server->baseUrl().toString();
    // -> QString: with QStringBuilder, `auto` would return a builder that refers to the temporary arg() result.
    const auto reset = [&a](int i) -> QString {
        return a + QStringLiteral("/reset?i=%1").arg(i);
    };
    // Any HTTP answer says the host is there, a 404 as much as a 200.
    // (Distinct URLs: the list is deduplicated.)
    const QStringList urls{reset(1), reset(2), a + QStringLiteral("/status/404"),
                           reset(3), reset(4), a + QStringLiteral("/page/1")};
    CheckOptions options;
    options.concurrency = 1;
    options.maxErrorsPerHost = maxErrors;
    const Run run = check(urls, options);
    QCOMPARE(run.results.size(), urls.size());
    int skips = 0;
    for (const CheckResult &result : run.results)
        skips += result.errorCategory() == QLatin1String("skipped") ? 1 : 0;
    QCOMPARE(skips, skipped);
    QCOMPARE(run.results.value(0).errorCategory(), QStringLiteral("reset"));
    QCOMPARE(run.failingHosts.size(), skipped > 0 ? 1 : 0);
}

void TestPoliteness::cliOptions()
{
    auto servers = hosts(1);
    const QString good = servers[0]->server->baseUrl().toString();
    const QString dead = deadBase().toString();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto runCli = [&](const QStringList &arguments, QByteArray *out = nullptr) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name :
             {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"})
            environment.insert(QLatin1String(name), m_home.path());
        process.setProcessEnvironment(environment);
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(FANOUT_CLI_PATH), arguments);
        if (!process.waitForStarted() || !finished.wait(kHangGuardMs)) {
            process.kill();
            process.waitForFinished();
            return -1;
        }
        if (out)
            *out = process.readAllStandardError();
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    };
    const auto writeList = [&](const QString &name, const QStringList &lines) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write the list");
        file.write(lines.join(QLatin1Char('\n')).toUtf8() + '\n');
        return file.fileName();
    };

    // A failing host: its remaining URLs are skipped, the run's verdict is "some failed".
    QStringList lines;
    for (int i = 0; i < 4; ++i)
        lines.append(dead + QStringLiteral("/x/%1").arg(i));
    lines.append(good + QStringLiteral("/page/1"));
    const QString failingList = writeList(QStringLiteral("failing.txt"), lines);
    const QString out = dir.filePath(QStringLiteral("out.jsonl"));
    QByteArray said;
    QCOMPARE(runCli({QStringLiteral("-c"), QStringLiteral("1"), QStringLiteral("--max-errors-per-host"),
                     QStringLiteral("2"), QStringLiteral("-o"), out, failingList},
                    &said),
             1);
    QVERIFY2(said.contains("failed 2 times in a row: its remaining URLs are skipped"), said.constData());
    QFile rows(out);
    QVERIFY(rows.open(QIODevice::ReadOnly));
    int skippedRows = 0;
    int okRows = 0;
    for (const QByteArray &line : rows.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonObject row = QJsonDocument::fromJson(line).object();
        const QString error = row.value(QLatin1String("error")).toString();
        skippedRows += error == QLatin1String("skipped: host failing (2 connection errors in a row)") ? 1 : 0;
        okRows += error.isEmpty() ? 1 : 0;
    }
    QCOMPARE(skippedRows, 2);
    QCOMPARE(okRows, 1);

    // Rate-limited, every URL fine: exit 0, and the server saw the spacing.
    servers[0]->arrivals.clear();
    const QString okList =
        writeList(QStringLiteral("ok.txt"), {good + QStringLiteral("/page/1"), good + QStringLiteral("/page/2"),
                                             good + QStringLiteral("/page/3")});
    QCOMPARE(runCli({QStringLiteral("-q"), QStringLiteral("--rate-per-host"), QStringLiteral("4"), okList}), 0);
    QCOMPARE(int(servers[0]->arrivals.size()), 3);
    QVERIFY(servers[0]->arrivals[2] - servers[0]->arrivals[0] >= 2 * 250000000LL - 2000000LL);

    // A host that asks to slow down is said on stderr too.
    const QString slowList =
        writeList(QStringLiteral("slow.txt"), {good + QStringLiteral("/status/429?retry_after=1")});
    QCOMPARE(runCli({slowList}, &said), 1);
    QVERIFY2(said.contains(QStringLiteral("%1 asked to slow down (429 with Retry-After 1 s)")
                               .arg(ManagerPool::hostKey(QUrl(good)))
                               .toUtf8()),
             said.constData());

    // Bad values are usage errors, said on stderr.
    for (const QStringList &bad : {QStringList{QStringLiteral("--rate-per-host"), QStringLiteral("fast")},
                                   QStringList{QStringLiteral("--rate-per-host"), QStringLiteral("-1")},
                                   QStringList{QStringLiteral("--max-errors-per-host"), QStringLiteral("x")}}) {
        QByteArray err;
        QCOMPARE(runCli(QStringList(bad) << okList, &err), 2);
        QVERIFY2(err.contains(bad.at(0).toUtf8()), err.constData());
    }
}

QTEST_GUILESS_MAIN(TestPoliteness)
#include "test_politeness.moc"
