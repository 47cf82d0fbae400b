#pragma once

#include <QObject>

class QSocketNotifier;

namespace Fanout {

// Turns SIGINT, SIGTERM and SIGHUP into a Qt signal on the event loop, so a run can stop cleanly and keep its
// results instead of dying mid-write. The handler only writes the signal number to a socket pair (the one
// async-signal-safe way out); a second SIGINT while the first is handled exits at once with 130, as a user
// pressing Ctrl-C twice expects. One watcher per process; the default actions return with its destruction.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    bool isActive() const { return m_notifier != nullptr; }
    // The shell's convention: 128 + the signal number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP).
    static int exitCodeFor(int signalNumber) { return 128 + signalNumber; }

signals:
    void received(int signalNumber);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Fanout
