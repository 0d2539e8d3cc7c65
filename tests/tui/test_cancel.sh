#!/bin/bash
# Esc during a test in the wizard stops the engine at once, even while it
# waits on the network with a 15 s timeout: a connect to a filtered port,
# a server that never greets (with the TLS probe on a second connection),
# and (with root, unshare and dnsmasq) a DNS server that never answers, for
# the host's addresses and for the sender domain's MX records. The first
# Esc stops the test and keeps its partial results on screen; a second Esc
# leaves the test screen; Test again must find the old run gone and start a
# new one, rather than show "Waiting for the previous test to stop..." for the
# rest of the timeout. A run after a cancel is not cancelled: it reaches its
# own verdict. TAP output.
set -u

: "${SMTPWIZ:?SMTPWIZ must name the smtpwiz binary}"
: "${SRCDIR:=.}"
# dnsmasq on a fixed 127.0.0.x:53: a loopback of its own (resolver-guard.sh).
SMTPWIZ_PRIVATE_NET=1
. "$SRCDIR/tests/resolver-guard.sh"
: "${SRCDIR:=.}"

. "$SRCDIR/tests/tui/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"

# From Esc to the new run going. The engine itself stops within about
# 0.1 s (tests/unit/test_cancel); the rest is tmux, the wizard's 250 ms
# frame and a loaded machine. Without the cancel it takes the 15 s timeout.
# A hang guard: Esc ends a run within a cancel slice (100 ms) on a quiet
# machine; the bound only says the next run never waits for the old one.
LIMIT_MS=5000

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# seed FILE HOST PORT FROM: a configuration with a 15 s timeout, so that
# the wizard opens pre-filled. (With "No authentication" pre-set, the
# sign-in screen's focus starts on Back: hence a user name.)
seed() {
	cat >"$1" <<EOF
host = '$2'
port = $3
tls = starttls
username = 'alice'
password = 'not-used'
from = '$4'
test_recipient = 'bob@example.net'
timeout = 15
EOF
	chmod 600 "$1"
}

# From the welcome screen of a pre-filled wizard to the running test.
to_test() {
	wait_for "Welcome" || return 1
	for title in "Your email address" "Server" "Security" "Sign-in" \
		"Addresses" "Summary"; do
		keys Enter
		wait_for "$title (step" || return 1
	done
	keys Tab Enter
	wait_for "smtpwiz: Test"
}

# step_is LABEL WORD: the checklist shows that step with that state word.
step_is() { screen | grep -qE " $2 +$1( |\$)"; }

# A new run is going: the test screen, LABEL running, and no word of
# waiting for the old run.
fresh_run() {
	local s
	s=$(screen)
	grep -qF "smtpwiz: Test" <<<"$s" &&
		! grep -qF "Waiting for the previous test" <<<"$s" &&
		grep -qE " running +$1( |\$)" <<<"$s"
}

# esc_and_again LABEL: Esc while LABEL runs, then Test again at once (the
# summary's focus is on its Test button); sets ELAPSED to the ms from Esc
# until a new run is going, or fails after 10 s.
esc_and_again() {
	local t0 tries=200
	t0=$(now_ms)
	keys Escape
	wait_for "Test stopped" 20 || return 1
	# Still on the test screen, with what the run found so far.
	screen | grep -qF "smtpwiz: Test" || return 1
	screen | grep -qE " pass +Settings" || return 1
	keys Escape
	wait_for "Summary (step 7 of 7)" 20 || return 1
	keys Enter
	while ((tries-- > 0)); do
		if fresh_run "$1"; then
			ELAPSED=$(($(now_ms) - t0))
			return 0
		fi
		sleep 0.05
	done
	return 1
}

# cancel_case NAME LABEL SECONDS: the test is running and LABEL is the
# step that waits; after SECONDS of that, Esc, Test again, and the new run
# must be going within LIMIT_MS.
cancel_case() {
	local name=$1 label=$2
	check "$name: $label is waiting" wait_for_step "$label"
	sleep "$3"
	ELAPSED=
	if esc_and_again "$label"; then
		echo "# $name: Esc to a new run in $ELAPSED ms"
		check "$name: Esc, Test again: a new run within $LIMIT_MS ms" \
			test "$ELAPSED" -le "$LIMIT_MS"
	else
		not_ok "$name: Esc, Test again: a new run within $LIMIT_MS ms"
	fi
}

wait_for_step() {
	local tries=50
	while ((tries-- > 0)); do
		step_is "$1" running && return 0
		sleep 0.1
	done
	return 1
}

# ---- a filtered port --------------------------------------------------------

# Every submission port of one loopback address dropped, so that no other
# port answers and the connect waits its whole timeout (with a port
# answering beside it, the verdict would come after about 2 s: see
# test_silent.sh). A random address keeps two suites apart.
FIP=127.74.$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))
if srv_filtered_port --host "$FIP" --port 587; then
	FPID=$SRV_PID
	for p in 25 465 2525; do
		srv_filtered_port --host "$FIP" --port $p ||
			not_ok "filtered: port $p on $FIP"
	done
	seed "$TMP/filtered.conf" "$FIP" 587 alice@example.com
	SEED=$TMP/filtered.conf start filtered
	check "filtered: the test starts" to_test
	check "filtered: the wizard says what it waits for and how long" \
		wait_for "waiting for the server to accept the connection" 30
	check "filtered: ... and that Esc stops it" wait_for "Esc to stop" 30
	# Past the first second, when the connect goes on with the other
	# ports probed alongside (the steps look at the cancel flag between
	# the two, not during either).
	cancel_case filtered "TCP connection" 1.5
	# Once nothing listens there, the new run's connect is refused (the
	# probes of the dropped ports take the rest of the timeout): it
	# ends with its own verdict, not "Cancelled".
	kill "$FPID"
	wait "$FPID" 2>/dev/null
	check "rerun: the run finishes" wait_for "Finished:" 250
	check "rerun: TCP connection fails (refused)" step_is "TCP connection" FAIL
	check "rerun: its own verdict, not a cancel" screen_lacks "Cancelled"
	check "rerun: later steps skipped for the failure" \
		wait_for "Skipped: an earlier step failed"
	keys Escape
	wait_for "Summary (step 7 of 7)"
	keys F10
	check "filtered: quits with status 0" status_is 0
else
	not_ok "a filtered port on $FIP"
fi

# ---- a server that accepts and never greets --------------------------------

# Past the first second of silence the TLS probe runs on a second
# connection (it never completes here): Esc stops both.
if srv_start rawserver --mode silent; then
	seed "$TMP/silent.conf" 127.0.0.1 "$SRV_PORT" alice@example.com
	SEED=$TMP/silent.conf start silent
	check "silent: the test starts" to_test
	check "silent: the wizard shows the wait for the greeting" \
		wait_for "waiting for the greeting" 30
	cancel_case silent "Server greeting" 1.5
	keys Escape
	check "silent: Esc stops the new run too" wait_for "Test stopped" 20
	keys Escape
	wait_for "Summary (step 7 of 7)"
	keys F10
	check "silent: quits with status 0" status_is 0
else
	not_ok "silent: a silent server on loopback"
fi

# ---- DNS that never answers ---------------------------------------------------

if [ "$(id -u)" -ne 0 ] || ! command -v dnsmasq >/dev/null ||
	! unshare -m true 2>/dev/null; then
	echo "# DNS cases skipped: they need root, dnsmasq and mount namespaces"
	echo "1..$count"
	exit 0
fi

# Addresses clear of the other DNS tests running in parallel (test_dns.sh
# .53/.54, test_lookup.sh .63-.65, test_presets.sh .67/.68).
DNS_IP=127.0.0.71
SILENT_IP=127.0.0.72
Z=smtpwiz.test
DNS_PID=
SILENT_PID=
test_cleanup() {
	[ -n "$DNS_PID$SILENT_PID" ] && kill $DNS_PID $SILENT_PID 2>/dev/null
	[ -n "$DNS_PID$SILENT_PID" ] && wait $DNS_PID $SILENT_PID 2>/dev/null
}

# A resolver that swallows every question: a UDP socket that never answers.
/usr/bin/python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
time.sleep(120)' $SILENT_IP &
SILENT_PID=$!
# The host resolves; the sender's domain is forwarded to the silent one.
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
	--listen-address=$DNS_IP --bind-interfaces --port=53 --user=root \
	--pid-file="$TMP/dnsmasq.pid" --log-facility="$TMP/dnsmasq.log" \
	--log-queries --local=/$Z/ --host-record=ok.$Z,127.0.0.1 \
	--server=/slow.$Z/$SILENT_IP &
DNS_PID=$!
for _ in $(seq 50); do
	grep -q 'started' "$TMP/dnsmasq.log" 2>/dev/null && break
	sleep 0.1
done
if ! kill -0 $DNS_PID 2>/dev/null; then
	echo "# DNS cases skipped: dnsmasq could not listen on $DNS_IP:53"
	echo "1..$count"
	exit 0
fi
# glibc would give up on its own after 5 s: let it wait past the 15 s.
printf 'nameserver %s\noptions timeout:30 attempts:1\n' "$SILENT_IP" \
	>"$TMP/silent-resolv.conf"
printf 'nameserver %s\noptions timeout:30 attempts:1\n' "$DNS_IP" \
	>"$TMP/resolv.conf"

# The host's own lookup (getaddrinfo_a).
seed "$TMP/dns.conf" mail.slow.$Z 587 alice@example.com
SEED=$TMP/dns.conf NS_RESOLV=$TMP/silent-resolv.conf start dns
check "dns: the test starts" to_test
cancel_case dns "DNS lookup" 0.5
keys Escape
wait_for "Summary (step 7 of 7)"
keys F10
check "dns: quits with status 0" status_is 0

# The host resolves at once; the sender domain's MX lookup (is the host
# one of its incoming servers?) never gets an answer.
if srv_filtered_port; then
	seed "$TMP/mx.conf" ok.$Z "$SRV_PORT" alice@slow.$Z
	SEED=$TMP/mx.conf NS_RESOLV=$TMP/resolv.conf start mx
	check "mx: the test starts" to_test
	cancel_case mx "DNS lookup" 0.5
	check "mx: the MX question went out" \
		grep -q "query\[MX\] slow.$Z" "$TMP/dnsmasq.log"
	keys Escape
	wait_for "Summary (step 7 of 7)"
	keys F10
	check "mx: quits with status 0" status_is 0
else
	not_ok "mx: a filtered port on loopback"
fi

echo "1..$count"
