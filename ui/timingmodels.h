#pragma once

#include "checkresult.h"

#include <QString>
#include <QVector>

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

Outcome outcomeOf(const CheckResult &result);
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
    static InFlightSeries fromResults(const QVector<CheckResult> &results, qint64 nowMs);
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
    QVector<Step> m_steps; // strictly increasing atMs, first step's count > 0 or empty
    int m_max = 0;
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
QVector<qint64> durationsOf(const QVector<CheckResult> &results);

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
QVector<HostLatency> slowestHosts(const QVector<CheckResult> &results, int limit = 8);

} // namespace Fanout
