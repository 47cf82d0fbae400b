#include "cli/cli.h"

#include "cli/clioptions.h"
#include "cli/cliout.h"
#include "cli/clirun.h"
#include "cli/cliserve.h"
#include "engine/resourcelimits.h"
#include "io/listfeeder.h"
#include "io/outputtarget.h"
#include "io/urllist.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <csignal>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

namespace Fanout::Cli {

int run(QCoreApplication &app)
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
    addCheckOptions(parser);
    addOutputOptions(parser);
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
    readOutputOptions(parser, cli);
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
    // A named list is read as the engine asks for more (after open() has checked the whole file).
    std::unique_ptr<ListFeeder> feeder;
    if (fromStdin && !streaming) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            printErr(QStringLiteral("fanout-cli: cannot read standard input\n"));
            return ExitUsage;
        }
        list = UrlListParser::parse(in.readAll());
    } else if (!fromStdin) {
        feeder = std::make_unique<ListFeeder>(cli.input);
        if (!feeder->open())
            list.error = feeder->error();
    }
    if (!list.error.isEmpty()) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(list.error));
        return ExitUsage;
    }

    // A cap the descriptor limit cannot carry ends in SIGABRT (each of the engine's manager threads needs an
    // eventfd) or in sockets failing: lower it, say so even with -q (it changes the run), and complete.
    const int fits = maxConcurrencyForDescriptors(descriptorLimit);
    const int wanted = streaming ? cli.check.concurrency
                       : feeder  ? feeder->validAhead(cli.check.concurrency)
                                 : std::min(cli.check.concurrency, list.validCount());
    if (descriptorLimit > 0 && wanted > fits) {
        printErr(QStringLiteral("fanout-cli: warning: -c %1 needs ~%2 file descriptors, the limit is %3 (ulimit -n); "
                                "using -c %4\n")
                     .arg(cli.check.concurrency)
                     .arg(descriptorsForConcurrency(cli.check.concurrency))
                     .arg(descriptorLimit)
                     .arg(fits));
        cli.check.concurrency = fits;
    }

    return runCheck(app, cli, std::move(output), std::move(list), streaming ? STDIN_FILENO : -1, feeder.get());
}

} // namespace Fanout::Cli
