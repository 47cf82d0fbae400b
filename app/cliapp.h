#pragma once

class QCoreApplication;

namespace Fanout {
// Parses the command line, runs the check or the origin server, and returns the process exit status.
int runCli(QCoreApplication &app);
} // namespace Fanout
