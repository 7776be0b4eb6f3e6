#!/usr/bin/env bash
# Server CPU per request, split into user and system time, for one gevent4j HttpHello process (or
# SERVER='exec CMD $PORT') under wrk -t1 at each concurrency of CS (default "500 50"): a wrk
# warm-up, then D seconds (default 10) per concurrency. Optional: SYSCALLS=1 also counts the
# server's read/write/epoll_wait/epoll_ctl/futex calls per response for 5 s of the last run (perf
# tracepoints, root); ALLOC=1 reports the hub thread's allocated bytes per request (JFR
# ThreadAllocationStatistics of the busiest thread, recorded over the measured runs only). The user/system split and the
# counts do not depend on how busy the machine is; req/s does.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CS=${CS:-500 50}; D=${D:-10}
start_server cpu bash -c "${SERVER:-exec \"$JAVA\" ${JVM_FLAGS[*]} -cp \"$CP\" org.gevent4j.monkey.Main org.gevent4j.examples.HttpHello \$PORT}"
URL="http://127.0.0.1:$PORT/"
timeout -k 5 40 wrk -t1 -c500 -d5s "$URL" >/dev/null 2>&1 || true
timeout -k 5 40 wrk -t1 -c50 -d3s "$URL" >/dev/null 2>&1 || true
ticks_us() { local u=0 s=0 p a b; for p in $(pgrep -g "$SPID"); do read -r a b < <(awk '{print $14, $15}' "/proc/$p/stat" 2>/dev/null || echo "0 0"); u=$((u + a)); s=$((s + b)); done; echo "$u $s"; }
HZ=$(getconf CLK_TCK)
JPID=$(pgrep -g "$SPID" java | head -1)
if [[ -n "${ALLOC:-}" ]]; then jcmd "$JPID" JFR.start name=alloc settings=default >/dev/null; fi
for c in $CS; do
  read -r u0 s0 < <(ticks_us)
  if [[ -n "${SYSCALLS:-}" ]]; then
    timeout -k 5 $((D + 30)) wrk -t1 -c"$c" -d"${D}s" --latency --timeout 5s "$URL" >"$OUT/cpu-c$c.wrk" 2>&1 &
    W=$!
    sleep 2
    EV=read,write,epoll_wait,epoll_ctl,futex
    timeout -s INT 5 perf stat -e "$(echo $EV | sed 's/\([a-z_]*\)/syscalls:sys_enter_\1/g')" -p "$JPID" -o "$OUT/cpu-c$c.perf" >/dev/null 2>&1 || true
    wait $W
  else
    timeout -k 5 $((D + 30)) wrk -t1 -c"$c" -d"${D}s" --latency --timeout 5s "$URL" >"$OUT/cpu-c$c.wrk" 2>&1
  fi
  read -r u1 s1 < <(ticks_us)
  n=$(awk '/requests in/ {print $1}' "$OUT/cpu-c$c.wrk")
  awk -v c="$c" -v n="$n" -v du=$((u1 - u0)) -v ds=$((s1 - s0)) -v hz="$HZ" -v w="$(wrk_summary "$OUT/cpu-c$c.wrk")" -v la="$(loadavg)" \
    'BEGIN {printf "c=%s: %s; server CPU %.1f us/req (user %.1f, system %.1f)  (load %s)\n", c, w, (du + ds) * 1e6 / hz / n, du * 1e6 / hz / n, ds * 1e6 / hz / n, la}'
  if [[ -f "$OUT/cpu-c$c.perf" ]]; then
    w=$(awk '/syscalls:sys_enter_write/ {gsub(",", "", $1); print $1}' "$OUT/cpu-c$c.perf")
    awk -v w="$w" '/syscalls:/ {gsub(",", "", $1); sub("syscalls:sys_enter_", "", $2); printf "  %s %.3f per response write", $2, $1 / w} END {print ""}' "$OUT/cpu-c$c.perf"
  fi
done
if [[ -n "${ALLOC:-}" ]]; then
  jcmd "$JPID" JFR.stop name=alloc filename="$OUT/cpu.jfr" >/dev/null
  total=0; for c in $CS; do total=$((total + $(awk '/requests in/ {print $1}' "$OUT/cpu-c$c.wrk"))); done
  "$(dirname "$JAVA")/jfr" print --events jdk.ThreadAllocationStatistics "$OUT/cpu.jfr" | awk -v n="$total" '
    /allocated = / {v = $3; u = $4; m = (u == "kB") ? 1e3 : (u == "MB") ? 1e6 : (u == "GB") ? 1e9 : 1; a = v * m}
    /thread = / {t = $0; if (!(t in lo) || a < lo[t]) lo[t] = a; if (a > hi[t]) hi[t] = a}
    END {best = 0; for (t in hi) if (hi[t] - lo[t] > best) {best = hi[t] - lo[t]; bt = t}
         printf "busiest thread allocated %.0f MB over the measured runs: %.0f B per request\n", best / 1e6, best / n}'
fi
stop_server "$SPID"
