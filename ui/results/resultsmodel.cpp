#include "results/resultsmodel.h"

#include "io/terminaltext.h"

#include <QColor>
#include <QGuiApplication>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

#include <algorithm>

namespace Fanout {

namespace {

QColor classColor(int statusClass)
{
    switch (statusClass) {
    case 1:
        return QColor(0x6b, 0x72, 0x80);
    case 2:
        return QColor(0x1e, 0x8e, 0x3e);
    case 3:
        return QColor(0x1a, 0x73, 0xe8);
    case 4:
        return QColor(0xd9, 0x6c, 0x00);
    case 5:
        return QColor(0xd9, 0x30, 0x25);
    default:
        return QColor(0x8e, 0x24, 0xaa); // network error, timeout, invalid, cancelled
    }
}

// A filled dot (ok/redirect) or a ring with a mark (failures) so the class reads without colour too.
QIcon makeStatusIcon(int statusClass)
{
    QIcon icon;
    for (const int size : {16, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const QColor color = classColor(statusClass);
        const qreal margin = size * 0.15;
        const QRectF circle(margin, margin, size - 2 * margin, size - 2 * margin);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        painter.drawEllipse(circle);
        if (statusClass >= 4 || statusClass < 0) {
            // a white bar across the dot: "stop" sign for failures
            QPen pen(Qt::white, size * 0.14, Qt::SolidLine, Qt::RoundCap);
            painter.setPen(pen);
            const qreal y = circle.center().y();
            painter.drawLine(QPointF(circle.left() + size * 0.18, y), QPointF(circle.right() - size * 0.18, y));
        } else if (statusClass == 3) {
            // an arrow for redirects
            QPen pen(Qt::white, size * 0.11, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
            painter.setPen(pen);
            const QPointF c = circle.center();
            const qreal r = circle.width() * 0.28;
            painter.drawLine(QPointF(c.x() - r, c.y()), QPointF(c.x() + r, c.y()));
            painter.drawLine(QPointF(c.x() + r, c.y()), QPointF(c.x() + r * 0.2, c.y() - r * 0.8));
            painter.drawLine(QPointF(c.x() + r, c.y()), QPointF(c.x() + r * 0.2, c.y() + r * 0.8));
        } else if (statusClass == 2) {
            QPen pen(Qt::white, size * 0.11, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
            painter.setPen(pen);
            const QPointF c = circle.center();
            const qreal r = circle.width() * 0.28;
            painter.drawPolyline(QPolygonF({QPointF(c.x() - r, c.y()), QPointF(c.x() - r * 0.25, c.y() + r * 0.7),
                                            QPointF(c.x() + r, c.y() - r * 0.6)}));
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QString urlText(const QUrl &url)
{
    return url.isEmpty() ? QString() : url.toString(QUrl::FullyEncoded | QUrl::DecodeReserved);
}

} // namespace

ResultsModel::ResultsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_batchTimer.setObjectName(QStringLiteral("resultsBatchTimer"));
    m_batchTimer.setInterval(DefaultBatchIntervalMs);
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_batchTimer, &QTimer::timeout, this, &ResultsModel::flush);
}

ResultsModel::~ResultsModel() = default;

int ResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

int ResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ResultsModel::columnTitle(int column) const
{
    switch (column) {
    case NumberColumn:
        return tr("#");
    case UrlColumn:
        return tr("URL");
    case StateColumn:
        return tr("State");
    case StatusColumn:
        return tr("Status");
    case TitleColumn:
        return tr("Title");
    case TimeColumn:
        return tr("Time (ms)");
    case SizeColumn:
        return tr("Size");
    case ContentTypeColumn:
        return tr("Content type");
    case FinalUrlColumn:
        return tr("Final URL");
    case RedirectsColumn:
        return tr("Redirects");
    case AttemptsColumn:
        return tr("Attempts");
    case ErrorColumn:
        return tr("Error");
    default:
        return {};
    }
}

QVariant ResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return columnTitle(section);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case NumberColumn:
            return tr("Position in the list (line numbers are in the details pane)");
        case StateColumn:
            return tr("Queued, checking or done");
        case StatusColumn:
            return tr("HTTP status of the final response, or the kind of error");
        case TimeColumn:
            return tr("Time from the request's start to its end; the bar is scaled to the slowest URL");
        case RedirectsColumn:
            return tr("Number of redirects followed; hover a cell for the hops");
        case AttemptsColumn:
            return tr("Attempts made, retries included");
        default:
            return columnTitle(section);
        }
    }
    if (role == Qt::TextAlignmentRole) {
        switch (section) {
        case NumberColumn:
        case TimeColumn:
        case SizeColumn:
        case RedirectsColumn:
        case AttemptsColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    return {};
}

int ResultsModel::statusClass(const CheckResult &result)
{
    if (result.state != CheckState::Done)
        return 0;
    if (!result.error.isEmpty() && result.status == 0)
        return -1;
    if (result.status >= 100 && result.status < 600)
        return result.status / 100;
    return -1;
}

QString ResultsModel::stateText(const CheckResult &result)
{
    if (!result.url.isValid() && !result.error.isEmpty())
        return tr("invalid");
    switch (result.state) {
    case CheckState::Queued:
        return tr("queued");
    case CheckState::Checking:
        return tr("checking");
    case CheckState::Done:
        return tr("done");
    }
    return {};
}

QString ResultsModel::statusText(const CheckResult &result)
{
    if (result.state != CheckState::Done)
        return {};
    if (result.status > 0)
        return result.reason.isEmpty() ? QString::number(result.status)
                                       : QString::number(result.status) + u' ' + result.reason;
    const QString category = result.errorCategory();
    return category.isEmpty() ? tr("error") : category;
}

QString ResultsModel::formatBytes(qint64 bytes)
{
    // Compact units: the size column is narrow and "296 bytes" would be elided.
    const QLocale locale;
    if (bytes < 1024)
        return tr("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return tr("%1 KB").arg(locale.toString(double(bytes) / 1024.0, 'f', bytes < 10 * 1024 ? 1 : 0));
    return tr("%1 MB").arg(locale.toString(double(bytes) / (1024.0 * 1024.0), 'f', 1));
}

QString ResultsModel::redirectsToolTip(const CheckResult &result)
{
    if (result.redirects.isEmpty())
        return {};
    QString text = tr("Redirect chain:");
    for (const RedirectHop &hop : result.redirects)
        text += u'\n' + QString::number(hop.status) + QStringLiteral("  ") + urlText(hop.url);
    if (!result.finalUrl.isEmpty()) {
        const QString finalStatus = result.status > 0 ? QString::number(result.status) : tr("error");
        text += u'\n' + finalStatus + QStringLiteral("  ") + urlText(result.finalUrl);
    }
    return text;
}

bool ResultsModel::matches(const CheckResult &result, ResultFilter filter)
{
    switch (filter) {
    case ResultFilter::All:
        return true;
    case ResultFilter::Ok:
        return result.isOk();
    case ResultFilter::Redirected:
        return result.isDone() && !result.redirects.isEmpty();
    case ResultFilter::Http4xx:
        return result.isDone() && result.status >= 400 && result.status < 500;
    case ResultFilter::Http5xx:
        return result.isDone() && result.status >= 500 && result.status < 600;
    case ResultFilter::Errors:
        return result.isDone() && !result.error.isEmpty();
    }
    return false;
}

void ResultsModel::countIn(const CheckResult &result, int sign)
{
    if (result.state == CheckState::Checking)
        m_counts.checking += sign;
    if (!result.isDone())
        return;
    m_counts.done += sign;
    if (result.isOk())
        m_counts.ok += sign;
    else
        m_counts.failed += sign;
    if (matches(result, ResultFilter::Redirected))
        m_counts.redirected += sign;
    if (matches(result, ResultFilter::Http4xx))
        m_counts.http4xx += sign;
    if (matches(result, ResultFilter::Http5xx))
        m_counts.http5xx += sign;
    if (matches(result, ResultFilter::Errors))
        m_counts.errors += sign;
    m_counts.bytes += sign * result.bytes;
    m_counts.sumMs += sign * std::max<qint64>(0, result.elapsedMs());
}

QVariant ResultsModel::displayData(const CheckResult &r, int column) const
{
    switch (column) {
    case NumberColumn:
        return r.id + 1;
    case UrlColumn:
        return r.url.isValid() ? urlText(r.url) : r.input;
    case StateColumn:
        return stateText(r);
    case StatusColumn:
        return statusText(r);
    case TitleColumn:
        return r.title;
    case TimeColumn: {
        if (r.state == CheckState::Checking && r.timings.startedMs >= 0)
            return QLocale().toString(std::max<qint64>(0, m_liveNowMs - r.timings.startedMs)); // so far
        const qint64 ms = r.elapsedMs();
        return r.isDone() && ms >= 0 ? QLocale().toString(ms) : QString();
    }
    case SizeColumn:
        return r.isDone() && (r.status > 0 || r.bytes > 0) ? formatBytes(r.bytes) : QString();
    case ContentTypeColumn:
        return r.contentType;
    case FinalUrlColumn:
        return r.finalUrl != r.url ? urlText(r.finalUrl) : QString();
    case RedirectsColumn:
        return r.redirects.isEmpty() ? QVariant(QString()) : QVariant(int(r.redirects.size()));
    case AttemptsColumn:
        return r.attempts > 0 ? QVariant(r.attempts) : QVariant(QString());
    case ErrorColumn:
        return r.error;
    default:
        return {};
    }
}

QString ResultsModel::toolTipText(const CheckResult &r, int column)
{
    switch (column) {
    case UrlColumn:
        return r.error.isEmpty() || r.url.isValid() ? urlText(r.url) : r.input + u'\n' + r.error;
    case StatusColumn:
    case ErrorColumn:
        return r.error;
    case TitleColumn:
        return r.title;
    case FinalUrlColumn:
    case RedirectsColumn:
        return redirectsToolTip(r);
    default:
        return {};
    }
}

QVariant ResultsModel::sortData(const CheckResult &r, int column) const
{
    switch (column) {
    case NumberColumn:
        return r.id;
    case StateColumn:
        return int(r.state);
    case StatusColumn:
        return r.status;
    case TimeColumn:
        return r.elapsedMs();
    case SizeColumn:
        return r.bytes;
    case RedirectsColumn:
        return int(r.redirects.size());
    case AttemptsColumn:
        return r.attempts;
    default:
        return displayData(r, column);
    }
}

QVariant ResultsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_results.size())
        return {};
    const CheckResult &r = m_results.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: {
        // Titles, errors quoting a Location, rejected lines and reason phrases are a stranger's text: a bidi
        // override would reorder the cell (and its neighbours' reading), a control hide part of it. Shown
        // escaped; sorting, search, export, Copy URL and the details pane keep the exact text.
        const QVariant value = displayData(r, column);
        return value.typeId() == QMetaType::QString ? QVariant(terminalSafe(value.toString())) : value;
    }
    case Qt::ToolTipRole: {
        const QString tip = toolTipText(r, column);
        return tip.isEmpty() ? QVariant() : QVariant(terminalSafeLines(tip));
    }
    case Qt::DecorationRole:
        if (column == StatusColumn && r.isDone()) {
            const int cls = statusClass(r);
            const int slot = cls < 0 ? 5 : std::clamp(cls - 1, 0, 4);
            if (m_statusIcons[slot].isNull())
                m_statusIcons[slot] = makeStatusIcon(cls < 0 ? -1 : slot + 1);
            return m_statusIcons[slot];
        }
        return {};
    case Qt::ForegroundRole:
        if (column == StatusColumn && r.isDone())
            return classColor(statusClass(r));
        if ((column == StateColumn || column == TimeColumn) && r.state == CheckState::Checking)
            return QColor(0x1a, 0x73, 0xe8); // in flight: a running time, not a result
        return {};
    case Qt::TextAlignmentRole:
        return headerData(column, Qt::Horizontal, role);
    case TimeFractionRole: {
        const qint64 ms = r.elapsedMs();
        return r.isDone() && ms >= 0 && m_slowestMs > 0 ? double(ms) / double(m_slowestMs) : 0.0;
    }
    case SortRole:
        return sortData(r, column);
    case StatusClassRole:
        return statusClass(r);
    default:
        return {};
    }
}

void ResultsModel::setList(const UrlList &list)
{
    m_batchTimer.stop();
    beginResetModel();
    m_results.clear();
    m_results.reserve(list.entries.size());
    m_counts = {};
    for (int i = 0; i < list.entries.size(); ++i) {
        const UrlEntry &entry = list.entries.at(i);
        CheckResult r;
        r.id = i;
        r.line = entry.line;
        r.input = entry.text;
        r.url = entry.url;
        r.error = entry.error; // rejected lines show their reason before any run
        m_results.append(std::move(r));
    }
    m_counts.total = int(m_results.size());
    m_pending.clear();
    m_isPending.assign(std::size_t(m_results.size()), false);
    m_slowestMs = 0;
    m_slowestChanged = false;
    endResetModel();
    emit batchFlushed();
}

void ResultsModel::clear()
{
    setList(UrlList());
}

void ResultsModel::resetRows(const QVector<int> &rows)
{
    bool slowestGone = false;
    for (const int row : rows) {
        if (row < 0 || row >= m_results.size())
            continue;
        CheckResult &r = m_results[row];
        countIn(r, -1);
        if (r.elapsedMs() >= m_slowestMs && m_slowestMs > 0)
            slowestGone = true;
        CheckResult fresh;
        fresh.id = r.id;
        fresh.line = r.line;
        fresh.input = r.input;
        fresh.url = r.url;
        if (!r.url.isValid())
            fresh.error = r.error;
        r = std::move(fresh);
        markPending(row);
    }
    if (slowestGone) {
        // Rare (re-check): a full scan is fine here, never per result.
        m_slowestMs = 0;
        for (const CheckResult &r : std::as_const(m_results))
            if (r.isDone())
                m_slowestMs = std::max(m_slowestMs, r.elapsedMs());
        m_slowestChanged = true;
    }
}

void ResultsModel::markStarted(int id, qint64 atMs)
{
    if (id < 0 || id >= m_results.size())
        return;
    CheckResult &r = m_results[id];
    countIn(r, -1);
    r.state = CheckState::Checking;
    r.timings.startedMs = atMs;
    countIn(r, +1);
    markPending(id);
}

void ResultsModel::setResult(const CheckResult &result)
{
    const int id = result.id;
    if (id < 0 || id >= m_results.size())
        return;
    CheckResult &r = m_results[id];
    countIn(r, -1);
    r = result;
    if (r.state != CheckState::Done)
        r.state = CheckState::Done; // a reported result is final whatever the sender filled in
    countIn(r, +1);
    if (r.elapsedMs() > m_slowestMs) {
        m_slowestMs = r.elapsedMs();
        m_slowestChanged = true;
    }
    markPending(id);
}

void ResultsModel::markPending(int row)
{
    if (!m_isPending[std::size_t(row)]) {
        m_isPending[std::size_t(row)] = true;
        m_pending.append(row);
    }
    if (!m_batchTimer.isActive())
        m_batchTimer.start();
}

void ResultsModel::setBatchInterval(int ms)
{
    m_batchTimer.setInterval(std::max(1, ms));
}

int ResultsModel::batchInterval() const
{
    return m_batchTimer.interval();
}

void ResultsModel::flush()
{
    m_batchTimer.stop();
    if (m_pending.isEmpty() && !m_slowestChanged)
        return;
    std::sort(m_pending.begin(), m_pending.end());
    for (const int row : std::as_const(m_pending))
        m_isPending[std::size_t(row)] = false;

    emit rowsUpdated(m_pending);

    // Coalesce into contiguous ranges; past a handful of ranges one span is cheaper for views and proxies.
    constexpr int maxRanges = 16;
    QVector<QPair<int, int>> ranges;
    for (const int row : std::as_const(m_pending)) {
        if (!ranges.isEmpty() && ranges.last().second + 1 == row)
            ranges.last().second = row;
        else
            ranges.append({row, row});
    }
    if (ranges.size() > maxRanges)
        ranges = {{ranges.first().first, ranges.last().second}};
    const int lastColumn = ColumnCount - 1;
    for (const auto &range : std::as_const(ranges))
        emit dataChanged(index(range.first, 0), index(range.second, lastColumn));
    if (m_slowestChanged && !m_results.isEmpty()) {
        // The bars are scaled to the slowest row, so the whole time column changes.
        emit dataChanged(index(0, TimeColumn), index(int(m_results.size()) - 1, TimeColumn), {TimeFractionRole});
    }
    m_slowestChanged = false;
    m_pending.clear();
    ++m_flushCount;
    emit batchFlushed();
}

} // namespace Fanout
