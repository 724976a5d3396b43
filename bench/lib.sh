# shellcheck shell=bash
# Shared helpers of the bench/*.sh benchmarks (Interlude against nginx on 127.0.0.1).
# Sourced, not run: the script sets `set -euo pipefail` and LC_ALL=C first, then calls
# bench_init, require_tools and install_cleanup before anything else.
#
# Globals it sets or reads: repo, work, interlude_pid, nginx_pid, nginx_proxy_pid, poller_pid,
# interlude_port, nginx_port and the BENCH_* / BUILD_DIR / INTERLUDE_BIN settings.
# shellcheck disable=SC2034 # the globals set here are read by the scripts

# Prints a progress line to stderr.
log() { printf 'bench: %s\n' "$*" >&2; }

# Prints an error line to stderr and exits 1.
die() { log "error: $*"; exit 1; }

# Sets repo (the checkout root) and cds there; applies the BENCH_* defaults every script shares.
bench_init() {
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  cd "$repo" || exit
  BENCH_SECONDS=${BENCH_SECONDS:-10}
  BENCH_WARMUP=${BENCH_WARMUP:-1}
  BENCH_THREADS=${BENCH_THREADS:-2}
  BENCH_CONNS=${BENCH_CONNS:-64}
  BENCH_STRICT=${BENCH_STRICT:-0}
  BENCH_KEEP=${BENCH_KEEP:-0}
  BUILD_DIR=${BUILD_DIR:-build}
  case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$repo/$BUILD_DIR" ;; esac
  INTERLUDE_BIN=${INTERLUDE_BIN:-$BUILD_DIR/core/interlude}
}

# Runs scripts/install-deps, then dies unless nginx, wrk, curl, python3 and the Interlude binary are there.
require_tools() {
  local tool
  "$repo/scripts/install-deps"
  for tool in nginx wrk curl python3; do
    command -v "$tool" >/dev/null || die "$tool not found after scripts/install-deps"
  done
  [ -x "$INTERLUDE_BIN" ] || die "no Interlude binary at $INTERLUDE_BIN (build first, or set INTERLUDE_BIN / BUILD_DIR)"
}

# shellcheck disable=SC2317 # stop_pid and cleanup run from the EXIT trap
# Stops pid ($1, called $2 in the log): TERM, wait up to 5 s, then KILL; reaps it.
stop_pid() {
  local pid=$1 name=$2 i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) ignored SIGTERM for 5 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317
# EXIT trap: stops the poller, Interlude and the nginx servers, removes the work dir (kept on error or BENCH_KEEP=1).
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$poller_pid" "startup poller"
  stop_pid "$interlude_pid" "interlude"
  stop_pid "$nginx_proxy_pid" "nginx proxy"
  stop_pid "$nginx_pid" "nginx"
  if [ -n "$work" ] && [ -d "$work" ]; then
    if [ "$BENCH_KEEP" = 1 ] || [ "$rc" -ne 0 ]; then
      log "kept $work"
    else
      rm -rf "$work"
    fi
  fi
  exit "$rc"
}

# Clears work and the server pids, and installs cleanup on EXIT (INT and TERM exit 130 and 143).
install_cleanup() {
  work=""
  interlude_pid=""
  nginx_pid=""
  nginx_proxy_pid=""
  poller_pid=""
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# Creates the work dir as a world-readable ${TMPDIR:-/tmp}/$1.XXXXXX and sets work.
make_workdir() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  # nginx workers drop to nobody when started as root: the site must be world-readable.
  chmod 755 "$work"
}

# Sets interlude_port and nginx_port to two distinct free loopback ports (held together so they cannot coincide).
pick_ports() {
  read -r interlude_port nginx_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
')
}

# Writes $work/interlude.xml serving root $1 as the default site, and validates it when xmllint is there.
# Optional: $2 is XML put inside the site, after its own children (module sections such as
# <throttling xmlns="urn:interlude:throttling:1">); $3 is XML put before the site (global module
# sections). Module namespaces are not in core/schema/config.xsd: with $2 or $3 the config is checked
# by the server instead (check_interlude_config).
write_interlude_config() {
  local site_xml=${2:-} modules_xml=${3:-} site_line
  if [ -n "$site_xml" ]; then
    site_line="  <site name=\"bench\" root=\"$1\" default=\"true\">
$site_xml
  </site>"
  else
    site_line="  <site name=\"bench\" root=\"$1\" default=\"true\"/>"
  fi
  cat >"$work/interlude.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<interlude xmlns="urn:interlude:config:1">
  <server workers="${INTERLUDE_WORKERS:-64}" queue="512"><listen address="127.0.0.1:0"/></server>
  <admin address="127.0.0.1:0" token="bench-token"/>
  <logging level="warning" errorLog="-" accessLog="off"/>
${modules_xml:+$modules_xml
}$site_line
</interlude>
EOF
  [ -z "$site_xml$modules_xml" ] || return 0
  if command -v xmllint >/dev/null && [ -f "$repo/core/schema/config.xsd" ]; then
    xmllint --noout --schema "$repo/core/schema/config.xsd" "$work/interlude.xml" 2>"$work/xmllint.log" \
      || { cat "$work/xmllint.log" >&2; die "generated Interlude config does not validate"; }
  fi
}

# Runs `interlude check` on $work/interlude.xml (module sections included); output in
# $work/interlude-check.log. Returns its status.
check_interlude_config() {
  "$INTERLUDE_BIN" check -c "$work/interlude.xml" >"$work/interlude-check.log" 2>&1
}

# Starts Interlude on $work/interlude.xml and 127.0.0.1:$interlude_port (log $work/interlude.$1.log),
# waits for a 2xx on /healthz and sets interlude_pid; dies with the log when it does not come up.
start_interlude() {
  "$INTERLUDE_BIN" serve -c "$work/interlude.xml" --listen "127.0.0.1:$interlude_port" \
    --admin 127.0.0.1:0 >"$work/interlude.$1.log" 2>&1 &
  interlude_pid=$!
  wait_for_url "http://127.0.0.1:$interlude_port/healthz" "$interlude_pid" && return 0
  sed 's/^/  | /' "$work/interlude.$1.log" >&2
  die "Interlude did not come up"
}

# Writes $work/nginx/nginx.conf: a tuned static server for root $1 on 127.0.0.1:$nginx_port.
# Optional: $2 worker_processes (default 2), $3 worker_connections (default 1024; above it the
# workers' file limit is raised to 2 per connection, at most to the hard limit), $4 directives for
# `location /` (e.g. limit_rate).
write_nginx_config() {
  local workers=${2:-2} connections=${3:-1024} location=${4:-} rlimit="" files hard
  if [ "$connections" -gt 1024 ]; then
    files=$((2 * connections + 64)) hard=$(ulimit -Hn)
    [ "$hard" = unlimited ] || [ "$files" -le "$hard" ] || files=$hard
    rlimit="worker_rlimit_nofile $files;"
  fi
  cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes $workers;
${rlimit:+$rlimit
}pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;

events {
  worker_connections $connections;
}

http {
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  access_log off;
  keepalive_timeout 65;
  keepalive_requests 100000;
  open_file_cache max=1000 inactive=60s;
  open_file_cache_valid 60s;
  open_file_cache_errors on;

  client_body_temp_path $work/nginx/tmp/client_body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;

  server {
    listen 127.0.0.1:$nginx_port;
    root $1;
    location / {${location:+ $location} }
  }
}
EOF
}

# Writes $work/proxy/nginx.conf: a second nginx, a reverse proxy on 127.0.0.1:$1 passing /p/ to the
# origin nginx (127.0.0.1:$nginx_port) over keep-alive HTTP/1.1 connections (upstream keepalive 64),
# as nginx's documentation recommends. Optional: $2 worker_processes (default 2), $3 directives for
# the http block (e.g. proxy_cache_path), $4 directives for `location /p/` (e.g. proxy_buffering).
write_nginx_proxy_config() {
  local port=$1 workers=${2:-2} http=${3:-} location=${4:-}
  mkdir -p "$work/proxy/tmp"
  cat >"$work/proxy/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes $workers;
pid $work/proxy/nginx.pid;
error_log $work/proxy/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 100000;
  client_body_temp_path $work/proxy/tmp/client_body;
  proxy_temp_path $work/proxy/tmp/proxy;
  fastcgi_temp_path $work/proxy/tmp/fastcgi;
  uwsgi_temp_path $work/proxy/tmp/uwsgi;
  scgi_temp_path $work/proxy/tmp/scgi;
${http:+  $http
}  upstream origin {
    server 127.0.0.1:$nginx_port;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port;
    location /p/ {
      proxy_pass http://origin/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
${location:+      $location
}    }
  }
}
EOF
}

# Starts the nginx proxy of write_nginx_proxy_config (sets nginx_proxy_pid) and waits until URL $1
# answers 2xx; dies with its error log when it does not.
start_nginx_proxy() {
  nginx -p "$work/proxy" -c "$work/proxy/nginx.conf" -e "$work/proxy/error.log" >"$work/proxy/stdout.log" 2>&1 &
  nginx_proxy_pid=$!
  wait_for_url "$1" "$nginx_proxy_pid" && return 0
  cat "$work/proxy/error.log" >&2
  die "nginx proxy did not come up"
}

# Polls URL $1 every 10 ms for up to 5 s; returns 0 on a 2xx, 1 on timeout or once pid $2 is gone.
wait_for_url() {
  local i
  for ((i = 0; i < 500; i++)); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.01
  done
  return 1
}

# Tests the config, starts nginx in the background (sets nginx_pid) and waits until it serves path $1.
start_nginx() {
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" -t >"$work/nginx/test.log" 2>&1 \
    || { cat "$work/nginx/test.log" >&2; die "nginx config test failed"; }
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" >"$work/nginx/stdout.log" 2>&1 &
  nginx_pid=$!
  wait_for_url "http://127.0.0.1:$nginx_port$1" "$nginx_pid" || true
}

# Prints the nginx version (e.g. 1.24.0).
nginx_version() { nginx -v 2>&1 | sed 's/.*nginx\///'; }

# Prints the resident set size (VmRSS) of pid $1 in kB.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# Prints pid $1 and its child processes (nginx: the master and its workers), one a line.
pid_and_children() { printf '%s\n' "$1"; pgrep -P "$1" || true; }

# Prints the CPU time (utime + stime, all threads) of pid $1 and its child processes, in seconds.
cpu_seconds() {
  local pid ticks=0 hz
  hz=$(getconf CLK_TCK)
  for pid in $(pid_and_children "$1"); do
    # Fields after "(comm)": state is 1, utime 12, stime 13 (fields 14 and 15 of proc(5)).
    ticks=$((ticks + $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0)))
  done
  awk -v t="$ticks" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }'
}

# Prints the peak resident set size (VmHWM) of pid $1 plus those of its child processes, in kB.
hwm_kb() {
  local pid kb=0
  for pid in $(pid_and_children "$1"); do
    kb=$((kb + $(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)))
  done
  echo "$kb"
}

# Raises this shell's open-file limit (inherited by the servers and clients it starts) to at
# least $1: to the hard limit, and as root the hard limit too. Dies when that is not possible.
raise_nofile() {
  local need=$1 hard
  hard=$(ulimit -Hn)
  if [ "$hard" != unlimited ] && [ "$hard" -lt "$need" ]; then
    ulimit -Hn "$need" 2>/dev/null \
      || die "open-file hard limit $hard < $need; raise it (as root: ulimit -Hn $need) and run again"
  fi
  ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || ulimit -Sn "$need" \
    || die "cannot raise the open-file limit to $need"
}

# Dies with message $3 after showing log $2 unless pid $1 is still running.
die_unless_alive() {
  kill -0 "$1" 2>/dev/null || { sed 's/^/  | /' "$2" >&2; die "$3"; }
}

# Runs wrk on URL $1 (warm-up, then the measured --latency run) into file $2; $3 names the server in messages.
wrk_measure() {
  local url=$1 out=$2 name=${3:-}
  if [ "$BENCH_WARMUP" != 0 ]; then
    wrk -t"$BENCH_THREADS" -c"$BENCH_CONNS" -d"${BENCH_WARMUP}s" "$url" >/dev/null 2>&1 || true
  fi
  log "wrk -t$BENCH_THREADS -c$BENCH_CONNS -d${BENCH_SECONDS}s --latency $url${name:+ ($name)}"
  if ! wrk -t"$BENCH_THREADS" -c"$BENCH_CONNS" -d"${BENCH_SECONDS}s" --latency "$url" >"$out" 2>&1; then
    cat "$out" >&2
    if [ -n "$name" ]; then die "wrk failed against $name"; else die "wrk failed on $url"; fi
  fi
}

# Prints the Requests/sec figure of wrk output file $1 (empty if none).
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }

# Prints the 99% latency of wrk output file $1 as wrk wrote it (e.g. 1.23ms; empty if none).
wrk_p99() { awk '$1 == "99%" { print $2 }' "$1"; }

# Prints the 50% latency of wrk --latency output file $1 in milliseconds with three decimals (empty if none).
wrk_p50_ms() {
  awk '$1 == "50%" {
    v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
    printf "%.3f", (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v }' "$1"
}

# Prints the median of the numbers on stdin, one a line (the mean of the middle two for an even count).
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Runs each "NAME URL THREADS CONNS" line of $1 with wrk_measure once a round, BENCH_ROUNDS rounds,
# the servers alternating so a change in the machine's load weighs on all alike, and sets rps[NAME]
# and p50[NAME] (ms) to the medians over the rounds (the caller declares: declare -A rps p50). The
# output of each run is $work/wrk.NAME.ROUND.txt.
wrk_rounds() {
  local runs=$1 round name url threads conns out
  local -A all_rps=() all_p50=()
  for ((round = 1; round <= BENCH_ROUNDS; round++)); do
    log "round $round of $BENCH_ROUNDS"
    while read -r name url threads conns; do
      [ -n "$name" ] || continue
      out="$work/wrk.$name.$round.txt"
      BENCH_THREADS=$threads BENCH_CONNS=$conns wrk_measure "$url" "$out" "$name"
      [ -n "$(wrk_rps "$out")" ] || { cat "$out" >&2; die "no Requests/sec in wrk output for $name"; }
      all_rps[$name]+="$(wrk_rps "$out") "
      all_p50[$name]+="$(wrk_p50_ms "$out") "
    done <<<"$runs"
  done
  # shellcheck disable=SC2004 # rps and p50 are the caller's associative arrays
  for name in "${!all_rps[@]}"; do
    rps[$name]=$(tr " " "\n" <<<"${all_rps[$name]}" | grep . | median)
    p50[$name]=$(tr " " "\n" <<<"${all_p50[$name]}" | grep . | median)
  done
}

# Prints a WARNING line for each run of wrk_rounds (names $@, every round) that had socket errors
# or non-2xx/3xx responses.
wrk_rounds_warnings() {
  local name round bad
  for name in "$@"; do
    for ((round = 1; round <= BENCH_ROUNDS; round++)); do
      bad=$(wrk_errors "$work/wrk.$name.$round.txt")
      [ -z "$bad" ] || printf '  WARNING %s round %s: %s\n' "$name" "$round" "$bad"
    done
  done
}

# Prints the socket-error and non-2xx/3xx lines of wrk output file $1 joined by ';' (empty if none).
wrk_errors() { grep -E '^ *(Socket errors|Non-2xx or 3xx responses):' "$1" | sed 's/^ *//' | paste -sd';' - || true; }

# Prints $1 / $2 with two decimals (0 when $2 is not positive).
ratio_of() { awk -v i="$1" -v n="$2" 'BEGIN { printf "%.2f", (n > 0) ? i / n : 0 }'; }

# Prints PASS when value $1 meets goal $2 under operator $3 (">=", "<=" or "<"), else MISS.
verdict() {
  awk -v v="$1" -v g="$2" -v op="$3" \
    'BEGIN { ok = (op == ">=") ? v >= g : (op == "<=") ? v <= g : v < g; print ok ? "PASS" : "MISS" }'
}

# Exits 1 when BENCH_STRICT=1 and $1 (missed) is 1, else 0.
bench_exit() {
  if [ "$BENCH_STRICT" = 1 ] && [ "$1" = 1 ]; then
    exit 1
  fi
  exit 0
}

# The runs bench/proxy.sh and bench/edge-cache.sh share: a 2 MiB segment at
# BENCH_CONNS connections and a 1 KiB object at one, through Interlude
# ($interlude_port) and the nginx proxy ($proxy_port) at /p/, the 1 KiB object
# also from the origin ($nginx_port) directly. Fills the caller's rps and p50
# (declare -A), then checks that Interlude (logging to LOG) lived through it.
segment_and_object_rounds() {
  wrk_rounds "interlude.2m http://127.0.0.1:$interlude_port/p/seg2m.ts $BENCH_THREADS $BENCH_CONNS
nginx.2m http://127.0.0.1:$proxy_port/p/seg2m.ts $BENCH_THREADS $BENCH_CONNS
direct.1k http://127.0.0.1:$nginx_port/obj1k.bin 1 1
interlude.1k http://127.0.0.1:$interlude_port/p/obj1k.bin 1 1
nginx.1k http://127.0.0.1:$proxy_port/p/obj1k.bin 1 1"
  die_unless_alive "$interlude_pid" "$1" "Interlude died during the benchmark"
}

# Prints the 2 MiB segment rows of those runs under TITLE, the nginx row named
# PEER, against the goal of 0.8x; sets segment_verdict to PASS or MISS.
print_segment_rows() {
  local title=$1 peer=$2 ratio
  ratio=$(ratio_of "${rps[interlude.2m]}" "${rps[nginx.2m]}")
  segment_verdict=$(verdict "$ratio" 0.8 ">=")
  printf '\n%s, wrk -t%s -c%s -d%ss, median of %s rounds\n' "$title" "$BENCH_THREADS" "$BENCH_CONNS" \
    "$BENCH_SECONDS" "$BENCH_ROUNDS"
  printf '  %-22s %10s req/s %7s MiB/s\n' "interlude" "${rps[interlude.2m]}" \
    "$(segments_in_mib "${rps[interlude.2m]}")"
  printf '  %-22s %10s req/s %7s MiB/s\n' "$peer" "${rps[nginx.2m]}" "$(segments_in_mib "${rps[nginx.2m]}")"
  printf '  %-22s %10s (goal >= 0.8)  %s\n' "ratio" "$ratio" "$segment_verdict"
}
segments_in_mib() { awk -v r="$1" 'BEGIN { printf "%.0f", r * 2 }'; }
