#include "engine/runstats.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace Fanout;

namespace {

CheckResult done(int status, qint64 startedMs, qint64 finishedMs, const QString &error = QString())
{
    CheckResult r;
    r.state = CheckState::Done;
    r.status = status;
    r.error = error;
    r.timings.startedMs = startedMs;
    r.timings.finishedMs = finishedMs;
    return r;
}

void compareStats(const RunStats &a, const RunStats &b)
{
    QCOMPARE(a.total, b.total);
    QCOMPARE(a.done, b.done);
    QCOMPARE(a.ok, b.ok);
    QCOMPARE(a.failed, b.failed);
    QCOMPARE(a.redirected, b.redirected);
    QCOMPARE(a.http4xx, b.http4xx);
    QCOMPARE(a.http5xx, b.http5xx);
    QCOMPARE(a.errors, b.errors);
    QCOMPARE(a.sumMs, b.sumMs);
    QCOMPARE(a.bytes, b.bytes);
}

} // namespace

class TestRunStats : public QObject
{
    Q_OBJECT

private slots:
    void emptyInput();
    void counts();
    void incrementalMatchesCompute();
    void rates_data();
    void rates();
    void latencyEmpty();
    void latencySingle();
    void latencyOneToHundred();
    void latencyNearestRank_data();
    void latencyNearestRank();
};

void TestRunStats::emptyInput()
{
    const RunStats stats = RunStats::compute({}, 1500);
    QCOMPARE(stats.total, 0);
    QCOMPARE(stats.done, 0);
    QCOMPARE(stats.ok, 0);
    QCOMPARE(stats.failed, 0);
    QCOMPARE(stats.errors, 0);
    QCOMPARE(stats.sumMs, 0);
    QCOMPARE(stats.bytes, 0);
    QCOMPARE(stats.wallMs, 1500);
    QCOMPARE(stats.speedUp(), 0.0);
    QCOMPARE(stats.urlsPerSecond(), 0.0);
    QCOMPARE(RunStats::compute({}, 0).speedUp(), 0.0);
}

void TestRunStats::counts()
{
    QVector<CheckResult> results;
    results << done(200, 0, 100);               // ok
    CheckResult redirected = done(200, 10, 60); // ok, redirected
    redirected.redirects = {{QUrl(QStringLiteral("http://a.test/")), 301}};
    redirected.bytes = 500;
    results << redirected;
    results << done(302, 0, 5);                       // ok: a 3xx that was not followed is still an answer
    results << done(404, 0, 200);                     // failed, 4xx
    results << done(499, 0, 1);                       // failed, 4xx
    results << done(503, 50, 350);                    // failed, 5xx
    CheckResult redirectedToError = done(500, 0, 10); // failed, 5xx; redirects do not make it "redirected"
    redirectedToError.redirects = {{QUrl(QStringLiteral("http://b.test/")), 302}};
    results << redirectedToError;
    results << done(0, 0, 10000, QStringLiteral("timeout: no answer within 10000 ms")); // failed, error
    results << done(200, 0, 40, QStringLiteral("too-large: body cut"));            // failed, error, not counted as 2xx
    results << done(404, 0, 40, QStringLiteral("network: reset mid-body"));        // error, not an http4xx
    CheckResult invalid = done(0, -1, -1, QStringLiteral("invalid: line 3: bad")); // failed, error, no duration
    results << invalid;
    CheckResult queued; // not done: counts only in total
    queued.timings.startedMs = 0;
    queued.timings.finishedMs = 999; // would be a duration, but the row is not done
    queued.bytes = 7;
    results << queued;
    CheckResult checking;
    checking.state = CheckState::Checking;
    checking.timings.startedMs = 3;
    results << checking;

    const RunStats stats = RunStats::compute(results, 2000);
    QCOMPARE(stats.total, 13);
    QCOMPARE(stats.done, 11);
    QCOMPARE(stats.ok, 3);
    QCOMPARE(stats.failed, 8);
    QCOMPARE(stats.ok + stats.failed, stats.done);
    QCOMPARE(stats.redirected, 1);
    QCOMPARE(stats.http4xx, 2);
    QCOMPARE(stats.http5xx, 2);
    QCOMPARE(stats.errors, 4);
    QCOMPARE(stats.sumMs, 100 + 50 + 5 + 200 + 1 + 300 + 10 + 10000 + 40 + 40);
    QCOMPARE(stats.bytes, 507);
    QCOMPARE(stats.wallMs, 2000);
}

void TestRunStats::incrementalMatchesCompute()
{
    QRandomGenerator rng(7);
    QVector<CheckResult> results;
    for (int i = 0; i < 500; ++i) {
        const int statuses[] = {0, 200, 204, 301, 404, 429, 500, 503};
        CheckResult r = done(statuses[rng.bounded(8)], rng.bounded(1000), -1);
        r.timings.finishedMs = r.timings.startedMs + rng.bounded(-50, 500); // some negative: no duration
        if (rng.bounded(4) == 0)
            r.error = QStringLiteral("timeout: x");
        if (rng.bounded(5) == 0)
            r.state = CheckState::Queued;
        if (rng.bounded(3) == 0)
            r.redirects = {{QUrl(QStringLiteral("http://r.test/")), 301}};
        r.bytes = rng.bounded(10000);
        results << r;
    }
    RunStats live;
    for (const CheckResult &r : std::as_const(results))
        live.add(r);
    compareStats(live, RunStats::compute(results, 0));
    QVERIFY(live.done > 0 && live.ok > 0 && live.failed > 0 && live.errors > 0);
}

void TestRunStats::rates_data()
{
    QTest::addColumn<qint64>("sumMs");
    QTest::addColumn<int>("done");
    QTest::addColumn<qint64>("wallMs");
    QTest::addColumn<double>("speedUp");
    QTest::addColumn<double>("perSecond");
    QTest::newRow("4x") << qint64(1000) << 5 << qint64(250) << 4.0 << 20.0;
    QTest::newRow("serial") << qint64(3000) << 3 << qint64(3000) << 1.0 << 1.0;
    QTest::newRow("wall 0") << qint64(3000) << 3 << qint64(0) << 0.0 << 0.0;
    QTest::newRow("nothing done") << qint64(0) << 0 << qint64(500) << 0.0 << 0.0;
}

void TestRunStats::rates()
{
    QFETCH(qint64, sumMs);
    QFETCH(int, done);
    QFETCH(qint64, wallMs);
    QFETCH(double, speedUp);
    QFETCH(double, perSecond);
    // Built through compute() so the figures come from real results.
    QVector<CheckResult> results;
    for (int i = 0; i < done; ++i)
        results << ::done(200, 0, i == 0 ? sumMs : 0);
    const RunStats stats = RunStats::compute(results, wallMs);
    QCOMPARE(stats.sumMs, sumMs);
    QCOMPARE(stats.speedUp(), speedUp);
    QCOMPARE(stats.urlsPerSecond(), perSecond);
}

void TestRunStats::latencyEmpty()
{
    const LatencySummary s = LatencySummary::compute({});
    QCOMPARE(s.count, 0);
    QCOMPARE(s.minMs, 0);
    QCOMPARE(s.p50Ms, 0);
    QCOMPARE(s.p99Ms, 0);
    QCOMPARE(s.maxMs, 0);
    QCOMPARE(s.meanMs, 0.0);
    QCOMPARE(LatencySummary::compute({-1, -1}).count, 0); // unknown durations are not latencies
}

void TestRunStats::latencySingle()
{
    const LatencySummary s = LatencySummary::compute({42});
    QCOMPARE(s.count, 1);
    QCOMPARE(s.minMs, 42);
    QCOMPARE(s.p50Ms, 42);
    QCOMPARE(s.p90Ms, 42);
    QCOMPARE(s.p99Ms, 42);
    QCOMPARE(s.maxMs, 42);
    QCOMPARE(s.meanMs, 42.0);
}

void TestRunStats::latencyOneToHundred()
{
    QVector<qint64> values;
    for (qint64 v = 1; v <= 100; ++v)
        values << v;
    std::shuffle(values.begin(), values.end(), *QRandomGenerator::global()); // order must not matter
    const LatencySummary s = LatencySummary::compute(values);
    QCOMPARE(s.count, 100);
    QCOMPARE(s.minMs, 1);
    QCOMPARE(s.p50Ms, 50);
    QCOMPARE(s.p90Ms, 90);
    QCOMPARE(s.p99Ms, 99);
    QCOMPARE(s.maxMs, 100);
    QCOMPARE(s.meanMs, 50.5);
}

void TestRunStats::latencyNearestRank_data()
{
    QTest::addColumn<QVector<qint64>>("values");
    QTest::addColumn<qint64>("p50");
    QTest::addColumn<qint64>("p90");
    QTest::addColumn<qint64>("p99");
    QTest::addColumn<int>("count");
    // p = sorted[ceil(q*n) - 1]
    QTest::newRow("n=2") << QVector<qint64>{30, 10} << qint64(10) << qint64(30) << qint64(30) << 2;
    QTest::newRow("n=3") << QVector<qint64>{5, 1, 3} << qint64(3) << qint64(5) << qint64(5) << 3;
    QTest::newRow("n=10") << QVector<qint64>{100, 90, 80, 70, 60, 50, 40, 30, 20, 10} << qint64(50) << qint64(90)
                          << qint64(100) << 10;
    QTest::newRow("n=11") << QVector<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11} << qint64(6) << qint64(10) << qint64(11)
                          << 11;
    QTest::newRow("ties") << QVector<qint64>{7, 7, 7, 7, 1000} << qint64(7) << qint64(1000) << qint64(1000) << 5;
    QTest::newRow("unknowns dropped") << QVector<qint64>{-1, 20, -1, 10} << qint64(10) << qint64(20) << qint64(20) << 2;
    QVector<qint64> thousand;
    for (qint64 v = 1000; v >= 1; --v)
        thousand << v;
    QTest::newRow("n=1000") << thousand << qint64(500) << qint64(900) << qint64(990) << 1000;
}

void TestRunStats::latencyNearestRank()
{
    QFETCH(QVector<qint64>, values);
    QFETCH(qint64, p50);
    QFETCH(qint64, p90);
    QFETCH(qint64, p99);
    QFETCH(int, count);
    const LatencySummary s = LatencySummary::compute(values);
    QCOMPARE(s.count, count);
    QCOMPARE(s.p50Ms, p50);
    QCOMPARE(s.p90Ms, p90);
    QCOMPARE(s.p99Ms, p99);
    QVERIFY(s.minMs <= s.p50Ms && s.p50Ms <= s.p90Ms && s.p90Ms <= s.p99Ms && s.p99Ms <= s.maxMs);
}

QTEST_GUILESS_MAIN(TestRunStats)
#include "test_runstats.moc"
