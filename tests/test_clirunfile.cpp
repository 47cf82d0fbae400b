// fanout-cli and its run file: every run recorded as it goes, export from the file, resume after Ctrl-C or
// kill -9 without asking a server again for what has a result, shards merged back into one run.
// Children get a private HOME and XDG directories.
#include "clichild.h"
#include "origin/originserver.h"
#include "store/runfile.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Fanout;

class TestCliRunFile final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void everyRunIsRecordedInTheStateFolder();
    void exportFromTheRunFileEqualsTheLiveOutput();
    void exportOnlyFailed();
    void existingRunFileIsNotOverwritten();
    void resumeAfterSigintChecksOnlyWhatIsLeft();
    void stopBeforeTheListIsReadKeepsEveryLine();
    void stdinIsReadAsTheEngineAsks();
    void resumeAfterKillNineNeverRepeatsAFinishedUrl();
    void resumeReadsTheRestOfAnUnfinishedList();
    void resumeKeepsTheRunsRulesForTheRest();
    void refusesWhatIsNotARun_data();
    void refusesWhatIsNotARun();
    void shardsMergeIntoTheSingleRun();

private:
    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Result runCli(const QStringList &arguments);
    QProcessEnvironment childEnvironment() const;
    QString writeList(const QString &name, const QStringList &lines);
    QString url(const QString &path, int host = 1) const { return m_server.baseUrl(host).toString() + path; }

    OriginServer m_server;
    QTemporaryDir m_dir;
    QTemporaryDir m_home;           // HOME and XDG_* of every child
    QHash<QString, int> m_arrivals; // request target -> times asked
};

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int countLines(const QByteArray &data)
{
    return int(data.count('\n'));
}

} // namespace

void TestCliRunFile::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_home.isValid());
    QVERIFY2(m_server.listen(0, 4), qPrintable(m_server.errorString()));
    connect(&m_server, &OriginServer::requestArrived, this, [this](const QString &target) { ++m_arrivals[target]; });
}

void TestCliRunFile::init()
{
    m_arrivals.clear();
    QDir(m_home.filePath(QStringLiteral("fanout/runs"))).removeRecursively();
}

QProcessEnvironment TestCliRunFile::childEnvironment() const
{
    return FanoutTest::privateHome(m_home.path());
}

TestCliRunFile::Result TestCliRunFile::runCli(const QStringList &arguments)
{
    const FanoutTest::ChildResult r =
        FanoutTest::runChild(QStringLiteral(FANOUT_CLI_PATH), arguments, m_home.path(), {}, 60000);
    return {r.exitCode, r.out, r.err};
}

QString TestCliRunFile::writeList(const QString &name, const QStringList &lines)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(lines.join(QLatin1Char('\n')).toUtf8() + '\n');
    return path;
}

void TestCliRunFile::everyRunIsRecordedInTheStateFolder()
{
    const QString list =
        writeList(QStringLiteral("recorded.txt"), {url(QStringLiteral("/page/1")), url(QStringLiteral("/status/404")),
                                                   QStringLiteral("not a url at all"), url(QStringLiteral("/page/1"))});
    const Result r = runCli({QStringLiteral("-q"), list});
    QCOMPARE(r.exitCode, 1);
    const QStringList runs =
        QDir(m_home.filePath(QStringLiteral("fanout/runs"))).entryList({QStringLiteral("*.fanout")}, QDir::Files);
    QCOMPARE(runs.size(), 1);
    QVERIFY2(runs.first().endsWith(QStringLiteral("-recorded.fanout")), qPrintable(runs.first()));

    QString error;
    auto file =
        RunFile::open(m_home.filePath(QStringLiteral("fanout/runs/") + runs.first()), RunFile::Mode::ReadOnly, &error);
    QVERIFY2(file, qPrintable(error));
    const RunMeta meta = file->meta();
    QCOMPARE(meta.state, RunState::Finished);
    QVERIFY(meta.inputComplete);
    QCOMPARE(meta.source, list);
    QCOMPARE(meta.entries, 3); // two URLs and the rejected line; the repeat is a duplicate
    QCOMPARE(meta.results, 3);
    QCOMPARE(meta.pending, 0);
    int duplicates = 0;
    file->forEachDuplicate([&](const RunDuplicate &d) {
        ++duplicates;
        return d.line == 4 && d.firstId == 0;
    });
    QCOMPARE(duplicates, 1);
    QVector<CheckResult> rows;
    file->forEachResult([&](const CheckResult &result) {
        rows.append(result);
        return true;
    });
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).status, 200);
    QCOMPARE(rows.at(0).title, QStringLiteral("Page 1"));
    QCOMPARE(rows.at(1).status, 404);
    QVERIFY2(rows.at(2).error.startsWith(QStringLiteral("invalid:")), qPrintable(rows.at(2).error));

    // Without -q the summary names the file.
    const Result loud = runCli({list});
    QVERIFY2(loud.err.contains(QByteArray("Run file: " + m_home.path().toUtf8() + "/fanout/runs/")),
             loud.err.constData());
}

void TestCliRunFile::exportFromTheRunFileEqualsTheLiveOutput()
{
    QStringList lines;
    for (int i = 0; i < 300; ++i)
        lines << url(QStringLiteral("/page/%1").arg(i), 1 + i % 4);
    lines << url(QStringLiteral("/status/500")) << url(QStringLiteral("/redirect/2"));
    const QString list = writeList(QStringLiteral("export.txt"), lines);
    const QString run = m_dir.filePath(QStringLiteral("export.fanout"));
    const QString live = m_dir.filePath(QStringLiteral("live.csv"));
    const Result r = runCli({QStringLiteral("-q"), QStringLiteral("--run"), run, QStringLiteral("-o"), live, list});
    QCOMPARE(r.exitCode, 1);
    for (const QString &suffix : {QStringLiteral(".csv"), QStringLiteral(".jsonl")}) {
        const QString exported = m_dir.filePath(QStringLiteral("exported") + suffix);
        const Result e = runCli({QStringLiteral("export"), run, QStringLiteral("-o"), exported});
        QCOMPARE(e.exitCode, 0);
        QVERIFY2(e.err.contains("Exported 302 of 302 rows"), e.err.constData());
        if (suffix == QLatin1String(".csv")) {
            QCOMPARE(readFile(exported), readFile(live));
        } else {
            const QByteArray jsonl = readFile(exported);
            QCOMPARE(countLines(jsonl), 302);
            QVERIFY(jsonl.startsWith(QByteArray("{\"url\":\"" + url(QStringLiteral("/page/0")).toUtf8())));
        }
    }
    // Input order, whatever the completion order was.
    const QList<QByteArray> rows = readFile(live).split('\n');
    QVERIFY(rows.value(1).contains("/page/0,"));
    QVERIFY(rows.value(300).contains("/page/299,"));
}

void TestCliRunFile::exportOnlyFailed()
{
    const QString list =
        writeList(QStringLiteral("only.txt"), {url(QStringLiteral("/page/1")), url(QStringLiteral("/status/503")),
                                               url(QStringLiteral("/status/404")), url(QStringLiteral("/page/2"))});
    const QString run = m_dir.filePath(QStringLiteral("only.fanout"));
    QCOMPARE(runCli({QStringLiteral("-q"), QStringLiteral("--run"), run, list}).exitCode, 1);
    const QString failed = m_dir.filePath(QStringLiteral("failed.csv"));
    QCOMPARE(runCli({QStringLiteral("export"), run, QStringLiteral("--only"), QStringLiteral("failed"),
                     QStringLiteral("-o"), failed})
                 .exitCode,
             0);
    const QByteArray csv = readFile(failed);
    QCOMPARE(countLines(csv), 3); // header and two rows
    QVERIFY(csv.contains("/status/503") && csv.contains("/status/404") && !csv.contains("/page/"));
    const Result bad = runCli({QStringLiteral("export"), run, QStringLiteral("--only"), QStringLiteral("broken"),
                               QStringLiteral("-o"), failed});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("--only is failed, ok or changed"), bad.err.constData());
}

void TestCliRunFile::existingRunFileIsNotOverwritten()
{
    const QString list = writeList(QStringLiteral("twice.txt"), {url(QStringLiteral("/page/1"))});
    const QString run = m_dir.filePath(QStringLiteral("twice.fanout"));
    QCOMPARE(runCli({QStringLiteral("-q"), QStringLiteral("--run"), run, list}).exitCode, 0);
    const QByteArray before = readFile(run);
    m_arrivals.clear();
    const Result again = runCli({QStringLiteral("-q"), QStringLiteral("--run"), run, list});
    QCOMPARE(again.exitCode, 2);
    QVERIFY2(again.err.contains("fanout-cli resume"), again.err.constData());
    QCOMPARE(readFile(run), before);
    QVERIFY(m_arrivals.isEmpty()); // refused before any request
}

void TestCliRunFile::resumeAfterSigintChecksOnlyWhatIsLeft()
{
    QStringList lines;
    for (int i = 0; i < 20; ++i)
        lines << url(QStringLiteral("/page/%1").arg(700 + i));
    for (int i = 0; i < 4; ++i)
        lines << url(QStringLiteral("/delay/60000/sigint-%1").arg(i));
    const QString list = writeList(QStringLiteral("sigint.txt"), lines);
    const QString run = m_dir.filePath(QStringLiteral("sigint.fanout"));
    QProcess process;
    process.setProcessEnvironment(childEnvironment());
    // Not quiet: a result line on stdout means the CLI has that result, not only that the origin sent it (a busy
    // machine can leave answers unread in the socket, and a stop cancels those).
    process.start(QStringLiteral(FANOUT_CLI_PATH),
                  {QStringLiteral("-c"), QStringLiteral("24"), QStringLiteral("--run"), run, list});
    QVERIFY(process.waitForStarted(5000));
    QByteArray printed;
    QTRY_VERIFY_WITH_TIMEOUT((printed += process.readAllStandardOutput()).count('\n') >= 20, 20000);
    QCOMPARE(printed.count("\"Page 7"), 20);
    QTRY_VERIFY_WITH_TIMEOUT(m_server.stats().inFlight == 4, 20000);
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(30000));
    QVERIFY2(process.exitCode() == 128 + SIGINT, process.readAllStandardError().constData());
    {
        QString error;
        auto file = RunFile::open(run, RunFile::Mode::ReadOnly, &error);
        QVERIFY2(file, qPrintable(error));
        const RunMeta meta = file->meta();
        QCOMPARE(meta.state, RunState::Cancelled);
        QCOMPARE(meta.results, 20);
        QCOMPARE(meta.pending, 4); // the cancelled ones have no result: they are what resume checks
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server.stats().inFlight, 0, 10000);

    // The slow URLs answer now (a shorter timeout would do as well; here they are given one second).
    m_arrivals.clear();
    const QString out = m_dir.filePath(QStringLiteral("sigint.csv"));
    const Result resumed = runCli(
        {QStringLiteral("resume"), run, QStringLiteral("--timeout"), QStringLiteral("1"), QStringLiteral("-o"), out});
    QCOMPARE(resumed.exitCode, 1); // the whole run's verdict: four timeouts
    QCOMPARE(m_arrivals.size(), 4);
    for (auto it = m_arrivals.cbegin(); it != m_arrivals.cend(); ++it)
        QVERIFY2(it.key().startsWith(QStringLiteral("/delay/60000/sigint-")), qPrintable(it.key()));
    const QByteArray csv = readFile(out);
    QCOMPARE(countLines(csv), 25);
    QCOMPARE(csv.count(",Page 7"), 20);
    QCOMPARE(csv.count("timeout:"), 4);
    QString error;
    auto file = RunFile::open(run, RunFile::Mode::ReadOnly, &error);
    QVERIFY2(file, qPrintable(error));
    QCOMPARE(file->meta().state, RunState::Finished);
    QCOMPARE(file->meta().passes, 2);
}

void TestCliRunFile::stopBeforeTheListIsReadKeepsEveryLine()
{
    // The engine reads a long list a batch at a time; a Ctrl-C before the end still leaves every line in the run
    // file (and in -o): nothing of the list is lost, and resume has the whole of it.
    QStringList lines;
    for (int i = 0; i < 4; ++i)
        lines << url(QStringLiteral("/delay/60000/early-%1").arg(i));
    for (int i = 0; i < 5000; ++i)
        lines << url(QStringLiteral("/page/%1?tail").arg(i));
    lines << QStringLiteral("mailto:nobody@example.com") << url(QStringLiteral("/page/1?never-asked"));
    const QString list = writeList(QStringLiteral("early.txt"), lines);
    const QString run = m_dir.filePath(QStringLiteral("early.fanout"));
    const QString out = m_dir.filePath(QStringLiteral("early.csv"));
    QProcess process;
    process.setProcessEnvironment(childEnvironment());
    // The rules hold for the part of the list read only to be recorded, as for the rest.
    process.start(QStringLiteral(FANOUT_CLI_PATH),
                  {QStringLiteral("-q"), QStringLiteral("-c"), QStringLiteral("4"), QStringLiteral("--exclude"),
                   QStringLiteral("never-asked"), QStringLiteral("--run"), run, QStringLiteral("-o"), out, list});
    QVERIFY(process.waitForStarted(5000));
    // Its own four requests, not the origin's count (which an earlier test's leftovers can fill): the handler
    // is in place once the engine asks.
    QTRY_VERIFY_WITH_TIMEOUT(m_arrivals.size() == 4, 20000);
    for (int i = 0; i < 4; ++i)
        QVERIFY(m_arrivals.contains(QStringLiteral("/delay/60000/early-%1").arg(i)));
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(30000));
    QVERIFY2(process.exitCode() == 128 + SIGINT, process.readAllStandardError().constData());
    const QByteArray csv = readFile(out);
    QCOMPARE(countLines(csv), 1 + 5006);
    QCOMPARE(csv.count("cancelled: interrupted by SIGINT"), 5004);
    QVERIFY(csv.contains("scheme: line 5005"));
    QCOMPARE(csv.count("excluded: matches never-asked"), 1);
    QString error;
    auto file = RunFile::open(run, RunFile::Mode::ReadOnly, &error);
    QVERIFY2(file, qPrintable(error));
    const RunMeta meta = file->meta();
    QCOMPARE(meta.entries, 5006);
    QVERIFY(meta.inputComplete);
    QCOMPARE(meta.state, RunState::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.stats().inFlight, 0, 10000);
}

void TestCliRunFile::stdinIsReadAsTheEngineAsks()
{
    // A pipe of 100,000 URLs whose first four hang: the CLI takes from the pipe what its queue needs, the rest
    // waits in the pipe (before, the whole stream was parsed and queued in memory). Duplicates of the stream are
    // recorded as lines of the run, as a file's are.
    QByteArray input;
    constexpr int kLines = 100000;
    for (int i = 0; i < kLines; ++i)
        input += url(QStringLiteral("/hang?stdin=%1").arg(i)).toUtf8() + '\n';
    input.insert(0, url(QStringLiteral("/hang?stdin=0")).toUtf8() + '\n'); // line 1 repeated as line 2
    const QString run = m_dir.filePath(QStringLiteral("stdin.fanout"));
    QProcess process;
    process.setProcessEnvironment(childEnvironment());
    process.start(QStringLiteral(FANOUT_CLI_PATH), {QStringLiteral("-q"), QStringLiteral("-c"), QStringLiteral("4"),
                                                    QStringLiteral("--run"), run, QStringLiteral("-")});
    QVERIFY(process.waitForStarted(5000));
    process.write(input);
    QTRY_VERIFY_WITH_TIMEOUT(m_arrivals.size() == 4, 20000);
    // Reading all of it takes milliseconds; a second is plenty for a CLI that would.
    QTest::qWait(1000);
    const qint64 unread = process.bytesToWrite();
    QVERIFY2(unread > input.size() / 2,
             qPrintable(QStringLiteral("%1 of %2 bytes left").arg(unread).arg(input.size())));
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(30000));
    QVERIFY2(process.exitCode() == 128 + SIGINT, process.readAllStandardError().constData());
    QString error;
    auto file = RunFile::open(run, RunFile::Mode::ReadOnly, &error);
    QVERIFY2(file, qPrintable(error));
    const RunMeta meta = file->meta();
    QVERIFY2(meta.entries > 4 && meta.entries < kLines / 2, qPrintable(QString::number(meta.entries)));
    QCOMPARE(meta.pending, meta.entries); // all cancelled: resume has them
    QList<RunDuplicate> duplicates;
    file->forEachDuplicate([&duplicates](const RunDuplicate &duplicate) {
        duplicates.append(duplicate);
        return true;
    });
    QCOMPARE(duplicates.size(), 1);
    QCOMPARE(duplicates.first().line, 2);
    QCOMPARE(duplicates.first().firstId, 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.stats().inFlight, 0, 10000);
}

void TestCliRunFile::resumeAfterKillNineNeverRepeatsAFinishedUrl()
{
    // 400 URLs of 20 ms each at -c 8: about a second of work, killed half way.
    QStringList lines;
    for (int i = 0; i < 400; ++i)
        lines << url(QStringLiteral("/delay/20/kill-%1").arg(i), 1 + i % 4);
    const QString list = writeList(QStringLiteral("kill.txt"), lines);
    const QString run = m_dir.filePath(QStringLiteral("kill.fanout"));
    QProcess process;
    process.setProcessEnvironment(childEnvironment());
    process.start(QStringLiteral(FANOUT_CLI_PATH), {QStringLiteral("-q"), QStringLiteral("-c"), QStringLiteral("8"),
                                                    QStringLiteral("--run"), run, list});
    QVERIFY(process.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(m_arrivals.size() >= 200, 30000);
    ::kill(pid_t(process.processId()), SIGKILL);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);

    QSet<QString> recorded;
    {
        QString error;
        auto file = RunFile::open(run, RunFile::Mode::ReadOnly, &error);
        QVERIFY2(file, qPrintable(error));
        const RunMeta meta = file->meta();
        QCOMPARE(meta.state, RunState::Running); // read as interrupted
        QVERIFY2(meta.results > 0 && meta.results < 400, qPrintable(QString::number(meta.results)));
        file->forEachResult([&](const CheckResult &r) {
            if (r.isDone())
                recorded.insert(r.url.path());
            return true;
        });
    }
    // What the killed process wrote before it died may still be in the origin's socket buffers: let the origin
    // read it all (and see every connection close) before counting the resume's requests.
    QTRY_COMPARE_WITH_TIMEOUT(m_server.stats().inFlight, 0, 10000);
    QTest::qWait(300);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.stats().inFlight, 0, 10000);
    const QHash<QString, int> before = m_arrivals;
    m_arrivals.clear();
    const Result resumed = runCli({QStringLiteral("resume"), run, QStringLiteral("-q")});
    QCOMPARE(resumed.exitCode, 0);
    // Nothing with a result is asked for again; what is asked again was in flight (or not yet committed) at the
    // kill: never more than the cap and one commit interval's results.
    int repeated = 0;
    for (auto it = m_arrivals.cbegin(); it != m_arrivals.cend(); ++it) {
        QVERIFY2(!recorded.contains(it.key()), qPrintable(it.key()));
        QVERIFY2(it.value() == 1, qPrintable(QStringLiteral("%1 asked %2 times").arg(it.key()).arg(it.value())));
        repeated += before.contains(it.key()) ? 1 : 0;
    }
    qInfo("asked again after the kill: %d (cap 8)", repeated);
    QVERIFY2(repeated <= 8 + 8, qPrintable(QString::number(repeated)));
    QCOMPARE(recorded.size() + m_arrivals.size(), 400);
    QString error;
    auto file = RunFile::open(run, RunFile::Mode::ReadOnly, &error);
    QVERIFY2(file, qPrintable(error));
    QCOMPARE(file->meta().results, 400);
    QCOMPARE(file->meta().state, RunState::Finished);
}

void TestCliRunFile::resumeReadsTheRestOfAnUnfinishedList()
{
    // A run killed while its list was still being read: the run file has the first entries only. Made here
    // with the store's own API, as the CLI would have left it.
    QStringList lines;
    for (int i = 0; i < 10; ++i)
        lines << url(QStringLiteral("/page/%1").arg(800 + i));
    lines.insert(5, url(QStringLiteral("/page/801"))); // a duplicate after the part that was read
    const QString list = writeList(QStringLiteral("unfinished.txt"), lines);
    const QString run = m_dir.filePath(QStringLiteral("unfinished.fanout"));
    {
        RunMeta meta;
        meta.created = QDateTime::currentDateTimeUtc();
        meta.source = list;
        QString error;
        auto file = RunFile::create(run, meta, &error);
        QVERIFY2(file, qPrintable(error));
        QVERIFY(file->beginBatch());
        QVector<CheckTarget> targets;
        for (int i = 0; i < 3; ++i) {
            UrlEntry entry;
            entry.line = i + 1;
            entry.text = lines.at(i);
            entry.url = QUrl(lines.at(i));
            targets.append({i, entry});
        }
        QVERIFY(file->addEntries(targets));
        const int pass = file->beginPass(QStringLiteral("run"));
        CheckResult done;
        done.id = 0;
        done.line = 1;
        done.input = lines.at(0);
        done.url = QUrl(lines.at(0));
        done.state = CheckState::Done;
        done.status = 200;
        done.title = QStringLiteral("Page 800");
        QVERIFY(file->addResult(done, pass));
        QVERIFY(file->commit());
    }
    const Result resumed = runCli({QStringLiteral("resume"), run, QStringLiteral("-q")});
    QCOMPARE(resumed.exitCode, 0);
    QCOMPARE(m_arrivals.size(), 9); // entries 1..2 and the seven never read; not the one with a result
    QVERIFY(!m_arrivals.contains(QStringLiteral("/page/800")));
    QString error;
    auto file = RunFile::open(run, RunFile::Mode::ReadOnly, &error);
    QVERIFY2(file, qPrintable(error));
    const RunMeta meta = file->meta();
    QCOMPARE(meta.entries, 10);
    QCOMPARE(meta.results, 10);
    QVERIFY(meta.inputComplete);
    int duplicates = 0;
    file->forEachDuplicate([&](const RunDuplicate &d) {
        ++duplicates;
        return d.line == 6 && d.firstId == 1;
    });
    QCOMPARE(duplicates, 1);
}

void TestCliRunFile::resumeKeepsTheRunsRulesForTheRest()
{
    // A run with --exclude killed while most of its list is unread (four hanging URLs hold the queue, so only the
    // first batch is read): resume reads the rest under the run's own rules, and never requests what they keep
    // out. Before, the rules were not in the run file, and resume requested the excluded URLs of the tail.
    QStringList lines;
    for (int i = 0; i < 4; ++i)
        lines << url(QStringLiteral("/delay/60000/rules-%1").arg(i));
    for (int i = 0; i < 2000; ++i)
        lines << url(QStringLiteral("/page/%1?rules%2").arg(i).arg(QLatin1String(i % 100 == 0 ? "-never-asked" : "")));
    const QString list = writeList(QStringLiteral("rules.txt"), lines);
    const QString run = m_dir.filePath(QStringLiteral("rules.fanout"));
    QProcess process;
    process.setProcessEnvironment(childEnvironment());
    process.start(QStringLiteral(FANOUT_CLI_PATH),
                  {QStringLiteral("-q"), QStringLiteral("-c"), QStringLiteral("4"), QStringLiteral("--exclude"),
                   QStringLiteral("never-asked"), QStringLiteral("--run"), run, list});
    QVERIFY(process.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(m_arrivals.size() == 4, 20000);
    ::kill(pid_t(process.processId()), SIGKILL);
    QVERIFY(process.waitForFinished(10000));
    {
        QString error;
        auto file = RunFile::open(run, RunFile::Mode::ReadOnly, &error);
        QVERIFY2(file, qPrintable(error));
        QVERIFY(!file->meta().inputComplete);
        QVERIFY(file->meta().entries < 2004);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server.stats().inFlight, 0, 70000);

    m_arrivals.clear();
    const QString out = m_dir.filePath(QStringLiteral("rules.csv"));
    const Result resumed =
        runCli({QStringLiteral("resume"), run, QStringLiteral("-q"), QStringLiteral("-c"), QStringLiteral("16"),
                QStringLiteral("--timeout"), QStringLiteral("1"), QStringLiteral("-o"), out});
    QCOMPARE(resumed.exitCode, 1); // the four timeouts
    for (auto it = m_arrivals.cbegin(); it != m_arrivals.cend(); ++it)
        QVERIFY2(!it.key().contains(QLatin1String("never-asked")), qPrintable(it.key()));
    const QByteArray csv = readFile(out);
    QCOMPARE(countLines(csv), 1 + 2004);
    QCOMPARE(csv.count("excluded: matches never-asked"), 20);
}

void TestCliRunFile::refusesWhatIsNotARun_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("missing") << QByteArray() << QByteArray("missing.fanout");
    QTest::newRow("text") << QByteArray("https://example.com/\n") << QByteArray("not a run file");
    QTest::newRow("empty") << QByteArray("") << QByteArray("empty.fanout");
}

void TestCliRunFile::refusesWhatIsNotARun()
{
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, message);
    const QString name = QString::fromLatin1(QTest::currentDataTag()) + QStringLiteral(".fanout");
    const QString path = m_dir.filePath(name);
    QFile::remove(path);
    if (!content.isNull()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    for (const QStringList &arguments :
         {QStringList{QStringLiteral("resume"), path},
          QStringList{QStringLiteral("export"), path, QStringLiteral("-o"), m_dir.filePath(QStringLiteral("x.csv"))}}) {
        const Result r = runCli(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message) || r.err.contains(name.toUtf8()), r.err.constData());
        QVERIFY(!r.err.contains("QSql")); // a sentence, not the driver's internals
    }
}

void TestCliRunFile::shardsMergeIntoTheSingleRun()
{
    QStringList lines;
    for (int i = 0; i < 120; ++i)
        lines << url(QStringLiteral("/page/%1").arg(900 + i), 1 + i % 4);
    lines << QStringLiteral("ftp://not-checked.example/") << url(QStringLiteral("/status/404"), 2);
    const QString list = writeList(QStringLiteral("shards.txt"), lines);
    const QString single = m_dir.filePath(QStringLiteral("single.csv"));
    QCOMPARE(runCli({QStringLiteral("-q"), QStringLiteral("-o"), single, list}).exitCode, 1);
    QStringList parts;
    int checked = 0;
    for (int k = 0; k < 4; ++k) {
        const QString part = m_dir.filePath(QStringLiteral("shard-%1.fanout").arg(k));
        QFile::remove(part);
        m_arrivals.clear();
        const Result r = runCli({QStringLiteral("-q"), QStringLiteral("--shard"), QStringLiteral("%1/4").arg(k),
                                 QStringLiteral("--run"), part, list});
        QVERIFY(r.exitCode == 0 || r.exitCode == 1);
        checked += int(m_arrivals.size());
        parts << part;
    }
    QCOMPARE(checked, 121); // every URL once over the four shards
    const QString merged = m_dir.filePath(QStringLiteral("merged.csv"));
    QStringList arguments{QStringLiteral("merge")};
    arguments << parts << QStringLiteral("-o") << merged;
    const Result m = runCli(arguments);
    QVERIFY2(m.exitCode == 1, m.err.constData());
    // Same rows in the same order; timings differ between runs, so compare url, status, title and error.
    auto verdicts = [](const QByteArray &csv) {
        QStringList rows;
        for (const QByteArray &line : csv.split('\n')) {
            const QList<QByteArray> cells = line.split(',');
            if (cells.size() > 12)
                rows << QString::fromUtf8(cells.at(0) + ' ' + cells.at(2) + ' ' + cells.at(4) + ' ' + cells.at(12));
        }
        return rows;
    };
    QCOMPARE(verdicts(readFile(merged)), verdicts(readFile(single)));
    QCOMPARE(verdicts(readFile(merged)).size(), 123);
}

QTEST_GUILESS_MAIN(TestCliRunFile)
#include "test_clirunfile.moc"
