#pragma once

#include <QStyledItemDelegate>

namespace Fanout {

// Paints the time column: a thin bar scaled to the slowest row under the right-aligned number. One rect fill
// and one text draw per visible cell; nothing is measured or laid out.
class TimeBarDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimeBarDelegate)

public:
    explicit TimeBarDelegate(QObject *parent = nullptr);
    ~TimeBarDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace Fanout
