#!/usr/bin/env bash
# Graceful stop: org.gevent4j.bench.HttpStop (in-process server; 500 idle keep-alive connections,
# then 500 in-flight 1 s requests; a warm-up round of both first).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
echo "(load $(loadavg))"
timeout -k 5 120 "$JAVA" "${JVM_FLAGS[@]}" -cp "$CP" org.gevent4j.bench.HttpStop "${N:-500}"
echo "(load $(loadavg))"
