// The window in Simplified Chinese: messages core stores in English are shown translated, while the run's
// exports keep the English text and its stable category key.
#include "origin/originserver.h"
#include "privatehome.h"
#include "results/detailspane.h"
#include "results/resultsmodel.h"
#include "timing/timingpanel.h"
#include "window/appsettings.h"
#include "window/dialogs.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Fanout;

namespace {

// Records messages instead of showing them: nothing waits on a modal dialog.
class QuietDialogs final : public Dialogs
{
public:
    QStringList messages;
    void message(QWidget *, Severity, const QString &title, const QString &text) override
    {
        messages.append(title + QStringLiteral(": ") + text);
    }
};

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class TestGuiLanguage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    OriginServer m_server;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_server.listen(), qPrintable(m_server.errorString()));
        QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
        QVERIFY(AppSettings::installTranslations(qApp, QStringLiteral("zh_CN")) >= 1);
    }

    void timeoutRowIsChineseAndItsExportEnglish()
    {
        QSettings settings(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        QuietDialogs dialogs;
        MainWindow window(&settings);
        window.setDialogs(&dialogs);
        window.setRunsDirectory(m_dir.filePath(QStringLiteral("runs")));
        window.timingPanel()->setHistoryFile(QString()); // run history in memory
        CheckOptions options = window.checkOptions();
        options.timeoutMs = 300; // /hang never answers: the deadline makes the error
        options.retries = 0;
        window.setCheckOptions(options);

        const QString list = m_dir.filePath(QStringLiteral("list.txt"));
        QFile file(list);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(m_server.baseUrl().toEncoded() + "/hang\n" + m_server.baseUrl().toEncoded() + "/page/1\n");
        file.close();
        QVERIFY(window.openFile(list));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.startRun();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);

        const ResultsModel *model = window.resultsModel();
        QCOMPARE(model->rowCount(), 2);
        const CheckResult hang = model->result(0);
        QCOMPARE(hang.url.path(), QStringLiteral("/hang"));
        const QString english = QStringLiteral("timeout: no answer within 0.3 s");
        QCOMPARE(hang.error, english); // what the run file holds
        const QString chinese = QStringLiteral("timeout: 0.3 秒内无应答");
        QCOMPARE(model->index(0, ResultsModel::ErrorColumn).data().toString(), chinese);
        QCOMPARE(model->index(0, ResultsModel::ErrorColumn).data(Qt::ToolTipRole).toString(), chinese);
        QCOMPARE(model->index(0, ResultsModel::StateColumn).data().toString(), QStringLiteral("已完成"));
        QVERIFY(DetailsPane::toHtml(hang, {}).contains(chinese));

        const QString csv = m_dir.filePath(QStringLiteral("run.csv"));
        const QString jsonl = m_dir.filePath(QStringLiteral("run.jsonl"));
        QString error;
        QVERIFY2(window.exportTo(csv, false, &error), qPrintable(error));
        QVERIFY2(window.exportTo(jsonl, false, &error), qPrintable(error));
        const QString csvText = readAll(csv);
        QVERIFY2(csvText.contains(english), qPrintable(csvText));
        QVERIFY(!csvText.contains(QStringLiteral("秒")));
        const QStringList lines = readAll(jsonl).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        const QJsonObject row = QJsonDocument::fromJson(lines.first().toUtf8()).object();
        QCOMPARE(row.value(QLatin1String("error")).toString(), english);
        QVERIFY(row.value(QLatin1String("error")).toString().startsWith(QLatin1String("timeout: ")));
        QVERIFY(dialogs.messages.isEmpty());
    }
};

int main(int argc, char **argv)
{
    return FanoutTest::runInPrivateHome<TestGuiLanguage>(argc, argv);
}

#include "test_guilanguage.moc"
