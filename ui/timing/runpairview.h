#pragma once

#include "results/timingrows.h"
#include "store/runhistory.h"

#include <QRectF>
#include <QVector>
#include <QWidget>

namespace Fanout {

// The demo's lesson in one picture: a run one at a time and the same list run concurrently, each as a small
// waterfall, one above the other on one shared time axis, with each run's measured wall time and the sum of the
// concurrent run's URL times marked (the sum is what one at a time costs: the two marks line up).
class RunPairView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunPairView)

public:
    struct Run
    {
        RunRecord record; // wall time, sum of URL times, cap
        TimingTable rows; // their timings (row = index)
    };
    struct Mark
    {
        enum class Kind
        {
            Wall, // a run's measured wall time, in its own lane
            Sum   // the sum of the concurrent run's URL times, across both lanes
        };
        Kind kind;
        int run; // 0 one at a time, 1 concurrent
        qint64 ms;
        QString label;
    };

    explicit RunPairView(QWidget *parent = nullptr);
    ~RunPairView() override;

    void setRuns(const Run &sequential, const Run &concurrent);
    void clear();
    bool hasRuns() const { return m_has; }
    const Run &run(int index) const { return index == 0 ? m_runs[0] : m_runs[1]; }

    // The shared axis: 0 .. axisEndMs() maps to the same x range in both lanes.
    double axisEndMs() const;
    double xForMs(double ms) const;   // widget x of a time, for either lane
    QRectF laneRect(int index) const; // the bars area of a run
    QVector<Mark> marks() const;
    // In words; also the accessible description.
    QString summaryText() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    QString laneTitle(int index) const;
    double labelWidth() const;

    Run m_runs[2];
    bool m_has = false;
};

} // namespace Fanout
