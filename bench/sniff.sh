#!/usr/bin/env bash
# Sniff benchmark: the throttling sniffers against ffprobe on the media corpus.
#
# Measures, for every file of the corpus (tests/fixtures/make-media.sh, written
# to $BUILD_DIR/fixtures/media and kept there)
#   - the median in-process sniff time over BENCH_REPS runs, page cache warm
#     (bench/sniff_timer.cpp: open, headers and indexes, close), in µs
#   - the median wall time of BENCH_FFPROBE_RUNS runs of
#     `ffprobe -v error -show_format -show_streams FILE` after a warm-up run, in µs
# then the medians over the corpus and their ratio. Goals: sniff median <= 100 µs,
# ffprobe / sniff >= 50.
#
# Environment
#   BENCH_REPS          sniffs per file (default 2000)
#   BENCH_FFPROBE_RUNS  timed ffprobe runs per file (default 3)
#   BENCH_STRICT        1 = exit 1 when a goal is missed (default 0)
#   BUILD_DIR           build dir, relative to the repo root unless absolute (default build)
#   SNIFF_BENCH         timing program (default $BUILD_DIR/bench/interlude-sniff-bench)
set -euo pipefail
export LC_ALL=C # '.' as the decimal point in $EPOCHREALTIME and printf

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init
BENCH_REPS=${BENCH_REPS:-2000}
BENCH_FFPROBE_RUNS=${BENCH_FFPROBE_RUNS:-3}
SNIFF_BENCH=${SNIFF_BENCH:-$BUILD_DIR/bench/interlude-sniff-bench}
command -v ffprobe >/dev/null || die "ffprobe not found (scripts/install-deps installs ffmpeg)"
[ -x "$SNIFF_BENCH" ] || die "no $SNIFF_BENCH (ninja -C $BUILD_DIR interlude-sniff-bench)"

corpus="$BUILD_DIR/fixtures/media"
log "corpus in $corpus"
"$repo/tests/fixtures/make-media.sh" "$corpus"
files=()
for f in "$corpus"/*; do
  case "$f" in *.part) ;; *) files+=("$f") ;; esac
done
[ "${#files[@]}" -gt 0 ] || die "empty corpus in $corpus"

# Prints the median of the numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Prints the median wall time of ffprobe on file $1, in µs.
ffprobe_us() {
  local i t0 t1
  ffprobe -v error -show_format -show_streams "$1" >/dev/null
  for ((i = 0; i < BENCH_FFPROBE_RUNS; i++)); do
    t0=$EPOCHREALTIME
    ffprobe -v error -show_format -show_streams "$1" >/dev/null
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f\n", (b - a) * 1e6 }'
  done | median
}

log "sniffing each file $BENCH_REPS times"
sniffs=$("$SNIFF_BENCH" --reps "$BENCH_REPS" "${files[@]}")

printf '\n%-36s %-9s %10s %12s %9s\n' "file" "container" "sniff µs" "ffprobe µs" "ratio"
sniff_all=()
ffprobe_all=()
while IFS=$'\t' read -r us container _duration file; do
  fp=$(ffprobe_us "$file")
  printf '%-36s %-9s %10.1f %12.0f %9.0f\n' "$(basename "$file")" "$container" "$us" "$fp" \
    "$(ratio_of "$fp" "$us")"
  sniff_all+=("$us")
  ffprobe_all+=("$fp")
done <<<"$sniffs"

sniff_median=$(printf '%s\n' "${sniff_all[@]}" | median)
ffprobe_median=$(printf '%s\n' "${ffprobe_all[@]}" | median)
ratio=$(ratio_of "$ffprobe_median" "$sniff_median")
missed=0
printf '\n%-24s %12s %10s  %s\n' "metric" "value" "goal" "result"
v=$(verdict "$sniff_median" 100 "<="); [ "$v" = PASS ] || missed=1
printf '%-24s %12s %10s  %s\n' "median sniff" "$sniff_median µs" "<= 100 µs" "$v"
printf '%-24s %12s %10s  %s\n' "median ffprobe" "$ffprobe_median µs" "-" "-"
v=$(verdict "$ratio" 50 ">="); [ "$v" = PASS ] || missed=1
printf '%-24s %12s %10s  %s\n' "ffprobe / sniff" "${ratio}x" ">= 50x" "$v"
printf '\n(%s files; %s sniffs per file in one process; ffprobe median of %s runs after a warm-up)\n' \
  "${#files[@]}" "$BENCH_REPS" "$BENCH_FFPROBE_RUNS"
bench_exit "$missed"
