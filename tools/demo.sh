#!/bin/bash
# make demo: two SMTP servers on 127.0.0.1 (the test suite's own), one that
# accepts the demo account and one that refuses its password, and the wizard
# opened on each in turn, so a newcomer sees a passing and a failing
# checklist without a mail account. Everything stops when the demo ends.
set -u
: "${SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${SMTPWIZ:=$SRCDIR/src/smtpwiz}"
. "$SRCDIR/tests/servers/servers.sh"
D=$(mktemp -d "${TMPDIR:-/tmp}/smtpwiz-demo.XXXXXX")
trap 'srv_stop_all; rm -rf "$D"' EXIT
sh "$SRCDIR/tests/certs/mkcerts.sh" "$D" >/dev/null || exit 1

start() { # start PASSWORD-THE-SERVER-ACCEPTS
	srv_start smtpserver --lifetime 1800 --tls starttls \
		--cert "$D/server.pem" --key "$D/server-key.pem" \
		--auth-mechs "PLAIN LOGIN" --ehlo-extra PIPELINING \
		--user demo@example.com --password "$1" --require-auth \
		--spool "$D/spool" \
		--auth-fail-reply '535 5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials - gsmtp' ||
		exit 1
}
write_conf() { # write_conf FILE PORT
	cat >"$1" <<EOC
host = 'localhost'
port = $2
tls = starttls
ca_file = '$D/ca.pem'
username = 'demo@example.com'
password = 'demo'
from = 'demo@example.com'
test_recipient = 'you@example.net'
EOC
	chmod 600 "$1"
}
mkdir -p "$D/spool"
start demo
write_conf "$D/pass.conf" "$SRV_PORT"
start something-else
write_conf "$D/fail.conf" "$SRV_PORT"

cat <<EOT
smtpwiz demo: two SMTP servers on 127.0.0.1, nothing leaves this machine.

 1. A server that accepts the demo account. Press Enter through the
    screens, then choose "Test" on the summary: every step passes.
 2. Then the same settings against a server that refuses the password:
    the Authentication item fails, with the evidence and the fix.

Press Enter to start (F10 quits the wizard).
EOT
read -r _
"$SMTPWIZ" --config "$D/pass.conf"
echo "Now the server that refuses the password. Press Enter."
read -r _
"$SMTPWIZ" --config "$D/fail.conf"
