// Helpers shared by the query parsers (queries/parse_util.h): scanning,
// errors, and the tables that map PubMed tags and Ovid/Cochrane field codes
// onto queries::Field.
#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "queries/parse_util.h"

namespace queries::internal {

size_t Scanner::Length() const {
  unsigned char c = static_cast<unsigned char>(text_[offset_]);
  size_t n = c < 0xC0 || c >= 0xF8 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (n > text_.size() - offset_) return 1;
  for (size_t i = 1; i < n; ++i) {  // invalid UTF-8: each byte counts as one
    if ((static_cast<unsigned char>(text_[offset_ + i]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

char32_t Scanner::Peek() const {
  if (AtEnd()) return 0;
  size_t n = Length();
  unsigned char c = static_cast<unsigned char>(text_[offset_]);
  if (n == 1) return c;
  char32_t cp = c & (0x7F >> n);
  for (size_t i = 1; i < n; ++i)
    cp = (cp << 6) | (static_cast<unsigned char>(text_[offset_ + i]) & 0x3F);
  return cp;
}

void Scanner::Advance() {
  if (AtEnd()) return;
  bool newline = text_[offset_] == '\n';
  offset_ += Length();
  if (newline) {
    ++pos_.line;
    pos_.column = 1;
  } else {
    ++pos_.column;
  }
}

core::Status ErrorAt(Position pos, const std::string& what) {
  return core::Status::InvalidInput(PositionText(pos) + ": " + what);
}

void Warn(std::vector<Message>* warnings, Position pos, std::string text) {
  if (warnings != nullptr) warnings->push_back(Message{pos, std::move(text)});
}

Position Advanced(Position start, std::string_view line, size_t offset) {
  Scanner s(line, start);
  while (!s.AtEnd() && s.offset() < offset) s.Advance();
  return s.pos();
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  const char* space = " \t\r\n\f\v";
  size_t b = text.find_first_not_of(space);
  if (b == std::string_view::npos) return {};
  size_t e = text.find_last_not_of(space);
  return text.substr(b, e - b + 1);
}

size_t CodePoints(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool IsAllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool IsBooleanWord(std::string_view word, Node::Kind* kind) {
  std::string w = Lower(word);
  if (w == "and")
    *kind = Node::Kind::kAnd;
  else if (w == "or")
    *kind = Node::Kind::kOr;
  else if (w == "not")
    *kind = Node::Kind::kNot;
  else
    return false;
  return true;
}

bool IsDateField(Field field) {
  return field == Field::kPublicationDate || field == Field::kEntrezDate;
}

namespace {

// Lower case, runs of spaces as one, no spaces around '/' and '-' kept as written.
std::string TagKey(std::string_view tag) {
  std::string key;
  for (const std::string& w : SplitWords(Lower(tag))) key += (key.empty() ? "" : " ") + w;
  return key;
}

const std::map<std::string, Field>& PubmedTags() {
  static const auto* tags = new std::map<std::string, Field>{
      {"all", Field::kAll},
      {"all fields", Field::kAll},
      {"ti", Field::kTitle},
      {"title", Field::kTitle},
      {"ab", Field::kAbstract},
      {"abstract", Field::kAbstract},
      {"tiab", Field::kTitleAbstract},
      {"title/abstract", Field::kTitleAbstract},
      {"tw", Field::kTextWord},
      {"text word", Field::kTextWord},
      {"text words", Field::kTextWord},
      {"mh", Field::kMesh},
      {"mesh", Field::kMesh},
      {"mesh terms", Field::kMesh},
      {"mesh term", Field::kMesh},
      {"mh:noexp", Field::kMeshNoExp},
      {"mesh:noexp", Field::kMeshNoExp},
      {"mesh terms:noexp", Field::kMeshNoExp},
      {"mesh term:noexp", Field::kMeshNoExp},
      {"majr", Field::kMeshMajor},
      {"mesh major topic", Field::kMeshMajor},
      {"sh", Field::kSubheading},
      {"subheading", Field::kSubheading},
      {"mesh subheading", Field::kSubheading},
      {"pt", Field::kPublicationType},
      {"publication type", Field::kPublicationType},
      {"ptyp", Field::kPublicationType},
      {"au", Field::kAuthor},
      {"author", Field::kAuthor},
      {"auth", Field::kAuthor},
      {"fau", Field::kAuthor},
      {"full author name", Field::kAuthor},
      {"1au", Field::kFirstAuthor},
      {"author - first", Field::kFirstAuthor},
      {"first author", Field::kFirstAuthor},
      {"ta", Field::kJournal},
      {"journal", Field::kJournal},
      {"jour", Field::kJournal},
      {"la", Field::kLanguage},
      {"language", Field::kLanguage},
      {"lang", Field::kLanguage},
      {"dp", Field::kPublicationDate},
      {"publication date", Field::kPublicationDate},
      {"date - publication", Field::kPublicationDate},
      {"pdat", Field::kPublicationDate},
      {"edat", Field::kEntrezDate},
      {"entrez date", Field::kEntrezDate},
      {"date - entrez", Field::kEntrezDate},
      {"date - entry", Field::kEntrezDate},
      {"entry date", Field::kEntrezDate},
      {"uid", Field::kUid},
      {"pmid", Field::kUid},
  };
  return *tags;
}

// Real PubMed tags that no queries::Field models; searched as all fields.
const std::set<std::string>& UnsupportedPubmedTags() {
  static const auto* tags = new std::set<std::string>{"vi",
                                                      "volume",
                                                      "ip",
                                                      "issue",
                                                      "pg",
                                                      "pagination",
                                                      "ad",
                                                      "affiliation",
                                                      "sb",
                                                      "filter",
                                                      "subset",
                                                      "ot",
                                                      "other term",
                                                      "nm",
                                                      "supplementary concept",
                                                      "pa",
                                                      "pharmacological action",
                                                      "gr",
                                                      "grant number",
                                                      "ir",
                                                      "investigator",
                                                      "cn",
                                                      "corporate author",
                                                      "lastau",
                                                      "last author",
                                                      "ed",
                                                      "editor",
                                                      "pl",
                                                      "place of publication",
                                                      "jid",
                                                      "nlm unique id",
                                                      "crdt",
                                                      "create date",
                                                      "dcom",
                                                      "completion date",
                                                      "mhda",
                                                      "mesh date",
                                                      "lr",
                                                      "modification date",
                                                      "si",
                                                      "secondary source id",
                                                      "tt",
                                                      "transliterated title",
                                                      "lid",
                                                      "location id",
                                                      "aid",
                                                      "cois",
                                                      "conflict of interest",
                                                      "is",
                                                      "issn",
                                                      "isbn",
                                                      "pubn",
                                                      "publisher",
                                                      "book",
                                                      "rn",
                                                      "ec/rn number"};
  return *tags;
}

}  // namespace

TagInfo LookupPubmedTag(std::string_view tag) {
  TagInfo info;
  std::string key = TagKey(tag);
  size_t tilde = key.find(":~");
  if (tilde != std::string::npos) {
    std::string n = key.substr(tilde + 2);
    auto it = PubmedTags().find(key.substr(0, tilde));
    if (!IsAllDigits(n) || n.size() > 4 || it == PubmedTags().end()) return info;
    Field f = it->second;
    if (f != Field::kTitle && f != Field::kAbstract && f != Field::kTitleAbstract &&
        f != Field::kTextWord && f != Field::kAll) {
      return info;  // no proximity in MeSH, authors, dates, ...
    }
    info.kind = TagInfo::Kind::kProximity;
    info.field = it->second;
    info.distance = std::stoi(n);
    return info;
  }
  auto it = PubmedTags().find(key);
  if (it != PubmedTags().end()) {
    info.kind = TagInfo::Kind::kField;
    info.field = it->second;
  } else if (UnsupportedPubmedTags().count(key) != 0) {
    info.kind = TagInfo::Kind::kUnsupported;
  }
  return info;
}

namespace {

std::vector<std::string> SplitCodes(std::string_view codes) {
  std::vector<std::string> out;
  std::string code;
  for (char c : Lower(codes)) {
    if (c == ',') {
      out.push_back(std::string(Trim(code)));
      code.clear();
    } else {
      code += c;
    }
  }
  out.push_back(std::string(Trim(code)));
  return out;
}

// Several codes: title+abstract, or any text-ish set as text word.
bool CombinedFields(const std::vector<std::string>& codes, const std::set<std::string>& textish,
                    Field* field) {
  std::set<std::string> set(codes.begin(), codes.end());
  for (const std::string& c : set) {
    if (textish.count(c) == 0) return false;
  }
  *field = set == std::set<std::string>{"ti", "ab"} ? Field::kTitleAbstract : Field::kTextWord;
  return true;
}

bool LookupCodes(std::string_view codes, const std::map<std::string, Field>& single,
                 const std::set<std::string>& textish, Field* field) {
  std::vector<std::string> list = SplitCodes(codes);
  if (list.size() > 1) return CombinedFields(list, textish, field);
  auto it = single.find(list[0]);
  if (it == single.end()) return false;
  *field = it->second;
  return true;
}

}  // namespace

bool OvidFields(std::string_view codes, Field* field) {
  static const auto* single = new std::map<std::string, Field>{
      {"ti", Field::kTitle},           {"ab", Field::kAbstract},
      {"tw", Field::kTextWord},        {"mp", Field::kTextWord},
      {"kw", Field::kTextWord},        {"kf", Field::kTextWord},
      {"ot", Field::kTextWord},        {"sh", Field::kMeshNoExp},
      {"hw", Field::kMeshNoExp},       {"pt", Field::kPublicationType},
      {"au", Field::kAuthor},          {"lg", Field::kLanguage},
      {"la", Field::kLanguage},        {"jn", Field::kJournal},
      {"jx", Field::kJournal},         {"jw", Field::kJournal},
      {"yr", Field::kPublicationDate}, {"ui", Field::kUid},
      {"fs", Field::kSubheading},      {"af", Field::kAll}};
  static const auto* textish =
      new std::set<std::string>{"ti", "ab", "tw", "mp", "kw", "kf", "ot", "sh", "hw"};
  return LookupCodes(codes, *single, *textish, field);
}

bool CochraneFields(std::string_view codes, Field* field) {
  static const auto* single = new std::map<std::string, Field>{
      {"ti", Field::kTitle},    {"ab", Field::kAbstract}, {"kw", Field::kTextWord},
      {"au", Field::kAuthor},   {"so", Field::kJournal},  {"pt", Field::kPublicationType},
      {"mh", Field::kMeshNoExp}};
  static const auto* textish = new std::set<std::string>{"ti", "ab", "kw"};
  return LookupCodes(codes, *single, *textish, field);
}

}  // namespace queries::internal
