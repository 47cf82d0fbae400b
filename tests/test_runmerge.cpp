#include "cli/runcommands.h"
#include "runfixture.h"
#include "store/rundiff.h"
#include "store/runmerge.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Fanout;
using namespace FanoutTest;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A list whose hosts fall in all three shards of 3 (FNV-1a mod 3: c.test 0, a.test 1, d.test 2), with
// rejected and duplicate lines.
CraftedRun wholeRun()
{
    CraftedRun r;
    r.lines = {QStringLiteral("http://a.test/1"), QStringLiteral("http://d.test/1"), QStringLiteral("not a url"),
               QStringLiteral("http://c.test/1"), QStringLiteral("http://a.test/2"), QStringLiteral("http://d.test/1"),
               QStringLiteral("http://c.test/2"), QStringLiteral("ftp://c.test/"),   QStringLiteral("http://d.test/2"),
               QStringLiteral("http://a.test/3")};
    r.outcomes = {
        {QStringLiteral("http://a.test/1"), ok(QStringLiteral("A1"))},
        {QStringLiteral("http://d.test/1"), http(404, QStringLiteral("Gone"))},
        {QStringLiteral("not a url"), failure({})},
        {QStringLiteral("http://c.test/1"), failure(QStringLiteral("dns: host not found: c.test"))},
        {QStringLiteral("http://a.test/2"), ok(QStringLiteral("A2"), QStringLiteral("https://a.test/2"))},
        {QStringLiteral("http://c.test/2"), ok(QStringLiteral("C2"))},
        {QStringLiteral("ftp://c.test/"), failure({})},
        {QStringLiteral("http://d.test/2"), ok(QStringLiteral("B2"))},
        {QStringLiteral("http://a.test/3"), ok(QStringLiteral("A3"))},
    };
    r.duplicates = {{6, QStringLiteral("http://d.test/1")}};
    return r;
}

QString resultText(const CheckResult &r)
{
    return QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8|%9")
        .arg(r.id)
        .arg(r.line)
        .arg(r.input, r.url.toString(QUrl::FullyEncoded), r.finalUrl.toString(QUrl::FullyEncoded))
        .arg(r.status)
        .arg(r.title, r.error)
        .arg(int(r.state));
}

QStringList allResults(const QString &path)
{
    QStringList rows;
    QString error;
    const std::unique_ptr<RunFile> run = RunFile::open(path, RunFile::Mode::ReadOnly, &error);
    if (!run)
        return {QStringLiteral("cannot open: ") + error};
    run->forEachResult([&](const CheckResult &r) {
        rows.append(resultText(r));
        return true;
    });
    run->forEachDuplicate([&](const RunDuplicate &d) {
        rows.append(QStringLiteral("dup %1 %2 -> %3").arg(d.line).arg(d.text).arg(d.firstId));
        return true;
    });
    return rows;
}

} // namespace

class TestRunMerge : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    // Three shard runs merged give the run of the whole list: same entries, ids, results and duplicates.
    void shardsEqualSingleRun()
    {
        QCOMPARE(writeRun(path(QStringLiteral("whole.fanout")), wholeRun()), QString());
        QStringList shards;
        for (int k = 0; k < 3; ++k) {
            CraftedRun shard = wholeRun();
            shard.onlyShard = QStringLiteral("%1/3").arg(k);
            const QString p = path(QStringLiteral("shard%1.fanout").arg(k));
            QCOMPARE(writeRun(p, shard), QString());
            shards.append(p);
        }
        // Each shard really holds a part: the split is not trivial.
        for (const QString &p : shards) {
            QString error;
            const auto run = RunFile::open(p, RunFile::Mode::ReadOnly, &error);
            QVERIFY2(run, qPrintable(error));
            QVERIFY(run->meta().entries > 0);
            QVERIFY(run->meta().entries < 9);
        }
        // Given in another order than 0, 1, 2: the order of the result is the list's, not the arguments'.
        const QStringList inputs = {shards.at(2), shards.at(0), shards.at(1)};
        const QString merged = path(QStringLiteral("merged.fanout"));
        MergeReport report;
        QString error;
        QVERIFY2(RunMerge::merge(inputs, merged, &report, &error), qPrintable(error));
        QVERIFY2(report.warnings.isEmpty(), qPrintable(report.warnings.join(u'\n')));
        QCOMPARE(report.inputs, 3);
        QCOMPARE(report.entries, 9);
        QCOMPARE(report.results, 9);
        QCOMPARE(report.duplicates, 1);
        QCOMPARE(report.overlapping, 0);
        QCOMPARE(report.state, RunState::Finished);

        const QStringList whole = allResults(path(QStringLiteral("whole.fanout")));
        QCOMPARE(whole.size(), 10); // 9 entries and 1 duplicate line
        QCOMPARE(allResults(merged), whole);

        const auto run = RunFile::open(merged, RunFile::Mode::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        const RunMeta meta = run->meta();
        QCOMPARE(meta.source, QStringLiteral("urls.txt"));
        QCOMPARE(meta.shard, QString());
        QCOMPARE(meta.state, RunState::Finished);
        QCOMPARE(meta.wallMs, 3000); // the shards' 1000 ms each, summed
        QVERIFY(meta.inputComplete);
        QCOMPARE(run->passes().size(), 3);
        QCOMPARE(run->events().size(), 3);
        // No temporary file is left beside the result.
        QCOMPARE(QDir(m_dir->path()).entryList({QStringLiteral("*.merging-*")}, QDir::Files), QStringList());

        // And the diff of the two says nothing changed.
        DiffSummary summary;
        QVERIFY2(
            RunDiff::compare(
                path(QStringLiteral("whole.fanout")), merged, [](const DiffRow &) { return true; }, &summary, &error),
            qPrintable(error));
        QCOMPARE(summary.changed(), 0);
        QCOMPARE(summary.unchanged, 9);

        // The command's export of the merge is byte for byte the export of the whole run.
        CommandIo io;
        QStringList messages;
        io.message = [&](const QString &m) {
            messages.append(m);
        };
        MergeCommand command;
        command.inputs = inputs;
        command.output = path(QStringLiteral("merged.csv"));
        QCOMPARE(runMergeCommand(command, io), 1); // some failed, as a check's exit status
        command.inputs = {path(QStringLiteral("whole.fanout"))};
        command.output = path(QStringLiteral("whole.csv"));
        QCOMPARE(runMergeCommand(command, io), 1);
        const QByteArray csv = readFile(path(QStringLiteral("merged.csv")));
        QVERIFY(csv.count("\r\n") == 10);
        QCOMPARE(csv, readFile(path(QStringLiteral("whole.csv"))));
    }

    // A URL in several inputs: a result beats none and beats "cancelled"; of two results the later wins.
    void overlapKeepsTheCheckedAndLatest()
    {
        CraftedRun first;
        first.lines = {QStringLiteral("http://a.test/"), QStringLiteral("http://b.test/"),
                       QStringLiteral("http://c.test/")};
        first.outcomes = {{QStringLiteral("http://a.test/"), http(500, QStringLiteral("early"))},
                          {QStringLiteral("http://b.test/"),
                           failure(QStringLiteral("cancelled: stopped by the user while checking"))}};
        first.passStarted = QStringLiteral("2026-01-02T10:00:00.000Z");
        first.state = RunState::Cancelled;
        CraftedRun second = first;
        second.outcomes = {{QStringLiteral("http://a.test/"), ok(QStringLiteral("later"))},
                           {QStringLiteral("http://b.test/"), ok(QStringLiteral("checked"))},
                           {QStringLiteral("http://c.test/"), ok(QStringLiteral("only here"))}};
        second.passStarted = QStringLiteral("2026-01-02T11:00:00.000Z");
        second.state = RunState::Finished;
        CraftedRun third = first; // the oldest, given last: its a.test result must not win by position
        third.outcomes = {{QStringLiteral("http://a.test/"), ok(QStringLiteral("oldest"))}};
        third.passStarted = QStringLiteral("2026-01-01T09:00:00.000Z");
        QCOMPARE(writeRun(path(QStringLiteral("1.fanout")), first), QString());
        QCOMPARE(writeRun(path(QStringLiteral("2.fanout")), second), QString());
        QCOMPARE(writeRun(path(QStringLiteral("3.fanout")), third), QString());

        const QString merged = path(QStringLiteral("m.fanout"));
        MergeReport report;
        QString error;
        QVERIFY2(RunMerge::merge({path(QStringLiteral("1.fanout")), path(QStringLiteral("2.fanout")),
                                  path(QStringLiteral("3.fanout"))},
                                 merged, &report, &error),
                 qPrintable(error));
        QCOMPARE(report.entries, 3);
        QCOMPARE(report.overlapping, 3);
        QCOMPARE(report.checkedTwice, 1);            // a.test: all three checked it; b.test's first was cancelled
        QCOMPARE(report.state, RunState::Cancelled); // not every input finished
        const auto run = RunFile::open(merged, RunFile::Mode::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QStringList titles;
        run->forEachResult([&](const CheckResult &r) {
            titles.append(r.title);
            return true;
        });
        QCOMPARE(titles,
                 (QStringList{QStringLiteral("later"), QStringLiteral("checked"), QStringLiteral("only here")}));
        // The passes keep their own start times.
        const QVector<RunPass> passes = run->passes();
        QCOMPARE(passes.size(), 3);
        QCOMPARE(passes.at(0).started,
                 QDateTime::fromString(QStringLiteral("2026-01-02T10:00:00.000Z"), Qt::ISODateWithMs));
        QCOMPARE(passes.at(2).started,
                 QDateTime::fromString(QStringLiteral("2026-01-01T09:00:00.000Z"), Qt::ISODateWithMs));
    }

    void missingShardAndOtherSourceWarn()
    {
        CraftedRun s0 = wholeRun();
        s0.onlyShard = QStringLiteral("0/3");
        CraftedRun s2 = wholeRun();
        s2.onlyShard = QStringLiteral("2/3");
        s2.source = QStringLiteral("elsewhere.txt");
        QCOMPARE(writeRun(path(QStringLiteral("s0.fanout")), s0), QString());
        QCOMPARE(writeRun(path(QStringLiteral("s2.fanout")), s2), QString());
        MergeReport report;
        QString error;
        QVERIFY2(RunMerge::merge({path(QStringLiteral("s0.fanout")), path(QStringLiteral("s2.fanout"))},
                                 path(QStringLiteral("m.fanout")), &report, &error),
                 qPrintable(error));
        const QString warnings = report.warnings.join(u'\n');
        QVERIFY2(warnings.contains(QStringLiteral("shard(s) 1/3 missing")), qPrintable(warnings));
        QVERIFY2(warnings.contains(QStringLiteral("elsewhere.txt")), qPrintable(warnings));
        QCOMPARE(report.state, RunState::Cancelled); // a part of the list is not there: not finished
    }

    void oddPaths()
    {
        const QString odd = path(QStringLiteral("b #2 ?q=%41 ü"));
        QVERIFY(QDir().mkpath(odd));
        QCOMPARE(writeRun(odd + QStringLiteral("/in ?.fanout"), wholeRun()), QString());
        MergeReport report;
        QString error;
        const QString out = odd + QStringLiteral("/out #%20.fanout");
        QVERIFY2(RunMerge::merge({odd + QStringLiteral("/in ?.fanout")}, out, &report, &error), qPrintable(error));
        QCOMPARE(allResults(out), allResults(odd + QStringLiteral("/in ?.fanout")));
        QCOMPARE(QDir(odd).entryList(QDir::Files).size(), 2); // the input and the output, nothing else
    }

    void refusals()
    {
        QCOMPARE(writeRun(path(QStringLiteral("a.fanout")), wholeRun()), QString());
        const QString a = path(QStringLiteral("a.fanout"));
        MergeReport report;
        QString error;

        // The output exists: never replaced.
        QFile existing(path(QStringLiteral("exists.fanout")));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("mine");
        existing.close();
        QVERIFY(!RunMerge::merge({a}, existing.fileName(), &report, &error));
        QVERIFY2(error.contains(QStringLiteral("already exists")), qPrintable(error));
        QCOMPARE(readFile(existing.fileName()), QByteArray("mine"));

        // The same file twice (also spelled differently).
        QVERIFY(!RunMerge::merge({a, m_dir->path() + QStringLiteral("/./a.fanout")}, path(QStringLiteral("o1.fanout")),
                                 &report, &error));
        QVERIFY2(error.contains(QStringLiteral("given twice")), qPrintable(error));

        // Missing, not a run: the error names the file; nothing is left behind.
        QVERIFY(!RunMerge::merge({a, path(QStringLiteral("nope.fanout"))}, path(QStringLiteral("o2.fanout")), &report,
                                 &error));
        QVERIFY2(error.contains(QStringLiteral("nope.fanout")), qPrintable(error));
        QFile text(path(QStringLiteral("list.txt")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("http://a.test/\n");
        text.close();
        QVERIFY(!RunMerge::merge({a, text.fileName()}, path(QStringLiteral("o3.fanout")), &report, &error));
        QVERIFY2(error.contains(QStringLiteral("list.txt")), qPrintable(error));
        QVERIFY(!RunMerge::merge({}, path(QStringLiteral("o4.fanout")), &report, &error));
        const QStringList left = QDir(m_dir->path()).entryList({QStringLiteral("o*")}, QDir::Files);
        QCOMPARE(left, QStringList());

        // The command: exit status 2, a message starting with its name.
        CommandIo io;
        QStringList messages;
        io.message = [&](const QString &m) {
            messages.append(m);
        };
        MergeCommand command;
        command.inputs = {a, text.fileName()};
        command.runPath = path(QStringLiteral("o5.fanout"));
        QCOMPARE(runMergeCommand(command, io), 2);
        QVERIFY(messages.join(QString()).startsWith(QStringLiteral("fanout-cli merge: ")));
        command.runPath.clear();
        QCOMPARE(runMergeCommand(command, io), 2); // neither -o nor --run
    }

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_GUILESS_MAIN(TestRunMerge)
#include "test_runmerge.moc"
