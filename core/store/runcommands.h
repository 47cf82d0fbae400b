#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>

namespace Fanout {

// The `fanout-cli diff` and `fanout-cli merge` commands as functions of already parsed values, so the CLI's
// argument parsing stays in one place (app/cliapp.cpp) and tests can run them in-process.
// Exit status as the CLI's: 0, 1 (see each), 2 usage, input or output error.

struct CommandIo
{
    // Diagnostics: errors, warnings, the summary line. The CLI passes its terminal-safe stderr printer.
    std::function<void(const QString &)> message;
    // Applied to what goes to the output when it is a terminal (the CLI's readableOnTerminal); none: as is.
    std::function<QByteArray(const QByteArray &)> forTerminal;
};

struct DiffCommand
{
    QString oldPath;
    QString newPath;
    QString output = QStringLiteral("-"); // -o; "-" is standard output. .jsonl/.ndjson/.json: JSON Lines, else CSV
    bool utf8Bom = true;                  // CSV to a file; never on standard output or a terminal
    bool quiet = false;                   // no summary line
};
// fanout-cli diff OLD NEW [-o OUT]: one row per changed URL (see RunDiff), then a summary on the message
// channel. Exit status 1 when any URL is a new failure (OK in OLD, failed in NEW), else 0.
int runDiffCommand(const DiffCommand &command, const CommandIo &io);

struct MergeCommand
{
    QStringList inputs;
    QString runPath; // --run ALL.fanout: the merged run file (must not exist)
    QString output;  // -o OUT: the merged results exported (CSV or JSON Lines by the name, "-" stdout)
    bool utf8Bom = true;
    bool quiet = false;
};
// fanout-cli merge A B ... (-o OUT | --run ALL.fanout): see RunMerge. At least one of runPath and output.
// Exit status 0 every URL OK, 1 some failed or not checked, as a check's.
int runMergeCommand(const MergeCommand &command, const CommandIo &io);

} // namespace Fanout
