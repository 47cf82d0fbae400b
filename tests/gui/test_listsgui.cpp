// Issue 12 in the window: sources in the details pane, rules from Settings (per list, and a fanout.toml beside
// the list), sitemaps opened by file and by URL (read on the engine thread), documents and folders opened.
#include "fakedialogs.h"
#include "origin/originserver.h"
#include "results/detailspane.h"
#include "results/resultsmodel.h"
#include "window/appsettings.h"
#include "window/dialogs.h"
#include "window/mainwindow.h"
#include "window/settingsdialog.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Fanout;

namespace {

using FanoutTest::FakeDialogs;

} // namespace

class TestListsGui : public QObject
{
    Q_OBJECT

private:
    OriginServer m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    FakeDialogs m_dialogs;

    QString url(const QString &path) const { return m_server.baseUrl().toString() + path; }

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir->filePath(name);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(bytes);
        return path;
    }

    bool runToEnd()
    {
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        m_window->startRun();
        return finished.count() > 0 || finished.wait(30000);
    }

    // Row of the model whose input (the URL as given) ends with tail; -1 when none.
    int rowOf(const QString &tail) const
    {
        ResultsModel *model = m_window->resultsModel();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->result(row).input.endsWith(tail))
                return row;
        return -1;
    }

    QAction *action(const QString &text) const
    {
        for (QAction *a : m_window->findChildren<QAction *>())
            if (QString(a->text()).remove(u'&') == text)
                return a;
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(m_server.listen(), qPrintable(m_server.errorString()));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        m_dialogs.openAnswers.clear();
        m_dialogs.textAnswers.clear();
        m_dialogs.folderAnswers.clear();
        m_dialogs.messages.clear();
        m_window = std::make_unique<MainWindow>(m_settings.get());
        m_window->setDialogs(&m_dialogs);
        m_window->setRunsDirectory(m_dir->filePath(QStringLiteral("runs")));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        if (m_window && m_window->isRunning()) {
            QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
            m_window->stopRun();
            finished.wait(5000);
        }
        m_window.reset();
        m_settings.reset();
        m_dir.reset();
    }

    void detailsPaneListsSources()
    {
        CheckResult r;
        r.id = 0;
        r.input = url(QStringLiteral("/status/200"));
        r.url = QUrl(r.input);
        r.sources = QStringLiteral("docs/a.md:3 | index.html:17");
        const QString html = DetailsPane::toHtml(r);
        QVERIFY(html.contains(QStringLiteral("Found in")));
        QVERIFY(html.contains(QStringLiteral("docs/a.md:3")));
        QVERIFY(html.contains(QStringLiteral("index.html:17")));
        r.sources.clear();
        QVERIFY(!DetailsPane::toHtml(r).contains(QStringLiteral("Found in")));
    }

    void documentsAndFolderOpenWithSources()
    {
        const QByteArray page = "<html><body>\n<a href=\"" + url(QStringLiteral("/status/200")).toUtf8() +
                                "\">a</a>\n<a href=\"" + url(QStringLiteral("/status/404")).toUtf8() +
                                "\">b</a>\n<a href=\"mailto:x@example.com\">m</a>\n</body></html>\n";
        const QByteArray notes = "# Notes\n\nSee [ok](" + url(QStringLiteral("/status/200")).toUtf8() + ") and <" +
                                 url(QStringLiteral("/page/a")).toUtf8() + ">.\n";
        write(QStringLiteral("site/index.html"), page);
        write(QStringLiteral("site/notes/notes.md"), notes);
        // openFiles() (File → Open, a drop) takes a folder to its documents.
        QSignalSpy documents(m_window.get(), &MainWindow::documentsLoaded);
        QVERIFY(m_window->openFiles({m_dir->filePath(QStringLiteral("site"))}));
        QVERIFY(m_window->isLoadingList()); // read off the GUI thread
        QVERIFY(documents.wait(20000));
        ResultsModel *model = m_window->resultsModel();
        QCOMPARE(model->rowCount(), 3); // /status/200 once, /status/404, /page/a; mailto: not a row
        const int ok = rowOf(QStringLiteral("/status/200"));
        QVERIFY(ok >= 0);
        const QString sources = model->result(ok).sources;
        QVERIFY2(sources.contains(QStringLiteral("index.html:2")), qPrintable(sources));
        QVERIFY2(sources.contains(QStringLiteral("notes.md:3")), qPrintable(sources));
        QVERIFY(runToEnd());
        QVERIFY(model->result(ok).isOk());
        QVERIFY(model->result(rowOf(QStringLiteral("/status/404"))).isFailed());
        // The details pane of that row lists both places, after the run as before.
        m_window->selectSourceRow(ok);
        auto *pane = m_window->findChild<DetailsPane *>(QStringLiteral("detailsPane"));
        QVERIFY(pane);
        QTRY_VERIFY(pane->toPlainText().contains(QStringLiteral("notes.md:3")));
        QVERIFY(pane->toPlainText().contains(QStringLiteral("index.html:2")));

        // An export has them in its sources column.
        const QString csv = m_dir->filePath(QStringLiteral("out.csv"));
        QString error;
        QVERIFY2(m_window->exportTo(csv, false, &error), qPrintable(error));
        QFile exported(csv);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(exported.readAll());
        QVERIFY2(text.contains(QStringLiteral("notes.md:3")), qPrintable(text));

        // The run file keeps them: the reopened run shows them too.
        const QString run = m_window->runPath();
        QSignalSpy opened(m_window.get(), &MainWindow::runOpened);
        QVERIFY(m_window->openRun(run));
        QVERIFY(opened.count() > 0 || opened.wait(20000));
        const QString reread = model->result(rowOf(QStringLiteral("/status/200"))).sources;
        QVERIFY2(reread.contains(QStringLiteral("notes.md:3")), qPrintable(reread));

        // File → Open Folder… reads the same folder.
        m_dialogs.folderAnswers = {m_dir->filePath(QStringLiteral("site"))};
        documents.clear();
        action(QStringLiteral("Open Folder…"))->trigger();
        QVERIFY(documents.wait(20000));
        QCOMPARE(model->rowCount(), 3);
        QVERIFY(model->result(rowOf(QStringLiteral("/page/a"))).sources.contains(QStringLiteral("notes.md:3")));

        // One .md file alone is documents too.
        documents.clear();
        QVERIFY(m_window->openFiles({m_dir->filePath(QStringLiteral("site/notes/notes.md"))}));
        QVERIFY(documents.wait(20000));
        QCOMPARE(model->rowCount(), 2);
    }

    void rulesFromSettingsExcludeAndAccept()
    {
        const QString list =
            write(QStringLiteral("list.txt"),
                  (url(QStringLiteral("/status/200")) + u'\n' + url(QStringLiteral("/status/404")) + u'\n' +
                   url(QStringLiteral("/page/skip-me")) + u'\n' + url(QStringLiteral("/status/403")) + u'\n')
                      .toUtf8());
        const QString other =
            write(QStringLiteral("other.txt"), (url(QStringLiteral("/page/skip-me")) + u'\n').toUtf8());
        QVERIFY(m_window->openFile(list));

        // Settings → Rules, as the user fills it in: saved for this list.
        action(QStringLiteral("Settings…"))->trigger();
        auto *dialog = m_window->findChild<SettingsDialog *>();
        QVERIFY(dialog);
        QPlainTextEdit *exclude = nullptr;
        for (QPlainTextEdit *edit : dialog->findChildren<QPlainTextEdit *>())
            if (edit->toolTip().contains(QStringLiteral("not requested")))
                exclude = edit;
        QLineEdit *accept = nullptr;
        for (QLineEdit *edit : dialog->findChildren<QLineEdit *>())
            if (edit->toolTip().contains(QStringLiteral("counted OK")))
                accept = edit;
        QVERIFY(exclude && accept);
        // A bad spec is refused in the dialog, not dropped.
        accept->setText(QStringLiteral("200..abc"));
        dialog->accept();
        QVERIFY(dialog->isVisible());
        exclude->setPlainText(QStringLiteral("skip-me"));
        accept->setText(QStringLiteral("200..299,404"));
        QSignalSpy loaded(m_window.get(), &MainWindow::listLoaded);
        dialog->accept();
        QTRY_COMPARE(loaded.count(), 1); // the list is read again with its new rules

        const AppSettings::ListRules saved = AppSettings::listRules(*m_settings, list);
        QCOMPARE(saved.exclude, QStringList{QStringLiteral("skip-me")});
        QCOMPARE(saved.accept, QStringLiteral("200..299,404"));
        QVERIFY(AppSettings::listRules(*m_settings, other).isEmpty());

        ResultsModel *model = m_window->resultsModel();
        QCOMPARE(model->rowCount(), 4);
        const int skipped = rowOf(QStringLiteral("/page/skip-me"));
        QVERIFY(model->result(skipped).error.startsWith(QStringLiteral("excluded:")));
        QVERIFY(runToEnd());
        int ok = 0, failed = 0, skippedRows = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            const CheckResult r = model->result(row);
            ok += r.isOk() ? 1 : 0;
            failed += r.isFailed() ? 1 : 0;
            skippedRows += r.isSkipped() ? 1 : 0;
        }
        QCOMPARE(ok, 2);     // 200, and 404 accepted
        QCOMPARE(failed, 1); // 403 is not accepted
        QCOMPARE(skippedRows, 1);
        // The counters the status area and filter bar show agree: the excluded row is neither OK nor failed.
        QCOMPARE(model->counts().total, 4);
        QCOMPARE(model->counts().ok, 2);
        QCOMPARE(model->counts().failed, 1);
        const CheckResult excluded = model->result(skipped);
        QVERIFY2(excluded.error.startsWith(QStringLiteral("excluded:")), qPrintable(excluded.error));
        QCOMPARE(excluded.status, 0); // never requested
        QCOMPARE(excluded.attempts, 0);
        QVERIFY(model->result(rowOf(QStringLiteral("/status/404"))).error.startsWith(QStringLiteral("accepted:")));

        // The other list has no rules of its own: its URL is requested.
        QVERIFY(m_window->openFile(other));
        QVERIFY(model->result(0).error.isEmpty());
        // Back to the first: its rules are applied when it is loaded.
        QVERIFY(m_window->openFile(list));
        QVERIFY(model->result(rowOf(QStringLiteral("/page/skip-me"))).error.startsWith(QStringLiteral("excluded:")));
    }

    void fanoutTomlBesideTheListIsRead()
    {
        write(QStringLiteral("team/fanout.toml"), "exclude = [\"/status/404\"]\nskip-hosts = [\"example.invalid\"]\n");
        const QString list = write(QStringLiteral("team/list.txt"),
                                   (url(QStringLiteral("/status/200")) + u'\n' + url(QStringLiteral("/status/404")) +
                                    u'\n' + QStringLiteral("https://example.invalid/x\n"))
                                       .toUtf8());
        QVERIFY(m_window->openFile(list));
        ResultsModel *model = m_window->resultsModel();
        QCOMPARE(model->rowCount(), 3);
        QVERIFY(model->result(rowOf(QStringLiteral("/status/200"))).error.isEmpty());
        QVERIFY(model->result(rowOf(QStringLiteral("/status/404"))).error.startsWith(QStringLiteral("excluded:")));
        QVERIFY(
            model->result(rowOf(QStringLiteral("example.invalid/x"))).error.startsWith(QStringLiteral("excluded:")));

        // A fanout.toml we refuse keeps the list out and says why.
        write(QStringLiteral("team/fanout.toml"), "exclud = [\"x\"]\n");
        m_dialogs.messages.clear();
        QVERIFY(!m_window->openFile(list));
        QCOMPARE(m_dialogs.messages.size(), 1);
        QVERIFY2(m_dialogs.messages.first().contains(QStringLiteral("fanout.toml")),
                 qPrintable(m_dialogs.messages.first()));
    }

    void openSitemapFile()
    {
        const QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                               "<url><loc>" +
                               url(QStringLiteral("/status/200")).toUtf8() +
                               "</loc></url>\n"
                               "<url><loc>" +
                               url(QStringLiteral("/page/a")).toUtf8() +
                               "</loc></url>\n"
                               "<url><loc>" +
                               url(QStringLiteral("/status/500")).toUtf8() + "</loc></url>\n</urlset>\n";
        const QString path = write(QStringLiteral("sitemap.xml"), xml);
        m_dialogs.openAnswers = {path};
        QSignalSpy loaded(m_window.get(), &MainWindow::sitemapLoaded);
        action(QStringLiteral("Open Sitemap…"))->trigger();
        QVERIFY(loaded.count() > 0 || loaded.wait(20000));
        QCOMPARE(loaded.first().at(0).toInt(), 3);
        QCOMPARE(loaded.first().at(1).toInt(), 0);
        ResultsModel *model = m_window->resultsModel();
        QCOMPARE(model->rowCount(), 3);
        const QString sources = model->result(rowOf(QStringLiteral("/page/a"))).sources;
        QVERIFY2(sources.endsWith(QStringLiteral("sitemap.xml:4")), qPrintable(sources));
        QVERIFY(runToEnd());
        QVERIFY(model->result(rowOf(QStringLiteral("/status/200"))).isOk());
        QVERIFY(model->result(rowOf(QStringLiteral("/status/500"))).isFailed());
    }

    void openSitemapUrlWithIndexAndErrors()
    {
        m_dialogs.textAnswers = {url(QStringLiteral("/sitemap/index"))};
        QSignalSpy loaded(m_window.get(), &MainWindow::sitemapLoaded);
        action(QStringLiteral("Open Sitemap URL…"))->trigger();
        QVERIFY(m_window->isLoadingList());
        QVERIFY(loaded.wait(20000));
        ResultsModel *model = m_window->resultsModel();
        // broken.xml and missing.xml failed: a row each, with the sitemap named.
        QCOMPARE(loaded.first().at(1).toInt(), 2);
        int sitemapRows = 0;
        for (int row = 0; row < model->rowCount(); ++row)
            sitemapRows += model->result(row).error.startsWith(QStringLiteral("sitemap:")) ? 1 : 0;
        QCOMPARE(sitemapRows, 2);
        QVERIFY(rowOf(QStringLiteral("/sitemap/missing.xml")) >= 0);
        QVERIFY(rowOf(QStringLiteral("/page/a?x=1&y=2")) >= 0);
        QVERIFY(rowOf(QStringLiteral("/page/b")) >= 0);
        QVERIFY(rowOf(QStringLiteral("/status/404")) >= 0);
        const QString sources = model->result(rowOf(QStringLiteral("/page/b"))).sources;
        QVERIFY2(sources.contains(QStringLiteral("/sitemap/plain.xml:")), qPrintable(sources));
        QVERIFY(runToEnd());
        QVERIFY(model->result(rowOf(QStringLiteral("/page/b"))).isOk());
        QVERIFY(model->result(rowOf(QStringLiteral("/sitemap/missing.xml"))).isFailed());
        // Its Status cell says what it is in words, not the bare category key.
        QCOMPARE(
            model->index(rowOf(QStringLiteral("/sitemap/missing.xml")), ResultsModel::StatusColumn).data().toString(),
            QStringLiteral("Sitemap unreadable"));
    }

    void pastedSitemapUrlIsReadAsSitemap()
    {
        auto *box = m_window->findChild<QPlainTextEdit *>(QStringLiteral("urlBox"));
        QVERIFY(box);
        box->setPlainText(url(QStringLiteral("/sitemap/plain.xml")));
        QSignalSpy loaded(m_window.get(), &MainWindow::sitemapLoaded);
        QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
        m_window->startRun(); // Start with a pasted sitemap URL reads the sitemap first, then checks its pages
        QVERIFY(loaded.count() > 0 || loaded.wait(20000));
        QCOMPARE(m_window->resultsModel()->rowCount(), 2); // /page/b and /status/200
        QVERIFY(rowOf(QStringLiteral("/page/b")) >= 0);
        QVERIFY(finished.count() > 0 || finished.wait(20000)); // one Start, as for pasted URLs
        QCOMPARE(m_window->resultsModel()->counts().ok, 2);
    }
};

QTEST_MAIN(TestListsGui)
#include "test_listsgui.moc"
