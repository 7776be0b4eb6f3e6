#!/usr/bin/env bash
# One fresh HttpHello start under wrk -t1 -cC (default 500): a 3 s warm-up, then 8 s measured. Prints
# req/s, the server's user and system CPU per request, its read/epoll_wait/futex calls per response
# write (perf tracepoints over 4 s of the run, root), the hub thread's voluntary and involuntary
# context switches per request, and the CPUs wrk and the hub ran on (sampled every 0.5 s).
# Options (environment): PORT (18556), C (500), HC / WC CPU lists for the server / wrk (taskset;
# default both CPUs), SPIN=1 runs one busy shell loop beside them for the run: the third runnable
# thread on a two-core machine that turns the fast mode into the slow one (BENCHMARKS.md, issue 10).
set -uo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-18556}; C=${C:-500}; OUT=$(mktemp -d)
if [[ -n "${SPIN:-}" ]]; then timeout 40 sh -c 'while :; do :; done' & SPN=$!; fi
setsid taskset -c "${HC:-0,1}" ./gevent4j run HttpHello "$PORT" >"$OUT/server.log" 2>&1 &
SP=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
timeout 20 taskset -c "${WC:-0,1}" wrk -t1 -c"$C" -d3s "http://127.0.0.1:$PORT/" >/dev/null
JPID=$(pgrep -g "$SP" java | head -1)
threads() { for t in /proc/"$JPID"/task/*; do echo "$(basename "$t") $(awk '{print $14+$15}' "$t/stat") $(awk '/ctxt/ {printf "%s ", $2}' "$t/status")"; done; }
threads >"$OUT/t0"
HT=$(sort -k2 -n "$OUT/t0" | tail -1 | cut -d' ' -f1)
read -r u0 s0 < <(awk '{print $14, $15}' /proc/"$JPID"/stat)
timeout 20 taskset -c "${WC:-0,1}" wrk -t1 -c"$C" -d8s --latency "http://127.0.0.1:$PORT/" >"$OUT/wrk" &
W=$!
(sleep 1; WP=$(pgrep -n -x wrk); for _ in 1 2 3 4 5 6; do echo -n "$(awk '{print $39}' /proc/"$WP"/stat)/$(awk '{print $39}' /proc/"$JPID"/task/"$HT"/stat) "; sleep 0.5; done) >"$OUT/cpus" &
sleep 2
timeout -s INT 4 perf stat -e syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex -p "$JPID" -o "$OUT/perf" >/dev/null 2>&1
wait $W
threads >"$OUT/t1"
read -r u1 s1 < <(awk '{print $14, $15}' /proc/"$JPID"/stat)
n=$(awk '/requests in/ {print $1}' "$OUT/wrk"); HZ=$(getconf CLK_TCK)
awk -v c="$C" -v spin="${SPIN:-0}" -v n="$n" -v du=$((u1 - u0)) -v ds=$((s1 - s0)) -v hz="$HZ" -v rps="$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk")" -v la="$(cut -d' ' -f1 /proc/loadavg)" \
  'BEGIN {printf "c=%s spin=%s: %s req/s, server CPU %.1f us/req (user %.1f, system %.1f), load %s\n", c, spin, rps, (du + ds) * 1e6 / hz / n, du * 1e6 / hz / n, ds * 1e6 / hz / n, la}'
awk '/syscalls:/ {gsub(",", "", $1); sub("syscalls:sys_enter_", "", $2); c[$2] = $1} END {w = c["write"]; printf "  per response write: read %.2f epoll_wait %.3f futex %.3f\n", c["read"] / w, c["epoll_wait"] / w, c["futex"] / w}' "$OUT/perf"
join <(grep "^$HT " "$OUT/t0") <(grep "^$HT " "$OUT/t1") | awk -v n="$n" '{printf "  hub thread: voluntary switches %.3f, involuntary %.3f per request\n", ($6 - $3) / n, ($7 - $4) / n}'
echo "  CPUs wrk/hub: $(cat "$OUT/cpus")"
kill -- -"$SP" 2>/dev/null; [[ -n "${SPN:-}" ]] && kill "$SPN" 2>/dev/null
sleep 1; rm -rf "$OUT"
