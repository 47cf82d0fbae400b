#include "results/resultsfiltermodel.h"

#include <algorithm>

namespace Fanout {

namespace {

template <typename T>
int compare3(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

int compareText(const QString &a, const QString &b)
{
    return QString::compare(a, b, Qt::CaseInsensitive);
}

QString urlKey(const QUrl &url)
{
    return url.toString(QUrl::FullyEncoded);
}

} // namespace

ResultsFilterModel::ResultsFilterModel(QObject *parent)
    : QAbstractProxyModel(parent)
{}

ResultsFilterModel::~ResultsFilterModel() = default;

void ResultsFilterModel::setResultsModel(ResultsModel *model)
{
    setSourceModel(model);
}

void ResultsFilterModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    beginResetModel();
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = qobject_cast<ResultsModel *>(sourceModel);
    QAbstractProxyModel::setSourceModel(m_model);
    if (m_model) {
        connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this]() { beginResetModel(); });
        connect(m_model, &QAbstractItemModel::modelReset, this, [this]() {
            rebuildMapping({});
            endResetModel();
        });
        connect(m_model, &ResultsModel::rowsUpdated, this, &ResultsFilterModel::rowsUpdated);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &ResultsFilterModel::forwardDataChanged);
        connect(m_model, &QAbstractItemModel::headerDataChanged, this, &QAbstractItemModel::headerDataChanged);
        // ResultsModel replaces its rows with a reset; row inserts or removals are handled as one too.
        connect(m_model, &QAbstractItemModel::rowsInserted, this, [this]() { resetFromSource(); });
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this]() { resetFromSource(); });
    }
    rebuildMapping({});
    endResetModel();
}

void ResultsFilterModel::resetFromSource()
{
    beginResetModel();
    rebuildMapping({});
    endResetModel();
}

void ResultsFilterModel::setCategory(ResultFilter filter)
{
    if (m_category == filter)
        return;
    m_category = filter;
    rebuild();
}

void ResultsFilterModel::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (m_search == trimmed)
        return;
    m_search = trimmed;
    rebuild();
}

void ResultsFilterModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_order = order;
    rebuild();
}

bool ResultsFilterModel::accepts(int sourceRow) const
{
    if (!m_model || sourceRow < 0 || sourceRow >= m_model->rowCount())
        return false;
    if (!ResultsModel::matches(m_model->row(sourceRow), m_category))
        return false;
    if (m_search.isEmpty())
        return true;
    const CheckResult r = m_model->result(sourceRow);
    const auto has = [this](const QString &text) {
        return text.contains(m_search, Qt::CaseInsensitive);
    };
    return has(r.input) || has(r.url.toString()) || has(r.finalUrl.toString()) || has(r.title) ||
           has(ResultsModel::statusText(r)) || has(r.contentType) || has(r.error);
}

bool ResultsFilterModel::orderMatters() const
{
    return m_sortColumn > ResultsModel::NumberColumn && m_sortColumn < ResultsModel::ColumnCount;
}

QString ResultsFilterModel::textKey(int row) const
{
    const CheckResult r = m_model->result(row);
    switch (m_sortColumn) {
    case ResultsModel::UrlColumn:
        return r.url.isValid() ? urlKey(r.url) : r.input;
    case ResultsModel::TitleColumn:
        return r.title;
    case ResultsModel::ContentTypeColumn:
        return r.contentType;
    case ResultsModel::FinalUrlColumn:
        return urlKey(r.finalUrl);
    case ResultsModel::ErrorColumn:
        return r.error;
    default:
        return {};
    }
}

bool ResultsFilterModel::lessThan(int leftRow, int rightRow) const
{
    const CompactRow &a = m_model->row(leftRow);
    const CompactRow &b = m_model->row(rightRow);
    int c = 0;
    switch (m_sortColumn) {
    case ResultsModel::StateColumn:
        c = compare3(int(a.state), int(b.state));
        break;
    case ResultsModel::StatusColumn:
        // errors (no status) sort before any HTTP status, grouped by their category
        c = compare3(a.status, b.status);
        if (c == 0 && a.status == 0)
            c = compareText(m_model->categoryText(a), m_model->categoryText(b));
        break;
    case ResultsModel::TimeColumn:
        c = compare3(a.isDone() ? a.elapsedMs() : -1, b.isDone() ? b.elapsedMs() : -1);
        break;
    case ResultsModel::SizeColumn:
        c = compare3(a.bytes, b.bytes);
        break;
    case ResultsModel::RedirectsColumn:
        c = compare3(a.redirects, b.redirects);
        break;
    case ResultsModel::AttemptsColumn:
        c = compare3(a.attempts, b.attempts);
        break;
    default:
        if (ResultsModel::isTextColumn(m_sortColumn))
            c = compareText(textKey(leftRow), textKey(rightRow));
        break;
    }
    if (m_order == Qt::DescendingOrder)
        c = -c;
    if (c != 0)
        return c < 0;
    // Ties keep list order (reversed with the order, as a plain # sort would), so equal keys never shuffle.
    return m_order == Qt::DescendingOrder && m_sortColumn <= ResultsModel::NumberColumn ? leftRow > rightRow
                                                                                        : leftRow < rightRow;
}

void ResultsFilterModel::rebuildMapping(QVector<int> rows)
{
    const int sourceCount = m_model ? m_model->rowCount() : 0;
    if (rows.isEmpty() && sourceCount > 0) {
        rows.reserve(sourceCount);
        const bool filtering = isFiltering();
        for (int r = 0; r < sourceCount; ++r)
            if (!filtering || accepts(r))
                rows.append(r);
        if (orderMatters())
            std::sort(rows.begin(), rows.end(), [this](int a, int b) { return lessThan(a, b); });
        else if (m_sortColumn == ResultsModel::NumberColumn && m_order == Qt::DescendingOrder)
            std::reverse(rows.begin(), rows.end());
    }
    m_rows = std::move(rows);
    m_proxyOf.fill(-1, sourceCount);
    for (int p = 0; p < m_rows.size(); ++p)
        m_proxyOf[m_rows.at(p)] = p;
}

void ResultsFilterModel::rebuild()
{
    relayout({});
}

void ResultsFilterModel::relayout(QVector<int> rows)
{
    // A layout change (not a reset) so the selection and the current row follow their rows.
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QVector<QPair<int, int>> sources; // (source row, column) of each persistent index
    sources.reserve(before.size());
    for (const QModelIndex &index : before)
        sources.append({index.isValid() ? m_rows.value(index.row(), -1) : -1, index.column()});
    rebuildMapping(std::move(rows));
    QModelIndexList after;
    after.reserve(before.size());
    for (const auto &source : std::as_const(sources)) {
        const int proxyRow = source.first >= 0 ? m_proxyOf.value(source.first, -1) : -1;
        after.append(proxyRow >= 0 ? createIndex(proxyRow, source.second) : QModelIndex());
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void ResultsFilterModel::rowsUpdated(const QVector<int> &sourceRows)
{
    if (!m_model || sourceRows.isEmpty() || (!orderMatters() && !isFiltering()))
        return; // the view order is the list order: nothing moves
    const int sourceCount = m_model->rowCount();
    // Take the changed rows out, then merge those that pass the filter back in at their sorted place.
    std::vector<bool> changed(std::size_t(sourceCount), false);
    for (const int r : sourceRows)
        if (r >= 0 && r < sourceCount)
            changed[std::size_t(r)] = true;
    QVector<int> kept;
    kept.reserve(m_rows.size());
    for (const int r : std::as_const(m_rows))
        if (!changed[std::size_t(r)])
            kept.append(r);
    QVector<int> incoming;
    for (const int r : sourceRows)
        if (r >= 0 && r < sourceCount && accepts(r))
            incoming.append(r);
    const auto less = [this](int a, int b) {
        if (orderMatters())
            return lessThan(a, b);
        return m_order == Qt::DescendingOrder ? a > b : a < b;
    };
    std::sort(incoming.begin(), incoming.end(), less);
    // Each incoming row finds its place by binary search and the kept rows between are copied as they are:
    // O(k log n) comparisons for k changed rows instead of a comparison per row of a plain merge, which reads
    // 100,000 rows scattered in memory on every batch. Equal keys: kept rows first, as std::merge does.
    QVector<int> merged;
    merged.reserve(kept.size() + incoming.size());
    auto from = kept.cbegin();
    for (const int r : std::as_const(incoming)) {
        const auto to = std::upper_bound(from, kept.cend(), r, less);
        std::copy(from, to, std::back_inserter(merged));
        merged.append(r);
        from = to;
    }
    std::copy(from, kept.cend(), std::back_inserter(merged));
    if (merged == m_rows)
        return; // same order (e.g. rows changed without moving): no layout change, dataChanged repaints them
    relayout(std::move(merged));
}

void ResultsFilterModel::forwardDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                            const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid() || m_rows.isEmpty())
        return;
    int first = -1;
    int last = -1;
    if (!orderMatters() && !isFiltering()) {
        first = m_proxyOf.value(topLeft.row(), -1);
        last = m_proxyOf.value(bottomRight.row(), -1);
        if (m_order == Qt::DescendingOrder && m_sortColumn == ResultsModel::NumberColumn)
            std::swap(first, last);
    } else {
        for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
            const int p = m_proxyOf.value(r, -1);
            if (p < 0)
                continue;
            first = first < 0 ? p : std::min(first, p);
            last = std::max(last, p);
        }
    }
    if (first < 0 || last < 0)
        return;
    emit dataChanged(index(first, topLeft.column()), index(last, bottomRight.column()), roles);
}

QModelIndex ResultsFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= m_rows.size() || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex ResultsFilterModel::parent(const QModelIndex &) const
{
    return {};
}

int ResultsFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ResultsFilterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_model ? 0 : m_model->columnCount();
}

bool ResultsFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.isEmpty();
}

QModelIndex ResultsFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_model || !proxyIndex.isValid() || proxyIndex.model() != this || proxyIndex.row() >= m_rows.size())
        return {};
    return m_model->index(m_rows.at(proxyIndex.row()), proxyIndex.column());
}

QModelIndex ResultsFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!m_model || !sourceIndex.isValid() || sourceIndex.model() != m_model)
        return {};
    const int row = m_proxyOf.value(sourceIndex.row(), -1);
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

QVariant ResultsFilterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!m_model)
        return {};
    if (orientation == Qt::Vertical) {
        // The vertical header (hidden by default) numbers view rows.
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    }
    return m_model->headerData(section, orientation, role);
}

} // namespace Fanout
