// MainWindow: acting on rows — export to CSV/JSON Lines, copy as TSV, open in the browser.
#include "io/outputtarget.h"
#include "io/resultwriter.h"
#include "results/resultsfiltermodel.h"
#include "results/resultsmodel.h"
#include "window/mainwindowprivate.h"

#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QStatusBar>
#include <QTableView>

namespace Fanout {

using namespace MainWindowParts;

namespace {

QString cellText(QString text)
{
    // A TSV cell never spans cells or lines.
    text.replace(u'\t', u' ');
    text.replace(u'\r', u' ');
    text.replace(u'\n', u' ');
    return text;
}

} // namespace

bool MainWindow::exportTo(const QString &path, bool filteredOnly, QString *error)
{
    d->model->flush();
    ExportOptions options;
    options.format = ResultWriter::formatForPath(path);
    // Written in chunks of rows read a range at a time: 1,000,000 rows never sit in memory whole.
    constexpr int chunkRows = 5000;
    // Rows in the table's order: its sort, and its filter for the shown rows. Sorted by # (the list's order),
    // every row is read from the run file a range at a time.
    const bool listOrder = !filteredOnly && d->proxy->sortColumn() <= ResultsModel::NumberColumn &&
                           d->proxy->sortOrder() == Qt::AscendingOrder;
    const QVector<int> ordered = listOrder ? QVector<int>() : d->proxy->sortedSourceRows(filteredOnly);
    const int total = listOrder ? d->model->rowCount() : int(ordered.size());
    OutputTarget target(path);
    QString why;
    bool ok = target.check({}, &why) && target.open(&why);
    for (int first = 0; ok && (first < total || first == 0); first += chunkRows) {
        const int last = std::min(total, first + chunkRows) - 1;
        QVector<CheckResult> rows;
        if (!listOrder) {
            rows.reserve(last - first + 1);
            for (int i = first; i <= last; ++i)
                rows.append(d->model->result(ordered.at(i)));
        } else {
            rows = d->model->resultsRange(first, last);
        }
        QByteArray data;
        if (options.format == ExportFormat::JsonLines) {
            data = ResultWriter::toJsonLines(rows);
        } else {
            data = ResultWriter::toCsv(rows, options.utf8Bom && first == 0);
            if (first > 0)
                data.remove(0, data.indexOf("\r\n") + 2); // the header line comes once
        }
        ok = target.write(data, &why);
        if (total == 0)
            break;
    }
    ok = ok && target.commit(&why);
    if (!ok) {
        if (error)
            *error = why;
        return false;
    }
    if (!filteredOnly)
        d->unsaved = false;
    // English has no catalogue to give %n its plural forms: one row is a sentence of its own.
    const QString where = QDir::toNativeSeparators(path);
    statusBar()->showMessage(total == 1 ? tr("Exported 1 row to %1").arg(where)
                                        : tr("Exported %n rows to %1", nullptr, total).arg(where),
                             8000);
    return true;
}

void MainWindow::Private::exportDialog(bool filteredOnly)
{
    const QString base = sourceName.isEmpty() ? QStringLiteral("fanout") : QFileInfo(sourceName).completeBaseName();
    const QString dir = settings ? AppSettings::lastDirectory(*settings) : QDir::homePath();
    const QString suggested = QDir(dir).filePath(base + QStringLiteral("-results.csv"));
    dialogs->saveFile(q, filteredOnly ? tr("Export Filtered Rows") : tr("Export All Rows"), suggested,
                      tr("CSV (*.csv);;JSON Lines (*.jsonl)"), [this, filteredOnly](const QString &path) {
                          if (path.isEmpty())
                              return;
                          if (settings)
                              AppSettings::setLastDirectory(*settings, QFileInfo(path).absolutePath());
                          QString error;
                          if (!q->exportTo(path, filteredOnly, &error))
                              warn(tr("Export Failed"), error, Dialogs::Severity::Error);
                      });
}

QString MainWindow::selectedRowsAsTsv() const
{
    const QVector<int> rows = d->selectedSourceRows();
    if (rows.isEmpty())
        return {};
    const QHeaderView *header = d->view->horizontalHeader();
    QVector<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    QStringList lines;
    QStringList cells;
    for (const int c : std::as_const(columns))
        cells.append(cellText(d->model->columnTitle(c)));
    lines.append(cells.join(u'\t'));
    for (const int row : rows) {
        cells.clear();
        for (const int c : std::as_const(columns))
            cells.append(cellText(d->model->index(row, c).data().toString()));
        lines.append(cells.join(u'\t'));
    }
    return lines.join(u'\n') + u'\n';
}

void MainWindow::Private::openInBrowser()
{
    const int row = currentSourceRow();
    if (row < 0)
        return;
    const CheckResult &r = model->result(row);
    if (!r.url.isValid())
        return;
    if (!dialogs->openUrl(r.url))
        q->statusBar()->showMessage(tr("Could not open a web browser."), 5000);
}

} // namespace Fanout
