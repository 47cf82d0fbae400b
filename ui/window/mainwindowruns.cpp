// MainWindow: run files — every run written as it goes, reopened, resumed after a crash, saved under a name,
// and the questions asked before anything unsaved could be lost.
#include "engine/messagetext.h"
#include "results/resultsmodel.h"
#include "store/liststage.h"
#include "store/runfile.h"
#include "store/runpaths.h"
#include "store/runquery.h"
#include "timing/timingpanel.h"
#include "window/comparerunsdialog.h"
#include "window/mainwindowprivate.h"
#include "window/runcontroller.h"
#include "window/urlinputpane.h"

#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QPointer>
#include <QSettings>
#include <QStatusBar>
#include <QThread>

#include <memory>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace Fanout {

using namespace MainWindowParts;

namespace {

constexpr int MaxRecentRuns = 10;

// A load thread frees a million rows' worth of strings it read on the way; glibc keeps such memory in the thread's
// arena, where the rest of the window never reuses it. Handing it back keeps the window's peak where its data is.
void releaseFreedMemory()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

QStringList runFilesIn(const QString &dir)
{
    QStringList paths;
    const QFileInfoList files =
        QDir(dir).entryInfoList({QStringLiteral("*.fanout")}, QDir::Files | QDir::Readable, QDir::Time);
    for (const QFileInfo &info : files)
        paths.append(info.absoluteFilePath());
    return paths; // newest first
}

} // namespace

QString MainWindow::defaultRunsDirectory()
{
    return Fanout::defaultRunsDirectory(); // the CLI's folder: one place for every run
}

void MainWindow::setRunsDirectory(const QString &dir)
{
    d->runsDir = dir;
    d->updateRecentRunsMenu();
}

QString MainWindow::runsDirectory() const
{
    if (!d->runsDir.isEmpty())
        return d->runsDir;
    if (!d->scratchRuns)
        d->scratchRuns = std::make_unique<QTemporaryDir>();
    return d->scratchRuns->path();
}

void MainWindow::setListStagingThreshold(qint64 bytes)
{
    d->stageBytes = std::max<qint64>(0, bytes);
}

QString MainWindow::runPath() const
{
    return d->runPath;
}

QString MainWindow::Private::newRunPath(const QString &source) const
{
    return Fanout::newRunPath(q->runsDirectory(), source, QDateTime::currentDateTimeUtc());
}

RunMeta MainWindow::Private::newRunMeta(const QString &source) const
{
    RunMeta meta;
    meta.created = QDateTime::currentDateTimeUtc();
    meta.tool = QStringLiteral(FANOUT_VERSION);
    meta.source = source;
    meta.options = effectiveOptions();
    return meta;
}

void MainWindow::Private::startPass(const QString &kind, const QVector<int> &rows, const QVector<CheckTarget> &targets)
{
    // A staged list's first run is a pass of the file it was read into; a list in memory gets a file of its own.
    const bool create = (kind == QLatin1String("run") && !stagedUnrun) || runPath.isEmpty();
    stagedUnrun = false;
    const bool fromFile = !create && list.entries.isEmpty(); // a reopened run: its entries are in the file
    QVector<CheckTarget> all;
    RunMeta meta;
    if (create) {
        runPath = newRunPath(sourceName);
        all = targetsFor(list);
        meta = newRunMeta(sourceName);
    }
    receivedBase = model->receivedCount();
    RunController::Pass pass;
    pass.kind = kind;
    pass.path = runPath;
    pass.create = create;
    pass.fromFile = fromFile;
    pass.meta = meta;
    pass.all = std::move(all);
    pass.targets = targets;
    pass.rows = rows;
    pass.sources = create ? model->sources() : QStringList();
    pass.options = effectiveOptions();
    runs->startPass(std::move(pass)); // passFileReady or passNotSaved, then the run's news (see the constructor)
}

void MainWindow::Private::finishPass(qint64 wallMs, bool cancelled)
{
    runs->finishPass(wallMs, cancelled);
}

bool MainWindow::openRun(const QString &path)
{
    if (d->running) {
        d->warn(tr("Run in progress"), tr("Stop the run (Esc) before opening another."));
        return false;
    }
    // Opening checks the whole file and reading 1,000,000 rows takes seconds: done on a thread of its own, the window
    // stays live meanwhile.
    const int generation = ++d->loadGeneration;
    d->loadingRun = true;
    statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(path)));
    auto loaded = std::make_shared<Private::LoadedRun>();
    QThread *reader = QThread::create([loaded, path]() {
        loaded->ok = ResultsModel::loadRows(path, &loaded->rows, &loaded->error, &loaded->meta, &loaded->sources);
        if (loaded->ok)
            loaded->views = TimingPanel::prepare(loaded->rows.timing);
        releaseFreedMemory();
    });
    connect(reader, &QThread::finished, reader, &QObject::deleteLater);
    connect(reader, &QThread::finished, this, [this, loaded, path, generation]() {
        if (generation != d->loadGeneration)
            return;
        d->loadingRun = false;
        if (!loaded->ok) {
            statusBar()->clearMessage();
            d->warn(tr("Cannot Open Run"), MessageText::translated(loaded->error));
            return;
        }
        d->showLoadedRun(path, *loaded);
        if (d->settings) {
            QStringList recent = d->settings->value(QStringLiteral("runs/recent")).toStringList();
            recent.removeAll(path);
            recent.prepend(path);
            d->settings->setValue(QStringLiteral("runs/recent"), recent.mid(0, MaxRecentRuns));
        }
        d->updateRecentRunsMenu();
        const ResultCounts &c = d->model->counts();
        const QLocale locale;
        statusBar()->showMessage(
            tr("Opened %1: %2 of %3 checked")
                .arg(QFileInfo(path).fileName(), locale.toString(c.done), locale.toString(c.total)),
            8000);
        emit runOpened(path, c.total);
    });
    reader->start();
    return true;
}

void MainWindow::Private::showLoadedRun(const QString &path, LoadedRun &loaded)
{
    const RunMeta &meta = loaded.meta;
    dropUnrunStage();
    stagedList = false;
    list = UrlList();
    sourceName = meta.source;
    runPath = path;
    unsaved = false;
    finishedOnce = meta.state != RunState::Running && meta.passes > 0;
    lastCancelled = meta.state == RunState::Cancelled && meta.passes > 0;
    frozenElapsedMs = meta.wallMs;
    runTotal = int(loaded.rows.rows.size());
    runDone = 0;
    runCancelled = 0;
    changedRows.clear();
    model->setRun(std::move(loaded.rows), path);
    model->setSources(loaded.sources); // RunFile::results() leaves them out; the load read them
    runDone = model->counts().done;
    runCancelled = model->counts().cancelled;
    timing->setResults(model->sharedTimingRows(), std::move(loaded.views)); // made from the same rows
    input->setLoadedList(UrlList(), meta.source);
    showDetailsFor(-1);
    updateActions();
    updateStatus();
    updateTitle();
    updateFilterButtons();
    updateShownLabel();
}

bool MainWindow::Private::stageList(const QString &path, const std::function<void()> &then)
{
    FanoutConfig config;
    UrlRules rules;
    AppliedRules appliedRules;
    QString why;
    if (!readConfig({path}, &config, &why) || !buildRules(path, config, &rules, &appliedRules, &why)) {
        warn(tr("Cannot Open List"),
             tr("Nothing was loaded; the current list is unchanged.\n\n%1").arg(MessageText::translated(why)));
        return false;
    }
    const QString name = QFileInfo(path).fileName();
    const QString stagePath = newRunPath(name);
    const RunMeta meta = newRunMeta(name);
    const int generation = ++loadGeneration;
    ++listGeneration; // a sitemap or documents still being read are no longer wanted
    loadingRun = true;
    updateActions();
    q->statusBar()->showMessage(tr("Reading %1…").arg(QDir::toNativeSeparators(path)));
    struct Staged
    {
        LoadedRun run;
        ListStage stage;
    };
    auto staged = std::make_shared<Staged>();
    QThread *reader = QThread::create([staged, path, stagePath, meta, rules]() {
        staged->run.ok = stageListFile(path, stagePath, meta, rules, &staged->stage, &staged->run.error) &&
                         ResultsModel::loadRows(stagePath, &staged->run.rows, &staged->run.error, &staged->run.meta);
        if (staged->run.ok)
            staged->run.views = TimingPanel::prepare(staged->run.rows.timing);
        releaseFreedMemory();
    });
    connect(reader, &QThread::finished, reader, &QObject::deleteLater);
    connect(reader, &QThread::finished, q, [this, staged, path, stagePath, name, appliedRules, generation, then]() {
        if (generation != loadGeneration) {
            removeRunFile(stagePath); // replaced while it was read: nobody will run it
            return;
        }
        loadingRun = false;
        if (!staged->run.ok) {
            removeRunFile(stagePath);
            updateActions();
            q->statusBar()->clearMessage();
            warn(tr("Cannot Open List"), tr("Nothing was loaded; the current list is unchanged.\n\n%1")
                                             .arg(MessageText::translated(staged->run.error)));
            return;
        }
        showLoadedRun(stagePath, staged->run);
        stagedUnrun = true;
        listPath = QFileInfo(path).absoluteFilePath();
        applied = appliedRules;
        stagedList = true;
        if (settings) {
            AppSettings::addRecentFile(*settings, path);
            AppSettings::setLastDirectory(*settings, QFileInfo(path).absolutePath());
        }
        updateRecentMenu();
        const ListStage &stage = staged->stage;
        input->setLoadedCounts(name, stage.valid(), stage.duplicates, stage.rejected, stage.encoding);
        input->setBoxText(QString());
        q->statusBar()->showMessage(tr("Loaded %1: %2").arg(name, input->loadedCountsText()), 5000);
        emit q->listLoaded(stage.entries);
        if (then)
            then();
    });
    reader->start();
    return true;
}

void MainWindow::Private::dropUnrunStage()
{
    if (!stagedUnrun)
        return;
    stagedUnrun = false;
    const QString path = runPath;
    if (model->runFilePath() == path)
        model->attachRunFile(QString()); // its read connection first
    removeRunFile(path);
}

bool MainWindow::saveRunAs(const QString &path, QString *error)
{
    const auto failWith = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (d->running)
        return failWith(tr("Stop the run before saving it under another name."));
    if (d->runPath.isEmpty() || !QFileInfo::exists(d->runPath))
        return failWith(tr("There is no run to save yet: start a run first."));
    if (QFileInfo(path).absoluteFilePath() == QFileInfo(d->runPath).absoluteFilePath())
        return true;
    // The writer closed the file when the pass ended, so it holds everything without its journal.
    QFile::remove(path);
    QFile source(d->runPath);
    if (!source.copy(path))
        return failWith(tr("Cannot save the run as %1: %2").arg(QDir::toNativeSeparators(path), source.errorString()));
    d->unsaved = false;
    statusBar()->showMessage(tr("Saved the run as %1").arg(QDir::toNativeSeparators(path)), 8000);
    return true;
}

QStringList MainWindow::interruptedRuns() const
{
    QStringList found;
    if (d->runsDir.isEmpty())
        return found;
    // Only the state is read (no whole-file check): the start of the app must not wait on every old run.
    for (const QString &path : runFilesIn(d->runsDir))
        if (RunQuery::metaValue(path, QStringLiteral("state")) == runStateName(RunState::Running))
            found.append(path);
    return found;
}

void MainWindow::offerResume()
{
    const QStringList interrupted = interruptedRuns();
    if (interrupted.isEmpty() || d->running)
        return;
    const QString path = interrupted.first();
    const QString source = RunQuery::metaValue(path, QStringLiteral("source"));
    const QDateTime created =
        QDateTime::fromString(RunQuery::metaValue(path, QStringLiteral("created")), Qt::ISODateWithMs);
    int entries = 0;
    int results = 0;
    RunQuery::counts(path, &entries, &results);
    const QLocale locale;
    const QString text =
        tr("Fanout was closed while checking %1 (%2 of %3 URLs checked, started %4).\n\nResume the run? The URLs "
           "already checked are not requested again.")
            .arg(source.isEmpty() ? QFileInfo(path).fileName() : source, locale.toString(std::max(0, results)),
                 locale.toString(std::max(0, entries)), locale.toString(created.toLocalTime(), QLocale::ShortFormat));
    d->dialogs->ask(this, tr("Resume Interrupted Run?"), text,
                    {tr("Resume"), tr("Open Without Resuming"), tr("Not Now")}, [this, path](int choice) {
                        if (choice < 0 || choice > 1)
                            return;
                        if (choice == 0) {
                            auto *once = new QObject(this);
                            connect(this, &MainWindow::runOpened, once, [this, once, path](const QString &opened) {
                                delete once;
                                if (opened == path)
                                    startRun();
                            });
                        }
                        openRun(path);
                    });
}

void MainWindow::closeNow()
{
    d->closeConfirmed = true;
    close();
}

void MainWindow::Private::confirmDiscard(const QString &what, std::function<void()> proceed)
{
    if (running) {
        warn(tr("Run in progress"), tr("Stop the run (Esc) before you %1.").arg(what));
        return;
    }
    if (!unsaved || model->counts().done == 0) {
        proceed();
        return;
    }
    dialogs->ask(q, tr("Results Not Exported"),
                 tr("The results of this run have not been exported. They stay in File → Recent Runs, where you can "
                    "reopen and export them later.\n\nContinue and %1?")
                     .arg(what),
                 {tr("Continue"), tr("Cancel")}, [this, proceed = std::move(proceed)](int choice) {
                     if (choice == 0) {
                         unsaved = false;
                         proceed();
                     }
                 });
}

QStringList MainWindow::Private::knownRuns() const
{
    QStringList runs = settings ? settings->value(QStringLiteral("runs/recent")).toStringList() : QStringList();
    runs += runFilesIn(q->runsDirectory());
    runs.removeDuplicates();
    runs.erase(std::remove_if(runs.begin(), runs.end(), [](const QString &p) { return !QFileInfo::exists(p); }),
               runs.end());
    return runs;
}

CompareRunsDialog *MainWindow::compareRuns(const QString &oldPath, const QString &newPath)
{
    auto *dialog = findChild<CompareRunsDialog *>(QStringLiteral("compareRunsDialog"));
    if (!dialog)
        dialog = new CompareRunsDialog(d->knownRuns(), this);
    if (!oldPath.isEmpty() && !newPath.isEmpty()) {
        dialog->setPaths(oldPath, newPath);
        dialog->compare();
    }
    dialog->show();
    dialog->raise();
    return dialog;
}

void MainWindow::Private::updateRecentRunsMenu()
{
    if (!recentRunsMenu)
        return;
    recentRunsMenu->clear();
    const QStringList runs = knownRuns();
    int n = 0;
    for (const QString &path : std::as_const(runs)) {
        if (++n > MaxRecentRuns)
            break;
        QAction *action = recentRunsMenu->addAction(QFileInfo(path).fileName());
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, q,
                [this, path]() { confirmDiscard(tr("open another run"), [this, path]() { q->openRun(path); }); });
    }
    if (runs.isEmpty())
        recentRunsMenu->addAction(tr("No runs yet"))->setEnabled(false);
    recentRunsMenu->setEnabled(!running);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    d->saveLayout();
    if (!d->closeConfirmed && d->running) {
        event->ignore();
        d->dialogs->ask(this, tr("Run in Progress"),
                        tr("%1 of %2 URLs are checked. Stop the run and quit? The run is kept: File → Recent Runs "
                           "reopens it and Start resumes it.")
                            .arg(QLocale().toString(d->runDone), QLocale().toString(d->runTotal)),
                        {tr("Stop and Quit"), tr("Keep Running")}, [this](int choice) {
                            if (choice != 0 || !d->running)
                                return;
                            d->quitAfterStop = true;
                            stopRun();
                        });
        return;
    }
    if (!d->closeConfirmed && d->unsaved && d->model->counts().done > 0) {
        event->ignore();
        d->dialogs->ask(this, tr("Results Not Exported"),
                        tr("The results of this run have not been exported. They stay in File → Recent Runs, where "
                           "you can reopen and export them later.\n\nQuit now?"),
                        {tr("Quit"), tr("Cancel")}, [this](int choice) {
                            if (choice == 0)
                                closeNow();
                        });
        return;
    }
    if (d->running) {
        // Closing without asking (a signal): stop, and keep the run resumable.
        d->discardRun = true;
        d->runs->stop();
        d->finishPass(d->elapsed(), true);
    }
    event->accept();
}

} // namespace Fanout
