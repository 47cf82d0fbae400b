#include "net/connectrace.h"

#include <QNetworkProxy>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace Fanout {

ConnectRace::ConnectRace(QObject *parent)
    : QObject(parent)
{}

ConnectRace::~ConnectRace()
{
    // Cut here rather than in ~QObject's deletion of the children, when this object is no longer a ConnectRace.
    for (QTcpSocket *socket : m_sockets) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
}

void ConnectRace::start(const QList<QHostAddress> &addresses, quint16 port, int attemptDelayMs)
{
    m_addresses = addresses;
    m_port = port;
    m_delayMs = attemptDelayMs;
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &ConnectRace::startNext);
    if (m_addresses.isEmpty()) {
        conclude(QHostAddress());
        return;
    }
    // A connect can fail inside connectToHost(): the first one starts from the event loop, never inside start().
    QMetaObject::invokeMethod(this, &ConnectRace::startNext, Qt::QueuedConnection);
}

void ConnectRace::startNext()
{
    if (m_done || m_next >= m_addresses.size())
        return;
    const QHostAddress address = m_addresses[m_next++];
    auto *socket = new QTcpSocket(this);
    socket->setProxy(QNetworkProxy::NoProxy); // the engine races direct routes only
    m_sockets.push_back(socket);
    connect(socket, &QTcpSocket::connected, this, [this, address] { conclude(address); });
    connect(socket, &QAbstractSocket::errorOccurred, this, [this, socket] { onFailed(socket); });
    if (m_next < m_addresses.size())
        m_timer->start(m_delayMs);
    socket->connectToHost(address, m_port);
}

void ConnectRace::onFailed(QTcpSocket *socket)
{
    if (m_done)
        return;
    // Possibly inside this socket's own signal: it goes later.
    socket->disconnect(this);
    socket->deleteLater();
    m_sockets.erase(std::remove(m_sockets.begin(), m_sockets.end(), socket), m_sockets.end());
    ++m_failed;
    if (m_next < m_addresses.size()) {
        m_timer->stop(); // RFC 8305 5: a failed attempt lets the next one start without waiting for the delay
        startNext();
        return;
    }
    if (m_failed == m_addresses.size())
        conclude(QHostAddress());
}

void ConnectRace::conclude(const QHostAddress &winner)
{
    if (m_done)
        return;
    m_done = true;
    if (m_timer)
        m_timer->stop();
    for (QTcpSocket *socket : m_sockets)
        socket->disconnect(this);
    // The sockets are cut from the event loop: the winner's connected() (or a loser's signal) may be on the stack.
    QMetaObject::invokeMethod(
        this,
        [this, winner] {
            for (QTcpSocket *socket : m_sockets)
                socket->abort();
            emit finished(winner);
        },
        Qt::QueuedConnection);
}

} // namespace Fanout
