#include "engine/managerpool.h"

#include <QNetworkAccessManager>
#include <QUrl>

namespace Fanout {

ManagerPool::ManagerPool(Factory factory, QObject *owner)
    : m_factory(std::move(factory))
    , m_owner(owner)
{}

ManagerPool::~ManagerPool() = default; // managers are children of m_owner

QString ManagerPool::hostPort(const QUrl &url)
{
    const int port = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
    return url.host() + QLatin1Char(':') + QString::number(port);
}

QString ManagerPool::hostKey(const QUrl &url)
{
    return url.scheme() + QLatin1String("://") + hostPort(url);
}

ManagerPool::Lease ManagerPool::acquire(const QString &hostKey)
{
    for (size_t i = 0; i < m_slots.size(); ++i) {
        auto &inFlight = m_slots[i].inFlight;
        const auto it = inFlight.find(hostKey);
        if (it == inFlight.end()) {
            inFlight.insert(hostKey, 1);
            return {m_slots[i].manager, int(i), hostKey};
        }
        if (it.value() < kConnectionsPerHost) {
            ++it.value();
            return {m_slots[i].manager, int(i), hostKey};
        }
    }
    Slot slot;
    slot.manager = m_factory(m_owner);
    slot.inFlight.insert(hostKey, 1);
    m_slots.push_back(std::move(slot));
    return {m_slots.back().manager, int(m_slots.size() - 1), hostKey};
}

void ManagerPool::release(Lease &lease)
{
    if (!lease.isValid())
        return;
    auto &inFlight = m_slots[size_t(lease.index)].inFlight;
    const auto it = inFlight.find(lease.hostKey);
    if (it != inFlight.end() && --it.value() <= 0)
        inFlight.erase(it);
    lease = {};
}

} // namespace Fanout
