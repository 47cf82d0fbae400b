#pragma once

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace Fanout {

class ConnectRace;

// One connection race per host:port at a time, shared by every URL that needs one. URLs of a new dual-stack host
// that start together would otherwise each race the same addresses: N probes to a host where one tells the winner.
// The first join() starts the race; the others wait for its verdict. Each waiter keeps its own deadline: leave()
// takes it out (the race goes on for the rest) and the race is cut when nobody waits any more.
// Lives on one thread with its races; the engine makes one per run.
class ConnectRaces final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectRaces)

public:
    // winner: the first address that accepted, null when every attempt failed.
    using Callback = std::function<void(const QHostAddress &winner)>;

    explicit ConnectRaces(QObject *parent = nullptr);
    ~ConnectRaces() override; // cuts every race; no callback after this

    // Waits for key's race, starting one over addresses (in the order to try them) if none runs. *started says
    // which (the caller that started it opens its connections). The callback comes from the event loop, never
    // from inside join(), once, unless leave() came first. Returns a ticket for leave() and attemptsStarted().
    quint64 join(const QString &key, const QList<QHostAddress> &addresses, quint16 port, Callback callback,
                 bool *started = nullptr);
    void leave(quint64 ticket);
    int attemptsStarted(quint64 ticket) const; // connects the ticket's race has started so far

    int racesStarted() const { return m_racesStarted; } // tests
    int racesRunning() const { return int(m_races.size()); }

private:
    struct Waiter
    {
        quint64 ticket = 0;
        Callback callback;
    };
    struct Race
    {
        std::unique_ptr<ConnectRace> race;
        QList<Waiter> waiters;
    };

    void onFinished(const QString &key, const QHostAddress &winner);

    QHash<QString, std::shared_ptr<Race>> m_races;
    QHash<quint64, QString> m_keyOf; // ticket -> its race's key
    quint64 m_nextTicket = 1;
    int m_racesStarted = 0;
};

} // namespace Fanout
