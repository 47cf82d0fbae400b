#include "store/runcommands.h"

#include "io/outputtarget.h"
#include "io/resultwriter.h"
#include "store/rundiff.h"
#include "store/runfile.h"
#include "store/runmerge.h"

#include <QDir>
#include <QTemporaryDir>

namespace Fanout {

namespace {

enum ExitCode
{
    ExitOk = 0,
    ExitChanged = 1,
    ExitUsage = 2
};

constexpr qsizetype FlushBytes = 256 * 1024;

void say(const CommandIo &io, const QString &text)
{
    if (io.message)
        io.message(text.endsWith(u'\n') ? text : text + u'\n');
}

// Buffers output and writes it in large pieces; on a terminal through io.forTerminal.
class Sink
{
public:
    Sink(OutputTarget *target, const CommandIo &io)
        : m_target(target)
        , m_io(io)
    {}
    bool open(QString *error)
    {
        if (!m_target->open(error))
            return false;
        m_terminal = m_target->isTerminal() && bool(m_io.forTerminal);
        return true;
    }
    bool toTerminalOrStdout() const { return m_target->isTerminal() || m_target->isStandardOutput(); }
    QByteArray &buffer() { return m_buffer; }
    bool flushIfFull(QString *error) { return m_buffer.size() < FlushBytes || flush(error); }
    bool flush(QString *error)
    {
        const QByteArray data = m_terminal ? m_io.forTerminal(m_buffer) : m_buffer;
        m_buffer.clear();
        return data.isEmpty() || m_target->write(data, error);
    }
    bool commit(QString *error) { return flush(error) && m_target->commit(error); }

private:
    OutputTarget *m_target;
    const CommandIo &m_io;
    QByteArray m_buffer;
    bool m_terminal = false;
};

// Streams a run file's results to an export: chunks through ResultWriter, its header once.
bool exportRun(const QString &runPath, OutputTarget *target, bool utf8Bom, const CommandIo &io, int *failed,
               QString *error)
{
    const std::unique_ptr<RunFile> run = RunFile::open(runPath, RunFile::Mode::ReadOnly, error);
    if (!run)
        return false;
    Sink sink(target, io);
    if (!sink.open(error))
        return false;
    const ExportFormat format = ResultWriter::formatForPath(target->path());
    const bool bom = utf8Bom && !sink.toTerminalOrStdout();
    QVector<CheckResult> chunk;
    bool first = true;
    bool writeFailed = false;
    const auto flushChunk = [&] {
        QByteArray data = format == ExportFormat::JsonLines ? ResultWriter::toJsonLines(chunk)
                                                            : ResultWriter::toCsv(chunk, bom && first);
        if (format == ExportFormat::Csv && !first)
            data.remove(0, data.indexOf("\r\n") + 2); // the header, written with the first chunk
        first = false;
        chunk.clear();
        sink.buffer() += data;
        return sink.flushIfFull(error);
    };
    const bool read = run->forEachResult([&](const CheckResult &r) {
        if (!r.isOk())
            ++*failed;
        chunk.append(r);
        if (chunk.size() >= 2000 && !flushChunk()) {
            writeFailed = true;
            return false;
        }
        return true;
    });
    if (writeFailed)
        return false;
    if (!read) {
        *error = run->lastError();
        return false;
    }
    if ((first || !chunk.isEmpty()) && !flushChunk())
        return false;
    return sink.commit(error);
}

} // namespace

int runDiffCommand(const DiffCommand &command, const CommandIo &io)
{
    const QString prefix = QStringLiteral("fanout-cli diff: ");
    OutputTarget target(command.output.isEmpty() ? QStringLiteral("-") : command.output);
    QString error;
    if (!target.check({command.oldPath, command.newPath}, &error)) {
        say(io, prefix + error);
        return ExitUsage;
    }
    // A bad input must not replace a file with an empty diff: nothing is committed (a file) or written (the
    // header waits in the buffer) before RunDiff has opened both runs.
    Sink sink(&target, io);
    if (!sink.open(&error)) {
        say(io, prefix + error);
        return ExitUsage;
    }
    const DiffWriter writer(ResultWriter::formatForPath(target.path()), command.utf8Bom && !sink.toTerminalOrStdout());
    sink.buffer() = writer.header();
    DiffSummary summary;
    QStringList warnings;
    QString writeError;
    const bool ok = RunDiff::compare(
        command.oldPath, command.newPath,
        [&](const DiffRow &row) {
            writer.append(sink.buffer(), row);
            return sink.flushIfFull(&writeError);
        },
        &summary, &error, &warnings);
    for (const QString &warning : warnings)
        say(io, prefix + QStringLiteral("warning: ") + warning);
    if (!ok || !sink.commit(&writeError)) {
        say(io, prefix + (writeError.isEmpty() ? error : writeError));
        return ExitUsage;
    }
    if (!command.quiet)
        say(io, QStringLiteral("%1 changed of %2 URLs (old %3): %4")
                    .arg(summary.changed())
                    .arg(summary.newEntries)
                    .arg(summary.oldEntries)
                    .arg(summary.toText()));
    return summary.count(DiffChange::NewFailure) > 0 ? ExitChanged : ExitOk;
}

int runMergeCommand(const MergeCommand &command, const CommandIo &io)
{
    const QString prefix = QStringLiteral("fanout-cli merge: ");
    if (command.inputs.isEmpty()) {
        say(io, prefix + QStringLiteral("give the run files to merge"));
        return ExitUsage;
    }
    if (command.runPath.isEmpty() && command.output.isEmpty()) {
        say(io, prefix + QStringLiteral("say where the merge goes: -o OUT (CSV or JSON Lines) and/or --run FILE"));
        return ExitUsage;
    }
    QString error;
    std::unique_ptr<OutputTarget> target;
    if (!command.output.isEmpty()) {
        target = std::make_unique<OutputTarget>(command.output);
        if (!target->check(command.inputs, &error)) {
            say(io, prefix + error);
            return ExitUsage;
        }
    }
    // Without --run the merged run file is only a step towards the export.
    QTemporaryDir scratch;
    QString runPath = command.runPath;
    if (runPath.isEmpty()) {
        if (!scratch.isValid()) {
            say(io, prefix + QStringLiteral("cannot make a temporary folder: ") + scratch.errorString());
            return ExitUsage;
        }
        runPath = scratch.filePath(QStringLiteral("merged.fanout"));
    }
    MergeReport report;
    const bool merged = RunMerge::merge(command.inputs, runPath, &report, &error);
    for (const QString &warning : report.warnings)
        say(io, prefix + QStringLiteral("warning: ") + warning);
    if (!merged) {
        say(io, prefix + error);
        return ExitUsage;
    }
    int failed = report.entries - report.results; // no result: not checked, or a rejected line
    if (target) {
        failed = 0;
        if (!exportRun(runPath, target.get(), command.utf8Bom, io, &failed, &error)) {
            say(io, prefix + error);
            return ExitUsage;
        }
    } else {
        failed += report.failed;
    }
    if (!command.quiet)
        say(io, QStringLiteral("Merged %1 run(s): %2 URLs, %3 with a result, %4 in several runs (%5 checked in more "
                               "than one: the latest kept), %6 duplicate lines; %7")
                    .arg(report.inputs)
                    .arg(report.entries)
                    .arg(report.results)
                    .arg(report.overlapping)
                    .arg(report.checkedTwice)
                    .arg(report.duplicates)
                    .arg(runStateName(report.state)));
    return failed > 0 ? ExitChanged : ExitOk;
}

} // namespace Fanout
