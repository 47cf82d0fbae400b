#pragma once

#include "store/runhistory.h"

#include <QAbstractTableModel>
#include <QWidget>

class QPushButton;
class QTableView;

namespace Fanout {

// The run history as a table, newest first.
class HistoryTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryTableModel)

public:
    enum Column
    {
        When,
        List,
        Label,
        Urls,
        Cap,
        Wall,
        Sum,
        SpeedUp,
        Ok,
        Failed,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit HistoryTableModel(RunHistory *history, QObject *parent = nullptr);
    ~HistoryTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int recordIndex(int row) const; // index into RunHistory::records()
    int rowOf(int recordIndex) const;

private:
    RunHistory *m_history;
};

// Runs side by side: wall time and sum of URL durations per run, with the speed-up above each pair.
class HistoryChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryChart)

public:
    static constexpr int MaxRuns = 24;

    explicit HistoryChart(QWidget *parent = nullptr);
    ~HistoryChart() override;

    void setRecords(const QVector<RunRecord> &records); // drawn in this order, the last MaxRuns
    const QVector<RunRecord> &records() const { return m_records; }
    QString summaryText() const; // also the accessible description

    QSize sizeHint() const override { return {640, 280}; }
    QSize minimumSizeHint() const override { return {300, 180}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    QVector<RunRecord> m_records;
};

// History tab: table of every run, a chart of the selected runs (or the latest ones), and actions.
class HistoryView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryView)

public:
    explicit HistoryView(RunHistory *history, QWidget *parent = nullptr);
    ~HistoryView() override;

    // Selects these runs (indices into the history) so the chart compares them.
    void selectRecords(const QVector<int> &recordIndices);
    QVector<int> selectedRecords() const; // chronological
    QTableView *table() const { return m_table; }
    HistoryChart *chart() const { return m_chart; }
    QWidget *chartAndTable() const { return m_content; }

signals:
    void exportCsvRequested();
    void compareCapsRequested();

private:
    void updateChart();
    void deleteSelected();

    RunHistory *m_history;
    HistoryTableModel *m_model;
    QTableView *m_table;
    HistoryChart *m_chart;
    QWidget *m_content;
    QPushButton *m_delete;
};

} // namespace Fanout
