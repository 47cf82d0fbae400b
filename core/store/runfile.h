#pragma once

#include "engine/checker.h"
#include "engine/checkoptions.h"
#include "engine/checkresult.h"

#include <QDateTime>
#include <QString>
#include <QVector>

#include <functional>
#include <memory>
#include <optional>

namespace Fanout {

// The run file: one SQLite database per run (".fanout"), written as results arrive, so a run survives Ctrl-C,
// kill -9, a crash or a power cut and can be reopened, resumed, exported, compared and merged later.
//
// Schema (version RunFile::SchemaVersion; PRAGMA application_id = RunFile::ApplicationId, user_version = schema):
//   meta(key TEXT PRIMARY KEY, value)            format='fanout-run', created (ISO UTC), tool (version), source
//                                                 (the list's path or name), options (JSON), shard ("K/N" or ""),
//                                                 state (running|finished|cancelled), wall_ms, input_complete (0|1)
//   entries(id INTEGER PRIMARY KEY, line, text, url, error)
//                                                 every distinct URL and every rejected line, in input order; id
//                                                 is the engine's target id. url is the normalised URL (empty for
//                                                 a rejected line), error the rejection ("invalid: ...").
//   duplicates(line INTEGER PRIMARY KEY, text, first_id)   lines whose URL was already in the list
//   passes(pass INTEGER PRIMARY KEY, started (ISO UTC), kind, wall_ms)
//                                                 kind: run | resume | recheck; timings of a result are ms since
//                                                 its pass started
//   results(id INTEGER PRIMARY KEY, pass, final_url, status, reason, title, content_type, bytes, attempts,
//           started_ms, connect_ms, sent_ms, headers_ms, finished_ms, redirects (JSON [{"url","status"}]),
//           headers BLOB, error)                  the current result of each entry (id references entries)
//   earlier_results(same columns as results, plus seq INTEGER PRIMARY KEY)
//                                                 results a later pass replaced (Re-check Failed): the history
//   events(seq INTEGER PRIMARY KEY, pass, at_ms, kind, detail)
//                                                 start, pause, resume, cap, per-host, stop, finish, input-closed
// URLs are stored QUrl::FullyEncoded; a timing of -1 (milestone not reached) is NULL; empty headers are NULL.
// Text is stored as UTF-8; a lone UTF-16 surrogate (not representable) is stored as U+FFFD.
//
// WAL journal, synchronous=NORMAL: a committed batch survives kill -9; a power cut may lose the last batches but
// never leaves a file that does not open. When a ReadWrite RunFile closes it checkpoints and, if no other
// connection has the file open, switches the file back to a rollback journal, so a run file at rest is one
// self-contained file (copy it, mail it, open it read-only on a read-only disk). Opening it ReadWrite again
// turns WAL back on.
//
// ReadOnly opens use SQLITE_OPEN_READONLY and never write the file. A file still in WAL mode (being written, or
// left by kill -9) needs its -shm side file: in a folder we may not write to, such a file is opened "immutable"
// (no locking, the WAL's last batches not seen) rather than refused.

enum class RunState
{
    Running,   // as written while the run goes; found on open after kill -9 or a crash: interrupted
    Finished,  // every entry has a result
    Cancelled, // stopped by the user or a signal; resumable
};

QString runStateName(RunState state); // "running", "finished", "cancelled"

struct RunMeta
{
    int schema = 0;
    QDateTime created; // UTC
    QString tool;      // fanout version that created the file
    QString source;    // list path or name as the user gave it
    CheckOptions options;
    QString shard; // "K/N" when this run checked one shard of its list, else empty
    // The list's rules (--exclude, --include, --only-hosts, --skip-hosts) as UrlRules::toJson() writes them, so a
    // resume reading the rest of the list keeps out what the run kept out; empty when there were none.
    QString rules;
    RunState state = RunState::Running;
    qint64 wallMs = 0; // sum over passes
    bool inputComplete = false;
    int entries = 0; // rows in entries
    int results = 0; // rows in results
    int pending = 0; // entries forEachPending() would give
    int passes = 0;  // rows in passes
};

struct RunPass
{
    int pass = 0;
    QDateTime started; // UTC
    QString kind;      // run | resume | recheck
    qint64 wallMs = 0;
};

struct RunEvent
{
    qint64 seq = 0;
    int pass = 0;
    qint64 atMs = 0; // ms since the pass started
    QString kind;
    QString detail;
};

struct RunDuplicate
{
    int line = 0;
    QString text;
    int firstId = -1;
};

// A compact row for views that show many rows (the GUI's table, filters, counts): no strings but the error's
// category. Read with RunFile::summaries(); state is Queued for an entry without a result.
struct ResultSummary
{
    int id = -1;
    int line = 0;
    int pass = 0; // 0 when no result
    CheckState state = CheckState::Queued;
    int status = 0;
    QString errorCategory; // text before the first ':' of the error; empty when none
    qint64 elapsedMs = -1;
    qint64 bytes = 0;
    int attempts = 0;
    bool rejected = false; // the entry itself was rejected by the list parser

    bool isOk() const
    {
        return state == CheckState::Done && status > 0 &&
               (errorCategory.isEmpty() ? status < 400 : errorCategory == QLatin1String("accepted"));
    }
    bool isSkipped() const
    {
        return state == CheckState::Done &&
               (errorCategory == QLatin1String("excluded") || errorCategory == QLatin1String("skipped"));
    }
    bool isCancelled() const { return state == CheckState::Done && errorCategory == QLatin1String("cancelled"); }
    bool isFailed() const { return state == CheckState::Done && !isOk() && !isSkipped() && !isCancelled(); }
};

// Options as JSON, for the meta table (and for tests). Byte strings (user agent, header names and values) are
// JSON strings with one character per byte (Latin-1), so any byte survives. Fields missing from the JSON keep
// their defaults (a file from an older Fanout); a field of the wrong type or range is refused.
QByteArray optionsToJson(const CheckOptions &options);
bool optionsFromJson(const QByteArray &json, CheckOptions *options, QString *why);

// One connection to one run file, used from one thread (Qt SQL connections are per thread). Every failure
// returns false/empty and sets lastError() to a sentence naming the file and the reason; nothing throws,
// nothing crashes on a bad file.
class RunFile final
{
public:
    static constexpr int SchemaVersion = 1;
    static constexpr int ApplicationId = 0x464e4f55; // "FNOU"

    enum class Mode
    {
        ReadOnly,
        ReadWrite
    };

    ~RunFile(); // commits an open batch, then closes (see above)
    RunFile(const RunFile &) = delete;
    RunFile &operator=(const RunFile &) = delete;

    // A new run file (fails when path exists). Parent folders are created. meta's schema, counts and state are
    // ignored (a new file is Running, schema SchemaVersion); created is now when not set.
    static std::unique_ptr<RunFile> create(const QString &path, const RunMeta &meta, QString *error);
    // An existing file. Refused with a clear error: missing, empty, not SQLite, SQLite but not a run, a newer
    // schema, corrupt (PRAGMA quick_check, which reads the whole file: about a second per million rows),
    // truncated.
    // Verify::Header skips quick_check, for a file this process has just checked or is writing itself (a view's
    // read-only connection beside the writer): on a window's thread the check of a million rows is a second.
    enum class Verify
    {
        Whole,
        Header
    };
    static std::unique_ptr<RunFile> open(const QString &path, Mode mode, QString *error, Verify verify = Verify::Whole);

    QString path() const;
    Mode mode() const;
    QString lastError() const;
    enum class ErrorKind
    {
        None,
        Refused, // a value the file will not take (an id given twice, a result for an unknown entry): that call
                 // failed, the batch goes on
        Storage  // the file could not be read or written (disk full, I/O error, damage, read-only)
    };
    ErrorKind lastErrorKind() const;
    // The meta table, and with withCounts the row counts, read fresh (counting reads the tables: ~0.15 s at
    // 200,000 rows, ~1 s at a million; a view that refreshes often asks without). A default RunMeta (schema 0)
    // when the file cannot be read.
    RunMeta meta(bool withCounts = true);

    // Writing (ReadWrite). Rows go into the current batch (one transaction); commit() makes them durable.
    // Outside a batch each call is its own transaction (correct, much slower). A failed row (a duplicate id, a
    // result for an unknown entry) fails that call only; the batch goes on.
    bool beginBatch(); // true when a batch is open afterwards (also when one was already)
    bool commit();     // true when nothing was open
    void rollback();   // drops the open batch (after a write error, so no batch with holes is committed)
    bool inBatch() const;
    bool addEntries(const QVector<CheckTarget> &targets);
    bool addDuplicate(int line, const QString &text, int firstId);
    // Where entries came from (documents, sitemaps): (id, "path:line | ..."). Kept in the optional table
    // sources(id INTEGER PRIMARY KEY, sources TEXT), created when first written, so the schema version and
    // files without it are unchanged; forEachResult() fills CheckResult::sources from it.
    bool addSources(const QVector<QPair<int, QString>> &sources);
    int beginPass(const QString &kind); // the new pass number (1 for the first), or -1; the run is Running again
    // Replaces (and keeps in earlier_results) a current one. The entry (result.id) must be in the file: line,
    // input and url are the entry's and are not stored again; state is not stored (a row in results is Done).
    bool addResult(const CheckResult &result, int pass);
    bool addEvent(int pass, qint64 atMs, const QString &kind, const QString &detail = {});
    bool setState(RunState state, qint64 addWallMs); // adds to meta wall_ms and to the last pass's wall_ms
    bool setInputComplete(bool complete);
    bool setOptions(const CheckOptions &options); // a resume with other options

    // Reading. Each is one query stepped row by row (bounded memory at any size). Callbacks return false to
    // stop early. Rows come in input order (entry id).
    // Entries to check on resume: those with no result yet, and those whose result is "cancelled: ..." (the
    // stop came before they were checked to the end).
    bool forEachPending(const std::function<bool(const CheckTarget &)> &visit);
    // The same entries with ids in [firstId, lastId]: one indexed range query (a feed reads a block at a time).
    QVector<CheckTarget> pending(int firstId, int lastId);
    // Every entry with its current result. An entry without one comes as CheckState::Queued, carrying its
    // line, input, url and (for a rejected line) the rejection as error.
    bool forEachResult(const std::function<bool(const CheckResult &)> &visit);
    bool forEachDuplicate(const std::function<bool(const RunDuplicate &)> &visit); // by line
    std::optional<CheckResult> result(int id);   // nullopt when there is no such entry; Queued when no result
    QVector<CheckResult> earlierResults(int id); // oldest first
    int maxEntryId();                            // -1 for none

    // For views: entries with ids in [firstId, lastId] (as forEachResult gives them), and the compact summary
    // of the same rows. One indexed range query each: cheap for the page of rows a view shows.
    QVector<CheckResult> results(int firstId, int lastId);
    QVector<ResultSummary> summaries(int firstId, int lastId);
    bool forEachSummary(const std::function<bool(const ResultSummary &)> &visit);
    QVector<RunPass> passes();
    QVector<RunEvent> events(); // by seq

private:
    RunFile();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Fanout
