#pragma once

#include "engine/checker.h"
#include "engine/checkresult.h"
#include "store/runfile.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

namespace Fanout {

// Writes a run into a run file off the caller's thread. The recorder owns a QThread of its own, and the RunFile
// (and its SQL connection) lives there; the caller only queues plain values, which costs a copy and a mutex.
//
// Batching: the writer opens a transaction when rows arrive and commits it when it holds maxBatchRows rows or
// is commitIntervalMs old, whichever comes first (a lone result waits at most commitIntervalMs), so kill -9
// loses at most the last fraction of a second.
//
// Bounded memory: queued values are counted in bytes (strings, headers, redirects). When the queue holds
// maxQueuedBytes the caller's next record call waits until the writer has taken a batch off it. Nothing is
// dropped: losing results silently is worse than a stall, and the writer (tens of thousands of rows a second)
// only falls behind when the disk stalls.
//
// Errors: the first failure to write (disk full, a read-only or vanished folder, an I/O error) is reported once
// by writeFailed() with the reason; the recorder then stops writing and discards what it is given (so memory
// stays bounded), and the file stays as it was at its last commit: consistent, openable, and a resume checks
// what it lacks. The run itself goes on. A value the file refuses (an entry id given twice, a result for an
// entry never added) is a caller's bug: it is reported by writeFailed() too (once, with the first such
// reason), counted in rejectedRows(), and recording goes on.
//
// Threads: every public function is for the thread the recorder lives in. Signals are emitted on the writer
// thread: connect them with a context object in your thread (queued delivery).
class RunRecorder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunRecorder)

public:
    struct Settings
    {
        int commitIntervalMs = 50;
        int maxBatchRows = 1000;
        qint64 maxQueuedBytes = 32 * 1024 * 1024;
    };

    explicit RunRecorder(QObject *parent = nullptr);
    RunRecorder(const Settings &settings, QObject *parent = nullptr);
    // Without finish(): what is queued is written and the file closed with its state as it was (Running reads
    // as interrupted). Waits for the writer thread.
    ~RunRecorder() override;

    // Starts the writer thread and creates the file there (RunFile::create), or opens an existing one
    // ReadWrite to add a pass (resume, re-check). Waits for that step only, on a condition, not an event loop:
    // a few ms for a new file; an existing file is read whole by quick_check. false with *error when refused;
    // the recorder cannot be used then. Call one of them once.
    bool create(const QString &path, const RunMeta &meta, QString *error);
    bool openExisting(const QString &path, QString *error);
    // create() without waiting for SQLite: the path is claimed here (a file that exists, a folder that cannot be
    // made are refused at once) and the writer makes the file while the caller goes on; what is queued meanwhile
    // is written once it exists. If it cannot be made, creationFailed() turns true before writeFailed() and
    // finished(false) are emitted, and nothing is written.
    bool createInBackground(const QString &path, const RunMeta &meta, QString *error);
    bool creationFailed() const;
    bool isOpen() const; // create/openExisting succeeded and finish() has not completed
    QString path() const;

    // Queue values; each returns at once (unless the queue is full, see above). Ignored before a successful
    // create/openExisting or after finish().
    void addEntries(const QVector<CheckTarget> &targets);
    void addDuplicate(int line, const QString &text, int firstId);
    // sources[id] is where entry id came from (RunFile::addSources); empty strings are skipped.
    void addSources(const QStringList &sources);
    void beginPass(const QString &kind); // results and events after this belong to the new pass
    void addResult(const CheckResult &result);
    void addEvent(qint64 atMs, const QString &kind, const QString &detail = {});
    void setInputComplete(bool complete);
    void setOptions(const CheckOptions &options);

    // Writes everything queued, sets the state and adds wallMs (this pass's wall time), commits and closes the
    // file; finished() follows. Later record calls are ignored.
    void finish(RunState state, qint64 wallMs);
    // The same, the state decided once everything queued is written: Finished when the pass was not cancelled and
    // no entry of the file is left pending (a re-check of some rows of an unfinished run leaves it Cancelled).
    void finishChecked(bool cancelled, qint64 wallMs);
    // Blocks until the writer has written what finish() ended and closed the file; returns false at once when
    // finish() was not called. For the CLI at exit, never the GUI thread: the GUI waits for finished() (which
    // is still delivered later, queued, to a receiver in the caller's thread). true when everything given was
    // written.
    bool waitForFinished();
    bool isFinished() const;

    // What is durable: results and rows (any table) in committed transactions. Thread-safe.
    int committedResults() const;
    qint64 committedRows() const;
    int commits() const;
    int rejectedRows() const;
    qint64 queuedBytes() const; // what waits for the writer now (the estimate the bound applies to)
    bool hasFailed() const;
    QString failure() const;         // the reason given by writeFailed(), empty when none
    double writerCpuSeconds() const; // CPU time of the writer thread so far (user + system)

signals:
    // After each commit: the total of results durable so far.
    void committed(int results);
    // Once, on the first write error or refused value.
    void writeFailed(const QString &reason);
    // finish() is done: ok when every value given was written.
    void finished(bool ok);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Fanout
