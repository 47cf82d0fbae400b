#pragma once

#include <QString>

namespace Fanout {

// Text that strangers wrote (titles, Locations, list lines), made safe to show: C0 controls, DEL, C1
// controls, bidirectional overrides, isolates and marks, line/paragraph separators and lone surrogates
// become visible escapes — \x1b for ASCII, \u202e above — so no terminal runs them and no bidi-aware view
// reorders or hides the text around them. Everything else, backslashes included, is left as it is: this
// is for people to read; CSV and JSON Lines carry the exact text.
QString terminalSafe(const QString &text);
// The same for text of several lines: each LF stays a line break, everything else is escaped as above.
QString terminalSafeLines(const QString &text);

} // namespace Fanout
