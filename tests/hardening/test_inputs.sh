#!/bin/bash
# Issue 13, the local side: closed standard descriptors, a full disk, the
# password file and the CA file in every wrong shape, configuration files
# that another user controls, and the terminal's echo after a kill at the
# password prompt. Each case ends in a clear message, never a hang.
. "$SRCDIR/tests/check/lib.sh"
HERE="$SRCDIR/tests/hardening"

# 4. Started with stdout closed, the report does not go into the socket.
SRV_HERE="$HERE" srv_start redteam --mode data-escape --log "$T/server.log" || exit 1
PORT=$SRV_PORT
"$SMTPWIZ" --check --host 127.0.0.1 --port "$PORT" --tls none --timeout 5 \
	--from a@example.com --to b@example.net </dev/null >&- 2>"$T/stderr"
RC=$?
is "$RC" 0 "stdout closed: the check still runs (exit 0)"
unlike "$(cat "$T/server.log")" 'Checking|PASS|Result' "stdout closed: no report line reached the server"
"$SMTPWIZ" --check --host 127.0.0.1 --port "$PORT" --tls none --timeout 5 \
	--from a@example.com --to b@example.net <&- >"$T/out" 2>&-
is "$?" 0 "stdin and stderr closed: exit 0"
like "$(cat "$T/out")" 'Result: PASS' "stdin and stderr closed: the report on stdout"

# 10. Write errors: a real error and exit 2.
if [ -w /dev/full ]; then
	run_full() { "$SMTPWIZ" "$@" </dev/null >/dev/full 2>"$T/stderr"; RC=$?; ERR=$(cat "$T/stderr"); }
	run_full --check --host 127.0.0.1 --port "$PORT" --tls none --timeout 5
	is "$RC" 2 "--check > /dev/full: exit 2"
	like "$ERR" 'cannot write the report: No space left' "--check > /dev/full: says why"
	run_full --check --json --host 127.0.0.1 --port "$PORT" --tls none --timeout 5
	is "$RC" 2 "--json > /dev/full: exit 2"
	like "$ERR" 'cannot write the report: No space left' "--json > /dev/full: says why"
	unlike "$ERR" 'out of memory' "--json > /dev/full: not 'out of memory'"
	run_full --version
	is "$RC" 2 "--version > /dev/full: exit 2"
fi

# 12. --password-file: a directory, a NUL byte, a FIFO nobody writes to,
# a file others can read.
pwcheck() { run --check --host 127.0.0.1 --port "$PORT" --tls none --timeout 5 \
	--user alice --password-file "$@"; }
mkdir "$T/pwdir"
pwcheck "$T/pwdir"
is "$RC" 2 "password file is a directory: exit 2"
like "$ERR" 'is a directory' "password file is a directory: says so"
printf 'abc\0def\n' >"$T/pwnul"; chmod 600 "$T/pwnul"
pwcheck "$T/pwnul"
is "$RC" 2 "password file with a NUL: exit 2"
like "$ERR" 'NUL' "password file with a NUL: says so"
mkfifo "$T/pwfifo"
( sleep 30 >"$T/pwfifo" ) &
writer=$!
start=$(date +%s)
pwcheck "$T/pwfifo"
elapsed=$(($(date +%s) - start))
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null
is "$RC" 2 "silent FIFO as password file: exit 2"
like "$ERR" 'no password arrived within' "silent FIFO: says so"
ok $([ "$elapsed" -le 25 ]; echo $?) "silent FIFO: bounded (hang guard 25 s, took ${elapsed} s)"
pwcheck <(printf 'piped\n')
unlike "$ERR" 'cannot|NUL|directory' "a pipe (process substitution) still works"
printf 'x\n' >"$T/pwopen"; chmod 644 "$T/pwopen"
pwcheck "$T/pwopen"
like "$ERR" 'other users can read the password file' "world-readable password file: warned"
unlike "$ERR" 'x$' "world-readable password file: the password is not shown"

# 5. ca_file: a FIFO, a directory, /dev/zero, an empty file, a text file.
cacheck() { run --check --json --host 127.0.0.1 --port "$PORT" --tls starttls \
	--timeout 3 --ca-file "$1"; }
mkfifo "$T/cafifo"
printf '' >"$T/caempty"
printf 'hello\n' >"$T/catext"
for c in "$T/cafifo:regular file" "$T/pwdir:directory" "/dev/zero:regular file" \
	"$T/caempty:empty" "$T/catext:PEM"; do
	f=${c%%:*} want=${c#*:}
	start=$(date +%s)
	cacheck "$f"
	elapsed=$(($(date +%s) - start))
	is "$(step settings status)" fail "ca_file $f: the settings step fails"
	like "$(step settings evidence)" "$want" "ca_file $f: says '$want'"
	is "$RC" 2 "ca_file $f: exit 2"
	ok $([ "$elapsed" -le 11 ]; echo $?) "ca_file $f: no hang (hang guard 11 s, took ${elapsed} s)"
done
cacheck "$CERTS/ca.pem"
is "$(step settings status)" warn "ca_file: a real CA file passes the settings step (warn: no password)"

# 8. A configuration file another user controls.
other=65534 # nobody
mkdir -p "$T/cfg"
printf 'host = "127.0.0.1"\nport = %s\ntls = "none"\n' "$PORT" >"$T/cfg/theirs.conf"
chown "$other" "$T/cfg/theirs.conf"
if [ "$(id -u)" -eq 0 ]; then
	run --check --config "$T/cfg/theirs.conf"
	is "$RC" 2 "root: a config owned by another user is refused (exit 2)"
	like "$ERR" "refusing to load .*theirs.conf as root" "root: the refusal names the file"
	chown 0 "$T/cfg/theirs.conf"
	chmod 0777 "$T/cfg"
	run --check --config "$T/cfg/theirs.conf"
	is "$RC" 2 "root: a config in a world-writable directory is refused"
	like "$ERR" 'writable by other users' "root: says the directory is writable"
	chmod 1777 "$T/cfg"
	run --check --config "$T/cfg/theirs.conf"
	unlike "$ERR" 'refusing' "root: a sticky world-writable directory is fine"
	chmod 0700 "$T/cfg"
	# Another user (not root) is warned the same way.
	if command -v setpriv >/dev/null; then
		chmod 755 "$T" "$T/cfg"
		chown 0 "$T/cfg/theirs.conf"
		chmod 644 "$T/cfg/theirs.conf"
		OUT=$(HOME=/nonexistent setpriv --reuid="$other" --regid="$other" --clear-groups \
			"$SMTPWIZ" --check --json --config "$T/cfg/theirs.conf" </dev/null 2>"$T/stderr")
		ok $? "nobody: a root-owned config loads"
		chown 1 "$T/cfg/theirs.conf"
		OUT=$(HOME=/nonexistent setpriv --reuid="$other" --regid="$other" --clear-groups \
			"$SMTPWIZ" --check --json --config "$T/cfg/theirs.conf" </dev/null 2>"$T/stderr")
		is "$(step settings cause)" settings-permissions "nobody: a config of another user warns (settings-permissions)"
		like "$(step settings evidence)" 'owned by another user' "nobody: the warning says whose"
		chmod 700 "$T" "$T/cfg"
	fi
fi

# 9. Killed at the password prompt, the terminal gets its echo back.
for sig in SIGTERM SIGHUP; do
	got=$(/usr/bin/python3 "$HERE/ttyecho.py" "Password for" "$sig" "$SMTPWIZ" --check \
		--host 127.0.0.1 --port "$PORT" --tls none --user bob --config "$T/none.conf" 2>&1)
	is "$got" "echo on" "$sig at the Password: prompt: echo restored"
done

tap_done
