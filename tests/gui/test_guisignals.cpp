// The desktop app on SIGTERM or SIGHUP: stops its run (every request in flight cancelled, seen at the origin),
// quits, and exits with 128 + the signal number.
#include "origin/originserver.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Fanout;

class TestGuiSignals final : public QObject
{
    Q_OBJECT

private slots:
    void stopsAndQuits_data();
    void stopsAndQuits();
};

void TestGuiSignals::stopsAndQuits_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGHUP") << int(SIGHUP);
}

void TestGuiSignals::stopsAndQuits()
{
    QFETCH(int, signalNumber);
    OriginServer origin;
    QVERIFY2(origin.listen(), qPrintable(origin.errorString()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile list(dir.filePath(QStringLiteral("hang.txt")));
    QVERIFY(list.open(QIODevice::WriteOnly));
    for (int i = 0; i < 8; ++i)
        list.write(origin.baseUrl().toString().toUtf8() + "/hang?n=" + QByteArray::number(i) + '\n');
    list.close();

    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
        env.insert(QString::fromLatin1(name), dir.path());
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    app.setProcessEnvironment(env);
    app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    app.start(QStringLiteral(FANOUT_GUI_PATH),
              {QStringLiteral("--start"), QStringLiteral("--concurrency"), QStringLiteral("8"), list.fileName()});
    QVERIFY(app.waitForStarted());
    QTRY_COMPARE_WITH_TIMEOUT(origin.stats().inFlight, 8, 30000); // the whole list is in flight
    ::kill(pid_t(app.processId()), signalNumber);
    QTRY_COMPARE_WITH_TIMEOUT(app.state(), QProcess::NotRunning, 30000);
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 128 + signalNumber);
    QTRY_COMPARE_WITH_TIMEOUT(origin.stats().inFlight, 0, 10000);
}

QTEST_GUILESS_MAIN(TestGuiSignals)
#include "test_guisignals.moc"
