// The scale-out recipe end to end: a list split into 4 shards run side by side by GNU parallel, then
// `fanout-cli merge`, must give what one run of the whole list gives. Needs fanout-cli with --shard, --run and
// the merge command, and GNU parallel; skipped (saying which is missing) otherwise.

#include "io/shard.h"
#include "origin/originserver.h"
#include "store/runfile.h"
#include "strictcsv.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Fanout;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The columns a check decides (timings differ from run to run), by url.
QMap<QString, QStringList> verdicts(const QByteArray &csv, QString *why)
{
    bool ok = false;
    const QVector<QStringList> records = FanoutTest::parseStrictCsv(csv, &ok);
    QMap<QString, QStringList> out;
    if (!ok || records.isEmpty()) {
        *why = QStringLiteral("not strict CSV");
        return out;
    }
    const QStringList header = records.first();
    QVector<int> keep;
    for (const char *name : {"final_url", "status", "title", "error", "line"})
        keep.append(int(header.indexOf(QLatin1String(name))));
    for (qsizetype i = 1; i < records.size(); ++i) {
        QStringList row;
        for (const int column : keep)
            row.append(records.at(i).value(column));
        out.insert(records.at(i).value(0) + u'#' + records.at(i).value(keep.last()), row);
    }
    return out;
}

} // namespace

class TestScaleOut : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_home.isValid());
        QVERIFY(m_bin.isValid());
        QVERIFY(QFile::link(QStringLiteral(FANOUT_CLI_PATH), m_bin.filePath(QStringLiteral("fanout-cli"))));
        QVERIFY2(m_origin.listen(0, kHosts), qPrintable(m_origin.errorString()));
    }

    void parallelShardsThenMerge()
    {
        const Result help = run(QStringLiteral(FANOUT_CLI_PATH), {QStringLiteral("--help")});
        for (const char *needed : {"--shard", "--run"}) {
            if (!help.out.contains(needed))
                QSKIP(qPrintable(QStringLiteral("fanout-cli has no %1 option yet: this test runs once the CLI "
                                                "has --shard K/N, --run FILE and the merge command")
                                     .arg(QLatin1String(needed))));
        }
        const Result mergeHelp =
            run(QStringLiteral(FANOUT_CLI_PATH), {QStringLiteral("merge"), QStringLiteral("--help")});
        if (mergeHelp.exitCode != 0 || !mergeHelp.out.contains("--run"))
            QSKIP("fanout-cli has no merge command yet");
        const QString parallel = QStandardPaths::findExecutable(QStringLiteral("parallel"));
        if (parallel.isEmpty())
            QSKIP("GNU parallel is not installed (Debian: apt-get install parallel; .ci/install-deps installs it)");

        const QString list = m_dir.filePath(QStringLiteral("urls.txt"));
        QMap<QString, QStringList> expected;
        QVERIFY2(makeList(list, &expected), "the single run of the list failed");
        QString why;

        // The recipe of docs-draft/scale-out.md: one job per shard, 4 at once; jobs whose URLs partly failed
        // exit 1, so parallel's own status is the number of such jobs, not a failure of the recipe.
        const QString shardPattern = m_dir.filePath(QStringLiteral("shard-{}.fanout"));
        const Result jobs =
            run(parallel, {QStringLiteral("-j4"), QStringLiteral("--halt"), QStringLiteral("never"),
                           QStringLiteral(FANOUT_CLI_PATH), QStringLiteral("-q"), QStringLiteral("--shard"),
                           QStringLiteral("{}/4"), QStringLiteral("--run"), shardPattern, list, QStringLiteral(":::"),
                           QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")});
        QVERIFY2(jobs.exitCode >= 0 && jobs.exitCode <= 4, jobs.err.constData());
        QStringList shards;
        for (int k = 0; k < 4; ++k) {
            const QString path = m_dir.filePath(QStringLiteral("shard-%1.fanout").arg(k));
            QString error;
            const auto shard = RunFile::open(path, RunFile::Mode::ReadOnly, &error);
            QVERIFY2(shard, qPrintable(error + QLatin1Char('\n') + QString::fromUtf8(jobs.err)));
            QCOMPARE(shard->meta().shard, QStringLiteral("%1/4").arg(k));
            // Every URL it checked is of its shard.
            shard->forEachResult([&](const CheckResult &r) {
                if (r.isDone() && r.url.isValid() && shardOf(r.url, 4) != k)
                    error = r.url.toString();
                return true;
            });
            QVERIFY2(error.isEmpty(), qPrintable(QStringLiteral("%1 in shard %2").arg(error).arg(k)));
            shards << path;
        }

        const QString merged = m_dir.filePath(QStringLiteral("merged.csv"));
        const QString all = m_dir.filePath(QStringLiteral("all.fanout"));
        const Result merge = run(QStringLiteral(FANOUT_CLI_PATH),
                                 QStringList{QStringLiteral("merge")} + shards +
                                     QStringList{QStringLiteral("-o"), merged, QStringLiteral("--run"), all});
        QVERIFY2(merge.exitCode == 1, merge.err.constData()); // some URLs failed, as a check of the list says
        QCOMPARE(verdicts(readFile(merged), &why), expected);
        QVERIFY2(why.isEmpty(), qPrintable(why));

        // The same over parallel's ssh machinery, to this machine (":" is the local host in --sshlogin).
        const Result viaSsh =
            run(parallel,
                {QStringLiteral("--sshlogin"), QStringLiteral("2/:"), QStringLiteral("--halt"), QStringLiteral("never"),
                 QStringLiteral(FANOUT_CLI_PATH), QStringLiteral("-q"), QStringLiteral("--shard"),
                 QStringLiteral("{}/2"), QStringLiteral("--run"), m_dir.filePath(QStringLiteral("ssh-{}.fanout")), list,
                 QStringLiteral(":::"), QStringLiteral("0"), QStringLiteral("1")});
        QVERIFY2(viaSsh.exitCode >= 0 && viaSsh.exitCode <= 2, viaSsh.err.constData());
        const QString mergedSsh = m_dir.filePath(QStringLiteral("merged-ssh.csv"));
        const Result merge2 = run(QStringLiteral(FANOUT_CLI_PATH),
                                  {QStringLiteral("merge"), m_dir.filePath(QStringLiteral("ssh-0.fanout")),
                                   m_dir.filePath(QStringLiteral("ssh-1.fanout")), QStringLiteral("-o"), mergedSsh});
        QVERIFY2(merge2.exitCode == 1, merge2.err.constData());
        QCOMPARE(verdicts(readFile(mergedSsh), &why), expected);
    }

    // The recipe files in contrib/scale-out run as written (the scheduler's part emulated: the variables it
    // sets, one process per task), against the local origin: a Slurm array and a Kubernetes Indexed Job.
    void recipesRunAsWritten()
    {
        QString missing;
        if (!cliHasScaleOut(&missing))
            QSKIP(qPrintable(missing));
        const QString recipes = QStringLiteral(FANOUT_TEST_DATA "/../../contrib/scale-out");
        QVERIFY(QFile::exists(recipes + QStringLiteral("/fanout-job.yaml")));

        // Slurm: the array task script once per index, then the merge script, in the submit folder.
        QTemporaryDir slurm;
        QVERIFY(slurm.isValid());
        QMap<QString, QStringList> expected;
        QVERIFY2(makeList(slurm.filePath(QStringLiteral("urls.txt")), &expected), "the single run of the list failed");
        for (int k = 0; k < 8; ++k) {
            const Result task =
                run(QStringLiteral("bash"), {recipes + QStringLiteral("/fanout-shards.sbatch")}, slurm.path(),
                    {QStringLiteral("SLURM_ARRAY_TASK_ID=%1").arg(k), QStringLiteral("SLURM_ARRAY_TASK_COUNT=8")});
            QVERIFY2(task.exitCode == 0, task.err.constData());
        }
        const Result merge =
            run(QStringLiteral("bash"), {recipes + QStringLiteral("/fanout-merge.sbatch")}, slurm.path());
        QVERIFY2(merge.exitCode == 0, merge.err.constData());
        QString why;
        QCOMPARE(verdicts(readFile(slurm.filePath(QStringLiteral("all.csv"))), &why), expected);
        QVERIFY2(why.isEmpty(), qPrintable(why));

        // Kubernetes: the container's script once per completion index, /lists and /out mapped to folders.
        QTemporaryDir k8s;
        QVERIFY(k8s.isValid());
        QVERIFY(QDir(k8s.path()).mkpath(QStringLiteral("lists")) && QDir(k8s.path()).mkpath(QStringLiteral("out")));
        QVERIFY2(makeList(k8s.filePath(QStringLiteral("lists/urls.txt")), &expected), "the single run failed");
        const auto script = [&](const QString &file) {
            QString text = QString::fromUtf8(readFile(recipes + u'/' + file));
            // The block scalar after "- |" under command: (the manifests are written that way).
            const qsizetype at = text.indexOf(QStringLiteral("- |\n"));
            if (at < 0)
                return QString();
            QStringList body;
            for (const QString &line : text.mid(at + 4).split(u'\n')) {
                if (!line.startsWith(QStringLiteral("              ")))
                    break;
                body << line.trimmed();
            }
            return body.join(u'\n')
                .replace(QStringLiteral("/lists/"), k8s.path() + QStringLiteral("/lists/"))
                .replace(QStringLiteral("/out/"), k8s.path() + QStringLiteral("/out/"));
        };
        const QString shardScript = script(QStringLiteral("fanout-job.yaml"));
        QVERIFY2(shardScript.contains(QStringLiteral("--shard $JOB_COMPLETION_INDEX/8")), qPrintable(shardScript));
        for (int k = 0; k < 8; ++k) {
            const Result pod = run(QStringLiteral("sh"), {QStringLiteral("-c"), shardScript}, k8s.path(),
                                   {QStringLiteral("JOB_COMPLETION_INDEX=%1").arg(k)});
            QVERIFY2(pod.exitCode == 0, pod.err.constData());
        }
        const QString mergeScript = script(QStringLiteral("fanout-merge-job.yaml"));
        QVERIFY2(mergeScript.contains(QStringLiteral("fanout-cli merge")), qPrintable(mergeScript));
        const Result mergePod = run(QStringLiteral("sh"), {QStringLiteral("-c"), mergeScript}, k8s.path());
        QVERIFY2(mergePod.exitCode == 0, mergePod.err.constData());
        QCOMPARE(verdicts(readFile(k8s.filePath(QStringLiteral("out/all.csv"))), &why), expected);
    }

private:
    static constexpr int kHosts = 8;

    // 8 hosts x 6 URLs, OK and failing ones, plus a rejected and a duplicate line, written to `path`; *expected
    // gets what one run of the whole list decides for each.
    bool makeList(const QString &path, QMap<QString, QStringList> *expected)
    {
        QStringList lines;
        for (int host = 1; host <= kHosts; ++host) {
            const QString base = m_origin.baseUrl(host).toString();
            lines << base + QStringLiteral("/page/%1").arg(host) << base + QStringLiteral("/status/404")
                  << base + QStringLiteral("/title?t=Host%20%1").arg(host) << base + QStringLiteral("/redirect/2")
                  << base + QStringLiteral("/status/503") << base + QStringLiteral("/page/99");
        }
        lines.insert(5, QStringLiteral("not a url"));
        lines.insert(9, lines.at(0)); // a duplicate
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        file.write(lines.join(u'\n').toUtf8() + '\n');
        file.close();
        const QString single = path + QStringLiteral(".single.csv");
        const Result whole =
            run(QStringLiteral(FANOUT_CLI_PATH), {QStringLiteral("-q"), QStringLiteral("-o"), single, path});
        if (whole.exitCode != 1) // 404s and 503s
            return false;
        QString why;
        *expected = verdicts(readFile(single), &why);
        // every distinct URL and the rejected line, once
        return why.isEmpty() && expected->size() == lines.size() - 1;
    }
    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    // Runs a program while the event loop turns (the in-process origin must keep answering). No time limit
    // here: CTest's TIMEOUT is the one.
    Result run(const QString &program, const QStringList &arguments, const QString &workDir = {},
               const QStringList &extraEnvironment = {})
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name :
             {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"})
            environment.insert(QLatin1String(name), m_home.path());
        // fanout-cli on PATH, as the recipes call it
        environment.insert(QStringLiteral("PATH"), m_bin.path() + u':' + environment.value(QStringLiteral("PATH")));
        for (const QString &assignment : extraEnvironment)
            environment.insert(assignment.section(u'=', 0, 0), assignment.section(u'=', 1));
        process.setProcessEnvironment(environment);
        if (!workDir.isEmpty())
            process.setWorkingDirectory(workDir);
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(program, arguments);
        if (!process.waitForStarted(-1))
            return {};
        process.closeWriteChannel();
        while (finished.isEmpty())
            finished.wait(1000);
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

    // Skips (with the reason) unless fanout-cli has what the recipes use.
    bool cliHasScaleOut(QString *why)
    {
        const Result help = run(QStringLiteral(FANOUT_CLI_PATH), {QStringLiteral("--help")});
        for (const char *needed : {"--shard", "--run"}) {
            if (!help.out.contains(needed)) {
                *why = QStringLiteral("fanout-cli has no %1 option yet: this test runs once the CLI has --shard K/N, "
                                      "--run FILE and the merge command")
                           .arg(QLatin1String(needed));
                return false;
            }
        }
        const Result mergeHelp =
            run(QStringLiteral(FANOUT_CLI_PATH), {QStringLiteral("merge"), QStringLiteral("--help")});
        if (mergeHelp.exitCode != 0 || !mergeHelp.out.contains("--run")) {
            *why = QStringLiteral("fanout-cli has no merge command yet");
            return false;
        }
        return true;
    }

    OriginServer m_origin;
    QTemporaryDir m_bin; // holds a fanout-cli link
    QTemporaryDir m_dir;
    QTemporaryDir m_home; // HOME and XDG_* of every child (GNU parallel writes ~/.parallel)
};

QTEST_GUILESS_MAIN(TestScaleOut)
#include "test_scaleout.moc"
