#include "timing/capsweepview.h"

#include "timing/chartutil.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace Fanout {

// ---- CapSweepChart ----

CapSweepChart::CapSweepChart(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Wall time against concurrency cap"));
    refresh();
}

QString CapSweepChart::summaryText() const
{
    const auto &points = m_model.points();
    if (points.isEmpty())
        return tr("No caps measured yet.");
    QStringList parts;
    for (const auto &pt : points)
        parts.append(tr("cap %1: %2%3")
                         .arg(pt.cap)
                         .arg(Chart::formatDuration(double(pt.wallMs)))
                         .arg(pt.cancelled ? tr(" (cancelled)") : QString()));
    QString text = parts.join(QStringLiteral("; "));
    const QString verdict = m_model.verdict();
    if (!verdict.isEmpty())
        text += QStringLiteral(". ") + verdict.left(1).toUpper() + verdict.mid(1);
    return text + QLatin1Char('.');
}

void CapSweepChart::refresh()
{
    setAccessibleDescription(summaryText());
    update();
}

CapSweepChart::~CapSweepChart() = default;

void CapSweepChart::setPlannedCaps(const QVector<int> &caps)
{
    m_planned = caps;
    update();
}

void CapSweepChart::setTitle(const QString &title)
{
    m_title = title;
    update();
}

void CapSweepChart::setLive(int cap, qint64 elapsedMs)
{
    m_liveCap = cap;
    m_liveMs = elapsedMs;
    refresh();
}

bool CapSweepChart::usesLogScale() const
{
    int lo = std::numeric_limits<int>::max(), hi = 0;
    for (int c : m_planned) {
        lo = std::min(lo, c);
        hi = std::max(hi, c);
    }
    for (const auto &pt : m_model.points()) {
        lo = std::min(lo, pt.cap);
        hi = std::max(hi, pt.cap);
    }
    return hi > 0 && hi >= 4 * lo;
}

void CapSweepChart::paintEvent(QPaintEvent *)
{
    constexpr double Pad = 10;
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    if (hasFocus())
        Chart::drawFocusFrame(&p, rect(), pal);
    const QFontMetricsF fm(font());
    const QColor text = pal.color(QPalette::Text);
    const QColor muted = Chart::mutedText(pal);
    const QColor measuredColor = Chart::inFlightColor(palette());

    const QString title = m_title.isEmpty() ? tr("Wall time vs cap") : m_title;
    Chart::drawTitle(&p, QRectF(Pad, Pad / 2, width() - 2 * Pad, fm.height() * 1.4),
                     fm.elidedText(title, Qt::ElideRight, width() - 2 * Pad), text);
    using E = Chart::LegendEntry;
    const QVector<E> legend{{tr("measured: how long the whole list took"), measuredColor, E::Style::Dot},
                            {tr("best possible with these URL times (each URL starts as soon as a slot frees)"),
                             Chart::concurrentColor(palette()), E::Style::DashedLine},
                            {tr("no cap can beat this: the slowest URL, or the total time shared by the cap"),
                             Chart::idealColor(palette()), E::Style::DottedLine}};
    const double legendH =
        Chart::drawLegend(&p, QPointF(Pad, Pad / 2 + fm.height() * 1.5), width() - 2 * Pad, legend, text);

    QVector<int> caps = m_planned;
    for (const auto &pt : m_model.points())
        caps.append(pt.cap);
    std::sort(caps.begin(), caps.end());
    caps.erase(std::unique(caps.begin(), caps.end()), caps.end());

    const double yLabelW = fm.horizontalAdvance(QStringLiteral("000.0")) + 12;
    const double top = Pad / 2 + fm.height() * 1.6 + legendH + fm.height() * 1.8;
    const QRectF plot(Pad + yLabelW, top, width() - 3 * Pad - yLabelW, height() - top - fm.height() * 3 - Pad);
    if (plot.width() < 30 || plot.height() < 30)
        return;
    if (caps.isEmpty()) {
        p.setPen(muted);
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Press Run to check the current list at each cap, one run after the other.\n"
                      "Cap 1 is the real sequential measurement."));
        return;
    }
    const int capLo = caps.constFirst();
    const int capHi = std::max(caps.constLast(), capLo + 1);
    const bool log = usesLogScale();
    const double margin = plot.width() * 0.04;
    auto xFor = [&](double cap) {
        const double f = log ? (std::log2(cap) - std::log2(capLo)) / (std::log2(capHi) - std::log2(capLo))
                             : (cap - capLo) / double(capHi - capLo);
        return plot.left() + margin + f * (plot.width() - 2 * margin);
    };

    // Ideal curve over every cap in range (sampled when the range is wide).
    const QVector<qint64> &durations = m_model.durations();
    QVector<int> curveCaps;
    for (int c = capLo; c <= capHi;) {
        curveCaps.append(c);
        c = c < 64 ? c + 1 : int(std::ceil(c * 1.05));
    }
    if (curveCaps.constLast() != capHi)
        curveCaps.append(capHi);
    QVector<double> ideal, bound;
    double maxMs = 1;
    if (!durations.isEmpty()) {
        for (int c : curveCaps) {
            ideal.append(double(CapSweepModel::greedyMakespan(durations, c)));
            bound.append(CapSweepModel::lowerBound(durations, c));
            maxMs = std::max(maxMs, ideal.constLast());
        }
    }
    for (const auto &pt : m_model.points())
        maxMs = std::max(maxMs, double(pt.wallMs));
    if (m_liveCap > 0)
        maxMs = std::max(maxMs, double(m_liveMs));
    maxMs *= 1.12;
    auto yFor = [&](double ms) {
        return plot.bottom() - ms / maxMs * plot.height();
    };

    // Grid and y axis.
    const double step = Chart::drawTimeGrid(&p, fm, plot, maxMs, Pad, yLabelW - 6, pal);
    p.setPen(muted);
    p.drawText(QRectF(Pad, top - fm.height() * 1.6, plot.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               tr("wall time (%1)").arg(Chart::timeAxisUnit(step, maxMs)));
    // X axis: a label at each cap run, skipping ones that would overlap.
    p.setPen(Chart::gridColor(pal));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    double lastRight = -1e9;
    for (int c : caps) {
        const double x = xFor(c);
        p.setPen(Chart::gridColor(pal));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom() + 4));
        const QString label = QString::number(c);
        const double tw = fm.horizontalAdvance(label) + 6;
        if (x - tw / 2 < lastRight)
            continue;
        p.setPen(muted);
        p.drawText(QRectF(x - tw / 2, plot.bottom() + 4, tw, fm.height()), Qt::AlignCenter, label);
        lastRight = x + tw / 2;
    }
    p.setPen(text);
    p.drawText(QRectF(plot.left(), plot.bottom() + 4 + fm.height(), plot.width(), fm.height() * 1.4),
               Qt::AlignHCenter | Qt::AlignVCenter, log ? tr("concurrency cap (log scale)") : tr("concurrency cap"));

    p.setRenderHint(QPainter::Antialiasing, true);
    auto drawCurve = [&](const QVector<double> &values, const QColor &color, Qt::PenStyle style) {
        if (values.isEmpty())
            return;
        QPainterPath path;
        for (int i = 0; i < values.size(); ++i) {
            const QPointF pt(xFor(curveCaps.at(i)), yFor(values.at(i)));
            if (i == 0)
                path.moveTo(pt);
            else
                path.lineTo(pt);
        }
        p.setPen(QPen(color, 1.8, style));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
    };
    drawCurve(bound, Chart::idealColor(palette()), Qt::DotLine);
    drawCurve(ideal, Chart::concurrentColor(palette()), Qt::DashLine);

    // Measured points and their values.
    const auto &points = m_model.points();
    if (!points.isEmpty()) {
        QPainterPath path;
        for (int i = 0; i < points.size(); ++i) {
            const QPointF pt(xFor(points.at(i).cap), yFor(double(points.at(i).wallMs)));
            if (i == 0)
                path.moveTo(pt);
            else
                path.lineTo(pt);
        }
        p.setPen(QPen(measuredColor, 2.2));
        p.drawPath(path);
        for (const auto &pt : points) {
            const QPointF c(xFor(pt.cap), yFor(double(pt.wallMs)));
            p.setPen(QPen(pal.color(QPalette::Base), 1.5));
            p.setBrush(pt.cancelled ? Chart::outcomeColor(Outcome::Cancelled, palette()) : measuredColor);
            p.drawEllipse(c, 4.5, 4.5);
            p.setPen(text);
            const QString label =
                Chart::formatDuration(double(pt.wallMs)) + (pt.cancelled ? QStringLiteral(" ✕") : QString());
            const double tw = fm.horizontalAdvance(label) + 6;
            p.drawText(QRectF(std::clamp(c.x() - tw / 2, plot.left(), plot.right() - tw), c.y() - fm.height() * 1.5, tw,
                              fm.height()),
                       Qt::AlignCenter, label);
        }
    }
    if (m_liveCap > 0) {
        const QPointF c(xFor(m_liveCap), yFor(double(m_liveMs)));
        p.setPen(QPen(measuredColor, 2, Qt::DotLine));
        p.drawLine(QPointF(c.x(), plot.bottom()), c);
        p.setBrush(pal.color(QPalette::Base));
        p.setPen(QPen(measuredColor, 2));
        p.drawEllipse(c, 5, 5);
        p.setPen(muted);
        const QString label = tr("cap %1 running… %2").arg(m_liveCap).arg(Chart::formatDuration(double(m_liveMs)));
        const double tw = fm.horizontalAdvance(label) + 6;
        p.drawText(
            QRectF(std::clamp(c.x() + 8, plot.left(), plot.right() - tw), c.y() - fm.height() - 2, tw, fm.height()),
            Qt::AlignLeft | Qt::AlignVCenter, label);
    }
}

// ---- CapSweepView ----

CapSweepView::CapSweepView(QWidget *parent)
    : QWidget(parent)
    , m_powers(new QRadioButton(tr("Caps 1, 2, 4, … up to"), this))
    , m_custom(new QRadioButton(tr("Custom caps"), this))
    , m_maxCap(new QSpinBox(this))
    , m_customCaps(new QLineEdit(this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_status(new QLabel(this))
    , m_chart(new CapSweepChart(this))
{
    m_maxCap->setRange(1, CapSweepModel::MaxCap);
    m_maxCap->setValue(32);
    m_maxCap->setToolTip(tr("Largest cap to run"));
    m_customCaps->setPlaceholderText(tr("e.g. 1, 3, 5, 10-12"));
    m_customCaps->setEnabled(false);
    m_powers->setChecked(true);
    auto *group = new QButtonGroup(this);
    group->addButton(m_powers);
    group->addButton(m_custom);
    m_cancel->setEnabled(false);
    m_run->setToolTip(tr("Check the current list once per cap, one run after the other"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_powers);
    controls->addWidget(m_maxCap);
    controls->addSpacing(12);
    controls->addWidget(m_custom);
    controls->addWidget(m_customCaps, 1);
    controls->addWidget(m_run);
    controls->addWidget(m_cancel);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addWidget(m_chart, 1);

    connect(m_custom, &QRadioButton::toggled, this, [this](bool on) {
        m_customCaps->setEnabled(on);
        m_maxCap->setEnabled(!on);
    });
    connect(m_run, &QPushButton::clicked, this, &CapSweepView::requestRun);
    connect(m_customCaps, &QLineEdit::returnPressed, this, &CapSweepView::requestRun);
    connect(m_cancel, &QPushButton::clicked, this, &CapSweepView::cancelRequested);
    setStatus(tr("Runs the table's list at each cap on a separate checker; results go to the run "
                 "history."));
}

CapSweepView::~CapSweepView() = default;

bool CapSweepView::requestedCaps(QVector<int> *caps, QString *error) const
{
    if (m_custom->isChecked())
        return CapSweepModel::parseCaps(m_customCaps->text(), caps, error);
    *caps = CapSweepModel::capsUpTo(m_maxCap->value());
    error->clear();
    return true;
}

void CapSweepView::setMaxCap(int maxCap)
{
    m_powers->setChecked(true);
    m_maxCap->setValue(maxCap);
}

void CapSweepView::setCustomCaps(const QString &text)
{
    m_custom->setChecked(true);
    m_customCaps->setText(text);
}

void CapSweepView::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_powers->setEnabled(!running);
    m_custom->setEnabled(!running);
    m_maxCap->setEnabled(!running && m_powers->isChecked());
    m_customCaps->setEnabled(!running && m_custom->isChecked());
}

void CapSweepView::setStatus(const QString &text, bool isError)
{
    m_status->setText(text);
    QPalette pal = palette();
    if (isError)
        pal.setColor(QPalette::WindowText, Chart::outcomeColor(Outcome::ServerError, palette()));
    m_status->setPalette(pal);
}

QString CapSweepView::status() const
{
    return m_status->text();
}

void CapSweepView::requestRun()
{
    QVector<int> caps;
    QString error;
    if (!requestedCaps(&caps, &error)) {
        setStatus(tr("Caps: %1").arg(error), true);
        return;
    }
    setStatus(tr("Starting caps %1…").arg([&caps] {
        QStringList parts;
        for (int c : caps)
            parts.append(QString::number(c));
        return parts.join(QStringLiteral(", "));
    }()));
    emit runRequested(caps);
}

} // namespace Fanout
