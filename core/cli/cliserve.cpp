#include "cli/cliserve.h"

#include "cli/cliout.h"
#include "origin/originserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

namespace Fanout::Cli {

int runServe(QCoreApplication &app, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Serve Fanout's local test origin on loopback until stopped."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("port"), QStringLiteral("Port to listen on (0 = a free one)."),
                      QStringLiteral("N"), QStringLiteral("18080")});
    parser.addOption({QStringLiteral("hosts"), QStringLiteral("Listen on 127.0.0.1 .. 127.0.0.K."), QStringLiteral("K"),
                      QStringLiteral("1")});
    parser.addOption(
        {QStringLiteral("tls-cert"), QStringLiteral("Serve HTTPS with this PEM certificate."), QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("tls-key"), QStringLiteral("PEM private key for --tls-cert."), QStringLiteral("FILE")});
    QString routesHelp = QStringLiteral("Routes:\n");
    for (const auto &route : OriginServer::routes())
        routesHelp += QStringLiteral("  %1  %2\n").arg(route.first, -24).arg(route.second);
    parser.setApplicationDescription(parser.applicationDescription() + QLatin1Char('\n') + routesHelp);
    parser.process(arguments);

    auto *server = new OriginServer(&app);
    bool ok = false;
    const int port = parser.value(QStringLiteral("port")).toInt(&ok);
    const int hosts = parser.value(QStringLiteral("hosts")).toInt();
    if (!ok || port < 0 || port > 65535 || hosts < 1 || hosts > 254) {
        printErr(QStringLiteral("fanout-cli serve: --port is 0..65535 and --hosts 1..254\n"));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("tls-cert"))) {
        QFile certFile(parser.value(QStringLiteral("tls-cert")));
        QFile keyFile(parser.value(QStringLiteral("tls-key")));
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            printErr(QStringLiteral("fanout-cli serve: cannot read the certificate or key\n"));
            return ExitUsage;
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
        tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        server->setTlsConfiguration(tls);
    }
    if (!server->listen(quint16(port), hosts)) {
        printErr(QStringLiteral("fanout-cli serve: %1\n").arg(server->errorString()));
        return ExitUsage;
    }
    printErr(QStringLiteral("Serving %1 on %2 host(s); Ctrl+C stops.\n").arg(server->baseUrl().toString()).arg(hosts));
    return app.exec();
}

} // namespace Fanout::Cli
