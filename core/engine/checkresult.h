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

    bool isDone() const { return state == CheckState::Done; }
    // A check succeeds when it got an HTTP answer below 400 and no error.
    bool isOk() const { return isDone() && error.isEmpty() && status > 0 && status < 400; }
    bool isFailed() const { return isDone() && !isOk(); }
    QString errorCategory() const; // text before the first ':' of error, empty when none
    qint64 elapsedMs() const { return timings.elapsedMs(); }
};

} // namespace Fanout

Q_DECLARE_METATYPE(Fanout::CheckResult)
