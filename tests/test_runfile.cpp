#include "store/runfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <unistd.h>

using namespace Fanout;

namespace {

CheckTarget target(int id, const QString &text)
{
    CheckTarget t;
    t.id = id;
    t.entry.line = id + 1;
    t.entry.text = text;
    QString why;
    t.entry.url = UrlListParser::normalise(text, &why);
    t.entry.error = why;
    return t;
}

// Every field set, none to its default.
CheckResult fullResult(const CheckTarget &t)
{
    CheckResult r;
    r.id = t.id;
    r.line = t.entry.line;
    r.input = t.entry.text;
    r.url = t.entry.url;
    r.finalUrl = QUrl(QStringLiteral("https://ex\u00e4mple.org/p%C3%A5th?q=%E2%9C%93&x=1#frag"));
    r.state = CheckState::Done;
    r.status = 200 + t.id % 300;
    r.reason = QStringLiteral("OK \u2713") + QChar(0) + QStringLiteral("after NUL"); // a NUL inside text survives
    r.title = QStringLiteral("T\u00eftle \U0001F600 \u4e2d\u6587 %1").arg(t.id);
    r.contentType = QStringLiteral("text/html; charset=utf-8");
    r.bytes = (qint64(1) << 33) + t.id;
    r.timings = {10 + t.id, 11 + t.id, 12 + t.id, 13 + t.id, 14 + t.id};
    r.attempts = 3;
    r.redirects = {{QUrl(QStringLiteral("http://a.example/1")), 301},
                   {QUrl(QStringLiteral("https://b.example/")), 308}};
    static const char headers[] = "Content-Type: text/html\nX-Bytes: \x00\xff\xfe\n";
    r.rawHeaders = QByteArray(headers, sizeof(headers) - 1); // with the NUL inside, without the terminator
    r.error = t.id % 2 ? QStringLiteral("content: br\u00f6ken") : QString();
    return r;
}

void compareResults(const CheckResult &a, const CheckResult &b)
{
    QCOMPARE(a.id, b.id);
    QCOMPARE(a.line, b.line);
    QCOMPARE(a.input, b.input);
    QCOMPARE(a.url, b.url);
    QCOMPARE(a.finalUrl, b.finalUrl);
    QCOMPARE(a.state, b.state);
    QCOMPARE(a.status, b.status);
    QCOMPARE(a.reason, b.reason);
    QCOMPARE(a.title, b.title);
    QCOMPARE(a.contentType, b.contentType);
    QCOMPARE(a.bytes, b.bytes);
    QCOMPARE(a.timings.startedMs, b.timings.startedMs);
    QCOMPARE(a.timings.connectMs, b.timings.connectMs);
    QCOMPARE(a.timings.sentMs, b.timings.sentMs);
    QCOMPARE(a.timings.headersMs, b.timings.headersMs);
    QCOMPARE(a.timings.finishedMs, b.timings.finishedMs);
    QCOMPARE(a.attempts, b.attempts);
    QCOMPARE(a.redirects.size(), b.redirects.size());
    for (int i = 0; i < a.redirects.size(); ++i) {
        QCOMPARE(a.redirects.at(i).url, b.redirects.at(i).url);
        QCOMPARE(a.redirects.at(i).status, b.redirects.at(i).status);
    }
    QCOMPARE(a.rawHeaders, b.rawHeaders);
    QCOMPARE(a.error, b.error);
}

RunMeta someMeta()
{
    RunMeta meta;
    meta.created = QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7, 890), Qt::UTC);
    meta.tool = QStringLiteral("9.8.7");
    meta.source = QStringLiteral("/lists/\u00fcrls \u4e2d.txt");
    meta.options.concurrency = 7;
    meta.shard = QStringLiteral("2/5");
    return meta;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(data), data.size());
}

// A plain SQLite database made by hand, with whatever the test needs in it.
void makeSqlite(const QString &path, const QStringList &statements)
{
    const QString name = QStringLiteral("test-%1").arg(QRandomGenerator::global()->generate());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        for (const QString &sql : statements) {
            QSqlQuery q(db);
            QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

// Runs SQL on an existing file (tests that tamper with a good run file).
void execOn(const QString &path, const QString &sql)
{
    makeSqlite(path, {sql});
}

qint64 rssKb()
{
    const QList<QByteArray> lines = readAll(QStringLiteral("/proc/self/status")).split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// A closed run file with `n` entries, every one with a full result.
void makeRun(const QString &path, int n)
{
    QString error;
    auto file = RunFile::create(path, someMeta(), &error);
    QVERIFY2(file, qPrintable(error));
    QVector<CheckTarget> targets;
    for (int i = 0; i < n; ++i)
        targets.append(target(i, QStringLiteral("https://host%1.example/path/%2").arg(i % 17).arg(i)));
    QVERIFY(file->beginBatch());
    QVERIFY(file->addEntries(targets));
    const int pass = file->beginPass(QStringLiteral("run"));
    for (const CheckTarget &t : targets)
        QVERIFY(file->addResult(fullResult(t), pass));
    QVERIFY(file->setState(RunState::Finished, 1234));
    QVERIFY(file->setInputComplete(true));
    QVERIFY(file->commit());
}

} // namespace

class TestRunFile final : public QObject
{
    Q_OBJECT

private slots:
    void optionsRoundTrip();
    void optionsRefused_data();
    void optionsRefused();
    void optionsMissingFieldsKeepDefaults();
    void createWritesMeta();
    void createRefusesExisting();
    void everyFieldRoundTrips();
    void loneSurrogateDoesNotEatText();
    void entriesWithoutResult();
    void duplicates();
    void recheckKeepsEarlierResults();
    void pendingForResume();
    void eventsAndPasses();
    void refusedRowsLeaveTheBatchGoing();
    void readOnlyDoesNotWrite();
    void readOnlyFolder();
    void closedFileIsOneFile();
    void streams100kRows();
    void rangesAndSummaries();
    void refuses_data();
    void refuses();
    void truncatedCopies();
    void truncatedWal();
    void garbagePages();
};

void TestRunFile::optionsRoundTrip()
{
    CheckOptions o;
    o.concurrency = 123;
    o.perHostLimit = 4;
    o.timeoutMs = 777;
    o.retries = 5;
    o.retryBaseDelayMs = 11;
    o.maxRetryWaitMs = 99999;
    o.ratePerHost = 0.25;
    o.maxErrorsPerHost = 7;
    o.method = HttpMethod::Head;
    o.maxRedirects = 2;
    o.maxBodyBytes = (qint64(1) << 40) + 3;
    o.ignoreTlsErrors = true;
    o.keepResponseHeaders = false;
    QByteArray everyByte;
    for (int b = 0; b < 256; ++b)
        everyByte.append(char(b));
    o.userAgent = everyByte;
    o.headers = {{QByteArrayLiteral("X-A"), QByteArrayLiteral("1")}, {QByteArray("X-\xff", 3), everyByte}};

    CheckOptions back;
    QString why;
    QVERIFY2(optionsFromJson(optionsToJson(o), &back, &why), qPrintable(why));
    QCOMPARE(back.concurrency, o.concurrency);
    QCOMPARE(back.perHostLimit, o.perHostLimit);
    QCOMPARE(back.timeoutMs, o.timeoutMs);
    QCOMPARE(back.retries, o.retries);
    QCOMPARE(back.retryBaseDelayMs, o.retryBaseDelayMs);
    QCOMPARE(back.maxRetryWaitMs, o.maxRetryWaitMs);
    QCOMPARE(back.ratePerHost, o.ratePerHost);
    QCOMPARE(back.maxErrorsPerHost, o.maxErrorsPerHost);
    QCOMPARE(back.method, o.method);
    QCOMPARE(back.maxRedirects, o.maxRedirects);
    QCOMPARE(back.maxBodyBytes, o.maxBodyBytes);
    QCOMPARE(back.ignoreTlsErrors, o.ignoreTlsErrors);
    QCOMPARE(back.keepResponseHeaders, o.keepResponseHeaders);
    QCOMPARE(back.userAgent, o.userAgent);
    QCOMPARE(back.headers, o.headers);

    // And the defaults come back as defaults.
    CheckOptions defaults;
    QVERIFY(optionsFromJson(optionsToJson(CheckOptions()), &back, &why));
    QCOMPARE(back.concurrency, defaults.concurrency);
    QCOMPARE(back.method, defaults.method);
    QCOMPARE(back.userAgent, defaults.userAgent);
    QVERIFY(back.headers.isEmpty());
}

void TestRunFile::optionsRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not json") << QByteArray("{");
    QTest::newRow("array") << QByteArray("[]");
    QTest::newRow("string concurrency") << QByteArray(R"({"concurrency":"8"})");
    QTest::newRow("zero concurrency") << QByteArray(R"({"concurrency":0})");
    QTest::newRow("fraction") << QByteArray(R"({"timeoutMs":1.5})");
    QTest::newRow("negative") << QByteArray(R"({"retries":-1})");
    QTest::newRow("huge") << QByteArray(R"({"maxRedirects":1e12})");
    QTest::newRow("method") << QByteArray(R"({"method":"POST"})");
    QTest::newRow("bool") << QByteArray(R"({"ignoreTlsErrors":1})");
    QTest::newRow("agent not bytes") << QByteArray(R"({"userAgent":"\u4e2d"})");
    QTest::newRow("headers not list") << QByteArray(R"({"headers":{}})");
    QTest::newRow("header not pair") << QByteArray(R"({"headers":[["a"]]})");
}

void TestRunFile::optionsRefused()
{
    QFETCH(QByteArray, json);
    CheckOptions o;
    o.concurrency = 42;
    QString why;
    QVERIFY(!optionsFromJson(json, &o, &why));
    QVERIFY(!why.isEmpty());
    QCOMPARE(o.concurrency, 42); // untouched
}

void TestRunFile::optionsMissingFieldsKeepDefaults()
{
    CheckOptions o;
    QString why;
    QVERIFY(optionsFromJson(QByteArray(R"({"retries":2})"), &o, &why));
    QCOMPARE(o.retries, 2);
    QCOMPARE(o.concurrency, CheckOptions().concurrency);
    QCOMPARE(o.userAgent, CheckOptions().userAgent);
}

void TestRunFile::createWritesMeta()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a/b/run.fanout")); // folders are made
    QString error;
    {
        auto file = RunFile::create(path, someMeta(), &error);
        QVERIFY2(file, qPrintable(error));
        QCOMPARE(file->path(), path);
        QCOMPARE(file->mode(), RunFile::Mode::ReadWrite);
    }
    auto file = RunFile::open(path, RunFile::Mode::ReadOnly, &error);
    QVERIFY2(file, qPrintable(error));
    const RunMeta m = file->meta();
    QCOMPARE(m.schema, RunFile::SchemaVersion);
    QCOMPARE(m.created, someMeta().created);
    QCOMPARE(m.tool, QStringLiteral("9.8.7"));
    QCOMPARE(m.source, someMeta().source);
    QCOMPARE(m.options.concurrency, 7);
    QCOMPARE(m.shard, QStringLiteral("2/5"));
    QCOMPARE(m.state, RunState::Running);
    QCOMPARE(m.wallMs, 0);
    QCOMPARE(m.inputComplete, false);
    QCOMPARE(m.entries, 0);
    QCOMPARE(m.results, 0);
    QCOMPARE(file->maxEntryId(), -1);
    QVERIFY(!file->result(0));

    // The default tool is this Fanout, created is now.
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    auto plain = RunFile::create(dir.filePath(QStringLiteral("plain.fanout")), RunMeta(), &error);
    QVERIFY2(plain, qPrintable(error));
    QCOMPARE(plain->meta().tool, QStringLiteral(FANOUT_VERSION));
    QVERIFY(plain->meta().created >= before);
}

void TestRunFile::createRefusesExisting()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    writeAll(path, "keep me");
    QString error;
    QVERIFY(!RunFile::create(path, someMeta(), &error));
    QVERIFY2(error.contains(path) && error.contains(QStringLiteral("already exists")), qPrintable(error));
    QCOMPARE(readAll(path), QByteArray("keep me"));
}

void TestRunFile::everyFieldRoundTrips()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    const QVector<CheckTarget> targets = {
        target(0, QStringLiteral("https://b\u00fccher.example/\u00e4?q=\u4e2d")),
        target(1, QStringLiteral("http://example.com/a%20b")),
        target(2, QStringLiteral("example.org")),
    };
    QVector<CheckResult> written;
    {
        QString error;
        auto file = RunFile::create(path, someMeta(), &error);
        QVERIFY2(file, qPrintable(error));
        QVERIFY(file->addEntries(targets)); // outside a batch: its own transaction
        const int pass = file->beginPass(QStringLiteral("run"));
        QCOMPARE(pass, 1);
        QVERIFY(file->beginBatch());
        QVERIFY(file->inBatch());
        for (const CheckTarget &t : targets) {
            written.append(fullResult(t));
            QVERIFY(file->addResult(written.last(), pass));
        }
        // -1 timings, no headers, no redirects, empty strings.
        written[2].timings = {};
        written[2].rawHeaders.clear();
        written[2].redirects.clear();
        written[2].title.clear();
        written[2].finalUrl = QUrl();
        QVERIFY(file->addResult(written[2], pass));
        QVERIFY(file->commit());
        QVERIFY(!file->inBatch());
    }
    QString error;
    auto file = RunFile::open(path, RunFile::Mode::ReadOnly, &error);
    QVERIFY2(file, qPrintable(error));
    QVector<CheckResult> read;
    QVERIFY(file->forEachResult([&](const CheckResult &r) {
        read.append(r);
        return true;
    }));
    QCOMPARE(read.size(), written.size());
    for (int i = 0; i < read.size(); ++i)
        compareResults(read.at(i), written.at(i));
    QVERIFY(file->result(1));
    compareResults(*file->result(1), written.at(1));
    QCOMPARE(file->maxEntryId(), 2);
    QCOMPARE(file->meta().entries, 3);
    QCOMPARE(file->meta().results, 3);
}

void TestRunFile::loneSurrogateDoesNotEatText()
{
    QTemporaryDir dir;
    QString error;
    auto file = RunFile::create(dir.filePath(QStringLiteral("run.fanout")), someMeta(), &error);
    QVERIFY2(file, qPrintable(error));
    QVERIFY(file->addEntries({target(0, QStringLiteral("https://example.com/"))}));
    CheckResult r = fullResult(target(0, QStringLiteral("https://example.com/")));
    r.title = QStringLiteral("a") + QChar(0xD800) + QStringLiteral("bc") + QChar(0xDC00);
    QVERIFY(file->addResult(r, 1));
    QCOMPARE(file->result(0)->title, QStringLiteral("a\ufffdbc\ufffd"));
}

void TestRunFile::entriesWithoutResult()
{
    QTemporaryDir dir;
    QString error;
    auto file = RunFile::create(dir.filePath(QStringLiteral("run.fanout")), someMeta(), &error);
    QVERIFY2(file, qPrintable(error));
    const CheckTarget bad = target(0, QStringLiteral("ftp://nope"));
    QVERIFY(!bad.entry.error.isEmpty());
    QVERIFY(file->addEntries({bad, target(1, QStringLiteral("https://example.com/x"))}));
    QVector<CheckResult> read;
    QVERIFY(file->forEachResult([&](const CheckResult &r) {
        read.append(r);
        return true;
    }));
    QCOMPARE(read.size(), 2);
    QCOMPARE(read[0].state, CheckState::Queued);
    QCOMPARE(read[0].error, bad.entry.error); // a rejected line keeps its reason
    QCOMPARE(read[0].input, bad.entry.text);
    QVERIFY(read[0].url.isEmpty());
    QCOMPARE(read[1].state, CheckState::Queued);
    QCOMPARE(read[1].url, QUrl(QStringLiteral("https://example.com/x")));
    QVERIFY(read[1].error.isEmpty());
    QCOMPARE(read[1].line, 2);
    QCOMPARE(file->result(0)->state, CheckState::Queued);
    QVERIFY(!file->result(7));
}

void TestRunFile::duplicates()
{
    QTemporaryDir dir;
    QString error;
    auto file = RunFile::create(dir.filePath(QStringLiteral("run.fanout")), someMeta(), &error);
    QVERIFY2(file, qPrintable(error));
    QVERIFY(file->addEntries({target(0, QStringLiteral("https://example.com/"))}));
    QVERIFY(file->addDuplicate(9, QStringLiteral("https://EXAMPLE.com/"), 0));
    QVERIFY(file->addDuplicate(4, QStringLiteral("example.com \u00e9"), 0));
    QVector<RunDuplicate> read;
    QVERIFY(file->forEachDuplicate([&](const RunDuplicate &dup) {
        read.append(dup);
        return true;
    }));
    QCOMPARE(read.size(), 2);
    QCOMPARE(read[0].line, 4);
    QCOMPARE(read[0].text, QStringLiteral("example.com \u00e9"));
    QCOMPARE(read[0].firstId, 0);
    QCOMPARE(read[1].line, 9);
    QVERIFY(!file->addDuplicate(9, QStringLiteral("again"), 0));
    QCOMPARE(file->lastErrorKind(), RunFile::ErrorKind::Refused);
}

void TestRunFile::recheckKeepsEarlierResults()
{
    QTemporaryDir dir;
    QString error;
    auto file = RunFile::create(dir.filePath(QStringLiteral("run.fanout")), someMeta(), &error);
    QVERIFY2(file, qPrintable(error));
    const CheckTarget t = target(0, QStringLiteral("https://example.com/"));
    QVERIFY(file->addEntries({t}));
    const int first = file->beginPass(QStringLiteral("run"));
    CheckResult failed = fullResult(t);
    failed.status = 0;
    failed.error = QStringLiteral("timeout: no answer within 1 s");
    QVERIFY(file->addResult(failed, first));
    QVERIFY(file->setState(RunState::Finished, 100));
    const int second = file->beginPass(QStringLiteral("recheck"));
    QCOMPARE(second, first + 1);
    CheckResult middle = fullResult(t);
    middle.error = QStringLiteral("reset: closed");
    QVERIFY(file->addResult(middle, second));
    const int third = file->beginPass(QStringLiteral("recheck"));
    CheckResult ok = fullResult(t);
    ok.error.clear();
    ok.status = 200;
    QVERIFY(file->addResult(ok, third));
    QVERIFY(file->setState(RunState::Finished, 50));

    compareResults(*file->result(0), ok);
    const QVector<CheckResult> earlier = file->earlierResults(0);
    QCOMPARE(earlier.size(), 2);
    compareResults(earlier[0], failed);
    compareResults(earlier[1], middle);
    QVERIFY(file->earlierResults(5).isEmpty());
    QCOMPARE(file->meta().results, 1);
    QCOMPARE(file->meta().wallMs, 150);
    const QVector<RunPass> passes = file->passes();
    QCOMPARE(passes.size(), 3);
    QCOMPARE(passes[0].wallMs, 100);
    QCOMPARE(passes[1].kind, QStringLiteral("recheck"));
    QCOMPARE(passes[2].wallMs, 50);
    QCOMPARE(file->summaries(0, 0).value(0).pass, third);
}

void TestRunFile::pendingForResume()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    QVector<CheckTarget> targets;
    for (int i = 0; i < 6; ++i)
        targets.append(target(i, QStringLiteral("https://example.com/%1").arg(i)));
    {
        QString error;
        auto file = RunFile::create(path, someMeta(), &error);
        QVERIFY2(file, qPrintable(error));
        QVERIFY(file->addEntries(targets));
        CheckResult r = fullResult(targets[1]);
        QVERIFY(file->addResult(r, 1));
        r = fullResult(targets[3]);
        r.error = QStringLiteral("cancelled: stopped by the user before it was checked");
        QVERIFY(file->addResult(r, 1));
        r = fullResult(targets[4]);
        r.error = QStringLiteral("timeout: no answer");
        QVERIFY(file->addResult(r, 1));
        QVERIFY(file->setState(RunState::Cancelled, 10));
    }
    QString error;
    auto file = RunFile::open(path, RunFile::Mode::ReadWrite, &error);
    QVERIFY2(file, qPrintable(error));
    QCOMPARE(file->meta().state, RunState::Cancelled);
    QCOMPARE(file->meta().pending, 4);
    QVector<int> ids;
    QVector<CheckTarget> pending;
    QVERIFY(file->forEachPending([&](const CheckTarget &t) {
        ids.append(t.id);
        pending.append(t);
        return true;
    }));
    QCOMPARE(ids, (QVector<int>{0, 2, 3, 5}));
    for (const CheckTarget &t : pending) {
        QCOMPARE(t.entry.text, targets[t.id].entry.text);
        QCOMPARE(t.entry.url, targets[t.id].entry.url);
        QCOMPARE(t.entry.line, targets[t.id].entry.line);
        QCOMPARE(t.entry.error, targets[t.id].entry.error);
    }
    // Early stop.
    ids.clear();
    QVERIFY(file->forEachPending([&](const CheckTarget &t) {
        ids.append(t.id);
        return false;
    }));
    QCOMPARE(ids, QVector<int>{0});
}

void TestRunFile::eventsAndPasses()
{
    QTemporaryDir dir;
    QString error;
    auto file = RunFile::create(dir.filePath(QStringLiteral("run.fanout")), someMeta(), &error);
    QVERIFY2(file, qPrintable(error));
    const int pass = file->beginPass(QStringLiteral("run"));
    QVERIFY(file->addEvent(pass, 0, QStringLiteral("start")));
    QVERIFY(file->addEvent(pass, 120, QStringLiteral("cap"), QStringLiteral("16 \u2192 4")));
    const QVector<RunEvent> events = file->events();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].kind, QStringLiteral("start"));
    QCOMPARE(events[0].detail, QString());
    QCOMPARE(events[1].pass, pass);
    QCOMPARE(events[1].atMs, 120);
    QCOMPARE(events[1].detail, QStringLiteral("16 \u2192 4"));
    QVERIFY(events[0].seq < events[1].seq);
    const QVector<RunPass> passes = file->passes();
    QCOMPARE(passes.size(), 1);
    QCOMPARE(passes[0].kind, QStringLiteral("run"));
    QVERIFY(qAbs(passes[0].started.secsTo(QDateTime::currentDateTimeUtc())) < 3600);
    CheckOptions changed;
    changed.concurrency = 3;
    QVERIFY(file->setOptions(changed));
    QVERIFY(file->setInputComplete(true));
    QCOMPARE(file->meta().options.concurrency, 3);
    QVERIFY(file->meta().inputComplete);
}

void TestRunFile::refusedRowsLeaveTheBatchGoing()
{
    QTemporaryDir dir;
    QString error;
    auto file = RunFile::create(dir.filePath(QStringLiteral("run.fanout")), someMeta(), &error);
    QVERIFY2(file, qPrintable(error));
    QVERIFY(file->beginBatch());
    QVERIFY(file->addEntries({target(0, QStringLiteral("https://example.com/"))}));
    QVERIFY(!file->addEntries({target(0, QStringLiteral("https://example.com/again"))}));
    QCOMPARE(file->lastErrorKind(), RunFile::ErrorKind::Refused);
    QVERIFY2(file->lastError().contains(file->path()), qPrintable(file->lastError()));
    QVERIFY(!file->addResult(fullResult(target(5, QStringLiteral("https://five.example/"))), 1));
    QCOMPARE(file->lastErrorKind(), RunFile::ErrorKind::Refused);
    QVERIFY2(file->lastError().contains(QStringLiteral("entry 5")), qPrintable(file->lastError()));
    QVERIFY(file->addResult(fullResult(target(0, QStringLiteral("https://example.com/"))), 1));
    QVERIFY(file->commit());
    QCOMPARE(file->meta().entries, 1);
    QCOMPARE(file->meta().results, 1);
    QCOMPARE(file->result(0)->input, QStringLiteral("https://example.com/"));

    // Outside a batch the refused call rolls back its own transaction only.
    QVERIFY(!file->addEntries(
        {target(1, QStringLiteral("https://one.example/")), target(0, QStringLiteral("https://zero.example/"))}));
    QCOMPARE(file->meta().entries, 1);
    QVERIFY(!file->inBatch());
}

void TestRunFile::readOnlyDoesNotWrite()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    makeRun(path, 10);
    const QByteArray before = readAll(path);
    {
        QString error;
        auto file = RunFile::open(path, RunFile::Mode::ReadOnly, &error);
        QVERIFY2(file, qPrintable(error));
        QCOMPARE(file->mode(), RunFile::Mode::ReadOnly);
        QVERIFY(!file->beginBatch());
        QVERIFY(!file->addEntries({target(99, QStringLiteral("https://x.example/"))}));
        QVERIFY(file->lastError().contains(QStringLiteral("read-only")));
        QCOMPARE(file->beginPass(QStringLiteral("run")), -1);
        QVERIFY(!file->setState(RunState::Cancelled, 1));
        QCOMPARE(file->meta().results, 10);
    }
    QCOMPARE(readAll(path), before);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    QVERIFY(!QFile::exists(path + QStringLiteral("-shm")));
}

namespace {

// Opens `path` in a child that cannot write its folder (as nobody when the test runs as root, who writes
// anywhere) and returns what it printed: "read <entries> <results>" or "refused <error>", then the same for a
// ReadWrite open.
QStringList openInChild(const QString &path)
{
    QProcess child;
    child.setProgram(QCoreApplication::applicationFilePath());
    child.setArguments({QStringLiteral("--read-only-child"), path});
    if (geteuid() == 0) {
        child.setChildProcessModifier([] {
            if (setgid(65534) != 0 || setuid(65534) != 0)
                _exit(3);
        });
    }
    child.start();
    if (!child.waitForFinished(-1) || child.exitCode() != 0)
        return {QStringLiteral("child failed: ") + QString::fromLocal8Bit(child.readAllStandardError())};
    return QString::fromUtf8(child.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

int readOnlyChild(const QString &path)
{
    for (RunFile::Mode mode : {RunFile::Mode::ReadOnly, RunFile::Mode::ReadWrite}) {
        QString error;
        auto file = RunFile::open(path, mode, &error);
        if (!file) {
            std::printf("refused %s\n", qPrintable(error));
            continue;
        }
        const RunMeta m = file->meta();
        int done = 0;
        file->forEachResult([&](const CheckResult &r) { return (done += r.isDone() ? 1 : 0) >= 0; });
        std::printf("read %d %d %d\n", m.entries, m.results, done);
    }
    return 0;
}

// A folder we may not write to: a closed file opens read-only as usual; one still in WAL mode (being written,
// or left by kill -9) opens read-only with its committed rows when its -wal and -shm are there, and "immutable"
// (the main file as it stands) when the -shm is missing; ReadWrite is refused with the reason.
void TestRunFile::readOnlyFolder()
{
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::Permissions(0x7755)));
    const QString ro = dir.filePath(QStringLiteral("ro"));
    QVERIFY(QDir().mkpath(ro));
    const QString closed = ro + QStringLiteral("/closed.fanout");
    makeRun(closed, 10);

    // A live writer: entries checkpointed into the main file, then 10 results only in its WAL.
    const QString livePath = dir.filePath(QStringLiteral("live.fanout"));
    {
        QString error;
        auto file = RunFile::create(livePath, someMeta(), &error);
        QVERIFY2(file, qPrintable(error));
        QVector<CheckTarget> targets;
        for (int i = 0; i < 12; ++i)
            targets.append(target(i, QStringLiteral("https://example.com/%1").arg(i)));
        QVERIFY(file->addEntries(targets));
    }
    QString error;
    auto writer = RunFile::open(livePath, RunFile::Mode::ReadWrite, &error);
    QVERIFY2(writer, qPrintable(error));
    QVERIFY(writer->beginBatch());
    for (int i = 0; i < 10; ++i)
        QVERIFY(writer->addResult(fullResult(target(i, QStringLiteral("https://example.com/%1").arg(i))), 1));
    QVERIFY(writer->commit());
    // The immutable open goes through a file: URI: the name holds what a URI must escape.
    const QString noShmName = QStringLiteral("no shm #?%25 \u00fc");
    for (const QString &name : {QStringLiteral("withshm"), noShmName}) {
        const QString copy = ro + QLatin1Char('/') + name + QStringLiteral(".fanout");
        writeAll(copy, readAll(livePath));
        writeAll(copy + QStringLiteral("-wal"), readAll(livePath + QStringLiteral("-wal")));
        if (name == QLatin1String("withshm"))
            writeAll(copy + QStringLiteral("-shm"), readAll(livePath + QStringLiteral("-shm")));
    }
    writer.reset();
    QVERIFY(QFile::setPermissions(ro, QFileDevice::Permissions(0x5555)));

    const QStringList closedOut = openInChild(closed);
    const QStringList withShm = openInChild(ro + QStringLiteral("/withshm.fanout"));
    const QStringList noShm = openInChild(ro + QLatin1Char('/') + noShmName + QStringLiteral(".fanout"));
    QVERIFY(QFile::setPermissions(ro, QFileDevice::Permissions(0x7755)));

    QCOMPARE(closedOut.value(0), QStringLiteral("read 10 10 10"));
    QVERIFY2(closedOut.value(1).startsWith(QStringLiteral("refused ")) &&
                 closedOut.value(1).contains(QStringLiteral("read-only")),
             qPrintable(closedOut.join(QLatin1Char('|'))));
    QCOMPARE(withShm.value(0), QStringLiteral("read 12 10 10"));
    QVERIFY2(withShm.value(1).contains(QStringLiteral("read-only")), qPrintable(withShm.join(QLatin1Char('|'))));
    QCOMPARE(noShm.value(0), QStringLiteral("read 12 0 0")); // immutable: the WAL's rows are not seen
    QVERIFY2(noShm.value(1).contains(QStringLiteral("read-only")), qPrintable(noShm.join(QLatin1Char('|'))));
    QVERIFY(!QFile::exists(ro + QLatin1Char('/') + noShmName + QStringLiteral(".fanout-shm")));
}

void TestRunFile::closedFileIsOneFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    QString error;
    {
        auto file = RunFile::create(path, someMeta(), &error);
        QVERIFY2(file, qPrintable(error));
        QVERIFY(file->addEntries({target(0, QStringLiteral("https://example.com/"))}));
        QVERIFY(QFile::exists(path + QStringLiteral("-wal"))); // WAL while open
        // A reader meanwhile sees what is committed.
        auto reader = RunFile::open(path, RunFile::Mode::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error));
        QCOMPARE(reader->meta().entries, 1);
    }
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    QVERIFY(!QFile::exists(path + QStringLiteral("-shm")));
    // Reopened for writing: more goes in, WAL again.
    auto file = RunFile::open(path, RunFile::Mode::ReadWrite, &error);
    QVERIFY2(file, qPrintable(error));
    QVERIFY(file->addEntries({target(1, QStringLiteral("https://example.com/1"))}));
    QCOMPARE(file->meta().entries, 2);
    QVERIFY(QFile::exists(path + QStringLiteral("-wal")));
}

void TestRunFile::streams100kRows()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    constexpr int n = 100000;
    makeRun(path, n);
    QString error;
    auto file = RunFile::open(path, RunFile::Mode::ReadOnly, &error);
    QVERIFY2(file, qPrintable(error));
    const qint64 rssBefore = rssKb();
    qint64 rssPeak = rssBefore;
    int count = 0;
    bool inOrder = true;
    QVERIFY(file->forEachResult([&](const CheckResult &r) {
        inOrder = inOrder && r.id == count && r.state == CheckState::Done && r.title.endsWith(QString::number(r.id));
        if (++count % 10000 == 0)
            rssPeak = qMax(rssPeak, rssKb());
        return true;
    }));
    QCOMPARE(count, n);
    QVERIFY(inOrder);
    // A query that cached its rows would hold ~100 MB here (17 columns of 100k rows); a stepped one holds pages.
#if defined(__SANITIZE_ADDRESS__)
    // ASan keeps freed memory in quarantine (256 MB): resident memory cannot tell a stepped query from a cached one.
    qInfo("grew %lld kB (not checked under ASan)", rssPeak - rssBefore);
#else
    QVERIFY2(rssPeak - rssBefore < 40 * 1024, qPrintable(QStringLiteral("grew %1 kB").arg(rssPeak - rssBefore)));
#endif
    // Stops when told.
    count = 0;
    QVERIFY(file->forEachResult([&](const CheckResult &) { return ++count < 10; }));
    QCOMPARE(count, 10);
    count = 0;
    QVERIFY(file->forEachSummary([&](const ResultSummary &s) {
        count += s.state == CheckState::Done ? 1 : 0;
        return true;
    }));
    QCOMPARE(count, n);
    QCOMPARE(file->meta().results, n);
}

void TestRunFile::rangesAndSummaries()
{
    QTemporaryDir dir;
    QString error;
    auto file = RunFile::create(dir.filePath(QStringLiteral("run.fanout")), someMeta(), &error);
    QVERIFY2(file, qPrintable(error));
    QVector<CheckTarget> targets;
    for (int i = 0; i < 20; ++i)
        targets.append(target(i, QStringLiteral("https://example.com/%1").arg(i)));
    targets[3] = target(3, QStringLiteral("mailto:x@y"));
    QVERIFY(file->addEntries(targets));
    for (int i = 0; i < 20; i += 2) {
        CheckResult r = fullResult(targets[i]);
        r.status = i == 4 ? 404 : 200;
        r.error = i == 6 ? QStringLiteral("dns: host not found: x") : QString();
        QVERIFY(file->addResult(r, 1));
    }
    const QVector<CheckResult> page = file->results(5, 9);
    QCOMPARE(page.size(), 5);
    QCOMPARE(page.first().id, 5);
    QCOMPARE(page.first().state, CheckState::Queued);
    QCOMPARE(page[1].state, CheckState::Done);
    QVERIFY(file->results(9, 5).isEmpty());
    QCOMPARE(file->results(15, 100).size(), 5);

    const QVector<ResultSummary> s = file->summaries(0, 19);
    QCOMPARE(s.size(), 20);
    QCOMPARE(s[0].id, 0);
    QVERIFY(s[0].isOk());
    QCOMPARE(s[0].elapsedMs, 4);
    QCOMPARE(s[0].attempts, 3);
    QCOMPARE(s[0].bytes, (qint64(1) << 33));
    QCOMPARE(s[0].line, 1);
    QCOMPARE(s[0].pass, 1);
    QCOMPARE(s[1].state, CheckState::Queued);
    QCOMPARE(s[1].pass, 0);
    QVERIFY(!s[1].isOk() && !s[1].isFailed());
    QVERIFY(s[3].rejected);
    QCOMPARE(s[3].errorCategory, QStringLiteral("scheme"));
    QCOMPARE(s[4].status, 404);
    QVERIFY(s[4].isFailed());
    QCOMPARE(s[6].errorCategory, QStringLiteral("dns"));
    QVERIFY(s[6].isFailed());
}

void TestRunFile::refuses_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing") << "missing"
                             << "no such file";
    QTest::newRow("folder") << "folder"
                            << "folder";
    QTest::newRow("empty") << "empty"
                           << "is empty";
    QTest::newRow("random bytes") << "random"
                                  << "not an SQLite database";
    QTest::newRow("text") << "text"
                          << "not an SQLite database";
    QTest::newRow("plain sqlite") << "plain"
                                  << "SQLite database but not a Fanout run file";
    QTest::newRow("run id, no tables") << "idonly"
                                       << "not a Fanout run file";
    QTest::newRow("future schema") << "future"
                                   << "made by a newer Fanout (schema 99)";
    QTest::newRow("schema 0") << "schema0"
                              << "not a Fanout run file";
    QTest::newRow("wrong format") << "format"
                                  << "not a Fanout run file (format 'other')";
    QTest::newRow("header only") << "header"
                                 << "truncated";
}

void TestRunFile::refuses()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("in.fanout"));
    if (kind == QLatin1String("folder")) {
        QVERIFY(QDir().mkpath(path));
    } else if (kind == QLatin1String("empty")) {
        writeAll(path, {});
    } else if (kind == QLatin1String("random")) {
        QByteArray bytes(8192, Qt::Uninitialized);
        QRandomGenerator rng(7);
        for (char &c : bytes)
            c = char(rng.bounded(256));
        writeAll(path, bytes);
    } else if (kind == QLatin1String("text")) {
        writeAll(path, "https://example.com/\nhttps://example.org/\n");
    } else if (kind == QLatin1String("plain")) {
        makeSqlite(path, {QStringLiteral("CREATE TABLE t(x)"), QStringLiteral("INSERT INTO t VALUES(1)")});
    } else if (kind == QLatin1String("idonly")) {
        makeSqlite(path, {QStringLiteral("PRAGMA application_id=%1").arg(RunFile::ApplicationId),
                          QStringLiteral("PRAGMA user_version=1"), QStringLiteral("CREATE TABLE meta(key, value)")});
    } else if (kind == QLatin1String("future")) {
        makeRun(path, 3);
        execOn(path, QStringLiteral("PRAGMA user_version=99"));
    } else if (kind == QLatin1String("schema0")) {
        makeRun(path, 3);
        execOn(path, QStringLiteral("PRAGMA user_version=0"));
    } else if (kind == QLatin1String("format")) {
        makeRun(path, 3);
        execOn(path, QStringLiteral("UPDATE meta SET value='other' WHERE key='format'"));
    } else if (kind == QLatin1String("header")) {
        writeAll(path, QByteArray("SQLite format 3\0\x10\x00", 18));
    }
    for (RunFile::Mode mode : {RunFile::Mode::ReadOnly, RunFile::Mode::ReadWrite}) {
        QString error;
        QVERIFY(!RunFile::open(path, mode, &error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }
    if (kind != QLatin1String("missing") && kind != QLatin1String("folder"))
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal"))); // refusing wrote nothing
}

void TestRunFile::truncatedCopies()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    makeRun(path, 2000);
    const QByteArray whole = readAll(path);
    QVERIFY(whole.size() > 64 * 1024);
    const QList<qsizetype> cuts = {1,
                                   15,
                                   16,
                                   17,
                                   99,
                                   100,
                                   101,
                                   4095,
                                   4096,
                                   4097,
                                   8192,
                                   whole.size() / 3,
                                   whole.size() / 2,
                                   whole.size() - 4096,
                                   whole.size() - 100,
                                   whole.size() - 1};
    for (qsizetype cut : cuts) {
        const QString copy = dir.filePath(QStringLiteral("cut-%1.fanout").arg(cut));
        writeAll(copy, whole.left(cut));
        QString error;
        auto file = RunFile::open(copy, RunFile::Mode::ReadOnly, &error);
        // Refused cleanly, naming the file (or, were it ever opened, read through without a crash).
        if (!file) {
            QVERIFY2(error.contains(copy), qPrintable(error));
            QVERIFY2(error.contains(QStringLiteral("truncated")) || error.contains(QStringLiteral("damaged")) ||
                         error.contains(QStringLiteral("not")),
                     qPrintable(error));
            continue;
        }
        int rows = 0;
        file->forEachResult([&](const CheckResult &) { return ++rows > 0; });
        QFAIL(qPrintable(QStringLiteral("a copy cut at %1 of %2 bytes opened").arg(cut).arg(whole.size())));
    }
}

// A file copied while being written, with its WAL cut anywhere: SQLite ignores a torn last frame, so the copy
// opens with a committed prefix of the rows.
void TestRunFile::truncatedWal()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    QString error;
    auto writer = RunFile::create(path, someMeta(), &error);
    QVERIFY2(writer, qPrintable(error));
    QVector<CheckTarget> targets;
    for (int i = 0; i < 300; ++i)
        targets.append(target(i, QStringLiteral("https://example.com/%1").arg(i)));
    QVERIFY(writer->addEntries(targets));
    for (int batch = 0; batch < 30; ++batch) {
        QVERIFY(writer->beginBatch());
        for (int i = batch * 10; i < batch * 10 + 10; ++i)
            QVERIFY(writer->addResult(fullResult(targets[i]), 1));
        QVERIFY(writer->commit());
    }
    const QByteArray main = readAll(path);
    const QByteArray wal = readAll(path + QStringLiteral("-wal"));
    QVERIFY(wal.size() > 4096);
    int lastRows = -1;
    for (int step = 0; step <= 20; ++step) {
        const qsizetype cut = wal.size() * step / 20;
        const QString copy = dir.filePath(QStringLiteral("copy-%1.fanout").arg(step));
        writeAll(copy, main);
        writeAll(copy + QStringLiteral("-wal"), wal.left(cut));
        auto file = RunFile::open(copy, RunFile::Mode::ReadOnly, &error);
        if (!file) {
            // Only the main file's own state may be refused (a WAL cut in its header leaves the bare main file).
            QVERIFY2(error.contains(copy), qPrintable(error));
            continue;
        }
        int rows = 0;
        QVERIFY(file->forEachResult([&](const CheckResult &r) {
            if (r.isDone()) {
                ++rows;
                compareResults(r, fullResult(targets[r.id]));
            }
            return true;
        }));
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(rows % 10, 0); // whole batches only
        QVERIFY(rows >= lastRows);
        lastRows = rows;
    }
    QCOMPARE(lastRows, 300);
}

void TestRunFile::garbagePages()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.fanout"));
    makeRun(path, 3000);
    const QByteArray whole = readAll(path);
    const int pageSize = 4096;
    const int pages = int(whole.size() / pageSize);
    QVERIFY(pages > 20);
    QRandomGenerator rng(42);
    int refused = 0;
    int tried = 0;
    for (int page : {0, 1, 2, 3, pages / 4, pages / 2, pages - 2, pages - 1}) {
        QByteArray bytes = whole;
        // Page 1 keeps its 100-byte file header: the damage is inside, where only SQLite can see it.
        const int from = page * pageSize + (page == 0 ? 100 : 0);
        for (int i = from; i < (page + 1) * pageSize; ++i)
            bytes[i] = char(rng.bounded(256));
        const QString copy = dir.filePath(QStringLiteral("garbage-%1.fanout").arg(page));
        writeAll(copy, bytes);
        ++tried;
        QString error;
        auto file = RunFile::open(copy, RunFile::Mode::ReadOnly, &error);
        if (!file) {
            ++refused;
            QVERIFY2(error.contains(copy), qPrintable(error));
            continue;
        }
        // Opened (damage quick_check cannot see, e.g. inside a cell's text): reading must still be safe.
        file->forEachResult([](const CheckResult &) { return true; });
        file->meta();
    }
    QVERIFY2(refused >= tried - 1, qPrintable(QStringLiteral("%1 of %2 refused").arg(refused).arg(tried)));
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--read-only-child") == 0)
        return readOnlyChild(QString::fromLocal8Bit(argv[2]));
    TestRunFile test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_runfile.moc"
