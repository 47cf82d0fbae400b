#pragma once

#include "engine/checker.h"

#include <QVector>

namespace Fanout {

class RunFile;

// The entries of a run file still to check (RunFile::pending: no result, or a cancelled one), read forward a
// block of ids at a time, so a resume or a list staged in a run file feeds the engine in bounded memory at any
// size. The entries are those in the file when the reader is made; results written meanwhile do not move it.
class PendingReader final
{
public:
    explicit PendingReader(RunFile &file);
    PendingReader(const PendingReader &) = delete;
    PendingReader &operator=(const PendingReader &) = delete;

    // The next pending entries in id order: at least one unless atEnd(), from one block of
    // ids (max of them, or 4,096 when that is more).
    QVector<CheckTarget> next(int max);
    bool atEnd() const { return m_nextId > m_lastId; }

private:
    static constexpr int kBlock = 4096; // ids read per query: few queries, bounded memory

    RunFile &m_file;
    int m_nextId = 0;
    int m_lastId = -1;
};

} // namespace Fanout
