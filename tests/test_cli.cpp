// fanout-cli end to end: a real process against the built-in origin, exit codes and output files.
#include "engine/resourcelimits.h"
#include "origin/originserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <sys/resource.h>

using namespace Fanout;

class TestCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void exitCodes_data();
    void exitCodes();
    void writesCsvWithBom();
    void writesJsonLines();
    void readsStdin();
    void unwritableOutputIsAnError();
    void urlsAreWrittenAsSent();
    void lowDescriptorLimitLowersTheCap();
    void resultsAreWrittenWhenDescriptorsRunOut();
    void serveSubcommandAnswers();

private:
    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    // Runs fanout-cli without blocking the event loop, so the in-process origin keeps answering.
    // childSetup runs in the child between fork and exec (async-signal-safe calls only).
    Result runCli(const QStringList &arguments, const QByteArray &stdinData = {},
                  const std::function<void()> &childSetup = {});
    QString writeList(const QString &name, const QStringList &lines);
    QString url(const QString &path) const { return m_server.baseUrl().toString() + path; }

    OriginServer m_server;
    QTemporaryDir m_dir;
};

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_server.listen(), qPrintable(m_server.errorString()));
    QVERIFY(QFile::exists(QStringLiteral(FANOUT_CLI_PATH)));
}

TestCli::Result TestCli::runCli(const QStringList &arguments, const QByteArray &stdinData,
                                const std::function<void()> &childSetup)
{
    QProcess process;
    if (childSetup)
        process.setChildProcessModifier(childSetup);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(FANOUT_CLI_PATH), arguments);
    if (!process.waitForStarted(5000))
        return {};
    if (!stdinData.isNull()) {
        process.write(stdinData);
        process.closeWriteChannel();
    }
    if (!finished.wait(30000)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

QString TestCli::writeList(const QString &name, const QStringList &lines)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(lines.join(QLatin1Char('\n')).toUtf8());
    return path;
}

void TestCli::exitCodes_data()
{
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas");
    QTest::newRow("all ok") << QStringList{QStringLiteral("/page/1"), QStringLiteral("/page/2")} << QStringList() << 0
                            << QStringLiteral("2 OK, 0 failed");
    QTest::newRow("a 404 fails") << QStringList{QStringLiteral("/page/1"), QStringLiteral("/status/404")}
                                 << QStringList() << 1 << QStringLiteral("1 OK, 1 failed");
    QTest::newRow("a rejected line fails") << QStringList{QStringLiteral("/page/1"), QStringLiteral("!ht!tp://bad url")}
                                           << QStringList() << 1 << QStringLiteral("invalid: line 2");
    QTest::newRow("timeout fails") << QStringList{QStringLiteral("/hang")}
                                   << QStringList{QStringLiteral("--timeout"), QStringLiteral("0.5")} << 1
                                   << QStringLiteral("0 OK, 1 failed");
    QTest::newRow("bad option value") << QStringList{QStringLiteral("/page/1")}
                                      << QStringList{QStringLiteral("-c"), QStringLiteral("zero")} << 2
                                      << QStringLiteral("--concurrency wants");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("/page/1")}
                                    << QStringList{QStringLiteral("--frobnicate")} << 2
                                    << QStringLiteral("Unknown option");
    QTest::newRow("bad header") << QStringList{QStringLiteral("/page/1")}
                                << QStringList{QStringLiteral("-H"), QStringLiteral("nocolon")} << 2
                                << QStringLiteral("--header wants");
}

void TestCli::exitCodes()
{
    QFETCH(QStringList, lines);
    QFETCH(QStringList, extra);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrHas);
    QStringList urls;
    for (const QString &line : lines)
        urls << (line.startsWith(QLatin1Char('/')) ? url(line) : line.mid(1));
    const QString list = writeList(QStringLiteral("list.txt"), urls);
    const Result result = runCli(extra << list);
    QVERIFY2(QString::fromUtf8(result.err).contains(stderrHas), result.err.constData());
    QCOMPARE(result.exitCode, exitCode);
}

void TestCli::writesCsvWithBom()
{
    const QString list = writeList(QStringLiteral("csv.txt"),
                                   {url(QStringLiteral("/gbk")), url(QStringLiteral("/redirect/2")),
                                    url(QStringLiteral("/title?t=%3Dcmd()")), QStringLiteral("mailto:x@y.z")});
    const QString out = m_dir.filePath(QStringLiteral("out.csv"));
    const Result result =
        runCli({QStringLiteral("-q"), QStringLiteral("-c"), QStringLiteral("3"), QStringLiteral("-o"), out, list});
    QCOMPARE(result.exitCode, 1);  // the mailto line fails
    QVERIFY(result.err.isEmpty()); // -q
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    const QList<QByteArray> rows = bytes.mid(3).trimmed().split('\n');
    QCOMPARE(rows.size(), 5);
    QVERIFY(rows[0].startsWith("url,final_url,status,reason,title,content_type,bytes,elapsed_ms,started_ms,finished_ms,"
                               "attempts,redirects,error"));
    QVERIFY(rows[1].contains("百度一下，你就知道"));
    QVERIFY(rows[2].contains("/page/0"));
    QVERIFY(rows[2].contains(",2,"));                             // two hops
    QVERIFY2(rows[3].contains(",'=cmd(),"), rows[3].constData()); // formula defused
    QVERIFY(rows[4].contains("scheme: line 4"));

    const Result noBom = runCli({QStringLiteral("-q"), QStringLiteral("--no-bom"), QStringLiteral("-o"), out, list});
    QCOMPARE(noBom.exitCode, 1);
    QVERIFY(file.seek(0));
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().startsWith("url,"));
}

void TestCli::writesJsonLines()
{
    const QString list =
        writeList(QStringLiteral("json.txt"), {url(QStringLiteral("/page/5")), url(QStringLiteral("/status/503"))});
    const QString out = m_dir.filePath(QStringLiteral("out.jsonl"));
    const Result result = runCli({QStringLiteral("-q"), QStringLiteral("-o"), out, list});
    QCOMPARE(result.exitCode, 1);
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(first.value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(first.value(QStringLiteral("title")).toString(), QStringLiteral("Page 5"));
    QCOMPARE(QJsonDocument::fromJson(lines[1]).object().value(QStringLiteral("status")).toInt(), 503);
}

void TestCli::readsStdin()
{
    const QByteArray input =
        (QStringLiteral("# comment\n") + url(QStringLiteral("/page/9")) + QStringLiteral("\n")).toUtf8();
    const Result result = runCli({QStringLiteral("-"), QStringLiteral("-o"), QStringLiteral("-")}, input);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains("Page 9"), result.out.constData());
    QVERIFY(result.out.startsWith("url,")); // CSV on stdout, no BOM there
}

void TestCli::unwritableOutputIsAnError()
{
    const QString list = writeList(QStringLiteral("w.txt"), {url(QStringLiteral("/page/1"))});
    const Result result = runCli({QStringLiteral("-o"), QStringLiteral("/nonexistent-dir/x/out.csv"), list});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("/nonexistent-dir/x/out.csv"), result.err.constData());

    const Result missing = runCli({m_dir.filePath(QStringLiteral("no-such-list.txt"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(!missing.err.isEmpty());
}

// The url and final_url cells and the terminal line carry the request targets that went on the wire, byte for
// byte, as a bare server sees them: "%2C%20%22" as typed, a raw space in a Location sent (and written) as %20.
void TestCli::urlsAreWrittenAsSent()
{
    QTcpServer wire;
    QVERIFY(wire.listen(QHostAddress::LocalHost));
    QList<QByteArray> targets;
    connect(&wire, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *socket = wire.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket, &targets] {
                const QByteArray head = socket->peek(8192);
                if (!head.contains("\r\n\r\n"))
                    return;
                socket->readAll();
                const QByteArray target = head.left(head.indexOf("\r\n")).split(' ').value(1);
                targets.append(target);
                const QByteArray answer =
                    target.startsWith("/start")
                        ? QByteArrayLiteral("HTTP/1.1 302 Found\r\nLocation: /next?u=x%2C%20y z\r\n")
                        : QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n");
                socket->write(answer + "Content-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(wire.serverPort());
    const QString typed = base + QStringLiteral("/start?t=a%2C%20%22b%22");
    const QString list = writeList(QStringLiteral("wire.txt"), {typed});
    const QString csv = m_dir.filePath(QStringLiteral("wire.csv"));
    const Result result = runCli({QStringLiteral("--no-bom"), QStringLiteral("-o"), csv, list});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(targets, (QList<QByteArray>{"/start?t=a%2C%20%22b%22", "/next?u=x%2C%20y%20z"}));
    const QString finalUrl = base + QStringLiteral("/next?u=x%2C%20y%20z");

    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = file.readAll().trimmed().split('\n');
    QCOMPARE(rows.size(), 2);
    const QList<QByteArray> cells = rows.at(1).trimmed().split(',');
    QCOMPARE(QString::fromUtf8(cells.value(0)), typed); // no cell here needs CSV quoting
    QCOMPARE(QString::fromUtf8(cells.value(1)), finalUrl);
    QCOMPARE(QString::fromUtf8(cells.last()), QStringLiteral("302 ") + typed);
    QVERIFY2(result.out.contains((typed + QStringLiteral(" -> ") + finalUrl).toUtf8()), result.out.constData());
}

// With a hard limit of 256 descriptors, -c 900 to one host used to die in SIGABRT ("QThreadPipe: Unable to
// create pipe") once its manager threads ran out of eventfds, writing nothing. Now the cap is lowered to what
// fits, with a warning, and every URL is checked.
void TestCli::lowDescriptorLimitLowersTheCap()
{
    constexpr rlim_t kLimit = 256;
    const int fits = maxConcurrencyForDescriptors(kLimit);
    QVERIFY(fits > 1 && fits < 300);
    QStringList urls;
    for (int i = 0; i < 300; ++i)
        urls << url(QStringLiteral("/delay/50/fd%1").arg(i));
    const QString list = writeList(QStringLiteral("fd.txt"), urls);
    const QString csv = m_dir.filePath(QStringLiteral("fd.csv"));
    m_server.resetStats();
    const Result result =
        runCli({QStringLiteral("-c"), QStringLiteral("900"), QStringLiteral("-o"), csv, list}, {}, [] {
            const rlimit limit{kLimit, kLimit}; // soft and hard: the child cannot raise it back
            ::setrlimit(RLIMIT_NOFILE, &limit);
        });
    QCOMPARE(result.exitCode, 0); // -1 when it crashed
    const QString warning = QStringLiteral("fanout-cli: warning: -c 900 needs ~%1 file descriptors, the limit is 256 "
                                           "(ulimit -n); using -c %2\n")
                                .arg(descriptorsForConcurrency(900))
                                .arg(fits);
    QVERIFY2(QString::fromUtf8(result.err).startsWith(warning), result.err.constData());
    QVERIFY2(result.err.contains("300 OK, 0 failed"), result.err.constData());
    QVERIFY(!result.err.contains("QThreadPipe"));
    QVERIFY(m_server.stats().maxInFlight <= fits);
    QCOMPARE(m_server.stats().requests, qint64(300));

    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = file.readAll().trimmed().split('\n');
    QCOMPARE(rows.size(), 301);
    for (qsizetype i = 1; i < rows.size(); ++i)
        QVERIFY2(rows.at(i).contains(",200,OK,"), rows.at(i).constData());
}

// Idle keep-alive connections to hosts already checked are outside the budget (resourcelimits.h), so a list
// over many hosts can still use up a low limit mid-run; the results, failures included, must still reach the
// output file instead of "Cannot write ...: Too many open files".
void TestCli::resultsAreWrittenWhenDescriptorsRunOut()
{
    constexpr int kHosts = 200;
    constexpr rlim_t kLimit = 160;
    OriginServer many;
    QVERIFY2(many.listen(0, kHosts), qPrintable(many.errorString()));
    QStringList urls;
    for (int host = 1; host <= kHosts; ++host)
        urls << many.baseUrl(host).toString() + QStringLiteral("/page/1");
    const QString list = writeList(QStringLiteral("hosts.txt"), urls);
    const QString csv = m_dir.filePath(QStringLiteral("hosts.csv"));
    const Result result = runCli({QStringLiteral("-q"), QStringLiteral("-o"), csv, list}, {}, [] {
        const rlimit limit{kLimit, kLimit};
        ::setrlimit(RLIMIT_NOFILE, &limit);
    });
    QVERIFY2(result.exitCode == 0 || result.exitCode == 1, result.err.constData()); // 2: the output was lost
    QFile file(csv);
    QVERIFY2(file.open(QIODevice::ReadOnly), result.err.constData());
    const QList<QByteArray> rows = file.readAll().trimmed().split('\n');
    QCOMPARE(rows.size(), kHosts + 1);
}

void TestCli::serveSubcommandAnswers()
{
    QProcess server;
    server.start(QStringLiteral(FANOUT_CLI_PATH),
                 {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(server.waitForStarted(5000));
    // The chosen port is printed on stderr: "Serving http://127.0.0.1:PORT ..."
    QByteArray banner;
    QTRY_VERIFY_WITH_TIMEOUT((banner += server.readAllStandardError()).contains("Serving"), 5000);
    const qsizetype at = banner.indexOf("http://");
    QVERIFY(at >= 0);
    const QByteArray base = banner.mid(at, banner.indexOf(' ', at) - at);
    const QString list = writeList(QStringLiteral("serve.txt"), {QString::fromUtf8(base) + QStringLiteral("/page/42")});
    const Result result = runCli({QStringLiteral("-o"), QStringLiteral("-"), list});
    server.kill();
    server.waitForFinished();
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains("Page 42"), result.out.constData());
}

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
