#!/usr/bin/env bash
# Multicast fan-out benchmark: one 10 Mbit/s MPEG-TS group relayed by Interlude to 1,000 HTTP
# clients at once, on a loopback of the benchmark's own.
#
# The script makes a network namespace (loopback up, 224.0.0.0/4 routed to it) and runs itself
# again inside it, so the group, Interlude and the clients never touch another interface. In it:
#   1. ffmpeg makes MEDIA_SECONDS of a test card as a constant-rate TS (-muxrate GROUP_KBPS) once,
#      under $BUILD_DIR/bench-media/;
#   2. ffmpeg sends it to 239.255.0.1:5004 in real time, looped (-re -stream_loop -1 -c copy,
#      1316-byte datagrams);
#   3. Interlude relays the group at the multicast point /tv/ (clientBacklogKiB BACKLOG_KIB);
#   4. interlude-loadclient (bench/loadclient.cpp) opens CONNECTIONS GETs of /tv/ over
#      RAMP_SECONDS and reads them for DURATION seconds.
#
# Prints
#   - Interlude CPU seconds over the run (utime + stime, all threads) and as % of one core;
#   - peak RSS;
#   - per-client receive rate (median, p5, min) against the group's rate, clients closed by the
#     server (dropped as too slow) and stalled, the relay's own drop counter and its bytes out;
#   - datagrams the relay's socket lost (UDP receive-buffer errors in the namespace), and bytes
#     the fan-out thread fell too far behind on to send at all.
# Goals at 1,000 clients: no client dropped, failed or stalled, no datagram lost, no byte the
# fan-out thread fell too far behind to send (interlude_multicast_overrun_bytes_total). A client more
# than BACKLOG_KIB behind the stream is dropped, so none dropped means every client got the stream
# from its join on; the rates are printed for the record (the sender's -re pacing wobbles when
# the machine is busy, and each client is measured over its own window). There is no peer here: nginx does not relay multicast.
#
# Environment
#   CONNECTIONS     HTTP clients (default 1000)
#   DURATION        seconds of the client run, ramp included (default 30)
#   RAMP_SECONDS    seconds over which the clients connect (default 5)
#   GROUP_KBPS      the group's rate in kbit/s (default 10000)
#   MEDIA_SECONDS   length of the generated TS, looped by the sender (default 20)
#   BACKLOG_KIB     the point's clientBacklogKiB (default 2048)
#   INTERLUDE_WORKERS  Interlude's HTTP worker threads (default 2)
#   BENCH_STRICT    1 = exit 1 when a goal is missed (default 0)
#   BENCH_KEEP      1 = keep the temp dir (config, logs, client output) (default 0)
#   BUILD_DIR       build dir, relative to the repo root unless absolute (default build)
#   INTERLUDE_BIN   Interlude binary (default $BUILD_DIR/core/interlude)
#   LOADCLIENT_BIN  load client (default $BUILD_DIR/bench/interlude-loadclient)
#
# Needs root (ip netns). Nothing is left running; the namespace is deleted on exit.
set -euo pipefail
export LC_ALL=C # '.' as the decimal point in printf and awk

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init
CONNECTIONS=${CONNECTIONS:-1000}
DURATION=${DURATION:-30}
RAMP_SECONDS=${RAMP_SECONDS:-5}
GROUP_KBPS=${GROUP_KBPS:-10000}
MEDIA_SECONDS=${MEDIA_SECONDS:-20}
BACKLOG_KIB=${BACKLOG_KIB:-2048}
export INTERLUDE_WORKERS=${INTERLUDE_WORKERS:-2}
LOADCLIENT_BIN=${LOADCLIENT_BIN:-$BUILD_DIR/bench/interlude-loadclient}
GROUP=239.255.0.1:5004

# ---------------------------------------------------------------- outside: the namespace
if [ -z "${MULTICAST_BENCH_NETNS:-}" ]; then
  [ "$(id -u)" -eq 0 ] || die "needs root for its network namespace (ip netns add)"
  require_tools
  for tool in ffmpeg ip; do
    command -v "$tool" >/dev/null || die "$tool not found after scripts/install-deps"
  done
  [ -x "$LOADCLIENT_BIN" ] || die "no load client at $LOADCLIENT_BIN (make bench builds it, or set LOADCLIENT_BIN / BUILD_DIR)"
  [[ "$CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS: not a positive count: $CONNECTIONS"
  awk -v d="$DURATION" -v r="$RAMP_SECONDS" 'BEGIN { exit !(d > 0 && r >= 0 && r < d) }' \
    || die "need 0 <= RAMP_SECONDS ($RAMP_SECONDS) < DURATION ($DURATION)"
  netns=interlude-bench-mc-$$
  ip netns add "$netns" || die "ip netns add $netns failed"
  trap 'ip netns delete "$netns" 2>/dev/null || true' EXIT
  ip -n "$netns" link set lo up multicast on
  ip -n "$netns" route add 224.0.0.0/4 dev lo
  status=0
  MULTICAST_BENCH_NETNS=$netns BUILD_DIR=$BUILD_DIR ip netns exec "$netns" \
    bash "${BASH_SOURCE[0]}" "$@" || status=$?
  exit "$status"
fi

# ---------------------------------------------------------------- inside
raise_nofile $((CONNECTIONS + 1024))
install_cleanup
sender_pid=""
# shellcheck disable=SC2317 # runs from the EXIT trap
stop_sender_then_cleanup() {
  local rc=$?
  set +e
  stop_pid "$sender_pid" "ffmpeg sender"
  return_status "$rc"
  cleanup
}
# shellcheck disable=SC2317
return_status() { return "$1"; }
trap stop_sender_then_cleanup EXIT

make_workdir multicast-bench
mkdir -p "$work/site"

media_dir="$BUILD_DIR/bench-media"
media="$media_dir/card-${GROUP_KBPS}k-${MEDIA_SECONDS}s.ts"
if [ ! -s "$media" ]; then
  mkdir -p "$media_dir"
  log "making $media"
  video_kbps=$((GROUP_KBPS * 85 / 100))
  ffmpeg -nostdin -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=25" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$MEDIA_SECONDS" \
    -c:v libx264 -preset veryfast -g 50 -b:v "${video_kbps}k" -maxrate "${video_kbps}k" \
    -bufsize "${video_kbps}k" -x264-params nal-hrd=cbr -c:a aac -b:a 128k \
    -f mpegts -muxrate "${GROUP_KBPS}k" "$media.tmp" || die "ffmpeg could not make the media"
  mv "$media.tmp" "$media"
fi

log "sending $media to $GROUP at ${GROUP_KBPS} kbit/s"
ffmpeg -nostdin -loglevel error -re -stream_loop -1 -i "$media" -c copy -map 0 \
  -f mpegts -muxrate "${GROUP_KBPS}k" "udp://$GROUP?pkt_size=1316" >"$work/sender.log" 2>&1 &
sender_pid=$!

pick_ports
write_interlude_config "$work/site" "    <streaming xmlns=\"urn:interlude:streaming:1\">
      <point name=\"tv\" prefix=\"/tv/\" kind=\"multicast\" group=\"$GROUP\" interface=\"lo\" clientBacklogKiB=\"$BACKLOG_KIB\"/>
    </streaming>"
check_interlude_config || { cat "$work/interlude-check.log" >&2; die "Interlude refused the config"; }
start_interlude multicast
die_unless_alive "$sender_pid" "$work/sender.log" "the ffmpeg sender exited"

# Bytes on the point before the clients come: the sender is up.
for ((i = 0; i < 100; i++)); do
  [ "$(curl -s -m 3 -o /dev/null -w '%{size_download}' "http://127.0.0.1:$interlude_port/tv/" || true)" -gt 0 ] && break
  sleep 0.1
done
[ "$i" -lt 100 ] || die "no bytes on /tv/ after 100 tries"

# A metric of the point from /metrics (0 when absent).
admin_port=$(sed -n 's|.*admin on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/interlude.multicast.log" | head -n1)
metric() {
  curl -s -H "Authorization: Bearer bench-token" "http://127.0.0.1:$admin_port/metrics" \
    | awk -v name="$1{point=\"tv\"}" '$1 == name { print $2; found = 1 } END { if (!found) print 0 }'
}
udp_receive_errors() { awk '/^Udp:/ { n++; if (n == 2) print $6 }' /proc/net/snmp; }

dropped_before=$(metric interlude_multicast_dropped_clients_total)
bytes_in_before=$(metric interlude_multicast_bytes_in_total)
bytes_out_before=$(metric interlude_multicast_bytes_out_total)
overrun_before=$(metric interlude_multicast_overrun_bytes_total)
udp_errors_before=$(udp_receive_errors)
cpu_before=$(cpu_seconds "$interlude_pid")
log "interlude-loadclient: $CONNECTIONS clients of /tv/ for ${DURATION}s (ramp ${RAMP_SECONDS}s)"
"$LOADCLIENT_BIN" --url "http://127.0.0.1:$interlude_port/tv/" --connections "$CONNECTIONS" \
  --duration "$DURATION" --ramp "$RAMP_SECONDS" --skip-bytes 0 --settle 1 \
  --expect-kbps "$GROUP_KBPS" --json >"$work/client.json" 2>"$work/client.txt" \
  || { cat "$work/client.txt" >&2; die "the load client failed"; }
cpu_after=$(cpu_seconds "$interlude_pid")
die_unless_alive "$interlude_pid" "$work/interlude.multicast.log" "Interlude exited during the run"
die_unless_alive "$sender_pid" "$work/sender.log" "the ffmpeg sender exited during the run"
dropped=$(($(metric interlude_multicast_dropped_clients_total) - dropped_before))
bytes_in=$(($(metric interlude_multicast_bytes_in_total) - bytes_in_before))
bytes_out=$(($(metric interlude_multicast_bytes_out_total) - bytes_out_before))
overrun=$(($(metric interlude_multicast_overrun_bytes_total) - overrun_before))
udp_errors=$(($(udp_receive_errors) - udp_errors_before))
peak_kb=$(hwm_kb "$interlude_pid")

json() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); v = d
for k in sys.argv[2].split("."): v = v[k]
print(v)' "$work/client.json" "$1"; }
cpu=$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN { printf "%.2f", b - a }')
cpu_pct=$(awk -v c="$cpu" -v d="$DURATION" 'BEGIN { printf "%.1f", 100 * c / d }')
p5=$(json rate_kbps.p5)
# What the group carried during the run, as the relay received it: the sender's -re pacing
# drifts when the machine is busy, and the clients can only get what came.
group_kbps=$(awk -v b="$bytes_in" -v d="$DURATION" 'BEGIN { printf "%.0f", b * 8 / 1000 / d }')
p5_ratio=$(ratio_of "$p5" "$group_kbps")
closed_early=$(json closed_early)
failed=$(json failed)
stalled=$(json stalled)

echo
echo "multicast fan-out: $CONNECTIONS clients of one ${GROUP_KBPS} kbit/s group, ${DURATION} s (ramp ${RAMP_SECONDS} s), backlog ${BACKLOG_KIB} KiB, $INTERLUDE_WORKERS workers"
sed 's/^/  client | /' "$work/client.txt"
printf '  %-44s %s\n' "Interlude CPU over the run" "${cpu} s (${cpu_pct} % of one core)"
printf '  %-44s %s\n' "Interlude peak RSS" "$((peak_kb / 1024)) MB"
printf '  %-44s %s\n' "group rate received by the relay" "$group_kbps kbit/s"
printf '  %-44s %s\n' "client rate p5 / group rate received" "$p5_ratio (over each client's own window)"
printf '  %-44s %s\n' "relay bytes out" "$(awk -v b="$bytes_out" -v d="$DURATION" 'BEGIN { printf "%.1f MB (%.1f MB/s)", b / 1e6, b / 1e6 / d }')"
printf '  %-44s %s\n' "clients dropped by the relay (metric)" "$dropped"
printf '  %-44s %s\n' "bytes the fan-out thread fell behind on" "$overrun"
printf '  %-44s %s\n' "clients failed / closed early / stalled" "$failed / $closed_early / $stalled"
printf '  %-44s %s\n' "UDP datagrams lost at the receive buffer" "$udp_errors"
echo
missed=0
row() { printf '  %-44s %-12s %-10s %s\n' "$1" "$2" "$3" "$4"; [ "$4" = PASS ] || missed=1; }
row "goal" "value" "target" "verdict"
row "clients dropped" "$dropped" "0" "$(verdict "$dropped" 0 "<=")"
row "clients failed or closed early" "$((failed + closed_early))" "0" "$(verdict "$((failed + closed_early))" 0 "<=")"
row "clients stalled (no byte in their last 5 s)" "$stalled" "0" "$(verdict "$stalled" 0 "<=")"
row "datagrams lost" "$udp_errors" "0" "$(verdict "$udp_errors" 0 "<=")"
row "bytes overrun (sent to no client)" "$overrun" "0" "$(verdict "$overrun" 0 "<=")"
bench_exit "$missed"
