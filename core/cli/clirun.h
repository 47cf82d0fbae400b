#pragma once

#include "cli/clioptions.h"

#include <QString>

#include <memory>

class QCoreApplication;

namespace Fanout {
class OutputTarget;
class RunFile;
class RunRecorder;
} // namespace Fanout

namespace Fanout::Cli {

class TargetSource;

// Everything one check run needs, made ready (and checked) by the command that starts it.
struct RunSetup
{
    CliOptions options;
    std::unique_ptr<OutputTarget> output;  // checked already, or null for none
    std::unique_ptr<RunRecorder> recorder; // the run file, created or opened for a new pass
    std::unique_ptr<RunFile> reader;       // read side of the run file, when a source reads from it
    std::unique_ptr<TargetSource> source;  // the list, a batch at a time; null when streamFd is used
    int streamFd = -1;                     // a pipe or terminal read as it arrives
    bool resumed = false;
};

// Feeds the engine from the source, records every result in the run file, shows progress, exports the run file
// when asked, and returns the exit status.
int runCheck(QCoreApplication &app, RunSetup setup);

} // namespace Fanout::Cli
