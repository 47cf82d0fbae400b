#include "results/detailspane.h"

#include "engine/messagetext.h"
#include "results/resultsmodel.h"

#include <QLocale>
#include <QScrollBar>

namespace Fanout {

namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString urlHtml(const QUrl &url)
{
    const QString text = url.toString(QUrl::FullyEncoded | QUrl::DecodeReserved);
    return QStringLiteral("<a href=\"") + esc(url.toString(QUrl::FullyEncoded)) + QStringLiteral("\">") + esc(text) +
           QStringLiteral("</a>");
}

QString row(const QString &label, const QString &valueHtml)
{
    return QStringLiteral("<tr><td style=\"color:#6b7280; padding-right:12px\">") + esc(label) +
           QStringLiteral("</td><td>") + valueHtml + QStringLiteral("</td></tr>");
}

QString ms(qint64 value)
{
    return value < 0 ? QStringLiteral("—") : DetailsPane::tr("%1 ms").arg(QLocale().toString(value));
}

} // namespace

DetailsPane::DetailsPane(QWidget *parent)
    : QTextBrowser(parent)
{
    setOpenLinks(false); // links go to the window's "open in browser", not into this pane
    setOpenExternalLinks(false);
    setFrameShape(QFrame::NoFrame);
    showNothing();
}

DetailsPane::~DetailsPane() = default;

void DetailsPane::showNothing()
{
    m_row = -1;
    setHtml(QStringLiteral("<p style=\"color:#6b7280\">") +
            esc(tr("Select a row to see its redirect chain, timings and headers.")) + QStringLiteral("</p>"));
}

void DetailsPane::showResult(const CheckResult &result, const QVector<CheckResult> &earlier)
{
    m_row = result.id;
    const int scroll = verticalScrollBar() ? verticalScrollBar()->value() : 0;
    setHtml(toHtml(result, earlier));
    verticalScrollBar()->setValue(scroll);
}

QString DetailsPane::toHtml(const CheckResult &r, const QVector<CheckResult> &earlier)
{
    QString html;
    html += QStringLiteral("<h3 style=\"margin:0\">") + (r.url.isValid() ? urlHtml(r.url) : esc(r.input)) +
            QStringLiteral("</h3>");
    // The outcome heads the pane, as it leads the table's Status cell: an error before any status it came after.
    const QString outcome = esc(ResultsModel::statusText(r));
    const QString colour = r.isOk()        ? QStringLiteral("#1e8e3e")
                           : r.isSkipped() ? QStringLiteral("#6b7280")
                                           : QStringLiteral("#d93025");
    if (r.isDone() && !outcome.isEmpty()) {
        html += QStringLiteral("<p style=\"margin:2px 0 6px 0\"><b style=\"color:") + colour + QStringLiteral("\">") +
                outcome + QStringLiteral("</b></p>");
    }
    html += QStringLiteral("<table cellspacing=\"2\">");
    html += row(tr("Line"), r.line > 0 ? QString::number(r.line) : QStringLiteral("—"));
    html += row(tr("State"), esc(ResultsModel::stateText(r)));
    if (r.isDone()) {
        html += row(tr("Outcome"), QStringLiteral("<b style=\"color:") + colour + QStringLiteral("\">") + outcome +
                                       QStringLiteral("</b>"));
        const QString http = ResultsModel::httpStatusText(r);
        if (!http.isEmpty() && !r.error.isEmpty())
            html += row(tr("HTTP status"), esc(http)); // what came before the error
    }
    if (!r.title.isEmpty())
        html += row(tr("Title"), esc(r.title));
    if (!r.contentType.isEmpty())
        html += row(tr("Content type"), esc(r.contentType));
    if (r.isDone() && (r.status > 0 || r.bytes > 0))
        html += row(tr("Size"), esc(ResultsModel::formatBytes(r.bytes)));
    if (r.attempts > 0)
        html += row(tr("Attempts"), QString::number(r.attempts));
    if (!r.error.isEmpty())
        html += row(tr("Error"), QStringLiteral("<span style=\"color:#d93025\">") +
                                     esc(MessageText::translated(r.error)) + QStringLiteral("</span>"));
    html += QStringLiteral("</table>");

    if (!r.sources.isEmpty()) {
        // Where a link from documents or a sitemap was found, one place a line ("path:line").
        html += QStringLiteral("<h4>") + esc(tr("Found in")) + QStringLiteral("</h4><ul style=\"margin:0\">");
        for (const QString &source : r.sources.split(QStringLiteral(" | "), Qt::SkipEmptyParts))
            html += QStringLiteral("<li>") + esc(source) + QStringLiteral("</li>");
        html += QStringLiteral("</ul>");
    }

    if (!r.redirects.isEmpty()) {
        html += QStringLiteral("<h4>") + esc(tr("Redirect chain")) + QStringLiteral("</h4><table cellspacing=\"2\">");
        int n = 1;
        for (const RedirectHop &hop : r.redirects) {
            html += QStringLiteral("<tr><td>") + QString::number(n++) + QStringLiteral(".</td><td><b>") +
                    QString::number(hop.status) + QStringLiteral("</b></td><td>") + urlHtml(hop.url) +
                    QStringLiteral("</td></tr>");
        }
        if (!r.finalUrl.isEmpty()) {
            const QString finalStatus = r.status > 0 ? QString::number(r.status) : esc(r.errorCategory());
            html += QStringLiteral("<tr><td>") + QString::number(n) + QStringLiteral(".</td><td><b>") + finalStatus +
                    QStringLiteral("</b></td><td>") + urlHtml(r.finalUrl) + QStringLiteral("</td></tr>");
        }
        html += QStringLiteral("</table>");
    } else if (!r.finalUrl.isEmpty() && r.finalUrl != r.url) {
        html += QStringLiteral("<p>") + esc(tr("Final URL:")) + u' ' + urlHtml(r.finalUrl) + QStringLiteral("</p>");
    }

    const CheckTimings &t = r.timings;
    if (t.startedMs >= 0) {
        const auto since = [&t](qint64 at) {
            return at < 0 ? qint64(-1) : at - t.startedMs;
        };
        // Every row counts from this URL's start; where that start lies on the run's clock is in the heading.
        html += QStringLiteral("<h4>") + esc(tr("Timings (started %1 into the run)").arg(ms(t.startedMs))) +
                QStringLiteral("</h4><table cellspacing=\"2\">");
        html += row(tr("Started"), ms(0));
        html +=
            row(tr("Connection opened"), t.connectMs < 0 && t.sentMs >= 0 ? esc(tr("reused")) : ms(since(t.connectMs)));
        html += row(tr("Request sent"), ms(since(t.sentMs)));
        html += row(tr("Headers received"), ms(since(t.headersMs)));
        html += row(tr("Finished"), ms(since(t.finishedMs)));
        html += row(tr("Total"), QStringLiteral("<b>") + ms(t.elapsedMs()) + QStringLiteral("</b>"));
        html += QStringLiteral("</table>");
    }
    if (!r.rawHeaders.isEmpty()) {
        html += QStringLiteral("<h4>") + esc(tr("Headers received")) +
                QStringLiteral("</h4><pre style=\"font-size:small\">") +
                esc(QString::fromUtf8(r.rawHeaders).trimmed()) + QStringLiteral("</pre>");
    }
    if (!earlier.isEmpty()) {
        // Re-check Failed keeps what each earlier check found: the row's history, newest first.
        html += QStringLiteral("<h4>") + esc(tr("Earlier checks")) + QStringLiteral("</h4><table cellspacing=\"2\">");
        for (qsizetype i = earlier.size() - 1; i >= 0; --i) {
            const CheckResult &e = earlier.at(i);
            const QString status = esc(ResultsModel::statusText(e));
            html += QStringLiteral("<tr><td>") + QString::number(i + 1) + QStringLiteral(".</td><td><b>") + status +
                    QStringLiteral("</b></td><td>") + ms(e.elapsedMs()) + QStringLiteral("</td><td>") +
                    esc(e.error.isEmpty() ? e.title : MessageText::translated(e.error)) + QStringLiteral("</td></tr>");
        }
        html += QStringLiteral("</table>");
    }
    return html;
}

} // namespace Fanout
