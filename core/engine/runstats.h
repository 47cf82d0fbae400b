#pragma once

#include "engine/checkresult.h"

#include <QString>
#include <QVector>

namespace Fanout {

// Figures that describe a finished (or running) set of results. Pure computation, no Qt objects.
struct RunStats
{
    int total = 0;      // rows (valid and rejected)
    int done = 0;       // rows with a final result; a cancelled row has none (see cancelled)
    int ok = 0;         // done and isOk()
    int failed = 0;     // done and not ok (HTTP >= 400 or error), not skipped
    int skipped = 0;    // done without a request: a rule excluded it (CheckResult::isSkipped)
    int cancelled = 0;  // stopped before an answer (CheckResult::isCancelled): not done, neither OK nor failed
    int redirected = 0; // ok rows that went through at least one redirect
    int http4xx = 0;
    int http5xx = 0;
    int errors = 0;    // done rows with an error text (network, timeout, invalid, ...)
    qint64 wallMs = 0; // run's total elapsed time (given by the caller)
    qint64 sumMs = 0;  // sum of the done rows' durations: what a one-at-a-time loop would have taken for them
    qint64 bytes = 0;

    // sumMs / wallMs, 0 when wallMs is 0: both over what finished, a stopped run's cut requests left out
    double speedUp() const;
    // URLs done per second of wall time (cancelled ones did not finish)
    double urlsPerSecond() const;

    static RunStats compute(const QVector<CheckResult> &results, qint64 wallMs);
    // The same over any rows with CheckResult's predicates (the timing views' compact rows).
    template <typename Rows>
    static RunStats compute(const Rows &rows, qint64 wallMs)
    {
        RunStats stats;
        for (const auto &row : rows)
            stats.add(row);
        stats.wallMs = wallMs;
        return stats;
    }
    // Incremental form for live views: add one finished result (a CheckResult or a row with its predicates).
    template <typename Row>
    void add(const Row &result);
};

template <typename Row>
void RunStats::add(const Row &result)
{
    ++total;
    bytes += result.bytes;
    if (result.isCancelled()) {
        ++cancelled;
        return;
    }
    if (result.hasError())
        ++errors;
    if (!result.isDone())
        return;
    ++done;
    if (result.isSkipped()) {
        ++skipped;
    } else if (result.isOk()) {
        ++ok;
        if (result.redirectCount() > 0)
            ++redirected;
    } else {
        ++failed;
    }
    if (!result.hasError()) {
        if (result.status >= 400 && result.status < 500)
            ++http4xx;
        else if (result.status >= 500 && result.status < 600)
            ++http5xx;
    }
    const qint64 elapsed = result.elapsedMs();
    if (elapsed >= 0)
        sumMs += elapsed;
}

// Latency percentiles over done results that have a duration.
struct LatencySummary
{
    int count = 0;
    qint64 minMs = 0, p50Ms = 0, p90Ms = 0, p99Ms = 0, maxMs = 0;
    double meanMs = 0;

    // Nearest-rank percentiles.
    static LatencySummary compute(QVector<qint64> durationsMs);
};

} // namespace Fanout
