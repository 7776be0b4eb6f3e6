#!/usr/bin/env bash
# Two builds' WebSocketEcho side by side at the same time, each under its own wsload (C connections,
# default 250), so that both see the same machine: for an A/B on a machine too busy for sequential
# runs. Prints each server's messages/s and CPU per message (user+system over the measured D s plus
# wsload's 1 s warm-up). CP_A and CP_B are the two class paths (e.g. `./gevent4j classpath` in two
# checkouts). Usage: CP_A=... CP_B=... benchmarks/ws/pair.sh [D=8] [C=250]
set -euo pipefail
source "$(dirname "$0")/../http/lib.sh"
D=${1:-8}; C=${2:-250}
BIN=$("$ROOT/benchmarks/ws/build.sh" | tail -1)
HZ=$(getconf CLK_TCK)
declare -A SP P J T0
for v in A B; do
  cpv=CP_$v
  start_server "pair-$v" bash -c "exec \"$JAVA\" ${JVM_FLAGS[*]} -Djdk.trackAllThreads=false -cp \"${!cpv}\" org.gevent4j.monkey.Main org.gevent4j.examples.WebSocketEcho \$PORT"
  SP[$v]=$SPID; P[$v]=$PORT; J[$v]=$(pgrep -g "$SPID" java | head -1)
done
load() { # DURATION OUTSUFFIX: both load generators at once
  local w=() v
  for v in A B; do
    timeout -k 5 $(($1 + 60)) "$BIN/wsload" -mode echo -url "ws://127.0.0.1:${P[$v]}/echo" -c "$C" -size 64 -d "${1}s" -warmup 1s >"$OUT/pair-$v.$2" &
    w+=($!)
  done
  wait "${w[@]}"
}
load 5 warm
for v in A B; do T0[$v]=$(awk '{print $14 + $15}' "/proc/${J[$v]}/stat"); done
load "$D" json
for v in A B; do
  t1=$(awk '{print $14 + $15}' "/proc/${J[$v]}/stat")
  m=$(sed -n 's/.*"messages":\([0-9]*\).*/\1/p' "$OUT/pair-$v.json")
  r=$(sed -n 's/.*"msgs_per_s":\([0-9]*\).*/\1/p' "$OUT/pair-$v.json")
  awk -v v="$v" -v t=$((t1 - ${T0[$v]})) -v hz="$HZ" -v m="$m" -v d="$D" -v r="$r" \
    'BEGIN {printf "%s: %s msgs/s, server CPU %.2f us/msg\n", v, r, t / hz * 1e6 / (m * (d + 1) / d)}'
done
echo "load $(loadavg)"
