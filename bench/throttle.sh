#!/usr/bin/env bash
# Throttling benchmark: Interlude's bit-rate throttling against nginx's limit_rate, many slow
# downloads of one MP3 at a time, same machine.
#
# For each count of concurrent downloads (1,000, 5,000, 10,000) and each server, a fresh server
# and one run of interlude-loadclient (bench/loadclient.cpp): the connections are opened over
# RAMP_SECONDS, each GETs the MP3 and reads it for the rest of DURATION seconds. After a fast
# start of FASTSTART_SECONDS of media at full speed, both servers pace each download at
# RATE_PERCENT % of the file's bitrate:
#   - nginx: limit_rate_after <fast-start bytes>; limit_rate <bytes/s>; worker_processes 1
#     (Interlude's pacer is one thread);
#   - Interlude: <throttling xmlns="urn:interlude:throttling:1"><media match=".mp3"
#     fastStartSeconds=... ratePercent=.../></throttling> in the site.
#
# Measures, per server and count
#   - server CPU seconds during the run: utime + stime from /proc/PID/stat before and after
#     (all threads; nginx: master and worker)
#   - peak RSS: VmHWM from /proc/PID/status (nginx: master + worker)
#   - per-download rate after the burst, and its error |measured - expected| / expected,
#     median and worst over the downloads; downloads that failed or closed early
# Goals at 10,000 downloads: Interlude CPU <= nginx CPU, peak RSS <= 300 MB, rate error
# <= 1 % median and <= 3 % worst, every download measured.
#
# Environment
#   CONNECTIONS        counts of concurrent downloads (default "1000 5000 10000")
#   DURATION           seconds per run, ramp included (default 60)
#   RAMP_SECONDS       seconds over which the connections are opened (default 10)
#   FASTSTART_SECONDS  media seconds sent at full speed before the pacing (default 20)
#   RATE_PERCENT       pace as a percentage of the bitrate (default 110)
#   SETTLE_SECONDS     seconds after the burst before the rate is measured (default 0)
#   MEDIA_SECONDS      length of the generated MP3 (default 600)
#   MEDIA_KBPS         CBR bitrate of the generated MP3 in kbit/s (default 128)
#   PACER_THREADS      if set, writes <throttling pacerThreads="N"/> before the site (default unset)
#   INTERLUDE_WORKERS  Interlude's HTTP worker threads (default 2; nginx runs one worker process)
#   SKIP_INTERLUDE     1 = nginx only (default 0)
#   BENCH_STRICT       1 = exit 1 when any goal is missed (default 0)
#   BENCH_KEEP         1 = keep the temp dir (configs, logs, client output) (default 0)
#   BUILD_DIR          build dir, relative to the repo root unless absolute (default build)
#   INTERLUDE_BIN      Interlude binary (default $BUILD_DIR/core/interlude)
#   LOADCLIENT_BIN     load client (default $BUILD_DIR/bench/interlude-loadclient)
#
# The MP3 is made once with ffmpeg under $BUILD_DIR/bench-media/. Servers run on free 127.0.0.1
# ports, one at a time, and are stopped on exit; nothing is left running.
set -euo pipefail
export LC_ALL=C # '.' as the decimal point in printf and awk

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init
CONNECTIONS=${CONNECTIONS:-1000 5000 10000}
DURATION=${DURATION:-60}
RAMP_SECONDS=${RAMP_SECONDS:-10}
FASTSTART_SECONDS=${FASTSTART_SECONDS:-20}
RATE_PERCENT=${RATE_PERCENT:-110}
SETTLE_SECONDS=${SETTLE_SECONDS:-0}
MEDIA_SECONDS=${MEDIA_SECONDS:-600}
MEDIA_KBPS=${MEDIA_KBPS:-128}
PACER_THREADS=${PACER_THREADS:-}
# nginx runs one worker process; Interlude gets two HTTP workers beside its pacer thread.
export INTERLUDE_WORKERS=${INTERLUDE_WORKERS:-2}
SKIP_INTERLUDE=${SKIP_INTERLUDE:-0}
LOADCLIENT_BIN=${LOADCLIENT_BIN:-$BUILD_DIR/bench/interlude-loadclient}
require_tools
for tool in ffmpeg ffprobe; do
  command -v "$tool" >/dev/null || die "$tool not found after scripts/install-deps"
done
[ -x "$LOADCLIENT_BIN" ] || die "no load client at $LOADCLIENT_BIN (make bench builds it, or set LOADCLIENT_BIN / BUILD_DIR)"
max_conns=0
for n in $CONNECTIONS; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS: not a positive count: $n"
  [ "$n" -le "$max_conns" ] || max_conns=$n
done
[ "$max_conns" -gt 0 ] || die "CONNECTIONS is empty"
awk -v d="$DURATION" -v r="$RAMP_SECONDS" 'BEGIN { exit !(d > 0 && r >= 0 && r < d) }' \
  || die "need 0 <= RAMP_SECONDS ($RAMP_SECONDS) < DURATION ($DURATION)"
# Per process: the client's sockets, or a server's sockets (and files), with room to spare.
raise_nofile $((max_conns + 1024))
install_cleanup

# ---------------------------------------------------------------- medium
# A CBR MP3 without ID3 or Xing headers: every frame at the same bitrate, known exactly.
media_dir="$BUILD_DIR/bench-media"
media="$media_dir/throttle-${MEDIA_KBPS}k-${MEDIA_SECONDS}s.mp3"
if [ ! -s "$media" ]; then
  mkdir -p "$media_dir"
  log "generating $media with ffmpeg (${MEDIA_SECONDS} s at ${MEDIA_KBPS} kbit/s)"
  ffmpeg -nostdin -hide_banner -loglevel error -y \
    -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=$MEDIA_SECONDS" -ac 2 \
    -c:a libmp3lame -b:a "${MEDIA_KBPS}k" -write_xing 0 -id3v2_version 0 -write_id3v1 0 \
    -f mp3 "$media.tmp" || die "ffmpeg could not make $media"
  mv "$media.tmp" "$media"
fi
media_bytes=$(stat -c %s "$media")

# The expected rate follows the bitrate Interlude sniffs; ffprobe's while the sniffer cannot
# read the file.
sniffed=$("$INTERLUDE_BIN" sniff --json "$media" 2>/dev/null | python3 -c '
import json, sys
try:
    row = json.load(sys.stdin)[0]
    print(row["bitrate"] if row.get("known") else "")
except Exception:
    print("")
' || true)
probed=$(ffprobe -v error -show_entries format=bit_rate -of default=noprint_wrappers=1:nokey=1 "$media")
[[ "$probed" =~ ^[0-9]+$ ]] || die "ffprobe found no bitrate in $media"
if [[ "$sniffed" =~ ^[1-9][0-9]*$ ]]; then
  bitrate=$sniffed bitrate_from="interlude sniff"
  awk -v s="$sniffed" -v p="$probed" 'BEGIN { d = s - p; exit !(d * d > (p / 200) ^ 2) }' \
    && log "WARNING: interlude sniff says $sniffed bit/s, ffprobe $probed bit/s (> 0.5 % apart)"
else
  bitrate=$probed bitrate_from="ffprobe (interlude sniff does not know the file)"
fi
# nginx takes whole bytes per second; the error is measured against the exact rate.
rate_bytes=$(awk -v b="$bitrate" -v p="$RATE_PERCENT" 'BEGIN { printf "%.0f", b * p / 100 / 8 }')
expect_kbps=$(awk -v b="$bitrate" -v p="$RATE_PERCENT" 'BEGIN { printf "%.4f", b * p / 100 / 1000 }')
faststart_bytes=$(awk -v b="$bitrate" -v s="$FASTSTART_SECONDS" 'BEGIN { printf "%.0f", b * s / 8 }')
log "medium: $media, $media_bytes B, $bitrate bit/s from $bitrate_from"
log "pace: $RATE_PERCENT % = $expect_kbps kbit/s ($rate_bytes B/s) after a fast start of $FASTSTART_SECONDS s ($faststart_bytes B)"

# ---------------------------------------------------------------- site and configs
make_workdir interlude-bench-throttle
root="$work/site"
mkdir -p "$root" "$work/nginx/tmp"
cp "$media" "$root/medium.mp3"
echo ok >"$root/ping.txt" # what start_nginx polls (the MP3 would take minutes)
chmod 644 "$root/medium.mp3" "$root/ping.txt"
chmod 755 "$root"
pick_ports

interlude_ok=1
interlude_why=""
if [ "$SKIP_INTERLUDE" = 1 ]; then
  interlude_ok=0 interlude_why="SKIP_INTERLUDE=1"
else
  [ -x "$INTERLUDE_BIN" ] || die "no Interlude binary at $INTERLUDE_BIN"
  global_xml=""
  if [ -n "$PACER_THREADS" ]; then
    global_xml="  <throttling xmlns=\"urn:interlude:throttling:1\" pacerThreads=\"$PACER_THREADS\"/>"
  fi
  write_interlude_config "$root" "    <throttling xmlns=\"urn:interlude:throttling:1\">
      <media match=\".mp3\" fastStartSeconds=\"$FASTSTART_SECONDS\" ratePercent=\"$RATE_PERCENT\"/>
    </throttling>" "$global_xml"
  if ! check_interlude_config; then
    interlude_ok=0 interlude_why="interlude check rejects the throttling config"
    log "WARNING: $interlude_why; Interlude is not run:"
    sed 's/^/  | /' "$work/interlude-check.log" >&2
  fi
fi

# ---------------------------------------------------------------- runs
declare -A cpu hwm res
media_url() { echo "http://127.0.0.1:$1/medium.mp3"; }

# The first bytes a server sends (1 s of download) must be the file's.
check_prefix() { # name port
  local part="$work/prefix.$1" size
  curl -sS --max-time 1 -o "$part" "$(media_url "$2")" 2>/dev/null || true
  size=$(stat -c %s "$part" 2>/dev/null || echo 0)
  [ "$size" -ge 65536 ] || die "$1: GET /medium.mp3 sent $size bytes in 1 s"
  cmp -s -n "$size" "$part" "$root/medium.mp3" || die "$1: GET /medium.mp3 returned different bytes"
}

# Runs the load client on server NAME (pid PID, port PORT) with N connections; fills cpu[NAME.N],
# hwm[NAME.N] (kB) and res[NAME.N] (the client's JSON).
measure() { # name pid port n
  local name=$1 pid=$2 port=$3 n=$4 before after out="$work/load.$1.$4"
  before=$(cpu_seconds "$pid")
  log "$name: $n downloads for ${DURATION} s (ramp ${RAMP_SECONDS} s)"
  "$LOADCLIENT_BIN" --url "$(media_url "$port")" --connections "$n" --duration "$DURATION" \
    --ramp "$RAMP_SECONDS" --skip-bytes "$faststart_bytes" --settle "$SETTLE_SECONDS" \
    --expect-kbps "$expect_kbps" --json >"$out.json" 2>"$out.txt" \
    || { cat "$out.txt" >&2; die "load client failed against $name"; }
  kill -0 "$pid" 2>/dev/null || die "$name exited during the run with $n downloads"
  after=$(cpu_seconds "$pid")
  cpu[$name.$n]=$(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.2f", b - a }')
  hwm[$name.$n]=$(hwm_kb "$pid")
  res[$name.$n]=$(cat "$out.json")
  sed 's/^/  | /' "$out.txt" >&2
}

checked_nginx=0 checked_interlude=0
for n in $CONNECTIONS; do
  # nginx closes connections still waiting for their request once fewer than 1/16 of its
  # worker_connections are free ("worker_connections are not enough, reusing connections").
  write_nginx_config "$root" 1 $((n + n / 8 + 256)) \
    "limit_rate_after $faststart_bytes; limit_rate $rate_bytes;"
  start_nginx /ping.txt
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/error.log" >&2 2>/dev/null; die "nginx did not come up"; }
  [ "$checked_nginx" = 1 ] || { check_prefix nginx "$nginx_port"; checked_nginx=1; }
  measure nginx "$nginx_pid" "$nginx_port" "$n"
  stop_pid "$nginx_pid" nginx
  nginx_pid=""

  if [ "$interlude_ok" = 1 ]; then
    start_interlude "$n"
    [ "$checked_interlude" = 1 ] || { check_prefix interlude "$interlude_port"; checked_interlude=1; }
    measure interlude "$interlude_pid" "$interlude_port" "$n"
    stop_pid "$interlude_pid" interlude
    interlude_pid=""
  fi
done

# ---------------------------------------------------------------- report
field() { # json path.to.field
  python3 -c 'import json, sys
v = json.loads(sys.argv[1])
for k in sys.argv[2].split("."):
    v = v[k]
print(v)' "$1" "$2"
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

printf '\n'
printf 'medium     %s s MP3, %s B, %s bit/s (%s)\n' "$MEDIA_SECONDS" "$media_bytes" "$bitrate" "$bitrate_from"
printf 'pace       %s %% = %s kbit/s (%s B/s) after a fast start of %s s (%s B)\n' \
  "$RATE_PERCENT" "$expect_kbps" "$rate_bytes" "$FASTSTART_SECONDS" "$faststart_bytes"
printf 'nginx      %s, worker_processes 1 (Interlude paces from one thread), sendfile on,\n' "$(nginx_version)"
printf '           limit_rate_after %s; limit_rate %s;\n' "$faststart_bytes" "$rate_bytes"
if [ "$interlude_ok" = 1 ]; then
  printf 'interlude  throttling fastStartSeconds=%s ratePercent=%s%s\n' "$FASTSTART_SECONDS" \
    "$RATE_PERCENT" "${PACER_THREADS:+ pacerThreads=$PACER_THREADS}"
else
  printf 'interlude  not run: %s\n' "$interlude_why"
fi
printf 'runs       %s s each, connections opened over %s s, rate measured %s s after the burst to the last read\n\n' \
  "$DURATION" "$RAMP_SECONDS" "$SETTLE_SECONDS"

printf '%6s %-9s %7s %8s %10s %10s %9s %9s %7s %7s %7s %7s %7s\n' "conns" "server" "CPU s" \
  "RSS MB" "rate kbps" "p5..p95" "err med%" "err max%" "failed" "closed" "unmeas" "B/read" "cli CPU"
for n in $CONNECTIONS; do
  for name in nginx interlude; do
    [ -n "${res[$name.$n]:-}" ] || continue
    j=${res[$name.$n]}
    printf '%6s %-9s %7s %8s %10.2f %4.0f..%-5.0f %9.3f %9.3f %7s %7s %7s %7.0f %7.2f\n' "$n" "$name" \
      "${cpu[$name.$n]}" "$(mb "${hwm[$name.$n]}")" "$(field "$j" rate_kbps.median)" \
      "$(field "$j" rate_kbps.p5)" "$(field "$j" rate_kbps.p95)" "$(field "$j" error_pct.median)" \
      "$(field "$j" error_pct.worst)" "$(field "$j" failed)" "$(field "$j" closed_early)" \
      "$(( $(field "$j" unmeasured) + $(field "$j" burst_not_reached) ))" \
      "$(field "$j" paced_bytes_per_read)" "$(field "$j" client_cpu_seconds)"
  done
done
printf '(RSS: peak VmHWM; unmeas: downloads open without a measured rate (burst not over, or\n'
printf ' nothing after it); B/read: bytes per read after the burst, how finely the server paces;\n'
printf ' cli CPU: the load client'"'"'s own CPU seconds)\n'

missed=0
if [ "$interlude_ok" = 1 ]; then
  printf '\n%6s %14s %14s\n' "conns" "CPU i/nginx" "RSS i/nginx"
  for n in $CONNECTIONS; do
    printf '%6s %14s %14s\n' "$n" "$(ratio_of "${cpu[interlude.$n]}" "${cpu[nginx.$n]}")" \
      "$(ratio_of "${hwm[interlude.$n]}" "${hwm[nginx.$n]}")"
  done
fi

# The goals are for 10,000 downloads, or the largest count run.
goal_n=$max_conns
printf '\ngoals at %s downloads%s\n' "$goal_n" "$([ "$goal_n" = 10000 ] || echo " (the goals are set for 10000)")"
printf '%-28s %12s %12s  %s\n' "metric" "interlude" "goal" "result"
if [ "$interlude_ok" = 1 ]; then
  j=${res[interlude.$goal_n]}
  ratio=$(ratio_of "${cpu[interlude.$goal_n]}" "${cpu[nginx.$goal_n]}")
  rss=$(mb "${hwm[interlude.$goal_n]}")
  med=$(field "$j" error_pct.median)
  worst=$(field "$j" error_pct.worst)
  lost=$(($(field "$j" failed) + $(field "$j" closed_early) + $(field "$j" unmeasured) + $(field "$j" burst_not_reached)))
  row() { # label value goal-text value goal op
    local v
    v=$(verdict "$4" "$5" "$6")
    [ "$v" = PASS ] || missed=1
    printf '%-28s %12s %12s  %s\n' "$1" "$2" "$3" "$v"
  }
  row "CPU vs nginx" "${ratio}x" "<= 1.00x" "$ratio" 1 "<="
  row "peak RSS" "$rss MB" "<= 300 MB" "$rss" 300 "<="
  row "rate error, median" "$(printf '%.3f' "$med") %" "<= 1 %" "$med" 1 "<="
  row "rate error, worst" "$(printf '%.3f' "$worst") %" "<= 3 %" "$worst" 3 "<="
  row "downloads not measured" "$lost" "0" "$lost" 0 "<="
else
  printf '%-28s %12s %12s  %s\n' "all" "not run" "" "MISS ($interlude_why)"
  missed=1
fi

bench_exit "$missed"
