#include "net/connectraces.h"

#include "net/connectrace.h"

namespace Fanout {

ConnectRaces::ConnectRaces(QObject *parent)
    : QObject(parent)
{}

ConnectRaces::~ConnectRaces() = default; // each ConnectRace cuts its attempts, its queued finished goes with it

quint64 ConnectRaces::join(const QString &key, const QList<QHostAddress> &addresses, quint16 port, Callback callback,
                           bool *started)
{
    const quint64 ticket = m_nextTicket++;
    std::shared_ptr<Race> &entry = m_races[key];
    const bool fresh = !entry;
    if (fresh) {
        entry = std::make_shared<Race>();
        entry->race = std::make_unique<ConnectRace>();
        connect(entry->race.get(), &ConnectRace::finished, this,
                [this, key](const QHostAddress &winner) { onFinished(key, winner); });
        ++m_racesStarted;
    }
    entry->waiters.append({ticket, std::move(callback)});
    m_keyOf.insert(ticket, key);
    if (fresh)
        entry->race->start(addresses, port); // its finished is queued: never from inside join()
    if (started)
        *started = fresh;
    return ticket;
}

void ConnectRaces::leave(quint64 ticket)
{
    const auto key = m_keyOf.find(ticket);
    if (key == m_keyOf.end())
        return;
    const QString raceKey = key.value();
    m_keyOf.erase(key);
    const auto it = raceKey.isEmpty() ? m_races.end() : m_races.find(raceKey);
    if (it == m_races.end())
        return; // not waiting any more, or its race is being delivered
    QList<Waiter> &waiters = it.value()->waiters;
    for (qsizetype i = 0; i < waiters.size(); ++i) {
        if (waiters[i].ticket == ticket) {
            waiters.removeAt(i);
            break;
        }
    }
    // Nobody waits: its attempts (one may hang on an address that drops SYNs) go now, not at some later deadline.
    if (waiters.isEmpty())
        m_races.erase(it);
}

int ConnectRaces::attemptsStarted(quint64 ticket) const
{
    const auto it = m_races.constFind(m_keyOf.value(ticket));
    return it == m_races.cend() ? 0 : it.value()->race->attemptsStarted();
}

void ConnectRaces::onFinished(const QString &key, const QHostAddress &winner)
{
    const auto it = m_races.find(key);
    if (it == m_races.end())
        return;
    // Out of the table before any callback: one may join a new race for the key or leave; the race itself goes
    // from the event loop (this is its finished signal).
    const std::shared_ptr<Race> done = it.value();
    m_races.erase(it);
    done->race.release()->deleteLater();
    // A waiter may leave while the ones before it are told (a cancel from inside a callback): its ticket is marked
    // as being delivered (no key), and one that left meanwhile is skipped.
    for (const Waiter &waiter : std::as_const(done->waiters))
        m_keyOf.insert(waiter.ticket, QString());
    for (const Waiter &waiter : std::as_const(done->waiters)) {
        if (m_keyOf.remove(waiter.ticket) > 0)
            waiter.callback(winner);
    }
}

} // namespace Fanout
