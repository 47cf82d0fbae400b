#pragma once

#include <QString>
#include <QVector>

#include <algorithm>

namespace Fanout {

// Pure figures of the "Compare caps" experiment: which caps to run and what an ideal engine would take.
class CapSweepModel final
{
public:
    static constexpr int MaxCap = 1024;

    struct Point
    {
        int cap = 0;
        qint64 wallMs = 0;
        bool cancelled = false;
    };

    // 1, 2, 4, … up to maxCap, with maxCap itself last even when it is not a power of two.
    static QVector<int> capsUpTo(int maxCap);
    // "1, 3, 8-10 16" → sorted distinct caps; false with *error naming the bad part.
    static bool parseCaps(const QString &text, QVector<int> *caps, QString *error);

    // Ideal wall time with `cap` slots: each URL (in list order) starts on the earliest free slot and takes
    // its measured duration — the makespan of a greedy list schedule, what a perfect engine would reach.
    static qint64 greedyMakespan(const QVector<qint64> &durationsMs, int cap);
    // Lower bound no schedule can beat: max(longest, sum / cap).
    static double lowerBound(const QVector<qint64> &durationsMs, int cap);

    // The measured durations the ideal curves are computed from (normally those of the cap-1 run).
    void setDurations(const QVector<qint64> &durationsMs) { m_durations = durationsMs; }
    const QVector<qint64> &durations() const { return m_durations; }
    qint64 idealAt(int cap) const { return greedyMakespan(m_durations, cap); }
    double lowerBoundAt(int cap) const { return lowerBound(m_durations, cap); }

    void clearPoints() { m_points.clear(); }
    void addPoint(const Point &point);                        // replaces a point at the same cap
    const QVector<Point> &points() const { return m_points; } // sorted by cap

    // Two wall times closer than this are the same result: run-to-run noise on a loaded machine is a few
    // percent, and timers a few milliseconds.
    static qint64 noiseMs(qint64 wallMs) { return std::max<qint64>(20, wallMs * 3 / 100); }
    // The caps (ascending) whose finished run is within noise of the fastest one; empty when none finished.
    QVector<int> fastestCaps() const;
    // "fastest at cap 8 (1.01 s)", or when caps tie within noise "8, 16 and 32 tie at 1.01 s".
    QString verdict() const;

private:
    QVector<qint64> m_durations;
    QVector<Point> m_points;
};

} // namespace Fanout
