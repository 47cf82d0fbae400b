#pragma once

#include "engine/checkoptions.h"
#include "window/appsettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
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
    // The rules of the loaded list (saved per list); listName empty: no list file loaded, the group is off.
    void setListRules(const QString &listName, const AppSettings::ListRules &rules);
    AppSettings::ListRules listRules() const;
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
    QGroupBox *m_rules = nullptr;
    QPlainTextEdit *m_exclude = nullptr;
    QPlainTextEdit *m_include = nullptr;
    QLineEdit *m_onlyHosts = nullptr;
    QLineEdit *m_skipHosts = nullptr;
    QLineEdit *m_accept = nullptr;
    QLabel *m_rulesError = nullptr;
};

} // namespace Fanout
