#!/usr/bin/env bash
# L4: HTTPS with h2load --h1 -c100 (one thread, W=10 s warm-up run, then 1 s warm-up + 10 s measured) against gevent4j's
# HttpsHello and nginx (worker_processes auto, TLS, return 200 "Hello, World!"), both serving the
# same EC P-256 key and self-signed certificate made here by openssl.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
D=${D:-10}; W=${W:-10}   # measured and warm-up seconds
K=$OUT/tls; mkdir -p "$K"
if [[ ! -f $K/ks.p12 ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$K/key.pem" -out "$K/cert.pem" \
    -days 2 -subj /CN=127.0.0.1 >/dev/null 2>&1
  openssl pkcs12 -export -in "$K/cert.pem" -inkey "$K/key.pem" -out "$K/ks.p12" -passout pass:changeit
fi
run() {
  local name=$1
  timeout -k 5 60 h2load --h1 -c100 -D "$W" "https://127.0.0.1:$PORT/" >/dev/null 2>&1 || true
  local c0; c0=$(cpu_ticks "$SPID")
  timeout -k 5 $((D + 60)) h2load --h1 -c100 -D "$D" --warm-up-time 1 "https://127.0.0.1:$PORT/" >"$OUT/$name.h2load" 2>&1 || true
  local c1; c1=$(cpu_ticks "$SPID")
  local reqs; reqs=$(awk '/^requests:/ {print $8}' "$OUT/$name.h2load")
  echo "$name: $(h2load_summary "$OUT/$name.h2load")  server CPU $(awk -v a="$c0" -v b="$c1" -v n="$reqs" 'BEGIN {if (n>0) printf "%.2f", (b-a)*1e6/100/n; else print "?"}') us/req  $(grep -E 'TLS Protocol|Cipher' "$OUT/$name.h2load" | tr -s ' ' | paste -sd' ')  (load $(loadavg))"
}
start_server gevent4j-tls bash -c "exec \"$JAVA\" ${JVM_FLAGS[*]} -cp \"$CP\" org.gevent4j.monkey.Main org.gevent4j.bench.HttpsHello \$PORT $K/ks.p12 changeit"
run gevent4j-https
stop_server "$SPID"
NG=$OUT/nginx-tls; mkdir -p "$NG"
start_server nginx-tls bash -c "cat >$NG/nginx.conf <<CONF
daemon off;
worker_processes auto;
pid $NG/nginx.pid;
error_log $NG/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $NG; proxy_temp_path $NG; fastcgi_temp_path $NG; uwsgi_temp_path $NG; scgi_temp_path $NG;
  server {
    listen 127.0.0.1:\$PORT ssl;
    ssl_certificate $K/cert.pem;
    ssl_certificate_key $K/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { default_type text/plain; return 200 'Hello, World!'; }
  }
}
CONF
exec nginx -p $NG -c $NG/nginx.conf -e $NG/error.log"
run nginx-https
stop_server "$SPID"
