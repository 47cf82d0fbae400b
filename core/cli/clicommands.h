#pragma once

#include <QStringList>

class QCoreApplication;

namespace Fanout::Cli {

// `fanout-cli export RUN.fanout -o OUT [--only failed|ok|changed]`: a run file's rows, in input order.
int runExportCommand(const QStringList &arguments);

} // namespace Fanout::Cli
