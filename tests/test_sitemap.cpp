// SitemapParser on crafted and hostile XML; SitemapLoader against the origin's /sitemap routes and files.
#include "io/sitemap.h"
#include "origin/originserver.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using namespace Fanout;

namespace {

const QByteArray kNs = QByteArrayLiteral("http://www.sitemaps.org/schemas/sitemap/0.9");

struct Parsed
{
    SitemapParser::Kind kind = SitemapParser::Kind::Unknown;
    QStringList locs;
    QList<int> lines;
    QString error;
    bool ok = false;
};

// Fed in small pieces, so the streaming path (a token split between feeds) is what is tested.
Parsed parse(const QByteArray &bytes, int piece = 7)
{
    SitemapParser parser;
    Parsed out;
    bool ok = true;
    for (qsizetype at = 0; at < bytes.size() && ok; at += piece)
        ok = parser.feed(QByteArrayView(bytes.constData() + at, std::min<qsizetype>(piece, bytes.size() - at)));
    out.ok = ok && parser.finish();
    out.kind = parser.kind();
    for (const SitemapParser::Loc &loc : parser.takeLocs()) {
        out.locs.append(loc.text);
        out.lines.append(loc.line);
    }
    out.error = parser.error();
    return out;
}

QByteArray gzipOf(const QByteArray &data)
{
    z_stream z = {};
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&z, uLong(data.size()))) + 64, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

} // namespace

class TestSitemap final : public QObject
{
    Q_OBJECT

private slots:
    void urlset();
    void index();
    void locTextIsTrimmedAndDecoded();
    void bomAndEncodingDeclaration();
    void gzipFile();
    void malformedKeepsWhatWasRead();
    void notASitemap();
    void entityExpansionRefused();
    void externalEntityRefused();
    void deepNestingRefused();
    void hundredMegabytesRefused();
    void gzipBombRefused();
    void tooManyLocsRefused();
    void loaderFollowsIndexThroughOrigin();
    void loaderLimitsDepthAndTotal();
};

void TestSitemap::urlset()
{
    const Parsed p = parse("<?xml version=\"1.0\"?>\n<urlset xmlns=\"" + kNs +
                           "\">\n<url><loc>https://a.example/</loc><lastmod>2024-01-01</lastmod></url>\n"
                           "<url>\n<loc>https://a.example/b</loc></url>\n</urlset>\n");
    QVERIFY2(p.ok, qPrintable(p.error));
    QCOMPARE(p.kind, SitemapParser::Kind::UrlSet);
    QCOMPARE(p.locs, (QStringList{QStringLiteral("https://a.example/"), QStringLiteral("https://a.example/b")}));
    QCOMPARE(p.lines, (QList<int>{3, 5}));
}

void TestSitemap::index()
{
    // A prefixed namespace is the same namespace: matched by local name.
    const Parsed p = parse("<sm:sitemapindex xmlns:sm=\"" + kNs +
                           "\"><sm:sitemap><sm:loc>https://a.example/s1.xml</sm:loc></sm:sitemap>"
                           "<sm:sitemap><sm:loc>https://a.example/s2.xml.gz</sm:loc></sm:sitemap></sm:sitemapindex>");
    QVERIFY2(p.ok, qPrintable(p.error));
    QCOMPARE(p.kind, SitemapParser::Kind::Index);
    QCOMPARE(p.locs.size(), 2);
    QCOMPARE(p.locs.at(1), QStringLiteral("https://a.example/s2.xml.gz"));
}

void TestSitemap::locTextIsTrimmedAndDecoded()
{
    const Parsed p = parse("<urlset xmlns=\"" + kNs +
                           "\"><url><loc>\n   https://a.example/?a=1&amp;b=&#50;&#x33;\n  </loc></url>"
                           "<url><loc><![CDATA[https://a.example/c?x=<1>]]></loc></url></urlset>");
    QVERIFY2(p.ok, qPrintable(p.error));
    QCOMPARE(p.locs,
             (QStringList{QStringLiteral("https://a.example/?a=1&b=23"), QStringLiteral("https://a.example/c?x=<1>")}));
}

void TestSitemap::bomAndEncodingDeclaration()
{
    // UTF-8 with a BOM, and ISO-8859-1 declared: the reader decodes both.
    Parsed p = parse("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset><url><loc>https://a.example/"
                     "\xC3\xA9</loc></url></urlset>");
    QVERIFY2(p.ok, qPrintable(p.error));
    QCOMPARE(p.locs.value(0), QStringLiteral("https://a.example/\u00e9"));
    p = parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>https://a.example/\xE9</loc></url>"
              "</urlset>");
    QVERIFY2(p.ok, qPrintable(p.error));
    QCOMPARE(p.locs.value(0), QStringLiteral("https://a.example/\u00e9"));
    // UTF-16LE with its BOM.
    const QString text = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-16\"?><urlset><url><loc>https://"
                                        "a.example/x</loc></url></urlset>");
    QByteArray utf16("\xFF\xFE", 2);
    utf16.append(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
    p = parse(utf16);
    QVERIFY2(p.ok, qPrintable(p.error));
    QCOMPARE(p.locs.value(0), QStringLiteral("https://a.example/x"));
}

void TestSitemap::gzipFile()
{
    const Parsed p =
        parse(gzipOf("<urlset xmlns=\"" + kNs + "\"><url><loc>https://a.example/z</loc></url></urlset>"), 3);
    QVERIFY2(p.ok, qPrintable(p.error));
    QCOMPARE(p.locs, QStringList{QStringLiteral("https://a.example/z")});
    // A truncated gzip file is an error, with what was read before.
    const QByteArray whole = gzipOf("<urlset><url><loc>https://a.example/1</loc></url>" + QByteArray(5000, ' ') +
                                    "<url><loc>https://a.example/2</loc></url></urlset>");
    const Parsed cut = parse(whole.left(whole.size() - 10));
    QVERIFY(!cut.ok);
    QVERIFY2(cut.error.contains(QLatin1String("gzip")), qPrintable(cut.error));
}

void TestSitemap::malformedKeepsWhatWasRead()
{
    const Parsed p = parse("<urlset>\n<url><loc>https://a.example/1</loc></url>\n<url><loc>https://a.example/2</loc>"
                           "\n</urlset>\n<url>");
    QVERIFY(!p.ok);
    QCOMPARE(p.locs.size(), 2);
    QVERIFY2(p.error.startsWith(QLatin1String("line 4:")), qPrintable(p.error));
    // A document that just stops.
    const Parsed cut = parse("<urlset><url><loc>https://a.example/1</loc></url>");
    QVERIFY(!cut.ok);
    QCOMPARE(cut.locs.size(), 1);
    QVERIFY2(cut.error.contains(QLatin1String("ends before")), qPrintable(cut.error));
}

void TestSitemap::notASitemap()
{
    Parsed p = parse("<html><body><a href=\"https://a.example/\">x</a></body></html>");
    QVERIFY(!p.ok);
    QVERIFY2(p.error.contains(QLatin1String("<html>")), qPrintable(p.error));
    p = parse("");
    QVERIFY(!p.ok);
    p = parse("just text");
    QVERIFY(!p.ok);
}

void TestSitemap::entityExpansionRefused()
{
    // Billion laughs: refused at the DTD, before any entity can be declared, let alone expanded.
    QByteArray xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n";
    xml += " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
    for (int i = 2; i < 10; ++i)
        xml += " <!ENTITY lol" + QByteArray::number(i) + " \"" +
               QByteArray("&lol" + QByteArray::number(i - 1) + ";").repeated(10) + "\">\n";
    xml += "]>\n<urlset><url><loc>https://a.example/&lol9;</loc></url></urlset>";
    const Parsed p = parse(xml, 4096);
    QVERIFY(!p.ok);
    QVERIFY(p.locs.isEmpty());
    QVERIFY2(p.error.contains(QLatin1String("DTD")), qPrintable(p.error));
    // An entity that was never declared is an error too, not text.
    const Parsed undeclared = parse("<urlset><url><loc>https://a.example/&nbsp;</loc></url></urlset>");
    QVERIFY(!undeclared.ok);
    QVERIFY(undeclared.locs.isEmpty());
}

void TestSitemap::externalEntityRefused()
{
    const Parsed p = parse("<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                           "<urlset><url><loc>&xxe;</loc></url></urlset>");
    QVERIFY(!p.ok);
    QVERIFY(p.locs.isEmpty());
    QVERIFY2(p.error.contains(QLatin1String("DTD")), qPrintable(p.error));
}

void TestSitemap::deepNestingRefused()
{
    const QByteArray xml =
        "<urlset>" + QByteArray("<x>").repeated(100000) + QByteArray("</x>").repeated(100000) + "</urlset>";
    const Parsed p = parse(xml, 65536);
    QVERIFY(!p.ok);
    QVERIFY2(p.error.contains(QLatin1String("nested deeper")), qPrintable(p.error));
}

void TestSitemap::hundredMegabytesRefused()
{
    // 100 MB of well-formed XML, fed as it would arrive: refused at the protocol's 50 MB, memory staying flat.
    SitemapParser parser;
    QVERIFY(parser.feed("<urlset>"));
    const QByteArray chunk =
        QByteArray("<url><loc>https://a.example/</loc></url>").repeated(1) + QByteArray(1024 * 1024 - 40, ' ');
    bool ok = true;
    int fed = 0;
    for (; fed < 100 && ok; ++fed)
        ok = parser.feed(chunk);
    QVERIFY(!ok);
    QVERIFY2(fed <= 50, qPrintable(QString::number(fed)));
    QVERIFY2(parser.error().contains(QLatin1String("bytes of XML")), qPrintable(parser.error()));
    QVERIFY(parser.locCount() > 0); // what came before the cap was read
    QVERIFY(!parser.finish());
}

void TestSitemap::gzipBombRefused()
{
    // 100 MB of spaces inside a urlset compress to about 100 KB.
    const QByteArray bomb = gzipOf("<urlset>" + QByteArray(100 * 1000 * 1000, ' ') + "</urlset>");
    QVERIFY(bomb.size() < 1024 * 1024);
    const Parsed p = parse(bomb, 65536);
    QVERIFY(!p.ok);
    QVERIFY2(p.error.contains(QLatin1String("bytes of XML")), qPrintable(p.error));
}

void TestSitemap::tooManyLocsRefused()
{
    const QByteArray xml =
        "<urlset>" + QByteArray("<url><loc>https://a.example/</loc></url>").repeated(SitemapParser::kMaxUrls + 1) +
        "</urlset>";
    const Parsed p = parse(xml, 1 << 20);
    QVERIFY(!p.ok);
    QCOMPARE(p.locs.size(), SitemapParser::kMaxUrls);
    QVERIFY2(p.error.contains(QLatin1String("50000")), qPrintable(p.error));
}

void TestSitemap::loaderFollowsIndexThroughOrigin()
{
    OriginServer origin;
    QVERIFY(origin.listen());
    const QString base = origin.baseUrl().toString();
    SitemapLoader loader;
    QSignalSpy finished(&loader, &SitemapLoader::finished);
    loader.start({base + QStringLiteral("/sitemap/index")});
    QVERIFY(finished.wait(60000));

    QStringList urls;
    for (const SitemapUrl &url : loader.urls())
        urls.append(url.entry.url.toString().mid(base.size()));
    // child.xml.gz (gzip file), plain.xml (its /status/200 is a repeat), broken.xml's URLs before its error.
    QCOMPARE(urls, (QStringList{QStringLiteral("/status/200"), QStringLiteral("/page/a?x=1&y=2"),
                                QStringLiteral("/status/404"), QStringLiteral("/page/b"), QStringLiteral("/page/c"),
                                QStringLiteral("/page/d")}));
    QCOMPARE(loader.duplicates(), 1);
    QVERIFY2(loader.urls().at(0).sources.contains(QLatin1String("child.xml.gz:3 | ")),
             qPrintable(loader.urls().at(0).sources));

    const QVector<SitemapReport> &reports = loader.reports();
    QCOMPARE(reports.size(), 5);
    QVERIFY(reports.at(0).isIndex);
    QCOMPARE(reports.at(0).urls, 4);
    QVERIFY(reports.at(1).error.isEmpty());
    QCOMPARE(reports.at(1).urls, 3);
    QVERIFY2(reports.at(3).error.startsWith(QLatin1String("line 5:")), qPrintable(reports.at(3).error));
    QVERIFY2(reports.at(4).error.contains(QLatin1String("404")), qPrintable(reports.at(4).error));

    // An index that lists itself is read once.
    SitemapLoader loop;
    QSignalSpy loopDone(&loop, &SitemapLoader::finished);
    loop.start({base + QStringLiteral("/sitemap/loop.xml")});
    QVERIFY(loopDone.wait(60000));
    QCOMPARE(loop.reports().size(), 1);
}

void TestSitemap::loaderLimitsDepthAndTotal()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto write = [&](const QString &name, const QByteArray &xml) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(xml);
    };
    // index0 -> index1 -> index2 -> urls: the third level is one too deep.
    for (int i = 0; i < 3; ++i)
        write(QStringLiteral("index%1.xml").arg(i),
              "<sitemapindex><sitemap><loc>" + dir.filePath(QStringLiteral("index%1.xml").arg(i + 1)).toUtf8() +
                  "</loc></sitemap></sitemapindex>");
    QByteArray many = "<urlset>";
    for (int i = 0; i < 10; ++i)
        many += "<url><loc>https://a.example/" + QByteArray::number(i) + "</loc></url>";
    write(QStringLiteral("index3.xml"), many + "</urlset>");
    write(QStringLiteral("many.xml"), many + "<url><loc>not a url</loc></url></urlset>");

    SitemapLoader loader;
    QSignalSpy finished(&loader, &SitemapLoader::finished);
    loader.start({dir.filePath(QStringLiteral("index0.xml"))});
    QVERIFY(finished.wait(60000));
    QVERIFY(loader.urls().isEmpty());
    QCOMPARE(loader.reports().size(), 4);
    QVERIFY2(loader.reports().at(3).error.contains(QLatin1String("deeper than 3")),
             qPrintable(loader.reports().at(3).error));

    SitemapLoader capped;
    SitemapLoader::Limits limits;
    limits.maxTotalUrls = 4;
    capped.setLimits(limits);
    QSignalSpy cappedDone(&capped, &SitemapLoader::finished);
    capped.start({dir.filePath(QStringLiteral("index3.xml"))});
    QVERIFY(cappedDone.wait(60000));
    QCOMPARE(capped.urls().size(), 4);
    QVERIFY2(capped.reports().at(0).error.contains(QLatin1String("--sitemap-limit")),
             qPrintable(capped.reports().at(0).error));

    // A <loc> that is not a URL is a row with its reason, not dropped.
    SitemapLoader bad;
    QSignalSpy badDone(&bad, &SitemapLoader::finished);
    bad.start({dir.filePath(QStringLiteral("many.xml"))});
    QVERIFY(badDone.wait(60000));
    QCOMPARE(bad.urls().size(), 11);
    QVERIFY(!bad.urls().last().entry.isValid());
    QVERIFY2(bad.urls().last().entry.error.contains(QLatin1String("many.xml:1")),
             qPrintable(bad.urls().last().entry.error));
}

QTEST_GUILESS_MAIN(TestSitemap)
#include "test_sitemap.moc"
