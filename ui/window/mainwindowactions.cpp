// MainWindow: its actions (with shortcuts and tips), menus, toolbar, recent files and which actions apply.
#include "results/detailspane.h"
#include "results/resultsmodel.h"
#include "window/mainwindowprivate.h"
#include "window/urlinputpane.h"

#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace Fanout {

using namespace MainWindowParts;

namespace {

// Some buttons show their icon alone (name in the tooltip) while the bar is narrower than every label needs, so
// no button hides behind the toolbar's », where no one looks for it.
class ToolBarFitter final : public QObject
{
    Q_DISABLE_COPY_MOVE(ToolBarFitter)

public:
    ToolBarFitter(QToolBar *bar, const QList<QAction *> &compactFirst)
        : QObject(bar)
        , m_bar(bar)
    {
        for (QAction *action : compactFirst)
            if (auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(action)))
                m_buttons.append({button, 0});
        bar->installEventFilter(this);
    }
    ~ToolBarFitter() override = default;

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // A resize, or a button whose text changed (Pause/Resume): decide again.
        if (watched == m_bar && (event->type() == QEvent::Resize || event->type() == QEvent::LayoutRequest))
            fit();
        return QObject::eventFilter(watched, event);
    }

private:
    void fit()
    {
        // The width every label needs: the bar's, plus what the icon-only buttons' labels would add.
        int labelled = m_bar->sizeHint().width();
        for (Button &b : m_buttons) {
            if (b.button->toolButtonStyle() == m_bar->toolButtonStyle())
                b.labelledWidth = b.button->sizeHint().width();
            else
                labelled += std::max(0, b.labelledWidth - b.button->sizeHint().width());
        }
        const Qt::ToolButtonStyle style =
            m_bar->width() >= labelled ? m_bar->toolButtonStyle() : Qt::ToolButtonIconOnly;
        for (const Button &b : std::as_const(m_buttons))
            if (b.button->toolButtonStyle() != style)
                b.button->setToolButtonStyle(style);
    }

    struct Button
    {
        QToolButton *button;
        int labelledWidth; // its size hint with its label, measured while it had it
    };
    QToolBar *m_bar;
    QList<Button> m_buttons;
};

// Lets the window's shortcuts past an editor that would take them for editing (see guardShortcuts()).
class ShortcutGuard final : public QObject
{
public:
    ShortcutGuard(std::function<bool(const QKeySequence &)> isWindowKey, QObject *parent)
        : QObject(parent)
        , m_isWindowKey(std::move(isWindowKey))
    {}
    Q_DISABLE_COPY_MOVE(ShortcutGuard)

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::ShortcutOverride)
            return QObject::eventFilter(watched, event);
        auto *key = static_cast<QKeyEvent *>(event);
        for (const QKeySequence::StandardKey editing :
             {QKeySequence::Copy, QKeySequence::Cut, QKeySequence::Paste, QKeySequence::Undo, QKeySequence::Redo,
              QKeySequence::SelectAll}) {
            if (key->matches(editing))
                return false;
        }
        Qt::KeyboardModifiers modifiers = key->modifiers();
        modifiers.setFlag(Qt::KeypadModifier, false); // Ctrl++ on the keypad is Ctrl++
        const QKeySequence pressed(QKeyCombination(modifiers, Qt::Key(key->key())));
        if (!m_isWindowKey(pressed))
            return false;
        key->ignore(); // not the editor's: the shortcut map gets it
        return true;
    }

private:
    std::function<bool(const QKeySequence &)> m_isWindowKey;
};

QString plainText(const QAction *action)
{
    return QString(action->text()).remove(u'&');
}

} // namespace

void MainWindow::Private::guardShortcuts(QWidget *editor)
{
    editor->installEventFilter(new ShortcutGuard(
        [this](const QKeySequence &pressed) {
            QList<QAction *> actions = q->actions();
            actions.append(stopAction);
            return std::any_of(actions.cbegin(), actions.cend(),
                               [&pressed](const QAction *action) { return action->shortcuts().contains(pressed); });
        },
        editor));
}

void MainWindow::Private::requestStop()
{
    if (!running)
        return;
    const int left = runTotal - runDone - runCancelled;
    if (runTotal < AskBeforeStopUrls || left <= 0) {
        q->stopRun();
        return;
    }
    const QLocale locale;
    dialogs->ask(q, tr("Stop the Run?"),
                 tr("%1 of %2 URLs are not checked yet. Stopping cancels them and the requests in flight; what is "
                    "checked stays in the run file.")
                     .arg(locale.toString(left), locale.toString(runTotal)),
                 {tr("Stop"), tr("Keep Running")}, [this](int choice) {
                     if (choice == 0 && running)
                         q->stopRun();
                 });
}

void MainWindow::Private::showHelp()
{
    auto *dialog = q->findChild<QDialog *>(QStringLiteral("helpDialog"));
    QTextBrowser *text = dialog ? dialog->findChild<QTextBrowser *>() : nullptr;
    if (!dialog || !text) {
        dialog = new QDialog(q);
        dialog->setObjectName(QStringLiteral("helpDialog"));
        dialog->setWindowTitle(tr("Keys and Columns"));
        auto *layout = new QVBoxLayout(dialog);
        text = new QTextBrowser(dialog);
        text->setOpenLinks(false);
        layout->addWidget(text);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
        layout->addWidget(buttons);
        dialog->resize(640, 560);
    }
    // Built from the actions themselves each time, so it never lists a key the window does not have.
    const auto row = [](const QString &keys, const QString &what) -> QString {
        return QStringLiteral("<tr><td><b>") + keys.toHtmlEscaped() + QStringLiteral("</b></td><td>") +
               what.toHtmlEscaped() + QStringLiteral("</td></tr>");
    };
    QString html = QStringLiteral("<h3>") + tr("Keys").toHtmlEscaped() + QStringLiteral("</h3><table cellpadding=3>");
    QList<QAction *> menus;
    for (QAction *top : q->menuBar()->actions())
        if (top->menu())
            menus.append(top->menu()->actions());
    for (int i = 0; i < menus.size(); ++i) {
        const QAction *action = menus.at(i);
        if (action->menu()) {
            menus.append(action->menu()->actions()); // the filter chips, the recent files
            continue;
        }
        if (action->isSeparator() || action->shortcuts().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence &key : action->shortcuts())
            keys.append(key.toString(QKeySequence::NativeText));
        QString what = plainText(action);
        if (action == stopAction)
            what = tr("Stop the run, when the table or the toolbar has focus (a large run asks first)");
        html += row(keys.join(QStringLiteral(", ")), what);
    }
    html += row(tr("Esc in the search field"), tr("Clear the search; again: back to the table"));
    html += row(tr("Ctrl+Enter in the URL box"), tr("Load the box into the table (to review it)"));
    html += row(tr("Ctrl+Shift+Enter in the URL box"), tr("Load the box and start checking it"));
    html += row(tr("Tab, Shift+Tab"), tr("Next or previous part of the window (the table is one stop)"));
    html += row(tr("Arrows, Page Up/Down"), tr("Move in the table; the details pane follows the current row"));
    html +=
        QStringLiteral("</table><h3>") + tr("Columns").toHtmlEscaped() + QStringLiteral("</h3><table cellpadding=3>");
    const QString columns[ResultsModel::ColumnCount] = {
        tr("Position in the list"),
        tr("The URL as checked"),
        tr("Queued, checking, done, or cancelled by a stop"),
        tr("HTTP status of the final answer, or the kind of error"),
        tr("The page's <title>"),
        tr("Time from the request's start to its end; the bar is scaled to the slowest URL"),
        tr("Body bytes received"),
        tr("The answer's Content-Type"),
        tr("Where the redirects ended, when not the URL itself"),
        tr("Redirects followed"),
        tr("Attempts made, retries included"),
        tr("What went wrong; also excluded, skipped, accepted and cancelled notes"),
    };
    for (int c = 0; c < ResultsModel::ColumnCount; ++c)
        html += row(model->columnTitle(c), columns[c]);
    html += QStringLiteral("</table><p>") +
            tr("A cancelled URL was not checked: it counts neither as OK nor as failed, nor in done, URL/s or the "
               "speed-up.")
                .toHtmlEscaped() +
            QStringLiteral("</p>");
    text->setHtml(html);
    dialog->show(); // not modal: it can stay open beside the window
    dialog->raise();
    dialog->activateWindow();
}

void MainWindow::Private::buildActions()
{
    openAction = makeAction(tr("&Open List…"), QKeySequence::Open, tr("Open a list of URLs (.txt, .csv, .tsv)"),
                            stdIcon(QStyle::SP_DialogOpenButton));
    connect(openAction, &QAction::triggered, q, [this]() {
        dialogs->openFiles(q, tr("Open URL List"), AppSettings::lastDirectory(*settings),
                           tr("URL lists (*.txt *.csv *.tsv *.list);;Documents (*.html *.htm *.xhtml *.md "
                              "*.markdown);;All files (*)"),
                           [this](const QStringList &paths) {
                               if (!paths.isEmpty())
                                   confirmDiscard(tr("load another list"), [this, paths]() { q->openFiles(paths); });
                           });
    });
    openFolderAction = makeAction(tr("Open &Folder…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_F),
                                  tr("Check the links of every .html and .md document in a folder and below"));
    connect(openFolderAction, &QAction::triggered, q, [this]() {
        dialogs->openDirectory(
            q, tr("Open Folder of Documents"), settings ? AppSettings::lastDirectory(*settings) : QString(),
            [this](const QString &path) {
                if (!path.isEmpty())
                    confirmDiscard(tr("load another list"), [this, path]() { q->openDocuments({path}); });
            });
    });
    openSitemapAction = makeAction(tr("Open &Sitemap…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O),
                                   tr("Check every page of a sitemap file (.xml, .xml.gz; indexes followed)"));
    connect(openSitemapAction, &QAction::triggered, q, [this]() {
        dialogs->openFiles(q, tr("Open Sitemap"), settings ? AppSettings::lastDirectory(*settings) : QString(),
                           tr("Sitemaps (*.xml *.xml.gz *.gz);;All files (*)"), [this](const QStringList &paths) {
                               if (!paths.isEmpty())
                                   confirmDiscard(tr("load another list"),
                                                  [this, path = paths.first()]() { q->openSitemap(path); });
                           });
    });
    openSitemapUrlAction = makeAction(tr("Open Sitemap UR&L…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_U),
                                      tr("Check every page of a sitemap on the web (indexes followed)"));
    connect(openSitemapUrlAction, &QAction::triggered, q, [this]() {
        dialogs->askText(q, tr("Open Sitemap URL"), tr("Sitemap URL:"), QStringLiteral("https://"),
                         [this](const QString &text) {
                             if (!text.trimmed().isEmpty())
                                 confirmDiscard(tr("load another list"), [this, text]() { q->openSitemap(text); });
                         });
    });
    openRunAction = makeAction(tr("Open R&un…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                               tr("Reopen a saved run (.fanout): its table, timings and history as they were"));
    connect(openRunAction, &QAction::triggered, q, [this]() {
        dialogs->openFiles(q, tr("Open Run"), q->runsDirectory(), tr("Fanout runs (*.fanout);;All files (*)"),
                           [this](const QStringList &paths) {
                               if (!paths.isEmpty())
                                   confirmDiscard(tr("open another run"),
                                                  [this, path = paths.first()]() { q->openRun(path); });
                           });
    });
    saveRunAsAction = makeAction(tr("Save Run &As…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                                 tr("Keep this run's file under a name and folder of your choice"));
    compareRunsAction = makeAction(tr("&Compare Runs…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_D),
                                   tr("What changed per URL between two runs: new failures, fixes, status changes"));
    connect(compareRunsAction, &QAction::triggered, q, [this]() { q->compareRuns(); });
    connect(saveRunAsAction, &QAction::triggered, q, [this]() {
        const QString dir = settings ? AppSettings::lastDirectory(*settings) : QDir::homePath();
        const QString base = sourceName.isEmpty() ? QStringLiteral("fanout") : QFileInfo(sourceName).completeBaseName();
        dialogs->saveFile(q, tr("Save Run As"), QDir(dir).filePath(base + QStringLiteral(".fanout")),
                          tr("Fanout runs (*.fanout)"), [this](const QString &path) {
                              if (path.isEmpty())
                                  return;
                              QString error;
                              if (!q->saveRunAs(path, &error))
                                  warn(tr("Cannot Save Run"), error, Dialogs::Severity::Error);
                          });
    });
    pasteAction =
        makeAction(tr("&Paste URLs as List"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V),
                   tr("Replace the list with the URLs on the clipboard"), stdIcon(QStyle::SP_FileDialogContentsView));
    connect(pasteAction, &QAction::triggered, q, [this]() { pasteList(); });
    exportAllAction = makeAction(tr("&Export All Rows…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                                 tr("Save every row as CSV or JSON Lines, in the table's sort order"),
                                 stdIcon(QStyle::SP_DialogSaveButton));
    connect(exportAllAction, &QAction::triggered, q, [this]() { exportDialog(false); });
    exportFilteredAction = makeAction(tr("Export Fil&tered Rows…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
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
            // As sent on the wire: toString() would decode %20 to a space and show IDN hosts in Unicode.
            urls.append(r.url.isValid() ? r.url.toString(QUrl::FullyEncoded) : r.input);
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
    connect(clearAction, &QAction::triggered, q,
            [this]() { confirmDiscard(tr("clear the table"), [this]() { q->clearAll(); }); });

    startAction = makeAction(tr("&Start"), QKeySequence(Qt::Key_F5), tr("Check every URL of the list"),
                             stdIcon(QStyle::SP_MediaPlay));
    connect(startAction, &QAction::triggered, q, [this]() { q->startRun(); });
    pauseAction =
        makeAction(tr("&Pause"), QKeySequence(Qt::Key_F6), tr("Pause: no new request starts, those in flight finish"),
                   stdIcon(QStyle::SP_MediaPause));
    connect(pauseAction, &QAction::triggered, q, [this]() { q->togglePause(); });
    stopAction = makeAction(tr("S&top"), QKeySequence(Qt::Key_Escape),
                            tr("Stop: requests in flight are cancelled and reported"), stdIcon(QStyle::SP_MediaStop));
    // Esc means "back out of this" in a search field or an editor; it stops the run only where the run is what
    // has focus: the table and the toolbar (see buildCentral and buildToolBar), and the Run menu.
    stopAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    q->removeAction(stopAction);
    connect(stopAction, &QAction::triggered, q, [this]() { requestStop(); });
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
    capDownAction = makeAction(tr("Fe&wer at Once"), QKeySequence(Qt::CTRL | Qt::Key_Minus),
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
    helpAction = makeAction(tr("&Keys and Columns"), QKeySequence(Qt::Key_F1),
                            tr("Every key of the window and what each column of the table means"));
    connect(helpAction, &QAction::triggered, q, [this]() { showHelp(); });
    aboutAction =
        makeAction(tr("&About Fanout"), QKeySequence(Qt::SHIFT | Qt::Key_F1), tr("Version and licence status"));
    aboutAction->setMenuRole(QAction::AboutRole);
    connect(aboutAction, &QAction::triggered, q, [this]() {
        dialogs->message(q, Dialogs::Severity::Information, tr("About Fanout"),
                         tr("Fanout %1\n\nChecks many URLs at once and shows each one's status, title and time as "
                            "it arrives.\n\nBuilt with Qt %2.\n\nLicence: no licence file comes with this copy of "
                            "Fanout, so there is no licence text to show.")
                             .arg(QStringLiteral(FANOUT_VERSION), QString::fromLatin1(qVersion())));
    });
}

void MainWindow::Private::buildMenus()
{
    QMenu *file = q->menuBar()->addMenu(tr("&File"));
    file->addAction(openAction);
    recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(openFolderAction);
    file->addAction(openSitemapAction);
    file->addAction(openSitemapUrlAction);
    file->addAction(openRunAction);
    recentRunsMenu = file->addMenu(tr("Recent Ru&ns"));
    file->addAction(saveRunAsAction);
    file->addAction(compareRunsAction);
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
    help->addAction(helpAction);
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
    // Short labels, so every button fits at 800 pixels wide (the menus and tooltips keep the full names);
    // nothing may hide behind the toolbar's » where no one looks for it.
    bar->setIconSize(QSize(16, 16));
    openAction->setIconText(tr("Open"));
    recheckFailedAction->setIconText(tr("Re-check"));
    exportAllAction->setIconText(tr("Export"));
    settingsAction->setIconText(tr("Settings"));
    showTimingAction->setIconText(tr("Timing"));
    bar->addAction(openAction);
    bar->addSeparator();
    bar->addAction(startAction);
    bar->addAction(pauseAction);
    bar->addAction(stopAction);
    bar->addAction(recheckFailedAction);
    bar->addSeparator();

    auto *capBox = new QWidget(bar);
    auto *capLayout = new QHBoxLayout(capBox);
    capLayout->setContentsMargins(4, 0, 4, 0);
    auto *capLabel = new QLabel(tr("At &once:"), capBox);
    capSlider = new QSlider(Qt::Horizontal, capBox);
    capSlider->setRange(0, SliderSteps);
    capSlider->setMinimumWidth(80);
    capSlider->setMaximumWidth(220);
    capSlider->setToolTip(tr("How many URLs are checked at the same time (1–1000); applied at once, also during a "
                             "run (Ctrl++ / Ctrl+-)"));
    capSpin = new QSpinBox(capBox);
    capSpin->setObjectName(QStringLiteral("capSpin"));
    capSpin->setRange(AppSettings::MinConcurrency, AppSettings::MaxConcurrency);
    capSpin->setToolTip(capSlider->toolTip());
    capSpin->setAccelerated(true);
    capSpin->setKeyboardTracking(false); // typing "250" applies 250, not 2, 25, 250
    capLabel->setBuddy(capSpin);
    guardShortcuts(capSpin);
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
    new ToolBarFitter(bar, {exportAllAction, settingsAction});
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
        connect(action, &QAction::triggered, q,
                [this, path]() { confirmDiscard(tr("load another list"), [this, path]() { q->openFile(path); }); });
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

void MainWindow::Private::updateActions()
{
    const bool hasRows = model->rowCount() > 0;
    const bool isPaused = running && paused; // a local named paused would read itself, not the member
    const bool hasSelection = view->selectionModel()->hasSelection();
    startAction->setEnabled(!running && !capSweepBusy && !loadingList && (hasRows || input->hasUnloadedText()));
    pauseAction->setEnabled(running);
    pauseAction->setText(isPaused ? tr("&Resume") : tr("&Pause"));
    pauseAction->setIcon(stdIcon(isPaused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    pauseAction->setToolTip(isPaused ? tr("Resume the run (F6)")
                                     : tr("Pause: no new request starts, those in flight finish (F6)"));
    stopAction->setEnabled(running);
    recheckFailedAction->setEnabled(!running && model->counts().failed > 0);
    recheckSelectedAction->setEnabled(!running && hasSelection);
    clearAction->setEnabled(!running && hasRows);
    exportAllAction->setEnabled(hasRows);
    exportFilteredAction->setEnabled(hasRows);
    copyAction->setEnabled(hasSelection);
    copyUrlAction->setEnabled(hasSelection);
    browserAction->setEnabled(currentSourceRow() >= 0 &&
                              (model->row(currentSourceRow()).flags & CompactRow::UsableUrl));
    openAction->setEnabled(!running);
    openRunAction->setEnabled(!running);
    openFolderAction->setEnabled(!running);
    openSitemapAction->setEnabled(!running && !loadingList);
    openSitemapUrlAction->setEnabled(!running && !loadingList);
    saveRunAsAction->setEnabled(!running && !runPath.isEmpty());
    pasteAction->setEnabled(!running);
    recentMenu->setEnabled(!running);
    recentRunsMenu->setEnabled(!running);
    input->setLoadEnabled(!running);
}

} // namespace Fanout
