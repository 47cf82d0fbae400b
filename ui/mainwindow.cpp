#include "mainwindow.h"

#include "appicon.h"
#include "appsettings.h"
#include "detailspane.h"
#include "dialogs.h"
#include "resultsfiltermodel.h"
#include "resultsmodel.h"
#include "resultwriter.h"
#include "settingsdialog.h"
#include "timebardelegate.h"
#include "timingpanel.h"
#include "urlinputpane.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTextDocumentFragment>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace Fanout {

namespace {

constexpr int ClockIntervalMs = 50; // elapsed time updates 20 times a second
constexpr int SliderSteps = 300;    // the cap slider is logarithmic: fine steps at 1..20, coarse near 1000
constexpr int RateWindowMs = 3000;  // URLs per second over the last 3 s

int sliderToCap(int position)
{
    const double value = std::pow(double(AppSettings::MaxConcurrency), double(position) / SliderSteps);
    return std::clamp(int(std::lround(value)), AppSettings::MinConcurrency, AppSettings::MaxConcurrency);
}

int capToSlider(int cap)
{
    return int(
        std::lround(std::log(double(std::max(1, cap))) / std::log(double(AppSettings::MaxConcurrency)) * SliderSteps));
}

QString cellText(QString text)
{
    // A TSV cell never spans cells or lines.
    text.replace(u'\t', u' ');
    text.replace(u'\r', u' ');
    text.replace(u'\n', u' ');
    return text;
}

// Merges lists read from several files; a URL seen in an earlier file counts as a duplicate.
UrlList mergeLists(const QVector<UrlList> &lists)
{
    if (lists.size() == 1)
        return lists.first();
    UrlList merged;
    QSet<QString> seen;
    QStringList encodings;
    for (const UrlList &list : lists) {
        merged.duplicates += list.duplicates;
        merged.skipped += list.skipped;
        if (!encodings.contains(list.encoding))
            encodings.append(list.encoding);
        for (const UrlEntry &entry : list.entries) {
            if (entry.isValid()) {
                const QString key = entry.url.toString(QUrl::FullyEncoded);
                if (seen.contains(key)) {
                    ++merged.duplicates;
                    continue;
                }
                seen.insert(key);
            }
            merged.entries.append(entry);
        }
    }
    merged.encoding = encodings.join(QStringLiteral(", "));
    return merged;
}

// Under CPU contention the window's thread should win over the engine's: a late paint is visible, a request
// a millisecond late is not. Threads the engine creates (Qt's network threads) inherit the lower priority.
void lowerThisThreadsPriority()
{
#ifdef Q_OS_LINUX
    setpriority(PRIO_PROCESS, id_t(gettid()), std::min(19, getpriority(PRIO_PROCESS, id_t(gettid())) + 5));
#endif
}

struct RowStamp
{
    int row = -1;
    CheckState state = CheckState::Queued;
    int attempts = 0;
    qint64 finishedMs = -1;
    qint64 startedMs = -1;

    static RowStamp of(const CheckResult &r)
    {
        return {r.id, r.state, r.attempts, r.timings.finishedMs, r.timings.startedMs};
    }
    bool operator==(const RowStamp &o) const
    {
        return row == o.row && state == o.state && attempts == o.attempts && finishedMs == o.finishedMs &&
               startedMs == o.startedMs;
    }
};

} // namespace

struct MainWindow::Private
{
    MainWindow *q = nullptr;
    QSettings *settings = nullptr;
    Checker *checker = nullptr; // lives on engineThread: reached through engine() only
    QThread *engineThread = nullptr;
    QElapsedTimer runClock; // the GUI's run clock; frozen to the engine's wall time at the end
    bool paused = false;
    ResultsModel *model = nullptr;
    ResultsFilterModel *proxy = nullptr;
    QTableView *view = nullptr;
    UrlInputPane *input = nullptr;
    DetailsPane *details = nullptr;
    TimingPanel *timing = nullptr;
    QTabWidget *bottomTabs = nullptr;
    QSplitter *mainSplitter = nullptr;
    QSplitter *rightSplitter = nullptr;

    // filter bar
    QButtonGroup *filterGroup = nullptr;
    QVector<QToolButton *> filterButtons;
    QLineEdit *search = nullptr;
    QLabel *shownLabel = nullptr;
    QTimer searchTimer;

    // toolbar
    QSlider *capSlider = nullptr;
    QSpinBox *capSpin = nullptr;

    // status area
    QLabel *stateLabel = nullptr;
    QProgressBar *progress = nullptr;
    QLabel *doneLabel = nullptr;
    QLabel *okLabel = nullptr;
    QLabel *failedLabel = nullptr;
    QLabel *rateLabel = nullptr;
    QLabel *etaLabel = nullptr;
    QLabel *elapsedLabel = nullptr;

    QTimer clock;
    QElapsedTimer timingPaceClock;
    qint64 nextTimingPushMs = 0;
    bool timingPushPending = false;
    int anchorSourceRow = -1; // the current row and its distance from the viewport top, across re-sorts
    int anchorY = -1;

    QAction *openAction = nullptr;
    QMenu *recentMenu = nullptr;
    QAction *pasteAction = nullptr;
    QAction *exportAllAction = nullptr;
    QAction *exportFilteredAction = nullptr;
    QAction *copyAction = nullptr;
    QAction *copyUrlAction = nullptr;
    QAction *findAction = nullptr;
    QAction *clearAction = nullptr;
    QAction *startAction = nullptr;
    QAction *pauseAction = nullptr;
    QAction *stopAction = nullptr;
    QAction *recheckFailedAction = nullptr;
    QAction *recheckSelectedAction = nullptr;
    QAction *browserAction = nullptr;
    QAction *settingsAction = nullptr;
    QAction *capUpAction = nullptr;
    QAction *capDownAction = nullptr;
    QAction *capFocusAction = nullptr;
    QAction *showListAction = nullptr;
    QAction *showDetailsAction = nullptr;
    QAction *showTimingAction = nullptr;
    QAction *demoAction = nullptr;
    QAction *aboutAction = nullptr;
    QAction *quitAction = nullptr;

    Dialogs defaultDialogs;
    Dialogs *dialogs = &defaultDialogs;

    UrlList list;
    QString sourceName;
    CheckOptions options;

    // run state
    bool running = false;
    bool capApplied = false;
    bool discardRun = false; // the list was replaced mid-run: late signals of that run are ignored
    bool startPending = false;
    bool finishedOnce = false;
    bool lastCancelled = false;
    int runTotal = 0;
    int runDone = 0;
    qint64 frozenElapsedMs = 0;
    QVector<QPair<qint64, int>> rateSamples; // (elapsed ms, done) over the last RateWindowMs
    RowStamp detailsStamp;

    explicit Private(MainWindow *window)
        : q(window)
    {}

    Q_DECLARE_TR_FUNCTIONS(Fanout::MainWindow)
public:
    // Runs f on the engine thread, in order with every other call (queued).
    void engine(std::function<void(Checker *)> f)
    {
        QMetaObject::invokeMethod(
            checker, [c = checker, f = std::move(f)]() { f(c); }, Qt::QueuedConnection);
    }

    QIcon stdIcon(QStyle::StandardPixmap pixmap) const { return q->style()->standardIcon(pixmap); }

    QAction *makeAction(const QString &text, const QKeySequence &shortcut, const QString &toolTip,
                        const QIcon &icon = {})
    {
        auto *action = new QAction(icon, text, q);
        if (!shortcut.isEmpty())
            action->setShortcut(shortcut);
        QString tip = toolTip.isEmpty() ? QString(text).remove(u'&') : toolTip;
        if (!shortcut.isEmpty())
            tip += QStringLiteral(" (") + shortcut.toString(QKeySequence::NativeText) + u')';
        action->setToolTip(tip);
        action->setStatusTip(toolTip);
        q->addAction(action); // shortcuts work even when the menu bar is hidden
        return action;
    }

    void buildActions();
    void buildMenus();
    void buildToolBar();
    void buildCentral();
    void buildStatusBar();
    void restoreLayout();
    void saveLayout();
    void updateRecentMenu();
    void updateActions();
    void updateStatus();
    void updateTitle();
    void updateFilterButtons();
    void updateShownLabel();
    void tick();
    void onBatch();
    void onRunFinished(qint64 wallMs, bool cancelled);
    void onStartRefused();
    void beginRun(const QVector<int> &rows);
    void pushToTimingPanel(bool force);
    static void setStableText(QLabel *label, const QString &text, const QString &measure = {});
    static void fitButton(QToolButton *button);
    void captureAnchor();
    void restoreAnchor();
    void showDetailsFor(int row);
    int currentSourceRow() const;
    QVector<int> selectedSourceRows() const;
    void loadFromBox();
    void pasteList();
    void exportDialog(bool filteredOnly);
    void openInBrowser();
    void openSettings();
    void warn(const QString &title, const QString &text, Dialogs::Severity severity = Dialogs::Severity::Warning);
    qint64 elapsed() const;
    QString formatElapsed(qint64 ms) const;
    QString formatDuration(qint64 ms) const;
};

// ---------------------------------------------------------------------------------------------------------------

MainWindow::MainWindow(QSettings *settings, Checker::ManagerFactory factory, QWidget *parent)
    : QMainWindow(parent)
    , d(std::make_unique<Private>(this))
{
    d->settings = settings;
    d->options = settings ? AppSettings::loadOptions(*settings) : CheckOptions();
    // The engine gets a thread of its own: network events, body reading and title parsing never compete with
    // painting 100,000 rows, and a busy view never slows the checks. The Checker is built on that thread so
    // its timers belong to it.
    d->engineThread = new QThread(this);
    d->engineThread->setObjectName(QStringLiteral("Fanout engine"));
    d->engineThread->start();
    {
        auto *anchor = new QObject;
        anchor->moveToThread(d->engineThread);
        Checker *created = nullptr;
        QMetaObject::invokeMethod(
            anchor,
            [&created, &factory]() {
                lowerThisThreadsPriority();
                created = factory ? new Checker(std::move(factory)) : new Checker();
            },
            Qt::BlockingQueuedConnection);
        d->checker = created;
        anchor->deleteLater(); // on the engine thread
    }
    d->engine([options = d->options](Checker *c) { c->setOptions(options); });
    d->model = new ResultsModel(this);
    d->proxy = new ResultsFilterModel(this);
    d->proxy->setResultsModel(d->model);

    setWindowIcon(appIcon());
    setAcceptDrops(true);
    setObjectName(QStringLiteral("FanoutMainWindow"));

    d->buildActions();
    d->buildCentral();
    d->buildToolBar();
    d->buildMenus();
    d->buildStatusBar();

    connect(d->checker, &Checker::urlStarted, this, [this](int id, qint64 atMs) {
        if (!d->discardRun)
            d->model->markStarted(id, atMs);
    });
    connect(d->checker, &Checker::urlFinished, this, [this](const CheckResult &result) {
        if (d->discardRun)
            return;
        d->model->setResult(result);
        ++d->runDone;
    });
    connect(d->checker, &Checker::pausedChanged, this, [this](bool paused) {
        if (d->running)
            d->paused = paused;
        d->updateActions();
        d->updateStatus();
        d->updateTitle();
    });
    connect(d->checker, &Checker::runFinished, this,
            [this](qint64 wallMs, bool cancelled) { d->onRunFinished(wallMs, cancelled); });
    connect(d->model, &ResultsModel::batchFlushed, this, [this]() { d->onBatch(); });

    d->clock.setObjectName(QStringLiteral("runClockTimer"));
    d->clock.setInterval(ClockIntervalMs);
    d->clock.setTimerType(Qt::PreciseTimer);
    connect(&d->clock, &QTimer::timeout, this, [this]() { d->tick(); });
    // The view stays on the selected row while rows move around it (re-sorting as results arrive).
    connect(d->proxy, &QAbstractItemModel::layoutAboutToBeChanged, this, [this]() { d->captureAnchor(); });
    connect(d->proxy, &QAbstractItemModel::layoutChanged, this, [this]() { d->restoreAnchor(); });

    d->timing->setResults(&d->model->results());
    // The panel's "save as" goes through the same dialog seam as the window's (tests answer it at once).
    d->timing->setSaveFileAsker([this](QWidget *owner, const QString &caption, const QString &suggestedName,
                                       const QString &filter, std::function<void(const QString &)> done) {
        const QString dir = d->settings ? AppSettings::lastDirectory(*d->settings) : QDir::homePath();
        d->dialogs->saveFile(owner, caption, QDir(dir).filePath(suggestedName), filter,
                             [done = std::move(done)](const QString &path) {
                                 if (!path.isEmpty())
                                     done(path);
                             });
    });
    connect(d->timing, &TimingPanel::rowActivated, this, [this](int row) { selectSourceRow(row); });

    d->restoreLayout();
    setConcurrency(d->options.concurrency);
    d->updateRecentMenu();
    d->updateActions();
    d->updateStatus();
    d->updateTitle();
    d->updateFilterButtons();
    d->updateShownLabel();
}

MainWindow::~MainWindow()
{
    d->clock.stop();
    d->timing->setResults(nullptr);
    disconnect(d->checker, nullptr, this, nullptr);
    // Deleted on its own thread (that aborts whatever is in flight), then the thread ends.
    connect(d->checker, &QObject::destroyed, d->engineThread, &QThread::quit, Qt::DirectConnection);
    d->checker->deleteLater();
    d->engineThread->wait();
}

// --- building ---------------------------------------------------------------------------------------------------

void MainWindow::Private::buildActions()
{
    openAction = makeAction(tr("&Open List…"), QKeySequence::Open, tr("Open a list of URLs (.txt, .csv, .tsv)"),
                            stdIcon(QStyle::SP_DialogOpenButton));
    connect(openAction, &QAction::triggered, q, [this]() {
        dialogs->openFiles(q, tr("Open URL List"), AppSettings::lastDirectory(*settings),
                           tr("URL lists (*.txt *.csv *.tsv *.list);;All files (*)"), [this](const QStringList &paths) {
                               if (!paths.isEmpty())
                                   q->openFiles(paths);
                           });
    });
    pasteAction =
        makeAction(tr("&Paste URLs as List"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V),
                   tr("Replace the list with the URLs on the clipboard"), stdIcon(QStyle::SP_FileDialogContentsView));
    connect(pasteAction, &QAction::triggered, q, [this]() { pasteList(); });
    exportAllAction = makeAction(tr("&Export All Rows…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                                 tr("Save every row as CSV or JSON Lines"), stdIcon(QStyle::SP_DialogSaveButton));
    connect(exportAllAction, &QAction::triggered, q, [this]() { exportDialog(false); });
    exportFilteredAction = makeAction(tr("Export &Filtered Rows…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                                      tr("Save only the rows the filter shows, in table order"));
    connect(exportFilteredAction, &QAction::triggered, q, [this]() { exportDialog(true); });
    quitAction = makeAction(tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), tr("Close Fanout"));
    quitAction->setMenuRole(QAction::QuitRole);
    connect(quitAction, &QAction::triggered, q, &QWidget::close);

    copyAction = makeAction(tr("&Copy Rows"), QKeySequence::Copy, tr("Copy the selected rows as tab-separated text"));
    connect(copyAction, &QAction::triggered, q, [this]() {
        const QString text = q->selectedRowsAsTsv();
        if (!text.isEmpty())
            QGuiApplication::clipboard()->setText(text);
    });
    copyUrlAction = makeAction(tr("Copy &URL"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
                               tr("Copy the selected URLs, one per line"));
    connect(copyUrlAction, &QAction::triggered, q, [this]() {
        QStringList urls;
        for (const int row : selectedSourceRows()) {
            const CheckResult &r = model->result(row);
            urls.append(r.url.isValid() ? r.url.toString() : r.input);
        }
        if (!urls.isEmpty())
            QGuiApplication::clipboard()->setText(urls.join(u'\n'));
    });
    findAction = makeAction(tr("&Find…"), QKeySequence::Find, tr("Search the rows"));
    connect(findAction, &QAction::triggered, q, [this]() {
        search->setFocus(Qt::ShortcutFocusReason);
        search->selectAll();
    });
    clearAction = makeAction(tr("C&lear"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete),
                             tr("Remove the list and its results"), stdIcon(QStyle::SP_DialogResetButton));
    connect(clearAction, &QAction::triggered, q, [this]() { q->clearAll(); });

    startAction = makeAction(tr("&Start"), QKeySequence(Qt::Key_F5), tr("Check every URL of the list"),
                             stdIcon(QStyle::SP_MediaPlay));
    connect(startAction, &QAction::triggered, q, [this]() { q->startRun(); });
    pauseAction =
        makeAction(tr("&Pause"), QKeySequence(Qt::Key_F6), tr("Pause: no new request starts, those in flight finish"),
                   stdIcon(QStyle::SP_MediaPause));
    connect(pauseAction, &QAction::triggered, q, [this]() { q->togglePause(); });
    stopAction = makeAction(tr("S&top"), QKeySequence(Qt::Key_Escape),
                            tr("Stop: requests in flight are cancelled and reported"), stdIcon(QStyle::SP_MediaStop));
    connect(stopAction, &QAction::triggered, q, [this]() { q->stopRun(); });
    recheckFailedAction = makeAction(tr("Re-check &Failed"), QKeySequence(Qt::CTRL | Qt::Key_R),
                                     tr("Check again every URL that failed"), stdIcon(QStyle::SP_BrowserReload));
    connect(recheckFailedAction, &QAction::triggered, q, [this]() { q->recheckFailed(); });
    recheckSelectedAction = makeAction(tr("Re-check Se&lected"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                                       tr("Check the selected URLs again"));
    connect(recheckSelectedAction, &QAction::triggered, q, [this]() { q->recheckSelected(); });
    browserAction = makeAction(tr("Open in &Browser"), QKeySequence(Qt::CTRL | Qt::Key_B),
                               tr("Open the selected URL in the web browser"), stdIcon(QStyle::SP_DirLinkIcon));
    connect(browserAction, &QAction::triggered, q, [this]() { openInBrowser(); });
    settingsAction =
        makeAction(tr("&Settings…"), QKeySequence(Qt::CTRL | Qt::Key_Comma),
                   tr("Timeout, retries, method, headers, language"), stdIcon(QStyle::SP_FileDialogDetailedView));
    settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(settingsAction, &QAction::triggered, q, [this]() { openSettings(); });
    capUpAction = makeAction(tr("&More at Once"), QKeySequence(Qt::CTRL | Qt::Key_Plus),
                             tr("Double the number of URLs checked at once"));
    capUpAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    connect(capUpAction, &QAction::triggered, q, [this]() { q->setConcurrency(q->concurrency() * 2); });
    capDownAction = makeAction(tr("&Fewer at Once"), QKeySequence(Qt::CTRL | Qt::Key_Minus),
                               tr("Halve the number of URLs checked at once"));
    connect(capDownAction, &QAction::triggered, q, [this]() { q->setConcurrency(q->concurrency() / 2); });
    capFocusAction = makeAction(tr("Set &Concurrency…"), QKeySequence(Qt::CTRL | Qt::Key_K),
                                tr("Type how many URLs to check at once"));
    connect(capFocusAction, &QAction::triggered, q, [this]() {
        capSpin->setFocus(Qt::ShortcutFocusReason);
        capSpin->selectAll();
    });

    showListAction =
        makeAction(tr("URL &List Pane"), QKeySequence(Qt::CTRL | Qt::Key_L), tr("Show or hide the URL list pane"));
    showListAction->setCheckable(true);
    showListAction->setChecked(true);
    connect(showListAction, &QAction::toggled, q, [this](bool on) { input->setVisible(on); });
    showDetailsAction = makeAction(tr("&Details"), QKeySequence(Qt::CTRL | Qt::Key_D),
                                   tr("Show the selected row's redirect chain, timings and headers"));
    connect(showDetailsAction, &QAction::triggered, q, [this]() {
        bottomTabs->setCurrentWidget(details);
        QList<int> sizes = rightSplitter->sizes();
        if (sizes.size() == 2 && sizes.at(1) < 80)
            rightSplitter->setSizes({sizes.at(0) * 2 / 3, sizes.at(0) / 3 + sizes.at(1)});
    });
    showTimingAction =
        makeAction(tr("&Timing View"), QKeySequence(Qt::CTRL | Qt::Key_T), tr("Show the waterfall and timing charts"));
    connect(showTimingAction, &QAction::triggered, q, [this]() { q->showTimingView(); });

    demoAction = makeAction(tr("Run &Demo"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D),
                            tr("Check a built-in list against a local test server, one at a time and then at once"));
    connect(demoAction, &QAction::triggered, q, [this]() { emit q->demoRequested(); });
    aboutAction = makeAction(tr("&About Fanout"), QKeySequence(Qt::Key_F1), tr("Version and licence"));
    aboutAction->setMenuRole(QAction::AboutRole);
    connect(aboutAction, &QAction::triggered, q, [this]() {
        dialogs->message(q, Dialogs::Severity::Information, tr("About Fanout"),
                         tr("Fanout %1\n\nChecks many URLs at once and shows each one's status, title and time as "
                            "it arrives.\n\nBuilt with Qt %2.")
                             .arg(QStringLiteral(FANOUT_VERSION), QString::fromLatin1(qVersion())));
    });
}

void MainWindow::Private::buildMenus()
{
    QMenu *file = q->menuBar()->addMenu(tr("&File"));
    file->addAction(openAction);
    recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(pasteAction);
    file->addSeparator();
    file->addAction(exportAllAction);
    file->addAction(exportFilteredAction);
    file->addSeparator();
    file->addAction(quitAction);

    QMenu *edit = q->menuBar()->addMenu(tr("&Edit"));
    edit->addAction(copyAction);
    edit->addAction(copyUrlAction);
    edit->addSeparator();
    edit->addAction(findAction);
    edit->addAction(clearAction);
    edit->addSeparator();
    edit->addAction(settingsAction);

    QMenu *run = q->menuBar()->addMenu(tr("&Run"));
    run->addAction(startAction);
    run->addAction(pauseAction);
    run->addAction(stopAction);
    run->addSeparator();
    run->addAction(recheckFailedAction);
    run->addAction(recheckSelectedAction);
    run->addSeparator();
    run->addAction(capUpAction);
    run->addAction(capDownAction);
    run->addAction(capFocusAction);

    QMenu *view = q->menuBar()->addMenu(tr("&View"));
    QMenu *filters = view->addMenu(tr("&Filter"));
    for (QToolButton *button : std::as_const(filterButtons))
        filters->addAction(button->defaultAction());
    view->addSeparator();
    view->addAction(showListAction);
    view->addAction(showDetailsAction);
    view->addAction(showTimingAction);
    view->addSeparator();
    view->addAction(browserAction);

    QMenu *help = q->menuBar()->addMenu(tr("&Help"));
    help->addAction(demoAction);
    help->addSeparator();
    help->addAction(aboutAction);
}

void MainWindow::Private::buildToolBar()
{
    QToolBar *bar = q->addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(openAction);
    bar->addSeparator();
    bar->addAction(startAction);
    bar->addAction(pauseAction);
    bar->addAction(stopAction);
    bar->addAction(recheckFailedAction);
    bar->addSeparator();

    auto *capBox = new QWidget(bar);
    auto *capLayout = new QHBoxLayout(capBox);
    capLayout->setContentsMargins(8, 0, 8, 0);
    auto *capLabel = new QLabel(tr("At &once:"), capBox);
    capSlider = new QSlider(Qt::Horizontal, capBox);
    capSlider->setRange(0, SliderSteps);
    capSlider->setMinimumWidth(140);
    capSlider->setMaximumWidth(220);
    capSlider->setToolTip(tr("How many URLs are checked at the same time (1–1000); applied at once, also during a "
                             "run (Ctrl++ / Ctrl+-)"));
    capSpin = new QSpinBox(capBox);
    capSpin->setRange(AppSettings::MinConcurrency, AppSettings::MaxConcurrency);
    capSpin->setToolTip(capSlider->toolTip());
    capSpin->setAccelerated(true);
    capSpin->setKeyboardTracking(false); // typing "250" applies 250, not 2, 25, 250
    capLabel->setBuddy(capSpin);
    capLayout->addWidget(capLabel);
    capLayout->addWidget(capSlider);
    capLayout->addWidget(capSpin);
    bar->addWidget(capBox);
    connect(capSlider, &QSlider::valueChanged, q, [this](int position) { q->setConcurrency(sliderToCap(position)); });
    connect(capSpin, &QSpinBox::valueChanged, q, [this](int value) { q->setConcurrency(value); });

    bar->addSeparator();
    bar->addAction(exportAllAction);
    bar->addAction(settingsAction);
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    bar->addAction(showTimingAction);
}

void MainWindow::Private::buildCentral()
{
    input = new UrlInputPane(q);
    connect(input, &UrlInputPane::loadRequested, q, [this]() { loadFromBox(); });

    // Filter bar: category buttons with live counts, then the search box.
    auto *tableArea = new QWidget(q);
    auto *tableLayout = new QVBoxLayout(tableArea);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(2);
    auto *filterBar = new QWidget(tableArea);
    auto *filterLayout = new QHBoxLayout(filterBar);
    filterLayout->setContentsMargins(4, 4, 4, 2);
    filterLayout->setSpacing(2);
    filterGroup = new QButtonGroup(q);
    filterGroup->setExclusive(true);
    auto *filterActions = new QActionGroup(q);
    filterActions->setExclusive(true);
    const struct
    {
        ResultFilter filter;
        const char *tip;
    } categories[] = {
        {ResultFilter::All, QT_TR_NOOP("Show every row")},
        {ResultFilter::Ok, QT_TR_NOOP("Rows that answered below 400 without error")},
        {ResultFilter::Redirected, QT_TR_NOOP("Rows that went through at least one redirect")},
        {ResultFilter::Http4xx, QT_TR_NOOP("Rows whose final status is 400–499")},
        {ResultFilter::Http5xx, QT_TR_NOOP("Rows whose final status is 500–599")},
        {ResultFilter::Errors, QT_TR_NOOP("Timeouts, connection and TLS errors, invalid lines, cancelled checks")},
    };
    int key = 0;
    for (const auto &category : categories) {
        auto *action = new QAction(q);
        action->setCheckable(true);
        action->setData(int(category.filter));
        action->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + key)));
        action->setToolTip(tr(category.tip) + QStringLiteral(" (") +
                           action->shortcut().toString(QKeySequence::NativeText) + u')');
        filterActions->addAction(action);
        q->addAction(action);
        auto *button = new QToolButton(filterBar);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setAutoRaise(true);
        filterGroup->addButton(button, int(category.filter));
        filterLayout->addWidget(button);
        filterButtons.append(button);
        connect(action, &QAction::triggered, q, [this, filter = category.filter]() {
            proxy->setCategory(filter);
            updateShownLabel();
        });
        ++key;
    }
    filterButtons.first()->defaultAction()->setChecked(true);
    filterLayout->addSpacing(12);
    search = new QLineEdit(filterBar);
    search->setObjectName(QStringLiteral("searchBox"));
    search->setClearButtonEnabled(true);
    search->setPlaceholderText(tr("Search URL, title, status, error… (Ctrl+F)"));
    search->setToolTip(tr("Shows only rows containing this text (case-insensitive)"));
    search->setMinimumWidth(220);
    filterLayout->addWidget(search, 1);
    shownLabel = new QLabel(filterBar);
    shownLabel->setMinimumWidth(120);
    shownLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    filterLayout->addWidget(shownLabel);
    searchTimer.setSingleShot(true);
    searchTimer.setInterval(200); // re-filter 100,000 rows once typing pauses, not per key
    connect(search, &QLineEdit::textChanged, q, [this]() { searchTimer.start(); });
    connect(&searchTimer, &QTimer::timeout, q, [this]() {
        proxy->setSearchText(search->text());
        updateShownLabel();
    });
    tableLayout->addWidget(filterBar);

    view = new QTableView(tableArea);
    view->setObjectName(QStringLiteral("resultsView"));
    view->setModel(proxy);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->setShowGrid(false);
    view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    view->setIconSize(QSize(14, 14));
    // Fixed row heights: the view never measures rows, whatever their number.
    QHeaderView *rows = view->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(view->fontMetrics().height() + 8);
    rows->setMinimumSectionSize(view->fontMetrics().height() + 2);
    rows->hide();
    QHeaderView *columns = view->horizontalHeader();
    columns->setSectionsMovable(true);
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    const int em = view->fontMetrics().horizontalAdvance(u'M');
    const int widths[ResultsModel::ColumnCount] = {5 * em, 26 * em, 6 * em,  15 * em, 20 * em, 7 * em,
                                                   6 * em, 10 * em, 18 * em, 6 * em,  6 * em,  16 * em};
    for (int c = 0; c < ResultsModel::ColumnCount; ++c)
        columns->resizeSection(c, widths[c]);
    view->setItemDelegateForColumn(ResultsModel::TimeColumn, new TimeBarDelegate(view));
    view->setSortingEnabled(true);
    view->sortByColumn(ResultsModel::NumberColumn, Qt::AscendingOrder);
    connect(columns, &QHeaderView::customContextMenuRequested, q, [this, columns](const QPoint &pos) {
        // Hide or show columns; the layout is saved with the header state.
        auto *menu = new QMenu(q);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        for (int c = 0; c < ResultsModel::ColumnCount; ++c) {
            QAction *toggle = menu->addAction(model->columnTitle(c));
            toggle->setCheckable(true);
            toggle->setChecked(!columns->isSectionHidden(c));
            toggle->setEnabled(c != ResultsModel::UrlColumn);
            connect(toggle, &QAction::toggled, columns, [columns, c](bool on) { columns->setSectionHidden(c, !on); });
        }
        menu->popup(columns->mapToGlobal(pos));
    });
    connect(columns, &QHeaderView::sortIndicatorChanged, q, [this]() { updateShownLabel(); });
    for (QAction *action : {browserAction, copyAction, copyUrlAction, recheckSelectedAction, showDetailsAction})
        view->addAction(action);
    connect(view, &QAbstractItemView::doubleClicked, q, [this]() { openInBrowser(); });
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, q, [this]() {
        const int row = currentSourceRow();
        showDetailsFor(row);
        timing->highlightRow(row);
        updateActions();
    });
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, q, [this]() { updateActions(); });
    tableLayout->addWidget(view, 1);

    details = new DetailsPane(q);
    details->setObjectName(QStringLiteral("detailsPane"));
    connect(details, &QTextBrowser::anchorClicked, q, [this](const QUrl &url) { dialogs->openUrl(url); });
    timing = new TimingPanel(q);
    bottomTabs = new QTabWidget(q);
    bottomTabs->setDocumentMode(true);
    bottomTabs->addTab(details, tr("Details"));
    bottomTabs->addTab(timing, tr("Timing"));
    bottomTabs->setTabToolTip(0, tr("The selected row's redirect chain, timings and headers (Ctrl+D)"));
    bottomTabs->setTabToolTip(1, tr("Waterfall, sequential vs concurrent, latency and run history (Ctrl+T)"));

    rightSplitter = new QSplitter(Qt::Vertical, q);
    rightSplitter->setObjectName(QStringLiteral("rightSplitter"));
    rightSplitter->addWidget(tableArea);
    rightSplitter->addWidget(bottomTabs);
    rightSplitter->setStretchFactor(0, 3);
    rightSplitter->setStretchFactor(1, 2);
    rightSplitter->setChildrenCollapsible(true);

    mainSplitter = new QSplitter(Qt::Horizontal, q);
    mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    mainSplitter->addWidget(input);
    mainSplitter->addWidget(rightSplitter);
    mainSplitter->setStretchFactor(0, 0);
    mainSplitter->setStretchFactor(1, 1);
    mainSplitter->setSizes({300, 1000});
    rightSplitter->setSizes({480, 280});
    q->setCentralWidget(mainSplitter);
}

void MainWindow::Private::buildStatusBar()
{
    QStatusBar *bar = q->statusBar();
    stateLabel = new QLabel(bar);
    stateLabel->setMinimumWidth(80);
    progress = new QProgressBar(bar);
    progress->setMaximumWidth(200);
    progress->setMinimumWidth(120);
    progress->setTextVisible(true);
    progress->setToolTip(tr("Progress of the current run"));
    doneLabel = new QLabel(bar);
    doneLabel->setToolTip(tr("URLs finished / URLs in this run"));
    okLabel = new QLabel(bar);
    okLabel->setToolTip(tr("Rows that answered below 400 without error"));
    failedLabel = new QLabel(bar);
    failedLabel->setToolTip(tr("Rows with HTTP 400 or above, or an error"));
    rateLabel = new QLabel(bar);
    rateLabel->setToolTip(tr("URLs finished per second over the last few seconds"));
    etaLabel = new QLabel(bar);
    etaLabel->setToolTip(tr("Estimated time to finish at the current rate"));
    elapsedLabel = new QLabel(bar);
    elapsedLabel->setObjectName(QStringLiteral("elapsedLabel"));
    elapsedLabel->setToolTip(tr("Total elapsed time of the run (frozen when it ends)"));
    QFont mono = elapsedLabel->font();
    mono.setBold(true);
    mono.setStyleHint(QFont::Monospace);
    mono.setFamily(QStringLiteral("monospace"));
    elapsedLabel->setFont(mono);
    // Wide enough from the start that ticking digits never resize it.
    elapsedLabel->setMinimumWidth(
        QFontMetrics(mono).horizontalAdvance(tr("Elapsed %1").arg(QStringLiteral("00:00.0"))) + 12);
    for (QWidget *w : std::initializer_list<QWidget *>{stateLabel, progress, doneLabel, okLabel, failedLabel, rateLabel,
                                                       etaLabel, elapsedLabel})
        bar->addPermanentWidget(w);
}

void MainWindow::Private::restoreLayout()
{
    if (!settings) {
        q->resize(1280, 800);
        return;
    }
    if (!q->restoreGeometry(settings->value(QStringLiteral("window/geometry")).toByteArray()))
        q->resize(1280, 800);
    q->restoreState(settings->value(QStringLiteral("window/state")).toByteArray());
    mainSplitter->restoreState(settings->value(QStringLiteral("window/mainSplitter")).toByteArray());
    if (!rightSplitter->restoreState(settings->value(QStringLiteral("window/rightSplitter")).toByteArray())) {
        // First start: once the window has its size, give the table about two thirds of the height.
        QTimer::singleShot(0, q, [this]() {
            const int total = rightSplitter->height();
            if (total > 0)
                rightSplitter->setSizes({total * 62 / 100, total - total * 62 / 100});
        });
    }
    view->horizontalHeader()->restoreState(settings->value(QStringLiteral("window/columns")).toByteArray());
    const bool listShown = settings->value(QStringLiteral("window/listPane"), true).toBool();
    showListAction->setChecked(listShown);
    input->setVisible(listShown);
    bottomTabs->setCurrentIndex(settings->value(QStringLiteral("window/bottomTab"), 0).toInt());
    // A restored sort on a column other than # must be re-applied by hand (dynamic sorting is off).
    proxy->sort(view->horizontalHeader()->sortIndicatorSection(), view->horizontalHeader()->sortIndicatorOrder());
}

void MainWindow::Private::saveLayout()
{
    if (!settings)
        return;
    settings->setValue(QStringLiteral("window/geometry"), q->saveGeometry());
    settings->setValue(QStringLiteral("window/state"), q->saveState());
    settings->setValue(QStringLiteral("window/mainSplitter"), mainSplitter->saveState());
    settings->setValue(QStringLiteral("window/rightSplitter"), rightSplitter->saveState());
    settings->setValue(QStringLiteral("window/columns"), view->horizontalHeader()->saveState());
    settings->setValue(QStringLiteral("window/listPane"), showListAction->isChecked());
    settings->setValue(QStringLiteral("window/bottomTab"), bottomTabs->currentIndex());
    AppSettings::saveOptions(*settings, options);
    settings->sync();
}

void MainWindow::Private::updateRecentMenu()
{
    recentMenu->clear();
    const QStringList files = settings ? AppSettings::recentFiles(*settings) : QStringList();
    int n = 1;
    for (const QString &path : files) {
        const QString label =
            n < 10 ? QStringLiteral("&%1 %2").arg(n).arg(QFileInfo(path).fileName()) : QFileInfo(path).fileName();
        QAction *action = recentMenu->addAction(label);
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
        if (n < 10)
            action->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key(Qt::Key_0 + n)));
        connect(action, &QAction::triggered, q, [this, path]() { q->openFile(path); });
        ++n;
    }
    if (!files.isEmpty())
        recentMenu->addSeparator();
    QAction *clear = recentMenu->addAction(tr("&Clear Recent Files"));
    clear->setEnabled(!files.isEmpty());
    connect(clear, &QAction::triggered, q, [this]() {
        if (settings)
            AppSettings::clearRecentFiles(*settings);
        updateRecentMenu();
    });
    recentMenu->setEnabled(true);
}

// --- state display ----------------------------------------------------------------------------------------------

qint64 MainWindow::Private::elapsed() const
{
    return running ? runClock.elapsed() : frozenElapsedMs;
}

QString MainWindow::Private::formatElapsed(qint64 ms) const
{
    const qint64 tenths = std::max<qint64>(0, ms) / 100;
    const qint64 seconds = tenths / 10;
    const QString base = seconds >= 3600 ? QStringLiteral("%1:%2:%3")
                                               .arg(seconds / 3600)
                                               .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                                               .arg(seconds % 60, 2, 10, QLatin1Char('0'))
                                         : QStringLiteral("%1:%2")
                                               .arg(seconds / 60, 2, 10, QLatin1Char('0'))
                                               .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return base + QLocale().decimalPoint() + QString::number(tenths % 10);
}

QString MainWindow::Private::formatDuration(qint64 ms) const
{
    const qint64 seconds = (std::max<qint64>(0, ms) + 999) / 1000;
    if (seconds >= 3600)
        return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds / 60) % 60);
    if (seconds >= 60)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 s").arg(seconds);
}

void MainWindow::Private::updateActions()
{
    const bool hasRows = model->rowCount() > 0;
    const bool paused = running && paused;
    const bool hasSelection = view->selectionModel()->hasSelection();
    startAction->setEnabled(!running && (hasRows || input->hasUnloadedText()));
    pauseAction->setEnabled(running);
    pauseAction->setText(paused ? tr("&Resume") : tr("&Pause"));
    pauseAction->setIcon(stdIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    pauseAction->setToolTip(paused ? tr("Resume the run (F6)")
                                   : tr("Pause: no new request starts, those in flight finish (F6)"));
    stopAction->setEnabled(running);
    recheckFailedAction->setEnabled(!running && model->counts().failed > 0);
    recheckSelectedAction->setEnabled(!running && hasSelection);
    clearAction->setEnabled(!running && hasRows);
    exportAllAction->setEnabled(hasRows);
    exportFilteredAction->setEnabled(hasRows);
    copyAction->setEnabled(hasSelection);
    copyUrlAction->setEnabled(hasSelection);
    browserAction->setEnabled(currentSourceRow() >= 0 && model->result(currentSourceRow()).url.isValid());
    openAction->setEnabled(!running);
    pasteAction->setEnabled(!running);
    recentMenu->setEnabled(!running);
    input->setLoadEnabled(!running);
}

void MainWindow::Private::updateStatus()
{
    const ResultCounts &c = model->counts();
    const QLocale locale;
    const bool paused = running && paused;
    if (running)
        setStableText(stateLabel, paused ? tr("Paused") : tr("Checking…"));
    else if (finishedOnce)
        setStableText(stateLabel, lastCancelled ? tr("Stopped") : tr("Finished"));
    else
        setStableText(stateLabel, c.total > 0 ? tr("Ready") : tr("No list"));

    const int total = running || finishedOnce ? runTotal : c.total;
    const int done = running || finishedOnce ? runDone : 0;
    progress->setMaximum(std::max(1, total));
    progress->setValue(std::min(done, std::max(1, total)));
    progress->setFormat(total > 0 ? QStringLiteral("%p%") : QString());
    setStableText(doneLabel, tr("%1 / %2 done").arg(locale.toString(done), locale.toString(total)));
    const QString okText = tr("<span style=\"color:#1e8e3e\">●</span> %1 OK").arg(locale.toString(c.ok));
    setStableText(okLabel, okText, QTextDocumentFragment::fromHtml(okText).toPlainText());
    const QString failedText = tr("<span style=\"color:#d93025\">●</span> %1 failed").arg(locale.toString(c.failed));
    setStableText(failedLabel, failedText, QTextDocumentFragment::fromHtml(failedText).toPlainText());

    const qint64 ms = elapsed();
    double rate = 0;
    if (running && rateSamples.size() >= 2 && rateSamples.last().first > rateSamples.first().first) {
        rate = double(rateSamples.last().second - rateSamples.first().second) * 1000.0 /
               double(rateSamples.last().first - rateSamples.first().first);
    } else if (ms > 0) {
        rate = double(done) * 1000.0 / double(ms);
    }
    setStableText(rateLabel, tr("%1 URL/s").arg(locale.toString(rate, 'f', rate < 10 ? 1 : 0)));
    if (running && !paused && rate > 0 && total > done)
        setStableText(etaLabel, tr("ETA %1").arg(formatDuration(qint64(double(total - done) * 1000.0 / rate))));
    else if (running)
        setStableText(etaLabel, tr("ETA —"));
    else
        setStableText(etaLabel, QString());
    if (etaLabel->isVisible() != running)
        etaLabel->setVisible(running);
    setStableText(elapsedLabel, tr("Elapsed %1").arg(formatElapsed(ms)));
}

void MainWindow::Private::updateTitle()
{
    const QString app = tr("Fanout");
    const QString base = sourceName.isEmpty() ? app : sourceName + QStringLiteral(" — ") + app;
    const QString percent =
        runTotal > 0 ? QString::number(std::clamp(runDone * 100 / runTotal, 0, 100)) + u'%' : QStringLiteral("100%");
    QString title;
    if (running && paused)
        title = tr("Paused %1").arg(percent) + QStringLiteral(" — ") + base;
    else if (running)
        title = percent + QStringLiteral(" — ") + base;
    else if (finishedOnce && lastCancelled)
        title = tr("Stopped %1").arg(percent) + QStringLiteral(" — ") + base;
    else if (finishedOnce)
        title = QStringLiteral("100% — ") + base;
    else
        title = base;
    if (q->windowTitle() != title)
        q->setWindowTitle(title);
}

void MainWindow::Private::updateFilterButtons()
{
    const ResultCounts &c = model->counts();
    const QLocale locale;
    const QString labels[] = {
        tr("All %1").arg(locale.toString(c.total)),
        tr("OK %1").arg(locale.toString(c.ok)),
        tr("Redirected %1").arg(locale.toString(c.redirected)),
        tr("4xx %1").arg(locale.toString(c.http4xx)),
        tr("5xx %1").arg(locale.toString(c.http5xx)),
        tr("Errors %1").arg(locale.toString(c.errors)),
    };
    for (int i = 0; i < filterButtons.size(); ++i) {
        QAction *action = filterButtons.at(i)->defaultAction();
        if (action->text() != labels[i]) {
            action->setText(labels[i]);
            fitButton(filterButtons.at(i));
        }
    }
}

void MainWindow::Private::updateShownLabel()
{
    const QLocale locale;
    const int shown = proxy->rowCount();
    const int total = model->rowCount();
    setStableText(shownLabel, shown == total ? tr("%1 rows").arg(locale.toString(total))
                                             : tr("%1 of %2 rows").arg(locale.toString(shown), locale.toString(total)));
}

void MainWindow::Private::tick()
{
    const qint64 ms = elapsed();
    if (running) {
        rateSamples.append({ms, runDone});
        while (rateSamples.size() > 2 && rateSamples.first().first < ms - RateWindowMs)
            rateSamples.removeFirst();
    }
    setStableText(elapsedLabel, tr("Elapsed %1").arg(formatElapsed(ms)));
    timing->setLiveElapsed(ms);
    if (timingPushPending)
        pushToTimingPanel(false);
    updateStatus();
    updateTitle();
}

void MainWindow::Private::onBatch()
{
    pushToTimingPanel(false);
    updateStatus();
    updateTitle();
    updateFilterButtons();
    if (detailsStamp.row >= 0 && detailsStamp.row < model->rowCount() &&
        !(RowStamp::of(model->result(detailsStamp.row)) == detailsStamp))
        showDetailsFor(detailsStamp.row);
    updateShownLabel();
    if (!running && recheckFailedAction->isEnabled() != (model->counts().failed > 0))
        updateActions();
}

// Status texts change 20 times a second. A label that changes size asks the whole window to lay out again, so
// labels only ever grow (to fit the widest text so far) and otherwise keep a fixed size: no relayout per tick.
void MainWindow::Private::setStableText(QLabel *label, const QString &text, const QString &measure)
{
    if (label->text() == text)
        return;
    const QFontMetrics fm = label->fontMetrics();
    const int width = fm.horizontalAdvance(measure.isEmpty() ? text : measure) + 12;
    const int height = fm.height() + 4;
    if (label->minimumWidth() < width || label->maximumWidth() != label->minimumWidth() ||
        label->maximumHeight() != height)
        label->setFixedSize(std::max(width, label->minimumWidth()), height);
    label->setText(text);
}

void MainWindow::Private::fitButton(QToolButton *button)
{
    const QSize hint = button->sizeHint();
    if (button->minimumWidth() < hint.width() || button->maximumWidth() != button->minimumWidth() ||
        button->maximumHeight() != hint.height())
        button->setFixedSize(std::max(hint.width(), button->minimumWidth()), hint.height());
}

void MainWindow::Private::pushToTimingPanel(bool force)
{
    // The panel redraws from all rows; if that gets expensive with a huge list, call it less often (never more
    // than a quarter of the GUI thread's time) rather than let the table stutter. The last batch always goes.
    const qint64 now = timingPaceClock.isValid() ? timingPaceClock.elapsed() : 0;
    if (!timingPaceClock.isValid())
        timingPaceClock.start();
    if (!force && now < nextTimingPushMs) {
        timingPushPending = true;
        return;
    }
    QElapsedTimer cost;
    cost.start();
    timing->resultsChanged();
    nextTimingPushMs = now + cost.elapsed() * 4;
    timingPushPending = false;
}

void MainWindow::Private::captureAnchor()
{
    anchorSourceRow = -1;
    anchorY = -1;
    const QModelIndex current = view->currentIndex();
    if (!current.isValid())
        return;
    const QRect rect = view->visualRect(current);
    if (rect.isValid() && rect.bottom() >= 0 && rect.top() < view->viewport()->height()) {
        anchorSourceRow = proxy->mapToSource(current).row();
        anchorY = rect.top();
    }
}

void MainWindow::Private::restoreAnchor()
{
    if (anchorSourceRow < 0)
        return;
    const QModelIndex moved = proxy->mapFromSource(model->index(anchorSourceRow, 0));
    if (moved.isValid())
        view->verticalScrollBar()->setValue(moved.row() * view->verticalHeader()->defaultSectionSize() - anchorY);
    anchorSourceRow = -1;
}

int MainWindow::Private::currentSourceRow() const
{
    const QModelIndex current = view->currentIndex();
    if (!current.isValid())
        return -1;
    return proxy->mapToSource(current).row();
}

QVector<int> MainWindow::Private::selectedSourceRows() const
{
    QVector<int> rows;
    const QModelIndexList selected = view->selectionModel()->selectedRows();
    rows.reserve(selected.size());
    for (const QModelIndex &index : selected)
        rows.append(index.row());
    std::sort(rows.begin(), rows.end()); // view order
    for (int &row : rows)
        row = proxy->mapToSource(proxy->index(row, 0)).row();
    return rows;
}

void MainWindow::Private::showDetailsFor(int row)
{
    if (row < 0 || row >= model->rowCount()) {
        detailsStamp = {};
        details->showNothing();
        return;
    }
    const CheckResult &r = model->result(row);
    detailsStamp = RowStamp::of(r);
    details->showResult(r);
}

void MainWindow::Private::warn(const QString &title, const QString &text, Dialogs::Severity severity)
{
    dialogs->message(q, severity, title, text);
}

// --- loading ----------------------------------------------------------------------------------------------------

bool MainWindow::openFile(const QString &path)
{
    return openFiles({path});
}

bool MainWindow::openFiles(const QStringList &paths)
{
    if (paths.isEmpty())
        return false;
    if (d->running) {
        d->warn(tr("Run in progress"), tr("Stop the run (Esc) before loading another list."));
        return false;
    }
    QVector<UrlList> lists;
    QStringList loadedNames;
    QStringList problems;
    for (const QString &path : paths) {
        UrlList list = UrlListParser::parseFile(path);
        if (!list.error.isEmpty()) {
            problems.append(list.error);
            continue;
        }
        if (d->settings) {
            AppSettings::addRecentFile(*d->settings, path);
            AppSettings::setLastDirectory(*d->settings, QFileInfo(path).absolutePath());
        }
        loadedNames.append(QFileInfo(path).fileName());
        lists.append(std::move(list));
    }
    d->updateRecentMenu();
    if (!problems.isEmpty()) {
        const QString text = lists.isEmpty()
                                 ? tr("Nothing was loaded; the current list is unchanged.\n\n%1")
                                       .arg(problems.join(QStringLiteral("\n")))
                                 : tr("Some files could not be loaded:\n\n%1").arg(problems.join(QStringLiteral("\n")));
        d->warn(tr("Cannot Open List"), text);
    }
    if (lists.isEmpty())
        return false;
    const QString name = loadedNames.size() == 1
                             ? loadedNames.first()
                             : tr("%1 + %n more", nullptr, int(loadedNames.size()) - 1).arg(loadedNames.first());
    loadList(mergeLists(lists), name);
    d->input->setBoxText(QString()); // the box is for pasting; the loaded file is summarised above it
    return true;
}

void MainWindow::loadList(const UrlList &list, const QString &sourceName)
{
    if (d->running) {
        // Replacing the list mid-run: cancel, and ignore what the old run still reports.
        d->discardRun = true;
        d->running = false;
        d->paused = false;
        d->clock.stop();
        d->engine([](Checker *c) { c->cancel(); });
    }
    d->list = list;
    d->sourceName = sourceName;
    d->finishedOnce = false;
    d->lastCancelled = false;
    d->runTotal = 0;
    d->runDone = 0;
    d->frozenElapsedMs = 0;
    d->rateSamples.clear();
    d->model->setList(list);
    d->pushToTimingPanel(true);
    d->input->setLoadedList(list, sourceName);
    d->showDetailsFor(-1);
    d->updateActions();
    d->updateStatus();
    d->updateTitle();
    d->updateFilterButtons();
    d->updateShownLabel();
    if (!list.entries.isEmpty())
        statusBar()->showMessage(tr("Loaded %1: %2").arg(sourceName, UrlInputPane::countsText(list)), 5000);
    emit listLoaded(int(list.entries.size()));
}

const UrlList &MainWindow::urlList() const
{
    return d->list;
}

void MainWindow::Private::loadFromBox()
{
    if (running)
        return;
    const UrlList list = input->parseBox();
    if (!list.error.isEmpty()) {
        warn(tr("Cannot Use the Text"), list.error);
        return;
    }
    const QString text = input->boxText();
    q->loadList(list, tr("Pasted list"));
    input->setBoxText(text);
}

void MainWindow::Private::pasteList()
{
    if (running)
        return;
    const QString text = QGuiApplication::clipboard()->text();
    if (text.trimmed().isEmpty()) {
        warn(tr("Nothing to Paste"), tr("The clipboard holds no text."), Dialogs::Severity::Information);
        return;
    }
    input->setBoxText(text);
    input->editor()->document()->setModified(true);
    loadFromBox();
}

// --- settings ---------------------------------------------------------------------------------------------------

void MainWindow::setConcurrency(int cap)
{
    cap = std::clamp(cap, AppSettings::MinConcurrency, AppSettings::MaxConcurrency);
    {
        const QSignalBlocker blockSpin(d->capSpin);
        const QSignalBlocker blockSlider(d->capSlider);
        d->capSpin->setValue(cap);
        if (sliderToCap(d->capSlider->value()) != cap)
            d->capSlider->setValue(capToSlider(cap));
    }
    d->capUpAction->setEnabled(cap < AppSettings::MaxConcurrency);
    d->capDownAction->setEnabled(cap > AppSettings::MinConcurrency);
    if (cap == d->options.concurrency && d->capApplied)
        return;
    d->capApplied = true;
    d->options.concurrency = cap;
    d->engine([cap](Checker *c) { c->setConcurrency(cap); }); // live: requests start or wait at once
    if (d->settings)
        d->settings->setValue(QStringLiteral("run/concurrency"), cap);
    if (d->running) {
        d->timing->setCap(cap);
        statusBar()->showMessage(tr("Now checking up to %1 URLs at once").arg(cap), 3000);
    }
}

int MainWindow::concurrency() const
{
    return d->options.concurrency;
}

void MainWindow::setCheckOptions(const CheckOptions &options)
{
    const int cap = options.concurrency;
    d->options = options;
    d->options.concurrency = concurrency();
    if (d->settings)
        AppSettings::saveOptions(*d->settings, d->options);
    const int perHost = options.perHostLimit;
    d->engine([perHost](Checker *c) { c->setPerHostLimit(perHost); }); // applied at once, also mid-run
    setConcurrency(cap);
}

CheckOptions MainWindow::checkOptions() const
{
    return d->options;
}

void MainWindow::Private::openSettings()
{
    auto *dialog = new SettingsDialog(q);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOptions(options);
    dialog->setLanguage(settings ? AppSettings::language(*settings) : QString());
    connect(dialog, &QDialog::accepted, q, [this, dialog]() {
        const QString oldLanguage = settings ? AppSettings::language(*settings) : QString();
        q->setCheckOptions(dialog->options(options));
        if (settings && dialog->language() != oldLanguage) {
            AppSettings::setLanguage(*settings, dialog->language());
            q->statusBar()->showMessage(tr("The new language applies after Fanout is restarted."), 8000);
        }
        if (running)
            q->statusBar()->showMessage(
                tr("The per-host limit applies now; the other settings apply from the next run."), 8000);
    });
    dialog->open();
}

// --- running ----------------------------------------------------------------------------------------------------

void MainWindow::startRun()
{
    if (d->running)
        return;
    if (d->discardRun) {
        d->startPending = true; // the replaced run is still winding down
        return;
    }
    if (d->input->hasUnloadedText() && (d->list.entries.isEmpty() || d->sourceName == tr("Pasted list")))
        d->loadFromBox();
    if (d->list.entries.isEmpty()) {
        d->warn(tr("Nothing to Check"),
                tr("Load a list first: File → Open (Ctrl+O), paste URLs into the box, or drop a file on the window."),
                Dialogs::Severity::Information);
        return;
    }
    QVector<int> rows(d->model->rowCount());
    std::iota(rows.begin(), rows.end(), 0);
    d->beginRun(rows);
}

void MainWindow::recheckFailed()
{
    if (d->running)
        return;
    QVector<int> rows;
    const QVector<CheckResult> &results = d->model->results();
    for (const CheckResult &r : results)
        if (r.isFailed() && r.url.isValid()) // an invalid line fails again the same way
            rows.append(r.id);
    if (rows.isEmpty()) {
        statusBar()->showMessage(tr("No failed URLs to check again."), 4000);
        return;
    }
    d->beginRun(rows);
}

void MainWindow::recheckSelected()
{
    if (d->running)
        return;
    const QVector<int> rows = d->selectedSourceRows();
    if (!rows.isEmpty())
        d->beginRun(rows);
}

void MainWindow::Private::beginRun(const QVector<int> &rows)
{
    const QVector<CheckTarget> all = targetsFor(list);
    QVector<CheckTarget> targets;
    targets.reserve(rows.size());
    for (const int row : rows)
        if (row >= 0 && row < all.size())
            targets.append(all.at(row));
    if (targets.isEmpty())
        return;
    model->resetRows(rows);
    model->flush();
    CheckOptions runOptions = options;
    runOptions.concurrency = q->concurrency();
    engine([runOptions](Checker *c) { c->setOptions(runOptions); });
    runTotal = int(targets.size());
    runDone = 0;
    running = true;
    finishedOnce = false;
    lastCancelled = false;
    frozenElapsedMs = 0;
    rateSamples.clear();
    timing->runStarted(runOptions.concurrency, sourceName);
    paused = false;
    runClock.start();
    clock.start();
    updateActions();
    engine([targets, window = QPointer<MainWindow>(q)](Checker *c) {
        if (c->start(targets))
            return;
        QMetaObject::invokeMethod(window, [window]() {
            if (window)
                window->d->onStartRefused();
        });
    });
    updateStatus();
    updateTitle();
    showDetailsFor(currentSourceRow());
}

void MainWindow::togglePause()
{
    if (!d->running)
        return;
    d->paused = !d->paused;
    if (d->paused)
        d->engine([](Checker *c) { c->pause(); });
    else
        d->engine([](Checker *c) { c->resume(); });
    d->updateActions();
    d->updateStatus();
    d->updateTitle();
}

void MainWindow::stopRun()
{
    if (!d->running)
        return;
    statusBar()->showMessage(tr("Stopping: cancelling requests in flight…"), 3000);
    d->engine([](Checker *c) { c->cancel(); }); // every unfinished URL is reported cancelled, then runFinished
}

void MainWindow::Private::onRunFinished(qint64 wallMs, bool cancelled)
{
    if (discardRun) {
        discardRun = false;
        if (startPending) {
            startPending = false;
            QTimer::singleShot(0, q, [this]() { q->startRun(); });
        }
        return;
    }
    model->flush(); // the model holds every row before anyone hears of the end
    running = false;
    paused = false;
    clock.stop();
    frozenElapsedMs = wallMs;
    finishedOnce = true;
    lastCancelled = cancelled;
    updateActions();
    updateStatus();
    updateTitle();
    updateFilterButtons();
    updateShownLabel();
    if (timingPushPending)
        pushToTimingPanel(true);
    timing->setLiveElapsed(wallMs);
    timing->runFinished(wallMs, cancelled);
    const QLocale locale;
    const ResultCounts &c = model->counts();
    q->statusBar()->showMessage(
        (cancelled ? tr("Stopped after %1: %2 OK, %3 failed") : tr("Finished in %1: %2 OK, %3 failed"))
            .arg(formatElapsed(wallMs), locale.toString(c.ok), locale.toString(c.failed)),
        10000);
    emit q->runFinished(wallMs, cancelled);
}

void MainWindow::Private::onStartRefused()
{
    running = false;
    paused = false;
    clock.stop();
    updateActions();
    updateStatus();
    updateTitle();
    warn(tr("Cannot Start"), tr("The checker is still busy with the previous run."));
}

bool MainWindow::isRunning() const
{
    return d->running;
}

bool MainWindow::isPaused() const
{
    return d->running && d->paused;
}

void MainWindow::clearAll()
{
    if (d->running)
        return;
    loadList(UrlList(), QString());
    d->input->setBoxText(QString());
}

// --- acting on results ------------------------------------------------------------------------------------------

bool MainWindow::exportTo(const QString &path, bool filteredOnly, QString *error)
{
    d->model->flush();
    QVector<CheckResult> rows;
    if (filteredOnly) {
        const QVector<int> visible = d->proxy->visibleSourceRows();
        rows.reserve(visible.size());
        for (const int row : visible)
            rows.append(d->model->result(row));
    } else {
        rows = d->model->results();
    }
    ExportOptions options;
    options.format = ResultWriter::formatForPath(path);
    QString why;
    if (!ResultWriter::write(path, rows, options, &why)) {
        if (error)
            *error = why;
        return false;
    }
    statusBar()->showMessage(
        tr("Exported %n row(s) to %1", nullptr, int(rows.size())).arg(QDir::toNativeSeparators(path)), 8000);
    return true;
}

void MainWindow::Private::exportDialog(bool filteredOnly)
{
    const QString base = sourceName.isEmpty() ? QStringLiteral("fanout") : QFileInfo(sourceName).completeBaseName();
    const QString dir = settings ? AppSettings::lastDirectory(*settings) : QDir::homePath();
    const QString suggested = QDir(dir).filePath(base + QStringLiteral("-results.csv"));
    dialogs->saveFile(q, filteredOnly ? tr("Export Filtered Rows") : tr("Export All Rows"), suggested,
                      tr("CSV (*.csv);;JSON Lines (*.jsonl)"), [this, filteredOnly](const QString &path) {
                          if (path.isEmpty())
                              return;
                          if (settings)
                              AppSettings::setLastDirectory(*settings, QFileInfo(path).absolutePath());
                          QString error;
                          if (!q->exportTo(path, filteredOnly, &error))
                              warn(tr("Export Failed"), error, Dialogs::Severity::Error);
                      });
}

QString MainWindow::selectedRowsAsTsv() const
{
    const QVector<int> rows = d->selectedSourceRows();
    if (rows.isEmpty())
        return {};
    const QHeaderView *header = d->view->horizontalHeader();
    QVector<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    QStringList lines;
    QStringList cells;
    for (const int c : std::as_const(columns))
        cells.append(cellText(d->model->columnTitle(c)));
    lines.append(cells.join(u'\t'));
    for (const int row : rows) {
        cells.clear();
        for (const int c : std::as_const(columns))
            cells.append(cellText(d->model->index(row, c).data().toString()));
        lines.append(cells.join(u'\t'));
    }
    return lines.join(u'\n') + u'\n';
}

void MainWindow::Private::openInBrowser()
{
    const int row = currentSourceRow();
    if (row < 0)
        return;
    const CheckResult &r = model->result(row);
    if (!r.url.isValid())
        return;
    if (!dialogs->openUrl(r.url))
        q->statusBar()->showMessage(tr("Could not open a web browser."), 5000);
}

// --- accessors --------------------------------------------------------------------------------------------------

ResultsModel *MainWindow::resultsModel() const
{
    return d->model;
}

ResultsFilterModel *MainWindow::filterModel() const
{
    return d->proxy;
}

Checker *MainWindow::checker() const
{
    return d->checker;
}

TimingPanel *MainWindow::timingPanel() const
{
    return d->timing;
}

QString MainWindow::sourceName() const
{
    return d->sourceName;
}

qint64 MainWindow::elapsedMs() const
{
    return d->elapsed();
}

QString MainWindow::elapsedText() const
{
    return d->elapsedLabel->text();
}

void MainWindow::showTimingView()
{
    d->bottomTabs->setCurrentWidget(d->timing);
    const QList<int> sizes = d->rightSplitter->sizes();
    if (sizes.size() == 2 && sizes.at(1) < 120)
        d->rightSplitter->setSizes({(sizes.at(0) + sizes.at(1)) / 2, (sizes.at(0) + sizes.at(1)) / 2});
}

void MainWindow::setDialogs(Dialogs *dialogs)
{
    d->dialogs = dialogs ? dialogs : &d->defaultDialogs;
}

Dialogs *MainWindow::dialogs() const
{
    return d->dialogs;
}

void MainWindow::selectSourceRow(int row)
{
    if (row < 0 || row >= d->model->rowCount())
        return;
    QModelIndex index = d->proxy->mapFromSource(d->model->index(row, 0));
    if (!index.isValid() && d->proxy->isFiltering()) {
        // The row is filtered out: show everything so it can be selected.
        d->search->clear();
        d->proxy->setSearchText(QString());
        d->filterButtons.first()->defaultAction()->trigger();
        index = d->proxy->mapFromSource(d->model->index(row, 0));
    }
    if (!index.isValid())
        return;
    d->view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    d->view->scrollTo(index, QAbstractItemView::EnsureVisible);
}

// --- events -----------------------------------------------------------------------------------------------------

void MainWindow::closeEvent(QCloseEvent *event)
{
    d->saveLayout();
    if (d->running) {
        d->discardRun = true;
        d->engine([](Checker *c) { c->cancel(); });
    }
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QMimeData *mime = event->mimeData();
    bool usable = mime->hasText();
    if (mime->hasUrls()) {
        const QList<QUrl> urls = mime->urls();
        usable = usable || std::any_of(urls.cbegin(), urls.cend(), [](const QUrl &url) { return url.isLocalFile(); });
    }
    if (usable && !d->running)
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (d->running)
        return;
    QStringList files;
    if (mime->hasUrls()) {
        const QList<QUrl> urls = mime->urls();
        for (const QUrl &url : urls)
            if (url.isLocalFile())
                files.append(url.toLocalFile());
    }
    if (!files.isEmpty()) {
        event->acceptProposedAction();
        // Opened after the drop returns so a message box never nests inside the drag loop.
        QTimer::singleShot(0, this, [this, files]() { openFiles(files); });
        return;
    }
    if (mime->hasText()) {
        event->acceptProposedAction();
        const QString text = mime->text();
        QTimer::singleShot(0, this, [this, text]() {
            d->input->setBoxText(text);
            const UrlList list = UrlListParser::parseText(text);
            if (!list.error.isEmpty()) {
                d->warn(tr("Cannot Use the Text"), list.error);
                return;
            }
            loadList(list, tr("Dropped text"));
        });
    }
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
}

} // namespace Fanout
