// parse::FindRegistrations — trial and review registration numbers in free
// text (titles, abstracts, PubMed DataBank accession numbers). Pure function,
// thread-safe.
#ifndef WINNOW_PARSE_REGISTRATIONS_H_
#define WINNOW_PARSE_REGISTRATIONS_H_

#include <string>
#include <string_view>
#include <vector>

namespace parse {

// Trial and review registration numbers in free text, upper-cased, in order
// of first appearance: NCT + 8 digits, ISRCTN + 8, ACTRN + 14, DRKS + 8,
// CHICTR[-A-Z0-9]+, EudraCT 20##-######-## (as "EUDRACT2019-001234-56"),
// CRD4 + 9-10 digits (PROSPERO). Matching ignores case and allows one space
// after the prefix. Appends to *out, skipping numbers already there.
void FindRegistrations(std::string_view text, std::vector<std::string>* out);

}  // namespace parse

#endif  // WINNOW_PARSE_REGISTRATIONS_H_
