// Diff and merge at scale: two runs of N URLs (default 1,000,000) and NEW split into 4 shard runs, then
// RunDiff over OLD/NEW and RunMerge of the shards, each stage in its own process so its peak memory is its own.
// Prints figures; never passes or fails on time.
//   bench_rundiff [N]                 all stages in a temporary folder
//   bench_rundiff make|diff|merge DIR N   one stage (what the parent runs)

#include "io/shard.h"
#include "store/rundiff.h"
#include "store/runfile.h"
#include "store/runmerge.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

#include <cstdio>
#include <sys/resource.h>

using namespace Fanout;

namespace {

long peakRssKb()
{
    struct rusage usage = {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

// OLD: every URL 200. NEW: every 100th a 500 (new failure), every 100th+1 another title.
bool makeRun(const QString &path, int n, bool isNew, const ShardSpec &shard)
{
    RunMeta meta;
    meta.source = QStringLiteral("bench.txt");
    meta.shard = shard.isWhole() ? QString() : shard.toString();
    QString error;
    auto run = RunFile::create(path, meta, &error);
    if (!run) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return false;
    }
    run->beginBatch();
    const int pass = run->beginPass(QStringLiteral("run"));
    constexpr int Batch = 10000;
    for (int start = 0; start < n; start += Batch) {
        QVector<CheckTarget> targets;
        QVector<CheckResult> results;
        for (int i = start; i < std::min(n, start + Batch); ++i) {
            CheckTarget t;
            t.id = i;
            t.entry.line = i + 1;
            t.entry.text = QStringLiteral("https://host%1.example/page/%2").arg(i % 5000).arg(i);
            t.entry.url = QUrl(t.entry.text);
            if (!shard.contains(t.entry))
                continue;
            CheckResult r;
            r.id = i;
            r.line = t.entry.line;
            r.input = t.entry.text;
            r.url = t.entry.url;
            r.finalUrl = t.entry.url;
            r.state = CheckState::Done;
            r.status = isNew && i % 100 == 0 ? 500 : 200;
            r.title = isNew && i % 100 == 1 ? QStringLiteral("New title %1").arg(i) : QStringLiteral("Page %1").arg(i);
            r.attempts = 1;
            r.timings.startedMs = 0;
            r.timings.finishedMs = 10;
            targets.append(t);
            results.append(r);
        }
        if (!run->addEntries(targets)) {
            std::fprintf(stderr, "%s\n", qPrintable(run->lastError()));
            return false;
        }
        for (const CheckResult &r : results)
            run->addResult(r, pass);
        run->commit();
        run->beginBatch();
    }
    run->setState(RunState::Finished, 1000);
    return run->commit();
}

int stage(const QString &what, const QString &dir, int n)
{
    QElapsedTimer timer;
    timer.start();
    QString error;
    if (what == u"make") {
        bool ok = makeRun(dir + QStringLiteral("/old.fanout"), n, false, ShardSpec{}) &&
                  makeRun(dir + QStringLiteral("/new.fanout"), n, true, ShardSpec{});
        for (int k = 0; ok && k < 4; ++k)
            ok = makeRun(dir + QStringLiteral("/shard%1.fanout").arg(k), n, true, ShardSpec{k, 4});
        std::printf("make: 2 runs + 4 shards of %d URLs in %.1f s, peak RSS %ld MiB\n", n, timer.elapsed() / 1000.0,
                    peakRssKb() / 1024);
        return ok ? 0 : 1;
    }
    if (what == u"diff") {
        qint64 rows = 0;
        DiffSummary summary;
        const bool ok = RunDiff::compare(
            dir + QStringLiteral("/old.fanout"), dir + QStringLiteral("/new.fanout"),
            [&](const DiffRow &) {
                ++rows;
                return true;
            },
            &summary, &error);
        std::printf("diff: %lld rows (%s) in %.1f s, peak RSS %ld MiB%s%s\n", rows, qPrintable(summary.toText()),
                    timer.elapsed() / 1000.0, peakRssKb() / 1024, ok ? "" : ", failed: ", qPrintable(error));
        return ok ? 0 : 1;
    }
    if (what == u"merge") {
        MergeReport report;
        const bool ok =
            RunMerge::merge({dir + QStringLiteral("/shard0.fanout"), dir + QStringLiteral("/shard1.fanout"),
                             dir + QStringLiteral("/shard2.fanout"), dir + QStringLiteral("/shard3.fanout")},
                            dir + QStringLiteral("/merged.fanout"), &report, &error);
        std::printf("merge: 4 shards, %d entries, %d results in %.1f s, peak RSS %ld MiB%s%s\n", report.entries,
                    report.results, timer.elapsed() / 1000.0, peakRssKb() / 1024,
                    ok ? "" : ", failed: ", qPrintable(error));
        return ok ? 0 : 1;
    }
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 4)
        return stage(args.at(1), args.at(2), args.at(3).toInt());
    const int n = args.size() > 1 ? args.at(1).toInt() : 1000000;
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    for (const QString &what : {QStringLiteral("make"), QStringLiteral("diff"), QStringLiteral("merge")}) {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedChannels);
        child.start(app.applicationFilePath(), {what, dir.path(), QString::number(n)});
        if (!child.waitForFinished(-1) || child.exitCode() != 0)
            return 1;
    }
    return 0;
}
