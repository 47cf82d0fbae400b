#include "timingpanel.h"

// TEMP contract stub: the timing-views issue replaces this file.
namespace Fanout {
TimingPanel::TimingPanel(QWidget *parent) : QWidget(parent) {}
TimingPanel::~TimingPanel() = default;
void TimingPanel::setResults(const QVector<CheckResult> *) {}
void TimingPanel::runStarted(int, const QString &) {}
void TimingPanel::resultsChanged() {}
void TimingPanel::setLiveElapsed(qint64) {}
void TimingPanel::setCap(int) {}
void TimingPanel::runFinished(qint64, bool) {}
void TimingPanel::highlightRow(int) {}
} // namespace Fanout
