#pragma once

#include "cli/clioptions.h"
#include "cli/clirun.h"
#include "cli/targetsource.h"
#include "store/runrecorder.h"

#include <QStringList>

namespace Fanout::Cli {

// The steps a new run and a resumed one share before the first request. Each returns -1 to go on, or the exit
// status after saying why on stderr.

// How fanout-cli records: see clisetup.cpp.
RunRecorder::Settings recorderSettings();
// -o's target, checked against every file the run reads or writes; nothing is opened yet.
int prepareOutput(const CliOptions &cli, const QStringList &inputs, RunSetup *setup);
// A new run file (--run, else a new name in the default folder) holding the run's options, source and shard.
int createRunFile(const CliOptions &cli, RunSetup *setup);
// Lowers -c to what the descriptor limit carries, saying so (even with -q: it changes the run). knownValid is
// the number of URLs when the whole list is known (-1 otherwise): a cap above it needs no descriptors.
void clampConcurrency(qint64 descriptorLimit, int knownValid, CliOptions *cli);
// The entry filter of a shard; null for the whole list.
EntryFilter shardFilter(const ShardSpec &shard);

} // namespace Fanout::Cli
