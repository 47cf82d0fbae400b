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
//           headers BLOB, error)                  the current result of each entry
//   earlier_results(same columns as results, plus seq INTEGER PRIMARY KEY)
//                                                 results a later pass replaced (Re-check Failed): the history
//   events(seq INTEGER PRIMARY KEY, pass, at_ms, kind, detail)
//                                                 start, pause, resume, cap, per-host, stop, finish, input-closed
// WAL journal, synchronous=NORMAL: a committed batch survives kill -9; a power cut may lose the last batches but
// never leaves a file that does not open.

enum class RunState
{
    Running,   // as written while the run goes; found on open after kill -9 or a crash: interrupted
    Finished,  // every entry has a result
    Cancelled, // stopped by the user or a signal; resumable
};

struct RunMeta
{
    int schema = 0;
    QDateTime created; // UTC
    QString tool;      // fanout version that created the file
    QString source;    // list path or name as the user gave it
    CheckOptions options;
    QString shard;  // "K/N" when this run checked one shard of its list, else empty
    RunState state = RunState::Running;
    qint64 wallMs = 0; // sum over passes
    bool inputComplete = false;
    int entries = 0; // rows in entries
    int results = 0; // rows in results
};

// Options as JSON, for the meta table (and for tests).
QByteArray optionsToJson(const CheckOptions &options);
bool optionsFromJson(const QByteArray &json, CheckOptions *options, QString *why);

// One connection to one run file, used from one thread. Every failure returns false/empty and sets lastError()
// to a sentence naming the file and the reason; nothing throws, nothing crashes on a bad file.
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

    ~RunFile();
    RunFile(const RunFile &) = delete;
    RunFile &operator=(const RunFile &) = delete;

    // A new run file (fails when path exists). Parent folders are created.
    static std::unique_ptr<RunFile> create(const QString &path, const RunMeta &meta, QString *error);
    // An existing file. Refused with a clear error: missing, not SQLite, SQLite but not a run, a newer schema,
    // corrupt (quick_check), truncated.
    static std::unique_ptr<RunFile> open(const QString &path, Mode mode, QString *error);

    QString path() const;
    QString lastError() const;
    RunMeta meta() const; // counts read fresh

    // Writing (ReadWrite). Rows go into the current transaction; commit() makes them durable.
    bool beginBatch();
    bool commit();
    bool addEntries(const QVector<CheckTarget> &targets);
    bool addDuplicate(int line, const QString &text, int firstId);
    int beginPass(const QString &kind); // returns the new pass number, or -1
    bool addResult(const CheckResult &result, int pass); // replaces (and keeps in earlier_results) a current one
    bool addEvent(int pass, qint64 atMs, const QString &kind, const QString &detail = {});
    bool setState(RunState state, qint64 addWallMs);
    bool setInputComplete(bool complete);

    // Reading. Callbacks return false to stop early. Rows come in input order (entry id).
    // Entries with no result yet: what resume checks.
    bool forEachPending(const std::function<bool(const CheckTarget &)> &visit);
    // Every entry with its current result (an entry without one comes as CheckState::Queued).
    bool forEachResult(const std::function<bool(const CheckResult &)> &visit);
    std::optional<CheckResult> result(int id);
    QVector<CheckResult> earlierResults(int id); // oldest first
    int maxEntryId();                            // -1 for none

private:
    RunFile();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Fanout
