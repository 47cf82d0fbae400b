#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>

#include <vector>

class QTcpSocket;
class QTimer;

namespace Fanout {

// Happy Eyeballs' connection race (RFC 8305 5) for a name with several addresses: a TCP connect to the first, the
// next one a Connection Attempt Delay later (at once when an attempt fails), the first to connect wins and the
// others are cut. Tried one after the other, an address that silently drops SYNs would hold the whole deadline.
// The winning connection is only a verdict: it is closed again, and the caller's request goes to its address.
// Runs on the thread it lives in, never blocks, never uses a proxy.
class ConnectRace final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectRace)

public:
    static constexpr int kAttemptDelayMs = 250; // RFC 8305 5's recommended Connection Attempt Delay

    explicit ConnectRace(QObject *parent = nullptr);
    ~ConnectRace() override; // cuts every attempt; no finished() after this

    // Call once; addresses in the order to try them (the resolver's). No deadline of its own: the caller deletes
    // the race when it has waited enough (an address that drops SYNs keeps its attempt open till then).
    void start(const QList<QHostAddress> &addresses, quint16 port, int attemptDelayMs = kAttemptDelayMs);

    int attemptsStarted() const { return m_next; }

signals:
    // Exactly once per start(), queued (never from inside start() or a socket's signal); the race may be deleted
    // from a slot connected to it. winner: the first address that accepted, null when every attempt failed.
    void finished(const QHostAddress &winner);

private:
    void startNext();
    void onFailed(QTcpSocket *socket);
    void conclude(const QHostAddress &winner);

    QList<QHostAddress> m_addresses;
    quint16 m_port = 0;
    int m_delayMs = kAttemptDelayMs;
    int m_next = 0; // the next address to try
    int m_failed = 0;
    std::vector<QTcpSocket *> m_sockets; // attempts under way (children)
    QTimer *m_timer = nullptr;
    bool m_done = false;
};

} // namespace Fanout
