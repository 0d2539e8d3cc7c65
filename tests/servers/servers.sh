# Bash library for integration tests: start scripted servers on loopback.
#
#   . "$SRCDIR/tests/servers/servers.sh"
#   trap srv_stop_all EXIT
#   srv_start smtpserver --tls starttls --cert C --key K || exit 99
#   port=$SRV_PORT
#
# srv_start NAME [ARGS...]  start tests/servers/NAME.py in the background;
#                           sets SRV_PORT, SRV_PID and SRV_LOG (its stdout+stderr).
# srv_filtered_port         start filtered.py; sets SRV_PORT (connects time out).
# srv_closed_port           print a loopback port with nothing listening.
# srv_stop_all              stop every server started here, remove SRV_DIR.
# srv_stop_pid PID          TERM, up to 5 s, then KILL, and reap: for servers
#                           started elsewhere (tests/servers/postfix.sh ...).
# srv_wait_listen PID PORT...  wait up to 10 s until 127.0.0.1:PORT... all
#                           listen (asked of ss: no connection is made);
#                           status 1 if PID exited or time ran out.
#
# SRV_DIR is a private scratch directory (removed by srv_stop_all) that tests
# may use for --spool / --transcript files.  srv_start and srv_filtered_port
# set variables, so call them directly, never inside $(...).
#
# Servers run under /usr/bin/python3 (the one with aiosmtpd); set SRV_PYTHON
# to override.  Every server also exits by itself after --lifetime (120 s).

SRV_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRV_PYTHON=${SRV_PYTHON:-/usr/bin/python3}
SRV_PIDS=()
SRV_DIR=

srv__mkdir() {
	if [ -z "$SRV_DIR" ]; then
		SRV_DIR=$(mktemp -d "${TMPDIR:-/tmp}/smtpwiz-srv.XXXXXX") || return 1
	fi
}
srv__mkdir || return 1

srv_start() {
	local name=$1 i st=0
	shift
	srv__mkdir || return 1  # again, in case srv_stop_all ran before
	local base="$SRV_DIR/$name.$$.$RANDOM"
	SRV_PORT= SRV_PID= SRV_LOG="$base.log"
	"$SRV_PYTHON" "$SRV_HERE/$name.py" --port 0 --port-file "$base.port" \
		--lifetime 120 "$@" >"$SRV_LOG" 2>&1 </dev/null &
	SRV_PID=$!
	SRV_PIDS+=("$SRV_PID")

	# Wait at most 10 s (200 x 50 ms) for the port file.
	for ((i = 0; i < 200; i++)); do
		if [ -s "$base.port" ]; then
			SRV_PORT=$(<"$base.port")
			return 0
		fi
		if ! srv__running "$SRV_PID" >/dev/null; then
			wait "$SRV_PID" || st=$?
			echo "srv_start: $name exited with status $st before listening; its log:" >&2
			sed 's/^/  | /' "$SRV_LOG" >&2
			return 1
		fi
		sleep 0.05
	done
	kill -KILL "$SRV_PID" 2>/dev/null || :
	wait "$SRV_PID" 2>/dev/null || :
	echo "srv_start: $name did not start listening within 10 s; its log:" >&2
	sed 's/^/  | /' "$SRV_LOG" >&2
	return 1
}

srv_filtered_port() {
	srv_start filtered "$@"
}

srv_closed_port() {
	# Bind an ephemeral port and close it again: nothing listens there
	# (barring a reuse race, which is rare on an ephemeral port).
	"$SRV_PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# Print those of the given PIDs that are still running children of this
# shell.  Asks bash's job table rather than kill -0, so a PID that has been
# reaped (and might be reused by now) is never signalled.
srv__running() {
	local running pid found=1
	running=" $(jobs -rp | tr '\n' ' ') "
	for pid in "$@"; do
		if [[ $running == *" $pid "* ]]; then
			echo "$pid"
			found=0
		fi
	done
	return $found
}

srv_stop_all() {
	local i pids pid
	pids=$(srv__running "${SRV_PIDS[@]}") || pids=
	if [ -n "$pids" ]; then
		kill -TERM $pids 2>/dev/null || :
		# Up to 2 s (40 x 50 ms) for a clean exit, then KILL.
		for ((i = 0; i < 40; i++)); do
			pids=$(srv__running $pids) || break
			sleep 0.05
		done
		if pids=$(srv__running $pids); then
			kill -KILL $pids 2>/dev/null || :
		fi
	fi
	for pid in "${SRV_PIDS[@]}"; do
		wait "$pid" 2>/dev/null || :
	done
	SRV_PIDS=()
	if [ -n "$SRV_DIR" ]; then
		rm -rf "$SRV_DIR"
	fi
	SRV_DIR=
	return 0
}

srv_stop_pid() {
	local pid=$1 i
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || :
	for ((i = 0; i < 50; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || :
	wait "$pid" 2>/dev/null || :
	return 0
}

srv_wait_listen() {
	local pid=$1 i port all
	shift
	for ((i = 0; i < 100; i++)); do
		all=1
		for port in "$@"; do
			ss -ltnH "src 127.0.0.1:$port" | grep -q . || all=
		done
		[ -n "$all" ] && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
