#include "cliapp.h"

#include <QCoreApplication>

namespace Fanout {
int runCli(QCoreApplication &)
{
    return 2;
}
} // namespace Fanout
