# Helpers for the HTTP benchmark scripts in this folder (sourced). Every server is started in a
# process group of its own (setsid) and stopped by that group id; every load is bounded by timeout.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${OUT:-/tmp/g4j-httpbench}
mkdir -p "$OUT"
CP=$(cd "$ROOT" && ./gevent4j classpath)
JAVA=${JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
JVM_FLAGS=(--add-opens java.base/java.lang=ALL-UNNAMED)
SERVERS=()

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server NAME CMD... : runs CMD (with $PORT set) in a new session; sets SPID (its pid = pgid)
start_server() {
  local name=$1; shift
  PORT=$(free_port); export PORT
  setsid "$@" >"$OUT/$name.server.log" 2>&1 </dev/null &
  SPID=$!
  SERVERS+=("$SPID")
  local i
  for i in $(seq 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then return 0; fi
    kill -0 "$SPID" 2>/dev/null || { echo "$name exited; see $OUT/$name.server.log" >&2; return 1; }
    sleep 0.1
  done
  echo "$name did not listen on $PORT in 60 s" >&2; return 1
}

stop_server() { # PID
  kill -TERM -- "-$1" 2>/dev/null || true
  local i
  for i in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$1" 2>/dev/null || true
}

cleanup_servers() { local p; for p in "${SERVERS[@]}"; do stop_server "$p"; done; }
trap cleanup_servers EXIT

# cpu_ticks PID : user+system clock ticks of the process group led by PID (all its processes)
cpu_ticks() {
  local t=0 p
  for p in $(pgrep -g "$1"); do
    t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# wrk_summary FILE : "req/s p50 p99 errors"
wrk_summary() {
  awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Socket errors/ {gsub(",","");  e+=$4+$6+$8+$10}
    /Non-2xx/ {e+=$NF}
    END {printf "%s req/s  p50 %s  p99 %s  errors %d\n", rps, p50, p99, e}' "$1"
}

# h2load_summary FILE : "req/s succeeded failed errored"
h2load_summary() {
  awk '/finished in/ {rps=$4} /^requests:/ {tot=$2; ok=$8; fail=$10; err=$12}
       END {printf "%s req/s  requests %s  succeeded %s  failed %s  errored %s\n", rps, tot, ok, fail, err}' "$1"
}
