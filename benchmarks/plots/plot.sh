#!/usr/bin/env bash
# Redraws every benchmark chart (benchmarks/plots/*.svg) from the committed raw results
# (benchmarks/results/*/) and rewrites the "At a glance" block at the top of BENCHMARKS.md.
#
#   benchmarks/plots/plot.sh              redraw the charts and the summary
#   benchmarks/plots/plot.sh --check      the unit tests, then fail if a chart or the summary is stale (CI)
#   benchmarks/plots/plot.sh --install    first install python3-matplotlib with apt-get if it is missing
#   benchmarks/plots/plot.sh --jmh F.json draw a JMH result file (-rf json) as benchmarks/plots/jmh-F.svg
#
# Any other argument goes to plot.py (see `plot.py --help`). Needs python3 with matplotlib: $PYTHON,
# else Debian's /usr/bin/python3 (apt-get install python3-matplotlib), else python3 on PATH.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ in the work tree
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

install=0 check=0 args=()
for a in "$@"; do
  case $a in
    --install) install=1;;
    --check) check=1;;
    *) args+=("$a");;
  esac
done

has_mpl() { [[ -n $1 ]] && "$1" -c 'import matplotlib' >/dev/null 2>&1; }

find_python() {
  local p
  for p in "${PYTHON:-}" /usr/bin/python3 "$(command -v python3 || true)"; do
    if has_mpl "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

if ! py=$(find_python); then
  if (( install )); then
    sudo=(); (( EUID == 0 )) || sudo=(sudo -n)
    echo "plot.sh: installing python3-matplotlib (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q python3-matplotlib >/dev/null ||
      { DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -q >/dev/null &&
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q python3-matplotlib >/dev/null; }
    py=$(find_python) || { echo "plot.sh: python3-matplotlib installed, but no python3 imports matplotlib" >&2; exit 2; }
  else
    echo "plot.sh: no python3 with matplotlib (tried \$PYTHON, /usr/bin/python3, python3 on PATH)." >&2
    echo "plot.sh: install it with: apt-get install -y python3-matplotlib   (or run: $0 --install)" >&2
    exit 2
  fi
fi

if (( check )); then
  (cd "$HERE" && "$py" -m unittest -q test_plot)
  exec "$py" "$HERE/plot.py" --check ${args[@]+"${args[@]}"}
fi
exec "$py" "$HERE/plot.py" ${args[@]+"${args[@]}"}
