#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Fanout {

// fanout.toml: the rules a team keeps in its repository beside its lists, read with toml++. Keys (all optional):
//   exclude = ["regex", ...]   include = ["regex", ...]   only-hosts = ["example.com"]   skip-hosts = [...]
//   accept = "200..299,403"  (or an array: [200, "300..399"])   base = "https://example.com/docs/"
//   glob = ["*.md"]   concurrency = 8   timeout = 5.5   retries = 2   sitemap-limit = 500000
// An unknown key is an error, so a misspelt rule is never silently ignored. The command line adds to the lists
// and overrides the single values.
struct FanoutConfig
{
    QString path; // the file read, empty when none
    QStringList exclude;
    QStringList include;
    QStringList onlyHosts;
    QStringList skipHosts;
    QStringList globs;
    QString accept;
    QString base;
    std::optional<int> concurrency;
    std::optional<double> timeoutSeconds;
    std::optional<int> retries;
    std::optional<int> sitemapLimit;
};

// Reads path; false with *why ("fanout.toml line 3: ...") when it is not TOML or holds a key or value we refuse.
bool loadConfig(const QString &path, FanoutConfig *config, QString *why);
// fanout.toml in the folder of the first input that is a file or folder on disk; empty when there is none.
QString findConfig(const QStringList &inputs);

} // namespace Fanout
