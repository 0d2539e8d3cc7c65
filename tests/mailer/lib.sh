# Shared by the system-mailer tests (tests/mailer/test_*.sh): TAP helpers,
# the scripted loopback servers, and a private Postfix instance turned
# into a client that relays to them (tests/servers/postfix.sh).
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"
. "$SRCDIR/tests/servers/postfix.sh"
trap 'pf_stop; srv_stop_all; tap_cleanup' EXIT

CERTS="$T/certs"
mkdir -p "$CERTS"
sh "$SRCDIR/tests/certs/mkcerts.sh" "$CERTS" >/dev/null ||
	{ echo "Bail out! cannot make test certificates"; exit 1; }
chmod 755 "$T" "$CERTS"
chmod 644 "$CERTS"/*.pem

PW='Mailer-t3st-pw'
PF_CAFILE=$CERTS/ca.pem


# relay_start [SMTPSERVER OPTIONS...]: the loopback relay the apply tests
# send through (STARTTLS required, relay-user@smtpwiz.test with $PW,
# recording into $SPOOL), and $CONF, smtpwiz's configuration for it.
relay_start() {
	SPOOL=$T/spool
	srv_start smtpserver --tls starttls --cert "$CERTS/server.pem" \
		--key "$CERTS/server-key.pem" --require-starttls --require-auth \
		--user relay-user@smtpwiz.test --password "$PW" --spool "$SPOOL" "$@" ||
		return 1
	RELAY_PORT=$SRV_PORT
	CONF=$T/smtpwiz.conf
	printf '%s\n' 'host = "localhost"' "port = $RELAY_PORT" 'tls = starttls' \
		"ca_file = \"$CERTS/ca.pem\"" 'username = "relay-user@smtpwiz.test"' \
		"password = \"$PW\"" 'from = "app@smtpwiz.test"' \
		'test_recipient = "someone@elsewhere.test"' 'timeout = 20' >"$CONF"
	chmod 600 "$CONF"
}

# spam_relay_start: a second relay, like relay_start's, that refuses every
# message after DATA as spam; SPAM_CONF is smtpwiz's configuration for it.
spam_relay_start() {
	srv_start smtpserver --tls starttls --cert "$CERTS/server.pem" \
		--key "$CERTS/server-key.pem" --require-starttls --require-auth \
		--user relay-user@smtpwiz.test --password "$PW" \
		--data-reply '554 5.7.1 Message rejected as spam' || return 1
	SPAM_CONF=$T/spam.conf
	sed "s/^port = .*/port = $SRV_PORT/" "$CONF" >"$SPAM_CONF"
	chmod 600 "$SPAM_CONF"
}
