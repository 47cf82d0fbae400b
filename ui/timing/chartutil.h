#pragma once

#include "timing/timingmodels.h"

#include <QColor>
#include <QRectF>
#include <QString>
#include <QVector>

#include <functional>

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

// A chart's title: bold, left-aligned and vertically centred in r; the painter's font and pen are left as they were.
void drawTitle(QPainter *painter, const QRectF &r, const QString &text, const QColor &color);

// A horizontal grid line per value of a y axis running from 0 at plot.bottom() to yMax at plot.top(), each with its
// label right-aligned in the column that starts at labelLeft and is labelWidth wide. Leaves the pen muted.
void drawHorizontalGrid(QPainter *painter, const QFontMetricsF &fm, const QRectF &plot, double yMax,
                        const QVector<double> &values, qreal labelLeft, qreal labelWidth,
                        const std::function<QString(double)> &label, const QPalette &palette);
// The same for a time axis from 0 to maxMs, a tick every 2.2 lines at most; returns the tick step, which the
// axis title's unit (timeAxisUnit) depends on.
double drawTimeGrid(QPainter *painter, const QFontMetricsF &fm, const QRectF &plot, double maxMs, qreal labelLeft,
                    qreal labelWidth, const QPalette &palette);

// Text colour for secondary labels, and grid lines, derived from the palette so dark themes work.
QColor mutedText(const QPalette &palette);
QColor gridColor(const QPalette &palette);

} // namespace Fanout::Chart
