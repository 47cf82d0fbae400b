#pragma once

#include "engine/checker.h"
#include "store/pendingreader.h"
#include "store/runfile.h"
#include "store/runrecorder.h"

#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVector>

#include <deque>
#include <memory>

namespace Fanout {

// The window's runs in their run file, as fanout-cli writes its own: through a RunRecorder, whose thread does
// the SQL, so the engine's thread (where this lives, beside the Checker) only queues values. A read-only
// connection here feeds a pass from the file (resume, a staged list) and gives a re-check its rows; nothing of
// the file is ever read or written on the GUI thread. committed() tells the window how many of the results it
// was sent are durable.
class RunWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunWriter)

public:
    explicit RunWriter(QObject *parent = nullptr);
    ~RunWriter() override;

    // A new run file holding every entry of targets, and sources[id] of each entry found in documents or a
    // sitemap (RunFile::addSources). False (error() says why) when it cannot be made.
    bool create(const QString &path, const RunMeta &meta, const QVector<CheckTarget> &targets,
                const QStringList &sources = {});
    // An existing run file, to resume or re-check it (checked whole first).
    bool open(const QString &path);
    QString path() const;
    QString error() const { return m_error; }

    // A pass starts: results until finishPass() belong to it. kind: run | resume | recheck.
    bool beginPass(const QString &kind);
    // Takes the results of a Checker (same thread) until finishPass().
    void follow(Checker *checker);
    void add(const CheckResult &result);
    // Writes what is queued, sets the state and closes the file; passClosed() follows once it is on disk.
    void finishPass(qint64 wallMs, bool cancelled);
    void close(); // without finishPass(): what is queued is written, the state left as it was (interrupted)

    // Starts a streaming run of checker (same thread) on the entries of the open file still to check (a resume,
    // or a list staged in its run file), fed a block at a time as the engine asks: memory follows the block, not
    // the list. False when the checker is busy or no file is open.
    bool feedPending(Checker *checker);
    // A stop: the entries the engine was never given are reported by notFed() as it reports what it never
    // started ("cancelled: <why> before it was checked"), so the window shows every row of the stopped run.
    void cancelUnfed(const QString &why);
    // The targets of given rows (re-check), in row order.
    QVector<CheckTarget> targetsOf(const QVector<int> &rows);

signals:
    // The first n results reported since beginPass() are durable (cancellations included: they are not written,
    // so a resume checks those URLs again).
    void committed(qint64 n);
    void passClosed(const QString &path); // finishPass() is done: the file is complete on disk
    void failed(const QString &error);
    void notFed(const Fanout::CheckResult &result);

private:
    bool start(bool createNew, const QString &path, const RunMeta &meta);
    void onRecorderCommitted(int results);
    void completeFinish(); // the recorder wrote the pass's end: the file is complete
    void release();
    void topUp(Checker *checker, int queued);
    void stopFeeding();

    std::unique_ptr<RunRecorder> m_recorder;
    std::unique_ptr<RunFile> m_reader;     // read-only, this thread
    std::unique_ptr<PendingReader> m_feed; // reads m_reader: reset before it
    QMetaObject::Connection m_follow;
    QMetaObject::Connection m_feeding;
    QString m_path;
    QString m_error;
    qint64 m_seen = 0;    // results reported since beginPass()
    qint64 m_written = 0; // ... of them given to the recorder
    // (written, seen): once the recorder has committed `written` results, the first `seen` reported are durable.
    std::deque<std::pair<qint64, qint64>> m_durableAt;
    qint64 m_recorderBase = 0; // the recorder's committed count when this pass began
    qint64 m_durableSeen = 0;  // the last count committed() was given, or is about to be
    QTimer m_notify;           // cancellations after every write: said in one committed(), not one each
    bool m_finishing = false;  // finishPass() waits for the recorder's finished()
};

} // namespace Fanout
