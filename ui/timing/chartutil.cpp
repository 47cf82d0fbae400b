#include "timing/chartutil.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace Fanout::Chart {

namespace {

QColor outcomeHue(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Queued:
        return QColor(0xb8, 0xbe, 0xc6);
    case Outcome::Running:
        return QColor(0x1f, 0xa8, 0xb8);
    case Outcome::Ok:
        return QColor(0x2e, 0x9e, 0x4f);
    case Outcome::Redirected:
        return QColor(0x2f, 0x74, 0xc0);
    case Outcome::ClientError:
        return QColor(0xf0, 0x8a, 0x24);
    case Outcome::ServerError:
        return QColor(0xd6, 0x27, 0x28);
    case Outcome::Error:
        return QColor(0x8e, 0x5b, 0xb5);
    case Outcome::Cancelled:
        return QColor(0x90, 0x90, 0x90);
    }
    return Qt::gray;
}

double channel(double c)
{
    c /= 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &c)
{
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue());
}

bool isDark(const QColor &c)
{
    return luminance(c) < 0.18;
}

// Moves c towards white (up) or black, in small steps of HSL lightness, until the ratio is reached.
QColor shift(QColor c, const QColor &bg, double minRatio, bool up)
{
    c = c.toHsl();
    for (int i = 0; i < 100 && contrastRatio(c, bg) < minRatio; ++i) {
        const int l = c.lightness() + (up ? 3 : -3);
        if (l < 0 || l > 255)
            break;
        c.setHsl(c.hslHue(), c.hslSaturation(), l);
    }
    return c.toRgb();
}

QColor shades(const QColor &hue, Phase phase, const QPalette &palette)
{
    const QColor bg = palette.color(QPalette::Base);
    const bool up = isDark(bg);
    const QColor base = withContrast(hue, bg, TextContrast);
    switch (phase) {
    case Phase::Queued:
        return queuedColor(palette);
    case Phase::Connecting: {
        // Towards the background, but never below the marks' ratio.
        QColor c = base.toHsl();
        c.setHsl(c.hslHue(), c.hslSaturation(), std::clamp(c.lightness() + (up ? -40 : 40), 0, 255));
        return shift(c.toRgb(), bg, MarkContrast, up);
    }
    case Phase::Waiting:
        return base;
    case Phase::Downloading: {
        QColor c = base.toHsl();
        c.setHsl(c.hslHue(), c.hslSaturation(), std::clamp(c.lightness() + (up ? 30 : -30), 0, 255));
        return c.toRgb();
    }
    }
    return base;
}

} // namespace

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a.toRgb()), lb = luminance(b.toRgb());
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor withContrast(const QColor &color, const QColor &background, double minRatio)
{
    if (contrastRatio(color, background) >= minRatio)
        return color.toRgb();
    const bool up = isDark(background);
    QColor c = shift(color, background, minRatio, up);
    if (contrastRatio(c, background) < minRatio) // a mid-grey background: the other way may reach it
        c = shift(color, background, minRatio, !up);
    return c;
}

QColor blend(const QColor &color, const QColor &background)
{
    const double a = color.alphaF();
    const QColor c = color.toRgb(), b = background.toRgb();
    return QColor::fromRgbF(float(c.redF() * a + b.redF() * (1 - a)), float(c.greenF() * a + b.greenF() * (1 - a)),
                            float(c.blueF() * a + b.blueF() * (1 - a)));
}

QColor outcomeColor(Outcome outcome, const QPalette &palette)
{
    return phaseColor(outcome, Phase::Waiting, palette);
}

QColor phaseColor(Outcome outcome, Phase phase, const QPalette &palette)
{
    return shades(outcomeHue(outcome), phase, palette);
}

QColor neutralPhaseColor(Phase phase, const QPalette &palette)
{
    return shades(QColor(0x80, 0x80, 0x80), phase, palette);
}

QColor queuedColor(const QPalette &palette)
{
    return withContrast(QColor(0xa4, 0xab, 0xb4), palette.color(QPalette::Base), MarkContrast);
}

QColor capColor(const QPalette &palette)
{
    return withContrast(QColor(0xd6, 0x27, 0x28), palette.color(QPalette::Base), TextContrast);
}

QColor inFlightColor(const QPalette &palette)
{
    return withContrast(QColor(0x2f, 0x74, 0xc0), palette.color(QPalette::Base), MarkContrast);
}

QColor sequentialColor(const QPalette &palette)
{
    return withContrast(QColor(0xe0, 0x7b, 0x39), palette.color(QPalette::Base), MarkContrast);
}

QColor concurrentColor(const QPalette &palette)
{
    return withContrast(QColor(0x2e, 0x9e, 0x4f), palette.color(QPalette::Base), MarkContrast);
}

QColor idealColor(const QPalette &palette)
{
    return withContrast(QColor(0x6a, 0x6a, 0x6a), palette.color(QPalette::Base), MarkContrast);
}

QColor selectionColor(const QPalette &palette)
{
    return withContrast(palette.color(QPalette::Text), palette.color(QPalette::Base), TextContrast);
}

QColor textIn(const QColor &hue, const QPalette &palette)
{
    return withContrast(hue, palette.color(QPalette::Base), TextContrast);
}

QVector<UsedColor> usedColors(const QPalette &palette)
{
    QVector<UsedColor> out{{QStringLiteral("text"), palette.color(QPalette::Text), TextContrast},
                           {QStringLiteral("muted text"), mutedText(palette), TextContrast},
                           {QStringLiteral("axis"), axisColor(palette), MarkContrast},
                           {QStringLiteral("selection"), selectionColor(palette), MarkContrast},
                           {QStringLiteral("queued"), queuedColor(palette), MarkContrast},
                           {QStringLiteral("cap"), capColor(palette), TextContrast},
                           {QStringLiteral("in flight"), inFlightColor(palette), MarkContrast},
                           {QStringLiteral("sequential"), sequentialColor(palette), MarkContrast},
                           {QStringLiteral("concurrent"), concurrentColor(palette), MarkContrast},
                           {QStringLiteral("ideal"), idealColor(palette), MarkContrast}};
    for (int o = 0; o < OutcomeCount; ++o) {
        out.append({QStringLiteral("outcome %1 (text)").arg(o), textIn(outcomeHue(Outcome(o)), palette), TextContrast});
        for (Phase ph : {Phase::Connecting, Phase::Waiting, Phase::Downloading})
            out.append({QStringLiteral("outcome %1 phase %2").arg(o).arg(int(ph)), phaseColor(Outcome(o), ph, palette),
                        MarkContrast});
    }
    for (Phase ph : {Phase::Connecting, Phase::Waiting, Phase::Downloading})
        out.append({QStringLiteral("legend phase %1").arg(int(ph)), neutralPhaseColor(ph, palette), MarkContrast});
    return out;
}

void drawFocusFrame(QPainter *painter, const QRectF &rect, const QPalette &palette)
{
    painter->save();
    painter->setPen(QPen(withContrast(palette.color(QPalette::Highlight), palette.color(QPalette::Base), MarkContrast),
                         2, Qt::SolidLine));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(rect.adjusted(1, 1, -1, -1));
    painter->restore();
}

double niceStep(double range, int maxTicks)
{
    if (!(range > 0) || maxTicks < 1)
        return 1;
    const double rough = range / maxTicks;
    const double p = std::pow(10.0, std::floor(std::log10(rough)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * p >= rough * (1 - 1e-9))
            return m * p;
    }
    return 10 * p;
}

QVector<double> ticks(double lo, double hi, int maxTicks)
{
    QVector<double> out;
    if (!(hi > lo))
        return {lo};
    const double step = niceStep(hi - lo, maxTicks);
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
        out.append(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return out;
}

QString formatDuration(double ms)
{
    if (!std::isfinite(ms))
        return QStringLiteral("–");
    if (ms < 1000)
        return QCoreApplication::translate("Fanout::Chart", "%1 ms").arg(qRound64(ms));
    const double s = ms / 1000;
    if (s < 10)
        return QCoreApplication::translate("Fanout::Chart", "%1 s").arg(s, 0, 'f', 2);
    if (s < 60)
        return QCoreApplication::translate("Fanout::Chart", "%1 s").arg(s, 0, 'f', 1);
    const qint64 total = qRound64(s);
    return QCoreApplication::translate("Fanout::Chart", "%1 min %2 s")
        .arg(total / 60)
        .arg(total % 60, 2, 10, QLatin1Char('0'));
}

QString timeAxisUnit(double stepMs, double axisMaxMs)
{
    return stepMs < 1000 && axisMaxMs < 2000 ? QStringLiteral("ms") : QStringLiteral("s");
}

QString formatTimeTick(double ms, double stepMs, double axisMaxMs)
{
    if (timeAxisUnit(stepMs, axisMaxMs) == QLatin1String("ms")) {
        const int decimals = stepMs >= 1 ? 0 : std::min(3, int(std::ceil(-std::log10(stepMs) - 1e-9)));
        return QString::number(ms, 'f', decimals);
    }
    const double stepS = stepMs / 1000;
    const int decimals = stepS >= 1 ? 0 : std::min(4, int(std::ceil(-std::log10(stepS) - 1e-9)));
    return QString::number(ms / 1000, 'f', decimals);
}

QString formatSpeedUp(double speedUp)
{
    if (!std::isfinite(speedUp) || speedUp <= 0)
        return QStringLiteral("–");
    return QStringLiteral("%1×").arg(speedUp, 0, 'f', speedUp < 10 ? 2 : 1);
}

namespace {

struct LegendLayout
{
    QVector<QRectF> boxes; // swatch + text per entry
    qreal height = 0;
};

LegendLayout layoutLegend(const QFontMetricsF &fm, QPointF topLeft, qreal maxWidth, const QVector<LegendEntry> &entries)
{
    LegendLayout layout;
    const qreal swatch = fm.height() * 1.6;
    const qreal gap = fm.height() * 0.9;
    const qreal lineHeight = fm.height() * 1.3;
    qreal x = topLeft.x();
    qreal y = topLeft.y();
    for (const LegendEntry &e : entries) {
        // Headings are bold: give them a tenth more room than the regular metrics say.
        const qreal w = e.style == LegendEntry::Style::Text
                            ? fm.horizontalAdvance(e.text) * 1.1
                            : swatch + fm.height() * 0.35 + fm.horizontalAdvance(e.text);
        if (x > topLeft.x() && x + w > topLeft.x() + maxWidth) {
            x = topLeft.x();
            y += lineHeight;
        }
        layout.boxes.append(QRectF(x, y, w, lineHeight));
        x += w + gap;
    }
    layout.height = entries.isEmpty() ? 0 : y - topLeft.y() + lineHeight;
    return layout;
}

} // namespace

qreal legendHeight(const QFontMetricsF &metrics, qreal maxWidth, const QVector<LegendEntry> &entries)
{
    return layoutLegend(metrics, {}, maxWidth, entries).height;
}

qreal drawLegend(QPainter *painter, QPointF topLeft, qreal maxWidth, const QVector<LegendEntry> &entries,
                 const QColor &textColor)
{
    const QFontMetricsF fm(painter->font());
    const LegendLayout layout = layoutLegend(fm, topLeft, maxWidth, entries);
    const qreal swatch = fm.height() * 1.6;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const LegendEntry &e = entries.at(i);
        const QRectF box = layout.boxes.at(i);
        const qreal cy = box.center().y();
        if (e.style == LegendEntry::Style::Text) {
            QFont bold = painter->font();
            bold.setBold(true);
            painter->save();
            painter->setFont(bold);
            painter->setPen(textColor);
            painter->drawText(box, Qt::AlignLeft | Qt::AlignVCenter, e.text);
            painter->restore();
            continue;
        }
        const QRectF sw(box.left(), cy - fm.height() * 0.32, swatch, fm.height() * 0.64);
        switch (e.style) {
        case LegendEntry::Style::Text:
            break;
        case LegendEntry::Style::Box:
            painter->setPen(Qt::NoPen);
            painter->setBrush(e.color);
            painter->drawRoundedRect(sw, 2, 2);
            break;
        case LegendEntry::Style::Line:
        case LegendEntry::Style::DashedLine:
        case LegendEntry::Style::DottedLine:
            painter->setPen(QPen(e.color, 2,
                                 e.style == LegendEntry::Style::Line
                                     ? Qt::SolidLine
                                     : (e.style == LegendEntry::Style::DashedLine ? Qt::DashLine : Qt::DotLine)));
            painter->drawLine(QPointF(sw.left(), cy), QPointF(sw.right(), cy));
            break;
        case LegendEntry::Style::Dot:
            painter->setPen(QPen(e.color, 2));
            painter->drawLine(QPointF(sw.left(), cy), QPointF(sw.right(), cy));
            painter->setBrush(e.color);
            painter->drawEllipse(QPointF(sw.center().x(), cy), fm.height() * 0.22, fm.height() * 0.22);
            break;
        }
        painter->setPen(textColor);
        painter->drawText(QRectF(sw.right() + fm.height() * 0.35, box.top(), box.width(), box.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, e.text);
    }
    painter->restore();
    return layout.height;
}

void drawTitle(QPainter *painter, const QRectF &r, const QString &text, const QColor &color)
{
    QFont f = painter->font();
    f.setBold(true);
    painter->save();
    painter->setFont(f);
    painter->setPen(color);
    painter->drawText(r, Qt::AlignLeft | Qt::AlignVCenter, text);
    painter->restore();
}

void drawHorizontalGrid(QPainter *painter, const QFontMetricsF &fm, const QRectF &plot, double yMax,
                        const QVector<double> &values, qreal labelLeft, qreal labelWidth,
                        const std::function<QString(double)> &label, const QPalette &palette)
{
    for (double v : values) {
        const double y = plot.bottom() - v / yMax * plot.height();
        painter->setPen(gridColor(palette));
        painter->drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter->setPen(mutedText(palette));
        painter->drawText(QRectF(labelLeft, y - fm.height() / 2, labelWidth, fm.height()),
                          Qt::AlignRight | Qt::AlignVCenter, label(v));
    }
}

double drawTimeGrid(QPainter *painter, const QFontMetricsF &fm, const QRectF &plot, double maxMs, qreal labelLeft,
                    qreal labelWidth, const QPalette &palette)
{
    const int maxTicks = std::max(2, int(plot.height() / (fm.height() * 2.2)));
    const double step = niceStep(maxMs, maxTicks);
    drawHorizontalGrid(
        painter, fm, plot, maxMs, ticks(0, maxMs, maxTicks), labelLeft, labelWidth,
        [step, maxMs](double ms) { return formatTimeTick(ms, step, maxMs); }, palette);
    return step;
}

QColor mutedText(const QPalette &palette)
{
    // Softer than the text, opaque so its ratio is what is drawn.
    QColor c = palette.color(QPalette::Text);
    c.setAlphaF(0.72f);
    return withContrast(blend(c, palette.color(QPalette::Base)), palette.color(QPalette::Base), TextContrast);
}

QColor axisColor(const QPalette &palette)
{
    QColor c = palette.color(QPalette::Text);
    c.setAlphaF(0.5f);
    return withContrast(blend(c, palette.color(QPalette::Base)), palette.color(QPalette::Base), MarkContrast);
}

QColor gridColor(const QPalette &palette)
{
    QColor c = palette.color(QPalette::Text);
    c.setAlphaF(0.12f);
    return c;
}

} // namespace Fanout::Chart
