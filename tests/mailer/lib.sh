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

