#pragma once

#include "engine/checkoptions.h"
#include "io/shard.h"

#include <QString>

class QCommandLineParser;

namespace Fanout::Cli {

struct CliOptions
{
    CheckOptions check;
    QString input;
    QString output; // set with hasOutput
    bool hasOutput = false;
    bool bom = true;
    bool quiet = false;
    QString runPath; // --run; empty for the default place
    ShardSpec shard; // --shard K/N
};

// The options that shape a check (-c, --timeout, ...), shared by a new run and `resume`.
void addCheckOptions(QCommandLineParser &parser);
// --run FILE and --shard K/N, for a new run.
void addRunOptions(QCommandLineParser &parser);
// Returns an error message, or an empty string.
QString readRunOptions(const QCommandLineParser &parser, CliOptions &cli);
// -o, --no-bom, -q.
void addOutputOptions(QCommandLineParser &parser);
// Returns an error message, or an empty string when the options are usable. Only options that are set change
// cli.check, so a resumed run keeps its own unless told otherwise.
QString readCheckOptions(const QCommandLineParser &parser, CliOptions &cli);
void readOutputOptions(const QCommandLineParser &parser, CliOptions &cli);

} // namespace Fanout::Cli
