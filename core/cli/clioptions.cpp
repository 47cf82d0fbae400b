#include "cli/clioptions.h"

#include "io/config.h"

#include <QCommandLineParser>
#include <QHostAddress>

#include <algorithm>

namespace Fanout::Cli {

QString dnsServerEntry(const QString &text)
{
    // What c-ares' ares_set_servers_ports_csv reads: "ip:port" for IPv4, "[ip]:port" for IPv6.
    QString host = text;
    int port = 53;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0)
            return {};
        host = text.mid(1, close - 1);
        const QString rest = text.mid(close + 1);
        if (!rest.isEmpty()) {
            bool ok = false;
            port = rest.startsWith(QLatin1Char(':')) ? rest.mid(1).toInt(&ok) : 0;
            if (!ok)
                return {};
        }
    } else if (text.count(QLatin1Char(':')) == 1) {
        const qsizetype colon = text.indexOf(QLatin1Char(':'));
        host = text.left(colon);
        bool ok = false;
        port = text.mid(colon + 1).toInt(&ok);
        if (!ok)
            return {};
    }
    const QHostAddress address(host);
    if (address.isNull() || port < 1 || port > 65535)
        return {};
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
    return QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

void addCheckOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {{QStringLiteral("c"), QStringLiteral("concurrency")},
         QStringLiteral("Requests in flight at once (default 16)."),
         QStringLiteral("N")},
        {QStringLiteral("per-host"), QStringLiteral("At most N at once per host (default: no per-host cap)."),
         QStringLiteral("N")},
        {QStringLiteral("timeout"), QStringLiteral("Total time per URL in seconds, fractions allowed (default 10)."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("retries"), QStringLiteral("Retries for connection errors, timeouts, 429 and 503 (default 0)."),
         QStringLiteral("N")},
        {QStringLiteral("method"), QStringLiteral("get (default; reads titles) or head (status only)."),
         QStringLiteral("METHOD")},
        {QStringLiteral("max-redirects"), QStringLiteral("Redirect hops to follow (default 10)."), QStringLiteral("N")},
        {QStringLiteral("user-agent"), QStringLiteral("User-Agent header."), QStringLiteral("TEXT")},
        {{QStringLiteral("H"), QStringLiteral("header")},
         QStringLiteral("Extra request header, repeatable."),
         QStringLiteral("'Name: value'")},
        {QStringLiteral("insecure"), QStringLiteral("Accept invalid TLS certificates.")},
        {QStringLiteral("http1.1"),
         QStringLiteral("HTTP/1.1 only (no HTTP/2 over TLS); https host names are then resolved by Fanout too, as "
                        "many at once as the cap allows.")},
        {QStringLiteral("dns-server"),
         QStringLiteral("Ask this name server (IP[:PORT], [IPv6]:PORT) instead of resolv.conf's, repeatable or "
                        "comma-separated; https names too only with --http1.1 (for HTTP/2 Qt resolves them)."),
         QStringLiteral("ADDRESS")},
        {QStringLiteral("rate-per-host"),
         QStringLiteral("At most R requests started per second per host (scheme://host:port), fractions allowed, "
                        "e.g. 0.5; redirect hops and retries count (default: no limit)."),
         QStringLiteral("R")},
        {QStringLiteral("max-errors-per-host"),
         QStringLiteral("After N connection errors in a row (refused, reset, timeout, dns, tls, network) a host's "
                        "remaining URLs are skipped (default: never)."),
         QStringLiteral("N")},
    });
}

void addRunOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("run"),
         QStringLiteral("Record the run in FILE.fanout (default: a new file in $XDG_STATE_HOME/fanout/runs)."),
         QStringLiteral("FILE")},
        {QStringLiteral("shard"),
         QStringLiteral("Check only shard K of N (0 <= K < N), split by host: N workers cover the list once; "
                        "fanout-cli merge joins their run files."),
         QStringLiteral("K/N")},
    });
}

QString readRunOptions(const QCommandLineParser &parser, CliOptions &cli)
{
    cli.runPath = parser.value(QStringLiteral("run"));
    if (parser.isSet(QStringLiteral("run")) && cli.runPath.isEmpty())
        return QStringLiteral("--run wants a file name");
    QString why;
    if (parser.isSet(QStringLiteral("shard")) &&
        !ShardSpec::parse(parser.value(QStringLiteral("shard")), &cli.shard, &why))
        return QStringLiteral("--shard: ") + why;
    return {};
}

void addOutputOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {{QStringLiteral("o"), QStringLiteral("output")},
         QStringLiteral("Write results to FILE: .csv, or .jsonl; - writes CSV to stdout. A file is replaced "
                        "when the run ends; a device or FIFO is written as it is."),
         QStringLiteral("FILE")},
        {QStringLiteral("no-bom"), QStringLiteral("Write CSV without the UTF-8 byte order mark.")},
        {{QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("No per-URL lines, progress or summary.")},
    });
}

QString readCheckOptions(const QCommandLineParser &parser, CliOptions &cli)
{
    auto readInt = [&](const QString &name, int min, int max, int &target) -> QString {
        if (!parser.isSet(name))
            return {};
        bool ok = false;
        const int value = parser.value(name).toInt(&ok);
        if (!ok || value < min || value > max)
            return QStringLiteral("--%1 wants a whole number from %2 to %3, not '%4'")
                .arg(name)
                .arg(min)
                .arg(max)
                .arg(parser.value(name));
        target = value;
        return {};
    };
    CheckOptions &o = cli.check;
    for (const QString &error : {readInt(QStringLiteral("concurrency"), 1, 10000, o.concurrency),
                                 readInt(QStringLiteral("per-host"), 0, 10000, o.perHostLimit),
                                 readInt(QStringLiteral("retries"), 0, 100, o.retries),
                                 readInt(QStringLiteral("max-redirects"), 0, 100, o.maxRedirects),
                                 readInt(QStringLiteral("max-errors-per-host"), 0, 1000000, o.maxErrorsPerHost)}) {
        if (!error.isEmpty())
            return error;
    }
    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double s = parser.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || s <= 0 || s > 3600)
            return QStringLiteral("--timeout wants seconds between 0 and 3600 (fractions allowed), not '%1'")
                .arg(parser.value(QStringLiteral("timeout")));
        o.timeoutMs = std::max(1, int(s * 1000));
    }
    if (parser.isSet(QStringLiteral("rate-per-host"))) {
        bool ok = false;
        const double rate = parser.value(QStringLiteral("rate-per-host")).toDouble(&ok);
        // 0 turns the limit off, as when not given; below one start a day is no rate anyone means.
        if (!ok || !(rate == 0 || (rate >= 1.0 / 86400 && rate <= 100000)))
            return QStringLiteral("--rate-per-host wants requests per second from 0.00002 to 100000 (fractions "
                                  "allowed; 0 = no limit), not '%1'")
                .arg(parser.value(QStringLiteral("rate-per-host")));
        o.ratePerHost = rate;
    }
    if (parser.isSet(QStringLiteral("method"))) {
        const QString method = parser.value(QStringLiteral("method")).toLower();
        if (method == QLatin1String("get"))
            o.method = HttpMethod::Get;
        else if (method == QLatin1String("head"))
            o.method = HttpMethod::Head;
        else
            return QStringLiteral("--method is get or head, not '%1'").arg(method);
    }
    if (parser.isSet(QStringLiteral("user-agent")))
        o.userAgent = parser.value(QStringLiteral("user-agent")).toUtf8();
    for (const QString &header : parser.values(QStringLiteral("header"))) {
        const qsizetype colon = header.indexOf(QLatin1Char(':'));
        const QString name = header.left(colon).trimmed();
        if (colon <= 0 || name.isEmpty() || name.contains(QLatin1Char(' ')))
            return QStringLiteral("--header wants 'Name: value', not '%1'").arg(header);
        o.headers.append({name.toUtf8(), header.mid(colon + 1).trimmed().toUtf8()});
    }
    if (parser.isSet(QStringLiteral("insecure")))
        o.ignoreTlsErrors = true;
    if (parser.isSet(QStringLiteral("http1.1")))
        o.http2 = false;
    QStringList servers;
    for (const QString &value : parser.values(QStringLiteral("dns-server"))) {
        for (const QString &item : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString server = dnsServerEntry(item.trimmed());
            if (server.isEmpty())
                return QStringLiteral("--dns-server wants an IP address with an optional port (192.0.2.53, "
                                      "192.0.2.53:5353, [2001:db8::53]:53), not '%1'")
                    .arg(item.trimmed());
            servers << server;
        }
    }
    if (!servers.isEmpty())
        o.dnsServers = servers.join(QLatin1Char(','));
    o.keepResponseHeaders = false; // nothing the CLI writes uses them: less memory per result
    return {};
}

void readOutputOptions(const QCommandLineParser &parser, CliOptions &cli)
{
    cli.hasOutput = parser.isSet(QStringLiteral("output"));
    cli.output = parser.value(QStringLiteral("output"));
    cli.bom = !parser.isSet(QStringLiteral("no-bom"));
    cli.quiet = parser.isSet(QStringLiteral("quiet"));
}

void addListOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("sitemap"),
         QStringLiteral("Check the URLs of a sitemap or sitemap index (file or URL; .gz too), repeatable."),
         QStringLiteral("FILE|URL")},
        {QStringLiteral("sitemap-limit"), QStringLiteral("Most URLs read from all sitemaps together (default 200000)."),
         QStringLiteral("N")},
        {QStringLiteral("exclude"),
         QStringLiteral("Do not request URLs matching REGEX (shown as excluded), repeatable."),
         QStringLiteral("REGEX")},
        {QStringLiteral("include"), QStringLiteral("Request only URLs matching one such REGEX, repeatable."),
         QStringLiteral("REGEX")},
        {QStringLiteral("accept"),
         QStringLiteral("Final statuses counted OK, e.g. 200..299,403,429 (default: below 400)."),
         QStringLiteral("SPEC")},
        {QStringLiteral("only-hosts"),
         QStringLiteral("Request only these hosts (and their subdomains), comma-separated."), QStringLiteral("HOSTS")},
        {QStringLiteral("skip-hosts"), QStringLiteral("Do not request these hosts (or their subdomains)."),
         QStringLiteral("HOSTS")},
        {QStringLiteral("base"), QStringLiteral("Resolve relative links in documents against URL."),
         QStringLiteral("URL")},
        {QStringLiteral("glob"),
         QStringLiteral("Files of a folder to read links from (default *.html *.htm *.xhtml *.md *.markdown), "
                        "repeatable."),
         QStringLiteral("PATTERN")},
        {QStringLiteral("config"),
         QStringLiteral("Read rules from FILE (default: fanout.toml beside the list, when there is one)."),
         QStringLiteral("FILE")},
    });
}

QString readListOptions(const QCommandLineParser &parser, const QStringList &inputs, CliOptions &cli)
{
    FanoutConfig config;
    const QString configPath =
        parser.isSet(QStringLiteral("config")) ? parser.value(QStringLiteral("config")) : findConfig(inputs);
    if (!configPath.isEmpty()) {
        QString why;
        if (!loadConfig(configPath, &config, &why))
            return why;
        cli.configPath = configPath;
        // The command line wins over the file for single values; readCheckOptions ran first, so only fill in.
        if (config.concurrency && !parser.isSet(QStringLiteral("concurrency")))
            cli.check.concurrency = *config.concurrency;
        if (config.retries && !parser.isSet(QStringLiteral("retries")))
            cli.check.retries = *config.retries;
        if (config.timeoutSeconds && !parser.isSet(QStringLiteral("timeout")))
            cli.check.timeoutMs = std::max(1, int(*config.timeoutSeconds * 1000));
        if (config.sitemapLimit)
            cli.sitemapLimit = *config.sitemapLimit;
    }
    auto hosts = [&parser](const QString &name, const QStringList &fromConfig) {
        QStringList out = fromConfig;
        for (const QString &value : parser.values(name))
            out += value.split(u',', Qt::SkipEmptyParts);
        return out;
    };
    QString why;
    for (const QString &pattern : config.exclude + parser.values(QStringLiteral("exclude"))) {
        if (!cli.rules.addExclude(pattern, &why))
            return QStringLiteral("--exclude: ") + why;
    }
    for (const QString &pattern : config.include + parser.values(QStringLiteral("include"))) {
        if (!cli.rules.addInclude(pattern, &why))
            return QStringLiteral("--include: ") + why;
    }
    for (const QString &host : hosts(QStringLiteral("only-hosts"), config.onlyHosts))
        cli.rules.addOnlyHost(host);
    for (const QString &host : hosts(QStringLiteral("skip-hosts"), config.skipHosts))
        cli.rules.addSkipHost(host);
    const QString accept =
        parser.isSet(QStringLiteral("accept")) ? parser.value(QStringLiteral("accept")) : config.accept;
    if (!accept.isEmpty()) {
        if (!parseAcceptSpec(accept, &cli.check.acceptStatuses, &why))
            return QStringLiteral("--accept: ") + why;
        cli.check.acceptText = accept;
    }
    const QString base = parser.isSet(QStringLiteral("base")) ? parser.value(QStringLiteral("base")) : config.base;
    if (!base.isEmpty()) {
        cli.base = QUrl(base, QUrl::StrictMode);
        if (!cli.base.isValid() ||
            (cli.base.scheme() != QLatin1String("http") && cli.base.scheme() != QLatin1String("https")))
            return QStringLiteral("--base wants an http(s) URL, not '%1'").arg(base);
    }
    cli.globs = config.globs + parser.values(QStringLiteral("glob"));
    cli.sitemaps = parser.values(QStringLiteral("sitemap"));
    if (parser.isSet(QStringLiteral("sitemap-limit"))) {
        bool ok = false;
        cli.sitemapLimit = parser.value(QStringLiteral("sitemap-limit")).toInt(&ok);
        if (!ok || cli.sitemapLimit < 1)
            return QStringLiteral("--sitemap-limit wants a whole number from 1, not '%1'")
                .arg(parser.value(QStringLiteral("sitemap-limit")));
    }
    return {};
}

} // namespace Fanout::Cli
