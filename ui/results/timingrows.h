#pragma once

#include "engine/checkresult.h"

#include <QVector>

#include <memory>

namespace Fanout {

// The results model's slim per-row results (ResultsModel::timingRows), shared read-only with the timing views:
// one copy for a list of any size, and a view never holds a pointer that can outlive the rows it reads.
using TimingRows = std::shared_ptr<const QVector<CheckResult>>;

} // namespace Fanout
