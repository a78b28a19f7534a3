#include "parse/eutils_response.h"

#include <pugixml.hpp>

#include <cstring>
#include <string>

namespace parse {
namespace {

std::string Trimmed(const char* text) {
  std::string s(text);
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// "Name: text" for each child of a list element.
void ReadList(pugi::xml_node list, std::vector<std::string>* out) {
  for (pugi::xml_node e : list.children()) {
    if (e.type() != pugi::node_element) continue;
    out->push_back(std::string(e.name()) + ": " + Trimmed(e.child_value()));
  }
}

}  // namespace

bool ReadEutilsResponse(std::string_view body, core::EutilsResponse* out, std::string* why) {
  *out = core::EutilsResponse();
  pugi::xml_document doc;
  pugi::xml_parse_result ok = doc.load_buffer(body.data(), body.size());
  if (!ok) {
    *why = std::string(ok.description()) + " at byte " + std::to_string(ok.offset);
    return false;
  }
  pugi::xml_node root = doc.document_element();
  if (!root) {
    *why = "no root element";
    return false;
  }
  out->root = root.name();
  pugi::xml_node error = std::strcmp(root.name(), "ERROR") == 0 ? root : root.child("ERROR");
  if (error) {
    out->error = Trimmed(error.child_value());
    if (out->error.empty()) out->error = "(no text)";
  }
  if (out->root == "eSearchResult") {
    if (pugi::xml_node count = root.child("Count")) out->count = count.text().as_llong(-1);
    for (pugi::xml_node id : root.child("IdList").children("Id")) {
      out->ids.push_back(Trimmed(id.child_value()));
    }
    out->translation = Trimmed(root.child_value("QueryTranslation"));
    ReadList(root.child("ErrorList"), &out->errors);
    ReadList(root.child("WarningList"), &out->warnings);
  } else if (out->root == "PubmedArticleSet") {
    for (pugi::xml_node a : root.children()) {
      if (std::strcmp(a.name(), "PubmedArticle") == 0 ||
          std::strcmp(a.name(), "PubmedBookArticle") == 0) {
        ++out->articles;
      }
    }
  }
  return true;
}

}  // namespace parse
