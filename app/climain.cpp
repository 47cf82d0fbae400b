#include "cliapp.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fanout-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FANOUT_VERSION));
    return Fanout::runCli(app);
}
