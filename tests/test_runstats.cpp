// RunStats and LatencySummary against figures worked out by hand from small fixed data sets (the comments
// next to each data row show the arithmetic), never against a second run of the same code.
#include "engine/runstats.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace Fanout;

namespace {

CheckResult row(CheckState state, int status, qint64 startedMs, qint64 finishedMs, const QString &error = {},
                int redirects = 0, qint64 bytes = 0)
{
    CheckResult r;
    r.state = state;
    r.status = status;
    r.error = error;
    r.timings.startedMs = startedMs;
    r.timings.finishedMs = finishedMs;
    for (int i = 0; i < redirects; ++i)
        r.redirects.append({QUrl(QStringLiteral("http://r.test/%1").arg(i)), 301});
    r.bytes = bytes;
    return r;
}

CheckResult done(int status, qint64 startedMs, qint64 finishedMs, const QString &error = {}, int redirects = 0,
                 qint64 bytes = 0)
{
    return row(CheckState::Done, status, startedMs, finishedMs, error, redirects, bytes);
}

// The figures of one data set, in the order RunStats declares them.
struct Expected
{
    int total, done, ok, failed, redirected, http4xx, http5xx, errors;
    qint64 sumMs, bytes;
    double speedUp, perSecond;
};

} // namespace

Q_DECLARE_METATYPE(Expected)

class TestRunStats : public QObject
{
    Q_OBJECT

private slots:
    void compute_data();
    void compute();
    void addRunsTotalsStepByStep();
    void cancelledRowsCountApart();
    void cancelledVerdicts();
    void latencyEmpty();
    void latencySingle();
    void latencyOneToHundred();
    void latencyNearestRank_data();
    void latencyNearestRank();
};

void TestRunStats::compute_data()
{
    QTest::addColumn<QVector<CheckResult>>("results");
    QTest::addColumn<qint64>("wallMs");
    QTest::addColumn<Expected>("expected");

    // Expected{total, done, ok, failed, redirected, 4xx, 5xx, errors, sum ms, bytes, speed-up, URLs a second}
    QTest::newRow("empty") << QVector<CheckResult>{} << qint64(1500) << Expected{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    // 250 ms in 250 ms: speed-up 1; 1 URL / 0.25 s = 4 a second.
    QTest::newRow("one ok") << QVector<CheckResult>{done(200, 0, 250, {}, 0, 1000)} << qint64(250)
                            << Expected{1, 1, 1, 0, 0, 0, 0, 0, 250, 1000, 1.0, 4.0};

    // Five 200 ms URLs side by side in 250 ms: 1000 / 250 = 4; 5 / 0.25 s = 20 a second.
    QTest::newRow("five at once") << QVector<CheckResult>{done(200, 0, 200), done(200, 10, 210), done(200, 20, 220),
                                                          done(200, 30, 230), done(200, 50, 250)}
                                  << qint64(250) << Expected{5, 5, 5, 0, 0, 0, 0, 0, 1000, 0, 4.0, 20.0};

    // One after the other: 3 × 1000 ms in 3000 ms: speed-up 1, one a second.
    QTest::newRow("serial") << QVector<CheckResult>{done(200, 0, 1000), done(200, 1000, 2000), done(200, 2000, 3000)}
                            << qint64(3000) << Expected{3, 3, 3, 0, 0, 0, 0, 0, 3000, 0, 1.0, 1.0};

    // No wall time yet: both rates are 0, not a division by zero.
    QTest::newRow("wall 0") << QVector<CheckResult>{done(200, 0, 1000), done(404, 0, 500)} << qint64(0)
                            << Expected{2, 2, 1, 1, 0, 1, 0, 0, 1500, 0, 0.0, 0.0};

    // Status classes at their edges, none with an error: 399 and 302 are answers below 400 (ok), 400 and 499
    // are 4xx, 500 and 599 are 5xx, 600 is failed but in no class; status 0 without an error is failed too.
    // Durations 1..8 ms: sum 36. 8 done in 4 ms → 2000 a second; 36 / 4 = 9.
    QTest::newRow("status edges") << QVector<CheckResult>{done(302, 0, 1), done(399, 0, 2), done(400, 0, 3),
                                                          done(499, 0, 4), done(500, 0, 5), done(599, 0, 6),
                                                          done(600, 0, 7), done(0, 0, 8)}
                                  << qint64(4) << Expected{8, 8, 2, 6, 0, 2, 2, 0, 36, 0, 9.0, 2000.0};

    // An HTTP status that comes with an error is an error, not a 4xx or 5xx (the body broke, the answer did
    // not count); a 200 cut for size is failed. Errors: 3. Sum 10 + 20 + 30 = 60 over 30 ms: 2; 3 / 0.03 s = 100.
    QTest::newRow("errors win over status")
        << QVector<CheckResult>{done(404, 0, 10, QStringLiteral("network: reset mid-body")),
                                done(503, 0, 20, QStringLiteral("network: reset mid-body")),
                                done(200, 0, 30, QStringLiteral("too-large: body cut"))}
        << qint64(30) << Expected{3, 3, 0, 3, 0, 0, 0, 3, 60, 0, 2.0, 100.0};

    // Redirected counts ok rows only: a chain that ends in a 500, or in an error, is failed and not redirected.
    // Sum 40 + 60 + 100 = 200 over 100 ms: 2; 3 / 0.1 s = 30.
    QTest::newRow("redirects") << QVector<CheckResult>{done(200, 0, 40, {}, 2), done(500, 0, 60, {}, 1),
                                                       done(200, 0, 100, QStringLiteral("too-large: x"), 3)}
                               << qint64(100) << Expected{3, 3, 1, 2, 1, 0, 1, 1, 200, 0, 2.0, 30.0};

    // Rows without a duration (never started, or an end before the start) add nothing to the sum. Sum 100 ms
    // of the one timed row over 50 ms: 2; 3 done / 0.05 s = 60.
    QTest::newRow("no duration") << QVector<CheckResult>{done(0, -1, -1, QStringLiteral("invalid: line 3: bad")),
                                                         done(200, 500, 400), done(200, 0, 100)}
                                 << qint64(50) << Expected{3, 3, 2, 1, 0, 0, 0, 1, 100, 0, 2.0, 60.0};

    // Rows not done count in total and, with an error text, in errors (a rejected line before the run), and
    // nowhere else: not in done, ok, failed or the sum, whatever their timings say.
    QTest::newRow("not done") << QVector<CheckResult>{row(CheckState::Queued, 0, 0, 999),
                                                      row(CheckState::Checking, 0, 3, -1),
                                                      row(CheckState::Queued, 0, -1, -1,
                                                          QStringLiteral("invalid: line 2: not a URL")),
                                                      done(200, 0, 80, {}, 0, 300)}
                              << qint64(100) << Expected{4, 1, 1, 0, 0, 0, 0, 1, 80, 300, 0.8, 10.0};

    // A run of every kind. ok: 200 (100 ms, 0 B), redirected 200 (50 ms, 500 B), 302 (5 ms). failed: 404
    // (200 ms), 499 (1 ms), 503 (300 ms), 500 after a redirect (10 ms), timeout (10000 ms), 200 cut for size
    // (40 ms), 404 with a reset (40 ms), invalid line (no duration). Not done: queued, checking.
    // total 13, done 11, ok 3, failed 8, redirected 1, 4xx 2 (404, 499), 5xx 2 (503, 500), errors 4.
    // sum = 100 + 50 + 5 + 200 + 1 + 300 + 10 + 10000 + 40 + 40 = 10746 ms; over 2000 ms: 5.373.
    // 11 done in 2 s: 5.5 a second.
    QTest::newRow("every kind") << QVector<CheckResult>{done(200, 0, 100),
                                                        done(200, 10, 60, {}, 1, 500),
                                                        done(302, 0, 5),
                                                        done(404, 0, 200),
                                                        done(499, 0, 1),
                                                        done(503, 50, 350),
                                                        done(500, 0, 10, {}, 1),
                                                        done(0, 0, 10000, QStringLiteral("timeout: no answer")),
                                                        done(200, 0, 40, QStringLiteral("too-large: body cut")),
                                                        done(404, 0, 40, QStringLiteral("network: reset")),
                                                        done(0, -1, -1, QStringLiteral("invalid: line 3: bad")),
                                                        row(CheckState::Queued, 0, -1, -1),
                                                        row(CheckState::Checking, 0, 3, -1)}
                                << qint64(2000) << Expected{13, 11, 3, 8, 1, 2, 2, 4, 10746, 500, 5.373, 5.5};
}

void TestRunStats::compute()
{
    QFETCH(QVector<CheckResult>, results);
    QFETCH(qint64, wallMs);
    QFETCH(Expected, expected);
    const RunStats stats = RunStats::compute(results, wallMs);
    QCOMPARE(stats.total, expected.total);
    QCOMPARE(stats.done, expected.done);
    QCOMPARE(stats.ok, expected.ok);
    QCOMPARE(stats.failed, expected.failed);
    QCOMPARE(stats.redirected, expected.redirected);
    QCOMPARE(stats.http4xx, expected.http4xx);
    QCOMPARE(stats.http5xx, expected.http5xx);
    QCOMPARE(stats.errors, expected.errors);
    QCOMPARE(stats.sumMs, expected.sumMs);
    QCOMPARE(stats.bytes, expected.bytes);
    QCOMPARE(stats.wallMs, wallMs);
    QCOMPARE(stats.speedUp(), expected.speedUp);
    QCOMPARE(stats.urlsPerSecond(), expected.perSecond);
    // Whatever the set, every done row is ok or failed, never both.
    QCOMPARE(stats.ok + stats.failed, stats.done);
}

void TestRunStats::addRunsTotalsStepByStep()
{
    // The live form: one result at a time, with the running totals after each written out by hand.
    const QVector<CheckResult> results{
        done(200, 0, 120, {}, 0, 10),                      // ok
        done(404, 20, 60, {}, 0, 20),                      // failed, 4xx
        done(0, 0, 3000, QStringLiteral("timeout: slow")), // failed, error
        done(200, 100, 130, {}, 2, 30),                    // ok, redirected
        done(503, 0, 400),                                 // failed, 5xx
    };
    struct Totals
    {
        int total, done, ok, failed, redirected, http4xx, http5xx, errors;
        qint64 sumMs, bytes;
    };
    const Totals after[] = {
        {1, 1, 1, 0, 0, 0, 0, 0, 120, 10},  //
        {2, 2, 1, 1, 0, 1, 0, 0, 160, 30},  // + 40 ms, + 20 B
        {3, 3, 1, 2, 0, 1, 0, 1, 3160, 30}, // + 3000 ms
        {4, 4, 2, 2, 1, 1, 0, 1, 3190, 60}, // + 30 ms, + 30 B
        {5, 5, 2, 3, 1, 1, 1, 1, 3590, 60}, // + 400 ms
    };
    RunStats live;
    for (int i = 0; i < results.size(); ++i) {
        live.add(results.at(i));
        const Totals &t = after[i];
        QCOMPARE(live.total, t.total);
        QCOMPARE(live.done, t.done);
        QCOMPARE(live.ok, t.ok);
        QCOMPARE(live.failed, t.failed);
        QCOMPARE(live.redirected, t.redirected);
        QCOMPARE(live.http4xx, t.http4xx);
        QCOMPARE(live.http5xx, t.http5xx);
        QCOMPARE(live.errors, t.errors);
        QCOMPARE(live.sumMs, t.sumMs);
        QCOMPARE(live.bytes, t.bytes);
    }
    // add() leaves the wall time to the caller: rates stay 0 until it is set.
    QCOMPARE(live.wallMs, 0);
    QCOMPARE(live.speedUp(), 0.0);
    live.wallMs = 1000;
    QCOMPARE(live.speedUp(), 3.59);      // 3590 ms of URLs in 1 s
    QCOMPARE(live.urlsPerSecond(), 5.0); // 5 done in 1 s
}

void TestRunStats::cancelledRowsCountApart()
{
    // A run stopped at 1000 ms: 10 URLs answered (100 ms each, one after the other: 1000 ms), 3 were in flight
    // (started at 900 ms, cut at the stop) and 4 still queued (never started, reported at the stop). The cut
    // and never-sent ones are cancelled: not done, not failed, not errors, and their time is in no sum.
    QVector<CheckResult> results;
    for (int i = 0; i < 10; ++i)
        results.append(done(200, i * 100, i * 100 + 100));
    for (int i = 0; i < 3; ++i)
        results.append(done(0, 900, 1000, QStringLiteral("cancelled: stopped while checking")));
    for (int i = 0; i < 4; ++i)
        results.append(done(0, -1, 1000, QStringLiteral("cancelled: stopped before it was checked")));
    results.append(done(0, 1000, 1000, QStringLiteral("cancelled"))); // a slim timing row: the category only
    const RunStats stats = RunStats::compute(results, 1000);
    QCOMPARE(stats.total, 18);
    QCOMPARE(stats.done, 10);
    QCOMPARE(stats.cancelled, 8);
    QCOMPARE(stats.ok, 10);
    QCOMPARE(stats.failed, 0);
    QCOMPARE(stats.errors, 0);
    QCOMPARE(stats.skipped, 0);
    QCOMPARE(stats.sumMs, 1000); // the 3 × 100 ms of cut requests are not what a serial loop would have taken
    QCOMPARE(stats.speedUp(), 1.0);
    QCOMPARE(stats.urlsPerSecond(), 10.0); // 10 finished in 1 s; counting the cancelled ones would say 18

    // Live, one at a time: a cancelled row moves only total and cancelled.
    RunStats live;
    live.add(done(404, 0, 50));
    live.add(done(0, 0, 70, QStringLiteral("cancelled: interrupted by SIGINT while checking")));
    QCOMPARE(live.total, 2);
    QCOMPARE(live.done, 1);
    QCOMPARE(live.failed, 1);
    QCOMPARE(live.cancelled, 1);
    QCOMPARE(live.http4xx, 1);
    QCOMPARE(live.sumMs, 50);
}

void TestRunStats::cancelledVerdicts()
{
    // "cancelled" is a category of its own, with or without the message after the colon; a row is cancelled
    // only once done (reported), and a word that merely starts with it is not that category.
    const CheckResult cut = done(0, 0, 10, QStringLiteral("cancelled: stopped while checking"));
    QVERIFY(cut.isCancelled());
    QVERIFY(!cut.isFailed());
    QVERIFY(!cut.isOk());
    QVERIFY(!cut.isSkipped());
    QVERIFY(done(0, 0, 10, QStringLiteral("cancelled")).isCancelled());
    QVERIFY(!row(CheckState::Queued, 0, -1, -1, QStringLiteral("cancelled: x")).isCancelled());
    QVERIFY(!done(0, 0, 10, QStringLiteral("cancelledx: y")).isCancelled());
    QVERIFY(done(0, 0, 10, QStringLiteral("cancelledx: y")).isFailed());
    QVERIFY(!done(0, 0, 10, QStringLiteral("network: cancelled")).isCancelled());
    // Slim rows keep the bare category: an accepted 404 stays OK, an excluded row stays skipped.
    QVERIFY(done(404, 0, 10, QStringLiteral("accepted")).isOk());
    QVERIFY(done(0, -1, -1, QStringLiteral("excluded")).isSkipped());
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
    QRandomGenerator rng(100);
    std::shuffle(values.begin(), values.end(), rng); // order must not matter
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
    QTest::addColumn<int>("count");
    QTest::addColumn<qint64>("min");
    QTest::addColumn<qint64>("p50");
    QTest::addColumn<qint64>("p90");
    QTest::addColumn<qint64>("p99");
    QTest::addColumn<qint64>("max");
    QTest::addColumn<double>("mean");
    // Nearest rank, as documented: p = sorted[ceil(p/100 × n) - 1]. The ranks are worked out per row.
    // n=2: ranks ceil(1) = 1, ceil(1.8) = 2, ceil(1.98) = 2 of {10, 30}.
    QTest::newRow("n=2") << QVector<qint64>{30, 10} << 2 << qint64(10) << qint64(10) << qint64(30) << qint64(30)
                         << qint64(30) << 20.0;
    // n=3: ranks 2, 3, 3 of {1, 3, 5}.
    QTest::newRow("n=3") << QVector<qint64>{5, 1, 3} << 3 << qint64(1) << qint64(3) << qint64(5) << qint64(5)
                         << qint64(5) << 3.0;
    // n=4: ranks 2, ceil(3.6) = 4, 4 of {10, 20, 30, 40}.
    QTest::newRow("n=4") << QVector<qint64>{40, 10, 30, 20} << 4 << qint64(10) << qint64(20) << qint64(40) << qint64(40)
                         << qint64(40) << 25.0;
    // n=10: ranks 5, 9, ceil(9.9) = 10 of {10, ..., 100}.
    QTest::newRow("n=10") << QVector<qint64>{100, 90, 80, 70, 60, 50, 40, 30, 20, 10} << 10 << qint64(10) << qint64(50)
                          << qint64(90) << qint64(100) << qint64(100) << 55.0;
    // n=11: ranks ceil(5.5) = 6, ceil(9.9) = 10, ceil(10.89) = 11 of {1, ..., 11}.
    QTest::newRow("n=11") << QVector<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11} << 11 << qint64(1) << qint64(6)
                          << qint64(10) << qint64(11) << qint64(11) << 6.0;
    // n=20: ranks 10, 18, ceil(19.8) = 20 of {1, ..., 20}; mean 210 / 20.
    QVector<qint64> twenty;
    for (qint64 v = 20; v >= 1; --v)
        twenty << v;
    QTest::newRow("n=20") << twenty << 20 << qint64(1) << qint64(10) << qint64(18) << qint64(20) << qint64(20) << 10.5;
    // Ties: ranks 3, ceil(4.5) = 5, 5 of {7, 7, 7, 7, 1000}; mean 1028 / 5.
    QTest::newRow("ties") << QVector<qint64>{7, 7, 7, 7, 1000} << 5 << qint64(7) << qint64(7) << qint64(1000)
                          << qint64(1000) << qint64(1000) << 205.6;
    // Zero is a duration: ranks 2, 3, 3 of {0, 0, 5}; mean 5 / 3.
    QTest::newRow("zeros") << QVector<qint64>{5, 0, 0} << 3 << qint64(0) << qint64(0) << qint64(5) << qint64(5)
                           << qint64(5) << 5.0 / 3.0;
    // -1 means "no duration" and is dropped before ranking: {10, 20}.
    QTest::newRow("unknowns dropped") << QVector<qint64>{-1, 20, -1, 10} << 2 << qint64(10) << qint64(10) << qint64(20)
                                      << qint64(20) << qint64(20) << 15.0;
    // n=1000: ranks 500, 900, 990 of {1, ..., 1000}; mean 500500 / 1000.
    QVector<qint64> thousand;
    for (qint64 v = 1000; v >= 1; --v)
        thousand << v;
    QTest::newRow("n=1000") << thousand << 1000 << qint64(1) << qint64(500) << qint64(900) << qint64(990)
                            << qint64(1000) << 500.5;
}

void TestRunStats::latencyNearestRank()
{
    QFETCH(QVector<qint64>, values);
    QFETCH(int, count);
    QFETCH(qint64, min);
    QFETCH(qint64, p50);
    QFETCH(qint64, p90);
    QFETCH(qint64, p99);
    QFETCH(qint64, max);
    QFETCH(double, mean);
    const LatencySummary s = LatencySummary::compute(values);
    QCOMPARE(s.count, count);
    QCOMPARE(s.minMs, min);
    QCOMPARE(s.p50Ms, p50);
    QCOMPARE(s.p90Ms, p90);
    QCOMPARE(s.p99Ms, p99);
    QCOMPARE(s.maxMs, max);
    QCOMPARE(s.meanMs, mean);
}

QTEST_GUILESS_MAIN(TestRunStats)
#include "test_runstats.moc"
