#pragma once

#include "io/rules.h"
#include "store/runfile.h"

#include <QString>

namespace Fanout {

// What staging a list found, for the window's summary ("valid · duplicate · invalid").
struct ListStage
{
    int entries = 0;  // rows: distinct URLs and rejected lines
    int rejected = 0; // rejected lines among them
    int duplicates = 0;
    int skipped = 0; // blank lines and comments
    QString encoding;
    int valid() const { return entries - rejected; }
};

// Writes a list file into a new run file as it is read (ListFeeder: a stream, duplicates found by hash), with
// the list's rules applied as fanout-cli applies them, and no result yet. A window that stages a long list holds
// none of it in memory: its rows come from the file as a reopened run's do, and Start feeds the engine from the
// file (PendingReader). The file is left Cancelled (not started), so it is not taken for an interrupted run.
// Runs on any thread (its own connection). False with *error when the list cannot be read or the file written;
// a half-written file is removed then.
bool stageListFile(const QString &listPath, const QString &runPath, RunMeta meta, const UrlRules &rules,
                   ListStage *stage, QString *error);

} // namespace Fanout
