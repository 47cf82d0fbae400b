#include "io/shard.h"

namespace Fanout {

namespace {

// Strict decimal: no sign, no spaces, no leading '+', no overflow (QString::toInt accepts " 3" and "+3").
bool parseCount(QStringView text, int *value)
{
    if (text.isEmpty() || text.size() > 9)
        return false;
    int v = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return false;
        v = v * 10 + (c.unicode() - u'0');
    }
    *value = v;
    return true;
}

} // namespace

bool ShardSpec::parse(const QString &text, ShardSpec *spec, QString *why)
{
    const auto fail = [&](const QString &reason) {
        if (why)
            *why = QStringLiteral("shard \"%1\": %2").arg(text, reason);
        return false;
    };
    const qsizetype slash = text.indexOf(u'/');
    if (slash < 0 || text.indexOf(u'/', slash + 1) >= 0)
        return fail(QStringLiteral("expected K/N, e.g. 0/4 (K counts from 0)"));
    int k = 0;
    int n = 0;
    if (!parseCount(QStringView(text).left(slash), &k))
        return fail(QStringLiteral("K must be a whole number 0 or above"));
    if (!parseCount(QStringView(text).mid(slash + 1), &n) || n < 1)
        return fail(QStringLiteral("N must be a whole number 1 or above"));
    if (n > MaxCount)
        return fail(QStringLiteral("N must be at most %1").arg(MaxCount));
    if (k >= n)
        return fail(QStringLiteral("K must be below N (shards are 0/%1 .. %2/%1)").arg(n).arg(n - 1));
    spec->index = k;
    spec->count = n;
    return true;
}

QString ShardSpec::toString() const
{
    return QString::number(index) + u'/' + QString::number(count);
}

bool ShardSpec::contains(const UrlEntry &entry) const
{
    return shardOf(entry, count) == index;
}

std::uint64_t fnv1a64(const QByteArray &bytes)
{
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

int shardOf(const QUrl &url, int n)
{
    if (n <= 1 || !url.isValid())
        return 0;
    // The ACE form is plain ASCII, so lower-casing it is locale-free; QUrl already lower-cases hosts, this
    // only makes the rule independent of that.
    const QByteArray host = url.host(QUrl::FullyEncoded).toLatin1().toLower();
    return int(fnv1a64(host) % std::uint64_t(n));
}

int shardOf(const UrlEntry &entry, int n)
{
    return entry.isValid() ? shardOf(entry.url, n) : 0;
}

QVector<UrlEntry> entriesOfShard(const QVector<UrlEntry> &entries, const ShardSpec &spec)
{
    QVector<UrlEntry> out;
    for (const UrlEntry &entry : entries) {
        if (spec.contains(entry))
            out.append(entry);
    }
    return out;
}

} // namespace Fanout
