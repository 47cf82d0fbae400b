// Integration tests of the check engine against the built-in origin on loopback.
#include "engine/checker.h"
#include "origin/originserver.h"
#include "testtls.h"

#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Fanout;

namespace {

// One urlFinished as the engine reported it: how many of its requests were in flight just before (this one
// included) and how many URLs it had started by then.
struct FinishPoint
{
    int inFlight = 0;
    int started = 0;
};

// Collects one run's results by id; waits on the event loop (tests only).
struct Run
{
    QVector<CheckResult> results;
    QVector<int> startOrder;
    QVector<int> finishOrder;
    QVector<FinishPoint> finishes;
    qint64 wallMs = -1;
    bool cancelled = false;
    int maxInFlightSeen = 0;

    const CheckResult &at(int i) const { return results.at(i); }

    // Finishes from `from` on that found fewer than `cap` requests in flight while URLs were still waiting to
    // start. An engine that refills each freed slot before the next request ends has none: its cap stays
    // full, which is what makes N URLs at cap C take about N / C waves.
    int finishesWithIdleSlots(int cap, int total, int from = 0) const
    {
        int idle = 0;
        for (int i = from; i < finishes.size(); ++i)
            idle += finishes.at(i).started < total && finishes.at(i).inFlight < cap;
        return idle;
    }
};

UrlList listOf(const QStringList &urls)
{
    return UrlListParser::parseText(urls.join(QLatin1Char('\n')));
}

void attach(Checker &checker, Run &run, int size)
{
    run.results.resize(size);
    QObject::connect(&checker, &Checker::urlStarted, &checker, [&run, &checker](int id, qint64) {
        run.startOrder.append(id);
        run.maxInFlightSeen = std::max(run.maxInFlightSeen, checker.inFlight());
    });
    QObject::connect(&checker, &Checker::urlFinished, &checker, [&run](const CheckResult &r) {
        // Counted from the signals, not from inFlight(): what matters is what the engine did, in order.
        const int started = int(run.startOrder.size());
        run.finishes.append({started - int(run.finishOrder.size()), started});
        run.finishOrder.append(r.id);
        run.results[r.id] = r;
    });
    QObject::connect(&checker, &Checker::runFinished, &checker, [&run](qint64 wall, bool cancelled) {
        run.wallMs = wall;
        run.cancelled = cancelled;
    });
}

Run check(const QStringList &urls, const CheckOptions &options, int waitMs = 30000)
{
    Checker checker;
    checker.setOptions(options);
    const UrlList list = listOf(urls);
    Run run;
    attach(checker, run, int(list.entries.size()));
    QSignalSpy finished(&checker, &Checker::runFinished);
    checker.start(targetsFor(list));
    if (!finished.wait(waitMs))
        qWarning("run did not finish in %d ms", waitMs);
    return run;
}

QStringList repeat(const QString &url, int count)
{
    QStringList urls;
    for (int i = 0; i < count; ++i)
        urls << url + QLatin1Char('/') + QString::number(i); // distinct, so duplicates are not merged
    return urls;
}

} // namespace

class TestChecker final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void exactCapOnOneHost_data();
    void exactCapOnOneHost();
    void perHostCap();
    void capRaisedMidRun();
    void capLoweredMidRun();
    void deadlineCutsSlowServers_data();
    void deadlineCutsSlowServers();
    void redirects_data();
    void redirects();
    void retriesHonourRetryAfter();
    void retriesBackOffWithoutRetryAfter();
    void bigBodyIsCutShort();
    void decompressionBombIsBounded();
    void pauseAndResume();
    void cancelReportsEveryUrl();
    void connectionFailures_data();
    void connectionFailures();
    void titlesAndCharsets_data();
    void titlesAndCharsets();
    void httpErrorsAreAnswers();
    void headFallsBackToGet();
    void noCookieLeaks();
    void userAgentAndHeaders();
    void tlsErrorsUnlessInsecure();
    void rejectedLinesBecomeRows();
    void timingsAreOrdered();
    void emptyListFinishes();
    void streamingInput();
    void streamingInputCancelled();
    void backpressureAsksForMore();
    void backpressureWithPerHostCapAndRetries();
    void completeRunsNeverAskForMore();
    void systemProxyIsHonoured();
    void lastUrlOfAHostFreesItsConnection();

private:
    QString url(const QString &path, int host = 1) const { return m_server.baseUrl(host).toString() + path; }
    OriginServer m_server;
};

void TestChecker::initTestCase()
{
    QVERIFY2(m_server.listen(0, 2), qPrintable(m_server.errorString()));
}

void TestChecker::exactCapOnOneHost_data()
{
    QTest::addColumn<int>("cap");
    QTest::newRow("cap 1") << 1;
    QTest::newRow("cap 6 (one manager's limit)") << 6;
    QTest::newRow("cap 7 (one over it)") << 7;
    QTest::newRow("cap 20") << 20;
    QTest::newRow("cap 50") << 50;
}

void TestChecker::exactCapOnOneHost()
{
    QFETCH(int, cap);
    m_server.resetStats();
    CheckOptions options;
    options.concurrency = cap;
    const int count = cap * 3;
    const Run run = check(repeat(url(QStringLiteral("/delay/200")), count), options);
    QCOMPARE(run.wallMs >= 0, true);
    int ok = 0;
    for (const CheckResult &r : run.results)
        ok += r.isOk();
    QCOMPARE(ok, count);
    // The server saw exactly `cap` requests at once: never more, and really that many.
    QCOMPARE(m_server.stats().maxInFlight, cap);
    QVERIFY(run.maxInFlightSeen <= cap);
    // And the cap was kept full: every request that ended found all `cap` slots busy while URLs were waiting,
    // so the run went in three full waves (how close to 600 ms that is, is bench_engine's figure).
    QCOMPARE(run.finishes.size(), count);
    QCOMPARE(run.finishesWithIdleSlots(cap, count), 0);
    // Three waves of 200 ms cannot take less than 600 ms.
    QVERIFY2(run.wallMs >= 590, qPrintable(QString::number(run.wallMs)));
}

void TestChecker::perHostCap()
{
    m_server.resetStats();
    CheckOptions options;
    options.concurrency = 10;
    options.perHostLimit = 3;
    QStringList urls =
        repeat(url(QStringLiteral("/delay/150"), 1), 12) + repeat(url(QStringLiteral("/delay/150"), 2), 12);
    const Run run = check(urls, options);
    QVERIFY(run.wallMs > 0);
    const OriginServer::Stats stats = m_server.stats();
    QCOMPARE(stats.maxInFlight, 6); // 3 per host on 2 hosts, below the global 10
    QCOMPARE(stats.maxInFlightPerHost.size(), 2);
    for (auto it = stats.maxInFlightPerHost.cbegin(); it != stats.maxInFlightPerHost.cend(); ++it)
        QCOMPARE(it.value(), 3);
}

void TestChecker::capRaisedMidRun()
{
    m_server.resetStats();
    Checker checker;
    CheckOptions options;
    options.concurrency = 2;
    checker.setOptions(options);
    const UrlList list = listOf(repeat(url(QStringLiteral("/delay/200")), 40));
    Run run;
    attach(checker, run, int(list.entries.size()));
    QSignalSpy finished(&checker, &Checker::runFinished);
    checker.start(targetsFor(list));
    QTRY_VERIFY_WITH_TIMEOUT(checker.inFlight() == 2, 2000);
    // Cap 2 holds across refills: a first wave ended and its slots were reused.
    QTRY_VERIFY(run.finishOrder.size() >= 2);
    QCOMPARE(m_server.stats().maxInFlight, 2);
    QCOMPARE(run.finishesWithIdleSlots(2, 40), 0);
    const int raisedAt = int(run.finishes.size());
    checker.setConcurrency(12);
    QCOMPARE(checker.inFlight(), 12); // applied at once, not at the next completion
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_server.stats().maxInFlight, 12);
    // From then on the run went at 12 all the time, not back at 2 or somewhere between.
    QVERIFY(run.finishes.size() > raisedAt);
    QCOMPARE(run.finishesWithIdleSlots(12, 40, raisedAt), 0);
    for (const CheckResult &r : std::as_const(run.results))
        QVERIFY(r.isOk());
}

void TestChecker::capLoweredMidRun()
{
    Checker checker;
    CheckOptions options;
    options.concurrency = 10;
    checker.setOptions(options);
    const UrlList list = listOf(repeat(url(QStringLiteral("/delay/200")), 30));
    Run run;
    attach(checker, run, int(list.entries.size()));
    bool lowered = false;
    int maxStartedAfterLowering = 0;
    QObject::connect(&checker, &Checker::urlStarted, &checker, [&](int, qint64) {
        if (lowered)
            maxStartedAfterLowering = std::max(maxStartedAfterLowering, checker.inFlight());
    });
    QSignalSpy finished(&checker, &Checker::runFinished);
    checker.start(targetsFor(list));
    QTRY_COMPARE_WITH_TIMEOUT(checker.inFlight(), 10, 2000);
    lowered = true;
    checker.setConcurrency(3);
    QCOMPARE(checker.inFlight(), 10); // in-flight requests are not aborted by a lower cap
    QVERIFY(finished.wait(10000));
    // No request started while 3 or more were in flight: every later start saw at most 3, itself included.
    QVERIFY(maxStartedAfterLowering > 0);
    QVERIFY2(maxStartedAfterLowering <= 3, qPrintable(QString::number(maxStartedAfterLowering)));
    // 10 in the first wave, then 20 at cap 3 (7 waves of 200 ms); cap 10 would have taken 3 waves in all.
    QVERIFY2(run.wallMs >= 1400, qPrintable(QString::number(run.wallMs)));
    for (const CheckResult &r : std::as_const(run.results))
        QVERIFY(r.isOk());
}

void TestChecker::deadlineCutsSlowServers_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::newRow("drip: one byte a second") << QStringLiteral("/drip") << QStringLiteral("timeout: body");
    QTest::newRow("hang: never answers") << QStringLiteral("/hang") << QStringLiteral("timeout: no answer");
}

void TestChecker::deadlineCutsSlowServers()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    // A reference on a checker of its own (so the deadline does not apply to it), for a page the origin answers
    // after twice the deadline. A busy machine delays the deadline's timer and the origin's answer on the same
    // event loop alike, and overdue timers fire in order, so which of the two ends first does not depend on
    // how fast the machine is.
    Checker reference;
    QSignalSpy referenceDone(&reference, &Checker::urlFinished);
    reference.start(targetsFor(listOf({url(QStringLiteral("/delay/2400/reference"))})));
    CheckOptions options;
    options.timeoutMs = 1200;
    const Run run = check({url(path)}, options);
    const bool cutFirst = referenceDone.isEmpty();
    const CheckResult &r = run.at(0);
    QVERIFY2(r.error.startsWith(expected), qPrintable(r.error));
    QCOMPARE(r.errorCategory(), QStringLiteral("timeout"));
    QVERIFY(r.isFailed());
    // Cut by the deadline, not by the end of the transfer: /drip has an hour of bytes to send, /hang none.
    QVERIFY2(r.bytes < 16, qPrintable(QString::number(r.bytes)));
    QVERIFY2(r.elapsedMs() >= 1150, qPrintable(QString::number(r.elapsedMs()))); // never before the deadline
    // ... and at the deadline, not at some multiple of it: the reference was still waiting for its answer.
    QVERIFY(cutFirst);
    QVERIFY(referenceDone.wait(10000));
    const auto answered = referenceDone.first().first().value<CheckResult>();
    QVERIFY2(answered.isOk(), qPrintable(answered.error));
}

void TestChecker::redirects_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("maxRedirects");
    QTest::addColumn<int>("hops");
    QTest::addColumn<QString>("errorPrefix");
    QTest::newRow("3 hops") << QStringLiteral("/redirect/3") << 10 << 3 << QString();
    QTest::newRow("exactly the limit") << QStringLiteral("/redirect/4") << 4 << 4 << QString();
    QTest::newRow("past the limit") << QStringLiteral("/redirect/5") << 4 << 5
                                    << QStringLiteral("redirects: more than 4");
    QTest::newRow("endless chain") << QStringLiteral("/loop/0") << 10 << 11
                                   << QStringLiteral("redirects: more than 10");
    QTest::newRow("cycle") << QStringLiteral("/cycle/a") << 10 << 2 << QStringLiteral("redirects: loop");
}

void TestChecker::redirects()
{
    QFETCH(QString, path);
    QFETCH(int, maxRedirects);
    QFETCH(int, hops);
    QFETCH(QString, errorPrefix);
    CheckOptions options;
    options.maxRedirects = maxRedirects;
    const Run run = check({url(path)}, options);
    const CheckResult &r = run.at(0);
    QCOMPARE(r.redirects.size(), hops);
    QCOMPARE(r.redirects.first().url.toString(), url(path));
    for (const RedirectHop &hop : r.redirects)
        QVERIFY(hop.status >= 301 && hop.status <= 308);
    if (errorPrefix.isEmpty()) {
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.finalUrl.path(), QStringLiteral("/page/0"));
        QCOMPARE(r.title, QStringLiteral("Page 0"));
        QVERIFY(r.isOk());
    } else {
        QVERIFY2(r.error.startsWith(errorPrefix), qPrintable(r.error));
        QVERIFY(r.isFailed());
    }
}

void TestChecker::retriesHonourRetryAfter()
{
    CheckOptions options;
    options.retries = 2;
    options.retryBaseDelayMs = 50; // Retry-After (1 s) must win over this
    // Each run has a reference page the origin answers late: which of the two ends first tells how long the
    // retry waited without reading a clock (the exact delays are test_retrypolicy's).
    const Run run = check(
        {url(QStringLiteral("/flaky/ra/1?status=429&retry_after=1")), url(QStringLiteral("/delay/2500/reference"))},
        options);
    const CheckResult &r = run.at(0);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.attempts, 2);
    QVERIFY2(r.elapsedMs() >= 950, qPrintable(QString::number(r.elapsedMs()))); // the server's second
    QVERIFY(run.at(1).isOk());
    QCOMPARE(run.finishOrder, (QVector<int>{0, 1})); // and not much more: done before the 2.5 s reference

    // Retry-After beyond the bound is cut to the bound: 200 ms, not 30 s, so it ends before a 1.5 s reference.
    options.maxRetryWaitMs = 200;
    const Run bounded = check(
        {url(QStringLiteral("/flaky/ra2/1?status=503&retry_after=30")), url(QStringLiteral("/delay/1500/reference"))},
        options);
    QCOMPARE(bounded.at(0).status, 200);
    QCOMPARE(bounded.at(0).attempts, 2);
    QVERIFY2(bounded.at(0).elapsedMs() >= 190, qPrintable(QString::number(bounded.at(0).elapsedMs())));
    QVERIFY(bounded.at(1).isOk());
    QCOMPARE(bounded.finishOrder, (QVector<int>{0, 1}));
}

void TestChecker::retriesBackOffWithoutRetryAfter()
{
    CheckOptions options;
    options.retries = 3;
    options.retryBaseDelayMs = 100;
    const Run run = check(
        {url(QStringLiteral("/flaky/bo/2?status=503")), url(QStringLiteral("/flaky/never/99?status=503"))}, options);
    QCOMPARE(run.at(0).status, 200);
    QCOMPARE(run.at(0).attempts, 3);
    // Backoff 100 then 200 ms with equal jitter: at least 50 + 100.
    QVERIFY2(run.at(0).elapsedMs() >= 150, qPrintable(QString::number(run.at(0).elapsedMs())));
    QCOMPARE(run.at(1).status, 503);
    QCOMPARE(run.at(1).attempts, 4); // 1 + 3 retries, then the 503 stands
    QVERIFY(run.at(1).isFailed());

    // Not retried: a 404 and a refused connection without retries configured.
    const Run none = check({url(QStringLiteral("/status/404"))}, options);
    QCOMPARE(none.at(0).attempts, 1);
}

void TestChecker::bigBodyIsCutShort()
{
    CheckOptions options;
    const Run run = check({url(QStringLiteral("/big/51200"))}, options); // 50 MB
    const CheckResult &r = run.at(0);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.title, QStringLiteral("Big"));
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    // Stopped once the title was read: what was received, not how long it took, shows the cut.
    QVERIFY2(r.bytes < 1024 * 1024, qPrintable(QString::number(r.bytes)));

    // Without a title the body limit stops the read.
    const Run noTitle = check({url(QStringLiteral("/notitle/20000"))}, options);
    QCOMPARE(noTitle.at(0).status, 200);
    QVERIFY(noTitle.at(0).title.isEmpty());
    QVERIFY2(noTitle.at(0).bytes >= options.maxBodyBytes && noTitle.at(0).bytes < 1024 * 1024,
             qPrintable(QString::number(noTitle.at(0).bytes)));
}

void TestChecker::decompressionBombIsBounded()
{
    // 200 MiB of zeros in a small gzip body: decoded only up to the body limit, then cut like any long page.
    CheckOptions options;
    const Run run = check({url(QStringLiteral("/bomb")), url(QStringLiteral("/page/1"))}, options);
    const CheckResult &bomb = run.at(0);
    QVERIFY2(bomb.isOk(), qPrintable(bomb.error));
    QCOMPARE(bomb.status, 200);
    QVERIFY2(bomb.bytes >= options.maxBodyBytes && bomb.bytes <= options.maxBodyBytes + 64 * 1024,
             qPrintable(QString::number(bomb.bytes)));
    QVERIFY(run.at(1).isOk()); // and the run goes on
}

void TestChecker::pauseAndResume()
{
    Checker checker;
    CheckOptions options;
    options.concurrency = 2;
    checker.setOptions(options);
    const UrlList list = listOf(repeat(url(QStringLiteral("/delay/100")), 12));
    Run run;
    attach(checker, run, int(list.entries.size()));
    QSignalSpy finished(&checker, &Checker::runFinished);
    QSignalSpy started(&checker, &Checker::urlStarted);
    checker.start(targetsFor(list));
    QTRY_VERIFY_WITH_TIMEOUT(started.count() >= 2, 2000);
    checker.pause();
    QVERIFY(checker.isPaused());
    QTRY_COMPARE_WITH_TIMEOUT(checker.inFlight(), 0, 2000); // in-flight ones finish
    const int startedWhenPaused = int(started.count());
    QTest::qWait(400);
    QCOMPARE(started.count(), startedWhenPaused); // nothing new while paused
    QVERIFY(checker.isRunning());
    checker.resume();
    QVERIFY(finished.wait(5000));
    QVERIFY(!run.cancelled);
    for (const CheckResult &r : std::as_const(run.results))
        QVERIFY(r.isOk());
}

void TestChecker::cancelReportsEveryUrl()
{
    Checker checker;
    CheckOptions options;
    options.concurrency = 4;
    checker.setOptions(options);
    const UrlList list = listOf(repeat(url(QStringLiteral("/delay/2000")), 20) << QStringLiteral("ftp://example.com/"));
    Run run;
    attach(checker, run, int(list.entries.size()));
    QSignalSpy finished(&checker, &Checker::runFinished);
    checker.start(targetsFor(list));
    QTRY_COMPARE_WITH_TIMEOUT(checker.inFlight(), 4, 2000);
    checker.cancel();
    QCOMPARE(finished.count(), 1); // synchronous: every row is reported before cancel() returns
    QVERIFY(run.cancelled);
    QCOMPARE(run.results.size(), 21);
    int whileChecking = 0, beforeChecked = 0;
    for (const CheckResult &r : std::as_const(run.results)) {
        QVERIFY(r.isDone());
        QVERIFY(!r.error.isEmpty());
        whileChecking += r.error.startsWith(QLatin1String("cancelled: stopped by the user while checking"));
        beforeChecked += r.error.startsWith(QLatin1String("cancelled: stopped by the user before it was checked"));
    }
    QCOMPARE(whileChecking, 4);
    QCOMPARE(beforeChecked, 16);
    QVERIFY(run.results.last().error.startsWith(QLatin1String("scheme:")));
    QVERIFY(!checker.isRunning());
}

void TestChecker::connectionFailures_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("category");
    QTest::newRow("refused") << QStringLiteral("http://127.0.0.1:1/") << QStringLiteral("refused");
    QTest::newRow("unresolvable host") << QStringLiteral("http://no-such-host.invalid/") << QStringLiteral("dns");
    QTest::newRow("reset") << QStringLiteral("RESET") << QStringLiteral("reset");
}

void TestChecker::connectionFailures()
{
    QFETCH(QString, target);
    QFETCH(QString, category);
    if (target == QLatin1String("RESET"))
        target = url(QStringLiteral("/reset"));
    CheckOptions options;
    options.timeoutMs = 8000;
    const Run run = check({target}, options);
    const CheckResult &r = run.at(0);
    QCOMPARE(r.errorCategory(), category);
    QVERIFY2(r.error.startsWith(category + QStringLiteral(": ")), qPrintable(r.error));
    QCOMPARE(r.status, 0);
    QVERIFY(r.isFailed());
}

void TestChecker::titlesAndCharsets_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("title");
    QTest::newRow("utf-8") << QStringLiteral("/title?t=%E4%BD%A0%E5%A5%BD%20%26%20bye") << QStringLiteral("你好 & bye");
    QTest::newRow("GBK in header") << QStringLiteral("/gbk") << QStringLiteral("百度一下，你就知道");
    QTest::newRow("gb2312 in meta only") << QStringLiteral("/metagbk") << QStringLiteral("网易");
    QTest::newRow("iso-8859-1 is windows-1252") << QStringLiteral("/latin1") << QString();
}

void TestChecker::titlesAndCharsets()
{
    QFETCH(QString, path);
    QFETCH(QString, title);
    const Run run = check({url(path)}, CheckOptions());
    const CheckResult &r = run.at(0);
    QCOMPARE(r.status, 200);
    if (title.isEmpty()) // windows-1252 curly quotes, whatever the words around them
        QVERIFY2(r.title.contains(QChar(0x201C)) && r.title.contains(QChar(0x201D)), qPrintable(r.title));
    else
        QCOMPARE(r.title, title);
    QVERIFY(r.contentType.startsWith(QLatin1String("text/html")));
}

void TestChecker::httpErrorsAreAnswers()
{
    const Run run =
        check({url(QStringLiteral("/status/404")), url(QStringLiteral("/status/500")), url(QStringLiteral("/json"))},
              CheckOptions());
    QCOMPARE(run.at(0).status, 404);
    QVERIFY(run.at(0).error.isEmpty());
    QVERIFY(run.at(0).isFailed());
    QCOMPARE(run.at(1).status, 500);
    QVERIFY(run.at(1).error.isEmpty());
    QCOMPARE(run.at(2).status, 200);
    QVERIFY(run.at(2).title.isEmpty()); // not HTML: no title, the content type says why
    QVERIFY(run.at(2).contentType.startsWith(QLatin1String("application/json")));
    QVERIFY(run.at(2).isOk());
}

void TestChecker::headFallsBackToGet()
{
    CheckOptions options;
    options.method = HttpMethod::Head;
    const Run run = check({url(QStringLiteral("/nohead")), url(QStringLiteral("/page/3"))}, options);
    QCOMPARE(run.at(0).status, 200);
    QCOMPARE(run.at(0).attempts, 1);
    QCOMPARE(run.at(1).status, 200);
    QCOMPARE(run.at(1).bytes, 0); // HEAD: no body
}

void TestChecker::noCookieLeaks()
{
    CheckOptions options;
    options.concurrency = 1; // set first, then check, on the same connection pool
    const Run run = check({url(QStringLiteral("/cookie/set")), url(QStringLiteral("/cookie/check"))}, options);
    QCOMPARE(run.at(0).status, 200);
    QCOMPARE(run.at(1).title, QStringLiteral("cookie: none"));
}

void TestChecker::userAgentAndHeaders()
{
    CheckOptions options;
    options.userAgent = "FanoutTest/1.0";
    options.headers.append(qMakePair(QByteArrayLiteral("X-Fanout-Test"), QByteArrayLiteral("yes")));
    const Run run = check({url(QStringLiteral("/headers"))}, options);
    QCOMPARE(run.at(0).title, QStringLiteral("FanoutTest/1.0"));
}

void TestChecker::tlsErrorsUnlessInsecure()
{
    const QSslConfiguration tls = FanoutTest::localhostTls();
    QVERIFY(!tls.localCertificate().isNull());
    OriginServer https;
    https.setTlsConfiguration(tls);
    QVERIFY2(https.listen(), qPrintable(https.errorString()));
    const QString target = https.baseUrl().toString() + QStringLiteral("/page/7");

    const Run strict = check({target}, CheckOptions());
    QVERIFY2(strict.at(0).error.startsWith(QLatin1String("tls: ")), qPrintable(strict.at(0).error));
    QVERIFY2(strict.at(0).error.contains(QLatin1String("self"), Qt::CaseInsensitive), qPrintable(strict.at(0).error));

    CheckOptions insecure;
    insecure.ignoreTlsErrors = true;
    const Run relaxed = check({target}, insecure);
    QVERIFY2(relaxed.at(0).error.isEmpty(), qPrintable(relaxed.at(0).error));
    QCOMPARE(relaxed.at(0).status, 200);
    QCOMPARE(relaxed.at(0).title, QStringLiteral("Page 7"));
}

void TestChecker::rejectedLinesBecomeRows()
{
    const Run run =
        check({url(QStringLiteral("/page/1")), QStringLiteral("ht!tp://bad url"), QStringLiteral("mailto:a@b.c")},
              CheckOptions());
    QCOMPARE(run.results.size(), 3);
    QVERIFY(run.at(0).isOk());
    QVERIFY2(run.at(1).error.startsWith(QLatin1String("invalid: line 2")), qPrintable(run.at(1).error));
    QVERIFY2(run.at(2).error.startsWith(QLatin1String("scheme: line 3")), qPrintable(run.at(2).error));
    QVERIFY(run.at(1).isDone() && run.at(2).isDone());
}

void TestChecker::timingsAreOrdered()
{
    const Run run = check({url(QStringLiteral("/delay/120"))}, CheckOptions());
    const CheckTimings &t = run.at(0).timings;
    QVERIFY(t.startedMs >= 0);
    QVERIFY(t.connectMs >= t.startedMs);
    QVERIFY(t.sentMs >= t.connectMs);
    QVERIFY(t.headersMs >= t.sentMs + 100); // the server waited 120 ms before answering
    QVERIFY(t.finishedMs >= t.headersMs);
    QVERIFY(run.wallMs >= t.finishedMs);
}

void TestChecker::emptyListFinishes()
{
    Checker checker;
    QSignalSpy finished(&checker, &Checker::runFinished);
    QVERIFY(checker.start({}));
    QVERIFY(finished.wait(1000));
    QCOMPARE(finished.first().at(1).toBool(), false);
}

void TestChecker::streamingInput()
{
    // Targets arrive while the run goes (stdin, a list read as a stream): each is checked as it comes, and the
    // run ends only once the input is closed and everything given was reported.
    Checker checker;
    CheckOptions options;
    options.concurrency = 2;
    checker.setOptions(options);
    const UrlList list = listOf({url(QStringLiteral("/page/1")), QStringLiteral("ht!tp://bad"),
                                 url(QStringLiteral("/page/2")), url(QStringLiteral("/page/3"))});
    const QVector<CheckTarget> all = targetsFor(list);
    QVector<int> finishedIds;
    connect(&checker, &Checker::urlFinished, this, [&](const CheckResult &r) { finishedIds.append(r.id); });
    QSignalSpy done(&checker, &Checker::runFinished);
    QVERIFY(checker.start(all.mid(0, 1), Checker::InputMode::Streaming));
    QTRY_COMPARE_WITH_TIMEOUT(finishedIds.size(), 1, 10000);
    QVERIFY(checker.isRunning()); // everything given is done, but the input is still open
    QCOMPARE(done.count(), 0);
    checker.appendTargets(all.mid(1, 2)); // a rejected line and a page
    QTRY_COMPARE_WITH_TIMEOUT(finishedIds.size(), 3, 10000);
    QCOMPARE(done.count(), 0);
    checker.appendTargets(all.mid(3));
    checker.closeInput();
    QVERIFY(done.wait(10000));
    std::sort(finishedIds.begin(), finishedIds.end());
    QCOMPARE(finishedIds, (QVector<int>{0, 1, 2, 3}));
    QCOMPARE(checker.remaining(), 0);
    checker.appendTargets(all.mid(0, 1)); // after the run: ignored
    QCOMPARE(checker.isRunning(), false);
}

void TestChecker::streamingInputCancelled()
{
    Checker checker;
    const UrlList list = listOf({url(QStringLiteral("/hang?s1")), url(QStringLiteral("/hang?s2"))});
    const QVector<CheckTarget> all = targetsFor(list);
    int reports = 0;
    connect(&checker, &Checker::urlFinished, this, [&] { ++reports; });
    QSignalSpy done(&checker, &Checker::runFinished);
    QVERIFY(checker.start(all.mid(0, 1), Checker::InputMode::Streaming));
    checker.appendTargets(all.mid(1));
    QTRY_COMPARE_WITH_TIMEOUT(checker.inFlight(), 2, 10000);
    checker.cancel(); // also closes the input: the run ends with every URL given reported once
    QVERIFY(done.count() == 1 || done.wait(10000));
    QCOMPARE(reports, 2);
    QCOMPARE(done.first().at(1).toBool(), true);
}

// A producer answering targetsLow() with small batches: the engine asks again each time its queue runs low,
// holds no more than what it was given and not started, and every target is checked once.
void TestChecker::backpressureAsksForMore()
{
    m_server.resetStats();
    Checker checker;
    CheckOptions options;
    options.concurrency = 4;
    checker.setOptions(options);
    QCOMPARE(checker.lowWaterMark(), 2 * 4 + 256);
    QStringList urls = repeat(url(QStringLiteral("/page/bp")), 700);
    urls.insert(5, QStringLiteral("not a url"));
    const QVector<CheckTarget> all = targetsFor(listOf(urls));
    QCOMPARE(all.size(), 701);
    constexpr int kBatch = 100;
    int given = 0;
    int asked = 0;
    int maxQueued = 0;
    QVector<int> reports(all.size(), 0);
    connect(&checker, &Checker::targetsLow, this, [&](int queued) {
        ++asked;
        QCOMPARE(queued, checker.queuedCount());
        QVERIFY(queued < checker.lowWaterMark());
        if (given == all.size()) {
            checker.closeInput();
            return;
        }
        const QVector<CheckTarget> batch = all.mid(given, kBatch);
        given += int(batch.size());
        checker.appendTargets(batch);
        maxQueued = std::max(maxQueued, checker.queuedCount());
    });
    connect(&checker, &Checker::urlStarted, this,
            [&](int, qint64) { maxQueued = std::max(maxQueued, checker.queuedCount()); });
    connect(&checker, &Checker::urlFinished, this, [&](const CheckResult &r) { ++reports[r.id]; });
    QSignalSpy done(&checker, &Checker::runFinished);
    QVERIFY(checker.start({}, Checker::InputMode::Streaming));
    QVERIFY(done.wait(30000));
    QCOMPARE(done.first().at(1).toBool(), false);
    QCOMPARE(reports, QVector<int>(all.size(), 1));
    // Asked once when the run started, then again each time the queue ran low: ~ the list over the batches.
    QVERIFY2(asked >= 701 / kBatch && asked <= 701 / kBatch + 3, qPrintable(QString::number(asked)));
    // A producer that always gives 100 keeps the queue under the mark plus one batch.
    QVERIFY2(maxQueued < checker.lowWaterMark() + kBatch, qPrintable(QString::number(maxQueued)));
    QCOMPARE(checker.queuedCount(), 0);
    // Each URL asked for once; a GET whose reused keep-alive connection went stale as it was sent is sent again
    // (checkjob's resend rule, at most 6 per request), which a slow run (TSan) sometimes shows.
    QVERIFY2(m_server.stats().requests >= 700 && m_server.stats().requests <= 706,
             qPrintable(QString::number(m_server.stats().requests)));
}

// Parking by a per-host cap and waiting retries keep their targets while the queue moves on past them.
void TestChecker::backpressureWithPerHostCapAndRetries()
{
    m_server.resetStats();
    Checker checker;
    CheckOptions options;
    options.concurrency = 6;
    options.perHostLimit = 2;
    options.retries = 1;
    options.retryBaseDelayMs = 10;
    checker.setOptions(options);
    QStringList urls;
    for (int i = 0; i < 120; ++i) {
        // Slow pages and plain ones on host 1, 503s (retried once) on host 2; both hosts capped at 2.
        urls << (i % 3 == 0   ? url(QStringLiteral("/delay/40/h%1").arg(i), 1)
                 : i % 3 == 1 ? url(QStringLiteral("/status/503?n=%1").arg(i), 2)
                              : url(QStringLiteral("/page/%1").arg(i), 1));
    }
    const QVector<CheckTarget> all = targetsFor(listOf(urls));
    int given = 0;
    QVector<CheckResult> results(all.size());
    QVector<int> reports(all.size(), 0);
    connect(&checker, &Checker::targetsLow, this, [&](int) {
        if (given == all.size()) {
            checker.closeInput();
            return;
        }
        const QVector<CheckTarget> batch = all.mid(given, 7);
        given += int(batch.size());
        checker.appendTargets(batch);
    });
    connect(&checker, &Checker::urlFinished, this, [&](const CheckResult &r) {
        ++reports[r.id];
        results[r.id] = r;
    });
    QSignalSpy done(&checker, &Checker::runFinished);
    QVERIFY(checker.start({}, Checker::InputMode::Streaming));
    QVERIFY(done.wait(60000));
    QCOMPARE(reports, QVector<int>(all.size(), 1));
    for (int i = 0; i < all.size(); ++i) {
        QCOMPARE(results.at(i).url, all.at(i).entry.url);
        if (i % 3 == 1) {
            QCOMPARE(results.at(i).status, 503);
            QCOMPARE(results.at(i).attempts, 2);
        } else {
            QVERIFY2(results.at(i).status == 200, qPrintable(results.at(i).error));
        }
    }
    const OriginServer::Stats stats = m_server.stats();
    QCOMPARE(stats.maxInFlightPerHost.size(), 2);
    for (auto it = stats.maxInFlightPerHost.cbegin(); it != stats.maxInFlightPerHost.cend(); ++it)
        QCOMPARE(it.value(), 2);
}

void TestChecker::completeRunsNeverAskForMore()
{
    Checker checker;
    QSignalSpy low(&checker, &Checker::targetsLow);
    QSignalSpy done(&checker, &Checker::runFinished);
    QVERIFY(checker.start(targetsFor(listOf({url(QStringLiteral("/page/1")), url(QStringLiteral("/page/2"))}))));
    QCOMPARE(checker.queuedCount(), 2);
    QVERIFY(done.wait(10000));
    QCOMPARE(low.count(), 0);
    QCOMPARE(checker.queuedCount(), 0);
}

void TestChecker::systemProxyIsHonoured()
{
    // The origin answers absolute-form targets, so it can play an HTTP proxy: a host that does not resolve
    // gets an answer only if the request really went through the proxy from the environment.
    qputenv("http_proxy", m_server.baseUrl().toString().toUtf8());
    const Run proxied = check({QStringLiteral("http://proxied.invalid/title?t=via-proxy")}, CheckOptions());
    // Loopback never goes through a proxy: this one is dead, and the origin must still answer directly.
    qputenv("http_proxy", "http://127.0.0.1:1");
    const Run direct = check({url(QStringLiteral("/page/11"))}, CheckOptions());
    qunsetenv("http_proxy");
    QVERIFY2(proxied.at(0).error.isEmpty(), qPrintable(proxied.at(0).error));
    QCOMPARE(proxied.at(0).title, QStringLiteral("via-proxy"));
    QCOMPARE(direct.at(0).title, QStringLiteral("Page 11"));
}

void TestChecker::lastUrlOfAHostFreesItsConnection()
{
    // Two hosts, one URL each. The first answers at once; the second answers only once the engine has closed
    // its idle connection to the first. Kept alive (as Qt would for 5 s, or 120 s by default), the second times out.
    const QByteArray ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";
    bool firstClosed = false;
    QPointer<QTcpSocket> held; // the second server's socket may go before the first's says it closed
    const auto answerHeld = [&] {
        if (held && firstClosed)
            held->write(ok);
    };
    // After the state its sockets' handlers use: the servers, and the sockets they own, go first.
    QTcpServer first;
    QTcpServer second;
    QVERIFY(first.listen(QHostAddress::LocalHost));
    QVERIFY(second.listen(QHostAddress::LocalHost));
    QObject::connect(&first, &QTcpServer::newConnection, &first, [&] {
        QTcpSocket *socket = first.nextPendingConnection();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, ok] {
            if (socket->readAll().contains("\r\n\r\n"))
                socket->write(ok);
        });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [&] {
            firstClosed = true;
            answerHeld();
        });
    });
    QObject::connect(&second, &QTcpServer::newConnection, &second, [&] {
        QTcpSocket *socket = second.nextPendingConnection();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [&, socket] {
            if (socket->readAll().contains("\r\n\r\n")) {
                held = socket;
                answerHeld();
            }
        });
    });
    CheckOptions options;
    options.concurrency = 2;
    options.timeoutMs = 3000; // well under the 5 s a connection to a host with more to come is kept
    const QString base = QStringLiteral("http://127.0.0.1:%1/");
    const Run run =
        check({base.arg(first.serverPort()) + QStringLiteral("a"), base.arg(second.serverPort()) + QStringLiteral("b")},
              options);
    QVERIFY2(run.at(0).error.isEmpty(), qPrintable(run.at(0).error));
    QVERIFY2(run.at(1).error.isEmpty(), qPrintable(run.at(1).error));
    QCOMPARE(run.at(1).status, 200);
    QVERIFY(firstClosed);
}

QTEST_GUILESS_MAIN(TestChecker)
#include "test_checker.moc"
