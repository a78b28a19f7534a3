#!/bin/sh
# Fuzzes the readers with libFuzzer (clang, ASan + UBSan), seeded with the real
# exports of ../shared/data. Crashers are kept in fuzz/regressions/FORMAT/,
# which the test suite replays on every build.
#
#   scripts/fuzz.sh FORMAT [SECONDS]     one format (ris, medline, ..., detect)
#   scripts/fuzz.sh all [SECONDS]        every format in turn
set -eu
cd "$(dirname "$0")/.."
format=${1:?usage: scripts/fuzz.sh FORMAT|all [SECONDS]}
seconds=${2:-600}
data=${WINNOW_SHARED_DATA:-../shared/data}
build=build/fuzz

if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWINNOW_FUZZ=ON \
    -DWINNOW_BUILD_TESTS=OFF -DWINNOW_BUILD_BENCH=OFF >/dev/null
fi

seeds() {  # the real files of a format
  e="$data/exports"
  case "$1" in
    pubmed-xml) find "$data/pubmed_xml" -name '*.xml' -size -200k ;;
    medline) ls "$e"/pubmed_medline_nbib/*.nbib "$e"/pubmed_medline_nbib/*medline*.txt \
               "$e"/pubmed_medline_nbib/biopython_*.txt "$e"/jabref/jabref_MedlinePlain*.txt ;;
    pmid-list) ls "$e"/pubmed_medline_nbib/*pmid*.txt ;;
    ris) ls "$e"/ris/* "$e"/citesource_*/*.ris "$e"/jabref/*.ris "$e"/jabref/jabref_IEEEImport1.txt ;;
    ovid) ls "$e"/ovid/* "$e"/jabref/jabref_Ovid*.txt ;;
    wos) ls "$e"/wos_plaintext/* "$e"/jabref/*.isi ;;
    cochrane) ls "$e"/cochrane/*.txt fuzz/seeds/cochrane/* 2>/dev/null || true ;;
    endnote-tagged) ls "$e"/jabref/*.enw "$e"/jabref/*enw "$e"/jabref/*.ref ;;
    endnote-xml) ls "$e"/endnote_xml/* "$e"/jabref/*.xml ;;
    bibtex) ls "$e"/bibtex/* "$e"/cochrane/*.bib "$e"/jabref/*.bib "$e"/misc/*.txt ;;
    csv) ls "$e"/*/*.csv ;;
    europepmc-json) ls "$data"/api_responses/europepmc/*.json ;;
    ctgov-json) ls "$data"/api_responses/clinicaltrials_gov/*.json ;;
    detect) find "$e" -type f -size -100k ;;
  esac
}

run() {
  f=$1
  target=$(echo "fuzz_$f" | tr - _)
  cmake --build "$build" -j2 --target "$target" >/dev/null
  corpus=$build/corpus/$f
  crashes=fuzz/regressions/$f
  mkdir -p "$corpus" "$crashes"
  if [ -d "$data" ]; then
    for s in $(seeds "$f" | sort -u); do cp "$s" "$corpus/" 2>/dev/null || true; done
  fi
  cp "$crashes"/* "$corpus/" 2>/dev/null || true
  echo "fuzzing $f for $seconds s ($(ls "$corpus" | wc -l) seeds)"
  "$build/fuzz/$target" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$crashes/" -print_final_stats=1 2>"$build/$f.log" || {
    echo "  $f: crash or hang, kept in $crashes/ (log: $build/$f.log)"; tail -30 "$build/$f.log"; return 1; }
  grep -a -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/$f.log" | sed "s/^/  $f /"
}

if [ "$format" = all ]; then
  for f in pubmed-xml medline pmid-list ris ovid wos cochrane endnote-tagged endnote-xml bibtex csv \
    europepmc-json ctgov-json detect; do
    run "$f"
  done
else
  run "$format"
fi
