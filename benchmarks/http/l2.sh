#!/usr/bin/env bash
# L2: pipelined x16, c=256: wrk -t1 -c256 -d10s -s pipeline.lua -- 16 against gevent4j's HttpHello,
# then the same handler on robaho's provider (HttpHelloSpi), then Go and nginx for reference;
# plus the plain (unpipelined) wrk -c256 on gevent4j for the "2x L1" ratio. 3 s warm-up each.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
D=${D:-10}
run() { # NAME [DEPTH] ; the server is already started; DEPTH: pipeline.lua with that many requests per write
  local name=$1 script=()
  [[ -n ${2:-} ]] && script=(-s "$ROOT/benchmarks/http/pipeline.lua" "http://127.0.0.1:$PORT/" -- "$2")
  [[ -n ${2:-} ]] || script=("http://127.0.0.1:$PORT/")
  timeout -k 5 40 wrk -t1 -c256 -d3s "${script[@]}" >/dev/null 2>&1 || true
  local c0; c0=$(cpu_ticks "$SPID")
  timeout -k 5 $((D + 30)) wrk -t1 -c256 -d"${D}s" --latency --timeout 5s "${script[@]}" >"$OUT/$name.wrk" 2>&1
  local c1; c1=$(cpu_ticks "$SPID")
  local reqs; reqs=$(awk '/requests in/ {print $1}' "$OUT/$name.wrk")
  echo "$name: $(wrk_summary "$OUT/$name.wrk")  server CPU $(awk -v a="$c0" -v b="$c1" -v n="$reqs" 'BEGIN {printf "%.2f", (b-a)*1e6/100/n}') us/req  (load $(loadavg))"
}
start_server gevent4j bash -c "exec \"$JAVA\" ${JVM_FLAGS[*]} -cp \"$CP\" org.gevent4j.monkey.Main org.gevent4j.examples.HttpHello \$PORT"
run gevent4j-plain-c256
run gevent4j-pipelined16 16
stop_server "$SPID"
start_server robaho bash -c "exec \"$JAVA\" -Dcom.sun.net.httpserver.HttpServerProvider=robaho.net.httpserver.DefaultHttpServerProvider -cp \"$CP\" org.gevent4j.bench.HttpHelloSpi \$PORT"
run robaho-pipelined16 16
stop_server "$SPID"
if [[ -x ${GO_HTTPSERVER:-/tmp/hb/gobuild/httpserver} ]]; then
  start_server go bash -c "exec ${GO_HTTPSERVER:-/tmp/hb/gobuild/httpserver} \$PORT"
  run go-pipelined16 16
  stop_server "$SPID"
fi
