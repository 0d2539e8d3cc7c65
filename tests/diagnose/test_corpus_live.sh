#!/bin/bash
# Every row of the diagnosis corpus (tests/diagnose/corpus/*.tsv) replayed
# live: one replay server process (tests/servers/rawserver.py --mode
# replay) on a few loopback ports plays a normal session that answers the
# row's reply at the row's stage, and smtpwiz --check --json connects to
# the provider's real host name, which a private /etc/hosts in this test's
# mount namespace maps to 127.0.0.1 (the real resolver is never asked:
# tests/resolver-guard.sh). One TAP line per row, from
# tests/diagnose/live_replay.py; a wrong row shows what smtpwiz printed.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"
trap 'srv_stop_all; tap_cleanup' EXIT

# Sessions at once: each is a short exchange on loopback, so a few keep a
# loaded two-core machine busy without starving the other tests.
WORKERS=3
CORPUS=("$SRCDIR"/tests/diagnose/corpus/*.tsv)
DRIVER="$SRCDIR/tests/diagnose/live_replay.py"

if [ ! -e "${CORPUS[0]}" ]; then
	echo "1..0 # SKIP no corpus files in tests/diagnose/corpus"
	exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
	echo "1..0 # SKIP needs root and mount namespaces (private /etc/hosts)"
	exit 0
fi

CERTS="$T/certs"
mkdir -p "$CERTS" "$T/scripts"
sh "$SRCDIR/tests/certs/mkcerts.sh" "$CERTS" >/dev/null ||
	{ echo "Bail out! cannot make test certificates"; exit 1; }
"$SRV_PYTHON" "$DRIVER" hosts "${CORPUS[@]}" >"$T/hostnames" ||
	{ cat "$T/hostnames"; exit 1; }

# A certificate from the suite's test CA for every host name the corpus
# names, so that STARTTLS verifies as it would against the provider.
{
	echo 'cn = "smtpwiz corpus replay"'
	echo 'expiration_days = 30'
	echo 'signing_key'
	echo 'tls_www_server'
	sed 's/.*/dns_name = "&"/' "$T/hostnames"
} >"$T/replay.tmpl"
certtool --generate-privkey --key-type ecdsa --curve secp256r1 \
	--outfile "$CERTS/replay-key.pem" >"$T/certtool.log" 2>&1 &&
	certtool --generate-certificate --load-privkey "$CERTS/replay-key.pem" \
		--load-ca-certificate "$CERTS/ca.pem" \
		--load-ca-privkey "$CERTS/ca-key.pem" \
		--template "$T/replay.tmpl" --outfile "$CERTS/replay.pem" \
		>>"$T/certtool.log" 2>&1 ||
	{ cat "$T/certtool.log"; echo "Bail out! cannot make the replay certificate"; exit 1; }

{
	echo "127.0.0.1 localhost"
	echo "::1 localhost"
	sed 's/.*/127.0.0.1 &/' "$T/hostnames"
} >"$T/hosts"
printf 'replay-password\n' >"$T/pw"

srv_start rawserver --mode replay --ports $WORKERS --script-dir "$T/scripts" \
	--cert "$CERTS/replay.pem" --key "$CERTS/replay-key.pem" \
	--lifetime 600 || exit 1

unshare -m sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$T/hosts" \
	"$SRV_PYTHON" "$DRIVER" run --smtpwiz "$SMTPWIZ" \
	--ca-file "$CERTS/ca.pem" --password-file "$T/pw" \
	--script-dir "$T/scripts" --ports "$SRV_PORT" "${CORPUS[@]}"
st=$?
if [ $st -ne 0 ]; then
	echo "# the replay server's log:"
	sed 's/^/#   /' "$SRV_LOG"
fi
exit $st
