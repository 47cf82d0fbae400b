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

// Every colour is derived from the palette it is drawn on: the hue stays, its lightness moves until it stands out
// from the palette's Base by the WCAG ratio (TextContrast for text, MarkContrast for bars, lines and axes), so a
// dark theme keeps its contrast.
constexpr double TextContrast = 4.5;
constexpr double MarkContrast = 3.0;
// WCAG 2 contrast ratio of two opaque colours, 1 to 21.
double contrastRatio(const QColor &a, const QColor &b);
// `color` made lighter or darker (away from the background first) until its ratio to `background` reaches minRatio.
QColor withContrast(const QColor &color, const QColor &background, double minRatio);
// `color` drawn with its alpha over `background`, as an opaque colour.
QColor blend(const QColor &color, const QColor &background);

QColor outcomeColor(Outcome outcome, const QPalette &palette);
// Phases are shades of the outcome's hue, all at least MarkContrast from the background: waiting the outcome's
// colour itself, connecting nearer the background, downloading further from it.
QColor phaseColor(Outcome outcome, Phase phase, const QPalette &palette);
// The phases legend's swatches: the same shading on a neutral hue, so no phase reads as an outcome.
QColor neutralPhaseColor(Phase phase, const QPalette &palette);
QColor queuedColor(const QPalette &palette);
QColor capColor(const QPalette &palette);      // the cap line
QColor inFlightColor(const QPalette &palette); // the in-flight area
QColor sequentialColor(const QPalette &palette);
QColor concurrentColor(const QPalette &palette);
QColor idealColor(const QPalette &palette);
QColor selectionColor(const QPalette &palette); // the selected bar's outline: the text colour, not a series hue
// A series hue as text (labels in the series' colour).
QColor textIn(const QColor &hue, const QPalette &palette);

// Every colour the charts draw text, axes or marks with under this palette, with the ratio each must reach:
// what the contrast test walks.
struct UsedColor
{
    QString role;
    QColor color;
    double minRatio;
};
QVector<UsedColor> usedColors(const QPalette &palette);

// Keyboard focus on a custom view: a frame in the palette's highlight inside its rect.
void drawFocusFrame(QPainter *painter, const QRectF &rect, const QPalette &palette);

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

// Secondary labels and axis ticks (opaque, TextContrast), and grid lines (decoration, faint on purpose).
QColor mutedText(const QPalette &palette);
QColor axisColor(const QPalette &palette);
QColor gridColor(const QPalette &palette);

} // namespace Fanout::Chart
