#pragma once

#include "engine/checkoptions.h"
#include "engine/checkresult.h"
#include "engine/managerpool.h"
#include "engine/redirectchain.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QNetworkReply>
#include <QSslError>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QSslConfiguration;

namespace Fanout {

class BodyDecoder;
class ConnectRaces;
class HttpProbe;
class Resolver;
class TitleExtractor;

// One URL's HTTP conversation for one attempt at a time: request, redirect hops, HEAD→GET fallback, bounded
// body reading with title extraction, and the translation of Qt's errors into Fanout's categories. The
// scheduler (Checker) decides when attempts start, when they are cut by the deadline or a cancel, whether a
// failed attempt is retried, and when a hop to another host may start.
class CheckJob final
{
public:
    enum class AbortReason
    {
        None,
        Deadline,
        Cancel,
        Enough,      // the body we need is in; stop the transfer (not an error)
        ContentError // Qt refused the body (e.g. a decompression bomb) without finishing the reply
    };

    // Everything a job needs from its run; owned by the Checker and outliving every job.
    struct Context
    {
        const CheckOptions *options = nullptr;
        ManagerPool *pool = nullptr;
        const QElapsedTimer *clock = nullptr;   // run clock: timings are ms since run start
        const QSslConfiguration *tls = nullptr; // the run's TLS settings; null = Qt's defaults
        const QString *cancelWhy = nullptr;     // why a cancel happened, for its error text
        // Asked before every redirect hop and the GET after a refused HEAD: true when the request may start now;
        // otherwise the scheduler calls resumeHop() once the host has room (per-host cap and rate).
        std::function<bool(CheckJob *, const QString &hostKey)> admitHop;
        // Qt wrote a request to hostKey's socket, or a race's probe connected to it (the scheduler's rate counts from
        // here as well as from the start).
        std::function<void(const QString &hostKey)> requestSent;
        // Resolves host names of direct routes before their requests; null leaves it to Qt's QHostInfo pool.
        Resolver *resolver = nullptr;
        // An HTTP/2 server sent this connection group GOAWAY (the pool has retired it): the scheduler calls
        // onGroupGoingAway() on every other job from the event loop.
        std::function<void(const ManagerPool::Lease &group)> groupGoingAway;
        // The run's connection races, one per host:port at a time (null: no race, addresses are tried in turn).
        ConnectRaces *races = nullptr;
        // The run will send more requests to hostKey (queued, or waiting for the host to have room): a connection
        // opened for it is kept when idle. Null: always kept.
        std::function<bool(const QString &hostKey)> moreForHost;
    };

    using AttemptDone = std::function<void(CheckJob *)>;

    CheckJob(int targetIndex, const CheckResult &seed, const Context &context, AttemptDone onAttemptDone);
    ~CheckJob();
    CheckJob(const CheckJob &) = delete;
    CheckJob &operator=(const CheckJob &) = delete;

    int targetIndex() const { return m_targetIndex; }
    int attemptSerial() const { return m_result.attempts; }
    // An attempt is under way: a request in flight, or a hop waiting for its host to have room.
    bool isActive() const
    {
        return m_reply != nullptr || m_waitingForHost || m_diagnosing || m_resolving || m_raceTicket != 0;
    }
    // The host:port the current hop talks to (the scheduler's per-host count).
    const QString &hostKey() const { return m_currentHostKey; }

    // Starts the next attempt at the original URL, whose ManagerPool::hostKey() the scheduler already has.
    // onAttemptDone is called when it ends, possibly from inside abort().
    void startAttempt(const QString &hostKey);
    // Ends the running attempt now; onAttemptDone is called before this returns.
    void abort(AbortReason reason);
    // The hop that admitHop() held back may start now.
    void resumeHop();
    // The request has waited this long for its headers: ask the server once more ourselves and cut this one if
    // its header block never ends. Used by the scheduler when the process's memory grows (see Checker).
    bool probeSlowHeaders(qint64 olderThanMs);
    // The group's connection had GOAWAY: a request on it that Qt has not written yet goes to another group.
    void onGroupGoingAway(const ManagerPool::Lease &group);
    // Called by the scheduler a few times a second: an HTTPS request Qt has not written for a while on an open
    // HTTP/2 connection was lost by Qt (see checkForLoss in checkjob.cpp) and is sent again on another group.
    void checkForLoss();
    // Turns the last attempt's outcome into a final cancel (used when a cancel finds the job waiting to retry).
    void markCancelled(const QString &why);

    // Valid after onAttemptDone: the attempt failed in a way worth retrying (connection error, timeout,
    // 429/503), and the server's Retry-After in ms if it sent one (-1 otherwise).
    bool wantsRetry() const { return m_wantsRetry; }
    qint64 retryAfterMs() const { return m_retryAfterMs; }
    const CheckResult &result() const { return m_result; }

private:
    void sendRequest(const QUrl &url, bool head, const QString &hostKey);
    void onMetaData();
    void onReadyRead();
    bool consumeBody(const QByteArray &chunk); // true when enough of the body is in
    void onFinished();
    void stopReading();
    void detachReply();
    void completeAttempt();
    QString cancelledWhileChecking() const;
    QString decoderError() const; // the category and reason of m_decoder's failure
    bool followRedirect(int status, const QByteArray &location);
    bool resendOnFreshConnection(QNetworkReply::NetworkError code, const QString &qtMessage);
    // Qt's error for a stream an HTTP/2 server's GOAWAY refused, or for a request it never started because of one.
    bool isGoawayRefusal(QNetworkReply::NetworkError code, const QString &qtMessage) const;
    int lossWatchMs() const;
    void sendAgainElsewhere(); // aborts the unwritten request and sends it on a group of another connection
    bool isUnwritten() const;  // a request in flight that Qt has not reported written, with no answer yet
    void abandonGroup();       // the group had GOAWAY: never leased again, and its other unwritten requests move
    // Resolves url's host when the engine does (true: the request may go now, else it goes from onResolved).
    bool resolveFor(const QUrl &url);
    void onResolved(const QString &name, const QList<QHostAddress> &addresses, const QString &error);
    bool raceAddresses(const QUrl &url); // true: the request goes from onRaced
    void onRaced(const QHostAddress &winner);
    void applyAddress(QNetworkRequest &request, const QUrl &url) const;
    bool tryNextAddress(QNetworkReply::NetworkError code);
    bool isDirectRoute() const;
    void startProbe(int timeoutMs);
    void diagnose(const QString &error); // Qt saw only a transport failure: ask the server once more ourselves
    void onHeadersProbed(int kind, const QString &detail);
    void onDiagnosis(int kind, const QString &detail);
    qint64 now() const { return m_context.clock->elapsed(); }
    QString describeError(QNetworkReply::NetworkError code, const QString &qtMessage) const;

    int m_targetIndex = -1;
    Context m_context;
    AttemptDone m_onAttemptDone;
    CheckResult m_result;

    QNetworkReply *m_reply = nullptr;
    // Context of every connection this job makes to its reply: deleting it cuts ours and leaves Qt's own
    // (QNetworkReplyHttpImpl::abort() emits finished first and cancels inside Qt's HTTP thread after).
    std::unique_ptr<QObject> m_replyContext;
    ManagerPool::Lease m_lease;
    std::optional<RedirectChain> m_chain; // this attempt's hops: headers per origin, cookies, loop memory
    QUrl m_currentUrl;
    QString m_currentHostKey;
    QUrl m_pendingHop; // held back by admitHop
    bool m_waitingForHost = false;
    bool m_head = false;
    bool m_headFellBack = false;
    AbortReason m_abortReason = AbortReason::None;
    bool m_aborting = false;     // inside m_reply->abort(): its synchronous finished is handled after it returns
    bool m_finishing = false;    // inside onFinished: nothing may abort, the reply is already over
    bool m_draining = false;     // title known: read the rest quietly so the connection can be reused
    bool m_connected = false;    // this request opened a connection (no signal: Qt reused a kept-alive one)
    bool m_sent = false;         // Qt wrote this request to a socket
    int m_freshResends = 0;      // requests sent again after a kept-alive connection failed before any answer
    int m_goawayResends = 0;     // streams sent again that an HTTP/2 server's GOAWAY named as never processed
    int m_interimStatus = 0;     // a 1xx that Qt 6.4 took for the final answer
    qint64 m_contentLength = -1; // as sent: the encoded size
    qint64 m_wireBytes = 0;      // body bytes as they came, before decoding
    qint64 m_drainUntil = 0;     // draining: cut once the body goes past this many wire bytes
    qint64 m_requestStartedMs = 0;
    std::unique_ptr<TitleExtractor> m_extractor;
    std::unique_ptr<BodyDecoder> m_decoder;
    std::unique_ptr<HttpProbe> m_probe; // a diagnostic request of our own (see diagnose() and the watchdog)
    bool m_diagnosing = false;          // the attempt ended in Qt; the probe decides how to report it
    // Our own resolution: the current host's addresses in Happy Eyeballs order, and the one now tried.
    bool m_resolving = false;
    bool m_abortedResolving = false; // the attempt was cut while its name was being resolved
    bool m_abortedRacing = false;    // ... while its addresses' connects were racing (raceAddresses)
    quint64 m_raceTicket = 0;        // waiting for the host's race (Context::races), which this job or another started
    int m_racedAddresses = 0;        // the connects that race had started
    quint64 m_resolveTicket = 0;
    QString m_resolvedName;
    QList<QHostAddress> m_addresses;
    int m_addressIndex = 0;
    QHostAddress m_address;   // the current request's peer; null when Qt resolves (a proxy, an address URL)
    QString m_transportError; // what Qt's failure alone would say
    QList<QSslError> m_sslErrors;
    QString m_contentError;
    bool m_wantsRetry = false;
    qint64 m_retryAfterMs = -1;
};

} // namespace Fanout
