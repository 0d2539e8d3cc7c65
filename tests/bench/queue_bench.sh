#!/bin/bash
# `make bench-queue` (part of `make bench`): a real Postfix queue of
# BENCH_QUEUE_N deferred messages (default 100000), filled here, then the
# time and peak memory of `smtpwiz --queue` beside Postfix's own `qshape
# deferred` on the same queue. Prints; never fails on a stopwatch.
#
# The queue: a private Postfix instance (tests/servers/postfix.sh) whose
# relayhost is a loopback server answering every connection with "421 4.3.2
# Service temporarily unavailable"; the messages go in through the
# instance's own smtpd on loopback, over four SMTP connections
# (tests/bench/queue_inject.py) - much faster than one sendmail process
# per message. After the first 421s Postfix marks the relay as down and
# defers the rest at once ("delivery temporarily suspended"), as a real
# server whose relay broke does.
set -u
: "${SRCDIR:?}" "${SMTPWIZ:?}"
N=${BENCH_QUEUE_N:-100000}
. "$SRCDIR/tests/servers/servers.sh"
. "$SRCDIR/tests/servers/postfix.sh"
trap 'pf_stop; srv_stop_all' EXIT
if ! pf_available; then
	echo "bench-queue: skipped (needs root and Debian's postfix)"
	exit 0
fi
PF_LIFETIME=7200
pf_setup || exit 1
srv_start rawserver --lifetime 7200 --mode greeting-text \
	"421 4.3.2 Service temporarily unavailable, try again later" || exit 1
pf_client "[127.0.0.1]:$SRV_PORT"
pf_main 'qmgr_message_active_limit = 20000' 'smtp_connect_timeout = 5s'
# A listener that takes mail from loopback only, for the injection.
pf_listen smtpd -o mynetworks=127.0.0.0/8 \
	-o smtpd_relay_restrictions=permit_mynetworks,reject_unauth_destination
pf_start || exit 1

echo "bench-queue: filling a real Postfix queue with $N messages..."
t0=$(date +%s)
/usr/bin/python3 "$SRCDIR/tests/bench/queue_inject.py" --port "$PF_PORT" --count "$N" || exit 1
# Wait (bounded: 2 h) until every message sits in the deferred queue.
deferred=0
while [ $(($(date +%s) - t0)) -lt 7200 ]; do
	deferred=$(find "$PF_DIR/queue/deferred" -type f | wc -l)
	[ "$deferred" -ge "$N" ] && break
	sleep 2
done
echo "bench-queue: $deferred messages deferred after $(($(date +%s) - t0)) s"

measure() { # measure LABEL CMD...: elapsed seconds and peak RSS
	local label=$1 out
	shift
	/usr/bin/time -f '%e %M' -o "$PF_DIR/time.out" "$@" >/dev/null 2>&1
	out=$(tail -1 "$PF_DIR/time.out")
	printf '  %-28s %8s s  %8s KiB peak RSS\n' "$label" "${out% *}" "${out#* }"
}
echo "bench-queue: $deferred deferred messages (three runs each)"
for run in 1 2 3; do
	measure "smtpwiz --queue" "$SMTPWIZ" --queue --from-mailer postfix \
		--mailer-config "$PF_DIR/etc"
	measure "smtpwiz --queue --json" "$SMTPWIZ" --queue --json \
		--from-mailer postfix --mailer-config "$PF_DIR/etc"
	measure "qshape -c DIR deferred" qshape -c "$PF_DIR/etc" deferred
	measure "postqueue -j (alone)" postqueue -c "$PF_DIR/etc" -j
done
echo "bench-queue: what smtpwiz reported:"
"$SMTPWIZ" --queue --from-mailer postfix --mailer-config "$PF_DIR/etc" | head -12 | sed 's/^/  | /'
