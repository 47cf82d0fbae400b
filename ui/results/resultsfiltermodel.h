#pragma once

#include "results/resultsmodel.h"

#include <QAbstractProxyModel>
#include <QVector>

namespace Fanout {

// Filter bar + text search + sorting over a ResultsModel, built for 100,000 rows that change while a run goes.
// Unlike QSortFilterProxyModel it never re-sorts everything when rows change: each batch of changed rows (the
// model's rowsUpdated) is taken out and merged back into place, O(n) per batch instead of O(n log n). A full
// sort happens only when the sort column, the filter or the rows themselves are replaced. Comparisons read the
// rows directly, never through QVariant.
class ResultsFilterModel final : public QAbstractProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResultsFilterModel)

public:
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

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_order; }

    // Source rows in view order.
    QVector<int> visibleSourceRows() const { return m_rows; }
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

private:
    bool lessThan(int leftRow, int rightRow) const;
    QString textKey(int row) const; // the sort column's text of a row
    bool orderMatters() const;      // false when the view order is the list order whatever the rows hold
    void rebuild();                 // full filter + sort, announced as a layout change
    void rebuildMapping(QVector<int> rows);
    void relayout(QVector<int> rows); // rebuildMapping(rows) as a layout change that keeps persistent indexes
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
};

} // namespace Fanout
