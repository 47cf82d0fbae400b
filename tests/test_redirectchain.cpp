#include "engine/redirectchain.h"

#include <QStringList>
#include <QTest>

using namespace Fanout;

using Headers = QList<RedirectChain::Header>;

namespace {

QUrl url(const char *text)
{
    return QUrl(QString::fromLatin1(text));
}

// The one Cookie header headersFor() gives url, or a null QByteArray when it gives none; fails on two.
QByteArray cookieSent(const RedirectChain &chain, const QUrl &target)
{
    QByteArray value;
    int count = 0;
    const Headers headers = chain.headersFor(target);
    for (const RedirectChain::Header &header : headers) {
        if (header.first.compare("Cookie", Qt::CaseInsensitive) == 0) {
            value = header.second;
            ++count;
        }
    }
    if (count > 1)
        qWarning("headersFor gave %d Cookie headers", count);
    return count == 1 ? value : QByteArray();
}

QList<QByteArray> names(const Headers &headers)
{
    QList<QByteArray> result;
    for (const RedirectChain::Header &header : headers)
        result.append(header.first);
    return result;
}

} // namespace

class TestRedirectChain : public QObject
{
    Q_OBJECT

private slots:
    void credentials_data();
    void credentials();
    void credentialNamesAnyCase();
    void userCookieJoinedWithJar();
    void jarCookieReachesOtherHostWithoutUserCookie();
    void cookieRules_data();
    void cookieRules();
    void cookieExpiresWhileStored();
    void maxAgeZeroDeletes();
    void setCookieValues();
    void storeCookiesKeepsCommasOfExpires();
    void resolveLocation_data();
    void resolveLocation();
    void loop_data();
    void loop();
    void secureCookieOverHttpStillLoops();
    void recordRequestIsIdempotent();
};

void TestRedirectChain::credentials_data()
{
    QTest::addColumn<QUrl>("start");
    QTest::addColumn<QUrl>("target");
    QTest::addColumn<bool>("kept");
    const QUrl https = url("https://example.com/start");
    QTest::newRow("same origin, other path") << https << url("https://example.com/next?x=1") << true;
    QTest::newRow("default port written out") << https << url("https://example.com:443/next") << true;
    QTest::newRow("host in capitals") << https << url("https://EXAMPLE.com/next") << true;
    QTest::newRow("other host") << https << url("https://other.org/next") << false;
    QTest::newRow("subdomain") << https << url("https://www.example.com/next") << false;
    QTest::newRow("other port") << https << url("https://example.com:8443/next") << false;
    QTest::newRow("https to http") << https << url("http://example.com/next") << false;
    QTest::newRow("http to https") << url("http://example.com/") << url("https://example.com/") << false;
    QTest::newRow("http default port") << url("http://example.com/") << url("http://example.com:80/x") << true;
}

void TestRedirectChain::credentials()
{
    QFETCH(QUrl, start);
    QFETCH(QUrl, target);
    QFETCH(bool, kept);
    const Headers user = {{"X-Trace", "7"},
                          {"Authorization", "Bearer t0ken"},
                          {"Cookie", "session=u"},
                          {"Proxy-Authorization", "Basic cHJveHk="},
                          {"Accept-Language", "fr"}};
    const RedirectChain chain(start, user);
    QCOMPARE(chain.isStartOrigin(target), kept);
    const Headers expected =
        kept ? user : Headers{{"X-Trace", "7"}, {"Accept-Language", "fr"}}; // order kept, nothing added
    QCOMPARE(chain.headersFor(target), expected);
    QCOMPARE(chain.headersFor(start), user);
}

void TestRedirectChain::credentialNamesAnyCase()
{
    const RedirectChain chain(
        url("https://example.com/"),
        {{"authorization", "a"}, {"COOKIE", "c=1"}, {"proxy-AUTHORIZATION", "p"}, {"X-Authorization-Hint", "kept"}});
    QCOMPARE(names(chain.headersFor(url("https://other.org/"))), QList<QByteArray>{"X-Authorization-Hint"});
    QCOMPARE(names(chain.headersFor(url("https://example.com/x"))),
             (QList<QByteArray>{"authorization", "COOKIE", "proxy-AUTHORIZATION", "X-Authorization-Hint"}));
}

void TestRedirectChain::userCookieJoinedWithJar()
{
    const QUrl start = url("http://example.com/login");
    RedirectChain chain(start, {{"Cookie", "user=1"}, {"X-A", "a"}, {"Cookie", "more=2"}});
    chain.storeCookies(start, {"jar=3; Path=/"});
    // One Cookie header where the user's first one was: setRawHeader would keep only the last of several.
    const Headers expected = {{"Cookie", "user=1; more=2; jar=3"}, {"X-A", "a"}};
    QCOMPARE(chain.headersFor(url("http://example.com/home")), expected);
}

void TestRedirectChain::jarCookieReachesOtherHostWithoutUserCookie()
{
    RedirectChain chain(url("https://example.com/"), {{"Cookie", "user=1"}});
    chain.storeCookies(url("https://sso.other.org/auth"), {"sso=9; Path=/"});
    QCOMPARE(chain.headersFor(url("https://sso.other.org/auth")), (Headers{{"Cookie", "sso=9"}}));
    QCOMPARE(cookieSent(chain, url("https://example.com/")), QByteArray("user=1"));
}

void TestRedirectChain::cookieRules_data()
{
    QTest::addColumn<QUrl>("setBy");
    QTest::addColumn<QByteArray>("setCookie");
    QTest::addColumn<QUrl>("target");
    QTest::addColumn<QByteArray>("sent"); // null: no Cookie header

    const QUrl www = url("https://www.example.com/a/page");
    QTest::newRow("host-only, same host")
        << www << QByteArray("h=1") << url("https://www.example.com/a/x") << QByteArray("h=1");
    QTest::newRow("host-only, not to subdomain")
        << www << QByteArray("h=1; Path=/") << url("https://sub.www.example.com/") << QByteArray();
    QTest::newRow("host-only, not to parent")
        << www << QByteArray("h=1; Path=/") << url("https://example.com/") << QByteArray();
    QTest::newRow("Domain=parent, to sibling subdomain") << www << QByteArray("d=1; Domain=example.com; Path=/")
                                                         << url("https://shop.example.com/") << QByteArray("d=1");
    QTest::newRow("Domain=.parent, to parent")
        << www << QByteArray("d=1; Domain=.example.com; Path=/") << url("https://example.com/") << QByteArray("d=1");
    QTest::newRow("Domain=other, refused")
        << www << QByteArray("o=1; Domain=other.org; Path=/") << url("https://other.org/") << QByteArray();
    QTest::newRow("Domain=other, not sent back either")
        << www << QByteArray("o=1; Domain=other.org; Path=/") << url("https://www.example.com/") << QByteArray();
    QTest::newRow("Domain=child, refused")
        << url("https://example.com/") << QByteArray("c=1; Domain=www.example.com; Path=/")
        << url("https://www.example.com/") << QByteArray();
    QTest::newRow("Domain=public suffix, refused")
        << www << QByteArray("t=1; Domain=com; Path=/") << url("https://www.example.com/") << QByteArray();
    QTest::newRow("Path, exact") << www << QByteArray("p=1; Path=/shop") << url("https://www.example.com/shop")
                                 << QByteArray("p=1");
    QTest::newRow("Path, below") << www << QByteArray("p=1; Path=/shop") << url("https://www.example.com/shop/cart")
                                 << QByteArray("p=1");
    QTest::newRow("Path, prefix is not a segment")
        << www << QByteArray("p=1; Path=/shop") << url("https://www.example.com/shopping") << QByteArray();
    QTest::newRow("Path, outside") << www << QByteArray("p=1; Path=/shop") << url("https://www.example.com/")
                                   << QByteArray();
    QTest::newRow("default path is the directory")
        << www << QByteArray("dp=1") << url("https://www.example.com/b/page") << QByteArray();
    QTest::newRow("Secure, over https") << www << QByteArray("s=1; Secure; Path=/") << url("https://www.example.com/")
                                        << QByteArray("s=1");
    QTest::newRow("Secure, not over http")
        << www << QByteArray("s=1; Secure; Path=/") << url("http://www.example.com/") << QByteArray();
    QTest::newRow("not Secure, also over http")
        << www << QByteArray("n=1; Path=/") << url("http://www.example.com/") << QByteArray("n=1");
    QTest::newRow("Expires in the past") << www << QByteArray("e=1; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT")
                                         << url("https://www.example.com/") << QByteArray();
    QTest::newRow("Expires in the future") << www << QByteArray("f=1; Path=/; Expires=Fri, 31 Dec 2099 23:59:59 GMT")
                                           << url("https://www.example.com/") << QByteArray("f=1");
    QTest::newRow("Max-Age=0") << www << QByteArray("m=1; Path=/; Max-Age=0") << url("https://www.example.com/")
                               << QByteArray();
    QTest::newRow("two lines joined by Qt")
        << www << QByteArray("a=1; Path=/\nb=2; Path=/") << url("https://www.example.com/") << QByteArray("a=1; b=2");
    QTest::newRow("longer path first") << www << QByteArray("r=root; Path=/\nr=deep; Path=/a")
                                       << url("https://www.example.com/a/x") << QByteArray("r=deep; r=root");
}

void TestRedirectChain::cookieRules()
{
    QFETCH(QUrl, setBy);
    QFETCH(QByteArray, setCookie);
    QFETCH(QUrl, target);
    QFETCH(QByteArray, sent);
    RedirectChain chain(setBy, {});
    chain.storeCookies(setBy, {setCookie});
    QCOMPARE(cookieSent(chain, target), sent);
}

void TestRedirectChain::cookieExpiresWhileStored()
{
    // Qt's cookiesForUrl itself skips a cookie whose time is up, not only insertCookie.
    const QUrl page = url("http://example.com/");
    RedirectChain chain(page, {});
    chain.storeCookies(page, {"brief=1; Max-Age=1", "lasting=1; Max-Age=3600"});
    QCOMPARE(cookieSent(chain, page), QByteArray("brief=1; lasting=1"));
    QTest::qSleep(1100);
    QCOMPARE(cookieSent(chain, page), QByteArray("lasting=1"));
}

void TestRedirectChain::maxAgeZeroDeletes()
{
    const QUrl page = url("http://example.com/");
    RedirectChain chain(page, {});
    chain.storeCookies(page, {"gone=1; Path=/", "kept=1; Path=/"});
    QCOMPARE(cookieSent(chain, page), QByteArray("gone=1; kept=1"));
    chain.storeCookies(url("http://example.com/other"), {"gone=; Path=/; Max-Age=0"});
    QCOMPARE(cookieSent(chain, page), QByteArray("kept=1"));
}

void TestRedirectChain::setCookieValues()
{
    // Qt 6.4 folds repeated Set-Cookie headers into one pair joined with '\n', named as the last was spelled.
    const Headers pairs = {{"Content-Type", "text/html"},
                           {"set-cookie", "a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT\nb=2\n"},
                           {"X-Set-Cookie", "no=1"},
                           {"Set-Cookie", "c=3"}};
    QCOMPARE(RedirectChain::setCookieValues(pairs),
             (QList<QByteArray>{"a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT", "b=2", "c=3"}));
    QCOMPARE(RedirectChain::setCookieValues({{"Location", "/x"}}), QList<QByteArray>{});
}

void TestRedirectChain::storeCookiesKeepsCommasOfExpires()
{
    const QUrl page = url("http://example.com/");
    RedirectChain chain(page, {});
    chain.storeCookies(page, RedirectChain::setCookieValues(
                                 {{"Set-Cookie", "a=1; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT\nb=2; Path=/"}}));
    QCOMPARE(cookieSent(chain, page), QByteArray("a=1; b=2"));
}

void TestRedirectChain::resolveLocation_data()
{
    QTest::addColumn<QUrl>("base");
    QTest::addColumn<QByteArray>("location");
    QTest::addColumn<QString>("expected"); // FullyEncoded; empty: an invalid QUrl

    const QUrl base = url("http://example.com/dir/page?q=0#top");
    QTest::newRow("raw Latin-1 byte") << base << QByteArray("/caf\xE9") << QStringLiteral("http://example.com/caf%E9");
    QTest::newRow("raw UTF-8") << base << QByteArray("/caf\xC3\xA9") << QStringLiteral("http://example.com/caf%C3%A9");
    QTest::newRow("raw bytes in query") << base << QByteArray("/s?q=\xE9t\xC3\xA9")
                                        << QStringLiteral("http://example.com/s?q=%E9t%C3%A9");
    QTest::newRow("escapes untouched") << base << QByteArray("/a%2C%20%22b?x=%2C%20%22&y=%26")
                                       << QStringLiteral("http://example.com/a%2C%20%22b?x=%2C%20%22&y=%26");
    QTest::newRow("escaped slash untouched")
        << base << QByteArray("/a%2Fb") << QStringLiteral("http://example.com/a%2Fb");
    QTest::newRow("escapes next to raw bytes")
        << base << QByteArray("/caf%C3%A9/\xE9") << QStringLiteral("http://example.com/caf%C3%A9/%E9");
    QTest::newRow("raw space, quote, angle brackets")
        << base << QByteArray("/a b\"<c>") << QStringLiteral("http://example.com/a%20b%22%3Cc%3E");
    QTest::newRow("controls and DEL") << base << QByteArray("/a\x01\x7F")
                                      << QStringLiteral("http://example.com/a%01%7F");
    QTest::newRow("surrounding whitespace")
        << base << QByteArray(" \t/t \r\n") << QStringLiteral("http://example.com/t");
    QTest::newRow("inner tab and newline dropped")
        << base << QByteArray("/a\tb\nc") << QStringLiteral("http://example.com/abc");
    QTest::newRow("relative") << base << QByteArray("next") << QStringLiteral("http://example.com/dir/next");
    QTest::newRow("dot-dot") << base << QByteArray("../up") << QStringLiteral("http://example.com/up");
    QTest::newRow("absolute path") << base << QByteArray("/root") << QStringLiteral("http://example.com/root");
    QTest::newRow("scheme-relative") << url("https://example.com/x") << QByteArray("//cdn.example.net/p")
                                     << QStringLiteral("https://cdn.example.net/p");
    QTest::newRow("query only") << base << QByteArray("?x=1") << QStringLiteral("http://example.com/dir/page?x=1");
    QTest::newRow("absolute, other scheme and host")
        << base << QByteArray("https://Other.ORG/p") << QStringLiteral("https://other.org/p");
    QTest::newRow("raw UTF-8 host") << base
                                    << QByteArray("http://b\xC3\xBC"
                                                  "cher.example/")
                                    << QStringLiteral("http://xn--bcher-kva.example/");
    QTest::newRow("fragment dropped") << base << QByteArray("/x#frag") << QStringLiteral("http://example.com/x");
    QTest::newRow("base fragment not inherited") << base << QByteArray("/y") << QStringLiteral("http://example.com/y");
    QTest::newRow("fragment only") << base << QByteArray("#f") << QStringLiteral("http://example.com/dir/page?q=0");
    QTest::newRow("default port removed")
        << base << QByteArray("http://example.com:80/p") << QStringLiteral("http://example.com/p");
    QTest::newRow("other port kept") << base << QByteArray("http://example.com:8080/p")
                                     << QStringLiteral("http://example.com:8080/p");
    QTest::newRow("backslashes as slashes")
        << base << QByteArray("\\\\evil.example\\p") << QStringLiteral("http://evil.example/p");
    QTest::newRow("backslash ends the host") << base << QByteArray("http://evil.example\\@good.example/")
                                             << QStringLiteral("http://evil.example/@good.example/");
    // Browsers send '\\' in a query as it is; QUrl can only encode it, which servers decode the same.
    QTest::newRow("backslash in query kept")
        << base << QByteArray("/a?b\\c") << QStringLiteral("http://example.com/a?b%5Cc");
    QTest::newRow("backslash kept outside http(s)")
        << base << QByteArray("ftp://example.com/a\\b") << QStringLiteral("ftp://example.com/a%5Cb");
    QTest::newRow("stray percent") << base << QByteArray("/a%zz") << QStringLiteral("http://example.com/a%25zz");
    QTest::newRow("empty") << base << QByteArray("") << QString();
    QTest::newRow("only whitespace") << base << QByteArray(" \t ") << QString();
    QTest::newRow("space in host") << base << QByteArray("http://exa mple.com/") << QString();
    QTest::newRow("Latin-1 byte in host") << base << QByteArray("http://\xFC.example/") << QString();
}

void TestRedirectChain::resolveLocation()
{
    QFETCH(QUrl, base);
    QFETCH(QByteArray, location);
    QFETCH(QString, expected);
    const QUrl next = RedirectChain::resolveLocation(base, location);
    if (expected.isEmpty()) {
        QVERIFY2(!next.isValid(), qPrintable(next.toString(QUrl::FullyEncoded)));
        return;
    }
    QVERIFY2(next.isValid(), qPrintable(next.errorString()));
    QCOMPARE(next.toString(QUrl::FullyEncoded), expected);
}

void TestRedirectChain::loop_data()
{
    // Each hop: the URL requested, then the Set-Cookie its answer carries; the last URL is the candidate.
    QTest::addColumn<QStringList>("hops");
    QTest::addColumn<QStringList>("setCookies");
    QTest::addColumn<bool>("loops");

    const QString a = QStringLiteral("http://example.com/a");
    const QString b = QStringLiteral("http://example.com/b");
    QTest::newRow("A -> A, cookie set: not a loop") << QStringList{a, a} << QStringList{QStringLiteral("s=1")} << false;
    QTest::newRow("A -> A -> A, same cookie again: loop")
        << QStringList{a, a, a} << QStringList{QStringLiteral("s=1"), QStringLiteral("s=1")} << true;
    QTest::newRow("A -> A -> A, cookie changed each time: not a loop")
        << QStringList{a, a, a} << QStringList{QStringLiteral("s=1"), QStringLiteral("s=2")} << false;
    QTest::newRow("A -> A, nothing set: loop") << QStringList{a, a} << QStringList{QString()} << true;
    QTest::newRow("A -> B -> A: loop") << QStringList{a, b, a} << QStringList{QString(), QString()} << true;
    QTest::newRow("A -> B -> C: no loop")
        << QStringList{a, b, QStringLiteral("http://example.com/c")} << QStringList{QString(), QString()} << false;
    QTest::newRow("cookie set at B, back to A: not a loop")
        << QStringList{a, b, a} << QStringList{QString(), QStringLiteral("s=1; Path=/")} << false;
    QTest::newRow("cookie for B's path only, back to A: loop")
        << QStringList{a, QStringLiteral("http://example.com/b/x"), a}
        << QStringList{QString(), QStringLiteral("s=1; Path=/b")} << true;
    QTest::newRow("other fragment: loop")
        << QStringList{a + QStringLiteral("#one"), a + QStringLiteral("#two")} << QStringList{QString()} << true;
    QTest::newRow("default port written out: loop")
        << QStringList{a, QStringLiteral("http://example.com:80/a")} << QStringList{QString()} << true;
    QTest::newRow("other query: no loop")
        << QStringList{a, a + QStringLiteral("?n=1")} << QStringList{QString()} << false;
    QTest::newRow("escaped comma is another URL: no loop")
        << QStringList{QStringLiteral("http://example.com/a,b"), QStringLiteral("http://example.com/a%2Cb")}
        << QStringList{QString()} << false;
    QTest::newRow("https -> http of the same path: no loop")
        << QStringList{QStringLiteral("https://example.com/a"), a} << QStringList{QString()} << false;
}

void TestRedirectChain::loop()
{
    QFETCH(QStringList, hops);
    QFETCH(QStringList, setCookies);
    QFETCH(bool, loops);
    QCOMPARE(setCookies.size(), hops.size() - 1);
    RedirectChain chain(QUrl(hops.first()), {});
    for (int i = 0; i + 1 < hops.size(); ++i) {
        const QUrl hop(hops.at(i));
        QVERIFY2(!chain.wouldLoop(hop), qPrintable(QStringLiteral("hop %1 already loops").arg(i)));
        chain.recordRequest(hop);
        if (!setCookies.at(i).isEmpty())
            chain.storeCookies(hop, {setCookies.at(i).toLatin1()});
    }
    QCOMPARE(chain.wouldLoop(QUrl(hops.last())), loops);
}

void TestRedirectChain::secureCookieOverHttpStillLoops()
{
    // The cookie is stored (Qt 6.4 accepts Secure from http) but never sent over http: the next request is the same.
    const QUrl page = url("http://example.com/a");
    RedirectChain chain(page, {});
    chain.recordRequest(page);
    chain.storeCookies(page, {"s=1; Secure"});
    QVERIFY(chain.wouldLoop(page));
    // Over https the cookie is sent, and that request was never made.
    const QUrl secure = url("https://example.com/a");
    QVERIFY(!chain.wouldLoop(secure));
    QCOMPARE(cookieSent(chain, secure), QByteArray("s=1"));
}

void TestRedirectChain::recordRequestIsIdempotent()
{
    const QUrl page = url("http://example.com/a");
    RedirectChain chain(page, {});
    QVERIFY(!chain.wouldLoop(page));
    chain.recordRequest(page);
    chain.recordRequest(page); // a HEAD → GET fallback re-sends the same request
    QVERIFY(chain.wouldLoop(page));
    chain.storeCookies(page, {"s=1"});
    QVERIFY(!chain.wouldLoop(page));
}

QTEST_GUILESS_MAIN(TestRedirectChain)
#include "test_redirectchain.moc"
