// fanout-cli end to end: a real process against the built-in origin, exit codes and output files.
// Children get a private HOME and XDG directories; device and FIFO targets live in private directories,
// never in the real /dev.
#include "dnstestserver.h"
#include "engine/resourcelimits.h"
#include "origin/originserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <grp.h>
#include <pty.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace Fanout;

class TestCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void exitCodes_data();
    void exitCodes();
    void writesCsvWithBom();
    void dnsServerFlag();
    void writesJsonLines();
    void readsStdin();
    void unwritableOutputIsAnError();
    void urlsAreWrittenAsSent();
    void lowDescriptorLimitLowersTheCap();
    void resultsAreWrittenWhenDescriptorsRunOut();
    void serveSubcommandAnswers();
    void terminalOutputIsEscaped();
    void outputToFifoIsWrittenInPlace();
    void outputToCharacterDevice_data();
    void outputToCharacterDevice();
    void outputToOwnDescriptor();
    void closedPipeIsAnError_data();
    void closedPipeIsAnError();
    void closedPipeStopsARunWithNowhereToWrite();
    void fullDiskIsAnError();
    void outputCheckedBeforeTheRun_data();
    void outputCheckedBeforeTheRun();
    void stdinIsCheckedAsItArrives();
    void signalsKeepTheResults_data();
    void signalsKeepTheResults();

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
                  const std::function<void()> &childSetup = {}, const std::function<void(QProcess &)> &configure = {});
    Result runProgram(const QString &program, const QStringList &arguments, const QByteArray &stdinData = {},
                      const std::function<void()> &childSetup = {},
                      const std::function<void(QProcess &)> &configure = {});
    // Runs fanout-cli with stdout and stderr on a pseudo-terminal; Result::out is what the terminal got.
    Result runCliOnTerminal(const QStringList &arguments);
    QString writeList(const QString &name, const QStringList &lines);
    QString url(const QString &path) const { return m_server.baseUrl().toString() + path; }

    OriginServer m_server;
    QTemporaryDir m_dir;
    QTemporaryDir m_home; // HOME and XDG_* of every child
};

namespace {

// Serves fixed raw responses by request target: what the built-in origin refuses to send (raw control
// characters in a Location, entities in a title).
void serveRaw(QTcpServer &server, const std::function<QByteArray(const QByteArray &target)> &answer)
{
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&server, answer] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, answer] {
                const QByteArray head = socket->peek(8192);
                if (!head.contains("\r\n\r\n"))
                    return;
                socket->readAll();
                socket->write(answer(head.left(head.indexOf("\r\n")).split(' ').value(1)));
                socket->disconnectFromHost();
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

// In the child (async-signal-safe only): as root, become nobody so that file permissions apply.
void dropRootInChild()
{
    if (::geteuid() != 0)
        return;
    constexpr gid_t kNobody = 65534;
    if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0)
        ::_exit(99);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_home.isValid());
    QVERIFY2(m_server.listen(), qPrintable(m_server.errorString()));
    QVERIFY(QFile::exists(QStringLiteral(FANOUT_CLI_PATH)));
}

TestCli::Result TestCli::runCli(const QStringList &arguments, const QByteArray &stdinData,
                                const std::function<void()> &childSetup,
                                const std::function<void(QProcess &)> &configure)
{
    return runProgram(QStringLiteral(FANOUT_CLI_PATH), arguments, stdinData, childSetup, configure);
}

TestCli::Result TestCli::runProgram(const QString &program, const QStringList &arguments, const QByteArray &stdinData,
                                    const std::function<void()> &childSetup,
                                    const std::function<void(QProcess &)> &configure)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name :
         {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"})
        environment.insert(QLatin1String(name), m_home.path());
    process.setProcessEnvironment(environment);
    if (childSetup)
        process.setChildProcessModifier(childSetup);
    if (configure)
        configure(process);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(program, arguments);
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

TestCli::Result TestCli::runCliOnTerminal(const QStringList &arguments)
{
    int master = -1;
    int slave = -1;
    winsize size = {};
    size.ws_col = 200; // wide enough that no line wraps
    size.ws_row = 50;
    if (::openpty(&master, &slave, nullptr, nullptr, &size) != 0)
        return {};
    ::fcntl(master, F_SETFD, FD_CLOEXEC);
    ::fcntl(slave, F_SETFD, FD_CLOEXEC);
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
    QByteArray screen;
    auto drain = [&] {
        char buffer[4096];
        ssize_t n = 0;
        while ((n = ::read(master, buffer, sizeof buffer)) > 0)
            screen.append(buffer, n);
    };
    // Read while it runs: a full terminal buffer would block the child.
    QSocketNotifier notifier(master, QSocketNotifier::Read);
    connect(&notifier, &QSocketNotifier::activated, this, drain);
    Result result = runCli(arguments, {}, [slave] {
        ::dup2(slave, STDOUT_FILENO);
        ::dup2(slave, STDERR_FILENO);
    });
    drain();
    notifier.setEnabled(false);
    ::close(slave);
    ::close(master);
    result.out = screen;
    return result;
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

void TestCli::dnsServerFlag()
{
    // --dns-server asks that server instead of resolv.conf's: every name under .test is 127.0.0.1 there (so
    // the origin answers), anything else NXDOMAIN.
    DnsTestServer dns;
    QVERIFY(dns.listen());
    const QString port = QString::number(m_server.port());
    const QString list =
        writeList(QStringLiteral("dns.txt"), {QStringLiteral("http://site.test:%1/page/1").arg(port),
                                              QStringLiteral("http://gone.invalid:%1/page/2").arg(port)});
    const QString out = m_dir.filePath(QStringLiteral("dns.jsonl"));
    const Result result =
        runCli({QStringLiteral("-q"), QStringLiteral("--dns-server"), dns.servers(), QStringLiteral("-o"), out, list});
    QCOMPARE(result.exitCode, 1); // the .invalid name fails
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(QJsonDocument::fromJson(lines[0]).object().value(QLatin1String("status")).toInt(), 200);
    const QString error = QJsonDocument::fromJson(lines[1]).object().value(QLatin1String("error")).toString();
    QVERIFY2(error.startsWith(QLatin1String("dns: NXDOMAIN for gone.invalid")), qPrintable(error));
    QVERIFY(dns.queries(QStringLiteral("site.test")) >= 1);

    // A value that is no address is refused before anything is checked, with the reason.
    for (const QString &bad : {QStringLiteral("dns.example"), QStringLiteral("127.0.0.1:0"),
                               QStringLiteral("127.0.0.1:99999"), QStringLiteral("[::1")}) {
        const Result refused = runCli({QStringLiteral("--dns-server"), bad, list});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(QString::fromUtf8(refused.err).contains(QLatin1String("--dns-server")), refused.err.constData());
    }
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
    QCOMPARE(QString::fromUtf8(cells.value(cells.size() - 2)), QStringLiteral("302 ") + typed); // then sources
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

// What a person sees running fanout-cli in a terminal: a stranger's title, Location or list line shows its
// controls and bidi characters as escapes; none reaches the terminal raw (the progress bar's own erase-line
// sequence is the only escape sequence written).
void TestCli::terminalOutputIsEscaped()
{
    QTcpServer hostile;
    QVERIFY(hostile.listen(QHostAddress::LocalHost));
    serveRaw(hostile, [](const QByteArray &target) -> QByteArray {
        if (target == "/esc-location")
            return QByteArrayLiteral("HTTP/1.1 302 Found\r\nLocation: http:///\x1b]0;pwned\x07\r\n"
                                     "Content-Length: 0\r\nConnection: close\r\n\r\n");
        const QByteArray page = "<html><head><title>&#27;[2J cleared</title></head></html>";
        return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\nContent-Length: " +
               QByteArray::number(page.size()) + "\r\n\r\n" + page;
    });
    const QString hostileBase = QStringLiteral("http://127.0.0.1:%1").arg(hostile.serverPort());
    const QString list =
        writeList(QStringLiteral("terminal.txt"),
                  {url(QStringLiteral("/title?t=%1B]0;pwned%07Hello")), hostileBase + QStringLiteral("/entity"),
                   url(QStringLiteral("/title?t=%C2%9B1%E2%80%AE2%E2%81%A63%7F")),
                   url(QStringLiteral("/redirect-to?url=http:///%E2%80%AE%C2%9Bq")),
                   hostileBase + QStringLiteral("/esc-location"), QStringLiteral("bad\x1b[2Jline")});
    const Result result = runCliOnTerminal({list});
    QCOMPARE(result.exitCode, 1); // the Locations and the rejected line fail
    const QByteArray screen = result.out;
    for (const QByteArray &shown : {
             QByteArrayLiteral(R"("\x1b]0;pwned\x07Hello")"),
             QByteArrayLiteral(R"("\x1b[2J cleared")"), // &#27; decoded to ESC, then escaped
             QByteArrayLiteral(R"("\u009b1\u202e2\u20663\x7f")"),
             QByteArrayLiteral(R"([redirects: hop 1 has an unusable Location: http:///\u202e\u009bq])"),
             QByteArrayLiteral(R"([redirects: hop 1 has an unusable Location: http:///\x1b]0;pwned\x07])"),
             QByteArrayLiteral(R"(fanout-cli: invalid: line 6: contains a control character ("bad\x1b[2Jline"))"),
             QByteArrayLiteral(R"(---      0 ms  bad\x1b[2Jline  [invalid: line 6)"),
             QByteArrayLiteral("Checked 6 URLs"),
         })
        QVERIFY2(screen.contains(shown), screen.constData());

    QByteArray rest = screen;
    rest.replace("\r\x1b[K", "\r"); // the progress bar's own erase-line
    for (const char byte : std::as_const(rest)) {
        const auto u = static_cast<unsigned char>(byte);
        QVERIFY2((u >= 0x20 && u != 0x7f) || u == '\r' || u == '\n', qPrintable(QString::number(u, 16)));
    }
    const QString text = QString::fromUtf8(rest);
    QVERIFY(!text.contains(QChar::ReplacementCharacter)); // the terminal got valid UTF-8
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        QVERIFY2(!(u >= 0x80 && u <= 0x9f) && u != 0x061c && u != 0x200e && u != 0x200f &&
                     !(u >= 0x202a && u <= 0x202e) && !(u >= 0x2066 && u <= 0x2069),
                 qPrintable(QString::number(u, 16)));
    }

    // The files keep what was received.
    const QString csv = m_dir.filePath(QStringLiteral("terminal.csv"));
    QCOMPARE(runCli({QStringLiteral("-q"), QStringLiteral("-o"), csv, list}).exitCode, 1);
    const QByteArray bytes = readFile(csv);
    QVERIFY(bytes.contains("\x1b]0;pwned\x07Hello"));
    QVERIFY(bytes.contains("\xC2\x9B"
                           "1\xE2\x80\xAE"
                           "2\xE2\x81\xA6"
                           "3\x7f"));
}

// A FIFO is opened and written, not replaced by a file; the reader gets the CSV as the run ends.
void TestCli::outputToFifoIsWrittenInPlace()
{
    const QString fifo = m_dir.filePath(QStringLiteral("results.fifo"));
    const QByteArray nativeFifo = QFile::encodeName(fifo);
    QVERIFY2(::mkfifo(nativeFifo.constData(), 0600) == 0, std::strerror(errno));
    // The reader is there before the run (so the writer's open() does not wait) and reads as bytes come,
    // from the event loop: nothing can hang should the FIFO be replaced instead of written.
    const int reader = ::open(nativeFifo.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    QVERIFY2(reader >= 0, std::strerror(errno));
    const auto closeReader = qScopeGuard([reader] { ::close(reader); });
    QByteArray received;
    QSocketNotifier notifier(reader, QSocketNotifier::Read);
    auto drain = [&] {
        char buffer[4096];
        ssize_t n = 0;
        while ((n = ::read(reader, buffer, sizeof buffer)) > 0)
            received.append(buffer, n);
        if (n == 0)
            notifier.setEnabled(false); // the writer closed (Linux reports no hang-up before a writer came)
    };
    connect(&notifier, &QSocketNotifier::activated, this, drain);
    const QString list =
        writeList(QStringLiteral("fifo.txt"), {url(QStringLiteral("/page/1")), url(QStringLiteral("/page/2"))});
    const Result result = runCli({QStringLiteral("-q"), QStringLiteral("-o"), fifo, list});
    drain();
    QVERIFY2(result.exitCode == 0, result.err.constData());
    struct stat st = {};
    QVERIFY(::lstat(nativeFifo.constData(), &st) == 0);
    QVERIFY(S_ISFIFO(st.st_mode));                               // still a FIFO
    QVERIFY2(received.startsWith("url,"), received.constData()); // no BOM: not a file for a spreadsheet
    QCOMPARE(received.trimmed().split('\n').size(), 3);
    QVERIFY(received.contains("Page 2"));
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("results.fifo*")}, QDir::AllEntries | QDir::System),
             QStringList{QStringLiteral("results.fifo")}); // no temporary file beside it
}

// The /dev/null and /dev/full devices, made as nodes in the private directory: written in place, left
// devices; the full one's ENOSPC is exit 2 with the system's message.
void TestCli::outputToCharacterDevice_data()
{
    QTest::addColumn<int>("minor");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("like /dev/null") << 3 << 0 << QString();
    QTest::newRow("like /dev/full") << 7 << 2 << QStringLiteral("No space left on device");
}

void TestCli::outputToCharacterDevice()
{
    QFETCH(int, minor);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString node = m_dir.filePath(QStringLiteral("device-%1").arg(minor));
    const QByteArray nativeNode = QFile::encodeName(node);
    const dev_t device = makedev(1, unsigned(minor));
    if (::mknod(nativeNode.constData(), S_IFCHR | 0600, device) != 0)
        QSKIP(qPrintable(QStringLiteral("cannot make a device node (needs CAP_MKNOD): %1")
                             .arg(QString::fromLocal8Bit(std::strerror(errno)))));
    const auto removeNode = qScopeGuard([&] { ::unlink(nativeNode.constData()); });
    const int probe = ::open(nativeNode.constData(), O_WRONLY | O_CLOEXEC);
    if (probe < 0)
        QSKIP("device nodes do not open on this file system (mounted nodev?)");
    ::close(probe);

    const QString list = writeList(QStringLiteral("device.txt"), {url(QStringLiteral("/page/1"))});
    const Result result = runCli({QStringLiteral("-q"), QStringLiteral("-o"), node, list});
    QCOMPARE(result.exitCode, exitCode);
    if (message.isEmpty())
        QVERIFY2(result.err.isEmpty(), result.err.constData());
    else
        QCOMPARE(QString::fromUtf8(result.err),
                 QStringLiteral("fanout-cli: Cannot write \"%1\": %2\n").arg(node, message));
    struct stat st = {};
    QVERIFY(::lstat(nativeNode.constData(), &st) == 0);
    QVERIFY(S_ISCHR(st.st_mode)); // not replaced by a regular file
    QCOMPARE(st.st_rdev, device);
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("device-*")}, QDir::AllEntries | QDir::System).size(), 1);
}

// A path naming one of our descriptors is that descriptor, used as it is: into a pipe here (/dev/stdout
// works the same way; the test stays out of the real /dev). The per-URL lines are not mixed into the CSV.
void TestCli::outputToOwnDescriptor()
{
    const QString list = writeList(QStringLiteral("own.txt"), {url(QStringLiteral("/page/3"))});
    const Result result = runCli({QStringLiteral("-o"), QStringLiteral("/proc/self/fd/1"), list});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith("url,"), result.out.constData());
    QCOMPARE(result.out.trimmed().split('\n').size(), 2);
    QVERIFY(result.out.contains("Page 3"));
    QVERIFY2(result.err.contains("1 OK, 0 failed"), result.err.constData());
}

// SIGPIPE is ignored, so writing into a pipe whose reader has gone fails with EPIPE: exit 2 and the
// system's message, never a silent death or exit 0. Results bound for a file still reach it.
void TestCli::closedPipeIsAnError_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("toFile");
    QTest::addColumn<bool>("noRequest");
    QTest::newRow("-o -") << QStringList{QStringLiteral("-q"), QStringLiteral("-o"), QStringLiteral("-")} << false
                          << false;
    QTest::newRow("per-URL lines") << QStringList() << false << false;
    QTest::newRow("lines, results to a file") << QStringList{QStringLiteral("-o")} << true << false;
    // Qt ignores SIGPIPE once it makes a socket; a list of rejected lines makes none.
    QTest::newRow("lines, no socket made") << QStringList() << false << true;
}

void TestCli::closedPipeIsAnError()
{
    QFETCH(QStringList, options);
    QFETCH(bool, toFile);
    QFETCH(bool, noRequest);
    const QString list =
        writeList(QStringLiteral("pipe.txt"),
                  noRequest ? QStringList{QStringLiteral("not a url"), QStringLiteral("ftp://x/")}
                            : QStringList{url(QStringLiteral("/page/1")), url(QStringLiteral("/page/2"))});
    const QString csv = m_dir.filePath(QStringLiteral("pipe.csv"));
    QFile::remove(csv);
    if (toFile)
        options << csv;
    int fds[2];
    QVERIFY(::pipe2(fds, O_CLOEXEC) == 0);
    ::close(fds[0]); // the reader is gone before the first byte
    const int writeEnd = fds[1];
    const Result result = runCli(options << list, {}, [writeEnd] {
        // As a shell starts it, SIGPIPE kills: the child must ignore it itself.
        ::signal(SIGPIPE, SIG_DFL);
        sigset_t pipeSignal;
        ::sigemptyset(&pipeSignal);
        ::sigaddset(&pipeSignal, SIGPIPE);
        ::sigprocmask(SIG_UNBLOCK, &pipeSignal, nullptr);
        ::dup2(writeEnd, STDOUT_FILENO);
    });
    ::close(writeEnd);
    QCOMPARE(result.exitCode, 2); // -1 had SIGPIPE killed it
    QVERIFY2(result.err.contains("fanout-cli: Cannot write to standard output: Broken pipe\n"), result.err.constData());
    if (toFile)
        QCOMPARE(readFile(csv).trimmed().split('\n').size(), 3);
}

// The per-URL lines are the only output and their reader has gone: the URLs not yet requested are not
// (the lines go out in 64 KiB batches off a terminal, so the first failure comes after ~150 of 600 here).
void TestCli::closedPipeStopsARunWithNowhereToWrite()
{
    QStringList urls;
    const QString pad = QString(300, QLatin1Char('x'));
    for (int i = 0; i < 600; ++i)
        urls << url(QStringLiteral("/delay/20/stop%1?pad=%2").arg(i).arg(pad));
    const QString list = writeList(QStringLiteral("stop.txt"), urls);
    int fds[2];
    QVERIFY(::pipe2(fds, O_CLOEXEC) == 0);
    ::close(fds[0]);
    const int writeEnd = fds[1];
    m_server.resetStats();
    const Result result =
        runCli({QStringLiteral("-c"), QStringLiteral("4"), list}, {}, [writeEnd] { ::dup2(writeEnd, STDOUT_FILENO); });
    ::close(writeEnd);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith("fanout-cli: Cannot write to standard output: Broken pipe\n"),
             result.err.constData());
    // Every URL has its row: checked, or cancelled by the stop (neither is left out, and a cancelled one is not
    // counted as checked).
    const QRegularExpressionMatch summary =
        QRegularExpression(QStringLiteral("Checked (\\d+) URLs in [^:]*: (\\d+) OK, 0 failed, (\\d+) cancelled"))
            .match(QString::fromUtf8(result.err));
    QVERIFY2(summary.hasMatch(), result.err.constData());
    QCOMPARE(summary.captured(1).toInt() + summary.captured(3).toInt(), 600);
    QCOMPARE(summary.captured(1), summary.captured(2));
    QVERIFY(summary.captured(3).toInt() > 0);
    QVERIFY2(m_server.stats().requests < 300, qPrintable(QString::number(m_server.stats().requests)));
}

// A full disk: a 64 KiB tmpfs in a private mount namespace (nothing outside sees it). Exit 2 with the
// system's message, and the old file is left as it was, with no temporary file beside it.
void TestCli::fullDiskIsAnError()
{
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    if (unshare.isEmpty())
        QSKIP("unshare(1) is not installed: no private mount namespace for a tiny tmpfs");
    const QString tiny = m_dir.filePath(QStringLiteral("tiny"));
    QVERIFY(QDir().mkpath(tiny));
    QStringList urls;
    const QString pad = QString(800, QLatin1Char('x'));
    for (int i = 0; i < 150; ++i) // ~250 KB of CSV
        urls << url(QStringLiteral("/page/%1?pad=%2").arg(i).arg(pad));
    const QString list = writeList(QStringLiteral("tiny.txt"), urls);
    const QString out = tiny + QStringLiteral("/out.csv");
    const QString script = QStringLiteral("dir=$1; shift; mount -t tmpfs -o size=64k fanout-test \"$dir\" || exit 77; "
                                          "printf 'old results\\n' > \"$dir/out.csv\"; \"$@\"; rc=$?; "
                                          "ls -A \"$dir\"; cat \"$dir/out.csv\"; exit $rc");
    // Not root: a user namespace (-r) may mount a tmpfs all the same.
    QStringList arguments =
        ::geteuid() == 0 ? QStringList{QStringLiteral("-m")} : QStringList{QStringLiteral("-r"), QStringLiteral("-m")};
    arguments << QStringLiteral("sh") << QStringLiteral("-c") << script << QStringLiteral("sh") << tiny
              << QStringLiteral(FANOUT_CLI_PATH) << QStringLiteral("-q") << QStringLiteral("-o") << out << list;
    const Result result = runProgram(unshare, arguments);
    if (result.exitCode == 77 || result.err.startsWith("unshare:"))
        QSKIP(qPrintable(QStringLiteral("no private tmpfs here: ") + QString::fromUtf8(result.err)));
    QCOMPARE(QString::fromUtf8(result.err),
             QStringLiteral("fanout-cli: Cannot write \"%1\": No space left on device\n").arg(out));
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.out, QByteArray("out.csv\nold results\n"));
}

// The target is checked before the list is read or a request sent: exit 2 at once (the list's /hang
// would hold a late check for 30 s), the origin sees no request, the list and an old file stay as they were.
void TestCli::outputCheckedBeforeTheRun_data()
{
    QTest::addColumn<QString>("target"); // in the private directory
    QTest::addColumn<bool>("listOnStdin");
    QTest::addColumn<bool>("asNobody");  // as root, run as nobody so that permissions apply
    QTest::addColumn<QString>("reason"); // DIR stands for the private directory
    QTest::newRow("missing directory") << QStringLiteral("missing/out.csv") << false << false
                                       << QStringLiteral("No such file or directory");
    QTest::newRow("a directory") << QStringLiteral("sub") << false << false << QStringLiteral("Is a directory");
    QTest::newRow("read-only directory") << QStringLiteral("ro/out.csv") << false << true
                                         << QStringLiteral("DIR/ro: Permission denied");
    QTest::newRow("read-only file") << QStringLiteral("old.csv") << false << true
                                    << QStringLiteral("Permission denied");
    QTest::newRow("the input list") << QStringLiteral("list.txt") << false << false
                                    << QStringLiteral("it is the input list \"DIR/list.txt\"");
    QTest::newRow("its hard link") << QStringLiteral("hard.txt") << false << false
                                   << QStringLiteral("it is the input list \"DIR/list.txt\"");
    QTest::newRow("its symlink") << QStringLiteral("soft.csv") << false << false
                                 << QStringLiteral("it is the input list \"DIR/list.txt\"");
    QTest::newRow("another spelling") << QStringLiteral("sub/../list.txt") << false << false
                                      << QStringLiteral("it is the input list \"DIR/list.txt\"");
    QTest::newRow("the list on stdin") << QStringLiteral("list.txt") << true << false
                                       << QStringLiteral("it is the input list (standard input)");
}

void TestCli::outputCheckedBeforeTheRun()
{
    QFETCH(QString, target);
    QFETCH(bool, listOnStdin);
    QFETCH(bool, asNobody);
    QFETCH(QString, reason);
    QTemporaryDir dir; // its own, open to nobody
    QVERIFY(dir.isValid());
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                  QFile::ReadOther | QFile::ExeOther));
    const QString list = dir.filePath(QStringLiteral("list.txt"));
    const QByteArray listBytes = (url(QStringLiteral("/hang")) + u'\n' + url(QStringLiteral("/page/1"))).toUtf8();
    QVERIFY(writeFile(list, listBytes));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("sub")));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("ro")));
    QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("ro")),
                                  QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("old.csv")), "old results\n"));
    QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("old.csv")), QFile::ReadOwner | QFile::ReadOther));
    QVERIFY(::link(QFile::encodeName(list).constData(),
                   QFile::encodeName(dir.filePath(QStringLiteral("hard.txt"))).constData()) == 0);
    QVERIFY(QFile::link(list, dir.filePath(QStringLiteral("soft.csv"))));
    const QString path = dir.filePath(target);
    m_server.resetStats();
    const Result result =
        runCli({QStringLiteral("--timeout"), QStringLiteral("30"), QStringLiteral("-o"), path,
                listOnStdin ? QStringLiteral("-") : list},
               {}, asNobody ? std::function<void()>(dropRootInChild) : std::function<void()>(), [&](QProcess &process) {
                   if (listOnStdin)
                       process.setStandardInputFile(list);
               });
    const QString expected = QStringLiteral("fanout-cli: Cannot write \"%1\": %2\n")
                                 .arg(path, QString(reason).replace(QLatin1String("DIR"), dir.path()));
    QCOMPARE(QString::fromUtf8(result.err), expected); // this alone: no line, no summary
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(m_server.stats().requests, qint64(0));
    QCOMPARE(readFile(list), listBytes);
    QCOMPARE(readFile(dir.filePath(QStringLiteral("old.csv"))), QByteArray("old results\n"));
    QVERIFY(QDir(dir.filePath(QStringLiteral("sub"))).isEmpty());
    QVERIFY(QDir(dir.filePath(QStringLiteral("ro"))).isEmpty());
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             (QStringList{QStringLiteral("hard.txt"), QStringLiteral("list.txt"), QStringLiteral("old.csv"),
                          QStringLiteral("ro"), QStringLiteral("soft.csv"), QStringLiteral("sub")}));
}

void TestCli::stdinIsCheckedAsItArrives()
{
    // A slow producer: the first URL must be requested while the producer has not finished (stdin still open),
    // and a duplicate arriving later is still checked once.
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_home.path());
    process.setProcessEnvironment(environment);
    const QString out = m_dir.filePath(QStringLiteral("streamed.csv"));
    QStringList served;
    QObject context;
    connect(&m_server, &OriginServer::requestServed, &context, [&](const QString &path) { served << path; });
    process.start(QStringLiteral(FANOUT_CLI_PATH),
                  {QStringLiteral("-q"), QStringLiteral("-o"), out, QStringLiteral("-")});
    QVERIFY(process.waitForStarted(5000));
    process.write((url(QStringLiteral("/page/501")) + QLatin1Char('\n')).toUtf8());
    QTRY_VERIFY_WITH_TIMEOUT(served.contains(QStringLiteral("/page/501")), 10000);
    QCOMPARE(process.state(), QProcess::Running); // still waiting for more input
    process.write((url(QStringLiteral("/page/502")) + QLatin1Char('\n') + url(QStringLiteral("/page/501")) +
                   QStringLiteral("\nnot a url\n") + url(QStringLiteral("/page/503")))
                      .toUtf8()); // the last line has no line break
    QTRY_VERIFY_WITH_TIMEOUT(served.contains(QStringLiteral("/page/502")), 10000);
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 1); // the rejected line counts as failed
    const QByteArray csv = readFile(out);
    QCOMPARE(csv.count("/page/501"), 2); // url and final_url of one row
    QCOMPARE(csv.count("/page/502"), 2);
    QCOMPARE(csv.count("/page/503"), 2);
    QVERIFY(csv.contains("invalid: line 4"));
    QCOMPARE(served.count(QStringLiteral("/page/501")), 1);
}

void TestCli::signalsKeepTheResults_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<QString>("name");
    QTest::newRow("SIGINT") << int(SIGINT) << QStringLiteral("SIGINT");
    QTest::newRow("SIGTERM") << int(SIGTERM) << QStringLiteral("SIGTERM");
    QTest::newRow("SIGHUP") << int(SIGHUP) << QStringLiteral("SIGHUP");
}

void TestCli::signalsKeepTheResults()
{
    // Mid-run: what finished is written as it is, the rest as cancelled, the summary printed, 128 + signal.
    QFETCH(int, signalNumber);
    QFETCH(QString, name);
    QStringList lines;
    for (int i = 0; i < 20; ++i)
        lines << url(QStringLiteral("/page/") + QString::number(600 + i));
    for (int i = 0; i < 6; ++i)
        lines << url(QStringLiteral("/hang?sig=") + QString::number(i));
    const QString list = writeList(QStringLiteral("signal-") + name + QStringLiteral(".txt"), lines);
    const QString out = m_dir.filePath(QStringLiteral("signal-") + name + QStringLiteral(".csv"));
    QFile::remove(out);
    writeFile(out, "an older file that must not look current\n");
    m_server.resetStats();
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_home.path());
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(FANOUT_CLI_PATH),
                  {QStringLiteral("-c"), QStringLiteral("26"), QStringLiteral("-o"), out, list});
    QVERIFY(process.waitForStarted(5000));
    // Every page answered and every /hang in flight: then the signal. "Answered" is what the CLI has printed, not
    // what the origin has sent: an answer still on its way to the CLI when the signal comes is rightly cancelled.
    QByteArray printed;
    QTRY_VERIFY2_WITH_TIMEOUT(
        (printed += process.readAllStandardOutput(), printed.count("\"Page 6") == 20 && m_server.stats().inFlight == 6),
        qPrintable(
            QStringLiteral("printed %1, in flight %2").arg(printed.count("\"Page 6")).arg(m_server.stats().inFlight)),
        20000);
    ::kill(pid_t(process.processId()), signalNumber);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 128 + signalNumber);
    const QByteArray err = process.readAllStandardError();
    // The summary: the 6 cut in flight were not checked, so neither "checked" nor failed.
    QVERIFY2(err.contains("Checked 20 URLs"), err.constData());
    QVERIFY2(err.contains("20 OK, 0 failed, 6 cancelled"), err.constData());
    const QByteArray csv = readFile(out);
    QVERIFY(!csv.contains("an older file"));
    QCOMPARE(csv.count(",Page 6"), 20); // every finished row, title and all
    QCOMPARE(csv.count((QStringLiteral("cancelled: interrupted by ") + name).toUtf8()), 6);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.stats().inFlight, 0, 10000);
}

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
