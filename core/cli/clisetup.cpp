#include "cli/clisetup.h"

#include "cli/cliout.h"
#include "engine/resourcelimits.h"
#include "io/outputtarget.h"
#include "store/runfile.h"
#include "store/runpaths.h"
#include "store/runrecorder.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace Fanout::Cli {

RunRecorder::Settings recorderSettings()
{
    // Group commit: a batch is committed as soon as the writer has taken everything queued (under load batches
    // grow by themselves while a commit is written). With WAL and synchronous=NORMAL a commit is a write(), no
    // fsync, so kill -9 loses only what was still on its way to the writer.
    RunRecorder::Settings settings;
    settings.commitIntervalMs = 0;
    return settings;
}

int prepareOutput(const CliOptions &cli, const QStringList &inputs, RunSetup *setup)
{
    if (!cli.hasOutput)
        return -1;
    auto output = std::make_unique<OutputTarget>(cli.output);
    QString why;
    if (!output->check(inputs, &why)) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(why));
        return ExitUsage;
    }
    setup->output = std::move(output);
    return -1;
}

int createRunFile(const CliOptions &cli, RunSetup *setup)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString path = cli.runPath;
    if (path.isEmpty()) {
        const QString dir = defaultRunsDirectory();
        if (!QDir().mkpath(dir)) {
            printErr(QStringLiteral("fanout-cli: cannot create the runs folder %1 (set XDG_STATE_HOME, or give "
                                    "--run FILE)\n")
                         .arg(dir));
            return ExitUsage;
        }
        path = newRunPath(dir, cli.input, now);
    } else if (QFileInfo::exists(path)) {
        printErr(QStringLiteral("fanout-cli: the run file %1 exists: continue it with fanout-cli resume %1, or "
                                "give another name\n")
                     .arg(path));
        return ExitUsage;
    }
    RunMeta meta;
    meta.created = now;
    meta.tool = QStringLiteral(FANOUT_VERSION);
    const bool named =
        cli.input == QLatin1String("-") || cli.input.contains(QLatin1String("://")) || cli.input.contains(u' ');
    meta.source = named ? cli.input : QFileInfo(cli.input).absoluteFilePath();
    meta.options = cli.check;
    meta.shard = cli.shard.isWhole() ? QString() : cli.shard.toString();
    meta.rules = cli.rules.toJson();
    auto recorder = std::make_unique<RunRecorder>(recorderSettings());
    QString why;
    // SQLite makes the file (a schema, the WAL: fsyncs, tens of ms on a busy disk) while the first requests go;
    // a path that exists or cannot be written is still refused here, before any request.
    if (!recorder->createInBackground(path, meta, &why)) {
        printErr(QStringLiteral("fanout-cli: %1\n").arg(why));
        return ExitUsage;
    }
    recorder->beginPass(QStringLiteral("run"));
    setup->recorder = std::move(recorder);
    return -1;
}

void clampConcurrency(qint64 descriptorLimit, int knownValid, CliOptions *cli)
{
    // A cap the descriptor limit cannot carry ends in SIGABRT (each of the engine's manager threads needs an
    // eventfd) or in sockets failing: lower it, say so, and complete.
    const int fits = maxConcurrencyForDescriptors(descriptorLimit);
    const int wanted = knownValid >= 0 ? std::min(cli->check.concurrency, knownValid) : cli->check.concurrency;
    if (descriptorLimit <= 0 || wanted <= fits)
        return;
    printErr(QStringLiteral("fanout-cli: warning: -c %1 needs ~%2 file descriptors, the limit is %3 (ulimit -n); "
                            "using -c %4\n")
                 .arg(cli->check.concurrency)
                 .arg(descriptorsForConcurrency(cli->check.concurrency))
                 .arg(descriptorLimit)
                 .arg(fits));
    cli->check.concurrency = fits;
}

EntryFilter shardFilter(const ShardSpec &shard)
{
    if (shard.isWhole())
        return {};
    return [shard](const UrlEntry &entry) {
        return shard.contains(entry);
    };
}

} // namespace Fanout::Cli
