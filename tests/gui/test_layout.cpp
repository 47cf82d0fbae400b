// The main window's layout on a given screen: the offscreen platform is given one screen of the size under test
// (its JSON "configfile", Qt 6.4's qoffscreenintegration.cpp) and QT_SCALE_FACTOR, both set before QApplication
// exists, so each size is a process of its own. FANOUT_LAYOUT_SCREEN says which: "1024x700", "1280x800" (the
// default) or "1600x1000@2". Every stage asserts widget geometry and saves a screenshot beside this executable.
#include "origin/originserver.h"
#include "results/resultsmodel.h"
#include "timing/timingpanel.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

#include <cstdio>
#include <memory>

using namespace Fanout;

namespace {

struct ScreenSpec
{
    int width = 1280;
    int height = 800;
    int scale = 1;
    QString name() const
    {
        return QStringLiteral("%1x%2").arg(width).arg(height) +
               (scale == 1 ? QString() : QStringLiteral("@%1").arg(scale));
    }
};

ScreenSpec screenSpec()
{
    ScreenSpec spec;
    const QString text = qEnvironmentVariable("FANOUT_LAYOUT_SCREEN", QStringLiteral("1280x800"));
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("^(\\d+)x(\\d+)(?:@(\\d+))?$")).match(text);
    if (m.hasMatch()) {
        spec.width = m.captured(1).toInt();
        spec.height = m.captured(2).toInt();
        spec.scale = m.captured(3).isEmpty() ? 1 : m.captured(3).toInt();
    } else {
        std::fprintf(stderr, "FANOUT_LAYOUT_SCREEN=%s is not WxH or WxH@S; using 1280x800\n", qPrintable(text));
    }
    return spec;
}

QString describe(const QRect &r)
{
    return QStringLiteral("%1,%2 %3x%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
}

} // namespace

class TestLayout : public QObject
{
    Q_OBJECT

public:
    explicit TestLayout(const ScreenSpec &spec)
        : m_spec(spec)
    {}

private:
    ScreenSpec m_spec;
    OriginServer m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;

    QString url(const QString &path) const { return m_server.baseUrl().toString() + path; }

    template <typename T>
    T *child(const QString &name) const
    {
        return m_window->findChild<T *>(name);
    }

    void newWindow()
    {
        m_window.reset();
        m_window = std::make_unique<MainWindow>(m_settings.get());
        m_window->timingPanel()->setHistoryFile(QString()); // run history in memory, not the user's file
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    QString screenshot(const QString &stage) const
    {
        const QString path = QDir(QCoreApplication::applicationDirPath())
                                 .filePath(QStringLiteral("layout-%1-%2.png").arg(m_spec.name(), stage));
        if (!m_window->grab().save(path))
            return QStringLiteral("(screenshot not saved: %1)").arg(path);
        return path;
    }

    // Every visible widget of the status bar inside it, none over another: the message (elided) included.
    void checkStatusBar()
    {
        QStatusBar *bar = m_window->statusBar();
        QVERIFY(bar->isVisible());
        auto *message = bar->findChild<QLabel *>(QStringLiteral("statusMessage"));
        auto *state = bar->findChild<QLabel *>(QStringLiteral("stateLabel"));
        QVERIFY(message);
        QVERIFY(state);
        QVERIFY(message->isVisible());
        QVERIFY(state->isVisible());
        QList<QWidget *> items;
        for (QWidget *w : bar->findChildren<QWidget *>(Qt::FindDirectChildrenOnly))
            if (w->isVisible() && !w->inherits("QSizeGrip"))
                items.append(w);
        if (qEnvironmentVariableIsSet("FANOUT_LAYOUT_DEBUG"))
            for (QWidget *w : std::as_const(items))
                qInfo("status %s %s: min %d, at %s", w->metaObject()->className(), qPrintable(w->objectName()),
                      w->minimumSizeHint().width(), qPrintable(describe(w->geometry())));
        for (int i = 0; i < items.size(); ++i) {
            const QRect r = items.at(i)->geometry();
            QVERIFY2(bar->rect().contains(r),
                     qPrintable(items.at(i)->objectName() + u' ' + describe(r) +
                                QStringLiteral(" outside the status bar ") + describe(bar->rect())));
            for (int j = i + 1; j < items.size(); ++j)
                QVERIFY2(!r.intersects(items.at(j)->geometry()),
                         qPrintable(QStringLiteral("status widgets overlap: %1 %2 and %3 %4")
                                        .arg(items.at(i)->objectName(), describe(r), items.at(j)->objectName(),
                                             describe(items.at(j)->geometry()))));
        }
        QVERIFY2(!message->geometry().intersects(state->geometry()),
                 qPrintable(describe(message->geometry()) + QStringLiteral(" vs ") + describe(state->geometry())));
        QVERIFY2(message->geometry().width() >= message->fontMetrics().averageCharWidth() * 6,
                 qPrintable(QStringLiteral("message room %1").arg(message->width())));
        // The text drawn is what fits: the whole message or an elided one, never one running past the label.
        const QString full = bar->currentMessage();
        QVERIFY2(message->fontMetrics().horizontalAdvance(message->text()) <= message->contentsRect().width(),
                 qPrintable(message->text()));
        if (message->fontMetrics().horizontalAdvance(full) <= message->contentsRect().width()) {
            QCOMPARE(message->text(), full);
        } else {
            QVERIFY2(message->text().endsWith(QChar(0x2026)), qPrintable(message->text()));
            QCOMPARE(message->toolTip(), full);
        }
    }

    // What every stage must give: the window on the screen, the table most of its height, every toolbar action
    // on the bar (none behind »), the columns that matter in view, a status bar whose parts do not overlap.
    void checkLayout(const QString &stage)
    {
        // Layouts asked for (a label grown by new text) are done before anything is painted: do them first.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QScreen *screen = m_window->screen();
        QVERIFY(screen);
        const QRect available = screen->availableGeometry();
        QVERIFY2(available.contains(m_window->frameGeometry()),
                 qPrintable(stage + QStringLiteral(": frame ") + describe(m_window->frameGeometry()) +
                            QStringLiteral(" outside the screen's ") + describe(available)));

        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        QVERIFY(view);
        QVERIFY(view->isVisible());
        const int viewportHeight = view->viewport()->height();
        QVERIFY2(viewportHeight * 100 >= m_window->height() * 60,
                 qPrintable(stage + QStringLiteral(": table viewport %1 of the window's %2 px")
                                        .arg(viewportHeight)
                                        .arg(m_window->height())));

        auto *bar = child<QToolBar>(QStringLiteral("mainToolBar"));
        QVERIFY(bar);
        QVERIFY(bar->isVisible());
        if (qEnvironmentVariableIsSet("FANOUT_LAYOUT_DEBUG"))
            qInfo("toolbar %d wide, hint %d", bar->width(), bar->sizeHint().width());
        if (qEnvironmentVariableIsSet("FANOUT_LAYOUT_DEBUG"))
            for (QAction *action : bar->actions())
                if (QWidget *w = bar->widgetForAction(action))
                    qInfo("toolbar %s: hint %d, at %s", qPrintable(action->iconText()), w->sizeHint().width(),
                          qPrintable(describe(w->geometry())));
        for (QAction *action : bar->actions()) {
            if (action->isSeparator() || !action->isVisible())
                continue;
            QWidget *button = bar->widgetForAction(action);
            QVERIFY(button);
            const QString name =
                action->text().isEmpty() ? QString::fromLatin1(button->metaObject()->className()) : action->text();
            QVERIFY2(button->isVisible(), qPrintable(stage + QStringLiteral(": %1 is behind »").arg(name)));
            QVERIFY2(bar->rect().contains(button->geometry()),
                     qPrintable(stage + QStringLiteral(": %1 at %2 outside the toolbar %3")
                                            .arg(name, describe(button->geometry()), describe(bar->rect()))));
        }
        // Labels go only where they do not fit: below 1000 px Export and Settings are their icons alone.
        for (QAction *action : bar->actions()) {
            if (action->text() != QStringLiteral("&Export All Rows…") && action->text() != QStringLiteral("&Settings…"))
                continue;
            auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(action));
            QVERIFY(button);
            QCOMPARE(button->toolButtonStyle(),
                     m_spec.width / m_spec.scale >= 1000 ? Qt::ToolButtonTextBesideIcon : Qt::ToolButtonIconOnly);
        }
        const auto *extension = bar->findChild<QToolButton *>(QStringLiteral("qt_toolbar_ext_button"));
        QVERIFY2(!extension || !extension->isVisible(), qPrintable(stage + QStringLiteral(": the toolbar has a »")));
        // What the toolbar no longer shows is one click away in a menu.
        QList<QAction *> inMenus;
        for (QAction *top : m_window->menuBar()->actions())
            if (top->menu())
                inMenus += top->menu()->actions();
        for (const QString &text : {QStringLiteral("&Settings…"), QStringLiteral("&Timing View"),
                                    QStringLiteral("&Export All Rows…"), QStringLiteral("&Open List…")}) {
            bool found = false;
            for (QAction *action : std::as_const(inMenus))
                found = found || action->text() == text;
            QVERIFY2(found, qPrintable(text + QStringLiteral(" is in no menu")));
        }

        QHeaderView *header = view->horizontalHeader();
        const int viewportWidth = view->viewport()->width();
        const int em = view->fontMetrics().horizontalAdvance(u'M');
        for (const int column : {int(ResultsModel::StatusColumn), int(ResultsModel::TimeColumn),
                                 int(ResultsModel::TitleColumn), int(ResultsModel::ErrorColumn)}) {
            const QString title = view->model()->headerData(column, Qt::Horizontal).toString();
            QVERIFY2(!header->isSectionHidden(column), qPrintable(title));
            const int x = header->sectionViewportPosition(column);
            QVERIFY2(x >= 0 && x + header->sectionSize(column) <= viewportWidth,
                     qPrintable(stage + QStringLiteral(": column %1 at %2..%3, the table shows 0..%4")
                                            .arg(title)
                                            .arg(x)
                                            .arg(x + header->sectionSize(column))
                                            .arg(viewportWidth)));
        }
        QCOMPARE(view->horizontalScrollBar()->maximum(), 0);
        QVERIFY2(header->sectionSize(ResultsModel::UrlColumn) >= 10 * em,
                 qPrintable(QStringLiteral("URL column %1 px").arg(header->sectionSize(ResultsModel::UrlColumn))));

        // Details and Timing stay one click away: their tabs show even when the pane is small.
        auto *tabs = child<QTabWidget>(QStringLiteral("bottomTabs"));
        QVERIFY(tabs);
        QVERIFY(tabs->tabBar()->isVisible());
        QVERIFY(tabs->tabBar()->height() > 0);
        QVERIFY(m_window->rect().contains(tabs->tabBar()->mapTo(m_window.get(), tabs->tabBar()->rect().bottomLeft())));

        checkStatusBar();
        if (QTest::currentTestFailed())
            return;
        qInfo("%s: window %s, table viewport %d of %d px; screenshot %s", qPrintable(stage),
              qPrintable(describe(m_window->frameGeometry())), viewportHeight, m_window->height(),
              qPrintable(screenshot(stage)));
    }

    bool runToEnd()
    {
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        m_window->startRun();
        return finished.count() > 0 || finished.wait(60000);
    }

    QString writeList(const QStringList &lines)
    {
        const QString path = m_dir.filePath(QStringLiteral("list.txt"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(lines.join(u'\n').toUtf8() + '\n');
        return path;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_server.listen(), qPrintable(m_server.errorString()));
        // The platform really gave the screen asked for (in device-independent pixels at the scale factor).
        QScreen *screen = QGuiApplication::primaryScreen();
        QVERIFY(screen);
        QCOMPARE(QGuiApplication::screens().size(), 1);
        QCOMPARE(screen->geometry().size(), QSize(m_spec.width / m_spec.scale, m_spec.height / m_spec.scale));
        QCOMPARE(screen->devicePixelRatio(), qreal(m_spec.scale));
        qInfo("screen %s: %s logical, dpr %g", qPrintable(m_spec.name()), qPrintable(describe(screen->geometry())),
              screen->devicePixelRatio());
    }

    void init()
    {
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        m_settings->clear();
    }

    void cleanup()
    {
        if (m_window && m_window->isRunning()) {
            QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
            m_window->stopRun();
            finished.wait(10000);
        }
        m_window.reset();
        m_settings.reset();
    }

    // First start (no settings): the window fits the screen, the empty details pane leaves the table most of
    // the height, and a long status message is elided in its own room.
    void firstStart()
    {
        newWindow();
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        QVERIFY(view);
        // The split is settled once the window has its size: wait for that, not for a time.
        QTRY_VERIFY2(view->viewport()->height() * 100 >= m_window->height() * 60,
                     qPrintable(QStringLiteral("table viewport %1 of the window's %2 px")
                                    .arg(view->viewport()->height())
                                    .arg(m_window->height())));
        m_window->statusBar()->showMessage(
            QStringLiteral("A status message long enough to run across the whole status bar and into every label "
                           "that follows it, at any of the window sizes this test is run at: %1")
                .arg(QString(40, u'x')));
        const auto *message = m_window->statusBar()->findChild<QLabel *>(QStringLiteral("statusMessage"));
        QVERIFY(message);
        QTRY_VERIFY(message->text().endsWith(QChar(0x2026)));
        checkLayout(QStringLiteral("first-start"));
    }

    // With rows: a finished run of pages, client and server errors, a redirect and connection errors, a row
    // selected so the details pane has content; then mid-run, when the status bar has the most to show.
    void withResults()
    {
        newWindow();
        QStringList lines;
        for (int i = 0; i < 12; ++i)
            lines.append(url(QStringLiteral("/page/%1").arg(i)));
        lines << url(QStringLiteral("/status/404")) << url(QStringLiteral("/status/503"))
              << url(QStringLiteral("/redirect/2")) << url(QStringLiteral("/reset")) << url(QStringLiteral("/garbage"))
              << url(QStringLiteral("/gbk"));
        QVERIFY(m_window->openFile(writeList(lines)));
        QVERIFY(runToEnd());
        QCOMPARE(m_window->resultsModel()->rowCount(), int(lines.size()));
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        view->selectRow(14);
        QVERIFY(view->viewport()->height() * 100 >= m_window->height() * 60);
        checkLayout(QStringLiteral("results"));
        if (QTest::currentTestFailed())
            return;

        // Mid-run: progress, counts, rate, ETA and the clock all shown at once, with a message beside them.
        lines.clear();
        for (int i = 0; i < 400; ++i)
            lines.append(url(QStringLiteral("/delay/%1/%2").arg(i < 8 ? 50 : 60000).arg(i)));
        QVERIFY(m_window->openFile(writeList(lines)));
        m_window->setConcurrency(4);
        m_window->startRun();
        QTRY_VERIFY(m_window->isRunning());
        QTRY_VERIFY(m_window->resultsModel()->counts().ok >= 8);
        m_window->statusBar()->showMessage(QStringLiteral("Now checking up to 4 URLs at once"));
        checkLayout(QStringLiteral("running"));
    }

    // A geometry saved on a bigger screen (or another one, now gone) opens on this one, whole.
    void restoredGeometryIsClamped()
    {
        {
            // A window as big as a 2560x1600 screen allows, saved at that screen's far corner.
            QWidget big;
            big.setGeometry(QRect(1200, 700, 2400, 1500));
            m_settings->setValue(QStringLiteral("window/geometry"), big.saveGeometry());
        }
        newWindow();
        checkLayout(QStringLiteral("restored"));
    }

    // A click on the small pane's tab opens it; the table still keeps room.
    void tabOpensSmallPane()
    {
        newWindow();
        auto *tabs = child<QTabWidget>(QStringLiteral("bottomTabs"));
        QVERIFY(tabs);
        auto *view = child<QTableView>(QStringLiteral("resultsView"));
        QTRY_VERIFY(view->viewport()->height() * 100 >= m_window->height() * 60);
        const int before = tabs->height();
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(1).center());
        QCOMPARE(tabs->currentIndex(), 1);
        QTRY_VERIFY2(tabs->height() >= before + 80,
                     qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(tabs->height())));
        QVERIFY(view->viewport()->height() >= 3 * view->verticalHeader()->defaultSectionSize());
        qInfo("timing tab opened: %s", qPrintable(screenshot(QStringLiteral("timing-tab"))));
    }
};

int main(int argc, char **argv)
{
    const ScreenSpec spec = screenSpec();
    // One screen of the size under test, set up before QApplication reads the platform.
    QTemporaryDir config;
    if (!config.isValid())
        return 2;
    const QJsonObject screen{{QStringLiteral("name"), QStringLiteral("layout")},
                             {QStringLiteral("x"), 0},
                             {QStringLiteral("y"), 0},
                             {QStringLiteral("width"), spec.width},
                             {QStringLiteral("height"), spec.height},
                             {QStringLiteral("logicalDpi"), 96},
                             {QStringLiteral("logicalBaseDpi"), 96},
                             {QStringLiteral("dpr"), 1.0}};
    QFile file(config.filePath(QStringLiteral("screens.json")));
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("screens"), QJsonArray{screen}}}).toJson()) < 0)
        return 2;
    file.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(file.fileName()));
    if (spec.scale != 1)
        qputenv("QT_SCALE_FACTOR", QByteArray::number(spec.scale));
    else
        qunsetenv("QT_SCALE_FACTOR");
    qunsetenv("QT_SCREEN_SCALE_FACTORS");
    qunsetenv("QT_AUTO_SCREEN_SCALE_FACTOR");
    // Nothing of the user's is read or written: a home and XDG folders of the test's own.
    QTemporaryDir home;
    if (!home.isValid())
        return 2;
    qputenv("HOME", QFile::encodeName(home.path()));
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
        qputenv(name, QFile::encodeName(home.filePath(QString::fromLatin1(name))));

    QApplication app(argc, argv);
    TestLayout test(spec);
    return QTest::qExec(&test, argc, argv);
}

#include "test_layout.moc"
