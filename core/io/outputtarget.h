#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

class QSaveFile;

namespace Fanout {

// Where results are written, taken as what it is. A regular file (or one not there yet) is replaced
// atomically (QSaveFile): a failed write leaves the old file as it was. Anything else — a device, a FIFO,
// standard output, /dev/stdout — is opened and written in place and left what it was: renaming over
// /dev/null as root would turn the device into a file. Every error carries the system's own reason.
class OutputTarget final
{
public:
    enum class Kind
    {
        File,       // a regular file, or none yet: saved atomically
        Descriptor, // "-", /dev/stdout, /dev/fd/N ...: a descriptor this process already holds, used as it is
        Special     // a device or a FIFO: opened and written in place
    };

    explicit OutputTarget(const QString &path); // "-" is standard output
    ~OutputTarget();
    Q_DISABLE_COPY_MOVE(OutputTarget)

    // Whether writing can work, changing nothing: the directory exists and is writable, so is the file or
    // device, it is no directory and none of `inputs` (list files the run reads, "-" for standard input),
    // compared by device and inode so that links and other spellings of the same file count.
    // Returns false with *error set to "Cannot write "PATH": REASON".
    bool check(const QStringList &inputs, QString *error) const;

    // open(), write() as often as needed, then commit(); any false sets *error as check() does. A FIFO's
    // open() waits for a reader, as a shell's redirection does.
    bool open(QString *error);
    bool write(const QByteArray &data, QString *error);
    bool commit(QString *error); // a file: replaces the old one now; dropping the target uncommitted keeps it

    const QString &path() const { return m_path; }
    Kind kind() const; // as opened, or as the path is now
    // True when results go to this process's standard output (per-URL lines must not go there too).
    bool isStandardOutput() const { return m_heldFd == 1; }
    bool isTerminal() const; // after open(): what is written is read by a person

    // Writes all of data to fd through partial writes, EINTR and a non-blocking descriptor; 0 or errno.
    static int writeAll(int fd, const char *data, qsizetype size);
    // "Cannot write "PATH": REASON" ("standard output" for "-").
    static QString message(const QString &path, const QString &reason);

private:
    // Set *error (when given) to message(m_path, reason) and return false.
    bool fail(const QString &reason, QString *error) const;
    bool fail(int errorNumber, QString *error) const;

    QString m_path;
    int m_heldFd = -1; // Descriptor: the descriptor the path names
    Kind m_openKind = Kind::File;
    int m_fd = -1; // while open: where bytes go
    bool m_ownsFd = false;
    std::unique_ptr<QSaveFile> m_file;
};

} // namespace Fanout
