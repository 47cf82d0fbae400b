// MainWindow: run files — every run written as it goes, reopened, resumed after a crash, saved under a name,
// and the questions asked before anything unsaved could be lost.
#include "engine/messagetext.h"
#include "results/resultsmodel.h"
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

namespace Fanout {

using namespace MainWindowParts;

namespace {

constexpr int MaxRecentRuns = 10;

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

QString MainWindow::runPath() const
{
    return d->runPath;
}

QString MainWindow::Private::newRunPath() const
{
    return Fanout::newRunPath(q->runsDirectory(), sourceName, QDateTime::currentDateTimeUtc());
}

void MainWindow::Private::startPass(const QString &kind, const QVector<int> &rows, const QVector<CheckTarget> &targets)
{
    const bool create = kind == QLatin1String("run") || runPath.isEmpty();
    const bool fromFile = !create && list.entries.isEmpty(); // a reopened run: its entries are in the file
    QVector<CheckTarget> all;
    RunMeta meta;
    if (create) {
        runPath = newRunPath();
        all = targetsFor(list);
        meta.created = QDateTime::currentDateTimeUtc();
        meta.tool = QStringLiteral(FANOUT_VERSION);
        meta.source = sourceName;
        meta.options = effectiveOptions();
        meta.state = RunState::Running;
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
    struct Loaded
    {
        std::vector<CompactRow> rows;
        TimingTable timing;
        QStringList categories;
        RunMeta meta;
        QStringList sources;
        QString error;
        bool ok = false;
    };
    auto loaded = std::make_shared<Loaded>();
    QThread *reader = QThread::create([loaded, path]() {
        loaded->ok = ResultsModel::loadRows(path, &loaded->rows, &loaded->timing, &loaded->categories, &loaded->error,
                                            &loaded->meta, &loaded->sources);
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
        const RunMeta &meta = loaded->meta;
        d->list = UrlList();
        d->sourceName = meta.source;
        d->runPath = path;
        d->unsaved = false;
        d->finishedOnce = meta.state != RunState::Running;
        d->lastCancelled = meta.state == RunState::Cancelled;
        d->frozenElapsedMs = meta.wallMs;
        d->runTotal = int(loaded->rows.size());
        d->runDone = 0;
        d->runCancelled = 0;
        d->changedRows.clear();
        d->model->setRun(std::move(loaded->rows), std::move(loaded->timing), loaded->categories, path);
        d->model->setSources(loaded->sources); // RunFile::results() leaves them out; the load read them
        d->runDone = d->model->counts().done;
        d->runCancelled = d->model->counts().cancelled;
        d->timing->setResults(d->model->sharedTimingRows());
        d->input->setLoadedList(UrlList(), meta.source);
        d->showDetailsFor(-1);
        if (d->settings) {
            QStringList recent = d->settings->value(QStringLiteral("runs/recent")).toStringList();
            recent.removeAll(path);
            recent.prepend(path);
            d->settings->setValue(QStringLiteral("runs/recent"), recent.mid(0, MaxRecentRuns));
        }
        d->updateRecentRunsMenu();
        d->updateActions();
        d->updateStatus();
        d->updateTitle();
        d->updateFilterButtons();
        d->updateShownLabel();
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
