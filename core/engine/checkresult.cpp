#include "engine/checkresult.h"

namespace Fanout {

QString CheckResult::errorCategory() const
{
    const qsizetype colon = error.indexOf(QLatin1Char(':'));
    return colon < 0 ? error : error.left(colon);
}

} // namespace Fanout
