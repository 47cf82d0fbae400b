#include "engine/checkjob.h"

#include "engine/retrypolicy.h"
#include "html/title.h"
#include "net/bodydecoder.h"
#include "net/connectraces.h"
#include "net/httpprobe.h"
#include "net/resolver.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QStringList>
#include <QTimer>

namespace Fanout {

namespace {

// Once the title is known, a remainder this small is cheaper to read than a new connection would be.
constexpr qint64 kDrainLimit = 64 * 1024;
// Bounds what Qt buffers for us between readyRead signals, so a 50 MB page never sits in memory.
constexpr qint64 kReadBufferSize = 64 * 1024;
// How long Qt keeps an idle connection, set by the request that opens it (QNetworkAccessCache::addEntry).
constexpr int kIdleConnectionSeconds = 5;
// For a host the run has nothing more for: closed as soon as it is idle (Qt's cache timer adds 10 ms), so a list
// of many hosts does not hold a socket per host passed, each one polled by every wake-up of its manager's
// thread and held open by the server too. A request sent right after (a redirect hop, a GET after a refused
// HEAD) still reuses it: Qt releases the connection only once the reply before it is deleted.
constexpr int kIdleConnectionSecondsLastUse = 0;
constexpr int kDiagnosisMs = 3000;

bool isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Qt reports HTTP statuses >= 400 as errors (an unlisted one like 429 as UnknownContentError); for a checker
// they are answers, not failures of the check.
bool isHttpStatusError(QNetworkReply::NetworkError code, int status)
{
    return status >= 400 &&
           ((code >= QNetworkReply::ContentAccessDenied && code <= QNetworkReply::UnknownContentError) ||
            (code >= QNetworkReply::InternalServerError && code <= QNetworkReply::UnknownServerError) ||
            code == QNetworkReply::ProtocolInvalidOperationError);
}

} // namespace

CheckJob::CheckJob(int targetIndex, const CheckResult &seed, const Context &context, AttemptDone onAttemptDone)
    : m_targetIndex(targetIndex)
    , m_context(context)
    , m_onAttemptDone(std::move(onAttemptDone))
    , m_result(seed)
{}

CheckJob::~CheckJob()
{
    if (m_resolving)
        m_context.resolver->cancel(m_resolveTicket);
    if (m_raceTicket != 0)
        m_context.races->leave(m_raceTicket);
    detachReply();
}

void CheckJob::startAttempt(const QString &hostKey)
{
    ++m_result.attempts;
    const qint64 t = now();
    if (m_result.timings.startedMs < 0)
        m_result.timings.startedMs = t;
    // Phases describe the latest attempt; startedMs keeps the first so retries show in the elapsed time.
    m_result.timings.connectMs = m_result.timings.sentMs = m_result.timings.headersMs = -1;
    m_result.timings.finishedMs = -1;
    m_result.state = CheckState::Checking;
    m_result.status = 0;
    m_result.reason.clear();
    m_result.title.clear();
    m_result.contentType.clear();
    m_result.bytes = 0;
    m_result.redirects.clear();
    m_result.rawHeaders.clear();
    m_result.error.clear();
    m_wantsRetry = false;
    m_retryAfterMs = -1;
    m_headFellBack = false;
    m_freshResends = 0;
    m_goawayResends = 0;
    m_resolvedName.clear(); // a retry asks again (the run's cache answers while the TTL lasts)
    m_addresses.clear();
    m_addressIndex = 0;
    m_chain.emplace(m_result.url, m_context.options->headers); // a retry starts with no cookies
    sendRequest(m_result.url, m_context.options->method == HttpMethod::Head, hostKey);
}

void CheckJob::sendRequest(const QUrl &url, bool head, const QString &hostKey)
{
    const CheckOptions &options = *m_context.options;
    m_currentUrl = url;
    m_currentHostKey = hostKey;
    m_head = head;
    m_abortReason = AbortReason::None;
    m_draining = false;
    m_connected = false;
    m_sent = false;
    m_interimStatus = 0;
    m_contentLength = -1;
    m_wireBytes = 0;
    m_extractor.reset();
    m_decoder.reset();
    m_sslErrors.clear();
    m_contentError.clear();
    m_result.bytes = 0;
    m_result.status = 0; // the answer of this request, not of the hop before it
    m_result.reason.clear();
    m_result.contentType.clear();
    m_result.rawHeaders.clear();
    m_abortedResolving = false;
    m_abortedRacing = false;

    m_lease = m_context.pool->acquire(hostKey, url);
    if (!resolveFor(url)) {
        m_context.pool->release(m_lease); // the request goes from onResolved, with a lease of its own
        return;
    }

    QNetworkRequest request(url);
    // Hops are followed by hand so every hop's status is recorded and the limit is ours.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // One URL's cookies must never reach another URL's request.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // Qt keeps an idle host's connections for 120 s: on a list of many hosts that is a socket per host passed.
    // A list's URLs to one host come close together; a few seconds keeps the reuse and frees the rest.
    const bool more = !m_context.moreForHost || m_context.moreForHost(hostKey);
    request.setAttribute(QNetworkRequest::ConnectionCacheExpiryTimeoutSecondsAttribute,
                         more ? kIdleConnectionSeconds : kIdleConnectionSecondsLastUse);
    request.setHeader(QNetworkRequest::UserAgentHeader, options.userAgent);
    // Ours, so Qt leaves the body as it came (qnetworkreplyhttpimpl.cpp: no decompression when the request
    // carries Accept-Encoding) and BodyDecoder judges it; a user's -H Accept-Encoding below replaces it.
    request.setRawHeader(QByteArrayLiteral("Accept-Encoding"), BodyDecoder::acceptEncoding());
    // The user's credentials only to the original origin, plus the cookies this chain's hops set.
    m_chain->recordRequest(url);
    const QList<RedirectChain::Header> headers = m_chain->headersFor(url);
    for (const RedirectChain::Header &header : headers)
        request.setRawHeader(header.first, header.second);
    if (m_context.tls)
        request.setSslConfiguration(*m_context.tls);

    m_lease.applyTo(request);
    if (!m_context.options->http2)
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    applyAddress(request, url);
    m_reply = head ? m_lease.manager->head(request) : m_lease.manager->get(request);
    m_reply->setReadBufferSize(kReadBufferSize);

    m_replyContext = std::make_unique<QObject>();
    QObject *context = m_replyContext.get();
    QNetworkReply *reply = m_reply;
    m_probe.reset();
    m_requestStartedMs = now();
    QObject::connect(reply, &QNetworkReply::socketStartedConnecting, context, [this] {
        m_connected = true;
        m_context.pool->noteConnecting(m_lease);
        if (m_result.timings.connectMs < 0)
            m_result.timings.connectMs = now();
    });
    QObject::connect(reply, &QNetworkReply::requestSent, context, [this] {
        m_sent = true;
        m_context.pool->noteSent(m_lease);
        if (m_result.timings.sentMs < 0)
            m_result.timings.sentMs = now();
        if (m_context.requestSent)
            m_context.requestSent(m_currentHostKey);
    });
    QObject::connect(reply, &QNetworkReply::metaDataChanged, context, [this] { onMetaData(); });
    QObject::connect(reply, &QNetworkReply::readyRead, context, [this] { onReadyRead(); });
    QObject::connect(reply, &QNetworkReply::finished, context, [this] {
        if (!m_aborting) // abort() handles its own synchronous finished once Qt has been told to cancel
            onFinished();
    });
    QObject::connect(reply, &QNetworkReply::sslErrors, context,
                     [this](const QList<QSslError> &errors) { m_sslErrors = errors; });
}

int CheckJob::lossWatchMs() const
{
    // Long beside a thread hop on a loaded machine (a request Qt did write is never sent twice), short beside
    // the deadline it saves.
    return std::clamp(m_context.options->timeoutMs / 4, 250, 2000);
}

void CheckJob::checkForLoss()
{
    // Qt writes a request to an HTTP/2 connection at once unless it is opening that connection (or the server
    // allows fewer streams than the group carries, which the pool keeps rare). A request still unwritten
    // otherwise was given to a connection that had GOAWAY without any stream of ours refused, so nothing told
    // us: Qt failed it where no one hears (see onGroupGoingAway).
    if (!isUnwritten() || !m_context.options->http2 || m_currentUrl.scheme() != QLatin1String("https") ||
        now() - m_requestStartedMs < lossWatchMs() || !m_context.pool->isHttp2(m_currentHostKey) ||
        m_context.pool->isConnecting(m_lease))
        return;
    abandonGroup();
    sendAgainElsewhere();
}

bool CheckJob::isUnwritten() const
{
    return m_reply && !m_sent && !m_aborting && !m_finishing && m_result.status <= 0 && m_interimStatus == 0;
}

void CheckJob::abandonGroup()
{
    m_context.pool->goingAway(m_lease);
    if (m_context.groupGoingAway)
        m_context.groupGoingAway(m_lease);
}

void CheckJob::sendAgainElsewhere()
{
    m_aborting = true;
    m_reply->abort(); // its synchronous finished is ours to ignore: the request is sent again, not ended
    m_aborting = false;
    detachReply();
    ++m_goawayResends;
    sendRequest(m_currentUrl, m_head, m_currentHostKey);
}

bool CheckJob::resolveFor(const QUrl &url)
{
    m_address = QHostAddress();
    const QString name = url.host(QUrl::FullyEncoded); // IDN as punycode, as DNS knows it
    if (!m_context.resolver || name.isEmpty() || !QHostAddress(name).isNull())
        return true; // an address needs no lookup
    if (m_context.options->http2 && url.scheme() == QLatin1String("https"))
        return true; // HTTP/2 needs the name in the URL (see CheckOptions::resolveNames)
    // A proxy resolves for itself. The engine's factory answers a direct route with DefaultProxy (checker.cpp).
    // A manager without a factory has one proxy (DefaultProxy: the application's). Asked only in that case:
    // applicationProxy() is a query to the system's proxy configuration (libproxy, on a thread of its own).
    const auto managerProxyType = [this] {
        const QNetworkProxy::ProxyType type = m_lease.manager->proxy().type();
        return type == QNetworkProxy::DefaultProxy ? QNetworkProxy::applicationProxy().type() : type;
    };
    if (m_lease.manager->proxyFactory() ? !isDirectRoute() : managerProxyType() != QNetworkProxy::NoProxy)
        return true;
    if (name == m_resolvedName && m_addressIndex < m_addresses.size()) {
        m_address = m_addresses[m_addressIndex];
        return true;
    }
    Resolver::Answer answer;
    if (m_context.resolver->cached(name, &answer) && !answer.addresses.isEmpty()) {
        m_resolvedName = name;
        m_addresses = answer.addresses;
        m_addressIndex = 0;
        if (raceAddresses(url))
            return false;
        m_address = m_addresses.first();
        return true;
    }
    m_resolving = true;
    m_resolveTicket = m_context.resolver->lookup(
        name, [this, name](const Resolver::Answer &a) { onResolved(name, a.addresses, a.error); });
    return false;
}

void CheckJob::onResolved(const QString &name, const QList<QHostAddress> &addresses, const QString &error)
{
    m_resolving = false;
    m_resolveTicket = 0;
    if (addresses.isEmpty()) {
        m_result.status = 0;
        m_result.error = error.isEmpty() ? QStringLiteral("dns: no address for ") + name : error;
        m_result.finalUrl = m_currentUrl;
        m_result.timings.finishedMs = now();
        m_wantsRetry = RetryPolicy::isRetryableCategory(m_result.errorCategory());
        completeAttempt();
        return;
    }
    m_resolvedName = name;
    m_addresses = addresses;
    m_addressIndex = 0;
    if (raceAddresses(m_currentUrl))
        return;
    sendRequest(m_currentUrl, m_head, m_currentHostKey);
}

bool CheckJob::raceAddresses(const QUrl &url)
{
    // Several addresses and none known to connect yet: race their connects (RFC 8305 5) before the request, so one
    // that drops SYNs costs a Connection Attempt Delay and not the deadline. Once one has won for this name, the
    // resolver puts it first and the run's later requests to the name go there straight away.
    // URLs of the host that start while its race runs wait for that race's verdict instead of racing again.
    const QHostAddress known = m_context.resolver->preferred(m_resolvedName);
    if (!m_context.races || m_addresses.size() < 2 || (!known.isNull() && m_addresses.contains(known)))
        return false;
    if (m_result.timings.connectMs < 0)
        m_result.timings.connectMs = now();
    const bool tls = url.scheme() == QLatin1String("https");
    const quint16 port = quint16(url.port(tls ? 443 : 80));
    m_raceTicket = m_context.races->join(m_resolvedName + QLatin1Char(':') + QString::number(port), m_addresses, port,
                                         [this](const QHostAddress &winner) {
                                             m_raceTicket = 0;
                                             onRaced(winner);
                                         });
    return true;
}

void CheckJob::onRaced(const QHostAddress &winner)
{
    if (!winner.isNull()) {
        m_context.resolver->prefer(m_resolvedName, winner);
        m_addresses.removeOne(winner);
        m_addresses.prepend(winner);
    }
    // With no winner every address failed at once (refused, unreachable): sent one after the other as before,
    // the request reports that failure just as it would have without the race.
    m_addressIndex = 0;
    // The race's winning probe was a connection the server saw: the host's rate counts from it (as from a request
    // written), and the request, another connection, waits for that rate like a hop. Every waiter of a shared race
    // does, or they would all go at once when it ends.
    if (!winner.isNull() && m_context.requestSent)
        m_context.requestSent(m_currentHostKey);
    if (m_context.admitHop && !m_context.admitHop(this, m_currentHostKey)) {
        m_pendingHop = m_currentUrl;
        m_waitingForHost = true;
        return;
    }
    sendRequest(m_currentUrl, m_head, m_currentHostKey);
}

void CheckJob::applyAddress(QNetworkRequest &request, const QUrl &url) const
{
    if (m_address.isNull())
        return;
    // Qt connects to the address we resolved and does no lookup of its own; what the server sees keeps the
    // name: Host (with the port when it is not the default), and over TLS the SNI and the name the certificate
    // must match (Qt 6.4's TLS backends send the peer verify name as SNI).
    QUrl target = url;
    target.setHost(m_address.toString());
    request.setUrl(target);
    const bool tls = url.scheme() == QLatin1String("https");
    if (!request.hasRawHeader(QByteArrayLiteral("Host"))) {
        QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
        const int port = url.port();
        if (port != -1 && port != (tls ? 443 : 80))
            host += ':' + QByteArray::number(port);
        request.setRawHeader(QByteArrayLiteral("Host"), host);
    }
    // The peer verify name is also part of Qt's connection key (qhttpthreaddelegate.cpp, makeCacheKey): with the
    // name in it, two names on one address never share a connection, nor the pool's count of one group.
    const QString name = url.host();
    if (tls)
        request.setPeerVerifyName(m_lease.peerVerifyName.isEmpty() ? name : m_lease.peerVerifyName);
    else
        request.setPeerVerifyName(m_lease.peerVerifyName.isEmpty() ? name
                                                                   : name + QLatin1Char(' ') + m_lease.peerVerifyName);
    // Qt 6.4 builds HTTP/2's :authority from the URL (qhttp2protocolhandler.cpp, build_headers) and drops Host:
    // it would name the address, so these requests stay on HTTP/1.1.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
}

bool CheckJob::tryNextAddress(QNetworkReply::NetworkError code)
{
    // RFC 8305's order, tried one after the other: an address that cannot be reached gives way to the next
    // before anything is reported (and the run's cache tries it last from now on).
    const bool unreachable = code == QNetworkReply::ConnectionRefusedError ||
                             code == QNetworkReply::UnknownNetworkError || code == QNetworkReply::HostNotFoundError ||
                             code == QNetworkReply::TemporaryNetworkFailureError ||
                             code == QNetworkReply::NetworkSessionFailedError;
    if (m_address.isNull() || !unreachable || m_sent || m_addressIndex + 1 >= m_addresses.size())
        return false;
    m_context.resolver->demote(m_resolvedName, m_address);
    ++m_addressIndex;
    sendRequest(m_currentUrl, m_head, m_currentHostKey);
    return true;
}

void CheckJob::onMetaData()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status <= 0)
        return;
    // The origin's protocol as ALPN settled it: an HTTP/2 origin's requests then go as streams on one connection.
    m_context.pool->noteProtocol(m_lease, m_reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool());
    if (status < 200) {
        // Qt 6.4 skips only 100 Continue; any other 1xx it takes for the final answer, without a body.
        m_interimStatus = status;
        m_result.timings.headersMs = now();
        return;
    }
    m_result.timings.headersMs = now();
    m_result.status = status;
    m_result.reason = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    const QByteArray contentType = m_reply->rawHeader(QByteArrayLiteral("Content-Type"));
    m_result.contentType = QString::fromLatin1(contentType);
    bool ok = false;
    m_contentLength = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
    if (!ok)
        m_contentLength = -1;

    if (m_context.options->keepResponseHeaders) {
        QByteArray raw;
        for (const auto &pair : m_reply->rawHeaderPairs())
            raw += pair.first + QByteArrayLiteral(": ") + pair.second + '\n';
        m_result.rawHeaders = raw;
    }

    if (m_head || (isRedirectStatus(status) && m_reply->hasRawHeader(QByteArrayLiteral("Location"))))
        return;
    if (!isHtmlContentType(contentType)) {
        stopReading(); // no title to find: only the status and type matter
        return;
    }
    // We asked for the encodings ourselves, so Qt hands the body over as it came and the decoder can tell a
    // corrupt, truncated or unknown encoding from a bomb.
    m_decoder = std::make_unique<BodyDecoder>();
    if (!m_decoder->start(m_reply->rawHeader(QByteArrayLiteral("Content-Encoding")))) {
        m_contentError = QStringLiteral("content: ") + m_decoder->error();
        if (!m_finishing)
            abort(AbortReason::ContentError);
        return;
    }
    m_extractor = std::make_unique<TitleExtractor>(contentType);
}

void CheckJob::onReadyRead()
{
    if (consumeBody(m_reply->readAll()))
        stopReading(); // may finish the attempt (and end this job's use of m_reply)
}

bool CheckJob::consumeBody(const QByteArray &chunk)
{
    m_wireBytes += chunk.size();
    if (m_draining && m_wireBytes > m_drainUntil && !m_finishing) {
        abort(AbortReason::Enough); // a long body of unknown length: what we need is in
        return false;
    }
    if (!m_decoder) {
        m_result.bytes += chunk.size();
        return false;
    }
    // Once the title is known the rest is only checked for integrity: decoded into nothing.
    const bool reading = m_extractor && !m_draining;
    const qint64 budget = reading ? std::max<qint64>(0, m_context.options->maxBodyBytes - m_result.bytes) : 0;
    QByteArray decoded;
    if (!m_decoder->feed(chunk, &decoded, budget)) {
        m_contentError = decoderError();
        if (!m_finishing)
            abort(AbortReason::ContentError);
        return false;
    }
    m_result.bytes += decoded.size();
    if (!reading)
        return false;
    return m_extractor->feed(decoded) || m_result.bytes >= m_context.options->maxBodyBytes;
}

void CheckJob::stopReading()
{
    if (m_draining || m_finishing)
        return;
    // A small remainder is read to its end: the connection stays reusable and the body's framing and encoding
    // are checked to the last byte. A chunked or close-delimited body gets the same allowance, then is cut.
    const qint64 left = m_contentLength >= 0 ? m_contentLength - m_wireBytes : -1;
    if (left < 0 || left <= kDrainLimit) {
        m_draining = true;
        m_drainUntil = m_wireBytes + kDrainLimit;
        return;
    }
    abort(AbortReason::Enough);
}

void CheckJob::abort(AbortReason reason)
{
    if (m_diagnosing) {
        // The failure came before this: report it as Qt saw it (a cancel is still a cancel).
        m_diagnosing = false;
        m_probe.reset();
        m_result.error = reason == AbortReason::Cancel ? cancelledWhileChecking() : m_transportError;
        m_wantsRetry = reason != AbortReason::Cancel && RetryPolicy::isRetryableCategory(m_result.errorCategory());
        completeAttempt();
        return;
    }
    if (m_waitingForHost) {
        m_waitingForHost = false;
        m_abortReason = reason;
        onFinished();
        return;
    }
    if (m_raceTicket != 0) {
        m_racedAddresses = m_context.races->attemptsStarted(m_raceTicket);
        m_context.races->leave(m_raceTicket); // the race goes on for its other waiters, else its connects are cut
        m_raceTicket = 0;
        m_abortedRacing = true;
        m_abortReason = reason;
        onFinished();
        return;
    }
    if (m_resolving) {
        m_context.resolver->cancel(m_resolveTicket);
        m_resolving = false;
        m_resolveTicket = 0;
        m_abortedResolving = true;
        m_abortReason = reason;
        onFinished();
        return;
    }
    if (!m_reply || m_aborting || m_finishing)
        return;
    m_abortReason = reason;
    m_aborting = true;
    // Emits finished synchronously, and only then tells Qt's HTTP thread to cancel the request and free its
    // connection: the attempt is completed after that, so the next request never queues behind this one.
    m_reply->abort();
    m_aborting = false;
    onFinished();
}

void CheckJob::resumeHop()
{
    if (!m_waitingForHost)
        return;
    m_waitingForHost = false;
    sendRequest(m_pendingHop, m_head, ManagerPool::hostKey(m_pendingHop));
}

void CheckJob::detachReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    m_replyContext.reset(); // cuts our connections only: Qt's own cancel signal must still reach its thread
    if (!m_diagnosing)
        m_probe.reset();
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
    m_context.pool->release(m_lease);
}

bool CheckJob::resendOnFreshConnection(QNetworkReply::NetworkError code, const QString &qtMessage)
{
    // Three ways an idempotent request fails without the server having refused it, all sent again (browsers and
    // curl do the same), and none counted as the user's retry:
    // - never written: a socket error on one connection of a group makes Qt 6.4 fail every request still queued
    //   in that group (QHttpNetworkConnectionChannel::_q_error, "emit error for all waiting replies");
    // - written on a kept-alive connection the server closed just then, before any byte of an answer;
    // - an HTTP/2 server's GOAWAY (nginx sends one after keepalive_requests, 1,000 streams by default): the streams
    //   it names as never processed Qt 6.4 fails with ContentReSendError, those not yet started with
    //   ProtocolUnknownError "GOAWAY received" (qhttp2protocolhandler.cpp, handleGOAWAY). RFC 9113 6.8 makes
    //   both safe to send again; the group then opens a new connection.
    // Each stale connection fails once and is closed, and a group has at most 6: that bounds those resends. A
    // GOAWAY ends one connection of many streams; a stream queued behind others can be refused by several
    // connections in turn (each taking keepalive_requests streams), so it gets its own, larger bound; the
    // attempt's deadline bounds both in time.
    const bool goaway = isGoawayRefusal(code, qtMessage);
    const bool closed = code == QNetworkReply::RemoteHostClosedError && !(m_sent && m_connected);
    constexpr int kMaxGoawayResends = 32;
    if (goaway) {
        if (m_goawayResends >= kMaxGoawayResends)
            return false;
        ++m_goawayResends;
    } else if (!closed || m_freshResends >= ManagerPool::kConnectionsPerHost) {
        return false;
    } else {
        ++m_freshResends;
    }
    sendRequest(m_currentUrl, m_head, m_currentHostKey);
    return true;
}

bool CheckJob::isGoawayRefusal(QNetworkReply::NetworkError code, const QString &qtMessage) const
{
    return code == QNetworkReply::ContentReSendError ||
           (code == QNetworkReply::ProtocolUnknownError && !m_sent && qtMessage.contains(QLatin1String("GOAWAY")));
}

void CheckJob::onGroupGoingAway(const ManagerPool::Lease &group)
{
    // Qt 6.4 fails a request given to a connection that had GOAWAY and is still open (for the streams the server
    // still serves) inside QHttpNetworkConnection::sendRequest, which QHttpThreadDelegate::startRequest calls
    // before it connects to the reply's signals: that failure is told to no one and the reply never finishes.
    // Every request of ours on the group that Qt has not written is one of those, or will be refused anyway.
    if (!isUnwritten() || !ManagerPool::sameGroup(m_lease, group))
        return;
    sendAgainElsewhere();
}

void CheckJob::onFinished()
{
    QNetworkReply *reply = m_reply; // null when a hop waiting for its host is ended
    const AbortReason abortReason = m_abortReason;
    QNetworkReply::NetworkError code = QNetworkReply::NoError;
    QString qtMessage;
    QByteArray location;
    QByteArray retryAfter;
    bool direct = false;
    if (reply) {
        code = reply->error();
        qtMessage = reply->errorString();
        m_finishing = true;                               // nothing below may abort: the reply is already over
        if (m_result.status <= 0 && m_interimStatus == 0) // a reply can finish without metaDataChanged seen
            onMetaData();
        location = reply->rawHeader(QByteArrayLiteral("Location"));
        m_chain->storeCookies(m_currentUrl, RedirectChain::setCookieValues(reply->rawHeaderPairs()));
        retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After"));
        if (abortReason == AbortReason::None && reply->bytesAvailable() > 0)
            consumeBody(reply->readAll());
        // The whole body is in: a compressed one must also have reached its end.
        // A tail that only inflates hugely after the title was found does not change the verdict.
        if (abortReason == AbortReason::None && code == QNetworkReply::NoError && m_decoder &&
            m_contentError.isEmpty() && !m_decoder->finish() && !(m_draining && m_decoder->isBomb()))
            m_contentError = decoderError();
        direct = code == QNetworkReply::RemoteHostClosedError && abortReason == AbortReason::None && isDirectRoute();
        // After a 1xx Qt keeps the connection while the real answer may still arrive on it, where the next
        // request would read it as its own: that connection group is never leased again.
        if (m_interimStatus != 0)
            m_context.pool->retire(m_lease);
        if (m_result.status <= 0 && m_interimStatus == 0 && abortReason == AbortReason::None &&
            isGoawayRefusal(code, qtMessage))
            abandonGroup();
        detachReply();
        m_finishing = false;
    }

    m_result.timings.finishedMs = now();
    m_result.finalUrl = m_currentUrl;
    const int status = m_result.status;
    const double timeoutSeconds = m_context.options->timeoutMs / 1000.0;

    switch (abortReason) {
    case AbortReason::Deadline:
        m_result.error =
            m_abortedResolving
                ? QStringLiteral("dns: no answer for %1 within %2 s").arg(m_currentUrl.host()).arg(timeoutSeconds)
            : m_abortedRacing
                ? QStringLiteral("timeout: no connection to %1 within %2 s (%3 of its %4 addresses tried)")
                      .arg(ManagerPool::hostPort(m_currentUrl))
                      .arg(timeoutSeconds)
                      .arg(m_racedAddresses)
                      .arg(m_addresses.size())
            : !reply ? QStringLiteral("timeout: still waiting for a connection to %1 after %2 s")
                           .arg(ManagerPool::hostPort(m_pendingHop))
                           .arg(timeoutSeconds)
            : status > 0 ? QStringLiteral("timeout: body still arriving after %1 s").arg(timeoutSeconds)
                         : QStringLiteral("timeout: no answer within %1 s").arg(timeoutSeconds);
        m_wantsRetry = true;
        completeAttempt();
        return;
    case AbortReason::Cancel:
        m_result.error = cancelledWhileChecking();
        completeAttempt();
        return;
    case AbortReason::ContentError:
        m_result.error = m_contentError;
        completeAttempt();
        return;
    case AbortReason::Enough:
    case AbortReason::None:
        break;
    }

    if (!m_contentError.isEmpty() && status < 400) {
        m_result.error = m_contentError; // found in the headers of a reply that had already finished
        completeAttempt();
        return;
    }
    if (m_interimStatus != 0) {
        m_result.status = 0;
        m_result.error = QStringLiteral("protocol: the server answered %1 (an interim response) and Qt 6.4 cannot "
                                        "read the final answer that follows it")
                             .arg(m_interimStatus);
        completeAttempt();
        return;
    }
    if (status <= 0 && abortReason == AbortReason::None && tryNextAddress(code))
        return;
    if (status <= 0 && abortReason == AbortReason::None && resendOnFreshConnection(code, qtMessage))
        return;

    // No answer at all, or an answer whose transfer then failed (reset mid-body, ...). HTTP statuses >= 400
    // that Qt reports as errors are answers, not failures of the check.
    if (status <= 0 ||
        (abortReason == AbortReason::None && code != QNetworkReply::NoError && !isHttpStatusError(code, status))) {
        m_result.error = describeError(code, qtMessage);
        if (direct) {
            diagnose(m_result.error); // completes the attempt when the probe has answered
            return;
        }
        m_wantsRetry = RetryPolicy::isRetryableCategory(m_result.errorCategory());
        completeAttempt();
        return;
    }

    if (isRedirectStatus(status) && !location.isEmpty()) {
        if (followRedirect(status, location))
            return;
        completeAttempt();
        return;
    }
    if (m_head && (status == 405 || status == 501) && !m_headFellBack) {
        m_headFellBack = true; // the server refuses HEAD: ask again the way a browser would
        m_head = false;
        // One more request to the host: it waits for the host's rate like a hop.
        if (m_context.admitHop && !m_context.admitHop(this, m_currentHostKey)) {
            m_pendingHop = m_currentUrl;
            m_waitingForHost = true;
            return;
        }
        sendRequest(m_currentUrl, false, m_currentHostKey);
        return;
    }

    if (m_extractor) {
        m_extractor->finish();
        m_result.title = m_extractor->title();
        m_extractor.reset();
    }
    if (RetryPolicy::isRetryableStatus(status)) {
        m_wantsRetry = true;
        m_retryAfterMs = RetryPolicy::parseRetryAfterMs(retryAfter, QDateTime::currentDateTimeUtc());
    }
    completeAttempt();
}

bool CheckJob::followRedirect(int status, const QByteArray &location)
{
    const int maxRedirects = m_context.options->maxRedirects;
    m_result.redirects.append({m_currentUrl, status});
    const int hop = int(m_result.redirects.size());
    // Raw bytes in Location are percent-encoded byte for byte, as browsers send them.
    const QUrl next = RedirectChain::resolveLocation(m_currentUrl, location);
    const QString scheme = next.scheme();
    if (!next.isValid() ||
        (next.host().isEmpty() && (scheme == QLatin1String("http") || scheme == QLatin1String("https")))) {
        m_result.error = QStringLiteral("redirects: hop %1 has an unusable Location: %2")
                             .arg(hop)
                             .arg(QString::fromUtf8(location.left(200)));
        return false;
    }
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        m_result.error = QStringLiteral("redirects: hop %1 leads to a %2: URL (%3), not http or https")
                             .arg(hop)
                             .arg(scheme, next.toDisplayString());
        return false;
    }
    if (hop > maxRedirects) {
        m_result.error = QStringLiteral("redirects: more than %1 redirects (stopped at %2)")
                             .arg(maxRedirects)
                             .arg(next.toDisplayString());
        return false;
    }
    // Revisiting a URL is no loop when something changed, e.g. a cookie the last hop set.
    if (m_chain->wouldLoop(next)) {
        m_result.error =
            QStringLiteral("redirects: loop after %1 hops, back to %2").arg(hop).arg(next.toDisplayString());
        return false;
    }
    // 303 turns POST into GET; we only ever send GET or HEAD, which stay as they are.
    const QString nextHostKey = ManagerPool::hostKey(next);
    if (m_context.admitHop && !m_context.admitHop(this, nextHostKey)) {
        m_pendingHop = next; // the scheduler calls resumeHop() when that host has room
        m_currentHostKey = nextHostKey;
        m_waitingForHost = true;
        return true;
    }
    sendRequest(next, m_head, nextHostKey);
    return true;
}

bool CheckJob::isDirectRoute() const
{
    if (!m_lease.isValid() || !m_lease.manager->proxyFactory())
        return false;
    const QList<QNetworkProxy> proxies = m_lease.manager->proxyFactory()->queryProxy(QNetworkProxyQuery(m_currentUrl));
    // The engine answers direct routes with DefaultProxy (see checker.cpp): anything else is a real proxy.
    return proxies.isEmpty() || proxies.first().type() == QNetworkProxy::DefaultProxy ||
           proxies.first().type() == QNetworkProxy::NoProxy;
}

void CheckJob::startProbe(int timeoutMs)
{
    m_probe = std::make_unique<HttpProbe>();
    QObject::connect(m_probe.get(), &HttpProbe::finished, m_probe.get(), [this](const HttpProbe::Verdict &v) {
        HttpProbe *probe = m_probe.release(); // finished is queued: the probe may go, but not under its feet
        probe->deleteLater();
        if (m_diagnosing)
            onDiagnosis(int(v.kind), v.detail);
        else
            onHeadersProbed(int(v.kind), v.detail);
    });
    QList<QPair<QByteArray, QByteArray>> headers = m_chain->headersFor(m_currentUrl);
    headers.append({QByteArrayLiteral("User-Agent"), m_context.options->userAgent});
    m_probe->start(m_currentUrl, headers, m_context.tls, timeoutMs, m_address); // null: Qt resolves
}

void CheckJob::diagnose(const QString &error)
{
    m_transportError = error;
    m_diagnosing = true;
    startProbe(std::min(kDiagnosisMs, std::max(500, m_context.options->timeoutMs)));
}

bool CheckJob::probeSlowHeaders(qint64 olderThanMs)
{
    // Qt 6.4 reads a header block that never ends without any limit (qhttpnetworkreply.cpp, readHeader), and
    // tells nothing until it ends: our probe reads the start of the same answer with a bound instead.
    if (!m_reply || m_probe || m_result.status > 0 || m_interimStatus != 0 || !m_sent ||
        now() - m_requestStartedMs < olderThanMs || !isDirectRoute())
        return false;
    startProbe(std::max(500, int(m_context.options->timeoutMs - (now() - m_requestStartedMs))));
    return true;
}

void CheckJob::onHeadersProbed(int kind, const QString &detail)
{
    // Only a header block past the bound changes anything; a slow or silent server is the deadline's to judge.
    if (HttpProbe::Kind(kind) != HttpProbe::Kind::HeadersTooLarge || !m_reply)
        return;
    m_contentError = QStringLiteral("protocol: headers too large: ") + detail;
    abort(AbortReason::ContentError);
}

void CheckJob::onDiagnosis(int kind, const QString &detail)
{
    m_diagnosing = false;
    switch (HttpProbe::Kind(kind)) {
    case HttpProbe::Kind::NotHttp:
    case HttpProbe::Kind::BadHeader:
    case HttpProbe::Kind::BadChunk:
    case HttpProbe::Kind::HeadersTooLarge:
        m_result.error = QStringLiteral("protocol: ") + detail; // the server is broken: a retry would not help
        m_wantsRetry = false;
        break;
    case HttpProbe::Kind::Truncated:
        m_result.error = m_transportError + QStringLiteral(" (") + detail + QLatin1Char(')');
        m_wantsRetry = RetryPolicy::isRetryableCategory(m_result.errorCategory());
        break;
    default: // answered, closed again, timed out: nothing more than Qt saw
        m_result.error = m_transportError;
        m_wantsRetry = RetryPolicy::isRetryableCategory(m_result.errorCategory());
        break;
    }
    m_result.timings.finishedMs = now();
    completeAttempt();
}

QString CheckJob::decoderError() const
{
    return (m_decoder->isBomb() ? QStringLiteral("too-large: ") : QStringLiteral("content: ")) + m_decoder->error();
}

QString CheckJob::cancelledWhileChecking() const
{
    const QString why = m_context.cancelWhy && !m_context.cancelWhy->isEmpty() ? *m_context.cancelWhy
                                                                               : QStringLiteral("stopped by the user");
    return QStringLiteral("cancelled: ") + why + QStringLiteral(" while checking");
}

void CheckJob::completeAttempt()
{
    m_result.state = CheckState::Done;
    m_onAttemptDone(this); // last statement: the callback may schedule this job's deletion
}

void CheckJob::markCancelled(const QString &why)
{
    m_wantsRetry = false;
    m_result.state = CheckState::Done;
    QString error = QStringLiteral("cancelled: ") + why;
    if (!m_result.error.isEmpty())
        error += QStringLiteral(" (last attempt: ") + m_result.error + QLatin1Char(')');
    m_result.error = error;
}

QString CheckJob::describeError(QNetworkReply::NetworkError code, const QString &qtMessage) const
{
    const QString where = ManagerPool::hostPort(m_currentUrl);
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("refused: connection refused by ") + where;
    case QNetworkReply::RemoteHostClosedError:
        return m_result.status > 0
                   ? QStringLiteral("reset: ") + where + QStringLiteral(" closed the connection mid-body")
                   : QStringLiteral("reset: ") + where + QStringLiteral(" closed the connection without answering");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("dns: host not found: ") + m_currentUrl.host();
    case QNetworkReply::TimeoutError:
        return QStringLiteral("timeout: ") + qtMessage;
    case QNetworkReply::OperationCanceledError:
        return QStringLiteral("cancelled: ") + qtMessage;
    case QNetworkReply::SslHandshakeFailedError: {
        QStringList reasons;
        for (const QSslError &error : m_sslErrors)
            reasons << error.errorString();
        return QStringLiteral("tls: ") + (reasons.isEmpty() ? qtMessage : reasons.join(QStringLiteral("; ")));
    }
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return QStringLiteral("redirects: ") + qtMessage;
    case QNetworkReply::ProtocolUnknownError:
        return QStringLiteral("scheme: ") + qtMessage;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return QStringLiteral("proxy: ") + qtMessage;
    case QNetworkReply::UnknownContentError:
        return QStringLiteral("content: ") + qtMessage;
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolInvalidOperationError:
        return QStringLiteral("protocol: ") + qtMessage;
    default:
        return QStringLiteral("network: ") + qtMessage;
    }
}

} // namespace Fanout
