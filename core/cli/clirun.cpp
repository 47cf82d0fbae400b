#include "cli/clirun.h"

#include "cli/cliout.h"
#include "engine/checker.h"
#include "engine/runstats.h"
#include "io/listfeeder.h"
#include "io/outputtarget.h"
#include "io/resultwriter.h"
#include "io/signalwatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace Fanout::Cli {

namespace {

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
        , m_keepResults(m_output != nullptr)
    {
        m_checker.setOptions(m_options.check);
        // The first SIGINT, SIGTERM or SIGHUP stops the run the clean way: every result so far is written and
        // the rest reported cancelled; a second SIGINT leaves at once (the watcher's own rule).
        connect(&m_signals, &SignalWatcher::received, this, [this](int signalNumber) { onSignal(signalNumber); });
        connect(&m_checker, &Checker::urlFinished, this, [this](const CheckResult &r) { onResult(r); });
        connect(&m_checker, &Checker::runFinished, this, [this](qint64 wallMs, bool cancelled) {
            if (cancelled)
                reportUnread();
            onFinished(wallMs);
        });
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
        m_total = int(list.entries.size());
        if (m_keepResults)
            m_results.resize(m_total);
        m_progressTimer.start();
        m_checker.start(targetsFor(list));
    }

    // A list file read as the engine asks for more: memory follows the engine's queue, not the list.
    void startFeeding(ListFeeder *feeder)
    {
        m_feeder = feeder;
        connect(feeder, &ListFeeder::targetsRead, this, [this](const QVector<CheckTarget> &targets) {
            for (const CheckTarget &target : targets) {
                if (!target.entry.isValid()) {
                    ++m_rejected;
                    if (!m_options.quiet)
                        printErr(QStringLiteral("fanout-cli: %1 (\"%2\")\n")
                                     .arg(target.entry.error, target.entry.text.left(200)));
                }
            }
            m_total += int(targets.size());
            if (m_keepResults)
                m_results.resize(m_total);
        });
        connect(feeder, &ListFeeder::finished, this, [this, feeder] {
            m_duplicates = feeder->duplicates();
            if (!feeder->error().isEmpty()) {
                // What came before the failure is checked; the run still ends in an input error.
                m_inputError = true;
                printErr(QStringLiteral("fanout-cli: %1\n").arg(feeder->error()));
            }
        });
        m_progressTimer.start();
        feeder->feed(&m_checker);
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
            targets.append({m_total + int(targets.size()), entry});
        }
        m_total += int(targets.size());
        if (m_keepResults)
            m_results.resize(m_total);
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

    // A cancelled run still gives every URL of the list its row: what the engine was never given is read now
    // and reported as the engine reports what it had not started.
    void reportUnread()
    {
        if (!m_feeder || m_feeder->atEnd())
            return;
        while (!m_feeder->atEnd()) {
            const QVector<CheckTarget> targets = m_feeder->next(4096);
            m_total += int(targets.size());
            if (m_keepResults)
                m_results.resize(m_total);
            for (const CheckTarget &target : targets) {
                m_rejected += target.entry.isValid() ? 0 : 1;
                onResult(Checker::notStarted(target, m_cancelWhy));
            }
        }
        m_duplicates = m_feeder->duplicates();
        if (!m_feeder->error().isEmpty()) {
            m_inputError = true;
            printErr(QStringLiteral("fanout-cli: %1\n").arg(m_feeder->error()));
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
        m_cancelWhy = QStringLiteral("interrupted by ") + QLatin1String(name);
        m_checker.cancel(m_cancelWhy);
    }

    void onResult(const CheckResult &r)
    {
        if (m_keepResults) // only the export at the end reads them
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
            QTimer::singleShot(0, &m_checker, [this] {
                m_cancelWhy = QStringLiteral("stopped: standard output failed");
                m_checker.cancel(m_cancelWhy);
            });
    }

    void drawProgress()
    {
        flushLines();
        const int total = m_total;
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
        m_exitCode = m_stdoutError != 0 || m_inputError ? ExitUsage
                     : m_signal != 0                    ? SignalWatcher::exitCodeFor(m_signal)
                     : m_stats.failed > 0               ? ExitSomeFailed
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
    QVector<CheckResult> m_results; // by id, when an export wants them
    int m_total = 0;                // targets given to the engine
    ListFeeder *m_feeder = nullptr;
    QString m_cancelWhy;
    bool m_inputError = false;
    RunStats m_stats;
    QTimer m_progressTimer;
    QByteArray m_pendingLines;
    bool m_progressToTerminal = false;
    bool m_linesToStdout = true;
    bool m_keepResults = false;
    int m_exitCode = ExitAllOk;
    int m_stdoutError = 0; // errno of the first failed write of the per-URL lines
    // Kept open during the run and closed just before the results are written: idle keep-alive connections
    // to hosts a run has moved on from are outside the descriptor budget (resourcelimits.h), and a run over
    // many hosts can use up the limit; its results must still reach the output file.
    int m_reservedFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
};

} // namespace

int runCheck(QCoreApplication &app, const CliOptions &options, std::unique_ptr<OutputTarget> output, UrlList list,
             int streamFd, ListFeeder *feeder)
{
    CliRun run(options, std::move(output));
    if (feeder)
        run.startFeeding(feeder);
    else if (streamFd >= 0)
        run.startStreaming(streamFd);
    else
        run.start(std::move(list));
    app.exec();
    return run.exitCode();
}

} // namespace Fanout::Cli
