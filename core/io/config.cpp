#include "io/config.h"

#include <QDir>
#include <QFileInfo>

// Debian's toml++ is a shared library built with exceptions: parse errors arrive as toml::parse_error.
#include <string_view>
#include <toml++/toml.h>

namespace Fanout {

namespace {

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString where(const QString &path, const toml::source_region &region)
{
    return QStringLiteral("%1 line %2").arg(QFileInfo(path).fileName()).arg(region.begin.line);
}

} // namespace

bool loadConfig(const QString &path, FanoutConfig *config, QString *why)
{
    if (!QFileInfo(path).isFile()) {
        *why = QStringLiteral("%1: no such file").arg(path);
        return false;
    }
    toml::table table;
    try {
        table = toml::parse_file(path.toStdString());
    } catch (const toml::parse_error &error) {
        *why = QStringLiteral("%1: %2").arg(where(path, error.source()), qs(error.description()));
        return false;
    }
    FanoutConfig out;
    out.path = path;
    for (const auto &entry : table) {
        // Not a structured binding: C++17 lambdas (below) cannot capture one.
        const toml::node &node = entry.second;
        const QString name = qs(entry.first.str());
        const QString at = where(path, node.source());
        auto strings = [&](QStringList *into) {
            if (const toml::array *array = node.as_array()) {
                for (const toml::node &item : *array) {
                    const std::optional<std::string_view> text = item.value<std::string_view>();
                    if (!text) {
                        *why = QStringLiteral("%1: %2 wants strings").arg(at, name);
                        return false;
                    }
                    into->append(qs(*text));
                }
                return true;
            }
            if (const std::optional<std::string_view> text = node.value<std::string_view>()) {
                into->append(qs(*text));
                return true;
            }
            *why = QStringLiteral("%1: %2 wants a string or an array of strings").arg(at, name);
            return false;
        };
        auto integer = [&](std::optional<int> *into, int min, int max) {
            const std::optional<int64_t> value = node.value_exact<int64_t>();
            if (!value || *value < min || *value > max) {
                *why = QStringLiteral("%1: %2 wants a whole number from %3 to %4").arg(at, name).arg(min).arg(max);
                return false;
            }
            *into = int(*value);
            return true;
        };
        bool ok = true;
        if (name == QLatin1String("exclude")) {
            ok = strings(&out.exclude);
        } else if (name == QLatin1String("include")) {
            ok = strings(&out.include);
        } else if (name == QLatin1String("only-hosts") || name == QLatin1String("only_hosts")) {
            ok = strings(&out.onlyHosts);
        } else if (name == QLatin1String("skip-hosts") || name == QLatin1String("skip_hosts")) {
            ok = strings(&out.skipHosts);
        } else if (name == QLatin1String("glob")) {
            ok = strings(&out.globs);
        } else if (name == QLatin1String("base")) {
            QStringList one;
            ok = strings(&one) && one.size() == 1;
            if (ok)
                out.base = one.constFirst();
            else
                *why = QStringLiteral("%1: base wants one URL").arg(at);
        } else if (name == QLatin1String("accept")) {
            QStringList parts;
            if (const toml::array *array = node.as_array()) {
                for (const toml::node &item : *array) {
                    if (const std::optional<int64_t> status = item.value_exact<int64_t>())
                        parts.append(QString::number(*status));
                    else if (const std::optional<std::string_view> text = item.value<std::string_view>())
                        parts.append(qs(*text));
                    else
                        ok = false;
                }
            } else if (const std::optional<std::string_view> text = node.value<std::string_view>()) {
                parts.append(qs(*text));
            } else if (const std::optional<int64_t> status = node.value_exact<int64_t>()) {
                parts.append(QString::number(*status));
            } else {
                ok = false;
            }
            if (ok)
                out.accept = parts.join(u',');
            else
                *why = QStringLiteral("%1: accept wants \"200..299,403\" or an array of statuses and ranges").arg(at);
        } else if (name == QLatin1String("concurrency")) {
            ok = integer(&out.concurrency, 1, 10000);
        } else if (name == QLatin1String("retries")) {
            ok = integer(&out.retries, 0, 100);
        } else if (name == QLatin1String("sitemap-limit") || name == QLatin1String("sitemap_limit")) {
            ok = integer(&out.sitemapLimit, 1, 100000000);
        } else if (name == QLatin1String("timeout")) {
            const std::optional<double> seconds = node.value<double>(); // an integer converts too
            ok = seconds && *seconds > 0 && *seconds <= 3600;
            if (ok)
                out.timeoutSeconds = *seconds;
            else
                *why = QStringLiteral("%1: timeout wants seconds between 0 and 3600").arg(at);
        } else {
            *why = QStringLiteral("%1: unknown key '%2'").arg(at, name);
            ok = false;
        }
        if (!ok)
            return false;
    }
    *config = out;
    return true;
}

QString findConfig(const QStringList &inputs)
{
    for (const QString &input : inputs) {
        const QFileInfo info(input);
        if (!info.exists())
            continue;
        const QDir dir = info.isDir() ? QDir(info.absoluteFilePath()) : info.absoluteDir();
        const QString candidate = dir.filePath(QStringLiteral("fanout.toml"));
        return QFileInfo::exists(candidate) ? candidate : QString();
    }
    return {};
}

} // namespace Fanout
