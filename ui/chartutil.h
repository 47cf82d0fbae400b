#pragma once

#include "timingmodels.h"

#include <QColor>
#include <QRectF>
#include <QString>
#include <QVector>

class QFontMetricsF;
class QPainter;
class QPalette;

// Shared drawing vocabulary of the timing views: colours, nice axis ticks, duration labels, legends.
namespace Fanout::Chart {

QColor outcomeColor(Outcome outcome);
// Phases are shades of the outcome's hue: connecting lighter, waiting the colour itself, downloading darker.
QColor phaseColor(Outcome outcome, Phase phase);
QColor queuedColor();
QColor capColor();      // the cap line
QColor inFlightColor(); // the in-flight area
QColor sequentialColor();
QColor concurrentColor();
QColor idealColor();

// Step between ticks (1, 2, 5 × 10^k) so that [lo, hi] gets at most maxTicks intervals.
double niceStep(double range, int maxTicks);
// Multiples of niceStep inside [lo, hi].
QVector<double> ticks(double lo, double hi, int maxTicks);

// "850 ms", "1.25 s", "12.4 s", "2 min 05 s".
QString formatDuration(double ms);
// Tick label with one unit along an axis: ms when the step is below a second and the axis short, else s.
QString formatTimeTick(double ms, double stepMs, double axisMaxMs);
// Unit the tick labels of an axis use, for its title: "ms" or "s".
QString timeAxisUnit(double stepMs, double axisMaxMs);
QString formatSpeedUp(double speedUp); // "4.97×"

struct LegendEntry
{
    enum class Style
    {
        Box,
        Line,
        DashedLine,
        DottedLine,
        Dot,
        Text // a heading with no swatch
    };
    QString text;
    QColor color;
    Style style = Style::Box;
};

// Draws entries left to right from topLeft, wrapping at maxWidth; returns the height used.
qreal drawLegend(QPainter *painter, QPointF topLeft, qreal maxWidth, const QVector<LegendEntry> &entries,
                 const QColor &textColor);
qreal legendHeight(const QFontMetricsF &metrics, qreal maxWidth, const QVector<LegendEntry> &entries);

// Text colour for secondary labels, and grid lines, derived from the palette so dark themes work.
QColor mutedText(const QPalette &palette);
QColor gridColor(const QPalette &palette);

} // namespace Fanout::Chart
