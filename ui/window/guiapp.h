#pragma once

namespace Fanout {

// The `fanout` program: command line, settings, translations, main window. Returns the exit code.
int runGuiApplication(int argc, char *argv[]);

} // namespace Fanout
