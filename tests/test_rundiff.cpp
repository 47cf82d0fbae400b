#include "cli/runcommands.h"
#include "runfixture.h"
#include "store/rundiff.h"
#include "strictcsv.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Fanout;
using namespace FanoutTest;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

struct Collected
{
    QVector<DiffRow> rows;
    DiffSummary summary;
    QStringList warnings;
    QString error;
    bool ok = false;
};

Collected diff(const QString &oldPath, const QString &newPath)
{
    Collected c;
    c.ok = RunDiff::compare(
        oldPath, newPath,
        [&](const DiffRow &row) {
            c.rows.append(row);
            return true;
        },
        &c.summary, &c.error, &c.warnings);
    return c;
}

// OLD and NEW runs of one list that covers every kind of change; NEW's order differs from OLD's.
CraftedRun oldRun()
{
    CraftedRun r;
    r.lines = {QStringLiteral("http://same.test/"),      QStringLiteral("http://removed1.test/"),
               QStringLiteral("http://nf.test/"),        QStringLiteral("http://fixed.test/"),
               QStringLiteral("http://status.test/"),    QStringLiteral("http://category.test/"),
               QStringLiteral("http://samecat.test/"),   QStringLiteral("http://redirect.test/"),
               QStringLiteral("http://title.test/"),     QStringLiteral("http://unchecked.test/"),
               QStringLiteral("http://cancelled.test/"), QStringLiteral("not a url"),
               QStringLiteral("HTTP://NF2.test/"),       QStringLiteral("http://removed2.test/")};
    r.outcomes = {
        {QStringLiteral("http://same.test/"), ok(QStringLiteral("Same"))},
        {QStringLiteral("http://removed1.test/"), ok()},
        {QStringLiteral("http://nf.test/"), ok(QStringLiteral("Was fine"))},
        {QStringLiteral("http://fixed.test/"), failure(QStringLiteral("timeout: no answer within 10 s"))},
        {QStringLiteral("http://status.test/"), http(404)},
        {QStringLiteral("http://category.test/"), failure(QStringLiteral("dns: host not found: category.test"))},
        {QStringLiteral("http://samecat.test/"), failure(QStringLiteral("timeout: no answer within 10 s"))},
        {QStringLiteral("http://redirect.test/"), ok({}, QStringLiteral("https://redirect.test/a"))},
        {QStringLiteral("http://title.test/"), ok(QStringLiteral("Old title"))},
        {QStringLiteral("http://unchecked.test/"), ok()},
        {QStringLiteral("http://cancelled.test/"), ok()},
        {QStringLiteral("not a url"), failure({})},
        {QStringLiteral("HTTP://NF2.test/"), ok()},
        {QStringLiteral("http://removed2.test/"), http(500)},
    };
    return r;
}

CraftedRun newRun()
{
    CraftedRun r;
    r.lines = {QStringLiteral("http://added.test/"),
               QStringLiteral("http://title.test/"),
               QStringLiteral("http://fixed.test/"),
               QStringLiteral("http://nf2.test/"),
               QStringLiteral("http://same.test/"),
               QStringLiteral("http://status.test/"),
               QStringLiteral("http://category.test/"),
               QStringLiteral("http://samecat.test/"),
               QStringLiteral("http://redirect.test/"),
               QStringLiteral("http://unchecked.test/"),
               QStringLiteral("http://cancelled.test/"),
               QStringLiteral("not a url"),
               QStringLiteral("bad thing"),
               QStringLiteral("http://nf.test/")};
    r.outcomes = {
        {QStringLiteral("http://added.test/"), ok()},
        {QStringLiteral("http://title.test/"), ok(QStringLiteral("=HYPERLINK(\"x\") new, \"quoted\""))},
        {QStringLiteral("http://fixed.test/"), ok(QStringLiteral("Back"))},
        {QStringLiteral("http://nf2.test/"), failure(QStringLiteral("refused: connection refused by nf2.test:80"))},
        {QStringLiteral("http://same.test/"), ok(QStringLiteral("Same"))},
        {QStringLiteral("http://status.test/"), http(410)},
        {QStringLiteral("http://category.test/"), failure(QStringLiteral("refused: connection refused"))},
        {QStringLiteral("http://samecat.test/"), failure(QStringLiteral("timeout: no answer within 5 s"))},
        {QStringLiteral("http://redirect.test/"), ok({}, QStringLiteral("https://redirect.test/b"))},
        // unchecked.test: no result (the run was interrupted before it)
        {QStringLiteral("http://cancelled.test/"),
         failure(QStringLiteral("cancelled: stopped by the user before it was checked"))},
        {QStringLiteral("not a url"), failure({})},
        {QStringLiteral("bad thing"), failure({})},
        {QStringLiteral("http://nf.test/"), http(503, QStringLiteral("Down"))},
    };
    r.state = RunState::Cancelled;
    return r;
}

} // namespace

class TestRunDiff : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_old = m_dir->filePath(QStringLiteral("old.fanout"));
        m_new = m_dir->filePath(QStringLiteral("new.fanout"));
    }

    void classifyRules()
    {
        RunDiff::Side a{true, true, 200, QStringLiteral("t"), QStringLiteral("http://x/"), {}};
        RunDiff::Side b = a;
        DiffChange change = DiffChange::Added;
        QVERIFY(!RunDiff::classify(a, b, &change));
        b.status = 399; // still OK: status differs
        QVERIFY(RunDiff::classify(a, b, &change));
        QCOMPARE(change, DiffChange::Status);
        b.status = 400;
        QVERIFY(RunDiff::classify(a, b, &change));
        QCOMPARE(change, DiffChange::NewFailure);
        QVERIFY(RunDiff::classify(b, a, &change));
        QCOMPARE(change, DiffChange::Fixed);
        b = a;
        b.title = QStringLiteral("u");
        b.finalUrl = QStringLiteral("http://y/"); // both differ: redirect comes first
        QVERIFY(RunDiff::classify(a, b, &change));
        QCOMPARE(change, DiffChange::Redirect);
        b.hasVerdict = false;
        QVERIFY(RunDiff::classify(a, b, &change));
        QCOMPARE(change, DiffChange::Unchecked);
        QVERIFY(RunDiff::classify(RunDiff::Side(), a, &change));
        QCOMPARE(change, DiffChange::Added);
        QVERIFY(RunDiff::classify(a, RunDiff::Side(), &change));
        QCOMPARE(change, DiffChange::Removed);
        QVERIFY(!RunDiff::classify(RunDiff::Side(), RunDiff::Side(), &change));
    }

    void everyKindInOrder()
    {
        QCOMPARE(writeRun(m_old, oldRun()), QString());
        QCOMPARE(writeRun(m_new, newRun()), QString());
        const Collected c = diff(m_old, m_new);
        QVERIFY2(c.ok, qPrintable(c.error));

        QStringList got;
        for (const DiffRow &row : c.rows)
            got.append(diffChangeName(row.change) + u' ' + row.url);
        const QStringList expected = {
            // new failures first, in NEW's order; bare/upper-case "HTTP://NF2.test" matched its normalised form
            QStringLiteral("new-failure http://nf2.test/"),
            QStringLiteral("new-failure http://nf.test/"),
            // then every other change in NEW's order
            QStringLiteral("added http://added.test/"),
            QStringLiteral("title http://title.test/"),
            QStringLiteral("fixed http://fixed.test/"),
            QStringLiteral("status http://status.test/"),
            QStringLiteral("status http://category.test/"),
            QStringLiteral("redirect http://redirect.test/"),
            QStringLiteral("unchecked http://unchecked.test/"),
            QStringLiteral("unchecked http://cancelled.test/"),
            QStringLiteral("added bad thing"),
            // then the removed ones in OLD's order
            QStringLiteral("removed http://removed1.test/"),
            QStringLiteral("removed http://removed2.test/"),
        };
        QCOMPARE(got, expected);

        QCOMPARE(c.summary.count(DiffChange::NewFailure), 2);
        QCOMPARE(c.summary.count(DiffChange::Fixed), 1);
        QCOMPARE(c.summary.count(DiffChange::Status), 2);
        QCOMPARE(c.summary.count(DiffChange::Redirect), 1);
        QCOMPARE(c.summary.count(DiffChange::Title), 1);
        QCOMPARE(c.summary.count(DiffChange::Added), 2);
        QCOMPARE(c.summary.count(DiffChange::Removed), 2);
        QCOMPARE(c.summary.count(DiffChange::Unchecked), 2);
        QCOMPARE(c.summary.changed(), 13);
        QCOMPARE(c.summary.unchanged, 3); // same.test, samecat.test (same category), "not a url"
        QCOMPARE(c.summary.oldEntries, 14);
        QCOMPARE(c.summary.newEntries, 14);
        // NEW was stopped: the note says why some rows are "unchecked"
        QVERIFY2(c.warnings.join(u'\n').contains(QStringLiteral("NEW run was stopped")),
                 qPrintable(c.warnings.join(u'\n')));

        const DiffRow &nf = c.rows.at(1);
        QCOMPARE(nf.oldStatus, 200);
        QCOMPARE(nf.newStatus, 503);
        QCOMPARE(nf.oldTitle, QStringLiteral("Was fine"));
        QCOMPARE(nf.newTitle, QStringLiteral("Down"));
        QCOMPARE(nf.oldLine, 3);
        QCOMPARE(nf.newLine, 14);
        const DiffRow &nf2 = c.rows.at(0);
        QCOMPARE(nf2.newStatus, 0);
        QCOMPARE(nf2.newError, QStringLiteral("refused: connection refused by nf2.test:80"));
        const DiffRow &redirect = c.rows.at(7);
        QCOMPARE(redirect.oldFinalUrl, QStringLiteral("https://redirect.test/a"));
        QCOMPARE(redirect.newFinalUrl, QStringLiteral("https://redirect.test/b"));
        const DiffRow &unchecked = c.rows.at(8);
        QCOMPARE(unchecked.oldStatus, 200);
        QCOMPARE(unchecked.newStatus, 0);
        const DiffRow &bad = c.rows.at(10);
        QVERIFY2(bad.newError.startsWith(QStringLiteral("invalid: ")), qPrintable(bad.newError));
        QCOMPARE(bad.oldLine, 0);
    }

    // Rejected lines pair up by text and occurrence: two identical bad lines in OLD, one in NEW.
    void rejectedLinesMatchByText()
    {
        CraftedRun o;
        o.lines = {QStringLiteral("oops"), QStringLiteral("http://a.test/"), QStringLiteral("oops")};
        o.outcomes = {{QStringLiteral("http://a.test/"), ok()}};
        CraftedRun n;
        n.lines = {QStringLiteral("http://a.test/"), QStringLiteral("oops")};
        n.outcomes = {{QStringLiteral("http://a.test/"), ok()}};
        QCOMPARE(writeRun(m_old, o), QString());
        QCOMPARE(writeRun(m_new, n), QString());
        const Collected c = diff(m_old, m_new);
        QVERIFY2(c.ok, qPrintable(c.error));
        QCOMPARE(c.rows.size(), 1);
        QCOMPARE(c.rows.at(0).change, DiffChange::Removed);
        QCOMPARE(c.rows.at(0).url, QStringLiteral("oops"));
        QCOMPARE(c.rows.at(0).oldLine, 3); // the second "oops" is the one NEW no longer has
        QCOMPARE(c.summary.unchanged, 2);
    }

    void csvAndJsonWriters()
    {
        QCOMPARE(writeRun(m_old, oldRun()), QString());
        QCOMPARE(writeRun(m_new, newRun()), QString());
        const QString csvPath = m_dir->filePath(QStringLiteral("diff.csv"));
        const QString jsonPath = m_dir->filePath(QStringLiteral("diff.jsonl"));
        QStringList messages;
        CommandIo io;
        io.message = [&](const QString &m) {
            messages.append(m);
        };

        DiffCommand command;
        command.oldPath = m_old;
        command.newPath = m_new;
        command.output = csvPath;
        QCOMPARE(runDiffCommand(command, io), 1); // new failures: exit status 1
        const QByteArray csv = readFile(csvPath);
        QVERIFY(csv.startsWith("\xEF\xBB\xBF"));
        bool strict = false;
        const QVector<QStringList> records = parseStrictCsv(csv, &strict);
        QVERIFY(strict);
        QCOMPARE(records.size(), 14);
        QCOMPARE(records.at(0), DiffWriter::columns());
        QCOMPARE(records.at(0).join(u','), QStringLiteral("url,change,old_status,new_status,old_title,new_title,"
                                                          "old_final_url,new_final_url,old_error,new_error"));
        QCOMPARE(records.at(1).at(0), QStringLiteral("http://nf2.test/"));
        QCOMPARE(records.at(1).at(1), QStringLiteral("new-failure"));
        QCOMPARE(records.at(1).at(2), QStringLiteral("200"));
        QCOMPARE(records.at(1).at(3), QString()); // no status: empty cell
        const QStringList title = records.at(4);
        QCOMPARE(title.at(1), QStringLiteral("title"));
        // formula-safe exactly as ResultWriter makes a cell
        QCOMPARE(title.at(5), QStringLiteral("'=HYPERLINK(\"x\") new, \"quoted\""));
        QVERIFY2(messages.join(QString()).contains(QStringLiteral("2 new failures")),
                 qPrintable(messages.join(QString())));

        command.output = jsonPath;
        QCOMPARE(runDiffCommand(command, io), 1);
        const QList<QByteArray> lines = readFile(jsonPath).split('\n');
        QCOMPARE(lines.size(), 14); // 13 rows and the empty piece after the last LF
        QVERIFY(lines.last().isEmpty());
        QJsonParseError perr;
        const QJsonObject first = QJsonDocument::fromJson(lines.at(0), &perr).object();
        QCOMPARE(perr.error, QJsonParseError::NoError);
        QCOMPARE(first.value(QStringLiteral("change")).toString(), QStringLiteral("new-failure"));
        QVERIFY(first.value(QStringLiteral("new_status")).isNull());
        QCOMPARE(first.value(QStringLiteral("old_status")).toInt(), 200);
        QVERIFY(lines.at(0).startsWith("{\"url\":\"http://nf2.test/\",\"change\":")); // column order kept
        const QJsonObject titleRow = QJsonDocument::fromJson(lines.at(3)).object();
        QCOMPARE(titleRow.value(QStringLiteral("new_title")).toString(),
                 QStringLiteral("=HYPERLINK(\"x\") new, \"quoted\"")); // JSON keeps the exact text

        // No new failure: exit status 0, and an empty diff is a header only.
        command.newPath = m_old;
        command.output = csvPath;
        QCOMPARE(runDiffCommand(command, io), 0);
        QCOMPARE(readFile(csvPath), QByteArray("\xEF\xBB\xBFurl,change,old_status,new_status,old_title,new_title,"
                                               "old_final_url,new_final_url,old_error,new_error\r\n"));
    }

    void differentSourcesWarn()
    {
        CraftedRun o = oldRun();
        CraftedRun n = oldRun();
        n.source = QStringLiteral("other.txt");
        QCOMPARE(writeRun(m_old, o), QString());
        QCOMPARE(writeRun(m_new, n), QString());
        const Collected c = diff(m_old, m_new);
        QVERIFY(c.ok);
        QVERIFY(c.rows.isEmpty());
        QVERIFY2(c.warnings.join(u'\n').contains(QStringLiteral("\"other.txt\"")), qPrintable(c.warnings.join(u'\n')));
    }

    void badInputs_data()
    {
        QTest::addColumn<QByteArray>("content"); // empty: no file at all
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing") << QByteArray() << QStringLiteral("old.fanout");
        QTest::newRow("text file") << QByteArray("http://a.test/\n") << QStringLiteral("old.fanout");
        QTest::newRow("empty file") << QByteArray("\0", 0) << QStringLiteral("old.fanout");
    }
    void badInputs()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        QCOMPARE(writeRun(m_new, oldRun()), QString());
        if (QByteArray(QTest::currentDataTag()) != "missing")
            writeFile(m_old, content);
        const Collected c = diff(m_old, m_new);
        QVERIFY(!c.ok);
        QVERIFY2(c.error.contains(reason), qPrintable(c.error));
        QVERIFY(c.rows.isEmpty());

        // The command says so, exits 2, and does not create (or replace) the output.
        const QString out = m_dir->filePath(QStringLiteral("diff.csv"));
        writeFile(out, "keep me");
        QStringList messages;
        CommandIo io;
        io.message = [&](const QString &m) {
            messages.append(m);
        };
        DiffCommand command;
        command.oldPath = m_old;
        command.newPath = m_new;
        command.output = out;
        QCOMPARE(runDiffCommand(command, io), 2);
        QCOMPARE(readFile(out), QByteArray("keep me"));
        QVERIFY2(messages.join(QString()).startsWith(QStringLiteral("fanout-cli diff: ")),
                 qPrintable(messages.join(QString())));
    }

    void futureSchemaRefused()
    {
        QCOMPARE(writeRun(m_old, oldRun()), QString());
        QCOMPARE(writeRun(m_new, newRun()), QString());
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
            db.setDatabaseName(m_new);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(RunFile::SchemaVersion + 1)));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("future"));
        const Collected c = diff(m_old, m_new);
        QVERIFY(!c.ok);
        QVERIFY2(c.error.contains(QStringLiteral("new.fanout")), qPrintable(c.error));
        QVERIFY2(c.error.contains(QStringLiteral("newer")) || c.error.contains(QStringLiteral("schema")) ||
                     c.error.contains(QStringLiteral("version")),
                 qPrintable(c.error));
    }

    // Paths go to SQLite as file: URIs: characters that mean something in a URI must not change the file.
    void oddPaths()
    {
        const QString odd = m_dir->filePath(QStringLiteral("a dir #1 ?x=%41&y é"));
        QVERIFY(QDir().mkpath(odd));
        const QString o = odd + QStringLiteral("/old ?.fanout");
        const QString n = odd + QStringLiteral("/new #%20.fanout");
        QCOMPARE(writeRun(o, oldRun()), QString());
        QCOMPARE(writeRun(n, newRun()), QString());
        const Collected c = diff(o, n);
        QVERIFY2(c.ok, qPrintable(c.error));
        QCOMPARE(c.summary.changed(), 13);
        QVERIFY(!QFile::exists(odd + QStringLiteral("/old "))); // nothing made at a truncated name
    }

    void visitorStops()
    {
        QCOMPARE(writeRun(m_old, oldRun()), QString());
        QCOMPARE(writeRun(m_new, newRun()), QString());
        int seen = 0;
        DiffSummary summary;
        QString error;
        QVERIFY(!RunDiff::compare(
            m_old, m_new, [&](const DiffRow &) { return ++seen < 3; }, &summary, &error));
        QCOMPARE(seen, 3);
        QVERIFY(!error.isEmpty());
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_old;
    QString m_new;
};

QTEST_GUILESS_MAIN(TestRunDiff)
#include "test_rundiff.moc"
