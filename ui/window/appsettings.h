#pragma once

#include "engine/checkoptions.h"
#include "io/config.h"
#include "io/rules.h"

#include <QRect>
#include <QString>
#include <QStringList>

class QSettings;
class QTranslator;
class QCoreApplication;

namespace Fanout {

// Typed access to the QSettings keys of the GUI, so the window, the settings dialog and tests agree on them.
namespace AppSettings {

constexpr int MinConcurrency = 1;
constexpr int MaxConcurrency = 1000;
constexpr int MaxRecentFiles = 10;

CheckOptions loadOptions(const QSettings &settings);
void saveOptions(QSettings &settings, const CheckOptions &options);

// "" = follow the system locale, "en", "zh_CN"
QString language(const QSettings &settings);
void setLanguage(QSettings &settings, const QString &language);
// The locale name to translate to, after resolving "" against the system locale ("en" when untranslated).
QString effectiveLanguage(const QString &language);

QStringList recentFiles(const QSettings &settings);
void addRecentFile(QSettings &settings, const QString &path);
void clearRecentFiles(QSettings &settings);

// Rules of one list (Settings → Rules), kept per list file: the GUI's --exclude/--include/--only-hosts/
// --skip-hosts/--accept. Applied through core/io/rules as the CLI applies them.
struct ListRules
{
    QStringList exclude; // regular expressions
    QStringList include;
    QStringList onlyHosts;
    QStringList skipHosts;
    QString accept; // "200..299,403"; empty: below 400 is OK
    bool isEmpty() const
    {
        return exclude.isEmpty() && include.isEmpty() && onlyHosts.isEmpty() && skipHosts.isEmpty() && accept.isEmpty();
    }
};
ListRules listRules(const QSettings &settings, const QString &listPath);
void setListRules(QSettings &settings, const QString &listPath, const ListRules &rules);
// rules on top of a fanout.toml's (lists joined, the list's accept over the file's), as the CLI joins the file
// and its command line. False with *why for a pattern or accept spec that core/io/rules refuses.
bool buildRules(const ListRules &rules, const FanoutConfig &config, UrlRules *out, QList<QPair<int, int>> *accept,
                QString *acceptText, QString *why);

// A window's frame rect on a screen whose free area is available: shrunk to fit it (not below minimum) and
// moved into it, so a geometry saved on a bigger screen, or on one that is gone, opens whole on this one.
QRect fitToScreen(const QRect &frame, const QRect &available, const QSize &minimum = QSize());

QString lastDirectory(const QSettings &settings);
void setLastDirectory(QSettings &settings, const QString &directory);

// Parses "Name: value" lines (the settings dialog's header box); lines without a colon are skipped and reported.
QList<QPair<QByteArray, QByteArray>> parseHeaders(const QString &text, QStringList *badLines = nullptr);
QString headersToText(const QList<QPair<QByteArray, QByteArray>> &headers);

// Installs Fanout's and Qt's own translations for the language; returns the translators installed (owned by
// app). Nothing is installed for English.
int installTranslations(QCoreApplication *app, const QString &language);

} // namespace AppSettings
} // namespace Fanout
