#include "timing/capsweeprunner.h"

#include <QThread>
#include <QTimer>

namespace Fanout {

CapSweepRunner::CapSweepRunner(QObject *parent)
    : QObject(parent)
{}

CapSweepRunner::~CapSweepRunner()
{
    if (!m_thread)
        return;
    // No signal may reach a half-destroyed runner; the Checker goes with its anchor as its thread ends.
    disconnect(m_checker, nullptr, this, nullptr);
    if (m_running)
        callChecker([](Checker *checker) { checker->cancel(); });
    m_thread->quit();
    m_thread->wait();
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
    return m_running && m_clock.isValid() ? m_clock.elapsed() : 0;
}

void CapSweepRunner::startChecker()
{
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("cap sweep"));
    m_anchor = new QObject;
    m_anchor->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_anchor, &QObject::deleteLater);
    m_thread->start();
    // Made on its thread (its network managers belong there); waited for, as it takes no time.
    Checker *created = nullptr;
    QObject *anchor = m_anchor;
    const CheckerFactory factory = m_factory;
    QMetaObject::invokeMethod(
        m_anchor, [&created, anchor, factory] { created = factory ? factory(anchor) : new Checker(anchor); },
        Qt::BlockingQueuedConnection);
    m_checker = created;
    if (m_checker->parent() != m_anchor)
        m_checker->setParent(m_anchor);
    connect(m_checker, &Checker::urlFinished, this, &CapSweepRunner::onUrlFinished);
    connect(m_checker, &Checker::runFinished, this, &CapSweepRunner::onRunFinished);
}

void CapSweepRunner::callChecker(std::function<void(Checker *)> call)
{
    Checker *checker = m_checker;
    QMetaObject::invokeMethod(
        checker, [checker, call = std::move(call)] { call(checker); }, Qt::QueuedConnection);
}

QVector<qint64> CapSweepRunner::durationsInListOrder(const TimingTable &results)
{
    QVector<qint64> out;
    out.reserve(results.size());
    for (const TimingRow &r : results) {
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
    if (!m_checker)
        startChecker();
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
    // Its runFinished ends the sweep; a run that has just ended ignores it, and runNext() sees the request.
    callChecker([](Checker *checker) {
        if (checker->isRunning())
            checker->cancel();
    });
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
    for (int i = 0; i < m_targets.size(); ++i) {
        CheckResult r;
        r.id = i;
        r.line = m_targets.at(i).entry.line;
        r.input = m_targets.at(i).entry.text;
        r.url = m_targets.at(i).entry.url;
        m_results.append(r);
    }
    m_done = 0;
    CheckOptions options = m_options;
    options.concurrency = cap;
    emit capStarted(cap, m_index, int(m_caps.size()));
    m_clock.start();
    callChecker([this, options, targets = m_targets](Checker *checker) {
        checker->setOptions(options);
        if (checker->start(targets))
            return;
        // Not started (nothing it could check): the sweep ends, told on the runner's thread.
        QMetaObject::invokeMethod(this, [this] {
            m_running = false;
            emit finished(true);
            emit busyChanged(false);
        });
    });
}

void CapSweepRunner::onUrlFinished(const CheckResult &result)
{
    if (result.id < 0 || result.id >= m_results.size())
        return;
    m_results.set(result.id, result);
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
