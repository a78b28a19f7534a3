#include "parse/wos_reader.h"

#include <algorithm>
#include <utility>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

using Field = WosReader::Field;
using Fields = std::vector<Field>;

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBlank(std::string_view s) { return TrimValue(s).empty(); }

// "AU Name" / "ER": a letter and a letter or digit, then a space or the end
// of the line. Upper case, or lower case when `lower` is set.
bool ParseTag(std::string_view line, bool lower, std::string* tag, std::string_view* value) {
  if (line.size() < 2 || (line.size() > 2 && line[2] != ' ')) return false;
  const bool up = IsUpper(line[0]) && (IsUpper(line[1]) || IsDigit(line[1]));
  const bool low = lower && IsLower(line[0]) && (IsLower(line[1]) || IsDigit(line[1]));
  if (!up && !low) return false;
  *tag = {static_cast<char>(line[0] & ~0x20),
          static_cast<char>(IsDigit(line[1]) ? line[1] : line[1] & ~0x20)};
  *value = TrimValue(line.substr(2));
  return true;
}

const Field* Find(const Fields& fields, std::string_view tag) {
  for (const Field& f : fields) {
    if (f.tag == tag) return &f;
  }
  return nullptr;
}

// The first `tag` field's lines joined by spaces, white space collapsed.
std::string Text(const Fields& fields, std::string_view tag) {
  const Field* f = Find(fields, tag);
  if (!f) return "";
  std::string out;
  for (const std::string& l : f->lines) (out += ' ') += l;
  return core::CollapseSpace(out);
}

// Every line of every `tag` field, each split at ';' (one name per line,
// or "A; B" on one line), with an "(email)" after a name dropped.
std::vector<std::string> Names(const Fields& fields, std::string_view tag) {
  std::vector<std::string> out;
  for (const Field& f : fields) {
    if (f.tag != tag) continue;
    for (const std::string& line : f.lines) {
      for (std::string name : SplitList(line, ";")) {
        const size_t open = name.find('(');
        if (open != std::string::npos && name.find('@', open) != std::string::npos) {
          name = core::CollapseSpace(name.substr(0, open));
        }
        if (!name.empty()) out.push_back(std::move(name));
      }
    }
  }
  return out;
}

// "Brown, JM" / "Brown, J.M.": WoS AU initials, not a given name.
void GivenToInitials(core::Author* a) {
  int letters = 0;
  for (char c : a->given) {
    if (IsUpper(c)) {
      ++letters;
    } else if (c != '.' && c != ' ' && c != '-') {
      return;
    }
  }
  if (letters == 0 || letters > 3) return;
  a->initials.clear();
  for (char c : a->given) {
    if (IsUpper(c)) a->initials.push_back(c);
  }
  a->given.clear();
}

// Authors with the name keys the C1/RP/OI fields are matched against.
class AuthorList {
 public:
  AuthorList(const Fields& fields, std::vector<core::Author>* out) : authors_(out) {
    std::vector<std::string> au = Names(fields, "AU"), af = Names(fields, "AF");
    if (au.empty() && af.empty()) {
      au = Names(fields, "BA");
      af = Names(fields, "BF");
    }
    const std::vector<std::string>& names = af.empty() ? au : af;
    const bool paired = !af.empty() && af.size() == au.size();
    for (size_t i = 0; i < names.size(); ++i) {
      core::Author a = core::ParseAuthorName(names[i]);
      if (a.family.empty()) continue;
      GivenToInitials(&a);  // also old AF lists that repeat AU
      Keys keys;
      keys.exact = {core::MatchKey(names[i]), core::MatchKey(a.family + " " + a.given),
                    SortedWords(core::MatchKey(names[i]))};
      keys.loose = {Loose(a)};
      if (paired) {
        core::Author s = core::ParseAuthorName(au[i]);
        GivenToInitials(&s);
        if (!s.initials.empty()) a.initials = s.initials;
        keys.exact.push_back(core::MatchKey(au[i]));
        keys.loose.push_back(Loose(s));
      }
      keys_.push_back(std::move(keys));
      authors_->push_back(std::move(a));
    }
    for (const char* tag : {"CA", "GP"}) {
      for (const std::string& group : Names(fields, tag)) {
        core::Author a;
        a.collective = group;
        authors_->push_back(std::move(a));
      }
    }
  }

  // The index of the personal author `name` designates, or -1.
  int Match(std::string_view name) const {
    const std::string key = core::MatchKey(name), sorted = SortedWords(key);
    if (key.empty()) return -1;
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (Has(keys_[i].exact, key) || Has(keys_[i].exact, sorted)) return static_cast<int>(i);
    }
    const std::string loose = Loose(core::ParseAuthorName(name));
    int found = -1;
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (!Has(keys_[i].loose, loose)) continue;
      if (found >= 0) return -1;  // ambiguous
      found = static_cast<int>(i);
    }
    return found;
  }

  void AddAffiliation(int i, std::string_view address) {
    if (i >= 0 && !address.empty()) AddUnique(&(*authors_)[i].affiliations, address);
  }
  void SetOrcid(int i, std::string orcid) {
    if (i >= 0 && (*authors_)[i].orcid.empty()) (*authors_)[i].orcid = std::move(orcid);
  }
  size_t PersonCount() const { return keys_.size(); }

 private:
  // "family + first initial", the fallback key.
  static std::string Loose(const core::Author& a) {
    return core::MatchKey(a.family) + "|" + core::MatchKey(a.initials).substr(0, 1);
  }

  // "sterner therese rydberg" -> "rydberg sterner therese": names whose
  // parts were ordered differently ("Rydberg Sterner, Therese").
  static std::string SortedWords(const std::string& key) {
    std::vector<std::string> words = SplitList(key, " ");
    std::sort(words.begin(), words.end());
    std::string out = "~";
    for (const std::string& w : words) (out += ' ') += w;
    return out;
  }

  static bool Has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }

  struct Keys {
    std::vector<std::string> exact;  // the names as written, and family + given
    std::vector<std::string> loose;  // family + first initial
  };
  std::vector<core::Author>* authors_;
  std::vector<Keys> keys_;  // one per personal author
};

// C1 lines as addresses: a line starting with '[' or following a line that
// ends with '.' starts a new address, others continue the one above.
std::vector<std::string> AddressItems(const Fields& fields) {
  std::vector<std::string> items;
  for (const Field& f : fields) {
    if (f.tag != "C1") continue;
    for (size_t i = 0; i < f.lines.size(); ++i) {
      const std::string& l = f.lines[i];
      if (l.empty()) continue;
      if (i == 0 || l.front() == '[' || items.empty() || items.back().ends_with('.')) {
        items.push_back(l);
      } else {
        (items.back() += ' ') += l;
      }
    }
  }
  return items;
}

void FillAddress(const std::string& item, AuthorList* authors) {
  std::vector<std::string> names;
  std::string address = item;
  const size_t close = item.find(']');
  if (item.front() == '[' && close != std::string::npos) {
    names = SplitList(std::string_view(item).substr(1, close - 1), ";");
    address = core::CollapseSpace(std::string_view(item).substr(close + 1));
  } else {  // "Name; Name; Address"
    std::vector<std::string> parts = SplitList(item, ";");
    size_t k = 0;
    while (k + 1 < parts.size() && authors->Match(parts[k]) >= 0) names.push_back(parts[k++]);
    if (k > 0) {
      address.clear();
      for (size_t i = k; i < parts.size(); ++i) address += (i > k ? "; " : "") + parts[i];
    }
  }
  bool matched = false;
  for (const std::string& n : names) {
    const int i = authors->Match(n);
    authors->AddAffiliation(i, address);
    matched |= i >= 0;
  }
  if (!matched && authors->PersonCount() > 0) authors->AddAffiliation(0, address);
}

// RP "Name (corresponding author), Address.; Name (corresponding author), ...".
void FillReprintAddress(const std::string& rp, AuthorList* authors) {
  size_t start = 0;
  while (start < rp.size()) {
    size_t end = rp.find(".; ", start);
    const bool last = end == std::string::npos;
    std::string_view seg = std::string_view(rp).substr(start, last ? rp.npos : end + 1 - start);
    start = last ? rp.size() : end + 3;
    size_t mark = seg.find(" (corresponding author)");
    if (mark == std::string_view::npos) mark = seg.find(" (reprint author)");
    if (mark == std::string_view::npos) continue;
    const int i = authors->Match(seg.substr(0, mark));
    const size_t comma = seg.find(',', mark);
    if (i < 0 || comma == std::string_view::npos) continue;
    authors->AddAffiliation(i, TrimValue(seg.substr(comma + 1)));
  }
}

// OI/RI "Name/0000-0002-1825-0097; Name/..." (RI ids are mostly not ORCIDs).
void FillOrcids(const Fields& fields, AuthorList* authors) {
  for (const char* tag : {"OI", "RI"}) {
    for (const std::string& item : SplitList(Text(fields, tag), ";")) {
      const size_t slash = item.rfind('/');
      if (slash == std::string::npos) continue;
      std::string orcid = OrcidFromText(std::string_view(item).substr(slash + 1));
      if (orcid.empty()) continue;
      const std::string_view name = TrimValue(std::string_view(item).substr(0, slash));
      const int i = name.empty() ? (authors->PersonCount() == 1 ? 0 : -1) : authors->Match(name);
      authors->SetOrcid(i, std::move(orcid));
    }
  }
}

void FillAuthors(const Fields& fields, core::Record* rec) {
  AuthorList authors(fields, &rec->authors);
  std::vector<std::string> addresses = AddressItems(fields);
  for (const std::string& item : addresses) FillAddress(item, &authors);
  if (addresses.empty()) FillReprintAddress(Text(fields, "RP"), &authors);
  FillOrcids(fields, &authors);
}

std::string Kind(const Fields& fields) {
  const std::string pt = Text(fields, "PT");
  if (pt.empty()) return "";
  const bool chapter = Text(fields, "DT").find("Book Chapter") != std::string::npos;
  switch (pt.front() & ~0x20) {
    case 'J':
      return "article";
    case 'B':
    case 'S':
      return chapter ? "book-chapter" : "book";
    case 'C':
      return "conference-paper";
    default:
      return "other";
  }
}

std::string Pages(const Fields& fields) {
  std::string bp = Text(fields, "BP"), ep = Text(fields, "EP"), ps = Text(fields, "PS");
  if (!bp.empty()) {
    if (bp.find('-') != std::string::npos && !ps.empty()) return ps;  // Inspec "41103-1"
    return ep.empty() ? bp : bp + "-" + ep;
  }
  std::string ar = Text(fields, "AR");
  if (ar.starts_with("UNSP ")) ar.erase(0, 5);  // WoS: "unspecified" article number
  return ar.empty() ? ps : ar;
}

// UT "WOS:000514379300001" -> source_id as is, other id "wos:0005...".
void FillIds(const Fields& fields, const std::string& file_source, bool header, core::Record* rec) {
  rec->doi = core::NormalizeDoi(Text(fields, "DI"));
  rec->pmid = PmidFromText(Text(fields, "PM"));
  for (const std::string& isbn : SplitList(Text(fields, "BN"), ";")) {
    AddUnique(&rec->other_ids, "isbn:" + isbn);
  }
  const std::string ut = Text(fields, "UT");
  rec->source = file_source;
  if (ut.empty()) {
    rec->source_id = Text(fields, "AN");
    return;
  }
  rec->source_id = ut;
  const size_t colon = ut.find(':');
  std::string prefix = colon == std::string::npos ? "" : ut.substr(0, colon);
  for (char& c : prefix) c = static_cast<char>(IsUpper(c) ? c - 'A' + 'a' : c);
  const bool wos = prefix.empty() || prefix == "wos" || prefix == "isi";
  const std::string id = colon == std::string::npos ? ut : ut.substr(colon + 1);
  AddUnique(&rec->other_ids, (wos ? std::string("wos") : prefix) + ":" + id);
  if (prefix == "medline" && rec->pmid.empty()) rec->pmid = PmidFromText(id);
  if (!header && wos && !prefix.empty()) rec->source = "wos";
}

void FillRecord(const Fields& fields, core::Record* rec) {
  rec->title = Text(fields, "TI");
  rec->abstract = Text(fields, "AB");
  rec->journal = Text(fields, "SO");
  if (rec->journal.empty()) rec->journal = Text(fields, "SE");
  rec->journal_abbrev = Text(fields, "JI");
  if (rec->journal_abbrev.empty()) rec->journal_abbrev = Text(fields, "J9");
  rec->volume = Text(fields, "VL");
  rec->issue = Text(fields, "IS");
  rec->year = core::YearFromDate(Text(fields, "PY"));
  if (rec->year == 0) rec->year = core::YearFromDate(Text(fields, "PD"));
  rec->pages = Pages(fields);
  for (const char* tag : {"SN", "EI"}) AddUnique(&rec->issn, Text(fields, tag));
  rec->language = SplitList(Text(fields, "LA"), ";");
  for (const std::string& t : SplitList(Text(fields, "DT"), ";")) {
    if (t != "-") rec->publication_types.push_back(t);  // "DT -": none
  }
  for (const char* tag : {"DE", "ID"}) {
    for (const std::string& k : SplitList(Text(fields, tag), ";")) AddUnique(&rec->keywords, k);
  }
  rec->kind = Kind(fields);
  FillAuthors(fields, rec);
  rec->format = "wos";
}

}  // namespace

bool LooksLikeWos(std::string_view head) {
  std::vector<std::string_view> lines;
  for (std::string_view line : SplitAtLineEnds(head)) {
    if (lines.size() == 5000) break;
    if (!IsBlank(line)) lines.push_back(line);
  }
  if (lines.size() >= 2 && lines[0].starts_with("FN ") &&
      (lines[1].starts_with("VR ") || lines[1].starts_with("PT "))) {
    return true;
  }
  bool pt = false, field = false, er = false;
  for (std::string_view l : lines) {
    if (l.starts_with("TY  -")) return false;  // RIS
    pt |= l.size() >= 4 && l.starts_with("PT ") && IsUpper(l[3]) && IsBlank(l.substr(4));
    field |= l.size() > 3 &&
             (l.starts_with("AU ") || l.starts_with("AF ") || l.starts_with("TI ") ||
              l.starts_with("SO ") || l.starts_with("UT ")) &&
             !IsValueSpace(l[3]);
    er |= l.starts_with("ER") && IsBlank(l.substr(2));
  }
  return pt && field && er;
}

WosReader::WosReader(std::string path, std::string display_name)
    : LineRecordReader(std::move(path), std::move(display_name)) {}

// The next record's fields, from its first tag to its ER (or the line
// before the next record when ER is missing). False at the end of the file.
bool WosReader::ReadFields(Fields* fields, RawRecord* raw, uint64_t* first_line) {
  fields->clear();
  raw->Clear();
  std::string line, tag;
  std::string_view value;
  bool lower = false;  // the record's tags are in lower case
  while (lines()->Next(&line)) {
    const bool blank = IsBlank(line);
    const bool is_tag = !blank && ParseTag(line, fields->empty() || lower, &tag, &value);
    if (fields->empty()) {
      if (!is_tag) continue;  // text outside records
      if (tag == "FN") {
        source_ = CanonicalDatabase(value);
        saw_header_ = true;
      }
      if (tag == "FN" || tag == "VR" || tag == "EF" || tag == "ER") continue;
      lower = IsLower(line[0]);
      *first_line = lines()->line_number();
      raw->AddLine(line);
      fields->push_back(Field{tag, {std::string(value)}});
      continue;
    }
    if (blank) {
      raw->AddBlank(line);
      continue;
    }
    const bool ends = is_tag && tag == "ER" && value.empty();
    if (is_tag &&
        (tag == "FN" || (tag == "EF" && value.empty()) || (tag == "PT" && Find(*fields, "PT")))) {
      lines()->Unread();  // a new file or record: this one lacks its ER
      return true;
    }
    raw->AddLine(line);
    if (!CheckSize(raw->size(), max_record, *first_line)) return false;
    if (ends) return true;
    if (is_tag && tag != "ER" && tag != "EF") {
      fields->push_back(Field{tag, {std::string(value)}});
    } else {  // a continuation line, or one that merely starts like a tag
      fields->back().lines.emplace_back(TrimValue(line));
    }
  }
  if (!lines()->status().ok()) return Fail(lines()->status());
  return !fields->empty();
}

bool WosReader::Next(core::Record* rec) {
  if (!Open()) return false;
  Fields fields;
  RawRecord raw;
  uint64_t first_line = 0;
  if (!ReadFields(&fields, &raw, &first_line)) {
    if (!status().ok()) return false;
    return End(1, saw_header_ ? ""
                              : "no Web of Science record found (expected an 'FN' header or "
                                "tagged lines like 'PT J', 'TI Title', 'ER')");
  }
  *rec = core::Record();
  FillRecord(fields, rec);
  FillIds(fields, source_, saw_header_, rec);
  return HandOut(raw.Take(), first_line, rec);
}

}  // namespace parse
