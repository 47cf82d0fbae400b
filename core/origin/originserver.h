#pragma once

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>
#include <QVector>

#include <memory>

class QTcpServer;

namespace Fanout {

// A small httpbin-like HTTP/1.1 origin on loopback (never any other interface), for tests, benchmarks and
// the offline demo. Routes (see routes() for the full list with descriptions):
//   pages        /page/<i>  /title?t=  /delay/<ms>[/<tag>]  /status/<code>  /gbk  /metagbk ...  /headers  /json
//   redirects    /redirect/<n>  /loop/<n>  /cycle/a  /redirect-to?url=  /location-latin1  /location-utf8
//   credentials  /auth/echo
//   interim 1xx  /early/<code>  /continue/<code>
//   misbehaving  /hang  /reset  /drip  /big/<kb>  /notitle/<kb>  /bomb  /flaky/<key>/<n>  /nohead
//   broken       /badchunk  /truncated  /badgzip  /truncgzip  /unknown-encoding  /garbage  /endless-headers
//                /bigtitle/<kb>
//   concurrency  /barrier/<n>[/<tag>]: held until n of them are in flight at once
//   cookies      /cookie/set  /cookie/check  /cookie/loop  /cookie/loop-secure  /cookie/expired
//   stats        /stats  /stats/reset
class OriginServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OriginServer)

public:
    struct Stats
    {
        qint64 requests = 0;
        int inFlight = 0;
        int maxInFlight = 0;                    // most requests in flight at once, all hosts
        QHash<QString, int> maxInFlightPerHost; // keyed by the Host header, e.g. "127.0.0.1:8080"
        int barrierWaiting = 0;                 // requests held at /barrier/<n> right now (live, not reset)
        QHash<int, int> barrierWaitingPerGroup; // the same per n
    };

    explicit OriginServer(QObject *parent = nullptr);
    ~OriginServer() override;

    // Serve HTTPS instead of HTTP; call before listen().
    void setTlsConfiguration(const QSslConfiguration &configuration);

    // Listens on 127.0.0.1 .. 127.0.0.<hostCount>, all on the same port (0 = pick a free one).
    // Returns false and sets errorString() when a socket cannot be bound.
    bool listen(quint16 port = 0, int hostCount = 1);
    void close();
    bool isListening() const;

    quint16 port() const;
    // "http://127.0.0.1:<port>" (or https), host index 1..hostCount.
    QUrl baseUrl(int hostIndex = 1) const;
    QString errorString() const;

    Stats stats() const;
    void resetStats();

    // Route patterns and one-line descriptions, for `fanout-cli serve` and the demo.
    static QVector<QPair<QString, QString>> routes();

signals:
    void requestServed(const QString &path, int status);
    // A request's head was read (before it is answered; also when the client goes away before the answer): the
    // target as sent, path and query. What tests count to prove a URL was (or was not) asked for again.
    void requestArrived(const QString &target);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Fanout
