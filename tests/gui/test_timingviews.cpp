// View models of the timing views (bars, phases, viewport, hit testing, level-of-detail raster, in-flight
// series, histogram, cap sweep) and the painted views themselves, with screenshots of each.
#include "engine/runstats.h"
#include "results/resultsmodel.h"
#include "store/runhistory.h"
#include "timing/capsweepmodel.h"
#include "timing/capsweepview.h"
#include "timing/chartutil.h"
#include "timing/historyview.h"
#include "timing/latencyviews.h"
#include "timing/runpairview.h"
#include "timing/timingcompareview.h"
#include "timing/timingmodels.h"
#include "timing/timingpanel.h"
#include "timing/waterfallmodel.h"
#include "timing/waterfallview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <numeric>

using namespace Fanout;

Q_DECLARE_METATYPE(QVector<Fanout::PhaseSpan>)

namespace {

// The views share the model's rows (TimingRows); a test keeps its rows on the stack and changes them in place.
TimingRows borrowed(const TimingTable &rows)
{
    return TimingRows(TimingRows(), &rows); // aliasing, owning nothing: the test's rows outlive the view
}

// The timing rows of results a test does not change once the view has them.
TimingRows timingOf(const QVector<CheckResult> &results)
{
    return std::make_shared<const TimingTable>(TimingTable::of(results));
}

// A view's whole rows for its labels and tooltips, as the main window reads them from its model.
std::function<CheckResult(int)> fetcherOf(const QVector<CheckResult> &results)
{
    return [&results](int row) {
        return results.at(row);
    };
}

using Intervals = QVector<QPair<qint64, qint64>>;

CheckTimings timings(qint64 started, qint64 connect, qint64 sent, qint64 headers, qint64 finished)
{
    CheckTimings t;
    t.startedMs = started;
    t.connectMs = connect;
    t.sentMs = sent;
    t.headersMs = headers;
    t.finishedMs = finished;
    return t;
}

CheckResult row(int id, qint64 started, qint64 finished, int status = 200, const QString &error = {},
                const QString &host = QStringLiteral("127.0.0.1"))
{
    CheckResult r;
    r.id = id;
    r.input = QStringLiteral("http://%1:8080/delay/%2/r%3").arg(host).arg(finished - started).arg(id);
    r.url = QUrl(r.input);
    r.state = CheckState::Done;
    r.status = error.isEmpty() ? status : 0;
    r.error = error;
    r.timings = timings(started, started, started + 1, finished > started + 2 ? finished - 2 : finished, finished);
    return r;
}

// Five 1-second requests: one after another (cap 1) or all at once (cap 5).
QVector<CheckResult> fiveBySecond(bool concurrent)
{
    QVector<CheckResult> rows;
    for (int i = 0; i < 5; ++i) {
        const qint64 start = concurrent ? 3 : 3 + i * 1002;
        rows.append(row(i, start, start + 1000));
    }
    return rows;
}

// A deterministic mixed run of n URLs at a cap: a greedy schedule of pseudo-random durations, a few failures.
QVector<CheckResult> mixedRun(int n, int cap, quint32 seed = 7)
{
    QRandomGenerator rng(seed);
    QVector<qint64> freeAt(cap, 0);
    QVector<CheckResult> rows;
    rows.reserve(n);
    for (int i = 0; i < n; ++i) {
        auto slot = std::min_element(freeAt.begin(), freeAt.end());
        const qint64 start = *slot;
        const qint64 dur = 40 + rng.bounded(900) + (i % 3 == 2 ? 400 : 0);
        *slot = start + dur;
        QString error;
        int status = 200;
        if (i % 37 == 5)
            status = 404;
        if (i % 53 == 11)
            status = 503;
        if (i % 61 == 20)
            error = QStringLiteral("timeout: no answer within 3 s");
        CheckResult r = row(i, start, start + dur, status, error, QStringLiteral("127.0.0.%1").arg(1 + i % 3));
        r.timings.connectMs = i % 4 == 0 ? start : -1; // reused connections report no connect
        r.timings.sentMs = start + (i % 4 == 0 ? std::min<qint64>(30, dur / 4) : 1);
        r.timings.headersMs = start + dur * 8 / 10;
        if (i % 29 == 3)
            r.redirects.append({QUrl(QStringLiteral("http://127.0.0.1:8080/redirect/1")), 302});
        rows.append(r);
    }
    return rows;
}

// A run replayed as the main window sees it: every start and finish in time order, in batches. Each batch
// applies its events to `live` and returns the rows it changed (ascending) and the clock after it.
class LiveReplay
{
public:
    LiveReplay(const QVector<CheckResult> &final, int batchSize)
        : m_final(final)
        , m_batch(batchSize)
    {
        for (const CheckResult &r : final) {
            m_events.append({r.timings.startedMs, r.id, false});
            m_events.append({std::max(r.timings.startedMs, r.timings.finishedMs), r.id, true});
        }
        std::stable_sort(m_events.begin(), m_events.end(), [](const Event &a, const Event &b) { return a.at < b.at; });
    }

    bool atEnd() const { return m_next >= m_events.size(); }

    // Applies the next batch to live; returns the changed rows, sets *nowMs to the clock after the batch.
    QVector<int> step(TimingTable *live, qint64 *nowMs)
    {
        QVector<int> rows;
        for (int n = 0; n < m_batch && m_next < m_events.size(); ++n, ++m_next) {
            const Event &e = m_events.at(m_next);
            if (e.finish) {
                live->set(e.row, m_final.at(e.row));
            } else {
                TimingRow &r = (*live)[e.row];
                r.state = CheckState::Checking;
                r.timings = CheckTimings();
                r.timings.startedMs = TimingMs::clamp(e.at);
            }
            rows.append(e.row);
            *nowMs = e.at;
        }
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        return rows;
    }

private:
    struct Event
    {
        qint64 at;
        int row;
        bool finish;
    };
    QVector<CheckResult> m_final;
    QVector<Event> m_events;
    int m_batch;
    qsizetype m_next = 0;
};

QVector<CheckResult> queuedCopy(const QVector<CheckResult> &rows)
{
    QVector<CheckResult> live = rows;
    for (CheckResult &r : live) {
        r.state = CheckState::Queued;
        r.timings = CheckTimings();
        r.status = 0;
        r.error.clear();
        r.redirects.clear();
    }
    return live;
}

// A dark Fusion palette as dark themes set it (Base darker than Window, light text).
QPalette darkPalette()
{
    QPalette p = QStyleFactory::create(QStringLiteral("Fusion"))->standardPalette();
    p.setColor(QPalette::Window, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Base, QColor(0x24, 0x24, 0x24));
    p.setColor(QPalette::AlternateBase, QColor(0x2e, 0x2e, 0x2e));
    p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
    p.setColor(QPalette::HighlightedText, Qt::black);
    return p;
}

QString screenshotDir()
{
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}

void saveShot(QWidget *w, const QString &name)
{
    const QString path = screenshotDir() + QLatin1Char('/') + name + QStringLiteral(".png");
    QVERIFY2(w->grab().save(path), qPrintable(path));
}

// Colours compare as RGB values: QColor::operator== also compares how a colour was specified (HSV for
// lighter()/darker() results).
QRgb pixel(const QImage &img, QPointF p)
{
    return img.pixel(qRound(p.x()), qRound(p.y()));
}

} // namespace

class TestTimingViews : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    // view models
    void outcomes_data();
    void outcomes();
    void timingRowKeepsVerdicts_data();
    void timingRowKeepsVerdicts();
    void phases_data();
    void phases();
    void barGeometry();
    void viewportZoomPan();
    void viewportFitAndRows();
    void hitTest();
    void rasteriseSmall();
    void rasteriseManyRowsPerPixel();
    void inFlightSeries_data();
    void inFlightSeries();
    void inFlightFromResults();
    void inFlightTrackerFollowsLiveRun_data();
    void inFlightTrackerFollowsLiveRun();
    void liveFiguresFollowLiveRun();
    void capSeries();
    void histogramNiceWidth_data();
    void histogramNiceWidth();
    void histogramBuckets();
    void percentilesFromRunStats();
    void slowestHostsOrder();
    void greedyMakespan_data();
    void greedyMakespan();
    void idealNeverBeatsLowerBound();
    void capsUpTo_data();
    void capsUpTo();
    void parseCaps_data();
    void parseCaps();
    void capSweepPoints();
    void axisHelpers_data();
    void axisHelpers();

    // painted views
    void waterfallPaintsBarsInOutcomeColours();
    void waterfallClickSelectsAndHighlightFollows();
    void waterfallWheelDragAndFit();
    void waterfallTooltip();
    void waterfallStripShowsCap();
    void waterfallHundredThousandBars();
    void comparisonView();
    void histogramAndHostsViews();
    void historyViewCompareAndExport();
    void historyModelUnderTester();
    void capSweepChart();
    void panelRecordsRunsAndExports();
    void panelIncrementalMatchesFullRebuild();
    void panelRecordIsFromResultsOfTheRunsRows();
    void panelSpeaksChinese();
    // Issue 11, items 6 and 7.
    void waterfallLegendCountsAreTheChips();
    void waterfallPhasesLegendIsNotAnOutcome();
    void waterfallNoRunLengthBeforeARun();
    void waterfallSelectedRowAtItsOwnExtent();
    void viewsDescribeThemselves();
    void coloursKeepContrast_data();
    void coloursKeepContrast();
    void capSweepTieWording();
    void comparisonAxisTitleClearOfTicks();
    void histogramShortPaneKeepsScale();
    void runPairSharesOneAxis();

private:
    QTemporaryDir m_tmp;
};

void TestTimingViews::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
}

// ---- view models ----

void TestTimingViews::outcomes_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("redirected");
    QTest::addColumn<int>("outcome");
    QTest::newRow("queued") << int(CheckState::Queued) << 0 << QString() << false << int(Outcome::Queued);
    QTest::newRow("running") << int(CheckState::Checking) << 0 << QString() << false << int(Outcome::Running);
    QTest::newRow("200") << int(CheckState::Done) << 200 << QString() << false << int(Outcome::Ok);
    QTest::newRow("200 via 301") << int(CheckState::Done) << 200 << QString() << true << int(Outcome::Redirected);
    QTest::newRow("404") << int(CheckState::Done) << 404 << QString() << false << int(Outcome::ClientError);
    QTest::newRow("503") << int(CheckState::Done) << 503 << QString() << false << int(Outcome::ServerError);
    QTest::newRow("timeout") << int(CheckState::Done) << 0 << QStringLiteral("timeout: 3 s") << false
                             << int(Outcome::Error);
    QTest::newRow("cancelled") << int(CheckState::Done) << 0 << QStringLiteral("cancelled: stopped") << false
                               << int(Outcome::Cancelled);
    QTest::newRow("no answer") << int(CheckState::Done) << 0 << QString() << false << int(Outcome::Error);
}

void TestTimingViews::outcomes()
{
    QFETCH(int, state);
    QFETCH(int, status);
    QFETCH(QString, error);
    QFETCH(bool, redirected);
    QFETCH(int, outcome);
    CheckResult r;
    r.state = CheckState(state);
    r.status = status;
    r.error = error;
    if (redirected)
        r.redirects.append({QUrl(QStringLiteral("http://a/")), 301});
    QCOMPARE(int(outcomeOf(TimingTable::of({r}).at(0))), outcome);
}

void TestTimingViews::timingRowKeepsVerdicts_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("redirects");
    const int done = int(CheckState::Done);
    QTest::newRow("queued") << int(CheckState::Queued) << 0 << QString() << 0;
    QTest::newRow("checking") << int(CheckState::Checking) << 0 << QString() << 0;
    QTest::newRow("rejected line, queued") << int(CheckState::Queued) << 0 << QStringLiteral("invalid: no host") << 0;
    QTest::newRow("200") << done << 200 << QString() << 0;
    QTest::newRow("200 via 301") << done << 200 << QString() << 1;
    QTest::newRow("204") << done << 204 << QString() << 0;
    QTest::newRow("304") << done << 304 << QString() << 0;
    QTest::newRow("404") << done << 404 << QString() << 0;
    QTest::newRow("404 via 302") << done << 404 << QString() << 2;
    QTest::newRow("503") << done << 503 << QString() << 0;
    QTest::newRow("no answer") << done << 0 << QString() << 0;
    QTest::newRow("accepted 403") << done << 403 << QStringLiteral("accepted: status 403") << 0;
    QTest::newRow("accepted, bare") << done << 403 << QStringLiteral("accepted") << 0;
    QTest::newRow("accepted without a status") << done << 0 << QStringLiteral("accepted: status 0") << 0;
    QTest::newRow("not accepted") << done << 404 << QStringLiteral("status: 404 is not accepted") << 0;
    QTest::newRow("timeout after 200") << done << 200 << QStringLiteral("timeout: body incomplete after 3 s") << 0;
    QTest::newRow("redirect loop") << done << 302 << QStringLiteral("redirects: loop at http://a/") << 3;
    QTest::newRow("too many redirects") << done << 301 << QStringLiteral("redirects: more than 10") << 10;
    QTest::newRow("bad redirect") << done << 302 << QStringLiteral("redirects: unusable Location") << 1;
    const char *categories[] = {"dns",     "refused",   "reset",    "tls",       "proxy",
                                "network", "protocol",  "content",  "too-large", "scheme",
                                "invalid", "cancelled", "excluded", "skipped",   "weird"};
    for (const char *category : categories) {
        const QString error = QLatin1String(category) + QStringLiteral(": details");
        QTest::newRow(category) << done << 0 << error << 0;
    }
    QTest::newRow("cancelled, bare") << done << 0 << QStringLiteral("cancelled") << 0;
    QTest::newRow("cancelledx is not cancelled") << done << 0 << QStringLiteral("cancelledx: odd") << 0;
    QTest::newRow("excluded after a redirect") << done << 0 << QStringLiteral("excluded: rule 2") << 1;
}

void TestTimingViews::timingRowKeepsVerdicts()
{
    QFETCH(int, state);
    QFETCH(int, status);
    QFETCH(QString, error);
    QFETCH(int, redirects);
    CheckResult r;
    r.id = 7;
    r.line = 9;
    r.input = QStringLiteral("https://example.test:8443/a/b?c=d");
    r.url = QUrl(r.input);
    r.state = CheckState(state);
    r.status = status;
    r.error = error;
    r.bytes = 5'000'000'000; // more than 32 bits
    r.attempts = 2;
    for (int i = 0; i < redirects; ++i)
        r.redirects.append({QUrl(QStringLiteral("https://example.test:8443/hop")), 301});
    r.timings = timings(10, 11, 12, 40, state == int(CheckState::Done) ? 90 : -1);
    TimingTable table;
    table.append(r);
    const TimingRow &t = table.at(0);
    QCOMPARE(t.isDone(), r.isDone());
    QCOMPARE(t.isOk(), r.isOk());
    QCOMPARE(t.isFailed(), r.isFailed());
    QCOMPARE(t.isCancelled(), r.isCancelled());
    QCOMPARE(t.isSkipped(), r.isSkipped());
    QCOMPARE(t.hasError(), r.hasError());
    QCOMPARE(int(t.outcome()), int(r.outcome()));
    QCOMPARE(table.errorCategory(t), r.errorCategory());
    QCOMPARE(t.elapsedMs(), r.elapsedMs());
    QCOMPARE(t.redirectCount(), r.redirectCount());
    for (ResultFilter f : {ResultFilter::All, ResultFilter::Ok, ResultFilter::Redirected, ResultFilter::Http4xx,
                           ResultFilter::Http5xx, ResultFilter::Errors, ResultFilter::Cancelled})
        QCOMPARE(ResultsModel::matches(t, f), ResultsModel::matches(r, f));
    // Once done, the verdicts hold whatever the state was when the row was made (the model marks rows started).
    TimingRow finished = t;
    finished.state = CheckState::Done;
    CheckResult whole = r;
    whole.state = CheckState::Done;
    QCOMPARE(finished.isOk(), whole.isOk());
    QCOMPARE(finished.isFailed(), whole.isFailed());
    QCOMPARE(int(finished.outcome()), int(whole.outcome()));
    // The figures of a run are the same from either.
    const RunStats a = RunStats::compute(table, 100);
    const RunStats b = RunStats::compute(QVector<CheckResult>{r}, 100);
    QCOMPARE(a.done, b.done);
    QCOMPARE(a.ok, b.ok);
    QCOMPARE(a.failed, b.failed);
    QCOMPARE(a.skipped, b.skipped);
    QCOMPARE(a.cancelled, b.cancelled);
    QCOMPARE(a.redirected, b.redirected);
    QCOMPARE(a.http4xx, b.http4xx);
    QCOMPARE(a.http5xx, b.http5xx);
    QCOMPARE(a.errors, b.errors);
    QCOMPARE(a.sumMs, b.sumMs);
    QCOMPARE(a.bytes, b.bytes);
    // What the row keeps besides: the origin (shared), not the path; numbers as they were.
    QCOMPARE(table.origin(t), QUrl(QStringLiteral("https://example.test:8443")));
    QCOMPARE(t.id, 7);
    QCOMPARE(t.line, 9);
    QCOMPARE(t.bytes, r.bytes);
    QCOMPARE(int(t.attempts), 2);
    QCOMPARE(qint64(t.timings.headersMs), r.timings.headersMs);
    const CheckResult known = table.result(0);
    QCOMPARE(known.url, table.origin(t));
    QCOMPARE(known.error, r.errorCategory());
    QCOMPARE(known.redirects.size(), r.redirects.size());
    QCOMPARE(known.timings.finishedMs, r.timings.finishedMs);
    // Rows of one origin share its entry; another origin has its own.
    r.url = QUrl(QStringLiteral("https://example.test:8443/other"));
    table.append(r);
    r.url = QUrl(QStringLiteral("http://example.test:8443/a"));
    table.append(r);
    QCOMPARE(table.at(1).origin, table.at(0).origin);
    QVERIFY(table.at(2).origin != table.at(0).origin);
}

void TestTimingViews::phases_data()
{
    QTest::addColumn<CheckTimings>("t");
    QTest::addColumn<int>("state");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<QVector<PhaseSpan>>("expected");
    const int done = int(CheckState::Done);
    QTest::newRow("all milestones") << timings(100, 110, 150, 400, 600) << done << qint64(0)
                                    << QVector<PhaseSpan>{{Phase::Queued, 0, 100},
                                                          {Phase::Connecting, 100, 150},
                                                          {Phase::Waiting, 150, 400},
                                                          {Phase::Downloading, 400, 600}};
    QTest::newRow("reused connection") << timings(0, -1, 5, 1000, 1010) << done << qint64(0)
                                       << QVector<PhaseSpan>{{Phase::Waiting, 0, 1000},
                                                             {Phase::Downloading, 1000, 1010}};
    QTest::newRow("running, no headers yet")
        << timings(200, -1, 201, -1, -1) << int(CheckState::Checking) << qint64(900)
        << QVector<PhaseSpan>{{Phase::Queued, 0, 200}, {Phase::Waiting, 200, 900}};
    QTest::newRow("still queued") << timings(-1, -1, -1, -1, -1) << int(CheckState::Queued) << qint64(300)
                                  << QVector<PhaseSpan>{{Phase::Queued, 0, 300}};
    QTest::newRow("cancelled before its turn")
        << timings(-1, -1, -1, -1, 500) << done << qint64(9999) << QVector<PhaseSpan>{{Phase::Queued, 0, 500}};
    QTest::newRow("headers before sent is clamped")
        << timings(10, 20, 300, 200, 400) << done << qint64(0)
        << QVector<PhaseSpan>{{Phase::Queued, 0, 10}, {Phase::Connecting, 10, 300}, {Phase::Downloading, 300, 400}};
    QTest::newRow("timeout after sending") << timings(0, 0, 2, -1, 3000) << done << qint64(5000)
                                           << QVector<PhaseSpan>{{Phase::Connecting, 0, 2}, {Phase::Waiting, 2, 3000}};
    QTest::newRow("connection refused") << timings(50, 50, -1, -1, 51) << done << qint64(0)
                                        << QVector<PhaseSpan>{{Phase::Queued, 0, 50}, {Phase::Connecting, 50, 51}};
    QTest::newRow("done without finish uses last milestone")
        << timings(5, -1, 6, 80, -1) << done << qint64(1000)
        << QVector<PhaseSpan>{{Phase::Queued, 0, 5}, {Phase::Waiting, 5, 80}};
    QTest::newRow("nothing known") << timings(-1, -1, -1, -1, -1) << done << qint64(1000) << QVector<PhaseSpan>{};
}

void TestTimingViews::phases()
{
    QFETCH(CheckTimings, t);
    QFETCH(int, state);
    QFETCH(qint64, now);
    QFETCH(QVector<PhaseSpan>, expected);
    const QVector<PhaseSpan> spans = phasesFor(t, CheckState(state), now);
    QCOMPARE(spans.size(), expected.size());
    for (int i = 0; i < spans.size(); ++i) {
        QCOMPARE(int(spans.at(i).phase), int(expected.at(i).phase));
        QCOMPARE(spans.at(i).fromMs, expected.at(i).fromMs);
        QCOMPARE(spans.at(i).toMs, expected.at(i).toMs);
    }
    // Spans are contiguous after the queued part and never run backwards.
    for (int i = 1; i < spans.size(); ++i)
        QVERIFY(spans.at(i).fromMs >= spans.at(i - 1).toMs);
}

void TestTimingViews::barGeometry()
{
    QVector<CheckResult> rows{row(0, 0, 1000), row(1, 250, 750)};
    rows[1].timings = timings(250, 250, 300, 600, 750);
    WaterfallModel model;
    model.setResults(TimingTable::of(rows), 1000);
    WaterfallViewport vp;
    vp.setPreferredRowHeight(25);
    vp.setPlotSize(1000, 100);
    vp.setContent(double(model.extentMs()), model.count());
    vp.setTimeRange(0, 1000); // 1 px per ms
    QCOMPARE(vp.rowHeight(), 25.0);
    const QVector<BarRect> rects = model.barRects(1, vp);
    QCOMPARE(rects.size(), 4);
    const double barH = 25 * WaterfallModel::BarFill;
    const double lineH = 25 * WaterfallModel::QueuedFill;
    QCOMPARE(int(rects.at(0).phase), int(Phase::Queued));
    QCOMPARE(rects.at(0).rect, QRectF(0, 25 + (25 - lineH) / 2, 250, lineH));
    QCOMPARE(int(rects.at(1).phase), int(Phase::Connecting));
    QCOMPARE(rects.at(1).rect, QRectF(250, 25 + (25 - barH) / 2, 50, barH));
    QCOMPARE(rects.at(2).rect, QRectF(300, 25 + (25 - barH) / 2, 300, barH));
    QCOMPARE(int(rects.at(3).phase), int(Phase::Downloading));
    QCOMPARE(rects.at(3).rect, QRectF(600, 25 + (25 - barH) / 2, 150, barH));

    vp.zoomTime(4, 500);
    const QVector<BarRect> zoomed = model.barRects(1, vp);
    // Zoomed 4× around 500 ms: 375..625 ms fill the 1000 px, so the waiting phase (300..600 ms) spans -300..900.
    QCOMPARE(zoomed.at(2).rect.left(), -300.0);
    QCOMPARE(zoomed.at(2).rect.right(), 900.0);

    // A sub-pixel phase is still one pixel wide.
    QVector<CheckResult> tiny{row(0, 0, 1000)};
    tiny[0].timings = timings(0, -1, 0, 999, 1000);
    model.setResults(TimingTable::of(tiny), 1000);
    vp.setContent(1000, 1);
    vp.setTimeRange(0, 1000);
    vp.setPlotSize(100, 100); // 0.1 px per ms: the 1 ms download is 0.1 px
    const QVector<BarRect> thin = model.barRects(0, vp);
    QCOMPARE(thin.constLast().rect.width(), 1.0);
}

void TestTimingViews::viewportZoomPan()
{
    WaterfallViewport vp;
    vp.setPlotSize(800, 400);
    vp.setContent(10000, 10);
    QVERIFY(vp.isFitted());
    QCOMPARE(vp.startMs(), 0.0);
    QVERIFY(vp.endMs() >= 10000);

    // Zoom keeps the time under the anchor where it is.
    const double anchorMs = vp.msForX(200);
    vp.zoomTime(2, 200);
    QVERIFY(!vp.isFitted());
    QVERIFY(qAbs(vp.msForX(200) - anchorMs) < 1e-6);
    QVERIFY(qAbs((vp.endMs() - vp.startMs()) - vp.extentMs() * 1.03 / 2) < 1e-6);

    // Drag right by 100 px: the content follows, showing earlier time; the view never goes before 0.
    const double t0 = vp.startMs();
    const double span = vp.endMs() - vp.startMs();
    vp.pan(-100, 0);
    QVERIFY(qAbs(vp.startMs() - (t0 + span / 8)) < 1e-6);
    vp.pan(1e6, 0);
    QCOMPARE(vp.startMs(), 0.0);
    QVERIFY(qAbs((vp.endMs() - vp.startMs()) - span) < 1e-6);
    vp.pan(-1e7, 0);
    QVERIFY(qAbs(vp.endMs() - vp.extentMs() * 1.03) < 1e-6);

    // Zoom limits: never below MinSpanMs, never wider than the whole run.
    vp.zoomTime(1e9, 400);
    QVERIFY(qAbs((vp.endMs() - vp.startMs()) - WaterfallViewport::MinSpanMs) < 1e-6);
    vp.zoomTime(1e-9, 400);
    QCOMPARE(vp.startMs(), 0.0);
    QVERIFY(qAbs(vp.endMs() - vp.extentMs() * 1.03) < 1e-6);
    vp.zoomTime(0, 0); // ignored
    vp.zoomTime(-2, 0);
    QCOMPARE(vp.startMs(), 0.0);

    vp.fitAll();
    QVERIFY(vp.isFitted());
    // While fitted, a growing run stays in view.
    vp.setContent(20000, 10);
    QVERIFY(vp.endMs() >= 20000);
}

void TestTimingViews::viewportFitAndRows()
{
    WaterfallViewport vp;
    vp.setPreferredRowHeight(20);
    vp.setPlotSize(500, 400);
    vp.setContent(1000, 5);
    QCOMPARE(vp.rowHeight(), 20.0); // few rows keep their preferred height
    QCOMPARE(vp.rowAt(0), 0);
    QCOMPARE(vp.rowAt(99.9), 4);
    QCOMPARE(vp.rowAt(100), -1); // below the last row
    QCOMPARE(vp.rowAt(-1), -1);

    vp.setContent(1000, 100000);
    QCOMPARE(vp.rowHeight(), 400.0 / 100000); // all rows fit
    QCOMPARE(vp.rowAt(399.999), 99999);

    // Ctrl+wheel zoom on rows around y = 200 keeps that row under the pointer.
    const double anchorRow = vp.rowForY(200);
    vp.zoomRows(100, 200);
    QVERIFY(qAbs(vp.rowForY(200) - anchorRow) < 1e-6);
    QCOMPARE(vp.rowHeight(), 0.4);
    vp.zoomRows(1e-6, 200); // cannot zoom out past "all rows"
    QCOMPARE(vp.rowHeight(), 400.0 / 100000);
    QCOMPARE(vp.firstRow(), 0.0);

    vp.zoomRows(1000, 0);
    QCOMPARE(vp.rowHeight(), 4.0);
    vp.ensureRowVisible(90000);
    QVERIFY(vp.firstRow() <= 90000 && 90001 <= vp.firstRow() + vp.visibleRows());
    vp.scrollRows(1e9);
    QCOMPARE(vp.firstRow(), 100000 - 100.0); // clamped: the last row at the bottom
    vp.ensureRowVisible(-5);                 // ignored
    vp.ensureRowVisible(100000);
    QCOMPARE(vp.firstRow(), 100000 - 100.0);
}

void TestTimingViews::hitTest()
{
    QVector<CheckResult> rows{row(0, 0, 400), row(1, 500, 1000), row(2, 0, 100)};
    WaterfallModel model;
    model.setResults(TimingTable::of(rows), 1000);
    WaterfallViewport vp;
    vp.setPreferredRowHeight(20);
    vp.setPlotSize(1000, 100);
    vp.setContent(1000, 3);
    vp.setTimeRange(0, 1000);
    QCOMPARE(model.hitTest({200, 10}, vp), 0);
    QCOMPARE(model.hitTest({750, 30}, vp), 1);
    QCOMPARE(model.hitTest({250, 30}, vp), 1);  // on row 1's queued line
    QCOMPARE(model.hitTest({600, 50}, vp), -1); // right of row 2's bar
    QCOMPARE(model.hitTest({102, 50}, vp), 2);  // within the tolerance of the end
    QCOMPARE(model.hitTest({500, 80}, vp), -1); // below the rows
    QCOMPARE(model.hitTest({-1, 10}, vp), -1);

    // 10,000 rows in 100 px: rows share pixels; the hit is a row in that pixel whose bar spans x.
    QVector<CheckResult> many;
    for (int i = 0; i < 10000; ++i)
        many.append(i % 100 == 42 ? row(i, 900, 1000) : row(i, 0, 100));
    model.setResults(TimingTable::of(many), 1000);
    vp.setContent(1000, 10000);
    vp.fitAll();
    vp.setTimeRange(0, 1000);
    QCOMPARE(vp.rowHeight(), 0.01);
    QCOMPARE(model.hitTest({950, 0.5}, vp), 42);
    QCOMPARE(model.hitTest({950, 7.5}, vp), 742);
    const int early = model.hitTest({50, 7.5}, vp);
    QVERIFY(early >= 700 && early < 800 && early != 742);
}

void TestTimingViews::rasteriseSmall()
{
    // 4 rows, 10 px for 1000 ms, 1 px per row.
    QVector<CheckResult> rows{row(0, 0, 1000), row(1, 500, 1000, 404), row(2, 0, 300, 0, QStringLiteral("timeout: x")),
                              row(3, 200, 400)};
    rows[3].state = CheckState::Checking;
    rows[3].timings = timings(200, -1, 201, -1, -1);
    WaterfallModel model;
    model.setResults(TimingTable::of(rows), 600);
    WaterfallViewport vp;
    vp.setPlotSize(10, 4);
    vp.setContent(1000, 4);
    vp.setTimeRange(0, 1000);
    QCOMPARE(vp.rowHeight(), 1.0);
    QVector<quint8> cells;
    model.rasterise(vp, 1.0, 10, 4, &cells);
    QCOMPARE(cells.size(), 40);
    auto cell = [&cells](int x, int y) {
        return cells.at(y * 10 + x);
    };
    for (int x = 0; x < 10; ++x)
        QCOMPARE(cell(x, 0), WaterfallModel::cellFor(Outcome::Ok));
    for (int x = 0; x < 5; ++x)
        QCOMPARE(cell(x, 1), WaterfallModel::CellQueued);
    for (int x = 5; x < 10; ++x)
        QCOMPARE(cell(x, 1), WaterfallModel::cellFor(Outcome::ClientError));
    for (int x = 0; x < 3; ++x)
        QCOMPARE(cell(x, 2), WaterfallModel::cellFor(Outcome::Error));
    for (int x = 3; x < 10; ++x)
        QCOMPARE(cell(x, 2), WaterfallModel::CellEmpty);
    // The running row extends to the clock (600 ms).
    QCOMPARE(cell(1, 3), WaterfallModel::CellQueued);
    for (int x = 2; x < 6; ++x)
        QCOMPARE(cell(x, 3), WaterfallModel::cellFor(Outcome::Running));
    QCOMPARE(cell(6, 3), WaterfallModel::CellEmpty);

    // Scale 2 (high DPI): twice the pixels, same picture.
    QVector<quint8> hidpi;
    model.rasterise(vp, 2.0, 20, 8, &hidpi);
    for (int y = 0; y < 8; ++y) {
        for (int x = 0; x < 20; ++x)
            QCOMPARE(hidpi.at(y * 20 + x), cells.at((y / 2) * 10 + x / 2));
    }
}

void TestTimingViews::rasteriseManyRowsPerPixel()
{
    // 100,000 rows into 100 pixel rows: 1,000 rows each. In pixel row 0 most bars are OK, a few 404;
    // the dominant outcome wins the pixel. Rows 50,000+ start at 500 ms.
    QVector<CheckResult> rows;
    rows.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
        const qint64 start = i < 50000 ? 0 : 500;
        rows.append(row(i, start, start + 500, i % 1000 < 100 ? 404 : 200));
    }
    WaterfallModel model;
    model.setResults(TimingTable::of(rows), 1000);
    WaterfallViewport vp;
    vp.setPlotSize(100, 100);
    vp.setContent(1000, 100000);
    vp.setTimeRange(0, 1000);
    QVector<quint8> cells;
    model.rasterise(vp, 1.0, 100, 100, &cells);
    QCOMPARE(cells.at(10), WaterfallModel::cellFor(Outcome::Ok));  // row band 0, 100 ms
    QCOMPARE(cells.at(80), WaterfallModel::CellEmpty);             // row band 0, 800 ms: nothing
    QCOMPARE(cells.at(60 * 100 + 20), WaterfallModel::CellQueued); // band 60, 200 ms: queued only
    QCOMPARE(cells.at(60 * 100 + 70), WaterfallModel::cellFor(Outcome::Ok));

    // Zoomed into rows 0..9 (10 px per row): per-row detail comes back.
    vp.zoomRows(10000, 0);
    QCOMPARE(vp.rowHeight(), 10.0);
    model.rasterise(vp, 1.0, 100, 100, &cells);
    QCOMPARE(cells.at(5 * 100 + 10), WaterfallModel::cellFor(Outcome::ClientError)); // row 0 is a 404
}

void TestTimingViews::inFlightSeries_data()
{
    QTest::addColumn<Intervals>("intervals");
    QTest::addColumn<int>("max");
    QTest::addColumn<QVector<int>>("atMs");   // sample times
    QTest::addColumn<QVector<int>>("values"); // expected counts there
    QTest::newRow("five sequential")
        << QVector<QPair<qint64, qint64>>{{0, 1000}, {1000, 2000}, {2000, 3000}, {3000, 4000}, {4000, 5000}} << 1
        << QVector<int>{0, 999, 1000, 4999, 5000} << QVector<int>{1, 1, 1, 1, 0};
    QTest::newRow("five concurrent")
        << QVector<QPair<qint64, qint64>>{{0, 1000}, {0, 1000}, {0, 1000}, {0, 1000}, {0, 1000}} << 5
        << QVector<int>{-1, 0, 500, 1000} << QVector<int>{0, 5, 5, 0};
    QTest::newRow("A B C") << QVector<QPair<qint64, qint64>>{{0, 2000}, {0, 1000}, {0, 3000}} << 3
                           << QVector<int>{0, 999, 1000, 2000, 2999, 3000} << QVector<int>{3, 3, 2, 1, 1, 0};
    QTest::newRow("cap 3 waves") << QVector<QPair<qint64, qint64>>{{0, 500},    {0, 500},    {0, 500},    {500, 1000},
                                                                   {500, 1000}, {500, 1000}, {1000, 1500}}
                                 << 3 << QVector<int>{499, 500, 1000, 1499} << QVector<int>{3, 3, 1, 1};
    QTest::newRow("zero-length ignored") << QVector<QPair<qint64, qint64>>{{5, 5}, {10, 20}} << 1 << QVector<int>{5, 10}
                                         << QVector<int>{0, 1};
    QTest::newRow("empty") << QVector<QPair<qint64, qint64>>{} << 0 << QVector<int>{0} << QVector<int>{0};
}

void TestTimingViews::inFlightSeries()
{
    QFETCH(Intervals, intervals);
    QFETCH(int, max);
    QFETCH(QVector<int>, atMs);
    QFETCH(QVector<int>, values);
    const InFlightSeries s = InFlightSeries::fromIntervals(intervals);
    QCOMPARE(s.maxCount(), max);
    for (int i = 0; i < atMs.size(); ++i)
        QCOMPARE(s.valueAt(atMs.at(i)), values.at(i));
    // Steps strictly increase in time and no two neighbours repeat a value.
    for (int i = 1; i < s.steps().size(); ++i) {
        QVERIFY(s.steps().at(i).atMs > s.steps().at(i - 1).atMs);
        QVERIFY(s.steps().at(i).count != s.steps().at(i - 1).count);
    }
    if (!intervals.isEmpty()) {
        QCOMPARE(s.maxIn(-100, 100000), max);
        QCOMPARE(s.steps().constLast().count, 0);
    }
}

void TestTimingViews::inFlightFromResults()
{
    QVector<CheckResult> rows = fiveBySecond(true);
    rows[4].state = CheckState::Checking; // still running: counts until now
    rows[4].timings.finishedMs = -1;
    CheckResult queued;
    queued.state = CheckState::Queued;
    rows.append(queued);
    const InFlightSeries s = InFlightSeries::fromResults(TimingTable::of(rows), 2500);
    QCOMPARE(s.maxCount(), 5);
    QCOMPARE(s.valueAt(500), 5);
    QCOMPARE(s.valueAt(1500), 1);
    QCOMPARE(s.valueAt(2500), 0);
    // Mean over the first second is 5 minus the 3 ms before the start.
    QVERIFY(qAbs(s.meanIn(0, 1000) - 5.0 * 997 / 1000) < 1e-9);
    QCOMPARE(s.maxIn(1100, 1200), 1);
    QCOMPARE(s.maxIn(1002, 1003), 5); // the four other rows end at 1003
    QCOMPARE(s.maxIn(1003, 1004), 1);
    QCOMPARE(s.meanIn(10, 10), 0.0);

    // Times spread far apart take the sorting path; it gives the same steps as the compact one.
    QVector<QPair<qint64, qint64>> compact, spread;
    QRandomGenerator rng(5);
    for (int i = 0; i < 2000; ++i) {
        const qint64 a = rng.bounded(5000), b = a + rng.bounded(800);
        compact.append({a, b});
        spread.append({a * 1'000'000, b * 1'000'000});
    }
    const InFlightSeries c = InFlightSeries::fromIntervals(compact);
    const InFlightSeries w = InFlightSeries::fromIntervals(spread);
    QCOMPARE(c.steps().size(), w.steps().size());
    QCOMPARE(c.maxCount(), w.maxCount());
    for (int i = 0; i < c.steps().size(); ++i) {
        QCOMPARE(c.steps().at(i).atMs * 1'000'000, w.steps().at(i).atMs);
        QCOMPARE(c.steps().at(i).count, w.steps().at(i).count);
    }

    // Sequential run: the cap-1 run never has two in flight.
    QCOMPARE(InFlightSeries::fromResults(TimingTable::of(fiveBySecond(false)), 6000).maxCount(), 1);
    // A mixed run scheduled at cap 8 peaks at exactly 8.
    QCOMPARE(InFlightSeries::fromResults(TimingTable::of(mixedRun(300, 8)), 1e9).maxCount(), 8);
}

void TestTimingViews::inFlightTrackerFollowsLiveRun_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cap");
    QTest::addColumn<int>("batch");
    QTest::newRow("5 at once, one event a batch") << 5 << 5 << 1;
    QTest::newRow("200 at cap 6, batches of 7") << 200 << 6 << 7;
    QTest::newRow("1000 at cap 50, batches of 40") << 1000 << 50 << 40;
}

void TestTimingViews::inFlightTrackerFollowsLiveRun()
{
    QFETCH(int, rows);
    QFETCH(int, cap);
    QFETCH(int, batch);
    QVector<CheckResult> final = mixedRun(rows, cap);
    final[1].timings.finishedMs = final[1].timings.startedMs; // a zero-length request occupies no slot
    final[1].timings.headersMs = final[1].timings.startedMs;
    TimingTable live = TimingTable::of(queuedCopy(final));
    InFlightTracker tracker;
    tracker.setAll(live);
    QVERIFY(tracker.series(0).steps().isEmpty());
    LiveReplay replay(final, batch);
    qint64 now = 0;
    int batches = 0;
    while (!replay.atEnd()) {
        const QVector<int> changed = replay.step(&live, &now);
        for (const int r : changed)
            tracker.setRow(r, live.at(r).timings, live.at(r).state);
        // At the batch's clock and a little later (rows in flight grow with the clock).
        for (const qint64 at : {now, now + 17}) {
            const InFlightSeries expected = InFlightSeries::fromResults(live, at);
            const InFlightSeries &got = tracker.series(at);
            QVERIFY2(got.steps().size() == expected.steps().size(),
                     qPrintable(QStringLiteral("batch %1 at %2: %3 steps, expected %4")
                                    .arg(batches)
                                    .arg(at)
                                    .arg(got.steps().size())
                                    .arg(expected.steps().size())));
            for (qsizetype i = 0; i < got.steps().size(); ++i) {
                QCOMPARE(got.steps().at(i).atMs, expected.steps().at(i).atMs);
                QCOMPARE(got.steps().at(i).count, expected.steps().at(i).count);
            }
            QCOMPARE(got.maxCount(), expected.maxCount());
        }
        ++batches;
    }
    QCOMPARE(tracker.openCount(), 0);
    QCOMPARE(tracker.series(now).maxCount(), InFlightSeries::fromResults(TimingTable::of(final), now).maxCount());
    QVERIFY(tracker.series(now).maxCount() >= cap - 1); // row 1 took no time

    // A re-check puts some rows back in the queue: their intervals leave the series.
    for (int r = 0; r < rows; r += 3) {
        live[r].state = CheckState::Queued;
        live[r].timings = CheckTimings();
        tracker.setRow(r, live.at(r).timings, live.at(r).state);
    }
    const InFlightSeries expected = InFlightSeries::fromResults(live, now);
    QCOMPARE(tracker.series(now).maxCount(), expected.maxCount());
    QCOMPARE(tracker.series(now).steps().size(), expected.steps().size());
    QCOMPARE(tracker.series(now).meanIn(0, now), expected.meanIn(0, now));
}

void TestTimingViews::liveFiguresFollowLiveRun()
{
    const QVector<CheckResult> final = mixedRun(600, 12);
    TimingTable live = TimingTable::of(queuedCopy(final));
    LiveRunFigures figures;
    figures.setAll(live);
    QCOMPARE(figures.done(), 0);
    QCOMPARE(figures.histogram().total(), 0);
    LiveReplay replay(final, 25);
    qint64 now = 0;
    auto compareWithFull = [&]() {
        const QVector<qint64> durations = durationsOf(live);
        const LatencyHistogram full = LatencyHistogram::compute(durations);
        const LatencyHistogram mine = figures.histogram();
        QCOMPARE(mine.bucketWidthMs(), full.bucketWidthMs());
        QCOMPARE(mine.counts(), full.counts());
        QCOMPARE(mine.total(), full.total());
        const LatencySummary a = figures.summary();
        const LatencySummary b = LatencySummary::compute(durations);
        QCOMPARE(a.count, b.count);
        QCOMPARE(a.minMs, b.minMs);
        QCOMPARE(a.p50Ms, b.p50Ms);
        QCOMPARE(a.p90Ms, b.p90Ms);
        QCOMPARE(a.p99Ms, b.p99Ms);
        QCOMPARE(a.maxMs, b.maxMs);
        QVERIFY(qAbs(a.meanMs - b.meanMs) < 1e-6);
        const RunStats stats = RunStats::compute(live, now);
        QCOMPARE(figures.done(), stats.done);
        QCOMPARE(figures.sumMs(), stats.sumMs);
        qint64 inFlight = 0, longest = 0;
        for (const TimingRow &r : std::as_const(live)) {
            if (r.state == CheckState::Checking)
                inFlight += now - r.timings.startedMs;
            longest = std::max(longest, r.elapsedMs());
        }
        QCOMPARE(figures.inFlightMs(now), inFlight);
        QCOMPARE(figures.longestMs(), longest);
        const QVector<HostLatency> hostsFull = slowestHosts(live, 12);
        const QVector<HostLatency> hostsMine = figures.slowestHosts(12);
        QCOMPARE(hostsMine.size(), hostsFull.size());
        for (qsizetype i = 0; i < hostsMine.size(); ++i) {
            QCOMPARE(hostsMine.at(i).host, hostsFull.at(i).host);
            QCOMPARE(hostsMine.at(i).count, hostsFull.at(i).count);
            QCOMPARE(hostsMine.at(i).totalMs, hostsFull.at(i).totalMs);
            QCOMPARE(hostsMine.at(i).maxMs, hostsFull.at(i).maxMs);
            QCOMPARE(hostsMine.at(i).failed, hostsFull.at(i).failed);
        }
    };
    int batches = 0;
    while (!replay.atEnd()) {
        const QVector<int> changed = replay.step(&live, &now);
        for (const int r : changed)
            figures.setRow(r, live.at(r));
        if (++batches % 5 == 0)
            compareWithFull();
    }
    compareWithFull();
    QCOMPARE(figures.done(), 600);
    // A re-check of the slowest rows: they leave the figures (the per-host maxima are found again).
    QVector<int> order(live.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return live.at(a).elapsedMs() > live.at(b).elapsedMs(); });
    for (int i = 0; i < 40; ++i) {
        TimingRow &r = live[order.at(i)];
        r.state = CheckState::Queued;
        r.timings = CheckTimings();
        figures.setRow(r.id, r);
    }
    compareWithFull();
}

void TestTimingViews::capSeries()
{
    CapSeries caps;
    caps.reset(4);
    caps.change(1000, 4); // same cap: no step
    caps.change(1000, 8);
    caps.change(1000, 16); // same time: replaces
    caps.change(3000, 2);
    caps.change(2000, 3); // never goes back in time: applies at the last change
    QCOMPARE(caps.steps().size(), 3);
    QCOMPARE(caps.capAt(999), 4);
    QCOMPARE(caps.capAt(1000), 16);
    QCOMPARE(caps.capAt(2999), 16);
    QCOMPARE(caps.capAt(5000), 3);
    QCOMPARE(caps.maxCap(), 16);
}

void TestTimingViews::histogramNiceWidth_data()
{
    QTest::addColumn<double>("rough");
    QTest::addColumn<double>("nice");
    QTest::newRow("tiny") << 0.3 << 1.0;
    QTest::newRow("nan") << qQNaN() << 1.0;
    QTest::newRow("1") << 1.0 << 1.0;
    QTest::newRow("1.5") << 1.5 << 2.0;
    QTest::newRow("3") << 3.0 << 5.0;
    QTest::newRow("7") << 7.0 << 10.0;
    QTest::newRow("12") << 12.0 << 20.0;
    QTest::newRow("45") << 45.0 << 50.0;
    QTest::newRow("50") << 50.0 << 50.0;
    QTest::newRow("101") << 101.0 << 200.0;
    QTest::newRow("2500") << 2500.0 << 5000.0;
}

void TestTimingViews::histogramNiceWidth()
{
    QFETCH(double, rough);
    QFETCH(double, nice);
    QCOMPARE(LatencyHistogram::niceWidth(rough), nice);
}

void TestTimingViews::histogramBuckets()
{
    const LatencyHistogram h = LatencyHistogram::compute({0, 5, 10, 99, 100}, 10);
    QCOMPARE(h.bucketWidthMs(), 20); // (100 + 1) / 10 → 20
    QCOMPARE(h.counts(), (QVector<int>{3, 0, 0, 0, 1, 1}));
    QCOMPARE(h.total(), 5);
    QCOMPARE(h.maxCount(), 3);

    // Every duration lands in exactly one bucket and the last bucket holds the maximum.
    QVector<qint64> durations;
    QRandomGenerator rng(3);
    for (int i = 0; i < 5000; ++i)
        durations.append(rng.bounded(12345));
    const LatencyHistogram big = LatencyHistogram::compute(durations, 24);
    QCOMPARE(big.total(), 5000);
    QCOMPARE(std::accumulate(big.counts().cbegin(), big.counts().cend(), 0), 5000);
    QVERIFY(big.counts().size() <= 25);
    QVERIFY(big.counts().constLast() > 0);
    const qint64 maxD = *std::max_element(durations.cbegin(), durations.cend());
    QCOMPARE(qint64(big.counts().size() - 1), maxD / big.bucketWidthMs());

    const LatencyHistogram empty = LatencyHistogram::compute({});
    QCOMPARE(empty.total(), 0);
    QCOMPARE(empty.maxCount(), 0);
    QVERIFY(empty.counts().isEmpty());
}

void TestTimingViews::percentilesFromRunStats()
{
    // The views take percentiles from core's LatencySummary (nearest rank) rather than recomputing.
    QVector<qint64> d;
    for (int i = 100; i >= 1; --i)
        d.append(i * 10);
    const LatencySummary s = LatencySummary::compute(durationsOf(TimingTable::of([&] {
        QVector<CheckResult> rows;
        for (int i = 0; i < d.size(); ++i)
            rows.append(row(i, 0, d.at(i)));
        CheckResult unfinished;
        unfinished.state = CheckState::Checking;
        unfinished.timings.startedMs = 0;
        rows.append(unfinished);
        return rows;
    }())));
    QCOMPARE(s.count, 100);
    QCOMPARE(s.minMs, 10);
    QCOMPARE(s.p50Ms, 500);
    QCOMPARE(s.p90Ms, 900);
    QCOMPARE(s.p99Ms, 990);
    QCOMPARE(s.maxMs, 1000);
}

void TestTimingViews::slowestHostsOrder()
{
    QVector<CheckResult> rows{
        row(0, 0, 100, 200, {}, QStringLiteral("a.test")), row(1, 0, 300, 200, {}, QStringLiteral("a.test")),
        row(2, 0, 900, 500, {}, QStringLiteral("b.test")), row(3, 0, 50, 200, {}, QStringLiteral("c.test")),
        row(4, 0, 200, 200, {}, QStringLiteral("d.test")), row(5, 0, 200, 200, {}, QStringLiteral("d.test"))};
    rows[5].state = CheckState::Checking; // not done: not counted
    const QVector<HostLatency> hosts = slowestHosts(TimingTable::of(rows), 3);
    QCOMPARE(hosts.size(), 3);
    QCOMPARE(hosts.at(0).host, QStringLiteral("b.test:8080"));
    QCOMPARE(hosts.at(0).failed, 1);
    QCOMPARE(hosts.at(1).host, QStringLiteral("a.test:8080")); // mean 200, total 400: before d.test (200, 200)
    QCOMPARE(hosts.at(1).count, 2);
    QCOMPARE(hosts.at(1).meanMs(), 200.0);
    QCOMPARE(hosts.at(1).maxMs, 300);
    QCOMPARE(hosts.at(2).host, QStringLiteral("d.test:8080"));
    QCOMPARE(hosts.at(2).count, 1);
    QCOMPARE(slowestHosts(TimingTable::of(rows), -1).size(), 4);
}

void TestTimingViews::greedyMakespan_data()
{
    QTest::addColumn<QVector<qint64>>("durations");
    QTest::addColumn<int>("cap");
    QTest::addColumn<qint64>("makespan");
    QTest::addColumn<double>("bound");
    const QVector<qint64> abc{2000, 1000, 3000};
    QTest::newRow("ABC sequential") << abc << 1 << qint64(6000) << 6000.0;
    QTest::newRow("ABC cap 2") << abc << 2 << qint64(4000) << 3000.0; // C waits for B
    QTest::newRow("ABC cap 3") << abc << 3 << qint64(3000) << 3000.0;
    QTest::newRow("ABC cap 64") << abc << 64 << qint64(3000) << 3000.0;
    const QVector<qint64> five(5, 1000);
    QTest::newRow("5x1s sequential") << five << 1 << qint64(5000) << 5000.0;
    QTest::newRow("5x1s cap 5") << five << 5 << qint64(1000) << 1000.0;
    QTest::newRow("5x1s cap 2") << five << 2 << qint64(3000) << 2500.0;
    const QVector<qint64> pages(10, 500);
    QTest::newRow("10 pages cap 3") << pages << 3 << qint64(2000) << 5000.0 / 3;
    QTest::newRow("empty") << QVector<qint64>{} << 4 << qint64(0) << 0.0;
    QTest::newRow("cap 0 means 1") << abc << 0 << qint64(6000) << 6000.0;
}

void TestTimingViews::greedyMakespan()
{
    QFETCH(QVector<qint64>, durations);
    QFETCH(int, cap);
    QFETCH(qint64, makespan);
    QFETCH(double, bound);
    QCOMPARE(CapSweepModel::greedyMakespan(durations, cap), makespan);
    QCOMPARE(CapSweepModel::lowerBound(durations, cap), bound);
}

void TestTimingViews::idealNeverBeatsLowerBound()
{
    QRandomGenerator rng(11);
    for (int round = 0; round < 200; ++round) {
        QVector<qint64> d;
        const int n = 1 + int(rng.bounded(60));
        for (int i = 0; i < n; ++i)
            d.append(rng.bounded(5000));
        for (int cap = 1; cap <= n + 2; ++cap) {
            const qint64 ideal = CapSweepModel::greedyMakespan(d, cap);
            const double bound = CapSweepModel::lowerBound(d, cap);
            QVERIFY(double(ideal) >= bound - 1e-9);
            // Graham's bound for list scheduling: within (2 - 1/cap) of the optimum, so of the lower bound.
            QVERIFY(double(ideal) <= bound * (2.0 - 1.0 / cap) + 1e-9);
            if (cap == 1)
                QCOMPARE(ideal, std::accumulate(d.cbegin(), d.cend(), qint64(0)));
            if (cap >= n)
                QCOMPARE(ideal, *std::max_element(d.cbegin(), d.cend()));
        }
    }
}

void TestTimingViews::capsUpTo_data()
{
    QTest::addColumn<int>("max");
    QTest::addColumn<QVector<int>>("caps");
    QTest::newRow("1") << 1 << QVector<int>{1};
    QTest::newRow("8") << 8 << QVector<int>{1, 2, 4, 8};
    QTest::newRow("10") << 10 << QVector<int>{1, 2, 4, 8, 10};
    QTest::newRow("0 clamps") << 0 << QVector<int>{1};
    QTest::newRow("huge clamps") << 5000 << QVector<int>{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
}

void TestTimingViews::capsUpTo()
{
    QFETCH(int, max);
    QFETCH(QVector<int>, caps);
    QCOMPARE(CapSweepModel::capsUpTo(max), caps);
}

void TestTimingViews::parseCaps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QVector<int>>("caps");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("list") << QStringLiteral("1, 3 8") << true << QVector<int>{1, 3, 8} << QString();
    QTest::newRow("range and dupes") << QStringLiteral("8-10;1,9") << true << QVector<int>{1, 8, 9, 10} << QString();
    QTest::newRow("empty") << QStringLiteral("  ") << false << QVector<int>{} << QStringLiteral("no caps");
    QTest::newRow("zero") << QStringLiteral("0, 2") << false << QVector<int>{} << QStringLiteral("'0'");
    QTest::newRow("word") << QStringLiteral("2, many") << false << QVector<int>{} << QStringLiteral("'many'");
    QTest::newRow("backwards") << QStringLiteral("5-2") << false << QVector<int>{} << QStringLiteral("'5-2'");
    QTest::newRow("too big") << QStringLiteral("4096") << false << QVector<int>{} << QStringLiteral("1-1024");
    QTest::newRow("too many") << QStringLiteral("1-100") << false << QVector<int>{} << QStringLiteral("64");
    QTest::newRow("negative") << QStringLiteral("-3") << false << QVector<int>{} << QStringLiteral("'-3'");
}

void TestTimingViews::parseCaps()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QVector<int>, caps);
    QFETCH(QString, errorPart);
    QVector<int> parsed{99};
    QString error;
    QCOMPARE(CapSweepModel::parseCaps(text, &parsed, &error), ok);
    if (ok) {
        QCOMPARE(parsed, caps);
        QVERIFY(error.isEmpty());
    } else {
        QVERIFY2(error.contains(errorPart), qPrintable(error));
    }
}

void TestTimingViews::capSweepPoints()
{
    CapSweepModel m;
    m.addPoint({8, 900});
    m.addPoint({1, 5000});
    m.addPoint({4, 1400});
    m.addPoint({4, 1300, true}); // replaces
    QCOMPARE(m.points().size(), 3);
    QCOMPARE(m.points().at(0).cap, 1);
    QCOMPARE(m.points().at(1).wallMs, 1300);
    QVERIFY(m.points().at(1).cancelled);
    m.setDurations({1000, 1000, 1000, 1000, 1000});
    QCOMPARE(m.idealAt(1), 5000);
    QCOMPARE(m.idealAt(4), 2000);
    QCOMPARE(m.lowerBoundAt(4), 1250.0);
}

void TestTimingViews::axisHelpers_data()
{
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("ms") << 850.4 << QStringLiteral("850 ms");
    QTest::newRow("s") << 1254.0 << QStringLiteral("1.25 s");
    QTest::newRow("tens") << 12440.0 << QStringLiteral("12.4 s");
    QTest::newRow("min") << 125000.0 << QStringLiteral("2 min 05 s");
}

void TestTimingViews::axisHelpers()
{
    QFETCH(double, ms);
    QFETCH(QString, text);
    QCOMPARE(Chart::formatDuration(ms), text);
    QCOMPARE(Chart::ticks(0, 5000, 5), (QVector<double>{0, 1000, 2000, 3000, 4000, 5000}));
    QCOMPARE(Chart::ticks(250, 1000, 4), (QVector<double>{400, 600, 800, 1000}));
    QCOMPARE(Chart::formatTimeTick(1500, 500, 5000), QStringLiteral("1.5"));
    QCOMPARE(Chart::formatTimeTick(2000, 1000, 5000), QStringLiteral("2"));
    QCOMPARE(Chart::formatTimeTick(250, 50, 1000), QStringLiteral("250"));
    QCOMPARE(Chart::timeAxisUnit(50, 1000), QStringLiteral("ms"));
    QCOMPARE(Chart::timeAxisUnit(500, 5000), QStringLiteral("s"));
    QCOMPARE(Chart::formatSpeedUp(4.973), QStringLiteral("4.97×"));
}

// ---- painted views ----

void TestTimingViews::waterfallPaintsBarsInOutcomeColours()
{
    QVector<CheckResult> rows = fiveBySecond(true);
    rows[2].status = 404;
    rows[3].error = QStringLiteral("timeout: no answer");
    rows[3].status = 0;
    rows[1].timings.headersMs = 700; // a long download to sample
    WaterfallView view;
    view.resize(900, 420);
    view.setResults(timingOf(rows));
    view.startRun(5);
    view.setNow(1003, false);
    view.refresh();
    const QImage img = view.grab().toImage();
    const QRectF plot = view.plotRect();
    const WaterfallViewport &vp = view.viewport();
    auto barCentre = [&](int r, qint64 ms) {
        return plot.topLeft() + QPointF(vp.xForMs(double(ms)), vp.yForRow(r + 0.5));
    };
    QCOMPARE(pixel(img, barCentre(0, 500)), Chart::phaseColor(Outcome::Ok, Phase::Waiting, view.palette()).rgb());
    QCOMPARE(pixel(img, barCentre(2, 500)),
             Chart::phaseColor(Outcome::ClientError, Phase::Waiting, view.palette()).rgb());
    QCOMPARE(pixel(img, barCentre(3, 500)), Chart::phaseColor(Outcome::Error, Phase::Waiting, view.palette()).rgb());
    QCOMPARE(pixel(img, barCentre(1, 850)), Chart::phaseColor(Outcome::Ok, Phase::Downloading, view.palette()).rgb());
    // Nothing drawn after the bars end.
    QVERIFY(pixel(img, barCentre(0, 1025)) != Chart::phaseColor(Outcome::Ok, Phase::Waiting, view.palette()).rgb());
    saveShot(&view, QStringLiteral("waterfall-5x1s-concurrent"));
}

void TestTimingViews::waterfallClickSelectsAndHighlightFollows()
{
    QVector<CheckResult> rows = fiveBySecond(false);
    WaterfallView view;
    view.resize(900, 420);
    view.setResults(timingOf(rows));
    view.startRun(1);
    view.setNow(5020, false);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy activated(&view, &WaterfallView::rowActivated);
    const QRectF plot = view.plotRect();
    const WaterfallViewport &vp = view.viewport();
    const QPoint onRow3 = (plot.topLeft() + QPointF(vp.xForMs(3500), vp.yForRow(3.5))).toPoint();
    QTest::mouseClick(&view, Qt::LeftButton, {}, onRow3);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toInt(), 3);
    QCOMPARE(view.highlightedRow(), 3);
    // A click off any bar selects nothing.
    QTest::mouseClick(&view, Qt::LeftButton, {},
                      (plot.topLeft() + QPointF(vp.xForMs(4900), vp.yForRow(0.5))).toPoint());
    QCOMPARE(activated.count(), 1);

    view.setHighlightedRow(1);
    QCOMPARE(view.highlightedRow(), 1);
    const QImage img = view.grab().toImage();
    // The selection frame is drawn in the text colour (not the highlight blue, a series hue) around the row's
    // own bar: on the bar's top edge, never beyond its end.
    const QRectF sel = view.selectedRowRect();
    const QRgb frame = Chart::selectionColor(view.palette()).rgb();
    bool found = false;
    for (int x = int(sel.left()) + 3; x < int(sel.right()) - 3 && !found; ++x)
        found = img.pixel(x, qRound(sel.top())) == frame;
    QVERIFY(found);
    for (int x = int(sel.right()) + 4; x < int(plot.right()) - 5; ++x)
        QVERIFY(img.pixel(x, qRound(sel.top())) != frame);
    view.setHighlightedRow(99); // out of range clears
    QCOMPARE(view.highlightedRow(), -1);
}

void TestTimingViews::waterfallWheelDragAndFit()
{
    QVector<CheckResult> rows = mixedRun(200, 10);
    WaterfallView view;
    view.resize(900, 500);
    view.setResults(timingOf(rows));
    view.startRun(10);
    view.setNow(1, false);
    view.refresh();
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const double span0 = view.viewport().endMs() - view.viewport().startMs();
    const QPointF centre = view.plotRect().center();
    QWheelEvent wheel(centre, view.mapToGlobal(centre), {}, QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(&view, &wheel);
    const double span1 = view.viewport().endMs() - view.viewport().startMs();
    QVERIFY(qAbs(span1 - span0 / 1.5625) < 1e-6); // two notches of 1.25
    QVERIFY(!view.viewport().isFitted());

    const double t0 = view.viewport().startMs();
    QTest::mousePress(&view, Qt::LeftButton, {}, centre.toPoint());
    QTest::mouseMove(&view, centre.toPoint() - QPoint(60, 0));
    QTest::mouseMove(&view, centre.toPoint() - QPoint(120, 0));
    QTest::mouseRelease(&view, Qt::LeftButton, {}, centre.toPoint() - QPoint(120, 0));
    QVERIFY(view.viewport().startMs() > t0); // dragged left: later times come into view

    QTest::mouseDClick(&view, Qt::LeftButton, {}, centre.toPoint());
    QVERIFY(view.viewport().isFitted());
    QCOMPARE(view.viewport().startMs(), 0.0);
    QTest::keyClick(&view, Qt::Key_Plus);
    QVERIFY(!view.viewport().isFitted());
    QTest::keyClick(&view, Qt::Key_Home);
    QVERIFY(view.viewport().isFitted());
}

void TestTimingViews::waterfallTooltip()
{
    QVector<CheckResult> rows = mixedRun(20, 4);
    rows[5].error = QStringLiteral("timeout: <no answer>");
    WaterfallView view;
    view.setResults(timingOf(rows));
    view.setRowFetcher(fetcherOf(rows)); // the path and the whole error are text: the model's, not the rows'
    const QString tip = view.toolTipForRow(5);
    QVERIFY(tip.contains(QStringLiteral("Row 6")));
    QVERIFY(tip.contains(QStringLiteral("/delay/")));
    QVERIFY(tip.contains(QStringLiteral("waiting for headers")));
    QVERIFY(tip.contains(QStringLiteral("total")));
    QVERIFY(tip.contains(QStringLiteral("&lt;no answer&gt;"))); // escaped
    QVERIFY(view.toolTipForRow(-1).isEmpty());
    QVERIFY(view.toolTipForRow(20).isEmpty());
}

void TestTimingViews::waterfallStripShowsCap()
{
    QVector<CheckResult> rows = mixedRun(120, 6);
    WaterfallView view;
    view.resize(1000, 560);
    view.setResults(timingOf(rows));
    view.startRun(6);
    view.setNow(rows.constLast().timings.finishedMs, false);
    view.refresh();
    QCOMPARE(view.inFlight().maxCount(), 6);
    QCOMPARE(view.caps().maxCap(), 6);
    const QImage img = view.grab().toImage();
    // The cap's dashed line crosses the strip at the height of 6: some pixels in the cap colour there.
    const QRectF strip = view.stripRect();
    int capPixels = 0;
    for (int y = int(strip.top()); y < int(strip.bottom()); ++y) {
        for (int x = int(strip.left()); x < int(strip.right()); ++x) {
            if (img.pixel(x, y) == Chart::capColor(view.palette()).rgb())
                ++capPixels;
        }
    }
    QVERIFY2(capPixels > strip.width() / 3, qPrintable(QString::number(capPixels)));
    saveShot(&view, QStringLiteral("waterfall-mixed-120-cap6"));
}

void TestTimingViews::waterfallHundredThousandBars()
{
    QVector<CheckResult> rows = mixedRun(100000, 64);
    WaterfallView view;
    view.resize(1600, 900);
    view.setResults(timingOf(rows));
    view.startRun(64);
    view.setNow(rows.constLast().timings.finishedMs, false);
    view.refresh();
    QVERIFY(view.viewport().rowHeight() < WaterfallModel::DetailRowHeight);
    // How long a redraw takes is bench_waterfall's figure; here, that 100,000 bars are drawn at all.
    QImage img(view.size(), QImage::Format_ARGB32_Premultiplied);
    view.render(&img);
    // Bars are visible in the aggregated raster: the plot holds outcome-coloured pixels.
    const QRectF plot = view.plotRect();
    int ok = 0;
    for (int x = int(plot.left()) + 2; x < int(plot.right()); x += 7) {
        if (img.pixel(x, int(plot.center().y())) == Chart::outcomeColor(Outcome::Ok, view.palette()).rgb())
            ++ok;
    }
    QVERIFY(ok > 0);
    saveShot(&view, QStringLiteral("waterfall-100k"));

    // High DPI: the raster is made at device pixels, so a 2× image holds the same picture at twice the detail.
    QImage hidpi(view.size() * 2, QImage::Format_ARGB32_Premultiplied);
    hidpi.setDevicePixelRatio(2);
    view.render(&hidpi);
    int ok2 = 0;
    for (int x = int(plot.left()) + 2; x < int(plot.right()); x += 7) {
        if (hidpi.pixel(x * 2, int(plot.center().y()) * 2) == Chart::outcomeColor(Outcome::Ok, view.palette()).rgb())
            ++ok2;
    }
    QVERIFY(qAbs(ok2 - ok) <= ok / 5 + 2);
    QVERIFY(hidpi.save(screenshotDir() + QStringLiteral("/waterfall-100k-hidpi.png")));
}

void TestTimingViews::comparisonView()
{
    TimingCompareView view;
    view.resize(900, 330);
    TimingCompareView::Figures f;
    f.listName = QStringLiteral("Demo: Tasks A 2 s, B 1 s, C 3 s");
    f.urls = 3;
    f.done = 3;
    f.cap = 3;
    f.wallMs = 3012;
    f.sumMs = 6001;
    f.longestMs = 3001;
    QVERIFY(qAbs(f.speedUp() - 6001.0 / 3012) < 1e-12);
    QCOMPARE(f.idealMs(), 3001.0);
    view.setFigures(f);
    RunRecord seq, conc;
    seq.cap = 1;
    seq.wallMs = 6015;
    seq.label = QStringLiteral("sequential");
    conc.cap = 3;
    conc.wallMs = 3012;
    conc.listName = f.listName;
    view.setMeasuredPair(seq, conc);
    QVERIFY(view.hasMeasuredPair());
    const QImage img = view.grab().toImage();
    // Both bar colours are on screen, and the sequential bar is about twice as long as the concurrent one.
    auto longestRun = [&img](const QColor &c) {
        int best = 0;
        for (int y = 0; y < img.height(); ++y) {
            int run = 0;
            for (int x = 0; x < img.width(); ++x) {
                run = img.pixel(x, y) == c.rgb() ? run + 1 : 0;
                best = std::max(best, run);
            }
        }
        return best;
    };
    const int seqLen = longestRun(Chart::sequentialColor(view.palette()));
    const int concLen = longestRun(Chart::concurrentColor(view.palette()));
    QVERIFY(concLen > 50);
    QVERIFY2(qAbs(double(seqLen) / concLen - 6015.0 / 3012) < 0.05,
             qPrintable(QStringLiteral("%1 / %2").arg(seqLen).arg(concLen)));
    saveShot(&view, QStringLiteral("comparison-abc"));
    view.clearMeasuredPair();
    QVERIFY(!view.hasMeasuredPair());
}

void TestTimingViews::histogramAndHostsViews()
{
    const QVector<CheckResult> rows = mixedRun(500, 16);
    LatencyHistogramView hist;
    hist.resize(640, 300);
    hist.setDurations(durationsOf(TimingTable::of(rows)));
    QCOMPARE(hist.summary().count, 500);
    QCOMPARE(hist.histogram().total(), 500);
    QVERIFY(hist.summary().p50Ms <= hist.summary().p90Ms);
    QVERIFY(hist.summary().p99Ms <= hist.summary().maxMs);
    saveShot(&hist, QStringLiteral("latency-histogram"));

    SlowestHostsView hosts;
    hosts.resize(420, 300);
    hosts.setHosts(slowestHosts(TimingTable::of(rows), 8));
    QCOMPARE(hosts.hosts().size(), 3);
    QCOMPARE(hosts.hosts().at(0).host, QStringLiteral("127.0.0.3:8080")); // every third URL is 400 ms slower
    saveShot(&hosts, QStringLiteral("slowest-hosts"));

    LatencyHistogramView empty;
    empty.resize(300, 200);
    empty.setDurations({});
    QVERIFY(!empty.grab().isNull());
}

void TestTimingViews::historyViewCompareAndExport()
{
    RunHistory history;
    auto add = [&history](const QString &label, int cap, qint64 wall, qint64 sum) {
        RunRecord r;
        r.when = QDateTime(QDate(2024, 5, 17), QTime(9, 0).addSecs(history.count() * 30), Qt::UTC);
        r.listName = QStringLiteral("Demo: 5 requests × 1 s");
        r.label = label;
        r.cap = cap;
        r.urlCount = 5;
        r.wallMs = wall;
        r.sumMs = sum;
        r.speedUp = double(sum) / wall;
        r.ok = 5;
        history.add(r);
    };
    add(QStringLiteral("sequential"), 1, 5021, 5012);
    add(QStringLiteral("cap 5"), 5, 1012, 5031);
    add(QStringLiteral("cap 2"), 2, 3015, 5022);
    HistoryView view(&history);
    view.resize(900, 520);
    QCOMPARE(view.table()->model()->rowCount(), 3);
    // Newest first.
    QCOMPARE(view.table()->model()->index(0, HistoryTableModel::Label).data().toString(), QStringLiteral("cap 2"));
    QCOMPARE(view.table()->model()->index(2, HistoryTableModel::Cap).data().toInt(), 1);
    QCOMPARE(view.table()->model()->index(1, HistoryTableModel::SpeedUp).data().toString(),
             Chart::formatSpeedUp(5031.0 / 1012));
    // Nothing selected: the chart shows the latest runs.
    QCOMPARE(view.chart()->records().size(), 3);
    view.selectRecords({0, 1});
    QCOMPARE(view.selectedRecords(), (QVector<int>{0, 1}));
    QCOMPARE(view.chart()->records().size(), 2);
    QCOMPARE(view.chart()->records().at(0).label, QStringLiteral("sequential"));
    saveShot(&view, QStringLiteral("run-history"));

    QSignalSpy exportSpy(&view, &HistoryView::exportCsvRequested);
    QSignalSpy capsSpy(&view, &HistoryView::compareCapsRequested);
    const QList<QPushButton *> buttons = view.findChildren<QPushButton *>();
    for (QPushButton *b : buttons) {
        if (b->text().startsWith(QStringLiteral("Export CSV")))
            b->click();
        if (b->text().startsWith(QStringLiteral("Compare caps")))
            b->click();
        if (b->text().startsWith(QStringLiteral("Delete")))
            b->click();
    }
    QCOMPARE(exportSpy.count(), 1);
    QCOMPARE(capsSpy.count(), 1);
    QCOMPARE(history.count(), 1); // the two selected runs were deleted
    QCOMPARE(history.at(0).label, QStringLiteral("cap 2"));
}

void TestTimingViews::historyModelUnderTester()
{
    // The History tab's table model under QAbstractItemModelTester (Fatal: a broken rule aborts), through what
    // the history goes through: runs added, a selection deleted, the bound lowered, cleared, read back from
    // its file, a corrupt file.
    const QString path = m_tmp.filePath(QStringLiteral("tester-history.json"));
    RunHistory history(path);
    HistoryView view(&history);
    QAbstractItemModel *model = view.table()->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    view.resize(900, 520);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (int i = 0; i < 6; ++i) {
        RunRecord r;
        r.when = QDateTime(QDate(2024, 5, 17), QTime(9, 0).addSecs(i * 30), Qt::UTC);
        r.listName = QStringLiteral("list %1").arg(i);
        r.label = RunRecord::defaultLabel(i + 1);
        r.cap = i + 1;
        r.urlCount = 10;
        r.wallMs = 1000 + i;
        r.sumMs = 5000;
        r.speedUp = 5000.0 / double(r.wallMs);
        r.ok = 10 - i;
        r.failed = i;
        r.cancelled = i == 4;
        history.add(r);
        QCOMPARE(model->rowCount(), i + 1);
        QCOMPARE(model->index(0, HistoryTableModel::Cap).data().toInt(), i + 1); // newest first
    }
    QCOMPARE(model->index(1, HistoryTableModel::Label).data().toString(), QStringLiteral("cap 5 (cancelled)"));
    // Deleting a selection, as the Delete button does.
    view.selectRecords({1, 3});
    QCOMPARE(view.selectedRecords(), (QVector<int>{1, 3}));
    history.remove(view.selectedRecords());
    QCOMPARE(model->rowCount(), 4);
    QVERIFY(view.selectedRecords().isEmpty());
    QCOMPARE(model->index(3, HistoryTableModel::Cap).data().toInt(), 1);
    QCOMPARE(model->index(2, HistoryTableModel::Cap).data().toInt(), 3);
    // A lower bound drops the oldest.
    history.setMaxRuns(2);
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(1, HistoryTableModel::Cap).data().toInt(), 5);
    // What was saved comes back.
    view.selectRecords({0});
    QVERIFY(history.load());
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0, HistoryTableModel::Cap).data().toInt(), 6);
    history.clear();
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(history.load()); // cleared and saved: empty
    QCOMPARE(model->rowCount(), 0);
    // A corrupt file: the history starts empty.
    history.add(RunRecord::fromResults({}, 10, 1, QStringLiteral("x"), false));
    QCOMPARE(model->rowCount(), 1);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{ not json");
    }
    QVERIFY(!history.load());
    QCOMPARE(model->rowCount(), 0);
}

void TestTimingViews::capSweepChart()
{
    CapSweepView view;
    view.resize(900, 480);
    QVector<int> caps;
    QString error;
    QVERIFY(view.requestedCaps(&caps, &error));
    QCOMPARE(caps, CapSweepModel::capsUpTo(32));
    view.setCustomCaps(QStringLiteral("1, 2, x"));
    QVERIFY(!view.requestedCaps(&caps, &error));
    QSignalSpy run(&view, &CapSweepView::runRequested);
    for (QPushButton *b : view.findChildren<QPushButton *>()) {
        if (b->text() == QStringLiteral("Run"))
            b->click();
    }
    QCOMPARE(run.count(), 0); // a bad set never starts
    QVERIFY(view.status().contains(QStringLiteral("'x'")));
    view.setMaxCap(16);
    for (QPushButton *b : view.findChildren<QPushButton *>()) {
        if (b->text() == QStringLiteral("Run"))
            b->click();
    }
    QCOMPARE(run.count(), 1);
    QCOMPARE(run.at(0).at(0).value<QVector<int>>(), (QVector<int>{1, 2, 4, 8, 16}));

    // A measured sweep of 40 URLs of 250 ms: each doubling halves the time until the cap passes the list.
    CapSweepChart *chart = view.chart();
    chart->setTitle(QStringLiteral("Wall time vs cap — 40 × 250 ms"));
    chart->setPlannedCaps({1, 2, 4, 8, 16, 32, 64});
    chart->model().setDurations(QVector<qint64>(40, 250));
    const QVector<QPair<int, qint64>> measured{{1, 10080}, {2, 5060}, {4, 2545}, {8, 1290},
                                               {16, 790},  {32, 540}, {64, 290}};
    for (const auto &m : measured)
        chart->model().addPoint({m.first, m.second});
    chart->setLive(0, 0);
    QVERIFY(chart->usesLogScale());
    QCOMPARE(chart->model().idealAt(16), 750);
    saveShot(&view, QStringLiteral("compare-caps"));
}

void TestTimingViews::panelRecordsRunsAndExports()
{
    TimingPanel panel;
    panel.resize(1100, 620);
    const QString historyPath = m_tmp.filePath(QStringLiteral("panel/history.json"));
    panel.setHistoryFile(historyPath);
    QCOMPARE(panel.history()->count(), 0);
    QSignalSpy recorded(&panel, &TimingPanel::runRecorded);

    // A live run: rows start, the clock ticks, the cap changes, rows finish.
    QVector<CheckResult> rows = mixedRun(60, 4);
    TimingTable live = TimingTable::of(rows);
    for (qsizetype i = 0; i < live.size(); ++i) {
        live[i].state = CheckState::Queued;
        live[i].timings = CheckTimings();
    }
    panel.setResults(borrowed(live));
    panel.runStarted(4, QStringLiteral("mixed.txt"));
    for (int i = 0; i < 30; ++i)
        live.set(i, rows.at(i));
    live[30].state = CheckState::Checking;
    live[30].timings.startedMs = TimingMs::clamp(rows.at(30).timings.startedMs);
    panel.resultsChanged();
    panel.setLiveElapsed(rows.at(30).timings.startedMs + 100);
    panel.setCap(6);
    panel.showView(TimingPanel::View::Waterfall);
    QCOMPARE(panel.waterfall()->model().count(), 60);
    QCOMPARE(panel.waterfall()->caps().maxCap(), 6);
    live = TimingTable::of(rows);
    panel.resultsChanged();
    const qint64 wall = rows.constLast().timings.finishedMs + 5;
    panel.runFinished(wall, false);

    QCOMPARE(recorded.count(), 1);
    QCOMPARE(panel.history()->count(), 1);
    const RunRecord &r = panel.history()->at(0);
    QCOMPARE(r.listName, QStringLiteral("mixed.txt"));
    QCOMPARE(r.cap, 6);
    QCOMPARE(r.wallMs, wall);
    QCOMPARE(r.urlCount, 60);
    QCOMPARE(r, panel.lastRecord());
    QCOMPARE(r.sumMs, RunStats::compute(rows, wall).sumMs);
    // Kept across launches.
    RunHistory reread(historyPath);
    QVERIFY(reread.load());
    QCOMPARE(reread.count(), 1);

    panel.highlightRow(12);
    QCOMPARE(panel.waterfall()->highlightedRow(), 12);
    QSignalSpy activated(&panel, &TimingPanel::rowActivated);
    emit panel.waterfall()->rowActivated(7);
    QCOMPARE(activated.count(), 1);

    // Every view exports as a PNG; the file dialog is replaced by a seam that answers at once.
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    for (TimingPanel::View v : {TimingPanel::View::Waterfall, TimingPanel::View::Comparison, TimingPanel::View::History,
                                TimingPanel::View::CapSweep}) {
        panel.showView(v);
        QCOMPARE(panel.currentView(), v);
        const QString path = m_tmp.filePath(TimingPanel::viewName(v) + QStringLiteral(".png"));
        QString asked;
        panel.setSaveFileAsker([&](QWidget *, const QString &, const QString &suggested, const QString &filter,
                                   std::function<void(const QString &)> done) {
            asked = suggested;
            QVERIFY(filter.contains(QStringLiteral("*.png")));
            done(path);
        });
        panel.exportCurrentViewPng();
        QCOMPARE(asked, QStringLiteral("fanout-%1.png").arg(TimingPanel::viewName(v)));
        QImage saved(path);
        QVERIFY2(!saved.isNull(), qPrintable(path));
        QVERIFY(saved.width() > 300 && saved.height() > 150);
        QVERIFY(panel.statusText().contains(QStringLiteral("Saved")));
        saveShot(panel.viewWidget(v), QStringLiteral("panel-") + TimingPanel::viewName(v));
    }
    QString error;
    QVERIFY(!panel.exportViewPng(TimingPanel::View::Waterfall, m_tmp.filePath(QStringLiteral("no/such/dir/x.png")),
                                 &error));
    QVERIFY(error.contains(QStringLiteral("x.png")));

    // History CSV through the same seam.
    const QString csvPath = m_tmp.filePath(QStringLiteral("history.csv"));
    panel.setSaveFileAsker([&](QWidget *, const QString &, const QString &, const QString &filter,
                               std::function<void(const QString &)> done) {
        QVERIFY(filter.contains(QStringLiteral("*.csv")));
        done(csvPath);
    });
    panel.exportHistoryCsv();
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll(), RunHistory::toCsv(panel.history()->records()));

    // A re-check of some rows records only those rows.
    for (int i = 0; i < 10; ++i) {
        live[i].state = CheckState::Queued;
        live[i].timings = CheckTimings();
    }
    panel.runStarted(2, QStringLiteral("mixed.txt"));
    for (int i = 0; i < 10; ++i)
        live.set(i, rows.at(i));
    panel.resultsChanged();
    panel.runFinished(900, false);
    const RunRecord recheck = panel.history()->at(panel.history()->count() - 1);
    QCOMPARE(recheck.urlCount, 10);
    QCOMPARE(recheck.sumMs, RunStats::compute(rows.mid(0, 10), 900).sumMs);
    QCOMPARE(recheck.label, QStringLiteral("re-check, cap 2"));

    // A cap sweep cannot start while the main run is going.
    panel.runStarted(4, QStringLiteral("mixed.txt"));
    QVERIFY(!panel.startCapSweep({1, 2}));
    QVERIFY(panel.capSweepView()->status().contains(QStringLiteral("Wait")));
    panel.runFinished(10, true);
    QCOMPARE(panel.history()->count(), 3);
    QVERIFY(panel.history()->at(2).cancelled);
}

void TestTimingViews::panelIncrementalMatchesFullRebuild()
{
    // Two panels on the same live run: one told the changed rows of each batch (as the main window does),
    // one re-reading everything. Every view model must agree, batch after batch.
    const QVector<CheckResult> final = mixedRun(400, 8);
    TimingTable live = TimingTable::of(queuedCopy(final));
    TimingPanel incremental, full;
    incremental.setHistoryFile(QString());
    full.setHistoryFile(QString());
    for (TimingPanel *p : {&incremental, &full}) {
        p->resize(1000, 600);
        p->setResults(borrowed(live));
        p->runStarted(8, QStringLiteral("mixed"));
        p->showView(TimingPanel::View::Comparison);
    }
    LiveReplay replay(final, 30);
    qint64 now = 0;
    auto compare = [&]() {
        const WaterfallModel &a = incremental.waterfall()->model();
        const WaterfallModel &b = full.waterfall()->model();
        QCOMPARE(a.count(), b.count());
        QCOMPARE(a.extentMs(), b.extentMs());
        for (int r = 0; r < a.count(); ++r) {
            QCOMPARE(int(a.bar(r).outcome), int(b.bar(r).outcome));
            QCOMPARE(a.bar(r).timings.finishedMs, b.bar(r).timings.finishedMs);
            QCOMPARE(a.phases(r), b.phases(r));
        }
        const InFlightSeries &sa = incremental.waterfall()->inFlight();
        const InFlightSeries &sb = full.waterfall()->inFlight();
        QCOMPARE(sa.maxCount(), sb.maxCount());
        QCOMPARE(sa.steps().size(), sb.steps().size());
        QCOMPARE(sa.meanIn(0, now + 1), sb.meanIn(0, now + 1));
        QCOMPARE(incremental.histogram()->histogram().counts(), full.histogram()->histogram().counts());
        QCOMPARE(incremental.histogram()->summary().p90Ms, full.histogram()->summary().p90Ms);
        QCOMPARE(incremental.slowestHosts()->hosts().size(), full.slowestHosts()->hosts().size());
        for (qsizetype i = 0; i < incremental.slowestHosts()->hosts().size(); ++i)
            QCOMPARE(incremental.slowestHosts()->hosts().at(i).totalMs, full.slowestHosts()->hosts().at(i).totalMs);
        QCOMPARE(incremental.comparison()->figures().sumMs, full.comparison()->figures().sumMs);
        QCOMPARE(incremental.comparison()->figures().done, full.comparison()->figures().done);
        QCOMPARE(incremental.comparison()->figures().longestMs, full.comparison()->figures().longestMs);
    };
    int batches = 0;
    while (!replay.atEnd()) {
        const QVector<int> changed = replay.step(&live, &now);
        incremental.resultsChanged(changed);
        full.resultsChanged();
        for (TimingPanel *p : {&incremental, &full})
            p->setLiveElapsed(now);
        if (++batches % 4 == 0) {
            // The summary page refreshes on a timer: wait until it has run for both, up to this moment of the
            // run. (A fixed wait of one interval and a bit can end on a busy machine before one panel's timer has
            // fired, and then the two disagree for no fault of theirs.)
            QTRY_COMPARE(incremental.comparison()->figures().wallMs, now);
            QTRY_COMPARE(full.comparison()->figures().wallMs, now);
            compare();
        }
    }
    for (TimingPanel *p : {&incremental, &full})
        p->runFinished(now + 3, false);
    compare();
    QCOMPARE(incremental.comparison()->figures().done, 400);
    QCOMPARE(incremental.lastRecord().sumMs, full.lastRecord().sumMs);
}

void TestTimingViews::panelRecordIsFromResultsOfTheRunsRows()
{
    // The history entry is kept per changed row (not read from every row at the end): it must be what
    // RunRecord::fromResults gives over the run's rows, field for field, for a whole run and for a re-check
    // whose rows end skipped, cancelled, failed and OK.
    const QVector<CheckResult> final = mixedRun(300, 6, 11);
    TimingTable live = TimingTable::of(queuedCopy(final));
    TimingPanel panel;
    panel.setHistoryFile(QString());
    panel.setResults(borrowed(live));
    panel.runStarted(6, QStringLiteral("mixed"));
    LiveReplay replay(final, 17);
    qint64 now = 0;
    while (!replay.atEnd())
        panel.resultsChanged(replay.step(&live, &now));
    QSignalSpy recorded(&panel, &TimingPanel::runRecorded);
    panel.runFinished(now + 7, false);
    QCOMPARE(recorded.count(), 1);
    RunRecord expected = RunRecord::fromResults(live, now + 7, 6, QStringLiteral("mixed"), false);
    expected.when = panel.lastRecord().when;
    QCOMPARE(panel.lastRecord(), expected);
    QCOMPARE(panel.lastRecord().urlCount, 300);
    QVERIFY(panel.lastRecord().ok > 0 && panel.lastRecord().failed > 0);
    QCOMPARE(panel.history()->at(panel.history()->count() - 1), panel.lastRecord());

    // A re-check of every third row from 40 on: they start queued, then end in turn (each batch as the window
    // tells it).
    QVector<int> again;
    for (int i = 40; i < 300; i += 3)
        again.append(i);
    for (const int i : std::as_const(again)) {
        const qint32 origin = live.at(i).origin;
        live[i] = TimingRow();
        live[i].id = i;
        live[i].origin = origin;
    }
    panel.resultsChanged(again);
    panel.runStarted(3, QStringLiteral("mixed"));
    QVector<CheckResult> ends;
    for (const int i : std::as_const(again)) {
        CheckResult r = final.at(i);
        switch (i % 4) {
        case 0:
            r.error = QStringLiteral("cancelled: run stopped");
            r.status = 0;
            break;
        case 1:
            r.error = QStringLiteral("excluded: rule");
            r.status = 0;
            r.timings = CheckTimings();
            break;
        case 2:
            r.status = 500;
            break;
        default:
            break;
        }
        r.state = CheckState::Done;
        ends.append(r);
    }
    for (qsizetype n = 0; n < ends.size(); n += 9) {
        QVector<int> batch;
        for (qsizetype k = n; k < std::min(ends.size(), n + 9); ++k) {
            live.set(ends.at(k).id, ends.at(k));
            batch.append(ends.at(k).id);
        }
        panel.resultsChanged(batch);
    }
    panel.runFinished(4321, true);
    QVector<TimingRow> subset;
    for (const int i : std::as_const(again))
        subset.append(live.at(i));
    expected =
        RunRecord::fromResults(subset, 4321, 3, QStringLiteral("mixed"), true, QStringLiteral("re-check, cap 3"));
    expected.when = panel.lastRecord().when;
    QCOMPARE(panel.lastRecord(), expected);
    QCOMPARE(panel.lastRecord().urlCount, int(again.size()));
    QVERIFY(panel.lastRecord().cancelledUrls > 0);
    QCOMPARE(recorded.count(), 2);
}

void TestTimingViews::panelSpeaksChinese()
{
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/fanout_zh_CN.qm")));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    // Built while the translation is installed, as the application does at start.
    QVector<CheckResult> rows = mixedRun(60, 6);
    rows[7].state = CheckState::Checking;
    rows[7].timings.finishedMs = -1;
    {
        TimingPanel panel;
        panel.setHistoryFile(QString());
        panel.resize(1100, 640);
        panel.setResults(timingOf(rows));
        panel.runStarted(6, QStringLiteral("mixed.txt"));
        panel.resultsChanged();
        panel.setLiveElapsed(rows.constLast().timings.finishedMs);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto *tabs = panel.findChild<QTabWidget *>(QStringLiteral("timingTabs"));
        QVERIFY(tabs);
        QCOMPARE(tabs->tabText(0), QStringLiteral("瀑布图"));
        QCOMPARE(tabs->tabText(1), QStringLiteral("顺序与并发"));
        QCOMPARE(tabs->tabText(2), QStringLiteral("运行历史"));
        QCOMPARE(tabs->tabText(3), QStringLiteral("对比并发上限"));
        QCOMPARE(phaseName(Phase::Waiting), QStringLiteral("等待响应头"));
        QCOMPARE(Chart::formatDuration(250), QStringLiteral("250 毫秒"));
        QVERIFY(panel.waterfall()->toolTipForRow(3).contains(QStringLiteral("第 4 行")));
        for (TimingPanel::View v : {TimingPanel::View::Waterfall, TimingPanel::View::Comparison}) {
            panel.showView(v);
            QTest::qWait(200); // the summary page refreshes on its timer
            saveShot(&panel, QStringLiteral("panel-zh_CN-") + TimingPanel::viewName(v));
        }
    }
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(phaseName(Phase::Waiting), QStringLiteral("waiting for headers"));
}

void TestTimingViews::waterfallLegendCountsAreTheChips()
{
    // Redirects that end OK and in a 404, a 503, a timeout, a cancel: the legend counts each chip's rows.
    QVector<CheckResult> rows = mixedRun(60, 8);
    rows[1].redirects.append({QUrl(QStringLiteral("http://127.0.0.1:8080/redirect/1")), 302});
    rows[2].status = 404;
    rows[2].redirects.append({QUrl(QStringLiteral("http://127.0.0.1:8080/redirect/1")), 302});
    rows[4].status = 0;
    rows[4].error = QStringLiteral("cancelled: run stopped");
    rows[6].status = 403;
    rows[6].error = QStringLiteral("accepted: status 403");
    WaterfallView view;
    view.resize(1000, 600);
    view.setResults(timingOf(rows));
    view.startRun(8);
    view.setNow(rows.constLast().timings.finishedMs, false);
    view.refresh();
    auto chips = [&rows](ResultFilter f) {
        return int(std::count_if(rows.cbegin(), rows.cend(),
                                 [f](const CheckResult &r) { return ResultsModel::matches(r, f); }));
    };
    QStringList legend;
    for (const Chart::LegendEntry &e : view.legendEntries())
        legend.append(e.text);
    for (ResultFilter f : {ResultFilter::Ok, ResultFilter::Redirected, ResultFilter::Http4xx, ResultFilter::Http5xx,
                           ResultFilter::Errors}) {
        QCOMPARE(view.filterCount(f), chips(f));
        QVERIFY(chips(f) > 0);
    }
    QVERIFY2(legend.contains(QStringLiteral("OK (%1)").arg(chips(ResultFilter::Ok))),
             qPrintable(legend.join(QLatin1Char('|'))));
    QVERIFY(legend.contains(QStringLiteral("4xx (%1)").arg(chips(ResultFilter::Http4xx))));
    QVERIFY(legend.contains(QStringLiteral("errors (%1)").arg(chips(ResultFilter::Errors))));
    QVERIFY(std::any_of(legend.cbegin(), legend.cend(), [&](const QString &t) {
        return t.startsWith(QStringLiteral("redirected (%1)").arg(chips(ResultFilter::Redirected)));
    }));
    // A redirect that ended OK is drawn in the OK colour (its marker says "redirected"), not as a colour of its own.
    const QImage img = view.grab().toImage();
    const QRectF plot = view.plotRect();
    const QPointF mid =
        plot.topLeft() +
        QPointF(view.viewport().xForMs(double(rows[1].timings.startedMs + rows[1].timings.headersMs) / 2),
                view.viewport().yForRow(1.5));
    QCOMPARE(pixel(img, mid), Chart::phaseColor(Outcome::Ok, Phase::Waiting, view.palette()).rgb());

    // The main window's rows carry only an error's category ("accepted"): the counts stay the chips'.
    QVector<CheckResult> slim = rows;
    for (CheckResult &r : slim)
        r.error = r.errorCategory();
    WaterfallView slimView;
    slimView.setResults(timingOf(slim));
    for (ResultFilter f : {ResultFilter::Ok, ResultFilter::Redirected, ResultFilter::Http4xx, ResultFilter::Http5xx,
                           ResultFilter::Errors})
        QCOMPARE(slimView.filterCount(f), chips(f));

    // Live: the same counts when the rows arrive batch by batch.
    TimingTable live = TimingTable::of(queuedCopy(rows));
    WaterfallView incremental;
    incremental.resize(1000, 600);
    incremental.setResults(borrowed(live));
    incremental.startRun(8);
    LiveReplay replay(rows, 7);
    qint64 now = 0;
    while (!replay.atEnd())
        incremental.updateRows(replay.step(&live, &now));
    for (ResultFilter f : {ResultFilter::Ok, ResultFilter::Redirected, ResultFilter::Http4xx, ResultFilter::Http5xx,
                           ResultFilter::Errors})
        QCOMPARE(incremental.filterCount(f), chips(f));
    saveShot(&view, QStringLiteral("waterfall-legend-chips"));
}

void TestTimingViews::waterfallPhasesLegendIsNotAnOutcome()
{
    QVector<CheckResult> rows = fiveBySecond(true);
    WaterfallView view;
    view.setResults(timingOf(rows));
    const QVector<Chart::LegendEntry> entries = view.legendEntries();
    const auto waiting = std::find_if(entries.cbegin(), entries.cend(),
                                      [](const auto &e) { return e.text == phaseName(Phase::Waiting); });
    QVERIFY(waiting != entries.cend());
    for (int o = 0; o < OutcomeCount; ++o)
        QVERIFY(waiting->color.rgb() != Chart::outcomeColor(Outcome(o), view.palette()).rgb());
    // The phases of one outcome stay apart from each other.
    const QColor c = Chart::phaseColor(Outcome::Ok, Phase::Connecting, view.palette());
    const QColor w = Chart::phaseColor(Outcome::Ok, Phase::Waiting, view.palette());
    const QColor d = Chart::phaseColor(Outcome::Ok, Phase::Downloading, view.palette());
    QVERIFY(c.rgb() != w.rgb() && w.rgb() != d.rgb() && c.rgb() != d.rgb());
}

void TestTimingViews::waterfallNoRunLengthBeforeARun()
{
    QVector<CheckResult> rows = queuedCopy(fiveBySecond(true));
    WaterfallView view;
    view.resize(900, 400);
    view.setResults(timingOf(rows));
    QVERIFY2(!view.infoText().contains(QStringLiteral("run ")), qPrintable(view.infoText()));
    QVERIFY(!view.infoText().contains(QStringLiteral("1 ms")));
    QCOMPARE(view.summaryText(), QStringLiteral("5 requests."));
    // Once the run has a clock, its length is there.
    QVector<CheckResult> done = fiveBySecond(true);
    view.setResults(timingOf(done));
    view.startRun(5);
    view.setNow(1003, false);
    QVERIFY2(view.infoText().contains(QStringLiteral("run 1.00 s")), qPrintable(view.infoText()));
}

void TestTimingViews::waterfallSelectedRowAtItsOwnExtent()
{
    QVector<CheckResult> rows = fiveBySecond(false); // one after another: row 2 runs 2007..3007 of 5013 ms
    WaterfallView view;
    view.resize(1000, 400);
    view.setResults(timingOf(rows));
    view.startRun(1);
    view.setNow(rows.constLast().timings.finishedMs, false);
    view.refresh();
    QVERIFY(view.selectedRowRect().isEmpty());
    view.setHighlightedRow(2);
    const QRectF sel = view.selectedRowRect();
    const QRectF plot = view.plotRect();
    const WaterfallViewport &vp = view.viewport();
    const double x0 = plot.left() + vp.xForMs(double(rows[2].timings.startedMs));
    const double x1 = plot.left() + vp.xForMs(double(rows[2].timings.finishedMs));
    QVERIFY2(qAbs(sel.left() - x0) <= 3 && qAbs(sel.right() - x1) <= 3,
             qPrintable(QStringLiteral("%1..%2 vs %3..%4").arg(sel.left()).arg(sel.right()).arg(x0).arg(x1)));
    QVERIFY(sel.width() < plot.width() / 3);
    QVERIFY(sel.top() >= plot.top() + vp.yForRow(2) - 1 && sel.bottom() <= plot.top() + vp.yForRow(3) + 1);
    // It is drawn: the frame's colour (the text's, not a series hue) is on its left edge, and not at the plot's left.
    const QImage img = view.grab().toImage();
    const QRgb frame = Chart::selectionColor(view.palette()).rgb();
    QCOMPARE(pixel(img, QPointF(sel.left() + 0.5, sel.center().y())), frame);
    QVERIFY(pixel(img, QPointF(plot.left() + 3, sel.center().y())) != frame);
    saveShot(&view, QStringLiteral("waterfall-selected-row"));
}

void TestTimingViews::viewsDescribeThemselves()
{
    QVector<CheckResult> rows = fiveBySecond(true);
    WaterfallView waterfall;
    waterfall.resize(900, 400);
    waterfall.setResults(timingOf(rows));
    waterfall.startRun(5);
    waterfall.setNow(1003, false);
    waterfall.refresh();
    QCOMPARE(waterfall.accessibleName(), QStringLiteral("Waterfall"));
    QCOMPARE(waterfall.summaryText(), QStringLiteral("5 requests, 1.00 s, cap 5, peak 5 in flight; 5 OK."));
    QCOMPARE(waterfall.accessibleDescription(), waterfall.summaryText());
    QVERIFY(waterfall.focusPolicy() & Qt::TabFocus);

    LatencyHistogramView histogram;
    histogram.setDurations({100, 200, 300, 1000});
    QVERIFY(!histogram.accessibleName().isEmpty());
    QCOMPARE(histogram.accessibleDescription(), histogram.summaryText());
    QVERIFY2(histogram.summaryText().contains(QStringLiteral("4 URLs")) &&
                 histogram.summaryText().contains(QStringLiteral("max 1.00 s")),
             qPrintable(histogram.summaryText()));

    TimingCompareView compare;
    TimingCompareView::Figures f;
    f.urls = 3;
    f.done = 3;
    f.cap = 3;
    f.wallMs = 3012;
    f.sumMs = 6001;
    compare.setFigures(f);
    QVERIFY(!compare.accessibleName().isEmpty());
    QCOMPARE(compare.accessibleDescription(), compare.summaryText());
    QVERIFY2(compare.summaryText().contains(QStringLiteral("6.00 s")) &&
                 compare.summaryText().contains(QStringLiteral("3.01 s")),
             qPrintable(compare.summaryText()));

    CapSweepChart sweep;
    sweep.model().addPoint({1, 5000, false});
    sweep.model().addPoint({5, 1010, false});
    sweep.refresh();
    QVERIFY(!sweep.accessibleName().isEmpty());
    QCOMPARE(sweep.accessibleDescription(), sweep.summaryText());
    QVERIFY2(sweep.summaryText().contains(QStringLiteral("cap 5: 1.01 s")), qPrintable(sweep.summaryText()));

    SlowestHostsView hosts;
    QVERIFY(!hosts.accessibleName().isEmpty());
    QCOMPARE(hosts.accessibleDescription(), hosts.summaryText());
    HistoryChart history;
    QVERIFY(!history.accessibleName().isEmpty());
    RunPairView pair;
    QVERIFY(!pair.accessibleName().isEmpty());
    QCOMPARE(pair.accessibleDescription(), pair.summaryText());

    // Keyboard focus is visible: the frame is painted only with focus.
    waterfall.show();
    QVERIFY(QTest::qWaitForWindowExposed(&waterfall));
    waterfall.clearFocus();
    QTRY_VERIFY(!waterfall.hasFocus());
    const QImage before = waterfall.grab().toImage();
    waterfall.setFocus();
    QTRY_VERIFY(waterfall.hasFocus());
    const QImage after = waterfall.grab().toImage();
    QCOMPARE(before.pixel(1, waterfall.height() / 2), waterfall.palette().color(QPalette::Base).rgb());
    QVERIFY(after.pixel(1, waterfall.height() / 2) != waterfall.palette().color(QPalette::Base).rgb());
}

void TestTimingViews::coloursKeepContrast_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark Fusion") << true;
}

void TestTimingViews::coloursKeepContrast()
{
    QFETCH(bool, dark);
    const QPalette pal = dark ? darkPalette() : QStyleFactory::create(QStringLiteral("Fusion"))->standardPalette();
    QVERIFY(Chart::contrastRatio(Qt::black, Qt::white) > 20.9);
    QCOMPARE(Chart::contrastRatio(Qt::white, Qt::white), 1.0);
    for (const Chart::UsedColor &c : Chart::usedColors(pal)) {
        const double ratio = Chart::contrastRatio(c.color, pal.color(QPalette::Base));
        QVERIFY2(
            ratio >= c.minRatio,
            qPrintable(
                QStringLiteral("%1 %2: %3 < %4").arg(c.role, c.color.name()).arg(ratio, 0, 'f', 2).arg(c.minRatio)));
    }
    // Every view drawn in this palette, for a look.
    const QString suffix = dark ? QStringLiteral("-dark") : QStringLiteral("-light");
    QVector<CheckResult> rows = mixedRun(40, 6);
    rows[3].redirects.append({QUrl(QStringLiteral("http://127.0.0.1:8080/redirect/1")), 302});
    WaterfallView waterfall;
    waterfall.setPalette(pal);
    waterfall.resize(1000, 560);
    waterfall.setResults(timingOf(rows));
    waterfall.startRun(6);
    waterfall.setNow(rows.constLast().timings.finishedMs, false);
    waterfall.refresh();
    waterfall.setHighlightedRow(5);
    // The painted legend text is the palette's text colour.
    const QImage img = waterfall.grab().toImage();
    QVERIFY(img.pixel(2, 2) == pal.color(QPalette::Base).rgb());
    saveShot(&waterfall, QStringLiteral("waterfall") + suffix);
    TimingCompareView compare;
    compare.setPalette(pal);
    compare.resize(900, 330);
    TimingCompareView::Figures f;
    f.urls = 3;
    f.done = 3;
    f.cap = 3;
    f.wallMs = 3012;
    f.sumMs = 6001;
    f.longestMs = 3001;
    compare.setFigures(f);
    saveShot(&compare, QStringLiteral("comparison") + suffix);
    LatencyHistogramView histogram;
    histogram.setPalette(pal);
    histogram.resize(600, 260);
    QVector<qint64> durations;
    for (const CheckResult &r : rows)
        durations.append(r.elapsedMs());
    histogram.setDurations(durations);
    saveShot(&histogram, QStringLiteral("histogram") + suffix);
    CapSweepChart sweep;
    sweep.setPalette(pal);
    sweep.resize(900, 420);
    sweep.setPlannedCaps({1, 2, 4, 8, 16, 32});
    sweep.model().setDurations({1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000});
    for (auto [cap, ms] : {std::pair{1, 8040}, {2, 4030}, {4, 2020}, {8, 1012}, {16, 1010}, {32, 1011}})
        sweep.model().addPoint({cap, qint64(ms), false});
    sweep.refresh();
    saveShot(&sweep, QStringLiteral("compare-caps") + suffix);
}

void TestTimingViews::capSweepTieWording()
{
    CapSweepModel model;
    model.addPoint({1, 8040, false});
    model.addPoint({2, 4030, false});
    model.addPoint({4, 2020, false});
    model.addPoint({8, 1012, false});
    model.addPoint({16, 1006, false});
    model.addPoint({32, 1009, false});
    QCOMPARE(model.fastestCaps(), (QVector<int>{8, 16, 32}));
    QVERIFY2(model.verdict().startsWith(QStringLiteral("caps 8, 16 and 32 tie at 1.01 s")),
             qPrintable(model.verdict()));
    QVERIFY(!model.verdict().contains(QStringLiteral("fastest")));
    // Measurably faster: one cap named.
    model.addPoint({32, 700, false});
    QCOMPARE(model.fastestCaps(), (QVector<int>{32}));
    QCOMPARE(model.verdict(), QStringLiteral("fastest at cap 32 (700 ms)"));
    // A cancelled run is never the fastest.
    model.addPoint({64, 100, true});
    QCOMPARE(model.fastestCaps(), (QVector<int>{32}));
    model.clearPoints();
    QVERIFY(model.verdict().isEmpty());
    // The chart's legend speaks plainly.
    CapSweepChart chart;
    chart.resize(900, 420);
    chart.grab();
    QVERIFY(!chart.summaryText().contains(QStringLiteral("greedy")));
}

void TestTimingViews::comparisonAxisTitleClearOfTicks()
{
    TimingCompareView view;
    view.resize(900, 330);
    TimingCompareView::Figures f;
    f.urls = 5;
    f.done = 5;
    f.cap = 5;
    f.wallMs = 1010;
    f.sumMs = 5005;
    f.longestMs = 1003;
    view.setFigures(f);
    view.grab();
    QVERIFY(!view.axisTitleRect().isEmpty());
    QVERIFY(!view.firstTickRect().isEmpty());
    QVERIFY2(view.axisTitleRect().right() < view.firstTickRect().left(),
             qPrintable(QStringLiteral("title ends %1, tick starts %2")
                            .arg(view.axisTitleRect().right())
                            .arg(view.firstTickRect().left())));
}

void TestTimingViews::histogramShortPaneKeepsScale()
{
    LatencyHistogramView view;
    QVector<qint64> durations;
    for (int i = 0; i < 52; ++i)
        durations.append(100 + (i * 37) % 900);
    view.setDurations(durations);
    for (int h : {160, 140, 120}) {
        view.resize(420, h);
        view.grab();
        QVERIFY2(std::any_of(view.yTicks().cbegin(), view.yTicks().cend(), [](double v) { return v > 0; }),
                 qPrintable(QStringLiteral("height %1: no count on the y axis").arg(h)));
    }
    saveShot(&view, QStringLiteral("histogram-short"));
}

void TestTimingViews::runPairSharesOneAxis()
{
    RunPairView view;
    view.resize(900, 360);
    QVERIFY(view.marks().isEmpty());
    RunPairView::Run seq{RunRecord::fromResults(fiveBySecond(false), 5013, 1, QStringLiteral("five"), false),
                         TimingTable::of(fiveBySecond(false))};
    RunPairView::Run conc{RunRecord::fromResults(fiveBySecond(true), 1004, 5, QStringLiteral("five"), false),
                          TimingTable::of(fiveBySecond(true))};
    view.setRuns(seq, conc);
    QVERIFY(view.hasRuns());
    QCOMPARE(view.run(0).rows.size(), 5);
    QCOMPARE(view.run(1).rows.size(), 5);
    // One time axis: the lanes are one above the other with the same x extent, the axis covers both runs.
    QCOMPARE(view.laneRect(0).left(), view.laneRect(1).left());
    QCOMPARE(view.laneRect(0).width(), view.laneRect(1).width());
    QVERIFY(view.laneRect(0).bottom() <= view.laneRect(1).top());
    QVERIFY(view.axisEndMs() >= 5013);
    QVERIFY(view.xForMs(5013) <= view.laneRect(0).right());
    const QVector<RunPairView::Mark> marks = view.marks();
    QCOMPARE(marks.size(), 3);
    QCOMPARE(marks.at(0).ms, qint64(5013));
    QCOMPARE(marks.at(1).ms, qint64(1004));
    QCOMPARE(marks.at(2).kind, RunPairView::Mark::Kind::Sum);
    QCOMPARE(marks.at(2).ms, conc.record.sumMs);
    QCOMPARE(conc.record.sumMs, qint64(5000));
    QVERIFY(marks.at(2).label.contains(QStringLiteral("5.00 s")));
    QVERIFY(marks.at(0).label.contains(QStringLiteral("5.01 s")));
    QVERIFY(view.summaryText().contains(QStringLiteral("1.00 s")));
    QCOMPARE(view.accessibleDescription(), view.summaryText());
    saveShot(&view, QStringLiteral("run-pair"));
    view.setPalette(darkPalette());
    saveShot(&view, QStringLiteral("run-pair-dark"));
}

QTEST_MAIN(TestTimingViews)
#include "test_timingviews.moc"
