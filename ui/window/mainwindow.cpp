#include "window/mainwindow.h"

#include "engine/messagetext.h"
#include "io/linkextractor.h"
#include "io/rules.h"
#include "io/sitemap.h"
#include "results/detailspane.h"
#include "results/resultsfiltermodel.h"
#include "results/resultsmodel.h"
#include "results/timebardelegate.h"
#include "timing/timingpanel.h"
#include "timing/waterfallview.h"
#include "window/appicon.h"
#include "window/appsettings.h"
#include "window/dialogs.h"
#include "window/mainwindowprivate.h"
#include "window/runcontroller.h"
#include "window/settingsdialog.h"
#include "window/urlinputpane.h"

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
#include <QMimeData>
#include <QPaintEvent>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPointer>
#include <QScreen>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QShortcut>
#include <QSizeGrip>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QStyleOption>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

namespace Fanout {

using namespace MainWindowParts;

namespace {

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

// QStatusBar paints its message itself, unelided, in whatever room is left of its first permanent widget, and a
// narrow window leaves none. Here a label of its own, the first permanent widget, shows the message elided in
// the room the layout gives it (the whole message in its tooltip), so it never runs into the state label.
class MessageStatusBar final : public QStatusBar
{
    Q_DISABLE_COPY_MOVE(MessageStatusBar)

public:
    explicit MessageStatusBar(QWidget *parent)
        : QStatusBar(parent)
        , m_message(new QLabel(this))
    {
        m_message->setObjectName(QStringLiteral("statusMessage"));
        m_message->setTextFormat(Qt::PlainText); // a host name or error text is never markup
        m_message->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        m_message->setMinimumWidth(fontMetrics().averageCharWidth() * 8);
        m_message->installEventFilter(this);
        addPermanentWidget(m_message, 1);
        connect(this, &QStatusBar::messageChanged, this, [this]() { showElided(); });
    }
    ~MessageStatusBar() override = default;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_message && event->type() == QEvent::Resize)
            showElided();
        return QStatusBar::eventFilter(watched, event);
    }

    // QStatusBar::paintEvent() without the message: the panel and the frames of the items.
    void paintEvent(QPaintEvent *event) override
    {
        QPainter painter(this);
        QStyleOption option;
        option.initFrom(this);
        style()->drawPrimitive(QStyle::PE_PanelStatusBar, &option, &painter, this);
        const QList<QWidget *> items = findChildren<QWidget *>(Qt::FindDirectChildrenOnly);
        for (QWidget *item : items) {
            const QRect frame = item->geometry().adjusted(-2, -1, 2, 1);
            if (!item->isVisible() || qobject_cast<QSizeGrip *>(item) || !event->rect().intersects(frame))
                continue;
            QStyleOption itemOption(0);
            itemOption.rect = frame;
            itemOption.palette = palette();
            itemOption.state = QStyle::State_None;
            style()->drawPrimitive(QStyle::PE_FrameStatusBarItem, &itemOption, &painter, item);
        }
    }

private:
    void showElided()
    {
        const QString message = currentMessage();
        const QString shown =
            m_message->fontMetrics().elidedText(message, Qt::ElideRight, m_message->contentsRect().width());
        if (m_message->text() != shown)
            m_message->setText(shown);
        m_message->setToolTip(shown == message ? QString() : message);
    }

    QLabel *m_message;
};

} // namespace

// ---------------------------------------------------------------------------------------------------------------

MainWindow::MainWindow(QSettings *settings, Checker::ManagerFactory factory, QWidget *parent)
    : QMainWindow(parent)
    , d(std::make_unique<Private>(this))
{
    d->settings = settings;
    // Runs live in the controller (engine thread, Checker, run writer, options); the window shows them.
    // The window's factory goes to the engine and, as a copy, to the cap sweep, so a test's managers serve
    // every check this window makes.
    d->runs = new RunController(settings ? AppSettings::loadOptions(*settings) : CheckOptions(), factory, this);
    connect(d->runs, &RunController::resultsCommitted, this, [this](qint64 n) {
        if (!d->discardRun)
            d->model->resultsCommitted(d->receivedBase + n);
    });
    connect(d->runs, &RunController::passClosed, this, [this](const QString &path) {
        d->updateRecentRunsMenu();
        emit runSaved(path);
    });
    connect(d->runs, &RunController::writeFailed, this, [this](const QString &why) {
        d->warn(tr("Run Not Saved"),
                tr("Writing the run file failed, so the rest of this run will not be kept:\n%1").arg(why));
    });
    connect(d->runs, &RunController::passNotSaved, this, [this](const QString &path, const QString &why) {
        d->warn(tr("Run Not Saved"), tr("This run cannot be written to %1, so it will be lost when Fanout closes:\n%2")
                                         .arg(QDir::toNativeSeparators(path), why));
    });
    connect(d->runs, &RunController::passFileReady, this, [this](const QString &path) {
        if (d->model->runFilePath() != path)
            d->model->attachRunFile(path);
        d->updateRecentRunsMenu();
    });
    connect(d->runs, &RunController::startRefused, this, [this]() { d->onStartRefused(); });
    // The cap in force changes on the controller (the demo's override, a lower limit): shown where it is set.
    connect(d->runs, &RunController::concurrencyChanged, this, [this](int) {
        if (!d->capSpin)
            return; // still building
        const int cap = d->effectiveOptions().concurrency;
        d->showCap(cap);
        if (d->running)
            d->timing->setCap(cap);
    });
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
    setStatusBar(new MessageStatusBar(this));
    d->buildStatusBar();
    d->stateLabel->setObjectName(QStringLiteral("stateLabel"));

    connect(d->runs, &RunController::urlStarted, this, [this](int id, qint64 atMs) {
        if (!d->discardRun)
            d->model->markStarted(id, atMs);
    });
    connect(d->runs, &RunController::urlFinished, this, [this](const CheckResult &result) {
        if (d->discardRun)
            return;
        d->model->setResult(result);
        d->unsaved = true;
        if (result.isCancelled())
            ++d->runCancelled; // a stop came first: not done, and not in the rate
        else
            ++d->runDone;
    });
    connect(d->runs, &RunController::pausedChanged, this, [this](bool paused) {
        if (d->running)
            d->paused = paused;
        d->updateActions();
        d->updateStatus();
        d->updateTitle();
    });
    connect(d->runs, &RunController::runFinished, this,
            [this](qint64 wallMs, bool cancelled) { d->onRunFinished(wallMs, cancelled); });
    // Politeness is visible where the run's other news goes; the engine already holds the host back.
    connect(d->runs, &RunController::hostSlowed, this, [this](const QString &host, qint64 waitMs, const QString &why) {
        if (d->discardRun)
            return;
        statusBar()->showMessage(
            tr("%1 asked to slow down (%2): its URLs wait %3 s").arg(host, why).arg(waitMs / 1000.0, 0, 'f', 1),
            int(std::clamp<qint64>(waitMs, 3000, 60000)));
    });
    connect(d->runs, &RunController::hostFailing, this, [this](const QString &host, int errors) {
        if (d->discardRun)
            return;
        statusBar()->showMessage(
            tr("%1 failed %2 times in a row: its remaining URLs are skipped").arg(host).arg(errors), 10000);
    });
    // rowsUpdated comes first in a batch, batchFlushed last: the timing panel gets just the rows that changed.
    connect(d->model, &ResultsModel::rowsUpdated, this, [this](const QVector<int> &rows) { d->changedRows += rows; });
    connect(d->model, &ResultsModel::batchFlushed, this, [this]() { d->onBatch(); });

    d->clock.setObjectName(QStringLiteral("runClockTimer"));
    d->clock.setInterval(ClockIntervalMs);
    d->clock.setTimerType(Qt::PreciseTimer);
    connect(&d->clock, &QTimer::timeout, this, [this]() { d->tick(); });
    // The view stays on the selected row while rows move around it (re-sorting as results arrive).
    connect(d->proxy, &QAbstractItemModel::layoutAboutToBeChanged, this, [this]() { d->captureAnchor(); });
    connect(d->proxy, &QAbstractItemModel::layoutChanged, this, [this]() { d->restoreAnchor(); });

    d->timing->setResults(d->model->sharedTimingRows());
    // The timing rows carry the origin only: labels and tooltips of the waterfall read the row's text.
    d->timing->waterfall()->setRowFetcher([model = d->model](int row) { return model->result(row); });
    d->timing->setCapSweepRunner(d->runs->capSweepRunner()); // the run controller's, with the engine's managers
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
    // Compare caps checks the list's valid URLs with the user's options; the panel asks, never looks up here.
    d->timing->setSweepSource(
        [this]() {
            QVector<CheckTarget> valid;
            const QVector<CheckTarget> all = targetsFor(d->list);
            for (const CheckTarget &t : all) {
                if (t.entry.isValid())
                    valid.append(t);
            }
            return valid;
        },
        [this]() { return d->runs->userOptions(); }, [this]() { return d->sourceName; });
    connect(d->timing, &TimingPanel::rowActivated, this, [this](int row) { selectSourceRow(row); });
    connect(d->timing, &TimingPanel::capSweepBusyChanged, this, [this](bool busy) {
        d->capSweepBusy = busy;
        d->updateActions();
    });

    d->restoreLayout();
    setConcurrency(d->runs->userOptions().concurrency);
    d->updateRecentMenu();
    d->updateRecentRunsMenu();
    d->updateActions();
    d->updateStatus();
    d->updateTitle();
    d->updateFilterButtons();
    d->updateShownLabel();
}

MainWindow::~MainWindow()
{
    d->clock.stop();
    d->timing->setResults({});
    d->dropUnrunStage(); // a staged list nobody ran is not a run
    disconnect(d->runs, nullptr, this, nullptr);
    delete d->runs; // ends the engine thread (waits for it) before the widgets its news would reach go
    d->runs = nullptr;
}

// --- building ---------------------------------------------------------------------------------------------------

void MainWindow::Private::buildCentral()
{
    input = new UrlInputPane(q);
    connect(input, &UrlInputPane::loadRequested, q, [this]() { loadFromBox(); });
    connect(input, &UrlInputPane::checkRequested, q, [this]() { q->startRun(); });
    guardShortcuts(input->editor());
    // Start checks what is typed or pasted into the box (see startRun), so it is enabled as soon as there is some.
    connect(input->editor(), &QPlainTextEdit::textChanged, q, [this]() { updateActions(); });

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
        {ResultFilter::Errors, QT_TR_NOOP("Timeouts, connection and TLS errors, invalid lines")},
        {ResultFilter::Cancelled, QT_TR_NOOP("Checks a stop ended before an answer: neither OK nor failed")},
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
    search->setMinimumWidth(search->fontMetrics().horizontalAdvance(u'M') *
                            10); // grows with the bar; a narrow window keeps the chips
    guardShortcuts(search);
    // Esc backs out of the search (clear it, then back to the table); it never stops the run from here.
    auto *clearSearch = new QShortcut(QKeySequence(Qt::Key_Escape), search);
    clearSearch->setContext(Qt::WidgetShortcut);
    connect(clearSearch, &QShortcut::activated, q, [this]() {
        if (search->text().isEmpty())
            view->setFocus(Qt::ShortcutFocusReason);
        else
            search->clear();
    });
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
    view->setTabKeyNavigation(false); // Tab leaves the table in one press; arrows move between cells
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
    columns->setSectionResizeMode(QHeaderView::Interactive);
    // The URL takes what the other columns leave (elided), so Status, Title, Time and Error are in view at
    // 800 pixels wide; what the details pane shows anyway starts hidden (the header's menu shows it).
    columns->setStretchLastSection(false);
    columns->setSectionResizeMode(ResultsModel::UrlColumn, QHeaderView::Stretch);
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    const int em = view->fontMetrics().horizontalAdvance(u'M');
    // Status has room for most outcomes in words ("Redirect loop (302)"); a longer one is elided, whole in its
    // tooltip and the details pane.
    const int widths[ResultsModel::ColumnCount] = {4 * em, 16 * em, 6 * em,  16 * em, 14 * em, 7 * em,
                                                   6 * em, 10 * em, 18 * em, 6 * em,  6 * em,  13 * em};
    for (int c = 0; c < ResultsModel::ColumnCount; ++c)
        columns->resizeSection(c, widths[c]);
    for (const int c : {ResultsModel::SizeColumn, ResultsModel::ContentTypeColumn, ResultsModel::FinalUrlColumn,
                        ResultsModel::RedirectsColumn, ResultsModel::AttemptsColumn})
        columns->setSectionHidden(c, true);
    view->setItemDelegateForColumn(ResultsModel::TimeColumn, new TimeBarDelegate(view));
    view->setItemDelegateForColumn(ResultsModel::UrlColumn, new UrlDelegate(view));
    view->setItemDelegateForColumn(ResultsModel::FinalUrlColumn, new UrlDelegate(view));
    view->setSortingEnabled(true);
    view->sortByColumn(ResultsModel::NumberColumn, Qt::AscendingOrder);
    fitSectionsToTitles(columns);
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
    for (QAction *action :
         {browserAction, copyAction, copyUrlAction, recheckSelectedAction, showDetailsAction, stopAction})
        view->addAction(action); // Stop's Esc works where it has a widget (see buildActions)
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
    bottomTabs->setObjectName(QStringLiteral("bottomTabs"));
    bottomTabs->setDocumentMode(true);
    bottomTabs->addTab(details, tr("Details"));
    bottomTabs->addTab(timing, tr("Timing"));
    bottomTabs->setTabToolTip(0, tr("The selected row's redirect chain, timings and headers (Ctrl+D)"));
    bottomTabs->setTabToolTip(1, tr("Waterfall, sequential vs concurrent, latency and run history (Ctrl+T)"));
    // The pane can shrink to its tabs alone (its pages' own minimum would take a small screen's table away);
    // a click on a tab opens it again, as Ctrl+D and Ctrl+T do.
    bottomTabs->setMinimumHeight(bottomTabs->tabBar()->sizeHint().height());
    connect(bottomTabs, &QTabWidget::tabBarClicked, q, [this](int index) {
        if (index == bottomTabs->indexOf(timing))
            q->showTimingView();
        else if (index == bottomTabs->indexOf(details))
            showDetailsAction->trigger();
    });

    rightSplitter = new QSplitter(Qt::Vertical, q);
    rightSplitter->setObjectName(QStringLiteral("rightSplitter"));
    rightSplitter->addWidget(tableArea);
    rightSplitter->addWidget(bottomTabs);
    rightSplitter->setStretchFactor(0, 1); // a taller window is more rows
    rightSplitter->setStretchFactor(1, 0);
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

// The frame around the window: known once it is shown, guessed before (a title bar and thin borders).
QMargins MainWindow::Private::frameMargins() const
{
    const QRect inner = q->geometry();
    const QRect outer = q->frameGeometry();
    if (q->testAttribute(Qt::WA_WState_Created) && outer != inner)
        return {inner.left() - outer.left(), inner.top() - outer.top(), outer.right() - inner.right(),
                outer.bottom() - inner.bottom()};
    const int border = 4;
    return {border, q->fontMetrics().height() * 2 + border, border, border};
}

// The whole window, its frame included, on the available area of its screen: shrunk and moved when needed.
void MainWindow::Private::fitToScreen()
{
    QScreen *screen = q->screen();
    if (!screen || (q->windowState() & (Qt::WindowMaximized | Qt::WindowFullScreen)))
        return;
    const QMargins frame = frameMargins();
    const QRect fitted = AppSettings::fitToScreen(q->geometry().marginsAdded(frame), screen->availableGeometry(),
                                                  q->minimumSizeHint().grownBy(frame))
                             .marginsRemoved(frame);
    if (fitted != q->geometry())
        q->setGeometry(fitted);
}

void MainWindow::Private::restoreLayout()
{
    const QByteArray geometry =
        settings ? settings->value(QStringLiteral("window/geometry")).toByteArray() : QByteArray();
    if (geometry.isEmpty() || !q->restoreGeometry(geometry)) {
        // First start: 1280x800 where the screen has room for it, else what it has, centred.
        const QRect available = q->screen() ? q->screen()->availableGeometry() : QRect(0, 0, 1280, 800);
        QRect frame(QPoint(), QSize(1280, 800).grownBy(frameMargins()).boundedTo(available.size()));
        frame.moveCenter(available.center());
        q->setGeometry(frame.marginsRemoved(frameMargins()));
    }
    fitToScreen();
    // Once shown, the real frame is known (and the splitters have their sizes).
    QTimer::singleShot(0, q, [this]() { fitToScreen(); });
    const QByteArray rightState =
        settings ? settings->value(QStringLiteral("window/rightSplitter")).toByteArray() : QByteArray();
    if (!rightSplitter->restoreState(rightState)) {
        // First start: the table gets the height and the bottom pane, empty until a row is selected, only its
        // tabs; once the window has its size.
        QTimer::singleShot(0, q, [this]() {
            const int total = rightSplitter->height();
            const int tabs = bottomTabs->minimumHeight();
            if (total > tabs)
                rightSplitter->setSizes({total - tabs, tabs});
        });
    }
    // The URL list pane starts hidden when the window is narrow: the table needs the width (Ctrl+L shows it).
    const bool wide = q->width() >= 1100;
    if (!settings) {
        showListAction->setChecked(wide);
        input->setVisible(wide);
        return;
    }
    q->restoreState(settings->value(QStringLiteral("window/state")).toByteArray());
    mainSplitter->restoreState(settings->value(QStringLiteral("window/mainSplitter")).toByteArray());
    view->horizontalHeader()->restoreState(settings->value(QStringLiteral("window/columns")).toByteArray());
    fitSectionsToTitles(view->horizontalHeader()); // widths saved before a title grew (another language)
    const bool listShown = settings->value(QStringLiteral("window/listPane"), wide).toBool();
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
    AppSettings::saveOptions(*settings, runs->userOptions());
    settings->sync();
}

// --- batches and selection (status area: mainwindowstatus.cpp) --------------------------------------------------

void MainWindow::Private::onBatch()
{
    // Rows only (a reset or a new list comes through setResults): the panel's cost follows the batch size.
    if (!changedRows.isEmpty()) {
        timing->resultsChanged(changedRows);
        changedRows.clear();
    }
    updateStatus();
    updateTitle();
    updateFilterButtons();
    if (detailsStamp.row >= 0 && detailsStamp.row < model->rowCount() &&
        !(RowStamp::of(detailsStamp.row, model->row(detailsStamp.row)) == detailsStamp))
        showDetailsFor(detailsStamp.row);
    updateShownLabel();
    if (!running && recheckFailedAction->isEnabled() != (model->counts().failed > 0))
        updateActions();
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
    const CheckResult r = model->result(row);
    detailsStamp = RowStamp::of(row, model->row(row));
    details->showResult(r, model->earlierResults(row));
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
    bool documents = true;
    for (const QString &path : paths)
        documents = documents && isDocumentPath(path);
    if (documents)
        return openDocuments(paths);
    if (paths.size() == 1 && QFileInfo(paths.first()).size() >= d->stageBytes)
        return d->stageList(paths.first()); // a long list is read into its run file, off this thread
    QVector<UrlList> lists;
    QStringList loadedNames;
    QStringList problems;
    FanoutConfig config;
    Private::AppliedRules rules;
    for (const QString &path : paths) {
        UrlList list = UrlListParser::parseFile(path);
        if (!list.error.isEmpty()) {
            problems.append(MessageText::translated(list.error));
            continue;
        }
        if (QString why; paths.size() == 1 && (!Private::readConfig({path}, &config, &why) ||
                                               !d->applyRules(path, config, &list.entries, &rules, &why))) {
            problems.append(MessageText::translated(why));
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
    // Rules are a list file's: several files merged have none of their own.
    d->loadRuled(mergeLists(lists), name, paths.size() == 1 ? paths.first() : QString(), rules, {});
    d->input->setBoxText(QString()); // the box is for pasting; the loaded file is summarised above it
    return true;
}

bool MainWindow::openDocuments(const QStringList &paths)
{
    if (paths.isEmpty())
        return false;
    if (d->running) {
        d->warn(tr("Run in progress"), tr("Stop the run (Esc) before loading another list."));
        return false;
    }
    FanoutConfig config;
    QString why;
    if (!Private::readConfig(paths, &config, &why)) {
        d->warn(tr("Cannot Open List"),
                tr("Nothing was loaded; the current list is unchanged.\n\n%1").arg(MessageText::translated(why)));
        return false;
    }
    // A folder can hold thousands of documents: read on a thread of its own, the window stays responsive.
    const int generation = ++d->listGeneration;
    d->loadingList = true;
    d->updateActions();
    statusBar()->showMessage(tr("Reading the links of %1…").arg(QFileInfo(paths.first()).fileName()));
    auto scan = std::make_shared<DocumentScan>();
    QThread *reader =
        QThread::create([scan, paths, config]() { *scan = scanDocuments(paths, QUrl(config.base), config.globs); });
    connect(reader, &QThread::finished, reader, &QObject::deleteLater);
    connect(reader, &QThread::finished, this, [this, scan, paths, config, generation]() {
        if (generation != d->listGeneration)
            return;
        d->loadingList = false;
        d->finishDocuments(paths, *scan, config);
    });
    reader->start();
    return true;
}

void MainWindow::Private::finishDocuments(const QStringList &paths, const DocumentScan &scan,
                                          const FanoutConfig &config)
{
    // As fanout-cli: a file that could not be read is a row of its own, then every distinct link.
    UrlList list;
    QStringList sources;
    for (const QString &error : scan.errors) {
        UrlEntry row;
        row.text = error.section(QStringLiteral(": "), 0, 0);
        row.error = QStringLiteral("unreadable: ") + error;
        list.entries.append(row);
        sources.append(row.text);
    }
    for (const DocumentUrl &url : scan.urls) {
        list.entries.append(url.entry);
        sources.append(url.sources);
    }
    list.duplicates = scan.duplicates;
    list.skipped = scan.ignored;
    list.encoding = QStringLiteral("UTF-8");
    const QString rulesPath = paths.size() == 1 ? paths.first() : QString();
    Private::AppliedRules rules;
    QString why;
    if (!applyRules(rulesPath, config, &list.entries, &rules, &why)) {
        updateActions();
        warn(tr("Cannot Open List"),
             tr("Nothing was loaded; the current list is unchanged.\n\n%1").arg(MessageText::translated(why)));
        return;
    }
    if (settings) {
        for (const QString &path : paths)
            AppSettings::addRecentFile(*settings, path);
        AppSettings::setLastDirectory(*settings, QFileInfo(paths.first()).absolutePath());
    }
    updateRecentMenu();
    const QString first = QFileInfo(paths.first()).fileName();
    const QString name = paths.size() == 1 ? first : tr("%1 + %n more", nullptr, int(paths.size()) - 1).arg(first);
    loadRuled(list, name, rulesPath, rules, sources);
    input->setBoxText(QString());
    q->statusBar()->showMessage(
        tr("%1: %n document(s), %2 distinct links, %3 repeats, %4 not http(s)", nullptr, scan.files)
            .arg(name)
            .arg(scan.urls.size())
            .arg(scan.duplicates)
            .arg(scan.ignored),
        8000);
    emit q->documentsLoaded(int(list.entries.size()));
}

bool MainWindow::openSitemap(const QString &location)
{
    const QString where = location.trimmed();
    if (where.isEmpty())
        return false;
    if (d->running) {
        d->warn(tr("Run in progress"), tr("Stop the run (Esc) before loading another list."));
        return false;
    }
    const bool remote = where.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
                        where.startsWith(QLatin1String("https://"), Qt::CaseInsensitive);
    FanoutConfig config;
    QString why;
    if (!Private::readConfig(remote ? QStringList() : QStringList{where}, &config, &why)) {
        d->warn(tr("Cannot Open Sitemap"), MessageText::translated(why));
        return false;
    }
    const CheckOptions o = d->effectiveOptions();
    SitemapLoader::Limits limits;
    if (config.sitemapLimit)
        limits.maxTotalUrls = *config.sitemapLimit;
    limits.timeoutMs = std::max(o.timeoutMs, 30000);
    limits.userAgent = o.userAgent;
    limits.headers = o.headers;
    limits.ignoreTlsErrors = o.ignoreTlsErrors;
    const int generation = ++d->listGeneration;
    d->loadingList = true;
    d->updateActions();
    statusBar()->showMessage(tr("Reading sitemap %1…").arg(where));
    // Read on the engine thread (the controller's): no network work here, only plain values come back.
    d->runs->readSitemap(limits, where, this,
                         [this, where, generation, config](const RunController::SitemapRead &read) {
                             if (generation != d->listGeneration)
                                 return;
                             d->finishSitemap(where, read.list, read.sources, config, read.failed, read.read);
                         });
    return true;
}

bool MainWindow::isLoadingList() const
{
    return d->loadingList;
}

void MainWindow::Private::finishSitemap(const QString &where, UrlList list, const QStringList &sources,
                                        const FanoutConfig &config, int failed, const QStringList &read)
{
    loadingList = false;
    QString why;
    AppliedRules rules;
    if (!applyRules(where, config, &list.entries, &rules, &why)) {
        afterSitemap = nullptr;
        updateActions();
        warn(tr("Cannot Open Sitemap"), MessageText::translated(why));
        return;
    }
    const QString name = QFileInfo(where).fileName().isEmpty() ? where : QFileInfo(where).fileName();
    const std::function<void()> next = std::exchange(afterSitemap, nullptr); // loading the list forgets it
    loadRuled(list, name, where, rules, sources);
    listIsSitemap = true;
    input->setBoxText(QString());
    q->statusBar()->showMessage(tr("Sitemaps read: %1").arg(read.join(QStringLiteral("; "))), 10000);
    emit q->sitemapLoaded(int(list.entries.size()), failed);
    if (next)
        next(); // Start was pressed with the sitemap's URL in the box: one step, as for pasted URLs
}

void MainWindow::loadList(const UrlList &list, const QString &sourceName)
{
    if (d->running) {
        // Replacing the list mid-run: cancel, and ignore what the old run still reports.
        d->discardRun = true;
        d->running = false;
        d->paused = false;
        d->clock.stop();
        d->runs->stop();
    }
    d->dropUnrunStage();
    d->stagedList = false;
    d->list = list;
    d->sourceName = sourceName;
    d->listPath.clear();
    d->listIsSitemap = false;
    d->applied = {};
    ++d->listGeneration; // a sitemap or documents still being read are no longer wanted
    d->afterSitemap = nullptr;
    d->loadingList = false;
    d->runPath.clear(); // the next run writes a run file of its own
    d->unsaved = false;
    ++d->loadGeneration; // a run being opened is no longer wanted
    d->finishedOnce = false;
    d->lastCancelled = false;
    d->runTotal = 0;
    d->runDone = 0;
    d->runCancelled = 0;
    d->frozenElapsedMs = 0;
    d->rateSamples.clear();
    d->changedRows.clear();
    d->model->setList(list);
    d->timing->setResults(d->model->sharedTimingRows()); // a new list: the panel re-reads everything once
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

void MainWindow::Private::loadFromBox(const std::function<void()> &then)
{
    if (running)
        return;
    // One pasted URL whose path names a sitemap (…sitemap….xml[.gz]) is read as one: its pages are the list.
    const QString pasted = input->boxText().trimmed();
    const QUrl pastedUrl(pasted, QUrl::StrictMode);
    const QString fileName = pastedUrl.path().toLower();
    if (!pasted.contains(u'\n') &&
        (pastedUrl.scheme() == QLatin1String("http") || pastedUrl.scheme() == QLatin1String("https")) &&
        fileName.contains(QLatin1String("sitemap")) &&
        (fileName.endsWith(QLatin1String(".xml")) || fileName.endsWith(QLatin1String(".xml.gz")))) {
        confirmDiscard(tr("load another list"), [this, pasted, then]() {
            if (q->openSitemap(pasted))
                afterSitemap = then; // set after openSitemap(), which forgets what an earlier list wanted
        });
        return; // read off the GUI thread: Start checks its pages once they are listed
    }
    const UrlList list = input->parseBox();
    if (!list.error.isEmpty()) {
        warn(tr("Cannot Use the Text"), MessageText::translated(list.error));
        return;
    }
    const QString text = input->boxText();
    confirmDiscard(tr("load another list"), [this, list, text, then]() {
        q->loadList(list, tr("Pasted list"));
        input->setBoxText(text);
        if (then)
            then(); // after the user agreed, when a question came first
    });
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

void MainWindow::Private::showCap(int cap)
{
    {
        const QSignalBlocker blockSpin(capSpin);
        const QSignalBlocker blockSlider(capSlider);
        capSpin->setValue(cap);
        if (sliderToCap(capSlider->value()) != cap)
            capSlider->setValue(capToSlider(cap));
    }
    capUpAction->setEnabled(cap < runs->maxConcurrency());
    capDownAction->setEnabled(cap > AppSettings::MinConcurrency);
}

CheckOptions MainWindow::Private::effectiveOptions() const
{
    CheckOptions o = runs->runOptions();
    if (!applied.acceptStatuses.isEmpty()) {
        // The list's --accept (Settings → Rules or its fanout.toml) decides what is OK for its runs.
        o.acceptStatuses = applied.acceptStatuses;
        o.acceptText = applied.acceptText;
    }
    return o;
}

bool MainWindow::Private::readConfig(const QStringList &inputs, FanoutConfig *config, QString *why)
{
    *config = FanoutConfig();
    const QString found = findConfig(inputs);
    if (found.isEmpty())
        return true;
    if (!loadConfig(found, config, why))
        return false;
    config->path = found;
    return true;
}

bool MainWindow::Private::buildRules(const QString &rulesPath, const FanoutConfig &config, UrlRules *rules,
                                     AppliedRules *out, QString *why) const
{
    const AppSettings::ListRules own =
        settings && !rulesPath.isEmpty() ? AppSettings::listRules(*settings, rulesPath) : AppSettings::ListRules();
    AppliedRules result;
    result.configPath = config.path;
    if (!AppSettings::buildRules(own, config, rules, &result.acceptStatuses, &result.acceptText, why)) {
        *why = (config.path.isEmpty() ? rulesPath : config.path) + QStringLiteral(": ") + *why;
        return false;
    }
    *out = result;
    return true;
}

bool MainWindow::Private::applyRules(const QString &rulesPath, const FanoutConfig &config, QVector<UrlEntry> *entries,
                                     AppliedRules *out, QString *why) const
{
    UrlRules rules;
    if (!buildRules(rulesPath, config, &rules, out, why))
        return false;
    if (rules.isEmpty())
        return true;
    // As the CLI does: a rule's verdict makes the entry a row of its own that the engine never requests.
    for (UrlEntry &entry : *entries) {
        if (entry.isValid())
            entry.error = rules.verdict(entry.url);
    }
    return true;
}

void MainWindow::Private::loadRuled(const UrlList &list, const QString &name, const QString &path,
                                    const AppliedRules &rules, const QStringList &sources)
{
    q->loadList(list, name);
    listPath = path.isEmpty() || path.contains(QLatin1String("://")) ? path : QFileInfo(path).absoluteFilePath();
    applied = rules;
    model->setSources(sources);
    if (!rules.configPath.isEmpty())
        q->statusBar()->showMessage(
            tr("Loaded %1 with the rules of %2").arg(name, QDir::toNativeSeparators(rules.configPath)), 5000);
}

void MainWindow::setConcurrency(int cap)
{
    cap = d->clampCap(cap);
    d->showCap(cap);
    if (!d->runs->setConcurrency(cap))
        return;
    // With an override the cap is that run's alone; otherwise it is the user's and is kept.
    if (!d->runs->hasRunOptionsOverride() && d->settings)
        d->settings->setValue(QStringLiteral("run/concurrency"), cap);
    if (d->running) {
        d->timing->setCap(cap);
        statusBar()->showMessage(tr("Now checking up to %1 URLs at once").arg(cap), 3000);
    }
}

void MainWindow::setMaxConcurrency(int cap)
{
    d->runs->setMaxConcurrency(cap); // lowers an override above it at once
    d->capSpin->setMaximum(d->runs->maxConcurrency());
    if (d->running)
        d->timing->setCap(concurrency());
    if (concurrency() > d->runs->maxConcurrency())
        setConcurrency(d->runs->maxConcurrency());
    d->showCap(concurrency());
}

int MainWindow::maxConcurrency() const
{
    return d->runs->maxConcurrency();
}

int MainWindow::concurrency() const
{
    return d->effectiveOptions().concurrency;
}

void MainWindow::setCheckOptions(const CheckOptions &options)
{
    const bool overridden = d->runs->hasRunOptionsOverride();
    d->runs->setUserOptions(options);
    if (d->settings)
        AppSettings::saveOptions(*d->settings, d->runs->userOptions());
    if (!overridden)
        setConcurrency(options.concurrency);
}

CheckOptions MainWindow::checkOptions() const
{
    return d->runs->userOptions();
}

void MainWindow::setRunOptionsOverride(std::optional<CheckOptions> options)
{
    d->runs->setRunOptionsOverride(std::move(options));
    // The cap and per-host limit in force follow at once (also mid-run); the rest applies from the next run.
    const int cap = d->effectiveOptions().concurrency;
    d->showCap(cap);
    if (d->running)
        d->timing->setCap(cap);
}

bool MainWindow::hasRunOptionsOverride() const
{
    return d->runs->hasRunOptionsOverride();
}

CheckOptions MainWindow::runOptions() const
{
    return d->effectiveOptions();
}

void MainWindow::Private::openSettings()
{
    auto *dialog = new SettingsDialog(q);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOptions(runs->userOptions());
    dialog->setLanguage(settings ? AppSettings::language(*settings) : QString());
    const QString rulesPath = settings ? listPath : QString();
    dialog->setListRules(rulesPath.isEmpty() ? QString() : QFileInfo(rulesPath).fileName(),
                         rulesPath.isEmpty() ? AppSettings::ListRules() : AppSettings::listRules(*settings, rulesPath));
    connect(dialog, &QDialog::accepted, q, [this, dialog, rulesPath]() {
        const QString oldLanguage = settings ? AppSettings::language(*settings) : QString();
        q->setCheckOptions(dialog->options(runs->userOptions()));
        if (!rulesPath.isEmpty() && settings) {
            const AppSettings::ListRules before = AppSettings::listRules(*settings, rulesPath);
            const AppSettings::ListRules after = dialog->listRules();
            AppSettings::setListRules(*settings, rulesPath, after);
            const bool changed = before.exclude != after.exclude || before.include != after.include ||
                                 before.onlyHosts != after.onlyHosts || before.skipHosts != after.skipHosts ||
                                 before.accept != after.accept;
            // New rules apply to the rows at once: the list is read again with them (not during a run).
            if (changed && !running && listPath == rulesPath && listIsSitemap)
                q->openSitemap(rulesPath);
            else if (changed && !running && listPath == rulesPath)
                q->openFiles({rulesPath});
            else if (changed && running)
                q->statusBar()->showMessage(tr("The list's new rules apply when it is loaded again."), 8000);
        }
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
    if (d->input->hasUnloadedText() && !d->loadingList) {
        // What was pasted or typed last is what Start checks, in one step; Load (Ctrl+Enter) is there to review
        // the rows first. The box is emptied whenever a file, folder or sitemap is loaded, so text in it is newer.
        d->loadFromBox([this]() { startRun(); });
        if (d->input->hasUnloadedText() && !d->loadingList)
            return; // not loaded (yet): a question is open, or the text could not be used
        if (d->running)
            return;
    }
    if (d->loadingRun) {
        // A run file or a staged list is still being read: the table is not yet what Start would check.
        statusBar()->showMessage(tr("Still reading; press Start once the list is shown."), 5000);
        return;
    }
    const bool reopened = d->list.entries.isEmpty() && !d->runPath.isEmpty() && d->model->rowCount() > 0;
    if (d->loadingList) {
        // A pasted sitemap URL: its pages become the list once it is read, and are checked then.
        statusBar()->showMessage(d->afterSitemap ? tr("Reading the sitemap; its pages are checked once listed.")
                                                 : tr("Reading the sitemap; press Start when its pages are listed."),
                                 5000);
        return;
    }
    if (d->list.entries.isEmpty() && !reopened) {
        d->warn(tr("Nothing to Check"),
                tr("Load a list first: File → Open (Ctrl+O), paste URLs into the box, or drop a file on the window."),
                Dialogs::Severity::Information);
        return;
    }
    if (reopened) {
        // A reopened run: check what it has not checked yet.
        QVector<int> rows;
        for (int row = 0; row < d->model->rowCount(); ++row)
            if (!d->model->row(row).isDone() || d->model->row(row).isCancelled())
                rows.append(row);
        if (rows.isEmpty() && d->stagedList && QFileInfo::exists(d->listPath)) {
            // A staged list checked to the end: Start checks the list again, read afresh into a new run file.
            d->stageList(d->listPath, [this]() { startRun(); });
            return;
        }
        if (rows.isEmpty()) {
            statusBar()->showMessage(tr("Every URL of this run is checked already."), 4000);
            return;
        }
        d->beginRun(rows, d->stagedUnrun ? QStringLiteral("run") : QStringLiteral("resume"));
        return;
    }
    QVector<int> rows(d->model->rowCount());
    std::iota(rows.begin(), rows.end(), 0);
    d->beginRun(rows, QStringLiteral("run"));
}

void MainWindow::recheckFailed()
{
    if (d->running)
        return;
    QVector<int> rows;
    for (int row = 0; row < d->model->rowCount(); ++row) {
        const CompactRow &r = d->model->row(row);
        if (r.isFailed() && (r.flags & CompactRow::UsableUrl)) // an invalid line fails again the same way
            rows.append(row);
    }
    if (rows.isEmpty()) {
        statusBar()->showMessage(tr("No failed URLs to check again."), 4000);
        return;
    }
    d->beginRun(rows, QStringLiteral("recheck"));
}

void MainWindow::recheckSelected()
{
    if (d->running)
        return;
    const QVector<int> rows = d->selectedSourceRows();
    if (!rows.isEmpty())
        d->beginRun(rows, QStringLiteral("recheck"));
}

void MainWindow::Private::beginRun(const QVector<int> &rows, const QString &kind)
{
    // A list in memory gives the targets; a reopened run's come from its file (on the engine thread).
    QVector<CheckTarget> targets;
    if (!list.entries.isEmpty()) {
        targets.reserve(rows.size());
        for (const int row : rows)
            if (row >= 0 && row < list.entries.size())
                targets.append({row, list.entries.at(row)});
        if (targets.isEmpty())
            return;
    } else if (rows.isEmpty() || runPath.isEmpty()) {
        return;
    }
    model->resetRows(rows);
    model->flush();
    model->setLiveClock(0);                             // rows in flight count from this run's start
    const CheckOptions runOptions = effectiveOptions(); // given to the engine with the pass (startPass)
    runTotal = list.entries.isEmpty() ? int(rows.size()) : int(targets.size());
    runDone = 0;
    runCancelled = 0;
    runTimeoutMs = runOptions.timeoutMs;
    running = true;
    finishedOnce = false;
    lastCancelled = false;
    frozenElapsedMs = 0;
    rateSamples.clear();
    timing->runStarted(runOptions.concurrency, sourceName);
    paused = false;
    runClock.start();
    // During a run the clock tick also flushes the model, so rows, counters and clock change in one repaint per
    // tick; two timers out of phase repainted the window twice as often. The model's own timer is only a backstop.
    model->setBatchInterval(ClockIntervalMs * 4);
    clock.start();
    updateActions();
    startPass(kind, rows, targets);
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
        d->runs->pause();
    else
        d->runs->resume();
    d->updateActions();
    d->updateStatus();
    d->updateTitle();
}

void MainWindow::stopRun()
{
    if (!d->running)
        return;
    statusBar()->showMessage(tr("Stopping: cancelling requests in flight…"), 3000);
    d->runs->stop(); // every unfinished URL is reported cancelled, then runFinished
}

void MainWindow::Private::onRunFinished(qint64 wallMs, bool cancelled)
{
    if (discardRun) {
        finishPass(wallMs, true); // the replaced run stays in its file, resumable
        discardRun = false;
        if (startPending) {
            startPending = false;
            QTimer::singleShot(0, q, [this]() { q->startRun(); });
        }
        return;
    }
    model->flush(); // the model holds every row before anyone hears of the end
    model->setBatchInterval(ResultsModel::DefaultBatchIntervalMs);
    finishPass(wallMs, cancelled);
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
    timing->setLiveElapsed(wallMs);
    timing->runFinished(wallMs, cancelled);
    const QLocale locale;
    const ResultCounts &c = model->counts();
    q->statusBar()->showMessage(cancelled
                                    ? tr("Stopped after %1: %2 OK, %3 failed, %4 cancelled")
                                          .arg(formatElapsed(wallMs), locale.toString(c.ok), locale.toString(c.failed),
                                               locale.toString(runCancelled))
                                    : tr("Finished in %1: %2 OK, %3 failed")
                                          .arg(formatElapsed(wallMs), locale.toString(c.ok), locale.toString(c.failed)),
                                10000);
    emit q->runFinished(wallMs, cancelled);
    if (quitAfterStop) {
        quitAfterStop = false;
        QTimer::singleShot(0, q, [this]() { q->closeNow(); });
    }
}

void MainWindow::Private::onStartRefused()
{
    model->setBatchInterval(ResultsModel::DefaultBatchIntervalMs);
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
    return d->runs->checker();
}

RunController *MainWindow::runController() const
{
    return d->runs;
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
                d->warn(tr("Cannot Use the Text"), MessageText::translated(list.error));
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
