// parse::ReadEutilsResponse — reads an NCBI E-utilities XML response (esearch,
// efetch) into core::EutilsResponse for the PubMed connector, which may not
// include pugixml itself. Matches core::EutilsReader.
#ifndef WINNOW_PARSE_EUTILS_RESPONSE_H_
#define WINNOW_PARSE_EUTILS_RESPONSE_H_

#include <string>
#include <string_view>

#include "core/eutils.h"

namespace parse {

bool ReadEutilsResponse(std::string_view body, core::EutilsResponse* out, std::string* why);

}  // namespace parse

#endif  // WINNOW_PARSE_EUTILS_RESPONSE_H_
