#include "store/runpaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace Fanout {

QString defaultRunsDirectory()
{
    QString base = qEnvironmentVariable("XDG_STATE_HOME");
    if (base.isEmpty() || QDir::isRelativePath(base)) // the spec: a relative path is invalid and ignored
        base = QDir::homePath() + QStringLiteral("/.local/state");
    return QDir::cleanPath(base + QStringLiteral("/fanout/runs"));
}

QString newRunPath(const QString &dir, const QString &source, const QDateTime &when)
{
    QString name = source == QLatin1String("-") ? QStringLiteral("stdin") : QFileInfo(source).completeBaseName();
    QString safe;
    for (const QChar c : std::as_const(name)) {
        const bool keep = c.isLetterOrNumber() || c == u'-' || c == u'_' || c == u'.';
        safe += keep ? c : u'_';
        if (safe.size() >= 48)
            break;
    }
    while (safe.startsWith(u'.'))
        safe.remove(0, 1); // never a hidden file
    if (safe.isEmpty())
        safe = QStringLiteral("run");
    const QString stem = when.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss-")) + safe;
    QString path = QDir(dir).filePath(stem + QStringLiteral(".fanout"));
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = QDir(dir).filePath(QStringLiteral("%1-%2.fanout").arg(stem).arg(n));
    return path;
}

void removeRunFile(const QString &path)
{
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QLatin1String(suffix));
}

} // namespace Fanout
