#!/usr/bin/env bash
# Benchmark: OCR seconds per page per core at 200 dpi, the way baocao-pdf's OCR runs a page
# (crates/pdf/src/ocr): `pdftoppm -r 200 -gray -hide-annotations` then `tesseract … -l vie --psm 6 tsv` with
# OMP_THREAD_LIMIT=1 (one core per page), one page at a time, over the scan fixtures.
#
#   bench/ocr.sh [PDF…]     # default: every page of tests/fixtures/scans/*.pdf
#   BAOCAO=/path/to/baocao bench/ocr.sh   # the binary of the end-to-end part (default
#                                         # target/release/baocao; skipped when absent)
#
# Then the same files end to end through `baocao run --jobs 1` with an empty OCR cache (OCR
# inside the worker, correction, figures), and once more with the cache filled: seconds per
# OCR'd page, as documents.csv counts them (`ocr_pages`).
#
# Needs poppler-utils and tesseract-ocr + tesseract-ocr-vie. The issue's goal: ≤ 1.5 s a page.
# On a shared machine other work stretches wall time: CPU time (user + system, what the page
# costs a core) is printed beside it, with the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in pdftoppm tesseract pdfinfo bc; do
  command -v "$tool" >/dev/null || {
    echo "needs $tool (apt-get install poppler-utils tesseract-ocr tesseract-ocr-vie)" >&2
    exit 2
  }
done
if [ "$#" -gt 0 ]; then files=("$@"); else files=(tests/fixtures/scans/*.pdf); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
# CPU seconds (user + system) of a command, by bash's `time` keyword; its output is dropped.
TIMEFORMAT='%U + %S'
cpu_of() { { time "$@" >/dev/null 2>&1; } 2>&1 | bc -l; }
pages=0 render=0 ocr=0 cpu_total=0
printf '%-48s %4s %8s %8s %8s\n' file page render_s ocr_s cpu_s
for f in "${files[@]}"; do
  n=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
  for p in $(seq 1 "$n"); do
    t0=$(now)
    c1=$(cpu_of pdftoppm -r 200 -gray -hide-annotations -singlefile -f "$p" -l "$p" "$f" "$work/page")
    t1=$(now)
    c2=$(cpu_of env OMP_THREAD_LIMIT=1 tesseract "$work/page.pgm" stdout -l vie --psm 6 --dpi 200 tsv)
    t2=$(now)
    c=$(echo "$c1 + $c2" | bc -l)
    r=$(echo "$t1 - $t0" | bc -l); o=$(echo "$t2 - $t1" | bc -l)
    printf '%-48s %4d %8.2f %8.2f %8.2f\n' "$(basename "$f")" "$p" "$r" "$o" "$c"
    cpu_total=$(echo "$cpu_total + $c" | bc -l)
    render=$(echo "$render + $r" | bc -l); ocr=$(echo "$ocr + $o" | bc -l); pages=$((pages + 1))
  done
done
echo "pages: $pages"
printf 'seconds per page per core at 200 dpi: %.2f wall (render %.2f + tesseract %.2f), %.2f CPU; goal <= 1.5\n' \
  "$(echo "($render + $ocr) / $pages" | bc -l)" "$(echo "$render / $pages" | bc -l)" \
  "$(echo "$ocr / $pages" | bc -l)" "$(echo "$cpu_total / $pages" | bc -l)"
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

bin=${BAOCAO:-target/release/baocao}
if [ ! -x "$bin" ]; then
  echo "end to end: skipped (no $bin; cargo build --release, or BAOCAO=…)"
  exit 0
fi
mkdir -p "$work/in"
cp "${files[@]}" "$work/in/"
e2e() { # $1: output folder; prints wall seconds of one run over $work/in with the cache $work/cache
  local t0 t1
  t0=$(now)
  "$bin" run "$work/in" --out "$1" --jobs 1 --quiet --ocr-cache "$work/cache" >/dev/null
  t1=$(now)
  echo "$t1 - $t0" | bc -l
}
cold=$(e2e "$work/out1")
warm=$(e2e "$work/out2")
ocr_pages=$(python3 -c 'import csv,sys; print(sum(int(r["ocr_pages"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))))' "$work/out1/documents.csv")
printf 'baocao end to end (--jobs 1): %d OCR page(s), %.2f s per page with an empty cache, %.2f s per page cached\n' \
  "$ocr_pages" "$(echo "$cold / $ocr_pages" | bc -l)" "$(echo "$warm / $ocr_pages" | bc -l)"
