#pragma once

// The main window's private half, shared by the files that each build or run one part of it: mainwindow.cpp
// (central area, loading, runs, events), mainwindowactions.cpp (actions, menus, toolbar),
// mainwindowstatus.cpp (status area, title, filter counts, clock), mainwindowexport.cpp (export, copy,
// open) and mainwindowruns.cpp (run files). The runs themselves are the RunController's (runcontroller.h); the
// action set and the status area are parts of their own (mainwindowactionset.h, mainwindowstatusarea.h).
// Not installed; include it only from those files.

#include "io/config.h"
#include "io/linkextractor.h"
#include "io/rules.h"
#include "results/resultsmodel.h"
#include "timing/timingpanel.h"
#include "window/appsettings.h"
#include "window/dialogs.h"
#include "window/mainwindow.h"
#include "window/mainwindowactionset.h"
#include "window/mainwindowstatusarea.h"
#include "window/runcontroller.h"

#include <QAction>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QKeySequence>
#include <QPair>
#include <QStyle>
#include <QTemporaryDir>
#include <QTimer>
#include <QVector>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSlider;
class QSpinBox;
class QSplitter;
class QTabWidget;
class QTableView;
class QToolButton;

namespace Fanout {

class DetailsPane;
class UrlInputPane;

namespace MainWindowParts {

constexpr int ClockIntervalMs = 50;     // elapsed time updates 20 times a second
constexpr int SliderSteps = 300;        // the cap slider is logarithmic: fine steps at 1..20, coarse near 1000
constexpr int RateWindowMs = 3000;      // URLs per second over the last 3 s
constexpr int AskBeforeStopUrls = 1000; // a stop of a run this large asks first; a small one is quick to redo

inline int sliderToCap(int position)
{
    const double value = std::pow(double(AppSettings::MaxConcurrency), double(position) / SliderSteps);
    return std::clamp(int(std::lround(value)), AppSettings::MinConcurrency, AppSettings::MaxConcurrency);
}

inline int capToSlider(int cap)
{
    return int(
        std::lround(std::log(double(std::max(1, cap))) / std::log(double(AppSettings::MaxConcurrency)) * SliderSteps));
}

// What the details pane shows of a row, to refresh it only when that row changed.
struct RowStamp
{
    int row = -1;
    CheckState state = CheckState::Queued;
    int attempts = 0;
    qint64 finishedMs = -1;
    qint64 startedMs = -1;

    static RowStamp of(int row, const CompactRow &r)
    {
        return {row, r.checkState(), r.attempts, r.finishedMs, r.startedMs};
    }
    bool operator==(const RowStamp &o) const
    {
        return row == o.row && state == o.state && attempts == o.attempts && finishedMs == o.finishedMs &&
               startedMs == o.startedMs;
    }
};

} // namespace MainWindowParts

// The parts of its own (the action set: mainwindowactions.cpp builds it; the status area: mainwindowstatus.cpp
// fills it) are bases, so each is declared and read apart from the rest of the window's state.
struct MainWindow::Private : MainWindowParts::ActionSet, MainWindowParts::StatusArea
{
    MainWindow *q = nullptr;
    QSettings *settings = nullptr;
    RunController *runs = nullptr; // the engine thread, its Checker and RunWriter, the options of runs
    QElapsedTimer runClock;        // the GUI's run clock; frozen to the engine's wall time at the end
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

    QTimer clock;
    QVector<int> changedRows; // rows of the batch being announced (ResultsModel::rowsUpdated)
    int anchorSourceRow = -1; // the current row and its distance from the viewport top, across re-sorts
    int anchorY = -1;

    Dialogs defaultDialogs;
    Dialogs *dialogs = &defaultDialogs;

    UrlList list;
    QString sourceName;
    // The list file behind the table (one file opened; empty for a paste, several files, a sitemap) and the
    // rules applied to it when it was loaded: Settings' for that file on top of a fanout.toml beside it.
    struct AppliedRules
    {
        QString configPath; // the fanout.toml read, empty when none
        QList<QPair<int, int>> acceptStatuses;
        QString acceptText;
    };
    QString listPath; // for a sitemap: its location as given (rules are kept under it)
    bool listIsSitemap = false;
    AppliedRules applied;
    int listGeneration = 0;             // to drop a sitemap or documents load that a newer load replaced
    bool loadingList = false;           // a sitemap or documents are being read off the GUI thread
    std::function<void()> afterSitemap; // Start with a pasted sitemap URL: run once its pages are listed

    // run state
    bool running = false;
    bool capSweepBusy = false; // Compare caps runs its own checks: no run of the window's meanwhile
    bool capApplied = false;
    bool discardRun = false; // the list was replaced mid-run: late signals of that run are ignored
    bool startPending = false;
    bool finishedOnce = false;
    bool lastCancelled = false;
    int runTotal = 0;
    int runDone = 0;         // URLs of this pass with an answer (or a verdict without a request)
    int runCancelled = 0;    // URLs of this pass a stop ended first: neither done nor failed
    qint64 runTimeoutMs = 0; // the pass's deadline per attempt, for the ETA of URLs in flight
    qint64 frozenElapsedMs = 0;
    QVector<QPair<qint64, int>> rateSamples; // (elapsed ms, done) over the last RateWindowMs
    MainWindowParts::RowStamp detailsStamp;

    // run files (mainwindowruns.cpp)
    QString runsDir;                            // where new run files go; empty: a temporary folder
    std::unique_ptr<QTemporaryDir> scratchRuns; // that temporary folder, made on first use
    QString runPath;                            // the run file behind the table; empty before the first run
    qint64 receivedBase = 0;                    // model->receivedCount() when this pass started
    bool unsaved = false;                       // results neither exported nor saved under a name of the user's
    bool closeConfirmed = false;                // the user chose to quit (or a signal asked): close without asking
    bool quitAfterStop = false;                 // "Stop and Quit": close once the run is stopped and saved
    bool loadingRun = false;                    // a run file is being read off the GUI thread
    int loadGeneration = 0;                     // to drop a load that a newer one replaced
    // A list file this large is staged: written into its run file as it is read, on a thread of its own, and
    // shown from there like a reopened run, so the window never holds the list (see stageListFile).
    // 256 KiB is about 6,000 URLs: read here, whole, a list that size takes ~30 ms; ten times that would be a stall.
    qint64 stageBytes = qint64(256) * 1024;
    bool stagedList = false;  // the table is a staged list's run file (listPath is that list)
    bool stagedUnrun = false; // ... and no pass has started: the file is dropped when replaced
    // The rows of a run file read off the GUI thread (openRun, a staged list), handed to the window with what
    // the table and the timing views derive from them, made there too: the GUI thread only swaps them in.
    struct LoadedRun
    {
        ResultsModel::LoadedRows rows;
        TimingPanel::Prepared views; // TimingPanel::prepare(rows.timing)
        RunMeta meta;
        QStringList sources;
        QString error;
        bool ok = false;
    };

    explicit Private(MainWindow *window)
        : q(window)
    {}

    Q_DECLARE_TR_FUNCTIONS(Fanout::MainWindow)
public:
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
    // Stop, asking first when a stop would cancel much (a large run): Esc pressed by mistake costs a question.
    void requestStop();
    void showHelp(); // F1: a non-modal dialog listing every key and what each column means
    // The window's shortcuts reach their action even while editor has focus: a line edit takes Ctrl+E, Ctrl+K,
    // Ctrl+D, ... for Emacs-style editing otherwise. Its own editing keys (copy, paste, undo, ...) stay its own.
    void guardShortcuts(QWidget *editor);
    void buildMenus();
    void buildToolBar();
    void buildCentral();
    void buildStatusBar();
    void restoreLayout();
    QMargins frameMargins() const;
    void fitToScreen();
    void saveLayout();
    void updateRecentMenu();
    void updateRecentRunsMenu();
    QStringList knownRuns() const; // recent and in the runs folder, newest first
    // A new run file for a run of source: its path in the runs folder (named after source) and its meta.
    QString newRunPath(const QString &source) const;
    RunMeta newRunMeta(const QString &source) const;
    // Shows a run read by ResultsModel::loadRows as the table, timing views and title (the run file at path).
    void showLoadedRun(const QString &path, LoadedRun &loaded);
    // Stages a list file (see stageBytes) and shows it; false when a config or rule for it is unusable.
    bool stageList(const QString &path, const std::function<void()> &then = {});
    void dropUnrunStage(); // removes the run file of a staged list never run, once nothing reads it
    void startPass(const QString &kind, const QVector<int> &rows, const QVector<CheckTarget> &targets);
    void finishPass(qint64 wallMs, bool cancelled);
    // Runs proceed() at once when nothing would be lost, else after the user agreed (what = the action).
    void confirmDiscard(const QString &what, std::function<void()> proceed);
    void updateActions();
    void updateStatus();
    qint64 inFlightDeadlineLeft(qint64 nowMs) const; // until the last deadline of the URLs in flight, 0 if none
    void updateTitle();
    void updateFilterButtons();
    void updateShownLabel();
    void tick();
    void onBatch();
    void onRunFinished(qint64 wallMs, bool cancelled);
    void onStartRefused();
    void beginRun(const QVector<int> &rows, const QString &kind);
    CheckOptions effectiveOptions() const;
    void showCap(int cap);
    int clampCap(int cap) const { return runs->clampCap(cap); }
    void tickCheckingCells();
    static void setStableText(QLabel *label, const QString &text, const QString &measure = {});
    static void fitButton(QToolButton *button);
    void captureAnchor();
    void restoreAnchor();
    void showDetailsFor(int row);
    int currentSourceRow() const;
    QVector<int> selectedSourceRows() const;
    // The box's text as the list (a sitemap URL is read as one); then() runs once it is loaded.
    void loadFromBox(const std::function<void()> &then = {});
    // The fanout.toml beside the first input that is on disk (FanoutConfig() when none); false with *why.
    static bool readConfig(const QStringList &inputs, FanoutConfig *config, QString *why);
    // Applies the rules kept for rulesPath (none when empty) on top of config's to entries; false with *why
    // when they cannot be used. The entries a rule keeps out get "excluded: ..." and are never requested.
    bool applyRules(const QString &rulesPath, const FanoutConfig &config, QVector<UrlEntry> *entries,
                    AppliedRules *applied, QString *why) const;
    // The same rules, to apply elsewhere (a staged list applies them as it is read).
    bool buildRules(const QString &rulesPath, const FanoutConfig &config, UrlRules *rules, AppliedRules *applied,
                    QString *why) const;
    // loadList() and then what it forgets: the list file, its rules and where each row's URL was found.
    void finishDocuments(const QStringList &paths, const DocumentScan &scan, const FanoutConfig &config);
    void finishSitemap(const QString &where, UrlList list, const QStringList &sources, const FanoutConfig &config,
                       int failed, const QStringList &read);
    void loadRuled(const UrlList &list, const QString &name, const QString &path, const AppliedRules &rules,
                   const QStringList &sources);
    void pasteList();
    void exportDialog(bool filteredOnly);
    void openInBrowser();
    void openSettings();
    void warn(const QString &title, const QString &text, Dialogs::Severity severity = Dialogs::Severity::Warning);
    qint64 elapsed() const;
    QString formatElapsed(qint64 ms) const;
    QString formatDuration(qint64 ms) const;
};

} // namespace Fanout
