// Memory benchmark (issue 9): peak RSS and wall time of `fanout-cli -c 50 -q LIST` for lists of 10k, 100k and
// 1M distinct URLs against nginx on loopback. Prints a table, asserts nothing.
//   bench_memory [--cli PATH]... [--sizes 10000,100000] [--concurrency 50] [--repeat 1]
// Each --cli is measured in turn (e.g. the main branch's binary, then this one); by default the one built here.
// Peak RSS is the child's own (wait4's ru_maxrss), so neither nginx nor this driver is counted.
#include "benchutil.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// nginx in its own process, with everything (config, pages, pid, logs, temp files) under dir.
class Nginx
{
public:
    ~Nginx()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(3000))
                m_process.kill();
            m_process.waitForFinished(3000);
        }
    }

    bool start(const QString &dir, quint16 port)
    {
        const QString conf =
            QStringLiteral("worker_processes 1; daemon off; error_log error.log warn; pid nginx.pid;\n"
                           "events { worker_connections 4096; }\n"
                           "http { access_log off; default_type text/html; keepalive_requests 100000;\n"
                           "  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy;\n"
                           "  fastcgi_temp_path tmp/fastcgi; uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;\n"
                           "  server { listen 127.0.0.1:%1 backlog=4096; root www;\n"
                           "    location / { try_files /page.html =404; } } }\n")
                .arg(port);
        QDir(dir).mkpath(QStringLiteral("www"));
        QDir(dir).mkpath(QStringLiteral("tmp"));
        // nginx's worker runs as another user: the folder must be readable to it.
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                       QFileDevice::ReadOther | QFileDevice::ExeOther | QFileDevice::ReadGroup |
                                       QFileDevice::ExeGroup);
        const QByteArray page = "<!doctype html><html><head><title>p</title></head><body>ok</body></html>\n";
        if (!write(dir + QStringLiteral("/nginx.conf"), conf.toUtf8()) ||
            !write(dir + QStringLiteral("/www/page.html"), page))
            return false;
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral("nginx"),
                        {QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf"), QStringLiteral("-p"),
                         dir + QLatin1Char('/'), QStringLiteral("-e"), dir + QStringLiteral("/error.log")});
        return m_process.waitForStarted() && Fanout::Bench::waitForPort(port);
    }

    static bool write(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    }

private:
    QProcess m_process;
};

struct Measure
{
    int exitCode = -1;
    qint64 wallMs = 0;
    double cpuS = 0; // user + system: steadier than wall time on a busy machine
    long peakRssKb = 0;
};

// Runs the CLI with stdout to /dev/null and stderr to errPath; its own peak RSS from wait4(). fork(), not
// posix_spawn(): a vfork-style child shares this process's memory until exec, and the kernel would count this
// process's peak (the lists it wrote) as the child's. A forked child starts with this one's current anonymous
// pages only, a few MB, below any figure measured here.
Measure runCli(const QString &cli, const QStringList &args, const QString &errPath)
{
    Measure m;
    QList<QByteArray> argBytes{QFile::encodeName(cli)};
    for (const QString &a : args)
        argBytes << a.toLocal8Bit();
    std::vector<char *> argv;
    for (QByteArray &a : argBytes)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const QByteArray err = QFile::encodeName(errPath);
    QElapsedTimer clock;
    clock.start();
    const pid_t pid = ::fork();
    if (pid < 0)
        return m;
    if (pid == 0) { // only async-signal-safe calls until exec
        const int out = ::open("/dev/null", O_WRONLY);
        const int errFd = ::open(err.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out < 0 || errFd < 0 || ::dup2(out, STDOUT_FILENO) < 0 || ::dup2(errFd, STDERR_FILENO) < 0)
            ::_exit(127);
        ::execv(argv.front(), argv.data());
        ::_exit(127);
    }
    int status = 0;
    rusage usage{};
    if (::wait4(pid, &status, 0, &usage) != pid)
        return m;
    m.wallMs = clock.elapsed();
    m.peakRssKb = usage.ru_maxrss;
    m.cpuS = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
             double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    m.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    return m;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList clis;
    QList<int> sizes{10000, 100000, 1000000};
    int concurrency = 50;
    int repeat = 1;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == QLatin1String("--cli")) {
            clis << args.at(i + 1);
        } else if (args.at(i) == QLatin1String("--sizes")) {
            sizes.clear();
            for (const QString &n : args.at(i + 1).split(QLatin1Char(',')))
                sizes << n.toInt();
        } else if (args.at(i) == QLatin1String("--concurrency")) {
            concurrency = args.at(i + 1).toInt();
        } else if (args.at(i) == QLatin1String("--repeat")) {
            repeat = std::max(1, args.at(i + 1).toInt());
        }
    }
    if (clis.isEmpty())
        clis << QStringLiteral(FANOUT_CLI_PATH);
    if (QStandardPaths::findExecutable(QStringLiteral("nginx")).isEmpty() &&
        QStandardPaths::findExecutable(QStringLiteral("nginx"), {QStringLiteral("/usr/sbin")}).isEmpty()) {
        std::printf("bench_memory: nginx is not installed (Debian: nginx-light); nothing measured\n");
        return 0;
    }

    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    // The CLI records every run in a run file under XDG_STATE_HOME: the children get a home of their own here,
    // never the user's.
    for (const char *name : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        qputenv(name, dir.path().toLocal8Bit());
    const quint16 port = Fanout::Bench::freePort();
    Nginx nginx;
    if (!nginx.start(dir.path(), port)) {
        std::printf("bench_memory: nginx did not start (see %s/error.log)\n", qPrintable(dir.path()));
        return 1;
    }
    // Distinct URLs, one static page behind them all; written and freed before any child is started.
    QHash<int, QString> lists;
    for (const int n : sizes) {
        QByteArray data;
        data.reserve(qsizetype(n) * 36);
        const QByteArray base = "http://127.0.0.1:" + QByteArray::number(port) + "/p?i=";
        for (int i = 0; i < n; ++i)
            data += base + QByteArray::number(i) + '\n';
        lists[n] = dir.filePath(QStringLiteral("list%1.txt").arg(n));
        if (!Nginx::write(lists[n], data))
            return 1;
    }

    std::printf("fanout-cli -c %d -q LIST against nginx on 127.0.0.1:%d\n", concurrency, port);
    std::printf("%-40s %9s %9s %9s %9s %12s %5s\n", "binary", "URLs", "wall s", "URL/s", "CPU s", "peak RSS MB",
                "exit");
    // Binaries alternate within each round, so a busy spell on the machine falls on both alike.
    for (const int n : sizes) {
        for (int round = 0; round < repeat; ++round) {
            for (const QString &cli : clis) {
                const QString errPath = dir.filePath(QStringLiteral("stderr.txt"));
                const Measure m = runCli(
                    cli, {QStringLiteral("-c"), QString::number(concurrency), QStringLiteral("-q"), lists[n]}, errPath);
                std::printf("%-40s %9d %9.2f %9.0f %9.2f %12.1f %5d\n",
                            qPrintable(QFileInfo(cli).absoluteFilePath().right(40)), n, m.wallMs / 1000.0,
                            m.wallMs > 0 ? n * 1000.0 / m.wallMs : 0.0, m.cpuS, m.peakRssKb / 1024.0, m.exitCode);
                std::fflush(stdout);
                if (m.exitCode != 0) {
                    QFile err(errPath);
                    if (err.open(QIODevice::ReadOnly))
                        std::printf("  stderr: %s\n", err.read(500).constData());
                }
            }
        }
    }
    return 0;
}
