// MainWindow: the status area, window title, filter-button counts and the run clock that drives them.
#include "results/resultsfiltermodel.h"
#include "results/resultsmodel.h"
#include "timing/timingpanel.h"
#include "window/mainwindowprivate.h"

#include <QAbstractItemView>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QStatusBar>
#include <QTableView>
#include <QTextDocumentFragment>
#include <QToolButton>

namespace Fanout {

using namespace MainWindowParts;

void MainWindow::Private::buildStatusBar()
{
    QStatusBar *bar = q->statusBar();
    stateLabel = new QLabel(bar);
    stateLabel->setMinimumWidth(80);
    progress = new QProgressBar(bar);
    progress->setMaximumWidth(200);
    progress->setMinimumWidth(60); // what gives way first in a narrow window
    progress->setTextVisible(true);
    progress->setToolTip(tr("Progress of the current run"));
    doneLabel = new QLabel(bar);
    doneLabel->setToolTip(tr("URLs finished / URLs in this run"));
    okLabel = new QLabel(bar);
    okLabel->setToolTip(tr("Rows that answered below 400 without error"));
    failedLabel = new QLabel(bar);
    failedLabel->setToolTip(tr("Rows with HTTP 400 or above, or an error"));
    rateLabel = new QLabel(bar);
    rateLabel->setToolTip(tr("URLs finished per second over the last few seconds"));
    etaLabel = new QLabel(bar);
    etaLabel->setToolTip(tr("Estimated time to finish at the current rate"));
    elapsedLabel = new QLabel(bar);
    elapsedLabel->setObjectName(QStringLiteral("elapsedLabel"));
    elapsedLabel->setToolTip(tr("Total elapsed time of the run (frozen when it ends)"));
    QFont mono = elapsedLabel->font();
    mono.setBold(true);
    mono.setStyleHint(QFont::Monospace);
    mono.setFamily(QStringLiteral("monospace"));
    elapsedLabel->setFont(mono);
    // Wide enough from the start that ticking digits never resize it.
    elapsedLabel->setMinimumWidth(
        QFontMetrics(mono).horizontalAdvance(tr("Elapsed %1").arg(QStringLiteral("00:00.0"))) + 12);
    for (QWidget *w : std::initializer_list<QWidget *>{stateLabel, progress, doneLabel, okLabel, failedLabel, rateLabel,
                                                       etaLabel, elapsedLabel})
        bar->addPermanentWidget(w);
}

qint64 MainWindow::Private::elapsed() const
{
    return running ? runClock.elapsed() : frozenElapsedMs;
}

QString MainWindow::Private::formatElapsed(qint64 ms) const
{
    const qint64 tenths = std::max<qint64>(0, ms) / 100;
    const qint64 seconds = tenths / 10;
    const QString base = seconds >= 3600 ? QStringLiteral("%1:%2:%3")
                                               .arg(seconds / 3600)
                                               .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                                               .arg(seconds % 60, 2, 10, QLatin1Char('0'))
                                         : QStringLiteral("%1:%2")
                                               .arg(seconds / 60, 2, 10, QLatin1Char('0'))
                                               .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return base + QLocale().decimalPoint() + QString::number(tenths % 10);
}

QString MainWindow::Private::formatDuration(qint64 ms) const
{
    const qint64 seconds = (std::max<qint64>(0, ms) + 999) / 1000;
    if (seconds >= 3600)
        return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds / 60) % 60);
    if (seconds >= 60)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 s").arg(seconds);
}

void MainWindow::Private::updateStatus()
{
    const ResultCounts &c = model->counts();
    const QLocale locale;
    const bool isPaused = running && paused; // a local named paused would read itself, not the member
    if (running)
        setStableText(stateLabel, isPaused ? tr("Paused") : tr("Checking…"));
    else if (finishedOnce)
        setStableText(stateLabel, lastCancelled ? tr("Stopped") : tr("Finished"));
    else
        setStableText(stateLabel, c.total > 0 ? tr("Ready") : tr("No list"));

    const int total = running || finishedOnce ? runTotal : c.total;
    // A cancelled URL was not checked: it is not done, so a stopped run never reads 100 %.
    const int done = running || finishedOnce ? runDone : 0;
    const int cancelled = running || finishedOnce ? runCancelled : 0;
    // QProgressBar repaints at once when its text changes, and a repaint flushes every pending paint of the window
    // (a reopened 1,000,000-row table: 40+ ms inside this call). Held, it is painted with the rest in the next frame.
    progress->setUpdatesEnabled(false);
    progress->setMaximum(std::max(1, total));
    progress->setValue(std::min(done, std::max(1, total)));
    progress->setFormat(total > 0 ? QStringLiteral("%p%") : QString());
    progress->setUpdatesEnabled(true); // schedules its paint
    if (cancelled > 0)
        setStableText(doneLabel, tr("%1 / %2 done · %3 cancelled")
                                     .arg(locale.toString(done), locale.toString(total), locale.toString(cancelled)));
    else
        setStableText(doneLabel, tr("%1 / %2 done").arg(locale.toString(done), locale.toString(total)));
    const QString okText = tr("<span style=\"color:#1e8e3e\">●</span> %1 OK").arg(locale.toString(c.ok));
    setStableText(okLabel, okText, QTextDocumentFragment::fromHtml(okText).toPlainText());
    const QString failedText = tr("<span style=\"color:#d93025\">●</span> %1 failed").arg(locale.toString(c.failed));
    setStableText(failedLabel, failedText, QTextDocumentFragment::fromHtml(failedText).toPlainText());

    const qint64 ms = elapsed();
    double rate = 0;
    if (running && rateSamples.size() >= 2 && rateSamples.last().first > rateSamples.first().first) {
        rate = double(rateSamples.last().second - rateSamples.first().second) * 1000.0 /
               double(rateSamples.last().first - rateSamples.first().first);
    } else if (ms > 0) {
        rate = double(done) * 1000.0 / double(ms);
    }
    setStableText(rateLabel, tr("%1 URL/s").arg(locale.toString(rate, 'f', rate < 10 ? 1 : 0)));
    const int queued = std::max(0, total - done - cancelled - c.checking);
    if (running && !isPaused && queued == 0 && c.checking > 0) {
        // Only URLs in flight are left: the rate says nothing of a slow one, its deadline does. The run ends by
        // the last deadline at the latest (a retry can add to it).
        setStableText(etaLabel, tr("ETA ≤ %1").arg(formatDuration(inFlightDeadlineLeft(ms))));
    } else if (running && !isPaused && rate > 0 && total > done) {
        const qint64 byRate = qint64(double(total - done) * 1000.0 / rate);
        setStableText(etaLabel, tr("ETA %1").arg(formatDuration(byRate)));
    } else if (running) {
        setStableText(etaLabel, tr("ETA —"));
    }
    if (!running)
        setStableText(etaLabel, QString());
    if (etaLabel->isVisible() != running)
        etaLabel->setVisible(running);
    setStableText(elapsedLabel, tr("Elapsed %1").arg(formatElapsed(ms)));
}

qint64 MainWindow::Private::inFlightDeadlineLeft(qint64 nowMs) const
{
    qint64 latest = nowMs;
    for (int row = 0; row < model->rowCount(); ++row) {
        const CompactRow &r = model->row(row);
        if (r.checkState() == CheckState::Checking && r.startedMs >= 0)
            latest = std::max(latest, qint64(r.startedMs) + runTimeoutMs);
    }
    return latest - nowMs;
}

void MainWindow::Private::updateTitle()
{
    const QString app = tr("Fanout");
    const QString base = sourceName.isEmpty() ? app : sourceName + QStringLiteral(" — ") + app;
    const QString percent =
        runTotal > 0 ? QString::number(std::clamp(runDone * 100 / runTotal, 0, 100)) + u'%' : QStringLiteral("100%");
    QString title;
    if (running && paused)
        title = tr("Paused %1").arg(percent) + QStringLiteral(" — ") + base;
    else if (running)
        title = percent + QStringLiteral(" — ") + base;
    else if (finishedOnce && lastCancelled)
        title = tr("Stopped %1").arg(percent) + QStringLiteral(" — ") + base;
    else if (finishedOnce)
        title = QStringLiteral("100% — ") + base;
    else
        title = base;
    if (q->windowTitle() != title)
        q->setWindowTitle(title);
}

void MainWindow::Private::updateFilterButtons()
{
    const ResultCounts &c = model->counts();
    const QLocale locale;
    const QString labels[] = {
        tr("All %1").arg(locale.toString(c.total)),
        tr("OK %1").arg(locale.toString(c.ok)),
        tr("Redirected %1").arg(locale.toString(c.redirected)),
        tr("4xx %1").arg(locale.toString(c.http4xx)),
        tr("5xx %1").arg(locale.toString(c.http5xx)),
        tr("Errors %1").arg(locale.toString(c.errors)),
        tr("Cancelled %1").arg(locale.toString(c.cancelled)),
    };
    for (int i = 0; i < filterButtons.size(); ++i) {
        QAction *action = filterButtons.at(i)->defaultAction();
        if (action->text() != labels[i]) {
            action->setText(labels[i]);
            fitButton(filterButtons.at(i));
        }
    }
}

void MainWindow::Private::updateShownLabel()
{
    const QLocale locale;
    const int shown = proxy->rowCount();
    const int total = model->rowCount();
    setStableText(shownLabel, shown == total ? tr("%1 rows").arg(locale.toString(total))
                                             : tr("%1 of %2 rows").arg(locale.toString(shown), locale.toString(total)));
}

void MainWindow::Private::tick()
{
    if (running)
        model->flush();
    const qint64 ms = elapsed();
    if (running) {
        rateSamples.append({ms, runDone});
        while (rateSamples.size() > 2 && rateSamples.first().first < ms - RateWindowMs)
            rateSamples.removeFirst();
    }
    setStableText(elapsedLabel, tr("Elapsed %1").arg(formatElapsed(ms)));
    timing->setLiveElapsed(ms);
    if (running)
        tickCheckingCells();
    updateStatus();
    updateTitle();
}

// The time cells of rows in flight count up with the run clock. Only the visible ones are repainted, straight
// on the viewport: no dataChanged, so sorting, filtering and the 100,000 other rows are left alone.
void MainWindow::Private::tickCheckingCells()
{
    model->setLiveClock(elapsed());
    if (view->isColumnHidden(ResultsModel::TimeColumn) || model->counts().checking == 0)
        return;
    const int first = view->rowAt(0);
    if (first < 0)
        return;
    int last = view->rowAt(view->viewport()->height() - 1);
    if (last < 0)
        last = proxy->rowCount() - 1;
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = proxy->index(row, ResultsModel::TimeColumn);
        if (model->row(proxy->mapToSource(index).row()).checkState() == CheckState::Checking)
            view->viewport()->update(view->visualRect(index));
    }
}

// Status texts change 20 times a second. A label that changes size asks the whole window to lay out again, so
// labels only ever grow (to fit the widest text so far) and otherwise keep a fixed size: no relayout per tick.
void MainWindow::Private::setStableText(QLabel *label, const QString &text, const QString &measure)
{
    if (label->text() == text)
        return;
    const QFontMetrics fm = label->fontMetrics();
    const int width = fm.horizontalAdvance(measure.isEmpty() ? text : measure) + 12;
    const int height = fm.height() + 4;
    if (label->minimumWidth() < width || label->maximumWidth() != label->minimumWidth() ||
        label->maximumHeight() != height)
        label->setFixedSize(std::max(width, label->minimumWidth()), height);
    label->setText(text);
}

void MainWindow::Private::fitButton(QToolButton *button)
{
    const QSize hint = button->sizeHint();
    if (button->minimumWidth() < hint.width() || button->maximumWidth() != button->minimumWidth() ||
        button->maximumHeight() != hint.height())
        button->setFixedSize(std::max(hint.width(), button->minimumWidth()), hint.height());
}

} // namespace Fanout
