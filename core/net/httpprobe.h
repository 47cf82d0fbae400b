#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPair>
#include <QSslError>
#include <QString>
#include <QUrl>

#include <memory>

class QSslConfiguration;
class QTcpSocket;
class QTimer;

namespace Fanout {

// One diagnostic GET over its own direct connection, read with strict, bounded HTTP/1.1 rules, to learn what a server
// really sent when Qt 6.4 reports only a transport failure: Qt re-sends a request whose answer is not HTTP and then
// calls it RemoteHostClosedError, parses the chunk size "zz" as 0, and keeps reading a header block that never ends.
// Only the start of the answer is judged (at most ~256 KiB of body): that is where broken servers break.
class HttpProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpProbe)

public:
    // What the probe found. Declared here rather than in Verdict: moc 6.4 files the Q_ENUM of a Q_GADGET nested in a
    // Q_OBJECT class under the outer class, which does not compile. Verdict::Kind names the same type.
    enum class Kind
    {
        Answered,        // a well-framed answer (complete, or sound up to the body budget)
        NoBytes,         // the connection closed or was reset before a single byte of an answer
        NotHttp,         // the answer does not start with "HTTP/1.x"
        HeadersTooLarge, // status line, a header line or the whole header block over its limit
        BadHeader,       // malformed status line or header field, or unusable Content-Length
        BadChunk,        // chunked framing broken: chunk-size line, CRLF after a chunk, trailers
        Truncated,       // the peer closed before the answer was complete (head, body or chunks)
        TlsFailed,       // TLS handshake failed (certificate, protocol) or the peer left during it
        ConnectFailed,   // no connection: refused, unreachable, unresolvable, unusable URL
        TimedOut         // the timeout passed first; status says whether a status line had arrived
    };
    Q_ENUM(Kind)

    struct Verdict
    {
        using Kind = HttpProbe::Kind;
        Kind kind = Kind::TimedOut;
        int status = 0; // the final status (1xx interim answers skipped), 0 when none was read
        QString detail; // one human-readable sentence, peer bytes quoted with non-printables escaped
    };

    static constexpr qsizetype kMaxHeaderBlockBytes = 256 * 1024; // Qt 6.4's own total header limit
    static constexpr qsizetype kMaxHeaderLineBytes = 100 * 1024;  // Qt 6.4's own field limit
    static constexpr qint64 kBodyBudgetBytes = 256 * 1024;        // body bytes read before judging "sound so far"

    explicit HttpProbe(QObject *parent = nullptr);
    ~HttpProbe() override; // aborts the connection; no finished() after this

    // Starts the probe; call once. http or https only (anything else ends as ConnectFailed). Never uses a proxy.
    // headers: sent as given (the engine passes the hop's headers, User-Agent among them; a default User-Agent is
    // added when absent), except the hop-by-hop ones the probe owns (Host, Connection, Accept-Encoding, TE, ...) and
    // any with CR, LF or NUL. tls: for https, copied at once; null = QSslConfiguration::defaultConfiguration().
    // ALPN is forced to http/1.1. timeoutMs > 0 bounds the whole probe; <= 0 means no deadline of its own (the
    // caller then deletes it when it has waited enough). finished() is always emitted later, from the event loop.
    // address: connect there instead of looking the host up (the engine's own resolution); Host, SNI and
    // certificate checks keep the URL's name.
    void start(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers, const QSslConfiguration *tls,
               int timeoutMs, const QHostAddress &address = QHostAddress());

    // Bytes of the answer consumed so far (after TLS decryption): bounded by the head and body limits.
    qint64 bytesRead() const { return m_bytesRead; }

signals:
    // Exactly once per start(), queued; the probe may be deleted from a slot connected to it.
    void finished(const Fanout::HttpProbe::Verdict &verdict);

private:
    class Reader;
    enum class Phase
    {
        Idle,
        Connecting,
        Handshaking, // TCP up, TLS handshake running
        Waiting,     // request written, no byte of an answer yet
        Reading,
        Done
    };

    void onConnected();
    void onReadyRead();
    void onSocketError();
    void onPeerGone();
    void onTimeout();
    bool drain(); // feeds what the socket holds to the reader; true when that settled the verdict
    void conclude(const Verdict &verdict);
    void fail(Verdict::Kind kind, const QString &detail);

    QUrl m_url;
    QString m_where; // "host:port" for details
    QByteArray m_request;
    int m_timeoutMs = 0;
    Phase m_phase = Phase::Idle;
    bool m_tls = false;
    qint64 m_bytesRead = 0;
    QList<QSslError> m_sslErrors;
    QTcpSocket *m_socket = nullptr; // child; aborted, never deleted, before the probe goes
    QTimer *m_timer = nullptr;
    std::unique_ptr<Reader> m_reader;
};

} // namespace Fanout

Q_DECLARE_METATYPE(Fanout::HttpProbe::Verdict)
