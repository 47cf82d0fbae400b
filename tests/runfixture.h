#pragma once

// Crafted run files for the diff and merge tests, written through RunFile's own writing API.

#include "engine/checker.h"
#include "io/urllist.h"
#include "store/runfile.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace FanoutTest {

// What one URL of a crafted run got.
struct Outcome
{
    int status = 200;
    QString title;
    QString finalUrl; // empty: the URL itself
    QString error;
    qint64 finishedMs = 100;
};
inline Outcome ok(const QString &title = {}, const QString &finalUrl = {})
{
    return Outcome{200, title, finalUrl, {}, 100};
}
inline Outcome http(int status, const QString &title = {})
{
    return Outcome{status, title, {}, {}, 100};
}
inline Outcome failure(const QString &error)
{
    return Outcome{0, {}, {}, error, 100};
}

struct CraftedRun
{
    QString source = QStringLiteral("urls.txt");
    QString shard;
    QStringList lines;                // the list as written, one entry a line ("" keeps a blank line)
    QHash<QString, Outcome> outcomes; // by the line's text; a line without one gets no result
    Fanout::RunState state = Fanout::RunState::Finished;
    QString passStarted;                     // ISO UTC of the pass's start; empty: now
    QString onlyShard;                       // "K/N": keep only that shard's entries (as a sharded run would)
    QVector<QPair<int, QString>> duplicates; // (line, text) of duplicate lines, recorded against the entry
};

// Returns an empty string on success, else what went wrong.
QString writeRun(const QString &path, const CraftedRun &run);

} // namespace FanoutTest
