#!/usr/bin/env bash
# Scale-out benchmark: playlist requests with the session store in memory against the store in
# Redis, on one node, and two nodes on Redis behind nginx as the load balancer; same machine.
#
# Measures
#   - wrk -t2 -c64 (keep-alive) on GET /demo.isx?format=m3u (a 10-entry playlist: every request
#     resolves it, starts a session in the store and renders the document) against
#       1. one node, <sessions store="memory"/>
#       2. one node, <sessions store="redis"/> (a redis-server of its own on a free port)
#       3. two nodes on that Redis behind nginx (upstream with keep-alive, round robin)
#     goal: Redis store >= 0.7x the memory store on one node
#   - that sessions really are shared in 3: a playlist fetched through nginx, each of its first
#     two entries fetched from a different node directly
#
# Environment
#   BENCH_SECONDS   wrk duration per run, seconds (default 10)
#   BENCH_WARMUP    wrk warm-up per run, seconds (default 1, 0 = none)
#   BENCH_THREADS   wrk threads (default 2)
#   BENCH_CONNS     wrk connections (default 64)
#   INTERLUDE_WORKERS  worker threads of each node, the same for both stores (default 16: a node
#                   on Redis waits for round trips, and docs/scale-out.md advises 8 per core;
#                   bench/playlist.sh uses 8, the memory store's best on 2 cores)
#   BENCH_STRICT    1 = exit 1 when the goal is missed (default 0)
#   BENCH_KEEP      1 = keep the temp dir (configs, logs, wrk output) (default 0)
#   BUILD_DIR       build dir, relative to the repo root unless absolute (default build)
#   INTERLUDE_BIN   Interlude binary (default $BUILD_DIR/core/interlude)
#
# Every server runs on a free 127.0.0.1 port and is stopped on exit; nothing is left running.
set -euo pipefail
export LC_ALL=C # '.' as the decimal point in printf and awk

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init
export INTERLUDE_WORKERS=${INTERLUDE_WORKERS:-16}
require_tools
command -v redis-server >/dev/null || die "redis-server not found after scripts/install-deps"
install_cleanup
redis_pid=""
node2_pid=""
# shellcheck disable=SC2317 # runs from the EXIT trap
scaleout_cleanup() {
  local rc=$?
  stop_pid "$node2_pid" "second node"
  stop_pid "$redis_pid" "redis-server"
  (exit "$rc")
  cleanup
}
trap scaleout_cleanup EXIT

# ---------------------------------------------------------------- site and playlist
make_workdir interlude-bench-scaleout
root="$work/site"
mkdir -p "$root/media" "$work/nginx/tmp" "$work/redis"
{
  printf '<?xml version="1.0" encoding="UTF-8"?>\n'
  printf '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:i="urn:interlude:playlist:1">\n'
  printf '  <head><meta name="title" content="Benchmark"/><meta name="inactivityTimeout" content="900"/></head>\n'
  printf '  <body>\n'
  for ((i = 1; i <= 10; i++)); do
    head -c 65536 /dev/urandom >"$root/media/clip$i.mp4"
    if [ "$i" = 1 ]; then
      printf '    <ref src="media/clip%d.mp4" i:kind="ad" title="Sponsor" dur="15s"/>\n' "$i"
    else
      printf '    <video src="media/clip%d.mp4" title="Clip %d" dur="60s" i:skipAfter="50%%"/>\n' "$i" "$i"
    fi
  done
  printf '  </body>\n</smil>\n'
} >"$root/demo.isx"

read -r redis_port node2_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
')
pick_ports

# write_config STORE: $work/interlude.xml with the shared token keys and <sessions store=STORE>.
write_config() {
  cat >"$work/interlude.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<interlude xmlns="urn:interlude:config:1">
  <server workers="$INTERLUDE_WORKERS" queue="512"><listen address="127.0.0.1:0"/></server>
  <admin address="127.0.0.1:0" token="bench-token"/>
  <tokens active="k1"><key id="k1" secret="bench-shared-secret-0123456789"/></tokens>
  <sessions store="$1" address="127.0.0.1:$redis_port" prefix="bench:"/>
  <logging level="warning" errorLog="-" accessLog="off"/>
  <site name="bench" root="$root" default="true"/>
</interlude>
EOF
  check_interlude_config || { cat "$work/interlude-check.log" >&2; die "generated config refused"; }
}

declare -A rps
run_wrk() { # key url: sets rps[key]
  local key=$1 url=$2 out="$work/wrk.$1.txt" bad
  wrk_measure "$url" "$out" "$key"
  rps[$key]=$(wrk_rps "$out")
  [ -n "${rps[$key]}" ] || { cat "$out" >&2; die "no Requests/sec in wrk output for $key"; }
  bad=$(wrk_errors "$out")
  [ -z "$bad" ] || die "$key: $bad"
}
playlist="/demo.isx?format=m3u"

# ---------------------------------------------------------------- 1. memory store
write_config memory
start_interlude memory
run_wrk memory "http://127.0.0.1:$interlude_port$playlist"
die_unless_alive "$interlude_pid" "$work/interlude.memory.log" "Interlude died during the benchmark"
stop_pid "$interlude_pid" interlude
interlude_pid=""

# ---------------------------------------------------------------- 2. Redis store, one node
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work/redis" \
  --logfile "$work/redis/redis.log" &
redis_pid=$!
for ((i = 0; i < 500; i++)); do
  [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && break
  kill -0 "$redis_pid" 2>/dev/null || die "redis-server exited: $(cat "$work/redis/redis.log")"
  sleep 0.01
done
log "redis-server pid $redis_pid on 127.0.0.1:$redis_port ($(redis-server --version | awk '{ print $3 }'))"
write_config redis
start_interlude redis
run_wrk redis "http://127.0.0.1:$interlude_port$playlist"
die_unless_alive "$interlude_pid" "$work/interlude.redis.log" "Interlude died during the benchmark"
sessions=$(redis-cli -p "$redis_port" --scan --pattern 'bench:session:*' | wc -l)
log "sessions in Redis after the one-node run: $sessions"
[ "$sessions" -gt 0 ] || die "no session in Redis: the Redis store was not used"

# ---------------------------------------------------------------- 3. two nodes behind nginx
"$INTERLUDE_BIN" serve -c "$work/interlude.xml" --listen "127.0.0.1:$node2_port" --admin 127.0.0.1:0 \
  >"$work/interlude.node2.log" 2>&1 &
node2_pid=$!
wait_for_url "http://127.0.0.1:$node2_port/healthz" "$node2_pid" \
  || { sed 's/^/  | /' "$work/interlude.node2.log" >&2; die "the second node did not come up"; }
cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp/client_body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  upstream interlude {
    server 127.0.0.1:$interlude_port;
    server 127.0.0.1:$node2_port;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://interlude;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
EOF
start_nginx /healthz
log "nginx pid $nginx_pid on 127.0.0.1:$nginx_port, balancing 127.0.0.1:$interlude_port and 127.0.0.1:$node2_port"

# A session made through the balancer goes on on either node: its ad from node 1, then the next
# entry from node 2 (allowed only if node 2 sees what node 1 delivered).
links=$(curl -fsS "http://127.0.0.1:$nginx_port$playlist" | grep -o '/_/e/[^ ]*' | head -n 2)
ad=$(sed -n 1p <<<"$links")
next=$(sed -n 2p <<<"$links")
{ [ -n "$ad" ] && [ -n "$next" ]; } || die "no entry links in the playlist served through nginx"
code=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$node2_port$next")
[ "$code" = 403 ] || die "node 2 served the entry after an unplayed ad ($code)"
code=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$interlude_port$ad")
[ "$code" = 200 ] || die "node 1: the ad answered $code"
code=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$node2_port$next")
[ "$code" = 200 ] || die "node 2 refused the entry after the ad played on node 1 ($code)"
log "a session made through nginx continues on both nodes"

run_wrk two-nodes "http://127.0.0.1:$nginx_port$playlist"
die_unless_alive "$interlude_pid" "$work/interlude.redis.log" "node 1 died during the benchmark"
die_unless_alive "$node2_pid" "$work/interlude.node2.log" "node 2 died during the benchmark"

# ---------------------------------------------------------------- report
ratio=$(ratio_of "${rps[redis]}" "${rps[memory]}")
v=$(verdict "$ratio" 0.7 ">=")
missed=0
[ "$v" = PASS ] || missed=1
printf '\n%-40s %12s\n' "GET $playlist" "req/s"
printf '%-40s %12s\n' "one node, memory store" "${rps[memory]}"
printf '%-40s %12s\n' "one node, Redis store" "${rps[redis]}"
printf '%-40s %12s\n' "two nodes on Redis behind nginx" "${rps[two-nodes]}"
printf '\n%-40s %12s  %s\n' "Redis / memory, one node" "$ratio" "$v (goal >= 0.7)"
printf '%-40s %12s\n' "two nodes behind nginx / one node, Redis" "$(ratio_of "${rps[two-nodes]}" "${rps[redis]}")"
printf '\n(wrk -t%s -c%s -d%ss, keep-alive; %s warm-up; workers %s per node; redis %s; nginx %s; all on one %s-core machine)\n' \
  "$BENCH_THREADS" "$BENCH_CONNS" "$BENCH_SECONDS" "${BENCH_WARMUP}s" "$INTERLUDE_WORKERS" \
  "$(redis-server --version | awk '{ print $3 }' | sed 's/v=//')" "$(nginx_version)" "$(nproc)"

bench_exit "$missed"
