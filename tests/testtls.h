#pragma once

// The test certificate for 127.0.0.1 and localhost (tests/data), as an origin's TLS configuration. Null
// (no local certificate) when the files cannot be read: callers check localCertificate().isNull().
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

namespace FanoutTest {

inline QSslConfiguration localhostTls()
{
    QFile certFile(QStringLiteral(FANOUT_TEST_DATA "/localhost.crt"));
    QFile keyFile(QStringLiteral(FANOUT_TEST_DATA "/localhost.key"));
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return {};
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
    tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    return tls;
}

} // namespace FanoutTest
