// app::prisma — the PRISMA 2020 flow computed from what the review recorded:
// records per database and register (imports and search runs by source),
// duplicates (records minus works), automation exclusions (per rule),
// records screened and excluded at title/abstract, reports sought, not
// retrieved, assessed and excluded at full text (with reasons), and the
// included works. Nothing is typed in.
#ifndef WINNOW_APP_PRISMA_H_
#define WINNOW_APP_PRISMA_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "export/prisma.h"
#include "store/store.h"

namespace app {

// The flow, and the reasons it cannot be reported yet (works still
// unscreened or in conflict, arithmetic that does not hold). With `since`
// (ISO 8601 UTC, or a date meaning the start of that day) the flow of an
// update of a living review: records stored at or after `since`, the works
// they made, and as the previous version the works included before it
// (their status then, from the audit log).
core::Status ComputePrisma(store::Store& review, exporter::PrismaFlow* flow,
                           std::vector<std::string>* problems, const std::string& since = "");

}  // namespace app

#endif  // WINNOW_APP_PRISMA_H_
