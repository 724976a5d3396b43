#!/usr/bin/env bash
# Edge cache benchmark: Interlude's `origin` point with <cache> against nginx's proxy_cache,
# both in front of the same nginx origin on 127.0.0.1 (which marks everything max-age=3600).
#
#   client (wrk) -> Interlude  /p/... (cache HIT) -> origin nginx
#   client (wrk) -> nginx proxy_cache (HIT)       -> origin nginx
#   client (wrk) -> origin nginx                     (direct, for the added latency)
#
# Measures
#   - throughput of a 2 MiB segment served from the cache: wrk -t2 -c64 req/s; Interlude/nginx
#     ratio, goal >= 0.8
#   - latency of a 1 KiB object served from the cache: wrk -t1 -c1 --latency p50, beside the
#     origin's own and nginx proxy_cache's
#   - request collapsing: COLLAPSE_CLIENTS clients ask at once for a 2 MiB object neither cache
#     has, which the origin sends at 4 MB/s (0.5 s); the origin's access log counts the fetches
#     each cache made (goal: 1; nginx with proxy_cache_lock on)
#
# Environment
#   BENCH_SECONDS, BENCH_WARMUP, BENCH_THREADS, BENCH_CONNS, BENCH_STRICT, BENCH_KEEP, BUILD_DIR,
#   INTERLUDE_BIN   as in bench/proxy.sh
#   BENCH_ROUNDS    rounds of all runs, servers alternating; figures are medians (default 3)
#   NGINX_WORKERS   worker processes of the nginx cache and of the origin (default 2)
#   INTERLUDE_WORKERS  Interlude's HTTP worker threads (default 64)
#   COLLAPSE_CLIENTS   concurrent cold requests (default 32)
#
# All servers run on free 127.0.0.1 ports and are stopped on exit; nothing is left running.
set -euo pipefail
export LC_ALL=C # '.' as the decimal point in printf and awk

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init
NGINX_WORKERS=${NGINX_WORKERS:-2}
COLLAPSE_CLIENTS=${COLLAPSE_CLIENTS:-32}
BENCH_ROUNDS=${BENCH_ROUNDS:-3}
require_tools
install_cleanup

# ---------------------------------------------------------------- objects and servers
make_workdir interlude-bench-edge-cache
root="$work/origin"
mkdir -p "$root/slow" "$work/nginx/tmp" "$work/proxy/cache" "$work/icache"
head -c $((2 << 20)) /dev/urandom >"$root/seg2m.ts"
head -c 1024 /dev/urandom >"$root/obj1k.bin"
cp "$root/seg2m.ts" "$root/slow/a.ts"
cp "$root/seg2m.ts" "$root/slow/b.ts"
chmod 644 "$root"/*.ts "$root"/*.bin "$root"/slow/*
chmod 755 "$root" "$root/slow"

read -r interlude_port nginx_port proxy_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
')

# The origin: everything cacheable for an hour; /slow/ at 4 MB/s and logged, to count fetches.
write_nginx_config "$root" "$NGINX_WORKERS" 1024 \
  "expires 1h; location /slow/ { limit_rate 4m; access_log $work/nginx/slow.log; }"
start_nginx /obj1k.bin
curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/obj1k.bin" || die "origin nginx did not come up"

# The nginx cache: proxy_cache in front of the same origin, with its lock for concurrent misses.
write_nginx_proxy_config "$proxy_port" "$NGINX_WORKERS" \
  "proxy_cache_path $work/proxy/cache levels=1:2 keys_zone=edge:10m max_size=512m inactive=1h use_temp_path=off;" \
  "proxy_cache edge; proxy_cache_lock on; proxy_cache_lock_timeout 5s; add_header X-Cache \$upstream_cache_status;"
start_nginx_proxy "http://127.0.0.1:$proxy_port/p/obj1k.bin"

write_interlude_config "$work/origin" "    <streaming xmlns=\"urn:interlude:streaming:1\">
      <point name=\"bench\" prefix=\"/p/\" kind=\"origin\">
        <upstream url=\"http://127.0.0.1:$nginx_port/\"/>
        <cache folder=\"$work/icache\" maxMiB=\"512\"/>
      </point>
    </streaming>"
check_interlude_config || { cat "$work/interlude-check.log" >&2; die "Interlude refused the config"; }
start_interlude edge
log "origin nginx :$nginx_port, nginx cache :$proxy_port, interlude :$interlude_port (pid $interlude_pid)"

# Every path returns the origin's bytes, and the second request is a hit in both caches.
for f in seg2m.ts obj1k.bin; do
  for url in "http://127.0.0.1:$interlude_port/p/$f" "http://127.0.0.1:$proxy_port/p/$f"; do
    curl -fsS -o "$work/check" "$url" || die "GET $url failed"
    cmp -s "$work/check" "$root/$f" || die "GET $url returned different bytes"
    status=$(curl -fsS -o /dev/null -D - "$url" | awk -F': ' 'tolower($1) == "x-cache" { print $2 }' | tr -d '\r')
    [ "$status" = HIT ] || die "GET $url twice: X-Cache '$status', not HIT"
  done
done

# ---------------------------------------------------------------- collapsing
# collapse NAME URL: COLLAPSE_CLIENTS clients at once; prints how many fetches reached the origin.
collapse() {
  local url=$2 path=${2#*/p} before after
  before=$(grep -c " $path " "$work/nginx/slow.log" 2>/dev/null || true)
  seq "$COLLAPSE_CLIENTS" | xargs -P "$COLLAPSE_CLIENTS" -I{} \
    curl -fsS -o "$work/collapse.$1.{}" "$url" || die "a collapsed GET $url failed"
  for f in "$work"/collapse."$1".*; do
    cmp -s "$f" "$root$path" || die "a collapsed GET $url returned different bytes"
  done
  after=$(grep -c " $path " "$work/nginx/slow.log" || true)
  echo $((after - ${before:-0}))
}
fetches_interlude=$(collapse interlude "http://127.0.0.1:$interlude_port/p/slow/a.ts")
fetches_nginx=$(collapse nginx "http://127.0.0.1:$proxy_port/p/slow/b.ts")

# ---------------------------------------------------------------- runs
declare -A rps p50
segment_and_object_rounds "$work/interlude.edge.log"

# ---------------------------------------------------------------- report
missed=0
print_segment_rows "2 MiB segment from the cache (HIT)" "nginx proxy_cache"
[ "$segment_verdict" = PASS ] || missed=1

printf '\n1 KiB object from the cache (HIT), wrk -t1 -c1 -d%ss, p50 latency, median of %s rounds\n' \
  "$BENCH_SECONDS" "$BENCH_ROUNDS"
printf '  %-22s %8s ms\n' "direct (origin)" "${p50[direct.1k]}"
printf '  %-22s %8s ms\n' "interlude" "${p50[interlude.1k]}"
printf '  %-22s %8s ms\n' "nginx proxy_cache" "${p50[nginx.1k]}"

v=$(verdict "$fetches_interlude" 1 "<="); [ "$v" = PASS ] || missed=1
printf '\n%s concurrent cold requests of a 2 MiB object (origin at 4 MB/s): origin fetches\n' "$COLLAPSE_CLIENTS"
printf '  %-22s %8s  (goal 1)  %s\n' "interlude" "$fetches_interlude" "$v"
printf '  %-22s %8s  (proxy_cache_lock on)\n' "nginx proxy_cache" "$fetches_nginx"

printf '\n(nginx %s, %s worker processes each; Interlude %s workers; %s warm-up per run)\n' \
  "$(nginx_version)" "$NGINX_WORKERS" "${INTERLUDE_WORKERS:-64}" "${BENCH_WARMUP}s"
wrk_rounds_warnings interlude.2m nginx.2m direct.1k interlude.1k nginx.1k

bench_exit "$missed"
