#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkCookieJar>
#include <QPair>
#include <QString>
#include <QUrl>

#include <memory>

namespace Fanout {

// One URL's walk through its redirects, for one attempt: which of the user's headers each hop may carry, the
// cookies the hops set (kept in memory for this chain only, so one target's cookies never reach another's),
// where a Location header leads, and whether the next request would only repeat one already made.
//
// Use: one chain per attempt, built before its first request. Before sending any request: headersFor() and
// recordRequest(). After any response: storeCookies(). For a redirect: resolveLocation(), then wouldLoop().
class RedirectChain final
{
public:
    using Header = QPair<QByteArray, QByteArray>;

    RedirectChain(const QUrl &start, const QList<Header> &userHeaders);
    Q_DISABLE_COPY_MOVE(RedirectChain)

    // The headers to set on the request for url (with QNetworkRequest::setRawHeader, in order): the user's,
    // except that Authorization, Cookie and Proxy-Authorization (any case) are kept only while url has the
    // start URL's scheme, host and port (isStartOrigin) — so neither another host nor https→http sees them —
    // plus this chain's cookies for url. All Cookie values end up in one Cookie header (the user's values
    // first, joined with "; ", where the user's first Cookie was), because setRawHeader keeps only the last
    // header of a name.
    QList<Header> headersFor(const QUrl &url) const;

    // Scheme, host and port equal to the start URL's, with the default port (http 80, https 443) filled in.
    bool isStartOrigin(const QUrl &url) const;

    // Stores the cookies of a response from url. Each value is one Set-Cookie header's value; a value holding
    // several lines joined with '\n' is fine too (that is how Qt 6.4 merges repeated Set-Cookie headers, and
    // QNetworkCookie::parseCookies splits on it). Never pass values joined with ", ": Expires dates contain
    // commas. Qt's jar applies the domain and path rules: a cookie for a domain that is not url's host or a
    // parent of it (or is a public suffix) is refused, an expired one (Max-Age=0, Expires in the past)
    // deletes its namesake.
    void storeCookies(const QUrl &url, const QList<QByteArray> &setCookieHeaderValues);

    // The Set-Cookie values among a reply's rawHeaderPairs(), split into one value per header. Qt 6.4 gives a
    // repeated Set-Cookie as one pair whose value joins them with '\n' (named as the last of them was spelled).
    static QList<QByteArray> setCookieValues(const QList<Header> &rawHeaderPairs);

    // Where a Location header leads from base, as browsers resolve it: surrounding spaces and controls cut,
    // tabs and newlines dropped, raw bytes >= 0x80, spaces and controls percent-encoded byte for byte (raw
    // 0xE9 → %E9, raw UTF-8 é → %C3%A9; QUrl encodes " < > and the like), existing %XX left as they are,
    // '\' read as '/' before the query of an http(s) URL, then resolved against base. The fragment is
    // removed: it is never sent, so it cannot change what a hop answers (RFC 9110 §10.2.2 would let the
    // target inherit base's). A default port is removed too. Returns an invalid QUrl for an empty Location
    // or one QUrl cannot parse (e.g. a bad host). QUrl still decodes %XX of unreserved characters (%41 → A)
    // and upper-cases hex digits: the same resource to a server.
    static QUrl resolveLocation(const QUrl &base, const QByteArray &location);

    // Whether requesting next now would repeat a request already recorded with nothing changed: same URL
    // (fully encoded, without fragment or default port) and the same Cookie header. A page that sets a cookie
    // and redirects to itself is therefore no loop; A → B → A, or a self-redirect whose cookie is not sent
    // (e.g. Secure over http), is.
    bool wouldLoop(const QUrl &next) const;
    // Records a request about to be sent to url, with the Cookie header it carries now. Repeats are ignored.
    void recordRequest(const QUrl &url);

private:
    struct Request
    {
        QString url;
        QByteArray cookie;
    };

    Request requestFor(const QUrl &url) const;
    bool isRecorded(const Request &request) const;
    QByteArray cookieHeaderFor(const QUrl &url) const;

    QUrl m_start;
    QList<Header> m_userHeaders;
    // Made by the first response that sets a cookie: a jar is a QObject, and nearly every chain never needs one.
    std::unique_ptr<QNetworkCookieJar> m_jar;
    QList<Request> m_requests;
};

} // namespace Fanout
