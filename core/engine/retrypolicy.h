#pragma once

#include <QByteArrayView>
#include <QDateTime>
#include <QRandomGenerator>
#include <QString>

namespace Fanout {

// When to try a URL again and how long to wait first. Pure functions: the engine owns the timers, these only
// decide, so every rule is testable without a network.
class RetryPolicy final
{
public:
    RetryPolicy() = delete;

    // 429 Too Many Requests and 503 Service Unavailable: the server asks us to come back later. Other statuses are
    // final answers (a 502/504 from a proxy is reported as is, not hammered).
    static bool isRetryableStatus(int httpStatus);

    // Transient connection-level failures: "refused", "reset", "timeout", "network". Categories that would fail the
    // same way again ("dns", "tls", "invalid", "scheme", "redirects", "too-large", "cancelled", ...) are not.
    // Takes the category (CheckResult::errorCategory()), compared exactly.
    static bool isRetryableCategory(const QString &errorCategory);

    // A Retry-After header value as ms to wait from nowUtc: delta-seconds ("120") or an HTTP-date in any of the
    // three RFC 9110 forms (IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT",
    // asctime "Sun Nov  6 08:49:37 1994"). Locale-independent; surrounding whitespace is ignored; the weekday name
    // is not cross-checked. A date in the past gives 0. Returns -1 when empty, unparseable or negative (or, for a
    // date, when nowUtc is invalid). Absurdly large delta-seconds saturate instead of overflowing.
    static qint64 parseRetryAfterMs(QByteArrayView value, const QDateTime &nowUtc);

    // Exponential backoff with "equal jitter": c = min(baseMs * 2^(attemptsMade-1), maxMs), then the delay is
    // c - c/2 + uniform[0, c/2], i.e. within [ceil(c/2), c]. Half is fixed so retries never bunch at zero, half is
    // random so many URLs rejected at once do not come back in lockstep. attemptsMade < 1 counts as 1; negative
    // baseMs/maxMs count as 0; never overflows for large attemptsMade.
    static qint64 backoffMs(int attemptsMade, int baseMs, int maxMs, QRandomGenerator &rng);

    // The delay before the next attempt: the server's Retry-After (retryAfterMs >= 0, as from parseRetryAfterMs)
    // bounded by maxMs when given, else backoffMs().
    static qint64 retryDelayMs(int attemptsMade, qint64 retryAfterMs, int baseMs, int maxMs, QRandomGenerator &rng);
};

} // namespace Fanout
