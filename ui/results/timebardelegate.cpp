#include "results/timebardelegate.h"

#include "results/resultsmodel.h"

#include <QApplication>
#include <QHeaderView>
#include <QPainter>

#include <algorithm>

namespace Fanout {

TimeBarDelegate::TimeBarDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

TimeBarDelegate::~TimeBarDelegate() = default;

void TimeBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const double fraction = std::clamp(index.data(ResultsModel::TimeFractionRole).toDouble(), 0.0, 1.0);
    const QRect area = option.rect.adjusted(4, 2, -4, -2);
    if (fraction > 0 && area.width() > 0) {
        const int height = std::max(3, area.height() / 4);
        QRect bar(area.left(), area.bottom() - height + 1, std::max(1, int(area.width() * fraction)), height);
        QColor color = option.palette.color(QPalette::Highlight);
        if (fraction > 0.8)
            color = QColor(0xd9, 0x6c, 0x00); // the slow tail stands out
        color.setAlpha(opt.state & QStyle::State_Selected ? 220 : 150);
        painter->fillRect(bar, color);
    }
    if (!text.isEmpty()) {
        const QPalette::ColorRole role =
            opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text;
        painter->setPen(opt.palette.color(role)); // with the model's ForegroundRole applied
        painter->setFont(opt.font);
        painter->drawText(area.adjusted(0, 0, 0, -std::max(3, area.height() / 4) / 2),
                          Qt::AlignRight | Qt::AlignVCenter, text);
    }
}

UrlDelegate::UrlDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

UrlDelegate::~UrlDelegate() = default;

void UrlDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->textElideMode = Qt::ElideMiddle;
}

void fitSectionsToTitles(QHeaderView *header)
{
    // sectionSizeHint() measures the title with room for the sort indicator while indicators are shown.
    for (int section = 0; section < header->count(); ++section) {
        const int needed = header->sectionSizeHint(section);
        if (header->sectionSize(section) < needed && !header->isSectionHidden(section))
            header->resizeSection(section, needed);
    }
}

} // namespace Fanout
