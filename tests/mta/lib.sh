# Shared by the real-MTA tests (tests/mta/test_*.sh): TAP helpers, test
# certificates, and one assertion per case: smtpwiz --check --json against
# a real server's real reply.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"

CERTS="$T/certs"
mkdir -p "$CERTS"
sh "$SRCDIR/tests/certs/mkcerts.sh" "$CERTS" >/dev/null ||
	{ echo "Bail out! cannot make test certificates"; exit 1; }
chmod 755 "$CERTS"
chmod 644 "$CERTS"/*.pem

# The test account every server knows, its password in $T/pw and a wrong
# one in $T/badpw; login holds the smtpwiz options that sign in.
D=smtpwiz.test
USER=alice@$D
PW='Mta-t3st-pw'
printf '%s\n' "$PW" >"$T/pw"
printf 'wrong-%s\n' "$PW" >"$T/badpw"
login=(--user "$USER" --password-file "$T/pw")

# wizcheck PORT TLS [ARGS...]: smtpwiz --check --json against
# localhost:PORT with the test CA; ARGS add user, addresses, --send-test.
wizcheck() {
	local port=$1 tls=$2
	shift 2
	run --check --json --host localhost --port "$port" --tls "$tls" \
		--timeout 15 --ca-file "$CERTS/ca.pem" "$@"
}

# failed FIELD: FIELD (id, cause) of the first failed step in $OUT, or "-".
failed() {
	json "next((s['$1'] for s in d['steps'] if s['status']=='fail'), '-')"
}

# failed_evidence: the first failed step's evidence, one line each.
failed_evidence() {
	json "'\n'.join(next((s['evidence'] for s in d['steps'] if s['status']=='fail'), []))"
}

# expect STEP CAUSE TEXT DESCRIPTION: the last wizcheck failed at STEP with
# CAUSE, and the server's reply there matches the extended regex TEXT (so
# the case tests the reply it claims to). One TAP line; on failure it
# shows what smtpwiz printed.
expect() {
	local step=$1 cause=$2 text=$3 desc=$4 got ev
	got="$(failed id): $(failed cause)" || got="(no JSON report)"
	ev=$(failed_evidence 2>/dev/null)
	[ "$got" = "$step: $cause" ] && printf '%s' "$ev" | grep -qE -- "$text"
	ok $? "$desc: $cause"
	if [ "$got" != "$step: $cause" ] || ! printf '%s' "$ev" | grep -qE -- "$text"; then
		printf '#   want: %s: %s, the reply matching /%s/\n#   got:  %s\n' \
			"$step" "$cause" "$text" "$got"
		printf '#   smtpwiz (exit status %s) printed:\n' "$RC"
		printf '%s\n%s\n' "$OUT" "$ERR" | sed 's/^/#     /'
	fi
}

# expect_pass DESCRIPTION: every step of the last wizcheck passed or warned.
expect_pass() {
	is "$RC/$(failed id)" "0/-" "$1"
	[ "$RC" = 0 ] || printf '%s\n%s\n' "$OUT" "$ERR" | sed 's/^/#     /'
}
