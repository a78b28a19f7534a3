#include "parse/formats.h"

#include <zlib.h>

#include <algorithm>
#include <string_view>

#include "parse/pubmed_xml_reader.h"

namespace parse {
namespace {

// The first `n` bytes of the file, decompressed if it is gzip (gzread reads
// plain files as they are).
core::Status Head(const std::string& path, size_t n, std::string* out) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return core::Status::Io(path + ": cannot open");
  out->resize(n);
  int got = gzread(f, out->data(), static_cast<unsigned>(n));
  gzclose(f);
  if (got < 0) return core::Status::InvalidInput(path + ": cannot read (corrupt gzip?)");
  out->resize(static_cast<size_t>(got));
  return core::Status::Ok();
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

}  // namespace

const std::vector<std::string>& KnownFormats() {
  static const std::vector<std::string> kFormats = {"pubmed-xml"};
  return kFormats;
}

core::Status DetectFormat(const std::string& path, std::string* format) {
  std::string head;
  WINNOW_RETURN_IF_ERROR(Head(path, 64 * 1024, &head));
  if (Contains(head, "<PubmedArticleSet") || Contains(head, "<MedlineCitationSet") ||
      Contains(head, "<PubmedBookArticleSet") ||
      Contains(head, "<PubmedArticle>") || Contains(head, "<PubmedBookArticle>")) {
    *format = "pubmed-xml";
    return core::Status::Ok();
  }
  return core::Status::InvalidInput(path + ": cannot tell the file's format from its content "
                                    "(supported: pubmed-xml); name it with --format");
}

std::string DefaultSource(const std::string& format) {
  if (format == "pubmed-xml") return "pubmed";
  return "";
}

core::Status OpenReader(const std::string& format, const std::string& path,
                        const std::string& display, std::unique_ptr<RecordReader>* out) {
  if (format == "pubmed-xml") {
    *out = std::make_unique<PubmedXmlReader>(path, display);
    return core::Status::Ok();
  }
  return core::Status::Usage("unknown format '" + format + "' (known: pubmed-xml)");
}

}  // namespace parse
