#!/bin/bash
# The wizard's last screen with Debian's Exim4 (tests/servers/exim_debian.sh):
# a server set up by debconf as a smarthost client (update-exim4.conf.conf,
# passwd.client, no TLS required), the wizard tests the settings Exim uses
# now, "Use for the mailer" shows the exact changes for exim4 (detected),
# applies them, and the test message leaves through Exim to the loopback
# relay, which records it.
. "$SRCDIR/tests/servers/exim_debian.sh"
exd_reexec "$@"
# A loopback of its own: Exim's daemon binds an abstract socket named after
# /var/spool/exim4 (its notifier), the same name in every copy of this
# test, and abstract sockets belong to the network namespace.
SMTPWIZ_PRIVATE_NET=1
. "$SRCDIR/tests/resolver-guard.sh"
. "$SRCDIR/tests/tui/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"

if ! exd_available; then
	echo "1..0 # SKIP needs root, mount namespaces and Exim with exim4-config unpacked (tools/install-deps)"
	exit 0
fi
CERTS=$TMP/certs
mkdir -p "$CERTS"
sh "$SRCDIR/tests/certs/mkcerts.sh" "$CERTS" >/dev/null || { echo "Bail out! no certificates"; exit 1; }
chmod 755 "$TMP" "$CERTS"
chmod 644 "$CERTS"/*.pem
PW='Wizard-exim-pw'
SPOOL=$TMP/spool

exd_setup "$TMP" || { echo "Bail out! cannot set up Debian's Exim4"; exit 1; }
srv_start smtpserver --tls starttls --cert "$CERTS/server.pem" \
	--key "$CERTS/server-key.pem" --require-auth \
	--user alice@smtpwiz.test --password "$PW" --spool "$SPOOL" || exit 1
PORT=$SRV_PORT
# As dpkg-reconfigure exim4-config leaves a smarthost client. The relay's
# CA is one the system trusts (in this namespace's /etc only), as a
# provider's is through ca-certificates.
mkdir -p /etc/ssl/certs
cat "$CERTS/ca.pem" >>/etc/ssl/certs/ca-certificates.crt
sed -i "s/^dc_eximconfig_configtype=.*/dc_eximconfig_configtype='smarthost'/; s/^dc_smarthost=.*/dc_smarthost='localhost::$PORT'/" \
	/etc/exim4/update-exim4.conf.conf
echo "localhost:alice@smtpwiz.test:$PW" >>/etc/exim4/passwd.client
exd_generate || { echo "Bail out! the smarthost configuration does not build"; exit 1; }
BEFORE=$(sha256sum </etc/exim4/update-exim4.conf.conf)

start mailer -- --from-mailer exim4
check "the first screen offers the settings Exim uses now" wait_for "[ Test the settings Exim uses now ]"
keys Tab Enter
check "the form is prefilled from Debian's files" wait_for "Server:          localhost, port $PORT"
keys Tab Enter
check "a sender is asked for" wait_for "enter the sender address"
type_text alice@smtpwiz.test
keys Tab
type_text someone@elsewhere.test
keys Enter
check "back on the summary" wait_for "Summary (step 7 of 7)"
keys Tab Enter
check "the test signs in with the password from passwd.client" wait_for "Signed in as alice@smtpwiz.test" 150
check "after a passing test: Use for the mailer" wait_for "[ Use for the mailer ]" 150
keys Tab Tab Tab Tab Tab Enter
check "the last screen: Use these settings for exim4 (detected)" wait_for "Use these settings for exim4 (detected)"
keys Tab Enter
check "Show changes: the exact diff" wait_for "REMOTE_SMTP_SMARTHOST_HOSTS_REQUIRE_TLS = *"
screen | grep -qF "$PW" && not_ok "the password is never shown" || ok "the password is never shown"
is_same() { [ "$(sha256sum </etc/exim4/update-exim4.conf.conf)" = "$BEFORE" ]; }
check "nothing changed yet" is_same
keys Escape
check "the page closes" wait_gone "Changes for exim4"
keys Enter
check "asked again, what changes and what follows" wait_for "files of /etc/exim4 change"
keys Enter
check "applied, and the test message left through Exim" wait_for "exim4 handed the test message to the relay" 700
check "  with the undo command" wait_for "Undo with: smtpwiz --apply-undo exim4"
check "update-exim4.conf and exim4 -bV ran" wait_for "exim4 -bV: ok"
check "TLS is now required to the smarthost" grep -q '^REMOTE_SMTP_SMARTHOST_HOSTS_REQUIRE_TLS = \*' /etc/exim4/exim4.conf.localmacros
check "passwd.client still has one line for the relay" test "$(grep -c '^localhost:' /etc/exim4/passwd.client)" = 1
# The wizard's own test message came first; Exim's is the one whose
# subject names the delivery test.
EML=$(grep -l '^Subject: smtpwiz delivery test through exim4' "$SPOOL"/*.eml | head -n 1)
META=${EML%.eml}.json
check "the relay received Exim's test message" test -n "$EML"
check "  ... from the account" grep -q '"auth_user": "alice@smtpwiz.test"' "$META"
check "  ... over TLS" grep -q '"tls": true' "$META"
check "  ... through Exim" grep -q '(Exim 4' "$EML"
keys F10
exit_status >/dev/null
echo "1..$count"
