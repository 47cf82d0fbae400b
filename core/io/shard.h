#pragma once

#include "io/urllist.h"

#include <QString>
#include <QUrl>
#include <QVector>

#include <cstdint>

namespace Fanout {

// One shard "K/N" of a list: the URLs whose host hashes to K modulo N. Every URL of a host lands in the same
// shard (per-host limits and connection reuse keep working), and the split is the same on every machine and
// Qt version, so N independent runs of one list cover it exactly once and `fanout-cli merge` puts them back.
struct ShardSpec
{
    int index = 0; // K, 0..count-1
    int count = 1; // N >= 1; 1 is the whole list

    // "K/N" with 0 <= K < N and 1 <= N <= MaxCount. Returns false and sets *why to a sentence naming the text
    // and what is wrong with it; *spec is untouched then.
    static bool parse(const QString &text, ShardSpec *spec, QString *why);
    static constexpr int MaxCount = 1000000;

    QString toString() const; // "K/N"
    bool isWhole() const { return count == 1; }
    // Whether this shard checks the entry. Rejected lines belong to shard 0 only, so a merge of all shards
    // shows each of them exactly once.
    bool contains(const UrlEntry &entry) const;

    friend bool operator==(const ShardSpec &a, const ShardSpec &b) { return a.index == b.index && a.count == b.count; }
    friend bool operator!=(const ShardSpec &a, const ShardSpec &b) { return !(a == b); }
};

// FNV-1a, 64 bit: a fixed, unseeded hash (qHash is seeded per process, std::hash differs between libraries).
std::uint64_t fnv1a64(const QByteArray &bytes);

// The shard (0..n-1) of a URL: FNV-1a 64 of its host in ASCII (IDN hosts as punycode) and lower case,
// modulo n. n < 1 is taken as 1. An invalid URL or one without a host is shard 0.
int shardOf(const QUrl &url, int n);
// The shard of a list entry: its URL's, and 0 for a rejected line.
int shardOf(const UrlEntry &entry, int n);

// The entries of a list that one shard checks, in input order.
QVector<UrlEntry> entriesOfShard(const QVector<UrlEntry> &entries, const ShardSpec &spec);

} // namespace Fanout
