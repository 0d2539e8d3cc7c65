#!/bin/bash
# Complete submissions that must pass: STARTTLS and implicit TLS, with the
# message checked on the server's side, and no password anywhere.
. "$SRCDIR/tests/check/lib.sh"

spool="$SRV_DIR/spool"
mkdir -p "$spool"
smtp --tls starttls --auth-mechs "PLAIN LOGIN" --ehlo-extra "PIPELINING VRFY ETRN DSN" \
	--spool "$spool" --transcript "$SRV_DIR/server.log" --require-auth
check --send-test --no-deliverability
is "$RC" 0 "STARTTLS submission: exit 0"
is "$(json 'd["result"]')" pass "STARTTLS submission: result pass (a local relay on localhost is no warning)"
for s in settings dns connect greeting ehlo tls certificate auth sender recipient message; do
	is "$(step $s status)" pass "STARTTLS submission: $s passes"
done
like "$(step tls summary)" 'TLS1\.[23]' "TLS version shown"
like "$(step ehlo evidence)" 'capabilities:.* VRFY.* ETRN.* DSN' "every EHLO keyword is in the evidence, VRFY, ETRN and DSN too"
is "$(json 'd["target"]["password_source"]')" password-file "JSON says where the password came from"
is "$(json '[s["hint"] for s in d["steps"] if s["id"]=="settings"][0]')" None "an empty hint is null, like an absent cause"
like "$(step auth summary)" 'PLAIN' "PLAIN chosen (the strongest offered)"
like "$(step message summary)" 'Accepted for delivery: [0-9A-Fa-f]+' "queue id shown"
like "$(step message hint)" 'spam or junk' "the hint reminds to look in spam/junk"
unlike "$OUT$ERR" "$PW" "password never printed"
eml=$(ls "$spool"/*.eml 2>/dev/null | head -1)
ok $([ -n "$eml" ]; echo $?) "the server received the message"
body=$(cat "$eml" 2>/dev/null)
for h in '^Date: [A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} 20[0-9]{2} ' \
	'^Message-ID: <[^@]+@example\.com>' '^From: <alice@example\.com>' \
	'^To: <bob@example\.net>' '^Subject: smtpwiz test message'; do
	like "$body" "$h" "message header ${h%% *}"
done
like "$body" 'SMTP server: localhost' "body names the server"
unlike "$body" "$PW" "body does not contain the password"
is "$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["auth_user"])' "${eml%.eml}.json")" \
	alice@example.com "the server saw alice authenticated"
srvlog=$(cat "$SRV_DIR/server.log")
like "$srvlog" $'^STARTTLS' "STARTTLS sent"
ok $(grep -n -m1 '^STARTTLS' "$SRV_DIR/server.log" | cut -d: -f1 |
	{ read s; a=$(grep -n -m1 '^AUTH' "$SRV_DIR/server.log" | cut -d: -f1); [ "$s" -lt "$a" ]; echo $?; }) \
	"STARTTLS before AUTH"
like "$srvlog" 'AUTH PLAIN [A-Za-z0-9+/=]+' "AUTH with an initial response (one round trip)"
transcript=$(json '"\n".join(l["line"] for l in d["transcript"])')
like "$transcript" 'AUTH PLAIN \[redacted\]' "transcript redacts AUTH"
unlike "$transcript" 'AUTH PLAIN [A-Za-z0-9+/=]{8}' "no credentials in the transcript"
like "$transcript" '^MAIL FROM:<alice@example.com>' "transcript has MAIL FROM"

# text mode with --transcript
run --check --host localhost --port "$PORT" --timeout 5 --ca-file "$CERTS/ca.pem" \
	--user alice@example.com --password-file "$T/pw" --from alice@example.com \
	--to bob@example.net --transcript
is "$RC" 0 "text report: exit 0"
like "$OUT" 'PASS +recipient' "text report lists steps"
like "$OUT" 'Transcript:' "text transcript printed"
like "$OUT" 'C: AUTH PLAIN \[redacted\]' "text transcript redacted"
unlike "$OUT" "$PW" "text report has no password"
like "$OUT" 'only a sent test message proves' "without --send-test the report says why the sender is not proven"

# without --send-test the transaction is reset before QUIT; pipelined, all
# of MAIL, RCPT, RSET and QUIT go out together
srvlog=$(cat "$SRV_DIR/server.log")
like "$srvlog" $'RCPT TO:<bob@example.net>\nRSET\nQUIT' "without --send-test: RSET then QUIT after RCPT"

# implicit TLS
srv_stop_all
smtp --tls implicit --auth-mechs "PLAIN LOGIN"
check --tls tls --send-test
is "$RC" 0 "implicit TLS submission: exit 0"
is "$(step greeting status)" pass "implicit TLS: greeting after handshake"
is "$(step certificate status)" pass "implicit TLS: certificate trusted"
is "$(step message status)" pass "implicit TLS: message accepted"

# LOGIN forced, no pipelining
smtp --tls starttls --auth-mechs "LOGIN"
check
is "$RC" 0 "LOGIN: exit 0"
like "$(step auth summary)" 'LOGIN' "LOGIN used when it is the only one"
transcript=$(json '"\n".join(l["line"] for l in d["transcript"])')
like "$transcript" '334 \[redacted\]' "LOGIN challenges redacted"
unlike "$transcript" 'YWxpY2U|UGFzc3dvcmQ6' "no base64 user or prompt in the transcript"

tap_done
