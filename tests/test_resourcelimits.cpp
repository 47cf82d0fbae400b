#include "engine/resourcelimits.h"

#include <QTest>

#include <limits>
#include <sys/resource.h>

using namespace Fanout;

class TestResourceLimits final : public QObject
{
    Q_OBJECT

private slots:
    void budgetCoversTheMeasurement_data();
    void budgetCoversTheMeasurement();
    void largestCapThatFits();
    void knownLimits_data();
    void knownLimits();
    void raiseToHardLimit();
};

// Peak descriptors of fanout-cli at each cap (one host, /delay/2000; see resourcelimits.h): the budget must
// never promise less than a real run took.
void TestResourceLimits::budgetCoversTheMeasurement_data()
{
    QTest::addColumn<int>("cap");
    QTest::addColumn<int>("measured");
    QTest::newRow("1") << 1 << 8;
    QTest::newRow("6") << 6 << 14;
    QTest::newRow("60") << 60 << 76;
    QTest::newRow("300") << 300 << 356;
    QTest::newRow("600") << 600 << 706;
    QTest::newRow("900") << 900 << 1056;
}

void TestResourceLimits::budgetCoversTheMeasurement()
{
    QFETCH(int, cap);
    QFETCH(int, measured);
    QVERIFY2(descriptorsForConcurrency(cap) > measured, qPrintable(QString::number(descriptorsForConcurrency(cap))));
    // And a cap that fits a limit as tight as the measurement would still have run.
    QVERIFY(maxConcurrencyForDescriptors(descriptorsForConcurrency(cap)) >= cap);
}

// For every limit: the answer fits, one more does not, and a larger limit never allows less.
void TestResourceLimits::largestCapThatFits()
{
    int previous = 1;
    for (qint64 limit = 0; limit <= 20000; ++limit) {
        const int cap = maxConcurrencyForDescriptors(limit);
        QVERIFY(cap >= 1);
        QVERIFY2(cap >= previous,
                 qPrintable(QStringLiteral("limit %1: %2 after %3").arg(limit).arg(cap).arg(previous)));
        if (descriptorsForConcurrency(1) <= limit) {
            QVERIFY2(descriptorsForConcurrency(cap) <= limit, qPrintable(QStringLiteral("limit %1").arg(limit)));
            QVERIFY2(descriptorsForConcurrency(cap + 1) > limit, qPrintable(QStringLiteral("limit %1").arg(limit)));
        } else {
            QCOMPARE(cap, 1); // below the reserve a run still gets one request at a time
        }
        previous = cap;
    }
}

void TestResourceLimits::knownLimits_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<int>("cap");
    QTest::newRow("256") << qint64(256) << 96;    // 128 reserved + 96 sockets + 16 managers x 2
    QTest::newRow("1024") << qint64(1024) << 672; // the usual soft limit
    QTest::newRow("4096") << qint64(4096) << 2976;
    QTest::newRow("524288") << qint64(524288) << 393120; // systemd's usual hard limit
    QTest::newRow("unlimited") << std::numeric_limits<qint64>::max() << std::numeric_limits<int>::max();
    QTest::newRow("unknown") << qint64(-1) << 1;
}

void TestResourceLimits::knownLimits()
{
    QFETCH(qint64, limit);
    QFETCH(int, cap);
    QCOMPARE(maxConcurrencyForDescriptors(limit), cap);
}

void TestResourceLimits::raiseToHardLimit()
{
    rlimit before{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &before), 0);
    if (before.rlim_max < 64 || before.rlim_max == RLIM_INFINITY)
        QSKIP("the hard limit leaves no room for a lower soft limit to raise");
    const rlimit lowered{before.rlim_max / 2, before.rlim_max};
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &lowered), 0);

    const qint64 raised = raiseDescriptorLimit();
    rlimit after{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &after), 0);
    QCOMPARE(after.rlim_cur, before.rlim_max);
    QCOMPARE(after.rlim_max, before.rlim_max); // the hard limit is not touched
    QCOMPARE(raised, qint64(after.rlim_cur));
    QCOMPARE(raiseDescriptorLimit(), raised); // already at the hard limit: nothing changes
}

QTEST_APPLESS_MAIN(TestResourceLimits)
#include "test_resourcelimits.moc"
