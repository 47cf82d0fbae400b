// Prints what the results table's models cost at 100,000 rows (figures only, the exit code is 0):
//   load          ResultsModel::setList with the filter proxy attached (one reset)
//   results       100,000 setResult calls (applied, not yet announced)
//   flush         announcing all of them at once
//   sort          a full sort by time, descending
//   filter        the 4xx category, then back to all
//   sorted batch  500 scattered rows re-placed while sorted by time: a merge, not a full sort (median of 20)
// test_resultsmodel checks that the same operations give the right rows; the figures live here.
#include "results/resultsfiltermodel.h"
#include "results/resultsmodel.h"

#include <QElapsedTimer>
#include <QGuiApplication>

#include <algorithm>
#include <cstdio>

using namespace Fanout;

namespace {

UrlList makeList(int n)
{
    UrlList list;
    list.entries.reserve(n);
    for (int i = 0; i < n; ++i) {
        UrlEntry e;
        e.line = i + 1;
        e.text = QStringLiteral("http://127.0.0.1:1/page/%1").arg(i);
        e.url = QUrl(e.text);
        list.entries.append(e);
    }
    return list;
}

CheckResult done(const ResultsModel &model, int row, int status, qint64 ms)
{
    CheckResult r = model.result(row);
    r.state = CheckState::Done;
    r.status = status;
    r.title = QStringLiteral("Page %1").arg(row);
    r.timings.startedMs = 10;
    r.timings.finishedMs = 10 + ms;
    r.attempts = 1;
    r.bytes = 100 * row;
    r.finalUrl = r.url;
    return r;
}

double msSince(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QGuiApplication app(argc, argv);
    constexpr int n = 100000;
    ResultsModel model;
    ResultsFilterModel proxy;
    proxy.setResultsModel(&model);

    QElapsedTimer t;
    t.start();
    model.setList(makeList(n));
    const double loadMs = msSince(t);
    t.restart();
    for (int row = 0; row < n; ++row)
        model.setResult(done(model, row, row % 10 == 0 ? 404 : 200, row % 997));
    const double resultsMs = msSince(t);
    t.restart();
    model.flush();
    const double flushMs = msSince(t);
    t.restart();
    proxy.sort(ResultsModel::TimeColumn, Qt::DescendingOrder);
    const double sortMs = msSince(t);
    t.restart();
    proxy.setCategory(ResultFilter::Http4xx);
    proxy.setCategory(ResultFilter::All);
    const double filterMs = msSince(t);

    QVector<double> batches;
    for (int round = 0; round < 20; ++round) {
        t.restart();
        for (int i = 0; i < 500; ++i) {
            const int row = (i * 199 + round * 7) % n;
            model.setResult(done(model, row, 200, (i * 31 + round * 13) % 2000));
        }
        model.flush();
        batches.append(msSince(t));
    }
    std::sort(batches.begin(), batches.end());

    std::printf("bench_models: ResultsModel + ResultsFilterModel, %d rows\n", n);
    std::printf(
        "  load %.1f ms, %d results %.1f ms, flush %.1f ms, sort by time %.1f ms, filter 4xx and back %.1f ms\n",
        loadMs, n, resultsMs, flushMs, sortMs, filterMs);
    std::printf("  sorted batch of 500: median %.2f ms, min %.2f ms, max %.2f ms (a full sort is the figure above)\n",
                batches.at(batches.size() / 2), batches.constFirst(), batches.constLast());
    std::printf("  rows shown %d, slowest %lld ms\n", proxy.rowCount(), model.slowestMs());
    return 0;
}
