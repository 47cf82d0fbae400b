#include "engine/managerpool.h"

#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QUrl>

namespace Fanout {

ManagerPool::ManagerPool(Factory factory, QObject *owner, int maxManagers, int hardMaxManagers)
    : m_factory(std::move(factory))
    , m_owner(owner)
    , m_maxManagers(std::max(1, maxManagers))
    , m_hardMaxManagers(std::max(m_maxManagers, hardMaxManagers))
{}

ManagerPool::~ManagerPool()
{
    // Managers go with their replies and connections; deleteLater because a reply's signal may be on the stack.
    for (Slot &slot : m_slots)
        slot.manager->deleteLater();
}

void ManagerPool::Lease::applyTo(QNetworkRequest &request) const
{
    if (!peerVerifyName.isEmpty())
        request.setPeerVerifyName(peerVerifyName);
}

QString ManagerPool::hostPort(const QUrl &url)
{
    const int port = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
    return url.host() + QLatin1Char(':') + QString::number(port);
}

QString ManagerPool::hostKey(const QUrl &url)
{
    return url.scheme() + QLatin1String("://") + hostPort(url);
}

QString ManagerPool::laneName(const QUrl &url, int lane)
{
    if (lane == 0)
        return {};
    if (url.scheme() != QLatin1String("https"))
        return QStringLiteral("fanout-lane-") + QString::number(lane); // never used by plain HTTP beyond the key
    // Over TLS the name is verified and sent as SNI. A name: vary only the case of its letters, which both ignore.
    // An IPv4 address: one hexadecimal number with lane - 1 extra leading zeros, which QHostAddress (and so
    // certificate matching, QSslSocketPrivate::isMatchingHostname) reads as the same address; no SNI for either.
    QString name = url.host();
    const QHostAddress address(name);
    if (address.protocol() == QAbstractSocket::IPv4Protocol)
        return QStringLiteral("0x") + QString(lane - 1, QLatin1Char('0')) +
               QStringLiteral("%1").arg(address.toIPv4Address(), 8, 16, QLatin1Char('0'));
    if (!address.isNull())
        return {};
    int bits = lane;
    for (QChar &c : name) {
        if (bits == 0)
            break;
        if (c >= QLatin1Char('a') && c <= QLatin1Char('z')) {
            if (bits & 1)
                c = c.toUpper();
            bits >>= 1;
        }
    }
    return bits == 0 ? name : QString(); // not enough letters for this many lanes
}

int ManagerPool::laneWithRoom(const Slot &slot, const QString &hostKey, const QUrl &url, int capacity) const
{
    const auto lanes = slot.lanes.constFind(hostKey);
    const auto retired = slot.retired.constFind(hostKey);
    const int next = slot.nextLane.value(hostKey, 0);
    for (int lane = 0; lane < next; ++lane) {
        if (retired != slot.retired.cend() && retired->contains(lane))
            continue;
        if (lanes == slot.lanes.cend() || lanes->value(lane) < capacity)
            return lane;
    }
    return next == 0 || !laneName(url, next).isEmpty() ? next : -1;
}

ManagerPool::Lease ManagerPool::lease(int index, const QString &hostKey, const QUrl &url, int lane)
{
    Slot &slot = m_slots[size_t(index)];
    ++slot.load;
    ++slot.lanes[hostKey][lane];
    int &next = slot.nextLane[hostKey];
    next = std::max(next, lane + 1);
    return {slot.manager, index, lane, hostKey, laneName(url, lane)};
}

ManagerPool::Lease ManagerPool::newManager(const QString &hostKey, const QUrl &url)
{
    Slot slot;
    slot.manager = m_factory(m_owner);
    m_slots.push_back(std::move(slot));
    return lease(int(m_slots.size() - 1), hostKey, url, 0);
}

ManagerPool::Lease ManagerPool::acquireHttp2(const QString &hostKey, const QUrl &url, const Origin &origin)
{
    // Pack streams: the home group while it has room, else the fullest other group of this origin with room
    // (the groups opened before the protocol was known drain and Qt closes them when idle).
    int best = -1;
    int bestLane = -1;
    int bestLoad = -1;
    for (size_t i = 0; i < m_slots.size(); ++i) {
        const Slot &slot = m_slots[i];
        const auto lanes = slot.lanes.constFind(hostKey);
        const auto retired = slot.retired.constFind(hostKey);
        const int next = slot.nextLane.value(hostKey, 0);
        for (int lane = 0; lane < next; ++lane) {
            if (retired != slot.retired.cend() && retired->contains(lane))
                continue;
            const int load = lanes == slot.lanes.cend() ? 0 : lanes->value(lane);
            if (load >= kStreamsPerConnection)
                continue;
            const bool home = int(i) == origin.home && lane == origin.homeLane;
            if (home)
                return lease(int(i), hostKey, url, lane);
            if (load > bestLoad) {
                best = int(i);
                bestLane = lane;
                bestLoad = load;
            }
        }
    }
    if (best >= 0)
        return lease(best, hostKey, url, bestLane);
    // Every group of this origin is full: a new one, on the least loaded manager's thread.
    if (int(m_slots.size()) < m_maxManagers)
        return newManager(hostKey, url);
    best = 0;
    for (size_t i = 1; i < m_slots.size(); ++i) {
        if (m_slots[i].load < m_slots[size_t(best)].load)
            best = int(i);
    }
    const int lane = laneWithRoom(m_slots[size_t(best)], hostKey, url, kStreamsPerConnection);
    return lease(best, hostKey, url, std::max(lane, 0)); // no lane left: Qt queues on the connection
}

ManagerPool::Lease ManagerPool::acquire(const QString &hostKey, const QUrl &url)
{
    const auto origin = m_origins.constFind(hostKey);
    if (origin != m_origins.cend() && origin->home >= 0)
        return acquireHttp2(hostKey, url, *origin);

    int best = -1;
    int bestLane = -1;
    bool bestWarm = false;
    for (size_t i = 0; i < m_slots.size(); ++i) {
        const int lane = laneWithRoom(m_slots[i], hostKey, url, kConnectionsPerHost);
        if (lane < 0)
            continue;
        // A lane already used for this host may hold an idle kept-alive connection: reuse beats spreading,
        // else a list over many hosts opens a connection per host per manager.
        const bool warm = lane < m_slots[i].nextLane.value(hostKey, 0);
        if (best < 0 || (warm && !bestWarm) || (warm == bestWarm && m_slots[i].load < m_slots[size_t(best)].load)) {
            best = int(i);
            bestLane = lane;
            bestWarm = warm;
        }
    }
    if (bestWarm)
        return lease(best, hostKey, url, bestLane);
    // Spread work over up to maxManagers threads (TLS and parsing run there) before stacking lanes on one.
    const bool spread = int(m_slots.size()) < m_maxManagers && (best < 0 || m_slots[size_t(best)].load > 0);
    const bool noLane = best < 0 && int(m_slots.size()) < m_hardMaxManagers;
    if (spread || noLane)
        return newManager(hostKey, url);
    if (best < 0) {
        // Past every bound: lane 0 of the least loaded manager; Qt queues beyond 6 there.
        best = 0;
        for (size_t i = 1; i < m_slots.size(); ++i) {
            if (m_slots[i].load < m_slots[size_t(best)].load)
                best = int(i);
        }
        bestLane = 0;
    }
    return lease(best, hostKey, url, bestLane);
}

void ManagerPool::noteProtocol(const Lease &lease, bool http2)
{
    if (!lease.isValid())
        return;
    if (!http2) {
        m_origins.remove(lease.hostKey);
        return;
    }
    Origin &origin = m_origins[lease.hostKey];
    // A home that went away (GOAWAY) moves to the next group an HTTP/2 answer comes on.
    const bool moved = origin.home >= 0 && isRetired(origin.home, lease.hostKey, origin.homeLane) &&
                       !isRetired(lease.index, lease.hostKey, lease.lane);
    if (origin.home < 0 || moved) {
        origin.home = lease.index;
        origin.homeLane = lease.lane;
    }
}

int ManagerPool::inFlight(int index, const QString &hostKey, int lane) const
{
    if (index < 0 || index >= int(m_slots.size()))
        return 0;
    return m_slots[size_t(index)].lanes.value(hostKey).value(lane);
}

void ManagerPool::release(Lease &lease)
{
    if (!lease.isValid())
        return;
    Slot &slot = m_slots[size_t(lease.index)];
    --slot.load;
    const auto host = slot.lanes.find(lease.hostKey);
    if (host != slot.lanes.end()) {
        const auto lane = host->find(lease.lane);
        if (lane != host->end() && --lane.value() <= 0)
            host->erase(lane);
    }
    lease = {};
}

bool ManagerPool::isRetired(int index, const QString &hostKey, int lane) const
{
    const auto retired = m_slots[size_t(index)].retired.constFind(hostKey);
    return retired != m_slots[size_t(index)].retired.cend() && retired->contains(lane);
}

void ManagerPool::noteConnecting(const Lease &lease)
{
    if (lease.isValid())
        m_slots[size_t(lease.index)].connecting[lease.hostKey].insert(lease.lane);
}

void ManagerPool::noteSent(const Lease &lease)
{
    if (!lease.isValid())
        return;
    Slot &slot = m_slots[size_t(lease.index)];
    const auto host = slot.connecting.find(lease.hostKey);
    if (host != slot.connecting.end() && host->remove(lease.lane) && host->isEmpty())
        slot.connecting.erase(host);
}

bool ManagerPool::isConnecting(const Lease &lease) const
{
    if (!lease.isValid())
        return false;
    const Slot &slot = m_slots[size_t(lease.index)];
    const auto host = slot.connecting.constFind(lease.hostKey);
    return host != slot.connecting.cend() && host->contains(lease.lane);
}

void ManagerPool::goingAway(const Lease &lease)
{
    if (lease.isValid())
        m_slots[size_t(lease.index)].retired[lease.hostKey].insert(lease.lane);
}

void ManagerPool::retire(Lease &lease)
{
    if (!lease.isValid())
        return;
    goingAway(lease); // never leased again
    const auto origin = m_origins.find(lease.hostKey);
    if (origin != m_origins.end() && origin->home == lease.index && origin->homeLane == lease.lane)
        m_origins.erase(origin); // learned again from the next HTTP/2 answer, on another group
    release(lease);
}

} // namespace Fanout
