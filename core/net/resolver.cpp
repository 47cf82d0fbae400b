#include "net/resolver.h"

#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <ares.h>
#include <climits>
#include <mutex>
#include <netinet/in.h>

namespace Fanout {

namespace {

constexpr qint64 kNegativeTtlMs = 60 * 1000;

ares_channel channelOf(void *channel)
{
    return static_cast<ares_channel>(channel);
}

QHostAddress addressOf(const struct sockaddr *address)
{
    QHostAddress result;
    result.setAddress(address);
    return result;
}

} // namespace

Resolver::Resolver(const Config &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
    m_clock.start();
}

Resolver::~Resolver()
{
    m_destroying = true;
    // ares_destroy calls every pending callback with ARES_EDESTRUCTION; those free their Pending.
    for (void **channel : {&m_channel, &m_namingChannel}) {
        if (*channel)
            ares_destroy(channelOf(*channel));
        *channel = nullptr;
    }
    for (const Notifiers &n : std::as_const(m_notifiers)) {
        delete n.read;
        delete n.write;
    }
    for (auto &done : m_done)
        delete done.first;
}

qint64 Resolver::nowMs() const
{
    return m_clock.elapsed(); // monotonic: a clock change neither keeps nor drops answers
}

bool Resolver::ensureChannel()
{
    if (m_channel)
        return true;
    if (!m_initError.isEmpty())
        return false;
    static std::once_flag once;
    std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] { process(ARES_SOCKET_BAD, ARES_SOCKET_BAD); });

    ares_options options{};
    int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_FLAGS | ARES_OPT_SOCK_RCVBUF;
    // Hundreds of lookups share one UDP socket: their answers arrive together, past the default buffer's room.
    options.socket_receive_buffer_size = 1 << 20;
    options.sock_state_cb = &Resolver::onSocketState;
    options.sock_state_cb_data = this;
    if (m_config.timeoutMs > 0) {
        options.timeout = m_config.timeoutMs;
        mask |= ARES_OPT_TIMEOUTMS;
    }
    if (m_config.tries > 0) {
        options.tries = m_config.tries;
        mask |= ARES_OPT_TRIES;
    }
    if (!m_config.servers.isEmpty()) {
        options.domains = nullptr; // a server of the caller's answers the names as given
        options.ndomains = 0;
        mask |= ARES_OPT_DOMAINS;
    }
    // Two channels over the same servers. The main one lets c-ares take a SERVFAIL or REFUSED as one server's
    // trouble and ask the next (resolv.conf lists several for that). When every server failed, c-ares 1.18 reports
    // only ARES_ECONNREFUSED, as if none could be reached; the naming channel then asks once more and takes the
    // first answer as it is (ARES_FLAG_NOCHECKRESP), so the error can say SERVFAIL or REFUSED.
    const auto openChannel = [this, &options, mask](int flags, void **into) {
        options.flags = flags;
        ares_channel channel = nullptr;
        int status = ares_init_options(&channel, &options, mask);
        if (status == ARES_SUCCESS && !m_config.servers.isEmpty())
            status = ares_set_servers_ports_csv(channel, m_config.servers.toLatin1().constData());
        if (status != ARES_SUCCESS) {
            if (channel)
                ares_destroy(channel);
            return status;
        }
        *into = channel;
        return status;
    };
    int status = openChannel(0, &m_channel);
    if (status == ARES_SUCCESS)
        status = openChannel(ARES_FLAG_NOCHECKRESP, &m_namingChannel);
    if (status == ARES_SUCCESS) {
        ares_options saved{};
        int savedMask = 0;
        if (ares_save_options(channelOf(m_channel), &saved, &savedMask) == ARES_SUCCESS) {
            if (savedMask & ARES_OPT_TIMEOUTMS)
                m_tryTimeoutMs = saved.timeout;
            else if (savedMask & ARES_OPT_TIMEOUT)
                m_tryTimeoutMs = saved.timeout * 1000;
            ares_destroy_options(&saved);
        }
    }
    if (status != ARES_SUCCESS) {
        m_initError = QStringLiteral("dns: the resolver could not start: ") + QString::fromUtf8(ares_strerror(status));
        if (m_channel)
            ares_destroy(channelOf(m_channel));
        m_channel = nullptr;
        return false;
    }
    return true;
}

bool Resolver::cached(const QString &name, Answer *answer) const
{
    const auto entry = m_cache.constFind(name.toLower());
    if (entry == m_cache.cend() || entry->expiresMs <= nowMs())
        return false;
    if (answer)
        *answer = {entry->addresses, {}};
    return true;
}

quint64 Resolver::lookup(const QString &name, Callback callback)
{
    const QString key = name.toLower();
    const quint64 ticket = m_nextTicket++;
    if (Pending *pending = m_pending.value(key)) {
        pending->waiters.append({ticket, std::move(callback)});
        return ticket;
    }
    auto *pending = new Pending{this, key, nowMs(), {{ticket, std::move(callback)}}};
    Answer hit;
    const auto negative = m_negative.constFind(key);
    if (negative != m_negative.cend() && negative->expiresMs > nowMs())
        hit.error = negative->error;
    if (cached(key, &hit) || !hit.error.isEmpty() || !ensureChannel()) {
        m_done.append({pending, hit.addresses.isEmpty() && hit.error.isEmpty() ? Answer{{}, m_initError} : hit});
        QMetaObject::invokeMethod(this, &Resolver::deliver, Qt::QueuedConnection);
        return ticket;
    }
    m_pending.insert(key, pending);
    ++m_queriesStarted;
    startQuery(m_channel, pending);
    rearmTimer();
    return ticket;
}

void Resolver::startQuery(void *channel, Pending *pending)
{
    ares_addrinfo_hints hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = ARES_AI_ENVHOSTS; // $CARES_HOSTS, when set, instead of /etc/hosts
    const QByteArray ascii = pending->name.toLatin1();
    ares_getaddrinfo(channelOf(channel), ascii.constData(), nullptr, &hints, &Resolver::onAddrInfo, pending);
}

void Resolver::cancel(quint64 ticket)
{
    // The query goes on: its answer still fills the cache for the URLs after this one.
    for (Pending *pending : std::as_const(m_pending)) {
        for (int i = 0; i < pending->waiters.size(); ++i) {
            if (pending->waiters[i].ticket == ticket) {
                pending->waiters.removeAt(i);
                return;
            }
        }
    }
    if (m_delivery) {
        for (int i = 0; i < m_delivery->waiters.size(); ++i) {
            if (m_delivery->waiters[i].ticket == ticket) {
                m_delivery->waiters.removeAt(i);
                return;
            }
        }
    }
    for (auto &done : m_done) {
        for (int i = 0; i < done.first->waiters.size(); ++i) {
            if (done.first->waiters[i].ticket == ticket) {
                done.first->waiters.removeAt(i);
                return;
            }
        }
    }
}

void Resolver::demote(const QString &name, const QHostAddress &address)
{
    const QString key = name.toLower();
    const auto known = m_preferred.constFind(key);
    if (known != m_preferred.cend() && *known == address)
        m_preferred.erase(known);
    const auto entry = m_cache.find(key);
    if (entry == m_cache.end() || entry->addresses.size() < 2 || entry->addresses.constLast() == address)
        return;
    if (entry->addresses.removeOne(address))
        entry->addresses.append(address);
}

void Resolver::prefer(const QString &name, const QHostAddress &address)
{
    const QString key = name.toLower();
    m_preferred.insert(key, address);
    const auto entry = m_cache.find(key);
    if (entry != m_cache.end())
        entry->addresses = preferredFirst(key, entry->addresses);
}

QList<QHostAddress> Resolver::preferredFirst(const QString &key, QList<QHostAddress> addresses) const
{
    const QHostAddress known = m_preferred.value(key);
    if (!known.isNull() && addresses.removeOne(known))
        addresses.prepend(known);
    return addresses;
}

QList<QHostAddress> Resolver::interleave(const QList<QHostAddress> &sorted)
{
    if (sorted.isEmpty())
        return sorted;
    QList<QHostAddress> first;
    QList<QHostAddress> other;
    const auto family = sorted.first().protocol();
    for (const QHostAddress &address : sorted)
        (address.protocol() == family ? first : other).append(address);
    QList<QHostAddress> result;
    result.reserve(sorted.size());
    for (qsizetype i = 0; i < std::max(first.size(), other.size()); ++i) {
        if (i < first.size())
            result.append(first[i]);
        if (i < other.size())
            result.append(other[i]);
    }
    return result;
}

void Resolver::onSocketState(void *data, int fd, int readable, int writable)
{
    auto *self = static_cast<Resolver *>(data);
    Notifiers &n = self->m_notifiers[fd];
    // Called from inside c-ares, possibly from one of these notifiers' own signals: disable now, delete later.
    const auto update = [self, fd](QSocketNotifier *&notifier, bool wanted, QSocketNotifier::Type type) {
        if (wanted && !notifier) {
            notifier = new QSocketNotifier(fd, type, self);
            connect(notifier, &QSocketNotifier::activated, self, [self, fd, type] {
                if (type == QSocketNotifier::Read)
                    self->process(fd, ARES_SOCKET_BAD);
                else
                    self->process(ARES_SOCKET_BAD, fd);
            });
        } else if (!wanted && notifier) {
            notifier->setEnabled(false);
            notifier->deleteLater();
            notifier = nullptr;
        }
    };
    update(n.read, readable != 0, QSocketNotifier::Read);
    update(n.write, writable != 0, QSocketNotifier::Write);
    if (!n.read && !n.write)
        self->m_notifiers.remove(fd);
}

void Resolver::process(int readFd, int writeFd)
{
    if (!m_channel)
        return;
    // A channel reads only its own sockets and runs its own timeouts: the fd may belong to either.
    ares_process_fd(channelOf(m_channel), readFd, writeFd);
    if (m_namingChannel)
        ares_process_fd(channelOf(m_namingChannel), readFd, writeFd);
    rearmTimer();
}

void Resolver::rearmTimer()
{
    if (!m_channel || !m_timer)
        return;
    if (m_pending.isEmpty()) {
        m_timer->stop();
        return;
    }
    // ares_timeout walks every query in flight, and this runs after every lookup and every answer: with hundreds
    // under way that is quadratic. c-ares sets a try's deadline at least one try's timeout ahead (1.18,
    // ares__send_query), so a timer due within that is early enough for whatever was sent since; one that fires
    // early (its query was answered) only looks again.
    if (m_tryTimeoutMs > 0 && m_timer->isActive() && m_timer->remainingTime() <= m_tryTimeoutMs)
        return;
    timeval longest{1, 0};
    timeval next{};
    const timeval *wait = ares_timeout(channelOf(m_channel), &longest, &next);
    timeval naming{};
    if (m_namingChannel) {
        longest = *wait;
        wait = ares_timeout(channelOf(m_namingChannel), &longest, &naming);
    }
    const qint64 ms = qint64(wait->tv_sec) * 1000 + (wait->tv_usec + 999) / 1000;
    m_timer->start(int(std::clamp<qint64>(ms, 0, INT_MAX)));
}

void Resolver::onAddrInfo(void *arg, int status, int /*timeouts*/, struct ares_addrinfo *result)
{
    auto *pending = static_cast<Pending *>(arg);
    Resolver *self = pending->resolver;
    if (self->m_destroying) {
        if (result)
            ares_freeaddrinfo(result);
        self->m_pending.remove(pending->name);
        delete pending;
        return;
    }
    if (status == ARES_ECONNREFUSED && !pending->naming && self->m_namingChannel) {
        // Every server failed (or none could be reached): ask once more, taking the first answer as it is.
        if (result)
            ares_freeaddrinfo(result);
        pending->naming = true;
        self->startQuery(self->m_namingChannel, pending);
        return; // process() rearms the timer once c-ares returns
    }
    Answer answer;
    int ttl = INT_MAX;
    if (status == ARES_SUCCESS && result) {
        QList<QHostAddress> sorted;
        for (const ares_addrinfo_node *node = result->nodes; node; node = node->ai_next) {
            const QHostAddress address = addressOf(node->ai_addr);
            if (!address.isNull() && !sorted.contains(address)) {
                sorted.append(address);
                ttl = std::min(ttl, node->ai_ttl);
            }
        }
        answer.addresses = self->preferredFirst(pending->name, interleave(sorted));
    }
    if (result)
        ares_freeaddrinfo(result);
    if (answer.addresses.isEmpty()) {
        const int why = status == ARES_SUCCESS ? ARES_ENODATA : status;
        answer.error = self->errorText(why, pending->name, pending->startedMs);
        // The server's word that the name has no address; a failure to answer may pass, so it is asked again.
        if (why == ARES_ENOTFOUND || why == ARES_ENODATA)
            self->m_negative.insert(pending->name, {answer.error, self->nowMs() + kNegativeTtlMs});
    } else if (ttl > 0) {
        self->m_cache.insert(pending->name, {answer.addresses, self->nowMs() + qint64(ttl) * 1000});
    }
    self->m_pending.remove(pending->name);
    self->m_done.append({pending, answer});
    // Never from inside c-ares (a callback may start the next lookup) nor from inside lookup().
    QMetaObject::invokeMethod(self, &Resolver::deliver, Qt::QueuedConnection);
}

void Resolver::deliver()
{
    if (m_delivering)
        return;
    m_delivering = true;
    while (!m_done.isEmpty()) {
        auto done = m_done.takeFirst();
        std::unique_ptr<Pending> pending(done.first);
        m_delivery = pending.get(); // a callback may cancel the waiters after it (cancel() looks here too)
        while (!pending->waiters.isEmpty()) {
            const Waiter waiter = pending->waiters.takeFirst();
            waiter.callback(done.second);
        }
        m_delivery = nullptr;
    }
    m_delivering = false;
}

QString Resolver::errorText(int status, const QString &name, qint64 startedMs) const
{
    switch (status) {
    case ARES_ENOTFOUND:
        return QStringLiteral("dns: NXDOMAIN for ") + name + QStringLiteral(" (no such name)");
    case ARES_ENODATA:
        return QStringLiteral("dns: no address for ") + name + QStringLiteral(" (the name exists, with no A or AAAA)");
    case ARES_ESERVFAIL:
        return QStringLiteral("dns: SERVFAIL for ") + name + QStringLiteral(" (the server failed to answer)");
    case ARES_EREFUSED:
        return QStringLiteral("dns: REFUSED for ") + name + QStringLiteral(" (the server refused to answer)");
    case ARES_ETIMEOUT:
        return QStringLiteral("dns: no answer for %1 within %2 s")
            .arg(name)
            .arg(double(nowMs() - startedMs) / 1000.0, 0, 'f', 1);
    case ARES_ECONNREFUSED:
        return QStringLiteral("dns: could not reach a name server for ") + name;
    default:
        return QStringLiteral("dns: ") + QString::fromUtf8(ares_strerror(status)) + QStringLiteral(" for ") + name;
    }
}

} // namespace Fanout
