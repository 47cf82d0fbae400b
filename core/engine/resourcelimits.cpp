#include "engine/resourcelimits.h"

#include <QFile>

#include <algorithm>
#include <limits>
#include <sys/resource.h>
#include <unistd.h>

namespace Fanout {

namespace {

constexpr qint64 kUnlimited = std::numeric_limits<qint64>::max();

qint64 asLimit(rlim_t value)
{
    if (value == RLIM_INFINITY || value > rlim_t(kUnlimited))
        return kUnlimited;
    return qint64(value);
}

// Descriptors of c requests beyond the reserve.
qint64 perRequestCost(qint64 c)
{
    const qint64 managers = (c + kRequestsPerManager - 1) / kRequestsPerManager;
    return c * kDescriptorsPerConnection + managers * kDescriptorsPerManager;
}

} // namespace

qint64 raiseDescriptorLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur != limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return asLimit(limit.rlim_cur);
}

qint64 descriptorsForConcurrency(int concurrency)
{
    return kReservedDescriptors + perRequestCost(std::max(concurrency, 1));
}

int maxConcurrencyForDescriptors(qint64 limit)
{
    const qint64 available = limit - kReservedDescriptors;
    const qint64 perManager = kDescriptorsPerConnection * kRequestsPerManager + kDescriptorsPerManager;
    if (available < perRequestCost(1))
        return 1;
    // Start from the linear estimate (exact at whole managers), then step to the largest c that fits.
    qint64 c = std::min<qint64>(available / perManager * kRequestsPerManager, std::numeric_limits<int>::max());
    while (c < std::numeric_limits<int>::max() && perRequestCost(c + 1) <= available)
        ++c;
    while (c > 1 && perRequestCost(c) > available)
        --c;
    return int(c);
}

qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readLine().split(' ');
    bool ok = false;
    const qint64 pages = fields.size() > 1 ? fields.at(1).toLongLong(&ok) : 0;
    return ok ? pages * qint64(::sysconf(_SC_PAGESIZE)) : -1;
}

} // namespace Fanout
