#include "window/comparerunsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <memory>

namespace Fanout {

namespace {

void fillRuns(QComboBox *box, const QStringList &runs)
{
    for (const QString &path : runs)
        box->addItem(QFileInfo(path).fileName(), path);
}

} // namespace

CompareRunsDialog::CompareRunsDialog(const QStringList &runs, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Compare Runs"));
    setObjectName(QStringLiteral("compareRunsDialog"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_old = new QComboBox(this);
    m_new = new QComboBox(this);
    fillRuns(m_old, runs);
    fillRuns(m_new, runs);
    if (m_old->count() > 1)
        m_old->setCurrentIndex(1); // newest first: the one before the latest is the older run
    form->addRow(tr("Older run:"), m_old);
    form->addRow(tr("Newer run:"), m_new);
    layout->addLayout(form);
    m_go = new QPushButton(tr("Compare"), this);
    connect(m_go, &QPushButton::clicked, this, [this]() { compare(); });
    layout->addWidget(m_go, 0, Qt::AlignLeft);
    m_summary = new QLabel(tr("Pick two runs of a list."), this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_table = new QTableWidget(0, 4, this);
    m_table->setHorizontalHeaderLabels({tr("Change"), tr("URL"), tr("Before"), tr("After")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_table, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(900, 560);
}

CompareRunsDialog::~CompareRunsDialog() = default;

void CompareRunsDialog::setPaths(const QString &oldPath, const QString &newPath)
{
    for (const auto &[box, path] : {std::pair{m_old, oldPath}, std::pair{m_new, newPath}}) {
        int index = box->findData(path);
        if (index < 0) {
            box->addItem(QFileInfo(path).fileName(), path);
            index = box->count() - 1;
        }
        box->setCurrentIndex(index);
    }
}

QString CompareRunsDialog::summaryText() const
{
    return m_summary->text();
}

int CompareRunsDialog::shownRows() const
{
    return m_table->rowCount();
}

void CompareRunsDialog::compare()
{
    const QString oldPath = m_old->currentData().toString();
    const QString newPath = m_new->currentData().toString();
    if (oldPath.isEmpty() || newPath.isEmpty())
        return;
    struct Outcome
    {
        QVector<DiffRow> rows;
        DiffSummary summary;
        QString error;
        QStringList warnings;
        bool ok = false;
    };
    auto outcome = std::make_shared<Outcome>();
    const int generation = ++m_generation;
    m_comparing = true;
    m_go->setEnabled(false);
    m_summary->setText(tr("Comparing…"));
    m_table->setRowCount(0);
    QThread *worker = QThread::create([outcome, oldPath, newPath]() {
        outcome->ok = RunDiff::compare(
            oldPath, newPath,
            [outcome](const DiffRow &row) {
                if (outcome->rows.size() < MaxShownRows)
                    outcome->rows.append(row);
                return true; // the summary counts every row
            },
            &outcome->summary, &outcome->error, &outcome->warnings);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &QThread::finished, this, [this, outcome, generation]() {
        if (generation != m_generation)
            return;
        m_comparing = false;
        m_go->setEnabled(true);
        if (!outcome->ok) {
            m_summary->setText(tr("Cannot compare: %1").arg(outcome->error));
            emit compared(false);
            return;
        }
        QString text = outcome->summary.toText();
        if (outcome->summary.changed() > outcome->rows.size())
            text += u'\n' + tr("The first %1 changes are listed.").arg(outcome->rows.size());
        for (const QString &warning : std::as_const(outcome->warnings))
            text += u'\n' + warning;
        m_summary->setText(text);
        m_table->setRowCount(int(outcome->rows.size()));
        const auto side = [](int status, const QString &error, const QString &title) {
            QString s = status > 0 ? QString::number(status) : error.section(u':', 0, 0);
            if (!title.isEmpty())
                s += QStringLiteral(" — ") + title;
            return s;
        };
        for (int i = 0; i < outcome->rows.size(); ++i) {
            const DiffRow &r = outcome->rows.at(i);
            m_table->setItem(i, 0, new QTableWidgetItem(diffChangeName(r.change)));
            m_table->setItem(i, 1, new QTableWidgetItem(r.url));
            m_table->setItem(i, 2, new QTableWidgetItem(side(r.oldStatus, r.oldError, r.oldTitle)));
            m_table->setItem(i, 3, new QTableWidgetItem(side(r.newStatus, r.newError, r.newTitle)));
        }
        emit compared(true);
    });
    worker->start();
}

} // namespace Fanout
