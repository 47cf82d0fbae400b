#pragma once

#include "engine/checkresult.h"

#include <QTextBrowser>

namespace Fanout {

// Everything known about one row: redirect chain with each hop's status, timings, headers received, error.
class DetailsPane final : public QTextBrowser
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsPane)

public:
    explicit DetailsPane(QWidget *parent = nullptr);
    ~DetailsPane() override;

    // earlier: the results this row had before a re-check replaced them (oldest first), shown as its history.
    void showResult(const CheckResult &result, const QVector<CheckResult> &earlier = {});
    void showNothing();
    int shownRow() const { return m_row; }

    static QString toHtml(const CheckResult &result, const QVector<CheckResult> &earlier = {});

private:
    int m_row = -1;
};

} // namespace Fanout
