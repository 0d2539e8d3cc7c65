# TAP helpers for the shell tests. Each assertion prints one "ok"/"not ok"
# line; tap_done prints the plan. Every test gets a private directory that is
# removed on exit.
: "${SMTPWIZ:?SMTPWIZ must name the built smtpwiz binary}"
: "${SRCDIR:=.}"
. "$SRCDIR/tests/resolver-guard.sh"
: "${SRCDIR:=.}"
TAP_N=0
TAP_FAILED=0
T=$(mktemp -d "${TMPDIR:-/tmp}/smtpwiz-test.XXXXXX")
# The test's own HOME, XDG directories and (missing) config file.
smtpwiz_isolate "$T"

tap_cleanup() { rm -rf "$T"; }
trap tap_cleanup EXIT

ok() { # ok CONDITION-EXIT-STATUS DESCRIPTION
	TAP_N=$((TAP_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TAP_N - $2"
	else
		echo "not ok $TAP_N - $2"
		TAP_FAILED=$((TAP_FAILED + 1))
		tap_show_run
	fi
}

# run CMD...: runs smtpwiz with stdin from /dev/null, capturing stdout in
# $OUT, stderr in $ERR and the exit status in $RC.
run() {
	OUT=$("$SMTPWIZ" "$@" </dev/null 2>"$T/stderr")
	RC=$?
	ERR=$(cat "$T/stderr")
	LAST_CMD="smtpwiz $*"
}

# A failed assertion shows what smtpwiz printed in the last run, so a
# failure in the log explains itself.
tap_show_run() {
	[ -n "${LAST_CMD:-}" ] || return 0
	printf '#   last run: %s (exit %s)\n' "$LAST_CMD" "$RC"
	printf '%s\n' "$OUT" | head -n 60 | sed 's/^/#   stdout| /'
	[ -z "$ERR" ] || printf '%s\n' "$ERR" | head -n 20 | sed 's/^/#   stderr| /'
}

is() { # is GOT WANT DESCRIPTION
	[ "$1" = "$2" ]
	local r=$?
	ok $r "$3"
	[ $r -eq 0 ] || printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
}

like() { # like TEXT REGEX DESCRIPTION
	printf '%s' "$1" | grep -qE -- "$2"
	local r=$?
	ok $r "$3"
	[ $r -eq 0 ] || printf '#   text: %s\n#   does not match: %s\n' "$(printf '%s' "$1" | head -c 600)" "$2"
}

unlike() { # unlike TEXT REGEX DESCRIPTION
	! printf '%s' "$1" | grep -qE -- "$2"
	local r=$?
	ok $r "$3"
	[ $r -eq 0 ] || printf '#   text unexpectedly matches: %s\n' "$2"
}

# json EXPR: evaluates a Python expression on the JSON document in $OUT
# (bound to d); prints the result.
json() {
	printf '%s' "$OUT" | /usr/bin/python3 -c \
		'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}

tap_done() {
	echo "1..$TAP_N"
}
