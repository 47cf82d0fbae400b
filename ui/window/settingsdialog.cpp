#include "window/settingsdialog.h"

#include "window/appsettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Fanout {

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Settings"));
    auto *layout = new QVBoxLayout(this);

    auto *network = new QGroupBox(tr("Requests"), this);
    auto *form = new QFormLayout(network);

    m_perHost = new QSpinBox(network);
    m_perHost->setRange(0, AppSettings::MaxConcurrency);
    m_perHost->setSpecialValueText(tr("No limit"));
    m_perHost->setToolTip(tr("Most requests in flight to one host at a time (0 = only the global cap). "
                             "Applied at once, also during a run."));
    form->addRow(tr("Per-&host limit:"), m_perHost);

    m_rate = new QDoubleSpinBox(network);
    m_rate->setRange(0, 10000);
    m_rate->setDecimals(2);
    m_rate->setSingleStep(0.5);
    m_rate->setSuffix(tr(" /s"));
    m_rate->setSpecialValueText(tr("No limit"));
    m_rate->setToolTip(tr("Most requests started per second to one host, redirects and retries included "
                          "(0 = no limit). Applies to the next run."));
    form->addRow(tr("Per-host &rate:"), m_rate);

    m_maxErrors = new QSpinBox(network);
    m_maxErrors->setRange(0, 1000000);
    m_maxErrors->setSpecialValueText(tr("Never"));
    m_maxErrors->setToolTip(tr("After this many connection errors in a row to one host, its remaining URLs are "
                               "skipped (0 = never). Applies to the next run."));
    form->addRow(tr("Give up on a host &after:"), m_maxErrors);

    m_timeout = new QSpinBox(network);
    m_timeout->setRange(1, 3600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("Total time allowed for one attempt: connect, headers and body"));
    form->addRow(tr("&Timeout:"), m_timeout);

    m_retries = new QSpinBox(network);
    m_retries->setRange(0, 10);
    m_retries->setToolTip(tr("Extra attempts after a timeout, a connection error, 429 or 5xx"));
    form->addRow(tr("&Retries:"), m_retries);

    m_method = new QComboBox(network);
    m_method->addItem(tr("GET (reads titles)"), QStringLiteral("GET"));
    m_method->addItem(tr("HEAD (status only, faster)"), QStringLiteral("HEAD"));
    m_method->setToolTip(tr("HEAD falls back to GET when a server rejects it"));
    form->addRow(tr("&Method:"), m_method);

    m_redirects = new QSpinBox(network);
    m_redirects->setRange(0, 50);
    m_redirects->setToolTip(tr("Redirects followed before a URL is reported as a redirect loop"));
    form->addRow(tr("Max re&directs:"), m_redirects);

    m_userAgent = new QLineEdit(network);
    m_userAgent->setPlaceholderText(QString::fromUtf8(CheckOptions().userAgent));
    m_userAgent->setToolTip(tr("User-Agent header sent with every request; empty = Fanout's own"));
    form->addRow(tr("&User-Agent:"), m_userAgent);

    m_headers = new QPlainTextEdit(network);
    m_headers->setPlaceholderText(tr("One per line, e.g.\nAccept-Language: zh-CN\nAuthorization: Bearer …"));
    m_headers->setToolTip(tr("Extra request headers, \"Name: value\" per line"));
    m_headers->setTabChangesFocus(true);
    m_headers->setFixedHeight(m_headers->fontMetrics().lineSpacing() * 4 + 12);
    form->addRow(tr("Extra &headers:"), m_headers);
    m_headersError = new QLabel(network);
    m_headersError->setStyleSheet(QStringLiteral("color: #d93025"));
    m_headersError->setWordWrap(true);
    m_headersError->hide();
    form->addRow(QString(), m_headersError);

    m_ignoreTls = new QCheckBox(tr("&Ignore TLS certificate errors"), network);
    m_ignoreTls->setToolTip(tr("Check sites with self-signed or expired certificates (less safe)"));
    form->addRow(QString(), m_ignoreTls);
    layout->addWidget(network);

    m_rules = new QGroupBox(tr("Rules for this list"), this);
    auto *rulesForm = new QFormLayout(m_rules);
    const auto lines = [this](const QString &placeholder, const QString &tip) {
        auto *edit = new QPlainTextEdit(m_rules);
        edit->setPlaceholderText(placeholder);
        edit->setToolTip(tip);
        edit->setTabChangesFocus(true);
        edit->setFixedHeight(edit->fontMetrics().lineSpacing() * 3 + 12);
        return edit;
    };
    m_exclude = lines(tr("One regular expression per line"), tr("URLs matching any of these are not requested"));
    rulesForm->addRow(tr("E&xclude:"), m_exclude);
    m_include = lines(tr("One regular expression per line"), tr("When given, only URLs matching one are requested"));
    rulesForm->addRow(tr("I&nclude:"), m_include);
    m_onlyHosts = new QLineEdit(m_rules);
    m_onlyHosts->setPlaceholderText(tr("example.com, docs.example.org"));
    m_onlyHosts->setToolTip(tr("When given, only these hosts and their subdomains are requested"));
    rulesForm->addRow(tr("&Only hosts:"), m_onlyHosts);
    m_skipHosts = new QLineEdit(m_rules);
    m_skipHosts->setToolTip(tr("These hosts and their subdomains are not requested"));
    rulesForm->addRow(tr("S&kip hosts:"), m_skipHosts);
    m_accept = new QLineEdit(m_rules);
    m_accept->setPlaceholderText(tr("200..299,403"));
    m_accept->setToolTip(tr("Statuses counted OK; empty: below 400"));
    rulesForm->addRow(tr("&Accept statuses:"), m_accept);
    m_rulesError = new QLabel(m_rules);
    m_rulesError->setStyleSheet(QStringLiteral("color: #d93025"));
    m_rulesError->setWordWrap(true);
    m_rulesError->hide();
    rulesForm->addRow(QString(), m_rulesError);
    m_rules->setEnabled(false);
    layout->addWidget(m_rules);

    auto *appearance = new QGroupBox(tr("Interface"), this);
    auto *appearanceForm = new QFormLayout(appearance);
    m_language = new QComboBox(appearance);
    m_language->addItem(tr("System default"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->setToolTip(tr("Language of the interface"));
    appearanceForm->addRow(tr("&Language:"), m_language);
    auto *restartNote = new QLabel(tr("A new language applies after Fanout is restarted."), appearance);
    restartNote->setEnabled(false);
    appearanceForm->addRow(QString(), restartNote);
    layout->addWidget(appearance);

    auto *buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &SettingsDialog::restoreDefaults);
    layout->addWidget(buttons);
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::setOptions(const CheckOptions &o)
{
    m_perHost->setValue(o.perHostLimit);
    m_rate->setValue(o.ratePerHost);
    m_maxErrors->setValue(o.maxErrorsPerHost);
    m_timeout->setValue(std::max(1, (o.timeoutMs + 999) / 1000));
    m_retries->setValue(o.retries);
    m_method->setCurrentIndex(o.method == HttpMethod::Head ? 1 : 0);
    m_redirects->setValue(o.maxRedirects);
    m_userAgent->setText(o.userAgent == CheckOptions().userAgent ? QString() : QString::fromUtf8(o.userAgent));
    m_headers->setPlainText(AppSettings::headersToText(o.headers));
    m_ignoreTls->setChecked(o.ignoreTlsErrors);
}

CheckOptions SettingsDialog::options(const CheckOptions &base) const
{
    CheckOptions o = base;
    o.perHostLimit = m_perHost->value();
    o.ratePerHost = m_rate->value();
    o.maxErrorsPerHost = m_maxErrors->value();
    o.timeoutMs = m_timeout->value() * 1000;
    o.retries = m_retries->value();
    o.method = m_method->currentIndex() == 1 ? HttpMethod::Head : HttpMethod::Get;
    o.maxRedirects = m_redirects->value();
    const QString agent = m_userAgent->text().trimmed();
    o.userAgent = agent.isEmpty() ? CheckOptions().userAgent : agent.toUtf8();
    o.headers = AppSettings::parseHeaders(m_headers->toPlainText());
    o.ignoreTlsErrors = m_ignoreTls->isChecked();
    return o;
}

namespace {

QStringList splitLines(const QString &text)
{
    QStringList out;
    for (const QString &line : text.split(u'\n', Qt::SkipEmptyParts))
        if (!line.trimmed().isEmpty())
            out.append(line.trimmed());
    return out;
}

QStringList splitHosts(const QString &text)
{
    QStringList out;
    for (const QString &host : text.split(u',', Qt::SkipEmptyParts))
        if (!host.trimmed().isEmpty())
            out.append(host.trimmed());
    return out;
}

} // namespace

void SettingsDialog::setListRules(const QString &listName, const AppSettings::ListRules &rules)
{
    m_rules->setEnabled(!listName.isEmpty());
    m_rules->setTitle(listName.isEmpty() ? tr("Rules (open a list file to set its rules)")
                                         : tr("Rules for %1").arg(listName));
    m_exclude->setPlainText(rules.exclude.join(u'\n'));
    m_include->setPlainText(rules.include.join(u'\n'));
    m_onlyHosts->setText(rules.onlyHosts.join(QStringLiteral(", ")));
    m_skipHosts->setText(rules.skipHosts.join(QStringLiteral(", ")));
    m_accept->setText(rules.accept);
}

AppSettings::ListRules SettingsDialog::listRules() const
{
    AppSettings::ListRules rules;
    rules.exclude = splitLines(m_exclude->toPlainText());
    rules.include = splitLines(m_include->toPlainText());
    rules.onlyHosts = splitHosts(m_onlyHosts->text());
    rules.skipHosts = splitHosts(m_skipHosts->text());
    rules.accept = m_accept->text().trimmed();
    return rules;
}

void SettingsDialog::setLanguage(const QString &language)
{
    const int index = m_language->findData(language);
    m_language->setCurrentIndex(index < 0 ? 0 : index);
}

QString SettingsDialog::language() const
{
    return m_language->currentData().toString();
}

void SettingsDialog::accept()
{
    QStringList bad;
    AppSettings::parseHeaders(m_headers->toPlainText(), &bad);
    if (!bad.isEmpty()) {
        // Never drop a header silently: say which lines are not "Name: value".
        m_headersError->setText(tr("Not a header (expected \"Name: value\"): %1").arg(bad.join(QStringLiteral("; "))));
        m_headersError->show();
        m_headers->setFocus();
        return;
    }
    m_headersError->hide();
    // A pattern or spec core/io/rules refuses is said here, not dropped.
    UrlRules rules;
    QList<QPair<int, int>> accept;
    QString acceptText;
    QString why;
    if (!AppSettings::buildRules(listRules(), FanoutConfig(), &rules, &accept, &acceptText, &why)) {
        m_rulesError->setText(why);
        m_rulesError->show();
        return;
    }
    m_rulesError->hide();
    QDialog::accept();
}

void SettingsDialog::restoreDefaults()
{
    CheckOptions defaults;
    setOptions(defaults);
    m_headersError->hide();
}

} // namespace Fanout
