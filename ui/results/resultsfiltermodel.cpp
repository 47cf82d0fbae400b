#include "results/resultsfiltermodel.h"

#include "store/runquery.h"

#include <QPointer>
#include <QThread>

#include <algorithm>
#include <memory>
#include <numeric>
#include <unordered_map>

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

// What a background rebuild reads: copies, so the GUI thread goes on changing its own. The rows are a snapshot
// sharing the model's memory (copied block by block only where the model writes meanwhile).
struct ResultsFilterModel::JobInput
{
    CompactRows rows;
    QStringList categories;
    int column = -1;
    Qt::SortOrder order = Qt::AscendingOrder;
    ResultFilter category = ResultFilter::All;
    QString search;
    QString runPath;
    UrlList list;
    QVector<CheckResult> held;
};

// What it gives back: the mapping both ways, built on the worker so the GUI thread only swaps them in.
struct ResultsFilterModel::JobOutput
{
    QVector<int> rows;
    QVector<int> proxyOf;
};

ResultsFilterModel::ResultsFilterModel(QObject *parent)
    : QAbstractProxyModel(parent)
{
    m_resortTimer.setSingleShot(true);
    connect(&m_resortTimer, &QTimer::timeout, this, [this]() { startJob(); });
}

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
            ++m_generation; // a job still running read the rows before the reset
            m_dirty.clear();
            if (isLarge() && (orderMatters() || isFiltering())) {
                // List order until the background rebuild lands.
                QVector<int> rows(m_model->rowCount());
                std::iota(rows.begin(), rows.end(), 0);
                rebuildMapping(std::move(rows), true);
                endResetModel();
                startJob();
                return;
            }
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
    ++m_generation;
    m_dirty.clear();
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

bool ResultsFilterModel::textMatches(const CheckResult &r, const QString &text)
{
    // The status as "200 OK" and the error's own text, as the run file's search (RunQuery) matches them: a list
    // finds the same rows whatever its size.
    const auto has = [&text](const QString &in) {
        return in.contains(text, Qt::CaseInsensitive);
    };
    return has(r.input) || has(r.url.toString()) || has(r.finalUrl.toString()) || has(r.title) ||
           has(ResultsModel::httpStatusText(r)) || has(r.contentType) || has(r.error);
}

bool ResultsFilterModel::accepts(int sourceRow) const
{
    if (!m_model || sourceRow < 0 || sourceRow >= m_model->rowCount())
        return false;
    if (!ResultsModel::matches(m_model->row(sourceRow), m_category))
        return false;
    return m_search.isEmpty() || textMatches(m_model->result(sourceRow), m_search);
}

bool ResultsFilterModel::isLarge() const
{
    return m_model && m_model->rowCount() > m_backgroundRows;
}

bool ResultsFilterModel::orderMatters() const
{
    return m_sortColumn > ResultsModel::NumberColumn && m_sortColumn < ResultsModel::ColumnCount;
}

QString ResultsFilterModel::textKey(int row) const
{
    return textKeyFor(m_model->result(row), m_sortColumn);
}

QString ResultsFilterModel::textKeyFor(const CheckResult &r, int column)
{
    switch (column) {
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
        c = ResultsModel::compareStatus(a, b, m_model->categories());
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

void ResultsFilterModel::rebuildMapping(QVector<int> rows, bool given)
{
    const int sourceCount = m_model ? m_model->rowCount() : 0;
    if (!given && rows.isEmpty() && sourceCount > 0) {
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
    m_proxyOf = inverseOf(m_rows, sourceCount);
}

QVector<int> ResultsFilterModel::inverseOf(const QVector<int> &rows, int sourceCount)
{
    QVector<int> proxyOf(sourceCount, -1);
    int *to = proxyOf.data();
    const int *from = rows.constData();
    for (int p = 0; p < int(rows.size()); ++p)
        to[from[p]] = p;
    return proxyOf;
}

void ResultsFilterModel::rebuild()
{
    if (isLarge() && (orderMatters() || isFiltering() || m_jobRunning)) {
        startJob();
        return;
    }
    ++m_generation; // a job still running is out of date
    relayout();
}

namespace {

// The comparison of lessThan() on compact rows alone (every column but the text ones).
bool compactLess(const CompactRows &rows, const QStringList &categories, int column, Qt::SortOrder order, int a, int b)
{
    const CompactRow &x = rows[std::size_t(a)];
    const CompactRow &y = rows[std::size_t(b)];
    int c = 0;
    switch (column) {
    case ResultsModel::StateColumn:
        c = compare3(int(x.state), int(y.state));
        break;
    case ResultsModel::StatusColumn:
        c = ResultsModel::compareStatus(x, y, categories);
        break;
    case ResultsModel::TimeColumn:
        c = compare3(x.isDone() ? x.elapsedMs() : -1, y.isDone() ? y.elapsedMs() : -1);
        break;
    case ResultsModel::SizeColumn:
        c = compare3(x.bytes, y.bytes);
        break;
    case ResultsModel::RedirectsColumn:
        c = compare3(x.redirects, y.redirects);
        break;
    case ResultsModel::AttemptsColumn:
        c = compare3(x.attempts, y.attempts);
        break;
    default:
        break;
    }
    if (order == Qt::DescendingOrder)
        c = -c;
    if (c != 0)
        return c < 0;
    return order == Qt::DescendingOrder && column <= ResultsModel::NumberColumn ? a > b : a < b;
}

RunQuery::TextKey textKeyOf(int column)
{
    switch (column) {
    case ResultsModel::TitleColumn:
        return RunQuery::TextKey::Title;
    case ResultsModel::ContentTypeColumn:
        return RunQuery::TextKey::ContentType;
    case ResultsModel::FinalUrlColumn:
        return RunQuery::TextKey::FinalUrl;
    case ResultsModel::ErrorColumn:
        return RunQuery::TextKey::Error;
    default:
        return RunQuery::TextKey::Url;
    }
}

} // namespace

QVector<int> ResultsFilterModel::computeRows(const JobInput &in)
{
    const int n = int(in.rows.size());
    const bool searching = !in.search.isEmpty();
    const bool textSort = ResultsModel::isTextColumn(in.column);
    std::vector<bool> match;
    QVector<int> order;
    QString error;
    bool fromFile = !in.runPath.isEmpty();
    if (fromFile) {
        // SQLite sorts and searches the run file: its sorter spills to disk, so 1,000,000 rows cost no memory here.
        if (searching && !RunQuery::matching(in.runPath, in.search, &match, &error))
            fromFile = false;
        if (fromFile && textSort &&
            !RunQuery::idsOrderedBy(in.runPath, textKeyOf(in.column), in.order == Qt::DescendingOrder, &order, &error))
            fromFile = false;
    }
    if (!fromFile) {
        // No run file (a list never checked, or a model without one): the entries and the results held in memory.
        std::unordered_map<int, const CheckResult *> heldBy;
        for (const CheckResult &r : in.held)
            heldBy[r.id] = &r;
        const auto entryResult = [&in, &heldBy](int row) {
            const auto held = heldBy.find(row);
            if (held != heldBy.end())
                return *held->second;
            CheckResult r;
            r.id = row;
            if (row < in.list.entries.size()) {
                const UrlEntry &e = in.list.entries.at(row);
                r.input = e.text;
                r.url = e.url;
                r.error = e.error;
            }
            return r;
        };
        if (searching) {
            match.assign(std::size_t(n), false);
            for (int row = 0; row < n; ++row)
                match[std::size_t(row)] = textMatches(entryResult(row), in.search);
        }
        if (textSort) {
            std::vector<std::pair<QString, int>> keys;
            keys.reserve(std::size_t(n));
            for (int row = 0; row < n; ++row) {
                keys.emplace_back(textKeyFor(entryResult(row), in.column), row);
            }
            const bool descending = in.order == Qt::DescendingOrder;
            std::stable_sort(keys.begin(), keys.end(), [descending](const auto &a, const auto &b) {
                const int c = compareText(a.first, b.first);
                return descending ? c > 0 : c < 0;
            });
            order.reserve(n);
            for (const auto &key : keys)
                order.append(key.second);
        }
    }
    // Results not in the file yet decide by their own text.
    if (searching) {
        match.resize(std::max(match.size(), std::size_t(n)), false);
        for (const CheckResult &r : in.held)
            if (r.id >= 0 && r.id < n)
                match[std::size_t(r.id)] = textMatches(r, in.search);
    }
    const auto passes = [&](int row) {
        return row >= 0 && row < n && ResultsModel::matches(in.rows[std::size_t(row)], in.category) &&
               (!searching || match[std::size_t(row)]);
    };
    QVector<int> out;
    if (textSort) {
        out.reserve(order.size());
        for (const int row : std::as_const(order))
            if (passes(row))
                out.append(row);
        return out;
    }
    for (int row = 0; row < n; ++row)
        if (passes(row))
            out.append(row);
    if (in.column > ResultsModel::NumberColumn && in.column < ResultsModel::ColumnCount) {
        std::sort(out.begin(), out.end(),
                  [&in](int a, int b) { return compactLess(in.rows, in.categories, in.column, in.order, a, b); });
    } else if (in.column == ResultsModel::NumberColumn && in.order == Qt::DescendingOrder) {
        std::reverse(out.begin(), out.end());
    }
    return out;
}

template <typename Change>
void ResultsFilterModel::changeLayout(Change &&change)
{
    // A layout change (not a reset) so the selection and the current row follow their rows.
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QVector<QPair<int, int>> sources; // (source row, column) of each persistent index
    sources.reserve(before.size());
    for (const QModelIndex &index : before)
        sources.append({index.isValid() ? m_rows.value(index.row(), -1) : -1, index.column()});
    change();
    QModelIndexList after;
    after.reserve(before.size());
    for (const auto &source : std::as_const(sources)) {
        const int proxyRow = source.first >= 0 ? m_proxyOf.value(source.first, -1) : -1;
        after.append(proxyRow >= 0 ? createIndex(proxyRow, source.second) : QModelIndex());
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

std::shared_ptr<ResultsFilterModel::JobInput> ResultsFilterModel::jobInput(bool filtered) const
{
    auto in = std::make_shared<JobInput>();
    in->rows = m_model->rowsSnapshot(); // a pointer per 4,096 rows, not 40 MB copied on this thread
    in->categories = m_model->categories();
    in->column = m_sortColumn;
    in->order = m_order;
    in->category = filtered ? m_category : ResultFilter::All;
    in->search = filtered ? m_search : QString();
    in->runPath = m_model->runFilePath();
    in->list = m_model->list();
    if (!in->search.isEmpty() || in->runPath.isEmpty())
        in->held = m_model->heldResults();
    return in;
}

QVector<int> ResultsFilterModel::sortedSourceRows(bool filtered) const
{
    if (!m_model)
        return {};
    if (!m_jobRunning && (filtered || !isFiltering()))
        return m_rows; // the view's own mapping is that order
    if (isLarge())
        return computeRows(*jobInput(filtered)); // through the run file's queries, as a background rebuild
    QVector<int> rows;
    rows.reserve(m_model->rowCount());
    for (int r = 0; r < m_model->rowCount(); ++r)
        if (!filtered || accepts(r))
            rows.append(r);
    if (orderMatters())
        std::sort(rows.begin(), rows.end(), [this](int a, int b) { return lessThan(a, b); });
    else if (m_sortColumn == ResultsModel::NumberColumn && m_order == Qt::DescendingOrder)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

void ResultsFilterModel::startJob()
{
    m_resortTimer.stop();
    const int generation = ++m_generation;
    if (m_jobRunning)
        return; // the running one is out of date: a new one starts when it lands
    m_jobRunning = true;
    const std::shared_ptr<const JobInput> in = jobInput(true);
    auto out = std::make_shared<JobOutput>();
    QElapsedTimer clock;
    clock.start();
    QThread *worker = QThread::create([in, out]() {
        out->rows = computeRows(*in);
        out->proxyOf = inverseOf(out->rows, int(in->rows.size()));
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &QThread::finished, this, [this, out, generation, clock]() {
        m_jobRunning = false;
        m_lastJobMs = clock.elapsed();
        if (generation != m_generation || !m_model || out->proxyOf.size() != m_model->rowCount()) {
            startJob(); // the settings (or the rows) changed meanwhile
            return;
        }
        // Swapping the mapping in is all this thread does: the worker built it, its inverse included.
        changeLayout([this, out]() {
            m_rows = std::move(out->rows);
            m_proxyOf = std::move(out->proxyOf);
        });
        QVector<int> dirty = std::move(m_dirty);
        m_dirty.clear();
        std::sort(dirty.begin(), dirty.end());
        dirty.erase(std::unique(dirty.begin(), dirty.end()), dirty.end());
        if (!dirty.isEmpty())
            mergeRows(dirty);
        emit rebuilt();
    });
    worker->start(QThread::LowPriority);
}

void ResultsFilterModel::relayout()
{
    changeLayout([this]() { rebuildMapping({}); });
}

void ResultsFilterModel::rowsUpdated(const QVector<int> &sourceRows)
{
    if (m_jobRunning) {
        m_dirty += sourceRows; // placed once the new order lands
        return;
    }
    mergeRows(sourceRows);
}

bool ResultsFilterModel::inOrder(int leftRow, int rightRow) const
{
    if (orderMatters())
        return lessThan(leftRow, rightRow);
    return m_sortColumn == ResultsModel::NumberColumn && m_order == Qt::DescendingOrder ? leftRow > rightRow
                                                                                        : leftRow < rightRow;
}

void ResultsFilterModel::mergeRows(const QVector<int> &sourceRows)
{
    if (!m_model || sourceRows.isEmpty() || (!orderMatters() && !isFiltering()))
        return; // the view order is the list order: nothing moves
    const int sourceCount = m_model->rowCount();
    if (m_proxyOf.size() != sourceCount)
        return; // a reset is under way: its mapping replaces this one
    QVector<int> changed = sourceRows;
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    // Comparing text would read rows from the run file, k log n of them per batch: at size, changed rows keep their
    // place (new ones go last) and a background re-sort places them, at most about once a second.
    const bool keepPlace = isLarge() && ResultsModel::isTextColumn(m_sortColumn);
    const int shownCount = int(m_rows.size());
    // Changed rows shown now, by position, and whether they still pass; then those that leave their place (all
    // of them are taken out) and those (re)placed by binary search.
    QVector<QPair<int, bool>> shown;
    QVector<int> incoming;
    for (const int r : std::as_const(changed)) {
        if (r < 0 || r >= sourceCount)
            continue;
        const int p = m_proxyOf.at(r);
        const bool pass = accepts(r);
        if (p >= 0)
            shown.append({p, pass});
        else if (pass)
            incoming.append(r);
    }
    std::sort(shown.begin(), shown.end());
    QVector<int> leaving; // positions, ascending
    for (qsizetype i = 0; i < shown.size();) {
        // A run of changed rows next to each other stays where it is when each passes and the run is still in
        // order with itself and the unchanged rows around it: then the merge would give the same order.
        qsizetype j = i;
        bool stays = shown.at(i).second;
        while (j + 1 < shown.size() && shown.at(j + 1).first == shown.at(j).first + 1) {
            ++j;
            stays = stays && shown.at(j).second;
        }
        if (keepPlace) {
            for (qsizetype k = i; k <= j; ++k)
                if (!shown.at(k).second)
                    leaving.append(shown.at(k).first);
        } else {
            const int first = shown.at(i).first;
            const int last = shown.at(j).first;
            if (stays && first > 0)
                stays = inOrder(m_rows.at(first - 1), m_rows.at(first));
            for (int p = first; stays && p < last; ++p)
                stays = inOrder(m_rows.at(p), m_rows.at(p + 1));
            if (stays && last + 1 < shownCount)
                stays = inOrder(m_rows.at(last), m_rows.at(last + 1));
            if (!stays) {
                for (qsizetype k = i; k <= j; ++k) {
                    leaving.append(shown.at(k).first);
                    if (shown.at(k).second)
                        incoming.append(m_rows.at(shown.at(k).first));
                }
            }
        }
        i = j + 1;
    }
    if (leaving.isEmpty() && incoming.isEmpty()) {
        // Nothing moved (e.g. rows changed in place): no layout change, dataChanged repaints them.
        if (keepPlace && !m_resortTimer.isActive())
            m_resortTimer.start(int(std::max<qint64>(1000, 2 * m_lastJobMs)));
        return;
    }
    if (!keepPlace)
        std::sort(incoming.begin(), incoming.end(), [this](int a, int b) { return inOrder(a, b); });
    changeLayout([&]() {
        // In place: no copy of the mapping; only the rows after the first that moved are touched.
        int *rows = m_rows.data();
        int *proxyOf = m_proxyOf.data();
        int firstMoved = shownCount;
        int kept = shownCount;
        if (!leaving.isEmpty()) {
            firstMoved = leaving.first();
            int to = firstMoved;
            qsizetype next = 0;
            for (int from = firstMoved; from < shownCount; ++from) {
                if (next < leaving.size() && leaving.at(next) == from) {
                    proxyOf[rows[from]] = -1;
                    ++next;
                    continue;
                }
                rows[to++] = rows[from];
            }
            kept = to;
        }
        const int total = kept + int(incoming.size());
        m_rows.resize(total);
        rows = m_rows.data();
        if (keepPlace) {
            std::copy(incoming.cbegin(), incoming.cend(), rows + kept); // new rows go last
            firstMoved = std::min(firstMoved, kept);
        } else {
            // From the last incoming row back: find its place among the kept rows by binary search (O(log n)
            // comparisons, not one per row of a plain merge), shift the kept rows after it up, put it there.
            // Equal keys: kept rows first, as std::merge does.
            int end = kept;
            int to = total;
            for (qsizetype j = incoming.size() - 1; j >= 0; --j) {
                const int r = incoming.at(j);
                const int at =
                    int(std::upper_bound(rows, rows + end, r, [this](int a, int b) { return inOrder(a, b); }) - rows);
                std::move_backward(rows + at, rows + end, rows + to);
                to -= end - at;
                rows[--to] = r;
                end = at;
            }
            firstMoved = std::min(firstMoved, end);
        }
        for (int p = firstMoved; p < total; ++p)
            proxyOf[rows[p]] = p;
    });
    if (keepPlace && !m_resortTimer.isActive())
        m_resortTimer.start(int(std::max<qint64>(1000, 2 * m_lastJobMs)));
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
    } else if (bottomRight.row() - topLeft.row() >= WholeViewSpan) {
        // A wide span (a batch's rows coalesced, the time bars rescaled) lands all over a sorted view: repainting
        // every row costs the view what repainting the shown ones does; finding which would read the whole span.
        first = 0;
        last = int(m_rows.size()) - 1;
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
