// GUI benchmark: drives N URLs (default 100,000) from a local origin through the real main window and prints
//   stall   the longest gap between ticks of a 5 ms timer on the GUI thread during the run (target <= 50 ms)
//   rss     peak resident memory of this process, VmHWM (target <= 500 MB at 1,000,000 URLs)
//   work    during the second run the table is scrolled, sorted (numeric and text columns), filtered and searched
//           every 600 ms; after it, each of those is timed to the moment its (background) rebuild lands
//   ratio   open + run + export CSV in the window against `fanout-cli -c N -o x.csv list` (target <= 1.5x)
// The origin runs in its own process (`fanout-cli serve`) so its CPU is not the window's. Figures only; the
// exit code is 0 unless the benchmark could not run. Env: FANOUT_BENCH_URLS, FANOUT_BENCH_CAP.
#include "benchutil.h"
#include "results/resultsfiltermodel.h"
#include "results/resultsmodel.h"
#include "timing/timingpanel.h"
#include "window/dialogs.h"
#include "window/mainwindow.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace Fanout;

namespace {

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

// Records the longest gap between ticks of a fast timer: how long the GUI thread was unable to run it.
class StallMeter final : public QObject
{
public:
    explicit StallMeter(QObject *parent = nullptr)
        : QObject(parent)
    {
        m_timer.setObjectName(QStringLiteral("stallMeter"));
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this]() { tick(); });
    }
    void start()
    {
        m_max = 0;
        m_over50 = 0;
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qint64 maxGapMs() const { return m_max; }
    int gapsOver50() const { return m_over50; }

private:
    void tick()
    {
        const qint64 now = m_clock.elapsed();
        const qint64 gap = now - m_last;
        m_last = now;
        m_max = std::max(m_max, gap);
        if (gap > 50)
            ++m_over50;
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_max = 0;
    int m_over50 = 0;
};

// Times every event the GUI thread delivers, to name what a stall was made of.
class TimedApplication final : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_timing || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        const QEvent::Type type = event->type();
        QByteArray cls = receiver->metaObject()->className();
        if (!receiver->objectName().isEmpty())
            cls += ' ' + receiver->objectName().toLatin1();
        if (receiver->parent()) // a timer is named by its owner
            cls += QByteArrayLiteral(" in ") + receiver->parent()->metaObject()->className();
        QElapsedTimer t;
        t.start();
        const bool result = QApplication::notify(receiver, event);
        const qint64 ns = t.nsecsElapsed();
        const QByteArray key = QByteArray::number(int(type)) + ' ' + cls;
        Slowest &slot = m_slowest[key];
        slot.maxNs = std::max(slot.maxNs, ns);
        slot.totalNs += ns;
        ++slot.count;
        return result;
    }
    void setTiming(bool on)
    {
        m_timing = on;
        if (on)
            m_slowest.clear();
    }
    void printSlowest(int top) const
    {
        QVector<QPair<qint64, QByteArray>> rows;
        for (auto it = m_slowest.cbegin(); it != m_slowest.cend(); ++it)
            rows.append({it->maxNs, it.key()});
        std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
        for (int i = 0; i < std::min(top, int(rows.size())); ++i) {
            const Slowest &slot = m_slowest.value(rows.at(i).second);
            std::printf("      event %-40s max %6.1f ms  total %7.1f ms  count %lld\n", rows.at(i).second.constData(),
                        double(slot.maxNs) / 1e6, double(slot.totalNs) / 1e6, slot.count);
        }
    }

private:
    struct Slowest
    {
        qint64 maxNs = 0;
        qint64 totalNs = 0;
        qint64 count = 0;
    };
    bool m_timing = false;
    QHash<QByteArray, Slowest> m_slowest;
};

class SilentDialogs final : public Dialogs
{
public:
    void message(QWidget *, Severity, const QString &title, const QString &text) override
    {
        std::fprintf(stderr, "message: %s: %s\n", qPrintable(title), qPrintable(text));
    }
    bool openUrl(const QUrl &) override { return false; }
};

struct GuiRun
{
    qint64 openMs = 0;
    qint64 openStallMs = 0;
    qint64 runWallMs = 0;
    qint64 exportMs = 0;
    qint64 stallMs = 0;
    int stallsOver50 = 0;
    int ok = 0;
    int done = 0;
};

// The user's hands during a run: scroll, sort by numeric and text columns, filter, search, every 600 ms.
class Fidget final : public QObject
{
public:
    explicit Fidget(MainWindow *window)
        : m_window(window)
    {
        m_timer.setInterval(600);
        connect(&m_timer, &QTimer::timeout, this, [this]() { step(); });
    }
    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }
    int steps() const { return m_step; }

private:
    void step()
    {
        auto *view = m_window->findChild<QTableView *>(QStringLiteral("resultsView"));
        ResultsFilterModel *proxy = m_window->filterModel();
        switch (m_step++ % 10) {
        case 0:
            proxy->sort(ResultsModel::TimeColumn, Qt::DescendingOrder);
            break;
        case 1:
        case 4:
        case 7:
            view->verticalScrollBar()->setValue(
                int(QRandomGenerator::global()->bounded(std::max(1, view->verticalScrollBar()->maximum()))));
            break;
        case 2:
            proxy->sort(ResultsModel::UrlColumn, Qt::AscendingOrder);
            break;
        case 3:
            proxy->setCategory(ResultFilter::Ok);
            break;
        case 5:
            proxy->setSearchText(QStringLiteral("/page/12"));
            break;
        case 6:
            proxy->sort(ResultsModel::TitleColumn, Qt::DescendingOrder);
            break;
        case 8:
            proxy->setSearchText(QString());
            proxy->setCategory(ResultFilter::All);
            break;
        case 9:
            proxy->sort(ResultsModel::NumberColumn, Qt::AscendingOrder);
            break;
        }
    }
    MainWindow *m_window;
    QTimer m_timer;
    int m_step = 0;
};

GuiRun runWindow(MainWindow &window, const QString &listPath, const QString &csvPath, int cap, bool sortByTime)
{
    GuiRun figures;
    StallMeter meter;
    QElapsedTimer clock;
    clock.start();
    meter.start();
    {
        // A long list is staged off the GUI thread (read into its run file): listLoaded says it is shown.
        QEventLoop loaded;
        bool shown = false;
        QObject::connect(&window, &MainWindow::listLoaded, &loaded, [&loaded, &shown](int) {
            shown = true;
            loaded.quit();
        });
        if (!window.openFile(listPath))
            return figures;
        if (!shown)
            loaded.exec();
    }
    QCoreApplication::processEvents();
    figures.openMs = clock.elapsed();
    std::printf("    RSS after loading the list: %.1f MB\n", double(Bench::statusKb("VmRSS")) / 1024.0);
    figures.openStallMs = meter.maxGapMs();
    window.setConcurrency(cap);
    if (sortByTime) {
        // Worst case for the view: sorted by a column that changes, filtered, a row selected.
        auto *view = window.findChild<QAbstractItemView *>(QStringLiteral("resultsView"));
        view->model()->sort(ResultsModel::TimeColumn, Qt::DescendingOrder);
        window.selectSourceRow(10);
    }
    QEventLoop loop;
    QObject::connect(&window, &MainWindow::runFinished, &loop, [&loop, &figures](qint64 wallMs, bool) {
        figures.runWallMs = wallMs;
        loop.quit();
    });
    auto *timed = static_cast<TimedApplication *>(QCoreApplication::instance());
    timed->setTiming(true);
    Fidget fidget(&window);
    meter.start();
    window.startRun();
    if (sortByTime)
        fidget.start();
    loop.exec();
    fidget.stop();
    meter.stop();
    timed->setTiming(false);
    figures.stallMs = meter.maxGapMs();
    std::printf("    RSS after the run: %.1f MB (peak so far %.1f MB)\n", double(Bench::statusKb("VmRSS")) / 1024.0,
                double(Bench::peakRssKb()) / 1024.0);
    figures.stallsOver50 = meter.gapsOver50();
    QElapsedTimer exportClock;
    exportClock.start();
    QString error;
    if (!window.exportTo(csvPath, false, &error))
        std::fprintf(stderr, "export failed: %s\n", qPrintable(error));
    figures.exportMs = exportClock.elapsed();
    figures.ok = window.resultsModel()->counts().ok;
    figures.done = window.resultsModel()->counts().done;
    return figures;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    const int urls = envInt("FANOUT_BENCH_URLS", 100000);
    const int cap = envInt("FANOUT_BENCH_CAP", 50);

    QTemporaryDir dir;
    const quint16 port = Bench::freePort();
    QProcess origin;
    origin.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    origin.start(QStringLiteral(FANOUT_CLI_PATH),
                 {QStringLiteral("serve"), QStringLiteral("--port"), QString::number(port)});
    if (!origin.waitForStarted(5000) || !Bench::waitForPort(port)) {
        std::fprintf(stderr, "bench_gui: cannot start %s serve\n", FANOUT_CLI_PATH);
        return 1;
    }
    const QString listPath = dir.filePath(QStringLiteral("list.txt"));
    {
        QFile list(listPath);
        if (!list.open(QIODevice::WriteOnly))
            return 1;
        QByteArray text;
        text.reserve(urls * 40);
        for (int i = 0; i < urls; ++i)
            text += "http://127.0.0.1:" + QByteArray::number(port) + "/page/" + QByteArray::number(i) + '\n';
        list.write(text);
    }

    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    MainWindow window(&settings);
    window.setRunsDirectory(dir.filePath(QStringLiteral("runs"))); // every run is written, as in the app
    SilentDialogs dialogs;
    window.setDialogs(&dialogs);
    window.timingPanel()->setHistoryFile(QString());
    window.resize(1400, 900);
    if (qEnvironmentVariableIsEmpty("FANOUT_BENCH_HIDDEN"))
        window.show();
    QCoreApplication::processEvents();

    if (const QString runPath = qEnvironmentVariable("FANOUT_BENCH_OPEN_RUN"); !runPath.isEmpty()) {
        // A saved run reopened in a fresh window: what its table, counts and timing views hold.
        StallMeter meter;
        QElapsedTimer clock;
        clock.start();
        meter.start();
        QEventLoop loop;
        int rows = 0;
        QObject::connect(&window, &MainWindow::runOpened, &loop, [&loop, &rows](const QString &, int n) {
            rows = n;
            loop.quit();
        });
        auto *timed = static_cast<TimedApplication *>(QCoreApplication::instance());
        timed->setTiming(true);
        if (!window.openRun(runPath))
            return 1;
        loop.exec();
        QCoreApplication::processEvents();
        meter.stop();
        timed->setTiming(false);
        app.printSlowest(6);
        std::printf("bench_gui: reopened %s: %d rows in %lld ms, longest stall %lld ms, RSS %.1f MB (peak %.1f MB)\n",
                    qPrintable(runPath), rows, clock.elapsed(), meter.maxGapMs(),
                    double(Bench::statusKb("VmRSS")) / 1024.0, double(Bench::peakRssKb()) / 1024.0);
        origin.terminate();
        origin.waitForFinished(3000);
        return rows > 0 ? 0 : 1;
    }
    std::printf("bench_gui: %d URLs from a local origin, cap %d\n", urls, cap);
    const GuiRun plain = runWindow(window, listPath, dir.filePath(QStringLiteral("gui.csv")), cap, false);
    std::printf("  window, sorted by #     : open %lld ms (stall %lld ms), run %lld ms, export %lld ms, %d/%d done, "
                "%d OK\n",
                plain.openMs, plain.openStallMs, plain.runWallMs, plain.exportMs, plain.done, urls, plain.ok);
    std::printf("    longest event-loop stall during the run: %lld ms (%d gaps > 50 ms)  [target <= 50 ms]\n",
                plain.stallMs, plain.stallsOver50);
    app.printSlowest(6);
    std::fflush(stdout);
    if (!qEnvironmentVariableIsEmpty("FANOUT_BENCH_ONE_PASS")) {
        origin.terminate();
        origin.waitForFinished(3000);
        return plain.done == urls ? 0 : 1;
    }
    const GuiRun sorted = runWindow(window, listPath, dir.filePath(QStringLiteral("gui2.csv")), cap, true);
    std::printf("  window, scrolled/sorted/filtered/searched every 600 ms: open %lld ms, run %lld ms, export %lld ms, "
                "%d/%d done\n",
                sorted.openMs, sorted.runWallMs, sorted.exportMs, sorted.done, urls);
    std::printf("    longest event-loop stall during the run: %lld ms (%d gaps > 50 ms)\n", sorted.stallMs,
                sorted.stallsOver50);
    app.printSlowest(6);
    {
        // Each table operation after the run, at full size: time until its rebuild has landed, and the longest
        // event-loop stall meanwhile.
        ResultsFilterModel *proxy = window.filterModel();
        const struct
        {
            const char *name;
            std::function<void()> act;
        } ops[] = {
            {"sort by time",
             [proxy]() {
                 proxy->sort(ResultsModel::TimeColumn, Qt::DescendingOrder);
             }},
            {"sort by URL",
             [proxy]() {
                 proxy->sort(ResultsModel::UrlColumn, Qt::AscendingOrder);
             }},
            {"sort by title",
             [proxy]() {
                 proxy->sort(ResultsModel::TitleColumn, Qt::DescendingOrder);
             }},
            {"filter errors",
             [proxy]() {
                 proxy->setCategory(ResultFilter::Errors);
             }},
            {"filter all",
             [proxy]() {
                 proxy->setCategory(ResultFilter::All);
             }},
            {"search /page/12",
             [proxy]() {
                 proxy->setSearchText(QStringLiteral("/page/12"));
             }},
            {"clear search",
             [proxy]() {
                 proxy->setSearchText(QString());
             }},
            {"sort by #",
             [proxy]() {
                 proxy->sort(ResultsModel::NumberColumn, Qt::AscendingOrder);
             }},
        };
        auto *view = window.findChild<QTableView *>(QStringLiteral("resultsView"));
        for (const auto &op : ops) {
            StallMeter opMeter;
            QElapsedTimer t;
            opMeter.start();
            t.start();
            op.act();
            QCoreApplication::processEvents();
            while (proxy->isRebuilding())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
            QCoreApplication::processEvents();
            const qint64 ms = t.elapsed();
            opMeter.stop();
            std::printf("  %-16s: %6lld ms until shown, longest stall %4lld ms, %d rows shown\n", op.name, ms,
                        opMeter.maxGapMs(), proxy->rowCount());
        }
        StallMeter scrollMeter;
        scrollMeter.start();
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 50; ++i) {
            view->verticalScrollBar()->setValue(
                int(QRandomGenerator::global()->bounded(std::max(1, view->verticalScrollBar()->maximum()))));
            QCoreApplication::processEvents();
        }
        scrollMeter.stop();
        std::printf("  50 random scroll jumps: %lld ms, longest stall %lld ms; rows read from the run file so far: "
                    "%lld\n",
                    t.elapsed(), scrollMeter.maxGapMs(), window.resultsModel()->fetchCount());
    }
    {
        // What the timing panel costs per batch (the window passes the rows of each batch, ~40 ms apart) and
        // for a full re-read (a new list, or rows changed wholesale).
        TimingPanel *panel = window.timingPanel();
        QVector<int> batch;
        for (int i = 0; i < 500; ++i)
            batch.append(i * (urls / 500));
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 20; ++i)
            panel->resultsChanged(batch);
        const double perBatch = double(t.nsecsElapsed()) / 20 / 1e6;
        t.restart();
        for (int i = 0; i < 3; ++i)
            panel->resultsChanged();
        std::printf("  TimingPanel::resultsChanged(rows), batch of 500 of %d rows: %.2f ms per call; full re-read: "
                    "%.1f ms\n",
                    urls, perBatch, double(t.elapsed()) / 3.0);
    }
    std::printf("  model: %d rows held until committed, %d in the text cache, %lld read from the run file\n",
                window.resultsModel()->heldRows(), window.resultsModel()->cachedRows(),
                window.resultsModel()->fetchCount());
    const long rssKb = Bench::peakRssKb();
    std::printf("  peak RSS (VmHWM): %.1f MB  [target <= 500 MB]\n", double(rssKb) / 1024.0);
    std::fflush(stdout);
    if (!qEnvironmentVariableIsEmpty("FANOUT_BENCH_NO_CLI")) {
        origin.terminate();
        origin.waitForFinished(3000);
        return plain.done == urls ? 0 : 1;
    }

    QElapsedTimer cliClock;
    cliClock.start();
    QProcess cli;
    cli.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    cli.start(QStringLiteral(FANOUT_CLI_PATH),
              {QStringLiteral("-q"), QStringLiteral("-c"), QString::number(cap), QStringLiteral("-o"),
               dir.filePath(QStringLiteral("cli.csv")), listPath});
    cli.waitForFinished(-1);
    const qint64 cliMs = cliClock.elapsed();
    const qint64 guiMs = plain.openMs + plain.runWallMs + plain.exportMs;
    std::printf("  fanout-cli: %lld ms (exit %d); window open+run+export: %lld ms; ratio %.2fx  [target <= 1.5x]\n",
                cliMs, cli.exitCode(), guiMs, cliMs > 0 ? double(guiMs) / double(cliMs) : 0.0);

    origin.terminate();
    origin.waitForFinished(3000);
    return plain.done == urls ? 0 : 1;
}
