#include "cli/cli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    // Qt's own event dispatcher coalesces cross-thread wake-ups; GLib's writes an eventfd for every posted
    // event, and each request crosses between our thread and QNetworkAccessManager's about 25 times
    // (strace: 25 write() calls per URL with GLib, 4 without). The CLI needs nothing from GLib.
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fanout-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FANOUT_VERSION));
    return Fanout::Cli::run(app);
}
