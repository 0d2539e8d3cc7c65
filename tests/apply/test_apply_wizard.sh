#!/bin/bash
# The wizard's last screen with a real private Postfix: after the test of
# the settings Postfix uses (a relay without brackets, TLS only "may"),
# "Use for the mailer" shows the exact changes for Postfix (detected),
# applies them, and the test message leaves through Postfix to the
# loopback relay, which records it.
. "$SRCDIR/tests/resolver-guard.sh"
. "$SRCDIR/tests/tui/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"
. "$SRCDIR/tests/servers/postfix.sh"
test_cleanup() { pf_stop; }

if ! pf_available; then
	echo "1..0 # SKIP needs root and Debian's postfix (tools/install-deps)"
	exit 0
fi
CERTS=$TMP/certs
mkdir -p "$CERTS"
sh "$SRCDIR/tests/certs/mkcerts.sh" "$CERTS" >/dev/null || { echo "Bail out! no certificates"; exit 1; }
chmod 755 "$TMP" "$CERTS"
chmod 644 "$CERTS"/*.pem
PW='Wizard-apply-pw'
SPOOL=$TMP/spool

pf_setup || { echo "Bail out! cannot set up Postfix"; exit 1; }
srv_start smtpserver --tls starttls --cert "$CERTS/server.pem" \
	--key "$CERTS/server-key.pem" --require-auth \
	--user alice@smtpwiz.test --password "$PW" --spool "$SPOOL" || exit 1
PORT=$SRV_PORT
sed -i '/^default_transport\|^relay_transport/d' "$PF_DIR/etc/main.cf"
pf_main "relayhost = localhost:$PORT" 'default_transport = smtp' \
	'relay_transport = smtp' 'smtp_tls_security_level = may' \
	"smtp_tls_CAfile = $CERTS/ca.pem" 'smtp_sasl_auth_enable = yes' \
	"smtp_sasl_password_maps = hash:$PF_DIR/etc/sasl_passwd" \
	'smtp_sasl_security_options = noanonymous'
pf_map sasl_passwd "localhost:$PORT alice@smtpwiz.test:$PW"
pf_start || { echo "Bail out! Postfix did not start"; exit 1; }
MAIN_BEFORE=$(sha256sum <"$PF_DIR/etc/main.cf")

start mailer -- --from-mailer postfix --mailer-config "$PF_DIR/etc"
check "the first screen offers the settings Postfix uses now" wait_for "[ Test the settings Postfix uses now ]"
keys Tab Enter
check "the form is prefilled" wait_for "Server:          localhost, port $PORT"
keys Tab Enter
check "a sender is asked for" wait_for "enter the sender address"
type_text alice@smtpwiz.test
keys Tab
type_text someone@elsewhere.test
keys Enter
check "back on the summary" wait_for "Summary (step 7 of 7)"
keys Tab Enter
check "the test signs in with the mailer's password" wait_for "Signed in as alice@smtpwiz.test" 150
check "after a passing test: Use for the mailer" wait_for "[ Use for the mailer ]" 150
keys Tab Tab Tab Tab Tab Enter
check "the last screen: Use these settings for postfix (detected)" wait_for "Use these settings for postfix (detected)"
keys Tab Enter
check "Show changes: the exact diff" wait_for "+relayhost = [localhost]:$PORT"
check "  the TLS level the test proved" wait_for "+smtp_tls_security_level = secure"
screen | grep -qF "$PW" && not_ok "the password is never shown" || ok "the password is never shown"
is_same() { [ "$(sha256sum <"$PF_DIR/etc/main.cf")" = "$MAIN_BEFORE" ]; }
check "nothing changed yet" is_same
keys Escape
check "the page closes" wait_gone "Changes for postfix"
# The focus stayed on the button.
keys Enter
check "asked again, what changes and what follows" wait_for "3 files of $PF_DIR/etc change"
keys Enter
check "applied, and the test message left through Postfix" wait_for "postfix handed the test message to the relay" 700
check "  with the undo command" wait_for "Undo with: smtpwiz --apply-undo postfix --mailer-config"
check "the result names the backup" wait_for "backed up"
check "postfix check and reload ran" wait_for "postfix reload: ok"
check "relayhost now has brackets" test "$(postconf -c "$PF_DIR/etc" -h relayhost)" = "[localhost]:$PORT"
check "sasl_passwd re-keyed as relayhost, mode 0600" test "$(stat -c %a "$PF_DIR/etc/sasl_passwd")" = 600 -a "$(cat "$PF_DIR/etc/sasl_passwd")" = "[localhost]:$PORT alice@smtpwiz.test:$PW"
check "the relay received the test message over TLS, logged in" grep -q '"auth_user": "alice@smtpwiz.test"' "$SPOOL/1.json"
check "  ... over TLS" grep -q '"tls": true' "$SPOOL/1.json"
keys F10
exit_status >/dev/null
echo "1..$count"
