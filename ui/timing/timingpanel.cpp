#include "timing/timingpanel.h"

#include "timing/capsweepview.h"
#include "timing/chartutil.h"
#include "timing/historyview.h"
#include "timing/latencyviews.h"
#include "timing/runpairview.h"
#include "timing/timingcompareview.h"
#include "timing/waterfallview.h"
#include "window/dialogs.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Fanout {

namespace {
constexpr int SummaryRefreshMs = 150; // live figures, histogram and hosts: enough for the eye, cheap for 100k rows
constexpr int SweepTickMs = 100;

void askWithDialog(QWidget *parent, const QString &caption, const QString &suggested, const QString &filter,
                   std::function<void(const QString &)> done)
{
    // Non-blocking: no nested event loop in the GUI's slots.
    auto *dialog = new QFileDialog(parent, caption, suggested, filter);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setDefaultSuffix(filter.contains(QLatin1String("*.png")) ? QStringLiteral("png") : QStringLiteral("csv"));
    QObject::connect(dialog, &QFileDialog::fileSelected, parent, [done = std::move(done)](const QString &path) {
        if (!path.isEmpty())
            done(path);
    });
    dialog->open();
}
} // namespace

struct TimingPanel::Private
{
    TimingPanel *q;
    TimingRows results;
    QTabWidget *tabs = nullptr;
    WaterfallView *waterfall = nullptr;
    TimingCompareView *comparison = nullptr;
    RunPairView *pair = nullptr;
    LatencyHistogramView *histogram = nullptr;
    SlowestHostsView *hosts = nullptr;
    QWidget *summaryPage = nullptr;
    QScrollArea *summaryScroll = nullptr;
    HistoryView *historyView = nullptr;
    CapSweepView *sweepView = nullptr;
    QHBoxLayout *headerWidgets = nullptr;
    QPointer<QWidget> demoBar;
    QLabel *status = nullptr;
    QWidget *waterfallButtons = nullptr;
    QTimer summaryTimer;
    QTimer sweepTimer;

    RunHistory *history = nullptr;
    bool historyLoaded = false;
    RunRecord lastRecord;
    CapSweepRunner *sweep = nullptr;
    bool sweepHasDurations = false;
    std::function<QVector<CheckTarget>()> sweepTargets;
    std::function<CheckOptions()> sweepOptions;
    std::function<QString()> sweepListName;
    SaveFileAsker asker;

    int cap = 0;
    QString listName;
    qint64 now = 0;
    bool running = false;
    bool cancelled = false;
    QVector<int> runRows;   // rows of a partial run (re-check); empty when the run covers every row
    LiveRunFigures figures; // kept per changed row: the summary page never rescans 100k rows

    explicit Private(TimingPanel *panel)
        : q(panel)
    {}

    void ensureHistory()
    {
        if (historyLoaded)
            return;
        historyLoaded = true;
        if (!history->load())
            setStatus(history->lastError(), true);
        else if (!history->lastError().isEmpty())
            setStatus(history->lastError(), true);
    }

    void setStatus(const QString &text, bool isError = false)
    {
        status->setText(status->fontMetrics().elidedText(text, Qt::ElideMiddle, std::max(200, status->width())));
        status->setToolTip(text);
        status->setProperty("fullText", text);
        QPalette pal = q->palette();
        if (isError)
            pal.setColor(QPalette::WindowText, Chart::textIn(Chart::outcomeColor(Outcome::ServerError, pal), pal));
        status->setPalette(pal);
        emit q->statusChanged(text);
    }

    const TimingTable &rows() const
    {
        static const TimingTable none;
        return results ? *results : none;
    }

    // The figures of every row read again; a re-check's rows stay the run's (RunRecord's).
    void rereadFigures()
    {
        figures.setAll(rows());
        if (!runRows.isEmpty())
            figures.setRunRows(runRows);
    }

    void refreshSummary()
    {
        summaryTimer.stop();
        if (figures.rowCount() != rows().size())
            rereadFigures();
        TimingCompareView::Figures f;
        f.listName = listName;
        f.urls = int(rows().size());
        f.done = figures.done();
        f.cap = cap;
        f.wallMs = now;
        f.sumMs = figures.sumMs();
        // While running, the time already spent on URLs in flight belongs to the one-at-a-time total too.
        if (running)
            f.sumMs += figures.inFlightMs(now);
        f.longestMs = figures.longestMs();
        f.running = running;
        f.cancelled = cancelled;
        comparison->setFigures(f);
        histogram->setHistogram(figures.histogram(), figures.summary());
        hosts->setHosts(figures.slowestHosts(12));
    }

    void scheduleSummary()
    {
        // Only the visible page pays for its figures; the others catch up when shown.
        if (tabs->currentWidget() == summaryScroll && !summaryTimer.isActive())
            summaryTimer.start();
    }

    QWidget *page(View view) const
    {
        switch (view) {
        case View::Waterfall:
            return waterfall;
        case View::Comparison:
            return summaryPage;
        case View::History:
            return historyView->chartAndTable();
        case View::CapSweep:
            return sweepView->chart();
        }
        return nullptr;
    }

    QWidget *tabPage(View view) const
    {
        switch (view) {
        case View::Waterfall:
            return waterfall;
        case View::Comparison:
            return summaryScroll;
        case View::History:
            return historyView;
        case View::CapSweep:
            return sweepView;
        }
        return nullptr;
    }

    QVector<CheckTarget> defaultTargets() const
    {
        QVector<CheckTarget> targets;
        const TimingTable &all = rows();
        for (const TimingRow &r : all) {
            const QString category = all.errorCategory(r);
            if (r.origin < 0 || category == QLatin1String("invalid") || category == QLatin1String("scheme"))
                continue;
            CheckTarget t;
            t.id = r.id;
            t.entry.line = r.line;
            t.entry.url = all.origin(r); // the rows keep the origin alone: the window gives its own targets
            targets.append(t);
        }
        return targets;
    }

    // The seam when set (the window's dialogs, which its tests replace), else a file dialog.
    void askSave(const QString &caption, const QString &suggested, const QString &filter,
                 std::function<void(const QString &)> done)
    {
        if (asker) {
            asker(q, caption, suggested, filter, std::move(done));
        } else {
            askWithDialog(q, caption, suggested, filter, std::move(done));
        }
    }

    void onSweepTick()
    {
        if (!sweep->isRunning())
            return;
        const int c = sweep->currentCap();
        sweepView->chart()->setLive(c, sweep->elapsedMs());
        sweepView->setStatus(TimingPanel::tr("Cap %1 (%2 of %3): %4 of %5 URLs done, %6")
                                 .arg(c)
                                 .arg(sweep->currentIndex() + 1)
                                 .arg(sweep->caps().size())
                                 .arg(sweep->doneInCurrent())
                                 .arg(sweep->targetCount())
                                 .arg(Chart::formatDuration(double(sweep->elapsedMs()))));
    }
};

TimingPanel::TimingPanel(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>(this))
{
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    d->history = new RunHistory(dataDir.isEmpty() ? QString() : dataDir + QStringLiteral("/history.json"), this);
    connect(d->history, &RunHistory::errorOccurred, this,
            [this](const QString &message) { d->setStatus(message, true); });
    d->sweep = new CapSweepRunner(this);

    d->tabs = new QTabWidget(this);
    d->tabs->setDocumentMode(true);
    d->tabs->setObjectName(QStringLiteral("timingTabs"));

    d->waterfall = new WaterfallView(this);
    d->waterfall->setObjectName(QStringLiteral("waterfall"));

    d->comparison = new TimingCompareView(this);
    d->histogram = new LatencyHistogramView(this);
    d->hosts = new SlowestHostsView(this);
    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(d->histogram);
    bottom->addWidget(d->hosts);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    bottom->setChildrenCollapsible(false);
    d->pair = new RunPairView(this);
    d->pair->setObjectName(QStringLiteral("runPair"));
    d->pair->hide(); // until a measured pair with its rows arrives (the demo's end)
    auto *summary = new QSplitter(Qt::Vertical, this);
    summary->addWidget(d->pair);
    summary->addWidget(d->comparison);
    summary->addWidget(bottom);
    summary->setStretchFactor(0, 2);
    summary->setStretchFactor(1, 1);
    summary->setStretchFactor(2, 1);
    summary->setChildrenCollapsible(false);
    summary->setObjectName(QStringLiteral("comparisonPage"));
    d->summaryPage = summary;
    // In a short dock the page scrolls rather than squeezing the bars (the PNG export still grabs it whole).
    d->summaryScroll = new QScrollArea(this);
    d->summaryScroll->setWidget(summary);
    d->summaryScroll->setWidgetResizable(true);
    d->summaryScroll->setFrameShape(QFrame::NoFrame);

    d->historyView = new HistoryView(d->history, this);
    d->sweepView = new CapSweepView(this);

    d->tabs->addTab(d->waterfall, tr("Waterfall"));
    d->tabs->addTab(d->summaryScroll, tr("Sequential vs concurrent"));
    d->tabs->addTab(d->historyView, tr("Run history"));
    d->tabs->addTab(d->sweepView, tr("Compare caps"));
    d->tabs->setTabToolTip(0, tr("Every URL as a bar on the run's time axis, with requests in flight below"));
    d->tabs->setTabToolTip(1, tr("Wall time against the one-at-a-time total, latency histogram, slowest hosts"));
    d->tabs->setTabToolTip(2, tr("Every run, kept across launches; select runs to compare them"));
    d->tabs->setTabToolTip(3, tr("Run the list at caps 1, 2, 4, … and plot wall time against the cap"));

    // Header: demo chooser (if any) · waterfall zoom buttons · status · export.
    auto *header = new QHBoxLayout;
    header->setContentsMargins(4, 2, 4, 2);
    d->headerWidgets = new QHBoxLayout;
    d->headerWidgets->setContentsMargins(0, 0, 0, 0);
    header->addLayout(d->headerWidgets);
    d->waterfallButtons = new QWidget(this);
    auto *wfButtons = new QHBoxLayout(d->waterfallButtons);
    wfButtons->setContentsMargins(0, 0, 0, 0);
    auto addButton = [this, wfButtons](const QString &text, const QString &tip, void (WaterfallView::*slot)()) {
        auto *b = new QToolButton(d->waterfallButtons);
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        connect(b, &QToolButton::clicked, d->waterfall, slot);
        wfButtons->addWidget(b);
    };
    addButton(tr("Fit all"), tr("Show the whole run and every row (double-click the chart)"), &WaterfallView::fitAll);
    addButton(tr("Zoom in"), tr("Zoom the time axis in (mouse wheel)"), &WaterfallView::zoomIn);
    addButton(tr("Zoom out"), tr("Zoom the time axis out (mouse wheel)"), &WaterfallView::zoomOut);
    header->addWidget(d->waterfallButtons);
    d->status = new QLabel(this);
    d->status->setObjectName(QStringLiteral("timingStatus"));
    d->status->setMinimumWidth(80);
    d->status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    header->addWidget(d->status, 1);
    auto *exportPng = new QPushButton(tr("Export PNG…"), this);
    exportPng->setToolTip(tr("Save the view shown as a PNG image"));
    header->addWidget(exportPng);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(d->tabs, 1);

    d->summaryTimer.setSingleShot(true);
    d->summaryTimer.setInterval(SummaryRefreshMs);
    connect(&d->summaryTimer, &QTimer::timeout, this, [this] { d->refreshSummary(); });
    d->sweepTimer.setInterval(SweepTickMs);
    connect(&d->sweepTimer, &QTimer::timeout, this, [this] { d->onSweepTick(); });

    connect(d->waterfall, &WaterfallView::rowActivated, this, &TimingPanel::rowActivated);
    connect(exportPng, &QPushButton::clicked, this, &TimingPanel::exportCurrentViewPng);
    connect(d->tabs, &QTabWidget::currentChanged, this, [this] {
        d->waterfallButtons->setVisible(d->tabs->currentWidget() == d->waterfall);
        if (d->tabs->currentWidget() == d->summaryScroll)
            d->refreshSummary();
        if (d->tabs->currentWidget() == d->historyView || d->tabs->currentWidget() == d->sweepView)
            d->ensureHistory();
    });
    connect(d->historyView, &HistoryView::exportCsvRequested, this, &TimingPanel::exportHistoryCsv);
    connect(d->historyView, &HistoryView::compareCapsRequested, this, [this] { showView(View::CapSweep); });
    connect(d->sweepView, &CapSweepView::runRequested, this, [this](const QVector<int> &caps) { startCapSweep(caps); });
    connect(d->sweepView, &CapSweepView::cancelRequested, this, &TimingPanel::cancelCapSweep);

    attachSweep();

    d->waterfallButtons->setVisible(true);
    // Read the history once the event loop runs, so a path set right after construction is the one read.
    QTimer::singleShot(0, this, [this] { d->ensureHistory(); });
}

TimingPanel::~TimingPanel() = default;

void TimingPanel::attachSweep()
{
    connect(d->sweep, &CapSweepRunner::busyChanged, this, &TimingPanel::capSweepBusyChanged);
    connect(d->sweep, &CapSweepRunner::capStarted, this, [this](int c, int, int) {
        d->sweepView->chart()->setLive(c, 0);
        d->onSweepTick();
    });
    connect(d->sweep, &CapSweepRunner::capFinished, this,
            [this](int c, const RunRecord &record, const QVector<qint64> &durations) {
                d->ensureHistory();
                d->history->add(record);
                CapSweepModel &model = d->sweepView->chart()->model();
                // Cap 1 is the clean sequential measurement; the ideal curves come from its durations.
                if (!record.cancelled && (c == 1 || !d->sweepHasDurations) && !durations.isEmpty()) {
                    model.setDurations(durations);
                    d->sweepHasDurations = true;
                }
                model.addPoint({c, record.wallMs, record.cancelled});
                d->sweepView->chart()->setLive(0, 0);
            });
    connect(d->sweep, &CapSweepRunner::finished, this, [this](bool cancelled) {
        d->sweepTimer.stop();
        d->sweepView->setRunning(false);
        d->sweepView->chart()->setLive(0, 0);
        const auto &points = d->sweepView->chart()->model().points();
        QString text;
        if (cancelled) {
            text = points.size() == 1 ? tr("Cancelled: 1 cap measured.")
                                      : tr("Cancelled: %1 caps measured.").arg(points.size());
        } else if (!points.isEmpty()) {
            CapSweepModel &model = d->sweepView->chart()->model();
            const QVector<int> fastest = model.fastestCaps();
            const auto best = std::find_if(points.cbegin(), points.cend(), [&fastest](const auto &p) {
                return !fastest.isEmpty() && p.cap == fastest.first();
            });
            const auto seq = std::find_if(points.cbegin(), points.cend(), [](const auto &p) { return p.cap == 1; });
            text = tr("Done: %1").arg(model.verdict());
            if (seq != points.cend() && best != points.cend() && best->wallMs > 0 && best->cap != 1)
                text += tr(", %1 faster than cap 1 (%2)")
                            .arg(Chart::formatSpeedUp(double(seq->wallMs) / double(best->wallMs)),
                                 Chart::formatDuration(double(seq->wallMs)));
            text += QLatin1Char('.');
        }
        d->sweepView->setStatus(text);
        emit capSweepFinished(cancelled);
    });
}

void TimingPanel::setCapSweepRunner(CapSweepRunner *runner)
{
    if (!runner || runner == d->sweep || d->sweep->isRunning())
        return;
    d->sweep->disconnect(this);
    if (d->sweep->parent() == this)
        delete d->sweep;
    d->sweep = runner;
    attachSweep();
}

// ---- pushed by the main window ----

void TimingPanel::setResults(TimingRows results)
{
    d->results = std::move(results);
    d->waterfall->setResults(d->results);
    d->rereadFigures();
    d->refreshSummary();
}

TimingPanel::Prepared TimingPanel::prepare(const TimingTable &rows)
{
    Prepared prepared;
    prepared.waterfall = WaterfallData::of(rows, 0);
    prepared.waterfall.inFlight.series(0); // the sweep of every start and end, here rather than at the first paint
    prepared.figures.setAll(rows);
    return prepared;
}

void TimingPanel::setResults(TimingRows results, Prepared prepared)
{
    if (!results || prepared.figures.rowCount() != results->size() ||
        prepared.waterfall.model.count() != results->size()) {
        setResults(std::move(results)); // not made from these rows: read them here
        return;
    }
    d->results = std::move(results);
    d->waterfall->setResults(d->results, std::move(prepared.waterfall));
    d->figures = std::move(prepared.figures);
    if (!d->runRows.isEmpty())
        d->figures.setRunRows(d->runRows);
    d->refreshSummary();
}

void TimingPanel::runStarted(int cap, const QString &listName)
{
    d->cap = cap;
    d->listName = listName;
    d->now = 0;
    d->running = true;
    d->cancelled = false;
    // A re-check runs only some rows; the others keep the previous run's results and must not count here.
    d->runRows.clear();
    const TimingTable &rows = d->rows();
    for (int i = 0; i < rows.size(); ++i) {
        if (!rows.at(i).isDone())
            d->runRows.append(i);
    }
    if (d->runRows.size() == rows.size())
        d->runRows.clear(); // the whole list: no need for a subset
    if (d->figures.rowCount() != rows.size())
        d->figures.setAll(rows);
    d->figures.setRunRows(d->runRows); // what the history entry covers
    d->waterfall->startRun(cap);
    d->comparison->clearMeasuredPair();
    // A new run of the window's own is not the demo's pair; the demo sets the pair again when it ends.
    d->pair->clear();
    d->pair->hide();
    d->refreshSummary();
}

void TimingPanel::resultsChanged(const QVector<int> &rows)
{
    d->waterfall->updateRows(rows);
    const TimingTable &all = d->rows();
    if (d->figures.rowCount() != all.size()) {
        d->rereadFigures();
    } else {
        for (const int row : rows) {
            if (row >= 0 && row < all.size())
                d->figures.setRow(row, all.at(row));
        }
    }
    d->scheduleSummary();
}

void TimingPanel::resultsChanged()
{
    d->waterfall->refresh();
    d->rereadFigures();
    d->scheduleSummary();
}

void TimingPanel::setLiveElapsed(qint64 ms)
{
    d->now = ms;
    d->waterfall->setNow(ms, d->running);
    d->scheduleSummary();
}

void TimingPanel::setCap(int cap)
{
    d->cap = cap;
    d->waterfall->setCap(cap);
}

void TimingPanel::runFinished(qint64 wallMs, bool cancelled)
{
    d->now = wallMs;
    d->running = false;
    d->cancelled = cancelled;
    d->waterfall->setNow(wallMs, false);
    d->waterfall->updateRows({}); // the last batch came before this; rebuilds only if out of step
    d->refreshSummary();
    d->ensureHistory();
    // The figures followed every changed row (the window's batches; the last one came before this), so the
    // entry is read from them, not from a pass over every row here.
    if (d->figures.rowCount() != d->rows().size())
        d->rereadFigures();
    d->lastRecord = d->figures.record(wallMs, d->cap, d->listName, cancelled,
                                      d->runRows.isEmpty() ? QString() : tr("re-check, cap %1").arg(d->cap));
    d->history->add(d->lastRecord);
    emit runRecorded(d->lastRecord);
}

void TimingPanel::highlightRow(int row)
{
    d->waterfall->setHighlightedRow(row);
}

// ---- views ----

QString TimingPanel::viewName(View view)
{
    switch (view) {
    case View::Waterfall:
        return QStringLiteral("waterfall");
    case View::Comparison:
        return QStringLiteral("sequential-vs-concurrent");
    case View::History:
        return QStringLiteral("run-history");
    case View::CapSweep:
        return QStringLiteral("compare-caps");
    }
    return {};
}

void TimingPanel::showView(View view)
{
    d->tabs->setCurrentWidget(d->tabPage(view));
}

TimingPanel::View TimingPanel::currentView() const
{
    for (View v : {View::Waterfall, View::Comparison, View::History, View::CapSweep}) {
        if (d->tabs->currentWidget() == d->tabPage(v))
            return v;
    }
    return View::Waterfall;
}

QWidget *TimingPanel::viewWidget(View view) const
{
    return d->page(view);
}

WaterfallView *TimingPanel::waterfall() const
{
    return d->waterfall;
}

TimingCompareView *TimingPanel::comparison() const
{
    return d->comparison;
}

LatencyHistogramView *TimingPanel::histogram() const
{
    return d->histogram;
}

SlowestHostsView *TimingPanel::slowestHosts() const
{
    return d->hosts;
}

HistoryView *TimingPanel::historyView() const
{
    return d->historyView;
}

CapSweepView *TimingPanel::capSweepView() const
{
    return d->sweepView;
}

void TimingPanel::setMeasuredPair(const RunRecord &sequential, const RunRecord &concurrent)
{
    d->comparison->setMeasuredPair(sequential, concurrent);
    d->ensureHistory();
    QVector<int> indices;
    for (int i = 0; i < d->history->count(); ++i) {
        const RunRecord &r = d->history->at(i);
        if (r == sequential || r == concurrent)
            indices.append(i);
    }
    d->historyView->selectRecords(indices);
}

void TimingPanel::setMeasuredPair(const RunRecord &sequential, const TimingTable &sequentialRows,
                                  const RunRecord &concurrent, const TimingTable &concurrentRows)
{
    setMeasuredPair(sequential, concurrent);
    d->pair->setRuns({sequential, sequentialRows}, {concurrent, concurrentRows});
    d->pair->show();
}

void TimingPanel::addHeaderWidget(QWidget *widget)
{
    widget->setParent(this);
    d->headerWidgets->addWidget(widget);
}

void TimingPanel::setDemoBar(QWidget *bar)
{
    if (d->demoBar == bar)
        return;
    delete d->demoBar.data();
    d->demoBar = bar;
    if (bar)
        addHeaderWidget(bar);
}

QWidget *TimingPanel::demoBar() const
{
    return d->demoBar;
}

// ---- exports ----

bool TimingPanel::exportViewPng(View view, const QString &path, QString *error) const
{
    QWidget *w = d->page(view);
    const QPixmap pixmap = w->grab();
    if (pixmap.isNull()) {
        *error = tr("The %1 view has no size to draw yet").arg(viewName(view));
        return false;
    }
    if (!pixmap.save(path, "PNG")) {
        *error = tr("Cannot write %1").arg(QDir::toNativeSeparators(path));
        return false;
    }
    return true;
}

void TimingPanel::setSaveFileAsker(SaveFileAsker asker)
{
    d->asker = std::move(asker);
}

void TimingPanel::exportCurrentViewPng()
{
    const View view = currentView();
    const QString suggested = QStringLiteral("fanout-%1.png").arg(viewName(view));
    auto done = [this, view](const QString &path) {
        QString error;
        if (exportViewPng(view, path, &error))
            d->setStatus(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
        else
            d->setStatus(error, true);
    };
    d->askSave(tr("Export view as PNG"), suggested, tr("PNG images (*.png)"), done);
}

void TimingPanel::exportHistoryCsv()
{
    d->ensureHistory();
    auto done = [this](const QString &path) {
        QString error;
        if (RunHistory::exportCsv(path, d->history->records(), &error))
            d->setStatus(tr("Saved %1 runs to %2").arg(d->history->count()).arg(QDir::toNativeSeparators(path)));
        else
            d->setStatus(error, true);
    };
    d->askSave(tr("Export run history as CSV"), QStringLiteral("fanout-run-history.csv"), tr("CSV files (*.csv)"),
               done);
}

QString TimingPanel::statusText() const
{
    return d->status->property("fullText").toString();
}

// ---- run history ----

void TimingPanel::setHistoryFile(const QString &path)
{
    d->history->setPath(path);
    d->historyLoaded = false;
    d->ensureHistory();
}

RunHistory *TimingPanel::history() const
{
    d->ensureHistory();
    return d->history;
}

const RunRecord &TimingPanel::lastRecord() const
{
    return d->lastRecord;
}

// ---- compare caps ----

void TimingPanel::setCheckerFactory(CapSweepRunner::CheckerFactory factory)
{
    d->sweep->setCheckerFactory(std::move(factory));
}

void TimingPanel::setSweepSource(std::function<QVector<CheckTarget>()> targets, std::function<CheckOptions()> options,
                                 std::function<QString()> listName)
{
    d->sweepTargets = std::move(targets);
    d->sweepOptions = std::move(options);
    d->sweepListName = std::move(listName);
}

bool TimingPanel::startCapSweep(const QVector<int> &caps)
{
    showView(View::CapSweep);
    if (d->running) {
        d->sweepView->setStatus(tr("Wait for the current run to finish: two runs at once would distort both."), true);
        return false;
    }
    const QVector<CheckTarget> targets = d->sweepTargets ? d->sweepTargets() : d->defaultTargets();
    const CheckOptions options = d->sweepOptions ? d->sweepOptions() : CheckOptions();
    QString listName = d->sweepListName ? d->sweepListName() : QString();
    if (listName.isEmpty())
        listName = d->listName;
    CapSweepChart *chart = d->sweepView->chart();
    chart->model().clearPoints();
    chart->model().setDurations({});
    d->sweepHasDurations = false;
    chart->setPlannedCaps(caps);
    chart->setTitle(tr("Wall time vs cap — %1 (%2 URLs)")
                        .arg(listName.isEmpty() ? tr("current list") : listName)
                        .arg(targets.size()));
    QString error;
    if (!d->sweep->start(targets, caps, options, listName, &error)) {
        d->sweepView->setStatus(tr("Cannot compare caps: %1").arg(error), true);
        return false;
    }
    d->sweepView->setRunning(true);
    d->sweepTimer.start();
    d->onSweepTick();
    return true;
}

void TimingPanel::cancelCapSweep()
{
    d->sweep->cancel();
}

RunPairView *TimingPanel::runPairView() const
{
    return d->pair;
}

CapSweepRunner *TimingPanel::capSweepRunner() const
{
    return d->sweep;
}

} // namespace Fanout
