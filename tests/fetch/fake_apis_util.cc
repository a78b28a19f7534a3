// The shared helpers of the fake server; see fake_apis_util.h.
#include "tests/fetch/fake_apis_util.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <regex>
#include <stdexcept>

namespace winnow_test::fake {

// ---- small text helpers

// memmem: far faster than string_view::find on XML, where every other byte is '<'.
size_t Find(std::string_view hay, std::string_view needle, size_t from) {
  if (from > hay.size()) return std::string_view::npos;
  const void* at = memmem(hay.data() + from, hay.size() - from, needle.data(), needle.size());
  return at ? static_cast<size_t>(static_cast<const char*>(at) - hay.data())
            : std::string_view::npos;
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string PercentEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}
std::shared_ptr<const Blob> ReadBlob(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  struct stat st;
  if (!f || fstat(fileno(f.get()), &st) != 0)
    throw std::runtime_error("FakeApis: cannot read " + path);
  auto blob = std::make_shared<Blob>();
  if (st.st_size == 0) return blob;
  blob->map_size = static_cast<size_t>(st.st_size);
  blob->map = mmap(nullptr, blob->map_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (blob->map == MAP_FAILED) throw std::runtime_error("FakeApis: out of memory reading " + path);
  size_t got = 0;
  while (got < blob->map_size) {
    ssize_t n = read(fileno(f.get()), static_cast<char*>(blob->map) + got, blob->map_size - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  blob->bytes = std::string_view(static_cast<const char*>(blob->map), got);
  return blob;
}

json ParseJsonFile(const std::string& path) {
  json doc = json::parse(ReadBlob(path)->bytes, nullptr, false);
  if (doc.is_discarded()) throw std::runtime_error("FakeApis: bad JSON in " + path);
  return doc;
}

std::string Param(const httplib::Request& req, const char* name, std::string fallback) {
  return req.has_param(name) ? req.get_param_value(name) : fallback;
}

// A non-negative integer parameter; `fallback` when absent or not a number.
size_t SizeParam(const httplib::Request& req, const char* name, size_t fallback) {
  std::string v = Param(req, name);
  if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 9) {
    return fallback;
  }
  return std::stoul(v);
}

// ---- dates: day numbers since 1970-01-01

// "YYYY", "YYYY/MM", "YYYY/MM/DD" (or with '-'); a partial date is the first
// day of its period, or the last one when `end_of_period`.
std::optional<int> ParseDay(std::string_view s, bool end_of_period) {
  using namespace std::chrono;
  int parts[3] = {0, 1, 1};
  int n = 0;
  size_t i = 0;
  while (i < s.size() && n < 3) {
    size_t j = i;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
    if (j == i || j - i > 4) return std::nullopt;
    parts[n++] = std::stoi(std::string(s.substr(i, j - i)));
    if (j < s.size() && s[j] != '/' && s[j] != '-') return std::nullopt;
    i = j + 1;
  }
  if (n == 0 || i < s.size()) return std::nullopt;
  year_month_day ymd{year{parts[0]}, month{static_cast<unsigned>(parts[1])},
                     day{static_cast<unsigned>(parts[2])}};
  if (end_of_period && n == 1) ymd = year{parts[0]} / December / 31;
  if (end_of_period && n == 2) {
    ymd = year_month_day{
        year_month_day_last{year{parts[0]} / month{static_cast<unsigned>(parts[1])} / last}};
  }
  if (!ymd.ok()) return std::nullopt;
  return static_cast<int>(sys_days{ymd}.time_since_epoch().count());
}

int DayOrThrow(const std::string& s) {
  std::optional<int> d = ParseDay(s, false);
  if (!d) throw std::runtime_error("FakeApis: bad date '" + s + "'");
  return *d;
}

std::string FormatDay(int days) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

// ---- opaque paging tokens: base64 (no padding) of "<kind>:<offset>"

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string EncodeToken(std::string_view kind, size_t offset) {
  std::string raw = std::string(kind) + ":" + std::to_string(offset) + ":fake";
  std::string out = "AoI";
  unsigned bits = 0;
  int nbits = 0;
  for (unsigned char c : raw) {
    bits = (bits << 8) | c;
    nbits += 8;
    while (nbits >= 6) out += kB64[(bits >> (nbits -= 6)) & 63];
  }
  if (nbits > 0) out += kB64[(bits << (6 - nbits)) & 63];
  return out;
}

std::optional<size_t> DecodeToken(std::string_view kind, std::string_view token) {
  if (token.substr(0, 3) != "AoI") return std::nullopt;
  std::string raw;
  unsigned bits = 0;
  int nbits = 0;
  for (char c : token.substr(3)) {
    const char* p = std::strchr(kB64, c);
    if (c == '\0' || p == nullptr) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(p - kB64);
    nbits += 6;
    if (nbits >= 8) raw += static_cast<char>((bits >> (nbits -= 8)) & 255);
  }
  std::string prefix = std::string(kind) + ":";
  if (raw.rfind(prefix, 0) != 0 || raw.size() < prefix.size() + 6) return std::nullopt;
  std::string digits = raw.substr(prefix.size(), raw.size() - prefix.size() - 5);
  if (raw.substr(raw.size() - 5) != ":fake" || digits.empty() ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoul(digits);
}

// ---- query filters

std::optional<Range> EpmcDateFilter(const std::string& query) {
  static const std::regex re(R"(FIRST_IDATE\s*:\s*\[\s*(\S+)\s+TO\s+([^\]\s]+)\s*\])",
                             std::regex::icase);
  std::smatch m;
  if (!std::regex_search(query, m, re)) return std::nullopt;
  auto bound = [](std::string v) { return v == "*" ? std::string() : v; };
  return Range{bound(m[1]), bound(m[2])};
}

std::optional<Range> CtgovDateFilter(const std::string& query) {
  static const std::regex re(R"(RANGE\s*\[\s*([^,\]]*?)\s*,\s*([^\]]*?)\s*\])", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(query, m, re)) return std::nullopt;
  auto bound = [](std::string v) { return (v == "MIN" || v == "MAX") ? std::string() : v; };
  return Range{bound(m[1]), bound(m[2])};
}

// Appends the non-empty, trimmed items of a comma-separated list.
void SplitIds(const std::string& list, std::vector<std::string>* ids) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = std::min(list.find(',', start), list.size());
    size_t b = list.find_first_not_of(" \t\r\n", start);
    size_t e = list.find_last_not_of(" \t\r\n", comma - 1);
    if (b < comma && e != std::string::npos && e >= b) ids->push_back(list.substr(b, e - b + 1));
    start = comma + 1;
  }
}
std::string EfetchError(const std::string& msg) {
  return std::string(kEfetchErrorHead) + "<eFetchResult>\n\t<ERROR>" + XmlEscape(msg) +
         "</ERROR>\n</eFetchResult>\n";
}

std::string HtmlErrorPage(int status) {
  const char* reason = status == 500   ? "Internal Server Error"
                       : status == 502 ? "Bad Gateway"
                       : status == 503 ? "Service Temporarily Unavailable"
                                       : "Gateway Time-out";
  std::string title = std::to_string(status) + " " + reason;
  return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
         "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
}
}  // namespace winnow_test::fake
