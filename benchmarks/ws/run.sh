#!/usr/bin/env bash
# L5 WebSocket benchmark (issue 12), side by side in one run:
#   1. echo of 64-byte binary messages over 500 connections (one message in flight per connection),
#      DURATION seconds each after a 2 s warm-up, against gevent4j's WebSocketEcho, the `ws` npm
#      server (8.23.0, .ci/node), gevent-websocket (Debian python3-gevent-websocket, gevent 22.10,
#      /usr/bin/python3) and Go gorilla; messages/s, latency p50/p99, server CPU per message, ratios;
#   2. 10,000 open connections to one gevent4j process (BroadcastServer.java) and ROUNDS broadcasts
#      to all: RSS per connection ((RSS with all open - RSS before) / n) and delivery latency p50/p99.
# The load generator is Go + gorilla (loadgen/, built offline by build.sh). Every server runs in a
# process group of its own and is stopped by its pid; every load step is bounded by `timeout`.
# Usage: benchmarks/ws/run.sh [DURATION=10] [CONNS=500] [BROADCAST_CONNS=10000] [ROUNDS=20]
# Needs: ./gevent4j build done (library + examples classes), .ci/clients.sh (node, .ci/node),
# apt: golang-go golang-github-gorilla-websocket-dev python3-gevent-websocket.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${1:-10}
CONNS=${2:-500}
BCONNS=${3:-10000}
ROUNDS=${4:-20}
WORK=$ROOT/target/ws-bench
mkdir -p "$WORK"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # 10k connections need > 10k fds on each side

BIN=$("$HERE/build.sh" | tail -1)
JAVA=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)
[[ -x "$JAVA" ]] || JAVA=java
read -r -a JVM_ARGS <<<"$(sed -n 's:.*<gevent4j.jvmArgs>\(.*\)</gevent4j.jvmArgs>.*:\1:p' "$ROOT/pom.xml" | head -1)"
[[ -d "$ROOT/library/target/classes/org/gevent4j/websocket" && -f "$ROOT/examples/target/classes/org/gevent4j/examples/WebSocketEcho.class" ]] \
  || { echo "run.sh: run ./gevent4j build first" >&2; exit 1; }
mkdir -p "$WORK/classes"
"${JAVA%/java}/javac" -cp "$ROOT/library/target/classes" -d "$WORK/classes" "$HERE/servers/BroadcastServer.java"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -- "-$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# start NAME PORT CMD...: in its own session/process group; waits until PORT accepts.
start() {
  local name=$1 port=$2; shift 2
  setsid "$@" >"$WORK/$name.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "run.sh: $name did not listen on $port; log:" >&2; cat "$WORK/$name.log" >&2; exit 1
}
stop() { kill -- "-$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
# CPU ticks (user+system) of a process and its threads
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }
server_pid() { # the process that listens (the launcher execs java; python/node/go are direct)
  local p=$1; echo "$p"
}

CLK=$(getconf CLK_TCK)
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
declare -A RATE
printf '%-18s %10s %9s %9s %12s %14s %7s\n' server msgs/s p50_us p99_us cpu_us/msg load_cpu_us/msg errors
run_echo() {
  local name=$1 port=$2; shift 2
  start "$name" "$port" "$@"
  local pid=$SERVER_PID
  local t0; t0=$(ticks "$pid")
  local out lcpu
  # bash's `time` gives the load generator's own CPU (user+sys): it shows whether it, not the
  # server, is what limits the rate on a shared machine
  { TIMEFORMAT='%U %S'; time timeout $((DURATION + 60)) "$BIN/wsload" -mode echo -url "ws://127.0.0.1:$port/echo" \
      -c "$CONNS" -size 64 -d "${DURATION}s" -warmup 2s >"$WORK/$name.json"; } 2>"$WORK/$name.time"
  out=$(cat "$WORK/$name.json")
  lcpu=$(tail -1 "$WORK/$name.time")
  local t1; t1=$(ticks "$pid")
  stop "$pid"
  local rate p50 p99 msgs errs
  rate=$(sed -n 's/.*"msgs_per_s":\([0-9]*\).*/\1/p' <<<"$out")
  p50=$(sed -n 's/.*"p50_us":\([0-9]*\).*/\1/p' <<<"$out")
  p99=$(sed -n 's/.*"p99_us":\([0-9]*\).*/\1/p' <<<"$out")
  msgs=$(sed -n 's/.*"messages":\([0-9]*\).*/\1/p' <<<"$out")
  errs=$(sed -n 's/.*"errors":\([0-9]*\).*/\1/p' <<<"$out")
  # server CPU over warm-up + measurement, per message measured (an upper bound: warm-up included)
  local cpu
  cpu=$(awk -v t=$((t1 - t0)) -v hz="$CLK" -v m="$msgs" -v d="$DURATION" 'BEGIN{ if (m>0) printf "%.1f", t/hz*1e6/(m*(d+2)/d); else print "-" }')
  local lc
  lc=$(awk -v u="${lcpu% *}" -v s="${lcpu#* }" -v m="$msgs" -v d="$DURATION" 'BEGIN{ if (m>0) printf "%.1f", (u+s)*1e6/(m*(d+2)/d); else print "-" }')
  RATE[$name]=$rate
  printf '%-18s %10s %9s %9s %12s %14s %7s\n' "$name" "$rate" "$p50" "$p99" "$cpu" "$lc" "$errs"
}

run_echo gevent4j 19201 "$JAVA" "${JVM_ARGS[@]}" -cp "$ROOT/library/target/classes:$ROOT/examples/target/classes" \
  org.gevent4j.monkey.Main org.gevent4j.examples.WebSocketEcho 19201
run_echo ws-npm 19202 env NODE_PATH="$ROOT/.ci/node/node_modules" node "$HERE/servers/ws_echo.cjs" 19202 --no-deflate
run_echo gevent-websocket 19203 /usr/bin/python3 "$HERE/servers/gevent_ws_echo.py" 19203
run_echo gorilla 19204 "$BIN/gorilla_echo" 19204

ratio() { awk -v a="${RATE[$1]:-0}" -v b="${RATE[$2]:-0}" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "-" }'; }
echo "ratios: gevent4j/ws-npm $(ratio gevent4j ws-npm)  gevent4j/gevent-websocket $(ratio gevent4j gevent-websocket)  gevent4j/gorilla $(ratio gevent4j gorilla)"
echo "== load average after echo: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== broadcast: $BCONNS connections to one gevent4j process, $ROUNDS broadcasts"
start broadcast 19205 "$JAVA" "${JVM_ARGS[@]}" -cp "$ROOT/library/target/classes:$WORK/classes" BroadcastServer 19205
BPID=$SERVER_PID
# Baseline after a small warm-up (class loading, JIT of the accept/handshake path) with 100 connections.
timeout 120 "$BIN/wsload" -mode broadcast -url ws://127.0.0.1:19205/room -c 100 -n 3 >/dev/null 2>&1
sleep 2
rss0=$(rss_kb "$BPID")
rm -f "$WORK/ready" "$WORK/ready.go"
timeout 600 "$BIN/wsload" -mode broadcast -url ws://127.0.0.1:19205/room -c "$BCONNS" -n "$ROUNDS" -ready "$WORK/ready" \
  >"$WORK/broadcast.json" 2>"$WORK/broadcast.err" &
LOAD=$!
for _ in $(seq 1 3000); do [[ -f "$WORK/ready" ]] && break; sleep 0.1; done
[[ -f "$WORK/ready" ]] || { echo "run.sh: the $BCONNS connections did not open" >&2; cat "$WORK/broadcast.err" >&2; exit 1; }
sleep 2
rss1=$(rss_kb "$BPID")
# the Java heap in use after a full GC: the part of the RSS growth that the connections hold
JCMD="${JAVA%/java}/jcmd"
"$JCMD" "$BPID" GC.run >/dev/null 2>&1 || true
heap=$("$JCMD" "$BPID" GC.heap_info 2>/dev/null | sed -n 's/.*heap.* used \([0-9]*\)K.*/\1/p' | head -1)
touch "$WORK/ready.go"
wait "$LOAD"
stop "$BPID"
echo "RSS before ${rss0} KiB, with $BCONNS open ${rss1} KiB: $(awk -v a="$rss0" -v b="$rss1" -v n="$BCONNS" 'BEGIN{printf "%.1f", (b-a)/n}') KiB per connection; Java heap used after a full GC with all open: ${heap:-?} KiB ($(awk -v h="${heap:-0}" -v n="$BCONNS" 'BEGIN{printf "%.1f", h/n}') KiB per connection)"
cat "$WORK/broadcast.json"
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
