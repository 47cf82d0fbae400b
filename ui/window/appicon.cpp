#include "window/appicon.h"

#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>

namespace Fanout {

QImage renderAppIcon(int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 256.0, size / 256.0); // drawn on the SVG's 256×256 grid

    QLinearGradient background(0, 0, 0, 256);
    background.setColorAt(0, QColor(0x3b, 0x82, 0xf6));
    background.setColorAt(1, QColor(0x1d, 0x4e, 0xd8));
    p.setPen(Qt::NoPen);
    p.setBrush(background);
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 52, 52);

    // One source fanning out to four targets: the tool's idea in a glyph.
    const QPointF source(68, 128);
    const QPointF targets[] = {{188, 62}, {196, 106}, {196, 150}, {188, 194}};
    const QColor targetColors[] = {QColor(0x86, 0xef, 0xac), QColor(0x86, 0xef, 0xac), QColor(0xfd, 0xe0, 0x47),
                                   QColor(0xfc, 0xa5, 0xa5)};
    QPen line(QColor(255, 255, 255, 220), 12, Qt::SolidLine, Qt::RoundCap);
    p.setPen(line);
    p.setBrush(Qt::NoBrush);
    for (const QPointF &target : targets) {
        QPainterPath path(source);
        path.cubicTo(QPointF(120, 128), QPointF(130, target.y()), target);
        p.drawPath(path);
    }
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::white);
    p.drawEllipse(source, 26, 26);
    for (int i = 0; i < 4; ++i) {
        p.setBrush(targetColors[i]);
        p.drawEllipse(targets[i], 17, 17);
    }
    p.end();
    return image;
}

QIcon appIcon()
{
    static const QIcon icon = [] {
        QIcon result;
        for (const int size : {16, 24, 32, 48, 64, 128, 256})
            result.addPixmap(QPixmap::fromImage(renderAppIcon(size)));
        return result;
    }();
    return icon;
}

} // namespace Fanout
