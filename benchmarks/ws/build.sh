#!/usr/bin/env bash
# Builds the Go pieces of the WebSocket benchmark offline: wsload (the load generator) and
# gorilla_echo (the Go peer), from Debian's golang-github-gorilla-websocket-dev in GOPATH mode
# (no module proxy, no network). Output: $OUT (default target/ws-bench/bin).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
OUT=${OUT:-$(cd ../.. && pwd)/target/ws-bench/bin}
mkdir -p "$OUT"
[[ -d /usr/share/gocode/src/github.com/gorilla/websocket ]] || {
  echo "build.sh: apt-get install golang-go golang-github-gorilla-websocket-dev" >&2; exit 1; }
export GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS= GOCACHE=${GOCACHE:-$OUT/../gocache}
go build -o "$OUT/wsload" ./loadgen
go build -o "$OUT/gorilla_echo" ./servers/gorilla_echo.go
echo "$OUT"
