#pragma once

// The widgets of the main window's status area (permanent widgets of its status bar): built by
// MainWindow::Private::buildStatusBar() and filled by updateStatus() and the clock (mainwindowstatus.cpp).
// A part of MainWindow::Private (a base), kept apart from the window's run state. Not installed.

class QLabel;
class QProgressBar;

namespace Fanout::MainWindowParts {

struct StatusArea
{
    QLabel *stateLabel = nullptr;
    QProgressBar *progress = nullptr;
    QLabel *doneLabel = nullptr;
    QLabel *okLabel = nullptr;
    QLabel *failedLabel = nullptr;
    QLabel *rateLabel = nullptr;
    QLabel *etaLabel = nullptr;
    QLabel *elapsedLabel = nullptr;
};

} // namespace Fanout::MainWindowParts
