#include "timing/waterfallview.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace Fanout {

namespace {

constexpr double Pad = 8;
constexpr double ZoomStep = 1.25;

QString shortUrl(const CheckResult &r)
{
    if (!r.url.isValid())
        return r.input;
    QString s = r.url.toDisplayString(QUrl::RemoveScheme | QUrl::RemoveUserInfo);
    if (s.startsWith(QLatin1String("//")))
        s.remove(0, 2);
    return s;
}

// A bar's colour is its final verdict, as the filter bar sorts rows: a redirect that ended OK is OK (its
// redirect is the marker at the bar's start).
Outcome colourOf(Outcome o)
{
    return o == Outcome::Redirected ? Outcome::Ok : o;
}

constexpr int FilterCount = int(ResultFilter::Cancelled) + 1;

} // namespace

WaterfallView::WaterfallView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::WheelFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setBackgroundRole(QPalette::Base);
    m_data.outcomeCounts.fill(0, OutcomeCount);
    m_data.filterCounts.fill(0, FilterCount);
    m_caps.reset(0);
    setAccessibleName(tr("Waterfall"));
    updateAccessibility();
}

WaterfallView::~WaterfallView() = default;

QSize WaterfallView::sizeHint() const
{
    return {720, 420};
}

QSize WaterfallView::minimumSizeHint() const
{
    return {320, 220};
}

void WaterfallView::setResults(TimingRows results)
{
    m_results = std::move(results);
    m_highlight = -1;
    m_hover = -1;
    refresh();
}

void WaterfallView::setResults(TimingRows results, WaterfallData data)
{
    m_results = std::move(results);
    m_highlight = -1;
    m_hover = -1;
    adopt(std::move(data));
}

void WaterfallView::refresh()
{
    static const TimingTable none;
    adopt(WaterfallData::of(m_results ? *m_results : none, m_now));
}

void WaterfallView::adopt(WaterfallData data)
{
    m_data = std::move(data);
    m_data.model.setNow(m_now);
    if (m_highlight >= m_data.model.count())
        m_highlight = -1;
    syncViewport();
    updateAccessibility();
    update();
}

void WaterfallView::updateRows(const QVector<int> &rows)
{
    if (!m_results || m_results->size() != m_data.model.count() || m_data.inFlight.rowCount() != m_data.model.count() ||
        m_data.rowFilters.size() != m_data.model.count()) {
        refresh(); // not the rows this view knows: start over
        return;
    }
    for (const int row : rows) {
        if (row < 0 || row >= m_data.model.count())
            continue;
        const TimingRow &r = m_results->at(row);
        --m_data.outcomeCounts[int(m_data.model.bar(row).outcome)];
        m_data.model.updateRow(row, r);
        ++m_data.outcomeCounts[int(m_data.model.bar(row).outcome)];
        m_data.countRow(row, r);
        m_data.inFlight.setRow(row, r.timings, r.state);
    }
    syncViewport();
    updateAccessibility();
    update();
}

void WaterfallView::startRun(int cap)
{
    m_caps.reset(cap);
    m_now = 0;
    m_running = true;
    m_highlight = -1;
    m_viewport.fitAll();
    m_data.model.setNow(0);
    updateRows({}); // the rows were reset through updateRows; rebuilt only when out of step
}

void WaterfallView::setNow(qint64 ms, bool running)
{
    m_now = std::max<qint64>(0, ms);
    m_running = running;
    m_data.model.setNow(m_now);
    syncViewport();
    updateAccessibility();
    update();
}

void WaterfallView::setCap(int cap)
{
    m_caps.change(m_now, cap);
    updateAccessibility();
    update();
}

void WaterfallView::setHighlightedRow(int row)
{
    m_highlight = row >= 0 && row < m_data.model.count() ? row : -1;
    if (m_highlight >= 0)
        m_viewport.ensureRowVisible(m_highlight);
    update();
}

void WaterfallView::fitAll()
{
    m_viewport.fitAll();
    update();
}

void WaterfallView::zoomIn()
{
    m_viewport.zoomTime(ZoomStep * ZoomStep, m_viewport.plotWidth() / 2);
    update();
}

void WaterfallView::zoomOut()
{
    m_viewport.zoomTime(1 / (ZoomStep * ZoomStep), m_viewport.plotWidth() / 2);
    update();
}

const InFlightSeries &WaterfallView::inFlight() const
{
    return m_data.inFlight.series(m_now); // rows in flight extend to the clock
}

QVector<Chart::LegendEntry> WaterfallView::legendEntries() const
{
    using E = Chart::LegendEntry;
    const QPalette &pal = palette();
    // Phase swatches are grey: they show the shading, not a colour of their own (green would read as "OK").
    QVector<E> entries{{tr("Phases"), {}, E::Style::Text},
                       {phaseName(Phase::Queued), Chart::queuedColor(pal), E::Style::Line},
                       {phaseName(Phase::Connecting), Chart::neutralPhaseColor(Phase::Connecting, pal)},
                       {phaseName(Phase::Waiting), Chart::neutralPhaseColor(Phase::Waiting, pal)},
                       {phaseName(Phase::Downloading), Chart::neutralPhaseColor(Phase::Downloading, pal)},
                       {tr("   Outcome"), {}, E::Style::Text}};
    const int running = m_data.outcomeCounts.value(int(Outcome::Running));
    if (running > 0)
        entries.append({tr("running (%1)").arg(running), Chart::outcomeColor(Outcome::Running, pal)});
    const struct
    {
        ResultFilter filter;
        Outcome colour;
        const char *name;
    } chips[] = {{ResultFilter::Ok, Outcome::Ok, QT_TR_NOOP("OK (%1)")},
                 {ResultFilter::Redirected, Outcome::Redirected, QT_TR_NOOP("redirected (%1), marked at the start")},
                 {ResultFilter::Http4xx, Outcome::ClientError, QT_TR_NOOP("4xx (%1)")},
                 {ResultFilter::Http5xx, Outcome::ServerError, QT_TR_NOOP("5xx (%1)")},
                 {ResultFilter::Errors, Outcome::Error, QT_TR_NOOP("errors (%1)")},
                 {ResultFilter::Cancelled, Outcome::Cancelled, QT_TR_NOOP("cancelled (%1)")}};
    bool any = running > 0;
    for (const auto &c : chips) {
        const int n = m_data.filterCounts.value(int(c.filter));
        if (n == 0)
            continue;
        any = true;
        entries.append({tr(c.name).arg(n), Chart::outcomeColor(c.colour, pal)});
    }
    if (!any)
        entries.append({outcomeName(Outcome::Ok), Chart::outcomeColor(Outcome::Ok, pal)});
    return entries;
}

WaterfallView::Layout WaterfallView::computeLayout() const
{
    const QFontMetricsF fm(font());
    const double w = width();
    const double h = height();
    Layout l;
    const double legendH = Chart::legendHeight(fm, w - 2 * Pad, legendEntries());
    l.legend = QRectF(Pad, Pad / 2, w - 2 * Pad, legendH);
    const double labelW = std::clamp(fm.horizontalAdvance(QLatin1Char('M')) * 15, 70.0, w * 0.3);
    const double top = l.legend.bottom() + Pad / 2;
    const double axisH = fm.height() * 2.6;
    const double stripH = std::max(54.0, fm.height() * 4.2);
    const double gap = 6;
    const double left = Pad + labelW + Pad / 2;
    const double right = w - Pad * 2;
    const double plotBottom = std::max(top + 20, h - Pad / 2 - axisH - stripH - gap);
    l.labels = QRectF(Pad, top, labelW, plotBottom - top);
    l.plot = QRectF(left, top, std::max(10.0, right - left), plotBottom - top);
    l.strip = QRectF(left, plotBottom + gap, l.plot.width(), stripH);
    l.stripLabels = QRectF(Pad, l.strip.top(), labelW, stripH);
    l.axis = QRectF(Pad, l.strip.bottom(), w - 2 * Pad, axisH);
    return l;
}

QRectF WaterfallView::plotRect() const
{
    return computeLayout().plot;
}

QRectF WaterfallView::stripRect() const
{
    return computeLayout().strip;
}

void WaterfallView::syncViewport()
{
    const Layout l = computeLayout();
    const QFontMetricsF fm(font());
    m_viewport.setPreferredRowHeight(std::max(18.0, fm.height() * 1.45));
    m_viewport.setPlotSize(l.plot.width(), l.plot.height());
    m_viewport.setContent(double(m_data.model.extentMs()), m_data.model.count());
}

void WaterfallView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    syncViewport();
}

QString WaterfallView::rowLabel(int row) const
{
    if (!m_results || row < 0 || row >= m_results->size())
        return {};
    const CheckResult r = m_fetch ? m_fetch(row) : m_results->result(row);
    if (!m_data.commonHost.isEmpty() && r.url.isValid()) {
        QString path = r.url.path(QUrl::FullyDecoded);
        if (r.url.hasQuery())
            path += QLatin1Char('?') + r.url.query(QUrl::FullyDecoded);
        return path;
    }
    if (m_data.commonPort >= -1 && r.url.isValid()) {
        // Several hosts on one port (the demo's loopback addresses): the port is noise in every label.
        QUrl u = r.url;
        u.setPort(-1);
        QString s = u.toDisplayString(QUrl::RemoveScheme | QUrl::RemoveUserInfo);
        if (s.startsWith(QLatin1String("//")))
            s.remove(0, 2);
        return s;
    }
    return shortUrl(r);
}

void WaterfallView::paintEvent(QPaintEvent *)
{
    syncViewport();
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const Layout l = computeLayout();

    Chart::drawLegend(&p, l.legend.topLeft(), l.legend.width(), legendEntries(), pal.color(QPalette::Text));

    // Plot frames and vertical grid through bars and strip.
    const QColor grid = Chart::gridColor(pal);
    p.setPen(grid);
    p.drawRect(l.plot.adjusted(-0.5, -0.5, 0.5, 0.5));
    p.drawRect(l.strip.adjusted(-0.5, -0.5, 0.5, 0.5));
    const QFontMetricsF fm(font());
    const int maxTicks = std::max(2, int(l.plot.width() / (fm.horizontalAdvance(QStringLiteral("00.00")) * 2.2)));
    for (double t : Chart::ticks(m_viewport.startMs(), m_viewport.endMs(), maxTicks)) {
        const double x = l.plot.left() + m_viewport.xForMs(t);
        p.drawLine(QPointF(x, l.plot.top()), QPointF(x, l.plot.bottom()));
        p.drawLine(QPointF(x, l.strip.top()), QPointF(x, l.strip.bottom()));
    }

    if (m_data.model.count() == 0) {
        p.setPen(Chart::mutedText(pal));
        p.drawText(l.plot, Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No results yet.\nStart a run to watch each URL's bar grow on the time axis."));
    } else if (m_viewport.rowHeight() >= WaterfallModel::DetailRowHeight) {
        paintBarsDetailed(&p, l);
    } else {
        paintBarsAggregated(&p, l);
    }
    paintRowLabels(&p, l);

    // The live clock.
    if (m_running && m_now > 0) {
        const double x = l.plot.left() + m_viewport.xForMs(double(m_now));
        if (x >= l.plot.left() && x <= l.plot.right()) {
            QPen pen(pal.color(QPalette::Text), 1, Qt::DashLine);
            p.setPen(pen);
            p.drawLine(QPointF(x, l.plot.top()), QPointF(x, l.strip.bottom()));
        }
    }
    paintStrip(&p, l);
    paintAxis(&p, l);
    if (hasFocus())
        Chart::drawFocusFrame(&p, rect(), pal);
}

void WaterfallView::paintBarsDetailed(QPainter *p, const Layout &l)
{
    p->save();
    p->setClipRect(l.plot);
    p->translate(l.plot.topLeft());
    const double rh = m_viewport.rowHeight();
    const int first = std::max(0, int(std::floor(m_viewport.firstRow())));
    const int last =
        std::min(m_data.model.count(), int(std::ceil(m_viewport.firstRow() + m_viewport.visibleRows())) + 1);
    const QPalette &pal = palette();
    QColor stripe = pal.color(QPalette::AlternateBase);
    if (stripe == pal.color(QPalette::Base))
        stripe = Chart::gridColor(pal);
    for (int row = first; row < last; ++row) {
        const double y = m_viewport.yForRow(row);
        if (rh >= 8 && row % 2 == 1)
            p->fillRect(QRectF(0, y, l.plot.width(), rh), stripe);
        if (row == m_hover) {
            QColor hover = pal.color(QPalette::Highlight);
            hover.setAlphaF(0.12f);
            p->fillRect(QRectF(0, y, l.plot.width(), rh), hover);
        }
        const WaterfallBar &bar = m_data.model.bar(row);
        const QVector<BarRect> rects = m_data.model.barRects(row, m_viewport);
        for (const BarRect &br : rects)
            p->fillRect(br.rect, Chart::phaseColor(colourOf(bar.outcome), br.phase, pal));
        if (bar.redirected) {
            // The redirect marker: a notch in the redirect colour where the active part of the bar begins.
            for (const BarRect &br : rects) {
                if (br.phase == Phase::Queued)
                    continue;
                const double w = std::min(4.0, std::max(2.0, br.rect.width() / 3));
                p->fillRect(QRectF(br.rect.left(), br.rect.top(), w, br.rect.height()),
                            Chart::outcomeColor(Outcome::Redirected, pal));
                break;
            }
        }
    }
    p->restore();
    const QRectF sel = selectedRowRect();
    if (!sel.isEmpty()) {
        // The selection frames the row's own bar, in the text colour: a full-width band in a series hue read as
        // a request that lasted the whole run.
        p->save();
        p->setClipRect(l.plot.adjusted(-3, -3, 3, 3));
        p->setPen(QPen(Chart::selectionColor(pal), 2));
        p->setBrush(Qt::NoBrush);
        p->drawRect(sel);
        p->restore();
    }
}

void WaterfallView::paintBarsAggregated(QPainter *p, const Layout &l)
{
    const double dpr = p->device() ? p->device()->devicePixelRatioF() : 1.0;
    const int w = std::max(1, int(std::ceil(l.plot.width() * dpr)));
    const int h = std::max(1, int(std::ceil(l.plot.height() * dpr)));
    m_data.model.rasterise(m_viewport, dpr, w, h, &m_cells);
    if (m_raster.size() != QSize(w, h))
        m_raster = QImage(w, h, QImage::Format_ARGB32_Premultiplied);
    QRgb lut[2 + OutcomeCount];
    lut[WaterfallModel::CellEmpty] = 0;
    // Queued time is context, not the subject: a pale wash so the active bars stand out.
    QColor queued = Chart::queuedColor(palette());
    queued.setAlphaF(0.3f);
    lut[WaterfallModel::CellQueued] = qPremultiply(queued.rgba());
    for (int o = 0; o < OutcomeCount; ++o)
        lut[WaterfallModel::cellFor(Outcome(o))] = Chart::outcomeColor(colourOf(Outcome(o)), palette()).rgba();
    const quint8 *cells = m_cells.constData();
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(m_raster.scanLine(y));
        const quint8 *src = cells + qsizetype(y) * w;
        for (int x = 0; x < w; ++x)
            line[x] = lut[src[x]];
    }
    m_raster.setDevicePixelRatio(dpr);
    p->drawImage(l.plot.topLeft(), m_raster);

    if (m_highlight >= 0) {
        // Rows are thinner than a pixel: mark the selected one with a line along its own bar and a notch at
        // the left.
        const double y = l.plot.top() + m_viewport.yForRow(m_highlight + 0.5);
        const QRectF sel = selectedRowRect();
        if (y >= l.plot.top() && y <= l.plot.bottom()) {
            const QColor hl = Chart::selectionColor(palette());
            p->setPen(QPen(hl, 1.5));
            if (!sel.isEmpty())
                p->drawLine(QPointF(sel.left(), y), QPointF(sel.right(), y));
            p->setRenderHint(QPainter::Antialiasing, true);
            p->setBrush(hl);
            p->setPen(Qt::NoPen);
            const QPointF tip(l.plot.left() - 1, y);
            const QPointF pts[3] = {tip, tip + QPointF(-7, -5), tip + QPointF(-7, 5)};
            p->drawPolygon(pts, 3);
            p->setRenderHint(QPainter::Antialiasing, false);
        }
    }
}

void WaterfallView::paintRowLabels(QPainter *p, const Layout &l)
{
    const QFontMetricsF fm(font());
    const QPalette &pal = palette();
    p->save();
    p->setClipRect(l.labels.adjusted(0, -fm.height(), 0, fm.height()));
    const double rh = m_viewport.rowHeight();
    if (m_data.model.count() > 0 && rh >= fm.height() * 0.95) {
        const int first = std::max(0, int(std::floor(m_viewport.firstRow())));
        const int last =
            std::min(m_data.model.count(), int(std::ceil(m_viewport.firstRow() + m_viewport.visibleRows())) + 1);
        for (int row = first; row < last; ++row) {
            const QRectF band(l.labels.left(), l.labels.top() + m_viewport.yForRow(row), l.labels.width(), rh);
            const bool hl = row == m_highlight;
            QFont f = font();
            f.setBold(hl);
            p->setFont(f);
            p->setPen(hl ? pal.color(QPalette::Text) : Chart::mutedText(pal));
            const QString text = fm.elidedText(rowLabel(row), Qt::ElideMiddle, band.width() - 4);
            p->drawText(band.adjusted(0, 0, -4, 0), Qt::AlignRight | Qt::AlignVCenter, text);
        }
    } else if (m_data.model.count() > 0) {
        // Too many rows for names: a row-number axis instead.
        p->setPen(Chart::mutedText(pal));
        const double r0 = m_viewport.firstRow();
        const double r1 = std::min(double(m_data.model.count()), r0 + m_viewport.visibleRows());
        const int maxTicks = std::max(2, int(l.labels.height() / (fm.height() * 2.2)));
        for (double r : Chart::ticks(r0, r1, maxTicks)) {
            if (r >= m_data.model.count())
                continue; // the bottom edge, after the last row
            const double y = l.labels.top() + m_viewport.yForRow(r);
            p->drawText(QRectF(l.labels.left(), y - fm.height() / 2, l.labels.width() - 8, fm.height()),
                        Qt::AlignRight | Qt::AlignVCenter, tr("row %L1").arg(qint64(r) + 1));
            p->drawLine(QPointF(l.labels.right() - 5, y), QPointF(l.labels.right(), y));
        }
    }
    p->restore();
}

void WaterfallView::paintStrip(QPainter *p, const Layout &l)
{
    const QPalette &pal = palette();
    const QFontMetricsF fm(font());
    const InFlightSeries &series = inFlight();
    const int yMax = std::max({1, series.maxCount(), m_caps.maxCap()});
    const double top = l.strip.top() + fm.height() * 0.4;
    const double scale = (l.strip.bottom() - top) / (yMax * 1.08);
    auto yFor = [&](double v) {
        return l.strip.bottom() - v * scale;
    };

    // Per pixel column the highest count reached inside it, so a one-millisecond peak is never lost.
    if (!series.steps().isEmpty()) {
        QPainterPath path;
        const int w = int(std::ceil(l.strip.width()));
        path.moveTo(l.strip.left(), l.strip.bottom());
        double prevY = l.strip.bottom();
        for (int x = 0; x < w; ++x) {
            const qint64 tA = qint64(std::floor(m_viewport.msForX(x)));
            const qint64 tB = std::max(tA + 1, qint64(std::ceil(m_viewport.msForX(x + 1))));
            const double y = yFor(series.maxIn(tA, tB));
            if (y != prevY) {
                path.lineTo(l.strip.left() + x, prevY);
                path.lineTo(l.strip.left() + x, y);
                prevY = y;
            }
        }
        path.lineTo(l.strip.left() + w, prevY);
        path.lineTo(l.strip.left() + w, l.strip.bottom());
        path.closeSubpath();
        p->save();
        p->setClipRect(l.strip);
        QColor fill = Chart::inFlightColor(palette());
        fill.setAlphaF(0.35f);
        p->setPen(QPen(Chart::inFlightColor(palette()), 1.2));
        p->setBrush(fill);
        p->drawPath(path);
        p->restore();
    }

    // The cap in force, as a dashed step line.
    const int cap = m_caps.maxCap();
    if (cap > 0) {
        p->save();
        p->setClipRect(l.strip.adjusted(0, -fm.height(), 0, 0));
        p->setPen(QPen(Chart::capColor(palette()), 1.6, Qt::DashLine));
        const auto &steps = m_caps.steps();
        const double endMs = std::max(m_viewport.endMs(), double(m_data.model.extentMs()));
        QPointF prev;
        for (qsizetype i = 0; i < steps.size(); ++i) {
            const double from = double(steps.at(i).atMs);
            const double to = i + 1 < steps.size() ? double(steps.at(i + 1).atMs) : endMs;
            const double y = yFor(steps.at(i).count);
            const QPointF a(l.strip.left() + m_viewport.xForMs(from), y);
            const QPointF b(l.strip.left() + m_viewport.xForMs(to), y);
            if (i > 0)
                p->drawLine(prev, a);
            p->drawLine(a, b);
            prev = b;
        }
        p->restore();
    }

    // Labels: the strip's title and scale at the left.
    p->setPen(pal.color(QPalette::Text));
    const QRectF sl = l.stripLabels.adjusted(0, 0, -8, 0);
    // No clipping to one line's height: CJK glyphs of a fallback font can stand taller than this font's.
    p->drawText(QRectF(sl.left(), sl.top(), sl.width(), fm.height()), Qt::AlignRight | Qt::AlignTop | Qt::TextDontClip,
                tr("in flight"));
    p->setPen(Chart::mutedText(pal));
    const int current = m_caps.steps().isEmpty() ? 0 : m_caps.steps().constLast().count;
    QString capText = current > 0 ? tr("cap %1").arg(current) : QString();
    if (series.maxCount() > 0)
        capText += (capText.isEmpty() ? QString() : QStringLiteral(" · ")) + tr("peak %1").arg(series.maxCount());
    p->drawText(QRectF(sl.left(), sl.top() + fm.height(), sl.width(), fm.height()),
                Qt::AlignRight | Qt::AlignTop | Qt::TextDontClip, capText);
    p->drawText(QRectF(sl.left(), l.strip.bottom() - fm.height(), sl.width(), fm.height()),
                Qt::AlignRight | Qt::AlignBottom, QStringLiteral("0"));
    if (cap > 0) {
        const double y = yFor(cap);
        p->setPen(Chart::capColor(palette()));
        p->drawText(QRectF(l.strip.right() - 200, y - fm.height() - 1, 196, fm.height()),
                    Qt::AlignRight | Qt::AlignBottom, tr("cap %1").arg(current));
    }
}

void WaterfallView::paintAxis(QPainter *p, const Layout &l)
{
    const QPalette &pal = palette();
    const QFontMetricsF fm(font());
    const int maxTicks = std::max(2, int(l.plot.width() / (fm.horizontalAdvance(QStringLiteral("00.00")) * 2.2)));
    const double t0 = m_viewport.startMs(), t1 = m_viewport.endMs();
    const double step = Chart::niceStep(t1 - t0, maxTicks);
    p->setPen(Chart::mutedText(pal));
    for (double t : Chart::ticks(t0, t1, maxTicks)) {
        const double x = l.strip.left() + m_viewport.xForMs(t);
        p->drawLine(QPointF(x, l.strip.bottom()), QPointF(x, l.strip.bottom() + 4));
        const QString text = Chart::formatTimeTick(t, step, t1);
        const double tw = fm.horizontalAdvance(text);
        p->drawText(QRectF(x - tw / 2 - 2, l.strip.bottom() + 4, tw + 4, fm.height()), Qt::AlignCenter, text);
    }
    const QRectF titleRow(l.strip.left(), l.strip.bottom() + 4 + fm.height(), l.strip.width(), fm.height() * 1.4);
    p->setPen(pal.color(QPalette::Text));
    p->drawText(titleRow, Qt::AlignLeft | Qt::AlignVCenter,
                tr("time since run start (%1)").arg(Chart::timeAxisUnit(step, t1)));
    p->setPen(Chart::mutedText(pal));
    const QString info = infoText();
    p->drawText(titleRow, Qt::AlignRight | Qt::AlignVCenter,
                fm.elidedText(info, Qt::ElideLeft, titleRow.width() * 0.62));
}

QString WaterfallView::infoText() const
{
    QString info = tr("%L1 URLs").arg(m_data.model.count());
    if (!m_data.commonHost.isEmpty())
        info = m_data.commonHost + QStringLiteral(" · ") + info;
    // Before any row has started there is no run to measure (the extent is a 1 ms floor, not a duration).
    const bool started = m_now > 0 || m_data.inFlight.series(m_now).maxCount() > 0;
    if (m_data.model.count() > 0 && started) {
        const double t0 = m_viewport.startMs(), t1 = m_viewport.endMs();
        const QFontMetricsF fm(font());
        const int maxTicks =
            std::max(2, int(m_viewport.plotWidth() / (fm.horizontalAdvance(QStringLiteral("00.00")) * 2.2)));
        const double step = Chart::niceStep(t1 - t0, maxTicks);
        info += tr(" · run %1").arg(Chart::formatDuration(double(m_data.model.extentMs())));
        if (!m_viewport.isFitted())
            info += tr(" · showing %1–%2 %3")
                        .arg(Chart::formatTimeTick(t0, step, t1), Chart::formatTimeTick(t1, step, t1),
                             Chart::timeAxisUnit(step, t1));
    }
    if (m_data.model.count() > 0)
        info += tr(" · wheel: zoom · drag: pan · double-click: fit");
    return info;
}

QString WaterfallView::summaryText() const
{
    if (m_data.model.count() == 0)
        return tr("No results yet.");
    const InFlightSeries &series = inFlight();
    const bool started = m_now > 0 || series.maxCount() > 0;
    QString text = m_data.model.count() == 1 ? tr("1 request") : tr("%L1 requests").arg(m_data.model.count());
    if (started)
        text += tr(", %1").arg(Chart::formatDuration(double(m_data.model.extentMs())));
    const int cap = m_caps.steps().isEmpty() ? 0 : m_caps.steps().constLast().count;
    if (cap > 0)
        text += tr(", cap %1").arg(cap);
    if (series.maxCount() > 0)
        text += tr(", peak %1 in flight").arg(series.maxCount());
    QStringList parts;
    const int running = m_data.outcomeCounts.value(int(Outcome::Running));
    if (running > 0)
        parts.append(tr("%1 running").arg(running));
    const struct
    {
        ResultFilter filter;
        const char *name;
    } chips[] = {
        {ResultFilter::Ok, QT_TR_NOOP("%1 OK")},         {ResultFilter::Redirected, QT_TR_NOOP("%1 redirected")},
        {ResultFilter::Http4xx, QT_TR_NOOP("%1 4xx")},   {ResultFilter::Http5xx, QT_TR_NOOP("%1 5xx")},
        {ResultFilter::Errors, QT_TR_NOOP("%1 errors")}, {ResultFilter::Cancelled, QT_TR_NOOP("%1 cancelled")}};
    for (const auto &c : chips) {
        if (const int n = m_data.filterCounts.value(int(c.filter)); n > 0)
            parts.append(tr(c.name).arg(n));
    }
    if (!parts.isEmpty())
        text += QStringLiteral("; ") + parts.join(QStringLiteral(", "));
    return text + QLatin1Char('.');
}

void WaterfallView::updateAccessibility()
{
    const QString text = summaryText();
    if (accessibleDescription() != text)
        setAccessibleDescription(text);
}

QRectF WaterfallView::selectedRowRect() const
{
    if (m_highlight < 0 || m_highlight >= m_data.model.count())
        return {};
    // The request's own time: from its start to its end (the queued line before it is not the request).
    QRectF r;
    const QVector<BarRect> rects = m_data.model.barRects(m_highlight, m_viewport);
    for (const BarRect &br : rects) {
        if (br.phase != Phase::Queued || rects.size() == 1)
            r = r.isNull() ? br.rect : r.united(br.rect);
    }
    if (r.isNull())
        return {};
    const QRectF plot = plotRect();
    // The whole band's height, the bar's own extent (at least a few pixels, so a 1 ms bar is still framed).
    const double band = m_viewport.rowHeight();
    const double top = m_viewport.yForRow(m_highlight);
    QRectF frame(r.left() - 2, top + 0.5, std::max(4.0, r.width() + 4), std::max(2.0, band - 1));
    frame.translate(plot.topLeft());
    frame = frame.intersected(plot.adjusted(-2, 0, 2, 0));
    return frame;
}

void WaterfallView::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    update();
}

void WaterfallView::focusOutEvent(QFocusEvent *event)
{
    QWidget::focusOutEvent(event);
    update();
}

QString WaterfallView::toolTipForRow(int row) const
{
    if (!m_results || row < 0 || row >= m_results->size() || row >= m_data.model.count())
        return {};
    const CheckResult r = m_fetch ? m_fetch(row) : m_results->result(row);
    const WaterfallBar &bar = m_data.model.bar(row);
    QString status;
    switch (bar.outcome) {
    case Outcome::Queued:
    case Outcome::Running:
    case Outcome::Cancelled:
        status = outcomeName(bar.outcome);
        break;
    case Outcome::Error:
        status = r.errorCategory().isEmpty() ? tr("error") : r.errorCategory();
        break;
    default:
        status = tr("HTTP %1").arg(r.status);
        if (!r.reason.isEmpty())
            status += QLatin1Char(' ') + r.reason;
        break;
    }
    QString html =
        tr("<b>Row %1</b> · %2<br/>%3").arg(row + 1).arg(status.toHtmlEscaped(), shortUrl(r).toHtmlEscaped());
    html += QStringLiteral("<table cellspacing=0 cellpadding=1>");
    auto line = [&html](const QString &name, const QString &value) {
        html += QStringLiteral("<tr><td>%1&nbsp;&nbsp;</td><td align=right>%2</td></tr>")
                    .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    for (const PhaseSpan &s : m_data.model.phases(row))
        line(phaseName(s.phase), Chart::formatDuration(double(s.toMs - s.fromMs)));
    if (r.elapsedMs() >= 0)
        line(tr("total"), Chart::formatDuration(double(r.elapsedMs())));
    else if (bar.state == CheckState::Checking && r.timings.startedMs >= 0)
        line(tr("so far"), Chart::formatDuration(double(m_now - r.timings.startedMs)));
    if (r.timings.startedMs >= 0)
        line(tr("started at"), QStringLiteral("+") + Chart::formatDuration(double(r.timings.startedMs)));
    if (r.timings.finishedMs >= 0)
        line(tr("finished at"), QStringLiteral("+") + Chart::formatDuration(double(r.timings.finishedMs)));
    if (r.bytes > 0)
        line(tr("bytes"), QLocale().toString(r.bytes));
    if (!r.redirects.isEmpty())
        line(tr("redirects"), QString::number(r.redirects.size()));
    if (r.attempts > 1)
        line(tr("attempts"), QString::number(r.attempts));
    html += QStringLiteral("</table>");
    if (!r.error.isEmpty())
        html += QStringLiteral("<br/><i>%1</i>").arg(r.error.toHtmlEscaped());
    return html;
}

bool WaterfallView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QRectF plot = plotRect();
        const int row = m_data.model.hitTest(QPointF(help->pos()) - plot.topLeft(), m_viewport);
        if (row >= 0) {
            QToolTip::showText(help->globalPos(), toolTipForRow(row), this);
        } else {
            QToolTip::hideText();
            event->ignore();
        }
        return true;
    }
    return QWidget::event(event);
}

void WaterfallView::wheelEvent(QWheelEvent *event)
{
    const QRectF plot = plotRect();
    const QPointF pos = event->position() - plot.topLeft();
    QPoint delta = event->angleDelta();
    const double steps = (delta.y() != 0 ? delta.y() : delta.x()) / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    if (event->modifiers() & Qt::ControlModifier)
        m_viewport.zoomRows(std::pow(ZoomStep, steps), std::clamp(pos.y(), 0.0, plot.height()));
    else if (event->modifiers() & Qt::ShiftModifier)
        m_viewport.scrollRows(-steps * std::max(1.0, m_viewport.visibleRows() / 10));
    else
        m_viewport.zoomTime(std::pow(ZoomStep, steps), std::clamp(pos.x(), 0.0, plot.width()));
    event->accept();
    update();
}

void WaterfallView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_pressed = true;
        m_dragging = false;
        m_pressPos = m_lastDragPos = event->position().toPoint();
    }
    QWidget::mousePressEvent(event);
}

void WaterfallView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_pressed && (event->buttons() & Qt::LeftButton)) {
        if (!m_dragging && (pos - m_pressPos).manhattanLength() > 3)
            m_dragging = true;
        if (m_dragging) {
            const QPoint d = pos - m_lastDragPos;
            m_viewport.pan(d.x(), d.y());
            m_lastDragPos = pos;
            setCursor(Qt::ClosedHandCursor);
            update();
        }
        return;
    }
    const int hover = m_data.model.hitTest(QPointF(pos) - plotRect().topLeft(), m_viewport);
    if (hover != m_hover) {
        m_hover = hover;
        update();
    }
}

void WaterfallView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_pressed) {
        m_pressed = false;
        unsetCursor();
        if (!m_dragging) {
            const int row = m_data.model.hitTest(event->position() - plotRect().topLeft(), m_viewport);
            if (row >= 0) {
                m_highlight = row;
                update();
                emit rowActivated(row);
            }
        }
        m_dragging = false;
    }
    QWidget::mouseReleaseEvent(event);
}

void WaterfallView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        fitAll();
}

void WaterfallView::keyPressEvent(QKeyEvent *event)
{
    const double w = m_viewport.plotWidth();
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
        fitAll();
        break;
    case Qt::Key_Left:
        m_viewport.pan(w / 10, 0);
        update();
        break;
    case Qt::Key_Right:
        m_viewport.pan(-w / 10, 0);
        update();
        break;
    case Qt::Key_Up:
        m_viewport.scrollRows(-std::max(1.0, m_viewport.visibleRows() / 10));
        update();
        break;
    case Qt::Key_Down:
        m_viewport.scrollRows(std::max(1.0, m_viewport.visibleRows() / 10));
        update();
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

void WaterfallView::leaveEvent(QEvent *event)
{
    if (m_hover != -1) {
        m_hover = -1;
        update();
    }
    QWidget::leaveEvent(event);
}

} // namespace Fanout
