#!/usr/bin/env bash
# Server CPU per echoed WebSocket message for one gevent4j WebSocketEcho process (one hub), split
# into user and system time: L5's load (wsload, 64-byte binary messages, C connections, default 500)
# after a 5 s warm-up run, D seconds measured (default 10). The per-message CPU does not depend on
# how busy the machine is nearly as much as messages/s does.
# Optional: SYSCALLS=1 counts the server's read/write/epoll_wait/epoll_ctl/futex calls per message
# for 5 s of the measured run, from its 3rd second (perf tracepoints, root; needs D >= 8); ALLOC=1 reports the hub thread's bytes
# allocated per message (JFR ThreadAllocationStatistics of the busiest thread); PROFILE=FILE records
# the measured run with async-profiler (ASPROF_LIB=path to libasyncProfiler.so, itimer, collapsed
# stacks into FILE); PERF=FILE records 5 s of it with perf (cpu-clock, kernel stacks included). CP=... runs another build's classes (an A/B against a copy of an older commit).
# Usage: benchmarks/ws/cpu.sh   (after ./gevent4j build; builds wsload offline with build.sh)
set -euo pipefail
source "$(dirname "$0")/../http/lib.sh"
C=${C:-500}; D=${D:-10}
CP=${CP:-$(cd "$ROOT" && ./gevent4j classpath)}
BIN=$("$ROOT/benchmarks/ws/build.sh" | tail -1)
start_server wscpu bash -c "exec \"$JAVA\" ${JVM_FLAGS[*]} -Djdk.trackAllThreads=false -cp \"$CP\" org.gevent4j.monkey.Main org.gevent4j.examples.WebSocketEcho \$PORT"
URL="ws://127.0.0.1:$PORT/echo"
JPID=$(pgrep -g "$SPID" java | head -1)
HZ=$(getconf CLK_TCK)
JCMD=$(dirname "$JAVA")/jcmd  # the JDK 25 one: an older jcmd on PATH cannot load an agent into it
timeout -k 5 60 "$BIN/wsload" -mode echo -url "$URL" -c "$C" -size 64 -d 5s -warmup 1s >/dev/null
ticks() { awk '{print $14, $15}' "/proc/$JPID/stat"; }
if [[ -n "${ALLOC:-}" ]]; then "$JCMD" "$JPID" JFR.start name=alloc settings=default >/dev/null; fi
if [[ -n "${PROFILE:-}" ]]; then "$JCMD" "$JPID" JVMTI.agent_load "$ASPROF_LIB" '"start,event=itimer,interval=1ms"' >/dev/null; fi
read -r u0 s0 < <(ticks)
timeout -k 5 $((D + 60)) "$BIN/wsload" -mode echo -url "$URL" -c "$C" -size 64 -d "${D}s" -warmup 1s >"$OUT/wscpu.json" &
W=$!
if [[ -n "${SYSCALLS:-}" ]]; then
  sleep 3
  EV=read,write,epoll_wait,epoll_ctl,futex
  timeout -s INT 5 perf stat -e "$(echo $EV | sed 's/\([a-z_]*\)/syscalls:sys_enter_\1/g')" -p "$JPID" -o "$OUT/wscpu.perf" >/dev/null 2>&1 || true
fi
if [[ -n "${PERF:-}" ]]; then
  sleep 3
  timeout -s INT 5 perf record -e cpu-clock -g -p "$JPID" -o "$PERF" >/dev/null 2>&1 || true
fi
wait $W
read -r u1 s1 < <(ticks)
if [[ -n "${PROFILE:-}" ]]; then "$JCMD" "$JPID" JVMTI.agent_load "$ASPROF_LIB" "\"stop,file=$PROFILE,collapsed\"" >/dev/null; fi
if [[ -n "${ALLOC:-}" ]]; then "$JCMD" "$JPID" JFR.stop name=alloc filename="$OUT/wscpu.jfr" >/dev/null; fi
j=$(cat "$OUT/wscpu.json")
msgs=$(sed -n 's/.*"messages":\([0-9]*\).*/\1/p' <<<"$j")
rate=$(sed -n 's/.*"msgs_per_s":\([0-9]*\).*/\1/p' <<<"$j")
# the CPU covers the 1 s warm-up too: the messages are scaled up to match
awk -v m="$msgs" -v d="$D" -v du=$((u1 - u0)) -v ds=$((s1 - s0)) -v hz="$HZ" -v j="$j" -v la="$(loadavg)" \
  'BEGIN {n = m * (d + 1) / d; printf "%s\nserver CPU %.2f us/msg (user %.2f, system %.2f)  (load %s)\n", j, (du + ds) * 1e6 / hz / n, du * 1e6 / hz / n, ds * 1e6 / hz / n, la}'
if [[ -f "$OUT/wscpu.perf" && -n "${SYSCALLS:-}" ]]; then
  awk -v r="$rate" '/syscalls:/ {gsub(",", "", $1); sub("syscalls:sys_enter_", "", $2); printf "  %s %.3f", $2, $1 / (r * 5)} END {print " per message"}' "$OUT/wscpu.perf"
fi
if [[ -n "${ALLOC:-}" ]]; then
  "$(dirname "$JAVA")/jfr" print --events jdk.ThreadAllocationStatistics "$OUT/wscpu.jfr" | awk -v n="$msgs" -v d="$D" '
    /allocated = / {v = $3; u = $4; m = (u == "kB") ? 1e3 : (u == "MB") ? 1e6 : (u == "GB") ? 1e9 : 1; a = v * m}
    /thread = / {t = $0; if (!(t in lo) || a < lo[t]) lo[t] = a; if (a > hi[t]) hi[t] = a}
    END {best = 0; for (t in hi) if (hi[t] - lo[t] > best) {best = hi[t] - lo[t]; bt = t}
         printf "busiest thread allocated %.0f MB: %.0f B per message\n", best / 1e6, best / (n * (d + 1) / d)}'
fi
stop_server "$SPID"
