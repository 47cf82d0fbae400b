#include "demo.h"

// TEMP contract stub: the timing-views issue replaces this file.
namespace Fanout {
void startDemo(MainWindow *)
{
}
} // namespace Fanout
