#!/bin/bash
# The password (issue 5): never in the text report, the JSON, the
# transcript, stderr, an error message, the process list, /proc/PID/cmdline
# or /proc/PID/environ; wiped from the process's memory once used; core
# dumps off and the process not dumpable while it holds it; and a
# configuration file that others can read (or write) is a warning that
# comes with the command that fixes it.
. "$SRCDIR/tests/check/lib.sh"
HERE="$SRCDIR/tests/hardening"
PY=/usr/bin/python3
B64_PLAIN=$(printf '\0alice@example.com\0%s' "$PW" | base64 -w0)
B64_PW=$(printf '%s' "$PW" | base64 -w0)

# no_secret TEXT WHERE: neither the password nor its base64 forms.
no_secret() {
	unlike "$1" "$PW" "$2: no password"
	unlike "$1" "$B64_PW|$B64_PLAIN" "$2: no base64 of the password"
}

# A config file holding the password, in the form smtpwiz saves.
printf "password = '%s'\n" "$PW" >"$T/secret.conf"
chmod 600 "$T/secret.conf"

# source_args SOURCE: sets SRC_ARGS and SRC_ENV for a password source.
source_args() {
	SRC_ENV=()
	case $1 in
	file) SRC_ARGS=(--password-file "$T/pw") ;;
	env) SRC_ARGS=() SRC_ENV=("SMTPWIZ_PASSWORD=$PW") ;;
	config) SRC_ARGS=(--config "$T/secret.conf") ;;
	esac
}

# ---- the outputs: text report with transcript, JSON, stderr -----------------
for mech in PLAIN LOGIN; do
	smtp --tls starttls --auth-mechs "$mech" --transcript "$SRV_DIR/server-$mech.log"
	for src in file env config; do
		source_args $src
		what="$mech, password from $src"
		OUT=$(env "${SRC_ENV[@]}" "$SMTPWIZ" --check "${SRC_ARGS[@]}" \
			--host localhost --port "$PORT" --ca-file "$CERTS/ca.pem" \
			--user alice@example.com --from alice@example.com \
			--to bob@example.net --send-test --transcript </dev/null 2>"$T/stderr")
		RC=$?
		ERR=$(cat "$T/stderr")
		like "$OUT" "(^|\n)PASS +auth" "$what: signed in"
		like "$OUT" "AUTH $mech" "$what: the transcript shows AUTH $mech"
		like "$OUT" "\[redacted\]" "$what: ...and the secret lines redacted"
		no_secret "$OUT" "$what: text report and transcript"
		no_secret "$ERR" "$what: stderr"
		run --check --json "${SRC_ARGS[@]}" --host localhost --port "$PORT" \
			--ca-file "$CERTS/ca.pem" --user alice@example.com \
			--from alice@example.com --to bob@example.net
		[ $src = env ] && {
			OUT=$(env "${SRC_ENV[@]}" "$SMTPWIZ" --check --json --host localhost \
				--port "$PORT" --ca-file "$CERTS/ca.pem" \
				--user alice@example.com --from alice@example.com \
				--to bob@example.net </dev/null 2>"$T/stderr")
			ERR=$(cat "$T/stderr")
		}
		is "$(step auth status)" pass "$what: JSON says signed in"
		no_secret "$OUT" "$what: JSON"
		no_secret "$ERR" "$what: JSON run's stderr"
	done
	like "$(cat "$SRV_DIR/server-$mech.log")" "^AUTH $mech" "$mech: the server saw AUTH $mech"
done

# A refused password: the failure report, with the server's evidence.
smtp --tls starttls --auth-mechs "PLAIN LOGIN" --password other
OUT=$("$SMTPWIZ" --check --host localhost --port "$PORT" --ca-file "$CERTS/ca.pem" \
	--user alice@example.com --password-file "$T/pw" --from alice@example.com \
	--to bob@example.net --transcript </dev/null 2>"$T/stderr")
like "$OUT" 'auth-failed' "wrong password: reported as auth-failed"
no_secret "$OUT$(cat "$T/stderr")" "wrong password report"
srv_stop_all

# ---- error messages ----------------------------------------------------------
# Each file is a mistake a user can make around the password; the message
# names the file and line, never the password or a piece of it.
bad_config() { # bad_config DESCRIPTION CONTENT
	printf '%s\n' "$2" >"$T/bad.conf"
	chmod 600 "$T/bad.conf"
	run --check --config "$T/bad.conf" --host 127.0.0.1 --port 1
	is "$RC" 2 "$1: a configuration error"
	like "$ERR" "bad\.conf:[0-9]+:" "$1: the message names file and line"
	no_secret "$OUT$ERR" "$1: the message"
}
bad_config "unquoted password with a space" "password = Mark3r p4ss\"w0rd'"
bad_config "password split in two strings" "password = 'x' 'Mark3r-p4ss\"w0rd'"
bad_config "unterminated password" "password = 'Mark3r-p4ss\"w0rd"
bad_config "missing equal sign" "password 'Mark3r-p4ss\"w0rd'"
bad_config "password alone on a line" "$PW"
bad_config "password with a control character" "password = \"Mark3r-p4ss\\\"w0rd$(printf '\001')\""
bad_config "password set twice" "password = 'a'
password = '$PW'"
bad_config "password in braces" "password = {$PW}"
head -c 2000 /dev/zero | tr '\0' 'x' >"$T/longpw"
printf '%s' "$PW" >>"$T/longpw"
run --check --host 127.0.0.1 --port 1 --password-file "$T/longpw" --user a
like "$ERR" 'longer than' "an overlong password file: refused"
no_secret "$ERR" "overlong password file: the message"

# ---- the running process -------------------------------------------------------
# evilserver's auth-stall accepts any AUTH, then never answers MAIL: the
# process stays alive after it has used the password.
SRV_HERE="$HERE" srv_start evilserver --mode auth-stall \
	--cert "$CERTS/server.pem" --key "$CERTS/server-key.pem" || exit 1
PORT=$SRV_PORT
STALL_LOG=$SRV_LOG
CAN_SCAN=no
[ "$(id -u)" = 0 ] && CAN_SCAN=yes
ASAN=no
ldd "$SMTPWIZ" 2>/dev/null | grep -q libasan && ASAN=yes
NOFREE="$PWD/tests/hardening/nofree.so"
[ -f "$NOFREE" ] || NOFREE="$(dirname "$SMTPWIZ")/../tests/hardening/nofree.so"

# wait_stalled N: until the server has seen N MAILs (at most 10 s).
wait_stalled() {
	local i
	for ((i = 0; i < 200; i++)); do
		[ "$(grep -c 'MAIL received' "$STALL_LOG")" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

stalls=0
for src in file env config; do
	source_args $src
	what="password from $src, after AUTH"
	preload=()
	# Under ASan freed memory sits in quarantine, unreused: no shim needed
	# (and none may be preloaded before ASan's runtime).
	[ $ASAN = no ] && preload=("LD_PRELOAD=$NOFREE")
	env "${SRC_ENV[@]}" "${preload[@]}" "$SMTPWIZ" --check "${SRC_ARGS[@]}" \
		--host localhost --port "$PORT" --ca-file "$CERTS/ca.pem" \
		--user alice@example.com --from alice@example.com \
		--to bob@example.net --timeout 20 </dev/null >"$T/stall.out" 2>&1 &
	pid=$!
	stalls=$((stalls + 1))
	wait_stalled $stalls
	ok $? "$what: the client is past AUTH, waiting for MAIL's reply"
	# Every smtpwiz in the process list (other tests' servers may well
	# have the marker in their own arguments).
	procs=$(ps -eo args= | grep -F -- "$SMTPWIZ")
	like "$procs" "--user alice@example.com" "$what: ps lists smtpwiz"
	no_secret "$procs" "$what: ps -eo args"
	no_secret "$(tr '\0' ' ' </proc/$pid/cmdline)" "$what: /proc/PID/cmdline"
	if [ -r /proc/$pid/environ ] && environ=$(tr '\0' '\n' </proc/$pid/environ 2>/dev/null); then
		no_secret "$environ" "$what: /proc/PID/environ"
	else
		echo "ok $((TAP_N += 1)) - $what: /proc/PID/environ # SKIP not readable here"
	fi
	like "$(cat /proc/$pid/limits)" 'Max core file size +0 +0 ' \
		"$what: core dumps off (RLIMIT_CORE 0)"
	if [ $ASAN = yes ] && [ $src = env ]; then
		# The sanitizer runtime reads /proc/self/environ into its own
		# buffer before main(): a copy that is not smtpwiz's.
		echo "ok $((TAP_N += 1)) - $what: memory scan # SKIP sanitizer keeps a copy of the environment"
		echo "ok $((TAP_N += 1)) - $what: memory scan (base64) # SKIP sanitizer build"
	elif [ $CAN_SCAN = yes ]; then
		scan=$("$PY" "$HERE/memscan.py" --where $pid "$PW" "$B64_PLAIN" \
			"$B64_PW" 2>"$T/where")
		echo "$scan" | sed 's/^/# memory: /'
		first=$(echo "$scan" | sed -n 1p)
		is "$first" "1 $PW" \
			"$what: one copy of the password in memory (the settings)"
		[ "$first" = "1 $PW" ] || sed 's/^/#   /' "$T/where"
		is "$(echo "$scan" | sed -n '2,3p' | cut -d' ' -f1 | tr '\n' ' ')" "0 0 " \
			"$what: no base64 of it left in memory"
	else
		echo "ok $((TAP_N += 1)) - $what: memory scan # SKIP needs root"
		echo "ok $((TAP_N += 1)) - $what: memory scan (base64) # SKIP needs root"
	fi
	kill -TERM $pid 2>/dev/null
	wait $pid 2>/dev/null
	no_secret "$(cat "$T/stall.out")" "$what: output"
done

srv_stop_all

# Not dumpable: another process of the same user may not read a
# non-dumpable process's environ. As root, both run as nobody (so nothing
# under $T, which nobody cannot read: plain SMTP, no CA file); a control
# process shows that the probe can read a dumpable one.
SRV_HERE="$HERE" srv_start evilserver --mode auth-stall || exit 1
PORT=$SRV_PORT
STALL_LOG=$SRV_LOG
stalls=0
as=()
[ "$(id -u)" = 0 ] && as=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
(cd / && exec "${as[@]}" sleep 30) &
ctl=$!
(cd / && exec "${as[@]}" env SMTPWIZ_PASSWORD="$PW" "$SMTPWIZ" --check \
	--config /nonexistent-smtpwiz-dir/none.conf --host localhost --port "$PORT" \
	--user alice --from a@example.com --to b@example.net --tls none \
	--timeout 20 >/dev/null 2>&1 </dev/null) &
pid=$!
stalls=$((stalls + 1))
wait_stalled $stalls
ok $? "unprivileged run: past AUTH"
"${as[@]}" cat /proc/$ctl/environ >/dev/null 2>&1
ok $? "control: a dumpable process's environ is readable by its user"
! "${as[@]}" cat /proc/$pid/environ >/dev/null 2>&1
ok $? "smtpwiz is not dumpable: its user cannot read its environ"
kill -TERM $pid $ctl 2>/dev/null
wait $pid $ctl 2>/dev/null

# SMTPWIZ_PASSWORD set and --password-file given: the file wins, and the
# variable must still leave /proc/PID/environ (main.c takes it out at
# start-up, whatever the mode).
env SMTPWIZ_PASSWORD="$PW" "$SMTPWIZ" --check --password-file "$T/pw" \
	--host localhost --port "$PORT" --user alice --from a@example.com \
	--to b@example.net --tls none --timeout 20 >/dev/null 2>&1 </dev/null &
pid=$!
stalls=$((stalls + 1))
wait_stalled $stalls
if [ -r /proc/$pid/environ ]; then
	! tr '\0' '\n' </proc/$pid/environ | grep -qF -- "$PW"
	r=$?
	TAP_N=$((TAP_N + 1))
	[ $r -eq 0 ] && echo "ok $TAP_N - unused SMTPWIZ_PASSWORD is not left in environ" ||
		echo "not ok $TAP_N - unused SMTPWIZ_PASSWORD is not left in environ"
fi
kill -TERM $pid 2>/dev/null
wait $pid 2>/dev/null
srv_stop_all

# ---- a configuration file that others can read --------------------------------
smtp --tls starttls --auth-mechs PLAIN
dir="$T/conf dir's"
mkdir -p "$dir"
conf="$dir/smtpwiz.conf"

perm_check() { # perm_check MODE WITH-PASSWORD
	if [ "$2" = yes ]; then
		printf "password = '%s'\n" "$PW" >"$conf"
	else
		printf "helo_name = 'host.example.org'\n" >"$conf"
	fi
	chmod "$1" "$conf"
	run --check --json --config "$conf" --host localhost --port "$PORT" \
		--ca-file "$CERTS/ca.pem" --user alice@example.com \
		--password-file "$T/pw" --from alice@example.com --to bob@example.net
}

perm_check 644 yes
is "$(step settings status) $(step settings cause)" "warn settings-permissions" \
	"0644 with a password: a warning"
is "$RC" 0 "0644 with a password: a warning, not a failure"
like "$(step settings evidence)" 'can read it \(mode 0644\)' "0644: the evidence gives the mode"
fix=$(step settings hint | sed -n 's/.*Run: //p')
is "$fix" "chmod 600 '$T/conf dir'\\''s/smtpwiz.conf'" "the hint gives the command, quoted"
(cd / && sh -c "$fix")
is "$(stat -c %a "$conf")" 600 "the command from the hint fixes the mode"
run --check --json --config "$conf" --host localhost --port "$PORT" \
	--ca-file "$CERTS/ca.pem" --user alice@example.com --password-file "$T/pw" \
	--from alice@example.com --to bob@example.net
is "$(step settings status)" pass "after the fix: no warning"
no_secret "$OUT$ERR" "permission warning"

perm_check 640 yes
is "$(step settings cause)" settings-permissions "0640 with a password: a warning"
perm_check 644 no
is "$(step settings status)" pass "0644 without a password: no warning"
perm_check 646 no
is "$(step settings cause)" settings-permissions "writable by others: a warning"
like "$(step settings evidence)" 'other users can change' "writable: the evidence says so"
perm_check 600 yes
is "$(step settings status)" pass "0600: no warning"
run --check --config "$conf" --host localhost --port "$PORT" \
	--ca-file "$CERTS/ca.pem" --user alice@example.com --from alice@example.com \
	--to bob@example.net
chmod 604 "$conf"
run --check --config "$conf" --host localhost --port "$PORT" \
	--ca-file "$CERTS/ca.pem" --user alice@example.com --from alice@example.com \
	--to bob@example.net
like "$(printf '%s' "$OUT" | tr '\n' ' ')" 'WARN +settings .*\[settings-permissions\]' "text report: the warning (wrapped or not)"
like "$OUT" "chmod 600" "text report: the command"

tap_done
