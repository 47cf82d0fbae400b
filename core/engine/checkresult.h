#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QUrl>
#include <QVector>

namespace Fanout {

// One hop of a redirect chain: the URL that answered and the 3xx status it answered with.
struct RedirectHop
{
    QUrl url;
    int status = 0;
};

// Milestones of one check in ms since the run started; -1 when the milestone was not reached (or, for
// connectMs, when an existing connection was reused and Qt reported no new connection).
struct CheckTimings
{
    qint64 startedMs = -1;  // the request for this URL was created (its turn came)
    qint64 connectMs = -1;  // a new connection started opening
    qint64 sentMs = -1;     // the request was written to the socket
    qint64 headersMs = -1;  // response headers arrived
    qint64 finishedMs = -1; // done: body read (or cut short), error, or cancel

    qint64 elapsedMs() const { return startedMs >= 0 && finishedMs >= startedMs ? finishedMs - startedMs : -1; }
};

enum class CheckState
{
    Queued,
    Checking,
    Done
};

// What a check came to, for whatever summarises a row (the table's Status cell, the details pane, a copy): an
// error names the outcome even when an HTTP status came before it (a body cut short after "200 OK" is a timeout,
// not a success); the status names it only when there is no error. Exports keep the category keys themselves.
enum class CheckOutcome
{
    Pending,          // not done yet
    Ok,               // an HTTP answer below 400, no error
    Accepted,         // a status the run's --accept names ("accepted: ...")
    HttpError,        // an HTTP answer of 400 or more, no error
    NotAccepted,      // "status: ... is not accepted"
    Timeout,          // "timeout"
    RedirectLoop,     // "redirects: loop ..."
    TooManyRedirects, // "redirects: more than ..."
    BadRedirect,      // any other "redirects" error (unusable Location, other scheme)
    Dns,
    Refused,
    Reset,
    Tls,
    Proxy,
    Network,
    Protocol,
    Content,  // the body could not be decoded
    TooLarge, // "too-large": a decompression bomb
    Scheme,   // not http or https
    Invalid,  // a rejected line
    Cancelled,
    Excluded, // a rule kept it from being requested
    Skipped,
    OtherError // a category not listed here: named by its key
};

// Everything Fanout learns about one input URL. A plain value: cheap to copy, no Qt network types.
struct CheckResult
{
    int id = -1;   // caller's row id (position in the list)
    int line = 0;  // 1-based line in the source list, 0 if unknown
    QString input; // the line as written (trimmed)
    QUrl url;      // normalised URL that was checked (invalid for rejected lines)
    QUrl finalUrl; // after redirects
    CheckState state = CheckState::Queued;
    int status = 0; // HTTP status of the final response, 0 if none
    QString reason; // HTTP reason phrase
    QString title;
    QString contentType;
    qint64 bytes = 0; // body bytes actually received (decompressed)
    CheckTimings timings;
    int attempts = 0;
    QVector<RedirectHop> redirects;
    QByteArray rawHeaders; // final response headers, "Name: value\n" lines, for the details pane
    QString error;         // "category: message"; empty when the check produced an HTTP answer
    QString sources;       // where a URL from documents or sitemaps was found: "path:line", joined by " | "

    bool isDone() const { return state == CheckState::Done; }
    // A check succeeds when it got an HTTP answer below 400 and no error, or a status the run's --accept names
    // (the engine then leaves an "accepted: ..." note, so the verdict survives in the run file and exports).
    bool isOk() const { return isDone() && status > 0 && isOkVerdict(status, error); }
    // Rows a rule kept from being requested ("excluded: ...", "skipped: ..."): shown, but neither OK nor failed.
    bool isSkipped() const { return isDone() && isSkippedError(error); }
    // A stop (Esc, a signal) ended the check before it had an answer: "cancelled: ...". Nothing is known of
    // the URL, so it is neither OK nor failed, and figures of what a run did (done, rate, speed-up) leave it out.
    bool isCancelled() const { return isDone() && isCancelledError(error); }
    bool isFailed() const { return isDone() && !isOk() && !isSkipped() && !isCancelled(); }
    // The checks below also take the bare category ("accepted", ...): the timing views' slim rows keep only that.
    static bool hasCategory(QStringView error, QLatin1String category)
    {
        return error.startsWith(category) && (error.size() == category.size() || error.at(category.size()) == u':');
    }
    static bool isOkVerdict(int status, QStringView error)
    {
        return error.isEmpty() ? status < 400 : hasCategory(error, QLatin1String("accepted"));
    }
    static bool isSkippedError(QStringView error)
    {
        return hasCategory(error, QLatin1String("excluded")) || hasCategory(error, QLatin1String("skipped"));
    }
    static bool isCancelledError(QStringView error) { return hasCategory(error, QLatin1String("cancelled")); }
    QString errorCategory() const; // text before the first ':' of error, empty when none
    CheckOutcome outcome() const { return isDone() ? doneOutcome(status, error) : CheckOutcome::Pending; }
    // What a done check with this status and error came to (outcome() once done; the timing rows keep it).
    static CheckOutcome doneOutcome(int status, QStringView error);
    bool hasError() const { return !error.isEmpty(); }
    int redirectCount() const { return int(redirects.size()); }
    qint64 elapsedMs() const { return timings.elapsedMs(); }
};

} // namespace Fanout

Q_DECLARE_METATYPE(Fanout::CheckResult)
