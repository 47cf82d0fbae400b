#include "html/charset.h"
#include "html/htmlentities.h"
#include "html/title.h"

#include <QRandomGenerator>
#include <QStringEncoder>
#include <QTest>

using namespace Fanout;

namespace {

struct Outcome
{
    bool hasTitle = false;
    QString title;
    QString encoding;
    bool doneBeforeFinish = false;
    qsizetype bytesFed = 0; // up to and including the chunk on which feed() said it was done
};

// Feeds the body in the given chunk sizes (cycled), stopping when feed() says so, as the engine does.
Outcome extract(const QByteArray &body, const QByteArray &contentType, const QList<qsizetype> &sizes)
{
    TitleExtractor x(contentType);
    Outcome out;
    qsizetype pos = 0;
    for (qsizetype i = 0; pos < body.size(); ++i) {
        const qsizetype len = sizes.isEmpty() ? body.size() : sizes.at(i % sizes.size());
        const bool done = x.feed(body.mid(pos, len));
        pos += len;
        if (done) {
            out.doneBeforeFinish = true;
            break;
        }
    }
    out.bytesFed = std::min(pos, body.size());
    x.finish();
    out.hasTitle = x.hasTitle();
    out.title = x.title();
    out.encoding = x.encoding();
    return out;
}

QByteArray encoded(const char *charset, const QString &text)
{
    QStringEncoder encoder(charset);
    if (!encoder.isValid())
        qFatal("no encoder for %s", charset);
    QByteArray bytes = encoder.encode(text);
    if (encoder.hasError())
        qFatal("cannot encode the test text as %s", charset);
    return bytes;
}

// What a title longer than the cap becomes.
QString capped(const QString &title)
{
    return title.left(kMaxTitleLength) + QChar(0x2026);
}

// "w0 w1 w2 ...": every prefix differs from every other, so a cut in the wrong place shows.
QString numberedWords(qsizetype atLeast)
{
    QString s;
    for (int i = 0; s.size() < atLeast; ++i)
        s += QLatin1Char('w') + QString::number(i) + QLatin1Char(' ');
    return s.trimmed();
}

QString padding(int bytes)
{
    return QStringLiteral("<!--") + QString(bytes, QLatin1Char('x')) + QStringLiteral("-->");
}

} // namespace

class TestTitle : public QObject
{
    Q_OBJECT

private slots:
    void documents_data();
    void documents();
    void oneByteChunks_data() { documents_data(); }
    void oneByteChunks();
    void randomChunks_data() { documents_data(); }
    void randomChunks();

    void doneRightAfterTitleEnd_data();
    void doneRightAfterTitleEnd();
    void metaAfterTitleWithinPrescanWindow();
    void feedAfterDoneIsIgnored();
    void finishWithoutBody();

    void longTitles_data();
    void longTitles();
    void hugeTitleIsDecidedEarly_data();
    void hugeTitleIsDecidedEarly();

    void entities_data();
    void entities();
    void entitiesInPieces_data() { entities_data(); }
    void entitiesInPieces();
    void decodingInPieces_data();
    void decodingInPieces();
    void titleCutInsideInvalidSequence_data();
    void titleCutInsideInvalidSequence();
    void canonicalCharset_data();
    void canonicalCharset();
    void contentTypeCharset_data();
    void contentTypeCharset();
    void metaPrescan_data();
    void metaPrescan();
    void htmlContentType_data();
    void htmlContentType();
};

void TestTitle::documents_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("title"); // empty: no title
    QTest::addColumn<QString>("encoding");

    const QByteArray html = QByteArrayLiteral("text/html");
    const QString utf8 = QStringLiteral("UTF-8");
    const auto row = [&](const char *tag, const QByteArray &body, const QString &title) {
        QTest::newRow(tag) << body << html << title << utf8;
    };

    // Structure
    row("plain", "<!DOCTYPE html><html><head><title>Hello world</title></head><body>x</body></html>",
        QStringLiteral("Hello world"));
    row("attributes", "<title id=\"t\" data-x='a>b' lang=en class=\"x\">Hi</title>", QStringLiteral("Hi"));
    row("uppercase", "<HTML><HEAD><TITLE>Upper</TITLE></HEAD>", QStringLiteral("Upper"));
    row("mixed case end tag", "<TiTlE>Mixed</tItLe>", QStringLiteral("Mixed"));
    row("end tag with space", "<title>Spaced</title >rest", QStringLiteral("Spaced"));
    row("end tag with attribute", "<title>Attr</title foo=\">\">", QStringLiteral("Attr"));
    row("end tag with slash", "<title>Slash</title/>", QStringLiteral("Slash"));
    row("longer end tag name is text", "<title>a</titles>b</title>", QStringLiteral("a</titles>b"));
    row("tags inside are text", "<title>a <b>bold</b> &amp; <i>it</title>", QStringLiteral("a <b>bold</b> & <i>it"));
    row("truncated", "<html><head><title>Cut short", QStringLiteral("Cut short"));
    row("truncated in end tag", "<title>abc</tit", QStringLiteral("abc</tit"));
    row("two titles", "<title>First</title><title>Second</title>", QStringLiteral("First"));
    row("empty title wins", "<title></title><title>Second</title>", QString());
    row("blank title", "<title> \t\n </title>", QString());
    row("self-closing then end", "<title/></title><p>x", QString());
    row("self-closing is ignored", "<title/>Slashed</title>", QStringLiteral("Slashed"));
    row("no title", "<html><head><meta charset=utf-8></head><body><h1>x</h1></body></html>", QString());
    row("empty body", "", QString());
    row("title in body", "<body><p>text</p><div><title>Body title</title></div>", QStringLiteral("Body title"));
    row("not a tag", "< title>no</title><title>yes</title>", QStringLiteral("yes"));
    row("doctype with quotes",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
        "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\"><title>Doc</title>",
        QStringLiteral("Doc"));
    row("xml declaration", "<?xml version=\"1.0\"?><title>Xml</title>", QStringLiteral("Xml"));
    row("quoted > in attribute", "<meta content=\"a>b<title>fake</title>\"><title>Real</title>",
        QStringLiteral("Real"));
    row("nul becomes U+FFFD", QByteArray("<title>a\0b</title>", 18), QStringLiteral("a\uFFFDb"));

    // Long documents: the scan keeps only what it still needs once the charset is known.
    QByteArray filler;
    for (int i = 0; filler.size() < 40000; ++i) {
        filler += "<div class=\"item\" data-i='" + QByteArray::number(i) +
                  "'><a href=\"/x?a=1&amp;b=2\">item</a>"
                  "<script>if (a < b && c > d) document.write('<title>no</title>');</script><!-- c --></div>\n";
    }
    QTest::newRow("late title, declared charset")
        << QByteArray("<html><head><meta charset=utf-8></head><body>" + filler + "<title>Late &amp; found</title>")
        << QByteArrayLiteral("text/html; charset=utf-8") << QStringLiteral("Late & found") << utf8;
    QTest::newRow("late title, undeclared")
        << QByteArray("<html><body>" + filler + "<title>Late " + QStringLiteral("网易").toUtf8() + "</title>")
        << QByteArray() << QStringLiteral("Late 网易") << utf8;
    const QString longTitle = QStringLiteral("Long title ").repeated(600).trimmed();
    QTest::newRow("long title after a long head")
        << QByteArray("<head><style>" + filler.left(10000) + "</style><title>\n" + longTitle.toUtf8() + "\n</title>")
        << QByteArrayLiteral("text/html;charset=UTF-8") << capped(longTitle) << utf8;
    QTest::newRow("long truncated title")
        << QByteArray("<head><style>" + filler.left(10000) + "</style><title>" + longTitle.toUtf8())
        << QByteArrayLiteral("text/html;charset=UTF-8") << capped(longTitle) << utf8;

    // Whitespace
    row("whitespace collapsed", "<title>\n   A \t B\r\n\f C   </title>", QStringLiteral("A B C"));
    row("nbsp kept", "<title>&nbsp;A&nbsp; B</title>", QStringLiteral("\u00A0A\u00A0 B"));
    row("whitespace references collapse", "<title>A&#10;&#32;&#9;B</title>", QStringLiteral("A B"));

    // Entities
    row("named entities",
        "<title>Tom &amp; Jerry &lt;3&gt; &quot;&apos; &hellip;&ndash;&mdash; &lsquo;&rsquo;&ldquo;&rdquo; "
        "&copy;&reg;&trade;&euro;&middot;&times;</title>",
        QStringLiteral("Tom & Jerry <3> \"' \u2026\u2013\u2014 \u2018\u2019\u201C\u201D \u00A9\u00AE\u2122\u20AC"
                       "\u00B7\u00D7"));
    row("numeric entities", "<title>&#65;&#x42;&#X43;&#0169;&#x1F600;</title>", QStringLiteral("ABC\u00A9\U0001F600"));
    row("legacy without semicolon", "<title>&amp &lt &copy2024 &notit; &AMP</title>",
        QStringLiteral("& < \u00A92024 \u00ACit; &"));
    row("windows-1252 remap", "<title>&#128;&#150;&#151;&#x93;&#x94;&#129;&#159;</title>",
        QStringLiteral("\u20AC\u2013\u2014\u201C\u201D\u0081\u0178"));
    row("invalid numeric", "<title>&#0;&#xD800;&#x110000;&#99999999999;</title>",
        QStringLiteral("\uFFFD\uFFFD\uFFFD\uFFFD"));
    row("not references", "<title>&foo; &; &# &#x; a&b</title>", QStringLiteral("&foo; &; &# &#x; a&b"));

    // Where a <title> does not count
    row("svg title", "<svg><title>icon</title></svg><title>Real</title>", QStringLiteral("Real"));
    row("svg title only", "<body><svg viewBox=\"0 0 1 1\"><g><title>icon</title></g></svg></body>", QString());
    row("math title", "<math><title>m</title></math><title>Real</title>", QStringLiteral("Real"));
    row("self-closing svg", "<svg/><title>After</title>", QStringLiteral("After"));
    row("breakout from svg", "<svg><g><p><title>Out</title>", QStringLiteral("Out"));
    row("svg foreignObject holds html", "<svg><foreignObject><title>Inner</title></foreignObject></svg>",
        QStringLiteral("Inner"));
    row("html end tag closes the svg", "<div><svg><g></div><title>After div</title>", QStringLiteral("After div"));
    row("formatting end tag closes the svg", "<b><svg></b><title>After b</title>", QStringLiteral("After b"));
    row("list item end tag closes the svg", "<ul><li><svg></li><title>After li</title>", QStringLiteral("After li"));
    row("special element shields the svg", "<span><div><svg></span><title>x</title>", QString());
    row("title inside foreignObject html", "<svg><foreignObject><div></div><title>In FO</title>",
        QStringLiteral("In FO"));
    row("svg cdata", "<svg><![CDATA[</svg><title>x</title>]]></svg><title>Real</title>", QStringLiteral("Real"));
    row("cdata outside svg is a bogus comment", "<![CDATA[<title>x</title>]]><title>Real</title>",
        QStringLiteral("Real"));
    row("comment", "<!-- <title>x</title> --><title>Real</title>", QStringLiteral("Real"));
    row("comment with dashes", "<!-- a -- b --- <title>x</title> ---><title>Real</title>", QStringLiteral("Real"));
    row("comment ended by --!>", "<!-- <title>x</title> --!><title>Real</title>", QStringLiteral("Real"));
    row("empty comment", "<!--><title>A</title>", QStringLiteral("A"));
    row("empty comment dash", "<!---><title>A</title>", QStringLiteral("A"));
    row("unclosed comment", "<!-- <title>x</title>", QString());
    row("script", "<script>document.write(\"<title>fake</title>\")</script><title>Real</title>",
        QStringLiteral("Real"));
    row("end script inside a string",
        "<script>var s = \"</script><title>Injected</title>\";</script><title>Later</title>",
        QStringLiteral("Injected"));
    row("script escape",
        "<script><!-- document.write(\"<script></script><title>x</title>\") --></script><title>Real</title>",
        QStringLiteral("Real"));
    row("script escape ended", "<script><!-- x --><title>y</title></script><title>Real</title>",
        QStringLiteral("Real"));
    row("uppercase script end", "<SCRIPT>a='<title>x</title>'</SCRIPT ><title>Real</title>", QStringLiteral("Real"));
    row("style", "<style>/* <title>x</title> */</style><title>Real</title>", QStringLiteral("Real"));
    row("textarea", "<textarea><title>x</title></textarea><title>Real</title>", QStringLiteral("Real"));
    row("template", "<template><title>T</title><template></template></template><title>Real</title>",
        QStringLiteral("Real"));
    row("noscript", "<noscript><title>NS</title></noscript><title>Real</title>", QStringLiteral("Real"));
    row("iframe", "<iframe><title>I</title></iframe><title>Real</title>", QStringLiteral("Real"));
    row("xmp noembed noframes",
        "<xmp><title>a</title></xmp><noembed><title>b</title></noembed><noframes><title>c</title></noframes>"
        "<title>Real</title>",
        QStringLiteral("Real"));
    row("plaintext", "<plaintext><title>x</title>", QString());

    // Charsets
    const QString wangyi = QStringLiteral("网易");
    const QByteArray wangyiGbk = encoded("GBK", wangyi);
    QTest::newRow("content-type gbk") << QByteArray(QByteArrayLiteral("<title>") + wangyiGbk +
                                                    QByteArrayLiteral("</title>"))
                                      << QByteArrayLiteral("text/html; charset=GBK") << wangyi << QStringLiteral("GBK");
    QTest::newRow("content-type quoted gb18030")
        << QByteArray(QByteArrayLiteral("<title>") + encoded("GB18030", QStringLiteral("网易首页")) +
                      QByteArrayLiteral("</title>"))
        << QByteArrayLiteral("text/html;charset=\"gb18030\"") << QStringLiteral("网易首页")
        << QStringLiteral("GB18030");
    QTest::newRow("meta charset gb2312") << QByteArray(
                                                QByteArrayLiteral("<html><head><meta charset=\"gb2312\"><title>") +
                                                wangyiGbk + QByteArrayLiteral("</title></head><body>") +
                                                encoded("GBK", QStringLiteral("新闻")) + "</body></html>")
                                         << QByteArray() << wangyi << QStringLiteral("GBK");
    QTest::newRow("meta http-equiv")
        << QByteArray(QByteArrayLiteral(
                          "<head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\"><title>") +
                      wangyiGbk + QByteArrayLiteral("</title>"))
        << QByteArray() << wangyi << QStringLiteral("GBK");
    QTest::newRow("meta content without http-equiv is ignored")
        << QByteArray(QByteArrayLiteral("<meta content=\"text/html; charset=windows-1251\"><title>caf\xc3\xa9</title>"))
        << QByteArray() << QStringLiteral("café") << utf8;
    QTest::newRow("meta after title") << QByteArray(QByteArrayLiteral("<head><title>") + wangyiGbk +
                                                    QByteArrayLiteral("</title><meta charset=gbk></head>"))
                                      << QByteArray() << wangyi << QStringLiteral("GBK");
    QTest::newRow("meta past 1024 bytes is not used")
        << QByteArray(QByteArrayLiteral("<title>caf\xc3\xa9</title>") + padding(1100).toLatin1() +
                      QByteArrayLiteral("<meta charset=windows-1251>"))
        << QByteArray() << QStringLiteral("café") << utf8;
    QTest::newRow("meta utf-16 means utf-8") << QByteArrayLiteral("<meta charset=utf-16><title>caf\xc3\xa9</title>")
                                             << QByteArray() << QStringLiteral("café") << utf8;
    QTest::newRow("meta unknown label is skipped")
        << QByteArrayLiteral("<meta charset=bogus-charset><meta charset=koi8-r><title>\xf0\xd2\xc9\xd7\xc5\xd4</title>")
        << QByteArray() << QStringLiteral("Привет") << QStringLiteral("KOI8-R");
    QTest::newRow("meta inside script still counts for the prescan")
        << QByteArrayLiteral("<script>'<meta charset=windows-1251>'</script><title>\xcf\xf0\xe8</title>")
        << QByteArray() << QStringLiteral("При") << QStringLiteral("windows-1251");
    QTest::newRow("header beats meta") << QByteArray(QByteArrayLiteral("<meta charset=gbk><title>") +
                                                     QStringLiteral("网易").toUtf8() + "</title>")
                                       << QByteArrayLiteral("text/html; charset=utf-8") << wangyi << utf8;
    QTest::newRow("unknown header label falls back to meta")
        << QByteArray(QByteArrayLiteral("<meta charset=gbk><title>") + wangyiGbk + "</title>")
        << QByteArrayLiteral("text/html; charset=nonsense") << wangyi << QStringLiteral("GBK");
    QTest::newRow("utf-8 bom beats header")
        << QByteArray(QByteArrayLiteral("\xEF\xBB\xBF<title>") + QStringLiteral("网易").toUtf8() + "</title>")
        << QByteArrayLiteral("text/html; charset=GBK") << wangyi << utf8;
    QTest::newRow("utf-16le bom beats header")
        << encoded("UTF-16LE", QStringLiteral("\uFEFF<title>网易 &amp; co</title>"))
        << QByteArrayLiteral("text/html; charset=iso-8859-1") << QStringLiteral("网易 & co")
        << QStringLiteral("UTF-16LE");
    QTest::newRow("utf-16be bom") << encoded("UTF-16BE",
                                             QStringLiteral("\uFEFF<svg><title>x</title></svg><TITLE>网易</TITLE>"))
                                  << QByteArray() << wangyi << QStringLiteral("UTF-16BE");
    QTest::newRow("utf-16 header without bom")
        << encoded("UTF-16LE", QStringLiteral("<title>网易</title>")) << QByteArrayLiteral("text/html; charset=utf-16")
        << wangyi << QStringLiteral("UTF-16LE");
    QTest::newRow("iso-2022-jp header") << encoded("ISO-2022-JP", QStringLiteral("<title>東京の天気</title>"))
                                        << QByteArrayLiteral("text/html; charset=ISO-2022-JP")
                                        << QStringLiteral("東京の天気") << QStringLiteral("ISO-2022-JP");
    QTest::newRow("replacement encoding")
        << QByteArrayLiteral("<title>x</title>") << QByteArrayLiteral("text/html; charset=iso-2022-kr") << QString()
        << QStringLiteral("replacement");
    const QString baidu = QStringLiteral("百度一下，你就知道");
    QTest::newRow("undeclared gbk")
        << encoded("GBK", QStringLiteral("<!DOCTYPE html><html><head><title>") + baidu +
                              QStringLiteral("</title></head><body><p>全球领先的中文搜索引擎、致力于让网民更便捷地获取"
                                             "信息，找到所求。</p></body></html>"))
        << QByteArray() << baidu << QStringLiteral("GB18030");
    const QString tokyo = QStringLiteral("東京都の天気予報と気象情報");
    QTest::newRow("undeclared shift_jis")
        << encoded("Shift_JIS", QStringLiteral("<html><head><title>") + tokyo +
                                    QStringLiteral("</title></head><body><p>今日の天気は晴れのち曇り、"
                                                   "明日は雨が降るでしょう。</p></body></html>"))
        << QByteArray() << tokyo << QStringLiteral("Shift_JIS");
    const QString french = QStringLiteral("Crème brûlée à la française : recettes élaborées");
    QTest::newRow("undeclared windows-1252")
        << encoded("windows-1252", QStringLiteral("<html><head><title>") + french +
                                       QStringLiteral("</title></head><body><p>Préparez une crème légère, "
                                                      "déposez-la au réfrigérateur et caramélisez le sucre "
                                                      "juste avant de servir. Très bon goût garanti.</p>"))
        << QByteArray() << french << QStringLiteral("windows-1252");
    const QString russian = QStringLiteral("Новости России и мира сегодня");
    QTest::newRow("undeclared windows-1251")
        << encoded("windows-1251", QStringLiteral("<html><head><title>") + russian +
                                       QStringLiteral("</title></head><body><p>Главные новости дня: политика, "
                                                      "экономика, общество, спорт и культура.</p>"))
        << QByteArray() << russian << QStringLiteral("windows-1251");
    QTest::newRow("utf-8 with a stray latin-1 byte")
        << QByteArray("<title>" + QStringLiteral("Ünïcödé straße café 网易新闻").toUtf8() +
                      "</title><script>var x = '\xe9';</script>")
        << QByteArray() << QStringLiteral("Ünïcödé straße café 网易新闻") << utf8;
    QTest::newRow("iso-8859-1 label is windows-1252")
        << QByteArrayLiteral("<title>\x93Quoted\x94 caf\xe9 \x80 5</title>")
        << QByteArrayLiteral("text/html; charset=ISO-8859-1") << QStringLiteral("\u201CQuoted\u201D café \u20AC 5")
        << QStringLiteral("windows-1252");
    QTest::newRow("meta latin1 is windows-1252")
        << QByteArrayLiteral("<meta charset=latin1><title>\x93Quoted\x94</title>") << QByteArray()
        << QStringLiteral("\u201CQuoted\u201D") << QStringLiteral("windows-1252");
    QTest::newRow("utf-8 default") << QByteArray(QByteArrayLiteral("<title>") +
                                                 QStringLiteral("Ünïcödé ✓ 网易").toUtf8() + "</title>")
                                   << QByteArray() << QStringLiteral("Ünïcödé ✓ 网易") << utf8;
    QTest::newRow("euc-kr via meta") << QByteArray(QByteArrayLiteral("<meta charset=ks_c_5601-1987><title>") +
                                                   encoded("windows-949", QStringLiteral("네이버")) + "</title>")
                                     << QByteArray() << QStringLiteral("네이버") << QStringLiteral("EUC-KR");
    QTest::newRow("big5 via header") << QByteArray(QByteArrayLiteral("<title>") +
                                                   encoded("Big5", QStringLiteral("臺灣新聞")) + "</title>")
                                     << QByteArrayLiteral("text/html; charset=big5") << QStringLiteral("臺灣新聞")
                                     << QStringLiteral("Big5");
    QTest::newRow("shift_jis via meta with entities")
        << QByteArray(QByteArrayLiteral("<meta http-equiv=content-type content='text/html;charset=x-sjis'><title>") +
                      encoded("Shift_JIS", QStringLiteral("ソフト &amp; 表示")) + "</title>")
        << QByteArray() << QStringLiteral("ソフト & 表示") << QStringLiteral("Shift_JIS");
}

void TestTitle::documents()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, title);
    QFETCH(QString, encoding);

    const Outcome out = extract(body, contentType, {});
    QCOMPARE(out.title, title);
    QCOMPARE(out.hasTitle, !title.isEmpty());
    QCOMPARE(out.encoding, encoding);
}

void TestTitle::oneByteChunks()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, title);
    QFETCH(QString, encoding);

    const Outcome out = extract(body, contentType, {1});
    QCOMPARE(out.title, title);
    QCOMPARE(out.hasTitle, !title.isEmpty());
    QCOMPARE(out.encoding, encoding);
}

void TestTitle::randomChunks()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, title);
    QFETCH(QString, encoding);

    QRandomGenerator rng(qHash(QByteArray(QTest::currentDataTag())));
    for (int round = 0; round < 25; ++round) {
        QList<qsizetype> sizes;
        for (int i = 0; i < 16; ++i)
            sizes.append(1 + rng.bounded(round % 2 ? 7 : 40));
        const Outcome out = extract(body, contentType, sizes);
        QVERIFY2(out.title == title && out.encoding == encoding,
                 qPrintable(QStringLiteral("round %1: got \"%2\" (%3)").arg(round).arg(out.title, out.encoding)));
    }
}

void TestTitle::doneRightAfterTitleEnd_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("doneAfter"); // feed() turns true on the last byte of this text
    QTest::addColumn<QString>("title");

    const QByteArray tail = "<body>" + QByteArray(4000, 'x') + "</body>";
    QTest::newRow("declared in header") << QByteArray("<html><head><title>Early</title>" + tail)
                                        << QByteArrayLiteral("text/html; charset=utf-8")
                                        << QByteArrayLiteral("</title>") << QStringLiteral("Early");
    QTest::newRow("end tag with space") << QByteArray("<title>Early</title >" + tail)
                                        << QByteArrayLiteral("text/html; charset=utf-8")
                                        << QByteArrayLiteral("</title ") << QStringLiteral("Early");
    QTest::newRow("declared by meta before the title")
        << QByteArray("<meta charset=utf-8><title>Early</title>" + tail) << QByteArray()
        << QByteArrayLiteral("</title>") << QStringLiteral("Early");
    QTest::newRow("undeclared waits for the prescan window")
        << QByteArray("<title>Early</title>" + tail) << QByteArray() << tail.left(1024 - 20) << QStringLiteral("Early");
    QTest::newRow("plaintext ends the search")
        << QByteArray("<p><plaintext>" + tail) << QByteArrayLiteral("text/html; charset=utf-8")
        << QByteArrayLiteral("<plaintext>") << QString();
}

void TestTitle::doneRightAfterTitleEnd()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, doneAfter);
    QFETCH(QString, title);

    const qsizetype expectedLast = body.indexOf(doneAfter) + doneAfter.size() - 1;
    TitleExtractor x(contentType);
    qsizetype last = -1;
    for (qsizetype i = 0; i < body.size(); ++i) {
        if (x.feed(body.mid(i, 1))) {
            last = i;
            break;
        }
    }
    QCOMPARE(last, expectedLast);
    QVERIFY(x.isDone());
    QCOMPARE(x.title(), title);
}

void TestTitle::metaAfterTitleWithinPrescanWindow()
{
    // The title ends first, but the answer has to wait for the <meta> that follows within 1024 bytes.
    const QByteArray body = "<head><title>" + encoded("GBK", QStringLiteral("网易")) + "</title>" +
                            QByteArray(200, ' ') + "<meta charset=gb2312></head><body>" + QByteArray(3000, 'x');
    TitleExtractor x;
    QVERIFY(!x.feed(body.left(body.indexOf("<meta"))));
    QVERIFY(x.feed(body.mid(body.indexOf("<meta"))));
    QCOMPARE(x.title(), QStringLiteral("网易"));
    QCOMPARE(x.encoding(), QStringLiteral("GBK"));
}

void TestTitle::feedAfterDoneIsIgnored()
{
    TitleExtractor x(QByteArrayLiteral("text/html; charset=utf-8"));
    QVERIFY(x.feed(QByteArrayLiteral("<title>One</title>")));
    QVERIFY(x.feed(QByteArrayLiteral("<title>Two</title>")));
    x.finish();
    QCOMPARE(x.title(), QStringLiteral("One"));
}

void TestTitle::finishWithoutBody()
{
    TitleExtractor x(QByteArrayLiteral("text/html; charset=windows-1251"));
    QVERIFY(!x.isDone());
    x.finish();
    QVERIFY(x.isDone());
    QVERIFY(!x.hasTitle());
    QCOMPARE(x.encoding(), QStringLiteral("windows-1251"));
}

// Titles at and past the cap, each fed whole, one byte at a time and in random small chunks: the cut is
// made after decoding, entities and whitespace, whatever the chunks.
void TestTitle::longTitles_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("title");

    const QByteArray utf8 = QByteArrayLiteral("text/html; charset=utf-8");
    const auto page = [](const QByteArray &titleBytes) {
        return QByteArray("<html><head><title>" + titleBytes + "</title></head><body>x</body></html>");
    };
    const QString huge = numberedWords(300 * 1000);
    QTest::newRow("300 KB title") << page(huge.toUtf8()) << utf8 << capped(huge);
    QTest::newRow("300 KB title, no end tag") << QByteArray("<title>" + huge.toUtf8()) << utf8 << capped(huge);
    const QString exact = numberedWords(kMaxTitleLength).left(kMaxTitleLength - 1) + QLatin1Char('z');
    QVERIFY(exact.size() == kMaxTitleLength);
    QTest::newRow("exactly the cap is kept") << page(exact.toUtf8()) << utf8 << exact;
    QTest::newRow("the cap and trailing whitespace is kept")
        << page(exact.toUtf8() + QByteArray(5000, ' ')) << utf8 << exact;
    QTest::newRow("one past the cap is cut") << page(exact.toUtf8() + "y") << utf8 << QString(exact + QChar(0x2026));
    QTest::newRow("whitespace does not count before collapsing")
        << page("  a" + QByteArray(300 * 1000, ' ') + "\n\t b  ") << utf8 << QStringLiteral("a b");

    // UTF-8: 3 and 4 bytes a character; a byte chunk can end inside one, the cap falls between two.
    const QString han = QStringLiteral("网易新闻").repeated(500);
    QTest::newRow("utf-8 three-byte characters") << page(han.toUtf8()) << utf8 << capped(han);
    const QString a1023 = QString(kMaxTitleLength - 1, QLatin1Char('a'));
    const QString emoji = QStringLiteral("😀");
    QTest::newRow("surrogate pair across the cap is not split")
        << page((a1023 + emoji + QStringLiteral("tail")).toUtf8()) << utf8 << QString(a1023 + QChar(0x2026));
    QTest::newRow("surrogate pair ending at the cap is kept")
        << page((a1023.left(kMaxTitleLength - 2) + emoji + QStringLiteral("tail")).toUtf8()) << utf8
        << QString(a1023.left(kMaxTitleLength - 2) + emoji + QChar(0x2026));
    QTest::newRow("emoji all the way") << page(emoji.repeated(2000).toUtf8()) << utf8
                                       << QString(emoji.repeated(kMaxTitleLength / 2) + QChar(0x2026));

    // GBK: 2 bytes a character, declared and undeclared (then detected on the first bytes of the title).
    const QString gbkText = QStringLiteral("百度一下，你就知道全球领先的中文搜索引擎").repeated(200);
    QTest::newRow("gbk declared") << page(encoded("GBK", gbkText)) << QByteArrayLiteral("text/html; charset=gbk")
                                  << capped(gbkText);
    QTest::newRow("gbk undeclared") << page(encoded("GBK", gbkText)) << QByteArray() << capped(gbkText);
    QTest::newRow("utf-16le") << encoded("UTF-16LE", QStringLiteral("\uFEFF<title>") + huge.left(50000) +
                                                         QStringLiteral("</title>"))
                              << QByteArray() << capped(huge);

    // References decode before the cut, and one that straddles the cap (or a chunk) decodes whole.
    QTest::newRow("entity at the cap") << page(a1023.toUtf8() + "&amp;" + "bbbb") << utf8
                                       << QString(a1023 + QStringLiteral("&\u2026"));
    QTest::newRow("entity just past the cap")
        << page(a1023.toUtf8() + "b&amp;") << utf8 << QString(a1023 + QStringLiteral("b\u2026"));
    QTest::newRow("legacy entity at the cap")
        << page(a1023.toUtf8() + "&copy2024") << utf8 << QString(a1023 + QStringLiteral("\u00A9\u2026"));
    QTest::newRow("astral numeric reference across the cap")
        << page(a1023.toUtf8() + "&#x1F600;tail") << utf8 << QString(a1023 + QChar(0x2026));
    QTest::newRow("entities shrink the text") << page(QByteArray("&amp;").repeated(3000)) << utf8
                                              << QString(QString(kMaxTitleLength, QLatin1Char('&')) + QChar(0x2026));
    QTest::newRow("numeric reference with 100000 leading zeros")
        << page("x&#" + QByteArray(100000, '0') + "65;y") << utf8 << QStringLiteral("xAy");
    QTest::newRow("numeric reference with 100000 digits")
        << page("x&#x" + QByteArray(100000, 'F') + ";y") << utf8 << QStringLiteral("x\uFFFDy");
}

void TestTitle::longTitles()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, title);

    QVERIFY(title.size() <= kMaxTitleLength + 1);
    const Outcome whole = extract(body, contentType, {});
    QCOMPARE(whole.title, title);
    const Outcome bytes = extract(body, contentType, {1});
    QCOMPARE(bytes.title, title);
    QRandomGenerator rng(qHash(QByteArray(QTest::currentDataTag())));
    for (int round = 0; round < 6; ++round) {
        QList<qsizetype> sizes;
        for (int i = 0; i < 16; ++i)
            sizes.append(1 + rng.bounded(round % 2 ? 9 : 5000));
        const Outcome out = extract(body, contentType, sizes);
        QVERIFY2(out.title == title, qPrintable(QStringLiteral("round %1: got %2 chars \"%3...%4\"")
                                                    .arg(round)
                                                    .arg(out.title.size())
                                                    .arg(out.title.left(20), out.title.right(20))));
    }
}

// Once more than the cap is known the answer is certain: the scanner says so instead of waiting for the
// end tag 300 KB later (and holding those bytes meanwhile). Undeclared, it waits only for the bytes that
// detection is given.
void TestTitle::hugeTitleIsDecidedEarly_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("encoding");
    QTest::newRow("declared") << QByteArrayLiteral("text/html; charset=gbk") << QStringLiteral("GBK");
    QTest::newRow("undeclared") << QByteArray() << QStringLiteral("GB18030");
}

void TestTitle::hugeTitleIsDecidedEarly()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QString, encoding);

    const QString text = QStringLiteral("百度一下，你就知道全球领先的中文搜索引擎").repeated(8000); // 320 KB in GBK
    const QByteArray body = "<html><head><title>" + encoded("GBK", text) + "</title></head>";
    const Outcome out = extract(body, contentType, {1000});
    QVERIFY(out.doneBeforeFinish);
    QVERIFY2(out.bytesFed <= 8 * 1024, qPrintable(QStringLiteral("fed %1 bytes").arg(out.bytesFed)));
    QCOMPARE(out.title, capped(text));
    QCOMPARE(out.encoding, encoding);
}

void TestTitle::entities_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("none") << QStringLiteral("plain text") << QStringLiteral("plain text");
    QTest::newRow("longest legacy prefix")
        << QStringLiteral("&notin;&notit;&not") << QStringLiteral("\u2209\u00ACit;\u00AC");
    QTest::newRow("semicolon required for html5 names")
        << QStringLiteral("&hellip &hellip;") << QStringLiteral("&hellip \u2026");
    QTest::newRow("two code points") << QStringLiteral("&NotEqualTilde;") << QStringLiteral("\u2242\u0338");
    QTest::newRow("astral named") << QStringLiteral("&Afr;") << QStringLiteral("\U0001D504");
    QTest::newRow("case matters") << QStringLiteral("&Amp; &AMP;") << QStringLiteral("&Amp; &");
    QTest::newRow("hex without semicolon") << QStringLiteral("&#x41G&#65x") << QStringLiteral("AGAx");
    QTest::newRow("c1 without mapping") << QStringLiteral("&#x8D;&#x9D;") << QStringLiteral("\u008D\u009D");
    QTest::newRow("noncharacter kept") << QStringLiteral("&#xFFFF;") << QStringLiteral("\uFFFF");
    QTest::newRow("trailing ampersand") << QStringLiteral("a &") << QStringLiteral("a &");
    QTest::newRow("long name") << QStringLiteral("&CounterClockwiseContourIntegral;") << QStringLiteral("\u2233");
    QTest::newRow("too long name") << QStringLiteral("&CounterClockwiseContourIntegralX;")
                                   << QStringLiteral("&CounterClockwiseContourIntegralX;");
}

void TestTitle::entities()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(decodeHtmlEntities(input), expected);
}

// The same text cut anywhere decodes the same when the reference left open at each cut is carried over.
void TestTitle::entitiesInPieces()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        QString pending = input.left(cut);
        const qsizetype open = unfinishedCharRefStart(pending);
        const qsizetype closed = open < 0 ? pending.size() : open;
        QString decoded = decodeHtmlEntities(QStringView(pending).first(closed));
        pending = pending.mid(closed) + input.mid(cut);
        decoded += decodeHtmlEntities(pending);
        QVERIFY2(decoded == expected, qPrintable(QStringLiteral("cut at %1: \"%2\"").arg(cut).arg(decoded)));
    }
}

// Found by fuzz_charset and fuzz_title: pieces that end inside an invalid multi-byte sequence decoded differently
// from the whole (Qt 6.4 decoder bugs that CharsetDecoder works around).
void TestTitle::decodingInPieces_data()
{
    QTest::addColumn<QByteArray>("charset");
    QTest::addColumn<QByteArrayList>("pieces");
    QTest::addColumn<QString>("text");

    QTest::newRow("GB18030 4-byte start, then a space alone")
        << QByteArrayLiteral("GB18030") << QByteArrayList{"\xD6\x30", " ", "ab"} << QStringLiteral("\uFFFD0 ab");
    QTest::newRow("GB18030 3 of 4 bytes, then short pieces")
        << QByteArrayLiteral("GB18030") << QByteArrayList{"\xD6\x30\x81", " ", "x", "y"}
        << QStringLiteral("\uFFFD0\uFFFD xy");
    QTest::newRow("GBK byte by byte") << QByteArrayLiteral("GBK") << QByteArrayList{"\xD6", "\x30", " ", "a"}
                                      << QStringLiteral("\uFFFD0 a");
    QTest::newRow("windows-874, whose Qt decoder has no name")
        << QByteArrayLiteral("windows-874") << QByteArrayList{"Th", "\xC1\xD2"} << QStringLiteral("Th\u0E21\u0E32");
    QTest::newRow("unsupported charset decodes as UTF-8")
        << QByteArrayLiteral("ISO-8859-16") << QByteArrayList{"\xEA", "L"} << QStringLiteral("\uFFFDL");
    QTest::newRow("UTF-8 lead, then a byte that cannot continue it")
        << QByteArrayLiteral("UTF-8") << QByteArrayList{"\xEA", "L"} << QStringLiteral("\uFFFDL");
    QTest::newRow("UTF-8 2-byte lead, then another lead")
        << QByteArrayLiteral("UTF-8") << QByteArrayList{"\xC4", "\xCD", "x"} << QStringLiteral("\uFFFD\uFFFDx");
    QTest::newRow("UTF-8 3 of 4 bytes, then ASCII")
        << QByteArrayLiteral("UTF-8") << QByteArrayList{"\xF0\x9F\x98", "!"} << QStringLiteral("\uFFFD\uFFFD\uFFFD!");
    QTest::newRow("UTF-8 cut by the end")
        << QByteArrayLiteral("UTF-8") << QByteArrayList{"ab", "c\xE4"} << QStringLiteral("abc\uFFFD");
    QTest::newRow("UTF-8 BOM only at the start")
        << QByteArrayLiteral("UTF-8") << QByteArrayList{"\xEF\xBB", "\xBFx\xEF\xBB", "\xBF"}
        << QStringLiteral("x\uFEFF");
    QTest::newRow("UTF-8 character cut") << QByteArrayLiteral("UTF-8") << QByteArrayList{"\xE4", "\xB8", "\xAD"}
                                         << QStringLiteral("\u4E2D");
}

void TestTitle::decodingInPieces()
{
    QFETCH(QByteArray, charset);
    QFETCH(QByteArrayList, pieces);
    QFETCH(QString, text);

    QCOMPARE(decodeWithCharset(charset, pieces.join()), text);
    CharsetDecoder decoder(charset);
    QString streamed;
    for (const QByteArray &piece : pieces)
        streamed += decoder.decode(piece);
    streamed += decoder.finish();
    QCOMPARE(streamed, text);
}

void TestTitle::titleCutInsideInvalidSequence_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("title");

    QTest::newRow("GBK") << QByteArray("<title>\xD6\x30 x</title>") << QByteArrayLiteral("text/html;charset=GBK")
                         << QStringLiteral("\uFFFD0 x");
    QTest::newRow("UTF-8") << QByteArray("<title>\xEAL</title>") << QByteArrayLiteral("text/html; charset=utf-8")
                           << QStringLiteral("\uFFFDL");
}

void TestTitle::titleCutInsideInvalidSequence()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, title);

    QCOMPARE(extract(body, contentType, {}).title, title);
    QCOMPARE(extract(body, contentType, {1}).title, title);
}

void TestTitle::canonicalCharset_data()
{
    QTest::addColumn<QByteArray>("label");
    QTest::addColumn<QByteArray>("canonical");

    const QList<QPair<QByteArray, QByteArray>> rows = {
        {"gb2312", "GBK"},
        {"GBK", "GBK"},
        {"x-gbk", "GBK"},
        {"chinese", "GBK"},
        {"csgb2312", "GBK"},
        {"iso-ir-58", "GBK"},
        {"gb18030", "GB18030"},
        {"iso-8859-1", "windows-1252"},
        {"latin1", "windows-1252"},
        {"US-ASCII", "windows-1252"},
        {"ascii", "windows-1252"},
        {"l1", "windows-1252"},
        {"cp1252", "windows-1252"},
        {"ansi_x3.4-1968", "windows-1252"},
        {"shift_jis", "Shift_JIS"},
        {"sjis", "Shift_JIS"},
        {"ms932", "Shift_JIS"},
        {"windows-31j", "Shift_JIS"},
        {"x-sjis", "Shift_JIS"},
        {"euc-jp", "EUC-JP"},
        {"iso-2022-jp", "ISO-2022-JP"},
        {"euc-kr", "EUC-KR"},
        {"ks_c_5601-1987", "EUC-KR"},
        {"windows-949", "EUC-KR"},
        {"big5", "Big5"},
        {"big5-hkscs", "Big5"},
        {"koi8-r", "KOI8-R"},
        {"koi8-u", "KOI8-U"},
        {"windows-1251", "windows-1251"},
        {"iso-8859-9", "windows-1254"},
        {"iso-8859-2", "ISO-8859-2"},
        {"iso-8859-15", "ISO-8859-15"},
        {"utf-8", "UTF-8"},
        {"UTF8", "UTF-8"},
        {"unicode-1-1-utf-8", "UTF-8"},
        {"utf-16", "UTF-16LE"},
        {"utf-16le", "UTF-16LE"},
        {"utf-16be", "UTF-16BE"},
        {" \tUtF-8\n ", "UTF-8"},
        {"utf-9", ""},
        {"", ""},
        {"utf-8 x", ""},
    };
    for (const auto &r : rows) {
        QByteArray tag = r.first.isEmpty() ? QByteArrayLiteral("(empty)") : r.first;
        if (tag != tag.trimmed())
            tag = tag.trimmed() + " with whitespace around";
        QTest::newRow(tag.constData()) << r.first << r.second;
    }
}

void TestTitle::canonicalCharset()
{
    QFETCH(QByteArray, label);
    QFETCH(QByteArray, canonical);
    QCOMPARE(Fanout::canonicalCharset(label), canonical);
    if (!canonical.isEmpty() && canonical != "replacement")
        QVERIFY2(isSupportedCharset(canonical), "Qt cannot decode it");
}

void TestTitle::contentTypeCharset_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("charset");

    QTest::newRow("none") << QByteArrayLiteral("text/html") << QByteArray();
    QTest::newRow("plain") << QByteArrayLiteral("text/html; charset=GBK") << QByteArrayLiteral("GBK");
    QTest::newRow("no space") << QByteArrayLiteral("text/html;charset=utf-8") << QByteArrayLiteral("utf-8");
    QTest::newRow("quoted") << QByteArrayLiteral("text/html; charset=\"big5\"; x=y") << QByteArrayLiteral("big5");
    QTest::newRow("case and later params")
        << QByteArrayLiteral("TEXT/HTML; Foo=bar; CHARSET=koi8-r ; a=b") << QByteArrayLiteral("koi8-r");
    QTest::newRow("first wins") << QByteArrayLiteral("text/html; charset=gbk; charset=utf-8")
                                << QByteArrayLiteral("gbk");
    QTest::newRow("valueless") << QByteArrayLiteral("text/html; charset") << QByteArray();
}

void TestTitle::contentTypeCharset()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, charset);
    QCOMPARE(charsetFromContentType(contentType), charset);
}

void TestTitle::metaPrescan_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("complete");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("charset");

    const int found = int(MetaPrescan::Status::Found);
    const int notFound = int(MetaPrescan::Status::NotFound);
    const int needMore = int(MetaPrescan::Status::NeedMoreData);
    QTest::newRow("charset") << QByteArrayLiteral("<meta charset=gbk>") << false << found << QByteArrayLiteral("GBK");
    QTest::newRow("quoted, slash") << QByteArrayLiteral("<meta/charset='Shift_JIS'/>") << false << found
                                   << QByteArrayLiteral("Shift_JIS");
    QTest::newRow("pragma") << QByteArrayLiteral("<meta content=\"text/html; charset=euc-jp\" http-equiv=Content-Type>")
                            << false << found << QByteArrayLiteral("EUC-JP");
    QTest::newRow("content without pragma")
        << QByteArrayLiteral("<meta content=\"text/html; charset=euc-jp\">") << true << notFound << QByteArray();
    QTest::newRow("in a comment") << QByteArrayLiteral("<!-- <meta charset=gbk> -->") << true << notFound
                                  << QByteArray();
    QTest::newRow("in an attribute") << QByteArrayLiteral("<a title='<meta charset=gbk>'>") << true << notFound
                                     << QByteArray();
    QTest::newRow("cut tag waits") << QByteArrayLiteral("<html><meta charset=gb") << false << needMore << QByteArray();
    QTest::newRow("cut tag at the end") << QByteArrayLiteral("<html><meta charset=gb") << true << notFound
                                        << QByteArray();
    QTest::newRow("nothing yet") << QByteArrayLiteral("<html><head>") << false << needMore << QByteArray();
    QTest::newRow("nothing at all") << QByteArrayLiteral("<html><head>") << true << notFound << QByteArray();
    QTest::newRow("x-user-defined") << QByteArrayLiteral("<meta charset=x-user-defined>") << false << found
                                    << QByteArrayLiteral("windows-1252");
    QTest::newRow("past the window") << QByteArray(QByteArray(1100, ' ') + "<meta charset=gbk>") << false << notFound
                                     << QByteArray();
}

void TestTitle::metaPrescan()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, complete);
    QFETCH(int, status);
    QFETCH(QByteArray, charset);

    const MetaPrescan r = prescanMetaCharset(head, complete);
    QCOMPARE(int(r.status), status);
    QCOMPARE(r.charset, charset);
}

void TestTitle::htmlContentType_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("html");

    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("text/html") << QByteArrayLiteral("text/html") << true;
    QTest::newRow("case and params") << QByteArrayLiteral(" Text/HTML ; charset=utf-8") << true;
    QTest::newRow("xhtml") << QByteArrayLiteral("application/xhtml+xml") << true;
    QTest::newRow("plain") << QByteArrayLiteral("text/plain") << false;
    QTest::newRow("json") << QByteArrayLiteral("application/json; charset=utf-8") << false;
    QTest::newRow("image") << QByteArrayLiteral("image/png") << false;
    QTest::newRow("html prefix") << QByteArrayLiteral("text/htmlx") << false;
    QTest::newRow("xml") << QByteArrayLiteral("text/xml") << false;
}

void TestTitle::htmlContentType()
{
    QFETCH(QByteArray, contentType);
    QFETCH(bool, html);
    QCOMPARE(isHtmlContentType(contentType), html);
}

QTEST_GUILESS_MAIN(TestTitle)
#include "test_title.moc"
