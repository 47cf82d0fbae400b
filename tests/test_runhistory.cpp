#include "engine/checkresult.h"
#include "io/resultwriter.h"
#include "store/runhistory.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Fanout;

namespace {

RunRecord record(const QString &label, qint64 wall, qint64 sum, int cap = 4)
{
    RunRecord r;
    r.when = QDateTime(QDate(2024, 5, 17), QTime(10, 20, 30, 456), Qt::UTC);
    r.listName = QStringLiteral("urls.txt");
    r.urlCount = 10;
    r.cap = cap;
    r.wallMs = wall;
    r.sumMs = sum;
    r.speedUp = wall > 0 ? double(sum) / double(wall) : 0;
    r.ok = 8;
    r.failed = 2;
    r.label = label;
    return r;
}

CheckResult done(int id, qint64 started, qint64 finished, int status, const QString &error = {})
{
    CheckResult r;
    r.id = id;
    r.state = CheckState::Done;
    r.status = status;
    r.error = error;
    r.timings.startedMs = started;
    r.timings.finishedMs = finished;
    return r;
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace

class TestRunHistory : public QObject
{
    Q_OBJECT

private slots:
    void roundTripThroughFile();
    void missingFileIsEmpty();
    void corruptFileStartsEmptyWithBackup_data();
    void corruptFileStartsEmptyWithBackup();
    void badRecordsAreSkippedAndReported();
    void recordValidation_data();
    void recordValidation();
    void boundedToMaxRuns();
    void removeAndClear();
    void unwritablePathReportsError();
    void memoryOnlyHistory();
    void fromResultsUsesRunStats();
    void stoppedRunCountsCancelledApart();
    void defaultLabels_data();
    void defaultLabels();
    void csvExport();
    void csvExportToFile();
};

void TestRunHistory::roundTripThroughFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("sub/history.json")); // folder is created on save
    {
        RunHistory history(path);
        QVERIFY(history.load());
        QSignalSpy changed(&history, &RunHistory::changed);
        history.add(record(QStringLiteral("sequential"), 5000, 5000, 1));
        RunRecord second = record(QStringLiteral("cap 5"), 1010, 5003, 5);
        second.cancelled = true;
        second.listName = QStringLiteral("Demo: 5 URLs × 1 s — 中文");
        history.add(second);
        QCOMPARE(changed.count(), 2);
        QVERIFY(QFile::exists(path));
    }
    RunHistory reloaded(path);
    QVERIFY2(reloaded.load(), qPrintable(reloaded.lastError()));
    QVERIFY(reloaded.lastError().isEmpty());
    QCOMPARE(reloaded.count(), 2);
    QCOMPARE(reloaded.at(0), record(QStringLiteral("sequential"), 5000, 5000, 1));
    QCOMPARE(reloaded.at(1).listName, QStringLiteral("Demo: 5 URLs × 1 s — 中文"));
    QVERIFY(reloaded.at(1).cancelled);
    QCOMPARE(reloaded.at(1).wallMs, 1010);
    QCOMPARE(reloaded.at(1).sumMs, 5003);
    QCOMPARE(reloaded.at(1).when.timeSpec(), Qt::UTC);
    QCOMPARE(reloaded.at(1).when, QDateTime(QDate(2024, 5, 17), QTime(10, 20, 30, 456), Qt::UTC));
}

void TestRunHistory::missingFileIsEmpty()
{
    QTemporaryDir dir;
    RunHistory history(dir.filePath(QStringLiteral("none.json")));
    QVERIFY(history.load());
    QCOMPARE(history.count(), 0);
    QVERIFY(history.lastError().isEmpty());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("none.json.bak"))));
}

void TestRunHistory::corruptFileStartsEmptyWithBackup_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    QTest::newRow("garbage") << QByteArray("\x01\x02not json{{") << QStringLiteral("JSON error");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("JSON error");
    QTest::newRow("truncated") << QByteArray(R"({"format":"fanout-run-history","runs":[{"when":)")
                               << QStringLiteral("JSON error");
    QTest::newRow("array") << QByteArray("[1,2,3]") << QStringLiteral("not an object");
    QTest::newRow("foreign") << QByteArray(R"({"hello":"world"})") << QStringLiteral("not a Fanout run history");
    QTest::newRow("runs not array") << QByteArray(R"({"format":"fanout-run-history","runs":{}})")
                                    << QStringLiteral("'runs' is not an array");
}

void TestRunHistory::corruptFileStartsEmptyWithBackup()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.json"));
    writeFile(path, content);

    RunHistory history(path);
    QSignalSpy errors(&history, &RunHistory::errorOccurred);
    QVERIFY(!history.load());
    QCOMPARE(history.count(), 0);
    QCOMPARE(errors.count(), 1);
    QVERIFY2(history.lastError().contains(reason), qPrintable(history.lastError()));
    QVERIFY(history.lastError().contains(QStringLiteral("history.json.bak")));
    QCOMPARE(readFile(path + QStringLiteral(".bak")), content);

    // The next save replaces the bad file with a good one; the backup stays.
    history.add(record(QStringLiteral("cap 2"), 100, 180, 2));
    RunHistory again(path);
    QVERIFY(again.load());
    QCOMPARE(again.count(), 1);
    QCOMPARE(readFile(path + QStringLiteral(".bak")), content);
}

void TestRunHistory::badRecordsAreSkippedAndReported()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.json"));
    QVector<RunRecord> good{record(QStringLiteral("a"), 10, 20), record(QStringLiteral("b"), 30, 40)};
    QJsonDocument doc = QJsonDocument::fromJson(RunHistory::toJson(good));
    QJsonObject root = doc.object();
    QJsonArray runs = root.value(QLatin1String("runs")).toArray();
    runs.insert(1, QStringLiteral("not an object"));
    QJsonObject broken = good.first().toJson();
    broken.insert(QLatin1String("wallMs"), -5);
    runs.append(broken);
    root.insert(QLatin1String("runs"), runs);
    writeFile(path, QJsonDocument(root).toJson());

    RunHistory history(path);
    QSignalSpy errors(&history, &RunHistory::errorOccurred);
    QVERIFY(history.load());
    QCOMPARE(history.count(), 2);
    QCOMPARE(history.at(0).label, QStringLiteral("a"));
    QCOMPARE(history.at(1).label, QStringLiteral("b"));
    QCOMPARE(errors.count(), 1);
    QVERIFY2(history.lastError().contains(QStringLiteral("2 unreadable run(s) skipped")),
             qPrintable(history.lastError()));
    QVERIFY(history.lastError().contains(QStringLiteral("run 2: not an object")));
}

void TestRunHistory::recordValidation_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("good") << QString() << QJsonValue() << true;
    QTest::newRow("no when") << QStringLiteral("when") << QJsonValue(QJsonValue::Undefined) << false;
    QTest::newRow("bad when") << QStringLiteral("when") << QJsonValue(QStringLiteral("yesterday")) << false;
    QTest::newRow("negative wall") << QStringLiteral("wallMs") << QJsonValue(-1) << false;
    QTest::newRow("fraction cap") << QStringLiteral("cap") << QJsonValue(2.5) << false;
    QTest::newRow("string ok") << QStringLiteral("ok") << QJsonValue(QStringLiteral("8")) << false;
    QTest::newRow("huge urls") << QStringLiteral("urls") << QJsonValue(1e12) << false;
    QTest::newRow("no speedUp is derived") << QStringLiteral("speedUp") << QJsonValue(QJsonValue::Undefined) << true;
    QTest::newRow("no label is derived") << QStringLiteral("label") << QJsonValue(QJsonValue::Undefined) << true;
}

void TestRunHistory::recordValidation()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QFETCH(bool, valid);
    QJsonObject o = record(QString(), 2000, 5000, 3).toJson();
    if (!key.isEmpty()) {
        if (value.isUndefined())
            o.remove(key);
        else
            o.insert(key, value);
    }
    RunRecord r;
    QString why;
    QCOMPARE(RunRecord::fromJson(o, &r, &why), valid);
    QCOMPARE(why.isEmpty(), valid);
    if (valid) {
        QCOMPARE(r.wallMs, 2000);
        QCOMPARE(r.speedUp, 2.5);
        QCOMPARE(r.label, QStringLiteral("cap 3"));
    } else {
        QVERIFY2(key == QLatin1String("urls") || why.contains(key), qPrintable(why));
    }
}

void TestRunHistory::boundedToMaxRuns()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.json"));
    RunHistory history(path);
    history.setMaxRuns(3);
    for (int i = 1; i <= 5; ++i)
        history.add(record(QStringLiteral("run %1").arg(i), i * 100, i * 200));
    QCOMPARE(history.count(), 3);
    QCOMPARE(history.at(0).label, QStringLiteral("run 3"));
    QCOMPARE(history.at(2).label, QStringLiteral("run 5"));

    RunHistory reloaded(path);
    reloaded.setMaxRuns(2); // a smaller bound applies to what is read
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.count(), 2);
    QCOMPARE(reloaded.at(0).label, QStringLiteral("run 4"));

    history.setMaxRuns(1);
    QCOMPARE(history.count(), 1);
    QCOMPARE(history.at(0).label, QStringLiteral("run 5"));
    QCOMPARE(RunHistory(path).maxRuns(), RunHistory::DefaultMaxRuns);
}

void TestRunHistory::removeAndClear()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.json"));
    RunHistory history(path);
    for (int i = 0; i < 5; ++i)
        history.add(record(QStringLiteral("r%1").arg(i), 10, 10));
    history.remove({3, 1, 1, 99, -1}); // duplicates and out-of-range indices are ignored
    QCOMPARE(history.count(), 3);
    QCOMPARE(history.at(0).label, QStringLiteral("r0"));
    QCOMPARE(history.at(1).label, QStringLiteral("r2"));
    QCOMPARE(history.at(2).label, QStringLiteral("r4"));
    RunHistory reloaded(path);
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.count(), 3);

    history.clear();
    QCOMPARE(history.count(), 0);
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.count(), 0);
}

void TestRunHistory::unwritablePathReportsError()
{
    QTemporaryDir dir;
    const QString blocker = dir.filePath(QStringLiteral("plainfile"));
    writeFile(blocker, "x");
    // A regular file where a folder should be: the folder cannot be made, even for root.
    RunHistory history(blocker + QStringLiteral("/history.json"));
    QSignalSpy errors(&history, &RunHistory::errorOccurred);
    history.add(record(QStringLiteral("a"), 1, 1));
    QCOMPARE(history.count(), 1); // kept in memory
    QCOMPARE(errors.count(), 1);
    QVERIFY2(history.lastError().contains(QStringLiteral("plainfile")), qPrintable(history.lastError()));
    QVERIFY(!history.save());
}

void TestRunHistory::memoryOnlyHistory()
{
    RunHistory history;
    QVERIFY(history.load());
    history.add(record(QStringLiteral("a"), 1, 1));
    QVERIFY(history.save());
    QCOMPARE(history.count(), 1);
    QVERIFY(history.lastError().isEmpty());
}

void TestRunHistory::fromResultsUsesRunStats()
{
    // Tasks A 2 s, B 1 s, C 3 s run concurrently: wall 3 s, one at a time 6 s.
    QVector<CheckResult> results{done(0, 0, 2000, 200), done(1, 0, 1000, 404), done(2, 0, 3000, 200)};
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const RunRecord r = RunRecord::fromResults(results, 3005, 3, QStringLiteral("abc"), false);
    QVERIFY(r.when >= before.addSecs(-1));
    QCOMPARE(r.when.timeSpec(), Qt::UTC);
    QCOMPARE(r.listName, QStringLiteral("abc"));
    QCOMPARE(r.urlCount, 3);
    QCOMPARE(r.cap, 3);
    QCOMPARE(r.wallMs, 3005);
    QCOMPARE(r.sumMs, 6000);
    QCOMPARE(r.ok, 2);
    QCOMPARE(r.failed, 1);
    QVERIFY(qAbs(r.speedUp - 6000.0 / 3005.0) < 1e-9);
    QCOMPARE(r.label, QStringLiteral("cap 3"));

    const RunRecord seq = RunRecord::fromResults(results, 6010, 1, QStringLiteral("abc"), true, QStringLiteral("mine"));
    QCOMPARE(seq.label, QStringLiteral("mine"));
    QVERIFY(seq.cancelled);
    QCOMPARE(seq.cancelledUrls, 0);
    const RunRecord empty = RunRecord::fromResults({}, 0, 8, QStringLiteral("none"), false);
    QCOMPARE(empty.speedUp, 0.0);
    QCOMPARE(empty.urlCount, 0);
}

void TestRunHistory::stoppedRunCountsCancelledApart()
{
    // Stopped after 1 s: A (200, 600 ms) and B (404, 400 ms) answered; C was cut after 900 ms in flight and D
    // never started. C and D are cancelled: not failed, and C's 900 ms is not time a serial loop would spend
    // on what finished (600 + 400 = 1000 ms over 1000 ms: 1.0x, not 1.9x).
    QVector<CheckResult> results{done(0, 0, 600, 200), done(1, 0, 400, 404), done(2, 100, 1000, 0),
                                 done(3, -1, 1000, 0)};
    results[2].error = QStringLiteral("cancelled: stopped while checking");
    results[3].error = QStringLiteral("cancelled: stopped before it was checked");
    const RunRecord r = RunRecord::fromResults(results, 1000, 2, QStringLiteral("abcd"), true);
    QCOMPARE(r.urlCount, 4);
    QCOMPARE(r.ok, 1);
    QCOMPARE(r.failed, 1);
    QCOMPARE(r.cancelledUrls, 2);
    QCOMPARE(r.sumMs, 1000);
    QCOMPARE(r.speedUp, 1.0);
    QVERIFY(r.cancelled);

    // Kept across a save and a load; a record written before the field existed reads as 0.
    RunRecord back;
    QString why;
    QVERIFY2(RunRecord::fromJson(r.toJson(), &back, &why), qPrintable(why));
    QCOMPARE(back.cancelledUrls, 2);
    QVERIFY(back == r);
    QJsonObject old = r.toJson();
    old.remove(QStringLiteral("cancelledUrls"));
    QVERIFY2(RunRecord::fromJson(old, &back, &why), qPrintable(why));
    QCOMPARE(back.cancelledUrls, 0);
    old.insert(QStringLiteral("cancelledUrls"), -1);
    QVERIFY(!RunRecord::fromJson(old, &back, &why));
}

void TestRunHistory::defaultLabels_data()
{
    QTest::addColumn<int>("cap");
    QTest::addColumn<QString>("label");
    QTest::newRow("1") << 1 << QStringLiteral("sequential");
    QTest::newRow("2") << 2 << QStringLiteral("cap 2");
    QTest::newRow("64") << 64 << QStringLiteral("cap 64");
}

void TestRunHistory::defaultLabels()
{
    QFETCH(int, cap);
    QFETCH(QString, label);
    QCOMPARE(RunRecord::defaultLabel(cap), label);
}

void TestRunHistory::csvExport()
{
    RunRecord a = record(QStringLiteral("sequential"), 5000, 5000, 1);
    RunRecord b = record(QStringLiteral("cap 5, fast"), 1000, 5000, 5);
    b.listName = QStringLiteral("=HYPERLINK(\"http://evil\")");
    b.cancelled = true;
    b.cancelledUrls = 3;
    const QByteArray csv = RunHistory::toCsv({a, b});
    QVERIFY(csv.startsWith("\xEF\xBB\xBF"));
    QVERIFY(!RunHistory::toCsv({a}, false).startsWith("\xEF\xBB\xBF"));
    const QStringList lines = QString::fromUtf8(csv.mid(3)).split(QStringLiteral("\r\n"));
    QCOMPARE(lines.size(), 4); // header, 2 runs, empty after the last CRLF
    QCOMPARE(lines.at(0), RunHistory::csvColumns().join(QLatin1Char(',')));
    QCOMPARE(lines.at(1),
             QStringLiteral("2024-05-17T10:20:30.456Z,urls.txt,sequential,10,1,5000,5000,1.00,8,2,false,0"));
    const QString expected = ResultWriter::csvTextCell(b.listName) + QLatin1Char(',') +
                             ResultWriter::csvTextCell(b.label) + QStringLiteral(",10,5,1000,5000,5.00,8,2,true,3");
    QCOMPARE(lines.at(2), QStringLiteral("2024-05-17T10:20:30.456Z,") + expected);
    // The formula is defused and the comma in the label is quoted.
    QVERIFY(!lines.at(2).contains(QStringLiteral(",=HYPERLINK")));
    QVERIFY(lines.at(2).contains(QStringLiteral("'=HYPERLINK")));
    QVERIFY(lines.at(2).contains(QStringLiteral("\"cap 5, fast\"")));
    QCOMPARE(lines.at(3), QString());
}

void TestRunHistory::csvExportToFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("runs.csv"));
    QString error;
    QVERIFY(RunHistory::exportCsv(path, {record(QStringLiteral("x"), 1, 2)}, &error));
    QVERIFY(error.isEmpty());
    QCOMPARE(readFile(path), RunHistory::toCsv({record(QStringLiteral("x"), 1, 2)}));
    QVERIFY(!RunHistory::exportCsv(dir.filePath(QStringLiteral("missing/dir/runs.csv")), {}, &error));
    QVERIFY2(error.contains(QStringLiteral("runs.csv")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestRunHistory)
#include "test_runhistory.moc"
