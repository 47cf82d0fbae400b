#include "cli/clicommands.h"

#include "cli/clioptions.h"
#include "cli/cliout.h"
#include "cli/runexport.h"
#include "io/outputtarget.h"
#include "store/runfile.h"

#include <QCommandLineParser>

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

} // namespace

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

} // namespace Fanout::Cli
