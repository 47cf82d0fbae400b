// fanout-cli end to end for what a run checks: sitemaps, links in documents, rules and fanout.toml, with exit codes.
// A real process against the origin; children get a private HOME and XDG directories.
#include "clichild.h"
#include "origin/originserver.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Fanout;

class TestCliLists final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void sitemapIndexByUrl();
    void sitemapFile();
    void rulesAndExitCodes_data();
    void rulesAndExitCodes();
    void excludedUrlsAreNeverRequested();
    void badRulesAreUsageErrors_data();
    void badRulesAreUsageErrors();
    void configFileBesideTheList();
    void documentsWithSources();
    void sourcesAndVerdictsLiveInTheRunFile();

private:
    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Result runCli(const QStringList &arguments);
    QString url(const QString &path) const { return m_origin.baseUrl().toString() + path; }
    QString writeFile(const QString &name, const QByteArray &data);
    // CSV rows after the header (BOM stripped), as text.
    QStringList csvRows(const QString &path);

    OriginServer m_origin;
    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_dir; // new for each test
    QStringList m_requested;
};

void TestCliLists::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY2(m_origin.listen(), qPrintable(m_origin.errorString()));
    QVERIFY(QFile::exists(QStringLiteral(FANOUT_CLI_PATH)));
    connect(&m_origin, &OriginServer::requestArrived, this, [this](const QString &target) { m_requested << target; });
}

void TestCliLists::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_requested.clear();
}

TestCliLists::Result TestCliLists::runCli(const QStringList &arguments)
{
    const FanoutTest::ChildResult r =
        FanoutTest::runChild(QStringLiteral(FANOUT_CLI_PATH), arguments, m_home.path(), m_dir->path());
    return {r.exitCode, r.out, r.err};
}

QString TestCliLists::writeFile(const QString &name, const QByteArray &data)
{
    const QString path = m_dir->filePath(name);
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(data);
    return path;
}

QStringList TestCliLists::csvRows(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray bytes = file.readAll();
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    QStringList rows = QString::fromUtf8(bytes).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    if (!rows.isEmpty())
        rows.removeFirst();
    return rows;
}

void TestCliLists::sitemapIndexByUrl()
{
    const QString out = m_dir->filePath(QStringLiteral("out.csv"));
    const Result r = runCli({QStringLiteral("--sitemap"), url(QStringLiteral("/sitemap/index")), QStringLiteral("-o"),
                             out, QStringLiteral("-q")});
    QCOMPARE(r.exitCode, 1); // /status/404, a broken and a missing sitemap
    const QStringList rows = csvRows(out);
    QCOMPARE(rows.size(), 8); // 2 sitemap errors + 6 distinct URLs
    QVERIFY2(rows.at(0).contains(QLatin1String("broken.xml: line 5:")), qPrintable(rows.at(0)));
    QVERIFY2(rows.at(1).contains(QLatin1String("HTTP 404")), qPrintable(rows.at(1)));
    // The URL both children list is checked once, its sources naming both.
    QVERIFY2(rows.at(2).startsWith(url(QStringLiteral("/status/200,"))), qPrintable(rows.at(2)));
    QVERIFY2(rows.at(2).endsWith(url(QStringLiteral("/sitemap/child.xml.gz:3 | ")) +
                                 url(QStringLiteral("/sitemap/plain.xml:6"))),
             qPrintable(rows.at(2)));
    QVERIFY2(rows.at(4).contains(QLatin1String(",404,")), qPrintable(rows.at(4)));
    QCOMPARE(m_requested.count(QStringLiteral("/status/200")), 1);

    // With the failing URL excluded the run still fails: a sitemap that could not be read is a failure.
    const Result excluded = runCli({QStringLiteral("--sitemap"), url(QStringLiteral("/sitemap/index")),
                                    QStringLiteral("--exclude"), QStringLiteral("/status/404"), QStringLiteral("-q")});
    QCOMPARE(excluded.exitCode, 1);
}

void TestCliLists::sitemapFile()
{
    const QString sitemap = writeFile(QStringLiteral("sitemap.xml"),
                                      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "
                                      "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n<url><loc> " +
                                          url(QStringLiteral("/page/x")).toUtf8() + " </loc></url>\n<url><loc>" +
                                          url(QStringLiteral("/status/204")).toUtf8() + "</loc></url>\n</urlset>\n");
    const QString out = m_dir->filePath(QStringLiteral("out.jsonl"));
    const Result r = runCli({QStringLiteral("--sitemap"), sitemap, QStringLiteral("-o"), out});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains("sitemap.xml: 2 URLs"), r.err.constData());
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
    QCOMPARE(first.value(QLatin1String("status")).toInt(), 200);
    QCOMPARE(first.value(QLatin1String("sources")).toString(), sitemap + QStringLiteral(":3"));
}

void TestCliLists::rulesAndExitCodes_data()
{
    QTest::addColumn<QStringList>("rules");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expect"); // a text the CSV must contain

    QTest::newRow("no rules") << QStringList{} << 1 << QString();
    QTest::newRow("exclude the failures") << QStringList{QStringLiteral("--exclude"), QStringLiteral("/status/[45]")}
                                          << 0 << QStringLiteral("excluded: matches /status/[45]");
    QTest::newRow("exclude twice") << QStringList{QStringLiteral("--exclude"), QStringLiteral("/status/404"),
                                                  QStringLiteral("--exclude"), QStringLiteral("/status/500")}
                                   << 0 << QStringLiteral("excluded: matches /status/500");
    QTest::newRow("include only the good") << QStringList{QStringLiteral("--include"), QStringLiteral("/status/200")}
                                           << 0 << QStringLiteral("excluded: matches no --include");
    QTest::newRow("accept 404 only") << QStringList{QStringLiteral("--accept"), QStringLiteral("200..299,404")} << 1
                                     << QStringLiteral("accepted: status 404");
    QTest::newRow("accept all three") << QStringList{QStringLiteral("--accept"), QStringLiteral("200,404,500..503")}
                                      << 0 << QStringLiteral("accepted: status 500");
    QTest::newRow("accept narrows") << QStringList{QStringLiteral("--accept"), QStringLiteral("404,500"),
                                                   QStringLiteral("--exclude"), QStringLiteral("nothing-matches")}
                                    << 1 << QStringLiteral("status: 200 is not accepted");
    QTest::newRow("only other hosts") << QStringList{QStringLiteral("--only-hosts"), QStringLiteral("example.org")} << 0
                                      << QStringLiteral("excluded: host 127.0.0.1 is not in --only-hosts");
    QTest::newRow("only this host") << QStringList{QStringLiteral("--only-hosts"), QStringLiteral("x.org,127.0.0.1")}
                                    << 1 << QString();
    QTest::newRow("skip this host") << QStringList{QStringLiteral("--skip-hosts"), QStringLiteral("127.0.0.1")} << 0
                                    << QStringLiteral("excluded: host 127.0.0.1 is in --skip-hosts");
}

void TestCliLists::rulesAndExitCodes()
{
    QFETCH(QStringList, rules);
    QFETCH(int, exitCode);
    QFETCH(QString, expect);
    const QString list = writeFile(QStringLiteral("list.txt"),
                                   (url(QStringLiteral("/status/200")) + u'\n' + url(QStringLiteral("/status/404")) +
                                    u'\n' + url(QStringLiteral("/status/500")) + u'\n')
                                       .toUtf8());
    const QString out = m_dir->filePath(QStringLiteral("out.csv"));
    const Result r = runCli(QStringList{list, QStringLiteral("-o"), out} + rules);
    QVERIFY2(r.exitCode == exitCode, r.err.constData());
    const QStringList rows = csvRows(out);
    QCOMPARE(rows.size(), 3); // every URL is a row, excluded or not
    if (!expect.isEmpty())
        QVERIFY2(rows.join(u'\n').contains(expect), qPrintable(rows.join(u'\n')));
}

void TestCliLists::excludedUrlsAreNeverRequested()
{
    const QString list = writeFile(
        QStringLiteral("list.txt"),
        (url(QStringLiteral("/page/kept")) + u'\n' + url(QStringLiteral("/page/never-asked")) + u'\n').toUtf8());
    const Result r = runCli({list, QStringLiteral("--exclude"), QStringLiteral("never"), QStringLiteral("-q")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(m_requested.contains(QStringLiteral("/page/kept")));
    QVERIFY(!m_requested.contains(QStringLiteral("/page/never-asked")));
}

void TestCliLists::badRulesAreUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("regex") << QStringList{QStringLiteral("--exclude"), QStringLiteral("(")}
                           << QStringLiteral("--exclude: '(' is not a regular expression");
    QTest::newRow("accept") << QStringList{QStringLiteral("--accept"), QStringLiteral("200..99")}
                            << QStringLiteral("--accept: '200..99'");
    QTest::newRow("accept word") << QStringList{QStringLiteral("--accept"), QStringLiteral("ok")}
                                 << QStringLiteral("--accept: 'ok'");
    QTest::newRow("base") << QStringList{QStringLiteral("--base"), QStringLiteral("ftp://x/")}
                          << QStringLiteral("--base wants an http(s) URL");
    QTest::newRow("config") << QStringList{QStringLiteral("--config"), QStringLiteral("/nonexistent/fanout.toml")}
                            << QStringLiteral("no such file");
}

void TestCliLists::badRulesAreUsageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const QString list = writeFile(QStringLiteral("list.txt"), url(QStringLiteral("/page/x")).toUtf8());
    const Result r = runCli(QStringList{list} + arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    QVERIFY(m_requested.isEmpty());
}

void TestCliLists::configFileBesideTheList()
{
    const QString list = writeFile(QStringLiteral("team/list.txt"),
                                   (url(QStringLiteral("/status/200")) + u'\n' + url(QStringLiteral("/status/404")) +
                                    u'\n' + url(QStringLiteral("/status/503")) + u'\n')
                                       .toUtf8());
    writeFile(QStringLiteral("team/fanout.toml"), "# the team's rules\nexclude = ['/status/5\\d\\d']\n"
                                                  "accept = [\"200..299\", 404]\nconcurrency = 2\n");
    const QString out = m_dir->filePath(QStringLiteral("out.csv"));
    Result r = runCli({list, QStringLiteral("-o"), out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString csv = csvRows(out).join(u'\n');
    QVERIFY2(csv.contains(QLatin1String("excluded: matches /status/5\\d\\d")), qPrintable(csv));
    QVERIFY2(csv.contains(QLatin1String("accepted: status 404")), qPrintable(csv));
    QVERIFY(!m_requested.contains(QStringLiteral("/status/503")));

    // The command line adds to the file's rules and overrides its single values.
    r = runCli({list, QStringLiteral("--accept"), QStringLiteral("200"), QStringLiteral("-q")});
    QCOMPARE(r.exitCode, 1);

    // Another file by --config; a misspelt key is refused with its line, before any request.
    const QString other = writeFile(QStringLiteral("other.toml"), "accept = \"200\"\nexclud = [\"x\"]\n");
    m_requested.clear();
    r = runCli({list, QStringLiteral("--config"), other});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("other.toml line 2: unknown key 'exclud'"), r.err.constData());
    QVERIFY(m_requested.isEmpty());
    const QString broken = writeFile(QStringLiteral("broken.toml"), "exclude = [\"x\"\n");
    r = runCli({list, QStringLiteral("--config"), broken});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("broken.toml line"), r.err.constData());
}

void TestCliLists::documentsWithSources()
{
    const QString docs = m_dir->filePath(QStringLiteral("docs"));
    auto u = [this](const char *path) {
        return url(QLatin1String(path)).toUtf8();
    };
    writeFile(QStringLiteral("docs/index.html"), "<p><a href=\"" + u("/page/one") +
                                                     "\">one</a>\n<img src=\"logo\">\n<!-- <a href=\"" +
                                                     u("/status/500") + "\"> -->\n");
    writeFile(QStringLiteral("docs/guide/README.md"), "Read [one](" + u("/page/one") + ") and `" + u("/status/500") +
                                                          "`.\n\n```\n" + u("/status/500") + "\n```\n<" +
                                                          u("/status/404") + ">\n");
    writeFile(QStringLiteral("docs/.git/x.html"), "<a href=\"" + u("/status/500") + "\">");

    const QString out = m_dir->filePath(QStringLiteral("out.csv"));
    Result r = runCli({docs, QStringLiteral("-o"), out});
    QCOMPARE(r.exitCode, 1); // the 404
    QStringList rows = csvRows(out);
    QCOMPARE(rows.size(), 3);
    QVERIFY2(rows.at(0).startsWith(url(QStringLiteral("/page/one,"))), qPrintable(rows.at(0)));
    QVERIFY2(
        rows.at(0).endsWith(docs + QStringLiteral("/guide/README.md:1 | ") + docs + QStringLiteral("/index.html:1")),
        qPrintable(rows.at(0)));
    QVERIFY2(rows.at(1).contains(QLatin1String(",404,")), qPrintable(rows.at(1)));
    QVERIFY2(rows.at(2).startsWith(QLatin1String("logo,")) &&
                 rows.at(2).contains(QLatin1String("skipped: relative link, no --base")),
             qPrintable(rows.at(2)));
    QVERIFY(!m_requested.contains(QStringLiteral("/status/500")));

    // With --base the relative image is checked, against the origin; the 404 excluded: every row OK.
    r = runCli({docs, QStringLiteral("--base"), url(QStringLiteral("/page/")), QStringLiteral("--exclude"),
                QStringLiteral("/status/404"), QStringLiteral("-o"), out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    rows = csvRows(out);
    QVERIFY2(rows.at(2).startsWith(url(QStringLiteral("/page/logo,"))), qPrintable(rows.at(2)));
    QVERIFY(m_requested.contains(QStringLiteral("/page/logo")));
}

void TestCliLists::sourcesAndVerdictsLiveInTheRunFile()
{
    auto u = [this](const char *path) {
        return url(QLatin1String(path)).toUtf8();
    };
    const QString doc = writeFile(QStringLiteral("page.md"), "[a](" + u("/status/404") + ")\n\n[b](" +
                                                                 u("/status/404") + ") [c](" + u("/page/x") + ")\n");
    const QString run = m_dir->filePath(QStringLiteral("docs.fanout"));
    Result r = runCli({doc, QStringLiteral("--accept"), QStringLiteral("200,404"), QStringLiteral("--run"), run,
                       QStringLiteral("-q")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // export reads the run file alone: the sources and the accepted verdict come from it.
    const QString out = m_dir->filePath(QStringLiteral("export.jsonl"));
    r = runCli({QStringLiteral("export"), run, QStringLiteral("-o"), out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
    QCOMPARE(first.value(QLatin1String("sources")).toString(),
             doc + QStringLiteral(":1 | ") + doc + QStringLiteral(":3"));
    QVERIFY(first.value(QLatin1String("error")).toString().startsWith(QLatin1String("accepted: status 404")));
    r = runCli({QStringLiteral("export"), run, QStringLiteral("--only"), QStringLiteral("failed"), QStringLiteral("-o"),
                m_dir->filePath(QStringLiteral("failed.csv"))});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(csvRows(m_dir->filePath(QStringLiteral("failed.csv"))).isEmpty());
}

QTEST_GUILESS_MAIN(TestCliLists)
#include "test_clilists.moc"
