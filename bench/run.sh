#!/usr/bin/env bash
# Benchmark: `baocao run` against `pdftotext` over the same PDFs (corpus/ replicated to at least
# 500 files), both with 2 processes. Prints docs/s for each and the ratio, and baocao's peak memory.
#
#   bench/run.sh [COPIES]     # default 16 copies of corpus/ (33 files each → 528 files)
#   BAOCAO=/path/to/baocao bench/run.sh   # another build of baocao (e.g. to compare two commits)
#
# Needs a release build (`cargo build --release`) and poppler-utils (pdftotext). Prints, besides docs/s,
# the CPU time per file of the whole process tree (parent and workers), which other load on the machine
# disturbs less than wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-16}"
bin=${BAOCAO:-target/release/baocao}
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
command -v pdftotext >/dev/null || { echo "needs pdftotext (apt-get install poppler-utils)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$copies"); do
  mkdir -p "$work/in/copy$i"
  cp -r corpus/* "$work/in/copy$i/"
  rm -f "$work/in/copy$i/truth.json" "$work/in/copy$i/README.md"
done
n=$(find "$work/in" -name '*.pdf' | wc -l)
echo "files: $n ($copies copies of corpus/)"

now() { date +%s.%N; }

t0=$(now)
find "$work/in" -name '*.pdf' -print0 | xargs -0 -P 2 -n 8 sh -c 'for f; do pdftotext -q "$f" /dev/null; done' sh
t1=$(now)
pdftotext_s=$(echo "$t1 - $t0" | bc -l)

t0=$(now)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "%M %U %S" -o "$work/rss" "$bin" run "$work/in" --out "$work/out" --jobs 2 --quiet || true
else
  "$bin" run "$work/in" --out "$work/out" --jobs 2 --quiet || true
fi
t1=$(now)
baocao_s=$(echo "$t1 - $t0" | bc -l)

rows=$(($(wc -l < "$work/out/documents.csv") - 1))
printf 'pdftotext: %6.2f s  %7.1f docs/s\n' "$pdftotext_s" "$(echo "$n / $pdftotext_s" | bc -l)"
printf 'baocao:    %6.2f s  %7.1f docs/s  (%d rows in documents.csv; full pipeline: extraction, rules, signatures, checks, tables)\n' \
  "$baocao_s" "$(echo "$n / $baocao_s" | bc -l)" "$rows"
printf 'ratio:     baocao takes %.2fx the time of pdftotext\n' "$(echo "$baocao_s / $pdftotext_s" | bc -l)"
if [ -f "$work/rss" ]; then
  read -r rss user sys < "$work/rss"
  echo "baocao parent peak RSS: $rss KiB (each worker is a separate process)"
  printf 'baocao CPU: %.1f ms per file (user+sys, parent and workers)\n' "$(echo "($user + $sys) * 1000 / $n" | bc -l)"
fi
