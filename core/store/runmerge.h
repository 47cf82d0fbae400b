#pragma once

#include "store/runfile.h"

#include <QString>
#include <QStringList>

namespace Fanout {

struct MergeReport
{
    int inputs = 0;
    int entries = 0;      // distinct URLs and rejected lines in the merged run
    int results = 0;      // of them with a result
    int failed = 0;       // of the results, failed ones (cancelled included)
    int duplicates = 0;   // duplicate lines, each once
    int overlapping = 0;  // entries found in more than one input
    int checkedTwice = 0; // of them, checked (a result that is not "cancelled: ...") by more than one input
    RunState state = RunState::Running;
    QStringList warnings; // different sources or options, missing or repeated shards, ...
};

// Merges run files (the shards of a list, or runs of parts of it) into one new run file:
//  - one result set in input order: by the original list's line numbers, which every shard keeps;
//  - each URL once (matched on the normalised URL; rejected lines on line number and text). When several
//    inputs have it, the result of one that checked it wins over "no result" and over "cancelled: ..."; among
//    several that checked it, the latest finished (pass start + finished_ms);
//  - duplicate lines once (by line number); passes and events of every input carried, renumbered in input
//    order; the winning result's earlier results (Re-check history) carried with it;
//  - meta: source and options of the first input, shard empty, wall_ms the sum of the inputs' (it is a sum
//    over passes, not the elapsed time of shards run side by side), input_complete when all inputs were;
//  - state Finished only when every input finished, every entry has a verdict and no shard of a K/N split is
//    missing; else Cancelled, so `resume` can finish it.
// Inputs of different sources or options are merged with a warning; the same file twice is refused.
// Bounded memory: the matching is set queries over the inputs ATTACHed to a scratch database, results are
// copied in one streaming pass per input.
class RunMerge final
{
public:
    // outPath must not exist: a run file is never overwritten. Written under a temporary name beside it and
    // renamed into place when complete, so a failed or interrupted merge leaves no half-made run file.
    // Returns false with *error (naming the file and the reason).
    static bool merge(const QStringList &inputs, const QString &outPath, MergeReport *report, QString *error);
};

} // namespace Fanout
