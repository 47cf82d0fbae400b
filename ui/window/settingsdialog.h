#pragma once

#include "engine/checkoptions.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace Fanout {

// Run settings (everything but the concurrency, which lives in the toolbar) and the interface language.
// Shown with open(); the window applies values() when it is accepted.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(QWidget *parent = nullptr);
    ~SettingsDialog() override;

    void setOptions(const CheckOptions &options);
    CheckOptions options(const CheckOptions &base) const; // base supplies what the dialog does not edit
    void setLanguage(const QString &language);
    QString language() const;

    void accept() override;

private:
    void restoreDefaults();

    QSpinBox *m_perHost = nullptr;
    QDoubleSpinBox *m_rate = nullptr;
    QSpinBox *m_maxErrors = nullptr;
    QSpinBox *m_timeout = nullptr;
    QSpinBox *m_retries = nullptr;
    QComboBox *m_method = nullptr;
    QSpinBox *m_redirects = nullptr;
    QLineEdit *m_userAgent = nullptr;
    QPlainTextEdit *m_headers = nullptr;
    QLabel *m_headersError = nullptr;
    QCheckBox *m_ignoreTls = nullptr;
    QComboBox *m_language = nullptr;
};

} // namespace Fanout
