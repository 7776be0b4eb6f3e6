#!/usr/bin/env bash
# Installs the real HTTP clients that library/src/test/java/org/gevent4j/http/clients/ drives:
# curl, Debian's python3 with h11 (/usr/bin/python3; http.client is in the standard library),
# Node >= 20 (global fetch), Go (net/http client), wrk and h2load. Idempotent: installs with apt-get only what is missing. Needs root
# (or sudo without a password) and no stdin. .ci/run must call it before the tests.
set -euo pipefail
exec </dev/null

missing=()
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [[ ! -x /usr/bin/python3 ]] || ! /usr/bin/python3 -c 'import h11' >/dev/null 2>&1; then
  missing+=(python3 python3-h11)
fi
node_ok=0
if command -v node >/dev/null 2>&1; then
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  (( major >= 20 )) && node_ok=1
fi
(( node_ok )) || missing+=(nodejs)
command -v go >/dev/null 2>&1 || [[ -x /usr/lib/go/bin/go ]] || missing+=(golang-go)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v h2load >/dev/null 2>&1 || missing+=(nghttp2-client)

if (( ${#missing[@]} == 0 )); then
  echo "clients.sh: curl, python3 + h11, node >= 20, go, wrk, h2load: all present"
  exit 0
fi

SUDO=()
if (( EUID != 0 )); then
  command -v sudo >/dev/null 2>&1 || { echo "clients.sh: need root to install ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo -n)
fi
echo "clients.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

if command -v node >/dev/null 2>&1; then
  major=$(node -p 'process.versions.node.split(".")[0]')
  if (( major < 20 )); then
    echo "clients.sh: node $(node --version) from apt is older than 20; NodeFetchTest needs Node >= 20 (global fetch)" >&2
    exit 1
  fi
fi
echo "clients.sh: done"
