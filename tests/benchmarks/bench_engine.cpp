// Engine benchmark: prints figures, asserts nothing.
//   latency     200 URLs x 100 ms on one host, cap 20: wall / ideal (1.00 s)
//   schedule    12 URLs x 300 ms at caps 1, 2, 3, 6, 12: wall against ceil(12 / cap) waves of 300 ms
//   deadline    /hang with a 1 s timeout, /drip with a 1 s timeout: how far past the deadline the row ends
//   retry wait  a 503 with Retry-After: 1, then 200: how far past the second the retry ends
//   http, https 20,000 instant pages at cap 50: URLs/s, CPU ms per URL, peak RSS
// Origins run in their own processes so their CPU is not counted as ours: `fanout-cli serve` for the
// latency scenario, nginx (when installed) for throughput, else `fanout-cli serve` for that too.
#include "benchutil.h"
#include "engine/checker.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace Fanout;

namespace {

struct Figures
{
    qint64 wallMs = 0;
    double cpuS = 0;
    int ok = 0;
    int total = 0;
    qint64 longestMs = 0; // the longest single URL
};

Figures runOnce(const QStringList &urls, int cap, bool insecure, CheckOptions options = CheckOptions())
{
    Checker checker;
    options.concurrency = cap;
    options.ignoreTlsErrors = insecure;
    checker.setOptions(options);
    Figures f;
    f.total = int(urls.size());
    QObject::connect(&checker, &Checker::urlFinished, &checker, [&f](const CheckResult &r) {
        f.ok += r.status == 200;
        f.longestMs = std::max(f.longestMs, r.elapsedMs());
    });
    QEventLoop loop;
    QObject::connect(&checker, &Checker::runFinished, &loop, [&f, &loop](qint64 wallMs) {
        f.wallMs = wallMs;
        loop.quit();
    });
    const UrlList list = UrlListParser::parseText(urls.join(QLatin1Char('\n')));
    const double cpu0 = Bench::cpuSeconds();
    checker.start(targetsFor(list));
    loop.exec(); // a benchmark's main(), not a slot: the only place a nested loop is fine
    f.cpuS = Bench::cpuSeconds() - cpu0;
    return f;
}

void report(const char *name, const Figures &f, double idealS)
{
    const double wall = f.wallMs / 1000.0;
    std::printf("%-9s %6d URLs  wall %6.3f s", name, f.total, wall);
    if (idealS > 0)
        std::printf("  wall/ideal %.3f", wall / idealS);
    std::printf("  %7.0f URL/s  cpu %.3f ms/URL  peak RSS %ld MB  200 OK %d\n", f.total / wall, f.cpuS * 1000 / f.total,
                Bench::peakRssKb() / 1024, f.ok);
    std::fflush(stdout);
}

class OriginProcess
{
public:
    ~OriginProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(3000))
                m_process.kill();
            m_process.waitForFinished(3000);
        }
    }
    bool startServe(quint16 port, const QStringList &extra = {})
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral(FANOUT_CLI_PATH),
                        QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QString::number(port)} + extra);
        return m_process.waitForStarted() && Bench::waitForPort(port);
    }
    bool startNginx(const QString &dir, quint16 http, quint16 https)
    {
        const QString conf =
            QStringLiteral(
                "worker_processes 1; daemon off; error_log error.log warn; pid nginx.pid;\n"
                "events { worker_connections 4096; }\n"
                "http { access_log off; default_type text/html; keepalive_requests 100000;\n"
                "  server { listen 127.0.0.1:%1 backlog=4096; root www; location / { try_files $uri /page.html; } }\n"
                "  server { listen 127.0.0.1:%2 ssl backlog=4096; ssl_certificate cert.pem; ssl_certificate_key "
                "key.pem;\n"
                "    root www; location / { try_files $uri /page.html; } } }\n")
                .arg(http)
                .arg(https);
        QDir(dir).mkpath(QStringLiteral("www"));
        // nginx's workers run as another user: the folder must be readable to them.
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                       QFileDevice::ReadOther | QFileDevice::ExeOther | QFileDevice::ReadGroup |
                                       QFileDevice::ExeGroup);
        auto write = [&](const QString &name, const QByteArray &bytes) {
            QFile file(dir + QLatin1Char('/') + name);
            return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
        };
        auto copy = [&](const QString &from, const QString &to) {
            QFile in(from);
            return in.open(QIODevice::ReadOnly) && write(to, in.readAll());
        };
        const QByteArray page = "<!doctype html><html><head><meta charset=utf-8><title>Page</title></head><body>" +
                                QByteArray(200, 'x') + "</body></html>";
        if (!write(QStringLiteral("nginx.conf"), conf.toUtf8()) || !write(QStringLiteral("www/page.html"), page) ||
            !copy(QStringLiteral(FANOUT_TEST_DATA "/localhost.crt"), QStringLiteral("cert.pem")) ||
            !copy(QStringLiteral(FANOUT_TEST_DATA "/localhost.key"), QStringLiteral("key.pem")))
            return false;
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral("nginx"), {QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf"),
                                                  QStringLiteral("-p"), dir + QLatin1Char('/')});
        return m_process.waitForStarted() && Bench::waitForPort(http) && Bench::waitForPort(https);
    }

private:
    QProcess m_process;
};

QStringList pages(const QString &base, int count)
{
    QStringList urls;
    urls.reserve(count);
    for (int i = 0; i < count; ++i)
        urls << base + QStringLiteral("/page/") + QString::number(i);
    return urls;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int throughputCount = args.size() > 1 ? args.at(1).toInt() : 20000;

    {
        const quint16 port = Bench::freePort();
        OriginProcess origin;
        if (!origin.startServe(port)) {
            std::fprintf(stderr, "could not start fanout-cli serve\n");
            return 1;
        }
        QStringList urls;
        for (int i = 0; i < 200; ++i)
            urls << QStringLiteral("http://127.0.0.1:%1/delay/100/%2").arg(port).arg(i);
        runOnce(urls.mid(0, 20), 20, false); // warm-up: thread start-up, first connections
        report("latency", runOnce(urls, 20, false), 1.0);

        // A full cap finishes N URLs in ceil(N / cap) waves; what lies above that is the engine's overhead.
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
        for (const int cap : {1, 2, 3, 6, 12}) {
            QStringList wave;
            for (int i = 0; i < 12; ++i)
                wave << base + QStringLiteral("/delay/300/s%1-%2").arg(cap).arg(i);
            const Figures f = runOnce(wave, cap, false);
            const qint64 ideal = qint64((12 + cap - 1) / cap) * 300;
            std::printf(
                "schedule  12 x 300 ms at cap %2d: wall %5lld ms, ideal %5lld ms, overhead %4lld ms, 200 OK %d\n", cap,
                f.wallMs, ideal, f.wallMs - ideal, f.ok);
        }

        // How close to its deadline a slow URL is cut, and to a server's Retry-After a retry is sent.
        CheckOptions deadline;
        deadline.timeoutMs = 1000;
        for (const char *route : {"/hang", "/drip"}) {
            const Figures f = runOnce({base + QLatin1String(route)}, 1, false, deadline);
            std::printf("deadline  %-5s timeout 1000 ms: cut after %5lld ms (%lld ms past the deadline)\n", route,
                        f.longestMs, f.longestMs - deadline.timeoutMs);
        }
        CheckOptions retry;
        retry.retries = 1;
        retry.retryBaseDelayMs = 50;
        const Figures waited =
            runOnce({base + QStringLiteral("/flaky/bench/1?status=503&retry_after=1")}, 1, false, retry);
        std::printf("retry     Retry-After: 1 s: answered after %5lld ms (%lld ms past the second), 200 OK %d\n",
                    waited.longestMs, waited.longestMs - 1000, waited.ok);
        std::fflush(stdout);
    }

    QTemporaryDir dir;
    const quint16 http = Bench::freePort();
    const quint16 https = Bench::freePort();
    OriginProcess nginx;
    OriginProcess serveHttp;
    OriginProcess serveHttps;
    const bool haveNginx = !QStandardPaths::findExecutable(QStringLiteral("nginx")).isEmpty() ||
                           QFile::exists(QStringLiteral("/usr/sbin/nginx"));
    if (haveNginx && nginx.startNginx(dir.path(), http, https)) {
        std::printf("throughput origin: nginx\n");
    } else {
        std::printf("throughput origin: fanout-cli serve (nginx not available)\n");
        serveHttp.startServe(http);
        serveHttps.startServe(https, {QStringLiteral("--tls-cert"), QStringLiteral(FANOUT_TEST_DATA "/localhost.crt"),
                                      QStringLiteral("--tls-key"), QStringLiteral(FANOUT_TEST_DATA "/localhost.key")});
    }
    const QString httpBase = QStringLiteral("http://127.0.0.1:%1").arg(http);
    const QString httpsBase = QStringLiteral("https://127.0.0.1:%1").arg(https);
    runOnce(pages(httpBase, 500), 50, false);
    report("http", runOnce(pages(httpBase, throughputCount), 50, false), 0);
    runOnce(pages(httpsBase, 500), 50, true);
    report("https", runOnce(pages(httpsBase, throughputCount), 50, true), 0);
    return 0;
}
