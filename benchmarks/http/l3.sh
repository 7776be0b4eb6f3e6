#!/usr/bin/env bash
# L3: 10,000 idle keep-alive connections + 500 active. On one gevent4j HttpHello process:
# wrk -c500 warm-up (3 s), wrk -t1 -c500 -d10s (baseline), then HttpIdle opens N idle keep-alive
# connections (RSS and live heap per idle connection from /proc and jcmd), then the same wrk
# while they are held, then HttpIdle checks how many still answer.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${N:-10000}; D=${D:-10}
start_server gevent4j-l3 bash -c "exec \"$JAVA\" ${JVM_FLAGS[*]} -cp \"$CP\" org.gevent4j.monkey.Main org.gevent4j.examples.HttpHello \$PORT"
URL="http://127.0.0.1:$PORT/"
timeout -k 5 40 wrk -t1 -c500 -d3s "$URL" >/dev/null 2>&1 || true
timeout -k 5 $((D + 30)) wrk -t1 -c500 -d"${D}s" --latency --timeout 5s "$URL" >"$OUT/l3-baseline.wrk" 2>&1
echo "baseline c=500: $(wrk_summary "$OUT/l3-baseline.wrk")  (load $(loadavg))"
rm -f "$OUT/l3-idle.out"
timeout -k 5 180 "$JAVA" -cp "$CP" org.gevent4j.bench.HttpIdle "$PORT" "$SPID" "$N" $((D + 4)) >"$OUT/l3-idle.out" 2>&1 &
IDLE=$!
for i in $(seq 1200); do grep -q READY "$OUT/l3-idle.out" 2>/dev/null && break; kill -0 $IDLE 2>/dev/null || break; sleep 0.1; done
grep -q READY "$OUT/l3-idle.out" || { cat "$OUT/l3-idle.out"; exit 1; }
timeout -k 5 $((D + 30)) wrk -t1 -c500 -d"${D}s" --latency --timeout 5s "$URL" >"$OUT/l3-with-idle.wrk" 2>&1
echo "with $N idle c=500: $(wrk_summary "$OUT/l3-with-idle.wrk")  (load $(loadavg))"
wait $IDLE || true
cat "$OUT/l3-idle.out"
stop_server "$SPID"
