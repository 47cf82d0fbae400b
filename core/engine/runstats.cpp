#include "engine/runstats.h"

#include <algorithm>

namespace Fanout {

double RunStats::speedUp() const
{
    return wallMs > 0 ? double(sumMs) / double(wallMs) : 0.0;
}

double RunStats::urlsPerSecond() const
{
    return wallMs > 0 ? double(done) * 1000.0 / double(wallMs) : 0.0;
}

RunStats RunStats::compute(const QVector<CheckResult> &results, qint64 wallMs)
{
    return compute<QVector<CheckResult>>(results, wallMs);
}

LatencySummary LatencySummary::compute(QVector<qint64> durationsMs)
{
    // -1 means "no duration"; such values would drag every percentile down.
    durationsMs.removeIf([](qint64 ms) { return ms < 0; });
    LatencySummary summary;
    summary.count = int(durationsMs.size());
    if (durationsMs.isEmpty())
        return summary;
    std::sort(durationsMs.begin(), durationsMs.end());
    const qsizetype n = durationsMs.size();
    // Nearest rank: sorted[ceil(p/100 * n) - 1], in integers so 90% of 100 is exactly rank 90.
    const auto percentile = [&](qsizetype percent) {
        const qsizetype rank = (percent * n + 99) / 100;
        return durationsMs.at(std::clamp<qsizetype>(rank - 1, 0, n - 1));
    };
    summary.minMs = durationsMs.front();
    summary.maxMs = durationsMs.back();
    summary.p50Ms = percentile(50);
    summary.p90Ms = percentile(90);
    summary.p99Ms = percentile(99);
    double sum = 0;
    for (const qint64 ms : std::as_const(durationsMs))
        sum += double(ms);
    summary.meanMs = sum / double(n);
    return summary;
}

} // namespace Fanout
