#pragma once

#include "engine/checkresult.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace Fanout {

enum class ExportFormat
{
    Csv,      // RFC 4180, formula-safe text cells
    JsonLines // one JSON object per line, raw values
};

struct ExportOptions
{
    ExportFormat format = ExportFormat::Csv;
    bool utf8Bom = true; // CSV only: spreadsheets need it to read UTF-8
};

// Serialises results; write() puts them where a path points, as OutputTarget takes it: a file atomically
// (either the whole file is written or the old one is untouched), a device or FIFO in place.
class ResultWriter final
{
public:
    // The column names, in order; the CSV header and the JSON keys.
    static QStringList columns();
    // Chooses the format from the file name: ".jsonl"/".ndjson"/".json" → JSON Lines, anything else CSV.
    static ExportFormat formatForPath(const QString &path);

    // Returns false and sets *error to a message naming the path and the reason on failure.
    static bool write(const QString &path, const QVector<CheckResult> &results, const ExportOptions &options,
                      QString *error);
    // Serialises to memory (what write() puts in the file).
    static QByteArray toCsv(const QVector<CheckResult> &results, bool utf8Bom = true);
    static QByteArray toJsonLines(const QVector<CheckResult> &results);
    // The same a row at a time, for exports streamed from a run file.
    static void appendCsvHeader(QByteArray &out, bool utf8Bom);
    static void appendCsvRow(QByteArray &out, const CheckResult &result);
    static void appendJsonLine(QByteArray &out, const CheckResult &result);

    // Spreadsheet-safe CSV cell: quotes as RFC 4180 needs, and a text starting with = + - @ TAB CR gets a
    // leading ' so it is never run as a formula.
    static QString csvTextCell(const QString &text);
    // The same text as a JSON string literal, quotes included, escaped as toJsonLines() escapes it.
    static QByteArray jsonString(const QString &text);
};

} // namespace Fanout
