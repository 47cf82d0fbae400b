// Issue 11: Esc stops a run only where the run has focus (and a large one asks first), a stop's cancelled URLs
// are counted as cancelled everywhere (not done, not failed, not in the rate), every shortcut of the window
// reaches its action whatever editor has focus, Tab leaves the table, F1 is help, a paste is checked in one step
// and the ETA of URLs in flight counts their deadlines. A real window on a real origin on loopback.
#include "engine/checkoptions.h"
#include "fakedialogs.h"
#include "origin/originserver.h"
#include "results/resultsfiltermodel.h"
#include "results/resultsmodel.h"
#include "store/runhistory.h"
#include "timing/timingpanel.h"
#include "window/dialogs.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCoreApplication>
#include <QDialog>
#include <QFile>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

#include <memory>

using namespace Fanout;

namespace {

// Answers at once from queues and records what was asked: no test waits on a modal dialog.
using FanoutTest::FakeDialogs;

// Takes every key for the editor it watches, as a line edit does on X11 (its key scheme binds Ctrl+E, Ctrl+K,
// Ctrl+D, Ctrl+B, ... to Emacs-style editing): an application filter, so it speaks before the editor's own.
class GreedyEditor final : public QObject
{
public:
    explicit GreedyEditor(QObject *editor)
        : m_editor(editor)
    {
        QCoreApplication::instance()->installEventFilter(this);
    }
    ~GreedyEditor() override { QCoreApplication::instance()->removeEventFilter(this); }
    Q_DISABLE_COPY_MOVE(GreedyEditor)

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_editor && event->type() == QEvent::ShortcutOverride)
            event->accept();
        return false;
    }

private:
    QObject *m_editor;
};

} // namespace

class TestStopAndKeys : public QObject
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

    template <typename T>
    T *child(const QString &name) const
    {
        return m_window->findChild<T *>(name);
    }
    QTableView *table() const { return child<QTableView>(QStringLiteral("resultsView")); }
    QLineEdit *search() const { return child<QLineEdit>(QStringLiteral("searchBox")); }
    QPlainTextEdit *box() const { return child<QPlainTextEdit>(QStringLiteral("urlBox")); }

    // The status bar's label whose text matches (the labels have no names of their own).
    QString statusText(const QRegularExpression &pattern) const
    {
        for (const QLabel *label : m_window->statusBar()->findChildren<QLabel *>())
            if (pattern.match(label->text()).hasMatch())
                return label->text();
        return {};
    }
    QString chipText(const QString &prefix) const
    {
        for (const QToolButton *button : m_window->findChildren<QToolButton *>())
            if (button->defaultAction() && button->defaultAction()->text().startsWith(prefix))
                return button->defaultAction()->text();
        return {};
    }

    // Every shortcut of the window, with its action (Stop is not on the window itself: see buildActions).
    QList<QPair<QKeySequence, QAction *>> windowShortcuts() const
    {
        QList<QAction *> actions = m_window->actions();
        for (QAction *action : table()->actions())
            if (!actions.contains(action))
                actions.append(action);
        QList<QPair<QKeySequence, QAction *>> keys;
        for (QAction *action : std::as_const(actions))
            for (const QKeySequence &key : action->shortcuts())
                keys.append({key, action});
        return keys;
    }

    void focus(QWidget *widget)
    {
        widget->setFocus(Qt::OtherFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), widget);
    }

    // A run of `slow` URLs the origin holds for a minute behind `fast` pages it answers at once, at cap `cap`.
    void startHeldRun(int fast, int slow, int cap, const QString &name)
    {
        QStringList lines;
        for (int i = 0; i < fast; ++i)
            lines << url(QStringLiteral("/page/%1?%2").arg(i).arg(name));
        for (int i = 0; i < slow; ++i)
            lines << url(QStringLiteral("/delay/60000/%1-%2").arg(name).arg(i));
        QVERIFY(m_window->openFile(writeList(name + QStringLiteral(".txt"), lines)));
        m_window->setConcurrency(cap);
        m_window->startRun();
        QVERIFY(m_window->isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(m_window->resultsModel()->counts().done, fast, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->resultsModel()->counts().checking, std::min(cap, slow), 30000);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        qputenv("XDG_STATE_HOME", m_dir.filePath(QStringLiteral("state")).toUtf8());
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
        QVERIFY2(m_server.listen(), qPrintable(m_server.errorString()));
    }

    void init()
    {
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        m_settings->clear();
        m_dialogs.reset();
        m_window = std::make_unique<MainWindow>(m_settings.get());
        m_window->setDialogs(&m_dialogs);
        m_window->timingPanel()->setHistoryFile(QString()); // in memory, never the user's file
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        focus(table());
    }

    void cleanup()
    {
        if (m_window && m_window->isRunning()) {
            QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
            m_window->stopRun();
            QVERIFY(finished.count() > 0 || finished.wait(20000));
        }
        m_window.reset();
        m_settings.reset();
    }

    void escInTheSearchFieldClearsItAndTheRunGoesOn()
    {
        startHeldRun(0, 4, 4, QStringLiteral("esc-search"));
        focus(search());
        QTest::keyClicks(search(), QStringLiteral("delay"));
        QCOMPARE(search()->text(), QStringLiteral("delay"));
        QTest::keyClick(search(), Qt::Key_Escape);
        QCOMPARE(search()->text(), QString());
        QVERIFY(m_window->isRunning());
        // Again, in the empty field: back to the table, and still running.
        QTest::keyClick(search(), Qt::Key_Escape);
        QTRY_COMPARE(QApplication::focusWidget(), table());
        QVERIFY(m_window->isRunning());
        // The URL box is no place to stop from either.
        focus(box());
        QTest::keyClick(box(), Qt::Key_Escape);
        QVERIFY(m_window->isRunning());
        // In the table, Esc stops; a run this small does not ask.
        focus(table());
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        QTest::keyClick(table(), Qt::Key_Escape);
        QVERIFY(finished.count() > 0 || finished.wait(20000));
        QVERIFY(m_dialogs.questions.isEmpty());
        QCOMPARE(finished.first().at(1).toBool(), true);
    }

    void escInTheTableAsksBeforeStoppingALargeRun()
    {
        startHeldRun(0, 1500, 4, QStringLiteral("esc-large"));
        m_dialogs.askAnswers = {1}; // Keep Running
        QTest::keyClick(table(), Qt::Key_Escape);
        QCOMPARE(m_dialogs.questions, QStringList{QStringLiteral("Stop the Run?")});
        QVERIFY(m_window->isRunning());
        QCOMPARE(m_window->resultsModel()->counts().cancelled, 0);
        // Asked again; Stop (the default answer) stops it.
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        QTest::keyClick(table(), Qt::Key_Escape);
        QCOMPARE(m_dialogs.questions.size(), 2);
        QVERIFY(finished.count() > 0 || finished.wait(20000));
        QCOMPARE(m_window->resultsModel()->counts().cancelled, 1500);
        QCOMPARE(m_window->resultsModel()->counts().done, 0);
        QCOMPARE(m_window->resultsModel()->counts().failed, 0);
    }

    void countsAfterAStopLeaveTheCancelledApart()
    {
        // 6 pages answer; then 5 URLs are held in flight and 9 queued behind them when the run is stopped.
        startHeldRun(6, 14, 5, QStringLiteral("stop-counts"));
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        QTest::keyClick(table(), Qt::Key_Escape);
        QVERIFY(finished.count() > 0 || finished.wait(20000));
        const qint64 wallMs = finished.first().at(0).toLongLong();
        QVERIFY(wallMs > 0);

        const ResultCounts &c = m_window->resultsModel()->counts();
        QCOMPARE(c.total, 20);
        QCOMPARE(c.done, 6);
        QCOMPARE(c.ok, 6);
        QCOMPARE(c.failed, 0);
        QCOMPARE(c.errors, 0);
        QCOMPARE(c.cancelled, 14);

        // The status bar: done excludes them and says how many; no 100 %; the rate is finished / elapsed.
        const QLocale locale;
        QCOMPARE(statusText(QRegularExpression(QStringLiteral("^\\d+ / \\d+ done"))),
                 QStringLiteral("6 / 20 done · 14 cancelled"));
        QVERIFY(!statusText(QRegularExpression(QStringLiteral(" failed$"))).isEmpty());
        QVERIFY(statusText(QRegularExpression(QStringLiteral(" failed$"))).endsWith(QLatin1String("> 0 failed")));
        const double rate = 6 * 1000.0 / double(wallMs);
        QCOMPARE(statusText(QRegularExpression(QStringLiteral("^[\\d.,]+ URL/s$"))),
                 QStringLiteral("%1 URL/s").arg(locale.toString(rate, 'f', rate < 10 ? 1 : 0)));
        auto *progress = m_window->statusBar()->findChild<QProgressBar *>();
        QVERIFY(progress);
        QCOMPARE(progress->value(), 6);
        QCOMPARE(progress->maximum(), 20);
        QVERIFY2(m_window->windowTitle().startsWith(QLatin1String("Stopped 30%")), qPrintable(m_window->windowTitle()));

        // The filter chips: a chip of their own, and the errors chip is not theirs.
        QCOMPARE(chipText(QStringLiteral("Cancelled")), QStringLiteral("Cancelled 14"));
        QCOMPARE(chipText(QStringLiteral("Errors")), QStringLiteral("Errors 0"));
        QCOMPARE(chipText(QStringLiteral("OK")), QStringLiteral("OK 6"));
        m_window->filterModel()->setCategory(ResultFilter::Cancelled);
        QCOMPARE(m_window->filterModel()->rowCount(), 14);
        m_window->filterModel()->setCategory(ResultFilter::Errors);
        QCOMPARE(m_window->filterModel()->rowCount(), 0);
        m_window->filterModel()->setCategory(ResultFilter::All);

        // The history: 14 cancelled, not failed; the sum and the speed-up over the 6 that finished.
        const RunRecord &record = m_window->timingPanel()->lastRecord();
        QVERIFY(record.cancelled);
        QCOMPARE(record.urlCount, 20);
        QCOMPARE(record.ok, 6);
        QCOMPARE(record.failed, 0);
        QCOMPARE(record.cancelledUrls, 14);
        qint64 finishedSum = 0;
        for (const CheckResult &r : m_window->resultsModel()->allResults())
            if (!r.isCancelled())
                finishedSum += std::max<qint64>(0, r.elapsedMs());
        QCOMPARE(record.sumMs, finishedSum);
        QCOMPARE(record.wallMs, wallMs);

        // An export says which rows were cancelled, and only those; also once the rows have left memory (a
        // cancelled result is not written to the run file, so that a resume checks it).
        QTRY_COMPARE(m_window->resultsModel()->heldRows(), 0);
        const QString out = m_dir.filePath(QStringLiteral("stopped.csv"));
        QString error;
        QVERIFY2(m_window->exportTo(out, false, &error), qPrintable(error));
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray csv = file.readAll();
        QCOMPARE(csv.count("cancelled: "), 14);
        QCOMPARE(csv.count("Page "), 6);
    }

    void everyShortcutReachesTheWindowFromAnyFocus()
    {
        QVERIFY(m_window->openFile(writeList(QStringLiteral("keys.txt"), {url(QStringLiteral("/page/1"))})));
        // No two actions share a key: a shared one would fire neither.
        const auto keys = windowShortcuts();
        QVERIFY(keys.size() >= 30);
        for (int i = 0; i < keys.size(); ++i)
            for (int j = i + 1; j < keys.size(); ++j)
                QVERIFY2(keys.at(i).first != keys.at(j).first || keys.at(i).second == keys.at(j).second,
                         qPrintable(keys.at(i).first.toString()));
        // An editor asked first (ShortcutOverride) lets every window key through, except its own editing keys.
        const QList<QWidget *> targets{search(), box(), table(), child<QSpinBox>(QStringLiteral("capSpin"))};
        for (QWidget *target : targets) {
            focus(target);
            for (const auto &[key, action] : keys) {
                const QKeyCombination combination = key[0];
                QKeyEvent override(QEvent::ShortcutOverride, combination.key(), combination.keyboardModifiers());
                if (override.matches(QKeySequence::Copy) || override.matches(QKeySequence::Paste) ||
                    override.matches(QKeySequence::SelectAll))
                    continue; // copy and paste in an editor are the editor's
                override.ignore();
                QApplication::sendEvent(target, &override);
                QVERIFY2(!override.isAccepted(),
                         qPrintable(target->objectName() + u' ' + key.toString() + u' ' + action->text()));
            }
        }
        // And for real: Ctrl+E in the search field opens the export, as it does from the table.
        focus(search());
        QTest::keyClick(search(), Qt::Key_E, Qt::ControlModifier);
        QCOMPARE(m_dialogs.saveTitles.size(), 1);
        focus(box());
        QTest::keyClick(box(), Qt::Key_E, Qt::ControlModifier);
        QCOMPARE(m_dialogs.saveTitles.size(), 2);
        focus(table());
        QTest::keyClick(table(), Qt::Key_E, Qt::ControlModifier);
        QCOMPARE(m_dialogs.saveTitles.size(), 3);
        // Where the editor would take the key (X11's key scheme; the offscreen platform's takes none of these),
        // the window's key still wins.
        for (QWidget *target : {static_cast<QWidget *>(search()), static_cast<QWidget *>(box())}) {
            focus(target);
            GreedyEditor greedy(target);
            QKeyEvent override(QEvent::ShortcutOverride, Qt::Key_E, Qt::ControlModifier);
            override.ignore();
            QApplication::sendEvent(target, &override);
            QVERIFY(!override.isAccepted());
            const qsizetype before = m_dialogs.saveTitles.size();
            QTest::keyClick(target, Qt::Key_E, Qt::ControlModifier);
            QCOMPARE(m_dialogs.saveTitles.size(), before + 1);
        }
        // Ctrl+K in the search field goes to the cap, not to "delete to the end of the line".
        focus(search());
        QTest::keyClicks(search(), QStringLiteral("abc"));
        search()->setCursorPosition(0);
        QTest::keyClick(search(), Qt::Key_K, Qt::ControlModifier);
        QCOMPARE(search()->text(), QStringLiteral("abc"));
        QCOMPARE(QApplication::focusWidget(), child<QSpinBox>(QStringLiteral("capSpin")));
    }

    void tabLeavesTheTableInOnePress()
    {
        QStringList lines;
        for (int i = 0; i < 52; ++i)
            lines << url(QStringLiteral("/page/%1").arg(i));
        QVERIFY(m_window->openFile(writeList(QStringLiteral("tab.txt"), lines)));
        m_window->selectSourceRow(0);
        focus(table());
        QTest::keyClick(table(), Qt::Key_Tab);
        QVERIFY(QApplication::focusWidget() != table());
        focus(table());
        QTest::keyClick(table(), Qt::Key_Backtab, Qt::ShiftModifier);
        QVERIFY(QApplication::focusWidget() != table());
    }

    void f1OpensHelp()
    {
        QTest::keyClick(m_window.get(), Qt::Key_F1);
        auto *help = m_window->findChild<QDialog *>(QStringLiteral("helpDialog"));
        QVERIFY(help);
        QTRY_VERIFY(help->isVisible());
        QVERIFY(m_dialogs.messages.isEmpty()); // not the About box
        const QString text = help->findChild<QTextBrowser *>()->toPlainText();
        for (const char *expected : {"Keys", "Columns", "F5", "Esc", "Final URL", "Attempts", "cancelled"})
            QVERIFY2(text.contains(QLatin1String(expected)), expected);
        help->close();
        // About is still there, one key away.
        QTest::keyClick(m_window.get(), Qt::Key_F1, Qt::ShiftModifier);
        QCOMPARE(m_dialogs.messages.size(), 1);
        QVERIFY(m_dialogs.messages.first().startsWith(QLatin1String("About Fanout")));
    }

    void startChecksWhatWasPasted()
    {
        // The list pane starts hidden in a window under 1100 px wide (the offscreen screen is 800): Ctrl+L.
        if (!box()->isVisible())
            QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier);
        QVERIFY(box()->isVisible());
        // Nothing loaded: text in the box is enough for Start.
        QAction *start = nullptr;
        for (QAction *action : m_window->actions())
            if (action->shortcut() == QKeySequence(Qt::Key_F5))
                start = action;
        QVERIFY(start);
        QVERIFY(!start->isEnabled());
        box()->setPlainText(url(QStringLiteral("/page/1?typed")));
        QVERIFY(start->isEnabled());
        box()->clear();
        QVERIFY(!start->isEnabled());

        // A file is loaded; then URLs are pasted into the box: Start checks those, in one step.
        QVERIFY(m_window->openFile(writeList(QStringLiteral("file.txt"),
                                             {url(QStringLiteral("/page/1?file")), url(QStringLiteral("/page/2?file")),
                                              url(QStringLiteral("/page/3?file"))})));
        QCOMPARE(m_window->resultsModel()->rowCount(), 3);
        focus(box());
        box()->setPlainText(url(QStringLiteral("/page/7?pasted")) + u'\n' + url(QStringLiteral("/page/8?pasted")));
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        QTest::keyClick(box(), Qt::Key_F5);
        QVERIFY(finished.count() > 0 || finished.wait(20000));
        QCOMPARE(m_window->sourceName(), QStringLiteral("Pasted list"));
        QCOMPARE(m_window->resultsModel()->rowCount(), 2);
        QCOMPARE(m_window->resultsModel()->counts().ok, 2);

        // Load and Check (Ctrl+Shift+Enter in the box) does the same.
        box()->setPlainText(url(QStringLiteral("/page/9?again")));
        QTest::keyClick(box(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(finished.count() > 1 || finished.wait(20000));
        QCOMPARE(m_window->resultsModel()->rowCount(), 1);
        QCOMPARE(m_window->resultsModel()->counts().ok, 1);
        // Ctrl+Enter only loads, to look before checking.
        box()->setPlainText(url(QStringLiteral("/page/10?look")) + u'\n' + url(QStringLiteral("/page/11?look")));
        QTest::keyClick(box(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(m_window->resultsModel()->rowCount(), 2);
        QVERIFY(!m_window->isRunning());
        QVERIFY(m_dialogs.messages.isEmpty());
    }

    void pauseIsShownAsPaused()
    {
        // The status and the Pause action read the window's own paused state (they once read an uninitialised
        // local of the same name).
        startHeldRun(0, 3, 3, QStringLiteral("pause"));
        QAction *pause = nullptr;
        for (QAction *action : m_window->actions())
            if (action->shortcut() == QKeySequence(Qt::Key_F6))
                pause = action;
        QVERIFY(pause);
        QCOMPARE(pause->text(), QStringLiteral("&Pause"));
        QTest::keyClick(table(), Qt::Key_F6);
        QTRY_VERIFY(m_window->isPaused());
        QTRY_COMPARE(pause->text(), QStringLiteral("&Resume"));
        QTRY_VERIFY(!statusText(QRegularExpression(QStringLiteral("^Paused$"))).isEmpty());
        QCOMPARE(statusText(QRegularExpression(QStringLiteral("^ETA"))), QStringLiteral("ETA —"));
        QTest::keyClick(table(), Qt::Key_F6);
        QTRY_COMPARE(pause->text(), QStringLiteral("&Pause"));
        QTRY_VERIFY(!statusText(QRegularExpression(QStringLiteral("^Checking…$"))).isEmpty());
    }

    void etaOfUrlsInFlightCountsTheirDeadlines()
    {
        // Everything left is in flight and nothing answers: the rate knows nothing, the 4 s deadline does.
        CheckOptions options = m_window->checkOptions();
        options.timeoutMs = 4000;
        options.retries = 0;
        m_window->setCheckOptions(options);
        startHeldRun(0, 3, 5, QStringLiteral("eta"));
        const QRegularExpression etaLabel(QStringLiteral("^ETA"));
        QTRY_VERIFY2(statusText(etaLabel).startsWith(QStringLiteral("ETA ≤ ")), qPrintable(statusText(etaLabel)));
        const QString eta = statusText(etaLabel);
        const QRegularExpressionMatch seconds = QRegularExpression(QStringLiteral("(\\d+) s$")).match(eta);
        QVERIFY2(seconds.hasMatch(), qPrintable(eta));
        QVERIFY(seconds.captured(1).toInt() >= 1);
        QVERIFY(seconds.captured(1).toInt() <= 4);
    }
};

QTEST_MAIN(TestStopAndKeys)
#include "test_stopandkeys.moc"
