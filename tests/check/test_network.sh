#!/bin/bash
# Connection and greeting failures, each on a real socket on 127.0.0.1:
# refused and filtered ports (with the other ports probed), implicit TLS and
# STARTTLS swapped in both directions, non-SMTP services, bad banners.
. "$SRCDIR/tests/check/lib.sh"

# nothing listens: refused, and the other ports are probed
PORT=$(srv_closed_port)
check
expect_cause connect connect-refused "closed port"
like "$(step connect evidence)" 'other ports on 127\.0\.0\.1: 25 [a-z]+, 465 [a-z]+, 587 [a-z]+, 2525 [a-z]+' \
	"closed port: the other submission ports were probed"
is "$(step greeting status)" skip "closed port: later steps skipped"

# silently dropped (full accept queue): connect-timeout at the timeout, with
# the probes' results in the same report, within timeout + 1 s
srv_filtered_port
PORT=$SRV_PORT
start=$(date +%s%N)
check --timeout 2
elapsed=$((($(date +%s%N) - start) / 1000000))
expect_cause connect connect-timeout "filtered port"
# Not before the timeout (a semantic bound); after it, only a hang guard.
ok $([ "$elapsed" -ge 1900 ] && [ "$elapsed" -le 9000 ]; echo $?) \
	"filtered port: verdict after ${elapsed} ms (timeout 2 s, hang guard 9 s)"
like "$(step connect evidence)" 'other ports on' "filtered port: probe results included"
like "$(step connect hint)" 'firewall|blocked' "filtered port: hint names the firewall"

# no route at all: a network namespace whose loopback interface is down
if unshare -n true 2>/dev/null; then
	OUT=$(unshare -n "$SMTPWIZ" --check --json --host 127.0.0.1 --port 587 --timeout 2 </dev/null 2>"$T/stderr")
	RC=$?
	ERR=$(cat "$T/stderr")
	expect_cause connect connect-unreachable "no route"
	like "$(step connect evidence)" 'Network is unreachable' "no route: errno text is the evidence"
	is "$(step dns status)" pass "an IP address needs no lookup and gets no loopback warning"
else
	for i in 1 2 3 4 5 6; do echo "ok - # SKIP network namespaces unavailable"; TAP_N=$((TAP_N + 1)); done
fi

# implicit TLS against a server that never completes a handshake
srv_start rawserver --mode silent
PORT=$SRV_PORT
check --tls tls --timeout 1
expect_cause greeting tls-handshake "TLS handshake never completes"
like "$(step greeting evidence)" 'TLS handshake' "handshake failure: GnuTLS's reason shown"

# a 554 banner: this IP is refused
srv_start rawserver --mode greeting-text '554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked'
PORT=$SRV_PORT
check
expect_cause greeting greeting-rejected "554 greeting"
like "$(step greeting evidence)" '554 5\.7\.1 Service unavailable' "554 greeting: reply is the evidence"

srv_start rawserver --mode greeting-text '421 4.3.2 Service not available, closing transmission channel'
PORT=$SRV_PORT
check
expect_cause greeting server-busy "421 greeting"

# implicit TLS port, client set to STARTTLS: silence, then a TLS handshake
# on a second connection proves it
srv_start rawserver --mode tls-server --cert "$CERTS/server.pem" --key "$CERTS/server-key.pem"
PORT=$SRV_PORT
check --timeout 2
expect_cause greeting tls-expected "STARTTLS against implicit TLS"
like "$(step greeting hint)" '465|implicit|tls = tls' "STARTTLS against implicit TLS: hint says which setting"

# STARTTLS port, client set to implicit TLS: the server greets in clear text
smtp --tls starttls --auth-mechs PLAIN
check --tls tls
expect_cause greeting tls-not-expected "implicit TLS against a plain port"
like "$(step greeting evidence)" 'clear text: 220' "implicit TLS against a plain port: banner shown"
like "$(step greeting hint)" 'STARTTLS|starttls|587' "implicit TLS against a plain port: hint says which setting"

# not SMTP at all
srv_start rawserver --mode ssh
PORT=$SRV_PORT
check
expect_cause greeting not-smtp "SSH banner"
like "$(step greeting evidence)" 'SSH-2\.0' "SSH banner shown"
srv_start rawserver --mode http --http-wait 5
PORT=$SRV_PORT
check --timeout 1
expect_cause greeting not-smtp "HTTP server"
like "$(step greeting evidence)" 'HTTP/1\.1 400' "HTTP answer shown"

# silent server on an ordinary port: a timeout that mentions greeting delays
srv_start rawserver --mode silent
PORT=$SRV_PORT
start=$(date +%s%N)
check --timeout 1
elapsed=$((($(date +%s%N) - start) / 1000000))
expect_cause greeting timeout "silent server"
ok $([ "$elapsed" -le 7000 ]; echo $?) "silent server: verdict before the hang guard (${elapsed} ms, timeout 1 s, guard 7 s)"
like "$(step greeting summary)" 'Server greeting' "silent server: the summary names the step"

# EHLO and HELO both refused
srv_start rawserver --mode ehlo-reject
PORT=$SRV_PORT
check --noauth --tls none
expect_cause ehlo ehlo-rejected "EHLO and HELO refused"
like "$(step ehlo evidence)" 'Helo command rejected' "EHLO refused: the reply is the evidence"

# STARTTLS offered, then refused: never falls back to clear text
srv_start rawserver --mode starttls-refuse
PORT=$SRV_PORT
check
expect_cause tls starttls-failed "STARTTLS refused"
is "$(step auth status)" skip "STARTTLS refused: no AUTH attempted"

# a slow but working greeting is a warning, not a failure
smtp --tls starttls --auth-mechs PLAIN --greeting-delay 2.2
check
is "$(step greeting status)" warn "slow greeting warns"
is "$(step greeting cause)" greeting-slow "slow greeting: cause greeting-slow"
is "$RC" 0 "slow greeting: exit 0"

tap_done
