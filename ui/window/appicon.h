#pragma once

#include <QIcon>
#include <QImage>

namespace Fanout {

// The application icon, drawn with QPainter so it is sharp at every size and device pixel ratio without the
// SVG image plugin. resources/icons/fanout.svg is the same drawing for desktop integration.
QImage renderAppIcon(int size);
QIcon appIcon();

} // namespace Fanout
