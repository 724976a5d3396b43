#!/usr/bin/env bash
# Static-file benchmark: Interlude against nginx on the same files, same machine.
#
# Measures
#   - Interlude startup time: from exec to the first 200 on /healthz (ms, goal < 100)
#   - Interlude idle RSS: VmRSS right after startup (MB, goal < 20)
#   - wrk -t2 -c64 --latency (keep-alive) req/s for a 4 KiB and a 1 MiB file on both
#     servers; Interlude/nginx ratio goals: >= 0.8 (4 KiB), >= 0.9 (1 MiB)
#
# Environment
#   BENCH_SECONDS   wrk duration per run, seconds (default 10)
#   BENCH_WARMUP    wrk warm-up per server and file before measuring, seconds (default 1, 0 = none)
#   BENCH_THREADS   wrk threads (default 2)
#   BENCH_CONNS     wrk connections (default 64)
#   BENCH_SETTLE    seconds to wait after startup before reading idle RSS (default 1)
#   BENCH_STRICT    1 = exit 1 when any goal is missed (default 0)
#   BENCH_KEEP      1 = keep the temp dir (configs, logs, wrk output) (default 0)
#   BUILD_DIR       build dir, relative to the repo root unless absolute (default build)
#   INTERLUDE_BIN   Interlude binary (default $BUILD_DIR/core/interlude)
#
# Both servers run on free 127.0.0.1 ports and are stopped on exit; nothing is left running.
set -euo pipefail
export LC_ALL=C # '.' as the decimal point in $EPOCHREALTIME and printf

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init
BENCH_SETTLE=${BENCH_SETTLE:-1}
require_tools
install_cleanup

# ---------------------------------------------------------------- files and configs
make_workdir interlude-bench
root="$work/site"
mkdir -p "$root" "$work/nginx/tmp"
head -c 4096 /dev/urandom >"$root/4k.bin"
head -c 1048576 /dev/urandom >"$root/1m.bin"
chmod 644 "$root"/*.bin
chmod 755 "$root"

pick_ports
write_interlude_config "$root"
write_nginx_config "$root"

# ---------------------------------------------------------------- Interlude startup
# The poller starts first (so Python's own startup is not counted), signals readiness,
# then the shell stamps the time and execs Interlude in the same process. The poller
# hammers /healthz every millisecond and prints the wall-clock time of the first 200.
python3 - "$interlude_port" "$work/poller.ready" "$work/interlude.pid" <<'PY' >"$work/t200" 2>"$work/poller.log" &
import os, socket, sys, time
port, ready, pidfile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
req = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"

def server_dead():
    try:
        pid = open(pidfile).read().strip()
    except OSError:
        return False  # not launched yet
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True

open(ready, "w").write("ready\n")
deadline = time.time() + 15
last = ""
while time.time() < deadline:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(req)
            head = s.recv(64)
            t = time.time()
        if head[9:12] == b"200":
            print(f"{t:.6f}")
            sys.exit(0)
        last = head.split(b"\r\n", 1)[0].decode("latin-1")
    except OSError as e:
        last = str(e)
    if server_dead():
        print(f"interlude exited before answering 200 on /healthz (last: {last})", file=sys.stderr)
        sys.exit(2)
    time.sleep(0.001)
print(f"no 200 on /healthz within 15 s (last: {last})", file=sys.stderr)
sys.exit(1)
PY
poller_pid=$!
for ((i = 0; i < 500; i++)); do
  [ -s "$work/poller.ready" ] && break
  kill -0 "$poller_pid" 2>/dev/null || break
  sleep 0.01
done
[ -s "$work/poller.ready" ] || { cat "$work/poller.log" >&2; die "startup poller did not start"; }

(
  printf '%s\n' "$EPOCHREALTIME" >"$work/t0"
  exec "$INTERLUDE_BIN" serve -c "$work/interlude.xml" \
    --listen "127.0.0.1:$interlude_port" --admin 127.0.0.1:0
) >"$work/interlude.log" 2>&1 &
interlude_pid=$!
echo "$interlude_pid" >"$work/interlude.pid"

if ! wait "$poller_pid"; then
  poller_pid=""
  cat "$work/poller.log" >&2
  log "interlude output:"
  sed 's/^/  | /' "$work/interlude.log" >&2
  die "Interlude did not come up"
fi
poller_pid=""
startup_ms=$(awk -v a="$(cat "$work/t0")" -v b="$(cat "$work/t200")" 'BEGIN { printf "%.1f", (b - a) * 1000 }')

sleep "$BENCH_SETTLE"
die_unless_alive "$interlude_pid" "$work/interlude.log" "Interlude exited after startup"
idle_rss_kb=$(rss_kb "$interlude_pid")
rss_mb=$(awk -v k="$idle_rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
log "interlude pid $interlude_pid on 127.0.0.1:$interlude_port: first 200 after $startup_ms ms, idle RSS $rss_mb MB"

# ---------------------------------------------------------------- nginx
start_nginx /4k.bin
curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/4k.bin" \
  || { cat "$work/nginx/error.log" "$work/nginx/stdout.log" >&2 2>/dev/null; die "nginx did not come up"; }
log "nginx pid $nginx_pid on 127.0.0.1:$nginx_port"

# Both servers must serve the same bytes before their speed means anything.
for f in 4k.bin 1m.bin; do
  for server in "interlude:$interlude_port" "nginx:$nginx_port"; do
    name=${server%%:*} port=${server#*:}
    curl -fsS -o "$work/check.$name.$f" "http://127.0.0.1:$port/$f" \
      || die "$name: GET /$f failed"
    cmp -s "$work/check.$name.$f" "$root/$f" || die "$name: GET /$f returned different bytes"
  done
done

# ---------------------------------------------------------------- wrk
declare -A rps
run_wrk() { # name port file: sets rps[name.file]
  local name=$1 port=$2 file=$3 out="$work/wrk.$1.$3.txt" r
  wrk_measure "http://127.0.0.1:$port/$file" "$out" "$name"
  r=$(wrk_rps "$out")
  [ -n "$r" ] || { cat "$out" >&2; die "no Requests/sec in wrk output for $name $file"; }
  rps[$name.$file]=$r
}

for f in 4k.bin 1m.bin; do
  run_wrk interlude "$interlude_port" "$f"
  run_wrk nginx "$nginx_port" "$f"
done
die_unless_alive "$interlude_pid" "$work/interlude.log" "Interlude died during the benchmark"

# ---------------------------------------------------------------- report
missed=0
printf '\n'
printf '%-7s %16s %14s %7s %7s  %s\n' "file" "interlude req/s" "nginx req/s" "ratio" "goal" "result"
for row in "4k.bin:4 KiB:0.8" "1m.bin:1 MiB:0.9"; do
  IFS=: read -r f label goal <<<"$row"
  i=${rps[interlude.$f]} n=${rps[nginx.$f]}
  ratio=$(ratio_of "$i" "$n")
  v=$(verdict "$ratio" "$goal" ">=")
  [ "$v" = PASS ] || missed=1
  printf '%-7s %16s %14s %7s %7s  %s\n' "$label" "$i" "$n" "$ratio" ">=$goal" "$v"
done
printf '\n'
printf '%-22s %10s %10s  %s\n' "metric" "value" "goal" "result"
v=$(verdict "$startup_ms" 100 "<"); [ "$v" = PASS ] || missed=1
printf '%-22s %10s %10s  %s\n' "startup to first 200" "$startup_ms ms" "< 100 ms" "$v"
v=$(verdict "$rss_mb" 20 "<"); [ "$v" = PASS ] || missed=1
printf '%-22s %10s %10s  %s\n' "idle RSS" "$rss_mb MB" "< 20 MB" "$v"

printf '\n(wrk -t%s -c%s -d%ss, keep-alive; %s warm-up; nginx %s)\n' \
  "$BENCH_THREADS" "$BENCH_CONNS" "$BENCH_SECONDS" "${BENCH_WARMUP}s" "$(nginx_version)"
for f in 4k.bin 1m.bin; do
  for name in interlude nginx; do
    out="$work/wrk.$name.$f.txt"
    p99=$(wrk_p99 "$out")
    bad=$(wrk_errors "$out")
    printf '  %-9s %-6s p99 %-9s %s\n' "$name" "$f" "${p99:-?}" "${bad:+WARNING: $bad}"
  done
done

bench_exit "$missed"
