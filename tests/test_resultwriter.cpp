#include "io/resultwriter.h"
#include "io/urllist.h"
#include "strictcsv.h"

#include <QDir>
#include <QFile>
#include <QFileDevice>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(Fanout::ExportFormat)

using namespace Fanout;

namespace {

const QByteArray kBom = QByteArrayLiteral("\xEF\xBB\xBF");
const QByteArray kHeader =
    QByteArrayLiteral("url,final_url,status,reason,title,content_type,bytes,elapsed_ms,started_ms,"
                      "finished_ms,attempts,redirects,error,line,connect_ms,sent_ms,headers_ms,"
                      "redirect_chain,sources");

// A fully populated, successful, redirected result.
CheckResult makeOkResult(int line = 7)
{
    CheckResult r;
    r.id = line - 1;
    r.line = line;
    r.input = QStringLiteral("example.test/a");
    r.url = QUrl(QStringLiteral("https://example.test/a"));
    r.finalUrl = QUrl(QStringLiteral("https://www.example.test/b"));
    r.state = CheckState::Done;
    r.status = 200;
    r.reason = QStringLiteral("OK");
    r.title = QStringLiteral("Example");
    r.contentType = QStringLiteral("text/html; charset=utf-8");
    r.bytes = 1234;
    r.timings.startedMs = 10;
    r.timings.connectMs = 11;
    r.timings.sentMs = 15;
    r.timings.headersMs = 40;
    r.timings.finishedMs = 55;
    r.attempts = 1;
    r.redirects = {{QUrl(QStringLiteral("https://example.test/a")), 301},
                   {QUrl(QStringLiteral("https://www.example.test/a")), 302}};
    return r;
}

// A rejected input line: never checked, only an error.
CheckResult makeInvalidResult(int line, const QString &text)
{
    CheckResult r;
    r.id = line - 1;
    r.line = line;
    r.input = text;
    r.state = CheckState::Done;
    r.error = QStringLiteral("invalid: line %1: not a URL").arg(line);
    return r;
}

QVector<QStringList> parseCsv(const QByteArray &bytes, bool *ok)
{
    return FanoutTest::parseStrictCsv(bytes, ok);
}

int column(const char *name)
{
    return int(ResultWriter::columns().indexOf(QLatin1String(name)));
}

} // namespace

class TestResultWriter : public QObject
{
    Q_OBJECT

private slots:
    void columnsAndHeader();
    void bom_data();
    void bom();
    void csvTextCell_data();
    void csvTextCell();
    void csvRowValues();
    void csvUnknownValuesAreEmpty();
    void csvFormulaGuardOnEveryTextColumn();
    void csvRoundTripsAwkwardText_data();
    void csvRoundTripsAwkwardText();
    void csvInvalidLineRowIncluded();
    void csvKeepsOrder();
    void jsonLinesTypes();
    void jsonLinesUnknownsAreNull();
    void jsonLinesRawText();
    void jsonLinesKeepsControlsAndLoneSurrogates();
    void jsonLinesByteOrderMarkInText();
    void urlsAsSentOnTheWire_data();
    void urlsAsSentOnTheWire();
    void formatForPath_data();
    void formatForPath();
    void writeAndOverwrite_data();
    void writeAndOverwrite();
    void writeFailures_data();
    void writeFailures();
    void hundredThousandRows();
};

void TestResultWriter::columnsAndHeader()
{
    const QStringList expected = QString::fromLatin1(kHeader).split(u',');
    QCOMPARE(ResultWriter::columns(), expected);
    QCOMPARE(ResultWriter::columns().size(), 19);

    const QByteArray csv = ResultWriter::toCsv({}, false);
    QCOMPARE(csv, QByteArray(kHeader + "\r\n")); // no rows: header only
    QVERIFY(ResultWriter::toJsonLines({}).isEmpty());
}

void TestResultWriter::bom_data()
{
    QTest::addColumn<bool>("withBom");
    QTest::newRow("with BOM") << true;
    QTest::newRow("without BOM") << false;
}

void TestResultWriter::bom()
{
    QFETCH(bool, withBom);
    const QByteArray csv = ResultWriter::toCsv({makeOkResult()}, withBom);
    QCOMPARE(csv.startsWith(kBom), withBom);
    QVERIFY(csv.sliced(withBom ? kBom.size() : 0).startsWith(QByteArray(kHeader + "\r\n")));
    QCOMPARE(csv.count(kBom), withBom ? 1 : 0); // once, at the very start
    QVERIFY(!ResultWriter::toJsonLines({makeOkResult()}).startsWith(kBom));
}

void TestResultWriter::csvTextCell_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("plain") << QStringLiteral("Hello world") << QStringLiteral("Hello world");
    QTest::newRow("inner =") << QStringLiteral("a=b") << QStringLiteral("a=b");
    QTest::newRow("inner -") << QStringLiteral("foo-bar") << QStringLiteral("foo-bar");
    QTest::newRow("leading space =") << QStringLiteral(" =1") << QStringLiteral(" =1");
    QTest::newRow("digits") << QStringLiteral("123") << QStringLiteral("123");
    QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("LF") << QStringLiteral("one\ntwo") << QStringLiteral("\"one\ntwo\"");
    QTest::newRow("CR inside") << QStringLiteral("one\rtwo") << QStringLiteral("\"one\rtwo\"");
    QTest::newRow("CRLF") << QStringLiteral("one\r\ntwo") << QStringLiteral("\"one\r\ntwo\"");
    QTest::newRow("=") << QStringLiteral("=1+2") << QStringLiteral("'=1+2");
    QTest::newRow("+") << QStringLiteral("+1") << QStringLiteral("'+1");
    QTest::newRow("-") << QStringLiteral("-1") << QStringLiteral("'-1");
    QTest::newRow("@") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
    QTest::newRow("TAB") << QStringLiteral("\tx") << QStringLiteral("'\tx");
    QTest::newRow("CR first") << QStringLiteral("\rx") << QStringLiteral("\"'\rx\"");
    QTest::newRow("= with comma") << QStringLiteral("=HYPERLINK(\"x\",\"y\")")
                                  << QStringLiteral("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
    QTest::newRow("Chinese") << QStringLiteral("中文标题") << QStringLiteral("中文标题");
}

void TestResultWriter::csvTextCell()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(ResultWriter::csvTextCell(text), expected);
}

void TestResultWriter::csvRowValues()
{
    bool ok = false;
    const auto records = parseCsv(ResultWriter::toCsv({makeOkResult()}), &ok);
    QVERIFY(ok);
    QCOMPARE(records.size(), 2);
    const QStringList &row = records.at(1);
    QCOMPARE(row.size(), 19);
    QCOMPARE(row.at(column("url")), QStringLiteral("https://example.test/a"));
    QCOMPARE(row.at(column("final_url")), QStringLiteral("https://www.example.test/b"));
    QCOMPARE(row.at(column("status")), QStringLiteral("200"));
    QCOMPARE(row.at(column("reason")), QStringLiteral("OK"));
    QCOMPARE(row.at(column("title")), QStringLiteral("Example"));
    QCOMPARE(row.at(column("content_type")), QStringLiteral("text/html; charset=utf-8"));
    QCOMPARE(row.at(column("bytes")), QStringLiteral("1234"));
    QCOMPARE(row.at(column("elapsed_ms")), QStringLiteral("45"));
    QCOMPARE(row.at(column("started_ms")), QStringLiteral("10"));
    QCOMPARE(row.at(column("finished_ms")), QStringLiteral("55"));
    QCOMPARE(row.at(column("attempts")), QStringLiteral("1"));
    QCOMPARE(row.at(column("redirects")), QStringLiteral("2"));
    QCOMPARE(row.at(column("error")), QString());
    QCOMPARE(row.at(column("line")), QStringLiteral("7"));
    QCOMPARE(row.at(column("connect_ms")), QStringLiteral("11"));
    QCOMPARE(row.at(column("sent_ms")), QStringLiteral("15"));
    QCOMPARE(row.at(column("headers_ms")), QStringLiteral("40"));
    QCOMPARE(row.at(column("redirect_chain")),
             QStringLiteral("301 https://example.test/a -> 302 https://www.example.test/a"));
}

void TestResultWriter::csvUnknownValuesAreEmpty()
{
    CheckResult r = makeOkResult();
    r.status = 0;
    r.timings = CheckTimings(); // all -1
    r.line = 0;
    r.bytes = 0;
    r.redirects.clear();
    bool ok = false;
    const auto records = parseCsv(ResultWriter::toCsv({r}), &ok);
    QVERIFY(ok);
    const QStringList &row = records.at(1);
    for (const char *name : {"status", "elapsed_ms", "started_ms", "finished_ms", "line", "connect_ms", "sent_ms",
                             "headers_ms", "redirect_chain"})
        QVERIFY2(row.at(column(name)).isEmpty(), name);
    // Known zeroes stay numbers.
    QCOMPARE(row.at(column("bytes")), QStringLiteral("0"));
    QCOMPARE(row.at(column("redirects")), QStringLiteral("0"));
}

void TestResultWriter::csvFormulaGuardOnEveryTextColumn()
{
    CheckResult r = makeInvalidResult(4, QStringLiteral("=cmd|' /C calc'!A0"));
    r.finalUrl = QUrl(QStringLiteral("mailto:x")); // any text; the guard is about the cell, not the URL
    r.reason = QStringLiteral("+reason");
    r.title = QStringLiteral("-title");
    r.contentType = QStringLiteral("@type");
    r.error = QStringLiteral("\terror");
    r.status = 500;
    r.bytes = 5;
    r.timings.startedMs = 0;
    r.timings.finishedMs = 9;
    bool ok = false;
    const auto records = parseCsv(ResultWriter::toCsv({r}), &ok);
    QVERIFY(ok);
    const QStringList &row = records.at(1);
    QCOMPARE(row.at(column("url")), QStringLiteral("'=cmd|' /C calc'!A0"));
    QCOMPARE(row.at(column("final_url")), QStringLiteral("mailto:x")); // starts with 'm': untouched
    QCOMPARE(row.at(column("reason")), QStringLiteral("'+reason"));
    QCOMPARE(row.at(column("title")), QStringLiteral("'-title"));
    QCOMPARE(row.at(column("content_type")), QStringLiteral("'@type"));
    QCOMPARE(row.at(column("error")), QStringLiteral("'\terror"));
    // Numbers never get the prefix, including a 0 that is a real value.
    QCOMPARE(row.at(column("status")), QStringLiteral("500"));
    QCOMPARE(row.at(column("bytes")), QStringLiteral("5"));
    QCOMPARE(row.at(column("started_ms")), QStringLiteral("0"));
    QCOMPARE(row.at(column("elapsed_ms")), QStringLiteral("9"));
    QCOMPARE(row.at(column("line")), QStringLiteral("4"));
}

void TestResultWriter::csvRoundTripsAwkwardText_data()
{
    QTest::addColumn<QString>("title");
    QTest::newRow("Chinese") << QStringLiteral("中文标题 – 测试页面");
    QTest::newRow("emoji") << QStringLiteral("Rocket \U0001F680 launch");
    QTest::newRow("commas") << QStringLiteral("a, b, c");
    QTest::newRow("quotes") << QStringLiteral("\"quoted\" and \"\"double\"\"");
    QTest::newRow("newlines") << QStringLiteral("line 1\nline 2\r\nline 3\r");
    QTest::newRow("everything") << QStringLiteral("中\",\r\n文");
}

void TestResultWriter::csvRoundTripsAwkwardText()
{
    QFETCH(QString, title);
    CheckResult r = makeOkResult();
    r.title = title;
    r.reason = title;
    bool ok = false;
    const QByteArray csv = ResultWriter::toCsv({r, makeOkResult(8)});
    const auto records = parseCsv(csv, &ok);
    QVERIFY(ok);
    QCOMPARE(records.size(), 3); // newlines inside the title did not split the record
    QCOMPARE(records.at(1).size(), 19);
    QCOMPARE(records.at(1).at(column("title")), title);
    QCOMPARE(records.at(1).at(column("reason")), title);
    QCOMPARE(records.at(2).at(column("line")), QStringLiteral("8"));
    // UTF-8 on disk, not a legacy code page.
    QVERIFY(csv.contains(title.toUtf8()) || title.contains(u'"'));
}

void TestResultWriter::csvInvalidLineRowIncluded()
{
    const QVector<CheckResult> results = {makeOkResult(1), makeInvalidResult(2, QStringLiteral("ht!tp://bad url")),
                                          makeInvalidResult(3, QStringLiteral("-x"))};
    bool ok = false;
    const auto records = parseCsv(ResultWriter::toCsv(results), &ok);
    QVERIFY(ok);
    QCOMPARE(records.size(), 4);
    const QStringList &bad = records.at(2);
    QCOMPARE(bad.at(column("url")), QStringLiteral("ht!tp://bad url")); // the text as written
    QCOMPARE(bad.at(column("error")), QStringLiteral("invalid: line 2: not a URL"));
    QCOMPARE(bad.at(column("line")), QStringLiteral("2"));
    QVERIFY(bad.at(column("status")).isEmpty());
    QVERIFY(bad.at(column("final_url")).isEmpty());
    QCOMPARE(records.at(3).at(column("url")), QStringLiteral("'-x"));
}

void TestResultWriter::csvKeepsOrder()
{
    QVector<CheckResult> results;
    for (int line : {5, 1, 3, 2, 4}) {
        CheckResult r = makeOkResult(line);
        r.url = QUrl(QStringLiteral("https://h%1.test/").arg(line));
        results.append(r);
    }
    bool ok = false;
    const auto records = parseCsv(ResultWriter::toCsv(results), &ok);
    QVERIFY(ok);
    QCOMPARE(records.size(), results.size() + 1);
    for (int i = 0; i < results.size(); ++i) {
        QCOMPARE(records.at(i + 1).at(column("line")), QString::number(results.at(i).line));
        QCOMPARE(records.at(i + 1).at(column("url")), results.at(i).url.toString());
    }
}

void TestResultWriter::jsonLinesTypes()
{
    CheckResult r = makeOkResult();
    r.title = QStringLiteral("中文 \"q\" \\ \x01 tab\t nl\n");
    const QVector<CheckResult> results = {r, makeInvalidResult(9, QStringLiteral("=bad"))};
    const QByteArray jsonl = ResultWriter::toJsonLines(results);
    QVERIFY(jsonl.endsWith('\n'));
    const QList<QByteArray> lines = jsonl.chopped(1).split('\n');
    QCOMPARE(lines.size(), 2);

    for (const QByteArray &line : lines) {
        QVERIFY(line.startsWith("{\"url\":")); // columns() order, compact
        QVERIFY(!line.contains("\": "));       // compact: no space after a key
    }

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(lines.at(0), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(doc.isObject());
    const QJsonObject o = doc.object();
    QStringList keys = o.keys();
    QStringList expectedKeys = ResultWriter::columns();
    keys.sort();
    expectedKeys.sort();
    QCOMPARE(keys, expectedKeys);

    QCOMPARE(o.value(u"url").toString(), QStringLiteral("https://example.test/a"));
    QCOMPARE(o.value(u"final_url").toString(), QStringLiteral("https://www.example.test/b"));
    QVERIFY(o.value(u"status").isDouble());
    QCOMPARE(o.value(u"status").toInt(), 200);
    QCOMPARE(o.value(u"title").toString(), r.title);
    QCOMPARE(o.value(u"bytes").toInteger(), 1234);
    QCOMPARE(o.value(u"elapsed_ms").toInteger(), 45);
    QCOMPARE(o.value(u"started_ms").toInteger(), 10);
    QCOMPARE(o.value(u"finished_ms").toInteger(), 55);
    QCOMPARE(o.value(u"connect_ms").toInteger(), 11);
    QCOMPARE(o.value(u"sent_ms").toInteger(), 15);
    QCOMPARE(o.value(u"headers_ms").toInteger(), 40);
    QCOMPARE(o.value(u"attempts").toInt(), 1);
    QCOMPARE(o.value(u"redirects").toInt(), 2);
    QCOMPARE(o.value(u"line").toInt(), 7);
    QVERIFY(o.value(u"error").isString());
    QVERIFY(o.value(u"error").toString().isEmpty());
    const QJsonArray chain = o.value(u"redirect_chain").toArray();
    QCOMPARE(chain.size(), 2);
    QCOMPARE(chain.at(0).toObject().value(u"url").toString(), QStringLiteral("https://example.test/a"));
    QCOMPARE(chain.at(0).toObject().value(u"status").toInt(), 301);
    QCOMPARE(chain.at(1).toObject().value(u"url").toString(), QStringLiteral("https://www.example.test/a"));
    QCOMPARE(chain.at(1).toObject().value(u"status").toInt(), 302);
}

void TestResultWriter::jsonLinesUnknownsAreNull()
{
    const QByteArray jsonl = ResultWriter::toJsonLines({makeInvalidResult(9, QStringLiteral("nope"))});
    QCOMPARE(jsonl.count('\n'), 1);
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(jsonl, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    for (const char16_t *key :
         {u"status", u"elapsed_ms", u"started_ms", u"finished_ms", u"connect_ms", u"sent_ms", u"headers_ms"})
        QVERIFY2(o.value(key).isNull(), qPrintable(QStringView(key).toString()));
    QCOMPARE(o.value(u"url").toString(), QStringLiteral("nope"));
    QCOMPARE(o.value(u"error").toString(), QStringLiteral("invalid: line 9: not a URL"));
    QCOMPARE(o.value(u"line").toInt(), 9);
    QCOMPARE(o.value(u"bytes").toInteger(-1), 0);
    QVERIFY(o.value(u"redirect_chain").isArray());
    QVERIFY(o.value(u"redirect_chain").toArray().isEmpty());
}

void TestResultWriter::jsonLinesRawText()
{
    CheckResult r = makeOkResult();
    r.title = QStringLiteral("=1+2");
    r.reason = QStringLiteral("-x");
    const QJsonObject o = QJsonDocument::fromJson(ResultWriter::toJsonLines({r})).object();
    QCOMPARE(o.value(u"title").toString(), QStringLiteral("=1+2")); // no formula quoting in JSON
    QCOMPARE(o.value(u"reason").toString(), QStringLiteral("-x"));
}

// JSON escapes every C0 control (RFC 8259 requires it) and writes a lone surrogate as \uXXXX (it has no UTF-8
// form); DEL, C1 and bidi characters stay as they are. Every one reads back as the exact text.
void TestResultWriter::jsonLinesKeepsControlsAndLoneSurrogates()
{
    QString text;
    for (char16_t c = 0; c < 0x20; ++c)
        text += QChar(c);
    text += QStringLiteral("\x7f") + QChar(0x9b) + QChar(0x202e) + QChar(0x2066) + QStringLiteral("\\\"");
    text += QChar(0xd800) + QStringLiteral("x") + QChar(0xdc00) + QStringLiteral("\U0001F680") + QChar(0xdbff);
    CheckResult r = makeOkResult();
    r.title = text;
    r.error = text;
    const QByteArray json = ResultWriter::toJsonLines({r});
    QCOMPARE(json.count('\n'), 1); // the trailing LF only: no raw control in the line
    for (const char byte : json.chopped(1))
        QVERIFY2(static_cast<unsigned char>(byte) >= 0x20, json.constData());
    QVERIFY(json.contains("\\u001b"));
    QVERIFY(json.contains("\\ud800x\\udc00\xF0\x9F\x9A\x80\\udbff"));
    QVERIFY(json.contains("\x7f\xC2\x9B\xE2\x80\xAE\xE2\x81\xA6")); // raw UTF-8, as received
    QJsonParseError parseError;
    const QJsonObject o = QJsonDocument::fromJson(json, &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(o.value(u"title").toString(), text);
    QCOMPARE(o.value(u"error").toString(), text);
}

// Found by fuzz_resultwriter: a text starting with U+FEFF came back from QJsonDocument without it (Qt 6.4 drops a
// raw one at the start of a string); written as \ufeff it reads back whole, in Qt and elsewhere.
void TestResultWriter::jsonLinesByteOrderMarkInText()
{
    CheckResult r = makeOkResult();
    r.title = QStringLiteral("\uFEFFTitle");
    r.reason = QStringLiteral("a\uFEFFb\uFEFF");
    r.error = QStringLiteral("\uFEFF");
    const QByteArray jsonl = ResultWriter::toJsonLines({r});
    QVERIFY(!jsonl.contains("\xEF\xBB\xBF"));
    QVERIFY(jsonl.contains(R"("title":"\ufeffTitle")"));
    const QJsonObject o = QJsonDocument::fromJson(jsonl).object();
    QCOMPARE(o.value(u"title").toString(), r.title);
    QCOMPARE(o.value(u"reason").toString(), r.reason);
    QCOMPARE(o.value(u"error").toString(), r.error);
    // Other characters that start with the same UTF-8 byte stay as they are.
    r.title = QStringLiteral("\uFEFE\uFFFD\uF000");
    QVERIFY(ResultWriter::toJsonLines({r}).contains(r.title.toUtf8()));
}

// url, final_url and every hop are exported as QNetworkAccessManager puts them on the wire, so that a cell
// pastes into a browser and joins back to the input: "%2C%20%22" stays as typed (toString() would decode
// the %20 to a space), non-ASCII is percent-encoded UTF-8, IDN hosts stay punycode. The URL comes from the
// list parser and the redirect target is resolved as the engine does, so the whole path is tested.
void TestResultWriter::urlsAsSentOnTheWire_data()
{
    QTest::addColumn<QString>("line");     // as typed in the list
    QTest::addColumn<QString>("url");      // expected url cell
    QTest::addColumn<QString>("location"); // Location header of the one redirect hop
    QTest::addColumn<QString>("finalUrl"); // expected final_url cell

    QTest::newRow("encoded delimiters and spaces")
        << QStringLiteral("http://h.test/title?t=a%2C%20%22b%22")
        << QStringLiteral("http://h.test/title?t=a%2C%20%22b%22") << QStringLiteral("/x%2C%20y?z=%22%20%22")
        << QStringLiteral("http://h.test/x%2C%20y?z=%22%20%22");
    QTest::newRow("raw space in a Location is sent as %20")
        << QStringLiteral("http://h.test/a") << QStringLiteral("http://h.test/a") << QStringLiteral("/b c?d=e f")
        << QStringLiteral("http://h.test/b%20c?d=e%20f");
    QTest::newRow("non-ascii path and query")
        << QStringLiteral("https://h.test/路径?q=ü") << QStringLiteral("https://h.test/%E8%B7%AF%E5%BE%84?q=%C3%BC")
        << QStringLiteral("/straße") << QStringLiteral("https://h.test/stra%C3%9Fe");
    QTest::newRow("idn host stays punycode")
        << QStringLiteral("https://bücher.de/straße") << QStringLiteral("https://xn--bcher-kva.de/stra%C3%9Fe")
        << QStringLiteral("https://例子.测试/") << QStringLiteral("https://xn--fsqu00a.xn--0zwm56d/");
    QTest::newRow("fragment is not sent, an encoded # is")
        << QStringLiteral("http://h.test/p%23q?r=%23#frag") << QStringLiteral("http://h.test/p%23q?r=%23")
        << QStringLiteral("/next#top") << QStringLiteral("http://h.test/next#top");
    QTest::newRow("canonical line (the parser's fast path)")
        << QStringLiteral("https://h.test/a,b;c=d?e=f&g='h'") << QStringLiteral("https://h.test/a,b;c=d?e=f&g='h'")
        << QStringLiteral("https://h.test/") << QStringLiteral("https://h.test/");
}

void TestResultWriter::urlsAsSentOnTheWire()
{
    QFETCH(QString, line);
    QFETCH(QString, url);
    QFETCH(QString, location);
    QFETCH(QString, finalUrl);

    const UrlList list = UrlListParser::parseText(line);
    QCOMPARE(list.entries.size(), 1);
    QVERIFY2(list.entries.first().isValid(), qPrintable(list.entries.first().error));
    CheckResult r = makeOkResult();
    r.input = line;
    r.url = list.entries.first().url;
    r.redirects = {{r.url, 302}};
    r.finalUrl = r.url.resolved(QUrl(location, QUrl::TolerantMode)); // as CheckJob::followRedirect does
    QCOMPARE(r.url.toEncoded(), url.toLatin1());                     // what QNetworkAccessManager sends

    bool ok = false;
    const auto records = parseCsv(ResultWriter::toCsv({r}), &ok);
    QVERIFY(ok);
    const QStringList &row = records.at(1);
    QCOMPARE(row.at(column("url")), url);
    QCOMPARE(row.at(column("final_url")), finalUrl);
    QCOMPARE(row.at(column("redirect_chain")), QStringLiteral("302 ") + url);

    const QJsonObject o = QJsonDocument::fromJson(ResultWriter::toJsonLines({r})).object();
    QCOMPARE(o.value(u"url").toString(), url);
    QCOMPARE(o.value(u"final_url").toString(), finalUrl);
    QCOMPARE(o.value(u"redirect_chain").toArray().at(0).toObject().value(u"url").toString(), url);
}

void TestResultWriter::formatForPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<ExportFormat>("expected");
    QTest::newRow("csv") << QStringLiteral("/tmp/out.csv") << ExportFormat::Csv;
    QTest::newRow("jsonl") << QStringLiteral("/tmp/out.jsonl") << ExportFormat::JsonLines;
    QTest::newRow("ndjson") << QStringLiteral("out.ndjson") << ExportFormat::JsonLines;
    QTest::newRow("json") << QStringLiteral("out.json") << ExportFormat::JsonLines;
    QTest::newRow("upper JSONL") << QStringLiteral("OUT.JSONL") << ExportFormat::JsonLines;
    QTest::newRow("txt") << QStringLiteral("out.txt") << ExportFormat::Csv;
    QTest::newRow("no suffix") << QStringLiteral("out") << ExportFormat::Csv;
    QTest::newRow("json dir") << QStringLiteral("/x.json/out") << ExportFormat::Csv;
    QTest::newRow("jsonx") << QStringLiteral("out.jsonx") << ExportFormat::Csv;
}

void TestResultWriter::formatForPath()
{
    QFETCH(QString, path);
    QFETCH(ExportFormat, expected);
    QCOMPARE(ResultWriter::formatForPath(path), expected);
}

void TestResultWriter::writeAndOverwrite_data()
{
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<bool>("bom");
    QTest::newRow("csv") << ExportFormat::Csv << true;
    QTest::newRow("csv no BOM") << ExportFormat::Csv << false;
    QTest::newRow("jsonl") << ExportFormat::JsonLines << true; // BOM flag ignored for JSON Lines
}

void TestResultWriter::writeAndOverwrite()
{
    QFETCH(ExportFormat, format);
    QFETCH(bool, bom);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.dat"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write(QByteArray(10000, 'x')); // longer than the new content: must not leave a tail
    old.close();

    const QVector<CheckResult> results = {makeOkResult(1), makeInvalidResult(2, QStringLiteral("bad"))};
    ExportOptions options;
    options.format = format;
    options.utf8Bom = bom;
    QString error = QStringLiteral("stale");
    QVERIFY2(ResultWriter::write(path, results, options, &error), qPrintable(error));
    QVERIFY(error.isEmpty());

    QFile back(path);
    QVERIFY(back.open(QIODevice::ReadOnly));
    const QByteArray expected =
        format == ExportFormat::Csv ? ResultWriter::toCsv(results, bom) : ResultWriter::toJsonLines(results);
    QCOMPARE(back.readAll(), expected);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("out.dat")});
}

void TestResultWriter::writeFailures_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("path is a directory") << QStringLiteral("dir");
    QTest::newRow("missing directory") << QStringLiteral("missing");
    QTest::newRow("read-only directory keeps old file") << QStringLiteral("rodir");
    QTest::newRow("read-only file keeps old content") << QStringLiteral("rofile");
    QTest::newRow("empty path") << QStringLiteral("empty");
}

void TestResultWriter::writeFailures()
{
    QFETCH(QString, kind);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString subDir = tmp.filePath(QStringLiteral("sub"));
    QVERIFY(QDir().mkpath(subDir));
    const QByteArray oldContent = QByteArrayLiteral("old content\n");
    QString path;
    QString expectedReason; // part of the OS/Qt reason we expect to see (Linux, C/English messages)
    QFile::Permissions restore;
    QString restorePath;
    const auto restorePermissions = qScopeGuard([&] {
        if (!restorePath.isEmpty())
            QFile::setPermissions(restorePath, restore);
    });

    if (kind == u"dir") {
        path = subDir;
        expectedReason = QStringLiteral("directory");
    } else if (kind == u"missing") {
        path = QStringLiteral("/nonexistent/dir/x.csv");
        expectedReason = QStringLiteral("No such file or directory");
    } else if (kind == u"empty") {
        path = QString();
    } else {
        path = subDir + QStringLiteral("/out.csv");
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write(oldContent);
        old.close();
        restorePath = kind == u"rodir" ? subDir : path;
        restore = QFile::permissions(restorePath);
        QVERIFY(QFile::setPermissions(restorePath, QFile::ReadOwner | QFile::ExeOwner));
        // Root (or CAP_DAC_OVERRIDE) ignores permissions: probe whether they are enforced here.
        QFile probe(kind == u"rodir" ? subDir + QStringLiteral("/probe") : path);
        if (probe.open(QIODevice::Append)) {
            probe.close();
            if (kind == u"rodir")
                probe.remove();
            QSKIP("permissions are not enforced for this user (root?); cannot provoke a permission failure");
        }
        expectedReason = QStringLiteral("Permission denied"); // the system's own reason, found before writing
    }

    QString error;
    QVERIFY(!ResultWriter::write(path, {makeOkResult()}, ExportOptions(), &error));
    qInfo().noquote() << "error:" << error;
    QVERIFY(!error.isEmpty());
    if (!path.isEmpty())
        QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    if (!expectedReason.isEmpty())
        QVERIFY2(error.contains(expectedReason, Qt::CaseInsensitive), qPrintable(error));
    // A null error pointer is allowed.
    QVERIFY(!ResultWriter::write(path, {makeOkResult()}, ExportOptions(), nullptr));

    if (kind == u"rodir" || kind == u"rofile") {
        QFile old(path);
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), oldContent);
        // No temporary file left behind next to it.
        QCOMPARE(QDir(subDir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("out.csv")});
    } else if (kind == u"dir") {
        QVERIFY(QFileInfo(subDir).isDir());
        QVERIFY(QDir(subDir).isEmpty());
        QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("sub")});
    }
}

void TestResultWriter::hundredThousandRows()
{
    // How long this takes is bench_parse's figure; here, that every row is written.
    QVector<CheckResult> results;
    results.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
        CheckResult r = makeOkResult(i + 1);
        r.url = QUrl(QStringLiteral("https://host%1.example.test/path/%2").arg(i % 1000).arg(i));
        r.title = i % 7 == 0 ? QStringLiteral("Title, with \"quotes\" %1").arg(i) : QStringLiteral("页面 %1").arg(i);
        if (i % 5 == 0)
            r.redirects.clear();
        results.append(r);
    }
    const QByteArray csv = ResultWriter::toCsv(results);
    const QByteArray jsonl = ResultWriter::toJsonLines(results);
    QCOMPARE(csv.count("\r\n"), 100001); // header + rows; these titles have no line breaks
    QCOMPARE(jsonl.count('\n'), 100000);
}

QTEST_GUILESS_MAIN(TestResultWriter)
#include "test_resultwriter.moc"
