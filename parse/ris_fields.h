// Internal to the RIS reader (ris_reader.cc, ris_fields.cc, ris_ids.cc):
// tag numbers, read access to one record's fields, the ASCII helpers the
// mapping uses, and the mapping of a record's fields to core::Record (see
// ris_reader.h for what goes where). Pure functions, thread-safe.
#ifndef WINNOW_PARSE_RIS_FIELDS_H_
#define WINNOW_PARSE_RIS_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "parse/ris_reader.h"

namespace parse::ris {

// ---------------------------------------------------------------------------
// Characters and small string helpers (ASCII only; values are UTF-8).

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAlpha(char c) { return IsUpper(c) || (c >= 'a' && c <= 'z'); }
inline char ToUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }
inline bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// `s` without leading and trailing IsSpace characters.
std::string_view Trim(std::string_view s);

// Whether `s` starts with `prefix`, ASCII case ignored.
bool IStartsWith(std::string_view s, std::string_view prefix);

inline bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

// The parts of `text` between any of `separators`, trimmed, empty ones dropped.
std::vector<std::string_view> Split(std::string_view text, std::string_view separators);

// ---------------------------------------------------------------------------
// Tags and fields.

constexpr uint16_t MakeTag(char a, char b) {
  return static_cast<uint16_t>((static_cast<unsigned char>(a) << 8) |
                               static_cast<unsigned char>(b));
}
constexpr uint16_t T(const char (&s)[3]) { return MakeTag(s[0], s[1]); }

// Read access to one record's fields, a view of the reader's RisField array.
class Fields {
 public:
  Fields(const RisField* fields, size_t n) : fields_(fields), n_(n) {}

  // The value of field i, "" for R's "NA".
  static std::string_view Value(const RisField& f) {
    std::string_view v = f.value;
    return v == "NA" ? std::string_view() : v;
  }

  size_t size() const { return n_; }
  const RisField& at(size_t i) const { return fields_[i]; }

  // The first non-empty value of `tag`, "" when none.
  std::string_view First(uint16_t tag) const {
    for (size_t i = 0; i < n_; ++i) {
      if (fields_[i].tag == tag && !Value(fields_[i]).empty()) return Value(fields_[i]);
    }
    return {};
  }

  // The non-empty values of `tag`, or of the tags `wanted` accepts, in file
  // order, without copying: `for (std::string_view v : f.All(T("KW")))`.
  class Values {
   public:
    class Iterator {
     public:
      Iterator(const Values* values, size_t i) : values_(values), i_(values->Skip(i)) {}
      std::string_view operator*() const { return Value(values_->fields_->fields_[i_]); }
      Iterator& operator++() {
        i_ = values_->Skip(i_ + 1);
        return *this;
      }
      bool operator!=(const Iterator& other) const { return i_ != other.i_; }

     private:
      const Values* values_;
      size_t i_;
    };

    Values(const Fields* fields, uint16_t tag, bool (*wanted)(uint16_t))
        : fields_(fields), tag_(tag), wanted_(wanted) {}
    Iterator begin() const { return Iterator(this, 0); }
    Iterator end() const { return Iterator(this, fields_->n_); }
    size_t size() const {
      size_t n = 0;
      for (Iterator it = begin(); it != end(); ++it) ++n;
      return n;
    }

   private:
    // The first wanted field at or after i (n_ when none).
    size_t Skip(size_t i) const {
      const RisField* f = fields_->fields_;
      for (; i < fields_->n_; ++i) {
        bool match = wanted_ ? wanted_(f[i].tag) : f[i].tag == tag_;
        if (match && !Value(f[i]).empty()) return i;
      }
      return fields_->n_;
    }

    const Fields* fields_;
    uint16_t tag_;
    bool (*wanted_)(uint16_t);
  };

  Values All(uint16_t tag) const { return Values(this, tag, nullptr); }
  Values All(bool (*wanted)(uint16_t)) const { return Values(this, 0, wanted); }

 private:
  const RisField* fields_;
  size_t n_;
};

// Maps the record's fields (in file order) to *rec. In ris_fields.cc.
void MapRecord(const Fields& f, core::Record* rec);

// Sets source, source_id, doi, pmid, pmcid and other_ids. In ris_ids.cc.
void MapIdentifiers(const Fields& f, core::Record* rec);

// ProQuest notes carry "Date revised - 2015-12-01". In ris_ids.cc.
void MapDateRevised(const Fields& f, core::Record* rec);

}  // namespace parse::ris

#endif  // WINNOW_PARSE_RIS_FIELDS_H_
