#include "timing/capsweeprunner.h"

#include <QTimer>

namespace Fanout {

CapSweepRunner::CapSweepRunner(QObject *parent)
    : QObject(parent)
{}

CapSweepRunner::~CapSweepRunner()
{
    if (m_checker && m_checker->isRunning()) {
        // No signal may reach a half-destroyed runner.
        disconnect(m_checker, nullptr, this, nullptr);
        m_checker->cancel();
    }
}

void CapSweepRunner::setCheckerFactory(CheckerFactory factory)
{
    m_factory = std::move(factory);
}

int CapSweepRunner::currentCap() const
{
    return m_index >= 0 && m_index < m_caps.size() ? m_caps.at(m_index) : 0;
}

qint64 CapSweepRunner::elapsedMs() const
{
    return m_checker && m_running ? m_checker->elapsedMs() : 0;
}

QVector<qint64> CapSweepRunner::durationsInListOrder(const QVector<CheckResult> &results)
{
    QVector<qint64> out;
    out.reserve(results.size());
    for (const CheckResult &r : results) {
        if (r.isDone() && r.elapsedMs() >= 0)
            out.append(r.elapsedMs());
    }
    return out;
}

bool CapSweepRunner::start(const QVector<CheckTarget> &targets, const QVector<int> &caps, const CheckOptions &options,
                           const QString &listName, QString *error)
{
    if (m_running) {
        *error = tr("a cap comparison is already running");
        return false;
    }
    if (targets.isEmpty()) {
        *error = tr("the list has no URLs to check");
        return false;
    }
    if (caps.isEmpty()) {
        *error = tr("no caps to run");
        return false;
    }
    if (!m_checker) {
        m_checker = m_factory ? m_factory(this) : new Checker(this);
        if (m_checker->parent() != this)
            m_checker->setParent(this);
        connect(m_checker, &Checker::urlFinished, this, &CapSweepRunner::onUrlFinished);
        connect(m_checker, &Checker::runFinished, this, &CapSweepRunner::onRunFinished);
    }
    m_targets = targets;
    // Ids index the result rows of each run.
    for (int i = 0; i < m_targets.size(); ++i)
        m_targets[i].id = i;
    m_caps = caps;
    m_options = options;
    m_listName = listName;
    m_index = -1;
    m_running = true;
    m_cancelRequested = false;
    emit busyChanged(true);
    runNext();
    return true;
}

void CapSweepRunner::cancel()
{
    if (!m_running)
        return;
    m_cancelRequested = true;
    if (m_checker && m_checker->isRunning())
        m_checker->cancel(); // its runFinished ends the sweep
}

void CapSweepRunner::runNext()
{
    if (m_cancelRequested || m_index + 1 >= m_caps.size()) {
        m_running = false;
        emit finished(m_cancelRequested);
        emit busyChanged(false);
        return;
    }
    ++m_index;
    const int cap = m_caps.at(m_index);
    m_results.clear();
    m_results.resize(m_targets.size());
    for (int i = 0; i < m_targets.size(); ++i) {
        CheckResult &r = m_results[i];
        r.id = i;
        r.line = m_targets.at(i).entry.line;
        r.input = m_targets.at(i).entry.text;
        r.url = m_targets.at(i).entry.url;
    }
    m_done = 0;
    CheckOptions options = m_options;
    options.concurrency = cap;
    m_checker->setOptions(options);
    emit capStarted(cap, m_index, int(m_caps.size()));
    if (!m_checker->start(m_targets)) {
        m_running = false;
        emit finished(true);
        emit busyChanged(false);
    }
}

void CapSweepRunner::onUrlFinished(const CheckResult &result)
{
    if (result.id < 0 || result.id >= m_results.size())
        return;
    m_results[result.id] = result;
    ++m_done;
    emit progress(currentCap(), m_done, int(m_results.size()));
}

void CapSweepRunner::onRunFinished(qint64 wallMs, bool cancelled)
{
    if (!m_running)
        return;
    const int cap = currentCap();
    const QString label = cap == 1 ? tr("sweep sequential") : tr("sweep cap %1").arg(cap);
    const RunRecord record = RunRecord::fromResults(m_results, wallMs, cap, m_listName, cancelled, label);
    emit capFinished(cap, record, durationsInListOrder(m_results));
    if (cancelled)
        m_cancelRequested = true;
    // Leave the Checker's signal emission before starting it again.
    QTimer::singleShot(0, this, &CapSweepRunner::runNext);
}

} // namespace Fanout
