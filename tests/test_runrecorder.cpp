// RunRecorder: what it writes, when it commits, how it reports errors, and what survives kill -9 (a child
// process, this executable run with --record-child, is killed mid-stream).

#include "store/runrecorder.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <sys/resource.h>

using namespace Fanout;

namespace {

constexpr int ChildEntries = 60000;

CheckTarget target(int id)
{
    CheckTarget t;
    t.id = id;
    t.entry.line = id + 1;
    t.entry.text = QStringLiteral("https://host%1.example/\u00e4/%2").arg(id % 31).arg(id);
    t.entry.url = UrlListParser::normalise(t.entry.text);
    return t;
}

// Deterministic from the id, so a reader can tell an intact row from a damaged one.
CheckResult resultFor(int id, int headerBytes = 64)
{
    const CheckTarget t = target(id);
    CheckResult r;
    r.id = id;
    r.line = t.entry.line;
    r.input = t.entry.text;
    r.url = t.entry.url;
    r.finalUrl = QUrl(QStringLiteral("https://final.example/%1").arg(id));
    r.state = CheckState::Done;
    r.status = id % 7 == 0 ? 404 : 200;
    r.reason = QStringLiteral("OK");
    r.title = QStringLiteral("Title \U0001F600 %1").arg(id);
    r.contentType = QStringLiteral("text/html");
    r.bytes = id * 3;
    r.timings = {id, id + 1, id + 2, id + 3, id + 10};
    r.attempts = 1 + id % 3;
    r.redirects = {{QUrl(QStringLiteral("http://hop.example/%1").arg(id)), 301}};
    r.rawHeaders = QByteArray(headerBytes, char('a' + id % 26));
    r.error = id % 5 == 0 ? QStringLiteral("timeout: no answer within 1 s") : QString();
    return r;
}

bool sameResult(const CheckResult &a, const CheckResult &b)
{
    return a.id == b.id && a.line == b.line && a.input == b.input && a.url == b.url && a.finalUrl == b.finalUrl &&
           a.state == b.state && a.status == b.status && a.reason == b.reason && a.title == b.title &&
           a.contentType == b.contentType && a.bytes == b.bytes && a.timings.startedMs == b.timings.startedMs &&
           a.timings.connectMs == b.timings.connectMs && a.timings.sentMs == b.timings.sentMs &&
           a.timings.headersMs == b.timings.headersMs && a.timings.finishedMs == b.timings.finishedMs &&
           a.attempts == b.attempts && a.redirects.size() == b.redirects.size() &&
           (a.redirects.isEmpty() ||
            (a.redirects[0].url == b.redirects[0].url && a.redirects[0].status == b.redirects[0].status)) &&
           a.rawHeaders == b.rawHeaders && a.error == b.error;
}

QVector<CheckTarget> targets(int n)
{
    QVector<CheckTarget> list;
    list.reserve(n);
    for (int i = 0; i < n; ++i)
        list.append(target(i));
    return list;
}

RunMeta meta()
{
    RunMeta m;
    m.source = QStringLiteral("urls.txt");
    return m;
}

// Collects the recorder's signals in this thread (they are emitted on the writer thread).
struct Signals final : QObject
{
    explicit Signals(RunRecorder *recorder)
    {
        connect(recorder, &RunRecorder::committed, this, [this](int n) { committed.append(n); });
        connect(recorder, &RunRecorder::writeFailed, this, [this](const QString &why) { failures.append(why); });
        connect(recorder, &RunRecorder::finished, this, [this](bool ok) { finished.append(ok); });
    }
    QVector<int> committed;
    QStringList failures;
    QVector<bool> finished;
};

// Reads every current result; the file must open.
QVector<CheckResult> readResults(const QString &path, RunMeta *metaOut = nullptr)
{
    QVector<CheckResult> list;
    QString error;
    auto file = RunFile::open(path, RunFile::Mode::ReadOnly, &error);
    if (!file) {
        qWarning("%s", qPrintable(error));
        return list;
    }
    file->forEachResult([&](const CheckResult &r) {
        if (r.isDone())
            list.append(r);
        return true;
    });
    if (metaOut)
        *metaOut = file->meta();
    return list;
}

// The child: records results as fast as it can, in bursts, until it is killed; prints each durable count.
int recordChild(const QString &path)
{
    // A small queue: the writer, not the queue, sets the pace, so writes go on until the kill.
    RunRecorder::Settings settings;
    settings.maxQueuedBytes = 512 * 1024;
    RunRecorder recorder(settings);
    QString error;
    if (!recorder.create(path, meta(), &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    recorder.addEntries(targets(ChildEntries));
    recorder.beginPass(QStringLiteral("run"));
    recorder.addEvent(0, QStringLiteral("start"));
    int printed = -1;
    auto print = [&] {
        const int durable = recorder.committedResults();
        if (durable != printed) {
            std::printf("committed %d\n", durable);
            std::fflush(stdout);
            printed = durable;
        }
    };
    for (int id = 0; id < ChildEntries; ++id) {
        recorder.addResult(resultFor(id));
        if (id % 200 == 199)
            QThread::msleep(1);
        print();
    }
    recorder.finish(RunState::Finished, 1);
    while (!recorder.isFinished()) {
        print();
        QThread::msleep(1);
    }
    print();
    std::printf("done\n");
    return 0;
}

} // namespace

class TestRunRecorder final : public QObject
{
    Q_OBJECT

private slots:
    void recordsARun();
    void commitsWhileRunning();
    void createsInBackground();
    void refusesBadFiles();
    void refusedValuesReportedOnce();
    void writeErrorReportedOnce();
    void queueIsBounded();
    void destroyedWithoutFinish();
    void resumeAddsAPass();
    void killDuringWrites();
};

void TestRunRecorder::recordsARun()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    RunRecorder recorder;
    Signals seen(&recorder);
    QString error;
    QVERIFY2(recorder.create(path, meta(), &error), qPrintable(error));
    QVERIFY(recorder.isOpen());
    QCOMPARE(recorder.path(), path);
    QVector<CheckTarget> list = targets(50);
    list[7].entry.url = QUrl();
    list[7].entry.error = QStringLiteral("invalid: line 8: no host");
    recorder.addEntries(list);
    recorder.addDuplicate(60, QStringLiteral("https://host0.example/"), 0);
    recorder.beginPass(QStringLiteral("run"));
    recorder.addEvent(0, QStringLiteral("start"), QStringLiteral("cap 4"));
    for (int id = 0; id < 50; ++id)
        recorder.addResult(resultFor(id));
    recorder.setInputComplete(true);
    CheckOptions options;
    options.retries = 4;
    recorder.setOptions(options);
    recorder.addEvent(900, QStringLiteral("finish"));
    recorder.finish(RunState::Finished, 500);
    recorder.addResult(resultFor(0, 1)); // after finish: ignored
    QVERIFY(recorder.waitForFinished());
    QVERIFY(recorder.isFinished());
    QVERIFY(!recorder.isOpen());
    QCOMPARE(recorder.committedResults(), 50);
    QVERIFY(!recorder.hasFailed());
    QCoreApplication::processEvents();
    QCOMPARE(seen.finished, QVector<bool>{true});
    QVERIFY(seen.failures.isEmpty());
    QVERIFY(!seen.committed.isEmpty());
    QCOMPARE(seen.committed.last(), 50);
    QVERIFY(recorder.writerCpuSeconds() > 0);

    RunMeta m;
    const QVector<CheckResult> read = readResults(path, &m);
    QCOMPARE(read.size(), 50);
    for (int id = 0; id < 50; ++id) {
        CheckResult expected = resultFor(id);
        expected.input = list[id].entry.text;
        expected.url = list[id].entry.url;
        QVERIFY2(sameResult(read[id], expected), qPrintable(QString::number(id)));
    }
    QCOMPARE(m.state, RunState::Finished);
    QCOMPARE(m.wallMs, 500);
    QVERIFY(m.inputComplete);
    QCOMPARE(m.options.retries, 4);
    QCOMPARE(m.passes, 1);
    QCOMPARE(m.entries, 50);
    QString why;
    auto file = RunFile::open(path, RunFile::Mode::ReadOnly, &why);
    QVERIFY2(file, qPrintable(why));
    QCOMPARE(file->events().size(), 2);
    QCOMPARE(file->events().first().pass, 1);
    QCOMPARE(file->events().first().detail, QStringLiteral("cap 4"));
    int duplicates = 0;
    file->forEachDuplicate([&](const RunDuplicate &dup) { return dup.line == 60 && ++duplicates; });
    QCOMPARE(duplicates, 1);
    QCOMPARE(file->result(7)->error, resultFor(7).error); // the result's own error, as given
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
}

// Rows become durable while the run goes, without finish(), and no transaction holds more than maxBatchRows.
void TestRunRecorder::commitsWhileRunning()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    RunRecorder::Settings settings;
    settings.commitIntervalMs = 50;
    settings.maxBatchRows = 100;
    RunRecorder recorder(settings);
    QString error;
    QVERIFY2(recorder.create(path, meta(), &error), qPrintable(error));
    recorder.addEntries(targets(3000));
    recorder.beginPass(QStringLiteral("run"));
    for (int id = 0; id < 5; ++id)
        recorder.addResult(resultFor(id));
    // A lone batch is committed by the interval alone (no more rows come, no finish).
    QTRY_COMPARE_WITH_TIMEOUT(recorder.committedResults(), 5, 60000);
    QCOMPARE(readResults(path).size(), 5); // another connection sees them
    const int commitsBefore = recorder.commits();
    for (int id = 5; id < 3000; ++id)
        recorder.addResult(resultFor(id));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.committedResults(), 3000, 60000);
    QVERIFY2(recorder.commits() - commitsBefore >= 2995 / 100,
             qPrintable(QStringLiteral("%1 commits").arg(recorder.commits() - commitsBefore)));
    QCOMPARE(readResults(path).size(), 3000);
    recorder.finish(RunState::Finished, 1);
    QVERIFY(recorder.waitForFinished());
}

// The CLI's way: the path is claimed at once (an existing file is still refused then), SQLite makes the file on the
// writer thread, and what is queued before it exists is all written.
void TestRunRecorder::createsInBackground()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/run.fanout"));
    {
        RunRecorder recorder;
        QString error;
        QVERIFY2(recorder.createInBackground(path, meta(), &error), qPrintable(error));
        QVERIFY(QFile::exists(path)); // claimed before create returned
        QVERIFY(recorder.isOpen());
        recorder.addEntries(targets(40));
        recorder.beginPass(QStringLiteral("run"));
        for (int id = 0; id < 40; ++id)
            recorder.addResult(resultFor(id));
        recorder.finish(RunState::Finished, 7);
        QVERIFY(recorder.waitForFinished());
        QVERIFY(!recorder.creationFailed());
        QVERIFY(!recorder.hasFailed());
    }
    RunMeta m;
    QCOMPARE(readResults(path, &m).size(), 40);
    QCOMPARE(m.state, RunState::Finished);
    QCOMPARE(m.wallMs, 7);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));

    RunRecorder again;
    QString error;
    QVERIFY(!again.createInBackground(path, meta(), &error));
    QVERIFY2(error.contains(QStringLiteral("exists")), qPrintable(error));
    QVERIFY(!again.isOpen());
    QVERIFY(!again.creationFailed());
    again.finish(RunState::Finished, 0);
    QVERIFY(!again.waitForFinished());
}

void TestRunRecorder::refusesBadFiles()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a run");
    f.close();
    {
        RunRecorder recorder;
        QString error;
        QVERIFY(!recorder.create(path, meta(), &error));
        QVERIFY2(error.contains(path) && error.contains(QStringLiteral("exists")), qPrintable(error));
        QVERIFY(!recorder.isOpen());
        recorder.addResult(resultFor(1)); // ignored, no crash
        QVERIFY(!recorder.waitForFinished());
    }
    RunRecorder recorder;
    QString error;
    QVERIFY(!recorder.openExisting(path, &error));
    QVERIFY2(error.contains(QStringLiteral("not a Fanout run file")), qPrintable(error));
    QVERIFY(!recorder.openExisting(dir.filePath(QStringLiteral("other")), &error)); // once only
    recorder.finish(RunState::Finished, 0);
    QVERIFY(!recorder.waitForFinished());
}

void TestRunRecorder::refusedValuesReportedOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    RunRecorder recorder;
    Signals seen(&recorder);
    QString error;
    QVERIFY2(recorder.create(path, meta(), &error), qPrintable(error));
    recorder.addEntries(targets(10));
    recorder.addEntries({target(3)}); // given twice
    recorder.beginPass(QStringLiteral("run"));
    for (int id = 0; id < 10; ++id)
        recorder.addResult(resultFor(id));
    recorder.addResult(resultFor(42)); // no such entry
    recorder.finish(RunState::Finished, 1);
    QVERIFY(!recorder.waitForFinished()); // not everything given was written
    QCoreApplication::processEvents();
    QCOMPARE(seen.failures.size(), 1);
    QVERIFY2(seen.failures.first().contains(path), qPrintable(seen.failures.first()));
    QCOMPARE(recorder.rejectedRows(), 2);
    QCOMPARE(recorder.failure(), seen.failures.first());
    QCOMPARE(seen.finished, QVector<bool>{false});
    QCOMPARE(readResults(path).size(), 10); // the rest went on
}

// A file-size limit stands in for a full disk (root ignores a read-only folder).
void TestRunRecorder::writeErrorReportedOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    RunRecorder::Settings settings;
    settings.maxBatchRows = 20;
    RunRecorder recorder(settings);
    Signals seen(&recorder);
    QString error;
    QVERIFY2(recorder.create(path, meta(), &error), qPrintable(error));
    recorder.addEntries(targets(2000));
    recorder.beginPass(QStringLiteral("run"));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.committedRows() >= 2001, 60000);

    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved;
    limited.rlim_cur = 1024 * 1024;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &limited), 0);
    for (int id = 0; id < 2000; ++id)
        recorder.addResult(resultFor(id, 4096)); // ~8 MB: far past the limit
    recorder.finish(RunState::Finished, 1);
    const bool allWritten = recorder.waitForFinished();
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(!allWritten);
    QVERIFY(recorder.hasFailed());
    QCoreApplication::processEvents();
    QCOMPARE(seen.failures.size(), 1);
    QVERIFY2(seen.failures.first().contains(path), qPrintable(seen.failures.first()));
    QCOMPARE(seen.finished, QVector<bool>{false});
    // The file is as of its last good commit: it opens, and what it holds is whole and a prefix.
    RunMeta m;
    const QVector<CheckResult> read = readResults(path, &m);
    QCOMPARE(m.entries, 2000);
    QVERIFY(read.size() < 2000);
    QVERIFY(read.size() >= recorder.committedResults());
    for (int i = 0; i < read.size(); ++i) {
        QCOMPARE(read[i].id, i);
        QVERIFY(sameResult(read[i], resultFor(i, 4096)));
    }
    QCOMPARE(m.state, RunState::Running); // finish could not be written either
    qInfo("failure: %s; %d results kept", qPrintable(seen.failures.first()), int(read.size()));
}

void TestRunRecorder::queueIsBounded()
{
    QTemporaryDir dir;
    RunRecorder::Settings settings;
    settings.maxQueuedBytes = 256 * 1024;
    RunRecorder recorder(settings);
    QString error;
    QVERIFY2(recorder.create(dir.filePath(QStringLiteral("run.fanout")), meta(), &error), qPrintable(error));
    constexpr int n = 20000;
    recorder.addEntries(targets(n));
    recorder.beginPass(QStringLiteral("run"));
    const CheckResult sample = resultFor(0, 2048);
    qint64 peak = 0;
    for (int id = 0; id < n; ++id) {
        recorder.addResult(resultFor(id, 2048));
        peak = qMax(peak, recorder.queuedBytes());
    }
    // The bound may be passed by the one value that found room below it.
    const qint64 oneValue = 16 * 1024;
    QVERIFY2(peak <= settings.maxQueuedBytes + oneValue, qPrintable(QString::number(peak)));
    recorder.finish(RunState::Finished, 1);
    QVERIFY(recorder.waitForFinished());
    QCOMPARE(recorder.committedResults(), n);
    qInfo("peak queue %lld bytes of %lld allowed (%d results of ~%lld bytes each)", peak, settings.maxQueuedBytes, n,
          qint64(sample.rawHeaders.size()));
}

void TestRunRecorder::destroyedWithoutFinish()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    {
        RunRecorder recorder;
        QString error;
        QVERIFY2(recorder.create(path, meta(), &error), qPrintable(error));
        recorder.addEntries(targets(500));
        recorder.beginPass(QStringLiteral("run"));
        for (int id = 0; id < 500; ++id)
            recorder.addResult(resultFor(id));
    }
    RunMeta m;
    QCOMPARE(readResults(path, &m).size(), 500);
    QCOMPARE(m.state, RunState::Running); // reads as interrupted
}

void TestRunRecorder::resumeAddsAPass()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    QString error;
    {
        RunRecorder recorder;
        QVERIFY2(recorder.create(path, meta(), &error), qPrintable(error));
        recorder.addEntries(targets(10));
        recorder.beginPass(QStringLiteral("run"));
        for (int id = 0; id < 5; ++id)
            recorder.addResult(resultFor(id));
        recorder.finish(RunState::Cancelled, 100);
        QVERIFY(recorder.waitForFinished());
    }
    {
        auto file = RunFile::open(path, RunFile::Mode::ReadOnly, &error);
        QVERIFY2(file, qPrintable(error));
        QCOMPARE(file->meta().pending, 5);
    }
    RunRecorder recorder;
    QVERIFY2(recorder.openExisting(path, &error), qPrintable(error));
    recorder.beginPass(QStringLiteral("resume"));
    for (int id = 5; id < 10; ++id)
        recorder.addResult(resultFor(id));
    recorder.addResult(resultFor(0)); // re-checked: the first one goes to earlier_results
    recorder.finish(RunState::Finished, 50);
    QVERIFY(recorder.waitForFinished());
    auto file = RunFile::open(path, RunFile::Mode::ReadOnly, &error);
    QVERIFY2(file, qPrintable(error));
    const RunMeta m = file->meta();
    QCOMPARE(m.results, 10);
    QCOMPARE(m.pending, 0);
    QCOMPARE(m.passes, 2);
    QCOMPARE(m.wallMs, 150);
    QCOMPARE(m.state, RunState::Finished);
    const QVector<ResultSummary> s = file->summaries(0, 9);
    QCOMPARE(s[0].pass, 2);
    QCOMPARE(s[4].pass, 1);
    QCOMPARE(s[9].pass, 2);
    QCOMPARE(file->earlierResults(0).size(), 1);
    QCOMPARE(file->passes().last().kind, QStringLiteral("resume"));
}

void TestRunRecorder::killDuringWrites()
{
    QTemporaryDir dir;
    QRandomGenerator rng(2026);
    for (int round = 0; round < 4; ++round) {
        const QString path = dir.filePath(QStringLiteral("killed-%1.fanout").arg(round));
        QProcess child;
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--record-child"), path});
        QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
        // Kill once a varying number of results is durable: somewhere mid-stream, mid-batch.
        const int killAt = 500 + int(rng.bounded(20000));
        int lastDurable = -1;
        QByteArray pendingOut;
        while (lastDurable < killAt) {
            QVERIFY2(child.state() == QProcess::Running || child.bytesAvailable() > 0,
                     qPrintable(QString::fromLocal8Bit(child.readAllStandardError())));
            child.waitForReadyRead(1000);
            pendingOut += child.readAllStandardOutput();
            qsizetype nl;
            while ((nl = pendingOut.indexOf('\n')) >= 0) {
                const QByteArray line = pendingOut.left(nl);
                pendingOut.remove(0, nl + 1);
                if (line.startsWith("committed "))
                    lastDurable = line.mid(10).toInt();
                QVERIFY2(line != "done", "the child finished before it was killed");
            }
        }
        child.kill(); // SIGKILL
        QVERIFY(child.waitForFinished(-1));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        pendingOut += child.readAllStandardOutput();
        for (const QByteArray &line : pendingOut.split('\n')) {
            if (line.startsWith("committed "))
                lastDurable = qMax(lastDurable, line.mid(10).toInt());
        }

        // It opens (quick_check passes inside open), read-only first, then for writing (WAL recovery).
        QString error;
        RunMeta m;
        QVector<CheckResult> read;
        {
            auto file = RunFile::open(path, RunFile::Mode::ReadOnly, &error);
            QVERIFY2(file, qPrintable(error));
            m = file->meta();
            QVERIFY(file->forEachResult([&](const CheckResult &r) {
                if (r.isDone())
                    read.append(r);
                return true;
            }));
        }
        QCOMPARE(m.state, RunState::Running);
        QCOMPARE(m.entries, ChildEntries);
        QVERIFY2(read.size() >= lastDurable,
                 qPrintable(QStringLiteral("%1 results, %2 were durable").arg(read.size()).arg(lastDurable)));
        for (int i = 0; i < read.size(); ++i) {
            QCOMPARE(read[i].id, i); // a prefix: nothing missing in the middle
            QVERIFY2(sameResult(read[i], resultFor(i)), qPrintable(QString::number(i)));
        }
        QCOMPARE(m.pending, ChildEntries - int(read.size()));
        auto writable = RunFile::open(path, RunFile::Mode::ReadWrite, &error);
        QVERIFY2(writable, qPrintable(error));
        QCOMPARE(writable->meta().results, int(read.size()));
        qInfo("round %d: killed with %d durable, %d in the file", round, lastDurable, int(read.size()));
    }
}

int main(int argc, char **argv)
{
    if (argc == 3 && qstrcmp(argv[1], "--record-child") == 0) {
        QCoreApplication app(argc, argv);
        return recordChild(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestRunRecorder test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_runrecorder.moc"
