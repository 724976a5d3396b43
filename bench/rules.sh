#!/usr/bin/env bash
# Ad rules benchmark: playlist requests with the sample site's Lua rules and ad catalog
# (samples/site/rules/ads.lua, samples/site/ads/catalog.xml) against the same playlist on
# the same server without rules, same machine.
#
# Measures
#   - wrk -t2 -c64 --latency (keep-alive) on GET /demo.isx?format=m3u, a 10-entry playlist
#     whose 25 s of content get a pre-roll and two mid-roll breaks from the rules (about
#     five ads.pick draws a request), then the same without the <scripting> section
#   - the same with a rule that does nothing (rules/noop.lua): what any rule costs, since a
#     playlist that goes through rules is resolved and planned for each request instead of
#     once per fileCacheMilliseconds
#   - CPU time of the server per request (utime + stime over the measured run / requests):
#     the overhead of the rules is the difference; goal <= 50 us
#   - requests/s with rules over without; goal >= 0.8
#   - each figure is the median of BENCH_ROUNDS rounds, a round running rules, noop and
#     plain one after the other, so that a slower or faster spell of the machine falls on
#     the three alike; the ratio is the median of the rounds' own ratios
#   - interlude-ads-bench (bench/ads_pick.cpp), when built: ads.pick over a catalog of
#     10,000 campaigns; goal <= 20 us median
#   - interlude-rules-bench (bench/rules_call.cpp), when built: the rules step alone
#     (on_playlist of the sample rules on a 10-entry playlist), without the server
#
# Environment
#   BENCH_SECONDS   wrk duration per run, seconds (default 10)
#   BENCH_ROUNDS    rounds of the three runs; figures are medians (default 5: single
#                   rounds on a shared VM range from 0.6 to 0.95 in the ratio)
#   BENCH_WARMUP    wrk warm-up before each measured run, seconds (default 1, 0 = none)
#   BENCH_THREADS   wrk threads (default 2)
#   BENCH_CONNS     wrk connections (default 64)
#   INTERLUDE_WORKERS  Interlude's worker threads (default 8)
#   BENCH_STRICT    1 = exit 1 when any goal is missed (default 0)
#   BENCH_KEEP      1 = keep the temp dir (configs, logs, wrk output) (default 0)
#   BUILD_DIR       build dir, relative to the repo root unless absolute (default build)
#   INTERLUDE_BIN   Interlude binary (default $BUILD_DIR/core/interlude)
#
# The server runs on a free 127.0.0.1 port and is stopped on exit; nothing is left running.
set -euo pipefail
export LC_ALL=C # '.' as the decimal point in printf and awk

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init
export INTERLUDE_WORKERS=${INTERLUDE_WORKERS:-8}
require_tools
install_cleanup

# ---------------------------------------------------------------- site, playlist, configs
make_workdir interlude-bench-rules
root="$work/site"
mkdir -p "$root/media/ads" "$root/rules" "$root/ads"
cp "$repo/samples/site/rules/ads.lua" "$root/rules/ads.lua"
printf 'function on_playlist(ctx, pl) end\n' >"$root/rules/noop.lua"
cp "$repo/samples/site/ads/catalog.xml" "$root/ads/catalog.xml"
for ad in newsroom acme bistro; do head -c 65536 /dev/urandom >"$root/media/ads/$ad.mp4"; done

# demo.isx: ten 2.5 s clips of content, every entry a distinct 64 KiB file.
{
  printf '<?xml version="1.0" encoding="UTF-8"?>\n'
  printf '<smil xmlns="http://www.w3.org/ns/SMIL">\n  <head>\n'
  printf '    <meta name="title" content="Benchmark"/>\n'
  printf '    <meta name="inactivityTimeout" content="900"/>\n'
  printf '  </head>\n  <body>\n'
  for ((i = 1; i <= 10; i++)); do
    head -c 65536 /dev/urandom >"$root/media/clip$i.mp4"
    printf '    <video src="media/clip%d.mp4" title="Clip %d" dur="2.5s"/>\n' "$i" "$i"
  done
  printf '  </body>\n</smil>\n'
} >"$root/demo.isx"

BENCH_ROUNDS=${BENCH_ROUNDS:-5}
rules_section='    <scripting xmlns="urn:interlude:scripting:1" rules="rules/ads.lua" catalog="ads/catalog.xml"/>'
pick_ports
url="http://127.0.0.1:$interlude_port/demo.isx?format=m3u"

# ---------------------------------------------------------------- runs
declare -A rps p50 cpu_us ads
run() { # key round [site sections]: one server, one measured wrk run
  local key=$1 round=$2 out="$work/wrk.$1.$2.txt" before after requests
  shift
  write_interlude_config "$root" "${2:-}"
  check_interlude_config || { cat "$work/interlude-check.log" >&2; die "$key: bad config"; }
  start_interlude "$key"
  ads[$key]=$(curl -fsS "$url" | grep -c '^#EXTINF' || true)
  if [ "$BENCH_WARMUP" != 0 ]; then
    wrk -t"$BENCH_THREADS" -c"$BENCH_CONNS" -d"${BENCH_WARMUP}s" "$url" >/dev/null 2>&1 || true
  fi
  before=$(cpu_seconds "$interlude_pid")
  BENCH_WARMUP=0 wrk_measure "$url" "$out" "$key"
  after=$(cpu_seconds "$interlude_pid")
  die_unless_alive "$interlude_pid" "$work/interlude.$key.log" "Interlude died during the $key run"
  stop_pid "$interlude_pid" interlude
  interlude_pid=""
  requests=$(awk '/requests in/ { print $1 }' "$out")
  rps[$key.$round]=$(wrk_rps "$out")
  p50[$key.$round]=$(awk '$1 == "50%" { v = $2 + 0; u = $2; sub(/^[0-9.]+/, "", u)
    printf "%.0f", v * (u == "s" ? 1e6 : u == "ms" ? 1e3 : 1) }' "$out") # in us
  [ -n "$requests" ] && [ -n "${rps[$key.$round]}" ] || { cat "$out" >&2; die "no figures in wrk output ($key)"; }
  [ -z "$(wrk_errors "$out")" ] || log "WARNING: $key: $(wrk_errors "$out")"
  cpu_us[$key.$round]=$(awk -v a="$before" -v b="$after" -v n="$requests" 'BEGIN { printf "%.1f", (b - a) * 1e6 / n }')
}
for ((round = 1; round <= BENCH_ROUNDS; round++)); do
  run rules "$round" "$rules_section"
  run noop "$round" "${rules_section/ads.lua/noop.lua}"
  run plain "$round"
  log "round $round: rules/plain $(ratio_of "${rps[rules.$round]}" "${rps[plain.$round]}")"
done
medians() { # array-name key: the median over the rounds
  local -n values=$1
  for ((round = 1; round <= BENCH_ROUNDS; round++)); do printf '%s\n' "${values[$2.$round]}"; done | median
}
for key in rules noop plain; do
  rps[$key]=$(medians rps "$key")
  p50[$key]=$(medians p50 "$key")
  cpu_us[$key]=$(medians cpu_us "$key")
done
ratios=()
for ((round = 1; round <= BENCH_ROUNDS; round++)); do
  ratios+=("$(ratio_of "${rps[rules.$round]}" "${rps[plain.$round]}")")
done

# ---------------------------------------------------------------- ads.pick
ads_bench="$BUILD_DIR/bench/interlude-ads-bench"
pick_lines=""
if [ -x "$ads_bench" ]; then
  log "$ads_bench"
  pick_lines=$("$ads_bench" | grep -E 'median|campaigns') || die "interlude-ads-bench failed"
else
  log "no $ads_bench: build the interlude-ads-bench target for the ads.pick figures"
fi
rules_bench="$BUILD_DIR/bench/interlude-rules-bench"
step_lines=""
if [ -x "$rules_bench" ]; then
  log "$rules_bench"
  step_lines=$("$rules_bench" "$root/rules/ads.lua" "$root/ads/catalog.xml" | grep median) ||
    die "interlude-rules-bench failed"
else
  log "no $rules_bench: build the interlude-rules-bench target for the rules step alone"
fi

# ---------------------------------------------------------------- report
missed=0
overhead=$(awk -v a="${cpu_us[rules]}" -v b="${cpu_us[plain]}" 'BEGIN { printf "%.1f", a - b }')
ratio=$(printf '%s\n' "${ratios[@]}" | median)
printf '\n%-10s %10s %10s %14s %8s\n' "run" "req/s" "p50 us" "CPU us/req" "entries"
for key in rules noop plain; do
  printf '%-10s %10s %10s %14s %8s\n' "$key" "${rps[$key]}" "${p50[$key]}" "${cpu_us[$key]}" "${ads[$key]}"
done
printf '\n%-30s %10s %10s  %s\n' "metric" "value" "goal" "result"
v=$(verdict "$overhead" 50 "<="); [ "$v" = PASS ] || missed=1
printf '%-30s %10s %10s  %s\n' "rules overhead per request" "$overhead us" "<= 50 us" "$v"
v=$(verdict "$ratio" 0.8 ">="); [ "$v" = PASS ] || missed=1
printf '%-30s %10s %10s  %s\n' "req/s with / without rules" "$ratio" ">= 0.8" "$v"
printf '%-30s %10s\n' "  each round" "${ratios[*]}"
printf '%-30s %10s\n' "of which a rule doing nothing" "$(awk -v a="${cpu_us[noop]}" -v b="${cpu_us[plain]}" 'BEGIN { printf "%.1f", a - b }') us"
printf '%-30s %10s\n' "of which the sample rules' work" "$(awk -v a="${cpu_us[rules]}" -v b="${cpu_us[noop]}" 'BEGIN { printf "%.1f", a - b }') us"
if [ -n "$step_lines" ]; then
  printf '\ninterlude-rules-bench (the sample rules step alone, one thread, no HTTP):\n%s\n' "$step_lines"
fi
if [ -n "$pick_lines" ]; then
  printf '\ninterlude-ads-bench (goal: ads.pick <= 20 us median over 10,000 campaigns):\n%s\n' "$pick_lines"
fi
printf '\n(wrk -t%s -c%s -d%ss, keep-alive; %s warm-up; Interlude workers %s; CPU time is the server'"'"'s, all threads; medians of %s rounds)\n' \
  "$BENCH_THREADS" "$BENCH_CONNS" "$BENCH_SECONDS" "${BENCH_WARMUP}s" "$INTERLUDE_WORKERS" "$BENCH_ROUNDS"

bench_exit "$missed"
