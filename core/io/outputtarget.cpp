#include "io/outputtarget.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Fanout {

namespace {

// Paths that name a descriptor this process holds: opening them anew would start at offset 0 of a file the
// shell opened for appending, and fails for a socket; the descriptor itself is what the user meant.
int heldDescriptor(const QString &path)
{
    if (path == QLatin1String("-") || path == QLatin1String("/dev/stdout"))
        return 1;
    if (path == QLatin1String("/dev/stderr"))
        return 2;
    if (path == QLatin1String("/dev/stdin"))
        return 0;
    for (const QLatin1String prefix : {QLatin1String("/dev/fd/"), QLatin1String("/proc/self/fd/")}) {
        if (!path.startsWith(prefix))
            continue;
        bool ok = false;
        const int fd = path.mid(prefix.size()).toInt(&ok);
        if (ok && fd >= 0 && path.mid(prefix.size()).front().isDigit())
            return fd;
    }
    return -1;
}

bool sameFile(const struct stat &a, const struct stat &b)
{
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

} // namespace

OutputTarget::OutputTarget(const QString &path)
    : m_path(path)
    , m_heldFd(heldDescriptor(path))
{}

OutputTarget::~OutputTarget()
{
    if (m_file)
        m_file->cancelWriting(); // uncommitted: the old file stays as it was
    if (m_ownsFd)
        ::close(m_fd);
}

QString OutputTarget::message(const QString &path, const QString &reason)
{
    if (path == QLatin1String("-"))
        return QStringLiteral("Cannot write to standard output: %1").arg(reason);
    return QStringLiteral("Cannot write \"%1\": %2").arg(QDir::toNativeSeparators(path), reason);
}

bool OutputTarget::fail(const QString &reason, QString *error) const
{
    if (error)
        *error = message(m_path, reason);
    return false;
}

bool OutputTarget::fail(int errorNumber, QString *error) const
{
    return fail(qt_error_string(errorNumber), error);
}

OutputTarget::Kind OutputTarget::kind() const
{
    if (m_fd >= 0)
        return m_openKind;
    if (m_heldFd >= 0)
        return Kind::Descriptor;
    struct stat st = {};
    if (::stat(QFile::encodeName(m_path).constData(), &st) == 0 && !S_ISREG(st.st_mode))
        return Kind::Special;
    return Kind::File;
}

bool OutputTarget::check(const QStringList &inputs, QString *error) const
{
    if (m_path.isEmpty())
        return fail(QStringLiteral("no file name given"), error);
    struct stat target = {};
    bool exists = false;
    if (m_heldFd >= 0) {
        const int flags = ::fcntl(m_heldFd, F_GETFL);
        if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY || ::fstat(m_heldFd, &target) != 0)
            return fail(EBADF, error);
        exists = true;
    } else {
        const QByteArray native = QFile::encodeName(m_path);
        if (::stat(native.constData(), &target) == 0) {
            exists = true;
            if (S_ISDIR(target.st_mode))
                return fail(EISDIR, error);
            if (S_ISSOCK(target.st_mode))
                return fail(ENXIO, error); // open() cannot write to a socket
            if (::access(native.constData(), W_OK) != 0)
                return fail(errno, error);
        } else if (errno != ENOENT) {
            return fail(errno, error);
        }
        if (!exists || S_ISREG(target.st_mode)) {
            // QSaveFile writes the new file next to the old one (a symlink's target), then renames it over.
            const QFileInfo info(exists ? QFileInfo(m_path).canonicalFilePath() : m_path);
            const QString dir = info.absolutePath();
            const QByteArray nativeDir = QFile::encodeName(dir);
            struct stat dirStat = {};
            if (::stat(nativeDir.constData(), &dirStat) != 0)
                return fail(errno, error);
            if (!S_ISDIR(dirStat.st_mode))
                return fail(ENOTDIR, error);
            if (::access(nativeDir.constData(), W_OK | X_OK) != 0) {
                const int why = errno;
                return fail(QDir::toNativeSeparators(dir) + QStringLiteral(": ") + qt_error_string(why), error);
            }
        }
    }
    // Replacing the list the run reads would lose it; only a regular file can be lost that way.
    if (exists && S_ISREG(target.st_mode)) {
        for (const QString &input : inputs) {
            struct stat in = {};
            const int status =
                input == QLatin1String("-") ? ::fstat(0, &in) : ::stat(QFile::encodeName(input).constData(), &in);
            if (status == 0 && S_ISREG(in.st_mode) && sameFile(in, target))
                return fail(input == QLatin1String("-")
                                ? QStringLiteral("it is the input list (standard input)")
                                : QStringLiteral("it is the input list \"%1\"").arg(QDir::toNativeSeparators(input)),
                            error);
        }
    }
    if (error)
        error->clear();
    return true;
}

bool OutputTarget::open(QString *error)
{
    m_openKind = kind();
    if (m_openKind == Kind::Descriptor) {
        m_fd = m_heldFd;
        return true;
    }
    if (m_openKind == Kind::Special) {
        // No O_CREAT: what is not there any more is not made a file behind the user's back.
        int fd = -1;
        do {
            fd = ::open(QFile::encodeName(m_path).constData(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
        } while (fd < 0 && errno == EINTR);
        if (fd < 0)
            return fail(errno, error);
        struct stat st = {};
        if (::fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
            m_fd = fd;
            m_ownsFd = true;
            return true;
        }
        ::close(fd); // replaced by a regular file since kind() looked: save it as one
        m_openKind = Kind::File;
    }
    // No direct-write fallback: a directory we cannot create the temporary file in fails rather than
    // truncating the old file in place.
    m_file = std::make_unique<QSaveFile>(m_path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        fail(m_file->errorString(), error);
        m_file.reset();
        return false;
    }
    m_fd = m_file->handle();
    return true;
}

bool OutputTarget::write(const QByteArray &data, QString *error)
{
    if (m_fd < 0)
        return fail(EBADF, error);
    // Straight to the descriptor: QSaveFile's buffered write() reports a full disk as a short write with
    // "Unknown error", and commits the truncated file if asked.
    const int errorNumber = writeAll(m_fd, data.constData(), data.size());
    if (errorNumber == 0)
        return true;
    fail(errorNumber, error);
    if (m_file) { // nothing half written replaces the old file
        m_file->cancelWriting();
        m_file.reset();
        m_fd = -1;
    }
    return false;
}

bool OutputTarget::commit(QString *error)
{
    if (m_file) {
        // QSaveFile syncs too but ignores errors; a delayed "No space left on device" shows here.
        if (::fsync(m_fd) != 0 && errno != EINVAL) {
            fail(errno, error);
            m_file->cancelWriting();
            m_file.reset();
            m_fd = -1;
            return false;
        }
        const bool committed = m_file->commit() || fail(m_file->errorString(), error);
        m_file.reset();
        m_fd = -1;
        return committed;
    }
    if (m_ownsFd) {
        m_ownsFd = false;
        const int fd = m_fd;
        m_fd = -1;
        if (::close(fd) != 0 && errno != EINTR)
            return fail(errno, error);
    }
    return true;
}

bool OutputTarget::isTerminal() const
{
    return m_fd >= 0 && ::isatty(m_fd) == 1;
}

int OutputTarget::writeAll(int fd, const char *data, qsizetype size)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size_t(size));
        if (written > 0) {
            data += written;
            size -= written;
        } else if (written < 0 && errno == EINTR) {
            continue;
        } else if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // A descriptor inherited in non-blocking mode: wait until it takes more.
            pollfd ready = {fd, POLLOUT, 0};
            if (::poll(&ready, 1, -1) < 0 && errno != EINTR)
                return errno;
        } else {
            return written < 0 ? errno : EIO;
        }
    }
    return 0;
}

} // namespace Fanout
