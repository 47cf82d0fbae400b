#pragma once

#include "engine/checker.h"
#include "engine/checkoptions.h"
#include "io/urllist.h"

#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include <memory>
#include <optional>

class QSettings;

namespace Fanout {

class CompareRunsDialog;
class Dialogs;
class RunController;
class ResultsModel;
class ResultsFilterModel;
class TimingPanel;

// The Fanout main window: a URL list in, live results out. Every dependency that touches the outside world is
// injected (settings store, network-manager factory, dialogs) so tests drive the real window without blocking.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(QSettings *settings, Checker::ManagerFactory factory = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Same path as File → Open: parses the file; on failure shows why and keeps what is loaded.
    bool openFile(const QString &path);
    bool openFiles(const QStringList &paths);
    // Documents (.html, .md) and folders of them, as fanout-cli reads them: their distinct http(s) links are
    // the rows, each with where it was found (CheckResult::sources). A fanout.toml beside them gives base,
    // globs and rules. openFiles() comes here when every path is a document or a folder. Read off the GUI
    // thread: documentsLoaded follows (or a message saying why nothing was loaded).
    bool openDocuments(const QStringList &paths);
    // A sitemap file or http(s) URL (indexes followed), read on the engine thread; sitemapLoaded follows, with
    // every page URL as a row and a row for each sitemap that failed. False when a run is in progress.
    bool openSitemap(const QString &location);
    bool isLoadingList() const; // a sitemap or documents are being read off the GUI thread
    // Replaces the list (asks nothing); rows appear queued, rejected lines with their reason.
    void loadList(const UrlList &list, const QString &sourceName);
    const UrlList &urlList() const;

    void setConcurrency(int cap);
    int concurrency() const;
    // The highest cap this process can run (see resourcelimits.h: each request costs file descriptors);
    // every cap set after, the run override's and the settings' included, is clamped to it, and a higher
    // one in force now is lowered.
    void setMaxConcurrency(int cap);
    int maxConcurrency() const;
    void setCheckOptions(const CheckOptions &options); // persisted like the settings dialog does
    CheckOptions checkOptions() const;                 // the user's options (what is persisted)
    // Options for the runs started while set, cap included (the demo's): never persisted, and the user's
    // options stay as they are. The cap shown and concurrency() follow the override; setConcurrency() then
    // changes the override's cap only. std::nullopt returns to the user's options (and cap) at once.
    void setRunOptionsOverride(std::optional<CheckOptions> options);
    bool hasRunOptionsOverride() const;
    CheckOptions runOptions() const; // what the next run uses: the override, else checkOptions()

    void startRun();
    void togglePause();
    void stopRun();
    void recheckFailed();
    void recheckSelected();
    void clearAll();
    bool isRunning() const;
    bool isPaused() const;

    // Export rows to path (format from the extension) in the table's sort order; filteredOnly = only the rows the
    // filter shows.
    bool exportTo(const QString &path, bool filteredOnly, QString *error = nullptr);
    // Tab-separated text of the selected rows (with a header line), as Copy puts on the clipboard.
    QString selectedRowsAsTsv() const;

    ResultsModel *resultsModel() const;
    ResultsFilterModel *filterModel() const;
    // The engine runs on a thread of its own: connect to its signals (queued), and call its methods only
    // through QMetaObject::invokeMethod(checker(), ...).
    Checker *checker() const;
    // The window's runs: options, override, cap, engine (see runcontroller.h). The window follows what is set
    // there (the cap shown, the timing panel's cap).
    RunController *runController() const;
    TimingPanel *timingPanel() const;
    QString sourceName() const;
    qint64 elapsedMs() const;    // the run clock as the status area shows it
    QString elapsedText() const; // the status area's elapsed text
    void showTimingView();       // brings the timing panel to front

    // Replaces the file dialogs, message boxes and URL opener (tests); the window does not take ownership.
    void setDialogs(Dialogs *dialogs);
    Dialogs *dialogs() const;

    // Selects a row of the model (source row) and scrolls to it.
    void selectSourceRow(int row);

    // ---- run files: every run is written as it goes (see core/store/runfile.h) ----
    // $XDG_STATE_HOME/fanout/runs (~/.local/state/fanout/runs without it).
    static QString defaultRunsDirectory();
    // Where new run files go. Empty (the default for an embedded window): a temporary folder of this window.
    void setRunsDirectory(const QString &dir);
    QString runsDirectory() const;
    QString runPath() const; // the run file behind the table, empty before the first run
    // Shows a saved run: its rows, timing views and history as they were (read off the GUI thread; runOpened
    // follows; a bad file is refused with a message then). A run left unfinished resumes with startRun().
    bool openRun(const QString &path);
    // A list file of at least this many bytes (256 KiB by default, ~6,000 URLs) is staged: read into its run file
    // as a stream off the GUI thread and shown from there, so the window never holds the list (listLoaded
    // follows). Below it, a list is read here, whole.
    void setListStagingThreshold(qint64 bytes);
    // Copies the run file (not while running). False and *error on failure.
    bool saveRunAs(const QString &path, QString *error = nullptr);
    // Run files in the runs folder still marked running: a window killed or crashed mid-run. Newest first.
    QStringList interruptedRuns() const;
    // Asks whether to resume the newest interrupted run; opens it and resumes when the user agrees.
    void offerResume();
    // File → Compare Runs…: the dialog (owned by the window), preset to a pair when both are given.
    CompareRunsDialog *compareRuns(const QString &oldPath = {}, const QString &newPath = {});
    // Closes without asking (a signal, a session logging out): the run is stopped and kept resumable.
    void closeNow();

signals:
    void runFinished(qint64 wallMs, bool cancelled); // after the model has every row
    void demoRequested();                            // Help → Run demo
    void listLoaded(int rows);
    void sitemapLoaded(int rows, int failedSitemaps);
    void documentsLoaded(int rows);
    void runOpened(const QString &path, int rows);
    void runSaved(const QString &path); // a pass ended and its run file is complete on disk

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Fanout
