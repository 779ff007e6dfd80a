# HTTPS: the collector serves TLS from PEM files; the kiosk verifies the
# certificate (against --ca) and refuses an unverifiable one, marking
# nothing.
. tests/e2e/collector.lib
command -v openssl >/dev/null || { echo "openssl not installed" >&2; exit 77; }

tls_cert
province "$T/prov"
kiosk "$T/k1" "$T/prov"
serve "$T/prov" --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
HTTPS="https://127.0.0.1:$PORT"
# 10 more than leave: k stay behind while the poll is open.
"$CAST" "$T/k1" 20

# Not trusted: TLS verification refuses it, and nothing is marked.
rc=0
"$K" upload --dir "$T/k1" --url "$HTTPS" 2>"$T/err" || rc=$?
[ $rc -eq 3 ] || fail "untrusted certificate: exit $rc ($(cat "$T/err"))"
[ -z "$(kiosk_uploaded "$T/k1")" ] || fail "marked over an unverified TLS"
[ -z "$(province_ballots "$T/prov")" ] || fail "sent over an unverified TLS"

# Trusted through --ca: uploaded.
"$K" upload --dir "$T/k1" --ca "$T/cert.pem" | grep -q "(10 ballots)" ||
    fail "upload over TLS"
[ "$(province_ballots "$T/prov" | wc -l)" -eq 10 ] || fail "province count"
curl -s --cacert "$T/cert.pem" "$HTTPS/v1/health" | grep -q ok || fail health
echo "ok"
