#include "cli/cliout.h"

#include "io/outputtarget.h"
#include "io/terminaltext.h"

#include <algorithm>
#include <unistd.h>

namespace Fanout::Cli {

void writeErrRaw(const QByteArray &bytes)
{
    // Nothing to report a failure on; a closed stderr must not stop the run or change its exit status.
    OutputTarget::writeAll(STDERR_FILENO, bytes.constData(), bytes.size());
}

// Messages carry text from outside (list lines, paths, option values, Qt's and the system's errors): no
// control or bidi character in them reaches the terminal raw.
void printErr(const QString &text)
{
    writeErrRaw(terminalSafeLines(text).toUtf8());
}

// CSV or JSON Lines on a terminal is read, not parsed: each line is shown as terminalSafe() shows text.
// Anywhere else it stays exactly as received.
QByteArray readableOnTerminal(const QByteArray &data)
{
    QByteArray out;
    out.reserve(data.size() + data.size() / 8);
    const QList<QByteArray> lines = data.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (i + 1 == lines.size() && line.isEmpty())
            break; // after the last line break
        if (line.endsWith('\r'))
            line.chop(1); // CSV's CRLF: the terminal makes its own
        out += terminalSafe(QString::fromUtf8(line)).toUtf8() + '\n';
    }
    return out;
}

QString seconds(qint64 ms)
{
    return QString::number(ms / 1000.0, 'f', ms < 10000 ? 2 : 1) + QStringLiteral(" s");
}

// One human line per URL, as results arrive: what a person scanning a terminal wants to see first. Titles,
// rejected lines and errors quoting a Location are a stranger's text: shown terminal-safe.
QByteArray resultLine(const CheckResult &r)
{
    QString line;
    line += r.status > 0 ? QString::number(r.status) : QStringLiteral("---");
    line += u' ';
    line += QString::number(std::max<qint64>(r.elapsedMs(), 0)).rightJustified(6) + QStringLiteral(" ms  ");
    line += r.url.isValid() ? QString::fromLatin1(r.url.toEncoded()) : r.input;
    if (!r.redirects.isEmpty())
        line += QStringLiteral(" -> ") + QString::fromLatin1(r.finalUrl.toEncoded());
    if (!r.title.isEmpty())
        line += QStringLiteral("  \"") + r.title + u'"';
    if (!r.error.isEmpty())
        line += QStringLiteral("  [") + r.error + u']';
    return terminalSafe(line).toUtf8() + '\n';
}

} // namespace Fanout::Cli
