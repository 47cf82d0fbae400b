#include "cli/clirun.h"

#include "cli/cliout.h"
#include "cli/runexport.h"
#include "cli/targetsource.h"
#include "engine/checker.h"
#include "engine/runstats.h"
#include "io/outputtarget.h"
#include "io/signalwatcher.h"
#include "store/runfile.h"
#include "store/runrecorder.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace Fanout::Cli {

namespace {

// Drives one run: feeds the engine, records and shows results, exports at the end, sets the exit code.
class CliRun final : public QObject
{
public:
    explicit CliRun(RunSetup setup, QObject *parent = nullptr)
        : QObject(parent)
        , m_setup(std::move(setup))
        , m_options(m_setup.options)
        , m_checker(this)
        , m_progressToTerminal(isatty(fileno(stderr)) && !m_options.quiet)
        , m_linesToStdout(!m_options.quiet && !(m_setup.output && m_setup.output->isStandardOutput()))
    {
        m_checker.setOptions(m_options.check);
        // The first SIGINT, SIGTERM or SIGHUP stops the run the clean way: every result so far is recorded and
        // the rest left for `resume`; a second SIGINT leaves at once (the watcher's own rule).
        connect(&m_signals, &SignalWatcher::received, this, [this](int signalNumber) { onSignal(signalNumber); });
        connect(&m_checker, &Checker::urlFinished, this, [this](const CheckResult &r) { onResult(r); });
        connect(&m_checker, &Checker::runFinished, this, [this](qint64 wallMs, bool) { onFinished(wallMs); });
        connect(&m_checker, &Checker::targetsLow, this, [this] { feed(); });
        // Why a host's URLs stall or turn into skips: said once, when it happens.
        connect(&m_checker, &Checker::hostSlowed, this,
                [this](const QString &host, qint64 untilMs, const QString &why) {
                    if (!m_options.quiet)
                        printErr(QStringLiteral("fanout-cli: %1 asked to slow down (%2): its URLs wait %3 s\n")
                                     .arg(host, why)
                                     .arg(std::max<qint64>(0, untilMs - m_checker.elapsedMs()) / 1000.0, 0, 'f', 1));
                });
        connect(&m_checker, &Checker::hostFailing, this, [this](const QString &host, int errors) {
            if (!m_options.quiet)
                printErr(QStringLiteral("fanout-cli: %1 failed %2 times in a row: its remaining URLs are skipped\n")
                             .arg(host)
                             .arg(errors));
        });
        connect(m_setup.recorder.get(), &RunRecorder::writeFailed, this, [this](const QString &reason) {
            if (!m_setup.recorder->creationFailed()) {
                printErr(QStringLiteral("fanout-cli: warning: the run file stops here: %1\n").arg(reason));
                return;
            }
            // No run file at all (made while the first requests went): nothing of this run can be kept, so it
            // stops; onFinished says why.
            if (m_stopReason.isEmpty())
                stop(QStringLiteral("stopped: the run file could not be created"));
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

    void start()
    {
        m_progressTimer.start();
        m_setup.recorder->addEvent(0, m_setup.resumed ? QStringLiteral("resume") : QStringLiteral("start"),
                                   QStringLiteral("cap %1").arg(m_options.check.concurrency));
        m_checker.start({}, Checker::InputMode::Streaming);
        if (m_setup.source) {
            feed();
            return;
        }
        m_notifier = new QSocketNotifier(m_setup.streamFd, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] { readStream(); });
    }

    int exitCode() const { return m_exitCode; }

private:
    // Gives the engine the next batch of the list; called at start and whenever its queue runs low.
    void feed()
    {
        if (m_notifier && !m_inputClosed && m_stopReason.isEmpty()) {
            m_notifier->setEnabled(true);
            return;
        }
        if (!m_setup.source || m_inputClosed || !m_stopReason.isEmpty())
            return;
        const int batch = std::max(m_checker.lowWaterMark(), 1024);
        addTargets(readBatch(batch));
        if (m_setup.source->atEnd()) {
            m_duplicates = m_setup.source->duplicates();
            closeInput();
        }
    }

    void readStream()
    {
        char buffer[64 * 1024];
        const ssize_t n = ::read(m_setup.streamFd, buffer, sizeof buffer);
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
        QVector<CheckTarget> targets;
        targets.reserve(entries.size());
        for (const UrlEntry &entry : std::as_const(entries))
            targets.append({m_nextStreamId++, entry});
        for (const UrlDuplicate &duplicate : m_stream.takeDuplicates())
            m_setup.recorder->addDuplicate(duplicate.line, duplicate.text, duplicate.firstIndex);
        addTargets(targets);
        if (n <= 0) {
            m_duplicates = m_stream.duplicates();
            closeInput();
            return;
        }
        // A producer faster than the checks waits in the pipe, not in memory: reading resumes when the
        // engine's queue runs low (feed()).
        if (m_checker.queuedCount() >= std::max(kStreamHighWater, 2 * m_checker.lowWaterMark()))
            m_notifier->setEnabled(false);
    }

    // The next batch of the list, its duplicate lines recorded.
    QVector<CheckTarget> readBatch(int max)
    {
        QVector<UrlDuplicate> duplicates;
        QVector<CheckTarget> targets = m_setup.source->next(max, &duplicates);
        for (const UrlDuplicate &duplicate : std::as_const(duplicates))
            m_setup.recorder->addDuplicate(duplicate.line, duplicate.text, duplicate.firstIndex);
        return targets;
    }

    void addTargets(const QVector<CheckTarget> &targets)
    {
        const QVector<CheckTarget> given = recordTargets(targets);
        if (!given.isEmpty())
            m_checker.appendTargets(given);
    }

    // Entries into the run file, with the rules' verdicts and rejected lines reported; returns them as recorded.
    QVector<CheckTarget> recordTargets(const QVector<CheckTarget> &targets)
    {
        if (targets.isEmpty())
            return {};
        m_total += int(targets.size());
        QVector<CheckTarget> ruled;
        if (!m_options.rules.isEmpty()) {
            // A rule's verdict makes the entry a row of its own that the engine never requests.
            ruled = targets;
            for (CheckTarget &target : ruled) {
                if (target.entry.isValid())
                    target.entry.error = m_options.rules.verdict(target.entry.url);
            }
        }
        const QVector<CheckTarget> &given = ruled.isEmpty() ? targets : ruled;
        for (const CheckTarget &target : given) {
            if (target.entry.isValid())
                continue;
            if (CheckResult::isSkippedError(target.entry.error)) {
                ++m_skipped;
                continue;
            }
            ++m_rejected;
            if (!m_options.quiet)
                printErr(
                    QStringLiteral("fanout-cli: %1 (\"%2\")\n").arg(target.entry.error, target.entry.text.left(200)));
        }
        m_setup.recorder->addEntries(given);
        return given;
    }

    void closeInput()
    {
        if (m_inputClosed)
            return;
        m_inputClosed = true;
        m_setup.recorder->setInputComplete(true);
        m_setup.recorder->addEvent(m_checker.elapsedMs(), QStringLiteral("input-closed"),
                                   QStringLiteral("%1 entries").arg(m_total));
        m_checker.closeInput();
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
        stop(QStringLiteral("interrupted by ") + QLatin1String(name));
    }

    // Stops the run: the rest of the list is read into the run file first (not checked), so an export still has
    // a row for every line and `resume` has the whole list; then what is in flight is cancelled.
    void stop(const QString &why)
    {
        m_stopReason = why;
        m_setup.recorder->addEvent(m_checker.elapsedMs(), QStringLiteral("stop"), m_stopReason);
        while (m_setup.source && !m_inputClosed && !m_setup.source->atEnd()) {
            // As feed() records them (rules too), but not given to the engine: exported as cancelled.
            const QVector<CheckTarget> tail = recordTargets(readBatch(4096));
            m_notSent += int(std::count_if(tail.cbegin(), tail.cend(),
                                           [](const CheckTarget &target) { return target.entry.isValid(); }));
        }
        if (m_setup.source && !m_inputClosed) {
            m_inputClosed = true;
            m_duplicates = m_setup.source->duplicates();
            m_setup.recorder->setInputComplete(true);
        }
        m_checker.cancel(m_stopReason);
    }

    void onResult(const CheckResult &r)
    {
        // A cancelled URL has no result: it stays pending in the run file, for `resume`.
        if (r.errorCategory() != QLatin1String("cancelled"))
            m_setup.recorder->addResult(r);
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
        // With no output file the results still go to the run file, but nobody reads this run live: stop asking
        // servers. Queued, as this may run inside the checker's own signal.
        if (!m_setup.output)
            QTimer::singleShot(0, &m_checker, [this] { stop(QStringLiteral("stopped: standard output failed")); });
    }

    void drawProgress()
    {
        flushLines();
        const int done = m_stats.done;
        const double fraction = m_total ? double(done) / m_total : 1.0;
        constexpr int width = 28;
        const int filled = int(fraction * width);
        const qint64 elapsed = m_checker.elapsedMs();
        const double rate = elapsed > 0 ? done * 1000.0 / elapsed : 0;
        const QString bar = QString(filled, QLatin1Char('#')) + QString(width - filled, QLatin1Char('.'));
        // While the list is still being read its total is what came so far: "+" says more may follow.
        const QString total = QString::number(m_total) + (m_inputClosed ? QString() : QStringLiteral("+"));
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
        const bool stopped = m_signal != 0 || !m_stopReason.isEmpty();
        m_setup.recorder->addEvent(wallMs, stopped ? QStringLiteral("stop") : QStringLiteral("finish"), m_stopReason);
        // Written and closed before anything reads it: the export below reads the file, not memory.
        m_setup.recorder->finish(stopped ? RunState::Cancelled : RunState::Finished, wallMs);
        const bool recorded = m_setup.recorder->waitForFinished();
        const QString runPath = m_setup.recorder->path();
        m_setup.reader.reset(); // a resume's read side: closed before the export opens the file again

        QString error;
        std::unique_ptr<RunFile> file;
        const bool noFile = m_setup.recorder->creationFailed();
        if ((m_setup.output || m_setup.resumed) && !noFile) {
            file = RunFile::open(runPath, RunFile::Mode::ReadOnly, &error);
            if (!file)
                printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
        }
        // A resumed run's verdict is the whole run's, not only this pass's.
        int failed = m_stats.failed;
        if (m_setup.resumed && file) {
            failed = 0;
            file->forEachSummary([&failed](const ResultSummary &row) {
                failed += row.isFailed() ? 1 : 0;
                return true;
            });
        }
        m_exitCode = m_stdoutError != 0 || noFile ? ExitUsage
                     : m_signal != 0              ? SignalWatcher::exitCodeFor(m_signal)
                     : failed > 0                 ? ExitSomeFailed
                                                  : ExitAllOk;
        if (m_reservedFd >= 0) {
            ::close(m_reservedFd); // the export's file can be opened even if the run used up every other one
            m_reservedFd = -1;
        }
        if (!recorded)
            printErr(QStringLiteral("fanout-cli: %1\n").arg(m_setup.recorder->failure()));
        if (m_setup.output && !noFile && (!file || !writeOutput(*file, &error))) {
            printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
            m_exitCode = ExitUsage;
        }
        if (!m_options.quiet)
            printSummary(runPath, recorded);
        QCoreApplication::exit(m_exitCode);
    }

    bool writeOutput(RunFile &file, QString *error)
    {
        if (!m_setup.output->open(error))
            return false;
        ExportRequest request;
        request.format = ResultWriter::formatForPath(m_setup.output->path());
        request.utf8Bom = m_options.bom && m_setup.output->kind() == OutputTarget::Kind::File; // spreadsheets
        request.forTerminal = m_setup.output->isTerminal();
        request.pendingError =
            QStringLiteral("cancelled: ") + (m_stopReason.isEmpty() ? QStringLiteral("not checked") : m_stopReason);
        return exportRun(file, *m_setup.output, request, nullptr, error) && m_setup.output->commit(error);
    }

    void printSummary(const QString &runPath, bool recorded)
    {
        const RunStats &s = m_stats;
        QString text = QStringLiteral("Checked %1 URLs in %2: %3 OK, %4 failed")
                           .arg(s.done)
                           .arg(seconds(s.wallMs))
                           .arg(s.ok)
                           .arg(s.failed);
        // Stopped before an answer, or never sent: not checked, so neither OK nor failed, and not in the rates.
        const int cancelled = s.cancelled + m_notSent;
        if (cancelled > 0)
            text += QStringLiteral(", %1 cancelled").arg(cancelled);
        if (m_rejected > 0)
            text += QStringLiteral(" (%1 rejected %2)")
                        .arg(m_rejected)
                        .arg(m_rejected == 1 ? QStringLiteral("line") : QStringLiteral("lines"));
        if (m_duplicates > 0)
            text += QStringLiteral(", %1 duplicates skipped").arg(m_duplicates);
        if (s.skipped > 0)
            text += QStringLiteral(", %1 not requested (excluded or skipped)").arg(s.skipped);
        text += QStringLiteral(".\nSum of per-URL durations %1 (what a one-at-a-time loop would take); speed-up %2x at "
                               "concurrency %3; %4 URL/s.\n")
                    .arg(seconds(s.sumMs))
                    .arg(s.speedUp(), 0, 'f', 1)
                    .arg(m_options.check.concurrency)
                    .arg(s.urlsPerSecond(), 0, 'f', 0);
        text +=
            (recorded ? QStringLiteral("Run file: %1\n") : QStringLiteral("Run file (incomplete): %1\n")).arg(runPath);
        if ((m_signal != 0 || !m_stopReason.isEmpty()) && !m_setup.recorder->creationFailed())
            text += QStringLiteral("Resume with: fanout-cli resume %1\n").arg(runPath);
        printErr(text);
    }

    RunSetup m_setup;
    const CliOptions &m_options;
    Checker m_checker;
    SignalWatcher m_signals;
    UrlListStream m_stream;
    QSocketNotifier *m_notifier = nullptr;
    int m_nextStreamId = 0;
    // Targets queued in the engine above which standard input is not read (a 64 KB read holds ~1,000 URLs).
    static constexpr int kStreamHighWater = 8192;
    int m_signal = 0; // the signal that stopped the run
    QString m_stopReason;
    int m_total = 0; // entries given to the engine so far
    bool m_inputClosed = false;
    int m_rejected = 0;
    int m_skipped = 0; // excluded by a rule, or a relative link without --base
    int m_duplicates = 0;
    int m_notSent = 0; // valid entries read only to be recorded at a stop: never given to the engine
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

} // namespace

int runCheck(QCoreApplication &app, RunSetup setup)
{
    CliRun run(std::move(setup));
    run.start();
    app.exec();
    return run.exitCode();
}

} // namespace Fanout::Cli
