#!/usr/bin/env bash
# Benchmark (issue #14), in one run over the same files:
#   1. docs/s and pages/s of `pdftotext` (2 processes) and of `baocao run --no-cache --jobs 2` (the
#      whole pipeline: extraction, rules, signatures, checks, tables), and their ratio; beside them
#      `pdf-extract` alone (the mandated extractor's own `extract_text_from_mem`, 2 processes, no
#      layout, fallback or rules): the floor that extractor sets;
#   2. the analysis cache: a full run into an empty cache, a re-run with nothing changed, a re-run
#      with one file changed and a re-run after a rules edit (the rules run on the kept texts), each
#      as a share of the full run;
#   3. peak memory (VmHWM): the parent of a run of 100 and of 2,000 files, and one worker reading
#      every file of the set.
#
#   bench/run.sh [COPIES]                 # default 16 copies of corpus/, plus ../shared/real
#   REAL=/path/to/pdfs bench/run.sh       # another folder of real PDFs ('' for none)
#   BAOCAO=/path/to/baocao bench/run.sh   # another build (e.g. to compare two commits)
#   BIG=2000 bench/run.sh                 # files of the large memory run (0 to skip it)
#   FLOOR=/path/to/pdf_extract_alone bench/run.sh   # the pdf-extract-alone program (built by
#                                         # cargo build --release -p baocao-pdf --example pdf_extract_alone)
#
# Every copy of a file gets a distinct comment appended after its %%EOF, so that no two inputs
# share their bytes (the cache keys files by content: identical copies would be analysed once).
# OCR is off (`--no-ocr`): pdftotext reads text layers only; OCR has its own bench/ocr.sh.
# Needs a release build (`cargo build --release`), poppler-utils (pdftotext), bc and python3. On a
# shared machine other work stretches wall time: the CPU time of the whole process tree is printed
# too.
# The issue's targets are printed beside the figures: they live here, never in a timed test.
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-16}"
bin=$(realpath "${BAOCAO:-target/release/baocao}")
real=${REAL-../shared/real}
big=${BIG:-2000}
floor=${FLOOR:-target/release/examples/pdf_extract_alone}
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
for tool in pdftotext bc python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install poppler-utils bc python3)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# copy_corpus DEST COPIES: COPIES copies of corpus/ under DEST, each file made distinct.
copy_corpus() {
  local dest=$1 n=$2 i f
  for i in $(seq 1 "$n"); do
    mkdir -p "$dest/copy$i"
    (cd corpus && find . -name '*.pdf' -print0) | while IFS= read -r -d '' f; do
      mkdir -p "$dest/copy$i/$(dirname "$f")"
      { cat "corpus/$f"; printf '\n%% bench copy %d\n' "$i"; } > "$dest/copy$i/$f"
    done
  done
}

copy_corpus "$work/in" "$copies"
if [ -n "$real" ] && [ -d "$real" ]; then
  mkdir -p "$work/in/real"
  find "$real" -maxdepth 1 -iname '*.pdf' -exec cp {} "$work/in/real/" \;
fi
n=$(find "$work/in" -iname '*.pdf' | wc -l)
nreal=$(find "$work/in" -path '*/real/*' -iname '*.pdf' | wc -l)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "files: $n ($copies copies of corpus/, $nreal from ${real:-nowhere})"

now() { date +%s.%N; }
# cpu_now VAR: CPU seconds (user + system) of the children of this shell so far, in VAR. `times`
# runs here, not in a command substitution, whose subshell would have no children yet.
cpu_now() {
  times > "$work/times"
  printf -v "$1" '%s' "$(tail -1 "$work/times" | tr -d 's' | awk '{ split($1, u, "m"); split($2, s, "m"); print u[1]*60 + u[2] + s[1]*60 + s[2] }')"
}
pct() { printf '%.1f' "$(echo "100 * $1 / $2" | bc -l)"; }

# timed VAR CMD...: wall seconds in VAR, CPU seconds in VAR_cpu.
timed() {
  local var=$1; shift
  local c0 t0 t1 c1
  cpu_now c0; t0=$(now)
  "$@"
  t1=$(now); cpu_now c1
  printf -v "$var" '%s' "$(echo "$t1 - $t0" | bc -l)"
  printf -v "${var}_cpu" '%s' "$(echo "$c1 - $c0" | bc -l)"
}

baocao_run() { # IN OUT [ARGS...]: a run; its summary line in $work/summary
  local in=$1 out=$2; shift 2
  BAOCAO_REPORT_MEMORY=1 "$bin" run "$in" --out "$out" --jobs 2 --no-ocr --lang en "$@" \
    > "$work/summary" 2> "$work/stderr" || [ $? -eq 1 ]
}
parent_peak() { # fails loudly when the run did not print its peak
  local kib
  kib=$(sed -n 's/^memory: parent peak \([0-9]*\) KiB.*/\1/p' "$work/stderr")
  [ -n "$kib" ] || { echo "bench: the run printed no 'memory: parent peak' line:" >&2; cat "$work/stderr" >&2; exit 1; }
  echo "$kib"
}

# 1. Throughput.
pdftotext_all() {
  find "$work/in" -iname '*.pdf' -print0 | xargs -0 -P 2 -n 8 sh -c 'for f; do pdftotext -q "$f" /dev/null || true; done' sh
}
pdf_extract_all() {
  find "$work/in" -iname '*.pdf' -print0 | xargs -0 -P 2 -n 8 "$floor" 2>/dev/null
}
timed p pdftotext_all
if [ -x "$floor" ]; then timed x pdf_extract_all; fi
timed b baocao_run "$work/in" "$work/out" --no-cache
peak_parent_set=$(parent_peak)
pages=$(python3 -c 'import csv, sys; print(sum(int(r["pages"] or 0) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))))' "$work/out/documents.csv")
echo
echo "== throughput (2 processes each, OCR off) =="
printf 'pdftotext:  %6.2f s  %7.1f docs/s  %7.1f pages/s  (CPU %.2f s)\n' "$p" "$(echo "$n / $p" | bc -l)" "$(echo "$pages / $p" | bc -l)" "$p_cpu"
if [ -x "$floor" ]; then
  printf 'pdf-extract alone: %6.2f s  %7.1f docs/s  %7.1f pages/s  (CPU %.2f s; %.2f x pdftotext)\n' "$x" "$(echo "$n / $x" | bc -l)" "$(echo "$pages / $x" | bc -l)" "$x_cpu" "$(echo "$p / $x" | bc -l)"
else
  echo "pdf-extract alone: not measured (cargo build --release -p baocao-pdf --example pdf_extract_alone)"
fi
printf 'baocao run: %6.2f s  %7.1f docs/s  %7.1f pages/s  (CPU %.2f s; %s pages)\n' "$b" "$(echo "$n / $b" | bc -l)" "$(echo "$pages / $b" | bc -l)" "$b_cpu" "$pages"
printf 'ratio:      baocao docs/s = %.2f x pdftotext docs/s (CPU: %.2f x)   [target >= 1.0]\n' "$(echo "$p / $b" | bc -l)" "$(echo "$p_cpu / $b_cpu" | bc -l)"

# 2. The analysis cache (with a copy of the built-in rules, to edit one).
cache="$work/cache"
"$bin" rules init "$work/rules" > /dev/null
timed full baocao_run "$work/in" "$work/out" --cache "$cache" --rules "$work/rules"
timed same baocao_run "$work/in" "$work/out" --cache "$cache" --rules "$work/rules"
summary_same=$(cat "$work/summary")
one=$(find "$work/in" -iname '*.pdf' | sort | sed -n 1p)
printf '\n%% changed\n' >> "$one"
timed changed baocao_run "$work/in" "$work/out" --cache "$cache" --rules "$work/rules"
summary_changed=$(cat "$work/summary")
printf '\n# edited by bench/run.sh\n' >> "$work/rules/checks.toml"
timed edited baocao_run "$work/in" "$work/out" --cache "$cache" --rules "$work/rules"
summary_edited=$(cat "$work/summary")
echo
echo "== analysis cache =="
printf 'full run, empty cache:     %6.2f s  (CPU %.2f s)\n' "$full" "$full_cpu"
printf 'nothing changed:           %6.2f s  = %5s %% of the full run  [target <= 3 %%]  (%s)\n' "$same" "$(pct "$same" "$full")" "$(grep -o '[0-9]* from the cache' <<< "$summary_same")"
printf 'one file changed:          %6.2f s  = %5s %% of the full run  [target <= 5 %%]  (%s)\n' "$changed" "$(pct "$changed" "$full")" "$(grep -o '[0-9]* from the cache' <<< "$summary_changed")"
printf 'a rules edit:              %6.2f s  = %5s %% of the full run  (%s)\n' "$edited" "$(pct "$edited" "$full")" "$(grep -o '[0-9]* analysed again from their kept texts' <<< "$summary_edited" || echo 'no text reused')"

# 3. Memory.
echo
echo "== peak memory (VmHWM) =="
mem_run() { # FILES: parent peak of a run (no cache) over the first FILES inputs of copies of corpus/
  local k=$1 dir="$work/mem$1" per copies_needed
  per=$(find corpus -name '*.pdf' | wc -l)
  copies_needed=$(( (k + per - 1) / per ))
  copy_corpus "$dir/all" "$copies_needed"
  mkdir -p "$dir/in"
  find "$dir/all" -name '*.pdf' | sort | sed -n "1,${k}p" | while read -r f; do
    mkdir -p "$dir/in/$(dirname "${f#"$dir/all/"}")"; mv "$f" "$dir/in/${f#"$dir/all/"}"
  done
  baocao_run "$dir/in" "$dir/out" --no-cache
  printf 'parent, %5d files: %7d KiB\n' "$k" "$(parent_peak)"
  rm -rf "$dir"
}
mem_run 100
[ "$big" -gt 0 ] && mem_run "$big"
printf 'parent, %5d files: %7d KiB  (the set above)\n' "$n" "$peak_parent_set"
# One worker reading every file of the set, one request a line (the worker's own peak, by
# /usr/bin/time -v: a run's parent reads its VmHWM itself, since time's figure for a process that
# has children is the largest of them all).
find "$work/in" -iname '*.pdf' | sort | python3 -c '
import json, sys
for path in sys.stdin.read().splitlines():
    print(json.dumps({"path": path, "file": "x.pdf"}))' > "$work/requests"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v -o "$work/worker_time" "$bin" __worker --rules rules --no-ocr < "$work/requests" > /dev/null
  printf 'one worker, all %d files: %7d KiB\n' "$n" \
    "$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/worker_time")"
else
  echo "one worker: needs /usr/bin/time (apt-get install time)"
fi
