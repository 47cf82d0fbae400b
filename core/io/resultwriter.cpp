#include "io/resultwriter.h"

#include "io/outputtarget.h"

#include <charconv>
#include <iterator>

namespace Fanout {

namespace {

// Single source for the CSV header and the JSON keys.
// CSV: unknown numbers (status 0, times -1, line 0) are empty cells; redirect_chain is the hops as "STATUS URL"
// joined by " -> ", e.g. "301 http://a/ -> 302 https://a/" (the final URL is the final_url column, not repeated).
// JSON Lines: the same keys in the same order; unknown numbers are null, text fields are always strings (empty
// when none), redirect_chain is an array of {"url","status"}. sources is where a link was found in documents or
// sitemaps ("path:line" joined by " | "), empty for a URL list. Lines end in LF, CSV records in CRLF.
constexpr const char *kColumns[] = {"url",          "final_url",  "status",         "reason",     "title",
                                    "content_type", "bytes",      "elapsed_ms",     "started_ms", "finished_ms",
                                    "attempts",     "redirects",  "error",          "line",       "connect_ms",
                                    "sent_ms",      "headers_ms", "redirect_chain", "sources"};
constexpr int kColumnCount = int(std::size(kColumns));

constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";

// Serialising is the hot loop of a large export: QByteArray + to_chars avoids QString::arg and
// per-number allocations.
void appendNumber(QByteArray &out, qint64 value)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
}

bool startsLikeFormula(char first)
{
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
}

void appendCsvText(QByteArray &out, const QString &text)
{
    if (text.isEmpty())
        return;
    const QByteArray utf8 = text.toUtf8();
    // A spreadsheet runs a cell that starts like a formula; a leading ' makes it plain text.
    const bool guard = startsLikeFormula(utf8.front());
    bool quote = false;
    for (const char c : utf8) {
        if (c == '"' || c == ',' || c == '\r' || c == '\n') {
            quote = true;
            break;
        }
    }
    if (!quote) {
        if (guard)
            out += '\'';
        out += utf8;
        return;
    }
    out += '"';
    if (guard)
        out += '\'';
    // Copy runs between quotes in one go; each quote is written twice.
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        if (utf8.at(i) == '"') {
            out.append(utf8.constData() + runStart, i + 1 - runStart);
            out += '"';
            runStart = i + 1;
        }
    }
    out.append(utf8.constData() + runStart, utf8.size() - runStart);
    out += '"';
}

// Numeric cells: empty when unknown (negative times, status 0, line 0), never formula-guarded.
void appendCsvOptional(QByteArray &out, qint64 value, qint64 unknownBelow)
{
    if (value >= unknownBelow)
        appendNumber(out, value);
}

// Escapes what JSON requires of UTF-8 text (", \ and every C0 control); DEL, C1 and bidi characters are
// valid JSON as they are and are kept, so a reader gets the exact text.
void appendJsonUtf8(QByteArray &out, const QByteArray &utf8)
{
    static constexpr char hex[] = "0123456789abcdef";
    const char *data = utf8.constData();
    // Copy runs of plain bytes in one go; only ", \ and control characters need an escape, and U+FEFF gets one
    // too: Qt's JSON parser (6.4) drops it at the start of a string, where "\ufeff" reads back as written.
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto byte = static_cast<unsigned char>(data[i]);
        if (byte >= 0x20 && byte != '"' && byte != '\\' && byte != 0xEF)
            continue;
        if (byte == 0xEF) {
            if (i + 2 >= utf8.size() || data[i + 1] != '\xBB' || data[i + 2] != '\xBF')
                continue;
            out.append(data + runStart, i - runStart);
            out += "\\ufeff";
            i += 2;
            runStart = i + 1;
            continue;
        }
        out.append(data + runStart, i - runStart);
        runStart = i + 1;
        switch (byte) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00";
            out += hex[byte >> 4];
            out += hex[byte & 0xF];
        }
    }
    out.append(data + runStart, utf8.size() - runStart);
}

void appendJsonString(QByteArray &out, const QString &text)
{
    out += '"';
    if (text.isValidUtf16()) {
        appendJsonUtf8(out, text.toUtf8());
    } else {
        // A lone surrogate has no UTF-8 form (toUtf8() writes '?'); JSON's \uXXXX keeps it, so the text reads
        // back exactly as it was. Rare: only the scan above is paid on the common path.
        static constexpr char hex[] = "0123456789abcdef";
        qsizetype runStart = 0;
        const qsizetype size = text.size();
        for (qsizetype i = 0; i < size; ++i) {
            const QChar c = text.at(i);
            const bool wellFormed = c.isHighSurrogate()
                                        ? i + 1 < size && text.at(i + 1).isLowSurrogate()
                                        : !c.isLowSurrogate() || (i > 0 && text.at(i - 1).isHighSurrogate());
            if (wellFormed)
                continue;
            appendJsonUtf8(out, QStringView(text).mid(runStart, i - runStart).toUtf8());
            const char16_t unit = c.unicode();
            out += "\\u";
            for (const int shift : {12, 8, 4, 0})
                out += hex[(unit >> shift) & 0xF];
            runStart = i + 1;
        }
        appendJsonUtf8(out, QStringView(text).mid(runStart).toUtf8());
    }
    out += '"';
}

void appendJsonOptional(QByteArray &out, qint64 value, qint64 unknownBelow)
{
    if (value >= unknownBelow)
        appendNumber(out, value);
    else
        out += "null";
}

void appendJsonKey(QByteArray &out, int column)
{
    if (column > 0)
        out += ',';
    out += '"';
    out += kColumns[column];
    out += "\":";
}

// URLs are exported as they went on the wire (what QNetworkAccessManager sends is the FullyEncoded form):
// the default toString() decodes "%20" to a space and shows IDN hosts in Unicode, which a browser or a
// join back to the input would not take for the same URL.
QString wireUrlText(const QUrl &url)
{
    return url.toString(QUrl::FullyEncoded);
}

// The input URL: the normalised one when the line was usable, else the line as written.
QString inputUrlText(const CheckResult &result)
{
    return result.url.isValid() ? wireUrlText(result.url) : result.input;
}

QString redirectChainText(const QVector<RedirectHop> &hops)
{
    QString text;
    for (const RedirectHop &hop : hops) {
        if (!text.isEmpty())
            text += u" -> ";
        text += QString::number(hop.status) + u' ' + wireUrlText(hop.url);
    }
    return text;
}

} // namespace

QStringList ResultWriter::columns()
{
    QStringList names;
    names.reserve(kColumnCount);
    for (const char *name : kColumns)
        names.append(QLatin1String(name));
    return names;
}

ExportFormat ResultWriter::formatForPath(const QString &path)
{
    for (const auto suffix : {u".jsonl", u".ndjson", u".json"}) {
        if (path.endsWith(QStringView(suffix), Qt::CaseInsensitive))
            return ExportFormat::JsonLines;
    }
    return ExportFormat::Csv;
}

QString ResultWriter::csvTextCell(const QString &text)
{
    QByteArray cell;
    appendCsvText(cell, text);
    return QString::fromUtf8(cell);
}

QByteArray ResultWriter::jsonString(const QString &text)
{
    QByteArray out;
    appendJsonString(out, text);
    return out;
}

QByteArray ResultWriter::toCsv(const QVector<CheckResult> &results, bool utf8Bom)
{
    QByteArray out;
    out.reserve(256 + results.size() * 256);
    appendCsvHeader(out, utf8Bom);
    for (const CheckResult &r : results)
        appendCsvRow(out, r);
    return out;
}

void ResultWriter::appendCsvHeader(QByteArray &out, bool utf8Bom)
{
    if (utf8Bom)
        out += kUtf8Bom;
    for (int i = 0; i < kColumnCount; ++i) {
        if (i > 0)
            out += ',';
        out += kColumns[i];
    }
    out += "\r\n";
}

void ResultWriter::appendCsvRow(QByteArray &out, const CheckResult &r)
{
    const CheckTimings &t = r.timings;
    appendCsvText(out, inputUrlText(r));
    out += ',';
    appendCsvText(out, wireUrlText(r.finalUrl));
    out += ',';
    appendCsvOptional(out, r.status, 1);
    out += ',';
    appendCsvText(out, r.reason);
    out += ',';
    appendCsvText(out, r.title);
    out += ',';
    appendCsvText(out, r.contentType);
    out += ',';
    appendNumber(out, r.bytes);
    out += ',';
    appendCsvOptional(out, r.elapsedMs(), 0);
    out += ',';
    appendCsvOptional(out, t.startedMs, 0);
    out += ',';
    appendCsvOptional(out, t.finishedMs, 0);
    out += ',';
    appendNumber(out, r.attempts);
    out += ',';
    appendNumber(out, r.redirects.size());
    out += ',';
    appendCsvText(out, r.error);
    out += ',';
    appendCsvOptional(out, r.line, 1);
    out += ',';
    appendCsvOptional(out, t.connectMs, 0);
    out += ',';
    appendCsvOptional(out, t.sentMs, 0);
    out += ',';
    appendCsvOptional(out, t.headersMs, 0);
    out += ',';
    appendCsvText(out, redirectChainText(r.redirects));
    out += ',';
    appendCsvText(out, r.sources);
    out += "\r\n";
}

QByteArray ResultWriter::toJsonLines(const QVector<CheckResult> &results)
{
    QByteArray out;
    out.reserve(results.size() * 384);
    for (const CheckResult &r : results)
        appendJsonLine(out, r);
    return out;
}

void ResultWriter::appendJsonLine(QByteArray &out, const CheckResult &r)
{
    const CheckTimings &t = r.timings;
    int column = 0;
    out += '{';
    appendJsonKey(out, column++);
    appendJsonString(out, inputUrlText(r));
    appendJsonKey(out, column++);
    appendJsonString(out, wireUrlText(r.finalUrl));
    appendJsonKey(out, column++);
    appendJsonOptional(out, r.status, 1);
    appendJsonKey(out, column++);
    appendJsonString(out, r.reason);
    appendJsonKey(out, column++);
    appendJsonString(out, r.title);
    appendJsonKey(out, column++);
    appendJsonString(out, r.contentType);
    appendJsonKey(out, column++);
    appendNumber(out, r.bytes);
    appendJsonKey(out, column++);
    appendJsonOptional(out, r.elapsedMs(), 0);
    appendJsonKey(out, column++);
    appendJsonOptional(out, t.startedMs, 0);
    appendJsonKey(out, column++);
    appendJsonOptional(out, t.finishedMs, 0);
    appendJsonKey(out, column++);
    appendNumber(out, r.attempts);
    appendJsonKey(out, column++);
    appendNumber(out, r.redirects.size());
    appendJsonKey(out, column++);
    appendJsonString(out, r.error);
    appendJsonKey(out, column++);
    appendJsonOptional(out, r.line, 1);
    appendJsonKey(out, column++);
    appendJsonOptional(out, t.connectMs, 0);
    appendJsonKey(out, column++);
    appendJsonOptional(out, t.sentMs, 0);
    appendJsonKey(out, column++);
    appendJsonOptional(out, t.headersMs, 0);
    appendJsonKey(out, column++);
    out += '[';
    for (qsizetype i = 0; i < r.redirects.size(); ++i) {
        const RedirectHop &hop = r.redirects.at(i);
        if (i > 0)
            out += ',';
        out += "{\"url\":";
        appendJsonString(out, wireUrlText(hop.url));
        out += ",\"status\":";
        appendJsonOptional(out, hop.status, 1);
        out += '}';
    }
    out += ']';
    appendJsonKey(out, column++);
    appendJsonString(out, r.sources);
    Q_ASSERT(column == kColumnCount);
    out += "}\n";
}

bool ResultWriter::write(const QString &path, const QVector<CheckResult> &results, const ExportOptions &options,
                         QString *error)
{
    OutputTarget target(path);
    if (!target.check({}, error))
        return false;
    const QByteArray data =
        options.format == ExportFormat::JsonLines ? toJsonLines(results) : toCsv(results, options.utf8Bom);
    return target.open(error) && target.write(data, error) && target.commit(error);
}

} // namespace Fanout
