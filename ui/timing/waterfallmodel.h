#pragma once

#include "timing/timingmodels.h"

#include <QPointF>
#include <QRectF>
#include <QString>
#include <QVector>

#include <algorithm>

namespace Fanout {

// The visible window of the waterfall: which milliseconds map to the plot's x range and which rows to its
// y range. Pure arithmetic so zoom, pan and hit testing are unit-tested.
class WaterfallViewport final
{
public:
    static constexpr double MinSpanMs = 2.0;     // deepest time zoom: 2 ms across the plot
    static constexpr double MinRowHeight = 0.01; // 100 rows per pixel: 100k rows fit in 1000 px
    static constexpr double MaxRowHeight = 60.0;

    void setPlotSize(double width, double height); // the bar area in pixels
    double plotWidth() const { return m_width; }
    double plotHeight() const { return m_height; }

    // Content: the time extent (run start .. latest finish or now) and the row count. While fitted, the view
    // follows the content as a live run grows.
    void setContent(double extentMs, int rowCount);
    double extentMs() const { return m_extentMs; }
    int rowCount() const { return m_rows; }

    void setPreferredRowHeight(double px) { m_preferredRowHeight = px; }
    void fitAll(); // whole time range and all rows (rows no taller than the preferred height)
    bool isFitted() const { return m_fitted; }

    double startMs() const { return m_t0; }
    double endMs() const { return m_t1; }
    double firstRow() const { return m_firstRow; }
    double rowHeight() const { return m_rowHeight; }
    double visibleRows() const { return m_height / m_rowHeight; }

    double xForMs(double ms) const;
    double msForX(double x) const;
    double yForRow(double row) const;
    double rowForY(double y) const; // fractional
    int rowAt(double y) const;      // -1 outside the rows

    void setTimeRange(double t0, double t1);      // clamped; leaves fitted mode
    void zoomTime(double factor, double anchorX); // factor > 1 zooms in around the anchor
    void zoomRows(double factor, double anchorY);
    void pan(double dxPixels, double dyPixels); // drag by this much (content follows the mouse)
    void scrollRows(double rows);
    void ensureRowVisible(int row);

private:
    void clampRows();
    void clampTime();

    double m_width = 1, m_height = 1;
    double m_extentMs = 1000;
    int m_rows = 0;
    double m_t0 = 0, m_t1 = 1000;
    double m_firstRow = 0;
    double m_rowHeight = 16;
    double m_preferredRowHeight = 22;
    bool m_fitted = true;
};

// One row of the waterfall, kept compact: 100k of them are copied on each live update.
struct WaterfallBar
{
    CheckTimings timings;
    int row = -1;
    Outcome outcome = Outcome::Queued;
    CheckState state = CheckState::Queued;
    bool redirected = false; // went through a redirect: a marker on the bar, its colour is the final verdict's
};

struct BarRect
{
    Phase phase;
    QRectF rect;
};

class WaterfallModel final
{
public:
    // Bar height within its row band, and the queued line's height, as fractions of the band.
    static constexpr double BarFill = 0.72;
    static constexpr double QueuedFill = 0.16;
    // Below this band height (px) bars are aggregated per pixel row instead of drawn one by one.
    static constexpr double DetailRowHeight = 3.0;

    void setResults(const TimingTable &results, qint64 nowMs);
    // One row changed (a live update): O(1), except when the latest milestone moves back (a re-check).
    void updateRow(int row, const TimingRow &result);
    void setNow(qint64 nowMs) { m_nowMs = nowMs; }
    qint64 nowMs() const { return m_nowMs; }
    int count() const { return int(m_bars.size()); }
    const WaterfallBar &bar(int row) const { return m_bars.at(row); }
    // The run start to the latest finish or the live clock, whichever is later (≥ 1 ms).
    qint64 extentMs() const;

    QVector<PhaseSpan> phases(int row) const;
    // Pixel rectangles of a row's phases in the viewport (queued is a thin centred line).
    QVector<BarRect> barRects(int row, const WaterfallViewport &viewport) const;
    // Row under a point, or -1: the row band under y whose bar (queued line included) spans x ± tolerance.
    // When rows are thinner than a pixel, the nearest rows in that pixel whose bars span x are tried.
    int hitTest(QPointF point, const WaterfallViewport &viewport, double tolerancePx = 3) const;

    // Level of detail: rasterises the visible bars into cells (width × height bytes, row-major) at `scale`
    // device pixels per logical pixel. A cell is 0 (empty), 1 (queued only) or 2 + Outcome of the outcome
    // whose active phases cover most of that pixel. Cost: O(bars + pixels), independent of zoom.
    void rasterise(const WaterfallViewport &viewport, double scale, int width, int height,
                   QVector<quint8> *cells) const;
    static constexpr quint8 CellEmpty = 0;
    static constexpr quint8 CellQueued = 1;
    static constexpr quint8 cellFor(Outcome o) { return quint8(2 + int(o)); }

private:
    static qint64 latestOf(const CheckTimings &t) { return std::max({t.finishedMs, t.headersMs, t.startedMs}); }

    QVector<WaterfallBar> m_bars;
    qint64 m_nowMs = 0;
    mutable qint64 m_maxFinishedMs = 0;
    mutable bool m_maxStale = false;
};

// Everything the waterfall derives from a table of rows (bars, outcome and filter counts, the in-flight series,
// the host every row shares): plain values, made on any thread. A reopened run of 1,000,000 rows has them made
// where it was read, so the GUI thread only swaps them in (WaterfallView::setResults).
struct WaterfallData
{
    WaterfallModel model;
    InFlightTracker inFlight;
    QVector<int> outcomeCounts;
    QVector<int> filterCounts;  // per ResultFilter, as the filter bar counts
    QVector<quint8> rowFilters; // per row, the filters it passes (bit = ResultFilter)
    QString commonHost;         // host:port shared by every row, else empty
    int commonPort = -2;        // port shared by every row (-1: default port), -3 when they differ

    static WaterfallData of(const TimingTable &rows, qint64 nowMs);
    // One row changed: its filter bits come out, its current ones go in.
    void countRow(int row, const TimingRow &result);
};

} // namespace Fanout
