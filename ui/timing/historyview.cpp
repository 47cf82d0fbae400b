#include "timing/historyview.h"

#include "timing/chartutil.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace Fanout {

// ---- HistoryTableModel ----

HistoryTableModel::HistoryTableModel(RunHistory *history, QObject *parent)
    : QAbstractTableModel(parent)
    , m_history(history)
{
    connect(history, &RunHistory::changed, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

HistoryTableModel::~HistoryTableModel() = default;

int HistoryTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_history->count();
}

int HistoryTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int HistoryTableModel::recordIndex(int row) const
{
    return m_history->count() - 1 - row;
}

int HistoryTableModel::rowOf(int recordIndex) const
{
    return m_history->count() - 1 - recordIndex;
}

QVariant HistoryTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_history->count())
        return {};
    const RunRecord &r = m_history->at(recordIndex(index.row()));
    const int col = index.column();
    if (role == Qt::DisplayRole) {
        switch (col) {
        case When:
            return QLocale().toString(r.when.toLocalTime(), QLocale::ShortFormat);
        case List:
            return r.listName;
        case Label:
            return r.cancelled ? r.label + tr(" (cancelled)") : r.label;
        case Urls:
            return r.urlCount;
        case Cap:
            return r.cap;
        case Wall:
            return Chart::formatDuration(double(r.wallMs));
        case Sum:
            return Chart::formatDuration(double(r.sumMs));
        case SpeedUp:
            return Chart::formatSpeedUp(r.speedUp);
        case Ok:
            return r.ok;
        case Failed:
            return r.failed;
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return col >= Urls ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole)
        return tr("%1 — %2\n%3 URLs at cap %4: wall %5, one at a time %6 (%7)\n%8 OK, %9 failed")
            .arg(r.when.toLocalTime().toString(Qt::ISODate), r.listName)
            .arg(r.urlCount)
            .arg(r.cap)
            .arg(Chart::formatDuration(double(r.wallMs)), Chart::formatDuration(double(r.sumMs)),
                 Chart::formatSpeedUp(r.speedUp))
            .arg(r.ok)
            .arg(r.failed);
    return {};
}

QVariant HistoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case When:
        return tr("When");
    case List:
        return tr("List");
    case Label:
        return tr("Run");
    case Urls:
        return tr("URLs");
    case Cap:
        return tr("Cap");
    case Wall:
        return tr("Wall");
    case Sum:
        return tr("One at a time");
    case SpeedUp:
        return tr("Speed-up");
    case Ok:
        return tr("OK");
    case Failed:
        return tr("Failed");
    default:
        return {};
    }
}

// ---- HistoryChart ----

HistoryChart::HistoryChart(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Runs compared"));
    setAccessibleDescription(summaryText());
}

QString HistoryChart::summaryText() const
{
    if (m_records.isEmpty())
        return tr("No runs selected.");
    QStringList parts;
    for (const RunRecord &r : m_records)
        parts.append(tr("%1 (%2): %3, one at a time %4")
                         .arg(r.listName, r.label, Chart::formatDuration(double(r.wallMs)),
                              Chart::formatDuration(double(r.sumMs))));
    return parts.join(QStringLiteral("; ")) + QLatin1Char('.');
}

void HistoryChart::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    update();
}

void HistoryChart::focusOutEvent(QFocusEvent *event)
{
    QWidget::focusOutEvent(event);
    update();
}

HistoryChart::~HistoryChart() = default;

void HistoryChart::setRecords(const QVector<RunRecord> &records)
{
    m_records = records.size() > MaxRuns ? records.mid(records.size() - MaxRuns) : records;
    setAccessibleDescription(summaryText());
    update();
}

void HistoryChart::paintEvent(QPaintEvent *)
{
    constexpr double Pad = 10;
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    if (hasFocus())
        Chart::drawFocusFrame(&p, rect(), pal);
    const QFontMetricsF fm(font());
    const QColor text = pal.color(QPalette::Text);
    const QColor muted = Chart::mutedText(pal);

    using E = Chart::LegendEntry;
    const QVector<E> legend{{tr("wall time"), Chart::concurrentColor(palette())},
                            {tr("one at a time (sum of URL times)"), Chart::sequentialColor(palette())}};
    const QString title = tr("Runs compared");
    Chart::drawTitle(&p, QRectF(Pad, Pad / 2, width(), fm.height() * 1.3), title, text);
    QFont bold = font();
    bold.setBold(true);
    const double titleW = QFontMetricsF(bold).horizontalAdvance(title) + 2 * Pad;
    const double legendH =
        Chart::drawLegend(&p, QPointF(Pad + titleW, Pad / 2), width() - 2 * Pad - titleW, legend, text);
    const double top = Pad / 2 + std::max(fm.height() * 1.3, legendH) + fm.height() * 1.6; // room for speed-ups

    const double yLabelW = fm.horizontalAdvance(QStringLiteral("000.0")) + 10;
    const double labelH = fm.height() * 3.2;
    const QRectF plot(Pad + yLabelW, top, width() - 2 * Pad - yLabelW, height() - top - labelH - Pad);
    if (plot.width() < 20 || plot.height() < 20)
        return;
    if (m_records.isEmpty()) {
        p.setPen(muted);
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No runs recorded yet. Every finished run appears here; select runs in the table "
                      "to compare them."));
        return;
    }

    double maxMs = 1;
    for (const RunRecord &r : m_records)
        maxMs = std::max({maxMs, double(r.wallMs), double(r.sumMs)});
    maxMs *= 1.08;
    auto yFor = [&](double ms) {
        return plot.bottom() - ms / maxMs * plot.height();
    };
    const double step = Chart::drawTimeGrid(&p, fm, plot, maxMs, Pad, yLabelW - 6, pal);
    p.setPen(muted);
    p.drawText(QRectF(Pad, top - fm.height() * 1.5, yLabelW + 40, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               tr("time (%1)").arg(Chart::timeAxisUnit(step, maxMs)));

    const int n = int(m_records.size());
    const double groupW = plot.width() / n;
    const double barW = std::min(groupW * 0.36, fm.height() * 3.5);
    for (int i = 0; i < n; ++i) {
        const RunRecord &r = m_records.at(i);
        const double cx = plot.left() + groupW * (i + 0.5);
        const QRectF wall(cx - barW - 1, yFor(double(r.wallMs)), barW, plot.bottom() - yFor(double(r.wallMs)));
        const QRectF sum(cx + 1, yFor(double(r.sumMs)), barW, plot.bottom() - yFor(double(r.sumMs)));
        QColor wc = Chart::concurrentColor(palette()), sc = Chart::sequentialColor(palette());
        if (r.cancelled) {
            wc.setAlphaF(0.45f);
            sc.setAlphaF(0.45f);
        }
        p.fillRect(wall, wc);
        p.fillRect(sum, sc);
        // Speed-up above the pair.
        p.setPen(text);
        const QString su = Chart::formatSpeedUp(r.speedUp);
        p.drawText(QRectF(cx - groupW / 2, std::min(wall.top(), sum.top()) - fm.height() * 1.2, groupW, fm.height()),
                   Qt::AlignHCenter | Qt::AlignBottom, fm.elidedText(su, Qt::ElideRight, groupW));
        // Labels under the pair: run label, list, time.
        const QString l1 = r.cancelled ? r.label + QStringLiteral(" ✕") : r.label;
        const QString l2 = r.listName;
        const QString l3 = QLocale().toString(r.when.toLocalTime().time(), QLocale::ShortFormat);
        const QRectF lr(cx - groupW / 2 + 1, plot.bottom() + 3, groupW - 2, fm.height());
        p.drawText(lr, Qt::AlignHCenter | Qt::AlignTop, fm.elidedText(l1, Qt::ElideRight, lr.width()));
        p.setPen(muted);
        p.drawText(lr.translated(0, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                   fm.elidedText(l2, Qt::ElideMiddle, lr.width()));
        p.drawText(lr.translated(0, fm.height() * 2), Qt::AlignHCenter | Qt::AlignTop,
                   fm.elidedText(l3, Qt::ElideRight, lr.width()));
    }
    p.setPen(Chart::gridColor(pal));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
}

// ---- HistoryView ----

HistoryView::HistoryView(RunHistory *history, QWidget *parent)
    : QWidget(parent)
    , m_history(history)
    , m_model(new HistoryTableModel(history, this))
    , m_table(new QTableView(this))
    , m_chart(new HistoryChart(this))
    , m_content(nullptr)
    , m_delete(new QPushButton(tr("Delete selected"), this))
{
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(HistoryTableModel::List, QHeaderView::Stretch);
    m_table->setWordWrap(false);

    auto *exportCsv = new QPushButton(tr("Export CSV…"), this);
    auto *compareCaps = new QPushButton(tr("Compare caps…"), this);
    exportCsv->setToolTip(tr("Save the whole run history as a spreadsheet-safe CSV file"));
    compareCaps->setToolTip(tr("Run the current list at caps 1, 2, 4, … and plot wall time against cap"));
    m_delete->setEnabled(false);
    auto *hint = new QLabel(tr("Select runs (Ctrl/Shift-click) to compare them."), this);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(hint, 1);
    buttons->addWidget(compareCaps);
    buttons->addWidget(exportCsv);
    buttons->addWidget(m_delete);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_chart);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    m_content = splitter;

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);

    connect(exportCsv, &QPushButton::clicked, this, &HistoryView::exportCsvRequested);
    connect(compareCaps, &QPushButton::clicked, this, &HistoryView::compareCapsRequested);
    connect(m_delete, &QPushButton::clicked, this, &HistoryView::deleteSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_delete->setEnabled(m_table->selectionModel()->hasSelection());
        updateChart();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryView::updateChart);
    updateChart();
}

HistoryView::~HistoryView() = default;

QVector<int> HistoryView::selectedRecords() const
{
    QVector<int> indices;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows)
        indices.append(m_model->recordIndex(i.row()));
    std::sort(indices.begin(), indices.end());
    return indices;
}

void HistoryView::selectRecords(const QVector<int> &recordIndices)
{
    QItemSelection selection;
    for (int i : recordIndices) {
        if (i < 0 || i >= m_history->count())
            continue;
        const int row = m_model->rowOf(i);
        selection.select(m_model->index(row, 0), m_model->index(row, HistoryTableModel::ColumnCount - 1));
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!recordIndices.isEmpty())
        m_table->scrollTo(m_model->index(m_model->rowOf(recordIndices.constLast()), 0));
}

void HistoryView::updateChart()
{
    const QVector<int> selected = selectedRecords();
    QVector<RunRecord> records;
    if (selected.isEmpty()) {
        // Nothing picked: the latest runs, so the chart is never empty after a run.
        const int from = std::max(0, m_history->count() - 6);
        for (int i = from; i < m_history->count(); ++i)
            records.append(m_history->at(i));
    } else {
        for (int i : selected)
            records.append(m_history->at(i));
    }
    m_chart->setRecords(records);
}

void HistoryView::deleteSelected()
{
    m_history->remove(selectedRecords());
}

} // namespace Fanout
