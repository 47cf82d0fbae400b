// The offline demo end to end: the real main window, the real engine, the core's local origin on loopback.
// Sequential runs go one at a time and take at least the sum of their delays, concurrent runs go at their cap
// (as the origin counts it) and take at least the cap's schedule; how close to those ideals they come is
// bench_engine's "schedule" figure. Every timing view is saved as a screenshot next to this test's executable.
#include "demo/demo.h"
#include "origin/originserver.h"
#include "results/resultsmodel.h"
#include "timing/capsweeprunner.h"
#include "timing/capsweepview.h"
#include "timing/chartutil.h"
#include "timing/historyview.h"
#include "timing/latencyviews.h"
#include "timing/runpairview.h"
#include "timing/timingcompareview.h"
#include "timing/timingpanel.h"
#include "timing/waterfallview.h"
#include "window/appsettings.h"
#include "window/dialogs.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QDir>
#include <QHostAddress>
#include <QMap>
#include <QPointer>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Fanout;

namespace {

class SilentDialogs final : public Dialogs
{
public:
    void openFiles(QWidget *, const QString &, const QString &, const QString &, PathsCallback done) override
    {
        done({});
    }
    void saveFile(QWidget *, const QString &, const QString &suggestedPath, const QString &, PathCallback done) override
    {
        suggested.append(suggestedPath);
        done(answer);
    }
    void message(QWidget *, Severity, const QString &title, const QString &text) override
    {
        messages.append(title + QStringLiteral(": ") + text);
    }
    bool openUrl(const QUrl &) override { return true; }

    QString answer;
    QStringList suggested;
    QStringList messages;
};

QString screenshotDir()
{
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestDemo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void listsAreOfflineAndClassic();
    void sequentialThenConcurrent_data();
    void sequentialThenConcurrent();
    void mixedListOutcomes();
    void capSweepOnDemoList();
    void stoppingTheDemoRestoresOptions();

private:
    DemoController *startController(int index);

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    QPointer<DemoController> m_demo; // held here, as the app holds its demo; the window's child
    SilentDialogs m_dialogs;
    int m_instance = 0;
};

void TestDemo::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestDemo::init()
{
    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_settings->clear();
    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_window->setDialogs(&m_dialogs);
    // A fresh history per test function: every run is recorded and kept across windows.
    m_window->timingPanel()->setHistoryFile(m_dir.filePath(QStringLiteral("history-%1.json").arg(++m_instance)));
    m_window->resize(1400, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestDemo::cleanup()
{
    if (m_window && m_window->isRunning()) {
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        m_window->stopRun();
        finished.wait(5000);
    }
    m_window.reset();
    m_settings.reset();
}

DemoController *TestDemo::startController(int index)
{
    if (!m_demo)
        m_demo = new DemoController(m_window.get()); // the window's child: it goes with the window
    DemoController *demo = m_demo;
    QString error;
    if (!demo->ensureServer(&error))
        qWarning("%s", qPrintable(error));
    if (index >= 0)
        demo->runComparison(index);
    return demo;
}

void TestDemo::listsAreOfflineAndClassic()
{
    DemoController *demo = startController(-1);
    QVERIFY(demo->server() && demo->server()->isListening());
    // Its sockets are served on a thread of its own, never the GUI thread.
    QVERIFY(demo->server()->thread() != QThread::currentThread());
    QVERIFY(demo->server()->thread()->isRunning());
    // Its list chooser is in the timing panel, handed over through the panel's own API.
    QVERIFY(m_window->timingPanel()->demoBar());
    QCOMPARE(m_window->timingPanel()->demoBar()->objectName(), QStringLiteral("demoBar"));
    const QVector<DemoList> &lists = demo->lists();
    QCOMPARE(lists.size(), 4);
    for (const DemoList &list : lists) {
        const UrlList parsed = UrlListParser::parseText(list.text);
        QCOMPARE(parsed.invalidCount(), 0);
        QCOMPARE(parsed.entries.size(), list.delaysMs.size());
        for (const UrlEntry &e : parsed.entries) {
            // Loopback only: the demo works with the network unplugged.
            QVERIFY2(QHostAddress(e.url.host()).isLoopback(), qPrintable(e.url.toString()));
            QCOMPARE(e.url.port(), int(demo->server()->port()));
        }
    }
    QCOMPARE(lists.at(0).delaysMs.size(), 5);
    QCOMPARE(lists.at(0).idealSequentialMs(), 5000);
    QCOMPARE(lists.at(0).idealConcurrentMs(), 1000);
    QCOMPARE(lists.at(1).idealSequentialMs(), 6000);
    QCOMPARE(lists.at(1).idealConcurrentMs(), 3000);
    QCOMPARE(lists.at(2).cap, 3);
    QCOMPARE(lists.at(2).idealSequentialMs(), 5000);
    QCOMPARE(lists.at(2).idealConcurrentMs(), 2000); // four waves of 500 ms
    QCOMPARE(lists.at(3).delaysMs.size(), 100);
    QVERIFY(lists.at(3).text.contains(QStringLiteral("/status/404")));
    QVERIFY(lists.at(3).text.contains(QStringLiteral("/redirect/3")));
    QVERIFY(lists.at(3).text.contains(QStringLiteral("/hang")));
    QVERIFY(lists.at(3).text.contains(QStringLiteral("/gbk")));
    QCOMPARE(lists.at(3).timeoutMs, 3000);
    // The chooser sits in the timing panel's header.
    QVERIFY(m_window->timingPanel()->findChild<QWidget *>(QStringLiteral("demoBar")));
}

void TestDemo::sequentialThenConcurrent_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("shot");
    QTest::newRow("5 x 1 s") << 0 << QStringLiteral("demo-5x1s");
    QTest::newRow("A 2 s, B 1 s, C 3 s") << 1 << QStringLiteral("demo-abc");
    QTest::newRow("10 pages at cap 3") << 2 << QStringLiteral("demo-10-pages-cap3");
}

void TestDemo::sequentialThenConcurrent()
{
    QFETCH(int, index);
    QFETCH(QString, shot);
    const CheckOptions before = m_window->checkOptions();
    DemoController *demo = startController(-1);
    QSignalSpy done(demo, &DemoController::comparisonFinished);
    QSignalSpy failed(demo, &DemoController::failed);
    QSignalSpy steps(demo, &DemoController::stepChanged);
    QSignalSpy runs(m_window.get(), &MainWindow::runFinished);
    // The origin counts what it saw at once per run: reset when the sequential run ends, before the
    // concurrent one's first request can reach it (the origin answers on this thread).
    int sequentialMaxAtOrigin = -1;
    demo->server()->resetStats();
    QObject scope; // the connection ends with this function, whatever the window does later
    connect(m_window.get(), &MainWindow::runFinished, &scope, [&] {
        if (sequentialMaxAtOrigin < 0) {
            sequentialMaxAtOrigin = demo->server()->stats().maxInFlight;
            demo->server()->resetStats();
        }
    });
    demo->runComparison(index);
    QVERIFY(demo->isBusy());
    QVERIFY(m_window->isRunning());
    QCOMPARE(m_window->concurrency(), 1);
    // While the sequential run goes, the waterfall grows live and never shows more than one in flight.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->timingPanel()->waterfall()->inFlight().maxCount() >= 1, 5000);
    QVERIFY(m_window->timingPanel()->waterfall()->inFlight().maxCount() <= 1);

    QVERIFY2(done.wait(30000), qPrintable(failed.isEmpty() ? QString() : failed.at(0).at(0).toString()));
    QCOMPARE(runs.count(), 2);
    const DemoList &list = demo->lists().at(index);
    const auto sequential = done.at(0).at(0).value<RunRecord>();
    const auto concurrent = done.at(0).at(1).value<RunRecord>();
    qInfo("%s: sequential %lld ms (ideal %lld), concurrent at cap %d %lld ms (ideal %lld)", qPrintable(list.title),
          sequential.wallMs, list.idealSequentialMs(), concurrent.cap, concurrent.wallMs, list.idealConcurrentMs());
    QCOMPARE(sequential.cap, 1);
    QCOMPARE(concurrent.cap, list.cap);
    QCOMPARE(sequential.ok, int(list.delaysMs.size()));
    QCOMPARE(concurrent.ok, int(list.delaysMs.size()));
    // One at a time, then the cap at once, as the origin saw them.
    const int expectedAtOnce = std::min(list.cap, int(list.delaysMs.size()));
    QCOMPARE(sequentialMaxAtOrigin, 1);
    QCOMPARE(demo->server()->stats().maxInFlight, expectedAtOnce);
    // No run can beat its ideal: the sum of the delays one at a time, the cap's schedule concurrently.
    QVERIFY(sequential.wallMs >= list.idealSequentialMs());
    QVERIFY(concurrent.wallMs >= list.idealConcurrentMs());
    // The one-at-a-time sum of the concurrent run is still at least the sum of the delays, and its speed-up
    // is that sum over the wall time.
    QVERIFY(concurrent.sumMs >= list.idealSequentialMs());
    QCOMPARE(concurrent.speedUp, double(concurrent.sumMs) / double(concurrent.wallMs));

    // Concurrent run: the in-flight strip peaked at the cap and never above it.
    TimingPanel *panel = m_window->timingPanel();
    QCOMPARE(panel->waterfall()->inFlight().maxCount(), expectedAtOnce);
    // The comparison view shows both measured runs, and both are in the history.
    QCOMPARE(panel->currentView(), TimingPanel::View::Comparison);
    QVERIFY(panel->comparison()->hasMeasuredPair());
    QCOMPARE(panel->comparison()->figures().cap, list.cap);
    QCOMPARE(panel->history()->count(), 2);
    QCOMPARE(panel->history()->at(0).wallMs, sequential.wallMs);
    QCOMPARE(panel->history()->at(1).wallMs, concurrent.wallMs);
    QCOMPARE(panel->historyView()->selectedRecords(), (QVector<int>{0, 1}));
    // The end state: both runs' waterfalls, one above the other on one time axis, the sum of URL times and
    // both wall times marked.
    RunPairView *pair = panel->runPairView();
    QTRY_VERIFY(pair->isVisible());
    QVERIFY(pair->hasRuns());
    QCOMPARE(pair->run(0).rows.size(), list.delaysMs.size());
    QCOMPARE(pair->run(1).rows.size(), list.delaysMs.size());
    QCOMPARE(pair->run(0).record.wallMs, sequential.wallMs);
    QCOMPARE(pair->run(1).record.wallMs, concurrent.wallMs);
    QCOMPARE(pair->laneRect(0).left(), pair->laneRect(1).left());
    QCOMPARE(pair->laneRect(0).width(), pair->laneRect(1).width());
    QVERIFY(pair->axisEndMs() >= double(std::max(sequential.wallMs, concurrent.sumMs)));
    for (int i = 0; i < 2; ++i) {
        for (const TimingRow &r : pair->run(i).rows) {
            // Every bar lies inside its own run, drawn on the shared axis.
            QVERIFY(r.timings.startedMs >= 0);
            QVERIFY(r.timings.finishedMs <= pair->run(i).record.wallMs);
            QVERIFY(pair->xForMs(double(r.timings.finishedMs)) <= pair->laneRect(i).right());
        }
    }
    const QVector<RunPairView::Mark> marks = pair->marks();
    QCOMPARE(marks.size(), 3);
    QCOMPARE(marks.at(0).ms, sequential.wallMs);
    QCOMPARE(marks.at(1).ms, concurrent.wallMs);
    QCOMPARE(marks.at(2).kind, RunPairView::Mark::Kind::Sum);
    QCOMPARE(marks.at(2).ms, concurrent.sumMs);
    QVERIFY(marks.at(2).label.contains(Chart::formatDuration(double(concurrent.sumMs))));
    // One duration format everywhere: the summary says what the charts say.
    const QString summary = steps.constLast().at(0).toString();
    QVERIFY2(summary.contains(Chart::formatDuration(double(sequential.wallMs))) &&
                 summary.contains(Chart::formatDuration(double(concurrent.wallMs))),
             qPrintable(summary));
    QVERIFY2(!summary.contains(QRegularExpression(QStringLiteral("\\d{4,} ms"))), qPrintable(summary));
    QVERIFY(pair->grab().save(screenshotDir() + QLatin1Char('/') + shot + QStringLiteral("-run-pair.png")));
    // The user's options are in force again, and were never replaced in the settings store.
    QCOMPARE(m_window->checkOptions().timeoutMs, before.timeoutMs);
    QCOMPARE(m_window->concurrency(), before.concurrency);
    QVERIFY(!m_window->hasRunOptionsOverride());
    m_settings->sync();
    QCOMPARE(AppSettings::loadOptions(*m_settings).timeoutMs, before.timeoutMs);
    QCOMPARE(AppSettings::loadOptions(*m_settings).retries, before.retries);
    QCOMPARE(m_settings->value(QStringLiteral("run/concurrency"), before.concurrency).toInt(), before.concurrency);
    QVERIFY(!demo->isBusy());

    // Screenshots of every view, and the export path through the window's dialogs.
    for (TimingPanel::View v : {TimingPanel::View::Waterfall, TimingPanel::View::Comparison, TimingPanel::View::History,
                                TimingPanel::View::CapSweep}) {
        panel->showView(v);
        QTest::qWait(20);
        const QString path = screenshotDir() + QLatin1Char('/') + shot + QLatin1Char('-') + TimingPanel::viewName(v) +
                             QStringLiteral(".png");
        m_dialogs.answer = path;
        panel->exportCurrentViewPng();
        QVERIFY2(!QImage(path).isNull(), qPrintable(path));
    }
    panel->showView(TimingPanel::View::Comparison);
    QVERIFY(m_window->grab().save(screenshotDir() + QLatin1Char('/') + shot + QStringLiteral("-window.png")));
}

void TestDemo::mixedListOutcomes()
{
    // Only the concurrent run (the sequential one takes over a minute): load, cap 20, run.
    DemoController *demo = startController(-1);
    const DemoList &list = demo->lists().at(3);
    demo->loadList(3);
    QCOMPARE(m_window->concurrency(), list.cap);
    CheckOptions options = m_window->checkOptions();
    options.timeoutMs = list.timeoutMs;
    options.retries = 0;
    m_window->setCheckOptions(options);
    QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
    m_window->startRun();
    QVERIFY(finished.wait(30000));
    const qint64 wall = finished.at(0).at(0).toLongLong();
    const QVector<CheckResult> rows = m_window->resultsModel()->allResults();
    QCOMPARE(rows.size(), 100);
    int notFound = 0, timeouts = 0, redirected = 0, gbk = 0, ok = 0;
    for (const CheckResult &r : rows) {
        if (r.status == 404)
            ++notFound;
        if (r.errorCategory() == QLatin1String("timeout"))
            ++timeouts;
        if (r.redirects.size() == 3)
            ++redirected;
        if (r.url.path() == QLatin1String("/gbk") && r.isOk() && !r.title.isEmpty()) {
            ++gbk;
            // The title is decoded from GBK, not shown as mojibake.
            QVERIFY2(r.title.contains(QChar(0x4e2d)) || r.title.toUtf8().size() > r.title.size(), qPrintable(r.title));
        }
        if (r.isOk())
            ++ok;
    }
    QCOMPARE(notFound, 4);
    QCOMPARE(timeouts, 1);
    QCOMPARE(redirected, 1);
    QCOMPARE(gbk, 1);
    QCOMPARE(ok, 95);
    qInfo("100 mixed URLs at cap 20: %lld ms (ideal schedule %lld ms, one at a time %lld ms)", wall,
          list.idealConcurrentMs(), list.idealSequentialMs());
    QVERIFY(wall >= list.timeoutMs); // the /hang row waits for its deadline

    TimingPanel *panel = m_window->timingPanel();
    QCOMPARE(panel->waterfall()->inFlight().maxCount(), 20);
    // The waterfall's legend counts are the filter chips' counts of the same rows.
    const ResultCounts counts = m_window->resultsModel()->counts();
    WaterfallView *waterfall = panel->waterfall();
    QCOMPARE(waterfall->filterCount(ResultFilter::Ok), counts.ok);
    QCOMPARE(waterfall->filterCount(ResultFilter::Redirected), counts.redirected);
    QCOMPARE(waterfall->filterCount(ResultFilter::Http4xx), counts.http4xx);
    QCOMPARE(waterfall->filterCount(ResultFilter::Http5xx), counts.http5xx);
    QCOMPARE(waterfall->filterCount(ResultFilter::Errors), counts.errors);
    QCOMPARE(counts.ok, 95);
    QCOMPARE(counts.redirected, 1);
    QCOMPARE(counts.http4xx, 4);
    QCOMPARE(counts.errors, 1);
    QStringList legend;
    for (const Chart::LegendEntry &e : waterfall->legendEntries())
        legend.append(e.text);
    QVERIFY2(legend.contains(QStringLiteral("OK (95)")) && legend.contains(QStringLiteral("4xx (4)")) &&
                 legend.contains(QStringLiteral("errors (1)")),
             qPrintable(legend.join(QLatin1Char('|'))));
    QCOMPARE(panel->slowestHosts()->hosts().size() >= 1, true);
    for (TimingPanel::View v : {TimingPanel::View::Waterfall, TimingPanel::View::Comparison}) {
        panel->showView(v);
        QVERIFY(panel->viewWidget(v)->grab().save(screenshotDir() + QStringLiteral("/demo-mixed-100-") +
                                                  TimingPanel::viewName(v) + QStringLiteral(".png")));
    }
    // Hosts are ranked: on 127.0.0.3 every URL is 500 ms slower (when the system has several loopback addresses).
    const auto &hosts = panel->slowestHosts()->hosts();
    if (hosts.size() == 3)
        QVERIFY(hosts.at(0).host.startsWith(QStringLiteral("127.0.0.3:")));
}

void TestDemo::capSweepOnDemoList()
{
    DemoController *demo = startController(-1);
    demo->loadList(2); // 10 pages of 500 ms
    TimingPanel *panel = m_window->timingPanel();
    // What the origin saw at once during each cap's run.
    QMap<int, int> atOnce;
    QObject scope; // the connections end with this function
    connect(panel->capSweepRunner(), &CapSweepRunner::capStarted, &scope,
            [&](int, int, int) { demo->server()->resetStats(); });
    connect(panel->capSweepRunner(), &CapSweepRunner::capFinished, &scope,
            [&](int cap) { atOnce.insert(cap, demo->server()->stats().maxInFlight); });
    QSignalSpy finished(panel, &TimingPanel::capSweepFinished);
    QAction *start = nullptr;
    for (QAction *a : m_window->findChildren<QAction *>()) {
        if (a->shortcut() == QKeySequence(Qt::Key_F5))
            start = a;
    }
    QVERIFY(start);
    QVERIFY(start->isEnabled());
    QVERIFY(panel->startCapSweep({1, 2, 3, 5, 10}));
    QVERIFY(!panel->startCapSweep({1})); // one at a time
    QVERIFY(!m_window->isRunning());     // the sweep never touches the window's run
    // The window's own Start waits for the sweep: two runs at once would distort both.
    QVERIFY(!start->isEnabled());
    QVERIFY(finished.wait(40000));
    QTRY_VERIFY(start->isEnabled());
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    const auto &points = panel->capSweepView()->chart()->model().points();
    QCOMPARE(points.size(), 5);
    const QVector<qint64> ideal{5000, 2500, 2000, 1000, 500};
    for (int i = 0; i < points.size(); ++i) {
        const int cap = points.at(i).cap;
        qInfo("cap %d: %lld ms (ideal %lld), %d at once at the origin", cap, points.at(i).wallMs, ideal.at(i),
              atOnce.value(cap));
        QCOMPARE(atOnce.value(cap), cap); // each point ran at its own cap, neither more nor less
        QVERIFY(points.at(i).wallMs >= ideal.at(i));
    }
    // The ideal curve comes from the cap-1 durations: each at least the origin's 500 ms.
    const QVector<qint64> &durations = panel->capSweepView()->chart()->model().durations();
    QCOMPARE(durations.size(), 10);
    for (qint64 d : durations)
        QVERIFY(d >= 500);
    const CapSweepModel &model = panel->capSweepView()->chart()->model();
    QCOMPARE(model.idealAt(1), std::accumulate(durations.cbegin(), durations.cend(), qint64(0)));
    QCOMPARE(model.idealAt(10), *std::max_element(durations.cbegin(), durations.cend()));
    QVERIFY(panel->capSweepView()->status().contains(QStringLiteral("fastest at cap")));
    // Every cap is a run in the history.
    QCOMPARE(panel->history()->count(), 5);
    QCOMPARE(panel->history()->at(0).label, QStringLiteral("sweep sequential"));
    QCOMPARE(panel->history()->at(4).cap, 10);
    panel->showView(TimingPanel::View::CapSweep);
    QVERIFY(panel->viewWidget(TimingPanel::View::CapSweep)
                ->grab()
                .save(screenshotDir() + QStringLiteral("/demo-compare-caps.png")));
    panel->showView(TimingPanel::View::History);
    panel->historyView()->selectRecords({0, 1, 2, 3, 4});
    QVERIFY(panel->viewWidget(TimingPanel::View::History)
                ->grab()
                .save(screenshotDir() + QStringLiteral("/demo-history-sweep.png")));

    // A second sweep can be cancelled: it ends promptly, cancelled, and records what it measured.
    QSignalSpy again(panel, &TimingPanel::capSweepFinished);
    QVERIFY(panel->startCapSweep({1, 2}));
    QTest::qWait(700);
    panel->cancelCapSweep();
    QVERIFY(again.wait(5000));
    QCOMPARE(again.at(0).at(0).toBool(), true);
    QCOMPARE(panel->history()->count(), 6);
    QVERIFY(panel->history()->at(5).cancelled);
}

void TestDemo::stoppingTheDemoRestoresOptions()
{
    CheckOptions mine = m_window->checkOptions();
    mine.timeoutMs = 7000;
    mine.retries = 2;
    mine.concurrency = 12;
    m_window->setCheckOptions(mine);
    auto saved = [this]() {
        m_settings->sync();
        return AppSettings::loadOptions(*m_settings);
    };
    QCOMPARE(saved().timeoutMs, 7000);
    DemoController *demo = startController(-1);
    QSignalSpy runs(m_window.get(), &MainWindow::runFinished);
    startDemo(demo); // what --demo and Help → Run demo do
    QVERIFY(demo->isBusy());
    // The demo's runs have options of their own; the user's stay as they are, in the window and on disk.
    QVERIFY(m_window->hasRunOptionsOverride());
    QCOMPARE(m_window->runOptions().retries, 0);
    QCOMPARE(m_window->runOptions().concurrency, 1);
    QCOMPARE(m_window->concurrency(), 1); // the cap in force (shown in the toolbar)
    QCOMPARE(m_window->checkOptions().retries, 2);
    QCOMPARE(m_window->checkOptions().timeoutMs, 7000);
    QCOMPARE(saved().retries, 2);
    QCOMPARE(saved().timeoutMs, 7000);
    QCOMPARE(saved().concurrency, 12);
    QCOMPARE(m_settings->value(QStringLiteral("run/concurrency")).toInt(), 12);
    QTest::qWait(300);
    m_window->stopRun(); // may report the end at once
    QTRY_COMPARE_WITH_TIMEOUT(runs.count(), 1, 5000);
    QCOMPARE(runs.at(0).at(1).toBool(), true);
    QTRY_VERIFY(!demo->isBusy());
    QTest::qWait(1200); // the concurrent run must not start after a stop
    QVERIFY(!m_window->isRunning());
    QCOMPARE(m_window->checkOptions().timeoutMs, 7000);
    QCOMPARE(m_window->checkOptions().retries, 2);
    QCOMPARE(m_window->concurrency(), 12);
    QVERIFY(!m_window->hasRunOptionsOverride());
    QCOMPARE(m_window->runOptions().retries, 2);
    QCOMPARE(saved().timeoutMs, 7000);
    QCOMPARE(saved().retries, 2);
    QCOMPARE(saved().concurrency, 12);
    // Closing the window saves the user's options, never the demo's.
    m_window->close();
    QCOMPARE(saved().retries, 2);
    QCOMPARE(saved().concurrency, 12);
    // The cancelled run is in the history, marked so.
    QCOMPARE(m_window->timingPanel()->history()->count(), 1);
    QVERIFY(m_window->timingPanel()->history()->at(0).cancelled);
}

QTEST_MAIN(TestDemo)
#include "test_demo.moc"
