#pragma once

#include "engine/checkresult.h"
#include "io/urllist.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QTimer>
#include <QVector>

#include <vector>

namespace Fanout {

// Counters of the rows the filter bar offers, kept up to date per result (no scan of the rows).
struct ResultCounts
{
    int total = 0;
    int done = 0;
    int ok = 0;
    int failed = 0;
    int redirected = 0;
    int http4xx = 0;
    int http5xx = 0;
    int errors = 0;
    int checking = 0;
    qint64 bytes = 0;
    qint64 sumMs = 0;
};

// The filter categories of the filter bar; the same predicates drive ResultCounts and ResultsFilterModel.
enum class ResultFilter
{
    All,
    Ok,
    Redirected,
    Http4xx,
    Http5xx,
    Errors
};

// Rows of a run: one CheckResult per list entry, row == CheckResult::id. Updates from the engine are applied
// to the data at once but announced to views in batches (at most ~25 per second), so 100,000 rows stay smooth.
class ResultsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResultsModel)

public:
    enum Column
    {
        NumberColumn,
        UrlColumn,
        StateColumn,
        StatusColumn,
        TitleColumn,
        TimeColumn,
        SizeColumn,
        ContentTypeColumn,
        FinalUrlColumn,
        RedirectsColumn,
        AttemptsColumn,
        ErrorColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        TimeFractionRole = Qt::UserRole + 1, // double 0..1: this row's time against the slowest row
        SortRole,                            // raw value used for sorting
        StatusClassRole,                     // int: 0 none, 2..5 for 2xx..5xx, -1 error
    };

    static constexpr int DefaultBatchIntervalMs = 40;

    explicit ResultsModel(QObject *parent = nullptr);
    ~ResultsModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces every row with the entries of a list, all queued (one model reset).
    void setList(const UrlList &list);
    void clear();
    // Puts rows back to queued before they are checked again (announced in the next batch).
    void resetRows(const QVector<int> &rows);

    // Engine updates: applied now, announced on the next batch.
    void markStarted(int id, qint64 atMs);
    void setResult(const CheckResult &result);
    // Announces pending changes now (the batch timer calls it; call it before reading the view).
    void flush();
    bool hasPending() const { return !m_pending.isEmpty(); }
    void setBatchInterval(int ms);
    int batchInterval() const;
    // The run clock: rows being checked show the time since their start in the time column. No signal is
    // emitted (that would re-sort and re-filter every tick); the view repaints the cells it shows.
    void setLiveClock(qint64 nowMs) { m_liveNowMs = nowMs; }
    qint64 liveClock() const { return m_liveNowMs; }

    const QVector<CheckResult> &results() const { return m_results; }
    const CheckResult &result(int row) const { return m_results.at(row); }
    const ResultCounts &counts() const { return m_counts; }
    qint64 slowestMs() const { return m_slowestMs; }
    int flushCount() const { return m_flushCount; }

    static bool matches(const CheckResult &result, ResultFilter filter);
    static QString stateText(const CheckResult &result);
    static QString statusText(const CheckResult &result);
    static int statusClass(const CheckResult &result);
    static QString formatBytes(qint64 bytes);
    static QString redirectsToolTip(const CheckResult &result);
    QString columnTitle(int column) const;

signals:
    // Emitted first in a batch, with the rows whose data changed (ascending); proxies re-place them.
    void rowsUpdated(const QVector<int> &rows);
    // A batch of changed rows was announced (dataChanged already emitted); at most ~25 a second.
    void batchFlushed();

private:
    void markPending(int row);
    void countIn(const CheckResult &result, int sign);
    QVariant displayData(const CheckResult &result, int column) const;
    static QString toolTipText(const CheckResult &result, int column); // as is; data() makes it safe to show
    QVariant sortData(const CheckResult &result, int column) const;

    QVector<CheckResult> m_results;
    QVector<int> m_pending;        // rows changed since the last flush
    std::vector<bool> m_isPending; // per row, to keep m_pending free of repeats without hashing
    ResultCounts m_counts;
    qint64 m_slowestMs = 0;
    bool m_slowestChanged = false;
    int m_flushCount = 0;
    qint64 m_liveNowMs = 0;
    QTimer m_batchTimer;
    mutable QIcon m_statusIcons[6]; // 1xx, 2xx, 3xx, 4xx, 5xx, error; drawn on first use
};

} // namespace Fanout
