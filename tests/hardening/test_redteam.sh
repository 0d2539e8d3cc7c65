#!/bin/bash
# Issue 13, the server side: replies that carry terminal escapes, echo the
# client's credentials, ask for absurd SCRAM work, or are long but legal.
# Every string from outside is made inert before any renderer sees it, the
# password in every form smtpwiz sent is gone from every received line, and
# the verdicts come from the whole reply.
. "$SRCDIR/tests/check/lib.sh"
HERE="$SRCDIR/tests/hardening"

red() { SRV_HERE="$HERE" srv_start redteam --mode "$@" || exit 1; PORT=$SRV_PORT; }
# rcheck ARGS...: a plain-TCP check of localhost:$PORT with the test account.
rcheck() {
	run --check --host 127.0.0.1 --port "$PORT" --tls none --timeout 5 \
		--user alice@example.com --password-file "$T/pw" \
		--from alice@example.com --to bob@example.net "$@"
}
# inert TEXT WHAT: no ESC, BEL, C1 control or bidi override in TEXT, and
# TEXT is valid UTF-8.
inert() {
	printf '%s' "$1" >"$T/inert"
	/usr/bin/python3 -c '
import sys
t = open(sys.argv[1], "rb").read()
try:
    s = t.decode("utf-8")
except UnicodeDecodeError as e:
    print("# invalid UTF-8:", e); sys.exit(1)
bad = [hex(ord(c)) for c in s if (ord(c) < 32 and c not in "\n\t")
       or 0x7f <= ord(c) < 0xa0 or 0x202a <= ord(c) <= 0x202e
       or 0x2066 <= ord(c) <= 0x2069]
if bad:
    print("# controls:", bad[:10]); sys.exit(1)' "$T/inert"
	ok $? "$2"
}

# 1. Escapes in the reply to the message reach no output.
for mode in data-escape data-osc52 data-bidi; do
	red "$mode"
	rcheck --send-test
	is "$(printf '%s\n' "$OUT" | grep -c '^PASS  message')" 1 "$mode: the message step passes"
	inert "$OUT$ERR" "$mode: --check text output is inert"
	rcheck --send-test --transcript
	inert "$OUT$ERR" "$mode: the transcript is inert"
	rcheck --send-test --json
	inert "$OUT" "$mode: JSON is inert"
	json 'd["result"]' >/dev/null 2>&1
	ok $? "$mode: JSON parses"
	[ $? -eq 0 ] || printf '# %s\n' "$OUT" | head -20
done
red data-escape
rcheck --send-test
like "$OUT" 'delivery: \\x1B\]2;PWNED\\x07\\x1B\[2J' "data-escape: the escapes are shown, inert"

# Command-line values echoed back: --host, --config, --lookup.
run --check --host $'a\xffb\e]2;T\a' --port 25 --json
inert "$OUT" "--host with invalid UTF-8 and OSC: JSON is valid UTF-8 and inert"
json 'd["target"]["host"]' >/dev/null 2>&1
ok $? "--host with invalid UTF-8: JSON parses"
run --check --host $'a\xffb\e[2J' --port 25
inert "$OUT$ERR" "--host with escapes: text output inert"
run --check --config "$T/none"$'\e]2;T\a\xff'
inert "$OUT$ERR" "--config echo inert"
run --lookup $'bob@\e[2Jexample\xff.test'
inert "$OUT$ERR" "--lookup echo inert"
run --check --host 127.0.0.1 --port 25 --from $'a\u202eb@example.com' --json
inert "$OUT" "bidi override in --from: JSON inert"

# 2. The password, in clear and in every encoding smtpwiz sent, never
# comes back out of a received line.
PLAIN64=$(printf '\0alice@example.com\0%s' "$PW" | base64 -w0)
LOGIN64=$(printf '%s' "$PW" | base64 -w0)
for mode in plain-echo clear-echo login-echo cram-echo scram-echo; do
	red "$mode"
	for fmt in "" --json "--transcript"; do
		rcheck $fmt
		unlike "$OUT$ERR" "$PW" "$mode $fmt: clear password absent"
		unlike "$OUT$ERR" "$PLAIN64" "$mode $fmt: base64 PLAIN blob absent"
		unlike "$OUT$ERR" "$LOGIN64" "$mode $fmt: base64 LOGIN password absent"
	done
	rcheck --json
	is "$(step auth status)" fail "$mode: auth fails"
	like "$OUT" 'redacted' "$mode: the echo is marked redacted"
done
# The CRAM and SCRAM client messages themselves (what the client sent
# after the first challenge) do not come back either.
red scram-echo
rcheck --transcript
like "$OUT" 'S: 535 5.7.8 Authentication failed: \[redacted\]' "scram-echo: the echoed client-final message is redacted"

# 3. An absurd SCRAM iteration count is refused before any work, with
# cause and hint, well inside the timeout.
red scram-iter --arg 99999999999999
start=$(date +%s)
rcheck --json --timeout 3
elapsed=$(($(date +%s) - start))
is "$(step auth cause)" auth-scram-iterations "scram i=99999999999999: auth-scram-iterations"
like "$(step auth hint)" '1000000|1,000,000|1 000 000' "scram: the hint names the bound"
like "$(step auth evidence)" '99999999999999' "scram: the evidence names the count"
is "$RC" 1 "scram: exit 1"
# a hang guard, not a stopwatch: twice the timeout plus 5 s
ok $([ "$elapsed" -le 11 ]; echo $?) "scram: verdict before the hang guard (${elapsed} s)"
# A usual count still signs in as far as the server lets it.
red scram-iter --arg 4096
rcheck --json
is "$(step auth cause)" auth-failed "scram i=4096: computed, the server says no"

# smtpwiz computes SCRAM's salted password itself (bounded by the timeout
# and a cancel, tests/unit/test_pbkdf2): a server that checks the proof
# lets it in.
red scram-ok --arg 4096 --password "$PW"
rcheck --json
is "$(step auth status)" warn "SCRAM-SHA-256 against a verifying server: signed in (cleartext warning only)"
like "$(step auth evidence)" 'SCRAM ok' "SCRAM-SHA-256: the server accepted the proof"

# 6. After an over-long reply line the transcript shows its start.
red long-line
rcheck --transcript
like "$OUT" 'S: 250-LONGSTARTLLLL' "long line: the transcript logs the offending line's start"
is "$(printf '%s\n' "$OUT" | grep -c 'S: 220 redteam.example')" 1 "long line: no stale bytes of the greeting"

# 7. Capabilities from the whole reply: STARTTLS-less long reply, AUTH
# with 30 mechanisms before PLAIN.
red long-ehlo
rcheck --json
is "$(step auth status)" warn "long EHLO: AUTH PLAIN found after 30 other mechanisms (cleartext warning)"
like "$(step auth summary)" 'without encryption' "long EHLO: the login went ahead (PLAIN chosen)"
ev=$(step ehlo evidence)
like "$ev" 'PIPELINING' "long EHLO: the keyword after 6 KiB is in the evidence"

tap_done
