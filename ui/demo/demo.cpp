#include "demo/demo.h"

#include "io/urllist.h"
#include "origin/originserver.h"
#include "results/resultsmodel.h"
#include "timing/capsweepmodel.h"
#include "timing/chartutil.h"
#include "timing/timingpanel.h"
#include "window/mainwindow.h"
#include "window/runcontroller.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QStatusBar>
#include <QThread>
#include <QTimer>

namespace Fanout {

namespace {

constexpr int DemoHosts = 3;            // 127.0.0.1 .. 127.0.0.3, so "slowest hosts" has something to rank
constexpr int PauseBetweenRunsMs = 900; // long enough to see the sequential result before the next run starts

QString urlFor(const OriginServer &server, int host, const QString &path)
{
    QUrl base = server.baseUrl(host);
    if (!base.isValid())
        base = server.baseUrl(1);
    return base.toString(QUrl::StripTrailingSlash) + path;
}

} // namespace

// The demo's list chooser, shown in the timing panel's header once the demo has been started.
class DemoBar final : public QWidget
{
    Q_OBJECT

public:
    DemoBar(DemoController *controller, QWidget *parent)
        : QWidget(parent)
    {
        setObjectName(QStringLiteral("demoBar"));
        auto *layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 8, 0);
        auto *label = new QLabel(DemoController::tr("Demo:"), this);
        m_combo = new QComboBox(this);
        m_combo->setObjectName(QStringLiteral("demoListCombo"));
        for (const DemoList &list : controller->lists()) {
            m_combo->addItem(list.title);
            m_combo->setItemData(m_combo->count() - 1, list.description, Qt::ToolTipRole);
        }
        auto *run = new QPushButton(DemoController::tr("One at a time, then at once"), this);
        run->setObjectName(QStringLiteral("demoRunButton"));
        run->setToolTip(DemoController::tr("Run the demo list at cap 1, then concurrently, and compare the two"));
        auto *load = new QPushButton(DemoController::tr("Load"), this);
        load->setToolTip(DemoController::tr("Load the demo list into the table and run it yourself"));
        layout->addWidget(label);
        layout->addWidget(m_combo);
        layout->addWidget(run);
        layout->addWidget(load);
        QPointer<DemoController> c(controller);
        connect(run, &QPushButton::clicked, controller, [this, c] {
            if (c)
                c->runComparison(m_combo->currentIndex());
        });
        connect(load, &QPushButton::clicked, controller, [this, c] {
            if (c)
                c->loadList(m_combo->currentIndex());
        });
    }

    void setCurrent(int index) { m_combo->setCurrentIndex(index); }

private:
    QComboBox *m_combo;
};

qint64 DemoList::idealSequentialMs() const
{
    qint64 sum = 0;
    for (qint64 d : delaysMs)
        sum += d;
    return sum;
}

qint64 DemoList::idealConcurrentMs() const
{
    return CapSweepModel::greedyMakespan(delaysMs, cap);
}

QVector<DemoList> demoLists(const OriginServer &server)
{
    QVector<DemoList> lists;
    auto add = [&lists](const QString &title, const QString &description, int cap, int timeoutMs,
                        const QVector<QPair<QString, qint64>> &urls) {
        DemoList l;
        l.title = title;
        l.description = description;
        l.cap = cap;
        l.timeoutMs = timeoutMs;
        QStringList lines;
        for (const auto &u : urls) {
            lines.append(u.first);
            l.delaysMs.append(u.second);
        }
        l.text = lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
        lists.append(l);
    };

    QVector<QPair<QString, qint64>> five;
    for (int i = 1; i <= 5; ++i)
        five.append({urlFor(server, 1, QStringLiteral("/delay/1000/request-%1").arg(i)), 1000});
    add(DemoController::tr("5 requests × 1 s"),
        DemoController::tr("Five requests that each take a second: about 5 s one after another, about 1 s at once."), 5,
        0, five);

    add(DemoController::tr("Tasks A 2 s, B 1 s, C 3 s"),
        DemoController::tr("Three tasks: 6 s one after another, 3 s (the longest) concurrently."), 3, 0,
        {{urlFor(server, 1, QStringLiteral("/delay/2000/task-A")), 2000},
         {urlFor(server, 1, QStringLiteral("/delay/1000/task-B")), 1000},
         {urlFor(server, 1, QStringLiteral("/delay/3000/task-C")), 3000}});

    QVector<QPair<QString, qint64>> pages;
    for (int i = 1; i <= 10; ++i)
        pages.append({urlFor(server, 1 + (i - 1) % DemoHosts, QStringLiteral("/delay/500/page-%1").arg(i)), 500});
    add(DemoController::tr("10 pages at cap 3"),
        DemoController::tr("Ten 500 ms pages, at most 3 at a time: 5 s one after another, 4 waves (2 s) at cap 3."), 3,
        0, pages);

    // 100 URLs with mixed delays (a fixed pseudo-random sequence, so every demo run is comparable), host 3
    // slower than the others, and the usual trouble: 404s, a redirect chain, a URL that never answers, GBK.
    QVector<QPair<QString, qint64>> mixed;
    quint32 seed = 20240517;
    constexpr int MixedTimeoutMs = 3000;
    for (int i = 0; i < 100; ++i) {
        const int host = 1 + i % DemoHosts;
        seed = seed * 1664525u + 1013904223u;
        const qint64 ms = 60 + qint64((seed >> 8) % 1100) + (host == 3 ? 500 : 0);
        switch (i) {
        case 9:
        case 33:
        case 58:
        case 81:
            mixed.append({urlFor(server, host, QStringLiteral("/status/404?n=%1").arg(i)), 0});
            break;
        case 21:
            mixed.append({urlFor(server, host, QStringLiteral("/redirect/3")), 0});
            break;
        case 47:
            mixed.append({urlFor(server, host, QStringLiteral("/hang")), MixedTimeoutMs});
            break;
        case 66:
            mixed.append({urlFor(server, host, QStringLiteral("/gbk")), 0});
            break;
        default:
            mixed.append({urlFor(server, host, QStringLiteral("/delay/%1/mixed-%2").arg(ms).arg(i)), ms});
            break;
        }
    }
    add(DemoController::tr("100 mixed URLs"),
        DemoController::tr(
            "100 URLs of mixed delays on 3 hosts, with 404s, a redirect chain, a timeout (3 s) and a GBK "
            "page."),
        20, MixedTimeoutMs, mixed);
    return lists;
}

// ---- DemoController ----

DemoController::DemoController(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("fanoutDemoController"));
    connect(window, &MainWindow::runFinished, this, &DemoController::onRunFinished);
    connect(window, &MainWindow::listLoaded, this, [this](int) {
        // Someone else replaced the list mid-demo: the demo's runs are gone, so is the demo.
        if (!m_loading && isBusy())
            fail(tr("Demo stopped: another list was loaded."));
    });
}

// Never calls into the window here: as its child, the controller dies after the window's own state is gone.
DemoController::~DemoController()
{
    if (!m_serverThread)
        return;
    m_serverThread->quit(); // the server is deleted on its thread as the thread ends (finished -> deleteLater)
    m_serverThread->wait();
}

OriginServer *DemoController::server() const
{
    return m_server;
}

bool DemoController::ensureServer(QString *error)
{
    if (m_server && m_server->isListening())
        return true;
    if (!m_server) {
        m_serverThread = new QThread(this);
        m_serverThread->setObjectName(QStringLiteral("demo origin"));
        m_server = new OriginServer; // no parent: it belongs to its thread
        m_server->moveToThread(m_serverThread);
        connect(m_serverThread, &QThread::finished, m_server, &QObject::deleteLater);
        m_serverThread->start();
    }
    // Listening takes microseconds, and the lists need its port: asked for on the server's thread and waited for.
    // Several loopback addresses when the system has them (Linux does), else just 127.0.0.1.
    bool listening = false;
    QString why;
    OriginServer *server = m_server;
    QMetaObject::invokeMethod(
        server,
        [server, &listening, &why] {
            listening = server->listen(0, DemoHosts) || server->listen(0, 1);
            if (!listening)
                why = server->errorString();
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        *error = tr("The demo's local server could not start: %1").arg(why);
        return false;
    }
    m_lists = demoLists(*m_server);
    if (!m_bar) {
        m_bar = new DemoBar(this, m_window->timingPanel());
        m_window->timingPanel()->setDemoBar(m_bar);
    }
    return true;
}

void DemoController::load(int index)
{
    const DemoList &list = m_lists.at(index);
    UrlList parsed = UrlListParser::parseText(list.text);
    m_loading = true;
    m_window->loadList(parsed, tr("Demo: %1").arg(list.title));
    m_loading = false;
    m_index = index;
    if (m_bar)
        m_bar->setCurrent(index);
}

bool DemoController::canLoad(int index)
{
    QString error;
    if (!ensureServer(&error)) {
        fail(error);
        return false;
    }
    return index >= 0 && index < m_lists.size();
}

void DemoController::showWaterfall()
{
    m_window->showTimingView();
    m_window->timingPanel()->showView(TimingPanel::View::Waterfall);
}

void DemoController::loadList(int index)
{
    if (!canLoad(index))
        return;
    if (isBusy())
        cancel();
    load(index);
    m_window->setConcurrency(m_lists.at(index).cap);
    showWaterfall();
}

void DemoController::runComparison(int index)
{
    if (!canLoad(index))
        return;
    if (isBusy())
        restoreOptions();
    m_phase = Phase::Idle;
    // Loading replaces any run in progress (the window cancels it and ignores what it still reports).
    load(index);
    applyDemoOptions(m_lists.at(index));
    showWaterfall();
    startPhase(Phase::Sequential);
}

void DemoController::cancel()
{
    if (!isBusy())
        return;
    m_phase = Phase::Idle;
    m_window->stopRun();
    restoreOptions();
    emit stepChanged(tr("Demo cancelled."));
}

void DemoController::applyDemoOptions(const DemoList &list)
{
    // The demo measures concurrency, so nothing else may shape the runs: no retries, no per-host cap. The
    // options are the runs' own (an override): the user's settings are neither changed nor saved.
    m_options = m_window->runController()->userOptions();
    m_options.timeoutMs = list.timeoutMs > 0 ? list.timeoutMs : 10000;
    m_options.retries = 0;
    m_options.perHostLimit = 0;
    m_options.method = HttpMethod::Get;
    m_options.concurrency = 1;
    m_window->runController()->setRunOptionsOverride(m_options);
    m_overriding = true;
}

void DemoController::restoreOptions()
{
    if (!m_overriding)
        return;
    m_overriding = false;
    m_window->runController()->setRunOptionsOverride(std::nullopt);
}

void DemoController::startPhase(Phase phase)
{
    m_phase = phase;
    const DemoList &list = m_lists.at(m_index);
    const int cap = phase == Phase::Sequential ? 1 : list.cap;
    CheckOptions options = m_options;
    options.concurrency = cap;
    m_window->runController()->setRunOptionsOverride(options);
    m_overriding = true;
    emit stepChanged(phase == Phase::Sequential ? tr("%1: one at a time (cap 1)…").arg(list.title)
                                                : tr("%1: concurrently (cap %2)…").arg(list.title).arg(cap));
    m_window->statusBar()->showMessage(phase == Phase::Sequential
                                           ? tr("Demo: running “%1” one at a time…").arg(list.title)
                                           : tr("Demo: running “%1” at cap %2…").arg(list.title).arg(cap));
    m_window->startRun();
}

void DemoController::onRunFinished(qint64 wallMs, bool cancelled)
{
    if (m_phase == Phase::Idle)
        return;
    const DemoList &list = m_lists.at(m_index);
    const QString name = tr("Demo: %1").arg(list.title);
    if (cancelled) {
        m_phase = Phase::Idle;
        restoreOptions();
        emit stepChanged(tr("Demo stopped."));
        return;
    }
    if (m_phase == Phase::Sequential) {
        m_sequential = m_window->timingPanel()->lastRecord();
        if (m_sequential.wallMs != wallMs || m_sequential.cap != 1) // the panel did not record this run
            m_sequential = RunRecord::fromResults(m_window->resultsModel()->timingRows(), wallMs, 1, name, false);
        m_sequentialRows = m_window->resultsModel()->timingRows();
        m_phase = Phase::Concurrent;
        // Start outside the window's runFinished emission, after a pause to take the first result in.
        QTimer::singleShot(PauseBetweenRunsMs, this, [this] {
            if (m_phase == Phase::Concurrent)
                startPhase(Phase::Concurrent);
        });
        return;
    }
    RunRecord concurrent = m_window->timingPanel()->lastRecord();
    if (concurrent.wallMs != wallMs || concurrent.cap != list.cap)
        concurrent = RunRecord::fromResults(m_window->resultsModel()->timingRows(), wallMs, list.cap, name, false);
    m_phase = Phase::Idle;
    restoreOptions();
    TimingPanel *panel = m_window->timingPanel();
    panel->setMeasuredPair(m_sequential, m_sequentialRows, concurrent, m_window->resultsModel()->timingRows());
    m_window->showTimingView();
    panel->showView(TimingPanel::View::Comparison);
    const double speedUp = concurrent.wallMs > 0 ? double(m_sequential.wallMs) / double(concurrent.wallMs) : 0.0;
    // Durations as the charts write them ("1 min 13 s", not "73042 ms").
    const QString summary = tr("Demo “%1”: %2 one at a time, %3 at cap %4 — %5 faster.")
                                .arg(list.title, Chart::formatDuration(double(m_sequential.wallMs)),
                                     Chart::formatDuration(double(concurrent.wallMs)))
                                .arg(list.cap)
                                .arg(Chart::formatSpeedUp(speedUp));
    m_window->statusBar()->showMessage(summary, 15000);
    emit stepChanged(summary);
    emit comparisonFinished(m_sequential, concurrent);
}

void DemoController::fail(const QString &why)
{
    m_phase = Phase::Idle;
    restoreOptions();
    m_window->statusBar()->showMessage(why, 15000);
    emit failed(why);
}

void startDemo(DemoController *demo)
{
    if (demo)
        demo->runComparison(0);
}

} // namespace Fanout

#include "demo.moc"
