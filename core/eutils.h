// core::EutilsResponse — what an NCBI E-utilities XML response says, as far
// as fetching needs it. parse/ reads it (pugixml stays in parse/); fetch/
// drives esearch paging and efetch checks from it; app/ connects the two.
#ifndef WINNOW_CORE_EUTILS_H_
#define WINNOW_CORE_EUTILS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace core {

struct EutilsResponse {
  std::string root;   // the document element's name ("eSearchResult", "PubmedArticleSet")
  std::string error;  // text of an <ERROR> at the root: NCBI relays backend failures so
  // eSearchResult
  int64_t count = -1;                 // Count; -1 when absent
  std::vector<std::string> ids;       // IdList
  std::string translation;            // QueryTranslation
  std::vector<std::string> errors;    // ErrorList entries, "PhraseNotFound: fleegle"
  std::vector<std::string> warnings;  // WarningList entries, "OutputMessage: No items found."
  // PubmedArticleSet
  int64_t articles = 0;  // PubmedArticle and PubmedBookArticle elements
};

// Reads `body` into *out. False, with *why naming the problem and its byte
// offset, when the body is not complete, well-formed XML (a truncated
// response); an <ERROR> body is well-formed and returns true with `error` set.
using EutilsReader = bool (*)(std::string_view body, EutilsResponse* out, std::string* why);

}  // namespace core

#endif  // WINNOW_CORE_EUTILS_H_
