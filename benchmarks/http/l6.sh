#!/usr/bin/env bash
# L6: 2,000 slowloris connections beside wrk c=50. On one gevent4j HttpHello process: wrk warm-up,
# wrk -t1 -c50 -d10s (baseline); then slowhttptest -H (slowloris: 2,000 connections, each sending
# one more header line every 10 s) and, once its connections are open, the same wrk (ending before
# the first of them reaches the 15 s head timeout); the server's descriptor count is sampled while
# both run, each sample with its real time since slowhttptest started.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
C=${C:-2000}; D=${D:-10}
# SERVER='exec CMD $PORT' runs another server instead (e.g. Go's: SERVER='exec /tmp/hb/gobuild/httpserver $PORT')
start_server l6 bash -c "${SERVER:-exec \"$JAVA\" ${JVM_FLAGS[*]} -cp \"$CP\" org.gevent4j.monkey.Main org.gevent4j.examples.HttpHello \$PORT}"
URL="http://127.0.0.1:$PORT/"
timeout -k 5 40 wrk -t1 -c50 -d3s "$URL" >/dev/null 2>&1 || true
timeout -k 5 $((D + 30)) wrk -t1 -c50 -d"${D}s" --latency --timeout 5s "$URL" >"$OUT/l6-baseline.wrk" 2>&1
echo "baseline c=50: $(wrk_summary "$OUT/l6-baseline.wrk")  (load $(loadavg))"
# -c connections, -r connections per second, -i seconds between follow-up header lines, -l test length
timeout -k 5 90 /usr/bin/time -f "slowhttptest CPU: %U s user + %S s system" slowhttptest -H -c "$C" -r 1000 -i 10 -l 40 -s 8192 -t GET -u "$URL" -x 24 -p 3 -g -o "$OUT/l6-slowloris" >"$OUT/l6-slowhttptest.out" 2>&1 &
SLOW=$!
T0=$(date +%s.%N)
for i in $(seq 100); do
  n=$(ls /proc/"$SPID"/fd 2>/dev/null | wc -l)
  (( n >= C )) && break
  sleep 0.1
done
elapsed() { awk -v t0="$T0" -v now="$(date +%s.%N)" 'BEGIN {printf "%.1f", now - t0}'; }
echo "server descriptors once slowloris connected: $(ls /proc/"$SPID"/fd | wc -l) ($(elapsed) s after slowloris started)"
# The first slowloris connections are closed 15 s after they were accepted (the head timeout): wrk
# must end before that, or it measures the server answering 2,000 408s and closing them. On a busy
# machine slowhttptest needs up to 10 s to open its connections, so wrk then runs shorter (>= 3 s).
WD=$(awk -v e="$(elapsed)" -v d="$D" 'BEGIN {w = int(14 - e); if (w > d) w = d; if (w < 3) w = 3; print w}')
( for i in $(seq $((WD + 1))); do echo "$(elapsed) s: $(ls /proc/"$SPID"/fd | wc -l) descriptors"; sleep 1; done ) >"$OUT/l6-fds-during-wrk.txt" 2>&1 &
echo "wrk with slowloris: ${WD} s from $(elapsed) s after slowloris started"
timeout -k 5 $((WD + 30)) wrk -t1 -c50 -d"${WD}s" --latency --timeout 5s "$URL" >"$OUT/l6-with-slowloris.wrk" 2>&1
echo "with $C slowloris c=50: $(wrk_summary "$OUT/l6-with-slowloris.wrk")  (load $(loadavg)); server descriptors now $(ls /proc/"$SPID"/fd | wc -l), $(elapsed) s after slowloris started"
echo "descriptors during that wrk run: $(awk '{print $3}' "$OUT/l6-fds-during-wrk.txt" | sort -n | sed -n '1p;$p' | paste -sd- ) (min-max)"
# the request-head timeout (15 s in total by default) must close the slowloris connections
for t in 13 14 15 16 17 18 19 20 22 25; do
  while awk -v t0="$T0" -v now="$(date +%s.%N)" -v t="$t" 'BEGIN {exit !(now - t0 < t)}'; do sleep 0.1; done
  echo "server descriptors at $(elapsed) s after slowloris started (head timeout 15 s): $(ls /proc/"$SPID"/fd | wc -l)"
done
kill -TERM $SLOW 2>/dev/null || true; wait $SLOW 2>/dev/null || true
grep -E 'closed|pending|connected|error|service available' "$OUT/l6-slowloris.csv" 2>/dev/null | head -2 || true
tail -15 "$OUT/l6-slowhttptest.out" | sed 's/\x1b\[[0-9;]*m//g'
stop_server "$SPID"
