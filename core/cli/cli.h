#pragma once

class QCoreApplication;

namespace Fanout::Cli {

// fanout-cli: parses the command line, runs a check or a subcommand, and returns the process exit status.
int run(QCoreApplication &app);

} // namespace Fanout::Cli
