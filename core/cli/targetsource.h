#pragma once

#include "engine/checker.h"
#include "io/listfeeder.h"
#include "io/urllist.h"
#include "store/pendingreader.h"

#include <QString>
#include <QVector>

#include <functional>
#include <memory>

namespace Fanout {
class RunFile;
}

namespace Fanout::Cli {

// Where a run's targets come from, a batch at a time: the engine asks for more as its queue runs low, so memory
// follows the batch, not the list.
class TargetSource
{
public:
    virtual ~TargetSource() = default;
    // Up to max targets in input order (ids unique in the run), and the duplicate lines met on the way.
    virtual QVector<CheckTarget> next(int max, QVector<UrlDuplicate> *duplicates) = 0;
    virtual bool atEnd() const = 0;
    virtual int duplicates() const { return 0; }
};

// Which entries of a list this worker checks (--shard); null keeps all.
using EntryFilter = std::function<bool(const UrlEntry &)>;

// A list file read as a stream (ListFeeder): target ids are the entries' indices in the whole list, so every
// shard of a list gives a URL the same id. Entries before skipEntries are read and dropped (a resumed run whose
// list was not read to its end goes on where it stopped), and so are duplicates up to skipLine.
class FileSource final : public TargetSource
{
public:
    FileSource(const QString &path, EntryFilter filter, int skipEntries = 0, int skipLine = 0);
    bool open(QString *error);
    QVector<CheckTarget> next(int max, QVector<UrlDuplicate> *duplicates) override;
    bool atEnd() const override;
    int duplicates() const override;
    // The valid URLs of a list shorter than limit; -1 for a longer one (read ahead, kept for next()).
    int validIfShorterThan(int limit);

private:
    ListFeeder m_feeder;
    EntryFilter m_filter;
    int m_skipEntries = 0;
    int m_skipLine = 0;
};

// Entries known whole before the run (a sitemap's, a folder of documents'): ids are their indices.
class EntrySource final : public TargetSource
{
public:
    EntrySource(QVector<UrlEntry> entries, EntryFilter filter);
    QVector<CheckTarget> next(int max, QVector<UrlDuplicate> *duplicates) override;
    bool atEnd() const override;
    int validCount() const;

private:
    QVector<UrlEntry> m_entries;
    EntryFilter m_filter;
    int m_next = 0;
};

// The entries of a run file that have no result yet, in id order (PendingReader); then, when given, the
// rest of the list (a run killed before its list was read to the end).
class PendingSource final : public TargetSource
{
public:
    PendingSource(RunFile &file, std::unique_ptr<TargetSource> rest);
    QVector<CheckTarget> next(int max, QVector<UrlDuplicate> *duplicates) override;
    bool atEnd() const override;
    int duplicates() const override;

private:
    PendingReader m_pending;
    std::unique_ptr<TargetSource> m_rest;
};

} // namespace Fanout::Cli
