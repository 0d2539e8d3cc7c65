#!/bin/bash
# Misbehaving servers: each must end in a clear failed step, not hang
# (guard: twice the timeout plus 5 s; `make bench` prints the real times),
# with nothing but the report on the terminal.
GUARD_MS=$(((2 * 2 + 5) * 1000))
. "$SRCDIR/tests/check/lib.sh"

hostile() { # hostile MODE STEP CAUSE
	srv_start rawserver --mode "$1" --cert "$CERTS/server.pem" --key "$CERTS/server-key.pem"
	PORT=$SRV_PORT
	local start=$(date +%s%N) elapsed
	check --noauth --timeout 2 --tls none
	elapsed=$((($(date +%s%N) - start) / 1000000))
	is "$(step "$2" cause)" "$3" "$1: $2 fails with $3"
	is "$RC" 1 "$1: exit 1"
	ok $([ "$elapsed" -le "$GUARD_MS" ]; echo $?) "$1: verdict before the hang guard (${elapsed} ms, guard $GUARD_MS)"
	unlike "$OUT$ERR" $'\033' "$1: no escape sequence reaches the output"
}
hostile close-mid-reply ehlo connection-lost
hostile code-change ehlo protocol-error
hostile long-line ehlo protocol-error
hostile endless-multiline ehlo protocol-error
hostile binary greeting not-smtp

# a banner dripped a byte a second: the timeout covers the whole reply
srv_start rawserver --mode drip '220 drip.example.com ESMTP ready for you'
PORT=$SRV_PORT
start=$(date +%s%N)
check --noauth --timeout 2 --tls none
elapsed=$((($(date +%s%N) - start) / 1000000))
is "$(step greeting cause)" timeout "drip: greeting times out"
ok $([ "$elapsed" -le "$GUARD_MS" ]; echo $?) "drip: verdict before the hang guard (${elapsed} ms, guard $GUARD_MS)"

# terminal escapes in the banner never reach the report as live escapes
srv_start rawserver --mode escape
PORT=$SRV_PORT
run --check --host 127.0.0.1 --port "$PORT" --tls none --timeout 2
unlike "$OUT$ERR" $'\033' "escape banner: no ESC byte in the text report"
unlike "$OUT$ERR" $'\007' "escape banner: no BEL byte in the text report"
run --check --host 127.0.0.1 --port "$PORT" --tls none --timeout 2 --transcript
unlike "$OUT$ERR" $'\033' "escape banner: no ESC byte in the transcript"
like "$OUT" '\\x1B' "escape banner: escapes shown as \\x1B"

# STARTTLS injection: replies sent before the handshake are discarded
srv_start rawserver --mode starttls-inject --cert "$CERTS/server.pem" --key "$CERTS/server-key.pem"
PORT=$SRV_PORT
check --noauth
is "$(step tls status)" pass "injection: TLS still negotiated"
like "$(step tls evidence)" 'discarded unread' "injection: early bytes reported as discarded"
unlike "$(json '"\n".join(l["line"] for l in d["transcript"])')" '250 injected' \
	"injection: the injected reply was never read as a reply"

# STARTTLS stripping: tls=starttls and no STARTTLS offered means no AUTH,
# no MAIL and no password ever sent
smtp --tls none --auth-mechs PLAIN --auth-require-tls no --auth-plaintext-advertise yes \
	--transcript "$SRV_DIR/strip.log"
check
expect_cause tls starttls-unavailable "STARTTLS stripped"
srvlog=$(cat "$SRV_DIR/strip.log" 2>/dev/null)
like "$srvlog" '^EHLO' "STARTTLS stripped: the server logged the session"
unlike "$srvlog" '^(AUTH|MAIL|RCPT)' "STARTTLS stripped: no AUTH, MAIL or RCPT reached the server"
unlike "$srvlog" "$PW" "STARTTLS stripped: the password never reached the server"

tap_done
