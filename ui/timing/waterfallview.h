#pragma once

#include "results/resultsmodel.h"
#include "timing/chartutil.h"
#include "timing/waterfallmodel.h"

#include <QImage>
#include <QPoint>
#include <QWidget>

#include <functional>

namespace Fanout {

// One horizontal bar per URL on a shared time axis, phases shaded, coloured by outcome, with a strip below
// plotting requests in flight against the cap. Wheel zooms time (Ctrl: rows, Shift: scroll rows), drag pans,
// double-click fits all; hovering shows the row's figures; a click emits rowActivated.
class WaterfallView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WaterfallView)

public:
    explicit WaterfallView(QWidget *parent = nullptr);
    ~WaterfallView() override;

    // Rows owned by the caller (row = index); nullptr clears.
    void setResults(TimingRows results);
    // The same with what the view derives from them made already (WaterfallData::of(*results), on any thread):
    // nothing is rebuilt here.
    void setResults(TimingRows results, WaterfallData data);
    // Where a row's whole result comes from for its label and tooltip, when the rows given carry timings only
    // (the main window's: their URL is the origin alone). Default: what the rows know (TimingTable::result).
    void setRowFetcher(std::function<CheckResult(int row)> fetch) { m_fetch = std::move(fetch); }
    void refresh(); // the rows changed wholesale: rebuild bars, labels and the in-flight series
    // These rows changed (a live batch): only their bars, counts and in-flight events are updated.
    void updateRows(const QVector<int> &rows);
    void startRun(int cap);               // a new run: resets the cap line and fits the view
    void setNow(qint64 ms, bool running); // live clock
    void setCap(int cap);                 // the cap changed at the current clock
    void setHighlightedRow(int row);      // -1 clears; scrolls the row into view
    int highlightedRow() const { return m_highlight; }

    void fitAll();
    void zoomIn();
    void zoomOut();

    const WaterfallModel &model() const { return m_data.model; }
    const WaterfallViewport &viewport() const { return m_viewport; }
    WaterfallViewport &viewport() { return m_viewport; }
    const InFlightSeries &inFlight() const;
    const CapSeries &caps() const { return m_caps; }
    QRectF plotRect() const;  // the bars area, widget coordinates
    QRectF stripRect() const; // the in-flight strip
    QString toolTipForRow(int row) const;
    // The selected row's frame, widget coordinates: around its own bar (queued line included), empty when the
    // row has no bar yet or is scrolled out.
    QRectF selectedRowRect() const;
    // The line under the axis: host, URL count, the run's length once a row has started, hints.
    QString infoText() const;
    // What the chart shows in one sentence ("52 requests, 10.1 s, cap 16, peak 16 in flight"), also its
    // accessible description.
    QString summaryText() const;
    // The legend as drawn; outcome counts are the filter bar's (ResultsModel::matches), so they overlap as
    // the chips do (a redirect that ends in a 404 counts under "redirected" and "4xx").
    QVector<Chart::LegendEntry> legendEntries() const;
    int filterCount(ResultFilter filter) const { return m_data.filterCounts.value(int(filter)); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void rowActivated(int row);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    struct Layout
    {
        QRectF legend, labels, plot, strip, stripLabels, axis;
    };
    Layout computeLayout() const;
    void updateAccessibility();
    void syncViewport();
    void adopt(WaterfallData data); // derived data of m_results, made by refresh() or given with them
    void paintBarsDetailed(QPainter *p, const Layout &l);
    void paintBarsAggregated(QPainter *p, const Layout &l);
    void paintRowLabels(QPainter *p, const Layout &l);
    void paintStrip(QPainter *p, const Layout &l);
    void paintAxis(QPainter *p, const Layout &l);
    QString rowLabel(int row) const;

    TimingRows m_results;
    std::function<CheckResult(int row)> m_fetch;
    WaterfallData m_data; // bars, counts, the in-flight series: all derived from m_results
    WaterfallViewport m_viewport;
    CapSeries m_caps;
    qint64 m_now = 0;
    bool m_running = false;
    int m_highlight = -1;
    int m_hover = -1;
    QPoint m_pressPos;
    QPoint m_lastDragPos;
    bool m_pressed = false;
    bool m_dragging = false;
    // Raster buffers of the level-of-detail path, kept to avoid reallocating every frame.
    QVector<quint8> m_cells;
    QImage m_raster;
};

} // namespace Fanout
