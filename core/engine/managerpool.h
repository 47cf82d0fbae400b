#pragma once

#include <QHash>
#include <QString>

#include <functional>
#include <vector>

class QNetworkAccessManager;
class QObject;
class QUrl;

namespace Fanout {

// Qt 6.4 opens at most 6 connections per host:port per QNetworkAccessManager and queues the rest inside the
// manager, where no cap of ours can see them. The pool hands out managers so that no manager ever has more
// than 6 requests in flight to one host: a cap of N on one host really means N concurrent requests.
class ManagerPool final
{
public:
    using Factory = std::function<QNetworkAccessManager *(QObject *parent)>;
    static constexpr int kConnectionsPerHost = 6;

    ManagerPool(Factory factory, QObject *owner);
    ~ManagerPool();
    ManagerPool(const ManagerPool &) = delete;
    ManagerPool &operator=(const ManagerPool &) = delete;

    struct Lease
    {
        QNetworkAccessManager *manager = nullptr;
        int index = -1;
        QString hostKey;
        bool isValid() const { return manager != nullptr; }
    };

    // A manager with a free connection for hostKey ("scheme://host:port"); makes a new one when all are full.
    Lease acquire(const QString &hostKey);
    void release(Lease &lease);

    // "scheme://host:port" with the scheme's default port filled in: the unit Qt's connection limit applies to.
    static QString hostKey(const QUrl &url);
    // "host:port", as error messages name the peer.
    static QString hostPort(const QUrl &url);

private:
    struct Slot
    {
        QNetworkAccessManager *manager = nullptr;
        QHash<QString, int> inFlight;
    };

    Factory m_factory;
    QObject *m_owner = nullptr;
    std::vector<Slot> m_slots;
};

} // namespace Fanout
