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
    // Incremental form for live views: add one finished result.
    void add(const CheckResult &result);
};

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
