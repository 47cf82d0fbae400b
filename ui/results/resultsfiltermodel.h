#pragma once

#include "results/resultsmodel.h"

#include <QAbstractProxyModel>
#include <QElapsedTimer>
#include <QTimer>
#include <QVector>

#include <memory>

namespace Fanout {

// Filter bar + text search + sorting over a ResultsModel, built for 1,000,000 rows that change while a run goes.
// Unlike QSortFilterProxyModel it never re-sorts everything when rows change: each batch of changed rows (the
// model's rowsUpdated) is re-placed in the mapping in place, O(k log n) comparisons and one pass over the rows
// after the first that moved, and no layout change at all when none moved. A full sort happens only when the sort
// column, the filter or the rows themselves are replaced; at size it runs on a worker thread, which also builds the
// inverse mapping, so the GUI thread only swaps vectors when it lands. Comparisons read the rows directly, never
// through QVariant.
class ResultsFilterModel final : public QAbstractProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResultsFilterModel)

public:
    // Above this many rows a full filter + sort runs on a worker thread (text columns and search through the run
    // file's own queries): the view keeps its previous order until the new one lands, never blocking.
    static constexpr int DefaultBackgroundRows = 50000;

    explicit ResultsFilterModel(QObject *parent = nullptr);
    ~ResultsFilterModel() override;

    void setResultsModel(ResultsModel *model);
    ResultsModel *resultsModel() const { return m_model; }

    void setCategory(ResultFilter filter);
    ResultFilter category() const { return m_category; }
    // Case-insensitive text matched against URL, final URL, title, status, content type and error.
    void setSearchText(const QString &text);
    QString searchText() const { return m_search; }
    bool isFiltering() const { return m_category != ResultFilter::All || !m_search.isEmpty(); }
    void setBackgroundThreshold(int rows) { m_backgroundRows = std::max(0, rows); }
    bool isRebuilding() const { return m_jobRunning; } // a background filter + sort is under way
    // Case-insensitive search over a row's texts, as the search box filters.
    static bool textMatches(const CheckResult &result, const QString &text);

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_order; }

    // Source rows in view order.
    QVector<int> visibleSourceRows() const { return m_rows; }
    // Source rows in the view's sort order, those the filter hides included unless filtered: what an export of
    // the table writes. Up to date even while a background rebuild runs (then computed here, synchronously).
    QVector<int> sortedSourceRows(bool filtered) const;
    // True when a source row passes the filter bar and the search.
    bool accepts(int sourceRow) const;

    // QAbstractProxyModel
    void setSourceModel(QAbstractItemModel *sourceModel) override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

signals:
    void rebuilt(); // a background filter + sort was applied

private:
    // A source span of changed rows this wide is forwarded as a change of every shown row.
    static constexpr int WholeViewSpan = 4096;
    struct JobInput;
    struct JobOutput;
    static QVector<int> computeRows(const JobInput &in);
    static QVector<int> inverseOf(const QVector<int> &rows, int sourceCount); // source row → position, or -1
    std::shared_ptr<JobInput> jobInput(bool filtered) const;                  // the rows and settings as they are now
    bool isLarge() const;
    void startJob();
    void mergeRows(const QVector<int> &sourceRows);
    bool lessThan(int leftRow, int rightRow) const;
    QString textKey(int row) const; // the sort column's text of a row
    static QString textKeyFor(const CheckResult &result, int column);
    bool orderMatters() const; // false when the view order is the list order whatever the rows hold
    void rebuild();            // full filter + sort, announced as a layout change
    void rebuildMapping(QVector<int> rows, bool given = false); // given: rows is the mapping, even empty
    void relayout(); // rebuildMapping() as a layout change keeping persistent indexes
    // change() rewrites m_rows and m_proxyOf; announced as a layout change that keeps persistent indexes on their rows.
    template <typename Change>
    void changeLayout(Change &&change);
    bool inOrder(int leftRow, int rightRow) const; // leftRow goes before rightRow in the view's order
    void rowsUpdated(const QVector<int> &sourceRows);
    void forwardDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void resetFromSource();

    ResultsModel *m_model = nullptr;
    QVector<int> m_rows;    // proxy row → source row
    QVector<int> m_proxyOf; // source row → proxy row, -1 when filtered out
    ResultFilter m_category = ResultFilter::All;
    QString m_search;
    int m_sortColumn = -1;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    int m_backgroundRows = DefaultBackgroundRows;
    int m_generation = 0; // of the settings; a job of older settings is dropped when it lands
    bool m_jobRunning = false;
    QVector<int> m_dirty; // rows changed while a job ran: merged once it lands
    QTimer m_resortTimer; // text column sorted at size: changed rows are re-placed by a background re-sort
    qint64 m_lastJobMs = 0;
};

} // namespace Fanout
