// A PubMed corpus of N real records with unique PMIDs for the search tests,
// made once by shared/tools/make-pubmed-corpus and kept in the temp directory
// (written under another name and renamed, so a killed test leaves no half
// file behind). One real record (a JabRef fixture) carries a second PMID
// element, Version="2", which the tool does not renumber, so its copies would
// all be the same PubMed record; that second PMID is dropped here so that
// every served record is a distinct one.
#ifndef WINNOW_TESTS_FETCH_CORPUS_H_
#define WINNOW_TESTS_FETCH_CORPUS_H_

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_util.h"

namespace testutil {

// "" when the shared data or the tool is missing.
inline std::string PubmedCorpus(int n) {
  std::filesystem::path tool = SharedData("../tools/make-pubmed-corpus");
  if (!HaveSharedData() || !std::filesystem::exists(tool)) return "";
  std::filesystem::path out =
      std::filesystem::temp_directory_path() / ("winnow-test-corpus-" + std::to_string(n) + ".xml");
  if (std::filesystem::exists(out)) return out.string();
  std::filesystem::path part = out.string() + ".part" + std::to_string(::getpid());
  std::string cmd = "python3 '" + tool.string() + "' " + std::to_string(n) + " '" + part.string() +
                    "' --seed 7 >/dev/null";
  if (std::system(cmd.c_str()) != 0) return "";
  std::string fix = "python3 -c \"import re,sys; p=sys.argv[1]; d=open(p,'rb').read(); "
                    "open(p,'wb').write(re.sub(rb'(<PMID Version=.1.>[0-9]+</PMID>\\s*)"
                    "<PMID Version=.2.>[0-9]+</PMID>', rb'\\1', d))\" '" +
                    part.string() + "'";
  if (std::system(fix.c_str()) != 0) return "";
  std::filesystem::rename(part, out);
  return out.string();
}

}  // namespace testutil

// Declares `var`, the path of a corpus of n records, or skips the current
// test case with a message when it cannot be made.
#define WINNOW_REQUIRE_CORPUS(var, n)                                         \
  std::string var = testutil::PubmedCorpus(n);                                \
  if (var.empty()) {                                                          \
    WARN("SKIPPED: ../shared/data or shared/tools/make-pubmed-corpus absent"); \
    return;                                                                   \
  }

#endif  // WINNOW_TESTS_FETCH_CORPUS_H_
