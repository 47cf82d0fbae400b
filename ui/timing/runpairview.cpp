#include "timing/runpairview.h"

#include "timing/chartutil.h"
#include "timing/timingmodels.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace Fanout {

namespace {
constexpr double Pad = 10;
constexpr double LaneHeight = 110;
} // namespace

RunPairView::RunPairView(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("One at a time and concurrently on one time axis"));
    setAccessibleDescription(summaryText());
}

RunPairView::~RunPairView() = default;

void RunPairView::setRuns(const Run &sequential, const Run &concurrent)
{
    m_runs[0] = sequential;
    m_runs[1] = concurrent;
    m_has = true;
    setAccessibleDescription(summaryText());
    updateGeometry();
    update();
}

void RunPairView::clear()
{
    m_runs[0] = Run();
    m_runs[1] = Run();
    m_has = false;
    setAccessibleDescription(summaryText());
    update();
}

double RunPairView::axisEndMs() const
{
    double end = 1;
    for (const Run &r : m_runs)
        end = std::max({end, double(r.record.wallMs), double(r.record.sumMs)});
    return end * 1.04;
}

double RunPairView::labelWidth() const
{
    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF fm(bold);
    double w = 0;
    for (int i = 0; i < 2; ++i)
        w = std::max(w, fm.horizontalAdvance(laneTitle(i)));
    return std::min(width() * 0.3, w + 14);
}

QRectF RunPairView::laneRect(int index) const
{
    const QFontMetricsF fm(font());
    const double left = Pad + labelWidth();
    const double right = width() - Pad * 2;
    const double top = Pad / 2 + fm.height() * 1.6;
    const double laneGap = fm.height() * 0.8;
    const double laneH = std::max(30.0, (height() - top - fm.height() * 3.2 - laneGap) / 2);
    return QRectF(left, top + index * (laneH + laneGap), std::max(10.0, right - left), laneH);
}

double RunPairView::xForMs(double ms) const
{
    const QRectF lane = laneRect(0);
    return lane.left() + ms / axisEndMs() * lane.width();
}

QVector<RunPairView::Mark> RunPairView::marks() const
{
    if (!m_has)
        return {};
    const Run &seq = m_runs[0];
    const Run &conc = m_runs[1];
    return {{Mark::Kind::Wall, 0, seq.record.wallMs,
             tr("one at a time: %1").arg(Chart::formatDuration(double(seq.record.wallMs)))},
            {Mark::Kind::Wall, 1, conc.record.wallMs,
             tr("concurrently: %1").arg(Chart::formatDuration(double(conc.record.wallMs)))},
            {Mark::Kind::Sum, 1, conc.record.sumMs,
             tr("sum of its URL times: %1").arg(Chart::formatDuration(double(conc.record.sumMs)))}};
}

QString RunPairView::laneTitle(int index) const
{
    return index == 0 ? tr("One at a time") : tr("Concurrently");
}

QString RunPairView::summaryText() const
{
    if (!m_has)
        return tr("No measured pair of runs yet.");
    const Run &seq = m_runs[0];
    const Run &conc = m_runs[1];
    const double speedUp = conc.record.wallMs > 0 ? double(seq.record.wallMs) / double(conc.record.wallMs) : 0.0;
    return tr("%L1 URLs one at a time took %2; concurrently at cap %3 they took %4, while their URL times add up "
              "to %5: %6 faster.")
        .arg(conc.rows.size())
        .arg(Chart::formatDuration(double(seq.record.wallMs)))
        .arg(conc.record.cap)
        .arg(Chart::formatDuration(double(conc.record.wallMs)), Chart::formatDuration(double(conc.record.sumMs)),
             Chart::formatSpeedUp(speedUp));
}

QSize RunPairView::sizeHint() const
{
    const QFontMetricsF fm(font());
    return {640, int(std::ceil(2 * LaneHeight + fm.height() * 5.6))};
}

QSize RunPairView::minimumSizeHint() const
{
    const QFontMetricsF fm(font());
    return {320, int(std::ceil(2 * 50 + fm.height() * 5.6))};
}

void RunPairView::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    update();
}

void RunPairView::focusOutEvent(QFocusEvent *event)
{
    QWidget::focusOutEvent(event);
    update();
}

void RunPairView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const QFontMetricsF fm(font());
    const QColor text = pal.color(QPalette::Text);
    const QColor muted = Chart::mutedText(pal);
    Chart::drawTitle(&p, QRectF(Pad, Pad / 2, width() - 2 * Pad, fm.height() * 1.4),
                     tr("One at a time and concurrently, on one time axis"), text);
    if (!m_has) {
        p.setPen(muted);
        p.drawText(laneRect(0).united(laneRect(1)), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Run the demo (one at a time, then at once) to see both runs here."));
        if (hasFocus())
            Chart::drawFocusFrame(&p, rect(), pal);
        return;
    }

    const QColor laneColor[2] = {Chart::sequentialColor(pal), Chart::concurrentColor(pal)};
    for (int i = 0; i < 2; ++i) {
        const Run &run = m_runs[i];
        const QRectF lane = laneRect(i);
        p.setPen(Chart::gridColor(pal));
        p.drawRect(lane.adjusted(-0.5, -0.5, 0.5, 0.5));
        p.setPen(text);
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.drawText(QRectF(Pad, lane.top(), labelWidth() - 8, fm.height() * 1.3), Qt::AlignRight | Qt::AlignVCenter,
                   QFontMetricsF(bold).elidedText(laneTitle(i), Qt::ElideRight, labelWidth() - 8));
        p.setFont(font());
        p.setPen(muted);
        p.drawText(QRectF(Pad, lane.top() + fm.height() * 1.3, labelWidth() - 8, fm.height() * 1.3),
                   Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(tr("cap %1 · %L2 URLs").arg(i == 0 ? 1 : run.record.cap).arg(run.rows.size()),
                                 Qt::ElideRight, labelWidth() - 8));

        // One bar per URL, its phases shaded in the run's colour, from its start to its finish.
        const int n = std::max(1, int(run.rows.size()));
        const double band = lane.height() / n;
        const double barH = std::max(1.0, band * 0.72);
        p.save();
        p.setClipRect(lane);
        for (int row = 0; row < run.rows.size(); ++row) {
            const TimingRow &r = run.rows.at(row);
            const double top = lane.top() + row * band + (band - barH) / 2;
            for (const PhaseSpan &s : phasesFor(r.timings, r.state, run.record.wallMs)) {
                if (s.phase == Phase::Queued)
                    continue;
                const double x0 = xForMs(double(s.fromMs));
                const double x1 = std::max(x0 + 1, xForMs(double(s.toMs)));
                QColor c = laneColor[i];
                if (s.phase == Phase::Connecting)
                    c = Chart::withContrast(c.lighter(125), pal.color(QPalette::Base), Chart::MarkContrast);
                p.fillRect(QRectF(x0, top, x1 - x0, barH), c);
            }
        }
        p.restore();
    }

    // The marks: each run's wall time in its lane, the concurrent run's sum of URL times through both lanes.
    const QRectF first = laneRect(0), second = laneRect(1);
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const Mark &m : marks()) {
        const double x = xForMs(double(m.ms));
        const QRectF lane = m.run == 0 ? first : second;
        QColor c = m.kind == Mark::Kind::Sum ? Chart::selectionColor(pal) : Chart::textIn(laneColor[m.run], pal);
        p.setPen(QPen(c, 2, m.kind == Mark::Kind::Sum ? Qt::DashLine : Qt::SolidLine));
        if (m.kind == Mark::Kind::Sum)
            p.drawLine(QPointF(x, first.top()), QPointF(x, second.bottom()));
        else
            p.drawLine(QPointF(x, lane.top() - 2), QPointF(x, lane.bottom() + 2));
        const double tw = fm.horizontalAdvance(m.label) + 8;
        // Labels go where the bars are not: one at a time climbs from the top left, so its wall label sits
        // left of its line at the top; the concurrent label right of its line; the sum's at the bottom.
        double lx = m.kind == Mark::Kind::Wall && m.run == 0 ? x - 4 - tw : x + 4;
        if (lx + tw > width() - Pad)
            lx = x - 4 - tw;
        lx = std::max(lx, lane.left());
        const double ly = m.kind == Mark::Kind::Sum ? second.bottom() - fm.height() * 1.3 : lane.top() + 2;
        const QRectF box(lx, ly, tw, fm.height() * 1.2);
        QColor bg = pal.color(QPalette::Base);
        bg.setAlphaF(0.9f);
        p.setPen(Qt::NoPen);
        p.setBrush(bg);
        p.drawRoundedRect(box, 3, 3);
        p.setPen(c);
        p.drawText(box, Qt::AlignCenter, m.label);
    }
    p.setRenderHint(QPainter::Antialiasing, false);

    // The one time axis under both lanes.
    const double endMs = axisEndMs();
    const double y = second.bottom();
    const int maxTicks = std::max(2, int(second.width() / (fm.horizontalAdvance(QStringLiteral("00.0")) * 2.5)));
    const double step = Chart::niceStep(endMs, maxTicks);
    for (double t : Chart::ticks(0, endMs, maxTicks)) {
        const double x = xForMs(t);
        p.setPen(Chart::gridColor(pal));
        p.drawLine(QPointF(x, first.top()), QPointF(x, second.bottom()));
        p.setPen(Chart::axisColor(pal));
        p.drawLine(QPointF(x, y), QPointF(x, y + 4));
        p.setPen(muted);
        const QString label = Chart::formatTimeTick(t, step, endMs);
        const double tw = fm.horizontalAdvance(label);
        p.drawText(QRectF(x - tw / 2 - 2, y + 4, tw + 4, fm.height()), Qt::AlignCenter, label);
    }
    p.setPen(text);
    p.drawText(QRectF(second.left(), y + 4 + fm.height(), second.width(), fm.height() * 1.3),
               Qt::AlignLeft | Qt::AlignVCenter,
               tr("time since each run's start (%1)").arg(Chart::timeAxisUnit(step, endMs)));
    if (hasFocus())
        Chart::drawFocusFrame(&p, rect(), pal);
}

} // namespace Fanout
