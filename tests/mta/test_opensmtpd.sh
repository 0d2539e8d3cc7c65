#!/bin/bash
# smtpwiz against a real OpenSMTPD 6.8 (Debian's opensmtpd, unpacked by
# tools/install-deps, run privately on loopback: tests/servers/opensmtpd.sh).
# Debian 12's build cannot do TLS, and OpenSMTPD offers AUTH only inside
# TLS, so these are its clear-text refusals: relaying refused to a client
# that has not logged in, which OpenSMTPD words as an invalid recipient,
# as it does an unknown recipient of its own domain (only the session
# tells them apart), and a message over max-message-size.
. "$SRCDIR/tests/mta/lib.sh"
. "$SRCDIR/tests/servers/opensmtpd.sh"
trap 'os_stop; srv_stop_all; tap_cleanup' EXIT

if ! os_available; then
	echo "1..0 # SKIP needs root, mount namespaces and OpenSMTPD unpacked in $OS_ROOT (tools/install-deps)"
	exit 0
fi

os_setup || { echo "Bail out! cannot set up OpenSMTPD"; exit 1; }
printf '%s nobody\n' "$USER" "bob@$D" >"$OS_DIR/vusers"
printf '%s\n' "$USER" "bob@$D" >"$OS_DIR/recipients"
# Mail for the listed addresses only: nothing else matches a rule.
cat >"$OS_DIR/smtpd.conf" <<CONF
smtp max-message-size 400
table vusers file:$OS_DIR/vusers
table recipients file:$OS_DIR/recipients
listen on 127.0.0.1 port $OS_PORT
action "mailboxes" mbox virtual <vusers>
match from any for rcpt-to <recipients> action "mailboxes"
CONF
os_start || { echo "Bail out! cannot start OpenSMTPD"; exit 1; }

wizcheck "$OS_PORT" none --from "$USER" --to "bob@$D"
expect_pass "OpenSMTPD: a local recipient is accepted"

wizcheck "$OS_PORT" none --from "someone@example.com" --to "carol@example.org"
expect recipient relay-denied '^550 Invalid recipient: <carol@example\.org>' \
	"OpenSMTPD: no login, another domain's recipient"

# The same words for an address of its own domain that does not exist.
wizcheck "$OS_PORT" none --from "$USER" --to "nobody@$D"
expect recipient recipient-unknown '^550 Invalid recipient: <nobody@smtpwiz\.test>' \
	"OpenSMTPD: an unknown recipient of its own domain"

wizcheck "$OS_PORT" none --from "$USER" --to "bob@$D" --send-test
expect message message-too-large '^554 5\.3\.4 Message too big for system' \
	"OpenSMTPD: the message exceeds max-message-size"

tap_done
