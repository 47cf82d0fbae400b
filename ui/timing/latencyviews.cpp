#include "timing/latencyviews.h"

#include "timing/chartutil.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace Fanout {

namespace {
constexpr double Pad = 8;
} // namespace

LatencyHistogramView::LatencyHistogramView(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Latency per URL"));
    setAccessibleDescription(summaryText());
}

QString LatencyHistogramView::summaryText() const
{
    if (m_summary.count == 0)
        return tr("No finished URLs yet.");
    return tr("%L1 URLs: min %2, median %3, p90 %4, p99 %5, max %6.")
        .arg(m_summary.count)
        .arg(Chart::formatDuration(double(m_summary.minMs)), Chart::formatDuration(double(m_summary.p50Ms)),
             Chart::formatDuration(double(m_summary.p90Ms)), Chart::formatDuration(double(m_summary.p99Ms)),
             Chart::formatDuration(double(m_summary.maxMs)));
}

LatencyHistogramView::~LatencyHistogramView() = default;

void LatencyHistogramView::setDurations(const QVector<qint64> &durationsMs)
{
    m_histogram = LatencyHistogram::compute(durationsMs);
    m_summary = LatencySummary::compute(durationsMs);
    setAccessibleDescription(summaryText());
    update();
}

void LatencyHistogramView::setHistogram(const LatencyHistogram &histogram, const LatencySummary &summary)
{
    m_histogram = histogram;
    m_summary = summary;
    setAccessibleDescription(summaryText());
    update();
}

void LatencyHistogramView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    if (hasFocus())
        Chart::drawFocusFrame(&p, rect(), pal);
    const QFontMetricsF fm(font());
    const QColor text = pal.color(QPalette::Text);
    const QColor muted = Chart::mutedText(pal);
    Chart::drawTitle(&p, QRectF(Pad, Pad / 2, width() - 2 * Pad, fm.height() * 1.4), tr("Latency per URL"), text);

    const int maxCount = m_histogram.maxCount();
    const double yTop = std::max(1.0, maxCount * 1.1);
    // Ticks run up to yTop, past the tallest bar: size the label column for the widest tick (98 URLs → "100").
    const double yLabelW = fm.horizontalAdvance(QString::number(std::max(10.0, std::ceil(yTop)), 'f', 0)) + 10;
    const double statsH = fm.height() * 1.5;
    // Two rows of percentile labels; one in a short pane, so the bars and their scale keep some height.
    double markerH = fm.height() * 2.5;
    QRectF plot(Pad + yLabelW, Pad / 2 + fm.height() * 1.5 + markerH, 0, 0);
    plot.setRight(width() - Pad * 2);
    plot.setBottom(height() - Pad / 2 - statsH - fm.height() * 2.4);
    if (plot.height() < fm.height() * 3) {
        markerH = fm.height() * 1.25;
        plot.setTop(Pad / 2 + fm.height() * 1.5 + markerH);
    }
    m_yTicks.clear();
    if (plot.width() < 20 || plot.height() < 12)
        return;

    p.setPen(Chart::gridColor(pal));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    if (m_histogram.total() == 0) {
        p.setPen(muted);
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, tr("No finished URLs yet."));
        return;
    }

    const int buckets = int(m_histogram.counts().size());
    const double rangeMs = double(m_histogram.bucketWidthMs()) * buckets;
    auto xFor = [&](double ms) {
        return plot.left() + ms / rangeMs * plot.width();
    };
    auto yFor = [&](double v) {
        return plot.bottom() - v / yTop * plot.height();
    };

    // Horizontal grid with counts.
    const int yTicks = std::max(2, int(plot.height() / (fm.height() * 2)));
    QVector<double> counts; // whole numbers only: there is no half a URL
    for (double v : Chart::ticks(0, yTop, yTicks)) {
        if (v == std::floor(v))
            counts.append(v);
    }
    // However short the pane, the scale keeps a count above zero: the tallest bar's.
    if (std::none_of(counts.cbegin(), counts.cend(), [](double v) { return v > 0; }))
        counts.append(double(maxCount));
    m_yTicks = counts;
    Chart::drawHorizontalGrid(
        &p, fm, plot, yTop, counts, Pad, yLabelW - 6, [](double v) { return QString::number(qint64(v)); }, pal);

    // Bars.
    const double bw = plot.width() / buckets;
    for (int i = 0; i < buckets; ++i) {
        const int c = m_histogram.counts().at(i);
        if (c == 0)
            continue;
        const QRectF bar(plot.left() + i * bw + (bw > 4 ? 1 : 0), yFor(c), std::max(1.0, bw - (bw > 4 ? 2 : 0)),
                         plot.bottom() - yFor(c));
        p.fillRect(bar, Chart::inFlightColor(palette()));
    }

    // X axis.
    const int xTicks = std::max(2, int(plot.width() / (fm.horizontalAdvance(QStringLiteral("0000 ms")) * 1.6)));
    const double step = Chart::niceStep(rangeMs, xTicks);
    p.setPen(muted);
    for (double t : Chart::ticks(0, rangeMs, xTicks)) {
        const double x = xFor(t);
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        const QString label = Chart::formatTimeTick(t, step, rangeMs);
        const double tw = fm.horizontalAdvance(label);
        p.drawText(QRectF(x - tw / 2 - 2, plot.bottom() + 4, tw + 4, fm.height()), Qt::AlignCenter, label);
    }
    p.setPen(text);
    p.drawText(
        QRectF(plot.left(), plot.bottom() + 4 + fm.height(), plot.width(), fm.height() * 1.3),
        Qt::AlignLeft | Qt::AlignVCenter,
        tr("duration (%1) · bars of %2")
            .arg(Chart::timeAxisUnit(step, rangeMs), Chart::formatDuration(double(m_histogram.bucketWidthMs()))));
    p.setPen(muted);
    p.drawText(QRectF(plot.left(), plot.bottom() + 4 + fm.height(), plot.width(), fm.height() * 1.3),
               Qt::AlignRight | Qt::AlignVCenter, tr("URLs per bar ↑"));

    // Percentile markers: label positions staggered so close values stay readable.
    struct Marker
    {
        QString name;
        qint64 ms;
        QColor color;
    };
    const QVector<Marker> all{{tr("p50"), m_summary.p50Ms, Chart::textIn(QColor(0x2e, 0x9e, 0x4f), pal)},
                              {tr("p90"), m_summary.p90Ms, Chart::textIn(QColor(0xf0, 0x8a, 0x24), pal)},
                              {tr("p99"), m_summary.p99Ms, Chart::textIn(QColor(0xd6, 0x27, 0x28), pal)},
                              {tr("max"), m_summary.maxMs, text}};
    // Percentiles that read the same (all 1.00 s when every URL took a second) share one label.
    QVector<Marker> markers;
    for (const Marker &m : all) {
        if (!markers.isEmpty() &&
            Chart::formatDuration(double(markers.constLast().ms)) == Chart::formatDuration(double(m.ms))) {
            markers.last().name += QStringLiteral(" = ") + m.name;
            markers.last().color = m.color;
        } else {
            markers.append(m);
        }
    }
    QVector<QRectF> placed;
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const Marker &m : markers) {
        const double x = std::min(xFor(double(m.ms)), plot.right());
        p.setPen(QPen(m.color, 1.5, Qt::DashLine));
        p.drawLine(QPointF(x, plot.top() - 2), QPointF(x, plot.bottom()));
        const QString label = m.name + QLatin1Char(' ') + Chart::formatDuration(double(m.ms));
        const double tw = fm.horizontalAdvance(label) + 8;
        const double lx = std::clamp(x - tw / 2, Pad, double(width()) - Pad - tw);
        // Two label rows above the plot; a label that would overlap one already placed drops a row, and
        // if that row is taken too it slides right of what is there.
        QRectF box(lx, plot.top() - markerH, tw, fm.height() * 1.15);
        auto overlaps = [&placed](const QRectF &r) {
            return std::any_of(placed.cbegin(), placed.cend(), [&r](const QRectF &q) { return q.intersects(r); });
        };
        if (overlaps(box)) {
            box.translate(0, fm.height() * 1.2);
            for (const QRectF &q : placed) {
                if (q.intersects(box))
                    box.moveLeft(q.right() + 4);
            }
            // Never past the right edge; overlapping is better than a label cut off.
            box.moveLeft(std::min(box.left(), double(width()) - Pad - tw));
        }
        placed.append(box);
        QColor bg = pal.color(QPalette::Base);
        bg.setAlphaF(0.9f);
        p.setPen(Qt::NoPen);
        p.setBrush(bg);
        p.drawRoundedRect(box, 3, 3);
        p.setPen(m.color);
        p.drawText(box, Qt::AlignCenter, label);
    }
    p.setRenderHint(QPainter::Antialiasing, false);

    // Summary line.
    p.setPen(muted);
    const QString stats =
        tr("%L1 URLs · min %2 · mean %3 · p50 %4 · p90 %5 · p99 %6 · max %7")
            .arg(m_summary.count)
            .arg(Chart::formatDuration(double(m_summary.minMs)), Chart::formatDuration(m_summary.meanMs),
                 Chart::formatDuration(double(m_summary.p50Ms)), Chart::formatDuration(double(m_summary.p90Ms)),
                 Chart::formatDuration(double(m_summary.p99Ms)), Chart::formatDuration(double(m_summary.maxMs)));
    p.drawText(QRectF(Pad, height() - Pad / 2 - statsH, width() - 2 * Pad, statsH), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(stats, Qt::ElideRight, width() - 2 * Pad));
}

SlowestHostsView::SlowestHostsView(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Slowest hosts"));
    setAccessibleDescription(summaryText());
}

QString SlowestHostsView::summaryText() const
{
    if (m_hosts.isEmpty())
        return tr("No finished URLs yet.");
    QStringList parts;
    for (const HostLatency &h : m_hosts.mid(0, 3))
        parts.append(tr("%1: mean %2 over %3 URLs").arg(h.host, Chart::formatDuration(h.meanMs())).arg(h.count));
    return tr("Slowest first: %1.").arg(parts.join(QStringLiteral("; ")));
}

SlowestHostsView::~SlowestHostsView() = default;

void SlowestHostsView::setHosts(const QVector<HostLatency> &hosts)
{
    m_hosts = hosts;
    setAccessibleDescription(summaryText());
    update();
}

void SlowestHostsView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    if (hasFocus())
        Chart::drawFocusFrame(&p, rect(), pal);
    const QFontMetricsF fm(font());
    const QColor text = pal.color(QPalette::Text);
    const QColor muted = Chart::mutedText(pal);
    Chart::drawTitle(&p, QRectF(Pad, Pad / 2, width() - 2 * Pad, fm.height() * 1.4), tr("Slowest hosts"), text);

    const double rowH = fm.height() * 1.45;
    double y = Pad / 2 + fm.height() * 1.6;
    if (m_hosts.isEmpty()) {
        p.setPen(muted);
        p.drawText(QRectF(Pad, y, width() - 2 * Pad, rowH * 2), Qt::AlignLeft | Qt::AlignTop,
                   tr("No finished URLs yet."));
        return;
    }
    const double numW = fm.horizontalAdvance(QStringLiteral("0000 ms")) + 14;
    const double countW = fm.horizontalAdvance(tr("URLs")) + 16;
    const double failW = fm.horizontalAdvance(tr("failed")) + 8;
    const double right = width() - Pad;
    const double failX = right - failW;
    const double maxX = failX - numW;
    const double meanX = maxX - numW;
    const double countX = meanX - countW;
    const double hostW = std::max(40.0, countX - Pad - 6);

    p.setPen(muted);
    p.drawText(QRectF(Pad, y, hostW, rowH), Qt::AlignLeft | Qt::AlignVCenter, tr("host"));
    p.drawText(QRectF(countX, y, countW, rowH), Qt::AlignRight | Qt::AlignVCenter, tr("URLs"));
    p.drawText(QRectF(meanX, y, numW, rowH), Qt::AlignRight | Qt::AlignVCenter, tr("mean"));
    p.drawText(QRectF(maxX, y, numW, rowH), Qt::AlignRight | Qt::AlignVCenter, tr("max"));
    p.drawText(QRectF(failX, y, failW, rowH), Qt::AlignRight | Qt::AlignVCenter, tr("failed"));
    y += rowH;
    p.setPen(Chart::gridColor(pal));
    p.drawLine(QPointF(Pad, y), QPointF(right, y));

    double slowest = 0;
    for (const HostLatency &h : m_hosts)
        slowest = std::max(slowest, h.meanMs());
    for (const HostLatency &h : m_hosts) {
        if (y + rowH > height() - Pad / 2)
            break;
        // The mean as a bar behind the row: the eye ranks hosts before reading numbers.
        QColor bar = Chart::sequentialColor(palette());
        bar.setAlphaF(0.22f);
        const double frac = slowest > 0 ? h.meanMs() / slowest : 0;
        p.fillRect(QRectF(Pad, y + 2, (right - Pad) * frac, rowH - 4), bar);
        p.setPen(text);
        p.drawText(QRectF(Pad + 4, y, hostW - 4, rowH), Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(h.host, Qt::ElideMiddle, hostW - 4));
        p.drawText(QRectF(countX, y, countW, rowH), Qt::AlignRight | Qt::AlignVCenter, QString::number(h.count));
        p.drawText(QRectF(meanX, y, numW, rowH), Qt::AlignRight | Qt::AlignVCenter, Chart::formatDuration(h.meanMs()));
        p.drawText(QRectF(maxX, y, numW, rowH), Qt::AlignRight | Qt::AlignVCenter,
                   Chart::formatDuration(double(h.maxMs)));
        p.setPen(h.failed > 0 ? Chart::textIn(Chart::outcomeColor(Outcome::ServerError, pal), pal) : muted);
        p.drawText(QRectF(failX, y, failW, rowH), Qt::AlignRight | Qt::AlignVCenter, QString::number(h.failed));
        y += rowH;
    }
}

} // namespace Fanout
