#pragma once

// The main window's actions and the menus rebuilt as things change: built by mainwindowactions.cpp, enabled by
// MainWindow::Private::updateActions(), triggered from anywhere. A part of MainWindow::Private (a base), kept
// apart so what the actions are is read in one place. Not installed.

class QAction;
class QMenu;

namespace Fanout::MainWindowParts {

struct ActionSet
{
    QAction *openAction = nullptr;
    QMenu *recentMenu = nullptr;
    QAction *openFolderAction = nullptr;
    QAction *openSitemapAction = nullptr;
    QAction *openSitemapUrlAction = nullptr;
    QAction *openRunAction = nullptr;
    QMenu *recentRunsMenu = nullptr;
    QAction *saveRunAsAction = nullptr;
    QAction *compareRunsAction = nullptr;
    QAction *pasteAction = nullptr;
    QAction *exportAllAction = nullptr;
    QAction *exportFilteredAction = nullptr;
    QAction *copyAction = nullptr;
    QAction *copyUrlAction = nullptr;
    QAction *findAction = nullptr;
    QAction *clearAction = nullptr;
    QAction *startAction = nullptr;
    QAction *pauseAction = nullptr;
    QAction *stopAction = nullptr;
    QAction *recheckFailedAction = nullptr;
    QAction *recheckSelectedAction = nullptr;
    QAction *browserAction = nullptr;
    QAction *settingsAction = nullptr;
    QAction *capUpAction = nullptr;
    QAction *capDownAction = nullptr;
    QAction *capFocusAction = nullptr;
    QAction *showListAction = nullptr;
    QAction *showDetailsAction = nullptr;
    QAction *showTimingAction = nullptr;
    QAction *demoAction = nullptr;
    QAction *helpAction = nullptr;
    QAction *aboutAction = nullptr;
    QAction *quitAction = nullptr;
};

} // namespace Fanout::MainWindowParts
