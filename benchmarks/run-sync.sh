#!/usr/bin/env bash
# Events, queues, locks and pools: gevent4j side by side with gevent and java.util.concurrent.
#
# Runs the scenarios of org.gevent4j.bench.SyncBench (queue, queue1, channel, map, map100) against
# its peers, peers/gevent/sync_bench.py and peers/java/SyncBench.java, one process per measurement,
# peers interleaved within each repetition (gevent, java, java-1p, gevent4j, gevent, ...), and prints
# a markdown table of the medians with ratios (sync_report.py). The noise care follows
# shared/bench/run.sh, in small: before each run, wait until the machine is idle; during it, account
# the CPU other processes used, and repeat a run they disturbed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

usage() {
  cat <<'EOF'
usage: benchmarks/run-sync.sh [options]

  --scenarios LIST   comma-separated, from queue,queue1,channel,map,map100 (all)
  --peers LIST       comma-separated, from gevent,java,java-1p,gevent4j (all)
  --reps R           repetitions per peer, interleaved; the table shows the median (3)
  --n N              items handed over / mapped per round (100000)
  --rounds R         measured rounds per process, after 3 warm-up rounds; median reported (5)
  --quiet-pct P      before each run wait until busy+steal CPU <= P% of all cores (15)
  --quiet-max S      ...but wait at most S seconds (300)
  --max-others P     repeat a run during which other processes used > P% of the CPU (10)
  --max-tries T      ...at most T tries; the last one is kept whatever (3)
  --out DIR          results folder (default: a new folder under ${TMPDIR:-/tmp})

peers: gevent = gevent's Queue/Channel/Pool (python3 with gevent: $GEVENT_PYTHON, else the first
python3 that imports it); java = java.util.concurrent on virtual threads, default scheduler (one
carrier per core); java-1p = the same with -Djdk.virtualThreadScheduler.parallelism=1; gevent4j =
org.gevent4j.bench.SyncBench on one hub. JDK >= 25: $JAVA_HOME, else the newest under /usr/lib/jvm.
EOF
}

SCENARIOS=queue,queue1,channel,map,map100; PEERS=gevent,java,java-1p,gevent4j
REPS=3; N=100000; ROUNDS=5; QUIET_PCT=15; QUIET_MAX=300; MAX_OTHERS=10; MAX_TRIES=3; OUT=""
while (($#)); do
  case $1 in -h|--help) usage; exit 0;; esac
  [[ $# -ge 2 ]] || { echo "run-sync.sh: option $1 needs a value" >&2; exit 2; }
  case $1 in
    --scenarios) SCENARIOS=$2;; --peers) PEERS=$2;; --reps) REPS=$2;; --n) N=$2;; --rounds) ROUNDS=$2;;
    --quiet-pct) QUIET_PCT=$2;; --quiet-max) QUIET_MAX=$2;; --max-others) MAX_OTHERS=$2;;
    --max-tries) MAX_TRIES=$2;; --out) OUT=$2;;
    *) echo "run-sync.sh: unknown option $1 (see --help)" >&2; exit 2;;
  esac
  shift 2
done

log() { printf '%s\n' "$*" >&2; }
die() { log "run-sync.sh: $*"; exit 2; }

# --- tools ---------------------------------------------------------------------------------------
find_java() {
  local j v best="" bestv=0
  for j in ${JAVA_HOME:+$JAVA_HOME/bin/java} /usr/lib/jvm/*/bin/java; do
    [[ -x $j ]] || continue
    v=$("$j" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}'); v=${v#1.}; v=${v%%[!0-9]*}
    if (( ${v:-0} >= 25 && ${v:-0} > bestv )); then best=$j; bestv=$v; fi
  done
  [[ -n $best ]] && echo "$best"
}
find_gevent_python() {
  local p
  for p in ${GEVENT_PYTHON:-} $(type -ap python3) /usr/bin/python3; do
    [[ -x $p ]] && "$p" -c 'import gevent' 2>/dev/null && { echo "$p"; return 0; }
  done
  return 1
}
PY=$(type -P python3 || echo /usr/bin/python3)
JAVA=$(find_java) || die "no JDK >= 25 found (set JAVA_HOME)"
[[ ,$PEERS, != *,gevent,* ]] || GEVENT_PY=$(find_gevent_python) || die "no python3 with gevent (set GEVENT_PYTHON)"

[[ -n $OUT ]] || OUT=${TMPDIR:-/tmp}/gevent4j-sync-bench-$(date +%Y%m%d-%H%M%S)-$$
mkdir -p "$OUT/logs"
RAW=$OUT/raw.jsonl

# gevent4j: build once, then run from a private copy of the classes, so that a rebuild in the
# working tree during the benchmark cannot change what is measured.
if [[ ,$PEERS, == *,gevent4j,* ]]; then
  log "building gevent4j ..."
  "$ROOT/gevent4j" classpath >/dev/null || die "gevent4j build failed"
  mkdir -p "$OUT/classes"
  cp -r "$ROOT/library/target/classes" "$OUT/classes/library"
  cp -r "$ROOT/benchmarks/target/classes" "$OUT/classes/benchmarks"
  G4J_CP=$OUT/classes/library:$OUT/classes/benchmarks
  # the JVM flags gevent4j needs, from the one place the build keeps them
  read -r -a G4J_FLAGS <<<"$(sed -n 's:.*<gevent4j.jvmArgs>\(.*\)</gevent4j.jvmArgs>.*:\1:p' "$ROOT/pom.xml" | head -n 1)"
fi

cmd_for() { # PEER SCENARIO -> sets CMD
  case $1 in
    gevent) CMD=("$GEVENT_PY" "$HERE/peers/gevent/sync_bench.py" "$2" "$N" "$ROUNDS");;
    java) CMD=("$JAVA" "$HERE/peers/java/SyncBench.java" "$2" "$N" "$ROUNDS");;
    java-1p) CMD=("$JAVA" -Djdk.virtualThreadScheduler.parallelism=1 "$HERE/peers/java/SyncBench.java" "$2" "$N" "$ROUNDS");;
    gevent4j) CMD=("$JAVA" "${G4J_FLAGS[@]}" -cp "$G4J_CP" org.gevent4j.bench.SyncBench "$2" "$N" "$ROUNDS");;
    *) die "unknown peer '$1'";;
  esac
}

# --- CPU accounting (as shared/bench/lib/common.sh) ------------------------------------------------
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_stat() { # "busy idle steal" jiffies, all cores
  local _c user nice system idle iowait irq softirq steal _r
  read -r _c user nice system idle iowait irq softirq steal _r </proc/stat
  echo "$((user + nice + system + irq + softirq)) $((idle + iowait)) $((${steal:-0}))"
}
busy_pct() { # A B -> busy+steal % between two cpu_stat samples
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
    t = (y[1]-x[1]) + (y[2]-x[2]) + (y[3]-x[3]); if (t <= 0) { print 0; exit }
    printf "%.1f\n", 100 * ((y[1]-x[1]) + (y[3]-x[3])) / t }'
}
children_cpu() { # CPU seconds of this shell's waited-for children
  local s; s=$(</proc/$$/stat); s=${s##*) }
  # shellcheck disable=SC2086
  set -- $s
  awk -v t="$((${14} + ${15}))" -v hz="$HZ" 'BEGIN {printf "%.2f", t/hz}'
}
others_pct() { # A B OURS_S -> % of all cores used by other processes between A and B
  awk -v a="$1" -v b="$2" -v ours="$3" -v hz="$HZ" 'BEGIN { split(a, x, " "); split(b, y, " ");
    db = y[1]-x[1]; t = db + (y[2]-x[2]) + (y[3]-x[3]); if (t <= 0) { print "0.0"; exit }
    o = 100 * (db/hz - ours) / (t/hz); if (o < 0) o = 0; printf "%.1f\n", o }'
}
quiet_wait() { # until busy+steal over 1 s <= QUIET_PCT, at most QUIET_MAX s; sets QUIET (last %)
  local start=$SECONDS a b
  while :; do
    a=$(cpu_stat); sleep 1; b=$(cpu_stat)
    QUIET=$(busy_pct "$a" "$b")
    awk -v p="$QUIET" -v q="$QUIET_PCT" 'BEGIN {exit !(p <= q)}' && return 0
    if (( SECONDS - start >= QUIET_MAX )); then
      log "  warning: still ${QUIET}% busy after $((SECONDS - start)) s; measuring anyway"; return 0
    fi
    log "  machine busy (${QUIET}%, load $(cut -d' ' -f1-3 /proc/loadavg)); waiting"
    sleep 5
  done
}

# --- runs ----------------------------------------------------------------------------------------
CHILD=""
trap '[[ -n $CHILD ]] && kill -TERM "$CHILD" 2>/dev/null; exit 130' INT TERM

run_one() { # SCENARIO PEER REP TRY -> 1 if the run was disturbed and should be repeated
  local scen=$1 peer=$2 rep=$3 try=$4 base rc=0 a b c0 c1 others discarded=0
  base=$OUT/logs/$scen-$peer-$rep-$try
  cmd_for "$peer" "$scen"
  quiet_wait
  c0=$(children_cpu); a=$(cpu_stat)
  timeout -k 5 900 "${CMD[@]}" >"$base.out" 2>"$base.err" </dev/null &
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=""
  b=$(cpu_stat); c1=$(children_cpu)
  others=$(others_pct "$a" "$b" "$(awk -v x="$c0" -v y="$c1" 'BEGIN {print y-x}')")
  if awk -v o="$others" -v m="$MAX_OTHERS" 'BEGIN {exit !(o > m)}' && (( try < MAX_TRIES )); then discarded=1; fi
  "$PY" - "$base.out" "$RAW" "$scen" "$peer" "$rep" "$try" "$rc" "$QUIET" "$others" "$discarded" <<'PYEOF'
import json, sys
out, raw, scen, peer, rep, tr, rc, quiet, others, discarded = sys.argv[1:]
res = None
for line in open(out, errors='replace'):
    line = line.strip()
    if line.startswith('{'):
        try:
            res = json.loads(line)
        except ValueError:
            pass
if res is None or rc != '0':
    res = {'scenario': scen, 'value': None, 'errors': 1}
res.update(peer=peer, rep=int(rep), try_=int(tr), exit_code=int(rc), quiet_pct_before=float(quiet),
           others_cpu_pct=float(others), discarded=int(discarded))
with open(raw, 'a') as f:
    f.write(json.dumps(res) + '\n')
v = res.get('value')
print('  [%s] rep %s %s: %s ns/item (before %s%%, others %s%%)%s' % (
    scen, rep, peer, '%.1f' % v if v is not None else 'FAILED (see %s.err)' % out[:-4], quiet, others,
    ' -> DISCARDED, repeating' if discarded == '1' else ''), file=sys.stderr)
PYEOF
  return "$discarded"
}

{
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); host: $(uname -srm); cores: $(nproc); memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  [[ -n ${GEVENT_PY:-} ]] && echo "- gevent: $("$GEVENT_PY" -c 'import gevent, greenlet, sys; print("gevent", gevent.__version__, "greenlet", greenlet.__version__, "python", sys.version.split()[0], "loop", gevent.config.loop.__module__)')"
  echo "- java: $("$JAVA" -version 2>&1 | sed -n 2p) ($JAVA)"
  echo "- gevent4j: commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" status --porcelain --untracked-files=no -- library benchmarks/src 2>/dev/null | grep -q . && echo ' + uncommitted changes to library/ or benchmarks/src')"
  echo "- params: n=$N items, $ROUNDS measured rounds (after 3 warm-up) per process, $REPS processes per peer; load before start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/versions.md"
cat "$OUT/versions.md" >&2
log "results: $OUT"

IFS=, read -r -a SCEN_LIST <<<"$SCENARIOS"
IFS=, read -r -a PEER_LIST <<<"$PEERS"
for scen in "${SCEN_LIST[@]}"; do
  case $scen in queue|queue1|channel|map|map100) ;; *) die "unknown scenario '$scen'";; esac
  log "== $scen ($REPS reps; peers: ${PEER_LIST[*]})"
  for rep in $(seq 1 "$REPS"); do
    for peer in "${PEER_LIST[@]}"; do
      for ((try = 1; try <= MAX_TRIES; try++)); do
        run_one "$scen" "$peer" "$rep" "$try" && break
      done
    done
  done
done

{
  cat "$OUT/versions.md"
  echo
  "$PY" "$HERE/sync_report.py" "$RAW"
} >"$OUT/report.md"
cat "$OUT/report.md"
log "report: $OUT/report.md"
