#!/bin/bash
# Run by test_silent.sh inside a new network namespace (unshare -n), where
# the submission ports are ours and the loopback routes may be rewired:
#   silent_ns.sh ports|dual|slow OUTDIR CERTS PWFILE
# (dual also needs its own mount namespace: unshare -nm)
# Each run of smtpwiz leaves OUTDIR/NAME.json (its report), NAME.rc and
# NAME.err. Every server started here is stopped by PID on exit.
set -u
SCENARIO=$1 OUTDIR=$2 CERTS=$3 PWFILE=$4
. "$SRCDIR/tests/servers/servers.sh"
TUN_PID=
cleanup() {
	[ -n "$TUN_PID" ] && kill "$TUN_PID" 2>/dev/null && wait "$TUN_PID" 2>/dev/null
	srv_stop_all
}
trap cleanup EXIT

ip link set lo up || exit 1

# wiz NAME HOST PORT: smtpwiz --check --json with the default timeout.
wiz() {
	"$SMTPWIZ" --check --json --host "$2" --port "$3" --tls starttls \
		--timeout 15 --ca-file "$CERTS/ca.pem" --user alice@example.com \
		--password-file "$PWFILE" --from alice@example.com \
		--to bob@example.net </dev/null >"$OUTDIR/$1.json" 2>"$OUTDIR/$1.err"
	echo $? >"$OUTDIR/$1.rc"
}

case $SCENARIO in
ports)
	srv_start smtpserver --port 465 --tls implicit \
		--cert "$CERTS/server.pem" --key "$CERTS/server-key.pem" || exit 1
	srv_filtered_port --port 587 || exit 1
	wiz dropped 127.0.0.1 587
	wiz on465 localhost 465
	;;
dual)
	# A name with an IPv4 and an IPv6 address, both dropping 587 while
	# their other ports are closed: a private /etc/hosts in this mount
	# namespace (unshare -m) names them.
	printf '127.0.0.1 dual.smtpwiz.test\n::1 dual.smtpwiz.test\n' \
		>"$OUTDIR/hosts"
	mount --bind "$OUTDIR/hosts" /etc/hosts || exit 1
	srv_filtered_port --host 127.0.0.1 --port 587 || exit 1
	srv_filtered_port --host ::1 --port 587 || exit 1
	wiz dual dual.smtpwiz.test 587
	;;
slow)
	srv_start smtpserver --tls starttls --cert "$CERTS/server.pem" \
		--key "$CERTS/server-key.pem" --user alice@example.com \
		--password "$(cat "$PWFILE")" || exit 1
	OPEN=$SRV_PORT
	srv_filtered_port || exit 1
	DROPPED=$SRV_PORT
	ready="$OUTDIR/tun.ready"
	/usr/bin/python3 "$SRCDIR/tests/bench/tun_delay.py" --delay-ms 1200 \
		--port "$OPEN" --port "$DROPPED" --ready-file "$ready" \
		--lifetime 120 &
	TUN_PID=$!
	for _ in $(seq 100); do
		[ -e "$ready" ] && break
		sleep 0.1
	done
	[ -e "$ready" ] || { echo "tun_delay.py did not start"; exit 1; }
	# 127.77.0.2 is tun_delay.py's far end: 1.2 s each way.
	wiz slow 127.77.0.2 "$OPEN"
	wiz slowdrop 127.77.0.2 "$DROPPED"
	;;
esac
