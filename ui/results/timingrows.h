#pragma once

#include "engine/checkresult.h"
#include "results/textcodes.h"

#include <QHash>
#include <QStringList>
#include <QUrl>
#include <QVector>

#include <algorithm>
#include <limits>
#include <memory>

namespace Fanout {

class TimingTable;

// CheckTimings in 32-bit ms, clamped as CompactRow's (-1 = not reached; 24 days at most): what a timing row keeps.
struct TimingMs
{
    qint32 startedMs = -1;
    qint32 connectMs = -1;
    qint32 sentMs = -1;
    qint32 headersMs = -1;
    qint32 finishedMs = -1;

    TimingMs() = default;
    // Both ways implicit: the timing functions take CheckTimings, and rows are assigned from them.
    TimingMs(const CheckTimings &t) // NOLINT(google-explicit-constructor)
        : startedMs(clamp(t.startedMs))
        , connectMs(clamp(t.connectMs))
        , sentMs(clamp(t.sentMs))
        , headersMs(clamp(t.headersMs))
        , finishedMs(clamp(t.finishedMs))
    {}
    operator CheckTimings() const // NOLINT(google-explicit-constructor)
    {
        CheckTimings t;
        t.startedMs = startedMs;
        t.connectMs = connectMs;
        t.sentMs = sentMs;
        t.headersMs = headersMs;
        t.finishedMs = finishedMs;
        return t;
    }
    static qint32 clamp(qint64 ms)
    {
        return ms < 0 ? -1 : qint32(std::min<qint64>(ms, std::numeric_limits<qint32>::max()));
    }
    qint64 elapsedMs() const { return startedMs >= 0 && finishedMs >= startedMs ? qint64(finishedMs) - startedMs : -1; }
};

// One row as the timing views read it: no text. The error is its category (an index into the table's categories)
// and its verdict bits; the URL is its origin (an index into the table's origins, shared by the rows of a host).
// The predicates give CheckResult's verdicts for the result the row came from.
struct TimingRow
{
    enum Flag // no fixed base type, as CompactRow::Flag
    {
        HasError = 1,      // CheckResult::error is not empty
        OkVerdict = 2,     // status > 0 and CheckResult::isOkVerdict(status, error): OK once done
        SkippedError = 4,  // CheckResult::isSkippedError(error)
        CancelledError = 8 // CheckResult::isCancelledError(error)
    };

    qint64 bytes = 0;
    qint32 id = -1;
    qint32 line = 0;
    TimingMs timings;
    qint32 origin = -1; // index into TimingTable's origins; -1: no usable URL
    CheckState state = CheckState::Queued;
    qint16 status = 0;
    quint8 attempts = 0;
    quint8 redirects = 0; // the count of hops (255 at most)
    quint8 category = 0;  // index into TimingTable's error categories, 0 = none
    quint8 flags = 0;
    quint8 done = quint8(CheckOutcome::Pending); // CheckResult::doneOutcome of the status and error

    // The row of a result; its category and origin go into tables (shared by every row of the table).
    static TimingRow of(const CheckResult &result, TimingTable *tables);

    bool isDone() const { return state == CheckState::Done; }
    bool hasError() const { return flags & HasError; }
    bool isOk() const { return isDone() && (flags & OkVerdict); }
    bool isSkipped() const { return isDone() && (flags & SkippedError); }
    bool isCancelled() const { return isDone() && (flags & CancelledError); }
    bool isFailed() const { return isDone() && !isOk() && !isSkipped() && !isCancelled(); }
    CheckOutcome outcome() const { return isDone() ? CheckOutcome(done) : CheckOutcome::Pending; }
    int redirectCount() const { return redirects; }
    qint64 elapsedMs() const { return timings.elapsedMs(); }
};
static_assert(sizeof(TimingRow) <= 56, "a timing row must stay compact: 1,000,000 of them are held in memory");

// The timing rows of a list (row == index) with the tables their categories and origins index. A value; the
// results model keeps one and shares it read-only with the timing views (TimingRows).
class TimingTable final
{
public:
    TimingTable() = default;
    explicit TimingTable(qsizetype rows)
        : m_rows(rows)
    {}
    // Row i is results[i] (tests, a run of the window's own: what a view gets whole goes through here).
    static TimingTable of(const QVector<CheckResult> &results);

    qsizetype size() const { return m_rows.size(); }
    bool isEmpty() const { return m_rows.isEmpty(); }
    const TimingRow &at(qsizetype row) const { return m_rows.at(row); }
    TimingRow &operator[](qsizetype row) { return m_rows[row]; }
    QVector<TimingRow>::const_iterator begin() const { return m_rows.cbegin(); }
    QVector<TimingRow>::const_iterator end() const { return m_rows.cend(); }
    void resize(qsizetype rows) { m_rows.resize(rows); }
    void append(const CheckResult &result) { m_rows.append(TimingRow::of(result, this)); }
    void set(qsizetype row, const CheckResult &result) { m_rows[row] = TimingRow::of(result, this); }
    void clear() { *this = TimingTable(); }

    // What a row knows as a result, for a label or a tooltip when nothing reads the whole one: its URL is the
    // origin, its error the category, its redirects as many empty hops as it had.
    CheckResult result(qsizetype row) const;
    // The text before the error's ':' ("timeout"), empty when none.
    QString errorCategory(const TimingRow &row) const { return m_categories.text(row.category); }
    // "scheme://host:port" of the row's URL; invalid when it has none.
    const QUrl &origin(const TimingRow &row) const;
    quint8 categoryCode(const QString &category) { return m_categories.codeOf(category); }
    qint32 originCode(const QUrl &url);

private:
    QVector<TimingRow> m_rows;
    TextCodes m_categories;
    QVector<QUrl> m_origins;
    QHash<QString, qint32> m_originCodes;
};

// The results model's timing rows (ResultsModel::timingRows), shared read-only with the timing views: one copy
// for a list of any size, and a view never holds a pointer that can outlive the rows it reads.
using TimingRows = std::shared_ptr<const TimingTable>;

} // namespace Fanout
