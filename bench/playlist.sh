#!/usr/bin/env bash
# Playlist benchmark: Interlude rendering a web playlist against nginx serving a static body
# of the same size, same machine.
#
# Measures
#   - wrk -t2 -c64 --latency (keep-alive) on GET /demo.isx?format=asx and ?format=m3u (a
#     10-entry playlist; every request resolves it, stats its media, starts a session and
#     renders the document), and on nginx serving the same bytes as a static file;
#     goals: Interlude >= 0.5x nginx req/s, Interlude p99 <= 10 ms
#   - memory per session: VmRSS of a fresh Interlude before and after BENCH_SESSIONS
#     (100,000) more live sessions are created (a fixed number of requests);
#     goal <= 1 KiB per session
#
# Environment
#   BENCH_SECONDS   wrk duration per run, seconds (default 10)
#   BENCH_WARMUP    wrk warm-up per server and format before measuring, seconds (default 1, 0 = none)
#   BENCH_THREADS   wrk threads (default 2)
#   BENCH_CONNS     wrk connections (default 64)
#   BENCH_ENTRIES   entries in demo.isx (default 10)
#   BENCH_SESSIONS  sessions created for the memory figure (default 100000)
#   INTERLUDE_WORKERS  Interlude's worker threads (default 8: four per core of this 2-core
#                   machine, as docs/config.md advises for a server of playlists and small
#                   files; nginx runs worker_processes 2)
#   BENCH_STRICT    1 = exit 1 when any goal is missed (default 0)
#   BENCH_KEEP      1 = keep the temp dir (configs, logs, wrk output) (default 0)
#   BUILD_DIR       build dir, relative to the repo root unless absolute (default build)
#   INTERLUDE_BIN   Interlude binary (default $BUILD_DIR/core/interlude)
#
# All servers run on free 127.0.0.1 ports and are stopped on exit; nothing is left running.
set -euo pipefail
export LC_ALL=C # '.' as the decimal point in printf and awk

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init
BENCH_ENTRIES=${BENCH_ENTRIES:-10}
BENCH_SESSIONS=${BENCH_SESSIONS:-100000}
export INTERLUDE_WORKERS=${INTERLUDE_WORKERS:-8}
require_tools
install_cleanup

# ---------------------------------------------------------------- site, playlist, configs
make_workdir interlude-bench-playlist
root="$work/site"
static="$work/static"
mkdir -p "$root/media" "$static" "$work/nginx/tmp"

# demo.isx: an unskippable ad, then content; every entry a distinct 64 KiB file.
{
  printf '<?xml version="1.0" encoding="UTF-8"?>\n'
  printf '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:i="urn:interlude:playlist:1">\n'
  printf '  <head>\n'
  printf '    <meta name="title" content="Benchmark"/>\n'
  printf '    <meta name="author" content="bench/playlist.sh"/>\n'
  printf '    <meta name="inactivityTimeout" content="900"/>\n'
  printf '  </head>\n  <body>\n'
  for ((i = 1; i <= BENCH_ENTRIES; i++)); do
    head -c 65536 /dev/urandom >"$root/media/clip$i.mp4"
    if [ "$i" = 1 ]; then
      printf '    <ref src="media/clip%d.mp4" i:kind="ad" title="Sponsor" dur="15s"/>\n' "$i"
    else
      printf '    <video src="media/clip%d.mp4" title="Clip %d" author="Bench" dur="60s" i:skipAfter="50%%"/>\n' "$i" "$i"
    fi
  done
  printf '  </body>\n</smil>\n'
} >"$root/demo.isx"
if command -v xmllint >/dev/null && [ -f "$repo/playlists/schema/isx.xsd" ]; then
  xmllint --noout --schema "$repo/playlists/schema/isx.xsd" "$root/demo.isx" 2>"$work/xmllint.log" \
    || { cat "$work/xmllint.log" >&2; die "generated demo.isx does not validate"; }
fi

pick_ports
write_interlude_config "$root"
write_nginx_config "$static"

# ---------------------------------------------------------------- servers

start_interlude throughput
log "interlude pid $interlude_pid on 127.0.0.1:$interlude_port"

# The static twins: what Interlude answers, saved as files of the same size.
for fmt in asx m3u; do
  url="http://127.0.0.1:$interlude_port/demo.isx?format=$fmt"
  code=$(curl -sS -o "$static/demo.$fmt" -w '%{http_code}' "$url") || die "GET $url failed"
  [ "$code" = 200 ] || { cat "$static/demo.$fmt" >&2; die "GET $url answered $code"; }
  links=$(grep -o '/_/e/' "$static/demo.$fmt" | wc -l)
  [ "$links" -ge "$BENCH_ENTRIES" ] || die "GET $url has $links entry links, expected $BENCH_ENTRIES"
done
chmod 644 "$static"/demo.*
chmod 755 "$static"

start_nginx /demo.asx
for fmt in asx m3u; do
  curl -fsS -o "$work/check.$fmt" "http://127.0.0.1:$nginx_port/demo.$fmt" \
    || { cat "$work/nginx/error.log" >&2 2>/dev/null; die "nginx: GET /demo.$fmt failed"; }
  cmp -s "$work/check.$fmt" "$static/demo.$fmt" || die "nginx: GET /demo.$fmt returned different bytes"
done
log "nginx pid $nginx_pid on 127.0.0.1:$nginx_port"

# ---------------------------------------------------------------- wrk
declare -A rps p99
to_ms() { # wrk latency (123.45us, 1.23ms, 1.02s) -> ms
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}
run_wrk() { # key url: sets rps[key] and p99[key] (ms)
  local key=$1 url=$2 out="$work/wrk.$1.txt" r l bad
  wrk_measure "$url" "$out"
  r=$(wrk_rps "$out")
  l=$(wrk_p99 "$out")
  if [ -z "$r" ] || [ -z "$l" ]; then
    cat "$out" >&2
    die "no Requests/sec or 99% latency in wrk output for $url"
  fi
  bad=$(wrk_errors "$out")
  [ -z "$bad" ] || log "WARNING: $key: $bad"
  rps[$key]=$r
  p99[$key]=$(to_ms "$l")
}

for fmt in asx m3u; do
  run_wrk "interlude.$fmt" "http://127.0.0.1:$interlude_port/demo.isx?format=$fmt"
  run_wrk "nginx.$fmt" "http://127.0.0.1:$nginx_port/demo.$fmt"
done
die_unless_alive "$interlude_pid" "$work/interlude.throughput.log" "Interlude died during the benchmark"
throughput_rss_kb=$(rss_kb "$interlude_pid")
stop_pid "$interlude_pid" interlude
interlude_pid=""
stop_pid "$nginx_pid" nginx
nginx_pid=""

# ---------------------------------------------------------------- memory per session
# A fresh server; a warm-up (threads, caches, allocator arenas) is not counted. The sessions
# come from a fixed number of requests on keep-alive connections (python3, 4 processes),
# with a time limit per request and for the whole run.
cat >"$work/sessions.py" <<'EOF'
import http.client, multiprocessing, sys, time

port, count, procs = int(sys.argv[1]), int(sys.argv[2]), 4
DEADLINE = time.monotonic() + 600

def work(n):
    conn, ok = http.client.HTTPConnection("127.0.0.1", port, timeout=10), 0
    for _ in range(n):
        if time.monotonic() > DEADLINE:
            break
        conn.request("GET", "/demo.isx?format=m3u")
        resp = conn.getresponse()
        resp.read()
        if resp.status != 200:
            sys.exit(f"GET /demo.isx?format=m3u answered {resp.status}")
        ok += 1
        if resp.will_close:
            conn.close()
    return ok

if __name__ == "__main__":
    shares = [count // procs + (1 if i < count % procs else 0) for i in range(procs)]
    with multiprocessing.Pool(procs) as pool:
        print(sum(pool.map(work, shares)))
EOF
create_sessions() { # count name: makes COUNT playlist requests; prints how many answered 200
  local made
  made=$(python3 "$work/sessions.py" "$interlude_port" "$1" 2>"$work/sessions.$2.log") \
    || { cat "$work/sessions.$2.log" >&2; die "creating sessions failed"; }
  [ "$made" -gt 0 ] || die "no session created"
  [ "$made" = "$1" ] || log "WARNING: the time limit stopped session creation at $made of $1"
  echo "$made"
}

start_interlude sessions
warm=$(create_sessions 2000 warmup)
# The first entry (the ad) of a session made before the others: still served at the end
# (HEAD delivers nothing, so it changes no state).
witness=$(curl -fsS "http://127.0.0.1:$interlude_port/demo.isx?format=m3u" | grep -o 'http://[^ ]*/_/e/[^ ]*' | head -n 1)
[ -n "$witness" ] || die "no entry link in GET /demo.isx?format=m3u"
sleep 1
rss_before=$(rss_kb "$interlude_pid")
log "creating $BENCH_SESSIONS sessions"
started=$(date +%s.%N)
made=$(create_sessions "$BENCH_SESSIONS" measure)
made_seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
sleep 1
die_unless_alive "$interlude_pid" "$work/interlude.sessions.log" "Interlude died while creating sessions"
rss_after=$(rss_kb "$interlude_pid")
code=$(curl -sS -I -o /dev/null -w '%{http_code}' "$witness") || die "HEAD $witness failed"
[ "$code" = 200 ] || die "HEAD on the entry of an early session answered $code: sessions did not stay live"
per_session=$(awk -v a="$rss_before" -v b="$rss_after" -v n="$made" 'BEGIN { printf "%.0f", (b - a) * 1024 / n }')
log "sessions: $warm warm-up + $made measured; VmRSS $rss_before kB -> $rss_after kB"

# ---------------------------------------------------------------- report
missed=0
printf '\n'
printf '%-6s %16s %10s %12s %10s %7s  %s\n' "format" "interlude req/s" "p99 ms" "nginx req/s" "p99 ms" "ratio" "result (>=0.5x, p99 <=10 ms)"
for fmt in asx m3u; do
  i=${rps[interlude.$fmt]} n=${rps[nginx.$fmt]}
  ratio=$(ratio_of "$i" "$n")
  v1=$(verdict "$ratio" 0.5 ">=")
  v2=$(verdict "${p99[interlude.$fmt]}" 10 "<=")
  v=MISS
  if [ "$v1" = PASS ] && [ "$v2" = PASS ]; then v=PASS; else missed=1; fi
  printf '%-6s %16s %10s %12s %10s %7s  %s (ratio %s, p99 %s)\n' "$fmt" "$i" "${p99[interlude.$fmt]}" \
    "$n" "${p99[nginx.$fmt]}" "$ratio" "$v" "$v1" "$v2"
done
printf '\n'
v=$(verdict "$per_session" 1024 "<="); [ "$v" = PASS ] || missed=1
printf '%-26s %14s %12s  %s\n' "metric" "value" "goal" "result"
printf '%-26s %14s %12s  %s\n' "memory per live session" "$per_session B" "<= 1024 B" "$v"
v=PASS; [ "$made" = "$BENCH_SESSIONS" ] || { v=MISS; missed=1; }
printf '%-26s %14s %12s  %s\n' "live sessions made" "$made" "$BENCH_SESSIONS" "$v"
printf '%-26s %14s\n' "time to make them" "$made_seconds s"
printf '%-26s %14s\n' "VmRSS before / after" "$((rss_before / 1024)) / $((rss_after / 1024)) MB"
printf '%-26s %14s\n' "VmRSS after throughput" "$((throughput_rss_kb / 1024)) MB"

printf '\n(wrk -t%s -c%s -d%ss, keep-alive; %s warm-up; %s entries, body %s B (asx), %s B (m3u); Interlude workers %s; nginx %s)\n' \
  "$BENCH_THREADS" "$BENCH_CONNS" "$BENCH_SECONDS" "${BENCH_WARMUP}s" "$BENCH_ENTRIES" \
  "$(wc -c <"$static/demo.asx")" "$(wc -c <"$static/demo.m3u")" "$INTERLUDE_WORKERS" "$(nginx_version)"

bench_exit "$missed"
