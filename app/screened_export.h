// `winnow export --set screened`: every work that screening has touched (a
// rule, a reviewer's decision, a lead's resolution) with each reviewer's
// decisions, reasons and notes at title/abstract and full text — what
// reviewers hand to each other, or to ASReview and Rayyan.
//
// CSV: the standard export columns, then `included` (the title/abstract
// label as ASReview reads it: 1 passed, 0 excluded by a rule or the
// reviewers, empty while open), ta_outcome, ta_resolution, excluded_by_rule,
// fulltext, ft_outcome, ft_resolution, ft_resolution_reason, and for each
// reviewer ta_NAME, ta_NAME_reason, ta_NAME_note, ft_NAME, ft_NAME_reason,
// ft_NAME_note. JSON: the record shape of DESIGN.md plus a "screening"
// object. RIS: the record plus N1 notes (ASReview_relevant /
// ASReview_irrelevant / ASReview_not_seen, then one note per decision).
//
// Blind mode, for anyone but a lead: another reviewer's decisions on a work
// not yet settled at that stage (see app::MaySee) are left out as if not
// made, every unsettled outcome is "open", and a work still unscreened is
// listed only when the viewer decided it — so nothing tells a reviewer
// whether, or how, another has decided a work they have not seen settled.
#ifndef WINNOW_APP_SCREENED_EXPORT_H_
#define WINNOW_APP_SCREENED_EXPORT_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "core/status.h"
#include "export/writer.h"
#include "store/store.h"

namespace app {

// The export item of a work row: a work of several source records gets its
// canonical record, field by field, and the list of its records.
core::Status WorkExportItem(store::Store& review, const store::RecordRow& row,
                            exporter::ExportItem* item);

// Writes the screened set as seen by `viewer` (a reviewer's name; empty for
// nobody in particular). InvalidInput for an unknown reviewer.
core::Status WriteScreened(store::Store& review, exporter::Format format, const std::string& viewer,
                           std::ostream& out, int64_t* rows);

}  // namespace app

#endif  // WINNOW_APP_SCREENED_EXPORT_H_
