#include "cli/runexport.h"

#include "cli/cliout.h"
#include "io/outputtarget.h"
#include "store/runfile.h"

namespace Fanout::Cli {

namespace {

constexpr qsizetype kFlushBytes = 256 * 1024;

bool changedSinceEarlier(RunFile &file, const CheckResult &r)
{
    const QVector<CheckResult> earlier = file.earlierResults(r.id);
    if (earlier.isEmpty())
        return false;
    const CheckResult &before = earlier.constLast();
    return before.isOk() != r.isOk() || before.status != r.status || before.finalUrl != r.finalUrl ||
           before.errorCategory() != r.errorCategory();
}

bool wanted(RunFile &file, const CheckResult &r, ExportOnly only)
{
    switch (only) {
    case ExportOnly::All:
        return true;
    case ExportOnly::Failed:
        return !r.isOk();
    case ExportOnly::Ok:
        return r.isOk();
    case ExportOnly::Changed:
        return r.isDone() && changedSinceEarlier(file, r);
    }
    return true;
}

} // namespace

bool parseExportOnly(const QString &text, ExportOnly *only)
{
    static const std::pair<const char *, ExportOnly> names[] = {{"all", ExportOnly::All},
                                                                {"failed", ExportOnly::Failed},
                                                                {"ok", ExportOnly::Ok},
                                                                {"changed", ExportOnly::Changed}};
    for (const auto &[name, value] : names) {
        if (text == QLatin1String(name)) {
            *only = value;
            return true;
        }
    }
    return false;
}

bool exportRun(RunFile &file, OutputTarget &target, const ExportRequest &request, int *rows, QString *error)
{
    QByteArray buffer;
    buffer.reserve(kFlushBytes + 64 * 1024);
    if (request.format == ExportFormat::Csv)
        ResultWriter::appendCsvHeader(buffer, request.utf8Bom);
    int count = 0;
    bool writeFailed = false;
    auto flush = [&] {
        const QByteArray data = request.forTerminal ? readableOnTerminal(buffer) : buffer;
        buffer.clear();
        if (!target.write(data, error))
            writeFailed = true;
        return !writeFailed;
    };
    const bool read = file.forEachResult([&](const CheckResult &stored) {
        CheckResult r = stored;
        if (!r.isDone()) {
            r.state = CheckState::Done;
            if (r.error.isEmpty()) // a rejected line keeps its own reason
                r.error = request.pendingError;
        }
        if (!wanted(file, r, request.only))
            return true;
        ++count;
        if (request.format == ExportFormat::JsonLines)
            ResultWriter::appendJsonLine(buffer, r);
        else
            ResultWriter::appendCsvRow(buffer, r);
        return buffer.size() < kFlushBytes || flush();
    });
    if (writeFailed)
        return false;
    if (!read) {
        *error = file.lastError();
        return false;
    }
    if (!buffer.isEmpty() && !flush())
        return false;
    if (rows)
        *rows = count;
    return true;
}

} // namespace Fanout::Cli
