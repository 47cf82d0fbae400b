#pragma once

#include "cli/clioptions.h"
#include "io/urllist.h"

#include <memory>

class QCoreApplication;

namespace Fanout {
class OutputTarget;
}

namespace Fanout::Cli {

// One check run: feeds the engine, shows progress, writes the output; returns the exit status. The list is
// given whole, or read from streamFd (>= 0) as it arrives.
int runCheck(QCoreApplication &app, const CliOptions &options, std::unique_ptr<OutputTarget> output, UrlList list,
             int streamFd);

} // namespace Fanout::Cli
