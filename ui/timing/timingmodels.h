#pragma once

#include "engine/checkresult.h"
#include "engine/runstats.h"
#include "results/timingrows.h"
#include "store/runhistory.h"

#include <QHash>
#include <QString>
#include <QVector>

#include <limits>
#include <map>
#include <vector>

// Pure view models of the timing views: no painting, no widgets, so they are unit-tested on their own.
namespace Fanout {

// How a row ended, for colouring. Order = drawing priority in aggregated pixels (later wins ties).
enum class Outcome : quint8
{
    Queued,      // not started yet
    Running,     // started, not finished
    Ok,          // 2xx (or < 400 without redirect)
    Redirected,  // ok after at least one redirect
    ClientError, // 4xx
    ServerError, // 5xx
    Error,       // network/timeout/invalid error
    Cancelled
};
constexpr int OutcomeCount = 8;

Outcome outcomeOf(const TimingRow &row);
QString outcomeName(Outcome outcome);

enum class Phase : quint8
{
    Queued,     // run start → the request was created
    Connecting, // a new connection opened → request written
    Waiting,    // request written (or created) → headers arrived
    Downloading // headers → done
};
constexpr int PhaseCount = 4;
QString phaseName(Phase phase);

struct PhaseSpan
{
    Phase phase = Phase::Queued;
    qint64 fromMs = 0;
    qint64 toMs = 0;

    friend bool operator==(const PhaseSpan &a, const PhaseSpan &b)
    {
        return a.phase == b.phase && a.fromMs == b.fromMs && a.toMs == b.toMs;
    }
};

// The phases of one row from its milestones; a row still running extends to nowMs. Empty spans are left out;
// milestones out of order are clamped so spans never overlap or run backwards.
QVector<PhaseSpan> phasesFor(const CheckTimings &timings, CheckState state, qint64 nowMs);
// The same without allocating (for 100k-bar redraws): fills out[] and returns how many spans.
int phaseSpans(const CheckTimings &timings, CheckState state, qint64 nowMs, PhaseSpan (&out)[PhaseCount]);

// Requests in flight over time: a step function built from start and finish events.
class InFlightSeries final
{
public:
    struct Step
    {
        qint64 atMs = 0;
        int count = 0; // value from atMs until the next step
    };

    // Rows started but not finished count until nowMs.
    static InFlightSeries fromResults(const TimingTable &results, qint64 nowMs);
    // Intervals [start, end); equal times: ends are applied before starts (a freed slot is reused at once).
    static InFlightSeries fromIntervals(const QVector<QPair<qint64, qint64>> &intervals);

    const QVector<Step> &steps() const { return m_steps; }
    int maxCount() const { return m_max; }
    int valueAt(qint64 ms) const;
    // Highest value reached anywhere in [fromMs, toMs): what one pixel column of the strip shows.
    int maxIn(qint64 fromMs, qint64 toMs) const;
    // Time-weighted mean over [fromMs, toMs).
    double meanIn(qint64 fromMs, qint64 toMs) const;

private:
    friend class InFlightTracker;
    QVector<Step> m_steps; // strictly increasing atMs, first step's count > 0 or empty
    int m_max = 0;
};

// The in-flight series of a live run, kept up to date from each row's start and finish: a row update costs
// O(log n), and the series is re-derived only after the earliest time that changed (the live edge, as a
// rule), so a 100k-row run never rescans its rows. Same steps as InFlightSeries::fromResults while the
// clock is at or past every start; rows in flight count until the clock (or the latest start, if later).
class InFlightTracker final
{
public:
    void reset(int rowCount); // every row out of the series
    void setRow(int row, const CheckTimings &timings, CheckState state);
    void setAll(const TimingTable &results); // reset + every row
    int rowCount() const { return int(m_rows.size()); }
    int openCount() const { return m_open; }
    const InFlightSeries &series(qint64 nowMs) const;

private:
    struct Part
    {
        qint64 start = -1; // < 0: not in the series
        qint64 end = -1;   // < 0: still in flight
        bool operator==(const Part &o) const { return start == o.start && end == o.end; }
    };
    static Part partOf(const CheckTimings &timings, CheckState state);
    void addEvent(qint64 at, int delta);
    void undoTail() const;

    std::vector<Part> m_rows;
    std::map<qint64, int> m_net; // net change of the count at each millisecond (no zero entries)
    int m_open = 0;
    qint64 m_maxOpenStart = -1; // upper bound of the starts of rows in flight
    // The series without the rows in flight ending at the clock ("base"), valid before m_dirtyFrom, with
    // the running maximum per step; the live tail is applied on top and undone before the next update.
    mutable InFlightSeries m_series;
    mutable std::vector<int> m_prefixMax;
    mutable qint64 m_dirtyFrom = std::numeric_limits<qint64>::min();
    mutable bool m_dirty = true;
    mutable qsizetype m_tailFrom = -1;
    mutable QVector<InFlightSeries::Step> m_savedTail;
    mutable qint64 m_builtNow = -1;
};

// Cap in force over time, from setCap calls during a run.
class CapSeries final
{
public:
    void reset(int cap) { m_steps = {{0, cap}}; }
    void change(qint64 atMs, int cap);
    const QVector<InFlightSeries::Step> &steps() const { return m_steps; }
    int capAt(qint64 ms) const;
    int maxCap() const;

private:
    QVector<InFlightSeries::Step> m_steps;
};

// Latency histogram with nice bucket widths (1, 2, 5 × 10^k ms) over [0, max].
class LatencyHistogram final
{
public:
    static LatencyHistogram compute(const QVector<qint64> &durationsMs, int targetBuckets = 24);
    // The same from a count per millisecond (what LiveRunFigures keeps): O(distinct durations).
    static LatencyHistogram fromCounts(const std::map<qint64, int> &countsByMs, int targetBuckets = 24);
    static double niceWidth(double rough); // smallest 1/2/5×10^k ≥ rough (≥ 1)

    qint64 bucketWidthMs() const { return m_width; }
    const QVector<int> &counts() const { return m_counts; } // bucket i covers [i*w, (i+1)*w)
    int maxCount() const;
    int total() const { return m_total; }

private:
    qint64 m_width = 1;
    QVector<int> m_counts;
    int m_total = 0;
};

// Durations (finished − started) of done rows that have both milestones.
QVector<qint64> durationsOf(const TimingTable &results);

struct HostLatency
{
    QString host; // host[:port]
    int count = 0;
    qint64 totalMs = 0;
    qint64 maxMs = 0;
    int failed = 0;
    double meanMs() const { return count > 0 ? double(totalMs) / count : 0.0; }
};

// Hosts ordered by mean duration, slowest first (ties: more total time first, then name), at most limit.
QVector<HostLatency> slowestHosts(const TimingTable &results, int limit = 8);
void sortSlowestFirst(QVector<HostLatency> *hosts, int limit);

// Nearest-rank percentiles (as LatencySummary::compute) from a count per millisecond.
LatencySummary latencySummaryOf(const std::map<qint64, int> &countsByMs);

// The live figures of the "sequential vs concurrent" page (durations, their histogram and percentiles, the
// one-at-a-time sum, slowest hosts), kept per row so a batch of changed rows costs O(rows changed), not a
// rescan of every row. Hosts are read once per list (setAll); later updates only change timings and state.
class LiveRunFigures final
{
public:
    void setAll(const TimingTable &results);       // a new list (or rows changed wholesale): full rebuild
    void setRow(int row, const TimingRow &result); // one row changed; its URL is the one setAll saw
    int rowCount() const { return int(m_rows.size()); }

    int done() const { return m_done; }
    qint64 sumMs() const { return m_sumMs; } // durations of done rows (RunStats::sumMs)
    qint64 longestMs() const { return m_durations.empty() ? 0 : m_durations.rbegin()->first; }
    int inFlight() const { return m_open; }
    // Time already spent by the rows in flight at nowMs (their share of the one-at-a-time total).
    qint64 inFlightMs(qint64 nowMs) const;
    const std::map<qint64, int> &durationCounts() const { return m_durations; }
    LatencyHistogram histogram(int targetBuckets = 24) const
    {
        return LatencyHistogram::fromCounts(m_durations, targetBuckets);
    }
    LatencySummary summary() const { return latencySummaryOf(m_durations); }
    QVector<HostLatency> slowestHosts(int limit) const;

    // The rows a run covers (a re-check: some of them; empty: every row), for record(). Kept until the next
    // setAll(), which makes it every row again. O(rows).
    void setRunRows(const QVector<int> &rows);
    // The history entry of the run: what RunRecord::fromResults gives over the run's rows as they are now, kept
    // per changed row so that the end of a run of 1,000,000 rows does not read them all again.
    RunRecord record(qint64 wallMs, int cap, const QString &listName, bool cancelled, const QString &label = {}) const;

private:
    // How RunStats::add counts a row (RunRecord's ok, failed, cancelled URLs and sum).
    enum class Verdict : quint8
    {
        Pending,
        Ok,
        Failed,
        Skipped,
        Cancelled
    };
    struct Row
    {
        qint64 durationMs = -1;  // done with both milestones
        qint64 openStartMs = -1; // checking since
        int host = -1;
        bool done = false;
        bool failed = false;
        Verdict verdict = Verdict::Pending;
        bool inRun = true; // one of the rows record() covers
    };
    static Row rowOf(const TimingRow &result, int host);
    void count(const Row &row, int sign);
    void tally(const Row &row, int sign);

    std::vector<Row> m_rows;
    mutable QVector<HostLatency> m_hosts; // per host index; maxMs re-found lazily
    QHash<QString, int> m_hostIndex;
    mutable bool m_hostMaxStale = false;
    std::map<qint64, int> m_durations;
    int m_done = 0;
    qint64 m_sumMs = 0;
    int m_open = 0;
    qint64 m_openStartSum = 0;
    // Over the rows in the run (Row::inRun), as RunStats counts them.
    int m_runRows = 0;
    int m_runOk = 0;
    int m_runFailed = 0;
    int m_runCancelled = 0;
    qint64 m_runSumMs = 0;
};

} // namespace Fanout
