#!/bin/bash
# The wizard and a real private Postfix (tests/servers/postfix.sh) whose
# relay, a loopback server, defers with 451: the first screen offers "Test
# the settings Postfix uses now" and the mail queue; the queue screen
# groups the real deferred mail by reason; the test runs on the mailer's
# settings with its password and shows the mailer step.
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
PF_CAFILE=$CERTS/ca.pem
PW='Wizard-mailer-pw'

pf_setup || { echo "Bail out! cannot set up Postfix"; exit 1; }
srv_start smtpserver --tls starttls --cert "$CERTS/server.pem" \
	--key "$CERTS/server-key.pem" --user alice@smtpwiz.test --password "$PW" \
	--rcpt-reply "451 4.7.1 Greylisted, please try again later" || exit 1
pf_client "[127.0.0.1]:$SRV_PORT"
pf_main 'smtp_sasl_auth_enable = yes' \
	"smtp_sasl_password_maps = hash:$PF_DIR/etc/sasl_passwd" \
	'smtp_sasl_security_options = noanonymous' \
	'smtp_sasl_tls_security_options = noanonymous'
pf_map sasl_passwd "[127.0.0.1]:$SRV_PORT alice@smtpwiz.test:$PW"
pf_start || { echo "Bail out! Postfix did not start"; exit 1; }
pf_inject 2 bob@example.net && pf_wait_deferred 2 || echo "# no deferred mail"

start mailer -- --from-mailer postfix --mailer-config "$PF_DIR/etc"
check "the first screen names the mailer and its relay" wait_for "mailer, postfix, relays through [127.0.0.1]:$SRV_PORT"
check "it offers the settings Postfix uses now" wait_for "[ Test the settings Postfix uses now ]"
check "it offers the queue" wait_for "[ Mail queue ]"

keys Tab Tab Enter
check "the queue screen" wait_for "Queue of postfix"
check "the queue groups the deferred mail by reason" wait_for "2 deferred, greylisted"
check "with Postfix's own reason" wait_for "451 4.7.1 Greylisted"
keys Escape
wait_gone "Queue of postfix"
keys BTab Enter
check "the form is prefilled: the summary" wait_for "Server:          127.0.0.1, port $SRV_PORT"
check "the password from sasl_passwd, hidden" wait_for "alice@smtpwiz.test, password set (hidden)"
screen | grep -qF "$PW" && not_ok "the password is never shown" || ok "the password is never shown"

# Test needs a sender: the wizard goes to the addresses.
keys Tab Enter
check "a sender is asked for" wait_for "enter the sender address"
type_text app@smtpwiz.test
keys Enter
check "back on the summary" wait_for "Summary (step 7 of 7)"
keys Tab Enter
check "the checklist has the mailer step" wait_for "Mailer settings" 100
check "the mailer step: its own configuration" wait_for "The relay's TLS is not enforced" 150
check "signed in with the mailer's password" wait_for "Signed in as alice@smtpwiz.test" 50
keys F10
exit_status >/dev/null
start plain
check "without --from-mailer and no mailer in the system's places, no mailer button" \
	wait_for "Welcome"
check "no mailer button" screen_lacks "uses now"
keys F10
exit_status >/dev/null
echo "1..$count"
