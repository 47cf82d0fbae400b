#include "engine/redirectchain.h"

#include <QNetworkCookie>

namespace Fanout {

namespace {

bool isCredentialHeader(const QByteArray &name)
{
    return name.compare("Authorization", Qt::CaseInsensitive) == 0 ||
           name.compare("Cookie", Qt::CaseInsensitive) == 0 ||
           name.compare("Proxy-Authorization", Qt::CaseInsensitive) == 0;
}

bool isCookieHeader(const QByteArray &name)
{
    return name.compare("Cookie", Qt::CaseInsensitive) == 0;
}

int defaultPort(const QString &scheme)
{
    if (scheme == QLatin1String("http"))
        return 80;
    if (scheme == QLatin1String("https"))
        return 443;
    return -1;
}

bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The scheme a Location names ("scheme:" up front, RFC 3986 §3.1), or base's when it names none.
QString schemeOf(const QByteArray &location, const QUrl &base)
{
    const qsizetype colon = location.indexOf(':');
    if (colon <= 0 || !isAsciiLetter(location.at(0)))
        return base.scheme();
    for (qsizetype i = 1; i < colon; ++i) {
        const char c = location.at(i);
        if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.')
            return base.scheme();
    }
    return QString::fromLatin1(location.left(colon)).toLower();
}

bool isC0OrSpace(char c)
{
    return uchar(c) <= 0x20;
}

} // namespace

RedirectChain::RedirectChain(const QUrl &start, const QList<Header> &userHeaders)
    : m_start(start)
    , m_userHeaders(userHeaders)
{}

bool RedirectChain::isStartOrigin(const QUrl &url) const
{
    const QString scheme = url.scheme();
    return scheme == m_start.scheme() && url.host() == m_start.host() &&
           url.port(defaultPort(scheme)) == m_start.port(defaultPort(m_start.scheme()));
}

QByteArray RedirectChain::cookieHeaderFor(const QUrl &url) const
{
    QList<QByteArray> parts;
    if (isStartOrigin(url)) {
        for (const Header &header : m_userHeaders) {
            if (isCookieHeader(header.first) && !header.second.isEmpty())
                parts.append(header.second);
        }
    }
    // The same form QNetworkAccessManager would send from its own jar (QNetworkHeadersPrivate::headerValue).
    if (m_jar) {
        const QList<QNetworkCookie> cookies = m_jar->cookiesForUrl(url);
        for (const QNetworkCookie &cookie : cookies)
            parts.append(cookie.toRawForm(QNetworkCookie::NameAndValueOnly));
    }
    return parts.join("; ");
}

QList<RedirectChain::Header> RedirectChain::headersFor(const QUrl &url) const
{
    const bool sameOrigin = isStartOrigin(url);
    const QByteArray cookie = cookieHeaderFor(url);
    QList<Header> headers;
    bool cookiePlaced = false;
    for (const Header &header : m_userHeaders) {
        if (isCredentialHeader(header.first) && !sameOrigin)
            continue;
        if (isCookieHeader(header.first)) {
            // The joined value takes the place of the user's first Cookie header.
            if (!cookiePlaced && !cookie.isEmpty())
                headers.append({header.first, cookie});
            cookiePlaced = true;
            continue;
        }
        headers.append(header);
    }
    if (!cookiePlaced && !cookie.isEmpty())
        headers.append({QByteArrayLiteral("Cookie"), cookie});
    return headers;
}

void RedirectChain::storeCookies(const QUrl &url, const QList<QByteArray> &setCookieHeaderValues)
{
    QList<QNetworkCookie> cookies;
    for (const QByteArray &value : setCookieHeaderValues)
        cookies += QNetworkCookie::parseCookies(value);
    if (cookies.isEmpty())
        return;
    if (!m_jar)
        m_jar = std::make_unique<QNetworkCookieJar>();
    m_jar->setCookiesFromUrl(cookies, url);
}

QList<QByteArray> RedirectChain::setCookieValues(const QList<Header> &rawHeaderPairs)
{
    QList<QByteArray> values;
    for (const Header &header : rawHeaderPairs) {
        if (header.first.compare("Set-Cookie", Qt::CaseInsensitive) != 0)
            continue;
        const QList<QByteArray> lines = header.second.split('\n');
        for (const QByteArray &line : lines) {
            const QByteArray value = line.trimmed();
            if (!value.isEmpty())
                values.append(value);
        }
    }
    return values;
}

QUrl RedirectChain::resolveLocation(const QUrl &base, const QByteArray &location)
{
    qsizetype begin = 0;
    qsizetype end = location.size();
    while (begin < end && isC0OrSpace(location.at(begin)))
        ++begin;
    while (end > begin && isC0OrSpace(location.at(end - 1)))
        --end;
    const QByteArray raw = location.mid(begin, end - begin);

    const QString scheme = schemeOf(raw, base);
    const bool special = scheme == QLatin1String("http") || scheme == QLatin1String("https");
    static constexpr char kHex[] = "0123456789ABCDEF";
    QByteArray encoded;
    encoded.reserve(raw.size() * 3);
    bool pastPath = false;
    for (const char c : raw) {
        const uchar byte = uchar(c);
        if (c == '\t' || c == '\n' || c == '\r')
            continue; // browsers drop these wherever they are
        if (c == '?' || c == '#')
            pastPath = true;
        if (byte <= 0x20 || byte >= 0x7F) {
            // Byte for byte: the server chose these bytes, whatever charset they are in.
            encoded += '%';
            encoded += kHex[byte >> 4];
            encoded += kHex[byte & 0xF];
        } else if (c == '\\' && special && !pastPath) {
            encoded += '/'; // as browsers read http(s) URLs: "\\evil.example" is a host, not a path
        } else {
            encoded += c;
        }
    }

    // Only ASCII is left, so Latin-1 is exact. Tolerant parsing encodes what is still not allowed (" < > { } ...,
    // a stray '%' as %25); an empty reference is invalid.
    const QUrl reference(QString::fromLatin1(encoded), QUrl::TolerantMode);
    if (!reference.isValid())
        return {};
    QUrl next = base.resolved(reference).adjusted(QUrl::RemoveFragment);
    if (next.port() != -1 && next.port() == defaultPort(next.scheme()))
        next.setPort(-1);
    return next;
}

RedirectChain::Request RedirectChain::requestFor(const QUrl &url) const
{
    QUrl key = url.adjusted(QUrl::RemoveFragment);
    if (key.port() != -1 && key.port() == defaultPort(key.scheme()))
        key.setPort(-1);
    return {key.toString(QUrl::FullyEncoded), cookieHeaderFor(url)};
}

bool RedirectChain::wouldLoop(const QUrl &next) const
{
    return isRecorded(requestFor(next));
}

bool RedirectChain::isRecorded(const Request &request) const
{
    for (const Request &seen : m_requests) {
        if (seen.url == request.url && seen.cookie == request.cookie)
            return true;
    }
    return false;
}

void RedirectChain::recordRequest(const QUrl &url)
{
    Request request = requestFor(url);
    if (!isRecorded(request))
        m_requests.append(std::move(request));
}

} // namespace Fanout
