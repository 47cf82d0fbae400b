// Prints how long the waterfall takes to redraw 1,000 / 10,000 / 100,000 bars into a 1600×900 image, with the
// whole run in view (the level-of-detail path for thin rows) and zoomed in to detail, plus the cost of a live
// batch (200 changed rows) and of a full rebuild from the results. Target: under 16 ms per frame for 100,000
// bars.
#include "engine/checkresult.h"
#include "timing/waterfallview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace Fanout;

namespace {

// A greedy schedule of pseudo-random durations at `cap` slots, with a few failures: what a real run looks like.
QVector<CheckResult> makeRun(int n, int cap)
{
    QRandomGenerator rng(42);
    QVector<qint64> freeAt(cap, 0);
    QVector<CheckResult> rows;
    rows.reserve(n);
    for (int i = 0; i < n; ++i) {
        auto slot = std::min_element(freeAt.begin(), freeAt.end());
        const qint64 start = *slot;
        const qint64 dur = 20 + rng.bounded(1500);
        *slot = start + dur;
        CheckResult r;
        r.id = i;
        r.input = QStringLiteral("http://127.0.0.%1:8080/delay/%2/%3").arg(1 + i % 4).arg(dur).arg(i);
        r.url = QUrl(r.input);
        r.state = CheckState::Done;
        r.status = i % 50 == 7 ? 404 : 200;
        r.timings.startedMs = start;
        r.timings.connectMs = i % 8 == 0 ? start : -1;
        r.timings.sentMs = start + 2;
        r.timings.headersMs = start + dur * 7 / 10;
        r.timings.finishedMs = start + dur;
        rows.append(r);
    }
    return rows;
}

struct Figures
{
    double median = 0, min = 0, max = 0;
};

template <typename F>
Figures measure(int frames, F &&frame)
{
    QVector<double> ms;
    for (int i = 0; i < frames; ++i) {
        QElapsedTimer t;
        t.start();
        frame();
        ms.append(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return {ms.at(ms.size() / 2), ms.constFirst(), ms.constLast()};
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    std::printf("bench_waterfall: redraw of the waterfall (bars + in-flight strip + axes) into a 1600x900 image\n");
    std::printf("%10s  %-22s  %10s  %10s  %10s\n", "bars", "view", "median ms", "min ms", "max ms");
    bool allUnder16 = true;
    for (int n : {1000, 10000, 100000}) {
        const auto shared = std::make_shared<const TimingTable>(TimingTable::of(makeRun(n, 64)));
        const TimingTable &rows = *shared;
        WaterfallView view;
        view.resize(1600, 900);
        view.setResults(shared);
        view.startRun(64);
        view.setNow(rows.at(rows.size() - 1).timings.finishedMs, false);
        view.refresh();
        QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
        view.render(&image); // warm-up: fonts, the in-flight series

        const Figures fit = measure(25, [&] { view.render(&image); });
        std::printf("%10d  %-22s  %10.2f  %10.2f  %10.2f\n", n, "fit all", fit.median, fit.min, fit.max);
        if (n == 100000 && fit.median >= 16)
            allUnder16 = false;

        // Zoomed to ~40 rows and a fifth of the time: per-bar detail drawing.
        view.viewport().zoomRows(view.viewport().visibleRows() / 40.0, 0);
        view.viewport().zoomTime(5, 0);
        view.render(&image);
        const Figures detail = measure(25, [&] { view.render(&image); });
        std::printf("%10d  %-22s  %10.2f  %10.2f  %10.2f\n", n, "zoomed (detail)", detail.median, detail.min,
                    detail.max);

        // A live batch as the panel gets it: 200 changed rows near the live edge, their bars and in-flight
        // events updated, one frame drawn.
        view.fitAll();
        QVector<int> batch;
        for (int i = std::max(0, n - 200); i < n; ++i)
            batch.append(i);
        const Figures live = measure(25, [&] {
            view.updateRows(batch);
            view.render(&image);
        });
        std::printf("%10d  %-22s  %10.2f  %10.2f  %10.2f\n", n, "batch update + redraw", live.median, live.min,
                    live.max);
        // A full rebuild (new list, zoom reset): every bar, label and in-flight event re-read.
        const Figures full = measure(5, [&] {
            view.refresh();
            view.render(&image);
        });
        std::printf("%10d  %-22s  %10.2f  %10.2f  %10.2f\n", n, "full rebuild + redraw", full.median, full.min,
                    full.max);
    }
    std::printf("100,000 bars under 16 ms: %s\n", allUnder16 ? "yes" : "NO");
    return 0;
}
