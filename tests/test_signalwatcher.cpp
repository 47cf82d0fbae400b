// SIGINT, SIGTERM and SIGHUP arrive as a Qt signal on the event loop; a second SIGINT ends the process at once.
#include "io/signalwatcher.h"

#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace Fanout;

class TestSignalWatcher final : public QObject
{
    Q_OBJECT

private slots:
    void secondInterruptExitsAtOnce();
    void signalsArriveOnTheEventLoop();
};

void TestSignalWatcher::secondInterruptExitsAtOnce()
{
    // In a child, so the real handlers and _exit() are exercised: the first SIGINT is only reported (the
    // child lives on to say so), the second ends it with 130.
#if defined(__SANITIZE_THREAD__)
    QSKIP("ThreadSanitizer defers signal handlers in a child forked from a threaded process; asan runs it");
#endif
    SignalWatcher watcher;
    QVERIFY(watcher.isActive());
    int alive[2];
    QCOMPARE(::pipe(alive), 0);
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        ::close(alive[0]);
        ::raise(SIGINT);
        const char mark = 'y';
        if (::write(alive[1], &mark, 1) != 1)
            _exit(3);
        ::raise(SIGINT);
        // Not reached when the second SIGINT works; a sanitizer may deliver it at the next system call.
        for (int i = 0; i < 500; ++i)
            ::usleep(10000);
        _exit(4);
    }
    ::close(alive[1]);
    char mark = 0;
    QCOMPARE(::read(alive[0], &mark, 1), ssize_t(1));
    QCOMPARE(mark, 'y');
    ::close(alive[0]);
    int status = 0;
    QCOMPARE(::waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 130);
}

void TestSignalWatcher::signalsArriveOnTheEventLoop()
{
    SignalWatcher watcher;
    QVERIFY(watcher.isActive());
    QSignalSpy spy(&watcher, &SignalWatcher::received);
    ::raise(SIGTERM); // handled: the test process goes on
    QVERIFY(spy.wait(5000));
    QCOMPARE(spy.takeFirst().at(0).toInt(), int(SIGTERM));
    ::raise(SIGHUP);
    QVERIFY(spy.count() == 1 || spy.wait(5000));
    QCOMPARE(spy.takeFirst().at(0).toInt(), int(SIGHUP));
    QCOMPARE(SignalWatcher::exitCodeFor(SIGTERM), 143);
    QCOMPARE(SignalWatcher::exitCodeFor(SIGHUP), 129);
    QCOMPARE(SignalWatcher::exitCodeFor(SIGINT), 130);
}

QTEST_GUILESS_MAIN(TestSignalWatcher)
#include "test_signalwatcher.moc"
