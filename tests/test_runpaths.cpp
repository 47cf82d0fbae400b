#include "store/runpaths.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Fanout;

class TestRunPaths final : public QObject
{
    Q_OBJECT

private slots:
    void stateHomeIsHonoured()
    {
        QTemporaryDir dir;
        qputenv("XDG_STATE_HOME", dir.path().toUtf8());
        QCOMPARE(defaultRunsDirectory(), dir.path() + QStringLiteral("/fanout/runs"));
    }

    // The Base Directory spec: a relative XDG_STATE_HOME is invalid and ignored.
    void relativeOrUnsetFallsBackToHome_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("unset") << QByteArray();
        QTest::newRow("relative") << QByteArray("state");
    }
    void relativeOrUnsetFallsBackToHome()
    {
        QFETCH(QByteArray, value);
        QTemporaryDir home;
        qputenv("HOME", home.path().toUtf8());
        if (value.isNull())
            qunsetenv("XDG_STATE_HOME");
        else
            qputenv("XDG_STATE_HOME", value);
        QCOMPARE(defaultRunsDirectory(), home.path() + QStringLiteral("/.local/state/fanout/runs"));
    }

    void namesAreSafeAndUnique_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("/lists/links.txt") << QStringLiteral("20261201-123456-links.fanout");
        QTest::newRow("stdin") << QStringLiteral("-") << QStringLiteral("20261201-123456-stdin.fanout");
        QTest::newRow("spaces and unicode")
            << QStringLiteral("my lists/Liens été.csv") << QStringLiteral("20261201-123456-Liens_été.fanout");
        QTest::newRow("hidden") << QStringLiteral("/x/.urls.txt") << QStringLiteral("20261201-123456-urls.fanout");
        QTest::newRow("no name") << QStringLiteral("/x/.txt") << QStringLiteral("20261201-123456-run.fanout");
    }
    void namesAreSafeAndUnique()
    {
        QFETCH(QString, source);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QDateTime when(QDate(2026, 12, 1), QTime(12, 34, 56), Qt::UTC);
        const QString first = newRunPath(dir.path(), source, when);
        QCOMPARE(QFileInfo(first).fileName(), expected);
        QFile taken(first);
        QVERIFY(taken.open(QIODevice::WriteOnly));
        taken.close();
        const QString second = newRunPath(dir.path(), source, when);
        QCOMPARE(QFileInfo(second).fileName(),
                 QString(expected).replace(QStringLiteral(".fanout"), QStringLiteral("-2.fanout")));
    }
};

QTEST_GUILESS_MAIN(TestRunPaths)
#include "test_runpaths.moc"
