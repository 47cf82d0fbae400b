#include "store/pendingreader.h"

#include "store/runfile.h"

#include <algorithm>

namespace Fanout {

PendingReader::PendingReader(RunFile &file)
    : m_file(file)
    , m_lastId(file.maxEntryId())
{}

QVector<CheckTarget> PendingReader::next(int max)
{
    QVector<CheckTarget> targets;
    while (targets.isEmpty() && !atEnd()) {
        const int last = int(std::min<qint64>(qint64(m_nextId) + std::max(max, kBlock) - 1, m_lastId));
        targets = m_file.pending(m_nextId, last);
        m_nextId = last + 1;
    }
    return targets;
}

} // namespace Fanout
