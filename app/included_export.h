// app::WriteIncludedStudies — the included studies for the meta-analysis:
// one row (CSV) or object (JSON) per study, its reports' citation fields,
// DOIs, PMIDs and registration numbers, and empty extraction columns
// (n per arm, outcome, effect measure, mean/SD or events per arm, notes).
#ifndef WINNOW_APP_INCLUDED_EXPORT_H_
#define WINNOW_APP_INCLUDED_EXPORT_H_

#include <cstdint>
#include <ostream>

#include "core/status.h"
#include "store/store.h"

namespace app {

core::Status WriteIncludedStudies(store::Store& review, bool json, std::ostream& out, int64_t* rows);

}  // namespace app

#endif  // WINNOW_APP_INCLUDED_EXPORT_H_
