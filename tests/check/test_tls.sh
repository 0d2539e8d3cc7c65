#!/bin/bash
# Certificates: each problem named, its evidence shown, and no password
# sent to a server whose certificate failed verification.
. "$SRCDIR/tests/check/lib.sh"

cert_case() { # cert_case NAME CAUSE
	srv_start smtpserver --cert "$CERTS/$1.pem" --key "$CERTS/$1-key.pem" \
		--tls starttls --auth-mechs PLAIN --user alice@example.com \
		--password "$PW" --transcript "$SRV_DIR/$1.log" || exit 1
	PORT=$SRV_PORT
	check
	expect_cause certificate "$2" "$1 certificate"
	like "$(step certificate evidence)" 'subject: .*issuer: .*SHA-256: ([0-9A-F]{2}:){31}[0-9A-F]{2}' \
		"$1 certificate: subject, issuer and fingerprint shown"
	is "$(step auth status)" skip "$1 certificate: auth skipped"
	# The log must show the session, or "no AUTH" would prove nothing.
	like "$(cat "$SRV_DIR/$1.log" 2>/dev/null)" '^STARTTLS' "$1 certificate: the server logged the session"
	unlike "$(cat "$SRV_DIR/$1.log")" '^(AUTH|MAIL)' "$1 certificate: no AUTH or MAIL sent"
}
cert_case selfsigned cert-untrusted
cert_case expired cert-expired
cert_case future cert-not-yet-valid
cert_case wronghost cert-hostname
like "$(step certificate evidence)" 'names: .*wrong\.example\.test' "wrong host: the certificate's names are listed"
cert_case intercept cert-intercepted
like "$(step certificate evidence)" 'Avast' "intercepted: the product is named"
like "$(step certificate hint)" '[Aa]ntivirus|firewall|proxy' "intercepted: the hint points at the local product"

# without the test CA, the system trust store does not know it
smtp --tls starttls --auth-mechs PLAIN
run --check --json --host localhost --port "$PORT" --timeout 5
is "$(step certificate cause)" cert-untrusted "unknown CA: cert-untrusted"

# tls_verify = false: a warning with the evidence, and the session goes on
cat >"$T/noverify.conf" <<EOC
host = 'localhost'
port = $PORT
tls_verify = false
username = 'alice@example.com'
from = 'alice@example.com'
test_recipient = 'bob@example.net'
EOC
run --check --json --config "$T/noverify.conf" --password-file "$T/pw"
is "$(step certificate status)" warn "tls_verify off: certificate warns"
is "$(step certificate cause)" cert-not-verified "tls_verify off: cause cert-not-verified"
like "$(step certificate evidence)" 'subject:' "tls_verify off: evidence still shown"
is "$(step auth status)" pass "tls_verify off: auth goes on"
is "$RC" 0 "tls_verify off: exit 0 (a warning)"

# tls = none while STARTTLS is offered: a warning that recommends it
smtp --tls starttls --auth-mechs PLAIN
check --noauth --tls none
is "$(step tls status)" warn "tls none with STARTTLS offered: warns"
is "$(step tls cause)" tls-not-used "tls none with STARTTLS offered: tls-not-used"

tap_done
