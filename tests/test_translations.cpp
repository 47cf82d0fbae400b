#include "engine/messagetext.h"
#include "io/rules.h"
#include "io/urllist.h"
#include "net/bodydecoder.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <algorithm>

using namespace Fanout;

namespace {

struct TsMessage
{
    QString context;
    QString source;
    bool numerus = false;
    bool unfinished = false;
    QStringList translations; // one, or one per plural form
    qint64 line = 0;
};

QVector<TsMessage> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QVector<TsMessage> out;
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (xml.name() == QLatin1String("message")) {
                message = TsMessage();
                message.context = context;
                message.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
                message.line = xml.lineNumber();
            } else if (xml.name() == QLatin1String("source")) {
                message.source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                message.unfinished = type == QLatin1String("unfinished") || type == QLatin1String("vanished") ||
                                     type == QLatin1String("obsolete");
                if (!message.numerus)
                    message.translations.append(xml.readElementText());
            } else if (xml.name() == QLatin1String("numerusform")) {
                message.translations.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            out.append(message);
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
    return out;
}

// The %1..%9 a text uses, sorted, each once ("%n" separately: plural forms must keep it).
QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d|n)"));
    QSet<QString> found;
    auto it = re.globalMatch(text);
    while (it.hasNext())
        found.insert(it.next().captured(0));
    QStringList list(found.begin(), found.end());
    list.sort();
    return list;
}

// The accelerator letter of a text ("&Open" -> 'o'), or a null QChar; "&&" is a literal ampersand.
QChar accelerator(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != u'&')
            continue;
        if (text.at(i + 1) == u'&') {
            ++i;
            continue;
        }
        if (text.at(i + 1).isLetterOrNumber())
            return text.at(i + 1).toLower();
    }
    return {};
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private:
    QVector<TsMessage> m_messages;

private slots:
    void initTestCase()
    {
        QString error;
        m_messages = readTs(QStringLiteral(FANOUT_TS_FILE), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_messages.size() > 400); // the whole catalogue was read, not a stray fragment
    }

    // Checks of the checks, so that they cannot pass on anything.
    void helpersSeeMistakes()
    {
        QCOMPARE(placeholders(QStringLiteral("%2 of %1, %1")),
                 (QStringList{QStringLiteral("%1"), QStringLiteral("%2")}));
        QCOMPARE(placeholders(QStringLiteral("%n file(s)")), (QStringList{QStringLiteral("%n")}));
        QCOMPARE(accelerator(QStringLiteral("Open R&un…")), QChar(u'u'));
        QCOMPARE(accelerator(QStringLiteral("打开运行(&U)…")), QChar(u'u'));
        QCOMPARE(accelerator(QStringLiteral("Fish && Chips")), QChar());
        QCOMPARE(accelerator(QStringLiteral("entity '&%1;'")), QChar());
    }

    void everyMessageIsTranslated()
    {
        QStringList bad;
        for (const TsMessage &m : std::as_const(m_messages)) {
            const bool empty =
                m.translations.isEmpty() || std::any_of(m.translations.cbegin(), m.translations.cend(),
                                                        [](const QString &t) { return t.trimmed().isEmpty(); });
            if (m.unfinished || empty)
                bad.append(QStringLiteral("%1 / %2 (line %3)").arg(m.context, m.source).arg(m.line));
        }
        QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("untranslated:\n") + bad.join(u'\n')));
    }

    // The catalogue holds exactly what the sources say: lupdate over ui/ and core/ finds nothing new (a string
    // added to the code and not to the catalogue would be shown in English) and nothing to drop.
    void catalogueIsUpToDateWithTheSources()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString copy = dir.filePath(QStringLiteral("fanout_zh_CN.ts"));
        QVERIFY(QFile::copy(QStringLiteral(FANOUT_TS_FILE), copy));
        const QString root = QStringLiteral(FANOUT_SOURCE_DIR);
        QProcess lupdate;
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        lupdate.start(QStringLiteral(FANOUT_LUPDATE),
                      {QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"),
                       QStringLiteral("-I"), root + QStringLiteral("/ui"), QStringLiteral("-I"),
                       root + QStringLiteral("/core"), root + QStringLiteral("/ui"), root + QStringLiteral("/core"),
                       QStringLiteral("-ts"), copy});
        QVERIFY2(lupdate.waitForFinished(-1), qPrintable(lupdate.errorString()));
        const QString output = QString::fromLocal8Bit(lupdate.readAll());
        QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0, qPrintable(output));
        QString error;
        const QVector<TsMessage> fresh = readTs(copy, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QSet<QString> before;
        for (const TsMessage &m : std::as_const(m_messages))
            before.insert(m.context + u'|' + m.source);
        QStringList added;
        QSet<QString> after;
        for (const TsMessage &m : fresh) {
            after.insert(m.context + u'|' + m.source);
            if (!before.contains(m.context + u'|' + m.source))
                added.append(m.context + QStringLiteral(" / ") + m.source);
        }
        QVERIFY2(added.isEmpty(), qPrintable(QStringLiteral("not in the catalogue (run the fanout_ui_lupdate target, "
                                                            "then translate):\n") +
                                             added.join(u'\n')));
        QCOMPARE(after.size(), before.size()); // nothing obsolete left in it either
    }

    void placeholdersAndAcceleratorsAreKept()
    {
        QStringList bad;
        for (const TsMessage &m : std::as_const(m_messages)) {
            const QStringList wanted = placeholders(m.source);
            for (const QString &t : m.translations) {
                if (placeholders(t) != wanted)
                    bad.append(QStringLiteral("placeholders %1 -> %2: %3").arg(m.source, t, wanted.join(u' ')));
                if (accelerator(m.source) != accelerator(t))
                    bad.append(QStringLiteral("accelerator %1 -> %2").arg(m.source, t));
            }
        }
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(u'\n')));
    }

    // Every template core's messages are matched against is in the catalogue, in the context they are
    // looked up in: one missing would be shown in English.
    void everyCoreTemplateIsInTheCatalogue()
    {
        QSet<QString> fanout;
        for (const TsMessage &m : std::as_const(m_messages))
            if (m.context == QLatin1String(MessageText::Context))
                fanout.insert(m.source);
        const QStringList templates = MessageText::templates();
        QVERIFY(templates.size() > 50);
        for (const QString &t : templates)
            QVERIFY2(fanout.contains(t), qPrintable(t));
    }

    // The stored message splits into its stable key, its English template and the arguments.
    void splitsMessagesAsCoreMakesThem()
    {
        MessageText::Parts parts = MessageText::split(QStringLiteral("timeout: no answer within 2.5 s"));
        QCOMPARE(parts.key, QStringLiteral("timeout"));
        QCOMPARE(QString::fromUtf8(parts.source), QStringLiteral("no answer within %1 s"));
        QCOMPARE(parts.args, (QStringList{QStringLiteral("2.5")}));

        // A rejected line, as the list parser words it.
        const UrlList list = UrlListParser::parseText(QStringLiteral("https://ok.example/\nnot a url at all\n"));
        QString rejected;
        for (const UrlEntry &e : list.entries)
            if (!e.error.isEmpty())
                rejected = e.error;
        QCOMPARE(rejected, QStringLiteral("invalid: line 2: contains whitespace"));
        parts = MessageText::split(rejected);
        QCOMPARE(parts.key, QStringLiteral("invalid"));
        QCOMPARE(QString::fromUtf8(parts.source), QStringLiteral("line %1: %2"));
        QCOMPARE(parts.args, (QStringList{QStringLiteral("2"), QStringLiteral("contains whitespace")}));

        // A tighter template wins over a looser one; a repeated placeholder must repeat its text.
        parts = MessageText::split(QStringLiteral("reset: 127.0.0.1:8080 closed the connection mid-body"));
        QCOMPARE(QString::fromUtf8(parts.source), QStringLiteral("%1 closed the connection mid-body"));
        QCOMPARE(parts.args, (QStringList{QStringLiteral("127.0.0.1:8080")}));
        parts = MessageText::split(
            QStringLiteral("not a text file: a.txt starts with a UTF-16LE byte order mark but is not valid UTF-16LE"));
        QCOMPARE(parts.args, (QStringList{QStringLiteral("a.txt"), QStringLiteral("UTF-16LE")}));
        QVERIFY(!MessageText::split(
                     QStringLiteral("not a text file: a.txt starts with a UTF-16LE byte order mark but is not valid X"))
                     .source);

        // The probe's diagnosis after a transport error, its argument translated on its own.
        parts = MessageText::split(QStringLiteral("reset: h:1 closed the connection mid-body (the chunked body ends "
                                                  "after 3 chunks without its last (0) chunk)"));
        QCOMPARE(QString::fromUtf8(parts.source), QStringLiteral("%1 (%2)"));
        QCOMPARE(QString::fromUtf8(MessageText::split(parts.args.value(1)).source),
                 QStringLiteral("the chunked body ends after %1 without its last (0) chunk"));

        // Body decoding, as the decoder words it (checkjob puts "content: " before it).
        BodyDecoder unknown;
        QVERIFY(!unknown.start("x-unheard-of"));
        QCOMPARE(QString::fromUtf8(MessageText::split(QStringLiteral("content: ") + unknown.error()).source),
                 QStringLiteral("the server used Content-Encoding \"%1\", which was not asked for"));
        BodyDecoder gzip;
        QVERIFY(gzip.start("gzip"));
        QByteArray out;
        gzip.feed(QByteArrayView("\x1f\x8b\x08\x00garbage that is no deflate stream at all"), &out);
        QVERIFY(!gzip.finish() || gzip.hasFailed());
        QVERIFY2(MessageText::split(QStringLiteral("content: ") + gzip.error()).source, qPrintable(gzip.error()));

        // What is not ours stays as it is.
        parts = MessageText::split(QStringLiteral("network: Something Qt said"));
        QVERIFY(!parts.source);
        QCOMPARE(MessageText::translated(QStringLiteral("network: Something Qt said")),
                 QStringLiteral("network: Something Qt said"));
    }

    void rulesMessagesAreKnown()
    {
        UrlRules rules;
        QString why;
        QVERIFY(rules.addExclude(QStringLiteral("/logout"), &why));
        rules.addSkipHost(QStringLiteral("cdn.example"));
        const QString excluded = rules.verdict(QUrl(QStringLiteral("https://a.example/logout")));
        QCOMPARE(excluded, QStringLiteral("excluded: matches /logout"));
        QCOMPARE(QString::fromUtf8(MessageText::split(excluded).source), QStringLiteral("matches %1"));
        const QString skipped = rules.verdict(QUrl(QStringLiteral("https://cdn.example/x")));
        QCOMPARE(QString::fromUtf8(MessageText::split(skipped).source), QStringLiteral("host %1 is in --skip-hosts"));
        QVERIFY(!rules.addExclude(QStringLiteral("(unclosed"), &why));
        QCOMPARE(QString::fromUtf8(MessageText::split(why).source),
                 QStringLiteral("'%1' is not a regular expression: %2 (at %3)"));
        QList<QPair<int, int>> ranges;
        QVERIFY(!parseAcceptSpec(u"200..299,abc", &ranges, &why));
        QCOMPARE(QString::fromUtf8(MessageText::split(why).source),
                 QStringLiteral("'%1' is not a status (100 to 599) or a range LOW..HIGH"));
    }

    // The built catalogue loads and turns a stored English message into Chinese, key and arguments kept.
    void builtCatalogueTranslatesMessages()
    {
        QTranslator translator;
        QVERIFY2(translator.load(QStringLiteral(FANOUT_QM_FILE)), FANOUT_QM_FILE);
        QCOMPARE(translator.translate("Fanout::MainWindow", "&Start"), QStringLiteral("开始(&S)"));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        const QString timeout = MessageText::translated(QStringLiteral("timeout: no answer within 2.5 s"));
        const QString line = MessageText::translated(QStringLiteral("invalid: line 2: contains whitespace"));
        const QString nested = MessageText::translated(
            QStringLiteral("cancelled: stopped by the user while waiting to retry (last attempt: timeout: no answer "
                           "within 5 s)"));
        const QString bomb = MessageText::translated(
            QStringLiteral("too-large: gzip: 5000 bytes decoded from 10: it inflates more than 100x (decompression "
                           "bomb?)"));
        // The engine's own resolver: the answer's words translated, the name kept.
        const QString nxdomain =
            MessageText::translated(QStringLiteral("dns: NXDOMAIN for no-such.example (no such name)"));
        QCoreApplication::removeTranslator(&translator);
        QCOMPARE(nxdomain, QStringLiteral("dns: no-such.example 的 NXDOMAIN（没有这个名称）"));
        QCOMPARE(bomb, QStringLiteral("too-large: gzip：由 10 字节解码出 5000 字节：膨胀超过 100 倍（解压炸弹？）"));
        QCOMPARE(timeout, QStringLiteral("timeout: 2.5 秒内无应答"));
        QCOMPARE(line, QStringLiteral("invalid: 第 2 行：包含空白字符"));
        QCOMPARE(nested, QStringLiteral("cancelled: 等待重试时已被用户停止（上次尝试：timeout: 5 秒内无应答）"));
        // Without the translator the stored English comes back.
        QCOMPARE(MessageText::translated(QStringLiteral("timeout: no answer within 2.5 s")),
                 QStringLiteral("timeout: no answer within 2.5 s"));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"
