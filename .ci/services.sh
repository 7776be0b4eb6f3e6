#!/usr/bin/env bash
# Installs the servers that the integration tests and the Redis examples start on loopback:
# redis-server and PostgreSQL (Debian's packages), and nginx and wrk for the rolling-restart
# tests. Idempotent and quiet: does nothing when all are there. Called by .ci/run and by
# `./gevent4j test`; the tests start (and stop) their own servers on random loopback ports, so
# nothing is started here, and the packages' own services are kept from starting while they are
# installed.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || [[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
# The rolling-restart tests (examples/): nginx in front of two processes, wrk as one of the loads.
[[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
(( ${#missing[@]} == 0 )) && exit 0

if (( EUID != 0 )); then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n "$0" "$@"
  fi
  echo "services.sh: missing ${missing[*]}; run $0 as root (it installs them with apt-get) or install them yourself" >&2
  exit 0   # the tests that need them fail and say so
fi
command -v apt-get >/dev/null 2>&1 || { echo "services.sh: no apt-get; install ${missing[*]} yourself" >&2; exit 1; }

echo "services.sh: installing ${missing[*]} (apt-get) ..." >&2
export DEBIAN_FRONTEND=noninteractive
# Keep the packages' init scripts from starting servers on the default ports (policy-rc.d: 101 = not allowed).
policy=/usr/sbin/policy-rc.d
own_policy=false
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=true
fi
trap '$own_policy && rm -f "$policy"' EXIT
apt-get update -qq </dev/null >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
echo "services.sh: installed ${missing[*]}" >&2
