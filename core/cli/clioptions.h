#pragma once

#include "engine/checkoptions.h"
#include "io/rules.h"
#include "io/shard.h"

#include <QString>
#include <QStringList>
#include <QUrl>

class QCommandLineParser;

namespace Fanout::Cli {

struct CliOptions
{
    CheckOptions check;
    QString input;
    QString output; // set with hasOutput
    bool hasOutput = false;
    bool bom = true;
    bool quiet = false;
    QString runPath; // --run; empty for the default place
    ShardSpec shard; // --shard K/N
    // What the list is and which of its URLs are requested (--sitemap, documents, rules, fanout.toml).
    UrlRules rules;
    QStringList sitemaps;      // --sitemap, each a file or a URL
    int sitemapLimit = 200000; // --sitemap-limit: URLs across every sitemap
    QUrl base;                 // --base: what relative links in documents resolve against
    QStringList globs;         // --glob: which files of a folder are documents
    QString configPath;        // the fanout.toml read, empty for none
};

// The options that shape a check (-c, --timeout, ...), shared by a new run and `resume`.
// One --dns-server value as c-ares reads it ("192.0.2.53:53", "[2001:db8::53]:53"); empty when it is no address
// with an optional port.
QString dnsServerEntry(const QString &text);
void addCheckOptions(QCommandLineParser &parser);
// --run FILE and --shard K/N, for a new run.
void addRunOptions(QCommandLineParser &parser);
// Returns an error message, or an empty string.
QString readRunOptions(const QCommandLineParser &parser, CliOptions &cli);
// -o, --no-bom, -q.
void addOutputOptions(QCommandLineParser &parser);
// Returns an error message, or an empty string when the options are usable. Only options that are set change
// cli.check, so a resumed run keeps its own unless told otherwise.
QString readCheckOptions(const QCommandLineParser &parser, CliOptions &cli);
void readOutputOptions(const QCommandLineParser &parser, CliOptions &cli);
// --sitemap, --exclude, --include, --accept, --only-hosts, --skip-hosts, --base, --glob, --config.
void addListOptions(QCommandLineParser &parser);
// Reads fanout.toml (--config, else the one beside the first input) and then the command line, which adds to its
// lists and overrides its values. Call after readCheckOptions. Returns an error message, or an empty string.
QString readListOptions(const QCommandLineParser &parser, const QStringList &inputs, CliOptions &cli);

} // namespace Fanout::Cli
