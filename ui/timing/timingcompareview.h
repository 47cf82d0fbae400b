#pragma once

#include "store/runhistory.h"

#include <QWidget>

namespace Fanout {

// Sequential vs concurrent: this run's wall time beside the sum of its per-URL durations (what a one-at-a-
// time loop would have taken) and the speed-up; optionally a measured pair of runs (cap 1 and cap N) shown
// on the same axis, as the demo produces.
class TimingCompareView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimingCompareView)

public:
    struct Figures
    {
        QString listName;
        int urls = 0;
        int done = 0;
        int cap = 0;
        qint64 wallMs = 0;    // the run clock (live while running)
        qint64 sumMs = 0;     // finished URLs' durations
        qint64 longestMs = 0; // longest single URL
        bool running = false;
        bool cancelled = false;
        double speedUp() const { return wallMs > 0 ? double(sumMs) / double(wallMs) : 0.0; }
        // max(longest, sum / cap): no engine can finish these durations sooner with this cap.
        double idealMs() const;
    };

    explicit TimingCompareView(QWidget *parent = nullptr);
    ~TimingCompareView() override;

    void setFigures(const Figures &figures);
    const Figures &figures() const { return m_figures; }

    // A sequential and a concurrent run of the same list, measured one after the other.
    void setMeasuredPair(const RunRecord &sequential, const RunRecord &concurrent);
    void clearMeasuredPair();
    bool hasMeasuredPair() const { return m_hasPair; }

    // Tall enough for every row it draws, so a splitter never cuts the measured pair off.
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    int contentHeight() const;
    // Both sections in words; also the accessible description.
    QString summaryText() const;
    // Where the last paint put the time axis's title and its first tick label (they must not overlap).
    QRectF axisTitleRect() const { return m_axisTitleRect; }
    QRectF firstTickRect() const { return m_firstTickRect; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    Figures m_figures;
    bool m_hasPair = false;
    RunRecord m_sequential;
    RunRecord m_concurrent;
    QRectF m_axisTitleRect;
    QRectF m_firstTickRect;
};

} // namespace Fanout
