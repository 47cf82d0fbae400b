#pragma once

#include "engine/checker.h"
#include "store/runfile.h"

#include <QObject>
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

    // A new run file holding every entry of targets (state running). False (error() says why) on failure.
    bool create(const QString &path, const RunMeta &meta, const QVector<CheckTarget> &targets);
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

    // The pending entries of a run file (resume) and the targets of given rows (re-check), in row order.
    QVector<CheckTarget> pendingTargets();
    QVector<CheckTarget> targetsOf(const QVector<int> &rows);

signals:
    // The first n results reported since beginPass() are durable (cancellations included: they are not written,
    // so a resume checks those URLs again).
    void committed(qint64 n);
    void passClosed(const QString &path); // finishPass() is done: the file is complete on disk
    void failed(const QString &error);

private:
    void commit();
    void fail();

    std::unique_ptr<RunFile> m_file;
    QTimer m_commitTimer;
    QMetaObject::Connection m_follow;
    QString m_error;
    int m_pass = -1;
    qint64 m_seen = 0;
    bool m_inBatch = false;
    bool m_failed = false;
};

} // namespace Fanout
