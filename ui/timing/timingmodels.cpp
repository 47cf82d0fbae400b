#include "timing/timingmodels.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace Fanout {

Outcome outcomeOf(const TimingRow &result)
{
    switch (result.state) {
    case CheckState::Queued:
        return Outcome::Queued;
    case CheckState::Checking:
        return Outcome::Running;
    case CheckState::Done:
        break;
    }
    if (result.flags & TimingRow::CancelledError) // the category is "cancelled"
        return Outcome::Cancelled;
    if (result.hasError())
        return Outcome::Error;
    if (result.status >= 500)
        return Outcome::ServerError;
    if (result.status >= 400)
        return Outcome::ClientError;
    if (result.status <= 0)
        return Outcome::Error;
    return result.redirects == 0 ? Outcome::Ok : Outcome::Redirected;
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

InFlightSeries InFlightSeries::fromResults(const TimingTable &results, qint64 nowMs)
{
    QVector<QPair<qint64, qint64>> intervals;
    intervals.reserve(results.size());
    for (const TimingRow &r : results) {
        const qint64 start = r.timings.startedMs;
        if (start < 0)
            continue;
        if (r.state == CheckState::Done) {
            if (r.timings.finishedMs >= 0)
                intervals.append({start, std::max<qint64>(start, r.timings.finishedMs)});
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

// ---- InFlightTracker ----

InFlightTracker::Part InFlightTracker::partOf(const CheckTimings &t, CheckState state)
{
    Part p;
    if (t.startedMs < 0)
        return p;
    if (state == CheckState::Checking) {
        p.start = t.startedMs;
    } else if (state == CheckState::Done && t.finishedMs >= 0) {
        p.start = t.startedMs;
        p.end = std::max(t.startedMs, t.finishedMs); // zero length: +1 and -1 cancel in the same millisecond
    }
    return p;
}

void InFlightTracker::reset(int rowCount)
{
    undoTail();
    m_rows.assign(size_t(std::max(0, rowCount)), Part());
    m_net.clear();
    m_open = 0;
    m_maxOpenStart = -1;
    m_series = InFlightSeries();
    m_prefixMax.clear();
    m_dirtyFrom = std::numeric_limits<qint64>::min();
    m_dirty = true;
}

void InFlightTracker::setAll(const TimingTable &results)
{
    reset(int(results.size()));
    for (qsizetype i = 0; i < results.size(); ++i)
        setRow(int(i), results.at(i).timings, results.at(i).state);
}

void InFlightTracker::addEvent(qint64 at, int delta)
{
    auto it = m_net.try_emplace(at, 0).first;
    it->second += delta;
    if (it->second == 0)
        m_net.erase(it);
    if (!m_dirty || at < m_dirtyFrom)
        m_dirtyFrom = at;
    m_dirty = true;
}

void InFlightTracker::setRow(int row, const CheckTimings &timings, CheckState state)
{
    if (row < 0 || size_t(row) >= m_rows.size())
        return;
    const Part now = partOf(timings, state);
    Part &old = m_rows[size_t(row)];
    if (old == now)
        return;
    // Take the old part out, put the new one in: a start stays where it was when only the end arrives.
    if (old.start >= 0) {
        if (old.start != now.start)
            addEvent(old.start, -1);
        if (old.end >= 0)
            addEvent(old.end, +1);
        else
            --m_open;
    }
    if (now.start >= 0) {
        if (old.start != now.start)
            addEvent(now.start, +1);
        if (now.end >= 0) {
            addEvent(now.end, -1);
        } else {
            ++m_open;
            m_maxOpenStart = std::max(m_maxOpenStart, now.start);
        }
    }
    if (m_open == 0)
        m_maxOpenStart = -1;
    old = now;
    m_builtNow = -1;
}

void InFlightTracker::undoTail() const
{
    if (m_tailFrom < 0)
        return;
    m_series.m_steps.resize(m_tailFrom);
    m_series.m_steps.append(m_savedTail);
    m_savedTail.clear();
    m_tailFrom = -1;
}

const InFlightSeries &InFlightTracker::series(qint64 nowMs) const
{
    if (!m_dirty && m_builtNow == nowMs)
        return m_series;
    undoTail();
    QVector<InFlightSeries::Step> &steps = m_series.m_steps;
    if (m_dirty) {
        // Re-derive the base after the earliest change: keep the steps before it, sweep the events from it.
        auto keep = std::lower_bound(steps.begin(), steps.end(), m_dirtyFrom,
                                     [](const InFlightSeries::Step &s, qint64 v) { return s.atMs < v; });
        const qsizetype kept = keep - steps.begin();
        steps.resize(kept);
        m_prefixMax.resize(size_t(kept));
        int count = kept > 0 ? steps.constLast().count : 0;
        int best = kept > 0 ? m_prefixMax.back() : 0;
        for (auto it = m_net.lower_bound(m_dirtyFrom); it != m_net.end(); ++it) {
            count += it->second;
            if (steps.isEmpty() ? count != 0 : steps.constLast().count != count) {
                steps.append({it->first, count});
                best = std::max(best, count);
                m_prefixMax.push_back(best);
            }
        }
        m_dirty = false;
    }
    m_series.m_max = m_prefixMax.empty() ? 0 : m_prefixMax.back();
    if (m_open > 0) {
        // The rows in flight end at the live edge: lower every step from there by their number.
        const qint64 edge = std::max(nowMs, m_maxOpenStart);
        auto at = std::lower_bound(steps.begin(), steps.end(), edge,
                                   [](const InFlightSeries::Step &s, qint64 v) { return s.atMs < v; });
        m_tailFrom = at - steps.begin();
        m_savedTail = steps.mid(m_tailFrom);
        steps.resize(m_tailFrom);
        int best = m_tailFrom > 0 ? m_prefixMax[size_t(m_tailFrom - 1)] : 0;
        int base = m_tailFrom > 0 ? steps.constLast().count : 0;
        auto push = [&steps, &best](qint64 t, int c) {
            if (steps.isEmpty() ? c != 0 : steps.constLast().count != c) {
                steps.append({t, c});
                best = std::max(best, c);
            }
        };
        qsizetype i = 0;
        if (!m_savedTail.isEmpty() && m_savedTail.constFirst().atMs == edge)
            base = m_savedTail.at(i++).count;
        push(edge, base - m_open);
        for (; i < m_savedTail.size(); ++i)
            push(m_savedTail.at(i).atMs, m_savedTail.at(i).count - m_open);
        m_series.m_max = best;
    }
    m_builtNow = nowMs;
    return m_series;
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

LatencyHistogram LatencyHistogram::fromCounts(const std::map<qint64, int> &countsByMs, int targetBuckets)
{
    LatencyHistogram h;
    if (countsByMs.empty())
        return h;
    const qint64 maxMs = std::max<qint64>(0, countsByMs.rbegin()->first);
    h.m_width = qint64(niceWidth(double(maxMs + 1) / std::max(1, targetBuckets)));
    h.m_counts.fill(0, int(maxMs / h.m_width) + 1);
    for (const auto &[ms, n] : countsByMs) {
        h.m_counts[int(std::max<qint64>(0, ms) / h.m_width)] += n;
        h.m_total += n;
    }
    return h;
}

int LatencyHistogram::maxCount() const
{
    return m_counts.isEmpty() ? 0 : *std::max_element(m_counts.cbegin(), m_counts.cend());
}

QVector<qint64> durationsOf(const TimingTable &results)
{
    QVector<qint64> out;
    out.reserve(results.size());
    for (const TimingRow &r : results) {
        const qint64 d = r.elapsedMs();
        if (r.isDone() && d >= 0)
            out.append(d);
    }
    return out;
}

QVector<HostLatency> slowestHosts(const TimingTable &results, int limit)
{
    QHash<QString, HostLatency> byHost;
    for (const TimingRow &r : results) {
        const qint64 d = r.elapsedMs();
        const QUrl &url = results.origin(r);
        if (!r.isDone() || d < 0 || !url.isValid())
            continue;
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
    sortSlowestFirst(&hosts, limit);
    return hosts;
}

void sortSlowestFirst(QVector<HostLatency> *hosts, int limit)
{
    std::sort(hosts->begin(), hosts->end(), [](const HostLatency &a, const HostLatency &b) {
        const double ma = a.meanMs(), mb = b.meanMs();
        if (ma != mb)
            return ma > mb;
        if (a.totalMs != b.totalMs)
            return a.totalMs > b.totalMs;
        return a.host < b.host;
    });
    if (limit >= 0 && hosts->size() > limit)
        hosts->resize(limit);
}

LatencySummary latencySummaryOf(const std::map<qint64, int> &countsByMs)
{
    LatencySummary summary;
    qsizetype n = 0;
    double sum = 0;
    for (const auto &[ms, count] : countsByMs) {
        n += count;
        sum += double(ms) * count;
    }
    summary.count = int(n);
    if (n == 0)
        return summary;
    summary.minMs = countsByMs.begin()->first;
    summary.maxMs = countsByMs.rbegin()->first;
    summary.meanMs = sum / double(n);
    // Nearest rank, as LatencySummary::compute: the value at rank ceil(p/100 * n), 1-based.
    const qsizetype ranks[3] = {(50 * n + 99) / 100, (90 * n + 99) / 100, (99 * n + 99) / 100};
    qint64 *out[3] = {&summary.p50Ms, &summary.p90Ms, &summary.p99Ms};
    qsizetype seen = 0;
    int next = 0;
    for (const auto &[ms, count] : countsByMs) {
        seen += count;
        while (next < 3 && seen >= std::max<qsizetype>(1, ranks[next]))
            *out[next++] = ms;
        if (next == 3)
            break;
    }
    return summary;
}

// ---- LiveRunFigures ----

LiveRunFigures::Row LiveRunFigures::rowOf(const TimingRow &r, int host)
{
    Row row;
    row.host = host;
    // In RunStats::add's order: a cancellation first, then not done, skipped, OK, failed.
    row.verdict = r.isCancelled() ? Verdict::Cancelled
                  : !r.isDone()   ? Verdict::Pending
                  : r.isSkipped() ? Verdict::Skipped
                  : r.isOk()      ? Verdict::Ok
                                  : Verdict::Failed;
    if (r.isDone()) {
        row.done = true;
        row.durationMs = r.elapsedMs();
        row.failed = r.isFailed();
    } else if (r.state == CheckState::Checking && r.timings.startedMs >= 0) {
        row.openStartMs = r.timings.startedMs;
    }
    return row;
}

void LiveRunFigures::tally(const Row &row, int sign)
{
    m_runRows += sign;
    switch (row.verdict) {
    case Verdict::Pending:
    case Verdict::Cancelled:
        m_runCancelled += row.verdict == Verdict::Cancelled ? sign : 0;
        return; // neither is in the sum
    case Verdict::Ok:
        m_runOk += sign;
        break;
    case Verdict::Failed:
        m_runFailed += sign;
        break;
    case Verdict::Skipped:
        break;
    }
    if (row.durationMs >= 0)
        m_runSumMs += sign * row.durationMs;
}

void LiveRunFigures::count(const Row &row, int sign)
{
    if (row.inRun)
        tally(row, sign);
    if (row.done)
        m_done += sign;
    if (row.openStartMs >= 0) {
        m_open += sign;
        m_openStartSum += sign * row.openStartMs;
    }
    if (!row.done || row.durationMs < 0)
        return;
    const qint64 d = row.durationMs;
    m_sumMs += sign * d;
    auto it = m_durations.try_emplace(d, 0).first;
    it->second += sign;
    if (it->second <= 0)
        m_durations.erase(it);
    if (row.host < 0)
        return;
    HostLatency &h = m_hosts[row.host];
    h.count += sign;
    h.totalMs += sign * d;
    if (row.failed)
        h.failed += sign;
    if (sign > 0)
        h.maxMs = std::max(h.maxMs, d);
    else if (d >= h.maxMs)
        m_hostMaxStale = true; // the slowest left (a re-check): found again on the next read
}

void LiveRunFigures::setAll(const TimingTable &results)
{
    m_rows.assign(size_t(results.size()), Row());
    m_hosts.clear();
    m_hostIndex.clear();
    m_durations.clear();
    m_done = 0;
    m_sumMs = 0;
    m_open = 0;
    m_openStartSum = 0;
    m_hostMaxStale = false;
    m_runRows = 0;
    m_runOk = 0;
    m_runFailed = 0;
    m_runCancelled = 0;
    m_runSumMs = 0;
    // Rows of one origin share its host: each origin is looked up once, not each of 1,000,000 rows.
    std::vector<int> hostOfOrigin;
    for (qsizetype i = 0; i < results.size(); ++i) {
        const TimingRow &r = results.at(i);
        int host = -1;
        if (r.origin >= 0 && std::size_t(r.origin) < hostOfOrigin.size() && hostOfOrigin[std::size_t(r.origin)] >= 0) {
            host = hostOfOrigin[std::size_t(r.origin)];
        } else if (const QUrl &url = results.origin(r); url.isValid()) {
            QString key = url.host(QUrl::FullyDecoded);
            if (url.port() != -1)
                key += QLatin1Char(':') + QString::number(url.port());
            auto it = m_hostIndex.constFind(key);
            if (it == m_hostIndex.cend()) {
                it = m_hostIndex.insert(key, int(m_hosts.size()));
                HostLatency h;
                h.host = key;
                m_hosts.append(h);
            }
            host = it.value();
            if (std::size_t(r.origin) >= hostOfOrigin.size())
                hostOfOrigin.resize(std::size_t(r.origin) + 1, -1);
            hostOfOrigin[std::size_t(r.origin)] = host;
        }
        m_rows[size_t(i)] = rowOf(r, host);
        count(m_rows[size_t(i)], +1);
    }
}

void LiveRunFigures::setRow(int row, const TimingRow &result)
{
    if (row < 0 || size_t(row) >= m_rows.size())
        return;
    Row &old = m_rows[size_t(row)];
    Row now = rowOf(result, old.host);
    now.inRun = old.inRun;
    count(old, -1);
    count(now, +1);
    old = now;
}

void LiveRunFigures::setRunRows(const QVector<int> &rows)
{
    for (Row &r : m_rows) {
        if (r.inRun)
            tally(r, -1);
        r.inRun = rows.isEmpty();
        if (r.inRun)
            tally(r, +1);
    }
    for (const int row : rows) {
        if (row < 0 || size_t(row) >= m_rows.size() || m_rows[size_t(row)].inRun)
            continue;
        m_rows[size_t(row)].inRun = true;
        tally(m_rows[size_t(row)], +1);
    }
}

RunRecord LiveRunFigures::record(qint64 wallMs, int cap, const QString &listName, bool cancelled,
                                 const QString &label) const
{
    // The fields RunRecord::fromStats reads, as RunStats::compute would have counted them over the run's rows.
    RunStats stats;
    stats.total = m_runRows;
    stats.ok = m_runOk;
    stats.failed = m_runFailed;
    stats.cancelled = m_runCancelled;
    stats.sumMs = m_runSumMs;
    stats.wallMs = wallMs;
    return RunRecord::fromStats(stats, m_runRows, cap, listName, cancelled, label);
}

qint64 LiveRunFigures::inFlightMs(qint64 nowMs) const
{
    return std::max<qint64>(0, qint64(m_open) * nowMs - m_openStartSum);
}

QVector<HostLatency> LiveRunFigures::slowestHosts(int limit) const
{
    if (m_hostMaxStale) {
        for (HostLatency &h : m_hosts)
            h.maxMs = 0;
        for (const Row &r : m_rows) {
            if (r.done && r.durationMs >= 0 && r.host >= 0)
                m_hosts[r.host].maxMs = std::max(m_hosts.at(r.host).maxMs, r.durationMs);
        }
        m_hostMaxStale = false;
    }
    QVector<HostLatency> hosts;
    for (const HostLatency &h : m_hosts) {
        if (h.count > 0)
            hosts.append(h);
    }
    sortSlowestFirst(&hosts, limit);
    return hosts;
}

} // namespace Fanout
