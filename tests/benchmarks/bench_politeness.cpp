// --rate-per-host as the server sees it: for several asked rates, four hosts at once (four origins, four
// host:port keys), the rate measured from arrival times at each origin, the most requests in any one-second
// window, and the smallest gap between two requests to one host. Prints figures; never fails on them.
#include "engine/checker.h"
#include "origin/originserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Fanout;

namespace {

constexpr int kHosts = 4;

int mostInWindow(const std::vector<qint64> &arrivals, qint64 windowNs)
{
    int most = 0;
    size_t j = 0;
    for (size_t i = 0; i < arrivals.size(); ++i) {
        j = std::max(j, i);
        while (j < arrivals.size() && arrivals[j] < arrivals[i] + windowNs)
            ++j;
        most = std::max(most, int(j - i));
    }
    return most;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QElapsedTimer clock;
    clock.start();
    std::vector<std::unique_ptr<OriginServer>> servers;
    std::vector<std::vector<qint64>> arrivals(kHosts);
    for (int h = 0; h < kHosts; ++h) {
        servers.push_back(std::make_unique<OriginServer>());
        if (!servers.back()->listen()) {
            std::fprintf(stderr, "origin: %s\n", qPrintable(servers.back()->errorString()));
            return 1;
        }
        QObject::connect(servers.back().get(), &OriginServer::requestArrived, servers.back().get(),
                         [&arrivals, &clock, h](const QString &) { arrivals[h].push_back(clock.nsecsElapsed()); });
    }

    std::printf("%8s %6s %10s %10s %10s %12s %12s\n", "asked/s", "urls", "wall s", "measured/s", "worst/s",
                "max in 1 s", "min gap ms");
    for (const double rate : {0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0}) {
        // About 3 s of requests per host, at least 3 requests.
        const int perHost = std::max(3, int(rate * 3) + 1);
        for (auto &a : arrivals)
            a.clear();
        QStringList urls;
        for (int i = 0; i < perHost; ++i)
            for (int h = 0; h < kHosts; ++h)
                urls.append(servers[h]->baseUrl().toString() + QStringLiteral("/page/%1").arg(i));
        CheckOptions options;
        options.concurrency = 64;
        options.ratePerHost = rate;
        Checker checker;
        checker.setOptions(options);
        QEventLoop loop;
        qint64 wallMs = -1;
        QObject::connect(&checker, &Checker::runFinished, &loop, [&](qint64 ms) {
            wallMs = ms;
            loop.quit();
        });
        checker.start(targetsFor(UrlListParser::parseText(urls.join(QLatin1Char('\n')))));
        loop.exec(); // main's own loop, not nested in another
        double sum = 0;
        double worst = 0;
        int most = 0;
        qint64 minGap = -1;
        for (const auto &a : arrivals) {
            const double span = double(a.back() - a.front()) / 1e9;
            const double measured = span > 0 ? double(a.size() - 1) / span : 0;
            sum += measured;
            worst = std::max(worst, measured);
            most = std::max(most, mostInWindow(a, 1000000000));
            for (size_t i = 1; i < a.size(); ++i)
                minGap = minGap < 0 ? a[i] - a[i - 1] : std::min(minGap, a[i] - a[i - 1]);
        }
        std::printf("%8.2f %6d %10.2f %10.3f %10.3f %12d %12.2f\n", rate, int(urls.size()), wallMs / 1000.0,
                    sum / kHosts, worst, most, minGap / 1e6);
        std::fflush(stdout);
    }
    return 0;
}
