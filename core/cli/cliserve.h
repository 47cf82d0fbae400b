#pragma once

#include <QStringList>

class QCoreApplication;

namespace Fanout::Cli {

// `fanout-cli serve`: the local test origin on loopback until stopped.
int runServe(QCoreApplication &app, const QStringList &arguments);

} // namespace Fanout::Cli
