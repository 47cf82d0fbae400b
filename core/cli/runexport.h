#pragma once

#include "io/resultwriter.h"

#include <QString>

namespace Fanout {
class OutputTarget;
class RunFile;
} // namespace Fanout

namespace Fanout::Cli {

enum class ExportOnly
{
    All,
    Failed,
    Ok,
    Changed // rows whose verdict, status or final URL differs from the result a later pass replaced
};

// Parses --only's value; false for anything else.
bool parseExportOnly(const QString &text, ExportOnly *only);

struct ExportRequest
{
    ExportFormat format = ExportFormat::Csv;
    bool utf8Bom = true;
    bool forTerminal = false; // rows shown as a person reads them
    ExportOnly only = ExportOnly::All;
    // The error given to entries the run never finished (stopped, killed): "cancelled: ...". Such rows are
    // exported too, so nothing of the list is missing from an export.
    QString pendingError;
};

// Streams every row of a run file in input order into an opened target, in bounded memory; *rows counts them.
// False with *error (the file's or the target's reason) on failure; the target is not committed.
bool exportRun(RunFile &file, OutputTarget &target, const ExportRequest &request, int *rows, QString *error);

} // namespace Fanout::Cli
