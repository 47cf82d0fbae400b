#include "cli/cli.h"

#include "cli/clicommands.h"
#include "cli/clioptions.h"
#include "cli/cliout.h"
#include "cli/clirun.h"
#include "cli/cliserve.h"
#include "cli/clisetup.h"
#include "cli/targetsource.h"
#include "engine/resourcelimits.h"
#include "io/linkextractor.h"
#include "io/outputtarget.h"
#include "io/sitemap.h"
#include "store/runfile.h"
#include "store/runrecorder.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <csignal>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

namespace Fanout::Cli {

namespace {

// Reads every sitemap (following indexes) before the run starts: a sitemap's URLs are known only once it is
// read. Its own event loop turn, not a nested one: exec() returns when the loader is done, before runCheck's.
QVector<UrlEntry> loadSitemaps(QCoreApplication &app, const CliOptions &cli, QStringList *sources)
{
    SitemapLoader loader;
    SitemapLoader::Limits limits;
    limits.maxTotalUrls = cli.sitemapLimit;
    limits.timeoutMs = std::max(cli.check.timeoutMs, 30000);
    limits.userAgent = cli.check.userAgent;
    limits.headers = cli.check.headers;
    limits.ignoreTlsErrors = cli.check.ignoreTlsErrors;
    loader.setLimits(limits);
    QObject::connect(&loader, &SitemapLoader::finished, &app, [] { QCoreApplication::exit(0); });
    loader.start(cli.sitemaps);
    app.exec();
    QVector<UrlEntry> entries;
    for (const SitemapReport &report : loader.reports()) {
        if (!cli.quiet)
            printErr(QStringLiteral("fanout-cli: sitemap %1: %2 %3%4\n")
                         .arg(report.location)
                         .arg(report.urls)
                         .arg(report.isIndex ? QStringLiteral("sitemaps") : QStringLiteral("URLs"))
                         .arg(report.error.isEmpty() ? QString() : QStringLiteral("; ") + report.error));
        if (report.error.isEmpty())
            continue;
        // A sitemap that failed is a row of the results, so the run says so (and fails).
        UrlEntry row;
        row.text = report.location;
        row.error = QStringLiteral("sitemap: %1: %2").arg(report.location, report.error);
        entries.append(row);
        sources->append(report.location);
    }
    for (const SitemapUrl &url : loader.urls()) {
        entries.append(url.entry);
        sources->append(url.sources);
    }
    return entries;
}

QVector<UrlEntry> loadDocuments(const QStringList &paths, const CliOptions &cli, QStringList *sources)
{
    const DocumentScan scan = scanDocuments(paths, cli.base, cli.globs);
    QVector<UrlEntry> entries;
    for (const QString &error : scan.errors) {
        UrlEntry row;
        row.text = error.section(QStringLiteral(": "), 0, 0);
        row.error = QStringLiteral("unreadable: ") + error;
        entries.append(row);
        sources->append(row.text);
    }
    for (const DocumentUrl &url : scan.urls) {
        entries.append(url.entry);
        sources->append(url.sources);
    }
    if (!cli.quiet)
        printErr(QStringLiteral("fanout-cli: %1 documents: %2 distinct links, %3 repeats, %4 not http(s)\n")
                     .arg(scan.files)
                     .arg(scan.urls.size())
                     .arg(scan.duplicates)
                     .arg(scan.ignored));
    return entries;
}

} // namespace

int run(QCoreApplication &app)
{
    // A closed pipe must be an error we report (EPIPE, exit 2), not a silent death that loses the output file.
    std::signal(SIGPIPE, SIG_IGN);
    // Before any thread or socket exists; the origin (`serve`) wants it as much as a check.
    const qint64 descriptorLimit = raiseDescriptorLimit();
    QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.value(1);
    if (command == QLatin1String("serve")) {
        arguments.removeAt(1);
        return runServe(app, arguments);
    }
    if (command == QLatin1String("export")) {
        arguments.removeAt(1);
        return runExportCommand(arguments);
    }
    if (command == QLatin1String("diff")) {
        arguments.removeAt(1);
        return runDiffArguments(arguments);
    }
    if (command == QLatin1String("merge")) {
        arguments.removeAt(1);
        return runMergeArguments(arguments);
    }
    if (command == QLatin1String("resume")) {
        arguments.removeAt(1);
        return runResumeCommand(app, arguments, descriptorLimit);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Check a list of URLs concurrently: status, title, timing, redirects.\n"
        "Exit status: 0 every URL OK, 1 some failed, 2 usage, input or output error. URLs a rule excluded are\n"
        "rows that count neither way; --accept decides what is OK.\n"
        "Every run is recorded in a run file as it goes (--run FILE, else $XDG_STATE_HOME/fanout/runs).\n"
        "Also: fanout-cli resume RUN.fanout   continues an interrupted run\n"
        "      fanout-cli export RUN.fanout -o OUT [--only failed|ok|changed]\n"
        "      fanout-cli diff OLD.fanout NEW.fanout [-o OUT]   what changed between two runs\n"
        "      fanout-cli merge A.fanout B.fanout ... (-o OUT | --run ALL.fanout)   joins shards\n"
        "      fanout-cli serve [--port N]   starts the local test origin"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("URL list (.txt, .csv, .tsv), or - for stdin; or documents to "
                                                "check the links of (.html, .md, folders), several allowed."));
    addCheckOptions(parser);
    addListOptions(parser);
    addRunOptions(parser);
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
    const bool sitemaps = parser.isSet(QStringLiteral("sitemap"));
    bool documents = !positional.isEmpty();
    for (const QString &path : positional)
        documents = documents && isDocumentPath(path);
    if (sitemaps ? !positional.isEmpty() : positional.size() != 1 && !documents) {
        printErr(QStringLiteral("fanout-cli: give one URL list file (or - for stdin), documents or folders, or "
                                "--sitemap.\nTry fanout-cli --help.\n"));
        return ExitUsage;
    }

    CliOptions cli;
    readOutputOptions(parser, cli);
    QString error = readCheckOptions(parser, cli);
    if (error.isEmpty())
        error = readRunOptions(parser, cli);
    if (error.isEmpty())
        error = readListOptions(parser, positional, cli);
    if (!error.isEmpty()) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(error));
        return ExitUsage;
    }
    cli.input = sitemaps ? cli.sitemaps.join(u' ') : positional.join(u' ');
    if (sitemaps || documents) {
        RunSetup setup;
        QStringList inputs = sitemaps ? QStringList() : positional;
        if (!cli.runPath.isEmpty())
            inputs.append(cli.runPath);
        if (const int status = prepareOutput(cli, inputs, &setup); status >= 0)
            return status;
        QStringList sources;
        QVector<UrlEntry> entries =
            sitemaps ? loadSitemaps(app, cli, &sources) : loadDocuments(positional, cli, &sources);
        if (sitemaps && !cli.runPath.isEmpty())
            cli.input = cli.sitemaps.constFirst();
        if (const int status = createRunFile(cli, &setup); status >= 0)
            return status;
        setup.recorder->addSources(sources);
        auto source = std::make_unique<EntrySource>(std::move(entries), shardFilter(cli.shard));
        clampConcurrency(descriptorLimit, source->validCount(), &cli);
        setup.source = std::move(source);
        setup.options = cli;
        return runCheck(app, std::move(setup));
    }

    RunSetup setup;
    // Before reading the list or sending a request: a run whose results cannot be kept is not started.
    if (const int status = prepareOutput(
            cli, cli.runPath.isEmpty() ? QStringList{cli.input} : QStringList{cli.input, cli.runPath}, &setup);
        status >= 0)
        return status;
    if (const int status = createRunFile(cli, &setup); status >= 0)
        return status;

    // stdin from a pipe or a terminal is read as it comes: a slow producer's first URL is checked at once.
    // A file, or a file redirected to stdin, is read as a stream from its start (its encoding and layout are
    // told from the whole file first).
    const bool fromStdin = cli.input == QLatin1String("-");
    struct stat inputStat = {};
    const bool streaming = fromStdin && ::fstat(STDIN_FILENO, &inputStat) == 0 && !S_ISREG(inputStat.st_mode);
    int knownValid = -1; // valid entries of a list read to its end in the first batch
    if (streaming) {
        setup.streamFd = STDIN_FILENO;
    } else {
        auto source =
            std::make_unique<FileSource>(fromStdin ? QStringLiteral("/dev/stdin") : cli.input, shardFilter(cli.shard));
        QString why;
        if (!source->open(&why)) {
            printErr(QStringLiteral("fanout-cli: %1\n").arg(why));
            setup.recorder->finish(RunState::Cancelled, 0);
            setup.recorder->waitForFinished();
            QFile::remove(setup.recorder->path()); // nothing was read: no run to keep
            return ExitUsage;
        }
        knownValid = source->validIfShorterThan(cli.check.concurrency + 1);
        setup.source = std::move(source);
    }
    clampConcurrency(descriptorLimit, knownValid, &cli);
    setup.options = cli;
    return runCheck(app, std::move(setup));
}

} // namespace Fanout::Cli
