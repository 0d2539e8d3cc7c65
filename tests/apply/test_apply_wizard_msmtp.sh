#!/bin/bash
# The wizard's last screen with the real msmtp and a private msmtprc (never
# /etc/msmtprc or ~/.msmtprc): the wizard tests the settings msmtp uses now
# (a default account without TLS verification settings, over STARTTLS),
# "Use for the mailer" shows the exact changes for msmtp (detected),
# applies them, and the test message leaves through msmtp to the loopback
# relay, which records it. The user's other account stays.
. "$SRCDIR/tests/resolver-guard.sh"
. "$SRCDIR/tests/tui/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"

command -v msmtp >/dev/null || { echo "1..0 # SKIP needs msmtp"; exit 0; }
CERTS=$TMP/certs
mkdir -p "$CERTS"
sh "$SRCDIR/tests/certs/mkcerts.sh" "$CERTS" >/dev/null || { echo "Bail out! no certificates"; exit 1; }
PW='Wizard-msmtp-pw'
SPOOL=$TMP/spool

srv_start smtpserver --tls starttls --cert "$CERTS/server.pem" \
	--key "$CERTS/server-key.pem" --require-starttls --require-auth \
	--user alice@smtpwiz.test --password "$PW" --spool "$SPOOL" || exit 1
PORT=$SRV_PORT
RC_FILE=$TMP/msmtprc
printf '%s\n' '# The user'"'"'s own file.' 'defaults' "logfile $TMP/msmtp.log" '' \
	'account other' 'host 127.0.0.1' 'port 1' 'auth off' 'tls off' '' \
	'account alice' 'host localhost' "port $PORT" 'tls on' 'tls_starttls on' \
	"tls_trust_file $CERTS/ca.pem" 'auth on' 'user alice@smtpwiz.test' \
	"password $PW" '' 'account default : alice' >"$RC_FILE"
chmod 600 "$RC_FILE"
OTHER_BEFORE=$(sed -n '/^account other/,/^$/p' "$RC_FILE")

start mailer -- --from-mailer msmtp --mailer-config "$RC_FILE"
check "the first screen offers the settings msmtp uses now" wait_for "[ Test the settings msmtp uses now ]"
keys Tab Enter
check "the form is prefilled from the msmtprc" wait_for "Server:          localhost, port $PORT"
keys Tab Enter
check "a sender is asked for" wait_for "enter the sender address"
type_text alice@smtpwiz.test
keys Tab
type_text someone@elsewhere.test
keys Enter
check "back on the summary" wait_for "Summary (step 7 of 7)"
keys Tab Enter
check "the test signs in with the msmtprc's password" wait_for "Signed in as alice@smtpwiz.test" 150
check "after a passing test: Use for the mailer" wait_for "[ Use for the mailer ]" 150
keys Tab Tab Tab Tab Tab Enter
check "the last screen: Use these settings for msmtp (detected)" wait_for "Use these settings for msmtp (detected)"
keys Tab Enter
check "Show changes: the exact diff" wait_for "+from alice@smtpwiz.test"
screen | grep -qF "$PW" && not_ok "the password is never shown" || ok "the password is never shown"
keys Escape
check "the page closes" wait_gone "Changes for msmtp"
keys Enter
check "asked again, what changes and what follows" wait_for "1 file of $RC_FILE changes"
keys Enter
check "applied, and the test message left through msmtp" wait_for "msmtp handed the test message to the relay" 700
check "  with the undo command" wait_for "Undo with: smtpwiz --apply-undo msmtp"
check "msmtp --pretend checked it" wait_for "msmtp --pretend: ok"
check "the msmtprc keeps mode 0600" test "$(stat -c %a "$RC_FILE")" = 600
check "the user's other account is unchanged" test "$(sed -n '/^account other/,/^$/p' "$RC_FILE")" = "$OTHER_BEFORE"
check "the account now sends as the tested sender" grep -q '^from alice@smtpwiz.test' "$RC_FILE"
# The wizard's own test message came first; msmtp's is the one whose
# subject names the delivery test.
EML=$(grep -l '^Subject: smtpwiz delivery test through msmtp' "$SPOOL"/*.eml 2>/dev/null | head -n 1)
META=${EML%.eml}.json
check "the relay received msmtp's test message" test -n "$EML"
check "  ... from the account" grep -q '"auth_user": "alice@smtpwiz.test"' "$META"
check "  ... over TLS" grep -q '"tls": true' "$META"
check "  ... through msmtp (its log)" grep -q 'tls=on auth=on user=alice@smtpwiz.test .*exitcode=EX_OK' "$TMP/msmtp.log"
keys F10
exit_status >/dev/null
echo "1..$count"
