#pragma once

#include <QHash>
#include <QSet>
#include <QString>

#include <functional>
#include <vector>

class QNetworkAccessManager;
class QNetworkRequest;
class QObject;
class QUrl;

namespace Fanout {

// Qt 6.4 opens at most 6 connections per host:port per connection group and queues the rest where no cap of ours
// can see them (QHttp1Configuration, which lifts the limit, arrives in 6.5). The pool hands out leases so that no
// group ever has more than 6 requests in flight: a cap of N on one host really means N concurrent requests.
//
// A group is Qt's QHttpNetworkConnection. Qt keys them by scheme, host, port, proxy and the request's
// peerVerifyName (qhttpthreaddelegate.cpp, makeCacheKey), so one manager can hold several groups to one host:
// lane 0 has no peerVerifyName; lane k > 0 sets one that changes the key but not what is verified (plain HTTP never
// uses it; over TLS it is the host name with its letters' case changed, which certificate matching and SNI
// lower-case again; an IPv4 address is written as one hexadecimal number with more leading zeros, which Qt parses
// back to the same address for verification and for which it sends no SNI). That keeps the number of managers,
// each one thread in Qt, bounded; hosts that can have no lanes (an IPv6 address over TLS) get more managers
// instead, up to a hard bound.
//
// An HTTP/2 origin (learned from its answers: ALPN, Http2WasUsedAttribute) is different: Qt carries a group's
// requests as streams on one connection, so once known its requests share one group, up to
// kStreamsPerConnection in flight, and only then a second.
class ManagerPool final
{
public:
    using Factory = std::function<QNetworkAccessManager *(QObject *parent)>;
    static constexpr int kConnectionsPerHost = 6;
    // Streams one HTTP/2 group carries before a second is used: Qt 6.4's own limit until the server's SETTINGS
    // (Http2::maxConcurrentStreams, http2protocol_p.h); a server allowing fewer has the rest queued by Qt on the
    // connection, which Qt 6.4's API does not let us see.
    static constexpr int kStreamsPerConnection = 100;

    // maxManagers: managers (threads) made before lanes are used; hardMaxManagers: for hosts that cannot use lanes.
    ManagerPool(Factory factory, QObject *owner, int maxManagers = 4, int hardMaxManagers = 16);
    ~ManagerPool();
    ManagerPool(const ManagerPool &) = delete;
    ManagerPool &operator=(const ManagerPool &) = delete;

    struct Lease
    {
        QNetworkAccessManager *manager = nullptr;
        int index = -1;
        int lane = 0;
        QString hostKey;
        QString peerVerifyName; // empty on lane 0
        bool isValid() const { return manager != nullptr; }
        // Puts the lease's connection group on the request (call before get()/head()).
        void applyTo(QNetworkRequest &request) const;
    };

    // A connection group with a free connection for url's host:port.
    Lease acquire(const QString &hostKey, const QUrl &url);
    void release(Lease &lease);
    // The lease's connection group may hold a connection in an unknown state (Qt kept it after a response it could
    // not read to the end): never lease that group again. Releases the lease.
    void retire(Lease &lease);
    // An HTTP/2 server sent the lease's connection GOAWAY: Qt 6.4 loses a request given to that connection while
    // it stays open for the streams still running (see CheckJob::onGroupGoingAway), so the group is never leased
    // again. The lease stays valid; the origin stays HTTP/2 and its streams go to another group.
    void goingAway(const Lease &lease);
    // A request of the lease's group started opening a connection; one of its requests was written.
    void noteConnecting(const Lease &lease);
    void noteSent(const Lease &lease);
    bool isConnecting(const Lease &lease) const; // a connection opens and nothing was written on it yet
    static bool sameGroup(const Lease &a, const Lease &b)
    {
        return a.index == b.index && a.lane == b.lane && a.hostKey == b.hostKey;
    }

    // What the lease's answer was carried by (call once its headers are in): an HTTP/2 answer makes its group
    // the origin's HTTP/2 group; an HTTP/1 answer ends that (the origin changed, or was never HTTP/2).
    void noteProtocol(const Lease &lease, bool http2);
    bool isHttp2(const QString &hostKey) const { return m_origins.value(hostKey).home >= 0; }

    int managerCount() const { return int(m_slots.size()); }
    // Requests in flight on one connection group, as handed out (for tests and diagnostics).
    int inFlight(int index, const QString &hostKey, int lane) const;

    // "scheme://host:port" with the scheme's default port filled in: the unit Qt's connection limit applies to.
    static QString hostKey(const QUrl &url);
    // "host:port", as error messages name the peer.
    static QString hostPort(const QUrl &url);

private:
    struct Slot
    {
        QNetworkAccessManager *manager = nullptr;
        int load = 0;                          // requests in flight, all hosts
        QHash<QString, QHash<int, int>> lanes; // hostKey -> lane -> requests in flight
        QHash<QString, QSet<int>> retired;     // hostKey -> lanes never to be used again
        QHash<QString, int> nextLane;          // hostKey -> first lane number never used
        QHash<QString, QSet<int>> connecting;  // hostKey -> lanes opening a connection with nothing written yet
    };

    struct Origin
    {
        int home = -1; // manager index of the HTTP/2 group that answered first, -1 while not known as HTTP/2
        int homeLane = 0;
    };

    static QString laneName(const QUrl &url, int lane);
    bool isRetired(int index, const QString &hostKey, int lane) const;
    int laneWithRoom(const Slot &slot, const QString &hostKey, const QUrl &url, int capacity) const;
    Lease lease(int index, const QString &hostKey, const QUrl &url, int lane);
    Lease acquireHttp2(const QString &hostKey, const QUrl &url, const Origin &origin);
    Lease newManager(const QString &hostKey, const QUrl &url);

    Factory m_factory;
    QObject *m_owner = nullptr;
    int m_maxManagers = 4;
    int m_hardMaxManagers = 64;
    std::vector<Slot> m_slots;
    QHash<QString, Origin> m_origins;
};

} // namespace Fanout
