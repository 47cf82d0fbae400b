#pragma once

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QNetworkProxy>
#include <QTimer>
#include <QUdpSocket>
#include <QVariant>
#include <QtEndian>

#include <memory>

// A tiny DNS server on loopback for tests: A and AAAA queries over UDP, answered after a set delay.
// Names under .test get 127.0.0.1 (A) unless mapped otherwise; "servfail.test" gets SERVFAIL, "silent.test" no
// answer at all, every name outside .test NXDOMAIN. It counts what it was asked. setRcode() makes it answer every
// name with that error instead (a failing server among several).
class DnsTestServer final
{
public:
    DnsTestServer() = default;
    DnsTestServer(const DnsTestServer &) = delete;
    DnsTestServer &operator=(const DnsTestServer &) = delete;

    bool listen()
    {
        m_socket = std::make_unique<QUdpSocket>();
        // A loopback server: no system proxy lookup (libproxy starts a thread for it, and a process that then
        // forks, as test_cli does for the CLI, dies under ThreadSanitizer).
        m_socket->setProxy(QNetworkProxy::NoProxy);
        if (!m_socket->bind(QHostAddress::LocalHost, 0))
            return false;
        // Hundreds of queries arrive at once; the default buffer drops some.
        m_socket->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, QVariant(4 << 20));
        QObject::connect(m_socket.get(), &QUdpSocket::readyRead, m_socket.get(), [this] { read(); });
        return true;
    }
    // For Resolver::Config::servers and CheckOptions::dnsServers.
    QString servers() const { return QStringLiteral("127.0.0.1:%1").arg(m_socket->localPort()); }

    void setDelayMs(int ms) { m_delayMs = ms; }
    void setTtl(quint32 seconds) { m_ttl = seconds; }
    void setRcode(int rcode) { m_rcode = rcode; } // e.g. 2 SERVFAIL, 5 REFUSED; 0: answer as usual
    // Replaces the default answer for one name (lower case); both families may be given.
    void map(const QString &name, const QList<QHostAddress> &addresses, quint32 ttl)
    {
        m_names.insert(name, {addresses, ttl});
    }

    int queries(const QString &name) const { return m_queries.value(name); } // A and AAAA
    int totalQueries() const { return m_total; }
    int maxOutstanding() const { return m_maxOutstanding; } // queries read and not yet answered, at most

private:
    struct Mapping
    {
        QList<QHostAddress> addresses;
        quint32 ttl = 60;
    };

    void read()
    {
        while (m_socket->hasPendingDatagrams()) {
            QHostAddress from;
            quint16 port = 0;
            QByteArray query(int(m_socket->pendingDatagramSize()), '\0');
            if (m_socket->readDatagram(query.data(), query.size(), &from, &port) < 12)
                continue;
            answer(query, from, port);
        }
    }

    void answer(const QByteArray &query, const QHostAddress &from, quint16 port)
    {
        // The question: labels up to the root, then type and class.
        int at = 12;
        QStringList labels;
        while (at < query.size() && quint8(query[at]) != 0) {
            const int length = quint8(query[at]);
            labels << QString::fromLatin1(query.mid(at + 1, length)).toLower();
            at += 1 + length;
        }
        if (at + 5 > query.size())
            return;
        const QString name = labels.join(QLatin1Char('.'));
        const quint16 type = qFromBigEndian<quint16>(query.constData() + at + 1);
        const QByteArray question = query.mid(12, at + 5 - 12);
        ++m_total;
        ++m_queries[name];
        if (name == QLatin1String("silent.test"))
            return;

        int rcode = 0;
        QList<QHostAddress> addresses;
        quint32 ttl = m_ttl;
        if (m_rcode != 0) {
            rcode = m_rcode;
        } else if (name == QLatin1String("servfail.test")) {
            rcode = 2;
        } else if (m_names.contains(name)) {
            addresses = m_names.value(name).addresses;
            ttl = m_names.value(name).ttl;
        } else if (name.endsWith(QLatin1String(".test"))) {
            addresses = {QHostAddress(QStringLiteral("127.0.0.1"))};
        } else {
            rcode = 3;
        }
        QByteArray answers;
        quint16 count = 0;
        for (const QHostAddress &address : addresses) {
            const bool v4 = address.protocol() == QAbstractSocket::IPv4Protocol;
            if ((type == 1) != v4 || (type != 1 && type != 28))
                continue;
            QByteArray rr("\xc0\x0c", 2); // the name: a pointer to the question's
            rr += bytes16(type) + bytes16(1) + bytes32(ttl);
            if (v4) {
                rr += bytes16(4) + bytes32(address.toIPv4Address());
            } else {
                const Q_IPV6ADDR v6 = address.toIPv6Address();
                rr += bytes16(16) + QByteArray(reinterpret_cast<const char *>(v6.c), 16);
            }
            answers += rr;
            ++count;
        }
        QByteArray reply = query.left(2);          // id
        reply += bytes16(quint16(0x8180 | rcode)); // response, recursion desired and available
        reply += bytes16(1) + bytes16(count) + bytes16(0) + bytes16(0);
        reply += question + answers;
        ++m_outstanding;
        m_maxOutstanding = std::max(m_maxOutstanding, m_outstanding);
        QTimer::singleShot(m_delayMs, m_socket.get(), [this, reply, from, port] {
            --m_outstanding;
            m_socket->writeDatagram(reply, from, port);
        });
    }

    static QByteArray bytes16(quint16 v)
    {
        char b[2];
        qToBigEndian(v, b);
        return QByteArray(b, 2);
    }
    static QByteArray bytes32(quint32 v)
    {
        char b[4];
        qToBigEndian(v, b);
        return QByteArray(b, 4);
    }

    std::unique_ptr<QUdpSocket> m_socket;
    int m_delayMs = 0;
    quint32 m_ttl = 60;
    int m_rcode = 0;
    QHash<QString, Mapping> m_names;
    QHash<QString, int> m_queries;
    int m_total = 0;
    int m_outstanding = 0;
    int m_maxOutstanding = 0;
};
