// The run file: records N results (default 1,000,000; `bench_store N`) through RunRecorder as a run would, and
// prints throughput, the writer thread's CPU and the caller's; then reads them back the ways the CLI and the GUI
// do (open with quick_check, forEachResult, forEachSummary, a page of rows) with times and peak memory.
// Not a pass/fail test; it exits non-zero only when what is read back is not what was written.
#include "benchutil.h"
#include "store/runfile.h"
#include "store/runrecorder.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

using namespace Fanout;

namespace {

// A result of typical size: ~40-character URLs, a title, 600 bytes of headers, one redirect in ten.
CheckResult resultFor(const CheckTarget &t)
{
    CheckResult r;
    r.id = t.id;
    r.line = t.entry.line;
    r.input = t.entry.text;
    r.url = t.entry.url;
    r.finalUrl = t.entry.url;
    r.state = CheckState::Done;
    r.status = t.id % 20 == 0 ? 404 : 200;
    r.reason = QStringLiteral("OK");
    r.title = QStringLiteral("Example page number %1 - Example Site").arg(t.id);
    r.contentType = QStringLiteral("text/html; charset=utf-8");
    r.bytes = 20000 + t.id % 5000;
    r.timings = {t.id / 10, t.id / 10 + 1, t.id / 10 + 2, t.id / 10 + 40, t.id / 10 + 55};
    r.attempts = 1;
    if (t.id % 10 == 0)
        r.redirects = {{QUrl(QStringLiteral("http://host.example/r/%1").arg(t.id)), 301}};
    r.rawHeaders = QByteArray(600, 'h');
    if (t.id % 33 == 0)
        r.error = QStringLiteral("timeout: no answer within 10 s");
    return r;
}

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? qMax(1, QByteArray(argv[1]).toInt()) : 1000000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.fanout"));

    QVector<CheckTarget> targets;
    targets.reserve(n);
    for (int i = 0; i < n; ++i) {
        CheckTarget t;
        t.id = i;
        t.entry.line = i + 1;
        t.entry.text = QStringLiteral("https://host%1.example.com/path/%2").arg(i % 5000).arg(i);
        t.entry.url = QUrl(t.entry.text);
        targets.append(t);
    }

    // Write: entries, then results one by one from this thread, as the engine's signals would give them.
    RunRecorder recorder;
    QString error;
    if (!recorder.create(path, RunMeta(), &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    QElapsedTimer wall;
    wall.start();
    const double cpuStart = Bench::cpuSeconds();
    recorder.addEntries(targets);
    recorder.beginPass(QStringLiteral("run"));
    // The entries alone first, so the results' figures are theirs.
    while (recorder.committedRows() < n + 1)
        QThread::msleep(5);
    const double entriesSeconds = seconds(wall);
    const double entriesCpu = recorder.writerCpuSeconds();
    wall.start();
    QElapsedTimer callerTime;
    qint64 callerNs = 0;
    for (const CheckTarget &t : targets) {
        const CheckResult r = resultFor(t);
        callerTime.start();
        recorder.addResult(r);
        callerNs += callerTime.nsecsElapsed();
    }
    recorder.finish(RunState::Finished, 1);
    const bool ok = recorder.waitForFinished();
    const double writeSeconds = seconds(wall);
    const double processCpu = Bench::cpuSeconds() - cpuStart;
    if (!ok || recorder.committedResults() != n) {
        std::fprintf(stderr, "recorder: %s (%d of %d committed)\n", qPrintable(recorder.failure()),
                     recorder.committedResults(), n);
        return 1;
    }
    const qint64 fileBytes = QFileInfo(path).size();
    const double resultsCpu = recorder.writerCpuSeconds() - entriesCpu;
    std::printf("record %d entries: %.2f s wall, writer CPU %.2f s (%.1f us each)\n", n, entriesSeconds, entriesCpu,
                entriesCpu * 1e6 / n);
    std::printf("record %d results: %.2f s wall, %.0f results/s; writer thread CPU %.2f s (%.1f us each)\n", n,
                writeSeconds, n / writeSeconds, resultsCpu, resultsCpu * 1e6 / n);
    std::printf("  whole process CPU %.2f s (entries and results), %d commits\n", processCpu, recorder.commits());
    std::printf("  caller time in addResult() (copy, queue, waits when the queue is full): %.2f s (%.2f us each)\n",
                double(callerNs) / 1e9, double(callerNs) / 1e3 / n);
    std::printf("  file %.1f MB (%.0f bytes per result)\n", double(fileBytes) / 1e6, double(fileBytes) / n);

    // Read back.
    Bench::resetPeak();
    const long rssBefore = long(Bench::statusKb("VmRSS"));
    wall.start();
    auto file = RunFile::open(path, RunFile::Mode::ReadOnly, &error);
    if (!file) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::printf("open (header checks + quick_check): %.2f s\n", seconds(wall));

    wall.start();
    int rows = 0;
    bool same = true;
    file->forEachResult([&](const CheckResult &r) {
        same = same && r.id == rows && r.title == resultFor(targets[rows]).title;
        ++rows;
        return true;
    });
    std::printf("forEachResult %d rows: %.2f s (%.0f rows/s), peak RSS +%ld kB over the %ld kB before\n", rows,
                seconds(wall), rows / seconds(wall), qMax(0L, Bench::peakRssKb() - rssBefore), rssBefore);
    if (rows != n || !same) {
        std::fprintf(stderr, "read back %d rows, %s\n", rows, same ? "equal" : "different");
        return 1;
    }

    wall.start();
    int failed = 0;
    file->forEachSummary([&](const ResultSummary &s) {
        failed += s.isFailed() ? 1 : 0;
        return true;
    });
    std::printf("forEachSummary %d rows: %.2f s (%d failed)\n", n, seconds(wall), failed);

    wall.start();
    constexpr int pages = 200;
    for (int i = 0; i < pages; ++i) {
        const int first = int((qint64(i) * 7919 * 100) % qMax(1, n - 100));
        file->results(first, first + 99);
    }
    std::printf("results(first, first + 99), %d random pages: %.2f ms a page\n", pages, seconds(wall) * 1e3 / pages);

    wall.start();
    const RunMeta meta = file->meta();
    std::printf("meta() with counts: %.1f ms (%d entries, %d pending)\n", seconds(wall) * 1e3, meta.entries,
                meta.pending);
    return 0;
}
