#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QSocketNotifier;
class QTimer;
struct ares_addrinfo;

namespace Fanout {

// Name resolution in the engine's control. Qt 6.4 resolves every host name through QHostInfo's fixed pool of
// about 20 threads, a queue no concurrency cap can see: a list of many names waits there. This resolver runs
// c-ares on the thread it lives in (its sockets through QSocketNotifier, its timeouts through one QTimer), so any
// number of lookups are under way at once and none blocks the event loop. c-ares honours /etc/hosts (or
// $CARES_HOSTS) and resolv.conf (servers, search, ndots, timeout, attempts); a SERVFAIL or REFUSED from one server
// is that server's trouble and the next is asked, the error names it only when every server failed. Answers are cached
// by their TTL for the resolver's life (the engine makes one per run) and lookups of one name in flight are coalesced.
// A name that does not exist (or has no address) is remembered for a minute: c-ares gives no SOA minimum (RFC 2308).
class Resolver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Resolver)

public:
    struct Config
    {
        // "ip:port,ip:port" (ares_set_servers_ports_csv); empty = the system's resolv.conf. Tests and benchmarks
        // point it at a DNS server of their own; then no search domains are appended either.
        QString servers;
        int timeoutMs = 0; // per try; 0 = the system's (resolv.conf "options timeout")
        int tries = 0;     // 0 = the system's ("options attempts")
    };

    struct Answer
    {
        QList<QHostAddress> addresses; // Happy Eyeballs order (RFC 8305): families alternate, the preferred first
        QString error;                 // "dns: ..." when there are no addresses
        bool isOk() const { return error.isEmpty(); }
    };
    using Callback = std::function<void(const Answer &)>;

    explicit Resolver(const Config &config, QObject *parent = nullptr);
    // Not from inside one of its own callbacks: use deleteLater() there.
    ~Resolver() override;

    // A cached answer for name, if one is still within its TTL (no query, no event loop turn).
    bool cached(const QString &name, Answer *answer) const;
    // Starts (or joins) a lookup; callback runs later from the event loop, never from inside lookup().
    // Returns a ticket for cancel().
    quint64 lookup(const QString &name, Callback callback);
    void cancel(quint64 ticket);
    // A connection to address failed: later answers for name from the cache try it last.
    void demote(const QString &name, const QHostAddress &address);
    // A connection to address won the race among name's addresses (ConnectRace): later answers for name put it
    // first, and preferred() names it, so the engine sends there without racing again; demote() forgets it.
    void prefer(const QString &name, const QHostAddress &address);
    QHostAddress preferred(const QString &name) const { return m_preferred.value(name.toLower()); }

    int queriesStarted() const { return m_queriesStarted; } // lookups that went to c-ares (tests)
    int lookupsInFlight() const { return int(m_pending.size()); }

    // Alternates the families of addresses sorted by preference, the first one's family first (RFC 8305 4).
    static QList<QHostAddress> interleave(const QList<QHostAddress> &sorted);

private:
    struct Waiter
    {
        quint64 ticket = 0;
        Callback callback;
    };
    struct Pending
    {
        Resolver *resolver = nullptr;
        QString name;
        qint64 startedMs = 0;
        QList<Waiter> waiters;
        bool naming = false; // asked again on m_namingChannel, only to learn what the servers answered
    };
    struct Entry
    {
        QList<QHostAddress> addresses;
        qint64 expiresMs = 0;
    };
    struct Notifiers
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
    };

    bool ensureChannel();
    void startQuery(void *channel, Pending *pending);
    QList<QHostAddress> preferredFirst(const QString &key, QList<QHostAddress> addresses) const;
    static void onSocketState(void *data, int fd, int readable, int writable);
    static void onAddrInfo(void *arg, int status, int timeouts, ::ares_addrinfo *result);
    void process(int readFd, int writeFd);
    void rearmTimer();
    void deliver();
    QString errorText(int status, const QString &name, qint64 startedMs) const;
    qint64 nowMs() const;

    Config m_config;
    QElapsedTimer m_clock;
    void *m_channel = nullptr; // ares_channel
    // The same servers, each answer taken as it comes (ARES_FLAG_NOCHECKRESP): asked only when m_channel found
    // every server failing, to name the failure (see onAddrInfo).
    void *m_namingChannel = nullptr;
    QString m_initError;
    QTimer *m_timer = nullptr;
    int m_tryTimeoutMs = 0; // the main channel's timeout for one try (0: unknown, the timer is always rearmed)
    QHash<int, Notifiers> m_notifiers;
    QHash<QString, Pending *> m_pending; // name -> lookup in flight (owned; freed by its callback)
    QHash<QString, Entry> m_cache;
    QHash<QString, QHostAddress> m_preferred; // name -> the address whose connection won (prefer())
    struct Negative
    {
        QString error;
        qint64 expiresMs = 0;
    };
    QHash<QString, Negative> m_negative;        // NXDOMAIN and no-address answers, for kNegativeTtlMs
    QList<std::pair<Pending *, Answer>> m_done; // finished inside c-ares, delivered after it returns
    Pending *m_delivery = nullptr;              // the lookup whose waiters deliver() is calling
    quint64 m_nextTicket = 1;
    int m_queriesStarted = 0;
    bool m_destroying = false;
    bool m_delivering = false;
};

} // namespace Fanout
