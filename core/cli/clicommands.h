#pragma once

#include <QStringList>

class QCoreApplication;

namespace Fanout::Cli {

// `fanout-cli export RUN.fanout -o OUT [--only failed|ok|changed]`: a run file's rows, in input order.
int runExportCommand(const QStringList &arguments);

// `fanout-cli resume RUN.fanout [-o OUT] [check options]`: checks what an interrupted run left unchecked, as a
// new pass of the same run file; URLs with a result are never requested again.
int runResumeCommand(QCoreApplication &app, const QStringList &arguments, qint64 descriptorLimit);

// `fanout-cli diff OLD.fanout NEW.fanout [-o OUT]` and `fanout-cli merge A.fanout B.fanout ... (-o OUT | --run
// ALL.fanout)`: parsing only; the commands are core/store's.
int runDiffArguments(const QStringList &arguments);
int runMergeArguments(const QStringList &arguments);

} // namespace Fanout::Cli
