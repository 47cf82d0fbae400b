#pragma once

#include "engine/checkresult.h"

#include <QByteArray>
#include <QString>

namespace Fanout::Cli {

// fanout-cli's exit statuses, as --help states them.
enum ExitCode
{
    ExitAllOk = 0,
    ExitSomeFailed = 1,
    ExitUsage = 2 // usage, input or output error
};

// stderr as it is: for our own control sequences only.
void writeErrRaw(const QByteArray &bytes);
// A message for stderr; text from outside in it is made terminal-safe.
void printErr(const QString &text);
// CSV or JSON Lines bound for a terminal, shown line by line as terminalSafe() shows text.
QByteArray readableOnTerminal(const QByteArray &data);
QString seconds(qint64 ms);
// One human line per URL, as results arrive.
QByteArray resultLine(const CheckResult &r);

} // namespace Fanout::Cli
