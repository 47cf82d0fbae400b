// RunController on its own, without a window: a run against the in-process origin, reported as plain values on
// the GUI thread while the Checker works on a thread of its own; and the options it keeps (user's, override, cap).
#include "engine/checker.h"
#include "io/urllist.h"
#include "origin/originserver.h"
#include "privatehome.h"
#include "store/runfile.h"
#include "window/appsettings.h"
#include "window/runcontroller.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Fanout;

class TestRunController : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    OriginServer m_server;

    QVector<CheckTarget> targets(const QStringList &paths) const
    {
        QString text;
        for (const QString &path : paths)
            text += m_server.baseUrl().toString() + path + u'\n';
        return targetsFor(UrlListParser::parseText(text));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_server.listen(), qPrintable(m_server.errorString()));
    }

    void checkerLivesOnTheEngineThread()
    {
        RunController runs(CheckOptions{});
        QVERIFY(runs.checker());
        QVERIFY(runs.engineThread());
        QVERIFY(runs.engineThread() != QThread::currentThread());
        QVERIFY(runs.engineThread()->isRunning());
        QCOMPARE(runs.checker()->thread(), runs.engineThread());
        QCOMPARE(runs.thread(), QThread::currentThread());
    }

    void runReportsPlainValuesOnTheGuiThread()
    {
        CheckOptions options;
        options.retries = 0;
        options.timeoutMs = 5000;
        RunController runs(options);
        QSignalSpy ready(&runs, &RunController::passFileReady);
        QSignalSpy notSaved(&runs, &RunController::passNotSaved);
        QSignalSpy started(&runs, &RunController::urlStarted);
        QSignalSpy finished(&runs, &RunController::runFinished);
        QSignalSpy committed(&runs, &RunController::resultsCommitted);
        QSignalSpy closed(&runs, &RunController::passClosed);
        QVector<CheckResult> results;
        bool allOnGuiThread = true;
        connect(&runs, &RunController::urlFinished, this, [&](const CheckResult &result) {
            allOnGuiThread = allOnGuiThread && QThread::currentThread() == qApp->thread();
            results.append(result);
        });

        const QVector<CheckTarget> all =
            targets({QStringLiteral("/page/1"), QStringLiteral("/status/404"), QStringLiteral("/page/2")});
        QCOMPARE(all.size(), 3);
        RunController::Pass pass;
        pass.kind = QStringLiteral("run");
        pass.path = m_dir.filePath(QStringLiteral("first.fanout-run"));
        pass.create = true;
        pass.meta.created = QDateTime::currentDateTimeUtc();
        pass.meta.options = runs.runOptions();
        pass.meta.state = RunState::Running;
        pass.all = all;
        pass.targets = all;
        pass.options = runs.runOptions();
        runs.startPass(pass);

        QVERIFY(finished.wait(15000));
        QCOMPARE(ready.size(), 1);
        QCOMPARE(ready.first().first().toString(), pass.path);
        QVERIFY(notSaved.isEmpty());
        QCOMPARE(started.size(), 3);
        QCOMPARE(results.size(), 3);
        QVERIFY(allOnGuiThread);
        QCOMPARE(finished.first().at(1).toBool(), false); // not cancelled
        std::sort(results.begin(), results.end(),
                  [](const CheckResult &a, const CheckResult &b) { return a.id < b.id; });
        QCOMPARE(results.at(0).status, 200);
        QVERIFY(results.at(0).isOk());
        QCOMPARE(results.at(1).status, 404);
        QVERIFY(results.at(1).isFailed());
        QCOMPARE(results.at(2).status, 200);

        runs.finishPass(finished.first().at(0).toLongLong(), false);
        QVERIFY(closed.wait(5000));
        QCOMPARE(closed.first().first().toString(), pass.path);
        QVERIFY(!committed.isEmpty());
        QCOMPARE(committed.last().first().toLongLong(), 3);
        QVERIFY(QFileInfo::exists(pass.path));
    }

    void stopCancelsWhatIsLeft()
    {
        CheckOptions options;
        options.retries = 0;
        options.timeoutMs = 20000;
        options.concurrency = 1;
        RunController runs(options);
        QVERIFY(runs.setConcurrency(1));
        QSignalSpy started(&runs, &RunController::urlStarted);
        QSignalSpy finished(&runs, &RunController::runFinished);
        int cancelled = 0;
        connect(&runs, &RunController::urlFinished, this, [&](const CheckResult &result) {
            if (result.isCancelled())
                ++cancelled;
        });
        const QVector<CheckTarget> all = targets({QStringLiteral("/hang"), QStringLiteral("/page/1")});
        RunController::Pass pass;
        pass.kind = QStringLiteral("run");
        pass.path = m_dir.filePath(QStringLiteral("stopped.fanout-run"));
        pass.create = true;
        pass.meta.state = RunState::Running;
        pass.all = all;
        pass.targets = all;
        pass.options = runs.runOptions();
        runs.startPass(pass);
        QVERIFY(started.wait(5000));
        runs.stop();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(1).toBool(), true);
        QCOMPARE(cancelled, 2); // the one in flight and the one queued behind it (cap 1)
    }

    void overrideLeavesTheUsersOptions()
    {
        CheckOptions mine;
        mine.retries = 2;
        mine.concurrency = 12;
        RunController runs(mine);
        QSignalSpy caps(&runs, &RunController::concurrencyChanged);
        QVERIFY(runs.setConcurrency(12));  // the first call applies
        QVERIFY(!runs.setConcurrency(12)); // nothing changed
        QCOMPARE(runs.concurrency(), 12);

        CheckOptions demo;
        demo.retries = 0;
        demo.concurrency = 5000; // above what the process can run: clamped
        runs.setRunOptionsOverride(demo);
        QVERIFY(runs.hasRunOptionsOverride());
        QCOMPARE(runs.concurrency(), AppSettings::MaxConcurrency);
        QCOMPARE(runs.runOptions().retries, 0);
        QCOMPARE(runs.userOptions().retries, 2);
        QCOMPARE(runs.userOptions().concurrency, 12);

        // A lower limit lowers the override's cap at once; the user's cap is the caller's to lower.
        runs.setMaxConcurrency(40);
        QCOMPARE(runs.maxConcurrency(), 40);
        QCOMPARE(runs.concurrency(), 40);
        QVERIFY(runs.setConcurrency(3)); // the override's cap
        QCOMPARE(runs.userOptions().concurrency, 12);

        // User options set meanwhile wait for the override to end (their cap clamped).
        CheckOptions later = mine;
        later.timeoutMs = 7000;
        later.concurrency = 90;
        runs.setUserOptions(later);
        QCOMPARE(runs.runOptions().concurrency, 3);
        runs.setRunOptionsOverride(std::nullopt);
        QVERIFY(!runs.hasRunOptionsOverride());
        QCOMPARE(runs.concurrency(), 40);
        QCOMPARE(runs.runOptions().timeoutMs, 7000);
        QVERIFY(!caps.isEmpty());
        QCOMPARE(caps.last().first().toInt(), 40);
    }
};

int main(int argc, char **argv)
{
    return FanoutTest::runInPrivateHome<TestRunController>(argc, argv);
}

#include "test_runcontroller.moc"
