#pragma once

#include <QDateTime>
#include <QString>

namespace Fanout {

// Where run files go when the user names none: $XDG_STATE_HOME/fanout/runs (XDG's default ~/.local/state when
// unset or relative). Qt 6.4 has no StateLocation (6.7), so the rule is the Base Directory spec's own.
QString defaultRunsDirectory();
// A new file name in dir for a run of source started at when: "20261201-123456-links.fanout", with -2, -3, ...
// when taken. The list's base name keeps letters, digits, - _ and . (no separators, spaces or controls).
QString newRunPath(const QString &dir, const QString &source, const QDateTime &when);
// Removes a run file with its -wal, -shm and -journal files (one no one will open again, or half-written).
void removeRunFile(const QString &path);

} // namespace Fanout
