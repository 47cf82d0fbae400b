#pragma once

#include <QHostAddress>

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

// An address that silently drops SYNs, as a dead host or a firewall does: a listening socket whose accept queue
// (listen(fd, 0): room for one) is full and never drained. Linux then drops every further SYN, so a connect hangs
// until the connecting side gives up.
class BlackHole final
{
public:
    BlackHole() = default;
    BlackHole(const BlackHole &) = delete;
    BlackHole &operator=(const BlackHole &) = delete;
    ~BlackHole()
    {
        for (const int fd : m_fds)
            ::close(fd);
    }

    bool open(const QHostAddress &address, quint16 port)
    {
        sockaddr_storage storage{};
        socklen_t length = 0;
        const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
        if (v6) {
            auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
            in6->sin6_family = AF_INET6;
            in6->sin6_port = htons(port);
            const Q_IPV6ADDR bytes = address.toIPv6Address();
            std::memcpy(&in6->sin6_addr, bytes.c, 16);
            length = sizeof(sockaddr_in6);
        } else {
            auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
            in4->sin_family = AF_INET;
            in4->sin_port = htons(port);
            in4->sin_addr.s_addr = htonl(address.toIPv4Address());
            length = sizeof(sockaddr_in);
        }
        const int family = v6 ? AF_INET6 : AF_INET;
        const int listener = ::socket(family, SOCK_STREAM, 0);
        if (listener < 0)
            return false;
        m_fds.push_back(listener);
        if (::bind(listener, reinterpret_cast<sockaddr *>(&storage), length) != 0 || ::listen(listener, 0) != 0)
            return false;
        // The first connection fills the queue, and must be in it before anyone else's SYN comes (else that one
        // would take its place and connect); the second's SYN is already dropped.
        for (int i = 0; i < 2; ++i) {
            const int filler = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
            if (filler < 0)
                return false;
            m_fds.push_back(filler);
            ::connect(filler, reinterpret_cast<sockaddr *>(&storage), length); // EINPROGRESS: left to the kernel
            if (i == 0 && !established(filler))
                return false;
        }
        return true;
    }

private:
    static bool established(int fd)
    {
        pollfd p{fd, POLLOUT, 0};
        int error = 0;
        socklen_t size = sizeof(error);
        return ::poll(&p, 1, 5000) == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0;
    }

    std::vector<int> m_fds;
};
