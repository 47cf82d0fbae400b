#include "cliapp.h"

#include "engine/checker.h"
#include "engine/resourcelimits.h"
#include "engine/runstats.h"
#include "io/outputtarget.h"
#include "io/resultwriter.h"
#include "io/signalwatcher.h"
#include "io/terminaltext.h"
#include "io/urllist.h"
#include "origin/originserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QSslKey>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace Fanout {

namespace {

enum ExitCode
{
    ExitAllOk = 0,
    ExitSomeFailed = 1,
    ExitUsage = 2 // usage, input or output error
};

void writeErrRaw(const QByteArray &bytes)
{
    // Nothing to report a failure on; a closed stderr must not stop the run or change its exit status.
    OutputTarget::writeAll(STDERR_FILENO, bytes.constData(), bytes.size());
}

// Messages carry text from outside (list lines, paths, option values, Qt's and the system's errors): no
// control or bidi character in them reaches the terminal raw.
void printErr(const QString &text)
{
    writeErrRaw(terminalSafeLines(text).toUtf8());
}

// CSV or JSON Lines on a terminal is read, not parsed: each line is shown as terminalSafe() shows text.
// Anywhere else it stays exactly as received.
QByteArray readableOnTerminal(const QByteArray &data)
{
    QByteArray out;
    out.reserve(data.size() + data.size() / 8);
    const QList<QByteArray> lines = data.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (i + 1 == lines.size() && line.isEmpty())
            break; // after the last line break
        if (line.endsWith('\r'))
            line.chop(1); // CSV's CRLF: the terminal makes its own
        out += terminalSafe(QString::fromUtf8(line)).toUtf8() + '\n';
    }
    return out;
}

QString seconds(qint64 ms)
{
    return QString::number(ms / 1000.0, 'f', ms < 10000 ? 2 : 1) + QStringLiteral(" s");
}

// One human line per URL, as results arrive: what a person scanning a terminal wants to see first. Titles,
// rejected lines and errors quoting a Location are a stranger's text: shown terminal-safe.
QByteArray resultLine(const CheckResult &r)
{
    QString line;
    line += r.status > 0 ? QString::number(r.status) : QStringLiteral("---");
    line += u' ';
    line += QString::number(std::max<qint64>(r.elapsedMs(), 0)).rightJustified(6) + QStringLiteral(" ms  ");
    line += r.url.isValid() ? QString::fromLatin1(r.url.toEncoded()) : r.input;
    if (!r.redirects.isEmpty())
        line += QStringLiteral(" -> ") + QString::fromLatin1(r.finalUrl.toEncoded());
    if (!r.title.isEmpty())
        line += QStringLiteral("  \"") + r.title + u'"';
    if (!r.error.isEmpty())
        line += QStringLiteral("  [") + r.error + u']';
    return terminalSafe(line).toUtf8() + '\n';
}

struct CliOptions
{
    CheckOptions check;
    QString input;
    QString output; // set with hasOutput
    bool hasOutput = false;
    bool bom = true;
    bool quiet = false;
};

// Returns an error message, or an empty string when the options are usable.
QString readCheckOptions(const QCommandLineParser &parser, CliOptions &cli)
{
    auto readInt = [&](const QString &name, int min, int max, int &target) -> QString {
        if (!parser.isSet(name))
            return {};
        bool ok = false;
        const int value = parser.value(name).toInt(&ok);
        if (!ok || value < min || value > max)
            return QStringLiteral("--%1 wants a whole number from %2 to %3, not '%4'")
                .arg(name)
                .arg(min)
                .arg(max)
                .arg(parser.value(name));
        target = value;
        return {};
    };
    CheckOptions &o = cli.check;
    for (const QString &error : {readInt(QStringLiteral("concurrency"), 1, 10000, o.concurrency),
                                 readInt(QStringLiteral("per-host"), 0, 10000, o.perHostLimit),
                                 readInt(QStringLiteral("retries"), 0, 100, o.retries),
                                 readInt(QStringLiteral("max-redirects"), 0, 100, o.maxRedirects)}) {
        if (!error.isEmpty())
            return error;
    }
    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double s = parser.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || s <= 0 || s > 3600)
            return QStringLiteral("--timeout wants seconds between 0 and 3600 (fractions allowed), not '%1'")
                .arg(parser.value(QStringLiteral("timeout")));
        o.timeoutMs = std::max(1, int(s * 1000));
    }
    if (parser.isSet(QStringLiteral("method"))) {
        const QString method = parser.value(QStringLiteral("method")).toLower();
        if (method == QLatin1String("get"))
            o.method = HttpMethod::Get;
        else if (method == QLatin1String("head"))
            o.method = HttpMethod::Head;
        else
            return QStringLiteral("--method is get or head, not '%1'").arg(method);
    }
    if (parser.isSet(QStringLiteral("user-agent")))
        o.userAgent = parser.value(QStringLiteral("user-agent")).toUtf8();
    for (const QString &header : parser.values(QStringLiteral("header"))) {
        const qsizetype colon = header.indexOf(QLatin1Char(':'));
        const QString name = header.left(colon).trimmed();
        if (colon <= 0 || name.isEmpty() || name.contains(QLatin1Char(' ')))
            return QStringLiteral("--header wants 'Name: value', not '%1'").arg(header);
        o.headers.append({name.toUtf8(), header.mid(colon + 1).trimmed().toUtf8()});
    }
    o.ignoreTlsErrors = parser.isSet(QStringLiteral("insecure"));
    o.keepResponseHeaders = false; // nothing the CLI writes uses them: less memory per result
    cli.hasOutput = parser.isSet(QStringLiteral("output"));
    cli.output = parser.value(QStringLiteral("output"));
    cli.bom = !parser.isSet(QStringLiteral("no-bom"));
    cli.quiet = parser.isSet(QStringLiteral("quiet"));
    return {};
}

// Drives one run: feeds the engine, shows progress, writes the output, sets the exit code.
class CliRun final : public QObject
{
public:
    // output: checked already, or null for none.
    CliRun(const CliOptions &options, std::unique_ptr<OutputTarget> output, QObject *parent = nullptr)
        : QObject(parent)
        , m_options(options)
        , m_output(std::move(output))
        , m_checker(this)
        , m_progressToTerminal(isatty(fileno(stderr)) && !options.quiet)
        , m_linesToStdout(!options.quiet && !(m_output && m_output->isStandardOutput()))
    {
        m_checker.setOptions(m_options.check);
        // The first SIGINT, SIGTERM or SIGHUP stops the run the clean way: every result so far is written and
        // the rest reported cancelled; a second SIGINT leaves at once (the watcher's own rule).
        connect(&m_signals, &SignalWatcher::received, this, [this](int signalNumber) { onSignal(signalNumber); });
        connect(&m_checker, &Checker::urlFinished, this, [this](const CheckResult &r) { onResult(r); });
        connect(&m_checker, &Checker::runFinished, this, [this](qint64 wallMs, bool) { onFinished(wallMs); });
        m_progressTimer.setInterval(100);
        // Lines go out in batches (a write per line costs more than the check at thousands a second), at
        // least every tick, so a stream of input gets its answers as it goes.
        connect(&m_progressTimer, &QTimer::timeout, this, [this] {
            flushLines();
            if (m_progressToTerminal)
                drawProgress();
        });
    }

    ~CliRun() override
    {
        if (m_reservedFd >= 0)
            ::close(m_reservedFd);
    }
    Q_DISABLE_COPY_MOVE(CliRun)

    // The whole list at once.
    void start(UrlList list)
    {
        m_rejected = list.invalidCount();
        m_duplicates = list.duplicates;
        reportRejected(list.entries);
        m_results.resize(list.entries.size());
        m_progressTimer.start();
        m_checker.start(targetsFor(list));
    }

    // Lines read from fd as they arrive (a pipe, a terminal): each is checked as soon as its line ends.
    void startStreaming(int fd)
    {
        m_fd = fd;
        m_progressTimer.start();
        m_checker.start({}, Checker::InputMode::Streaming);
        m_notifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] { readInput(); });
    }

    int exitCode() const { return m_exitCode; }

private:
    void readInput()
    {
        char buffer[64 * 1024];
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            return;
        QVector<UrlEntry> entries;
        if (n > 0) {
            entries = m_stream.feed(QByteArrayView(buffer, qsizetype(n)));
        } else {
            m_notifier->setEnabled(false); // end of input (or a read error: what came is what there is)
            entries = m_stream.finish();
            if (!m_stream.error().isEmpty())
                printErr(QStringLiteral("fanout-cli: %1\n").arg(m_stream.error()));
        }
        addEntries(entries);
        if (n <= 0) {
            m_duplicates = m_stream.duplicates();
            m_checker.closeInput();
        }
    }

    void addEntries(const QVector<UrlEntry> &entries)
    {
        if (entries.isEmpty())
            return;
        reportRejected(entries);
        QVector<CheckTarget> targets;
        targets.reserve(entries.size());
        for (const UrlEntry &entry : entries) {
            if (!entry.isValid())
                ++m_rejected;
            targets.append({int(m_results.size() + targets.size()), entry});
        }
        m_results.resize(m_results.size() + targets.size());
        m_checker.appendTargets(targets);
    }

    void reportRejected(const QVector<UrlEntry> &entries) const
    {
        if (m_options.quiet)
            return;
        for (const UrlEntry &entry : entries) {
            if (!entry.isValid())
                printErr(QStringLiteral("fanout-cli: %1 (\"%2\")\n").arg(entry.error, entry.text.left(200)));
        }
    }

    void onSignal(int signalNumber)
    {
        if (m_signal != 0)
            return; // already stopping
        m_signal = signalNumber;
        if (m_notifier)
            m_notifier->setEnabled(false); // no more input: the list is what came so far
        const char *name = signalNumber == SIGINT ? "SIGINT" : signalNumber == SIGTERM ? "SIGTERM" : "SIGHUP";
        if (!m_options.quiet)
            printErr(
                QStringLiteral("\nfanout-cli: %1: stopping; the results so far are kept\n").arg(QLatin1String(name)));
        m_checker.cancel(QStringLiteral("interrupted by ") + QLatin1String(name));
    }

    void onResult(const CheckResult &r)
    {
        m_results[r.id] = r;
        m_stats.add(r);
        if (m_linesToStdout) {
            m_pendingLines += resultLine(r);
            if (m_pendingLines.size() > 64 * 1024)
                flushLines();
        }
    }

    void flushLines()
    {
        if (m_pendingLines.isEmpty())
            return;
        if (m_stdoutError != 0) {
            m_pendingLines.clear();
            return;
        }
        if (m_progressToTerminal)
            writeErrRaw(QByteArrayLiteral("\r\033[K")); // keep the bar from mixing into the lines
        m_stdoutError = OutputTarget::writeAll(STDOUT_FILENO, m_pendingLines.constData(), m_pendingLines.size());
        m_pendingLines.clear();
        if (m_stdoutError == 0)
            return;
        // A closed pipe (SIGPIPE is ignored, so this is EPIPE), a full disk: said once; the exit status is 2.
        printErr(QStringLiteral("fanout-cli: %1\n")
                     .arg(OutputTarget::message(QStringLiteral("-"), qt_error_string(m_stdoutError))));
        // With no output file the results have nowhere left to go: stop asking servers for them. Queued, as
        // this may run inside the checker's own signal.
        if (!m_output)
            QTimer::singleShot(0, &m_checker,
                               [this] { m_checker.cancel(QStringLiteral("stopped: standard output failed")); });
    }

    void drawProgress()
    {
        flushLines();
        const int total = int(m_results.size());
        const int done = m_stats.done;
        const double fraction = total ? double(done) / total : 1.0;
        constexpr int width = 28;
        const int filled = int(fraction * width);
        const qint64 elapsed = m_checker.elapsedMs();
        const double rate = elapsed > 0 ? done * 1000.0 / elapsed : 0;
        const QString bar = QString(filled, QLatin1Char('#')) + QString(width - filled, QLatin1Char('.'));
        // Our own control sequences, nothing from outside: written as they are.
        writeErrRaw(QStringLiteral("\r\033[K[%1] %2% %3/%4  ok %5  failed %6  in flight %7  %8  %9 URL/s")
                        .arg(bar)
                        .arg(int(fraction * 100))
                        .arg(done)
                        .arg(total)
                        .arg(m_stats.ok)
                        .arg(m_stats.failed)
                        .arg(m_checker.inFlight())
                        .arg(seconds(elapsed))
                        .arg(rate, 0, 'f', 0)
                        .toUtf8());
    }

    void onFinished(qint64 wallMs)
    {
        m_progressTimer.stop();
        flushLines();
        if (m_progressToTerminal)
            writeErrRaw(QByteArrayLiteral("\r\033[K"));
        m_stats.wallMs = wallMs;
        m_exitCode = m_stdoutError != 0   ? ExitUsage
                     : m_signal != 0      ? SignalWatcher::exitCodeFor(m_signal)
                     : m_stats.failed > 0 ? ExitSomeFailed
                                          : ExitAllOk;
        if (m_reservedFd >= 0) {
            ::close(m_reservedFd); // the export's file can be opened even if the run used up every other one
            m_reservedFd = -1;
        }

        QString error;
        if (m_output && !writeOutput(&error)) {
            printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
            m_exitCode = ExitUsage;
        }
        if (!m_options.quiet)
            printSummary();
        QCoreApplication::exit(m_exitCode);
    }

    bool writeOutput(QString *error)
    {
        if (!m_output->open(error))
            return false;
        const bool isFile = m_output->kind() == OutputTarget::Kind::File;
        QByteArray data = ResultWriter::formatForPath(m_output->path()) == ExportFormat::JsonLines
                              ? ResultWriter::toJsonLines(m_results)
                              : ResultWriter::toCsv(m_results, m_options.bom && isFile); // spreadsheets open files
        if (m_output->isTerminal())
            data = readableOnTerminal(data);
        return m_output->write(data, error) && m_output->commit(error);
    }

    void printSummary()
    {
        const RunStats &s = m_stats;
        QString text = QStringLiteral("Checked %1 URLs in %2: %3 OK, %4 failed")
                           .arg(s.done)
                           .arg(seconds(s.wallMs))
                           .arg(s.ok)
                           .arg(s.failed);
        if (m_rejected > 0)
            text += QStringLiteral(" (%1 rejected %2)")
                        .arg(m_rejected)
                        .arg(m_rejected == 1 ? QStringLiteral("line") : QStringLiteral("lines"));
        if (m_duplicates > 0)
            text += QStringLiteral(", %1 duplicates skipped").arg(m_duplicates);
        text += QStringLiteral(".\nSum of per-URL durations %1 (what a one-at-a-time loop would take); speed-up %2x at "
                               "concurrency %3; %4 URL/s.\n")
                    .arg(seconds(s.sumMs))
                    .arg(s.speedUp(), 0, 'f', 1)
                    .arg(m_options.check.concurrency)
                    .arg(s.urlsPerSecond(), 0, 'f', 0);
        printErr(text);
    }

    CliOptions m_options;
    std::unique_ptr<OutputTarget> m_output;
    Checker m_checker;
    SignalWatcher m_signals;
    UrlListStream m_stream;
    QSocketNotifier *m_notifier = nullptr;
    int m_fd = -1;
    int m_signal = 0; // the signal that stopped the run
    int m_rejected = 0;
    int m_duplicates = 0;
    QVector<CheckResult> m_results;
    RunStats m_stats;
    QTimer m_progressTimer;
    QByteArray m_pendingLines;
    bool m_progressToTerminal = false;
    bool m_linesToStdout = true;
    int m_exitCode = ExitAllOk;
    int m_stdoutError = 0; // errno of the first failed write of the per-URL lines
    // Kept open during the run and closed just before the results are written: idle keep-alive connections
    // to hosts a run has moved on from are outside the descriptor budget (resourcelimits.h), and a run over
    // many hosts can use up the limit; its results must still reach the output file.
    int m_reservedFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
};

int runServe(QCoreApplication &app, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Serve Fanout's local test origin on loopback until stopped."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("port"), QStringLiteral("Port to listen on (0 = a free one)."),
                      QStringLiteral("N"), QStringLiteral("18080")});
    parser.addOption({QStringLiteral("hosts"), QStringLiteral("Listen on 127.0.0.1 .. 127.0.0.K."), QStringLiteral("K"),
                      QStringLiteral("1")});
    parser.addOption(
        {QStringLiteral("tls-cert"), QStringLiteral("Serve HTTPS with this PEM certificate."), QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("tls-key"), QStringLiteral("PEM private key for --tls-cert."), QStringLiteral("FILE")});
    QString routesHelp = QStringLiteral("Routes:\n");
    for (const auto &route : OriginServer::routes())
        routesHelp += QStringLiteral("  %1  %2\n").arg(route.first, -24).arg(route.second);
    parser.setApplicationDescription(parser.applicationDescription() + QLatin1Char('\n') + routesHelp);
    parser.process(arguments);

    auto *server = new OriginServer(&app);
    bool ok = false;
    const int port = parser.value(QStringLiteral("port")).toInt(&ok);
    const int hosts = parser.value(QStringLiteral("hosts")).toInt();
    if (!ok || port < 0 || port > 65535 || hosts < 1 || hosts > 254) {
        printErr(QStringLiteral("fanout-cli serve: --port is 0..65535 and --hosts 1..254\n"));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("tls-cert"))) {
        QFile certFile(parser.value(QStringLiteral("tls-cert")));
        QFile keyFile(parser.value(QStringLiteral("tls-key")));
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            printErr(QStringLiteral("fanout-cli serve: cannot read the certificate or key\n"));
            return ExitUsage;
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
        tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        server->setTlsConfiguration(tls);
    }
    if (!server->listen(quint16(port), hosts)) {
        printErr(QStringLiteral("fanout-cli serve: %1\n").arg(server->errorString()));
        return ExitUsage;
    }
    printErr(QStringLiteral("Serving %1 on %2 host(s); Ctrl+C stops.\n").arg(server->baseUrl().toString()).arg(hosts));
    return app.exec();
}

} // namespace

int runCli(QCoreApplication &app)
{
    // A closed pipe must be an error we report (EPIPE, exit 2), not a silent death that loses the output file.
    std::signal(SIGPIPE, SIG_IGN);
    // Before any thread or socket exists; the origin (`serve`) wants it as much as a check.
    const qint64 descriptorLimit = raiseDescriptorLimit();
    QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("serve")) {
        arguments.removeAt(1);
        return runServe(app, arguments);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Check a list of URLs concurrently: status, title, timing, redirects.\n"
                       "Exit status: 0 every URL OK, 1 some failed, 2 usage, input or output error.\n"
                       "Also: fanout-cli serve [--port N] starts the local test origin."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("URL list (.txt, .csv, .tsv), or - for stdin."));
    parser.addOptions({
        {{QStringLiteral("c"), QStringLiteral("concurrency")},
         QStringLiteral("Requests in flight at once (default 16)."),
         QStringLiteral("N")},
        {QStringLiteral("per-host"), QStringLiteral("At most N at once per host (default: no per-host cap)."),
         QStringLiteral("N")},
        {QStringLiteral("timeout"), QStringLiteral("Total time per URL in seconds, fractions allowed (default 10)."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("retries"), QStringLiteral("Retries for connection errors, timeouts, 429 and 503 (default 0)."),
         QStringLiteral("N")},
        {QStringLiteral("method"), QStringLiteral("get (default; reads titles) or head (status only)."),
         QStringLiteral("METHOD")},
        {QStringLiteral("max-redirects"), QStringLiteral("Redirect hops to follow (default 10)."), QStringLiteral("N")},
        {QStringLiteral("user-agent"), QStringLiteral("User-Agent header."), QStringLiteral("TEXT")},
        {{QStringLiteral("H"), QStringLiteral("header")},
         QStringLiteral("Extra request header, repeatable."),
         QStringLiteral("'Name: value'")},
        {QStringLiteral("insecure"), QStringLiteral("Accept invalid TLS certificates.")},
        {{QStringLiteral("o"), QStringLiteral("output")},
         QStringLiteral("Write results to FILE: .csv, or .jsonl; - writes CSV to stdout. A file is replaced "
                        "when the run ends; a device or FIFO is written as it is."),
         QStringLiteral("FILE")},
        {QStringLiteral("no-bom"), QStringLiteral("Write CSV without the UTF-8 byte order mark.")},
        {{QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("No per-URL lines, progress or summary.")},
    });
    if (!parser.parse(arguments)) {
        printErr(QStringLiteral("fanout-cli: %1\nTry fanout-cli --help.\n").arg(parser.errorText()));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitAllOk;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("fanout-cli %s\n", FANOUT_VERSION);
        return ExitAllOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        printErr(
            QStringLiteral("fanout-cli: give exactly one URL list file (or - for stdin).\nTry fanout-cli --help.\n"));
        return ExitUsage;
    }

    CliOptions cli;
    const QString error = readCheckOptions(parser, cli);
    if (!error.isEmpty()) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
        return ExitUsage;
    }
    cli.input = positional.first();

    // Before reading the list or sending a request: a run whose results cannot be written is not started.
    std::unique_ptr<OutputTarget> output;
    if (cli.hasOutput) {
        output = std::make_unique<OutputTarget>(cli.output);
        QString why;
        if (!output->check({cli.input}, &why)) {
            printErr(QStringLiteral("fanout-cli: %1\n").arg(why));
            return ExitUsage;
        }
    }

    // stdin from a pipe or a terminal is read as it comes: a slow producer's first URL is checked at once.
    // A file redirected to stdin, like a named list, is read whole (its encoding and layout can be told).
    const bool fromStdin = cli.input == QLatin1String("-");
    struct stat inputStat = {};
    const bool streaming = fromStdin && ::fstat(STDIN_FILENO, &inputStat) == 0 && !S_ISREG(inputStat.st_mode);
    UrlList list;
    if (fromStdin && !streaming) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            printErr(QStringLiteral("fanout-cli: cannot read standard input\n"));
            return ExitUsage;
        }
        list = UrlListParser::parse(in.readAll());
    } else if (!fromStdin) {
        list = UrlListParser::parseFile(cli.input);
    }
    if (!list.error.isEmpty()) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(list.error));
        return ExitUsage;
    }

    // A cap the descriptor limit cannot carry ends in SIGABRT (each of the engine's manager threads needs an
    // eventfd) or in sockets failing: lower it, say so even with -q (it changes the run), and complete.
    const int fits = maxConcurrencyForDescriptors(descriptorLimit);
    const int wanted = streaming ? cli.check.concurrency : std::min(cli.check.concurrency, list.validCount());
    if (descriptorLimit > 0 && wanted > fits) {
        printErr(QStringLiteral("fanout-cli: warning: -c %1 needs ~%2 file descriptors, the limit is %3 (ulimit -n); "
                                "using -c %4\n")
                     .arg(cli.check.concurrency)
                     .arg(descriptorsForConcurrency(cli.check.concurrency))
                     .arg(descriptorLimit)
                     .arg(fits));
        cli.check.concurrency = fits;
    }

    CliRun run(cli, std::move(output));
    if (streaming)
        run.startStreaming(STDIN_FILENO);
    else
        run.start(std::move(list));
    app.exec();
    return run.exitCode();
}

} // namespace Fanout
