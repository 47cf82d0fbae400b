#pragma once

#include "store/rundiff.h"

#include <QDialog>
#include <QStringList>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace Fanout {

// Compare Runs: pick an older and a newer run file and see what changed per URL (core/store/rundiff). The diff
// runs on a worker thread (SQLite set queries over both files); the first MaxShownRows changes are listed.
class CompareRunsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareRunsDialog)

public:
    static constexpr int MaxShownRows = 10000;

    // runs: the paths offered in both lists, newest first.
    explicit CompareRunsDialog(const QStringList &runs, QWidget *parent = nullptr);
    ~CompareRunsDialog() override;

    void setPaths(const QString &oldPath, const QString &newPath);
    void compare(); // starts the diff of the chosen pair
    bool isComparing() const { return m_comparing; }
    QString summaryText() const;
    int shownRows() const;

signals:
    void compared(bool ok);

private:
    QComboBox *m_old = nullptr;
    QComboBox *m_new = nullptr;
    QPushButton *m_go = nullptr;
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
    bool m_comparing = false;
    int m_generation = 0;
};

} // namespace Fanout
