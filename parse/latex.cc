#include "parse/latex.h"

#include <map>
#include <sstream>
#include <string>

#include "core/normalize.h"
#include "core/utf8.h"

namespace parse {

using core::utf8::AppendUtf8;

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct AccentRule {
  char accent;
  char32_t combining;
  const char* composed;  // pairs: ASCII base letter, then its composed letter
};

const AccentRule kAccents[] = {
    {'\'', 0x301, "AÁEÉIÍOÓUÚYÝaáeéiíoóuúyýCĆcćNŃnńSŚsśZŹzźLĹlĺRŔrŕGǴgǵ"},
    {'`', 0x300, "AÀEÈIÌOÒUÙaàeèiìoòuùNǸnǹ"},
    {'^', 0x302, "AÂEÊIÎOÔUÛaâeêiîoôuûCĈcĉGĜgĝHĤhĥJĴjĵSŜsŝWŴwŵYŶyŷ"},
    {'~', 0x303, "AÃNÑOÕaãnñoõIĨiĩUŨuũ"},
    {'"', 0x308, "AÄEËIÏOÖUÜaäeëiïoöuüyÿYŸ"},
    {'=', 0x304, "AĀEĒIĪOŌUŪaāeēiīoōuū"},
    {'.', 0x307, "CĊcċEĖeėGĠgġIİZŻzż"},
    {'u', 0x306, "AĂaăEĔeĕGĞgğIĬiĭOŎoŏUŬuŭ"},
    {'v', 0x30C, "CČcčDĎdďEĚeěNŇnňRŘrřSŠsšTŤtťZŽzžAǍaǎIǏiǐOǑoǒUǓuǔGǦgǧKǨkǩLĽlľ"},
    {'H', 0x30B, "OŐoőUŰuű"},
    {'c', 0x327, "CÇcçSŞsşTŢtţGĢgģKĶkķLĻlļNŅnņRŖrŗ"},
    {'k', 0x328, "AĄaąEĘeęIĮiįUŲuų"},
    {'r', 0x30A, "AÅaåUŮuů"},
    {'d', 0x323, ""},
    {'b', 0x331, ""},
    {'t', 0x361, ""},
};

const AccentRule* FindAccent(char accent) {
  for (const AccentRule& r : kAccents) {
    if (r.accent == accent) return &r;
  }
  return nullptr;
}

size_t Utf8Length(char lead) {
  const auto b = static_cast<unsigned char>(lead);
  return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

// `base` (already Unicode) with `rule`'s accent: the composed letter when
// there is one, else base followed by the combining mark.
std::string Compose(const AccentRule& rule, std::string_view base) {
  if (base.size() == 1) {
    for (const char* p = rule.composed; *p != '\0';) {
      const size_t len = Utf8Length(p[1]);
      if (*p == base[0]) return std::string(p + 1, len);
      p += 1 + len;
    }
  }
  std::string out(base);
  AppendUtf8(rule.combining, &out);
  return out;
}

// Control words that stand for a character: "name value" pairs.
constexpr const char* kSymbolTable =
    "aa å AA Å o ø O Ø ss ß ae æ AE Æ oe œ OE Œ l ł L Ł i ı j ȷ dh ð "
    "DH Ð th þ TH Þ ng ŋ NG Ŋ dj đ DJ Đ textless < textgreater > "
    "textasciitilde ~ textasciicircum ^ textbackslash \\ backslash \\ textbar | "
    "textunderscore _ textendash – textemdash — textquoteleft ‘ "
    "textquoteright ’ textquotedblleft “ textquotedblright ” textquotesingle ' "
    "textquotedbl \" textregistered ® texttrademark ™ textcopyright © "
    "copyright © textdegree ° degree ° circ ° textperiodcentered · "
    "textbullet • textellipsis … ldots … dots … textsection § S § P ¶ "
    "textparagraph ¶ pounds £ textsterling £ texteuro € euro € textmu µ "
    "textpm ± pm ± mp ∓ times × div ÷ cdot · leq ≤ le ≤ geq ≥ ge ≥ "
    "neq ≠ ne ≠ approx ≈ sim ∼ simeq ≃ equiv ≡ infty ∞ rightarrow → "
    "to → leftarrow ← uparrow ↑ downarrow ↓ prime ′ partial ∂ sum ∑ "
    "prod ∏ sqrt √ lbrace { rbrace } textbraceleft { textbraceright } dag † "
    "ddag ‡ dagger † alpha α beta β gamma γ delta δ epsilon ε varepsilon ε "
    "zeta ζ eta η theta θ vartheta ϑ iota ι kappa κ lambda λ mu μ nu ν "
    "xi ξ pi π rho ρ sigma σ varsigma ς tau τ upsilon υ phi φ varphi ϕ "
    "chi χ psi ψ omega ω Gamma Γ Delta Δ Theta Θ Lambda Λ Xi Ξ Pi Π "
    "Sigma Σ Upsilon Υ Phi Φ Psi Ψ Omega Ω TeX TeX LaTeX LaTeX BibTeX BibTeX ";

// Control words -> their text (kSymbolTable, and a few that are blanks).
const std::map<std::string, std::string>& Symbols() {
  static const std::map<std::string, std::string> kSymbols = [] {
    std::map<std::string, std::string> m;
    std::istringstream in(kSymbolTable);
    for (std::string name, value; in >> name >> value;) m[name] = value;
    for (const char* blank : {"par", "newline", "quad", "qquad"}) m[blank] = " ";
    return m;
  }();
  return kSymbols;
}

// Commands whose (first) argument is not text: it is dropped.
bool DropsArgument(std::string_view name) {
  return name == "href" || name == "hspace" || name == "vspace" || name == "label" ||
         name == "ref" || name == "cite" || name == "hskip" || name == "vskip";
}

class LatexDecoder {
 public:
  LatexDecoder(std::string_view s, bool dashes, int depth)
      : s_(s), dashes_(dashes), depth_(depth) {}

  std::string Run() {
    while (i_ < s_.size()) Step();
    return std::move(out_);
  }

 private:
  void Step() {
    const char c = s_[i_];
    if (c == '\\') return Command();
    ++i_;
    if (c == '{' || c == '}') return;  // protective braces
    if (c == '$') {
      math_ = !math_;
    } else if (c == '~') {
      out_ += ' ';
    } else if (math_ && (c == '^' || c == '_')) {
      // superscript / subscript markers: the text stays
    } else if (c == '-' && dashes_ && !math_) {
      Dashes();
    } else if (dashes_ && (c == '`' || c == '\'') && i_ < s_.size() && s_[i_] == c) {
      out_ += c == '`' ? "“" : "”";
      ++i_;
    } else {
      out_ += c;
    }
  }

  void Dashes() {
    size_t n = 1;
    while (i_ < s_.size() && s_[i_] == '-') ++n, ++i_;
    for (; n >= 3; n -= 3) out_ += "—";
    if (n == 2) out_ += "–";
    if (n == 1) out_ += '-';
  }

  void SkipSpace() {
    while (i_ < s_.size() && IsSpace(s_[i_])) ++i_;
  }

  // The raw text of the next argument: a {group}'s inside, a control
  // sequence ("\i"), or one character. Advances past it.
  std::string_view Argument() {
    SkipSpace();
    if (i_ >= s_.size()) return {};
    const size_t start = i_;
    if (s_[i_] == '{') {
      const size_t end = LatexGroupEnd(s_, i_);
      if (end == std::string_view::npos) {
        i_ = s_.size();
        return s_.substr(start + 1);
      }
      i_ = end + 1;
      return s_.substr(start + 1, end - start - 1);
    }
    if (s_[i_] == '\\') {
      ++i_;
      while (i_ < s_.size() && IsLetter(s_[i_])) ++i_;
      if (i_ == start + 1 && i_ < s_.size()) ++i_;
      return s_.substr(start, i_ - start);
    }
    i_ = std::min(s_.size(), i_ + Utf8Length(s_[i_]));
    return s_.substr(start, i_ - start);
  }

  void Accent(const AccentRule& rule) {
    std::string_view arg = Argument();
    while (!arg.empty() && (IsSpace(arg.front()) || arg.front() == '{')) arg.remove_prefix(1);
    while (!arg.empty() && (IsSpace(arg.back()) || arg.back() == '}')) arg.remove_suffix(1);
    if (arg.empty()) {
      out_ += rule.accent;  // "\~{}": the accent itself
      return;
    }
    std::string base(arg);
    if (arg == "\\i" || arg == "\\j") {
      base = arg.substr(1);
    } else if (arg.size() > 1) {
      base = depth_ < 8 ? LatexDecoder(arg, dashes_, depth_ + 1).Run() : std::string(arg);
    }
    out_ += Compose(rule, base);
  }

  void Command() {
    const size_t start = ++i_;
    if (i_ >= s_.size()) return;
    const char c = s_[i_];
    if (!IsLetter(c)) {
      ++i_;
      return ControlSymbol(c);
    }
    while (i_ < s_.size() && IsLetter(s_[i_])) ++i_;
    const std::string_view name = s_.substr(start, i_ - start);
    SkipSpace();  // TeX drops the blanks after a control word
    const AccentRule* accent = name.size() == 1 ? FindAccent(name[0]) : nullptr;
    if (accent != nullptr) return Accent(*accent);
    const auto& symbols = Symbols();
    if (auto it = symbols.find(std::string(name)); it != symbols.end()) {
      out_ += it->second;
    } else if (DropsArgument(name)) {
      Argument();
    }
  }

  void ControlSymbol(char c) {
    if (const AccentRule* a = FindAccent(c); a != nullptr) return Accent(*a);
    if (std::string_view("&%$#_{}").find(c) != std::string_view::npos) {
      out_ += c;
    } else if (c == ' ' || c == '\\' || c == ',' || c == ';' || c == ':') {
      out_ += ' ';
    } else if (c != '-' && c != '/' && c != '@' && c != '!') {
      out_ += c;
    }
  }

  std::string_view s_;
  bool dashes_;
  int depth_;
  size_t i_ = 0;
  bool math_ = false;
  std::string out_;
};

}  // namespace

// Offset of the '}' closing the '{' at `open` (escaped \{ \} do not count),
// or npos.
size_t LatexGroupEnd(std::string_view s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '{') {
      ++depth;
    } else if (s[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string LatexToUnicode(std::string_view latex, bool dashes) {
  return LatexDecoder(latex, dashes, 0).Run();
}

}  // namespace parse
