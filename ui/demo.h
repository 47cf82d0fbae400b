#pragma once

namespace Fanout {
class MainWindow;
// Starts the offline demo in this window: the core's local origin on a free loopback port, the demo lists,
// the sequential and the concurrent run one after the other, then their comparison.
void startDemo(MainWindow *window);
} // namespace Fanout
