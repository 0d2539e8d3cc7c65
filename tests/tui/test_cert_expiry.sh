#!/bin/bash
# The wizard shows the cert-expiring warning too: cert_warn_days from the
# file, --cert-warn-days on the command line, a certificate that expires in
# 5 days (tests/certs/mkcerts.sh), in a real 80x24 terminal.
. "$SRCDIR/tests/resolver-guard.sh"
. "$SRCDIR/tests/tui/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"

CERTS=$TMP/certs
PW='Mark3r-p4ss"w0rd'
sh "$SRCDIR/tests/certs/mkcerts.sh" "$CERTS" >/dev/null ||
	{ echo "Bail out! cannot make test certificates"; exit 1; }
srv_start smtpserver --cert "$CERTS/soon.pem" --key "$CERTS/soon-key.pem" \
	--user alice@example.com --password "$PW" --tls starttls --auth-mechs PLAIN ||
	{ echo "Bail out! cannot start the SMTP server"; exit 1; }

# seed WARN-DAYS: a complete configuration for that server.
seed() {
	cat >"$TMP/seed.conf" <<EOC
host = 'localhost'
port = $SRV_PORT
ca_file = '$CERTS/ca.pem'
username = 'alice@example.com'
password = '$PW'
from = 'alice@example.com'
test_recipient = 'bob@example.net'
cert_warn_days = $1
EOC
	chmod 600 "$TMP/seed.conf"
}
# to_test: from the welcome screen of a pre-filled wizard through every
# screen to the summary, then the test until it finishes.
to_test() {
	local title
	wait_for "This file exists" || return 1
	for title in "Your email address" "Server" "Security" "Sign-in" \
		"Addresses" "Summary"; do
		keys Enter
		wait_for "$title (step" || return 1
	done
	run_test
}
run_test() {
	keys Tab Enter
	wait_for "smtpwiz: Test" || return 1
	wait_for "Finished:" 300
}
step_is() { screen | grep -qE " $2 +$1( |\$)"; }

seed 14
SEED="$TMP/seed.conf" start file14
check "cert_warn_days = 14: the test finishes" to_test
check "cert_warn_days = 14: Certificate warns" step_is Certificate WARN
check "cert_warn_days = 14: Authentication still passes" step_is Authentication pass
keys F10
wait_for "Quit" 10 >/dev/null && keys y

seed 3
SEED="$TMP/seed.conf" start file3
check "cert_warn_days = 3: the test finishes" to_test
check "cert_warn_days = 3: Certificate passes" step_is Certificate pass
keys F10
wait_for "Quit" 10 >/dev/null && keys y

SEED="$TMP/seed.conf" start option -- --cert-warn-days 30
check "--cert-warn-days 30 over the file's 3: the test finishes" to_test
check "--cert-warn-days 30: Certificate warns" step_is Certificate WARN
keys F10
wait_for "Quit" 10 >/dev/null && keys y
echo "1..$count"
