#pragma once

#include "engine/checker.h"
#include "store/pendingreader.h"
#include "store/runfile.h"

#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVector>

#include <memory>

namespace Fanout {

// Writes the window's runs into their run file. Lives on the engine thread beside the Checker, so no SQL ever
// runs on the GUI thread for writes: results go into a transaction as the Checker reports them and are
// committed every CommitIntervalMs (and at the end), and committed() tells the window how many are durable.
class RunWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunWriter)

public:
    static constexpr int CommitIntervalMs = 250;

    explicit RunWriter(QObject *parent = nullptr);
    ~RunWriter() override;

    // A new run file holding every entry of targets (state running), and sources[id] of each entry found in
    // documents or a sitemap (RunFile::addSources). False (error() says why) on failure.
    bool create(const QString &path, const RunMeta &meta, const QVector<CheckTarget> &targets,
                const QStringList &sources = {});
    // An existing run file, to resume or re-check it.
    bool open(const QString &path);
    QString path() const;
    QString error() const { return m_error; }

    // A pass starts: results until finishPass() belong to it. kind: run | resume | recheck.
    bool beginPass(const QString &kind);
    // Takes the results of a Checker (same thread) until finishPass().
    void follow(Checker *checker);
    void add(const CheckResult &result);
    // Commits, sets the state and closes the file (it is then complete on disk without its journal).
    void finishPass(qint64 wallMs, bool cancelled);
    void close();

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
    void commit();
    void fail();
    void topUp(Checker *checker, int queued);
    void stopFeeding();

    std::unique_ptr<RunFile> m_file;
    QTimer m_commitTimer;
    QMetaObject::Connection m_follow;
    std::unique_ptr<PendingReader> m_feed; // reads m_file: reset before it
    QMetaObject::Connection m_feeding;
    QString m_error;
    int m_pass = -1;
    qint64 m_seen = 0;
    bool m_inBatch = false;
    bool m_failed = false;
};

} // namespace Fanout
