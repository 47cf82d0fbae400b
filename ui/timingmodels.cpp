#include "timingmodels.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace Fanout {

Outcome outcomeOf(const CheckResult &result)
{
    switch (result.state) {
    case CheckState::Queued:
        return Outcome::Queued;
    case CheckState::Checking:
        return Outcome::Running;
    case CheckState::Done:
        break;
    }
    if (result.errorCategory() == QLatin1String("cancelled"))
        return Outcome::Cancelled;
    if (!result.error.isEmpty())
        return Outcome::Error;
    if (result.status >= 500)
        return Outcome::ServerError;
    if (result.status >= 400)
        return Outcome::ClientError;
    if (result.status <= 0)
        return Outcome::Error;
    return result.redirects.isEmpty() ? Outcome::Ok : Outcome::Redirected;
}

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Queued:
        return QCoreApplication::translate("Fanout::Timing", "queued");
    case Outcome::Running:
        return QCoreApplication::translate("Fanout::Timing", "running");
    case Outcome::Ok:
        return QCoreApplication::translate("Fanout::Timing", "OK");
    case Outcome::Redirected:
        return QCoreApplication::translate("Fanout::Timing", "redirected");
    case Outcome::ClientError:
        return QCoreApplication::translate("Fanout::Timing", "4xx");
    case Outcome::ServerError:
        return QCoreApplication::translate("Fanout::Timing", "5xx");
    case Outcome::Error:
        return QCoreApplication::translate("Fanout::Timing", "error");
    case Outcome::Cancelled:
        return QCoreApplication::translate("Fanout::Timing", "cancelled");
    }
    return {};
}

QString phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Queued:
        return QCoreApplication::translate("Fanout::Timing", "queued");
    case Phase::Connecting:
        return QCoreApplication::translate("Fanout::Timing", "connecting");
    case Phase::Waiting:
        return QCoreApplication::translate("Fanout::Timing", "waiting for headers");
    case Phase::Downloading:
        return QCoreApplication::translate("Fanout::Timing", "downloading");
    }
    return {};
}

int phaseSpans(const CheckTimings &t, CheckState state, qint64 nowMs, PhaseSpan (&out)[PhaseCount])
{
    int n = 0;
    auto push = [&out, &n](Phase phase, qint64 from, qint64 to) {
        if (to > from)
            out[n++] = {phase, from, to};
    };
    const qint64 latestMilestone = std::max({t.startedMs, t.connectMs, t.sentMs, t.headersMs, t.finishedMs});
    qint64 end = t.finishedMs;
    if (end < 0)
        end = state == CheckState::Done ? latestMilestone : std::max(nowMs, latestMilestone);
    if (end < 0)
        return 0;

    if (t.startedMs < 0) {
        // Never got its turn (queued, or cancelled/rejected before starting): all of it was waiting in line.
        push(Phase::Queued, 0, end);
        return n;
    }
    const qint64 started = std::min(t.startedMs, end);
    push(Phase::Queued, 0, started);

    auto clampTo = [end](qint64 v, qint64 lo) {
        return std::clamp(v, lo, end);
    };
    qint64 cursor = started;
    if (t.connectMs >= 0) {
        // A new connection was opened: everything from the request's creation until it was written is spent
        // getting a socket (lookup, TCP, TLS).
        const qint64 until = t.sentMs >= 0 ? t.sentMs : (t.headersMs >= 0 ? t.headersMs : end);
        const qint64 to = clampTo(until, cursor);
        push(Phase::Connecting, cursor, to);
        cursor = to;
    }
    // Without a new connection, the time until the request is written still waits on the network stack.
    const qint64 waitTo = clampTo(t.headersMs >= 0 ? t.headersMs : end, cursor);
    push(Phase::Waiting, cursor, waitTo);
    cursor = waitTo;
    if (t.headersMs >= 0)
        push(Phase::Downloading, cursor, end);
    return n;
}

QVector<PhaseSpan> phasesFor(const CheckTimings &t, CheckState state, qint64 nowMs)
{
    PhaseSpan spans[PhaseCount];
    const int n = phaseSpans(t, state, nowMs, spans);
    return QVector<PhaseSpan>(spans, spans + n);
}

InFlightSeries InFlightSeries::fromResults(const QVector<CheckResult> &results, qint64 nowMs)
{
    QVector<QPair<qint64, qint64>> intervals;
    intervals.reserve(results.size());
    for (const CheckResult &r : results) {
        const qint64 start = r.timings.startedMs;
        if (start < 0)
            continue;
        if (r.state == CheckState::Done) {
            if (r.timings.finishedMs >= 0)
                intervals.append({start, std::max(start, r.timings.finishedMs)});
        } else if (r.state == CheckState::Checking) {
            intervals.append({start, std::max(start, nowMs)});
        }
    }
    return fromIntervals(intervals);
}

InFlightSeries InFlightSeries::fromIntervals(const QVector<QPair<qint64, qint64>> &intervals)
{
    InFlightSeries series;
    qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
    qsizetype events = 0;
    for (const auto &iv : intervals) {
        if (iv.second <= iv.first)
            continue; // zero-length requests never occupied a slot for any time
        lo = std::min(lo, iv.first);
        hi = std::max(hi, iv.second);
        events += 2;
    }
    if (events == 0)
        return series;
    auto emitStep = [&series](qint64 at, int count) {
        if (series.m_steps.isEmpty() ? count != 0 : series.m_steps.constLast().count != count)
            series.m_steps.append({at, count});
        series.m_max = std::max(series.m_max, count);
    };
    const qint64 range = hi - lo + 1;
    if (range <= 8 * events + 65536) {
        // Millisecond times in a compact range (every real run): a difference array instead of a sort, which
        // keeps live updates of 100k rows cheap. Net change per millisecond = ends applied before starts.
        std::vector<int> diff(size_t(range), 0);
        for (const auto &iv : intervals) {
            if (iv.second <= iv.first)
                continue;
            ++diff[size_t(iv.first - lo)];
            --diff[size_t(iv.second - lo)];
        }
        int count = 0;
        for (qint64 i = 0; i < range; ++i) {
            if (diff[size_t(i)] == 0)
                continue;
            count += diff[size_t(i)];
            emitStep(lo + i, count);
        }
        return series;
    }
    QVector<QPair<qint64, int>> sorted;
    sorted.reserve(events);
    for (const auto &iv : intervals) {
        if (iv.second <= iv.first)
            continue;
        sorted.append({iv.first, +1});
        sorted.append({iv.second, -1});
    }
    std::sort(sorted.begin(), sorted.end());
    int count = 0;
    for (qsizetype i = 0; i < sorted.size();) {
        const qint64 at = sorted.at(i).first;
        while (i < sorted.size() && sorted.at(i).first == at)
            count += sorted.at(i++).second;
        emitStep(at, count);
    }
    return series;
}

int InFlightSeries::valueAt(qint64 ms) const
{
    auto it =
        std::upper_bound(m_steps.cbegin(), m_steps.cend(), ms, [](qint64 v, const Step &s) { return v < s.atMs; });
    return it == m_steps.cbegin() ? 0 : std::prev(it)->count;
}

int InFlightSeries::maxIn(qint64 fromMs, qint64 toMs) const
{
    int best = valueAt(fromMs);
    auto it =
        std::upper_bound(m_steps.cbegin(), m_steps.cend(), fromMs, [](qint64 v, const Step &s) { return v < s.atMs; });
    for (; it != m_steps.cend() && it->atMs < toMs; ++it)
        best = std::max(best, it->count);
    return best;
}

double InFlightSeries::meanIn(qint64 fromMs, qint64 toMs) const
{
    if (toMs <= fromMs)
        return 0;
    double area = 0;
    qint64 at = fromMs;
    int value = valueAt(fromMs);
    auto it =
        std::upper_bound(m_steps.cbegin(), m_steps.cend(), fromMs, [](qint64 v, const Step &s) { return v < s.atMs; });
    for (; it != m_steps.cend() && it->atMs < toMs; ++it) {
        area += double(value) * double(it->atMs - at);
        at = it->atMs;
        value = it->count;
    }
    area += double(value) * double(toMs - at);
    return area / double(toMs - fromMs);
}

void CapSeries::change(qint64 atMs, int cap)
{
    if (m_steps.isEmpty()) {
        m_steps.append({0, cap});
        return;
    }
    if (m_steps.constLast().count == cap)
        return;
    atMs = std::max(atMs, m_steps.constLast().atMs);
    if (m_steps.constLast().atMs == atMs)
        m_steps.last().count = cap;
    else
        m_steps.append({atMs, cap});
}

int CapSeries::capAt(qint64 ms) const
{
    int cap = m_steps.isEmpty() ? 0 : m_steps.constFirst().count;
    for (const auto &s : m_steps) {
        if (s.atMs > ms)
            break;
        cap = s.count;
    }
    return cap;
}

int CapSeries::maxCap() const
{
    int best = 0;
    for (const auto &s : m_steps)
        best = std::max(best, s.count);
    return best;
}

double LatencyHistogram::niceWidth(double rough)
{
    if (!(rough > 1))
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(rough)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * p >= rough * (1 - 1e-12))
            return m * p;
    }
    return 10 * p;
}

LatencyHistogram LatencyHistogram::compute(const QVector<qint64> &durationsMs, int targetBuckets)
{
    LatencyHistogram h;
    if (durationsMs.isEmpty())
        return h;
    qint64 maxMs = 0;
    for (qint64 d : durationsMs)
        maxMs = std::max(maxMs, d);
    // The range includes maxMs itself, so ask for widths covering maxMs + 1.
    h.m_width = qint64(niceWidth(double(maxMs + 1) / std::max(1, targetBuckets)));
    h.m_counts.fill(0, int(maxMs / h.m_width) + 1);
    for (qint64 d : durationsMs) {
        ++h.m_counts[int(std::max<qint64>(0, d) / h.m_width)];
        ++h.m_total;
    }
    return h;
}

int LatencyHistogram::maxCount() const
{
    return m_counts.isEmpty() ? 0 : *std::max_element(m_counts.cbegin(), m_counts.cend());
}

QVector<qint64> durationsOf(const QVector<CheckResult> &results)
{
    QVector<qint64> out;
    out.reserve(results.size());
    for (const CheckResult &r : results) {
        const qint64 d = r.elapsedMs();
        if (r.isDone() && d >= 0)
            out.append(d);
    }
    return out;
}

QVector<HostLatency> slowestHosts(const QVector<CheckResult> &results, int limit)
{
    QHash<QString, HostLatency> byHost;
    for (const CheckResult &r : results) {
        const qint64 d = r.elapsedMs();
        if (!r.isDone() || d < 0 || !r.url.isValid())
            continue;
        const QUrl &url = r.url;
        QString key = url.host(QUrl::FullyDecoded);
        if (url.port() != -1)
            key += QLatin1Char(':') + QString::number(url.port());
        HostLatency &h = byHost[key];
        h.host = key;
        ++h.count;
        h.totalMs += d;
        h.maxMs = std::max(h.maxMs, d);
        if (r.isFailed())
            ++h.failed;
    }
    QVector<HostLatency> hosts;
    hosts.reserve(byHost.size());
    for (auto it = byHost.cbegin(); it != byHost.cend(); ++it)
        hosts.append(it.value());
    std::sort(hosts.begin(), hosts.end(), [](const HostLatency &a, const HostLatency &b) {
        const double ma = a.meanMs(), mb = b.meanMs();
        if (ma != mb)
            return ma > mb;
        if (a.totalMs != b.totalMs)
            return a.totalMs > b.totalMs;
        return a.host < b.host;
    });
    if (limit >= 0 && hosts.size() > limit)
        hosts.resize(limit);
    return hosts;
}

} // namespace Fanout
