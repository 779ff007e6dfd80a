# The shipped nginx front (dist/nginx/ykien.conf, OPERATIONS.md 3.3) run
# for real in front of real collectors: kiosks upload over its TLS, the
# published data are served read-only, a body over the limit and a burst
# over the rate are turned away by nginx before any collector sees them.
# On PostgreSQL (tests/run.sh's second pass) the front is the upstream of
# OPERATIONS.md's "Collectors": two collectors on one store, one killed
# with SIGKILL between two rounds of uploads; the kiosks' uploads go on
# through the other (nginx passes a refused connection on), and
# nothing is lost or doubled.
. tests/e2e/collector.lib
command -v nginx >/dev/null || { echo "nginx not installed" >&2; exit 77; }
command -v openssl >/dev/null || { echo "openssl not installed" >&2; exit 77; }

tls_cert
province "$T/prov"
kiosk "$T/k1" "$T/prov"
kiosk "$T/k2" "$T/prov"
serve "$T/prov" --max-per-ip 0; A_PID=$SPID; A_PORT=$PORT
UPSTREAM="server 127.0.0.1:$A_PORT max_fails=1 fail_timeout=30s;"
if [ -n "${PG_DIR:-}" ]; then
	serve "$T/prov" --max-per-ip 0; B_PORT=$PORT
	UPSTREAM="$UPSTREAM server 127.0.0.1:$B_PORT max_fails=1 fail_timeout=30s;"
fi

# A free port for nginx (the kernel's pick, released just before).
NP=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
NG="$T/nginx"
mkdir -p "$NG"
# The shipped file, with only what OPERATIONS.md says to set changed:
# the address, the certificate, and the collectors behind it.
sed -e "s|listen 443 ssl http2;|listen 127.0.0.1:$NP ssl http2;|" \
    -e "s|ssl_certificate .*|ssl_certificate $T/cert.pem;|" \
    -e "s|ssl_certificate_key .*|ssl_certificate_key $T/key.pem;|" \
    -e "s|proxy_pass http://127.0.0.1:8080;|proxy_pass http://ykien_collectors;\n        proxy_next_upstream error timeout http_502 http_503;|" \
    "$TOP/dist/nginx/ykien.conf" >"$NG/ykien.conf"
grep -q "listen 127.0.0.1:$NP ssl" "$NG/ykien.conf" || fail "dist/nginx/ykien.conf: no 'listen 443 ssl http2;' line to move"
[ "$(grep -c 'proxy_pass http://ykien_collectors' "$NG/ykien.conf")" -eq 2 ] ||
    fail "dist/nginx/ykien.conf: the two proxy_pass lines were not found"
cat >"$NG/nginx.conf" <<EOF
daemon off;
master_process off;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
events { worker_connections 64; }
http {
    client_body_temp_path $NG/body;
    proxy_temp_path $NG/proxy;
    fastcgi_temp_path $NG/fastcgi;
    uwsgi_temp_path $NG/uwsgi;
    scgi_temp_path $NG/scgi;
    upstream ykien_collectors { $UPSTREAM }
    include $NG/ykien.conf;
}
EOF
nginx -t -p "$NG" -c "$NG/nginx.conf" 2>"$T/nginx-t" || fail "nginx -t: $(cat "$T/nginx-t")"
nginx -p "$NG" -c "$NG/nginx.conf" 2>>"$NG/error.log" &
NPID=$!
PIDS="$PIDS $NPID"
FRONT="https://127.0.0.1:$NP"
i=0
until curl -s --cacert "$T/cert.pem" "$FRONT/v1/health" 2>/dev/null | grep -q ok; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "nginx did not answer: $(cat "$NG/error.log")"
	sleep 0.05
done

# Kiosks upload through the front, verifying its certificate.
"$CAST" "$T/k1" 30
"$CAST" "$T/k2" 30
for k in k1 k2; do
	out=$("$K" upload --dir "$T/$k" --url "$FRONT" --ca "$T/cert.pem") ||
	    fail "$k: upload through nginx: $out"
	echo "$out" | grep -q "(20 ballots)" || fail "$k: $out"
done
[ "$(province_ballots "$T/prov" | wc -l)" -eq 40 ] || fail "province count"

# The front's own refusals, which no collector sees.
n0=$(grep -c "POST" "$T/serve.log" || true)
head -c 3000000 /dev/zero >"$T/big"
st=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$T/cert.pem" \
    --data-binary "@$T/big" -H 'Content-Type: application/octet-stream' \
    "$FRONT/v1/batches")
[ "$st" = 413 ] || fail "3 MB body: $st, want 413 from nginx"
st=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$T/cert.pem" \
    -X POST --data x "$FRONT/polls/demo-2026/")
[ "$st" = 403 ] || fail "POST under /polls/: $st, want 403"
st=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$T/cert.pem" "$FRONT/admin")
[ "$st" = 404 ] || fail "/admin: $st, want 404"
# 40 requests at once from one address: the burst of 20 passes, then 429.
for i in $(seq 40); do echo "url = \"$FRONT/v1/health\""; echo "output = /dev/null"; done >"$T/burst"
curl -s --no-progress-meter --parallel --parallel-max 40 --cacert "$T/cert.pem" -w '%{http_code}\n' \
    -K "$T/burst" >"$T/codes" || true
grep -q '^429$' "$T/codes" || fail "no 429 in a burst of 40: $(sort "$T/codes" | uniq -c | tr '\n' ' ')"
[ "$(grep -c POST "$T/serve.log" || true)" -eq "$n0" ] || fail "a refused POST reached a collector"
echo "ok: uploads over the front's TLS; 413, 403, 404 and 429 at the front"

if [ -n "${PG_DIR:-}" ]; then
	# One collector dies without a word; the kiosks keep uploading.
	sleep 4 # the rate limit's bucket refills (5 a second)
	kill -9 "$A_PID"; wait "$A_PID" 2>/dev/null || true; forget "$A_PID"
	for k in k1 k2; do
		"$CAST" "$T/$k" 20
		out=$("$K" upload --dir "$T/$k" --url "$FRONT" --ca "$T/cert.pem") ||
		    fail "$k: upload with one collector dead: $out"
	done
	exactly_once "$T/k1" "$T/k2"
	echo "ok: one collector killed, uploads went on through the other"
fi
echo "ok"
