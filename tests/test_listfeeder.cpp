// ListFeeder: a list file given to the engine a batch at a time, numbered as targetsFor(parseFile()) numbers it.
#include "engine/checker.h"
#include "io/listfeeder.h"
#include "origin/originserver.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Fanout;

class TestListFeeder final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pullGivesTheIdsOfTargetsFor();
    void validAheadKeepsWhatItRead();
    void errorsAreParseFiles();
    void feedsAStreamingRun();
    void cancelStopsReading();

private:
    QString writeList(const QString &name, const QByteArray &data)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }
    // n pages of the origin, with a rejected line every 97 and a repeat of an earlier line every 11.
    QByteArray mixedList(int n) const
    {
        QByteArray data;
        for (int i = 0; i < n; ++i) {
            if (i % 97 == 50)
                data += "not a url " + QByteArray::number(i) + '\n';
            else if (i % 11 == 10)
                data += (m_server.baseUrl().toString() + QStringLiteral("/page/%1\n").arg(i - 7)).toUtf8();
            else
                data += (m_server.baseUrl().toString() + QStringLiteral("/page/%1\n").arg(i)).toUtf8();
        }
        return data;
    }

    QTemporaryDir m_dir;
    OriginServer m_server;
};

void TestListFeeder::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_server.listen(0, 1), qPrintable(m_server.errorString()));
}

void TestListFeeder::pullGivesTheIdsOfTargetsFor()
{
    const QString path = writeList(QStringLiteral("mixed.txt"), mixedList(5000));
    const UrlList whole = UrlListParser::parseFile(path);
    const QVector<CheckTarget> expected = targetsFor(whole);
    QVERIFY(whole.duplicates > 400 && whole.invalidCount() > 40);

    ListFeeder feeder(path);
    QVERIFY(feeder.open());
    QCOMPARE(feeder.encoding(), QStringLiteral("UTF-8"));
    QVector<CheckTarget> got;
    QVector<UrlDuplicate> duplicates;
    for (int batch = 1; !feeder.atEnd(); batch = batch * 2 % 1000 + 1) {
        const QVector<CheckTarget> targets = feeder.next(batch);
        QVERIFY(targets.size() <= batch);
        got += targets;
        QCOMPARE(feeder.targetsGiven(), got.size());
        // A duplicate is told only once the target it names was given.
        for (const UrlDuplicate &dup : feeder.takeDuplicates()) {
            QVERIFY(dup.firstIndex < got.size());
            duplicates.append(dup);
        }
    }
    QVERIFY(feeder.next(10).isEmpty());
    QCOMPARE(got.size(), expected.size());
    for (qsizetype i = 0; i < got.size(); ++i) {
        QCOMPARE(got.at(i).id, expected.at(i).id);
        QCOMPARE(got.at(i).entry.line, expected.at(i).entry.line);
        QCOMPARE(got.at(i).entry.url, expected.at(i).entry.url);
        QCOMPARE(got.at(i).entry.error, expected.at(i).entry.error);
    }
    QCOMPARE(feeder.rejected(), whole.invalidCount());
    QCOMPARE(feeder.duplicates(), whole.duplicates);
    QCOMPARE(feeder.skipped(), whole.skipped);
    QCOMPARE(duplicates.size(), whole.duplicates);
    for (const UrlDuplicate &dup : duplicates) {
        // Without a caller's check, a match against a target already given is reported as probable.
        QCOMPARE(got.at(dup.firstIndex).entry.url, UrlListParser::normalise(dup.text));
    }
}

void TestListFeeder::validAheadKeepsWhatItRead()
{
    const QString path = writeList(QStringLiteral("short.txt"), "bad one\nhttps://a.example/\nbad two\nb.example\n");
    ListFeeder feeder(path);
    QVERIFY(feeder.open());
    QCOMPARE(feeder.validAhead(50), 2); // the list is shorter than the cap
    QCOMPARE(feeder.validAhead(1), 1);
    const QVector<CheckTarget> targets = feeder.next(10);
    QCOMPARE(targets.size(), 4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(targets.at(i).id, i);
    QCOMPARE(feeder.rejected(), 2);
    QVERIFY(feeder.atEnd());
}

void TestListFeeder::errorsAreParseFiles()
{
    const QString binary = writeList(QStringLiteral("image.png"), QByteArray::fromHex("89504e470d0a1a0a0000000d"));
    for (const QString &path : {binary, m_dir.filePath(QStringLiteral("missing.txt")), m_dir.path()}) {
        ListFeeder feeder(path);
        QVERIFY(!feeder.open());
        QCOMPARE(feeder.error(), UrlListParser::parseFile(path).error);
        QVERIFY(feeder.atEnd());
        QVERIFY(feeder.next(5).isEmpty());
    }
}

void TestListFeeder::feedsAStreamingRun()
{
    const QString path = writeList(QStringLiteral("run.txt"), mixedList(3000));
    const UrlList whole = UrlListParser::parseFile(path);
    m_server.resetStats();
    Checker checker;
    CheckOptions options;
    options.concurrency = 8;
    checker.setOptions(options);
    ListFeeder feeder(path);
    QVERIFY(feeder.open());
    QVector<int> reports(whole.entries.size(), 0);
    int read = 0;
    int duplicates = 0;
    int maxQueued = 0;
    connect(&feeder, &ListFeeder::targetsRead, this, [&](const QVector<CheckTarget> &targets) {
        QCOMPARE(targets.first().id, read); // in order, none skipped
        read += int(targets.size());
    });
    connect(&feeder, &ListFeeder::duplicatesFound, this, [&](const QVector<UrlDuplicate> &found) {
        for (const UrlDuplicate &dup : found)
            QVERIFY(dup.firstIndex < read);
        duplicates += int(found.size());
    });
    connect(&checker, &Checker::urlStarted, this,
            [&](int, qint64) { maxQueued = std::max(maxQueued, checker.queuedCount()); });
    connect(&checker, &Checker::urlFinished, this, [&](const CheckResult &r) {
        ++reports[r.id];
        QCOMPARE(r.url, whole.entries.at(r.id).url);
        QCOMPARE(r.line, whole.entries.at(r.id).line);
    });
    QSignalSpy ended(&feeder, &ListFeeder::finished);
    QSignalSpy done(&checker, &Checker::runFinished);
    QVERIFY(feeder.feed(&checker));
    QVERIFY(!feeder.feed(&checker)); // once
    QVERIFY(done.wait(60000));
    QCOMPARE(ended.count(), 1);
    QCOMPARE(done.first().at(1).toBool(), false);
    QCOMPARE(reports, QVector<int>(whole.entries.size(), 1));
    QCOMPARE(read, whole.entries.size());
    QCOMPARE(duplicates, whole.duplicates);
    QCOMPARE(m_server.stats().requests, qint64(whole.validCount()));
    // The engine never held more than about twice its mark: the list was read as it went.
    QVERIFY2(maxQueued <= 2 * checker.lowWaterMark(), qPrintable(QString::number(maxQueued)));
}

void TestListFeeder::cancelStopsReading()
{
    const QString path = writeList(QStringLiteral("long.txt"), mixedList(20000));
    Checker checker;
    CheckOptions options;
    options.concurrency = 4;
    checker.setOptions(options);
    ListFeeder feeder(path);
    QVERIFY(feeder.open());
    QVector<int> reports;
    connect(&feeder, &ListFeeder::targetsRead, this,
            [&](const QVector<CheckTarget> &targets) { reports.resize(reports.size() + targets.size()); });
    int finished = 0;
    connect(&checker, &Checker::urlFinished, this, [&](const CheckResult &r) {
        ++reports[r.id];
        if (++finished == 50)
            checker.cancel();
    });
    QSignalSpy done(&checker, &Checker::runFinished);
    QVERIFY(feeder.feed(&checker));
    QVERIFY(done.wait(60000));
    QCOMPARE(done.first().at(1).toBool(), true);
    // Every target given was reported once (checked or cancelled); the rest of the list was never read.
    QCOMPARE(reports, QVector<int>(reports.size(), 1));
    QCOMPARE(feeder.targetsGiven(), reports.size());
    QVERIFY(reports.size() < 2 * checker.lowWaterMark() + 100);
    QVERIFY(!feeder.atEnd());
}

QTEST_GUILESS_MAIN(TestListFeeder)
#include "test_listfeeder.moc"
