#!/usr/bin/env bash
# Proxy benchmark: Interlude's `origin` point against nginx's proxy_pass, both in front of
# the same nginx origin on 127.0.0.1, same machine.
#
#   client (wrk) -> Interlude  /p/... -> origin nginx
#   client (wrk) -> nginx proxy_pass  -> origin nginx   (upstream keepalive 64, HTTP/1.1)
#   client (wrk) -> origin nginx                        (direct, for the added latency)
#
# Measures
#   - throughput of a 2 MiB segment: wrk -t2 -c64 req/s through Interlude and through the
#     nginx proxy; Interlude/nginx ratio, goal >= 0.8
#   - added latency of a 1 KiB object: wrk -t1 -c1 --latency p50 through Interlude minus p50
#     direct from the origin, goal <= 0.3 ms (nginx proxy_pass's figure printed beside it)
#
# Environment
#   BENCH_SECONDS   wrk duration per run, seconds (default 10)
#   BENCH_WARMUP    wrk warm-up per server and object before measuring, seconds (default 1)
#   BENCH_ROUNDS    rounds of all runs, servers alternating; figures are medians (default 3)
#   BENCH_THREADS   wrk threads for the throughput runs (default 2)
#   BENCH_CONNS     wrk connections for the throughput runs (default 64)
#   NGINX_WORKERS   worker processes of the nginx proxy and of the origin (default 2)
#   NGINX_PROXY_TUNING  directives added to the nginx proxy's location (default
#                   "proxy_buffering off; proxy_buffer_size 256k; proxy_buffers 4 256k;": bodies
#                   streamed as Interlude does; with its default buffers nginx spools 2 MiB
#                   bodies to temp files and reaches a third of this)
#   INTERLUDE_WORKERS  Interlude's HTTP worker threads (default 64)
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
NGINX_WORKERS=${NGINX_WORKERS:-2}
BENCH_ROUNDS=${BENCH_ROUNDS:-3}
NGINX_PROXY_TUNING=${NGINX_PROXY_TUNING:-proxy_buffering off; proxy_buffer_size 256k; proxy_buffers 4 256k;}
require_tools
install_cleanup

# ---------------------------------------------------------------- objects and servers
make_workdir interlude-bench-proxy
root="$work/origin"
mkdir -p "$root" "$work/nginx/tmp"
head -c $((2 << 20)) /dev/urandom >"$root/seg2m.ts"
head -c 1024 /dev/urandom >"$root/obj1k.bin"
chmod 644 "$root"/*
chmod 755 "$root"

read -r interlude_port nginx_port proxy_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
')

# The origin: lib.sh's tuned static nginx.
write_nginx_config "$root" "$NGINX_WORKERS"
start_nginx /obj1k.bin
curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/obj1k.bin" || die "origin nginx did not come up"

# The nginx proxy, bodies streamed as Interlude streams them.
write_nginx_proxy_config "$proxy_port" "$NGINX_WORKERS" "" "$NGINX_PROXY_TUNING"
start_nginx_proxy "http://127.0.0.1:$proxy_port/p/obj1k.bin"

# Interlude: one origin point in front of the same origin.
write_interlude_config "$work/origin" "    <streaming xmlns=\"urn:interlude:streaming:1\">
      <point name=\"bench\" prefix=\"/p/\" kind=\"origin\">
        <upstream url=\"http://127.0.0.1:$nginx_port/\"/>
      </point>
    </streaming>"
check_interlude_config || { cat "$work/interlude-check.log" >&2; die "Interlude refused the config"; }
start_interlude proxy
log "origin nginx :$nginx_port, nginx proxy :$proxy_port, interlude :$interlude_port (pid $interlude_pid)"

# Every path must return the origin's bytes before its speed means anything.
for f in seg2m.ts obj1k.bin; do
  for url in "http://127.0.0.1:$interlude_port/p/$f" "http://127.0.0.1:$proxy_port/p/$f"; do
    curl -fsS -o "$work/check" "$url" || die "GET $url failed"
    cmp -s "$work/check" "$root/$f" || die "GET $url returned different bytes"
  done
done

# ---------------------------------------------------------------- runs
declare -A rps p50
segment_and_object_rounds "$work/interlude.proxy.log"

# ---------------------------------------------------------------- report
missed=0
print_segment_rows "2 MiB segment" "nginx proxy_pass"
[ "$segment_verdict" = PASS ] || missed=1

added=$(awk -v a="${p50[interlude.1k]}" -v d="${p50[direct.1k]}" 'BEGIN { printf "%.3f", a - d }')
added_nginx=$(awk -v a="${p50[nginx.1k]}" -v d="${p50[direct.1k]}" 'BEGIN { printf "%.3f", a - d }')
v=$(verdict "$added" 0.3 "<="); [ "$v" = PASS ] || missed=1
printf '\n1 KiB object, wrk -t1 -c1 -d%ss, p50 latency, median of %s rounds\n' "$BENCH_SECONDS" \
  "$BENCH_ROUNDS"
printf '  %-22s %8s ms\n' "direct (origin)" "${p50[direct.1k]}"
printf '  %-22s %8s ms  (+%s ms, goal <= 0.3)  %s\n' "interlude" "${p50[interlude.1k]}" "$added" "$v"
printf '  %-22s %8s ms  (+%s ms)\n' "nginx proxy_pass" "${p50[nginx.1k]}" "$added_nginx"

printf '\n(nginx %s, %s worker processes each; Interlude %s workers; %s warm-up per run)\n' \
  "$(nginx_version)" "$NGINX_WORKERS" "${INTERLUDE_WORKERS:-64}" "${BENCH_WARMUP}s"
wrk_rounds_warnings interlude.2m nginx.2m direct.1k interlude.1k nginx.1k

bench_exit "$missed"
