#include "results/resultsmodel.h"

#include "engine/messagetext.h"
#include "io/terminaltext.h"
#include "store/runfile.h"

#include <QColor>
#include <QGuiApplication>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

#include <algorithm>
#include <limits>

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

namespace {

qint32 clampMs(qint64 ms)
{
    return ms < 0 ? -1 : qint32(std::min<qint64>(ms, std::numeric_limits<qint32>::max()));
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
    return parent.isValid() ? 0 : int(m_rows.size());
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
            return tr("What the check came to: the error when there is one (also after an HTTP status), else the "
                      "HTTP status of the final response");
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
    switch (result.outcome()) {
    case CheckOutcome::Pending:
        return 0;
    case CheckOutcome::Ok:
    case CheckOutcome::HttpError:
        return std::clamp(result.status / 100, 1, 5);
    case CheckOutcome::Accepted:
        return 2; // the run's --accept made it OK
    case CheckOutcome::Excluded:
    case CheckOutcome::Skipped:
        return 1; // neither OK nor failed
    default:
        return -1;
    }
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

QString ResultsModel::httpStatusText(const CheckResult &result)
{
    if (result.status <= 0)
        return {};
    return result.reason.isEmpty() ? QString::number(result.status)
                                   : QString::number(result.status) + u' ' + result.reason;
}

QString ResultsModel::statusText(const CheckResult &result)
{
    const CheckOutcome outcome = result.outcome();
    const QString http = httpStatusText(result);
    // An error that came after an HTTP status: the status is what came before it, in parentheses.
    const auto after = [&result, &http](const QString &what) {
        if (result.status <= 0)
            return what;
        return tr("%1 (after %2)").arg(what, http);
    };
    const auto afterCut = [&result, &http](const QString &what) {
        if (result.status <= 0)
            return what;
        return tr("%1 (after %2, body incomplete)").arg(what, http);
    };
    const auto hop = [&result](const QString &what) {
        return result.status > 0 ? tr("%1 (%2)").arg(what).arg(result.status) : what;
    };
    switch (outcome) {
    case CheckOutcome::Pending:
        return {};
    case CheckOutcome::Ok:
    case CheckOutcome::HttpError:
        return http;
    case CheckOutcome::Accepted:
        return tr("%1 (accepted)").arg(http);
    case CheckOutcome::NotAccepted:
        return result.status > 0 ? tr("Not accepted (%1)").arg(http) : tr("Not accepted");
    case CheckOutcome::Timeout:
        return afterCut(tr("Timeout"));
    case CheckOutcome::RedirectLoop:
        return hop(tr("Redirect loop"));
    case CheckOutcome::TooManyRedirects:
        return hop(tr("Too many redirects"));
    case CheckOutcome::BadRedirect:
        return hop(tr("Bad redirect"));
    case CheckOutcome::Dns:
        return after(tr("DNS lookup failed"));
    case CheckOutcome::Refused:
        return after(tr("Connection refused"));
    case CheckOutcome::Reset:
        return afterCut(tr("Connection reset"));
    case CheckOutcome::Tls:
        return after(tr("TLS error"));
    case CheckOutcome::Proxy:
        return after(tr("Proxy error"));
    case CheckOutcome::Network:
        return afterCut(tr("Network error"));
    case CheckOutcome::Protocol:
        return after(tr("Protocol error"));
    case CheckOutcome::Content:
        return after(tr("Undecodable body"));
    case CheckOutcome::TooLarge:
        return after(tr("Body too large"));
    case CheckOutcome::Scheme:
        return tr("Unsupported scheme");
    case CheckOutcome::Invalid:
        return tr("Invalid URL");
    case CheckOutcome::Cancelled:
        return afterCut(tr("Cancelled"));
    case CheckOutcome::Excluded:
        return tr("Excluded");
    case CheckOutcome::Skipped:
        return tr("Skipped");
    case CheckOutcome::OtherError: {
        const QString category = result.errorCategory();
        if (category == QLatin1String("sitemap"))
            return tr("Sitemap unreadable"); // a row a sitemap left: its error says which and why
        return after(category.isEmpty() ? tr("Error") : category);
    }
    }
    return {};
}

QString ResultsModel::statusToolTip(const CheckResult &result)
{
    const QString outcome = statusText(result);
    if (result.error.isEmpty() || outcome.isEmpty())
        return outcome;
    return outcome + u'\n' + result.error;
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
        return result.isDone() && !result.error.isEmpty() && !result.isCancelled();
    case ResultFilter::Cancelled:
        return result.isCancelled();
    }
    return false;
}

bool ResultsModel::matches(const TimingRow &row, ResultFilter filter)
{
    // As matches(CheckResult), from the verdicts the row kept.
    switch (filter) {
    case ResultFilter::All:
        return true;
    case ResultFilter::Ok:
        return row.isOk();
    case ResultFilter::Redirected:
        return row.isDone() && row.redirects > 0;
    case ResultFilter::Http4xx:
        return row.isDone() && row.status >= 400 && row.status < 500;
    case ResultFilter::Http5xx:
        return row.isDone() && row.status >= 500 && row.status < 600;
    case ResultFilter::Errors:
        return row.isDone() && row.hasError() && !row.isCancelled();
    case ResultFilter::Cancelled:
        return row.isCancelled();
    }
    return false;
}

bool ResultsModel::isTextColumn(int column)
{
    switch (column) {
    case UrlColumn:
    case TitleColumn:
    case ContentTypeColumn:
    case FinalUrlColumn:
    case ErrorColumn:
        return true;
    default:
        return false;
    }
}

int ResultsModel::statusClass(const CompactRow &c)
{
    // As statusClass(CheckResult), from the flags the error left.
    if (!c.isDone())
        return 0;
    if (c.flags & CompactRow::Accepted)
        return 2;
    if (c.flags & CompactRow::Skipped)
        return 1;
    if (c.hasError() || c.status <= 0)
        return -1;
    return std::clamp(c.status / 100, 1, 5);
}

int ResultsModel::compareStatus(const CompactRow &a, const CompactRow &b, const QStringList &categories)
{
    // Sorted as the cells read: an error leads (grouped by its category), whatever status came before it.
    const auto group = [](const CompactRow &c) {
        return !c.isDone() ? 0 : c.hasError() && !(c.flags & CompactRow::Accepted) ? 1 : 2;
    };
    const int ga = group(a);
    const int gb = group(b);
    if (ga != gb)
        return ga < gb ? -1 : 1;
    if (ga == 1) {
        const int byCategory =
            QString::compare(categories.value(a.category), categories.value(b.category), Qt::CaseInsensitive);
        if (byCategory != 0)
            return byCategory < 0 ? -1 : 1;
    }
    return a.status < b.status ? -1 : (b.status < a.status ? 1 : 0);
}

bool ResultsModel::matches(const CompactRow &c, ResultFilter filter)
{
    switch (filter) {
    case ResultFilter::All:
        return true;
    case ResultFilter::Ok:
        return c.isOk();
    case ResultFilter::Redirected:
        return c.isDone() && c.redirects > 0;
    case ResultFilter::Http4xx:
        return c.isDone() && c.status >= 400 && c.status < 500;
    case ResultFilter::Http5xx:
        return c.isDone() && c.status >= 500 && c.status < 600;
    case ResultFilter::Errors:
        return c.isDone() && c.hasError() && !c.isCancelled();
    case ResultFilter::Cancelled:
        return c.isCancelled();
    }
    return false;
}

void ResultsModel::countIn(const CompactRow &c, int sign)
{
    if (c.checkState() == CheckState::Checking)
        m_counts.checking += sign;
    if (!c.isDone())
        return;
    if (c.isCancelled()) {
        m_counts.cancelled += sign;
        return;
    }
    m_counts.done += sign;
    if (c.isOk())
        m_counts.ok += sign;
    else if (c.isFailed()) // an excluded row counts neither way, as in the CLI's summary
        m_counts.failed += sign;
    if (matches(c, ResultFilter::Redirected))
        m_counts.redirected += sign;
    if (matches(c, ResultFilter::Http4xx))
        m_counts.http4xx += sign;
    if (matches(c, ResultFilter::Http5xx))
        m_counts.http5xx += sign;
    if (matches(c, ResultFilter::Errors))
        m_counts.errors += sign;
    m_counts.bytes += sign * c.bytes;
    m_counts.sumMs += sign * std::max<qint64>(0, c.elapsedMs());
}

void ResultsModel::storeCompact(int row, const CheckResult &r)
{
    CompactRow &c = m_rows.writable(std::size_t(row));
    c.bytes = r.bytes;
    c.startedMs = clampMs(r.timings.startedMs);
    c.connectMs = clampMs(r.timings.connectMs);
    c.sentMs = clampMs(r.timings.sentMs);
    c.headersMs = clampMs(r.timings.headersMs);
    c.finishedMs = clampMs(r.timings.finishedMs);
    c.status = qint16(std::clamp(r.status, 0, 32767));
    c.state = quint8(r.state);
    c.category = m_categories.codeOf(r.errorCategory());
    c.attempts = quint8(std::clamp(r.attempts, 0, 255));
    c.redirects = quint8(std::clamp(int(r.redirects.size()), 0, 255));
    c.flags = 0;
    if (r.url.isValid())
        c.flags |= CompactRow::UsableUrl;
    if (!r.error.isEmpty())
        c.flags |= CompactRow::HasError;
    if (r.error.startsWith(QLatin1String("accepted:")))
        c.flags |= CompactRow::Accepted;
    if (CheckResult::isSkippedError(r.error))
        c.flags |= CompactRow::Skipped;
    const bool cancelled = CheckResult::isCancelledError(r.error);
    if (cancelled)
        c.flags |= CompactRow::Cancelled;
    c.cancelText = cancelled ? m_cancelTexts.codeOf(r.error) : 0;
    if (!r.finalUrl.isEmpty() && r.finalUrl != r.url)
        c.flags |= CompactRow::FinalDiffers;
    m_timing->set(row, r);
}

CheckResult ResultsModel::withCancellation(CheckResult entry, const CompactRow &c) const
{
    entry.state = CheckState::Done;
    entry.error = m_cancelTexts.text(c.cancelText);
    if (entry.error.isEmpty())
        entry.error = m_categories.text(c.category); // more distinct texts than kept: the category says it
    entry.attempts = c.attempts;
    entry.bytes = c.bytes;
    const auto ms = [](qint32 v) {
        return v < 0 ? qint64(-1) : qint64(v);
    };
    entry.timings.startedMs = ms(c.startedMs);
    entry.timings.connectMs = ms(c.connectMs);
    entry.timings.sentMs = ms(c.sentMs);
    entry.timings.headersMs = ms(c.headersMs);
    entry.timings.finishedMs = ms(c.finishedMs);
    return entry;
}

CheckResult ResultsModel::entryOf(int row) const
{
    CheckResult r;
    r.id = row;
    if (row >= 0 && row < m_list.entries.size()) {
        const UrlEntry &entry = m_list.entries.at(row);
        r.line = entry.line;
        r.input = entry.text;
        r.url = entry.url;
        r.error = entry.error; // rejected lines show their reason before any run
    }
    return r;
}

const CheckResult *ResultsModel::fetch(int row) const
{
    if (row < 0 || std::size_t(row) >= m_rows.size())
        return nullptr;
    const auto held = m_held.find(row);
    if (held != m_held.end())
        return &held->second.second;
    const auto cached = m_cache.find(row);
    if (cached != m_cache.end()) {
        m_lru.splice(m_lru.begin(), m_lru, cached->second);
        return &cached->second->second;
    }
    ++m_fetches;
    const CompactRow &c = m_rows[std::size_t(row)];
    CheckResult r;
    std::optional<CheckResult> stored;
    if (m_reader)
        stored = m_reader->result(row);
    if (stored && stored->id == row && !stored->isDone() && c.isCancelled()) {
        r = withCancellation(std::move(*stored), c);
    } else if (stored && stored->id == row) {
        r = std::move(*stored);
        if (!c.isDone()) {
            // Queued again for a re-check: the file still holds the old result; only the entry shows.
            CheckResult entry;
            entry.id = r.id;
            entry.line = r.line;
            entry.input = r.input;
            entry.url = r.url;
            if (!r.url.isValid())
                entry.error = r.error;
            r = std::move(entry);
        }
    } else {
        r = entryOf(row);
    }
    r.state = c.checkState();
    if (!c.isDone())
        r.timings.startedMs = c.startedMs;
    m_lru.emplace_front(row, std::move(r));
    m_cache.emplace(row, m_lru.begin());
    while (int(m_cache.size()) > m_cacheCapacity) {
        m_cache.erase(m_lru.back().first);
        m_lru.pop_back();
    }
    return &m_lru.front().second;
}

CheckResult ResultsModel::result(int row) const
{
    const CheckResult *r = fetch(row);
    CheckResult out = r ? *r : CheckResult();
    if (out.sources.isEmpty() && row >= 0 && row < m_sources.size())
        out.sources = m_sources.at(row);
    return out;
}

QVector<CheckResult> ResultsModel::allResults() const
{
    QVector<CheckResult> all;
    all.reserve(qsizetype(m_rows.size()));
    for (int row = 0; row < int(m_rows.size()); ++row)
        all.append(result(row));
    return all;
}

QVector<CheckResult> ResultsModel::resultsRange(int first, int last) const
{
    first = std::max(0, first);
    last = std::min(last, int(m_rows.size()) - 1);
    QVector<CheckResult> out;
    if (first > last)
        return out;
    if (!m_reader) {
        for (int row = first; row <= last; ++row)
            out.append(result(row));
        return out;
    }
    const QVector<CheckResult> stored = m_reader->results(first, last);
    out.reserve(last - first + 1);
    qsizetype next = 0;
    for (int row = first; row <= last; ++row) {
        while (next < stored.size() && stored.at(next).id < row)
            ++next;
        const auto held = m_held.find(row);
        const CompactRow &c = m_rows[std::size_t(row)];
        if (held != m_held.end())
            out.append(held->second.second);
        else if (c.isCancelled() && next < stored.size() && stored.at(next).id == row && !stored.at(next).isDone())
            out.append(withCancellation(stored.at(next), c));
        else if (c.isDone() && next < stored.size() && stored.at(next).id == row)
            out.append(stored.at(next));
        else
            out.append(result(row)); // queued again, or not in the file: as the table shows it
        if (out.last().sources.isEmpty() && row < m_sources.size())
            out.last().sources = m_sources.at(row); // RunFile::results() has no sources column
    }
    return out;
}

QVector<CheckResult> ResultsModel::heldResults() const
{
    QVector<CheckResult> held;
    held.reserve(qsizetype(m_held.size()));
    for (const auto &entry : m_held)
        held.append(entry.second.second);
    return held;
}

QVector<CheckResult> ResultsModel::earlierResults(int row) const
{
    return m_reader ? m_reader->earlierResults(row) : QVector<CheckResult>();
}

QString ResultsModel::statusTextOf(int row, const CompactRow &c) const
{
    if (!c.isDone())
        return {};
    if (c.status > 0 || c.hasError()) {
        const CheckResult *r = fetch(row); // the reason phrase and the error are text
        if (r)
            return statusText(*r);
    }
    if (c.status > 0)
        return QString::number(c.status);
    const QString category = m_categories.text(c.category);
    return category.isEmpty() ? tr("Error") : category;
}

QVariant ResultsModel::displayData(int row, const CompactRow &c, int column) const
{
    switch (column) {
    case NumberColumn:
        return row + 1;
    case UrlColumn: {
        const CheckResult *r = fetch(row);
        return r ? (r->url.isValid() ? urlText(r->url) : r->input) : QString();
    }
    case StateColumn:
        if (!(c.flags & CompactRow::UsableUrl) && c.hasError())
            return tr("invalid");
        switch (c.checkState()) {
        case CheckState::Queued:
            return tr("queued");
        case CheckState::Checking:
            return tr("checking");
        case CheckState::Done:
            return tr("done");
        }
        return {};
    case StatusColumn:
        return statusTextOf(row, c);
    case TitleColumn: {
        const CheckResult *r = c.isDone() ? fetch(row) : nullptr;
        return r ? r->title : QString();
    }
    case TimeColumn: {
        if (c.checkState() == CheckState::Checking && c.startedMs >= 0)
            return QLocale().toString(std::max<qint64>(0, m_liveNowMs - c.startedMs)); // so far
        const qint64 ms = c.elapsedMs();
        return c.isDone() && ms >= 0 ? QLocale().toString(ms) : QString();
    }
    case SizeColumn:
        return c.isDone() && (c.status > 0 || c.bytes > 0) ? formatBytes(c.bytes) : QString();
    case ContentTypeColumn: {
        const CheckResult *r = c.isDone() ? fetch(row) : nullptr;
        return r ? r->contentType : QString();
    }
    case FinalUrlColumn: {
        const CheckResult *r = (c.flags & CompactRow::FinalDiffers) ? fetch(row) : nullptr;
        return r ? urlText(r->finalUrl) : QString();
    }
    case RedirectsColumn:
        return c.redirects == 0 ? QVariant(QString()) : QVariant(int(c.redirects));
    case AttemptsColumn:
        return c.attempts > 0 ? QVariant(int(c.attempts)) : QVariant(QString());
    case ErrorColumn: {
        const CheckResult *r = c.hasError() ? fetch(row) : nullptr;
        return r ? r->error : QString();
    }
    default:
        return {};
    }
}

QString ResultsModel::toolTipText(const CheckResult &r, int column)
{
    switch (column) {
    case UrlColumn:
        return r.error.isEmpty() || r.url.isValid() ? urlText(r.url)
                                                    : r.input + u'\n' + MessageText::translated(r.error);
    case StatusColumn:
        return statusToolTip(r);
    case ErrorColumn:
        return MessageText::translated(r.error);
    case TitleColumn:
        return r.title;
    case FinalUrlColumn:
    case RedirectsColumn:
        return redirectsToolTip(r);
    default:
        return {};
    }
}

QVariant ResultsModel::sortData(int row, const CompactRow &c, int column) const
{
    switch (column) {
    case NumberColumn:
        return row;
    case StateColumn:
        return int(c.state);
    case StatusColumn:
        return int(c.status);
    case TimeColumn:
        return c.elapsedMs();
    case SizeColumn:
        return c.bytes;
    case RedirectsColumn:
        return int(c.redirects);
    case AttemptsColumn:
        return int(c.attempts);
    default:
        return displayData(row, c, column);
    }
}

QVariant ResultsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || std::size_t(index.row()) >= m_rows.size())
        return {};
    const int row = index.row();
    const CompactRow &c = m_rows[std::size_t(row)];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: {
        // Titles, errors quoting a Location, rejected lines and reason phrases are a stranger's text: a bidi
        // override would reorder the cell (and its neighbours' reading), a control hide part of it. Shown
        // escaped; sorting, search, export, Copy URL and the details pane keep the exact text.
        // Errors are kept in English (run file, exports, sorting); people read them in their language.
        QVariant value = displayData(row, c, column);
        if (column == ErrorColumn)
            value = MessageText::translated(value.toString());
        return value.typeId() == QMetaType::QString ? QVariant(terminalSafe(value.toString())) : value;
    }
    case Qt::ToolTipRole: {
        const CheckResult *r = fetch(row);
        const QString tip = r ? toolTipText(*r, column) : QString();
        return tip.isEmpty() ? QVariant() : QVariant(terminalSafeLines(tip));
    }
    case Qt::DecorationRole:
        if (column == StatusColumn && c.isDone()) {
            const int cls = statusClass(c);
            const int slot = cls < 0 ? 5 : std::clamp(cls - 1, 0, 4);
            if (m_statusIcons[slot].isNull())
                m_statusIcons[slot] = makeStatusIcon(cls < 0 ? -1 : slot + 1);
            return m_statusIcons[slot];
        }
        return {};
    case Qt::ForegroundRole:
        if (column == StatusColumn && c.isDone())
            return classColor(statusClass(c));
        if ((column == StateColumn || column == TimeColumn) && c.checkState() == CheckState::Checking)
            return QColor(0x1a, 0x73, 0xe8); // in flight: a running time, not a result
        return {};
    case Qt::TextAlignmentRole:
        return headerData(column, Qt::Horizontal, role);
    case TimeFractionRole: {
        const qint64 ms = c.elapsedMs();
        return c.isDone() && ms >= 0 && m_slowestMs > 0 ? double(ms) / double(m_slowestMs) : 0.0;
    }
    case SortRole:
        return sortData(row, c, column);
    case StatusClassRole:
        return statusClass(c);
    default:
        return {};
    }
}

void ResultsModel::resetTransient()
{
    m_cancelTexts = TextCodes();
    m_held.clear();
    m_heldOrder.clear();
    m_received = 0;
    m_committed = 0;
    m_lru.clear();
    m_cache.clear();
    m_pending.clear();
    m_slowestChanged = false;
}

void ResultsModel::resetStorage(int rows)
{
    resetTransient();
    m_rows.assign(std::size_t(rows), CompactRow());
    *m_timing = TimingTable(rows);
    m_counts = {};
    m_counts.total = rows;
    m_isPending.assign(std::size_t(rows), false);
    m_slowestMs = 0;
}

void ResultsModel::setList(const UrlList &list)
{
    m_batchTimer.stop();
    beginResetModel();
    m_reader.reset();
    m_list = list;
    m_sources.clear();
    resetStorage(int(list.entries.size()));
    for (int i = 0; i < int(m_rows.size()); ++i)
        storeCompact(i, entryOf(i));
    endResetModel();
    emit batchFlushed();
}

void ResultsModel::clear()
{
    setList(UrlList());
}

void ResultsModel::setRun(LoadedRows loaded, const QString &runPath)
{
    m_batchTimer.stop();
    beginResetModel();
    m_list = UrlList();
    m_sources.clear();
    m_reader.reset();
    // Nothing here is O(rows) but the pending flags (a bit a row): the rows, their timing rows and counters come
    // whole from the load's thread. The rows replaced are freed with loaded, one block each.
    resetTransient();
    const int count = int(loaded.rows.size());
    std::swap(m_rows, loaded.rows);
    if (loaded.timing.size() == count)
        std::swap(*m_timing, loaded.timing);
    else
        *m_timing = TimingTable(count);
    m_categories = TextCodes(loaded.categories);
    m_counts = loaded.counts;
    m_counts.total = count;
    m_slowestMs = loaded.slowestMs;
    m_isPending.assign(std::size_t(count), false);
    attachRunFile(runPath);
    endResetModel();
    emit batchFlushed();
}

bool ResultsModel::loadRows(const QString &runPath, LoadedRows *loaded, QString *error, RunMeta *meta,
                            QStringList *sources)
{
    // A model of its own (no parent, this thread) does the conversion, so the codes match what setRun expects.
    std::unique_ptr<RunFile> file = RunFile::open(runPath, RunFile::Mode::ReadOnly, error);
    if (!file)
        return false;
    ResultsModel scratch;
    const RunMeta read = file->meta();
    if (meta)
        *meta = read;
    const int count = std::max(read.entries, file->maxEntryId() + 1);
    scratch.resetStorage(count);
    const bool ok = file->forEachResult([&scratch, count, sources](const CheckResult &r) {
        if (r.id >= 0 && r.id < count) {
            scratch.storeCompact(r.id, r);
            // Only a run from documents or a sitemap has sources: no list of empty strings for the others.
            if (sources && !r.sources.isEmpty()) {
                if (sources->isEmpty())
                    sources->resize(count);
                (*sources)[r.id] = r.sources;
            }
        }
        return true;
    });
    if (!ok) {
        if (error)
            *error = file->lastError();
        return false;
    }
    // The counters and the slowest row as setRun shows them, counted here rather than on the GUI thread.
    ResultCounts &counts = scratch.m_counts;
    counts = {};
    qint64 slowest = 0;
    for (std::size_t i = 0; i < scratch.m_rows.size(); ++i) {
        const CompactRow &c = scratch.m_rows[i];
        scratch.countIn(c, +1);
        if (c.isDone())
            slowest = std::max(slowest, c.elapsedMs());
    }
    loaded->rows = std::move(scratch.m_rows);
    loaded->timing = std::move(*scratch.m_timing);
    loaded->categories = scratch.m_categories.texts();
    loaded->counts = counts;
    loaded->slowestMs = slowest;
    return true;
}

bool ResultsModel::attachRunFile(const QString &path, QString *error)
{
    m_reader.reset();
    if (path.isEmpty())
        return false;
    QString why;
    // The file was checked whole where it was made or loaded (the writer, loadRows on a worker): this thread
    // only reads its header again.
    m_reader = RunFile::open(path, RunFile::Mode::ReadOnly, &why, RunFile::Verify::Header);
    if (error)
        *error = why;
    // Rows fetched before may have been read from the list alone: read them again from the file.
    m_lru.clear();
    m_cache.clear();
    resultsCommitted(m_committed);
    return m_reader != nullptr;
}

QString ResultsModel::runFilePath() const
{
    return m_reader ? m_reader->path() : QString();
}

void ResultsModel::resultsCommitted(qint64 n)
{
    m_committed = std::max(m_committed, n);
    if (!m_reader)
        return; // nowhere to read them back from yet: they stay
    qsizetype drop = 0;
    while (drop < m_heldOrder.size() && m_heldOrder.at(drop).first <= m_committed) {
        const auto [seq, row] = m_heldOrder.at(drop);
        const auto it = m_held.find(row);
        if (it != m_held.end() && it->second.first == seq) {
            // Just received: kept in the cache so the next paint needs no read.
            CheckResult r = std::move(it->second.second);
            m_held.erase(it);
            const auto cached = m_cache.find(row);
            if (cached != m_cache.end()) {
                m_lru.erase(cached->second);
                m_cache.erase(cached);
            }
            m_lru.emplace_front(row, std::move(r));
            m_cache.emplace(row, m_lru.begin());
        }
        ++drop;
    }
    m_heldOrder.remove(0, drop);
    while (int(m_cache.size()) > m_cacheCapacity) {
        m_cache.erase(m_lru.back().first);
        m_lru.pop_back();
    }
}

void ResultsModel::resetRows(const QVector<int> &rows)
{
    bool slowestGone = false;
    for (const int row : rows) {
        if (row < 0 || std::size_t(row) >= m_rows.size())
            continue;
        if (m_rows[std::size_t(row)].checkState() == CheckState::Queued && m_held.find(row) == m_held.end())
            continue; // never checked: nothing to put back (a fresh run of 1,000,000 rows costs nothing here)
        CompactRow &c = m_rows.writable(std::size_t(row));
        countIn(c, -1);
        if (c.elapsedMs() >= m_slowestMs && m_slowestMs > 0)
            slowestGone = true;
        // Back to the entry alone, from the compact row: a rejected line keeps its rejection, nothing is read.
        CompactRow fresh;
        fresh.flags = c.flags & CompactRow::UsableUrl;
        if (!(c.flags & CompactRow::UsableUrl) && c.hasError()) {
            fresh.flags |= CompactRow::HasError;
            fresh.category = c.category;
        }
        c = fresh;
        TimingRow &slim = (*m_timing)[row];
        TimingRow freshSlim;
        freshSlim.id = slim.id;
        freshSlim.line = slim.line;
        freshSlim.origin = slim.origin;
        if (slim.origin < 0) { // a rejected line keeps its rejection (the error's category and verdict)
            freshSlim.category = slim.category;
            freshSlim.flags = slim.flags;
            freshSlim.done = slim.done;
        }
        slim = freshSlim;
        m_held.erase(row);
        const auto cached = m_cache.find(row);
        if (cached != m_cache.end()) {
            m_lru.erase(cached->second);
            m_cache.erase(cached);
        }
        countIn(c, +1);
        markPending(row);
    }
    if (slowestGone) {
        // Rare (re-check): a full scan is fine here, never per result.
        m_slowestMs = 0;
        for (std::size_t i = 0; i < m_rows.size(); ++i)
            if (m_rows[i].isDone())
                m_slowestMs = std::max(m_slowestMs, m_rows[i].elapsedMs());
        m_slowestChanged = true;
    }
}

void ResultsModel::markStarted(int id, qint64 atMs)
{
    if (id < 0 || std::size_t(id) >= m_rows.size())
        return;
    CompactRow &c = m_rows.writable(std::size_t(id));
    countIn(c, -1);
    c.state = quint8(CheckState::Checking);
    c.startedMs = clampMs(atMs);
    countIn(c, +1);
    TimingRow &slim = (*m_timing)[id];
    slim.state = CheckState::Checking;
    slim.timings.startedMs = TimingMs::clamp(atMs);
    const auto cached = m_cache.find(id);
    if (cached != m_cache.end()) {
        cached->second->second.state = CheckState::Checking;
        cached->second->second.timings.startedMs = atMs;
    }
    markPending(id);
}

void ResultsModel::setResult(const CheckResult &result)
{
    const int id = result.id;
    if (id < 0 || std::size_t(id) >= m_rows.size())
        return;
    countIn(m_rows[std::size_t(id)], -1);
    CheckResult r = result;
    if (r.state != CheckState::Done)
        r.state = CheckState::Done; // a reported result is final whatever the sender filled in
    storeCompact(id, r);
    const CompactRow &c = m_rows[std::size_t(id)];
    countIn(c, +1);
    if (c.elapsedMs() > m_slowestMs) {
        m_slowestMs = c.elapsedMs();
        m_slowestChanged = true;
    }
    const auto cached = m_cache.find(id);
    if (cached != m_cache.end()) {
        m_lru.erase(cached->second);
        m_cache.erase(cached);
    }
    // Held until the writer has committed it: the run file cannot give it back before.
    m_held[id] = {++m_received, std::move(r)};
    m_heldOrder.append({m_received, id});
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
    if (m_slowestChanged && !m_rows.empty()) {
        // The bars are scaled to the slowest row, so the whole time column changes.
        emit dataChanged(index(0, TimeColumn), index(int(m_rows.size()) - 1, TimeColumn), {TimeFractionRole});
    }
    m_slowestChanged = false;
    m_pending.clear();
    ++m_flushCount;
    emit batchFlushed();
}

} // namespace Fanout
