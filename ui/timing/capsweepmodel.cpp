#include "timing/capsweepmodel.h"

#include "timing/chartutil.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>
#include <queue>

#include <algorithm>
#include <functional>
#include <vector>

namespace Fanout {

QVector<int> CapSweepModel::capsUpTo(int maxCap)
{
    QVector<int> caps;
    maxCap = std::clamp(maxCap, 1, MaxCap);
    for (int c = 1; c < maxCap; c *= 2)
        caps.append(c);
    caps.append(maxCap);
    return caps;
}

bool CapSweepModel::parseCaps(const QString &text, QVector<int> *caps, QString *error)
{
    caps->clear();
    const QStringList parts = text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
    if (parts.isEmpty()) {
        *error = QCoreApplication::translate("Fanout::CapSweepModel", "no caps given");
        return false;
    }
    static const QRegularExpression range(QStringLiteral("^(\\d+)(?:-(\\d+))?$"));
    for (const QString &part : parts) {
        const QRegularExpressionMatch m = range.match(part);
        bool okFrom = false, okTo = true;
        const int from = m.hasMatch() ? m.captured(1).toInt(&okFrom) : 0;
        const int to = m.hasMatch() && m.hasCaptured(2) ? m.captured(2).toInt(&okTo) : from;
        if (!m.hasMatch() || !okFrom || !okTo) {
            *error =
                QCoreApplication::translate("Fanout::CapSweepModel", "'%1' is not a cap or a range like 2-8").arg(part);
            return false;
        }
        if (from < 1 || to > MaxCap || to < from) {
            *error = QCoreApplication::translate("Fanout::CapSweepModel", "'%1' is outside 1-%2").arg(part).arg(MaxCap);
            return false;
        }
        if (to - from > 64) {
            *error = QCoreApplication::translate("Fanout::CapSweepModel", "'%1' would run more than 64 caps").arg(part);
            return false;
        }
        for (int c = from; c <= to; ++c)
            caps->append(c);
    }
    std::sort(caps->begin(), caps->end());
    caps->erase(std::unique(caps->begin(), caps->end()), caps->end());
    if (caps->size() > 64) {
        *error = QCoreApplication::translate("Fanout::CapSweepModel", "more than 64 caps");
        caps->clear();
        return false;
    }
    error->clear();
    return true;
}

qint64 CapSweepModel::greedyMakespan(const QVector<qint64> &durationsMs, int cap)
{
    if (durationsMs.isEmpty())
        return 0;
    cap = std::max(1, cap);
    // Min-heap of the times the slots become free.
    std::priority_queue<qint64, std::vector<qint64>, std::greater<qint64>> freeAt;
    const int slotCount = int(std::min<qsizetype>(cap, durationsMs.size()));
    for (int i = 0; i < slotCount; ++i)
        freeAt.push(0);
    qint64 makespan = 0;
    for (qint64 d : durationsMs) {
        const qint64 start = freeAt.top();
        freeAt.pop();
        const qint64 end = start + std::max<qint64>(0, d);
        makespan = std::max(makespan, end);
        freeAt.push(end);
    }
    return makespan;
}

double CapSweepModel::lowerBound(const QVector<qint64> &durationsMs, int cap)
{
    qint64 longest = 0, sum = 0;
    for (qint64 d : durationsMs) {
        longest = std::max(longest, d);
        sum += std::max<qint64>(0, d);
    }
    return std::max(double(longest), double(sum) / std::max(1, cap));
}

void CapSweepModel::addPoint(const Point &point)
{
    auto it = std::lower_bound(m_points.begin(), m_points.end(), point.cap,
                               [](const Point &p, int cap) { return p.cap < cap; });
    if (it != m_points.end() && it->cap == point.cap)
        *it = point;
    else
        m_points.insert(it, point);
}

QVector<int> CapSweepModel::fastestCaps() const
{
    qint64 best = -1;
    for (const Point &p : m_points) {
        if (!p.cancelled && (best < 0 || p.wallMs < best))
            best = p.wallMs;
    }
    QVector<int> caps;
    if (best < 0)
        return caps;
    for (const Point &p : m_points) {
        if (!p.cancelled && p.wallMs - best <= noiseMs(best))
            caps.append(p.cap);
    }
    return caps;
}

QString CapSweepModel::verdict() const
{
    const QVector<int> caps = fastestCaps();
    if (caps.isEmpty())
        return {};
    qint64 best = -1;
    for (const Point &p : m_points) {
        if (!p.cancelled && (best < 0 || p.wallMs < best))
            best = p.wallMs;
    }
    const QString time = Chart::formatDuration(double(best));
    if (caps.size() == 1)
        return QCoreApplication::translate("Fanout::CapSweepModel", "fastest at cap %1 (%2)")
            .arg(caps.first())
            .arg(time);
    QStringList names;
    for (int c : caps)
        names.append(QString::number(c));
    const QString last = names.takeLast();
    return QCoreApplication::translate("Fanout::CapSweepModel", "caps %1 and %2 tie at %3 (within %4 of each other)")
        .arg(names.join(QStringLiteral(", ")), last, time, Chart::formatDuration(double(noiseMs(best))));
}

} // namespace Fanout
