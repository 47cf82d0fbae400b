#include "cli/targetsource.h"

#include "store/runfile.h"

namespace Fanout::Cli {

FileSource::FileSource(const QString &path, EntryFilter filter, int skipEntries, int skipLine)
    : m_feeder(path)
    , m_filter(std::move(filter))
    , m_skipEntries(skipEntries)
    , m_skipLine(skipLine)
{}

bool FileSource::open(QString *error)
{
    if (m_feeder.open())
        return true;
    *error = m_feeder.error();
    return false;
}

QVector<CheckTarget> FileSource::next(int max, QVector<UrlDuplicate> *duplicates)
{
    QVector<CheckTarget> targets;
    while (targets.isEmpty() && !m_feeder.atEnd()) {
        const QVector<CheckTarget> read = m_feeder.next(std::max(max, 1));
        targets.reserve(read.size());
        for (const CheckTarget &target : read) {
            if (target.id >= m_skipEntries && (!m_filter || m_filter(target.entry)))
                targets.append(target);
        }
        for (const UrlDuplicate &duplicate : m_feeder.takeDuplicates()) {
            if (duplicate.line > m_skipLine && duplicates)
                duplicates->append(duplicate);
        }
    }
    return targets;
}

bool FileSource::atEnd() const
{
    return m_feeder.atEnd();
}

int FileSource::duplicates() const
{
    return m_feeder.duplicates();
}

int FileSource::validIfShorterThan(int limit)
{
    const int valid = m_feeder.validAhead(limit);
    return valid < limit ? valid : -1;
}

EntrySource::EntrySource(QVector<UrlEntry> entries, EntryFilter filter)
    : m_entries(std::move(entries))
    , m_filter(std::move(filter))
{}

QVector<CheckTarget> EntrySource::next(int max, QVector<UrlDuplicate> *)
{
    QVector<CheckTarget> targets;
    while (targets.size() < std::max(max, 1) && m_next < m_entries.size()) {
        const int id = m_next++;
        if (!m_filter || m_filter(m_entries.at(id)))
            targets.append({id, m_entries.at(id)});
    }
    return targets;
}

bool EntrySource::atEnd() const
{
    return m_next >= m_entries.size();
}

int EntrySource::validCount() const
{
    int valid = 0;
    for (const UrlEntry &entry : m_entries)
        valid += entry.isValid() ? 1 : 0;
    return valid;
}

PendingSource::PendingSource(RunFile &file, std::unique_ptr<TargetSource> rest)
    : m_pending(file)
    , m_rest(std::move(rest))
{}

QVector<CheckTarget> PendingSource::next(int max, QVector<UrlDuplicate> *duplicates)
{
    QVector<CheckTarget> targets = m_pending.next(max);
    if (targets.isEmpty() && m_rest)
        return m_rest->next(max, duplicates);
    return targets;
}

bool PendingSource::atEnd() const
{
    return m_pending.atEnd() && (!m_rest || m_rest->atEnd());
}

int PendingSource::duplicates() const
{
    return m_rest ? m_rest->duplicates() : 0;
}

} // namespace Fanout::Cli
