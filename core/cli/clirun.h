#pragma once

#include "cli/clioptions.h"
#include "io/urllist.h"

#include <memory>

class QCoreApplication;

namespace Fanout {
class ListFeeder;
class OutputTarget;
} // namespace Fanout

namespace Fanout::Cli {

// One check run: feeds the engine, shows progress, writes the output; returns the exit status. The list is
// given whole, or read from streamFd (>= 0) as it arrives, or by feeder (opened) as the engine asks for more.
int runCheck(QCoreApplication &app, const CliOptions &options, std::unique_ptr<OutputTarget> output, UrlList list,
             int streamFd, ListFeeder *feeder = nullptr);

} // namespace Fanout::Cli
