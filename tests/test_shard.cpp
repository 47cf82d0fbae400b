#include "io/shard.h"
#include "io/urllist.h"

#include <QTest>

#include <cmath>
#include <vector>

using namespace Fanout;

class TestShard : public QObject
{
    Q_OBJECT

private slots:
    void parseGood_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("n");
        QTest::newRow("whole") << QStringLiteral("0/1") << 0 << 1;
        QTest::newRow("first") << QStringLiteral("0/4") << 0 << 4;
        QTest::newRow("last") << QStringLiteral("3/4") << 3 << 4;
        QTest::newRow("big") << QStringLiteral("999999/1000000") << 999999 << 1000000;
    }
    void parseGood()
    {
        QFETCH(QString, text);
        QFETCH(int, k);
        QFETCH(int, n);
        ShardSpec spec;
        QString why;
        QVERIFY2(ShardSpec::parse(text, &spec, &why), qPrintable(why));
        QCOMPARE(spec.index, k);
        QCOMPARE(spec.count, n);
        QCOMPARE(spec.toString(), text);
    }

    void parseBad_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason"); // a part of the message
        QTest::newRow("empty") << QString() << QStringLiteral("expected K/N");
        QTest::newRow("no slash") << QStringLiteral("3") << QStringLiteral("expected K/N");
        QTest::newRow("two slashes") << QStringLiteral("1/2/3") << QStringLiteral("expected K/N");
        QTest::newRow("k equals n") << QStringLiteral("4/4") << QStringLiteral("K must be below N");
        QTest::newRow("k above n") << QStringLiteral("5/4") << QStringLiteral("K must be below N");
        QTest::newRow("n zero") << QStringLiteral("0/0") << QStringLiteral("N must be");
        QTest::newRow("negative k") << QStringLiteral("-1/4") << QStringLiteral("K must be");
        QTest::newRow("plus") << QStringLiteral("+1/4") << QStringLiteral("K must be");
        QTest::newRow("space") << QStringLiteral(" 1/4") << QStringLiteral("K must be");
        QTest::newRow("missing k") << QStringLiteral("/4") << QStringLiteral("K must be");
        QTest::newRow("missing n") << QStringLiteral("1/") << QStringLiteral("N must be");
        QTest::newRow("fraction") << QStringLiteral("1/2.5") << QStringLiteral("N must be");
        QTest::newRow("too many") << QStringLiteral("0/1000001") << QStringLiteral("at most 1000000");
        QTest::newRow("overflow") << QStringLiteral("0/99999999999") << QStringLiteral("N must be");
        QTest::newRow("arabic digits") << QStringLiteral("\u0661/4") << QStringLiteral("K must be");
    }
    void parseBad()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        ShardSpec spec{1, 7};
        QString why;
        QVERIFY(!ShardSpec::parse(text, &spec, &why));
        QVERIFY2(why.contains(reason), qPrintable(why));
        QVERIFY2(why.contains(QLatin1Char('"') + text + QLatin1Char('"')), qPrintable(why));
        QCOMPARE(spec, (ShardSpec{1, 7})); // untouched
    }

    // FNV-1a 64 test vectors (from the algorithm's reference): the hash is the published one, not "some" hash.
    void fnvVectors()
    {
        QCOMPARE(fnv1a64(QByteArray()), Q_UINT64_C(0xcbf29ce484222325));
        QCOMPARE(fnv1a64("a"), Q_UINT64_C(0xaf63dc4c8601ec8c));
        QCOMPARE(fnv1a64("foobar"), Q_UINT64_C(0x85944171f73967e8));
    }

    // Fixed expected shards: a change here re-splits every user's lists, so it must be deliberate. The values
    // were computed independently (Python: FNV-1a 64 of the host, mod N).
    void stableValues_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("of4");
        QTest::addColumn<int>("of7");
        QTest::newRow("example.com") << QStringLiteral("https://example.com/") << 2 << 1;
        QTest::newRow("www") << QStringLiteral("http://www.example.com/a?b") << 3 << 0;
        QTest::newRow("upper case") << QStringLiteral("https://WWW.Example.COM/x") << 3 << 0;
        QTest::newRow("port and path") << QStringLiteral("http://example.com:8080/deep/path#f") << 2 << 1;
        QTest::newRow("ip") << QStringLiteral("http://127.0.0.1:18080/ok") << 2 << 0;
        QTest::newRow("localhost") << QStringLiteral("http://localhost/") << 2 << 4;
        QTest::newRow("idn") << QStringLiteral("https://bücher.example/") << 0 << 0;
        QTest::newRow("a.test") << QStringLiteral("http://a.test/") << 2 << 6;
        QTest::newRow("b.test") << QStringLiteral("http://b.test/") << 1 << 1;
        QTest::newRow("c.test") << QStringLiteral("http://c.test/") << 0 << 4;
    }
    void stableValues()
    {
        QFETCH(QString, url);
        QFETCH(int, of4);
        QFETCH(int, of7);
        const QUrl u(url);
        QVERIFY(u.isValid());
        QCOMPARE(shardOf(u, 4), of4);
        QCOMPARE(shardOf(u, 7), of7);
        QCOMPARE(shardOf(u, 1), 0);
        QCOMPARE(shardOf(u, 0), 0); // n < 1 is the whole list
    }

    void rejectedLinesGoToShardZero()
    {
        const UrlList list = UrlListParser::parseText(QStringLiteral("not a url\nftp://x.test/\nhttp://b.test/\n"));
        QCOMPARE(list.entries.size(), 3);
        QVERIFY(!list.entries.at(0).isValid());
        QVERIFY(!list.entries.at(1).isValid());
        QCOMPARE(shardOf(list.entries.at(0), 4), 0);
        QCOMPARE(shardOf(list.entries.at(1), 4), 0);
        QCOMPARE(shardOf(list.entries.at(2), 4), 1);
        QVERIFY(!(ShardSpec{1, 4}.contains(list.entries.at(0))));
        QVERIFY((ShardSpec{0, 4}.contains(list.entries.at(0))));
        QCOMPARE(shardOf(QUrl(), 4), 0);
    }

    // Every entry in exactly one shard, every URL of a host in the same one, and an even enough split.
    void partitionAndDistribution()
    {
        QString text;
        constexpr int hosts = 4000;
        for (int h = 0; h < hosts; ++h) {
            for (int p = 0; p < 3; ++p)
                text += QStringLiteral("https://host%1.example/page%2\n").arg(h).arg(p);
        }
        text += QStringLiteral("bad line one\nbad line two\n");
        const UrlList list = UrlListParser::parseText(text);
        QCOMPARE(list.entries.size(), hosts * 3 + 2);
        for (const int n : {1, 2, 4, 8, 16}) {
            std::vector<int> sizes(size_t(n), 0);
            qsizetype covered = 0;
            for (int k = 0; k < n; ++k) {
                const QVector<UrlEntry> part = entriesOfShard(list.entries, ShardSpec{k, n});
                sizes[size_t(k)] = int(part.size());
                covered += part.size();
                for (const UrlEntry &e : part) {
                    QCOMPARE(shardOf(e, n), k);
                    if (!e.isValid())
                        QCOMPARE(k, 0);
                }
            }
            QCOMPARE(covered, list.entries.size()); // each entry in exactly one shard (they partition)
            const double mean = double(hosts * 3) / n;
            for (int k = 0; k < n; ++k) {
                // 4000 hosts: a fair hash keeps every shard within 15% of the mean (the binomial spread at 16
                // shards is about 6%).
                QVERIFY2(
                    std::abs(sizes[size_t(k)] - mean) < 0.15 * mean,
                    qPrintable(
                        QStringLiteral("n=%1 shard %2 has %3, mean %4").arg(n).arg(k).arg(sizes[size_t(k)]).arg(mean)));
            }
        }
        // Same host, same shard, whatever the path, scheme or port.
        for (const int n : {3, 5, 64}) {
            const int s = shardOf(QUrl(QStringLiteral("https://host17.example/")), n);
            QCOMPARE(shardOf(QUrl(QStringLiteral("http://host17.example:81/x/y?z")), n), s);
            QCOMPARE(shardOf(QUrl(QStringLiteral("https://HOST17.example/other")), n), s);
        }
    }
};

QTEST_GUILESS_MAIN(TestShard)
#include "test_shard.moc"
