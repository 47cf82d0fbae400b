#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace Fanout {

enum class HttpMethod
{
    Get,
    Head // status only; falls back to GET when the server rejects HEAD (405/501)
};

// Everything that shapes one run. A plain value so the CLI, the GUI settings and tests build it the same way.
struct CheckOptions
{
    int concurrency = 16;       // global cap on requests in flight
    int perHostLimit = 0;       // cap per host:port; 0 = only the global cap
    int timeoutMs = 10000;      // total deadline per attempt: connect + headers + body
    int retries = 0;            // extra attempts after a retryable failure
    int retryBaseDelayMs = 500; // first backoff; doubles per attempt, with jitter
    int maxRetryWaitMs = 30000; // upper bound for backoff and for a server's Retry-After
    // Politeness, per host as the per-host cap counts it (scheme://host:port). Every request the engine starts
    // counts: first attempts, retries, redirect hops and the GET after a refused HEAD.
    double ratePerHost = 0;   // request starts per second per host, fractions allowed; 0 = no limit
    int maxErrorsPerHost = 0; // connection errors in a row after which a host gets no more requests; 0 = never
    HttpMethod method = HttpMethod::Get;
    int maxRedirects = 10;
    qint64 maxBodyBytes = 256 * 1024; // stop reading after this much body when no title was found earlier
    bool ignoreTlsErrors = false;
    // Host names of direct routes are resolved by the engine (net/resolver, c-ares; /etc/hosts and resolv.conf),
    // as many at once as the cap lets requests start, and the request goes to the address while Host, SNI and
    // certificate checks keep the name. false leaves it to Qt (QHostInfo's pool of about 20 threads).
    // Except over TLS while HTTP/2 may be offered: Qt 6.4 builds HTTP/2's :authority from the URL, so a request
    // to an address would name the address; there Qt resolves, and HTTP/2 (ALPN) stays.
    bool resolveNames = true;
    bool http2 = true;    // offered over TLS (ALPN); false: HTTP/1.1 only, and https names resolved by the engine too
    QString dnsServers;   // "ip:port,..." instead of resolv.conf's servers (tests, benchmarks); empty = system
    int dnsTimeoutMs = 0; // per try; 0 = resolv.conf's
    bool keepResponseHeaders = true; // the GUI's details pane shows them; exports and the CLI do not need them
    QByteArray userAgent = QByteArrayLiteral("Fanout/" FANOUT_VERSION " (+URL checker)");
    QList<QPair<QByteArray, QByteArray>> headers; // extra request headers
    // --accept: the final statuses counted OK, as inclusive ranges; empty keeps "below 400". The engine applies it
    // as a result is finished: an accepted status of 400 or more gets error "accepted: ..." (isOk() is true), a
    // status below 400 that is not named gets "status: ..." (a failure). acceptText is the spec as written.
    QList<QPair<int, int>> acceptStatuses;
    QString acceptText;
};

} // namespace Fanout
