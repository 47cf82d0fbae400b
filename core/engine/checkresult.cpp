#include "engine/checkresult.h"

namespace Fanout {

QString CheckResult::errorCategory() const
{
    const qsizetype colon = error.indexOf(QLatin1Char(':'));
    return colon < 0 ? error : error.left(colon);
}

CheckOutcome CheckResult::doneOutcome(int status, QStringView error)
{
    if (error.isEmpty())
        return status > 0 && status < 400 ? CheckOutcome::Ok
               : status >= 400            ? CheckOutcome::HttpError
                                          : CheckOutcome::OtherError;
    // The keys and messages are the engine's (checkjob.cpp, checker.cpp, rules.cpp, urllist.cpp).
    const qsizetype colon = error.indexOf(QLatin1Char(':'));
    const QStringView category = colon < 0 ? error : error.left(colon);
    if (category == QLatin1String("accepted"))
        return CheckOutcome::Accepted;
    if (category == QLatin1String("status"))
        return CheckOutcome::NotAccepted;
    if (category == QLatin1String("timeout"))
        return CheckOutcome::Timeout;
    if (category == QLatin1String("redirects")) {
        if (error.startsWith(QLatin1String("redirects: loop")))
            return CheckOutcome::RedirectLoop;
        if (error.startsWith(QLatin1String("redirects: more than")))
            return CheckOutcome::TooManyRedirects;
        return CheckOutcome::BadRedirect;
    }
    static const struct
    {
        const char *key;
        CheckOutcome outcome;
    } keys[] = {{"dns", CheckOutcome::Dns},
                {"refused", CheckOutcome::Refused},
                {"reset", CheckOutcome::Reset},
                {"tls", CheckOutcome::Tls},
                {"proxy", CheckOutcome::Proxy},
                {"network", CheckOutcome::Network},
                {"protocol", CheckOutcome::Protocol},
                {"content", CheckOutcome::Content},
                {"too-large", CheckOutcome::TooLarge},
                {"scheme", CheckOutcome::Scheme},
                {"invalid", CheckOutcome::Invalid},
                {"cancelled", CheckOutcome::Cancelled},
                {"excluded", CheckOutcome::Excluded},
                {"skipped", CheckOutcome::Skipped}};
    for (const auto &key : keys)
        if (category == QLatin1String(key.key))
            return key.outcome;
    return CheckOutcome::OtherError;
}

} // namespace Fanout
