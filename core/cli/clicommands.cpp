#include "cli/clicommands.h"

#include "cli/clioptions.h"
#include "cli/cliout.h"
#include "cli/clirun.h"
#include "cli/clisetup.h"
#include "cli/runcommands.h"
#include "cli/runexport.h"
#include "cli/targetsource.h"
#include "io/outputtarget.h"
#include "store/runfile.h"
#include "store/runrecorder.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>

namespace Fanout::Cli {

namespace {

// Parses a subcommand's line; prints help or the error itself. Returns -1 to go on, else the exit status.
int parseOrExit(QCommandLineParser &parser, const QStringList &arguments, int wantPositional, const char *usage)
{
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        printErr(QStringLiteral("fanout-cli: %1\nUsage: %2\n").arg(parser.errorText(), QLatin1String(usage)));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitAllOk;
    }
    if (wantPositional >= 0 && parser.positionalArguments().size() != wantPositional) {
        printErr(QStringLiteral("fanout-cli: usage: %1\n").arg(QLatin1String(usage)));
        return ExitUsage;
    }
    return -1;
}

CommandIo commandIo()
{
    return {[](const QString &text) { printErr(text.endsWith(u'\n') ? text : text + u'\n'); },
            [](const QByteArray &data) {
                return readableOnTerminal(data);
            }};
}

} // namespace

int runDiffArguments(const QStringList &arguments)
{
    constexpr const char *usage = "fanout-cli diff OLD.fanout NEW.fanout [-o OUT.csv|OUT.jsonl]";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("What changed between two runs of a list: one row per changed URL (new-failure, fixed, status, "
                       "redirect, title, added, removed). Exit status 1 when any URL is a new failure."));
    parser.addPositionalArgument(QStringLiteral("OLD"), QStringLiteral("The earlier run file."));
    parser.addPositionalArgument(QStringLiteral("NEW"), QStringLiteral("The later run file."));
    addOutputOptions(parser);
    if (const int status = parseOrExit(parser, arguments, 2, usage); status >= 0)
        return status;
    CliOptions cli;
    readOutputOptions(parser, cli);
    DiffCommand command;
    command.oldPath = parser.positionalArguments().at(0);
    command.newPath = parser.positionalArguments().at(1);
    if (cli.hasOutput)
        command.output = cli.output;
    command.utf8Bom = cli.bom;
    command.quiet = cli.quiet;
    return runDiffCommand(command, commandIo());
}

int runMergeArguments(const QStringList &arguments)
{
    constexpr const char *usage = "fanout-cli merge A.fanout B.fanout ... (-o OUT | --run ALL.fanout)";
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Join the run files of a list's shards (or of any runs of one list): one result set in input order, each "
        "URL once."));
    parser.addPositionalArgument(QStringLiteral("RUN"), QStringLiteral("Run files to merge."),
                                 QStringLiteral("RUN..."));
    addOutputOptions(parser);
    parser.addOption({QStringLiteral("run"), QStringLiteral("Write the merged run file here (must not exist)."),
                      QStringLiteral("FILE")});
    if (const int status = parseOrExit(parser, arguments, -1, usage); status >= 0)
        return status;
    CliOptions cli;
    readOutputOptions(parser, cli);
    MergeCommand command;
    command.inputs = parser.positionalArguments();
    command.runPath = parser.value(QStringLiteral("run"));
    command.output = cli.hasOutput ? cli.output : QString();
    if (command.inputs.isEmpty() || (command.runPath.isEmpty() && command.output.isEmpty())) {
        printErr(QStringLiteral("fanout-cli: usage: %1\n").arg(QLatin1String(usage)));
        return ExitUsage;
    }
    command.utf8Bom = cli.bom;
    command.quiet = cli.quiet;
    return runMergeCommand(command, commandIo());
}

int runExportCommand(const QStringList &arguments)
{
    constexpr const char *usage = "fanout-cli export RUN.fanout -o OUT.csv|OUT.jsonl [--only failed|ok|changed]";
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Export a run file's results, in input order."));
    parser.addPositionalArgument(QStringLiteral("RUN"), QStringLiteral("A .fanout run file."));
    addOutputOptions(parser);
    parser.addOption({QStringLiteral("only"),
                      QStringLiteral("failed, ok or changed (differs from the result a re-check replaced)."),
                      QStringLiteral("WHICH")});
    if (const int status = parseOrExit(parser, arguments, 1, usage); status >= 0)
        return status;
    CliOptions cli;
    readOutputOptions(parser, cli);
    if (!cli.hasOutput) {
        printErr(QStringLiteral("fanout-cli: export needs -o OUT (.csv or .jsonl; - for CSV on stdout)\n"));
        return ExitUsage;
    }
    ExportRequest request;
    if (parser.isSet(QStringLiteral("only")) && !parseExportOnly(parser.value(QStringLiteral("only")), &request.only)) {
        printErr(QStringLiteral("fanout-cli: --only is failed, ok or changed, not '%1'\n")
                     .arg(parser.value(QStringLiteral("only"))));
        return ExitUsage;
    }
    const QString runPath = parser.positionalArguments().constFirst();
    OutputTarget output(cli.output);
    QString error;
    if (!output.check({runPath}, &error)) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
        return ExitUsage;
    }
    std::unique_ptr<RunFile> file = RunFile::open(runPath, RunFile::Mode::ReadOnly, &error);
    if (!file) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
        return ExitUsage;
    }
    const RunMeta meta = file->meta();
    request.format = ResultWriter::formatForPath(cli.output);
    request.pendingError = meta.state == RunState::Finished
                               ? QStringLiteral("cancelled: not checked")
                               : QStringLiteral("cancelled: not checked yet (the run was interrupted; "
                                                "fanout-cli resume %1 checks it)")
                                     .arg(runPath);
    int rows = 0;
    if (!output.open(&error)) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
        return ExitUsage;
    }
    request.utf8Bom = cli.bom && output.kind() == OutputTarget::Kind::File;
    request.forTerminal = output.isTerminal();
    if (!exportRun(*file, output, request, &rows, &error) || !output.commit(&error)) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
        return ExitUsage;
    }
    if (!cli.quiet)
        printErr(QStringLiteral("Exported %1 of %2 rows from %3.\n").arg(rows).arg(meta.entries).arg(runPath));
    return ExitAllOk;
}

int runResumeCommand(QCoreApplication &app, const QStringList &arguments, qint64 descriptorLimit)
{
    constexpr const char *usage = "fanout-cli resume RUN.fanout [-o OUT] [-c N] [--timeout S] ...";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Continue an interrupted run (Ctrl-C, kill -9, a crash): URLs that have a result are not "
                       "requested again. The run keeps its options unless one is given here."));
    parser.addPositionalArgument(QStringLiteral("RUN"), QStringLiteral("A .fanout run file."));
    addCheckOptions(parser);
    addOutputOptions(parser);
    if (const int status = parseOrExit(parser, arguments, 1, usage); status >= 0)
        return status;
    const QString runPath = parser.positionalArguments().constFirst();
    QString error;
    std::unique_ptr<RunFile> reader = RunFile::open(runPath, RunFile::Mode::ReadOnly, &error);
    if (!reader) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
        return ExitUsage;
    }
    const RunMeta meta = reader->meta();
    CliOptions cli;
    cli.check = meta.options;
    cli.input = meta.source;
    readOutputOptions(parser, cli);
    error = readCheckOptions(parser, cli);
    QString shardWhy;
    if (!meta.shard.isEmpty() && !ShardSpec::parse(meta.shard, &cli.shard, &shardWhy))
        error = QStringLiteral("%1: its shard is unreadable: %2").arg(runPath, shardWhy);
    // The run's own rules, for the part of its list not read yet (what was read has its verdicts recorded).
    QString rulesWhy;
    if (!UrlRules::fromJson(meta.rules, &cli.rules, &rulesWhy))
        error = QStringLiteral("%1: %2").arg(runPath, rulesWhy);
    if (!error.isEmpty()) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
        return ExitUsage;
    }

    // The list's tail, when the run ended before it was read: read again from the start, entries already in the
    // run file skipped (same ids, same duplicate set), the rest checked.
    std::unique_ptr<TargetSource> rest;
    if (!meta.inputComplete) {
        const bool fromFile = meta.source != QLatin1String("-") && QFileInfo(meta.source).isFile();
        if (!fromFile) {
            printErr(QStringLiteral("fanout-cli: warning: the run stopped before its list (%1) was read to the end, "
                                    "and it cannot be read again; resuming what was read\n")
                         .arg(meta.source));
        } else {
            const int lastId = reader->maxEntryId();
            const std::optional<CheckResult> last = lastId >= 0 ? reader->result(lastId) : std::nullopt;
            auto file =
                std::make_unique<FileSource>(meta.source, shardFilter(cli.shard), lastId + 1, last ? last->line : 0);
            if (!file->open(&error)) {
                printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
                return ExitUsage;
            }
            rest = std::move(file);
        }
    }
    if (meta.state == RunState::Finished && !rest && meta.pending == 0 && !cli.quiet)
        printErr(QStringLiteral("fanout-cli: every URL of %1 already has a result; nothing to check\n").arg(runPath));

    RunSetup setup;
    if (const int status = prepareOutput(cli, {runPath}, &setup); status >= 0)
        return status;
    auto recorder = std::make_unique<RunRecorder>(recorderSettings());
    if (!recorder->openExisting(runPath, &error)) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
        return ExitUsage;
    }
    recorder->beginPass(QStringLiteral("resume"));
    if (parser.optionNames().size() > 0)
        recorder->setOptions(cli.check);
    setup.recorder = std::move(recorder);
    setup.source = std::make_unique<PendingSource>(*reader, std::move(rest));
    setup.reader = std::move(reader);
    setup.resumed = true;
    clampConcurrency(descriptorLimit, meta.pending, &cli);
    setup.options = cli;
    return runCheck(app, std::move(setup));
}

} // namespace Fanout::Cli
