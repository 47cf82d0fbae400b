// terminalSafe(): what fanout-cli and the results table show of text a stranger wrote.
#include "io/terminaltext.h"

#include <QTest>

using namespace Fanout;

class TestTerminalText final : public QObject
{
    Q_OBJECT

private slots:
    void escapes_data();
    void escapes();
    void plainTextIsShared();
    void everyControlIsEscaped();
    void linesKeepTheirBreaks();
};

void TestTerminalText::escapes_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("shown");
    auto u = [](char16_t c) {
        return QString(QChar(c));
    };

    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("plain") << QStringLiteral("Page 5") << QStringLiteral("Page 5");
    QTest::newRow("unicode kept") << QStringLiteral("百度一下 café — ok 😀") << QStringLiteral("百度一下 café — ok 😀");
    QTest::newRow("backslash kept") << QStringLiteral(R"(C:\x1b)") << QStringLiteral(R"(C:\x1b)");
    QTest::newRow("OSC title") << QStringLiteral("\x1b]0;pwned\x07Hello") << QStringLiteral(R"(\x1b]0;pwned\x07Hello)");
    QTest::newRow("clear screen") << QStringLiteral("\x1b[2J") << QStringLiteral(R"(\x1b[2J)");
    QTest::newRow("NUL") << (QStringLiteral("a") + u(0) + QStringLiteral("b")) << QStringLiteral(R"(a\x00b)");
    QTest::newRow("tab, CR, LF") << QStringLiteral("a\tb\rc\nd") << QStringLiteral(R"(a\x09b\x0dc\x0ad)");
    QTest::newRow("unit separator") << QStringLiteral("\x1f") << QStringLiteral(R"(\x1f)");
    QTest::newRow("space kept") << QStringLiteral(" ") << QStringLiteral(" ");
    QTest::newRow("DEL") << QStringLiteral("a\x7f") << QStringLiteral(R"(a\x7f)");
    QTest::newRow("C1 first") << u(0x80) << QStringLiteral(R"(\u0080)");
    QTest::newRow("C1 CSI") << (u(0x9b) + QStringLiteral("2J")) << QStringLiteral(R"(\u009b2J)");
    QTest::newRow("C1 last") << u(0x9f) << QStringLiteral(R"(\u009f)");
    QTest::newRow("NBSP kept") << u(0xa0) << u(0xa0);
    QTest::newRow("ALM") << u(0x061c) << QStringLiteral(R"(\u061c)");
    QTest::newRow("LRM") << u(0x200e) << QStringLiteral(R"(\u200e)");
    QTest::newRow("RLM") << u(0x200f) << QStringLiteral(R"(\u200f)");
    QTest::newRow("ZWJ kept") << u(0x200d) << u(0x200d); // joins emoji; reorders nothing
    QTest::newRow("LRE") << u(0x202a) << QStringLiteral(R"(\u202a)");
    QTest::newRow("RLE") << u(0x202b) << QStringLiteral(R"(\u202b)");
    QTest::newRow("PDF") << u(0x202c) << QStringLiteral(R"(\u202c)");
    QTest::newRow("LRO") << u(0x202d) << QStringLiteral(R"(\u202d)");
    QTest::newRow("RLO hides an extension") << (QStringLiteral("invoice") + u(0x202e) + QStringLiteral("fdp.exe"))
                                            << QStringLiteral(R"(invoice\u202efdp.exe)");
    QTest::newRow("narrow NBSP kept") << u(0x202f) << u(0x202f);
    QTest::newRow("word joiner kept") << u(0x2065) << u(0x2065);
    QTest::newRow("LRI") << u(0x2066) << QStringLiteral(R"(\u2066)");
    QTest::newRow("RLI") << u(0x2067) << QStringLiteral(R"(\u2067)");
    QTest::newRow("FSI") << u(0x2068) << QStringLiteral(R"(\u2068)");
    QTest::newRow("PDI") << u(0x2069) << QStringLiteral(R"(\u2069)");
    QTest::newRow("after PDI kept") << u(0x206a) << u(0x206a);
    QTest::newRow("line separator") << u(0x2028) << QStringLiteral(R"(\u2028)");
    QTest::newRow("paragraph separator") << u(0x2029) << QStringLiteral(R"(\u2029)");
    QTest::newRow("lone high surrogate") << (u(0xd83d) + QStringLiteral("x")) << QStringLiteral(R"(\ud83dx)");
    QTest::newRow("lone low surrogate") << (QStringLiteral("x") + u(0xde00)) << QStringLiteral(R"(x\ude00)");
    QTest::newRow("high at the end") << u(0xd83d) << QStringLiteral(R"(\ud83d)");
    QTest::newRow("two highs then a low")
        << (u(0xd83d) + u(0xd83d) + u(0xde00)) << (QStringLiteral(R"(\ud83d)") + QStringLiteral("😀"));
    QTest::newRow("a pair then a low") << (QStringLiteral("😀") + u(0xde00))
                                       << (QStringLiteral("😀") + QStringLiteral(R"(\ude00)"));
    QTest::newRow("mixed") << (QStringLiteral("\x1b]0;x\x07") + u(0x9b) + u(0x202e) + u(0x2066) + QStringLiteral("ok"))
                           << QStringLiteral(R"(\x1b]0;x\x07\u009b\u202e\u2066ok)");
}

void TestTerminalText::escapes()
{
    QFETCH(QString, input);
    QFETCH(QString, shown);
    QCOMPARE(terminalSafe(input), shown);
}

// The per-URL line is built for every result: clean text must come back without a copy.
void TestTerminalText::plainTextIsShared()
{
    const QString text = QStringLiteral("A plain title, 百度");
    QCOMPARE(terminalSafe(text).constData(), text.constData());
}

// Whatever is escaped, the output itself holds no control, bidi character or lone surrogate.
void TestTerminalText::everyControlIsEscaped()
{
    QString all;
    for (char32_t c = 0; c < 0x10000; ++c)
        all += QChar(char16_t(c));
    const QString shown = terminalSafe(all);
    for (qsizetype i = 0; i < shown.size(); ++i) {
        const char16_t c = shown.at(i).unicode();
        QVERIFY2(c >= 0x20 && !(c >= 0x7f && c <= 0x9f), qPrintable(QString::number(c, 16)));
        QVERIFY2(c != 0x061c && c != 0x200e && c != 0x200f && !(c >= 0x202a && c <= 0x202e) &&
                     !(c >= 0x2066 && c <= 0x2069) && c != 0x2028 && c != 0x2029,
                 qPrintable(QString::number(c, 16)));
        if (shown.at(i).isHighSurrogate())
            QVERIFY(i + 1 < shown.size() && shown.at(i + 1).isLowSurrogate());
        if (shown.at(i).isLowSurrogate())
            QVERIFY(i > 0 && shown.at(i - 1).isHighSurrogate());
    }
}

// Messages and tooltips of several lines keep their line breaks; a CR before one is shown, not obeyed.
void TestTerminalText::linesKeepTheirBreaks()
{
    QCOMPARE(terminalSafeLines(QString()), QString());
    QCOMPARE(terminalSafeLines(QStringLiteral("a\x1b[2J")), QStringLiteral(R"(a\x1b[2J)"));
    QCOMPARE(terminalSafeLines(QStringLiteral("one\ntwo\x07\r\nthree\n")),
             QStringLiteral("one\ntwo\\x07\\x0d\nthree\n"));
    QCOMPARE(terminalSafeLines(QStringLiteral("\n\n")), QStringLiteral("\n\n"));
    QCOMPARE(terminalSafeLines(QStringLiteral("x\u202e\ny")), QStringLiteral("x\\u202e\ny"));
}

QTEST_APPLESS_MAIN(TestTerminalText)
#include "test_terminaltext.moc"
