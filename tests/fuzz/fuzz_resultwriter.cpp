// The writers export text that strangers wrote (titles, reasons, URLs, the lines of a list). Results are built
// from the input, written as CSV and as JSON Lines, and read back: the CSV with the strict RFC 4180 reader the
// writer's tests use, the JSON with QJsonDocument. Every cell must read back as the value written (the CSV's
// formula guard and the documented empty/null cells for unknown numbers aside); anything else aborts.

#include "../strictcsv.h"
#include "fuzzutil.h"
#include "io/resultwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringDecoder>
#include <QUrl>

#include <fuzzer/FuzzedDataProvider.h>

using namespace Fanout;

namespace {

// Text as the engine produces it is valid UTF-16 (decoded bytes); raw units reach lone surrogates too, which
// any UTF-8 export can only write as U+FFFD. The expected text is then what UTF-8 can carry.
QString takeText(FuzzedDataProvider &input, size_t maxBytes)
{
    const bool rawUnits = input.ConsumeBool();
    const std::string bytes = input.ConsumeRandomLengthString(maxBytes);
    if (!rawUnits)
        return QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
    return QString(reinterpret_cast<const QChar *>(bytes.data()), qsizetype(bytes.size() / 2));
}

QString exported(const QString &text)
{
    // Not QString::fromUtf8(), which drops a leading U+FEFF: inside a cell it is text like any other.
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::ConvertInitialBom);
    return utf8.decode(text.toUtf8());
}

QUrl takeUrl(FuzzedDataProvider &input)
{
    const QString text = takeText(input, 80);
    return QUrl(text, input.ConsumeBool() ? QUrl::TolerantMode : QUrl::StrictMode);
}

CheckResult takeResult(FuzzedDataProvider &input)
{
    CheckResult r;
    r.id = input.ConsumeIntegral<int>();
    r.line = input.ConsumeIntegral<int>();
    r.input = takeText(input, 80);
    r.url = takeUrl(input);
    r.finalUrl = takeUrl(input);
    r.state = CheckState::Done;
    r.status = input.ConsumeIntegral<int>();
    r.reason = takeText(input, 40);
    r.title = takeText(input, 200);
    r.contentType = takeText(input, 40);
    r.bytes = input.ConsumeIntegral<qint64>();
    r.timings.startedMs = input.ConsumeIntegral<qint64>();
    r.timings.connectMs = input.ConsumeIntegral<qint64>();
    r.timings.sentMs = input.ConsumeIntegral<qint64>();
    r.timings.headersMs = input.ConsumeIntegral<qint64>();
    r.timings.finishedMs = input.ConsumeIntegral<qint64>();
    r.attempts = input.ConsumeIntegral<int>();
    const int hops = input.ConsumeIntegralInRange(0, 3);
    for (int i = 0; i < hops; ++i)
        r.redirects.append({takeUrl(input), input.ConsumeIntegral<int>()});
    r.error = takeText(input, 80);
    r.sources = takeText(input, 80);
    return r;
}

QString wire(const QUrl &url)
{
    return url.toString(QUrl::FullyEncoded);
}

QString inputUrl(const CheckResult &r)
{
    return r.url.isValid() ? wire(r.url) : r.input;
}

// The CSV cell a text reads back as: a leading ' guards what a spreadsheet would run as a formula.
QString csvText(const QString &text)
{
    const QString out = exported(text);
    if (!out.isEmpty() && QStringView(u"=+-@\t\r").contains(out.front()))
        return QLatin1Char('\'') + out;
    return out;
}

QString csvNumber(qint64 value, qint64 unknownBelow)
{
    return value >= unknownBelow ? QString::number(value) : QString();
}

void checkCsv(const QVector<CheckResult> &results, bool bom)
{
    const QByteArray csv = ResultWriter::toCsv(results, bom);
    FUZZ_CHECK_EQ(csv.startsWith("\xEF\xBB\xBF"), bom);
    bool ok = false;
    const QVector<QStringList> records = FanoutTest::parseStrictCsv(csv, &ok);
    FUZZ_CHECK(ok);
    FUZZ_CHECK_EQ(records.size(), results.size() + 1);
    FUZZ_CHECK_EQ(records.at(0), ResultWriter::columns());
    for (qsizetype i = 0; i < results.size(); ++i) {
        const CheckResult &r = results.at(i);
        const QStringList &row = records.at(i + 1);
        QStringList chain;
        for (const RedirectHop &hop : r.redirects)
            chain.append(QString::number(hop.status) + QLatin1Char(' ') + wire(hop.url));
        const QStringList expected = {
            csvText(inputUrl(r)),
            csvText(wire(r.finalUrl)),
            csvNumber(r.status, 1),
            csvText(r.reason),
            csvText(r.title),
            csvText(r.contentType),
            QString::number(r.bytes),
            csvNumber(r.elapsedMs(), 0),
            csvNumber(r.timings.startedMs, 0),
            csvNumber(r.timings.finishedMs, 0),
            QString::number(r.attempts),
            QString::number(r.redirects.size()),
            csvText(r.error),
            csvNumber(r.line, 1),
            csvNumber(r.timings.connectMs, 0),
            csvNumber(r.timings.sentMs, 0),
            csvNumber(r.timings.headersMs, 0),
            csvText(chain.join(QStringLiteral(" -> "))),
            csvText(r.sources),
        };
        FUZZ_CHECK_EQ(row, expected);
    }
}

void checkJsonNumber(const QJsonValue &v, qint64 value, qint64 unknownBelow)
{
    if (value < unknownBelow) {
        FUZZ_CHECK(v.isNull());
        return;
    }
    FUZZ_CHECK(v.isDouble()); // QJsonValue's one number type, which also holds 64-bit integers exactly
    FUZZ_CHECK_EQ(v.toInteger(), value);
}

void checkJsonText(const QJsonValue &v, const QString &text)
{
    // JSON keeps the exact text, a lone surrogate included (written as \uXXXX); only CSV's UTF-8 cannot.
    FUZZ_CHECK(v.isString());
    FUZZ_CHECK_EQ(v.toString(), text);
}

void checkJsonLines(const QVector<CheckResult> &results)
{
    const QByteArray jsonl = ResultWriter::toJsonLines(results);
    FUZZ_CHECK(results.isEmpty() || jsonl.endsWith('\n'));
    // One object per line: a line break inside a value must be escaped, as must every other control byte.
    for (const char c : jsonl)
        FUZZ_CHECK(c == '\n' || static_cast<unsigned char>(c) >= 0x20);
    const QList<QByteArray> lines = jsonl.split('\n');
    FUZZ_CHECK_EQ(lines.size(), results.size() + 1); // the last is the empty text after the final LF
    const QStringList columns = ResultWriter::columns();
    for (qsizetype i = 0; i < results.size(); ++i) {
        const CheckResult &r = results.at(i);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(lines.at(i), &error);
        if (error.error != QJsonParseError::NoError)
            FanoutFuzz::fail(__FILE__, __LINE__, "JSON line parses", error.errorString());
        FUZZ_CHECK(doc.isObject());
        const QJsonObject o = doc.object();
        FUZZ_CHECK_EQ(o.size(), columns.size());
        for (const QString &key : columns)
            FUZZ_CHECK(o.contains(key));
        const auto at = [&o](const char *key) {
            return o.value(QLatin1String(key));
        };
        checkJsonText(at("url"), inputUrl(r));
        checkJsonText(at("final_url"), wire(r.finalUrl));
        checkJsonNumber(at("status"), r.status, 1);
        checkJsonText(at("reason"), r.reason);
        checkJsonText(at("title"), r.title);
        checkJsonText(at("content_type"), r.contentType);
        checkJsonNumber(at("bytes"), r.bytes, std::numeric_limits<qint64>::min());
        checkJsonNumber(at("elapsed_ms"), r.elapsedMs(), 0);
        checkJsonNumber(at("started_ms"), r.timings.startedMs, 0);
        checkJsonNumber(at("finished_ms"), r.timings.finishedMs, 0);
        checkJsonNumber(at("attempts"), r.attempts, std::numeric_limits<qint64>::min());
        checkJsonNumber(at("redirects"), r.redirects.size(), 0);
        checkJsonText(at("error"), r.error);
        checkJsonText(at("sources"), r.sources);
        checkJsonNumber(at("line"), r.line, 1);
        checkJsonNumber(at("connect_ms"), r.timings.connectMs, 0);
        checkJsonNumber(at("sent_ms"), r.timings.sentMs, 0);
        checkJsonNumber(at("headers_ms"), r.timings.headersMs, 0);
        const QJsonValue chain = at("redirect_chain");
        FUZZ_CHECK(chain.isArray());
        const QJsonArray hops = chain.toArray();
        FUZZ_CHECK_EQ(hops.size(), r.redirects.size());
        for (qsizetype h = 0; h < hops.size(); ++h) {
            FUZZ_CHECK(hops.at(h).isObject());
            const QJsonObject hop = hops.at(h).toObject();
            FUZZ_CHECK_EQ(hop.size(), 2);
            checkJsonText(hop.value(QLatin1String("url")), wire(r.redirects.at(h).url));
            checkJsonNumber(hop.value(QLatin1String("status")), r.redirects.at(h).status, 1);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FanoutFuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider input(data, size);
    const bool bom = input.ConsumeBool();
    QVector<CheckResult> results;
    const int count = input.ConsumeIntegralInRange(1, 3);
    for (int i = 0; i < count && input.remaining_bytes() > 0; ++i)
        results.append(takeResult(input));
    checkCsv(results, bom);
    checkJsonLines(results);
    return 0;
}
