#include "timing/waterfallmodel.h"

#include "results/resultsmodel.h"

#include <QUrl>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace Fanout {

// ---- WaterfallViewport ----

void WaterfallViewport::setPlotSize(double width, double height)
{
    m_width = std::max(1.0, width);
    m_height = std::max(1.0, height);
    if (m_fitted) {
        fitAll();
    } else {
        clampTime();
        clampRows();
    }
}

void WaterfallViewport::setContent(double extentMs, int rowCount)
{
    m_extentMs = std::max(1.0, extentMs);
    m_rows = std::max(0, rowCount);
    if (m_fitted) {
        fitAll();
    } else {
        clampTime();
        clampRows();
    }
}

void WaterfallViewport::fitAll()
{
    m_t0 = 0;
    // A little room after the last finish so the last bar's end is visible against the border.
    m_t1 = std::max(MinSpanMs, m_extentMs * 1.03);
    m_firstRow = 0;
    m_rowHeight = m_rows > 0 ? std::min(m_preferredRowHeight, m_height / m_rows) : m_preferredRowHeight;
    m_fitted = true;
}

double WaterfallViewport::xForMs(double ms) const
{
    return (ms - m_t0) / (m_t1 - m_t0) * m_width;
}

double WaterfallViewport::msForX(double x) const
{
    return m_t0 + x / m_width * (m_t1 - m_t0);
}

double WaterfallViewport::yForRow(double row) const
{
    return (row - m_firstRow) * m_rowHeight;
}

double WaterfallViewport::rowForY(double y) const
{
    return m_firstRow + y / m_rowHeight;
}

int WaterfallViewport::rowAt(double y) const
{
    if (y < 0 || y >= m_height)
        return -1;
    const double r = std::floor(rowForY(y));
    return r >= 0 && r < m_rows ? int(r) : -1;
}

void WaterfallViewport::clampTime()
{
    const double maxEnd = std::max(MinSpanMs, m_extentMs * 1.03);
    double span = std::clamp(m_t1 - m_t0, MinSpanMs, maxEnd);
    if (!std::isfinite(span))
        span = maxEnd;
    m_t0 = std::max(0.0, m_t0);
    m_t1 = m_t0 + span;
    if (m_t1 > maxEnd) {
        m_t1 = maxEnd;
        m_t0 = m_t1 - span;
    }
}

void WaterfallViewport::clampRows()
{
    const double fitHeight = m_rows > 0 ? std::min(m_preferredRowHeight, m_height / m_rows) : m_preferredRowHeight;
    m_rowHeight = std::clamp(m_rowHeight, std::min(fitHeight, MinRowHeight), MaxRowHeight);
    if (m_rowHeight < fitHeight)
        m_rowHeight = fitHeight; // zooming out stops where every row fits
    const double maxFirst = std::max(0.0, m_rows - m_height / m_rowHeight);
    m_firstRow = std::clamp(m_firstRow, 0.0, maxFirst);
}

void WaterfallViewport::setTimeRange(double t0, double t1)
{
    m_t0 = t0;
    m_t1 = t1;
    m_fitted = false;
    clampTime();
}

void WaterfallViewport::zoomTime(double factor, double anchorX)
{
    if (!(factor > 0))
        return;
    const double anchorMs = msForX(anchorX);
    const double span = std::max(MinSpanMs, (m_t1 - m_t0) / factor);
    const double t0 = anchorMs - anchorX / m_width * span;
    setTimeRange(t0, t0 + span);
}

void WaterfallViewport::zoomRows(double factor, double anchorY)
{
    if (!(factor > 0))
        return;
    const double anchorRow = rowForY(anchorY);
    m_rowHeight *= factor;
    m_fitted = false;
    clampRows();
    m_firstRow = anchorRow - anchorY / m_rowHeight;
    clampRows();
}

void WaterfallViewport::pan(double dxPixels, double dyPixels)
{
    const double dt = -dxPixels / m_width * (m_t1 - m_t0);
    const double span = m_t1 - m_t0;
    m_t0 += dt;
    m_t1 = m_t0 + span;
    m_fitted = false;
    clampTime();
    m_firstRow -= dyPixels / m_rowHeight;
    clampRows();
}

void WaterfallViewport::scrollRows(double rows)
{
    m_firstRow += rows;
    m_fitted = false;
    clampRows();
}

void WaterfallViewport::ensureRowVisible(int row)
{
    if (row < 0 || row >= m_rows)
        return;
    const double visible = visibleRows();
    if (row >= m_firstRow && row + 1 <= m_firstRow + visible)
        return;
    // Put the row a third of the way down so its neighbours give context.
    m_firstRow = row - visible / 3.0;
    m_fitted = false;
    clampRows();
}

// ---- WaterfallModel ----

void WaterfallModel::setResults(const TimingTable &results, qint64 nowMs)
{
    m_nowMs = nowMs;
    m_bars.resize(results.size());
    m_maxFinishedMs = 0;
    m_maxStale = false;
    for (qsizetype i = 0; i < results.size(); ++i) {
        const TimingRow &r = results.at(i);
        WaterfallBar &b = m_bars[i];
        b.timings = r.timings;
        b.row = int(i);
        b.outcome = outcomeOf(r);
        b.state = r.state;
        b.redirected = r.redirects > 0;
        m_maxFinishedMs = std::max(m_maxFinishedMs, latestOf(r.timings));
    }
}

void WaterfallModel::updateRow(int row, const TimingRow &r)
{
    if (row < 0 || row >= m_bars.size())
        return;
    WaterfallBar &b = m_bars[row];
    const qint64 oldLatest = latestOf(b.timings);
    b.timings = r.timings;
    b.outcome = outcomeOf(r);
    b.state = r.state;
    b.redirected = r.redirects > 0;
    const qint64 latest = latestOf(r.timings);
    if (latest >= m_maxFinishedMs) {
        m_maxFinishedMs = latest;
    } else if (oldLatest >= m_maxFinishedMs) {
        m_maxStale = true; // the latest row was reset (a re-check): found again on the next read
    }
}

qint64 WaterfallModel::extentMs() const
{
    if (m_maxStale) {
        m_maxFinishedMs = 0;
        for (const WaterfallBar &b : m_bars)
            m_maxFinishedMs = std::max(m_maxFinishedMs, latestOf(b.timings));
        m_maxStale = false;
    }
    return std::max<qint64>({1, m_nowMs, m_maxFinishedMs});
}

QVector<PhaseSpan> WaterfallModel::phases(int row) const
{
    if (row < 0 || row >= m_bars.size())
        return {};
    const WaterfallBar &b = m_bars.at(row);
    return phasesFor(b.timings, b.state, m_nowMs);
}

QVector<BarRect> WaterfallModel::barRects(int row, const WaterfallViewport &vp) const
{
    QVector<BarRect> rects;
    const double band = vp.rowHeight();
    const double top = vp.yForRow(row);
    const double barH = std::max(1.0, band * BarFill);
    const double lineH = std::max(1.0, band * QueuedFill);
    const QVector<PhaseSpan> spans = phases(row);
    for (const PhaseSpan &s : spans) {
        const double x0 = vp.xForMs(double(s.fromMs));
        // At least a pixel, so a 0.2 ms answer is still seen.
        const double x1 = std::max(x0 + 1.0, vp.xForMs(double(s.toMs)));
        if (s.phase == Phase::Queued)
            rects.append({s.phase, QRectF(x0, top + (band - lineH) / 2, x1 - x0, lineH)});
        else
            rects.append({s.phase, QRectF(x0, top + (band - barH) / 2, x1 - x0, barH)});
    }
    return rects;
}

int WaterfallModel::hitTest(QPointF point, const WaterfallViewport &vp, double tolerancePx) const
{
    if (point.x() < 0 || point.x() >= vp.plotWidth() || point.y() < 0 || point.y() >= vp.plotHeight())
        return -1;
    const double tLo = vp.msForX(point.x() - tolerancePx);
    const double tHi = vp.msForX(point.x() + tolerancePx);
    auto spans = [this](int row, double *activeFrom, double *end) {
        PhaseSpan s[PhaseCount];
        const WaterfallBar &b = m_bars.at(row);
        const int n = phaseSpans(b.timings, b.state, m_nowMs, s);
        if (n == 0)
            return false;
        *end = double(s[n - 1].toMs);
        *activeFrom = s[0].phase == Phase::Queued ? double(s[0].toMs) : double(s[0].fromMs);
        return true;
    };

    // Rows whose band covers this pixel row: one when bands are ≥ 1 px, several when thinner.
    const double rFrom = vp.rowForY(std::floor(point.y()));
    const double rTo = vp.rowForY(std::floor(point.y()) + 1);
    int first = std::max(0, int(std::floor(rFrom)));
    int last = std::min(int(m_bars.size()) - 1, int(std::ceil(rTo)) - 1);
    if (vp.rowHeight() >= 1) {
        first = last = vp.rowAt(point.y());
        if (first < 0 || first >= m_bars.size())
            return -1;
    }
    int queuedHit = -1;
    for (int row = first; row <= last; ++row) {
        double activeFrom = 0, end = 0;
        if (!spans(row, &activeFrom, &end))
            continue;
        // A bar narrower than the tolerance is still hit when the pointer is on it.
        if (tHi >= activeFrom && tLo <= std::max(end, activeFrom))
            return row;
        if (queuedHit < 0 && tLo <= end && tHi >= 0)
            queuedHit = row;
    }
    return queuedHit;
}

void WaterfallModel::rasterise(const WaterfallViewport &vp, double scale, int width, int height,
                               QVector<quint8> *cells) const
{
    cells->fill(CellEmpty, qsizetype(width) * height);
    if (m_bars.isEmpty() || width <= 0 || height <= 0)
        return;
    const double rh = vp.rowHeight() * scale;
    const double firstRow = vp.firstRow();
    const double t0 = vp.startMs();
    const double pxPerMs = width / (vp.endMs() - vp.startMs());
    const int n = int(m_bars.size());
    const int r0 = std::clamp(int(std::floor(firstRow)), 0, n);
    const int r1 = std::clamp(int(std::ceil(firstRow + height / rh)) + 1, 0, n);

    // Difference arrays per outcome over x: O(1) per span, then one sweep per pixel row.
    const int stride = width + 1;
    std::vector<int> active(size_t(OutcomeCount) * stride, 0);
    std::vector<int> queued(size_t(stride), 0);
    quint8 *out = cells->data();
    PhaseSpan s[PhaseCount];

    auto pixelRowOf = [&](int row) {
        return int(std::floor((row - firstRow) * rh));
    };
    int r = r0;
    while (r < r1) {
        const int y = pixelRowOf(r);
        if (y >= height)
            break;
        int minX = width, maxX = 0;
        unsigned mask = 0;
        for (; r < r1 && pixelRowOf(r) == y; ++r) {
            const WaterfallBar &b = m_bars.at(r);
            const int count = phaseSpans(b.timings, b.state, m_nowMs, s);
            for (int i = 0; i < count; ++i) {
                const double fx0 = (double(s[i].fromMs) - t0) * pxPerMs;
                const double fx1 = (double(s[i].toMs) - t0) * pxPerMs;
                if (fx1 < 0 || fx0 >= width)
                    continue;
                int x0 = int(std::floor(std::max(0.0, fx0)));
                int x1 = int(std::ceil(std::min(double(width), fx1)));
                if (x1 <= x0)
                    x1 = std::min(width, x0 + 1);
                if (x1 <= x0)
                    continue;
                if (s[i].phase == Phase::Queued) {
                    ++queued[size_t(x0)];
                    --queued[size_t(x1)];
                } else {
                    const int o = int(b.outcome);
                    ++active[size_t(o * stride + x0)];
                    --active[size_t(o * stride + x1)];
                    mask |= 1u << o;
                }
                minX = std::min(minX, x0);
                maxX = std::max(maxX, x1);
            }
        }
        if (maxX <= minX)
            continue;
        const int yTop = std::max(0, y);
        const int yBottom = std::min(height, std::max(y + 1, pixelRowOf(r)));
        if (yTop >= yBottom) {
            // The group lies above the plot (partly scrolled out): just reset the arrays.
            std::fill(queued.begin() + minX, queued.begin() + maxX + 1, 0);
            for (int o = 0; o < OutcomeCount; ++o) {
                if (mask & (1u << o))
                    std::fill(active.begin() + o * stride + minX, active.begin() + o * stride + maxX + 1, 0);
            }
            continue;
        }
        int outcomes[OutcomeCount];
        int used = 0;
        for (int o = 0; o < OutcomeCount; ++o) {
            if (mask & (1u << o))
                outcomes[used++] = o;
        }
        int sums[OutcomeCount] = {};
        int qsum = 0;
        quint8 *line = out + qsizetype(yTop) * width;
        for (int x = minX; x < maxX; ++x) {
            qsum += queued[size_t(x)];
            int best = -1, bestCount = 0;
            for (int k = 0; k < used; ++k) {
                const int o = outcomes[k];
                sums[o] += active[size_t(o * stride + x)];
                if (sums[o] >= bestCount && sums[o] > 0) { // ties: the later (more severe) outcome
                    best = o;
                    bestCount = sums[o];
                }
            }
            line[x] = best >= 0 ? cellFor(Outcome(best)) : (qsum > 0 ? CellQueued : CellEmpty);
        }
        std::fill(queued.begin() + minX, queued.begin() + maxX + 1, 0);
        for (int k = 0; k < used; ++k) {
            const int o = outcomes[k];
            std::fill(active.begin() + o * stride + minX, active.begin() + o * stride + maxX + 1, 0);
        }
        for (int yy = yTop + 1; yy < yBottom; ++yy)
            std::memcpy(out + qsizetype(yy) * width + minX, line + minX, size_t(maxX - minX));
    }
}

// ---- WaterfallData ----

namespace {

QString hostOf(const QUrl &url)
{
    QString host = url.host();
    if (url.port() != -1)
        host += QLatin1Char(':') + QString::number(url.port());
    return host;
}

constexpr ResultFilter Filters[] = {ResultFilter::Ok,      ResultFilter::Redirected, ResultFilter::Http4xx,
                                    ResultFilter::Http5xx, ResultFilter::Errors,     ResultFilter::Cancelled};
constexpr int FilterCount = int(ResultFilter::Cancelled) + 1;

} // namespace

WaterfallData WaterfallData::of(const TimingTable &rows, qint64 nowMs)
{
    WaterfallData data;
    data.model.setResults(rows, nowMs);
    data.outcomeCounts.fill(0, OutcomeCount);
    data.filterCounts.fill(0, FilterCount);
    for (int i = 0; i < data.model.count(); ++i)
        ++data.outcomeCounts[int(data.model.bar(i).outcome)];
    data.rowFilters.fill(0, rows.size());
    for (int i = 0; i < rows.size(); ++i)
        data.countRow(i, rows.at(i));
    data.inFlight.setAll(rows);
    // One host for every row (the usual single-site list): labels show just the paths, the host goes once
    // into the info line. URLs only change with the list, so live updates skip this scan.
    data.commonPort = -2; // unknown
    bool sameHost = true;
    qint32 lastOrigin = -1;
    for (const TimingRow &r : rows) {
        if (r.origin < 0 || r.origin == lastOrigin)
            continue; // no URL, or the origin just seen (rows of a host share it)
        lastOrigin = r.origin;
        const QUrl &url = rows.origin(r);
        if (data.commonPort == -2) {
            data.commonHost = hostOf(url);
            data.commonPort = url.port();
            continue;
        }
        if (sameHost && hostOf(url) != data.commonHost)
            sameHost = false;
        if (data.commonPort != -3 && url.port() != data.commonPort)
            data.commonPort = -3; // mixed ports: labels keep them
        if (!sameHost && data.commonPort == -3)
            break;
    }
    if (!sameHost)
        data.commonHost.clear();
    return data;
}

void WaterfallData::countRow(int row, const TimingRow &result)
{
    // The row's previous chips come out by its mask, the result as it is now goes in.
    quint8 &mask = rowFilters[row];
    quint8 now = 0;
    for (ResultFilter f : Filters) {
        const quint8 bit = quint8(1u << int(f));
        if (ResultsModel::matches(result, f))
            now |= bit;
        if ((mask & bit) != (now & bit))
            filterCounts[int(f)] += (now & bit) ? 1 : -1;
    }
    mask = now;
}

} // namespace Fanout
