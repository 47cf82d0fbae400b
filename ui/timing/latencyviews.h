#pragma once

#include "engine/runstats.h"
#include "timing/timingmodels.h"

#include <QWidget>

namespace Fanout {

// Histogram of per-URL durations with p50/p90/p99/max markers.
class LatencyHistogramView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LatencyHistogramView)

public:
    explicit LatencyHistogramView(QWidget *parent = nullptr);
    ~LatencyHistogramView() override;

    void setDurations(const QVector<qint64> &durationsMs);
    void setHistogram(const LatencyHistogram &histogram, const LatencySummary &summary); // precomputed
    const LatencyHistogram &histogram() const { return m_histogram; }
    const LatencySummary &summary() const { return m_summary; }
    // The count ticks the last paint labelled on the y axis (never without one above zero while bars show).
    const QVector<double> &yTicks() const { return m_yTicks; }
    QString summaryText() const; // also the accessible description

    QSize sizeHint() const override { return {420, 240}; }
    QSize minimumSizeHint() const override { return {240, 160}; }

protected:
    void paintEvent(QPaintEvent *event) override;

    void focusInEvent(QFocusEvent *event) override
    {
        QWidget::focusInEvent(event);
        update();
    }
    void focusOutEvent(QFocusEvent *event) override
    {
        QWidget::focusOutEvent(event);
        update();
    }

private:
    LatencyHistogram m_histogram;
    LatencySummary m_summary;
    QVector<double> m_yTicks;
};

// The hosts whose URLs took longest on average, as a small painted table with mean bars.
class SlowestHostsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SlowestHostsView)

public:
    explicit SlowestHostsView(QWidget *parent = nullptr);
    ~SlowestHostsView() override;

    void setHosts(const QVector<HostLatency> &hosts);
    const QVector<HostLatency> &hosts() const { return m_hosts; }
    QString summaryText() const; // also the accessible description

    QSize sizeHint() const override { return {320, 240}; }
    QSize minimumSizeHint() const override { return {200, 120}; }

protected:
    void paintEvent(QPaintEvent *event) override;

    void focusInEvent(QFocusEvent *event) override
    {
        QWidget::focusInEvent(event);
        update();
    }
    void focusOutEvent(QFocusEvent *event) override
    {
        QWidget::focusOutEvent(event);
        update();
    }

private:
    QVector<HostLatency> m_hosts;
};

} // namespace Fanout
