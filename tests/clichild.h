#pragma once

// fanout-cli run as a child of a test: a home and XDG folders of its own (never the user's), and the test's event
// loop turning while it runs, so an origin living in the test process answers it.
#include <QProcess>
#include <QSignalSpy>
#include <QString>
#include <QStringList>

namespace FanoutTest {

struct ChildResult
{
    int exitCode = -1; // -1 when it did not start, crashed or was killed for taking too long
    QByteArray out;
    QByteArray err;
};

inline QProcessEnvironment privateHome(const QString &home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name :
         {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"})
        environment.insert(QLatin1String(name), home);
    return environment;
}

inline ChildResult runChild(const QString &program, const QStringList &arguments, const QString &home,
                            const QString &workingDirectory = {}, int waitMs = 120000)
{
    QProcess process;
    process.setProcessEnvironment(privateHome(home));
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(program, arguments);
    if (!process.waitForStarted(5000))
        return {};
    process.closeWriteChannel();
    if (!finished.wait(waitMs)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

} // namespace FanoutTest
