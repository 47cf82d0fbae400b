#include "demo/demo.h"
#include "fakedialogs.h"
#include "io/resultwriter.h"
#include "origin/originserver.h"
#include "results/resultsfiltermodel.h"
#include "results/resultsmodel.h"
#include "results/timebardelegate.h"
#include "timing/capsweepview.h"
#include "timing/latencyviews.h"
#include "timing/timingcompareview.h"
#include "timing/timingmodels.h"
#include "timing/timingpanel.h"
#include "timing/waterfallview.h"
#include "window/appsettings.h"
#include "window/dialogs.h"
#include "window/mainwindow.h"
#include "window/runcontroller.h"
#include "window/settingsdialog.h"
#include "window/urlinputpane.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMimeData>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QProxyStyle>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyleOptionHeader>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QThread>
#include <QTranslator>

#include <memory>

using namespace Fanout;

namespace {

// Answers file dialogs from a queue and records messages: nothing ever waits on a modal dialog.
using FanoutTest::FakeDialogs;

// Records the elide mode each column's cells are painted with.
class ElideRecorder final : public QProxyStyle
{
public:
    mutable QHash<int, Qt::TextElideMode> modes; // by column

    void drawControl(ControlElement element, const QStyleOption *option, QPainter *painter,
                     const QWidget *widget) const override
    {
        if (element == CE_ItemViewItem)
            if (const auto *item = qstyleoption_cast<const QStyleOptionViewItem *>(option))
                modes.insert(item->index.column(), item->textElideMode);
        QProxyStyle::drawControl(element, option, painter, widget);
    }
};

// Each visible title that does not fit its section beside a sort indicator, e.g. "Time (ms): 42 px for 55".
QStringList clippedTitles(const QHeaderView *header)
{
    QStringList clipped;
    for (int c = 0; c < header->count(); ++c) {
        if (header->isSectionHidden(c))
            continue;
        QStyleOptionHeader opt;
        opt.initFrom(header);
        opt.state |= QStyle::State_Horizontal;
        opt.orientation = Qt::Horizontal;
        opt.rect = QRect(0, 0, header->sectionSize(c), header->height());
        opt.section = c;
        opt.text = header->model()->headerData(c, Qt::Horizontal).toString();
        opt.sortIndicator = QStyleOptionHeader::SortDown; // any column can be the sorted one
        const QRect label = header->style()->subElementRect(QStyle::SE_HeaderLabel, &opt, header);
        const int needed = header->fontMetrics().horizontalAdvance(opt.text);
        if (label.width() < needed)
            clipped.append(QStringLiteral("%1: %2 px for %3").arg(opt.text).arg(label.width()).arg(needed));
    }
    return clipped;
}

QStringList readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(file.readAll());
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);
    text.remove(u'\r'); // CSV records end in CRLF
    QStringList lines = text.split(u'\n');
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    return lines;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    OriginServer m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    FakeDialogs m_dialogs;

    QString url(const QString &path) const { return m_server.baseUrl().toString() + path; }

    QString writeList(const QString &name, const QStringList &lines)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(lines.join(u'\n').toUtf8() + '\n');
        return path;
    }

    // 20 pages, 2 × 4xx, 2 × 5xx, a 3-hop redirect, a GBK page, 3 slow pages: 29 rows, 25 OK.
    QStringList mixedList() const
    {
        QStringList lines;
        for (int i = 0; i < 20; ++i)
            lines.append(url(QStringLiteral("/page/%1").arg(i)));
        lines << url(QStringLiteral("/status/404")) << url(QStringLiteral("/status/410"))
              << url(QStringLiteral("/status/500")) << url(QStringLiteral("/status/503"))
              << url(QStringLiteral("/redirect/3")) << url(QStringLiteral("/gbk"))
              << url(QStringLiteral("/delay/600/a")) << url(QStringLiteral("/delay/600/b"))
              << url(QStringLiteral("/delay/600/c"));
        return lines;
    }

    int rowOf(const QString &path) const
    {
        const QVector<CheckResult> rows = m_window->resultsModel()->allResults();
        for (const CheckResult &r : rows)
            if (r.url.path() == path)
                return r.id;
        return -1;
    }

    template <typename T>
    T *child(const QString &name) const
    {
        return m_window->findChild<T *>(name);
    }

    QAction *actionWithShortcut(const QKeySequence &keys) const
    {
        const QList<QAction *> actions = m_window->findChildren<QAction *>();
        for (QAction *action : actions)
            if (action->shortcuts().contains(keys))
                return action;
        return nullptr;
    }

    bool runToEnd(int timeoutMs = 20000)
    {
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        m_window->startRun();
        return finished.count() > 0 || finished.wait(timeoutMs);
    }

    void newWindow()
    {
        m_window.reset();
        m_window = std::make_unique<MainWindow>(m_settings.get());
        m_window->setDialogs(&m_dialogs);
        m_window->timingPanel()->setHistoryFile(QString()); // run history in memory, not the user's file
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        child<QTableView>(QStringLiteral("resultsView"))->setFocus();
    }

private slots:
    void initTestCase()
    {
        // Run history and any other per-user file go to the test locations, never the user's own.
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_server.listen(), qPrintable(m_server.errorString()));
    }

    void init()
    {
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        m_settings->clear();
        m_dialogs.reset();
        newWindow();
    }

    void cleanup()
    {
        if (m_window && m_window->isRunning()) {
            QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
            m_window->stopRun();
            finished.wait(5000);
        }
        m_window.reset();
        m_settings.reset();
    }

    void openShowsBadLinesAndCounts()
    {
        const QString path = writeList(QStringLiteral("list.txt"),
                                       {QStringLiteral("# my list"), url(QStringLiteral("/page/1")),
                                        QStringLiteral("not a url at all"), QStringLiteral("ftp://example.com/x"),
                                        url(QStringLiteral("/page/1")), url(QStringLiteral("/page/2"))});
        // Through File → Open (Ctrl+O) with the dialog answering the path.
        m_dialogs.openAnswers = {path};
        QTest::keyClick(m_window.get(), Qt::Key_O, Qt::ControlModifier);
        QTRY_COMPARE(m_window->sourceName(), QStringLiteral("list.txt"));
        const ResultsModel *model = m_window->resultsModel();
        QCOMPARE(model->rowCount(), 4); // two valid, two rejected; the duplicate is counted, not a row
        QCOMPARE(m_window->urlList().duplicates, 1);
        const int bad = 1;
        QCOMPARE(model->index(bad, ResultsModel::StateColumn).data().toString(), QStringLiteral("invalid"));
        QVERIFY2(model->result(bad).error.contains(QLatin1String("line 3")), qPrintable(model->result(bad).error));
        QCOMPARE(model->result(bad).line, 3);
        QVERIFY(model->result(2).error.startsWith(QLatin1String("scheme")));
        QCOMPARE(m_window->windowTitle(), QStringLiteral("list.txt — Fanout"));
        // The input pane states the counts before the run.
        const auto *pane = m_window->findChild<UrlInputPane *>();
        QVERIFY(pane);
        QCOMPARE(pane->summaryText(), QStringLiteral("list.txt: 2 valid · 1 duplicate · 2 invalid"));
        QCOMPARE(AppSettings::recentFiles(*m_settings).value(0), QFileInfo(path).absoluteFilePath());
        QVERIFY(m_dialogs.messages.isEmpty());
    }

    void unreadableFileKeepsList_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("create");
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", 29)
                                << true;
        QTest::newRow("missing") << QByteArray() << false;
    }

    void unreadableFileKeepsList()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, create);
        QVERIFY(m_window->openFile(writeList(QStringLiteral("good.txt"), mixedList())));
        QCOMPARE(m_window->resultsModel()->rowCount(), 29);
        const QString path = m_dir.filePath(QStringLiteral("bad.bin"));
        QFile::remove(path);
        if (create) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        QVERIFY(!m_window->openFile(path));
        QCOMPARE(m_dialogs.messages.size(), 1);
        QVERIFY(m_dialogs.messages.first().contains(QLatin1String("bad.bin")));
        QCOMPARE(m_window->resultsModel()->rowCount(), 29);
        QCOMPARE(m_window->sourceName(), QStringLiteral("good.txt"));
    }

    void fullRunFillsRowsAndCounters()
    {
        QVERIFY(m_window->openFile(writeList(QStringLiteral("list.txt"), mixedList())));
        m_window->setConcurrency(2);
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        QTest::keyClick(m_window.get(), Qt::Key_F5); // Start
        QVERIFY(m_window->isRunning());
        // The elapsed time ticks while running. Every change of the text is recorded; how often the run clock
        // gets to tick on a busy machine is bench_gui's figure (its longest event-loop stall), not this test's.
        QStringList seen;
        QString title;
        const QDeadlineTimer giveUp(20000); // only so a run that never ends cannot loop forever
        while (m_window->isRunning() && finished.isEmpty() && !giveUp.hasExpired()) {
            const QString text = m_window->elapsedText();
            if (seen.isEmpty() || seen.last() != text)
                seen.append(text);
            if (title.isEmpty() && m_window->windowTitle().contains(u'%'))
                title = m_window->windowTitle();
            QTest::qWait(5);
        }
        QVERIFY(finished.count() == 1 || finished.wait(10000));
        // 3 × 600 ms at cap 2 and more: the shown time moved on several times, and only ever forward.
        QVERIFY2(seen.size() >= 4, qPrintable(seen.join(QStringLiteral(" | "))));
        const auto tenths = [](QString text) {
            return text.remove(QRegularExpression(QStringLiteral("\\D"))).toLongLong();
        };
        for (qsizetype i = 1; i < seen.size(); ++i)
            QVERIFY2(tenths(seen.at(i)) > tenths(seen.at(i - 1)), qPrintable(seen.join(QStringLiteral(" | "))));
        QVERIFY2(title.endsWith(QStringLiteral("% — list.txt — Fanout")), qPrintable(title));

        const ResultsModel *model = m_window->resultsModel();
        QCOMPARE(finished.first().at(1).toBool(), false);
        QCOMPARE(model->counts().done, 29);
        QCOMPARE(model->counts().ok, 25);
        QCOMPARE(model->counts().failed, 4);
        QCOMPARE(model->counts().http4xx, 2);
        QCOMPARE(model->counts().http5xx, 2);
        QCOMPARE(model->counts().redirected, 1);
        QCOMPARE(model->result(rowOf(QStringLiteral("/page/7"))).title, QStringLiteral("Page 7"));
        QCOMPARE(model->result(rowOf(QStringLiteral("/gbk"))).title, QStringLiteral("百度一下，你就知道"));
        QCOMPARE(model->result(rowOf(QStringLiteral("/delay/600/b"))).title, QStringLiteral("Delay 600 b"));
        QVERIFY(model->result(rowOf(QStringLiteral("/delay/600/b"))).elapsedMs() >= 600);
        const CheckResult &redirect = model->result(rowOf(QStringLiteral("/redirect/3")));
        QCOMPARE(redirect.redirects.size(), 3);
        QCOMPARE(redirect.finalUrl.path(), QStringLiteral("/page/0"));
        QCOMPARE(redirect.title, QStringLiteral("Page 0"));
        const QModelIndex status = model->index(rowOf(QStringLiteral("/status/404")), ResultsModel::StatusColumn);
        QVERIFY(status.data().toString().startsWith(QLatin1String("404")));
        for (const CheckResult &r : model->allResults())
            QCOMPARE(ResultsModel::stateText(r), QStringLiteral("done"));

        QCOMPARE(m_window->windowTitle(), QStringLiteral("100% — list.txt — Fanout"));
        // Frozen at the end, and equal to the run's wall time.
        const QString frozen = m_window->elapsedText();
        QTest::qWait(300);
        QCOMPARE(m_window->elapsedText(), frozen);
        QCOMPARE(m_window->elapsedMs(), finished.first().at(0).toLongLong());
    }

    void modelsPassTheTesterThroughARealSession()
    {
        // The window's own models under QAbstractItemModelTester while the real engine fills them: batches
        // during a run with the table sorted by a live column, filter and sort changes mid-run, a re-check of
        // the failed rows, a new list, Clear. Fatal: a broken model rule aborts the test.
        using Tester = QAbstractItemModelTester;
        ResultsModel *model = m_window->resultsModel();
        ResultsFilterModel *proxy = m_window->filterModel();
        Tester modelTester(model, Tester::FailureReportingMode::Fatal);
        Tester proxyTester(proxy, Tester::FailureReportingMode::Fatal);
        QVERIFY(m_window->openFile(
            writeList(QStringLiteral("tester.txt"), mixedList() << QStringLiteral("ht!tp://bad url"))));
        QCOMPARE(proxy->rowCount(), 30);
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        view->sortByColumn(ResultsModel::TimeColumn, Qt::DescendingOrder);
        m_window->setConcurrency(4);
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        m_window->startRun();
        QTRY_VERIFY(model->counts().done >= 5);
        proxy->setCategory(ResultFilter::Ok);
        QTRY_VERIFY(model->counts().done >= 15);
        view->sortByColumn(ResultsModel::StatusColumn, Qt::AscendingOrder);
        proxy->setSearchText(QStringLiteral("page"));
        QVERIFY(finished.count() == 1 || finished.wait(20000));
        proxy->setSearchText(QString());
        proxy->setCategory(ResultFilter::All);
        QCOMPARE(model->counts().failed, 5); // 2 × 4xx, 2 × 5xx and the rejected line
        finished.clear();
        m_window->recheckFailed(); // the 4 HTTP failures again, the rejected line stays as it is
        QVERIFY(m_window->isRunning());
        QVERIFY(finished.count() == 1 || finished.wait(20000));
        QCOMPARE(model->counts().failed, 5);
        m_window->loadList(
            UrlListParser::parseText(url(QStringLiteral("/page/1")) + u'\n' + url(QStringLiteral("/status/404"))),
            QStringLiteral("fresh"));
        QCOMPARE(proxy->rowCount(), 2);
        QVERIFY(runToEnd());
        QCOMPARE(model->counts().done, 2);
        m_window->clearAll();
        QCOMPARE(model->rowCount(), 0);
        QCOMPARE(proxy->rowCount(), 0);
    }

    void concurrencyChangesMidRun()
    {
        QStringList lines;
        for (int i = 0; i < 40; ++i)
            lines.append(url(QStringLiteral("/delay/400/c%1").arg(i)));
        QVERIFY(m_window->openFile(writeList(QStringLiteral("slow.txt"), lines)));
        m_window->setConcurrency(2);
        m_server.resetStats();
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        m_window->startRun();
        QTest::qWait(600);
        QCOMPARE(m_server.stats().maxInFlight, 2);
        QVERIFY(m_server.stats().inFlight <= 2);
        // Raised through the toolbar's spin box, as a person would.
        const QList<QSpinBox *> spins = m_window->findChildren<QSpinBox *>();
        QSpinBox *cap = nullptr;
        for (QSpinBox *s : spins)
            if (s->maximum() == 1000 && s->value() == 2)
                cap = s;
        QVERIFY(cap);
        cap->setValue(10);
        QCOMPARE(m_window->concurrency(), 10);
        QTRY_VERIFY_WITH_TIMEOUT(m_server.stats().inFlight >= 8, 1000);
        QVERIFY(m_server.stats().inFlight <= 10);
        QVERIFY(finished.wait(20000));
        QCOMPARE(m_server.stats().maxInFlight, 10);
        QCOMPARE(m_window->resultsModel()->counts().ok, 40);
        QCOMPARE(m_settings->value(QStringLiteral("run/concurrency")).toInt(), 10);
    }

    void pauseAndResume()
    {
        QStringList lines;
        for (int i = 0; i < 20; ++i)
            lines.append(url(QStringLiteral("/delay/200/p%1").arg(i)));
        QVERIFY(m_window->openFile(writeList(QStringLiteral("pause.txt"), lines)));
        m_window->setConcurrency(4);
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        m_window->startRun();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->resultsModel()->counts().done >= 4, 5000);
        QTest::keyClick(m_window.get(), Qt::Key_F6); // Pause
        QVERIFY(m_window->isPaused());
        QTRY_COMPARE_WITH_TIMEOUT(m_server.stats().inFlight, 0, 3000);
        // The origin has answered, but the engine's thread may not have handed those results to the window
        // yet: wait until no row is left checking, or a late result lands after the count below is taken.
        QTRY_COMPARE(m_window->resultsModel()->counts().checking, 0);
        m_window->resultsModel()->flush();
        const int doneWhilePaused = m_window->resultsModel()->counts().done;
        QVERIFY(doneWhilePaused < 20);
        QTest::qWait(500);
        m_window->resultsModel()->flush();
        QCOMPARE(m_window->resultsModel()->counts().done, doneWhilePaused);
        QVERIFY2(m_window->windowTitle().startsWith(QLatin1String("Paused")), qPrintable(m_window->windowTitle()));
        QTest::keyClick(m_window.get(), Qt::Key_F6); // Resume
        QVERIFY(!m_window->isPaused());
        QVERIFY(finished.wait(10000));
        QCOMPARE(m_window->resultsModel()->counts().ok, 20);
    }

    void stopCancelsInFlight()
    {
        QStringList lines;
        for (int i = 0; i < 20; ++i)
            lines.append(url(QStringLiteral("/delay/5000/s%1").arg(i)));
        QVERIFY(m_window->openFile(writeList(QStringLiteral("stop.txt"), lines)));
        m_window->setConcurrency(5);
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        m_window->startRun();
        QTRY_COMPARE_WITH_TIMEOUT(m_server.stats().inFlight, 5, 3000);
        QSignalSpy served(&m_server, &OriginServer::requestServed);
        QTest::keyClick(m_window.get(), Qt::Key_Escape); // Stop
        QVERIFY(finished.count() == 1 || finished.wait(10000));
        // Stopped at once, not when the requests in flight were answered: the origin (on this thread, so it
        // answers whenever the test waits) had answered none of them when the run ended.
        QCOMPARE(served.count(), 0);
        QCOMPARE(finished.first().at(1).toBool(), true);
        const ResultsModel *model = m_window->resultsModel();
        // Every row is reported, none vanishes; a cancelled row is neither done nor failed.
        QCOMPARE(model->counts().cancelled, 20);
        QCOMPARE(model->counts().done, 0);
        QCOMPARE(model->counts().failed, 0);
        int cancelled = 0;
        for (const CheckResult &r : model->allResults())
            cancelled += r.errorCategory() == QLatin1String("cancelled") ? 1 : 0;
        QCOMPARE(cancelled, 20);
        QVERIFY(m_window->windowTitle().startsWith(QLatin1String("Stopped")));
        QVERIFY(!m_window->isRunning());
    }

    void filterAndSearch()
    {
        QVERIFY(m_window->openFile(writeList(QStringLiteral("list.txt"), mixedList())));
        m_window->setConcurrency(16);
        QVERIFY(runToEnd());
        ResultsFilterModel *proxy = m_window->filterModel();
        QCOMPARE(proxy->rowCount(), 29);
        const struct
        {
            Qt::Key key;
            int rows;
        } filters[] = {{Qt::Key_2, 25}, {Qt::Key_3, 1}, {Qt::Key_4, 2},
                       {Qt::Key_5, 2},  {Qt::Key_6, 0}, {Qt::Key_1, 29}};
        for (const auto &f : filters) {
            QTest::keyClick(m_window.get(), f.key, Qt::AltModifier);
            QCOMPARE(proxy->rowCount(), f.rows);
        }
        auto *search = child<QLineEdit>(QStringLiteral("searchBox"));
        QVERIFY(search);
        QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(search->hasFocus());
        QTest::keyClicks(search, QStringLiteral("delay/600"));
        QTRY_COMPARE(proxy->rowCount(), 3);
        search->clear();
        QTRY_COMPARE(proxy->rowCount(), 29);
    }

    void exportAndReadBack()
    {
        QVERIFY(m_window->openFile(writeList(QStringLiteral("list.txt"), mixedList())));
        QVERIFY(runToEnd());
        const QString all = m_dir.filePath(QStringLiteral("all.csv"));
        m_dialogs.saveAnswers = {all};
        QTest::keyClick(m_window.get(), Qt::Key_E, Qt::ControlModifier); // Export all rows
        QStringList lines = readLines(all);
        QCOMPARE(lines.size(), 30);
        QCOMPARE(lines.first(), ResultWriter::columns().join(u','));
        QVERIFY(lines.join(u'\n').contains(QStringLiteral("百度一下，你就知道")));

        QTest::keyClick(m_window.get(), Qt::Key_4, Qt::AltModifier); // 4xx only
        const QString filtered = m_dir.filePath(QStringLiteral("4xx.csv"));
        m_dialogs.saveAnswers = {filtered};
        QTest::keyClick(m_window.get(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        lines = readLines(filtered);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines.at(1).contains(QLatin1String("/status/4")));
        QVERIFY(lines.at(2).contains(QLatin1String("/status/4")));

        const QString jsonl = m_dir.filePath(QStringLiteral("all.jsonl"));
        QString error;
        QVERIFY2(m_window->exportTo(jsonl, false, &error), qPrintable(error));
        lines = readLines(jsonl);
        QCOMPARE(lines.size(), 29);
        for (const QString &line : std::as_const(lines))
            QVERIFY(QJsonDocument::fromJson(line.toUtf8()).isObject());

        // A failing write says why and leaves no message unsaid.
        QVERIFY(!m_window->exportTo(m_dir.filePath(QStringLiteral("no/such/dir/x.csv")), false, &error));
        QVERIFY(!error.isEmpty());
    }

    // Both exports write rows in the table's order: its sort, and for the shown rows its filter and search.
    void exportFollowsTheTableOrder()
    {
        QVERIFY(m_window->openFile(writeList(QStringLiteral("list.txt"), mixedList())));
        QVERIFY(runToEnd());
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        const ResultsModel *model = m_window->resultsModel();
        const ResultsFilterModel *proxy = m_window->filterModel();
        const auto shownUrls = [&]() {
            QStringList urls;
            for (const int row : proxy->visibleSourceRows())
                urls.append(model->result(row).url.toString());
            return urls;
        };
        const auto exportedUrls = [](const QString &path) {
            QStringList urls;
            const QStringList lines = readLines(path);
            for (qsizetype i = 1; i < lines.size(); ++i)
                urls.append(lines.at(i).section(u',', 0, 0)); // the url column comes first
            return urls;
        };
        // Slowest first: the three /delay/600 rows, last in the list, lead.
        view->sortByColumn(ResultsModel::TimeColumn, Qt::DescendingOrder);
        const QStringList sorted = shownUrls();
        QCOMPARE(sorted.size(), 29);
        QVERIFY2(sorted.first().contains(QLatin1String("/delay/600/")), qPrintable(sorted.first()));
        const QString all = m_dir.filePath(QStringLiteral("sorted.csv"));
        m_dialogs.saveAnswers = {all};
        QTest::keyClick(m_window.get(), Qt::Key_E, Qt::ControlModifier); // Export All Rows
        QCOMPARE(exportedUrls(all), sorted);
        QVERIFY2(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Exported 29 rows to ")),
                 qPrintable(m_window->statusBar()->currentMessage()));

        // Every row, in the sort's order, even while a filter hides some of them.
        QTest::keyClick(m_window.get(), Qt::Key_4, Qt::AltModifier); // 4xx only
        QCOMPARE(proxy->rowCount(), 2);
        const QString allWhileFiltered = m_dir.filePath(QStringLiteral("all-filtered.csv"));
        QString error;
        QVERIFY2(m_window->exportTo(allWhileFiltered, false, &error), qPrintable(error));
        QCOMPARE(exportedUrls(allWhileFiltered), sorted);

        // The shown rows in their order: 4xx by status, highest first.
        view->sortByColumn(ResultsModel::StatusColumn, Qt::DescendingOrder);
        const QString shown = m_dir.filePath(QStringLiteral("4xx.csv"));
        m_dialogs.saveAnswers = {shown};
        QTest::keyClick(m_window.get(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(exportedUrls(shown),
                 (QStringList{url(QStringLiteral("/status/410")), url(QStringLiteral("/status/404"))}));
        QVERIFY2(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Exported 2 rows to ")),
                 qPrintable(m_window->statusBar()->currentMessage()));
        // One row is one row, not "1 row(s)".
        QTest::keyClick(m_window.get(), Qt::Key_1, Qt::AltModifier); // all again
        auto *search = child<QLineEdit>(QStringLiteral("searchBox"));
        QVERIFY(search);
        search->setText(QStringLiteral("/gbk"));
        QTRY_COMPARE(proxy->rowCount(), 1);
        QVERIFY2(m_window->exportTo(m_dir.filePath(QStringLiteral("one.csv")), true, &error), qPrintable(error));
        QCOMPARE(exportedUrls(m_dir.filePath(QStringLiteral("one.csv"))), QStringList{url(QStringLiteral("/gbk"))});
        QVERIFY2(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Exported 1 row to ")),
                 qPrintable(m_window->statusBar()->currentMessage()));
    }

    void copyAndOpenSelected()
    {
        QVERIFY(m_window->openFile(writeList(QStringLiteral("list.txt"), mixedList())));
        QVERIFY(runToEnd());
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        view->selectionModel()->setCurrentIndex(view->model()->index(2, 0), QItemSelectionModel::NoUpdate);
        view->selectionModel()->select(QItemSelection(view->model()->index(0, 0), view->model()->index(2, 0)),
                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const QStringList lines = m_window->selectedRowsAsTsv().trimmed().split(u'\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines.first().startsWith(QStringLiteral("#\tURL\tState\tStatus")));
        QVERIFY(lines.at(1).startsWith(QStringLiteral("1\t") + url(QStringLiteral("/page/0"))));
        QVERIFY(lines.at(3).contains(QLatin1String("Page 2")));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text().trimmed(), lines.join(u'\n'));
        QTest::keyClick(m_window.get(), Qt::Key_B, Qt::ControlModifier); // open in browser
        QCOMPARE(m_dialogs.opened.size(), 1);
        QCOMPARE(m_dialogs.opened.first().path(), QStringLiteral("/page/2"));
    }

    // A copied row and the details pane say what the check came to, the error before the status it came after.
    void copiedRowLeadsWithTheOutcome()
    {
        CheckOptions options = m_window->checkOptions();
        options.timeoutMs = 1000; // /drip answers 200, then a byte a second
        options.retries = 0;
        m_window->setCheckOptions(options);
        QVERIFY(m_window->openFile(
            writeList(QStringLiteral("list.txt"), {url(QStringLiteral("/drip")), url(QStringLiteral("/cycle/a"))})));
        QVERIFY(runToEnd());
        QCOMPARE(m_window->resultsModel()->result(0).status, 200);
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        view->selectionModel()->setCurrentIndex(view->model()->index(0, 0), QItemSelectionModel::NoUpdate);
        view->selectionModel()->select(QItemSelection(view->model()->index(0, 0), view->model()->index(1, 0)),
                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const QStringList lines = m_window->selectedRowsAsTsv().trimmed().split(u'\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0).section(u'\t', 3, 3), QStringLiteral("Status"));
        QCOMPARE(lines.at(1).section(u'\t', 3, 3), QStringLiteral("Timeout (after 200 OK, body incomplete)"));
        QCOMPARE(lines.at(2).section(u'\t', 3, 3), QStringLiteral("Redirect loop (302)"));
        const auto *details = child<QTextBrowser>(QStringLiteral("detailsPane"));
        QTRY_VERIFY(details->toPlainText().contains(QLatin1String("/drip")));
        const QStringList shown = details->toPlainText().split(u'\n');
        QVERIFY2(shown.size() > 2 && shown.at(1) == QStringLiteral("Timeout (after 200 OK, body incomplete)"),
                 qPrintable(details->toPlainText()));
    }

    // Copy URL and Open in Browser hand over the URL that was checked, encoded as it went on the wire: the
    // table may show a friendlier form, but a clipboard holding "a%2C %22b%22" (toString()'s decoded %20)
    // is not the same text to paste or join back to the list.
    void copyAndOpenUseTheCheckedUrl()
    {
        const QString checked = url(QStringLiteral("/title?t=a%2C%20%22b%22%20%E4%B8%AD"));
        QVERIFY(m_window->openFile(writeList(QStringLiteral("list.txt"), {checked})));
        QVERIFY(runToEnd());
        QCOMPARE(m_window->resultsModel()->result(0).title, QStringLiteral("a, \"b\" 中"));
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        view->selectionModel()->setCurrentIndex(view->model()->index(0, 0),
                                                QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QGuiApplication::clipboard()->clear();
        QTest::keyClick(m_window.get(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier); // Copy URL
        QCOMPARE(QGuiApplication::clipboard()->text(), checked);
        QTest::keyClick(m_window.get(), Qt::Key_B, Qt::ControlModifier); // open in browser
        QCOMPARE(m_dialogs.opened.size(), 1);
        QCOMPARE(QString::fromLatin1(m_dialogs.opened.first().toEncoded()), checked); // what xdg-open is given
    }

    // When the descriptor limit cannot carry the highest cap (guiapp sets this from resourcelimits), no way of
    // setting a cap gets past it: the spin box, the shortcuts, the options, a run override, a run.
    void maxConcurrencyHoldsEverywhere()
    {
        m_window->setConcurrency(500);
        m_window->setMaxConcurrency(4);
        QCOMPARE(m_window->maxConcurrency(), 4);
        QCOMPARE(m_window->concurrency(), 4);
        auto *spin = child<QSpinBox>(QStringLiteral("capSpin"));
        QVERIFY(spin);
        QCOMPARE(spin->maximum(), 4);
        m_window->setConcurrency(900);
        QCOMPARE(m_window->concurrency(), 4);
        QTest::keyClick(m_window.get(), Qt::Key_Plus, Qt::ControlModifier);
        QCOMPARE(m_window->concurrency(), 4);
        CheckOptions options = m_window->checkOptions();
        options.concurrency = 900;
        m_window->setCheckOptions(options);
        QCOMPARE(m_window->concurrency(), 4);
        m_window->setRunOptionsOverride(options);
        QCOMPARE(m_window->concurrency(), 4);
        m_window->setRunOptionsOverride(std::nullopt);
        QCOMPARE(m_window->concurrency(), 4);

        QStringList lines;
        for (int i = 0; i < 20; ++i)
            lines << url(QStringLiteral("/delay/100/max%1").arg(i));
        QVERIFY(m_window->openFile(writeList(QStringLiteral("max.txt"), lines)));
        m_server.resetStats();
        QVERIFY(runToEnd());
        QCOMPARE(m_window->resultsModel()->counts().ok, 20);
        QVERIFY2(m_server.stats().maxInFlight <= 4, qPrintable(QString::number(m_server.stats().maxInFlight)));
    }

    void recheckFailedOnlyRequestsFailures()
    {
        QVERIFY(m_window->openFile(writeList(QStringLiteral("list.txt"), mixedList())));
        QVERIFY(runToEnd());
        QCOMPARE(m_window->resultsModel()->counts().failed, 4);
        const qint64 before = m_server.stats().requests;
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(finished.wait(10000));
        QCOMPARE(m_server.stats().requests - before, qint64(4));
        QCOMPARE(m_window->resultsModel()->counts().done, 29);
        QCOMPARE(m_window->resultsModel()->counts().failed, 4);
        QCOMPARE(m_window->resultsModel()->result(rowOf(QStringLiteral("/page/3"))).title, QStringLiteral("Page 3"));
    }

    void replacingListMidRunDropsOldResults()
    {
        QStringList slow;
        for (int i = 0; i < 10; ++i)
            slow.append(url(QStringLiteral("/delay/3000/r%1").arg(i)));
        QVERIFY(m_window->openFile(writeList(QStringLiteral("slow.txt"), slow)));
        m_window->startRun();
        QTRY_VERIFY(m_server.stats().inFlight > 0);
        const UrlList fresh = UrlListParser::parseText(mixedList().join(u'\n'));
        m_window->loadList(fresh, QStringLiteral("fresh"));
        QCOMPARE(m_window->resultsModel()->rowCount(), 29);
        QTest::qWait(200);
        m_window->resultsModel()->flush();
        QCOMPARE(m_window->resultsModel()->counts().done, 0); // nothing from the old run landed on new rows
        QVERIFY(runToEnd());
        QCOMPARE(m_window->resultsModel()->counts().ok, 25);
    }

    void pasteAndDropText()
    {
        auto *box = child<QPlainTextEdit>(QStringLiteral("urlBox"));
        QVERIFY(box);
        // The list pane starts hidden in a window under 1100 px wide (the offscreen screen is 800): Ctrl+L.
        if (!box->isVisible())
            QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier);
        QVERIFY(box->isVisible());
        QGuiApplication::clipboard()->setText(url(QStringLiteral("/page/1")) + u'\n' + url(QStringLiteral("/page/2")) +
                                              QStringLiteral("\nbad url\n"));
        box->setFocus();
        QTest::keyClick(box, Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(box->toPlainText().count(u'\n'), 3);
        QTest::keyClick(box, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(m_window->resultsModel()->rowCount(), 3);
        QCOMPARE(m_window->sourceName(), QStringLiteral("Pasted list"));

        QMimeData mime;
        mime.setText(url(QStringLiteral("/page/5")) + u'\n' + url(QStringLiteral("/page/6")));
        const QPoint at = m_window->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &drop);
        QTRY_COMPARE(m_window->sourceName(), QStringLiteral("Dropped text"));
        QCOMPARE(m_window->resultsModel()->rowCount(), 2);

        // Files dropped load like File → Open.
        const QString path = writeList(QStringLiteral("dropped.txt"), mixedList());
        QMimeData files;
        files.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enterFile(at, Qt::CopyAction, &files, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &enterFile);
        QVERIFY(enterFile.isAccepted());
        QDropEvent dropFile(at, Qt::CopyAction, &files, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &dropFile);
        QVERIFY2(m_dialogs.messages.isEmpty(), qPrintable(m_dialogs.messages.join(u'\n')));
        QTRY_COMPARE(m_window->sourceName(), QStringLiteral("dropped.txt"));
        QVERIFY2(m_dialogs.messages.isEmpty(), qPrintable(m_dialogs.messages.join(u'\n')));
        QCOMPARE(m_window->resultsModel()->rowCount(), 29);
    }

    void layoutAndSettingsPersist()
    {
        m_window->setConcurrency(37);
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        // One column shown by default hidden, one hidden by default shown, one resized.
        QVERIFY(!view->horizontalHeader()->isSectionHidden(ResultsModel::StateColumn));
        QVERIFY(view->horizontalHeader()->isSectionHidden(ResultsModel::ContentTypeColumn));
        view->horizontalHeader()->setSectionHidden(ResultsModel::StateColumn, true);
        view->horizontalHeader()->setSectionHidden(ResultsModel::ContentTypeColumn, false);
        view->horizontalHeader()->resizeSection(ResultsModel::TitleColumn, 333);
        CheckOptions options = m_window->checkOptions();
        options.method = HttpMethod::Head;
        options.retries = 2;
        options.headers = {{QByteArrayLiteral("X-Test"), QByteArrayLiteral("1")}};
        m_window->setCheckOptions(options);
        m_window->close();
        newWindow();
        QCOMPARE(m_window->concurrency(), 37);
        view = child<QTableView>(QStringLiteral("resultsView"));
        QVERIFY(view->horizontalHeader()->isSectionHidden(ResultsModel::StateColumn));
        QVERIFY(!view->horizontalHeader()->isSectionHidden(ResultsModel::ContentTypeColumn));
        QCOMPARE(view->horizontalHeader()->sectionSize(ResultsModel::TitleColumn), 333);
        QCOMPARE(m_window->checkOptions().method, HttpMethod::Head);
        QCOMPARE(m_window->checkOptions().retries, 2);
        QCOMPARE(m_window->checkOptions().headers.size(), 1);
    }

    // Every title fits beside a sort indicator, also with widths saved narrower by an earlier launch.
    void headerTitlesAreNotClipped()
    {
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        QVERIFY(view->horizontalHeader()->height() > 0);
        QStringList clipped = clippedTitles(view->horizontalHeader());
        QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QStringLiteral("; "))));
        view->sortByColumn(ResultsModel::TimeColumn, Qt::DescendingOrder);
        view->horizontalHeader()->resizeSection(ResultsModel::TimeColumn, 20);
        view->horizontalHeader()->resizeSection(ResultsModel::AttemptsColumn, 20);
        m_window->close();
        newWindow();
        view = child<QTableView>(QStringLiteral("resultsView"));
        clipped = clippedTitles(view->horizontalHeader());
        QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QStringLiteral("; "))));
    }

    // URLs are cut in the middle, keeping the end that tells one page of a site from the next.
    void urlCellsElideInTheMiddle()
    {
        QStringList lines;
        for (int i = 0; i < 3; ++i)
            lines.append(url(QStringLiteral("/title?t=") + QString(200, u'x') + QStringLiteral("&page=%1").arg(i)));
        QVERIFY(m_window->openFile(writeList(QStringLiteral("long.txt"), lines)));
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        ElideRecorder recorder;
        const struct Restore
        {
            QTableView *target;
            ~Restore() { target->setStyle(nullptr); }
        } restore{view};
        view->setStyle(&recorder);
        view->viewport()->grab(); // paints the visible cells
        QVERIFY(recorder.modes.contains(ResultsModel::UrlColumn));
        QCOMPARE(recorder.modes.value(ResultsModel::UrlColumn), Qt::ElideMiddle);
        QCOMPARE(recorder.modes.value(ResultsModel::StateColumn, Qt::ElideNone), Qt::ElideRight);
        QVERIFY(qobject_cast<UrlDelegate *>(view->itemDelegateForColumn(ResultsModel::FinalUrlColumn)));
    }

    // A sort saved by the last launch orders the rows of the next one (the header says so, the rows do it).
    void restoredSortSortsTheRows()
    {
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        view->sortByColumn(ResultsModel::TimeColumn, Qt::DescendingOrder);
        m_window->close();
        newWindow();
        view = child<QTableView>(QStringLiteral("resultsView"));
        QCOMPARE(view->horizontalHeader()->sortIndicatorSection(), int(ResultsModel::TimeColumn));
        QCOMPARE(view->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        QVERIFY(m_window->openFile(writeList(QStringLiteral("list.txt"), mixedList())));
        QVERIFY(runToEnd());
        const ResultsModel *model = m_window->resultsModel();
        QVector<qint64> shown;
        for (int row = 0; row < view->model()->rowCount(); ++row)
            shown.append(model->row(m_window->filterModel()->visibleSourceRows().at(row)).elapsedMs());
        QCOMPARE(shown.size(), 29);
        QVERIFY2(std::is_sorted(shown.rbegin(), shown.rend()), "rows not slowest first");
        QVERIFY2(
            view->model()->index(0, ResultsModel::UrlColumn).data().toString().contains(QLatin1String("/delay/600/")),
            qPrintable(view->model()->index(0, ResultsModel::UrlColumn).data().toString()));
    }

    // The demo's rows too: its runs go through loadList() and a second, concurrent pass over the same rows.
    void restoredSortSortsDemoRows_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::newRow("time desc") << int(ResultsModel::TimeColumn) << int(Qt::DescendingOrder);
        QTest::newRow("url desc") << int(ResultsModel::UrlColumn) << int(Qt::DescendingOrder);
    }

    void restoredSortSortsDemoRows()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        view->sortByColumn(column, Qt::SortOrder(order));
        m_window->close();
        newWindow();
        view = child<QTableView>(QStringLiteral("resultsView"));
        auto *demo = new DemoController(m_window.get()); // a child of the window: goes with it
        QString error;
        QVERIFY2(demo->ensureServer(&error), qPrintable(error));
        QSignalSpy done(demo, &DemoController::comparisonFinished);
        demo->runComparison(2);
        QVERIFY(done.wait(60000));
        ResultsFilterModel fresh;
        fresh.setResultsModel(m_window->filterModel()->resultsModel());
        fresh.sort(column, Qt::SortOrder(order));
        QCOMPARE(view->horizontalHeader()->sortIndicatorSection(), column);
        QCOMPARE(m_window->filterModel()->visibleSourceRows(), fresh.visibleSourceRows());
    }

    void settingsDialogAppliesAndPersists()
    {
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<SettingsDialog *>()) != nullptr);
        QVERIFY(dialog->isVisible());
        CheckOptions wanted = m_window->checkOptions();
        wanted.perHostLimit = 3;
        wanted.ratePerHost = 100.5; // high: the run below is not slowed by it
        wanted.maxErrorsPerHost = 4;
        wanted.retries = 1;
        wanted.method = HttpMethod::Head;
        wanted.headers = {{QByteArrayLiteral("Accept-Language"), QByteArrayLiteral("zh-CN")}};
        dialog->setOptions(wanted);
        dialog->setLanguage(QStringLiteral("zh_CN"));
        // A malformed header line keeps the dialog open and says why.
        auto *headers = dialog->findChild<QPlainTextEdit *>();
        QVERIFY(headers);
        headers->setPlainText(QStringLiteral("Accept-Language: zh-CN\nnot a header"));
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QCOMPARE(m_window->checkOptions().perHostLimit, 0);
        headers->setPlainText(QStringLiteral("Accept-Language: zh-CN"));
        dialog->accept();
        QTRY_VERIFY(!dialog->isVisible());
        QCOMPARE(m_window->checkOptions().perHostLimit, 3);
        QCOMPARE(m_window->checkOptions().retries, 1);
        QCOMPARE(m_window->checkOptions().method, HttpMethod::Head);
        QCOMPARE(m_window->checkOptions().headers.size(), 1);
        QCOMPARE(AppSettings::language(*m_settings), QStringLiteral("zh_CN"));
        QCOMPARE(AppSettings::loadOptions(*m_settings).perHostLimit, 3);
        QCOMPARE(m_window->checkOptions().ratePerHost, 100.5);
        QCOMPARE(AppSettings::loadOptions(*m_settings).ratePerHost, 100.5);
        QCOMPARE(AppSettings::loadOptions(*m_settings).maxErrorsPerHost, 4);

        // The per-host cap holds in a run against one host.
        QStringList lines;
        for (int i = 0; i < 12; ++i)
            lines.append(url(QStringLiteral("/delay/200/h%1").arg(i)));
        QVERIFY(m_window->openFile(writeList(QStringLiteral("host.txt"), lines)));
        m_window->setConcurrency(10);
        m_server.resetStats();
        QVERIFY(runToEnd());
        QCOMPARE(m_server.stats().maxInFlight, 3);
        QCOMPARE(m_window->resultsModel()->counts().ok, 12);
    }

    void closingMidRunDoesNotHang()
    {
        QStringList lines;
        for (int i = 0; i < 30; ++i)
            lines.append(url(QStringLiteral("/delay/5000/x%1").arg(i)));
        QVERIFY(m_window->openFile(writeList(QStringLiteral("close.txt"), lines)));
        m_window->startRun();
        QTRY_VERIFY(m_server.stats().inFlight > 0);
        QSignalSpy served(&m_server, &OriginServer::requestServed);
        m_window->close();
        m_window.reset(); // the engine thread is stopped and joined here
        // The requests were aborted, neither waited for nor left hanging: the origin saw every one of them go
        // before it had answered any (it answers after 5 s; a window that waited would block this thread).
        QTRY_COMPARE_WITH_TIMEOUT(m_server.stats().inFlight, 0, 10000);
        QCOMPARE(served.count(), 0);
    }

    void timingPanelFollowsRunIncrementally()
    {
        // The window hands the panel only the rows of each batch; its views must still match a full rebuild
        // from every row, mid-run and at the end.
        QStringList lines = mixedList();
        for (int i = 0; i < 30; ++i)
            lines.append(url(QStringLiteral("/delay/%1/t%2").arg(50 + (i * 37) % 300).arg(i)));
        QVERIFY(m_window->openFile(writeList(QStringLiteral("timing.txt"), lines)));
        m_window->setConcurrency(4);
        m_window->showTimingView();
        TimingPanel *panel = m_window->timingPanel();
        panel->showView(TimingPanel::View::Comparison);
        ResultsModel *model = m_window->resultsModel();
        auto compare = [&](bool running) {
            WaterfallView reference;
            reference.setResults(model->sharedTimingRows());
            reference.setNow(panel->waterfall()->model().nowMs(), running);
            const WaterfallModel &mine = panel->waterfall()->model();
            QCOMPARE(mine.count(), reference.model().count());
            for (int r = 0; r < mine.count(); ++r) {
                QCOMPARE(int(mine.bar(r).outcome), int(reference.model().bar(r).outcome));
                QCOMPARE(mine.phases(r), reference.model().phases(r));
            }
            QCOMPARE(mine.extentMs(), reference.model().extentMs());
            const InFlightSeries &a = panel->waterfall()->inFlight();
            const InFlightSeries &b = reference.inFlight();
            QCOMPARE(a.maxCount(), b.maxCount());
            QCOMPARE(a.steps().size(), b.steps().size());
            for (qsizetype i = 0; i < a.steps().size(); ++i) {
                QCOMPARE(a.steps().at(i).atMs, b.steps().at(i).atMs);
                QCOMPARE(a.steps().at(i).count, b.steps().at(i).count);
            }
        };
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        m_window->startRun();
        QTRY_VERIFY_WITH_TIMEOUT(model->counts().done >= 10 && model->counts().checking > 0, 10000);
        model->flush(); // announce what the engine reported since the last batch
        compare(true);
        QVERIFY(finished.wait(20000));
        compare(false);
        QCOMPARE(panel->waterfall()->inFlight().maxCount(), 4);
        const LatencySummary expected = LatencySummary::compute(durationsOf(model->timingRows()));
        QCOMPARE(panel->histogram()->summary().count, expected.count);
        QCOMPARE(panel->histogram()->summary().p90Ms, expected.p90Ms);
        QCOMPARE(panel->histogram()->summary().maxMs, expected.maxMs);
        QCOMPARE(panel->comparison()->figures().done, model->counts().done);
        QCOMPARE(panel->comparison()->figures().sumMs, model->counts().sumMs);
    }

    void timeCellTicksWhileChecking()
    {
        // /hang keeps its row in flight until the run is stopped, however slow the machine is.
        QVERIFY(m_window->openFile(
            writeList(QStringLiteral("slow.txt"), {url(QStringLiteral("/hang")), url(QStringLiteral("/page/1"))})));
        m_window->setConcurrency(2);
        ResultsModel *model = m_window->resultsModel();
        const int slow = rowOf(QStringLiteral("/hang"));
        const QModelIndex cell = model->index(slow, ResultsModel::TimeColumn);
        QCOMPARE(cell.data().toString(), QString()); // queued: nothing yet
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        m_window->startRun();
        QTRY_COMPARE(model->result(slow).state, CheckState::Checking);
        QTRY_VERIFY(model->result(rowOf(QStringLiteral("/page/1"))).isDone());
        model->flush();
        // Only the slow row is in flight now: the clock ticks its cell without any dataChanged.
        QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
        const QLocale locale;
        const auto shown = [&] {
            return locale.toLongLong(cell.data().toString());
        };
        QTRY_VERIFY(shown() > 0);
        const qint64 first = shown();
        QTRY_VERIFY(shown() > first); // counts up
        QCOMPARE(model->result(slow).state, CheckState::Checking);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(cell.data(Qt::ForegroundRole).value<QColor>(), QColor(0x1a, 0x73, 0xe8));
        m_window->stopRun();
        QVERIFY(finished.count() == 1 || finished.wait(10000));
        // Done: the result's own time, frozen.
        QVERIFY(model->result(slow).isDone());
        QVERIFY(model->result(slow).elapsedMs() > 0);
        const QString done = cell.data().toString();
        QCOMPARE(locale.toLongLong(done), model->result(slow).elapsedMs());
        QTest::qWait(150);
        QCOMPARE(cell.data().toString(), done);
    }

    void compareCapsUsesWindowFactory()
    {
        // Every manager this window's checks use comes from the injected factory, and none is made on the GUI
        // thread: the engine's are made on the engine thread, those of the panel's "Compare caps" on the
        // sweep's own thread.
        struct Calls
        {
            QMutex mutex;
            int gui = 0;
            QSet<QThread *> threads; // where the others were made
        };
        auto calls = std::make_shared<Calls>();
        QThread *gui = QThread::currentThread();
        Checker::ManagerFactory factory = [calls, gui](QObject *parent) {
            QMutexLocker lock(&calls->mutex);
            if (QThread::currentThread() == gui)
                ++calls->gui;
            else
                calls->threads.insert(QThread::currentThread());
            return new QNetworkAccessManager(parent);
        };
        m_window.reset();
        m_window = std::make_unique<MainWindow>(m_settings.get(), factory);
        m_window->setDialogs(&m_dialogs);
        m_window->timingPanel()->setHistoryFile(QString());
        QVERIFY(m_window->openFile(
            writeList(QStringLiteral("caps.txt"), {url(QStringLiteral("/page/1")), url(QStringLiteral("/page/2")),
                                                   url(QStringLiteral("/page/3"))})));
        QVERIFY(runToEnd());
        QSet<QThread *> engine;
        {
            QMutexLocker lock(&calls->mutex);
            QCOMPARE(calls->threads.size(), 1);
            QCOMPARE(calls->gui, 0);
            engine = calls->threads;
        }
        TimingPanel *panel = m_window->timingPanel();
        // The sweep is the run controller's; the panel shows it.
        QCOMPARE(panel->capSweepRunner(), m_window->runController()->capSweepRunner());
        QSignalSpy swept(panel, &TimingPanel::capSweepFinished);
        QVERIFY(panel->startCapSweep({1, 2}));
        QVERIFY(swept.wait(15000));
        QCOMPARE(swept.at(0).at(0).toBool(), false);
        QCOMPARE(panel->capSweepView()->chart()->model().points().size(), 2);
        QMutexLocker lock(&calls->mutex);
        QCOMPARE(calls->gui, 0);
        QCOMPARE(calls->threads.size(), 2); // the sweep's thread joined the engine's
        QVERIFY(calls->threads.contains(*engine.cbegin()));
    }

    void windowIconAtEverySize()
    {
        const QIcon icon = m_window->windowIcon();
        QVERIFY(!icon.isNull());
        QVERIFY(icon.availableSizes().contains(QSize(256, 256)));
        QVERIFY(icon.availableSizes().contains(QSize(16, 16)));
        // Drawn, not blank: the centre of the source dot is opaque white.
        const QImage image = icon.pixmap(QSize(64, 64)).toImage();
        QCOMPARE(qAlpha(image.pixel(17, 32)), 255);
    }

    void everyActionHasShortcutAndTooltip()
    {
        const QList<QAction *> actions = m_window->findChildren<QAction *>();
        int checked = 0;
        for (const QAction *action : actions) {
            if (action->text().isEmpty() || action->isSeparator() || action->menu())
                continue;
            if (action->parent() != m_window.get())
                continue; // recent-file entries and header menus are built on the fly
            QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
            QVERIFY2(!action->toolTip().isEmpty(), qPrintable(action->text()));
            ++checked;
        }
        QVERIFY(checked >= 25);
    }

    void chineseTranslationLoads()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/fanout_zh_CN.qm")));
        QVERIFY(!translator.isEmpty());
        QCOMPARE(translator.translate("Fanout::MainWindow", "&Start"), QStringLiteral("开始(&S)"));
        // A window built while the translation is installed speaks Chinese.
        QVERIFY(QCoreApplication::installTranslator(&translator));
        newWindow();
        const QString file = m_window->menuBar()->actions().value(0)->text();
        QVERIFY(m_window->openFile(writeList(QStringLiteral("列表.txt"), mixedList())));
        QVERIFY(runToEnd());
        QVERIFY(m_window->grab().toImage().save(
            QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("mainwindow_zh_CN.png"))));
        QCOMPARE(m_window->resultsModel()->index(0, ResultsModel::StateColumn).data().toString(),
                 QStringLiteral("已完成"));
        QCoreApplication::removeTranslator(&translator);
        QCOMPARE(file, QStringLiteral("文件(&F)"));
        QCOMPARE(AppSettings::effectiveLanguage(QStringLiteral("en")), QStringLiteral("en"));
        QCOMPARE(AppSettings::effectiveLanguage(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    }

    void screenshot()
    {
        QVERIFY(m_window->openFile(writeList(QStringLiteral("list.txt"), mixedList())));
        m_window->setConcurrency(8);
        QVERIFY(runToEnd());
        m_window->selectSourceRow(rowOf(QStringLiteral("/redirect/3")));
        m_window->resize(1400, 860);
        QTest::qWait(100);
        const QImage image = m_window->grab().toImage();
        QVERIFY(!image.isNull());
        const QString path = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("mainwindow.png"));
        QVERIFY(image.save(path));
        qInfo("screenshot: %s", qPrintable(path));
        QVERIFY(QFileInfo(path).size() > 10000);
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
