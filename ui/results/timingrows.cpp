#include "results/timingrows.h"

#include <algorithm>

namespace Fanout {

namespace {

// The origin of a URL ("https://host:port"): what the timing views group by and label with.
QString originKey(const QUrl &url)
{
    QString key = url.scheme() + QStringLiteral("://") + url.host(QUrl::FullyEncoded);
    if (url.port() != -1)
        key += u':' + QString::number(url.port());
    return key;
}

} // namespace

TimingRow TimingRow::of(const CheckResult &r, TimingTable *tables)
{
    TimingRow t;
    t.bytes = r.bytes;
    t.id = r.id;
    t.line = r.line;
    t.timings = r.timings;
    t.origin = tables->originCode(r.url);
    t.state = r.state;
    t.status = qint16(std::clamp(r.status, 0, 32767));
    t.attempts = quint8(std::clamp(r.attempts, 0, 255));
    t.redirects = quint8(std::clamp(int(r.redirects.size()), 0, 255));
    t.category = tables->categoryCode(r.errorCategory());
    // The verdicts of the whole error, kept as bits: the category alone cannot tell "redirects: loop" apart.
    if (!r.error.isEmpty())
        t.flags |= HasError;
    if (r.status > 0 && CheckResult::isOkVerdict(r.status, r.error))
        t.flags |= OkVerdict;
    if (CheckResult::isSkippedError(r.error))
        t.flags |= SkippedError;
    if (CheckResult::isCancelledError(r.error))
        t.flags |= CancelledError;
    t.done = quint8(CheckResult::doneOutcome(r.status, r.error));
    return t;
}

TimingTable TimingTable::of(const QVector<CheckResult> &results)
{
    TimingTable table;
    table.m_rows.reserve(results.size());
    for (const CheckResult &r : results)
        table.append(r);
    return table;
}

CheckResult TimingTable::result(qsizetype row) const
{
    CheckResult r;
    if (row < 0 || row >= m_rows.size())
        return r;
    const TimingRow &t = m_rows.at(row);
    r.id = t.id;
    r.line = t.line;
    r.url = origin(t);
    r.state = t.state;
    r.status = t.status;
    r.bytes = t.bytes;
    r.timings = t.timings;
    r.attempts = t.attempts;
    r.redirects.resize(t.redirects);
    r.error = errorCategory(t);
    return r;
}

const QUrl &TimingTable::origin(const TimingRow &row) const
{
    static const QUrl none;
    return row.origin >= 0 && row.origin < m_origins.size() ? m_origins.at(row.origin) : none;
}

qint32 TimingTable::originCode(const QUrl &url)
{
    if (!url.isValid())
        return -1;
    const QString key = originKey(url);
    const auto it = m_originCodes.constFind(key);
    if (it != m_originCodes.cend())
        return it.value();
    const auto code = qint32(m_origins.size());
    m_origins.append(QUrl(key));
    m_originCodes.insert(key, code);
    return code;
}

} // namespace Fanout
