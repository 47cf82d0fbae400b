#include "engine/retrypolicy.h"

#include <QTest>

#include <climits>
#include <cmath>
#include <limits>

using namespace Fanout;

namespace {

// Tuesday 5 March 2024, 12:00:00 UTC.
QDateTime fixedNow()
{
    return QDateTime(QDate(2024, 3, 5), QTime(12, 0, 0), Qt::UTC);
}

qint64 msUntil(const QDate &date, const QTime &time)
{
    return fixedNow().msecsTo(QDateTime(date, time, Qt::UTC));
}

// The backoff ceiling computed independently (floating point), for the envelope checks.
qint64 expectedCeiling(int attemptsMade, int baseMs, int maxMs)
{
    const double exp = double(baseMs) * std::pow(2.0, std::max(attemptsMade, 1) - 1);
    return exp >= double(maxMs) ? qint64(maxMs) : qint64(exp);
}

} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void retryableStatus_data();
    void retryableStatus();
    void retryableCategory_data();
    void retryableCategory();
    void parseRetryAfter_data();
    void parseRetryAfter();
    void parseRetryAfterNeedsNowForDates();
    void backoffEnvelope_data();
    void backoffEnvelope();
    void backoffEdgeCases_data();
    void backoffEdgeCases();
    void backoffReproducibleWithSeed();
    void retryDelay_data();
    void retryDelay();
};

void TestRetryPolicy::retryableStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("retryable");
    QTest::newRow("429") << 429 << true;
    QTest::newRow("503") << 503 << true;
    QTest::newRow("200") << 200 << false;
    QTest::newRow("301") << 301 << false;
    QTest::newRow("404") << 404 << false;
    QTest::newRow("408") << 408 << false;
    QTest::newRow("500") << 500 << false;
    QTest::newRow("502") << 502 << false;
    QTest::newRow("504") << 504 << false;
    QTest::newRow("0") << 0 << false;
    QTest::newRow("-1") << -1 << false;
}

void TestRetryPolicy::retryableStatus()
{
    QFETCH(int, status);
    QFETCH(bool, retryable);
    QCOMPARE(RetryPolicy::isRetryableStatus(status), retryable);
}

void TestRetryPolicy::retryableCategory_data()
{
    QTest::addColumn<QString>("category");
    QTest::addColumn<bool>("retryable");
    for (const char *c : {"refused", "reset", "timeout", "network"})
        QTest::newRow(c) << QString::fromLatin1(c) << true;
    for (const char *c : {"dns", "tls", "invalid", "scheme", "redirects", "too-large", "cancelled", "", "Timeout",
                          "timeout: 10000 ms", "http"})
        QTest::newRow(*c ? c : "empty") << QString::fromLatin1(c) << false;
}

void TestRetryPolicy::retryableCategory()
{
    QFETCH(QString, category);
    QFETCH(bool, retryable);
    QCOMPARE(RetryPolicy::isRetryableCategory(category), retryable);
}

void TestRetryPolicy::parseRetryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected");
    const qint64 none = -1;

    // delta-seconds
    QTest::newRow("seconds") << QByteArray("120") << qint64(120000);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("leading zeros") << QByteArray("007") << qint64(7000);
    QTest::newRow("whitespace") << QByteArray("  5\t") << qint64(5000);
    QTest::newRow("huge saturates") << QByteArray("99999999999999999999999") << std::numeric_limits<qint64>::max();
    QTest::newRow("negative") << QByteArray("-5") << none;
    QTest::newRow("plus sign") << QByteArray("+5") << none;
    QTest::newRow("fraction") << QByteArray("1.5") << none;
    QTest::newRow("unit") << QByteArray("5s") << none;
    QTest::newRow("inner space") << QByteArray("1 2") << none;
    QTest::newRow("empty") << QByteArray() << none;
    QTest::newRow("blank") << QByteArray("   ") << none;
    QTest::newRow("garbage") << QByteArray("soon") << none;
    QTest::newRow("binary") << QByteArray("\x00\xff\x01", 3) << none;

    // IMF-fixdate
    QTest::newRow("imf future") << QByteArray("Tue, 05 Mar 2024 12:01:30 GMT") << qint64(90000);
    QTest::newRow("imf now") << QByteArray("Tue, 05 Mar 2024 12:00:00 GMT") << qint64(0);
    QTest::newRow("imf past") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << qint64(0);
    QTest::newRow("imf next year") << QByteArray("Wed, 05 Mar 2025 12:00:00 GMT")
                                   << msUntil(QDate(2025, 3, 5), QTime(12, 0));
    QTest::newRow("imf leap day") << QByteArray("Thu, 29 Feb 2024 00:00:00 GMT") << qint64(0);
    QTest::newRow("imf leap second") << QByteArray("Tue, 05 Mar 2024 12:00:60 GMT") << qint64(59000);
    QTest::newRow("imf lower-case month") << QByteArray("Tue, 05 mar 2024 12:00:01 GMT") << qint64(1000);
    QTest::newRow("imf 31 Feb") << QByteArray("Sat, 31 Feb 2024 12:00:00 GMT") << none;
    QTest::newRow("imf hour 25") << QByteArray("Tue, 05 Mar 2024 25:00:00 GMT") << none;
    QTest::newRow("imf minute 60") << QByteArray("Tue, 05 Mar 2024 12:60:00 GMT") << none;
    QTest::newRow("imf bad month") << QByteArray("Tue, 05 Mrz 2024 12:00:00 GMT") << none;
    QTest::newRow("imf no zone") << QByteArray("Tue, 05 Mar 2024 12:00:00") << none;
    QTest::newRow("imf other zone") << QByteArray("Tue, 05 Mar 2024 12:00:00 +0100") << none;
    QTest::newRow("imf two-digit year") << QByteArray("Tue, 05 Mar 24 12:00:00 GMT") << none;
    QTest::newRow("imf short time") << QByteArray("Tue, 05 Mar 2024 12:00 GMT") << none;
    QTest::newRow("imf bad weekday") << QByteArray("Xyz, 05 Mar 2024 12:00:10 GMT") << none;

    // RFC 850 (obsolete)
    QTest::newRow("rfc850 future") << QByteArray("Tuesday, 05-Mar-24 12:00:10 GMT") << qint64(10000);
    QTest::newRow("rfc850 past") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << qint64(0);
    // 2074 is within 50 years of 2024, so it stays in this century; 2080 is not, so "80" means 1980.
    QTest::newRow("rfc850 year 74") << QByteArray("Monday, 05-Mar-74 12:00:00 GMT")
                                    << msUntil(QDate(2074, 3, 5), QTime(12, 0));
    QTest::newRow("rfc850 year 80 is 1980") << QByteArray("Wednesday, 05-Mar-80 12:00:00 GMT") << qint64(0);
    QTest::newRow("rfc850 bad date") << QByteArray("Tuesday, 05-Mar 12:00:10 GMT") << none;
    QTest::newRow("rfc850 bad month") << QByteArray("Tuesday, 05-Foo-24 12:00:10 GMT") << none;

    // asctime (obsolete)
    QTest::newRow("asctime future") << QByteArray("Tue Mar  5 12:00:05 2024") << qint64(5000);
    QTest::newRow("asctime days ahead") << QByteArray("Sat Mar  9 12:00:00 2024") << qint64(4) * 24 * 3600 * 1000;
    QTest::newRow("asctime past") << QByteArray("Sun Nov  6 08:49:37 1994") << qint64(0);
    QTest::newRow("asctime bad year") << QByteArray("Sun Nov  6 08:49:37 94") << none;
}

void TestRetryPolicy::parseRetryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);
    QCOMPARE(RetryPolicy::parseRetryAfterMs(value, fixedNow()), expected);
}

void TestRetryPolicy::parseRetryAfterNeedsNowForDates()
{
    QCOMPARE(RetryPolicy::parseRetryAfterMs("Tue, 05 Mar 2024 12:01:30 GMT", QDateTime()), -1);
    QCOMPARE(RetryPolicy::parseRetryAfterMs("30", QDateTime()), 30000); // seconds need no clock
    // A "now" given in another time zone is the same instant.
    const QDateTime nowOffset = fixedNow().toOffsetFromUtc(3600);
    QCOMPARE(RetryPolicy::parseRetryAfterMs("Tue, 05 Mar 2024 12:01:30 GMT", nowOffset), 90000);
}

void TestRetryPolicy::backoffEnvelope_data()
{
    QTest::addColumn<int>("baseMs");
    QTest::addColumn<int>("maxMs");
    QTest::newRow("defaults 500/30000") << 500 << 30000;
    QTest::newRow("100/1000") << 100 << 1000;
    QTest::newRow("1/INT_MAX") << 1 << INT_MAX;
    QTest::newRow("3/17 odd cap") << 3 << 17;
}

void TestRetryPolicy::backoffEnvelope()
{
    QFETCH(int, baseMs);
    QFETCH(int, maxMs);
    QRandomGenerator rng(12345);
    qint64 previousCeiling = 0;
    for (int attempt = 1; attempt <= 70; ++attempt) {
        const qint64 ceiling = expectedCeiling(attempt, baseMs, maxMs);
        QVERIFY(ceiling >= previousCeiling); // the cap only grows, then stays
        previousCeiling = ceiling;
        const qint64 low = ceiling - ceiling / 2;
        qint64 seenMin = std::numeric_limits<qint64>::max();
        qint64 seenMax = -1;
        for (int sample = 0; sample < 400; ++sample) {
            const qint64 delay = RetryPolicy::backoffMs(attempt, baseMs, maxMs, rng);
            if (delay < low || delay > ceiling || delay > maxMs)
                QFAIL(qPrintable(
                    QStringLiteral("attempt %1: %2 outside [%3, %4]").arg(attempt).arg(delay).arg(low).arg(ceiling)));
            seenMin = std::min(seenMin, delay);
            seenMax = std::max(seenMax, delay);
        }
        // The jitter really spreads over the band (not a constant): both ends are approached.
        const qint64 band = ceiling - low;
        if (band >= 10) {
            QVERIFY2(seenMin <= low + band / 10, qPrintable(QString::number(attempt)));
            QVERIFY2(seenMax >= ceiling - band / 10, qPrintable(QString::number(attempt)));
        }
    }
    QCOMPARE(previousCeiling, qint64(maxMs)); // reached the cap
}

void TestRetryPolicy::backoffEdgeCases_data()
{
    QTest::addColumn<int>("attempts");
    QTest::addColumn<int>("baseMs");
    QTest::addColumn<int>("maxMs");
    QTest::addColumn<qint64>("low");
    QTest::addColumn<qint64>("high");
    QTest::newRow("first attempt") << 1 << 500 << 30000 << qint64(250) << qint64(500);
    QTest::newRow("attempts 0 counts as 1") << 0 << 500 << 30000 << qint64(250) << qint64(500);
    QTest::newRow("negative attempts") << -5 << 500 << 30000 << qint64(250) << qint64(500);
    QTest::newRow("INT_MAX attempts") << INT_MAX << 500 << 30000 << qint64(15000) << qint64(30000);
    QTest::newRow("INT_MAX everything") << INT_MAX << INT_MAX << INT_MAX << qint64(INT_MAX / 2 + 1) << qint64(INT_MAX);
    QTest::newRow("base above cap") << 1 << 50000 << 1000 << qint64(500) << qint64(1000);
    QTest::newRow("base 0") << 10 << 0 << 1000 << qint64(0) << qint64(0);
    QTest::newRow("negative base") << 3 << -100 << 1000 << qint64(0) << qint64(0);
    QTest::newRow("cap 0") << 3 << 100 << 0 << qint64(0) << qint64(0);
    QTest::newRow("negative cap") << 3 << 100 << -1 << qint64(0) << qint64(0);
    QTest::newRow("1 ms") << 1 << 1 << 1000 << qint64(1) << qint64(1);
}

void TestRetryPolicy::backoffEdgeCases()
{
    QFETCH(int, attempts);
    QFETCH(int, baseMs);
    QFETCH(int, maxMs);
    QFETCH(qint64, low);
    QFETCH(qint64, high);
    QRandomGenerator rng(99);
    for (int i = 0; i < 200; ++i) {
        const qint64 delay = RetryPolicy::backoffMs(attempts, baseMs, maxMs, rng);
        QVERIFY2(delay >= low && delay <= high, qPrintable(QString::number(delay)));
    }
}

void TestRetryPolicy::backoffReproducibleWithSeed()
{
    QRandomGenerator a(2024);
    QRandomGenerator b(2024);
    QRandomGenerator c(2025);
    QVector<qint64> fromA, fromB, fromC;
    for (int attempt = 1; attempt <= 20; ++attempt) {
        fromA << RetryPolicy::backoffMs(attempt, 500, 30000, a);
        fromB << RetryPolicy::backoffMs(attempt, 500, 30000, b);
        fromC << RetryPolicy::backoffMs(attempt, 500, 30000, c);
    }
    QCOMPARE(fromA, fromB);
    QVERIFY(fromA != fromC); // the rng is actually used
}

void TestRetryPolicy::retryDelay_data()
{
    QTest::addColumn<int>("attempts");
    QTest::addColumn<qint64>("retryAfterMs");
    QTest::addColumn<int>("maxMs");
    QTest::addColumn<qint64>("low");
    QTest::addColumn<qint64>("high");
    QTest::newRow("Retry-After wins") << 5 << qint64(2000) << 30000 << qint64(2000) << qint64(2000);
    QTest::newRow("Retry-After shorter than backoff") << 10 << qint64(1) << 30000 << qint64(1) << qint64(1);
    QTest::newRow("Retry-After 0: now") << 3 << qint64(0) << 30000 << qint64(0) << qint64(0);
    QTest::newRow("Retry-After capped") << 1 << qint64(120000) << 30000 << qint64(30000) << qint64(30000);
    QTest::newRow("Retry-After saturated capped")
        << 1 << std::numeric_limits<qint64>::max() << 30000 << qint64(30000) << qint64(30000);
    QTest::newRow("Retry-After, negative cap") << 1 << qint64(5000) << -1 << qint64(0) << qint64(0);
    QTest::newRow("no Retry-After: backoff 1") << 1 << qint64(-1) << 30000 << qint64(250) << qint64(500);
    QTest::newRow("no Retry-After: backoff 3") << 3 << qint64(-1) << 30000 << qint64(1000) << qint64(2000);
    QTest::newRow("no Retry-After: capped") << 20 << qint64(-1) << 30000 << qint64(15000) << qint64(30000);
}

void TestRetryPolicy::retryDelay()
{
    QFETCH(int, attempts);
    QFETCH(qint64, retryAfterMs);
    QFETCH(int, maxMs);
    QFETCH(qint64, low);
    QFETCH(qint64, high);
    QRandomGenerator rng(7);
    for (int i = 0; i < 200; ++i) {
        const qint64 delay = RetryPolicy::retryDelayMs(attempts, retryAfterMs, 500, maxMs, rng);
        QVERIFY2(delay >= low && delay <= high, qPrintable(QString::number(delay)));
    }
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "test_retrypolicy.moc"
