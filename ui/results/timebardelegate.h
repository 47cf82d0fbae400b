#pragma once

#include <QStyledItemDelegate>

class QHeaderView;

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

// Draws URL cells elided in the middle: the scheme and host stay on the left and the end of the path, what tells
// one URL of a site from the next, on the right.
class UrlDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UrlDelegate)

public:
    explicit UrlDelegate(QObject *parent = nullptr);
    ~UrlDelegate() override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

// Widens every section narrower than its title needs with a sort indicator beside it (any column can be the
// sorted one), so no title is clipped ("ime (ms)"); wider sections are left as they are.
void fitSectionsToTitles(QHeaderView *header);

} // namespace Fanout
