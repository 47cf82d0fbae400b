#include "io/urllist.h"

#include <QFile>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace Fanout;

namespace {

// "N <encoded url>" for usable entries, "N <error>" for rejected ones: one readable line per entry.
QStringList describe(const UrlList &list)
{
    QStringList out;
    for (const UrlEntry &e : list.entries) {
        out.append(QString::number(e.line) + QLatin1Char(' ') +
                   (e.isValid() ? QString::fromLatin1(e.url.toEncoded()) : e.error));
    }
    return out;
}

// Every usable entry has a valid URL, every rejected one an empty URL and a categorised error with its line.
bool consistent(const UrlList &list)
{
    for (const UrlEntry &e : list.entries) {
        if (e.isValid() != e.url.isValid() || e.text.isEmpty() || e.line <= 0)
            return false;
        if (e.isValid() && e.url.scheme() != QLatin1String("http") && e.url.scheme() != QLatin1String("https"))
            return false;
        if (!e.isValid()) {
            const QString lineTag = QStringLiteral("line ") + QString::number(e.line) + QStringLiteral(": ");
            if (e.error != QStringLiteral("invalid: ") + lineTag + e.error.mid(9 + lineTag.size()) &&
                e.error != QStringLiteral("scheme: ") + lineTag + e.error.mid(8 + lineTag.size()))
                return false;
        }
    }
    return true;
}

// Expected lines ending in '*' match by prefix (for reasons worded by Qt).
void compareEntries(const QStringList &actual, const QStringList &expected)
{
    if (actual.size() != expected.size()) {
        QFAIL(qPrintable(QStringLiteral("got %1 entries, expected %2:\n  %3")
                             .arg(actual.size())
                             .arg(expected.size())
                             .arg(actual.join(QStringLiteral("\n  ")))));
    }
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const QString &want = expected.at(i);
        if (want.endsWith(QLatin1Char('*'))) {
            if (!actual.at(i).startsWith(want.chopped(1)))
                QFAIL(qPrintable(QStringLiteral("entry %1: \"%2\" does not start with \"%3\"")
                                     .arg(i)
                                     .arg(actual.at(i), want.chopped(1))));
        } else {
            QCOMPARE(actual.at(i), want);
        }
    }
}

// UTF-16 bytes with a BOM, built by hand so the test does not rely on the decoder it checks.
QByteArray utf16(const QString &text, bool bigEndian)
{
    QByteArray out;
    const QString withBom = QChar(0xfeff) + text;
    for (const QChar c : withBom) {
        const char hi = char(c.unicode() >> 8);
        const char lo = char(c.unicode() & 0xff);
        out.append(bigEndian ? hi : lo);
        out.append(bigEndian ? lo : hi);
    }
    return out;
}

QString u8(const char *s)
{
    return QString::fromUtf8(s);
}

// "# 中文注释\r\n例子.测试\r\nhttps://例子.测试/路径\r\n" in GBK.
const QByteArray kGbkList =
    QByteArray::fromHex("2320d6d0cec4d7a2cacd0d0ac0fdd7d32eb2e2cad40d0a68747470733a2f2fc0fdd7d32e"
                        "b2e2cad42fc2b7beb60d0a");

// What UrlListReader makes of a file, read in batches of at most `batch` entries.
struct ReaderRun
{
    QVector<UrlEntry> entries;
    QVector<UrlDuplicate> duplicates;
    int duplicateCount = 0;
    int skipped = 0;
    QString encoding;
    QString error;
    bool batchesWithinMax = true;
};

// confirm: compare on a hash match against the entries handed out, as a caller keeping them (the run file) does.
ReaderRun readWithReader(const QString &path, int batch, UrlKeyHash hash = nullptr, bool confirm = true)
{
    ReaderRun run;
    UrlListReader reader(path, hash);
    if (confirm) {
        reader.setConfirmDuplicate([&run](int firstIndex, QStringView key) {
            const UrlEntry &first = run.entries.at(firstIndex);
            return UrlListParser::duplicateKey(first.text, first.url) == key;
        });
    }
    if (!reader.open()) {
        run.error = reader.error();
        return run;
    }
    run.encoding = reader.encoding();
    while (!reader.atEnd()) {
        const QVector<UrlEntry> got = reader.read(batch);
        run.batchesWithinMax = run.batchesWithinMax && got.size() <= batch;
        run.entries += got;
        run.duplicates += reader.takeDuplicates();
        if (run.entries.size() != reader.entriesRead())
            run.batchesWithinMax = false;
    }
    run.error = reader.error();
    run.duplicateCount = reader.duplicates();
    run.skipped = reader.skipped();
    return run;
}

// The streaming reader gives exactly what parseFile gives for the same file: entries, verdicts, line numbers,
// counts, encoding, errors; and every duplicate line, naming an entry with the same key.
void compareReaderWithParseFile(const QByteArray &data, const QString &name = QStringLiteral("list.txt"))
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(name);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(data), data.size());
    file.close();
    const UrlList whole = UrlListParser::parseFile(path);
    for (const int batch : {1, 3, 1000, std::numeric_limits<int>::max()}) {
        const ReaderRun run = readWithReader(path, batch);
        QCOMPARE(run.error, whole.error);
        QCOMPARE(run.encoding, whole.encoding);
        QVERIFY(run.batchesWithinMax);
        QCOMPARE(run.entries.size(), whole.entries.size());
        for (qsizetype i = 0; i < run.entries.size(); ++i) {
            QCOMPARE(run.entries.at(i).line, whole.entries.at(i).line);
            QCOMPARE(run.entries.at(i).text, whole.entries.at(i).text);
            QCOMPARE(run.entries.at(i).url, whole.entries.at(i).url);
            QCOMPARE(run.entries.at(i).error, whole.entries.at(i).error);
        }
        QCOMPARE(run.duplicateCount, whole.duplicates);
        QCOMPARE(run.duplicates.size(), whole.duplicates);
        QCOMPARE(run.skipped, whole.skipped);
        int previousLine = 0;
        for (const UrlDuplicate &dup : run.duplicates) {
            QVERIFY(dup.confirmed);
            QVERIFY(dup.line > previousLine);
            previousLine = dup.line;
            QVERIFY(dup.firstIndex >= 0 && dup.firstIndex < run.entries.size());
            const UrlEntry &first = run.entries.at(dup.firstIndex);
            QVERIFY(first.line < dup.line);
            QCOMPARE(UrlListParser::duplicateKey(dup.text, UrlListParser::normalise(dup.text)),
                     UrlListParser::duplicateKey(first.text, first.url));
        }
    }
}

} // namespace

class TestUrlList : public QObject
{
    Q_OBJECT

private slots:
    void streamMatchesWholeParse_data();
    void streamMatchesWholeParse();
    void streamGivesEachLineAsItEnds();
    void readerMatchesParseFileOnLargeInput_data();
    void readerMatchesParseFileOnLargeInput();
    void readerReportsDuplicates();
    void readerForcedCollisions();
    void readerReadsAPipe();
    void normalise_data();
    void normalise();
    void parseText_data();
    void parseText();
    void parseBytes_data();
    void parseBytes();
    void duplicateKeys_data();
    void duplicateKeys();
    void wireForm_data();
    void wireForm();
    void binary_data();
    void binary();
    void parseFile();
    void fileErrors();
    void thousandLines();
    void largeInput_data();
    void largeInput();
};

void TestUrlList::normalise_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // encoded URL, or the exact reason (prefix when it ends in '*')

    QTest::newRow("bare host") << u8("www.example.com") << u8("https://www.example.com");
    QTest::newRow("bare host with path") << u8("example.com/path") << u8("https://example.com/path");
    QTest::newRow("localhost with port") << u8("localhost:8080/x") << u8("https://localhost:8080/x");
    QTest::newRow("bare localhost") << u8("localhost") << u8("https://localhost");
    QTest::newRow("ipv4 with port") << u8("127.0.0.1:9/x") << u8("https://127.0.0.1:9/x");
    QTest::newRow("ipv6 literal") << u8("[::1]:8080/x") << u8("https://[::1]:8080/x");
    QTest::newRow("host with dot and port") << u8("example.com:81") << u8("https://example.com:81");
    QTest::newRow("http kept") << u8("http://example.com/a?b=c") << u8("http://example.com/a?b=c");
    QTest::newRow("case lowered") << u8("HTTPS://WWW.Example.COM/Path") << u8("https://www.example.com/Path");
    QTest::newRow("surrounding spaces") << u8("  \thttps://example.com/ \u3000") << u8("https://example.com/");
    QTest::newRow("idn german") << u8("https://bücher.de") << u8("https://xn--bcher-kva.de");
    QTest::newRow("idn chinese bare") << u8("例子.测试") << u8("https://xn--fsqu00a.xn--0zwm56d");
    QTest::newRow("fragment dropped") << u8("https://example.com/p?q#frag") << u8("https://example.com/p?q");
    QTest::newRow("scheme relative") << u8("//cdn.example.com/lib.js") << u8("https://cdn.example.com/lib.js");
    QTest::newRow("comma in path") << u8("https://x.com/a,b") << u8("https://x.com/a,b");
    QTest::newRow("space in path") << u8("https://x.com/a b") << u8("invalid: contains whitespace");

    QTest::newRow("ht!tp") << u8("ht!tp://bad url") << u8("invalid: *");
    QTest::newRow("ht!tp no space") << u8("ht!tp://bad") << u8("invalid: *");
    QTest::newRow("space in host") << u8("https://exa mple.com/") << u8("invalid: contains whitespace");
    QTest::newRow("tab in host") << u8("https://exa\tmple.com/") << u8("invalid: contains whitespace");
    QTest::newRow("http alone") << u8("http://") << u8("invalid: no host");
    QTest::newRow("empty host") << u8("https:///path") << u8("invalid: no host");
    QTest::newRow("port too big") << u8("https://example.com:99999/") << u8("invalid: invalid port*");
    QTest::newRow("port not numeric") << u8("https://example.com:abc/") << u8("invalid: invalid port*");
    QTest::newRow("bare port too big") << u8("example.com:70000") << u8("invalid: invalid port*");
    QTest::newRow("port zero") << u8("http://example.com:0/") << u8("invalid: port 0 is not usable");
    QTest::newRow("bad label") << u8("https://-bad-.com/") << u8("invalid: invalid hostname*");
    QTest::newRow("double dot") << u8("https://a..b.com/") << u8("invalid: invalid hostname*");
    QTest::newRow("bad ipv6") << u8("https://[zz]/") << u8("invalid: invalid IPv6*");
    QTest::newRow("single word") << u8("hello") << u8("invalid: not a URL or host name");
    QTest::newRow("missing colon") << u8("http//example.com") << u8("invalid: not a URL or host name");
    QTest::newRow("path only") << u8("/just/a/path") << u8("invalid: not a URL or host name");
    QTest::newRow("email") << u8("user@example.com") << u8("invalid: looks like an e-mail address, not a URL");
    QTest::newRow("empty") << u8("   ") << u8("invalid: empty");

    QTest::newRow("ftp") << u8("ftp://example.com/file") << u8("scheme: ftp is not http or https");
    QTest::newRow("mailto") << u8("mailto:x@y") << u8("scheme: mailto is not http or https");
    QTest::newRow("javascript") << u8("javascript:alert(1)") << u8("scheme: javascript is not http or https");
    QTest::newRow("file") << u8("file:///etc/passwd") << u8("scheme: file is not http or https");
    QTest::newRow("data alone") << u8("data:") << u8("scheme: data is not http or https");
    QTest::newRow("data uri") << u8("data:text/plain,hi") << u8("scheme: data is not http or https");
    QTest::newRow("upper ftp") << u8("FTP://example.com") << u8("scheme: ftp is not http or https");
}

void TestUrlList::normalise()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);

    QString why = QStringLiteral("untouched");
    const QUrl url = UrlListParser::normalise(input, &why);
    if (expected.startsWith(QLatin1String("http"))) {
        QVERIFY2(url.isValid(), qPrintable(why));
        QCOMPARE(QString::fromLatin1(url.toEncoded()), expected);
        QVERIFY(!url.hasFragment());
        // The null-why overload must agree.
        QCOMPARE(UrlListParser::normalise(input), url);
    } else {
        QVERIFY(!url.isValid());
        QVERIFY(!why.contains(QLatin1String("line ")));
        if (expected.endsWith(QLatin1Char('*')))
            QVERIFY2(why.startsWith(expected.chopped(1)), qPrintable(why));
        else
            QCOMPARE(why, expected);
        QVERIFY(!UrlListParser::normalise(input).isValid());
    }
    compareReaderWithParseFile(input.toUtf8());
}

void TestUrlList::parseText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("entries");
    QTest::addColumn<int>("skipped");
    QTest::addColumn<int>("duplicates");

    QTest::newRow("lf") << u8("https://a.com/\nb.com\n") << QStringList{u8("1 https://a.com/"), u8("2 https://b.com")}
                        << 0 << 0;
    QTest::newRow("crlf") << u8("https://a.com/\r\n\r\n# note\r\nb.com\r\n")
                          << QStringList{u8("1 https://a.com/"), u8("4 https://b.com")} << 2 << 0;
    QTest::newRow("lone cr") << u8("https://a.com/\rb.com\r\rc.com")
                             << QStringList{u8("1 https://a.com/"), u8("2 https://b.com"), u8("4 https://c.com")} << 1
                             << 0;
    QTest::newRow("mixed endings, no final newline")
        << u8("a.com\r\nb.com\nc.com\rd.com")
        << QStringList{u8("1 https://a.com"), u8("2 https://b.com"), u8("3 https://c.com"), u8("4 https://d.com")} << 0
        << 0;
    QTest::newRow("comments and blanks") << u8("# list\n\n   \n  # indented comment\n\thttps://a.com/x  \n")
                                         << QStringList{u8("5 https://a.com/x")} << 4 << 0;
    QTest::newRow("bom in pasted text") << (QChar(0xfeff) + u8("https://a.com/")) << QStringList{u8("1 https://a.com/")}
                                        << 0 << 0;
    QTest::newRow("duplicates") << u8("https://a.com/\nhttps://a.com/\nHTTPS://A.COM/\nhttps://a.com/#x\nb.com\n"
                                      "https://b.com\nhttp://b.com")
                                << QStringList{u8("1 https://a.com/"), u8("5 https://b.com"), u8("7 http://b.com")} << 0
                                << 4;
    QTest::newRow("rejects keep order and line")
        << u8("https://ok.com/\nht!tp://bad url\nftp://x.com/\nmailto:x@y\njavascript:alert(1)\nfile:///etc/passwd\n"
              "data:\nhttp://\nhttps://exa mple.com\nhttps://a.com:99999\nhttps://ok2.com/\nlocalhost:8080")
        << QStringList{u8("1 https://ok.com/"),
                       u8("2 invalid: line 2: contains whitespace"),
                       u8("3 scheme: line 3: ftp is not http or https"),
                       u8("4 scheme: line 4: mailto is not http or https"),
                       u8("5 scheme: line 5: javascript is not http or https"),
                       u8("6 scheme: line 6: file is not http or https"),
                       u8("7 scheme: line 7: data is not http or https"),
                       u8("8 invalid: line 8: no host"),
                       u8("9 invalid: line 9: contains whitespace"),
                       u8("10 invalid: line 10: invalid port*"),
                       u8("11 https://ok2.com/"),
                       u8("12 https://localhost:8080")}
        << 0 << 0;
    QTest::newRow("repeated rejects all kept")
        << u8("bad\nbad\n")
        << QStringList{u8("1 invalid: line 1: not a URL or host name"), u8("2 invalid: line 2: not a URL or host name")}
        << 0 << 0;
    QTest::newRow("text list with comma urls")
        << u8("https://x.com/a,b\nhttps://y.com/c,d,e\nz.com/f,g\n")
        << QStringList{u8("1 https://x.com/a,b"), u8("2 https://y.com/c,d,e"), u8("3 https://z.com/f,g")} << 0 << 0;
    QTest::newRow("text list with one bad comma line")
        << u8("https://x.com/a\nnot, a url\nhttps://y.com/b\n")
        << QStringList{u8("1 https://x.com/a"), u8("2 invalid: line 2: contains whitespace"), u8("3 https://y.com/b")}
        << 0 << 0;
    QTest::newRow("one-column with url header")
        << u8("URL\nhttps://a.com/\n") << QStringList{u8("2 https://a.com/")} << 1 << 0;
    QTest::newRow("idn") << u8("https://bücher.de/\n例子.测试\n")
                         << QStringList{u8("1 https://xn--bcher-kva.de/"), u8("2 https://xn--fsqu00a.xn--0zwm56d")} << 0
                         << 0;
    QTest::newRow("empty") << QString() << QStringList{} << 0 << 0;

    // CSV / TSV
    QTest::newRow("csv with header")
        << u8("name,url,notes\nExample,https://example.com/,first\nFoo,foo.com,\"a, b\"\nBar,ftp://bar.com,x\n")
        << QStringList{u8("2 https://example.com/"), u8("3 https://foo.com"),
                       u8("4 scheme: line 4: ftp is not http or https")}
        << 1 << 0;
    QTest::newRow("csv without header, url in column 2")
        << u8("1,https://a.com/x,alpha\n2,b.com,beta\n3,c.org/p,gamma\n4,https://a.com/x,dup\n")
        << QStringList{u8("1 https://a.com/x"), u8("2 https://b.com"), u8("3 https://c.org/p")} << 0 << 1;
    QTest::newRow("csv quoted fields")
        << u8("url,title\n\"https://a.com/x,y\",\"He said \"\"hi\"\"\"\n\"https://b.com/\",\"two\nlines\"\r\n"
              "https://c.com/,plain\n\"d.com\",\"\"\n")
        << QStringList{u8("2 https://a.com/x,y"), u8("3 https://b.com/"), u8("5 https://c.com/"), u8("6 https://d.com")}
        << 1 << 0;
    QTest::newRow("csv unnamed header") << u8("Name,Homepage2\nA,https://a.com/\nB,https://b.com/\n")
                                        << QStringList{u8("2 https://a.com/"), u8("3 https://b.com/")} << 1 << 0;
    QTest::newRow("csv fuzzy header") << u8("Name,Page URL\nA,https://a.com/\nB,b.com\n")
                                      << QStringList{u8("2 https://a.com/"), u8("3 https://b.com")} << 1 << 0;
    QTest::newRow("csv bad first row is not a header")
        << u8("x,https://a.com/\ny,https://b.com/\nz,ftp://c.com/\n")
        << QStringList{u8("1 https://a.com/"), u8("2 https://b.com/"), u8("3 scheme: line 3: ftp is not http or https")}
        << 0 << 0;
    QTest::newRow("csv chinese header") << u8("名称,网址\n例子,例子.测试\n甲,https://a.com/\n")
                                        << QStringList{u8("2 https://xn--fsqu00a.xn--0zwm56d"), u8("3 https://a.com/")}
                                        << 1 << 0;
    QTest::newRow("csv blanks, comments, short rows")
        << u8("id,website\n\n# skipped\n1,a.com\n2\n3,\n4,  b.com  \n")
        << QStringList{u8("4 https://a.com"), u8("7 https://b.com")} << 5 << 0;
    QTest::newRow("csv unterminated quote is not swallowed")
        << u8("url,t\n\"https://a.com/,x\nhttps://b.com/,y\n")
        << QStringList{u8("2 invalid: line 2: not a URL or host name"), u8("3 https://b.com/")} << 1 << 0;
    QTest::newRow("csv text after closing quote is reported")
        << u8("url,t\n\"https://a.com/\"x,1\n\"https://b.com/\" ,2\n")
        << QStringList{u8("2 invalid: line 2: not a URL or host name"), u8("3 https://b.com/")} << 1 << 0;
    QTest::newRow("csv one quoted column") << u8("\"https://a.com/\"\n\"https://b.com/p,q\"\n")
                                           << QStringList{u8("1 https://a.com/"), u8("2 https://b.com/p,q")} << 0 << 0;
    QTest::newRow("tsv") << u8("url\ttitle\nhttps://a.com/\tA page\nb.com\tB b\n")
                         << QStringList{u8("2 https://a.com/"), u8("3 https://b.com")} << 1 << 0;
    QTest::newRow("tsv without header") << u8("https://a.com/\tA page\nb.com\tB\n")
                                        << QStringList{u8("1 https://a.com/"), u8("2 https://b.com")} << 0 << 0;
    QTest::newRow("semicolon csv") << u8("Name;URL\nA;https://a.com/\nB;b.com\n")
                                   << QStringList{u8("2 https://a.com/"), u8("3 https://b.com")} << 1 << 0;
    QTest::newRow("crlf csv") << u8("url,n\r\nhttps://a.com/,1\r\n\r\nhttps://b.com/,2\r\n")
                              << QStringList{u8("2 https://a.com/"), u8("4 https://b.com/")} << 2 << 0;
}

void TestUrlList::parseText()
{
    QFETCH(QString, text);
    QFETCH(QStringList, entries);
    QFETCH(int, skipped);
    QFETCH(int, duplicates);

    const UrlList list = UrlListParser::parseText(text);
    QVERIFY2(list.error.isEmpty(), qPrintable(list.error));
    compareEntries(describe(list), entries);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(list.skipped, skipped);
    QCOMPARE(list.duplicates, duplicates);
    QVERIFY(consistent(list));
    int rejected = 0;
    for (const QString &e : entries)
        rejected += e.contains(QLatin1String(": line ")) ? 1 : 0;
    QCOMPARE(list.invalidCount(), rejected);
    QCOMPARE(list.validCount(), int(entries.size()) - rejected);

    // The same text as UTF-8 bytes must give the same result.
    const UrlList fromBytes = UrlListParser::parse(text.toUtf8());
    QCOMPARE(describe(fromBytes), describe(list));
    QCOMPARE(fromBytes.encoding, QStringLiteral("UTF-8"));

    // Read from a file as a stream, in each encoding with a byte order mark too.
    compareReaderWithParseFile(text.toUtf8());
    compareReaderWithParseFile(utf16(text, false));
    compareReaderWithParseFile(utf16(text, true));
}

void TestUrlList::parseBytes_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QStringList>("entries");
    QTest::addColumn<QStringList>("texts");
    QTest::addColumn<int>("skipped");

    const QString list = u8("# 列表\r\nhttps://bücher.de/\r\n例子.测试\r\n");
    const QStringList listEntries{u8("2 https://xn--bcher-kva.de/"), u8("3 https://xn--fsqu00a.xn--0zwm56d")};
    const QStringList listTexts{u8("https://bücher.de/"), u8("例子.测试")};

    QTest::newRow("utf-8") << list.toUtf8() << u8("UTF-8") << listEntries << listTexts << 1;
    QTest::newRow("utf-8 bom") << (QByteArray("\xEF\xBB\xBF") + list.toUtf8()) << u8("UTF-8") << listEntries
                               << listTexts << 1;
    QTest::newRow("utf-16le bom") << utf16(list, false) << u8("UTF-16LE") << listEntries << listTexts << 1;
    QTest::newRow("utf-16be bom") << utf16(list, true) << u8("UTF-16BE") << listEntries << listTexts << 1;
    QTest::newRow("gbk") << kGbkList << u8("GB18030")
                         << QStringList{u8("2 https://xn--fsqu00a.xn--0zwm56d"),
                                        u8("3 https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84")}
                         << QStringList{u8("例子.测试"), u8("https://例子.测试/路径")} << 1;
    // "网址,名称\n" in GBK, then one row.
    QTest::newRow("gbk csv header") << (QByteArray::fromHex("cdf8d6b72cc3fbb3c60a") + "a.com,x\n") << u8("GB18030")
                                    << QStringList{u8("2 https://a.com")} << QStringList{u8("a.com")} << 1;
    QTest::newRow("ascii") << QByteArray("https://a.com/\n") << u8("UTF-8") << QStringList{u8("1 https://a.com/")}
                           << QStringList{u8("https://a.com/")} << 0;
    QTest::newRow("esc and form feed are text")
        << QByteArray("\x1b[0m\fhttps://a.com/\n") << u8("UTF-8") << QStringList{u8("1 invalid: line 1: *")}
        << QStringList{u8("\x1b[0m\fhttps://a.com/")} << 0;
}

void TestUrlList::parseBytes()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, encoding);
    QFETCH(QStringList, entries);
    QFETCH(QStringList, texts);
    QFETCH(int, skipped);

    const UrlList list = UrlListParser::parse(data);
    QVERIFY2(list.error.isEmpty(), qPrintable(list.error));
    QCOMPARE(list.encoding, encoding);
    compareEntries(describe(list), entries);
    if (QTest::currentTestFailed())
        return;
    QStringList actualTexts;
    for (const UrlEntry &e : list.entries)
        actualTexts.append(e.text);
    QCOMPARE(actualTexts, texts);
    QCOMPARE(list.skipped, skipped);
    QVERIFY(consistent(list));
    compareReaderWithParseFile(data);
}

// The entry's URL in its FullyEncoded form is what QNetworkAccessManager sends and what the export writes:
// a line already percent-encoded comes back exactly as typed (TolerantMode keeps "%2C%20%22"), raw
// non-ASCII becomes percent-encoded UTF-8, an IDN host punycode. A raw space is not guessed into %20: a
// line is one URL, and "https://x.com/a b" may as well be a URL and a note, so it stays rejected.
void TestUrlList::wireForm_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("wire"); // or the reason it is rejected

    QTest::newRow("encoded delimiters kept as typed")
        << u8("http://h.test/title?t=a%2C%20%22b%22") << u8("http://h.test/title?t=a%2C%20%22b%22");
    QTest::newRow("encoded reserved characters kept")
        << u8("http://h.test/a%2Fb%3Fc%23?d=%26%3D%2B%25") << u8("http://h.test/a%2Fb%3Fc%23?d=%26%3D%2B%25");
    QTest::newRow("canonical line") << u8("https://h.test/a,b;c=d?e=f&g='h'") << u8("https://h.test/a,b;c=d?e=f&g='h'");
    QTest::newRow("non-ascii path and query")
        << u8("https://h.test/路径?q=ü") << u8("https://h.test/%E8%B7%AF%E5%BE%84?q=%C3%BC");
    QTest::newRow("idn host") << u8("https://bücher.de/straße") << u8("https://xn--bcher-kva.de/stra%C3%9Fe");
    QTest::newRow("idn host, bare") << u8("例子.测试/路径") << u8("https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84");
    QTest::newRow("fragment is not part of the request")
        << u8("http://h.test/p?q=%20#frag%20x") << u8("http://h.test/p?q=%20");
    // QUrl's RFC 3986 normalisations, on the wire too: unreserved characters decoded, hex digits uppercased.
    QTest::newRow("equivalent forms normalised") << u8("http://h.test/%7e%41?q=%2c") << u8("http://h.test/~A?q=%2C");
    QTest::newRow("raw space rejected") << u8("http://h.test/title?t=a \"b\"")
                                        << u8("invalid: line 1: contains whitespace");
}

void TestUrlList::wireForm()
{
    QFETCH(QString, line);
    QFETCH(QString, wire);

    const UrlList list = UrlListParser::parseText(line);
    QCOMPARE(list.entries.size(), 1);
    const UrlEntry &e = list.entries.first();
    if (!wire.startsWith(QLatin1String("http"))) {
        QCOMPARE(e.error, wire);
        return;
    }
    QVERIFY2(e.isValid(), qPrintable(e.error));
    QCOMPARE(e.url.toString(QUrl::FullyEncoded), wire);
    QCOMPARE(QString::fromLatin1(e.url.toEncoded()), wire);
    QCOMPARE(UrlListParser::normalise(line).toString(QUrl::FullyEncoded), wire);
    // And the wire form read back is the same URL: what a CSV cell joins back to.
    QCOMPARE(QUrl(wire, QUrl::StrictMode), e.url);
    compareReaderWithParseFile(line.toUtf8());
}

// The fast path keys canonical lines by their own text; the slow path by QUrl::toEncoded(). Both must agree,
// so an uppercase-scheme twin (always the slow path) of each line must count as a duplicate.
void TestUrlList::duplicateKeys_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("plain") << u8("https://host1.example.com/path/1");
    QTest::newRow("http") << u8("http://example.com");
    QTest::newRow("port") << u8("http://example.com:8080/");
    QTest::newRow("sub-delims") << u8("https://x.com/p!$&'()*+,;=:@~-._?q=a/b?c!$&'()*+,;=:@~");
    QTest::newRow("query only") << u8("https://x.com?q=1");
    QTest::newRow("trailing dot") << u8("https://x.com./");
    QTest::newRow("punycode") << u8("https://xn--bcher-kva.de/");
    QTest::newRow("digits host") << u8("https://123.example/");
    QTest::newRow("ipv4") << u8("https://127.0.0.1:9/x");
    QTest::newRow("percent") << u8("https://x.com/a%20b%7e");
    QTest::newRow("brackets") << u8("https://x.com/a[1]{2}|");
    QTest::newRow("mixed case path") << u8("https://x.com/A/b?C=D");
    QTest::newRow("empty query") << u8("https://a-b.x.com/?");
    QTest::newRow("empty query no path") << u8("https://x.com?");
    QTest::newRow("question marks in query") << u8("https://x.com/p?a=1?b=2&c");
    QTest::newRow("long label") << (u8("https://") + QString(63, QLatin1Char('a')) + u8(".com/"));
    QTest::newRow("xn label") << u8("https://ab--cd.com/");
    QTest::newRow("host only") << u8("http://example.com:65535");
    QTest::newRow("userinfo") << u8("https://user:pw@x.com/");
    QTest::newRow("double slash path") << u8("https://a.com//x//y");
    QTest::newRow("colon and at in path") << u8("https://a.com/a:b@c");
    QTest::newRow("default port kept") << u8("http://a.com:80/x");
    QTest::newRow("same host, other path") << u8("https://host1.example.com/path/2");
}

void TestUrlList::duplicateKeys()
{
    QFETCH(QString, url);
    QString twin = url;
    twin.replace(0, 4, QStringLiteral("HTTP"));
    const UrlList list = UrlListParser::parseText(url + QLatin1Char('\n') + twin + QLatin1Char('\n') + url);
    QCOMPARE(list.entries.size(), 1);
    QVERIFY2(list.entries.first().isValid(), qPrintable(list.entries.first().error));
    QCOMPARE(list.duplicates, 2);
    QCOMPARE(list.entries.first().text, url);
    // However the entry was built, it is the URL QUrl's own parser makes of the line.
    QCOMPARE(list.entries.first().url, QUrl(url, QUrl::TolerantMode));
    QCOMPARE(list.entries.first().url.toEncoded(), QUrl(url, QUrl::TolerantMode).toEncoded());

    // Path case is significant: a changed path must not be taken for a duplicate.
    const UrlList other = UrlListParser::parseText(url + QStringLiteral("\n") + url + QStringLiteral("Z"));
    QCOMPARE(other.entries.size(), 2);
    QCOMPARE(other.duplicates, 0);
    compareReaderWithParseFile((url + QLatin1Char('\n') + twin + QLatin1Char('\n') + url).toUtf8());
    compareReaderWithParseFile((url + QStringLiteral("\n") + url + QStringLiteral("Z")).toUtf8());
}

void TestUrlList::binary_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("reason");

    QTest::newRow("png header") << QByteArray::fromHex("89504e470d0a1a0a0000000d49484452")
                                << u8("not a text file: the input looks binary (NUL bytes at offset 8)");
    QTest::newRow("nul in text") << QByteArray("https://a.com/\nhttps://b\0.com/\n", 31)
                                 << u8("not a text file: the input looks binary (NUL bytes at offset 24)");
    QTest::newRow("control bytes") << QByteArray("\x01\x02\x03\x04https://a.com/\x05\x06")
                                   << u8("not a text file: the input looks binary (30% of the first 20 bytes are "
                                         "control bytes)");
    QTest::newRow("nul in utf-16le") << utf16(u8("a.com") + QChar(0) + u8("x"), false)
                                     << u8("not a text file: the input looks binary (NUL character at position 5)");
}

void TestUrlList::binary()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, reason);

    const UrlList list = UrlListParser::parse(data);
    QCOMPARE(list.error, reason);
    QVERIFY(list.entries.isEmpty());
    QVERIFY(list.encoding.isEmpty());
    QCOMPARE(list.skipped, 0);
    QCOMPARE(list.duplicates, 0);
    compareReaderWithParseFile(data);
}

void TestUrlList::parseFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("list-gbk.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kGbkList);
    file.close();

    const UrlList list = UrlListParser::parseFile(path);
    QVERIFY2(list.error.isEmpty(), qPrintable(list.error));
    QCOMPARE(list.encoding, QStringLiteral("GB18030"));
    QCOMPARE(list.skipped, 1);
    compareEntries(describe(list), {u8("2 https://xn--fsqu00a.xn--0zwm56d"),
                                    u8("3 https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84")});
    QCOMPARE(list.entries.first().text, u8("例子.测试"));
    compareReaderWithParseFile(kGbkList, QStringLiteral("list-gbk.txt"));
}

void TestUrlList::fileErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // The streaming reader refuses the same files with the same words, before reading any entry.
    const auto readerError = [](const QString &path) {
        UrlListReader reader(path);
        return reader.open() ? QString() : reader.error();
    };

    const QString missing = dir.filePath(QStringLiteral("missing.txt"));
    UrlList list = UrlListParser::parseFile(missing);
    QCOMPARE(readerError(missing), list.error);
    QCOMPARE(list.error, QStringLiteral("cannot read %1: No such file or directory").arg(missing));
    QVERIFY(list.entries.isEmpty());

    list = UrlListParser::parseFile(dir.path());
    QCOMPARE(readerError(dir.path()), list.error);
    QCOMPARE(list.error, QStringLiteral("cannot read %1: it is a directory").arg(dir.path()));

    const QString png = dir.filePath(QStringLiteral("image.png"));
    QFile pngFile(png);
    QVERIFY(pngFile.open(QIODevice::WriteOnly));
    pngFile.write(QByteArray::fromHex("89504e470d0a1a0a0000000d4948445200000001"));
    pngFile.close();
    list = UrlListParser::parseFile(png);
    QCOMPARE(readerError(png), list.error);
    QCOMPARE(list.error, QStringLiteral("not a text file: %1 looks binary (NUL bytes at offset 8)").arg(png));
    QVERIFY(list.entries.isEmpty());
    QVERIFY(list.encoding.isEmpty());

    // A sparse file: over the limit without writing 513 MiB.
    const QString huge = dir.filePath(QStringLiteral("huge.txt"));
    QFile hugeFile(huge);
    QVERIFY(hugeFile.open(QIODevice::WriteOnly));
    QVERIFY(hugeFile.resize(qint64(513) * 1024 * 1024));
    hugeFile.close();
    list = UrlListParser::parseFile(huge);
    QCOMPARE(readerError(huge), list.error);
    QCOMPARE(list.error,
             QStringLiteral("cannot read %1: the file is too large (513 MiB; the limit is 512 MiB)").arg(huge));
    QVERIFY(list.entries.isEmpty());

    if (::geteuid() != 0) { // root reads anything, so only a normal user can see the permission error
        const QString locked = dir.filePath(QStringLiteral("locked.txt"));
        QFile lockedFile(locked);
        QVERIFY(lockedFile.open(QIODevice::WriteOnly));
        lockedFile.write("https://a.com/\n");
        lockedFile.close();
        QVERIFY(lockedFile.setPermissions(QFileDevice::Permissions()));
        list = UrlListParser::parseFile(locked);
        QCOMPARE(readerError(locked), list.error);
        QCOMPARE(list.error, QStringLiteral("cannot read %1: Permission denied").arg(locked));
    }
}

void TestUrlList::thousandLines()
{
    enum class Kind
    {
        Comment,
        Repeat,
        Rejected,
        Host
    };
    const auto kindOf = [](int i) {
        if (i % 10 == 0)
            return Kind::Comment;
        if (i % 7 == 0)
            return Kind::Repeat;
        if (i % 97 == 0)
            return Kind::Rejected;
        return Kind::Host;
    };
    QString text;
    int expectedValid = 0;
    int expectedSkipped = 0;
    int expectedDuplicates = 0;
    int expectedInvalid = 0;
    for (int i = 1; i <= 1000; ++i) {
        switch (kindOf(i)) {
        case Kind::Comment:
            text += QStringLiteral("# comment %1\n").arg(i);
            ++expectedSkipped;
            break;
        case Kind::Repeat:
            // Same URL as a bare host on the line before, if that line was one.
            text += QStringLiteral("https://host%1.example.com/\n").arg(i - 1);
            ++(kindOf(i - 1) == Kind::Host ? expectedDuplicates : expectedValid);
            break;
        case Kind::Rejected:
            text += QStringLiteral("gopher://host%1/\n").arg(i);
            ++expectedInvalid;
            break;
        case Kind::Host:
            text += QStringLiteral("host%1.example.com/\n").arg(i);
            ++expectedValid;
            break;
        }
    }
    QVERIFY(expectedDuplicates > 100 && expectedInvalid > 5 && expectedValid > 600);
    const UrlList list = UrlListParser::parse(text.toUtf8());
    QVERIFY(list.error.isEmpty());
    QCOMPARE(list.skipped, expectedSkipped);
    QCOMPARE(list.duplicates, expectedDuplicates);
    QCOMPARE(list.validCount(), expectedValid);
    QCOMPARE(list.invalidCount(), expectedInvalid);
    QCOMPARE(list.entries.size() + list.skipped + list.duplicates, 1000);
    QVERIFY(consistent(list));
    int previous = 0;
    for (const UrlEntry &e : list.entries) {
        QVERIFY(e.line > previous);
        previous = e.line;
        QCOMPARE(kindOf(e.line) == Kind::Rejected, !e.isValid());
        if (e.isValid()) {
            QCOMPARE(e.url.host(),
                     QStringLiteral("host%1.example.com").arg(kindOf(e.line) == Kind::Repeat ? e.line - 1 : e.line));
            QCOMPARE(e.url.path(), QStringLiteral("/"));
        } else {
            QCOMPARE(e.error, QStringLiteral("scheme: line %1: gopher is not http or https").arg(e.line));
        }
    }
    compareReaderWithParseFile(text.toUtf8());
}

// Byte input over 1 MiB is decoded and parsed block by block; line numbers, duplicates across blocks and
// multi-byte characters must come out exactly as in the single-pass reading of the same text.
void TestUrlList::largeInput_data()
{
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QString>("eol");
    QTest::newRow("utf-8 lf") << u8("UTF-8") << u8("\n");
    QTest::newRow("utf-8 crlf") << u8("UTF-8") << u8("\r\n");
    QTest::newRow("utf-8 cr") << u8("UTF-8") << u8("\r");
    QTest::newRow("gb18030 crlf") << u8("GB18030") << u8("\r\n");
}

void TestUrlList::largeInput()
{
    QFETCH(QString, encoding);
    QFETCH(QString, eol);

    QString text;
    int lines = 0;
    for (int i = 0; text.size() < 1500000; ++i, ++lines) {
        switch (i % 6) {
        case 0:
            text += QStringLiteral("https://host%1.example.com/path/%2").arg(i % 500).arg(i);
            break;
        case 1:
            text += u8("例子%1.测试/路径").arg(i);
            break;
        case 2: // repeats a case-0 line far enough back to sit in an earlier block
            text += QStringLiteral("https://host%1.example.com/path/%2")
                        .arg(((i - 20000) % 500 + 500) % 500)
                        .arg(i - 20000);
            break;
        case 3:
            text += QStringLiteral("# comment %1").arg(i);
            break;
        case 4:
            text += QStringLiteral("bad line %1").arg(i);
            break;
        default:
            text += QStringLiteral("  HTTP://Host%1.Example.com/P?q=%1  ").arg(i);
            break;
        }
        text += eol;
    }
    const QByteArray data =
        encoding == QLatin1String("UTF-8") ? text.toUtf8() : QByteArray(QStringEncoder("GB18030").encode(text));
    QVERIFY(data.size() > 2 * 1024 * 1024 / 2);

    const UrlList expected = UrlListParser::parseText(text);
    const UrlList list = UrlListParser::parse(data);
    QVERIFY(list.error.isEmpty());
    QCOMPARE(list.encoding, encoding);
    QCOMPARE(list.entries.size(), expected.entries.size());
    QCOMPARE(describe(list), describe(expected));
    QCOMPARE(list.skipped, expected.skipped);
    QCOMPARE(list.duplicates, expected.duplicates);
    QCOMPARE(list.entries.size() + list.skipped + list.duplicates, lines);
    QVERIFY(list.duplicates > 1000);
    // The last entry is a "bad line" or a later kind; its line number is the real one.
    const UrlEntry &last = list.entries.constLast();
    QVERIFY(last.line > lines - 6 && last.line <= lines);
    QVERIFY(consistent(list));
    compareReaderWithParseFile(data);
}

void TestUrlList::streamMatchesWholeParse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("plain lines") << QByteArray("https://a.example/1\nhttps://a.example/2\n# note\n\nb.example/x\n");
    QTest::newRow("CRLF, duplicates, rejects") << QByteArray("https://a.example/1\r\nhttps://a.example/1\r\n"
                                                             "not a url\r\nftp://x.example/\r\nhttps://a.example/2");
    QTest::newRow("UTF-8 BOM, IDN") << QByteArray("\xef\xbb\xbfhttps://b\xc3\xbc"
                                                  "cher.example/\nhttps://a.example/%2C%20\n");
    QTest::newRow("header line") << QByteArray("url\nhttps://a.example/1\n");
    QTest::newRow("CSV is kept whole") << QByteArray("name,url\nA,https://a.example/1\nB,https://a.example/2\n");
    static const char utf16[] = "\xff\xfeh\0t\0t\0p\0:\0/\0/\0a\0.\0e\0x\0/\0\n\0";
    QTest::newRow("UTF-16 is kept whole") << QByteArray(utf16, sizeof utf16 - 1);
    QTest::newRow("no line break at all") << QByteArray("https://a.example/only");
}

void TestUrlList::streamMatchesWholeParse()
{
    // Fed in pieces of every small size, the stream gives the very entries (and counts) of a whole parse.
    QFETCH(QByteArray, input);
    const UrlList whole = UrlListParser::parse(input);
    for (int piece = 1; piece <= 7; ++piece) {
        UrlListStream stream;
        QVector<UrlEntry> got;
        for (qsizetype at = 0; at < input.size(); at += piece)
            got += stream.feed(QByteArrayView(input).sliced(at, std::min<qsizetype>(piece, input.size() - at)));
        got += stream.finish();
        QCOMPARE(got.size(), whole.entries.size());
        for (qsizetype i = 0; i < got.size(); ++i) {
            QCOMPARE(got.at(i).line, whole.entries.at(i).line);
            QCOMPARE(got.at(i).text, whole.entries.at(i).text);
            QCOMPARE(got.at(i).url, whole.entries.at(i).url);
            QCOMPARE(got.at(i).error, whole.entries.at(i).error);
        }
        QCOMPARE(stream.duplicates(), whole.duplicates);
        QCOMPARE(stream.skipped(), whole.skipped);
    }
    compareReaderWithParseFile(input);
}

void TestUrlList::streamGivesEachLineAsItEnds()
{
    UrlListStream stream;
    QVERIFY(stream.feed("https://a.example/1").isEmpty()); // no line break yet: nothing to give
    const QVector<UrlEntry> first = stream.feed("\nhttps://a.exa");
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.at(0).url, QUrl(QStringLiteral("https://a.example/1")));
    QVERIFY(stream.feed("mple/1\n").isEmpty()); // a duplicate, given once
    QCOMPARE(stream.duplicates(), 1);
    const QVector<UrlEntry> last = stream.finish();
    QVERIFY(last.isEmpty());
}

// Inputs of several pieces (the reader decodes 64 KiB at a time) and over the 1 MiB block that tells the layout:
// records, quoted fields and characters that straddle pieces must come out as in the whole-file parse.
void TestUrlList::readerMatchesParseFileOnLargeInput_data()
{
    QTest::addColumn<QByteArray>("data");

    QString csv = QStringLiteral("name,url,note\r\n");
    QString tsv = QStringLiteral("url\tname\n");
    QString plain;
    for (int i = 0; csv.size() < 1200000; ++i) {
        const QString url = i % 9 == 4 ? QStringLiteral("https://h%1.example/p/%2").arg((i - 4000) % 70).arg(i - 4000)
                            : i % 13 == 0 ? QStringLiteral("not a url %1").arg(i)
                                          : QStringLiteral("https://h%1.example/p/%2").arg(i % 70).arg(i);
        // Quoted notes hold line breaks, delimiters and doubled quotes; some rows are blank or comments.
        csv += QStringLiteral("n%1,%2,\"note %1, with \"\"quotes\"\"\r\nand a second line\"\r\n").arg(i).arg(url);
        if (i % 50 == 0)
            csv += QStringLiteral("\r\n# comment\r\n");
    }
    for (int i = 0; tsv.size() < 1200000; ++i) {
        tsv += (i % 13 == 0 ? QStringLiteral("not a url %1").arg(i)
                            : QStringLiteral("https://h%1.example/p/%2").arg(i % 70).arg(i % 9 == 4 ? i - 4000 : i)) +
               QStringLiteral("\tname %1\n").arg(i);
    }
    for (int i = 0; plain.size() < 1200000; ++i) {
        plain += QStringLiteral("https://h%1.example/p/%2").arg(i % 70).arg(i % 9 == 4 ? i - 4000 : i) +
                 (i % 3 ? QStringLiteral("/\U0001F600\r\n") : QStringLiteral("\r\n")); // a surrogate pair
    }
    QTest::newRow("csv utf-8, quoted line breaks") << csv.toUtf8();
    QTest::newRow("csv utf-8 bom") << (QByteArray("\xEF\xBB\xBF") + csv.toUtf8());
    QTest::newRow("csv utf-16le") << utf16(csv, false);
    QTest::newRow("csv utf-16be") << utf16(csv, true);
    QTest::newRow("csv gb18030") << QByteArray(QStringEncoder("GB18030").encode(csv + u8("例子.测试\r\n")));
    QTest::newRow("tsv") << tsv.toUtf8();
    // Surrogate pairs exactly across the reader's 64 KiB pieces (from the byte after the mark) and the first
    // 1 MiB of open()'s check: unit 32768k - 1 and unit 524286 are high halves.
    QString straddling;
    for (const qsizetype target : {32767, 65535, 98303, 524286}) {
        while (straddling.size() + 60 < target)
            straddling += QStringLiteral("https://s.example/%1\n").arg(straddling.size());
        const qsizetype gap = target - straddling.size();
        straddling += QStringLiteral("https://s.example/") + QString(gap - 18, QLatin1Char('x'));
        QVERIFY(straddling.size() == target);
        straddling += QStringLiteral("\U0001F600\n");
    }
    while (straddling.size() < 1200000)
        straddling += QStringLiteral("https://s.example/%1\n").arg(straddling.size());
    QTest::newRow("utf-16le, pairs across pieces") << utf16(straddling, false);
    QTest::newRow("utf-16be, pairs across pieces") << utf16(straddling, true);
    QTest::newRow("plain utf-16le, surrogate pairs") << utf16(plain, false);
    QTest::newRow("plain utf-16be, surrogate pairs") << utf16(plain, true);
    QString cr = plain;
    cr.replace(QStringLiteral("\r\n"), QStringLiteral("\r"));
    QTest::newRow("plain utf-8, CR only") << cr.toUtf8();
    // A quote that never closes: the rest is read with quotes as text, which needs the end of the input.
    QString unterminated = csv;
    unterminated.insert(unterminated.indexOf(QStringLiteral("\r\nn2000,")) + 2, QStringLiteral("\"x,"));
    QTest::newRow("csv, quote never closed") << unterminated.toUtf8();
    // Bytes that are not UTF-8 late in the file: the whole file is GB18030 (a whole-input decision).
    QTest::newRow("invalid utf-8 at the end") << (plain.toUtf8() + QByteArray("https://x.example/\xB2\xE2\n"));
    QTest::newRow("nul at the end") << (plain.toUtf8() + QByteArray("x\0y\n", 4));
}

void TestUrlList::readerMatchesParseFileOnLargeInput()
{
    QFETCH(QByteArray, data);
    QVERIFY(data.size() > 1024 * 1024);
    compareReaderWithParseFile(data);
}

void TestUrlList::readerReportsDuplicates()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("dups.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("https://a.example/\nhttps://b.example/\n# c\nHTTPS://A.example/\nbad line\nb.example/\n"
               "https://a.example/\n");
    file.close();

    UrlListReader reader(path);
    QVERIFY(reader.open());
    QCOMPARE(reader.read(2).size(), 2); // a, b
    QCOMPARE(reader.entriesRead(), 2);
    const QVector<UrlEntry> rest = reader.read(100);
    QCOMPARE(rest.size(), 1); // the bad line
    QCOMPARE(rest.at(0).line, 5);
    QVERIFY(reader.atEnd());
    QVERIFY(reader.read(100).isEmpty());
    const QVector<UrlDuplicate> dups = reader.takeDuplicates();
    QCOMPARE(dups.size(), 3);
    QCOMPARE(reader.duplicates(), 3);
    QCOMPARE(reader.skipped(), 1);
    QCOMPARE(dups.at(0).line, 4);
    QCOMPARE(dups.at(0).text, QStringLiteral("HTTPS://A.example/"));
    QCOMPARE(dups.at(0).firstIndex, 0);
    QCOMPARE(dups.at(1).line, 6);
    QCOMPARE(dups.at(1).firstIndex, 1);
    QCOMPARE(dups.at(2).line, 7);
    QCOMPARE(dups.at(2).firstIndex, 0);
    // The whole file was parsed in one piece while a and b were still held: compared exactly.
    for (const UrlDuplicate &dup : dups)
        QVERIFY(dup.confirmed);
    QVERIFY(reader.takeDuplicates().isEmpty()); // taken once
}

namespace {

// Sixteen hash values for every URL there is: distinct URLs collide all the time.
quint64 sixteenBuckets(QStringView key)
{
    return qHash(key) % 16;
}

} // namespace

void TestUrlList::readerForcedCollisions()
{
    // More than one 64 KiB piece, so entries are handed out before later lines are parsed.
    QByteArray data;
    for (int i = 0; data.size() < 300000; ++i)
        data += QStringLiteral("https://c.example/page/%1\n").arg(i % 5 == 3 ? i - 2 : i).toUtf8();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("collide.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
    file.close();
    const UrlList whole = UrlListParser::parseFile(path);
    QVERIFY(whole.duplicates > 1000);

    // With a caller that confirms against what it was handed, collisions change nothing.
    for (const int batch : {1, 100, std::numeric_limits<int>::max()}) {
        const ReaderRun run = readWithReader(path, batch, &sixteenBuckets, true);
        QCOMPARE(run.entries.size(), whole.entries.size());
        QCOMPARE(run.duplicateCount, whole.duplicates);
        for (const UrlDuplicate &dup : run.duplicates) {
            QVERIFY(dup.confirmed);
            QCOMPARE(run.entries.at(dup.firstIndex).url, UrlListParser::normalise(dup.text));
        }
    }
    // Without one, a match against an entry already handed out is only probable: reported, and flagged.
    const ReaderRun unconfirmed = readWithReader(path, 1, &sixteenBuckets, false);
    QVERIFY(unconfirmed.duplicateCount > whole.duplicates);
    QCOMPARE(unconfirmed.entries.size() + unconfirmed.duplicateCount, whole.entries.size() + whole.duplicates);
    int probable = 0;
    int falseMatches = 0;
    for (const UrlDuplicate &dup : unconfirmed.duplicates) {
        const bool same = unconfirmed.entries.at(dup.firstIndex).url == UrlListParser::normalise(dup.text);
        probable += dup.confirmed ? 0 : 1;
        falseMatches += same ? 0 : 1;
        QVERIFY(dup.confirmed ? same : true); // a confirmed duplicate is always a real one
    }
    QVERIFY(probable > 0);
    QVERIFY(falseMatches > 0);
    // The real hash on the same file, unconfirmed: no false match.
    const ReaderRun real = readWithReader(path, 1, nullptr, false);
    QCOMPARE(real.entries.size(), whole.entries.size());
    QCOMPARE(real.duplicateCount, whole.duplicates);
}

void TestUrlList::readerReadsAPipe()
{
    // A FIFO cannot be read twice: it is read whole, then parsed like a file.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("fifo"));
    QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
    const QByteArray data = "https://a.example/\nname,url\nhttps://a.example/\nb.example\n";
    std::thread writer([&] {
        QFile out(path);
        if (out.open(QIODevice::WriteOnly))
            out.write(data);
    });
    UrlListReader reader(path);
    const bool opened = reader.open();
    writer.join();
    QVERIFY2(opened, qPrintable(reader.error()));
    const QVector<UrlEntry> entries = reader.read(100);
    const UrlList expected = UrlListParser::parse(data);
    QCOMPARE(entries.size(), expected.entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        QCOMPARE(entries.at(i).line, expected.entries.at(i).line);
        QCOMPARE(entries.at(i).url, expected.entries.at(i).url);
        QCOMPARE(entries.at(i).error, expected.entries.at(i).error);
    }
    QCOMPARE(reader.duplicates(), expected.duplicates);
}

QTEST_GUILESS_MAIN(TestUrlList)
#include "test_urllist.moc"
