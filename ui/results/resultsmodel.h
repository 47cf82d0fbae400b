#pragma once

#include "engine/checkresult.h"
#include "io/urllist.h"
#include "results/sharedblocks.h"
#include "results/textcodes.h"
#include "results/timingrows.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QStringList>
#include <QTimer>
#include <QVector>

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace Fanout {

class RunFile;
struct RunMeta;

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
    int cancelled = 0; // stopped before an answer: not in done, neither OK nor failed
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
    Errors,
    Cancelled // last: the filter bar's keys (Alt+1...) follow this order
};

// What the model keeps in memory per row (40 bytes): everything the counters, the filter bar, the numeric
// sorts and the time bars need. Text (URL, title, headers, ...) lives in the run file and is fetched on demand.
struct CompactRow
{
    enum Flag // no fixed base type: lupdate 6.4 loses the class (and its tr() context) after "enum X : T"
    {
        UsableUrl = 1,    // the entry has a URL to check (not a rejected line)
        HasError = 2,     // CheckResult::error is not empty
        FinalDiffers = 4, // the final URL is not the checked one
        Accepted = 8,     // error "accepted: ..." (--accept named the status): OK
        Skipped = 16,     // error "excluded: ..." or "skipped: ...": neither OK nor failed
        Cancelled = 32    // error "cancelled: ...": a stop came first; not done, neither OK nor failed
    };

    qint64 bytes = 0;
    qint32 startedMs = -1;
    qint32 connectMs = -1;
    qint32 sentMs = -1;
    qint32 headersMs = -1;
    qint32 finishedMs = -1;
    qint16 status = 0;
    quint8 state = quint8(CheckState::Queued);
    quint8 category = 0; // index into ResultsModel's error categories, 0 = none
    quint8 attempts = 0;
    quint8 redirects = 0;
    quint8 flags = 0;
    // A cancelled result is not written to the run file (a resume checks it): its error, by index into the
    // model's few distinct cancel texts, so the row keeps saying why once its result has left memory.
    quint8 cancelText = 0;

    CheckState checkState() const { return CheckState(state); }
    bool isDone() const { return checkState() == CheckState::Done; }
    bool hasError() const { return flags & HasError; }
    // As CheckResult::isOk()/isSkipped()/isFailed(), from the flags the error left.
    bool isOk() const { return isDone() && (hasError() ? (flags & Accepted) != 0 : status > 0 && status < 400); }
    bool isSkipped() const { return isDone() && (flags & Skipped); }
    bool isCancelled() const { return isDone() && (flags & Cancelled); }
    bool isFailed() const { return isDone() && !isOk() && !isSkipped() && !isCancelled(); }
    qint64 elapsedMs() const { return startedMs >= 0 && finishedMs >= startedMs ? finishedMs - startedMs : -1; }
};
static_assert(sizeof(CompactRow) <= 48, "a row must stay compact: 1,000,000 of them are held in memory");
// A model's rows; copies share them until written, so a background filter + sort snapshots them in microseconds.
using CompactRows = SharedBlocks<CompactRow>;

// Rows of a run: one compact record per list entry, row == CheckResult::id. Text columns come from, in order:
// results not yet committed to the run file (held until the writer says they are), a bounded LRU cache, the run
// file (a read-only connection), the loaded list (for rows never checked). Updates from the engine are applied
// at once but announced to views in batches (at most ~25 per second), so 1,000,000 rows stay smooth.
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
        StatusClassRole, // int, the outcome's class: 0 not done, 1 neutral (1xx, excluded, skipped), 2..5 for
                         // 2xx..5xx (an accepted status is 2: OK), -1 an error (also after an HTTP status)
    };

    static constexpr int DefaultBatchIntervalMs = 40;
    static constexpr int DefaultCacheRows = 4096;

    explicit ResultsModel(QObject *parent = nullptr);
    ~ResultsModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces every row with the entries of a list, all queued (one model reset). Detaches any run file.
    void setList(const UrlList &list);
    void clear();
    // The rows of a run file with what the model derives from them (counters, the slowest row), as loadRows()
    // makes them on any thread.
    struct LoadedRows
    {
        CompactRows rows;
        TimingTable timing;
        QStringList categories; // error categories by CompactRow::category
        ResultCounts counts;
        qint64 slowestMs = 0;
    };
    // Replaces every row with those of a reopened run (one model reset), text read from the run file at path.
    // The rows and their counters were made off the GUI thread (loadRows()): they are swapped in, not rebuilt.
    void setRun(LoadedRows loaded, const QString &runPath);
    // Reads every row of a run file as setRun() takes them. Runs on any thread (its own connection).
    static bool loadRows(const QString &runPath, LoadedRows *loaded, QString *error, RunMeta *meta = nullptr,
                         QStringList *sources = nullptr); // by id; left empty when the run has none
    // Text of rows no longer held in memory is read from this run file from now on (read-only connection).
    bool attachRunFile(const QString &path, QString *error = nullptr);
    QString runFilePath() const;
    // The writer made the first n results received since the last setList()/setRun() durable: they may leave
    // memory (their text is read back from the run file when shown again).
    void resultsCommitted(qint64 n);
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
    void setCacheRows(int rows) { m_cacheCapacity = std::max(16, rows); }
    // The run clock: rows being checked show the time since their start in the time column. No signal is
    // emitted (that would re-sort and re-filter every tick); the view repaints the cells it shows.
    void setLiveClock(qint64 nowMs) { m_liveNowMs = nowMs; }
    qint64 liveClock() const { return m_liveNowMs; }

    const CompactRow &row(int row) const { return m_rows.at(std::size_t(row)); }
    // Every row as it is now, for another thread to read: shares the rows' memory until they change.
    CompactRows rowsSnapshot() const { return m_rows; }
    // The whole result of a row, text included (from memory, the cache or the run file).
    CheckResult result(int row) const;
    // Every row's whole result: O(rows) reads; for small lists, tests and exports without a run file.
    QVector<CheckResult> allResults() const;
    // Rows first..last (inclusive) whole: one range read of the run file, not one read a row (exports).
    QVector<CheckResult> resultsRange(int first, int last) const;
    // What a re-check replaced for this row, oldest first (from the run file; empty without one).
    QVector<CheckResult> earlierResults(int row) const;
    // Per row: id, line, state, status, timings, attempts, bytes, the redirect count, the error's category and
    // verdict, the URL's origin (an index: shared between rows of a host): what the timing views read, 56 bytes
    // a row. Row == index.
    const TimingTable &timingRows() const { return *m_timing; }
    // The same rows, shared with a timing view; they change in place as results arrive (resultsChanged says which).
    TimingRows sharedTimingRows() const { return m_timing; }
    const ResultCounts &counts() const { return m_counts; }
    qint64 slowestMs() const { return m_slowestMs; }
    int flushCount() const { return m_flushCount; }
    QString categoryText(const CompactRow &row) const { return m_categories.text(row.category); }
    // error categories by CompactRow::category
    const QStringList &categories() const { return m_categories.texts(); }
    const UrlList &list() const { return m_list; } // the entries of a list not yet in a run file
    // Where each row's URL was found (documents, sitemaps: "path:line | ..."), by row; result() fills
    // CheckResult::sources from it when the result has none. Cleared by setList()/setRun().
    void setSources(const QStringList &sources) { m_sources = sources; }
    const QStringList &sources() const { return m_sources; }
    QVector<CheckResult> heldResults() const;           // received and not yet committed to the run file
    qint64 receivedCount() const { return m_received; } // results taken by setResult() since the last reset
    int cachedRows() const { return int(m_cache.size()); }
    int heldRows() const { return int(m_held.size()); }
    qint64 fetchCount() const { return m_fetches; }

    static bool matches(const CheckResult &result, ResultFilter filter);
    static bool matches(const CompactRow &row, ResultFilter filter);
    static bool matches(const TimingRow &row, ResultFilter filter);
    static QString stateText(const CheckResult &result);
    // What the check came to, outcome first (the Status cell, the details pane, copies): "Timeout (after 200 OK,
    // body incomplete)", "Redirect loop (302)", "404 Not Found"; empty while not done.
    static QString statusText(const CheckResult &result);
    static QString httpStatusText(const CheckResult &result); // "200 OK", "404"; empty without an HTTP answer
    // The Status cell's tooltip: the outcome, then the error's whole message.
    static QString statusToolTip(const CheckResult &result);
    static int statusClass(const CheckResult &result);
    static int statusClass(const CompactRow &row);
    // The Status column's order: not done, then errors grouped by category, then HTTP statuses.
    static int compareStatus(const CompactRow &a, const CompactRow &b, const QStringList &categories);
    static QString formatBytes(qint64 bytes);
    static QString redirectsToolTip(const CheckResult &result);
    QString columnTitle(int column) const;
    static bool isTextColumn(int column);

signals:
    // Emitted first in a batch, with the rows whose data changed (ascending); proxies re-place them.
    void rowsUpdated(const QVector<int> &rows);
    // A batch of changed rows was announced (dataChanged already emitted); at most ~25 a second.
    void batchFlushed();

private:
    void markPending(int row);
    void countIn(const CompactRow &row, int sign);
    void storeCompact(int row, const CheckResult &result);
    const CheckResult *fetch(int row) const; // nullptr when the row cannot be read
    CheckResult entryOf(int row) const;
    // A row the file has no result for though the table has one: a cancellation, rebuilt from the entry and row.
    CheckResult withCancellation(CheckResult entry, const CompactRow &c) const;
    void resetStorage(int rows);
    void resetTransient(); // what a reset drops besides the rows: held results, the cache, pending rows
    QVariant displayData(int row, const CompactRow &c, int column) const;
    QString statusTextOf(int row, const CompactRow &c) const;
    static QString toolTipText(const CheckResult &result, int column); // as is; data() makes it safe to show
    QVariant sortData(int row, const CompactRow &c, int column) const;

    CompactRows m_rows;
    std::shared_ptr<TimingTable> m_timing = std::make_shared<TimingTable>();
    UrlList m_list;                    // the entries of a list not yet in a run file (implicitly shared)
    QStringList m_sources;             // by row, see setSources()
    std::unique_ptr<RunFile> m_reader; // the run file, read-only; null before a run wrote one
    std::unordered_map<int, std::pair<qint64, CheckResult>> m_held; // received, not yet committed: row → (seq, result)
    QVector<QPair<qint64, int>> m_heldOrder;                        // (receive sequence, row), oldest first
    qint64 m_received = 0;
    qint64 m_committed = 0;
    // LRU of fetched rows: most recent at the front.
    mutable std::list<std::pair<int, CheckResult>> m_lru;
    mutable std::unordered_map<int, std::list<std::pair<int, CheckResult>>::iterator> m_cache;
    int m_cacheCapacity = DefaultCacheRows;
    mutable qint64 m_fetches = 0;
    TextCodes m_categories;        // by CompactRow::category
    TextCodes m_cancelTexts;       // by CompactRow::cancelText
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
