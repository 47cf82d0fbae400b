// Parses a generated one-million-line URL list from a file and prints time and memory figures, then writes
// 100,000 results as CSV and as JSON Lines and prints how long each took.
// Not a pass/fail test; it exits non-zero only when the parse result is not what the generator wrote.
#include "benchutil.h"
#include "io/resultwriter.h"
#include "io/urllist.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace Fanout;

namespace {

constexpr int kLines = 1000000;
constexpr int kRuns = 3;

struct Expected
{
    int valid = 0;
    int invalid = 0;
    int duplicates = 0;
    int skipped = 0;
};

// 90% canonical https URLs, 5% bare hosts, 3% repeats of earlier lines (both kinds), 1% comments, 1% blank
// lines or (one in ten of those) invalid lines.
QByteArray generate(Expected *expected)
{
    QByteArray out;
    out.reserve(qsizetype(kLines) * 48);
    for (int i = 0; i < kLines; ++i) {
        const int kind = i % 100;
        if (kind < 90) {
            out += "https://host" + QByteArray::number(i % 5000) + ".example.com/path/" + QByteArray::number(i) + '\n';
            ++expected->valid;
        } else if (kind < 95) {
            out += "host" + QByteArray::number(i % 5000) + ".example.org/p/" + QByteArray::number(i) + '\n';
            ++expected->valid;
        } else if (kind == 95) {
            // The bare host written five lines up, now spelled out.
            out += "https://host" + QByteArray::number((i - 5) % 5000) + ".example.org/p/" + QByteArray::number(i - 5) +
                   '\n';
            ++expected->duplicates;
        } else if (kind < 98) {
            out += "https://host" + QByteArray::number((i - 10) % 5000) + ".example.com/path/" +
                   QByteArray::number(i - 10) + '\n';
            ++expected->duplicates;
        } else if (kind == 98) {
            out += "# comment " + QByteArray::number(i) + '\n';
            ++expected->skipped;
        } else if (i % 1000 == 999) {
            out += "ht!tp://bad url " + QByteArray::number(i) + '\n';
            ++expected->invalid;
        } else {
            out += '\n';
            ++expected->skipped;
        }
    }
    return out;
}

// 100,000 finished rows as a run leaves them: redirects on most, a title with quotes on some.
QVector<CheckResult> writerRows()
{
    QVector<CheckResult> results;
    results.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
        CheckResult r;
        r.id = i;
        r.line = i + 1;
        r.url = QUrl(QStringLiteral("https://host%1.example.test/path/%2").arg(i % 1000).arg(i));
        r.input = r.url.toString();
        r.finalUrl = r.url;
        r.state = CheckState::Done;
        r.status = 200;
        r.reason = QStringLiteral("OK");
        r.title = i % 7 == 0 ? QStringLiteral("Title, with \"quotes\" %1").arg(i) : QStringLiteral("页面 %1").arg(i);
        r.contentType = QStringLiteral("text/html; charset=utf-8");
        r.bytes = 1234;
        r.timings.startedMs = 10;
        r.timings.finishedMs = 55;
        r.attempts = 1;
        if (i % 5 != 0)
            r.redirects = {{QUrl(QStringLiteral("https://example.test/a")), 301}};
        results.append(r);
    }
    return results;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);

    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "cannot create a temporary directory\n");
        return 1;
    }
    const QString path = dir.filePath(QStringLiteral("urls.txt"));
    Expected expected;
    qint64 fileSize = 0;
    {
        const QByteArray data = generate(&expected);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size()) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            return 1;
        }
        fileSize = data.size();
    }

    const qint64 rssBeforeKb = Bench::statusKb("VmRSS");
    Bench::resetPeak(); // so VmHWM measures the parse alone, not the generator
    std::vector<double> seconds;
    std::vector<double> cpuSeconds;
    bool correct = true;
    for (int run = 0; run < kRuns; ++run) {
        QElapsedTimer timer;
        timer.start();
        const std::clock_t cpuStart = std::clock();
        const UrlList list = UrlListParser::parseFile(path);
        cpuSeconds.push_back(double(std::clock() - cpuStart) / CLOCKS_PER_SEC);
        seconds.push_back(double(timer.nsecsElapsed()) / 1e9);
        const bool ok = list.error.isEmpty() && list.validCount() == expected.valid &&
                        list.invalidCount() == expected.invalid && list.duplicates == expected.duplicates &&
                        list.skipped == expected.skipped;
        if (!ok) {
            std::fprintf(stderr,
                         "unexpected result: error \"%s\", valid %d/%d, invalid %d/%d, duplicates %d/%d, "
                         "skipped %d/%d\n",
                         qPrintable(list.error), list.validCount(), expected.valid, list.invalidCount(),
                         expected.invalid, list.duplicates, expected.duplicates, list.skipped, expected.skipped);
            correct = false;
        }
    }
    const qint64 peakKb = Bench::statusKb("VmHWM");
    std::sort(seconds.begin(), seconds.end());
    std::sort(cpuSeconds.begin(), cpuSeconds.end());
    const double median = seconds[seconds.size() / 2];
    const double growthMiB = double(peakKb - rssBeforeKb) / 1024.0;
    const double fileMiB = double(fileSize) / (1024.0 * 1024.0);

    std::printf("bench_parse: parseFile on a generated list\n");
    std::printf("  lines            %d (%d valid, %d invalid, %d duplicates, %d skipped)\n", kLines, expected.valid,
                expected.invalid, expected.duplicates, expected.skipped);
    std::printf("  file size        %.1f MiB\n", fileMiB);
    std::printf("  seconds          %.3f median of %d (min %.3f, max %.3f)\n", median, kRuns, seconds.front(),
                seconds.back());
    // CPU time shows the parser's own cost when other work shares the cores.
    std::printf("  CPU seconds      %.3f median of %d\n", cpuSeconds[cpuSeconds.size() / 2], kRuns);
    std::printf("  lines/s          %.0f\n", kLines / median);
    std::printf("  peak RSS         %.1f MiB (VmHWM)\n", double(peakKb) / 1024.0);
    std::printf("  RSS growth       %.1f MiB = %.1f x the file size\n", growthMiB, growthMiB / fileMiB);
    std::printf("  result           %s\n", correct ? "as generated" : "WRONG");

    const QVector<CheckResult> rows = writerRows();
    QElapsedTimer timer;
    timer.start();
    const QByteArray csv = ResultWriter::toCsv(rows);
    const double csvMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    const QByteArray jsonl = ResultWriter::toJsonLines(rows);
    const double jsonMs = double(timer.nsecsElapsed()) / 1e6;
    std::printf("bench_parse: ResultWriter on %lld rows\n", qint64(rows.size()));
    std::printf("  CSV              %.1f ms (%.1f MiB)\n", csvMs, double(csv.size()) / (1024.0 * 1024.0));
    std::printf("  JSON Lines       %.1f ms (%.1f MiB)\n", jsonMs, double(jsonl.size()) / (1024.0 * 1024.0));
    return correct ? 0 : 1;
}
