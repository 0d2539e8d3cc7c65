# Shared set-up for the --check integration tests: TAP helpers, the scripted
# servers (loopback only), and a test CA with certificates made per script.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"
trap 'srv_stop_all; tap_cleanup' EXIT

CERTS="$T/certs"
mkdir -p "$CERTS"
sh "$SRCDIR/tests/certs/mkcerts.sh" "$CERTS" >/dev/null ||
	{ echo "Bail out! cannot make test certificates"; exit 1; }

# The password every test uses: a marker that must never be printed.
PW='Mark3r-p4ss"w0rd'
printf '%s\n' "$PW" >"$T/pw"
chmod 600 "$T/pw" # a readable password file is warned about

# smtp ARGS...: starts smtpserver.py with STARTTLS, the test certificate and
# the test account; sets PORT.
smtp() {
	srv_start smtpserver --cert "$CERTS/server.pem" --key "$CERTS/server-key.pem" \
		--user alice@example.com --password "$PW" "$@" || exit 1
	PORT=$SRV_PORT
}

# check [--noauth] ARGS...: runs smtpwiz --check --json against localhost:$PORT with
# the test CA, the test account and addresses; extra ARGS override.
# With --noauth first, no user name and no password are given.
check() {
	local cred=(--user alice@example.com --password-file "$T/pw")
	[ "${1:-}" = --noauth ] && { cred=(); shift; }
	run --check --json --host localhost --port "$PORT" --timeout 5 \
		--ca-file "$CERTS/ca.pem" "${cred[@]}" --from alice@example.com \
		--to bob@example.net "$@"
}

# step ID FIELD: a field of a step in the JSON report in $OUT.
step() {
	json "[s for s in d['steps'] if s['id']=='$1'][0]['$2']"
}

# expect_cause STEP CAUSE DESCRIPTION: the step failed with that cause, the
# exit status is 1 and the password was never printed.
expect_cause() {
	is "$(step "$1" status)" fail "$3: $1 fails"
	is "$(step "$1" cause)" "$2" "$3: cause $2"
	is "$RC" 1 "$3: exit status 1"
	unlike "$OUT$ERR" "$PW" "$3: password not printed"
}
