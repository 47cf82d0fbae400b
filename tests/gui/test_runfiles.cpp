// The window on its run files: every run is written as it goes and reopens as it was; a GUI killed mid-run is
// offered for resume and resumes without requesting again what it had finished; quitting mid-run asks first.
#include "fakedialogs.h"
#include "origin/originserver.h"
#include "results/detailspane.h"
#include "results/resultsfiltermodel.h"
#include "results/resultsmodel.h"
#include "store/runfile.h"
#include "timing/latencyviews.h"
#include "timing/timingcompareview.h"
#include "timing/timingpanel.h"
#include "timing/waterfallview.h"
#include "window/comparerunsdialog.h"
#include "window/dialogs.h"
#include "window/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace Fanout;

namespace {

using FanoutTest::FakeDialogs;

// What a row shows, to compare a live table with its reopened run.
QString rowText(const ResultsModel &model, int row)
{
    QStringList cells;
    for (int c = 0; c < ResultsModel::ColumnCount; ++c)
        cells.append(model.index(row, c).data().toString());
    return cells.join(u'|');
}

} // namespace

class TestRunFiles final : public QObject
{
    Q_OBJECT

private:
    OriginServer m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    FakeDialogs m_dialogs;
    QString m_runs;

    std::unique_ptr<MainWindow> makeWindow()
    {
        auto window = std::make_unique<MainWindow>(m_settings.get());
        window->setDialogs(&m_dialogs);
        window->setRunsDirectory(m_runs);
        window->timingPanel()->setHistoryFile(QString());
        window->show();
        return window;
    }

    UrlList listOf(const QStringList &paths) const
    {
        QString text;
        for (const QString &path : paths)
            text += m_server.baseUrl().toString() + path + u'\n';
        return UrlListParser::parseText(text);
    }

    static bool runAndSave(MainWindow *window)
    {
        QSignalSpy saved(window, &MainWindow::runSaved);
        window->startRun();
        return saved.wait(30000);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_server.listen(), qPrintable(m_server.errorString()));
    }

    void init()
    {
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        m_settings->clear();
        m_dialogs.askAnswers.clear();
        m_dialogs.questions.clear();
        m_dialogs.messages.clear();
        m_runs = m_dir.filePath(QStringLiteral("runs-") + QString::fromLatin1(QTest::currentTestFunction()));
        QDir(m_runs).removeRecursively();
    }

    void everyRunWritesItsFileAndReopensAsItWas()
    {
        auto window = makeWindow();
        QStringList paths;
        for (int i = 0; i < 30; ++i)
            paths.append(QStringLiteral("/page/%1").arg(i));
        paths << QStringLiteral("/status/404") << QStringLiteral("/redirect/2") << QStringLiteral("/gbk");
        UrlList list = listOf(paths);
        UrlEntry bad;
        bad.line = 99;
        bad.text = QStringLiteral("not a url");
        bad.error = QStringLiteral("invalid: line 99: not a URL");
        list.entries.append(bad);
        window->loadList(list, QStringLiteral("pages.txt"));
        QVERIFY(runAndSave(window.get()));
        const QString path = window->runPath();
        QVERIFY(path.startsWith(m_runs));
        QVERIFY(QFileInfo::exists(path));
        {
            QString why;
            std::unique_ptr<RunFile> file = RunFile::open(path, RunFile::Mode::ReadOnly, &why);
            QVERIFY2(file, qPrintable(why));
            const RunMeta meta = file->meta();
            QCOMPARE(meta.state, RunState::Finished);
            QCOMPARE(meta.entries, 34);
            QCOMPARE(meta.source, QStringLiteral("pages.txt"));
        }
        ResultsModel *model = window->resultsModel();
        QCOMPARE(model->runFilePath(), path);
        QCOMPARE(model->heldRows(), 0); // all committed: text is read back from the file, not kept
        QStringList before;
        for (int row = 0; row < model->rowCount(); ++row)
            before.append(rowText(*model, row));
        const ResultCounts counts = model->counts();
        const qint64 slowestBefore = model->slowestMs();
        const TimingTable timingBefore = model->timingRows();
        const int histogramBefore = window->timingPanel()->histogram()->summary().count;
        QVERIFY(histogramBefore > 30);
        const int title = 5;
        QCOMPARE(model->result(title).title, QStringLiteral("Page 5"));

        // A new window (a later session) opens it: same rows, counts, timings, texts.
        window.reset();
        auto reopened = makeWindow();
        ResultsModel *again = reopened->resultsModel();
        QAbstractItemModelTester modelTester(again, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(reopened->filterModel(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy opened(reopened.get(), &MainWindow::runOpened);
        QVERIFY(reopened->openRun(path));
        QVERIFY(opened.wait(10000));
        QCOMPARE(again->rowCount(), 34);
        QStringList after;
        for (int row = 0; row < again->rowCount(); ++row)
            after.append(rowText(*again, row));
        QCOMPARE(after, before);
        QCOMPARE(again->counts().ok, counts.ok);
        QCOMPARE(again->counts().failed, counts.failed);
        QCOMPARE(again->counts().redirected, counts.redirected);
        QCOMPARE(again->result(title).title, QStringLiteral("Page 5"));
        QCOMPARE(again->result(33).error, bad.error);
        QCOMPARE(again->timingRows().size(), timingBefore.size());
        for (int row = 0; row < timingBefore.size(); ++row) {
            QCOMPARE(again->timingRows().at(row).timings.startedMs, timingBefore.at(row).timings.startedMs);
            QCOMPARE(again->timingRows().at(row).timings.finishedMs, timingBefore.at(row).timings.finishedMs);
        }
        // The counters came with the rows from the load's thread: as the run left them.
        const ResultCounts &countsAgain = again->counts();
        QCOMPARE(countsAgain.total, counts.total);
        QCOMPARE(countsAgain.done, counts.done);
        QCOMPARE(countsAgain.http4xx, counts.http4xx);
        QCOMPARE(countsAgain.http5xx, counts.http5xx);
        QCOMPARE(countsAgain.errors, counts.errors);
        QCOMPARE(countsAgain.cancelled, counts.cancelled);
        QCOMPARE(countsAgain.checking, 0);
        QCOMPARE(countsAgain.bytes, counts.bytes);
        QCOMPARE(countsAgain.sumMs, counts.sumMs);
        QCOMPARE(again->slowestMs(), slowestBefore);
        // The timing panel reads the reopened rows.
        QCOMPARE(reopened->timingPanel()->histogram()->summary().count, histogramBefore);
        {
            // Its views were derived on the load's thread: the same as deriving them here from the rows shown.
            const WaterfallView *mine = reopened->timingPanel()->waterfall();
            WaterfallView reference;
            reference.setResults(again->sharedTimingRows());
            QCOMPARE(mine->model().count(), 34);
            QCOMPARE(mine->model().count(), reference.model().count());
            for (int r = 0; r < mine->model().count(); ++r) {
                QCOMPARE(int(mine->model().bar(r).outcome), int(reference.model().bar(r).outcome));
                QCOMPARE(mine->model().bar(r).timings.finishedMs, reference.model().bar(r).timings.finishedMs);
            }
            QCOMPARE(mine->model().extentMs(), reference.model().extentMs());
            for (const ResultFilter f :
                 {ResultFilter::Ok, ResultFilter::Redirected, ResultFilter::Http4xx, ResultFilter::Errors})
                QCOMPARE(mine->filterCount(f), reference.filterCount(f));
            QVERIFY(mine->filterCount(ResultFilter::Ok) > 0);
            const InFlightSeries &a = mine->inFlight();
            const InFlightSeries &b = reference.inFlight();
            QVERIFY(a.maxCount() > 0);
            QCOMPARE(a.maxCount(), b.maxCount());
            QCOMPARE(a.steps().size(), b.steps().size());
            for (qsizetype i = 0; i < a.steps().size(); ++i) {
                QCOMPARE(a.steps().at(i).atMs, b.steps().at(i).atMs);
                QCOMPARE(a.steps().at(i).count, b.steps().at(i).count);
            }
            TimingPanel panel;
            panel.setResults(again->sharedTimingRows());
            const TimingPanel *shown = reopened->timingPanel();
            QCOMPARE(shown->histogram()->histogram().counts(), panel.histogram()->histogram().counts());
            QCOMPARE(shown->histogram()->summary().p90Ms, panel.histogram()->summary().p90Ms);
            QCOMPARE(shown->slowestHosts()->hosts().size(), panel.slowestHosts()->hosts().size());
            QCOMPARE(shown->slowestHosts()->hosts().value(0).totalMs, panel.slowestHosts()->hosts().value(0).totalMs);
            QCOMPARE(shown->comparison()->figures().done, panel.comparison()->figures().done);
            QCOMPARE(shown->comparison()->figures().sumMs, panel.comparison()->figures().sumMs);
            QCOMPARE(shown->comparison()->figures().longestMs, panel.comparison()->figures().longestMs);
        }
        // The waterfall's rows carry timings only; its tooltips read the row's text.
        const QString tip = reopened->timingPanel()->waterfall()->toolTipForRow(title);
        QVERIFY2(tip.contains(QLatin1String("/page/5")), qPrintable(tip));
        // Sorting and filtering work on the reopened rows, text columns included.
        ResultsFilterModel *proxy = reopened->filterModel();
        proxy->sort(ResultsModel::TitleColumn, Qt::DescendingOrder);
        const auto titleSorted = [proxy]() {
            for (int row = 1; row < proxy->rowCount(); ++row) {
                const QString a = proxy->index(row - 1, ResultsModel::TitleColumn).data().toString();
                const QString b = proxy->index(row, ResultsModel::TitleColumn).data().toString();
                if (QString::compare(a, b, Qt::CaseInsensitive) < 0)
                    return false;
            }
            return true;
        };
        QTRY_VERIFY(titleSorted());
        QCOMPARE(proxy->rowCount(), 34);
        proxy->setSearchText(QStringLiteral("page 1"));
        QTRY_COMPARE(proxy->rowCount(), 11); // Page 1, Page 10..19
        // The same through the background rebuild (SQLite sorting and searching the run file).
        proxy->setSearchText(QString());
        proxy->setBackgroundThreshold(0);
        proxy->sort(ResultsModel::TitleColumn, Qt::AscendingOrder);
        QTRY_VERIFY(!proxy->isRebuilding());
        proxy->sort(ResultsModel::TitleColumn, Qt::DescendingOrder);
        QTRY_VERIFY(!proxy->isRebuilding());
        QCOMPARE(proxy->rowCount(), 34);
        QVERIFY(titleSorted());
        proxy->setSearchText(QStringLiteral("PAGE 1"));
        QTRY_VERIFY(!proxy->isRebuilding());
        QCOMPARE(proxy->rowCount(), 11);
        QVERIFY(titleSorted());
        QVERIFY(reopened->runPath() == path);
        QVERIFY(m_dialogs.messages.isEmpty());
    }

    // A long list file is read into its run file as a stream, off the GUI thread, and shown from there: the window
    // holds none of it, Start feeds the engine from the file, every URL is asked for once, a stop leaves no row
    // queued, Start after a finished run reads the list afresh into a new run, and a staged list replaced before
    // it ran leaves no file behind.
    void longListIsStagedInItsRunFile()
    {
        auto window = makeWindow();
        window->setListStagingThreshold(0); // every list file is "long"
        const QString listPath = m_dir.filePath(QStringLiteral("staged.txt"));
        {
            QFile file(listPath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QByteArray text = "# a comment\n";
            for (int i = 0; i < 300; ++i)
                text += m_server.baseUrl().toString().toUtf8() + "/page/" + QByteArray::number(i) + '\n';
            text += m_server.baseUrl().toString().toUtf8() + "/page/7\n"; // a duplicate: checked once
            text += "not a url\nftp://example.test/file\n";
            file.write(text);
        }
        QHash<QString, int> asked;
        const QMetaObject::Connection counting = connect(&m_server, &OriginServer::requestArrived, this,
                                                         [&asked](const QString &target) { ++asked[target]; });

        QSignalSpy loaded(window.get(), &MainWindow::listLoaded);
        QVERIFY(window->openFile(listPath));
        window->startRun(); // while it is read: not yet a list to check
        QVERIFY(!window->isRunning());
        QVERIFY(loaded.wait(10000));
        QCOMPARE(loaded.first().first().toInt(), 302);
        QCOMPARE(window->resultsModel()->counts().checking, 0);
        QVERIFY(window->urlList().entries.isEmpty()); // not held in memory
        const QString staged = window->runPath();
        QVERIFY(staged.startsWith(m_runs));
        QVERIFY(QFileInfo::exists(staged));
        ResultsModel *model = window->resultsModel();
        QCOMPARE(model->rowCount(), 302);
        QCOMPARE(model->counts().done, 0);
        QCOMPARE(model->result(0).url.path(), QStringLiteral("/page/0"));
        QVERIFY(model->result(300).error.startsWith(QLatin1String("invalid:")));

        QVERIFY(runAndSave(window.get()));
        QCOMPARE(window->runPath(), staged); // the first run is a pass of the staged file
        QCOMPARE(model->counts().ok, 300);
        QCOMPARE(model->counts().done, 302);
        QCOMPARE(asked.size(), 300);
        for (auto it = asked.cbegin(); it != asked.cend(); ++it)
            QCOMPARE(it.value(), 1);
        {
            QString why;
            std::unique_ptr<RunFile> file = RunFile::open(staged, RunFile::Mode::ReadOnly, &why);
            QVERIFY2(file, qPrintable(why));
            const RunMeta meta = file->meta();
            QCOMPARE(meta.state, RunState::Finished);
            QCOMPARE(meta.entries, 302);
            QCOMPARE(meta.results, 302);
            QCOMPARE(meta.passes, 1);
            QCOMPARE(file->passes().first().kind, QStringLiteral("run"));
            int duplicates = 0;
            file->forEachDuplicate([&duplicates](const RunDuplicate &) { return bool(++duplicates); });
            QCOMPARE(duplicates, 1);
        }

        // Start again: the list is read afresh into a run of its own, and checked again.
        asked.clear();
        QSignalSpy saved(window.get(), &MainWindow::runSaved);
        window->startRun();
        QVERIFY(saved.wait(30000));
        QVERIFY(window->runPath() != staged);
        QVERIFY(QFileInfo::exists(staged)); // the first run stays
        QCOMPARE(model->counts().ok, 300);
        QCOMPARE(asked.size(), 300);

        // A stop mid-run: what was never fed to the engine is shown cancelled too, nothing stays queued.
        window->setConcurrency(1);
        const QString slowPath = m_dir.filePath(QStringLiteral("slow.txt"));
        {
            QFile file(slowPath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QByteArray text;
            for (int i = 0; i < 2000; ++i)
                text += m_server.baseUrl().toString().toUtf8() + "/delay/200?n=" + QByteArray::number(i) + '\n';
            file.write(text);
        }
        loaded.clear();
        QVERIFY(window->openFile(slowPath));
        QVERIFY(loaded.wait(10000));
        QSignalSpy finished(window.get(), &MainWindow::runFinished);
        window->startRun();
        QTRY_VERIFY(model->counts().done >= 1);
        window->stopRun();
        QVERIFY(finished.wait(10000));
        QCOMPARE(model->counts().checking, 0);
        QCOMPARE(model->counts().done + model->counts().cancelled, 2000);
        QVERIFY(model->counts().cancelled > 1000);
        for (int row = 0; row < model->rowCount(); row += 97)
            QVERIFY2(model->row(row).isDone() || model->row(row).isCancelled(), qPrintable(QString::number(row)));

        // A staged list replaced before it ran leaves no file.
        loaded.clear();
        QVERIFY(window->openFile(listPath));
        QVERIFY(loaded.wait(10000));
        const QString unrun = window->runPath();
        QVERIFY(QFileInfo::exists(unrun));
        window->loadList(listOf({QStringLiteral("/page/1")}), QStringLiteral("one.txt"));
        QVERIFY(!QFileInfo::exists(unrun));
        disconnect(counting);
        QVERIFY2(m_dialogs.messages.isEmpty(), qPrintable(m_dialogs.messages.join(u'\n')));
    }

    void recheckFailedAddsToTheSameRunWithHistory()
    {
        auto window = makeWindow();
        window->loadList(listOf({QStringLiteral("/page/1"), QStringLiteral("/status/500"), QStringLiteral("/page/2")}),
                         QStringLiteral("three.txt"));
        QVERIFY(runAndSave(window.get()));
        const QString path = window->runPath();
        QCOMPARE(window->resultsModel()->counts().failed, 1);
        QSignalSpy saved(window.get(), &MainWindow::runSaved);
        window->recheckFailed();
        QVERIFY(saved.wait(30000));
        QCOMPARE(window->runPath(), path); // the same run, not a new file
        QCOMPARE(QDir(m_runs).entryList({QStringLiteral("*.fanout")}).size(), 1);
        QString why;
        std::unique_ptr<RunFile> file = RunFile::open(path, RunFile::Mode::ReadOnly, &why);
        QVERIFY2(file, qPrintable(why));
        QCOMPARE(file->earlierResults(1).size(), 1);
        QCOMPARE(file->earlierResults(1).first().status, 500);
        QCOMPARE(file->earlierResults(0).size(), 0);
        // The details pane shows the row's history.
        window->selectSourceRow(1);
        auto *details = window->findChild<DetailsPane *>(QStringLiteral("detailsPane"));
        QVERIFY(details);
        QVERIFY2(details->toPlainText().contains(QLatin1String("Earlier checks")), qPrintable(details->toPlainText()));
    }

    void compareRunsShowsWhatChanged()
    {
        auto window = makeWindow();
        window->loadList(listOf({QStringLiteral("/page/1"), QStringLiteral("/status/500")}), QStringLiteral("a.txt"));
        QVERIFY(runAndSave(window.get()));
        const QString older = window->runPath();
        window->loadList(listOf({QStringLiteral("/page/1"), QStringLiteral("/status/404"), QStringLiteral("/page/3")}),
                         QStringLiteral("b.txt"));
        QVERIFY(runAndSave(window.get()));
        const QString newer = window->runPath();
        QVERIFY(older != newer);
        CompareRunsDialog *dialog = window->compareRuns(older, newer);
        QVERIFY(dialog);
        QSignalSpy compared(dialog, &CompareRunsDialog::compared);
        QVERIFY(compared.wait(20000) || !dialog->isComparing());
        QVERIFY2(dialog->summaryText().contains(QLatin1String("2 added")), qPrintable(dialog->summaryText()));
        QVERIFY2(dialog->summaryText().contains(QLatin1String("1 removed")), qPrintable(dialog->summaryText()));
        QCOMPARE(dialog->shownRows(), 3);
    }

    void quittingMidRunAsksFirstAndKeepsTheRun()
    {
        auto window = makeWindow();
        QStringList paths;
        for (int i = 0; i < 40; ++i)
            paths.append(QStringLiteral("/delay/300/q%1").arg(i));
        window->loadList(listOf(paths), QStringLiteral("slow.txt"));
        window->setConcurrency(2);
        window->startRun();
        QTRY_VERIFY_WITH_TIMEOUT(window->resultsModel()->counts().done >= 2, 20000);

        m_dialogs.askAnswers = {1}; // Keep Running
        QVERIFY(!window->close());
        QCOMPARE(m_dialogs.questions, QStringList{QStringLiteral("Run in Progress")});
        QVERIFY(window->isRunning());
        QVERIFY(window->isVisible());

        QSignalSpy saved(window.get(), &MainWindow::runSaved);
        m_dialogs.askAnswers = {0}; // Stop and Quit
        window->close();
        QVERIFY(saved.wait(20000));
        QTRY_VERIFY(!window->isVisible());
        const QString path = window->runPath();
        window.reset();

        QString why;
        std::unique_ptr<RunFile> file = RunFile::open(path, RunFile::Mode::ReadOnly, &why);
        QVERIFY2(file, qPrintable(why));
        QCOMPARE(file->meta().state, RunState::Cancelled);
        int pending = 0;
        QVERIFY(file->forEachPending([&pending](const CheckTarget &) { return ++pending, true; }));
        QVERIFY(pending > 0 && pending < 40);

        // Not yet exported: quitting asks once more, Cancel keeps the window open.
        auto reopened = makeWindow();
        QSignalSpy opened(reopened.get(), &MainWindow::runOpened);
        QVERIFY(reopened->openRun(path));
        QVERIFY(opened.wait(10000));
        QCOMPARE(reopened->resultsModel()->counts().done, 40 - pending);
        QVERIFY2(runAndSave(reopened.get()), qPrintable(m_dialogs.messages.join(u'\n'))); // Start resumes it
        QCOMPARE(reopened->resultsModel()->counts().done, 40);
        m_dialogs.questions.clear();
        m_dialogs.askAnswers = {1};
        QVERIFY(!reopened->close());
        QCOMPARE(m_dialogs.questions, QStringList{QStringLiteral("Results Not Exported")});
        QVERIFY(reopened->exportTo(m_dir.filePath(QStringLiteral("slow.csv")), false));
        QVERIFY(reopened->close()); // exported: nothing to ask
    }

    void killedWindowIsOfferedForResume()
    {
        // The real app, killed with SIGKILL mid-run: its run file says "running".
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QFile listFile(home.filePath(QStringLiteral("list.txt")));
        QVERIFY(listFile.open(QIODevice::WriteOnly));
        const int total = 60;
        for (int i = 0; i < total; ++i)
            listFile.write(m_server.baseUrl().toString().toUtf8() + "/delay/200/k" + QByteArray::number(i) + '\n');
        listFile.close();
        QHash<QString, int> served;
        connect(&m_server, &OriginServer::requestServed, this, [&served](const QString &path, int) { ++served[path]; });

        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
            env.insert(QString::fromLatin1(name), home.path());
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(QStringLiteral(FANOUT_GUI_PATH), {QStringLiteral("--start"), QStringLiteral("--concurrency"),
                                                    QStringLiteral("4"), listFile.fileName()});
        QVERIFY(app.waitForStarted());
        const QString runs = QDir(home.path()).filePath(QStringLiteral("fanout/runs"));
        const auto committed = [&runs]() {
            const QStringList files = QDir(runs).entryList({QStringLiteral("*.fanout")});
            if (files.size() != 1)
                return 0;
            QString why;
            std::unique_ptr<RunFile> file =
                RunFile::open(QDir(runs).filePath(files.first()), RunFile::Mode::ReadOnly, &why);
            return file ? file->meta().results : 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(committed() >= 12, 30000);
        ::kill(pid_t(app.processId()), SIGKILL);
        QVERIFY(app.waitForFinished(10000));
        QCOMPARE(app.exitStatus(), QProcess::CrashExit);

        const QStringList files = QDir(runs).entryList({QStringLiteral("*.fanout")});
        QCOMPARE(files.size(), 1);
        const QString path = QDir(runs).filePath(files.first());
        QSet<QString> finished;
        {
            QString why;
            std::unique_ptr<RunFile> file = RunFile::open(path, RunFile::Mode::ReadOnly, &why);
            QVERIFY2(file, qPrintable(why));
            QCOMPARE(file->meta().state, RunState::Running); // interrupted
            QVERIFY(file->forEachResult([&finished](const CheckResult &r) {
                if (r.isDone() && r.errorCategory() != QLatin1String("cancelled"))
                    finished.insert(r.url.path());
                return true;
            }));
        }
        QVERIFY(finished.size() >= 12 && finished.size() < total);
        QTest::qWait(300); // requests the killed app had in flight reach their end at the origin
        const QHash<QString, int> servedBefore = served;

        // The next start: offered, accepted, resumed.
        m_runs = runs;
        auto window = makeWindow();
        QCOMPARE(window->interruptedRuns(), QStringList{path});
        QSignalSpy done(window.get(), &MainWindow::runSaved);
        m_dialogs.askAnswers = {0}; // Resume
        window->offerResume();
        QCOMPARE(m_dialogs.questions, QStringList{QStringLiteral("Resume Interrupted Run?")});
        QVERIFY2(done.wait(60000), qPrintable(m_dialogs.messages.join(u'\n')));
        QCOMPARE(window->runPath(), path);
        QCOMPARE(window->resultsModel()->counts().done, total);
        QCOMPARE(window->resultsModel()->counts().ok, total);
        for (const QString &p : std::as_const(finished))
            QVERIFY2(served.value(p) == servedBefore.value(p), qPrintable(p + QStringLiteral(" was requested again")));
        int resumed = 0;
        for (auto it = served.cbegin(); it != served.cend(); ++it)
            resumed += it.value() - servedBefore.value(it.key());
        QCOMPARE(resumed, total - int(finished.size()));
        QString why;
        std::unique_ptr<RunFile> file = RunFile::open(path, RunFile::Mode::ReadOnly, &why);
        QVERIFY2(file, qPrintable(why));
        QCOMPARE(file->meta().state, RunState::Finished);
        QVERIFY(window->interruptedRuns().isEmpty());
        disconnect(&m_server, &OriginServer::requestServed, this, nullptr);
    }
};

QTEST_MAIN(TestRunFiles)
#include "test_runfiles.moc"
