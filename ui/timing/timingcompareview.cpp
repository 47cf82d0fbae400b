#include "timing/timingcompareview.h"

#include "timing/chartutil.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace Fanout {

namespace {
constexpr double Pad = 10;

struct BarRow
{
    QString label;
    double ms = 0;
    QColor color;
    QString value;
};
} // namespace

double TimingCompareView::Figures::idealMs() const
{
    if (cap <= 0)
        return 0;
    return std::max(double(longestMs), double(sumMs) / cap);
}

TimingCompareView::TimingCompareView(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Sequential vs concurrent"));
    setAccessibleDescription(summaryText());
}

TimingCompareView::~TimingCompareView() = default;

void TimingCompareView::setFigures(const Figures &figures)
{
    m_figures = figures;
    setAccessibleDescription(summaryText());
    update();
}

int TimingCompareView::contentHeight() const
{
    const QFontMetricsF fm(font());
    // Title, "This run" heading + 2 rows, the ideal note, axis; the measured pair adds a heading + 2 rows.
    double h = Pad / 2 + fm.height() * 1.2 * 1.5 + fm.height() * (1.5 + 2 * 2.0 + 1.4) + fm.height() * 2 + 8;
    if (m_hasPair)
        h += fm.height() * (0.6 + 1.5 + 2 * 2.0);
    return int(std::ceil(h));
}

QSize TimingCompareView::sizeHint() const
{
    return {640, contentHeight()};
}

QSize TimingCompareView::minimumSizeHint() const
{
    return {320, contentHeight()};
}

void TimingCompareView::setMeasuredPair(const RunRecord &sequential, const RunRecord &concurrent)
{
    m_sequential = sequential;
    m_concurrent = concurrent;
    m_hasPair = true;
    setAccessibleDescription(summaryText());
    updateGeometry();
    update();
}

void TimingCompareView::clearMeasuredPair()
{
    m_hasPair = false;
    setAccessibleDescription(summaryText());
    updateGeometry();
    update();
}

void TimingCompareView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const QColor text = pal.color(QPalette::Text);
    const QColor muted = Chart::mutedText(pal);
    const QFontMetricsF fm(font());
    QFont bold = font();
    bold.setBold(true);
    QFont title = bold;
    title.setPointSizeF(font().pointSizeF() * 1.2);
    QFont big = bold;
    big.setPointSizeF(font().pointSizeF() * 2.1);
    const QFontMetricsF fmBig(big);
    const QFontMetricsF fmTitle(title);

    const Figures &f = m_figures;
    double y = Pad / 2;
    p.setFont(title);
    p.setPen(text);
    p.drawText(QRectF(Pad, y, width() - 2 * Pad, fmTitle.height() * 1.3), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Sequential vs concurrent"));
    p.setFont(font());
    p.setPen(muted);
    QString state;
    if (f.urls == 0)
        state = tr("no run yet");
    else if (f.running)
        state = tr("running: %1 of %2 done").arg(f.done).arg(f.urls);
    else if (f.cancelled)
        state = tr("cancelled after %1 of %2").arg(f.done).arg(f.urls);
    else
        state = tr("%1 URLs").arg(f.urls);
    QString subtitle = f.listName.isEmpty() ? state : f.listName + QStringLiteral(" · ") + state;
    const double titleW = fmTitle.horizontalAdvance(tr("Sequential vs concurrent")) + 3 * Pad;
    p.drawText(QRectF(Pad + titleW, y, width() - 2 * Pad - titleW, fmTitle.height() * 1.3),
               Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(subtitle, Qt::ElideMiddle, width() - 2 * Pad - titleW));
    y += fmTitle.height() * 1.5;

    const QString soFar = f.running ? tr(" so far") : QString();
    const QVector<BarRow> thisRun{
        {tr("One at a time (sum of URL times)"), double(f.sumMs), Chart::sequentialColor(palette()),
         Chart::formatDuration(double(f.sumMs)) + soFar},
        {f.cap > 0 ? tr("Concurrently at cap %1 (wall time)").arg(f.cap) : tr("Concurrently (wall time)"),
         double(f.wallMs), Chart::concurrentColor(palette()), Chart::formatDuration(double(f.wallMs)) + soFar}};
    QVector<BarRow> pair;
    if (m_hasPair) {
        pair = {{tr("Sequential run (%1)").arg(m_sequential.cap == 1 ? tr("cap 1") : m_sequential.label),
                 double(m_sequential.wallMs), Chart::sequentialColor(palette()),
                 Chart::formatDuration(double(m_sequential.wallMs))},
                {tr("Concurrent run (cap %1)").arg(m_concurrent.cap), double(m_concurrent.wallMs),
                 Chart::concurrentColor(palette()), Chart::formatDuration(double(m_concurrent.wallMs))}};
    }

    double labelW = 0;
    for (const BarRow &r : thisRun + pair)
        labelW = std::max(labelW, fm.horizontalAdvance(r.label));
    labelW = std::min(labelW + 12, width() * 0.4);
    const double valueW = fm.horizontalAdvance(Chart::formatDuration(9999) + tr(" so far")) + 10;
    const double speedW = std::max(fmBig.horizontalAdvance(QStringLiteral("00.00×")),
                                   fm.horizontalAdvance(tr("faster than one at a time"))) +
                          2 * Pad;
    const double barLeft = Pad + labelW;
    const double barRight = std::max(barLeft + 40, width() - Pad - speedW - valueW);
    double maxMs = 1;
    for (const BarRow &r : thisRun + pair)
        maxMs = std::max(maxMs, r.ms);
    maxMs *= 1.04;
    auto xFor = [&](double ms) {
        return barLeft + ms / maxMs * (barRight - barLeft);
    };
    const double rowH = fm.height() * 2.0;
    const double barH = rowH * 0.62;

    auto drawSection = [&](const QString &heading, const QVector<BarRow> &rows, double speedUp,
                           const QString &speedNote) {
        p.setFont(bold);
        p.setPen(text);
        p.drawText(QRectF(Pad, y, width() - 2 * Pad, fm.height() * 1.4), Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(heading, Qt::ElideRight, width() - 2 * Pad));
        p.setFont(font());
        y += fm.height() * 1.5;
        const double top = y;
        for (const BarRow &r : rows) {
            p.setPen(text);
            p.drawText(QRectF(Pad, y, labelW - 8, rowH), Qt::AlignRight | Qt::AlignVCenter,
                       fm.elidedText(r.label, Qt::ElideRight, labelW - 8));
            const QRectF bar(barLeft, y + (rowH - barH) / 2, std::max(1.0, xFor(r.ms) - barLeft), barH);
            p.fillRect(bar, r.color);
            p.drawText(QRectF(bar.right() + 6, y, valueW, rowH), Qt::AlignLeft | Qt::AlignVCenter, r.value);
            y += rowH;
        }
        // The speed-up, big, to the right of the bars.
        const QRectF speedBox(width() - Pad - speedW, top, speedW, y - top);
        p.setFont(big);
        p.setPen(speedUp > 0 ? Chart::textIn(Chart::concurrentColor(palette()), pal) : muted);
        p.drawText(speedBox.adjusted(0, 0, 0, -fm.height()), Qt::AlignHCenter | Qt::AlignBottom,
                   Chart::formatSpeedUp(speedUp));
        p.setFont(font());
        p.setPen(muted);
        p.drawText(QRectF(speedBox.left(), speedBox.bottom() - fm.height() * 1.1, speedBox.width(), fm.height()),
                   Qt::AlignHCenter | Qt::AlignVCenter, speedNote);
        return top;
    };

    const double top = drawSection(tr("This run"), thisRun, f.speedUp(),
                                   f.running ? tr("speed-up so far") : tr("faster than one at a time"));
    const double sectionBottom = y;
    // What a perfect scheduler would reach with this cap: nothing finishes before the longest URL.
    if (f.cap > 0 && f.sumMs > 0 && !f.running) {
        const double x = xFor(f.idealMs());
        p.setPen(QPen(Chart::idealColor(palette()), 1.5, Qt::DashLine));
        p.drawLine(QPointF(x, top), QPointF(x, sectionBottom));
        p.setPen(muted);
        const QString note = tr("best possible at cap %1: %2 (the slowest URL alone takes %3)")
                                 .arg(f.cap)
                                 .arg(Chart::formatDuration(f.idealMs()), Chart::formatDuration(double(f.longestMs)));
        const double nw = fm.horizontalAdvance(note) + 4;
        p.drawText(QRectF(std::clamp(x - nw / 2, barLeft, std::max(barLeft, barRight + valueW - nw)), sectionBottom, nw,
                          fm.height() * 1.2),
                   Qt::AlignCenter, note);
        y += fm.height() * 1.4;
    }

    if (m_hasPair) {
        y += fm.height() * 0.6;
        const double measured =
            m_concurrent.wallMs > 0 ? double(m_sequential.wallMs) / double(m_concurrent.wallMs) : 0.0;
        drawSection(tr("Measured one after the other: %1").arg(m_concurrent.listName), pair, measured,
                    tr("measured speed-up"));
    }

    // Shared time axis under all bars.
    y += 4;
    p.setPen(Chart::gridColor(pal));
    p.drawLine(QPointF(barLeft, y), QPointF(barRight, y));
    const int maxTicks = std::max(2, int((barRight - barLeft) / (fm.horizontalAdvance(QStringLiteral("00.0")) * 2.5)));
    const double step = Chart::niceStep(maxMs, maxTicks);
    p.setPen(muted);
    for (double t : Chart::ticks(0, maxMs, maxTicks)) {
        const double x = xFor(t);
        p.drawLine(QPointF(x, y), QPointF(x, y + 4));
        const QString label = Chart::formatTimeTick(t, step, maxMs);
        const double tw = fm.horizontalAdvance(label);
        p.drawText(QRectF(x - tw / 2 - 2, y + 4, tw + 4, fm.height()), Qt::AlignCenter, label);
    }
    // The axis title ends left of the first tick's label ("0.0" is centred on the axis start): they never touch.
    const QString zero = Chart::formatTimeTick(0, step, maxMs);
    const double titleRight = barLeft - fm.horizontalAdvance(zero) / 2 - 2 - fm.horizontalAdvance(QLatin1Char(' ')) * 2;
    m_firstTickRect =
        QRectF(barLeft - fm.horizontalAdvance(zero) / 2 - 2, y + 4, fm.horizontalAdvance(zero) + 4, fm.height());
    const QString axisTitle = tr("time (%1)").arg(Chart::timeAxisUnit(step, maxMs));
    const double axisTitleW = std::min(fm.horizontalAdvance(axisTitle), std::max(0.0, titleRight - Pad));
    m_axisTitleRect = QRectF(titleRight - axisTitleW, y + 4, axisTitleW, fm.height());
    p.drawText(m_axisTitleRect, Qt::AlignRight | Qt::AlignVCenter,
               fm.elidedText(axisTitle, Qt::ElideRight, m_axisTitleRect.width()));
    if (hasFocus())
        Chart::drawFocusFrame(&p, rect(), pal);
}

QString TimingCompareView::summaryText() const
{
    const Figures &f = m_figures;
    if (f.urls == 0 && !m_hasPair)
        return tr("No run yet.");
    QString text;
    if (f.urls > 0) {
        text = tr("This run: one at a time would take %1 (the sum of URL times), concurrently it took %2")
                   .arg(Chart::formatDuration(double(f.sumMs)), Chart::formatDuration(double(f.wallMs)));
        if (f.cap > 0)
            text += tr(" at cap %1").arg(f.cap);
        if (f.speedUp() > 0)
            text += tr(", %1 faster").arg(Chart::formatSpeedUp(f.speedUp()));
        text += QLatin1Char('.');
    }
    if (m_hasPair && m_concurrent.wallMs > 0) {
        text += (text.isEmpty() ? QString() : QStringLiteral(" ")) +
                tr("Measured: %1 one at a time, %2 at cap %3, %4 faster.")
                    .arg(Chart::formatDuration(double(m_sequential.wallMs)),
                         Chart::formatDuration(double(m_concurrent.wallMs)))
                    .arg(m_concurrent.cap)
                    .arg(Chart::formatSpeedUp(double(m_sequential.wallMs) / double(m_concurrent.wallMs)));
    }
    return text;
}

void TimingCompareView::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    update();
}

void TimingCompareView::focusOutEvent(QFocusEvent *event)
{
    QWidget::focusOutEvent(event);
    update();
}

} // namespace Fanout
