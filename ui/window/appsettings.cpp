#include "window/appsettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <algorithm>

namespace Fanout::AppSettings {

namespace {

QString key(const char *name)
{
    return QLatin1String("run/") + QLatin1String(name);
}

} // namespace

CheckOptions loadOptions(const QSettings &settings)
{
    const CheckOptions defaults;
    CheckOptions o;
    o.concurrency =
        std::clamp(settings.value(key("concurrency"), defaults.concurrency).toInt(), MinConcurrency, MaxConcurrency);
    o.perHostLimit = std::clamp(settings.value(key("perHostLimit"), defaults.perHostLimit).toInt(), 0, MaxConcurrency);
    o.ratePerHost = std::clamp(settings.value(key("ratePerHost"), defaults.ratePerHost).toDouble(), 0.0, 10000.0);
    o.maxErrorsPerHost =
        std::clamp(settings.value(key("maxErrorsPerHost"), defaults.maxErrorsPerHost).toInt(), 0, 1000000);
    o.timeoutMs = std::clamp(settings.value(key("timeoutMs"), defaults.timeoutMs).toInt(), 100, 3600 * 1000);
    o.retries = std::clamp(settings.value(key("retries"), defaults.retries).toInt(), 0, 10);
    o.method = settings.value(key("method")).toString() == QLatin1String("HEAD") ? HttpMethod::Head : HttpMethod::Get;
    o.maxRedirects = std::clamp(settings.value(key("maxRedirects"), defaults.maxRedirects).toInt(), 0, 50);
    o.ignoreTlsErrors = settings.value(key("ignoreTlsErrors"), defaults.ignoreTlsErrors).toBool();
    const QString agent = settings.value(key("userAgent")).toString().trimmed();
    o.userAgent = agent.isEmpty() ? defaults.userAgent : agent.toUtf8();
    o.headers = parseHeaders(settings.value(key("headers")).toString());
    return o;
}

void saveOptions(QSettings &settings, const CheckOptions &o)
{
    const CheckOptions defaults;
    settings.setValue(key("concurrency"), o.concurrency);
    settings.setValue(key("perHostLimit"), o.perHostLimit);
    settings.setValue(key("ratePerHost"), o.ratePerHost);
    settings.setValue(key("maxErrorsPerHost"), o.maxErrorsPerHost);
    settings.setValue(key("timeoutMs"), o.timeoutMs);
    settings.setValue(key("retries"), o.retries);
    settings.setValue(key("method"), o.method == HttpMethod::Head ? QStringLiteral("HEAD") : QStringLiteral("GET"));
    settings.setValue(key("maxRedirects"), o.maxRedirects);
    settings.setValue(key("ignoreTlsErrors"), o.ignoreTlsErrors);
    // The default agent carries the version: store "" so an upgrade picks up the new one.
    settings.setValue(key("userAgent"), o.userAgent == defaults.userAgent ? QString() : QString::fromUtf8(o.userAgent));
    settings.setValue(key("headers"), headersToText(o.headers));
}

QString language(const QSettings &settings)
{
    const QString value = settings.value(QStringLiteral("ui/language")).toString();
    return value == QLatin1String("en") || value == QLatin1String("zh_CN") ? value : QString();
}

void setLanguage(QSettings &settings, const QString &value)
{
    settings.setValue(QStringLiteral("ui/language"), value);
}

QString effectiveLanguage(const QString &value)
{
    if (!value.isEmpty())
        return value;
    // Any Chinese system locale gets Simplified Chinese: the only Chinese translation there is.
    return QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

QStringList recentFiles(const QSettings &settings)
{
    return settings.value(QStringLiteral("files/recent")).toStringList();
}

void addRecentFile(QSettings &settings, const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles(settings);
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > MaxRecentFiles)
        files.removeLast();
    settings.setValue(QStringLiteral("files/recent"), files);
}

void clearRecentFiles(QSettings &settings)
{
    settings.remove(QStringLiteral("files/recent"));
}

namespace {

// A path as one QSettings key: slashes would make groups of its folders.
QString rulesGroup(const QString &listPath)
{
    const QString key = listPath.contains(QLatin1String("://")) ? listPath : QFileInfo(listPath).absoluteFilePath();
    return QStringLiteral("listRules/") + QString::fromLatin1(key.toUtf8().toHex());
}

} // namespace

ListRules listRules(const QSettings &settings, const QString &listPath)
{
    const QString group = rulesGroup(listPath) + u'/';
    ListRules rules;
    rules.exclude = settings.value(group + QStringLiteral("exclude")).toStringList();
    rules.include = settings.value(group + QStringLiteral("include")).toStringList();
    rules.onlyHosts = settings.value(group + QStringLiteral("onlyHosts")).toStringList();
    rules.skipHosts = settings.value(group + QStringLiteral("skipHosts")).toStringList();
    rules.accept = settings.value(group + QStringLiteral("accept")).toString();
    return rules;
}

void setListRules(QSettings &settings, const QString &listPath, const ListRules &rules)
{
    const QString group = rulesGroup(listPath);
    settings.remove(group);
    if (rules.isEmpty())
        return;
    settings.setValue(group + QStringLiteral("/exclude"), rules.exclude);
    settings.setValue(group + QStringLiteral("/include"), rules.include);
    settings.setValue(group + QStringLiteral("/onlyHosts"), rules.onlyHosts);
    settings.setValue(group + QStringLiteral("/skipHosts"), rules.skipHosts);
    settings.setValue(group + QStringLiteral("/accept"), rules.accept);
}

bool buildRules(const ListRules &rules, const FanoutConfig &config, UrlRules *out, QList<QPair<int, int>> *accept,
                QString *acceptText, QString *why)
{
    QString reason;
    for (const QString &pattern : config.exclude + rules.exclude) {
        if (!out->addExclude(pattern, &reason)) {
            *why = QCoreApplication::translate("Fanout::AppSettings", "Exclude: %1").arg(reason);
            return false;
        }
    }
    for (const QString &pattern : config.include + rules.include) {
        if (!out->addInclude(pattern, &reason)) {
            *why = QCoreApplication::translate("Fanout::AppSettings", "Include: %1").arg(reason);
            return false;
        }
    }
    for (const QString &host : config.onlyHosts + rules.onlyHosts)
        out->addOnlyHost(host);
    for (const QString &host : config.skipHosts + rules.skipHosts)
        out->addSkipHost(host);
    const QString spec = rules.accept.isEmpty() ? config.accept : rules.accept;
    accept->clear();
    acceptText->clear();
    if (!spec.isEmpty()) {
        if (!parseAcceptSpec(spec, accept, &reason)) {
            *why = QCoreApplication::translate("Fanout::AppSettings", "Accept: %1").arg(reason);
            return false;
        }
        *acceptText = spec;
    }
    return true;
}

QRect fitToScreen(const QRect &frame, const QRect &available, const QSize &minimum)
{
    if (!available.isValid())
        return frame;
    const QSize size = frame.size().boundedTo(available.size()).expandedTo(minimum);
    // Too small a screen for the minimum: its top left stays on the screen, where the title bar is.
    const int x = std::max(available.left(), std::min(frame.left(), available.right() + 1 - size.width()));
    const int y = std::max(available.top(), std::min(frame.top(), available.bottom() + 1 - size.height()));
    return QRect(QPoint(x, y), size);
}

QString lastDirectory(const QSettings &settings)
{
    const QString dir = settings.value(QStringLiteral("files/lastDirectory")).toString();
    return !dir.isEmpty() && QFileInfo(dir).isDir() ? dir : QDir::homePath();
}

void setLastDirectory(QSettings &settings, const QString &directory)
{
    settings.setValue(QStringLiteral("files/lastDirectory"), directory);
}

QList<QPair<QByteArray, QByteArray>> parseHeaders(const QString &text, QStringList *badLines)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    const QStringList lines = text.split(u'\n');
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty())
            continue;
        const int colon = line.indexOf(u':');
        const QString name = colon > 0 ? line.left(colon).trimmed() : QString();
        const bool nameOk = !name.isEmpty() && std::all_of(name.cbegin(), name.cend(), [](QChar c) {
            return c.unicode() > 32 && c.unicode() < 127 && c != u'(' && c != u')' && c != u',' && c != u';';
        });
        if (!nameOk) {
            if (badLines)
                badLines->append(line);
            continue;
        }
        headers.append({name.toLatin1(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    return headers;
}

QString headersToText(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QStringList lines;
    for (const auto &header : headers)
        lines.append(QString::fromLatin1(header.first) + QStringLiteral(": ") + QString::fromUtf8(header.second));
    return lines.join(u'\n');
}

int installTranslations(QCoreApplication *app, const QString &value)
{
    const QString lang = effectiveLanguage(value);
    if (lang == QLatin1String("en"))
        return 0;
    int installed = 0;
    auto *own = new QTranslator(app);
    if (own->load(QStringLiteral(":/i18n/fanout_") + lang + QStringLiteral(".qm")) &&
        QCoreApplication::installTranslator(own))
        ++installed;
    else
        delete own;
    // Qt's own strings (standard buttons, file dialog) when the system has them.
    auto *qt = new QTranslator(app);
    if (qt->load(QStringLiteral("qtbase_") + lang, QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
        QCoreApplication::installTranslator(qt))
        ++installed;
    else
        delete qt;
    return installed;
}

} // namespace Fanout::AppSettings
