#!/bin/bash
# Silence answered early, and only where the evidence allows it (issue 14),
# with the default 15 s timeout:
# - STARTTLS chosen for an implicit-TLS server: tls-expected as soon as a TLS
#   handshake on a second connection succeeds, long before the timeout;
# - a dropped port beside ports that answer (closed on loopback; open in a
#   network namespace of the test's own): connect-timeout after the SYN and
#   its retransmission went unanswered, with the other ports' results;
# - a deliberate greeting delay: no early verdict, the greeting-slow reading;
# - a slow link (every packet delayed in the kernel, tests/bench/tun_delay.py
#   in a network namespace): no early verdict on the connect or greeting.
# Time bounds are hang guards only; `make bench` measures the times.
. "$SRCDIR/tests/check/lib.sh"

# The verdicts' own words say they were early: the evidence names the
# silence before the timeout, not the timeout.
TIMEOUT=15
GUARD_MS=14000

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# timed ARGS...: check ARGS with the default timeout; ELAPSED in ms.
timed() {
	local t0
	t0=$(now_ms)
	check --timeout $TIMEOUT "$@"
	ELAPSED=$(($(now_ms) - t0))
}

# shown NAME: on a failure so far, what smtpwiz printed.
shown() {
	[ "$TAP_FAILED" -eq "${SHOWN_AT:-0}" ] && return
	SHOWN_AT=$TAP_FAILED
	printf '# %s: smtpwiz printed:\n' "$1"
	printf '%s\n%s\n' "$OUT" "$ERR" | sed 's/^/#   | /'
}

# ---- STARTTLS chosen, the server expects implicit TLS ----------------------

srv_start smtpserver --tls implicit --cert "$CERTS/server.pem" \
	--key "$CERTS/server-key.pem"
PORT=$SRV_PORT
timed --tls starttls
expect_cause greeting tls-expected "STARTTLS on an implicit-TLS server"
like "$(step greeting evidence)" 'no greeting after [0-9.]+ s \(of 15 s allowed\)' \
	"implicit TLS: the verdict came while the first connection was silent"
like "$(step greeting evidence)" 'TLS handshake on a second connection succeeded \(TLS1\.[23]\)' \
	"implicit TLS: the second connection's handshake is the evidence"
ok $([ "$ELAPSED" -lt $GUARD_MS ]; echo $?) \
	"implicit TLS: no wait for the timeout (${ELAPSED} ms; hang guard $GUARD_MS)"
shown "implicit TLS"

# ---- a dropped port beside closed ones ---------------------------------------

srv_filtered_port
PORT=$SRV_PORT
timed --tls starttls
expect_cause connect connect-timeout "dropped port beside closed ones"
like "$(step connect evidence)" 'no answer to the SYN and its retransmission in [0-9.]+ s, while other ports of 127\.0\.0\.1 answered within [0-9]+ ms' \
	"dropped port: the early rule is the evidence"
like "$(step connect evidence)" 'other ports on 127\.0\.0\.1: 25 [a-z]+, 465 [a-z]+, 587 [a-z]+, 2525 [a-z]+' \
	"dropped port: the other ports' results are in the evidence"
like "$(step connect hint)" 'firewall|blocked|dropped' "dropped port: the hint names the firewall"
is "$(step greeting status)" skip "dropped port: later steps skipped"
ok $([ "$ELAPSED" -lt $GUARD_MS ]; echo $?) \
	"dropped port: no wait for the timeout (${ELAPSED} ms; hang guard $GUARD_MS)"
shown "dropped port"

# ---- a deliberate greeting delay -----------------------------------------------

# Like postscreen or greet_pause: the connection is accepted, nothing is
# said for a while, and a ClientHello gets no handshake.
smtp --tls starttls --auth-mechs PLAIN --greeting-delay 3
timed
is "$(step greeting status)" warn "greeting delay: the greeting step warns"
is "$(step greeting cause)" greeting-slow "greeting delay: cause greeting-slow, no early verdict"
unlike "$(step greeting evidence)" 'second connection' "greeting delay: no TLS verdict"
is "$(step auth status)" pass "greeting delay: the session goes on"
is "$RC" 0 "greeting delay: exit 0"
shown "greeting delay"

# Longer than the timeout: the timeout, and still no TLS verdict.
smtp --tls starttls --auth-mechs PLAIN --greeting-delay 5
check --timeout 2
expect_cause greeting timeout "greeting delay past the timeout"
unlike "$(step greeting evidence)" 'second connection' "greeting delay past the timeout: no TLS verdict"
shown "greeting delay past the timeout"

# ---- --check's progress line --------------------------------------------------

# On a terminal, stderr shows the wait in place, and it is erased at the
# end; script(1) gives smtpwiz a terminal.
srv_start rawserver --mode silent
PORT=$SRV_PORT
WIZ="$SMTPWIZ --check --host 127.0.0.1 --port $PORT --tls starttls --timeout 3 --from alice@example.com --to bob@example.net"
TTY=$(SHELL=/bin/sh LC_ALL=C.UTF-8 timeout 60 script -qfec "$WIZ" /dev/null </dev/null | od -An -c | tr -d ' \n')
like "$TTY" 'Servergreeting:waitingforthegreeting,[0-9]sof3s' \
	"progress: on a terminal, stderr says what is awaited and for how long"
like "$TTY" 'of3s033\[K\\r033\[K' \
	"progress: the line is erased before the verdict is printed"
TTY=$(SHELL=/bin/sh LC_ALL=C.UTF-8 timeout 60 script -qfec "$WIZ --json" /dev/null </dev/null)
unlike "$TTY" 'waiting for' "progress: nothing with --json"
run --check --host 127.0.0.1 --port "$PORT" --tls starttls --timeout 3 \
	--from alice@example.com --to bob@example.net
unlike "$ERR" 'waiting for' "progress: nothing when stderr is not a terminal"
like "$OUT" 'no greeting within 3 s' "progress: the report itself is unchanged"

# ---- network namespaces: ports of our own, and a slow link -------------------

if [ "$(id -u)" -ne 0 ] || ! unshare -n true 2>/dev/null; then
	for i in $(seq 28); do echo "ok - # SKIP network namespaces unavailable"; TAP_N=$((TAP_N + 1)); done
	tap_done
	exit 0
fi

# inside SCENARIO: runs this script's part for SCENARIO in a new network
# namespace; it writes one JSON report per run into $T/ns.
mkdir -p "$T/ns"
inside() {
	unshare -nm bash "$SRCDIR/tests/check/silent_ns.sh" "$1" "$T/ns" \
		"$CERTS" "$T/pw" >"$T/ns/$1.log" 2>&1
}
# report NAME: loads $T/ns/NAME.json as the current report.
report() {
	OUT=$(cat "$T/ns/$1.json" 2>/dev/null)
	RC=$(cat "$T/ns/$1.rc" 2>/dev/null)
	ERR=$(cat "$T/ns/$1.err" "$T/ns/${2:-x}.log" 2>/dev/null)
}

# 587 dropped, 465 answering with implicit TLS; then STARTTLS chosen on 465.
inside ports
report dropped ports
expect_cause connect connect-timeout "587 dropped, 465 open"
like "$(step connect evidence)" 'other ports on 127\.0\.0\.1: 25 refused, 465 ok, 2525 refused' \
	"587 dropped, 465 open: 465 answered"
like "$(step connect evidence)" 'no answer to the SYN and its retransmission' \
	"587 dropped, 465 open: the early rule is the evidence"
like "$(step connect hint)" 'port 465' "587 dropped, 465 open: the hint suggests 465"
shown "587 dropped, 465 open"
report on465 ports
expect_cause greeting tls-expected "STARTTLS on 465"
like "$(step greeting evidence)" 'second connection succeeded' \
	"STARTTLS on 465: the probe's handshake is the evidence"
shown "STARTTLS on 465"

# Both addresses of a dual-stack name drop 587: each must answer on another
# port before the early verdict, and both are in the evidence.
inside dual
report dual dual
expect_cause connect connect-timeout "dual stack, 587 dropped on both"
like "$(step connect evidence)" 'no answer to the SYN and its retransmission in [0-9.]+ s, while other ports of (127\.0\.0\.1 and ::1|::1 and 127\.0\.0\.1) answered' \
	"dual stack: both addresses answered on other ports"
like "$(step connect evidence)" 'other ports on ::1: 25 refused' "dual stack: the IPv6 address was probed"
like "$(step connect evidence)" 'other ports on 127\.0\.0\.1: 25 refused' "dual stack: the IPv4 address was probed"
shown "dual stack"

# A link with a 2.4 s round trip: the SYN-ACK comes after the time that
# would be enough on a nearby server, and the greeting after the first
# second. Neither is an early verdict.
if unshare -n ip tuntap add dev swprobe0 mode tun 2>/dev/null; then
	inside slow
	report slow slow
	is "$(step connect status)" pass "slow link: the connect passes (no early connect-timeout)"
	like "$(step connect evidence)" 'port [0-9]+: ok \([0-9]+ ms\)' "slow link: connected"
	like "$(step greeting status)" 'pass|warn' "slow link: the greeting arrives (no early TLS verdict)"
	unlike "$(step greeting evidence)" 'second connection' "slow link: no TLS verdict"
	shown "slow link"
	report slowdrop slow
	expect_cause connect connect-timeout "slow link, dropped port"
	# Early only after 1 s + 3 round trips (at least 2.4 s each here), or
	# else at the timeout when the machine is so loaded that it is later.
	GREW=$(printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, re, sys
c = [s for s in json.load(sys.stdin)["steps"] if s["id"] == "connect"][0]
m = re.search(r"in ([0-9.]+) s, while other ports of 127\.77\.0\.2 "
              r"answered within ([0-9]+) ms", "\n".join(c["evidence"]))
if m:
    after, rtt = float(m.group(1)), int(m.group(2))
    print("early" if rtt >= 2400 and after >= 1 + 3 * rtt / 1000 - 0.2
          else "too early: " + m.group(0))
else:
    print("timeout" if c["elapsed_ms"] >= 14900 else "neither")')
	like "$GREW" '^(early|timeout)$' \
		"slow link, dropped port: the wait grew with the round trip ($GREW)"
	shown "slow link, dropped port"
else
	for i in $(seq 9); do echo "ok - # SKIP no TUN device in a network namespace"; TAP_N=$((TAP_N + 1)); done
fi

tap_done
