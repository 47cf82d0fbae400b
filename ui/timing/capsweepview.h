#pragma once

#include "timing/capsweepmodel.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace Fanout {

// Wall time against cap: measured points, the ideal greedy-schedule curve and the lower bound.
class CapSweepChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CapSweepChart)

public:
    explicit CapSweepChart(QWidget *parent = nullptr);
    ~CapSweepChart() override;

    CapSweepModel &model() { return m_model; }
    const CapSweepModel &model() const { return m_model; }
    void setPlannedCaps(const QVector<int> &caps); // the x range before points arrive
    void setTitle(const QString &title);
    void setLive(int cap, qint64 elapsedMs); // a run in progress; cap 0 clears
    void refresh();                          // the model changed: repaint and re-describe
    // The measured points and the verdict in words; also the accessible description.
    QString summaryText() const;
    bool usesLogScale() const;

    QSize sizeHint() const override { return {640, 360}; }
    QSize minimumSizeHint() const override { return {320, 220}; }

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
    CapSweepModel m_model;
    QVector<int> m_planned;
    QString m_title;
    int m_liveCap = 0;
    qint64 m_liveMs = 0;
};

// The "Compare caps" tab: which caps to run, Run/Cancel, progress, and the chart.
class CapSweepView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CapSweepView)

public:
    explicit CapSweepView(QWidget *parent = nullptr);
    ~CapSweepView() override;

    // The caps the controls describe; false with *error for a bad custom set.
    bool requestedCaps(QVector<int> *caps, QString *error) const;
    void setMaxCap(int maxCap);
    void setCustomCaps(const QString &text); // switches to the custom set
    void setRunning(bool running);
    void setStatus(const QString &text, bool isError = false);
    QString status() const;
    CapSweepChart *chart() const { return m_chart; }

signals:
    void runRequested(const QVector<int> &caps);
    void cancelRequested();

private:
    void requestRun();

    QRadioButton *m_powers;
    QRadioButton *m_custom;
    QSpinBox *m_maxCap;
    QLineEdit *m_customCaps;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QLabel *m_status;
    CapSweepChart *m_chart;
};

} // namespace Fanout
