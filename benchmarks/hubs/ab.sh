#!/usr/bin/env bash
# One hub against N hubs, the same load generator, interleaved (A B A B ...), on this machine:
# req/s (or round trips/s), p99, the server's CPU per request and the load generator's CPU share,
# so that BENCHMARKS.md's scale model has a measured point. Usage (from the repository root):
#
#   benchmarks/hubs/ab.sh http [rounds] [seconds] [connections] [hubs]    # HttpHello, wrk -t1
#   benchmarks/hubs/ab.sh echo [rounds] [seconds] [connections] [hubs]    # EchoServer, echoload -procs 1
#
# echo needs shared/bench's load generator built (ECHOLOAD, default /tmp/e2/gobuild/echoload:
# run shared/bench/run.sh echo once with BENCH_BUILD_DIR=/tmp/e2/gobuild). Every server is started
# in a session of its own and stopped by its process group; every load is bounded with timeout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
what=${1:-http}; rounds=${2:-3}; secs=${3:-8}; conns=${4:-50}; hubs=${5:-2}
ECHOLOAD=${ECHOLOAD:-/tmp/e2/gobuild/echoload}
cp=$(./gevent4j classpath | tail -n 1)
java=$(./gevent4j info 2>/dev/null | sed -n 's/^JDK: \([^ ]*\) .*/\1/p' | head -n 1)/bin/java
case $what in
  http) main=org.gevent4j.examples.HttpHello ;;
  echo) main=org.gevent4j.examples.EchoServer ;;
  *) echo "usage: $0 http|echo [rounds] [seconds] [connections] [hubs]" >&2; exit 2 ;;
esac

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

one() { # $1 = label, rest = extra server args
  local label=$1; shift
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  setsid "$java" --add-opens java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false -cp "$cp" "$main" "$port" "$@" >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
  local out
  if [[ $what == http ]]; then
    timeout 30 wrk -t1 -c"$conns" -d3s "http://127.0.0.1:$port/" >/dev/null 2>&1 || true   # warm-up
    local t0; t0=$(cpu_ticks "$pid")
    out=$( { /usr/bin/time -f 'LOADGEN_CPU %U %S' timeout $((secs + 30)) wrk -t1 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$port/"; } 2>&1 )
    local t1; t1=$(cpu_ticks "$pid")
    local rps; rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    local p99; p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    local errs; errs=$(grep -c "Socket errors\|Non-2xx" <<<"$out" || true)
    local lg; lg=$(awk '/^LOADGEN_CPU/ {print $2 + $3}' <<<"$out")
    awk -v l="$label" -v r="$rps" -v p="$p99" -v c=$((t1 - t0)) -v hz="$hz" -v s="$secs" -v lg="$lg" -v e="$errs" -v la="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN { printf "%-8s %10.0f req/s  p99 %8s  server %6.1f us/req (%4.0f%% of a core)  loadgen %4.0f%% of a core  errors %s  load %s\n", l, r, p, c / hz * 1e6 / (r * s), c / hz / s * 100, lg / s * 100, e, la }'
  else
    timeout 30 "$ECHOLOAD" -addr "127.0.0.1:$port" -c "$conns" -d 3s -warmup 0s -procs 1 >/dev/null 2>&1 || true
    local t0; t0=$(cpu_ticks "$pid")
    out=$( { /usr/bin/time -f 'LOADGEN_CPU %U %S' timeout $((secs + 30)) "$ECHOLOAD" -addr "127.0.0.1:$port" -c "$conns" -d "${secs}s" -warmup 0s -procs 1; } 2>&1 )
    local t1; t1=$(cpu_ticks "$pid")
    local lg; lg=$(awk '/^LOADGEN_CPU/ {print $2 + $3}' <<<"$out")
    local line; line=$(grep -m1 '^{' <<<"$out" || true)
    local rps; rps=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d.get("value", 0))' "$line" 2>/dev/null || echo 0)
    local p99; p99=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); e=d.get("extra", d); print(round(e.get("p99_ms", 0), 2))' "$line" 2>/dev/null || echo '?')
    awk -v l="$label" -v r="$rps" -v p="$p99" -v c=$((t1 - t0)) -v hz="$hz" -v s="$secs" -v lg="$lg" -v la="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN { printf "%-8s %10.0f rt/s   p99 %8s ms  server %6.1f us/rt  (%4.0f%% of a core)  loadgen %4.0f%% of a core  load %s\n", l, r, p, c / hz * 1e6 / (r * s), c / hz / s * 100, lg / s * 100, la }'
  fi
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

echo "$what: $rounds rounds, ${secs}s, c=$conns, 1 hub vs $hubs hubs ($(nproc) cores)"
for r in $(seq "$rounds"); do
  one "1 hub" 
  one "$hubs hubs" "$hubs"
done
