#include "engine/retrypolicy.h"

#include <QDate>
#include <QTime>
#include <QVarLengthArray>

#include <algorithm>
#include <limits>

namespace Fanout {

namespace {

constexpr qint64 kSaturatedMs = std::numeric_limits<qint64>::max();

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// A whole token of 1..maxDigits ASCII digits; -1 otherwise.
int parseUInt(QByteArrayView token, qsizetype maxDigits)
{
    if (token.isEmpty() || token.size() > maxDigits)
        return -1;
    int value = 0;
    for (const char c : token) {
        if (!isDigit(c))
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

// 1..12, 0 when not a month name. HTTP-dates are case-sensitive by grammar; accepting any case costs nothing.
int monthFromName(QByteArrayView name)
{
    static constexpr const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; ++i) {
        if (name.compare(QByteArrayView(months[i]), Qt::CaseInsensitive) == 0)
            return i + 1;
    }
    return 0;
}

bool isDayName(QByteArrayView name)
{
    static constexpr const char *days[] = {"Mon",      "Tue",    "Wed",      "Thu",     "Fri",
                                           "Sat",      "Sun",    "Monday",   "Tuesday", "Wednesday",
                                           "Thursday", "Friday", "Saturday", "Sunday"};
    for (const char *day : days) {
        if (name.compare(QByteArrayView(day), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isGmt(QByteArrayView zone)
{
    return zone.compare(QByteArrayView("GMT"), Qt::CaseInsensitive) == 0 ||
           zone.compare(QByteArrayView("UTC"), Qt::CaseInsensitive) == 0;
}

// "HH:MM:SS"
QTime parseTime(QByteArrayView token)
{
    if (token.size() != 8 || token.at(2) != ':' || token.at(5) != ':')
        return {};
    const int h = parseUInt(token.sliced(0, 2), 2);
    const int m = parseUInt(token.sliced(3, 2), 2);
    int s = parseUInt(token.sliced(6, 2), 2);
    if (s == 60)
        s = 59; // a leap second is a valid HTTP time; QTime has no such second
    return h < 0 || m < 0 || s < 0 ? QTime() : QTime(h, m, s); // QTime rejects out-of-range parts itself
}

// RFC 9110 5.6.7: a two-digit year more than 50 years in the future means the most recent past such year.
int expandTwoDigitYear(int yy, int nowYear)
{
    int year = nowYear / 100 * 100 + yy;
    if (year > nowYear + 50)
        year -= 100;
    return year;
}

QVarLengthArray<QByteArrayView, 8> splitTokens(QByteArrayView text)
{
    QVarLengthArray<QByteArrayView, 8> tokens;
    qsizetype i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text.at(i) == ' ' || text.at(i) == '\t'))
            ++i;
        const qsizetype start = i;
        while (i < text.size() && text.at(i) != ' ' && text.at(i) != '\t')
            ++i;
        if (i > start)
            tokens.append(text.sliced(start, i - start));
    }
    return tokens;
}

QDateTime parseHttpDate(QByteArrayView text, int nowYear)
{
    const auto tokens = splitTokens(text);
    int year = -1, month = 0, day = -1;
    QTime time;
    if (tokens.size() == 6 && tokens[0].endsWith(',')) {
        // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
        if (!isDayName(tokens[0].chopped(1)) || !isGmt(tokens[5]))
            return {};
        day = parseUInt(tokens[1], 2);
        month = monthFromName(tokens[2]);
        year = parseUInt(tokens[3], 4);
        if (tokens[3].size() != 4)
            return {};
        time = parseTime(tokens[4]);
    } else if (tokens.size() == 4 && tokens[0].endsWith(',')) {
        // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
        if (!isDayName(tokens[0].chopped(1)) || !isGmt(tokens[3]))
            return {};
        const QByteArrayView date = tokens[1];
        const qsizetype dash1 = date.indexOf('-');
        const qsizetype dash2 = dash1 < 0 ? -1 : date.sliced(dash1 + 1).indexOf('-');
        if (dash2 < 0)
            return {};
        day = parseUInt(date.first(dash1), 2);
        month = monthFromName(date.sliced(dash1 + 1, dash2));
        const QByteArrayView yearText = date.sliced(dash1 + 1 + dash2 + 1);
        const int yy = parseUInt(yearText, 4);
        if (yearText.size() == 2 && yy >= 0)
            year = expandTwoDigitYear(yy, nowYear);
        else if (yearText.size() == 4)
            year = yy;
        time = parseTime(tokens[2]);
    } else if (tokens.size() == 5) {
        // asctime: "Sun Nov  6 08:49:37 1994"
        if (!isDayName(tokens[0]))
            return {};
        month = monthFromName(tokens[1]);
        day = parseUInt(tokens[2], 2);
        time = parseTime(tokens[3]);
        year = parseUInt(tokens[4], 4);
        if (tokens[4].size() != 4)
            return {};
    } else {
        return {};
    }
    if (year < 0 || month == 0 || day < 0 || !time.isValid())
        return {};
    const QDate date(year, month, day); // invalid for 31 Feb and the like
    if (!date.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

} // namespace

bool RetryPolicy::isRetryableStatus(int httpStatus)
{
    return httpStatus == 429 || httpStatus == 503;
}

bool RetryPolicy::isRetryableCategory(const QString &errorCategory)
{
    return errorCategory == u"refused" || errorCategory == u"reset" || errorCategory == u"timeout" ||
           errorCategory == u"network";
}

qint64 RetryPolicy::parseRetryAfterMs(QByteArrayView value, const QDateTime &nowUtc)
{
    const QByteArrayView text = value.trimmed();
    if (text.isEmpty())
        return -1;
    if (std::all_of(text.begin(), text.end(), isDigit)) {
        qint64 seconds = 0;
        for (const char c : text) {
            seconds = seconds * 10 + (c - '0');
            if (seconds > kSaturatedMs / 1000)
                return kSaturatedMs;
        }
        return seconds * 1000;
    }
    if (!nowUtc.isValid())
        return -1;
    const QDateTime when = parseHttpDate(text, nowUtc.toUTC().date().year());
    if (!when.isValid())
        return -1;
    return std::max<qint64>(nowUtc.msecsTo(when), 0);
}

qint64 RetryPolicy::backoffMs(int attemptsMade, int baseMs, int maxMs, QRandomGenerator &rng)
{
    const qint64 cap = std::max(maxMs, 0);
    const qint64 base = std::max(baseMs, 0);
    if (base == 0 || cap == 0)
        return 0;
    const int doublings = std::max(attemptsMade, 1) - 1;
    // base < 2^31, so base << 31 still fits in 63 bits; beyond that the int-sized cap has long been reached.
    const qint64 ceiling = doublings > 31 ? cap : std::min(base << doublings, cap);
    const qint64 half = ceiling / 2;
    return ceiling - half + rng.bounded(half + 1);
}

qint64 RetryPolicy::retryDelayMs(int attemptsMade, qint64 retryAfterMs, int baseMs, int maxMs, QRandomGenerator &rng)
{
    if (retryAfterMs >= 0)
        return std::min<qint64>(retryAfterMs, std::max(maxMs, 0));
    return backoffMs(attemptsMade, baseMs, maxMs, rng);
}

} // namespace Fanout
