#!/bin/bash
# The dns step against a DNS server this test starts on 127.0.0.53 (dnsmasq),
# with smtpwiz in a private mount namespace whose /etc/resolv.conf points at
# it: no lookup ever reaches the machine's own resolver.
# dnsmasq on a fixed 127.0.0.x:53: a loopback of its own (resolver-guard.sh).
SMTPWIZ_PRIVATE_NET=1
. "$SRCDIR/tests/check/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v dnsmasq >/dev/null ||
	! unshare -m true 2>/dev/null; then
	echo "1..0 # SKIP needs root, dnsmasq and mount namespaces"
	exit 0
fi

DNS_IP=127.0.0.53
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
	--listen-address=$DNS_IP --bind-interfaces --port=53 --user=root \
	--pid-file="$T/dnsmasq.pid" --log-facility="$T/dnsmasq.log" --log-queries \
	--address=/ok.smtpwiz.test/127.0.0.1 \
	--address=/missing.smtpwiz.test/ &
DNS_PID=$!
trap 'kill $DNS_PID 2>/dev/null; wait $DNS_PID 2>/dev/null; srv_stop_all; tap_cleanup' EXIT
for _ in $(seq 50); do
	grep -q 'started' "$T/dnsmasq.log" 2>/dev/null && break
	sleep 0.1
done
if ! kill -0 $DNS_PID 2>/dev/null; then
	echo "1..0 # SKIP dnsmasq could not listen on $DNS_IP:53"
	exit 0
fi
printf 'nameserver %s\noptions timeout:1 attempts:1\n' "$DNS_IP" >"$T/resolv.conf"
printf 'nameserver 127.0.0.54\noptions timeout:1 attempts:1\n' >"$T/dead-resolv.conf"

# in_ns RESOLV ARGS...: smtpwiz --check --json with that resolv.conf
in_ns() {
	local conf=$1
	shift
	OUT=$(unshare -m sh -c 'mount --bind "$0" /etc/resolv.conf && exec "$@"' \
		"$conf" "$SMTPWIZ" --check --json --timeout 3 "$@" </dev/null 2>"$T/stderr")
	RC=$?
	ERR=$(cat "$T/stderr")
}

smtp --tls none --auth-mechs PLAIN --auth-require-tls no
in_ns "$T/resolv.conf" --host ok.smtpwiz.test --port "$PORT" --tls none
is "$(step dns status)" warn "a name served by the test DNS resolves (loopback warning)"
like "$(step dns evidence)" 'ok\.smtpwiz\.test -> 127\.0\.0\.1' "dns evidence lists the address"
is "$(step connect status)" pass "the resolved address is connected to"
like "$(cat "$T/dnsmasq.log")" 'query\[A\] ok\.smtpwiz\.test' "the lookup went to the test DNS server"

in_ns "$T/resolv.conf" --host missing.smtpwiz.test --port 25
expect_cause dns dns-not-found "NXDOMAIN"
is "$(step connect status)" skip "NXDOMAIN: connect skipped"

in_ns "$T/resolv.conf" --host refused.smtpwiz.test --port 25
expect_cause dns dns-failure "the resolver refuses"

start=$(date +%s%N)
in_ns "$T/dead-resolv.conf" --host ok.smtpwiz.test --port 25
elapsed=$((($(date +%s%N) - start) / 1000000))
expect_cause dns dns-failure "no resolver answers"
ok $([ "$elapsed" -le 11000 ]; echo $?) "no resolver: verdict before the hang guard (${elapsed} ms, timeout 3 s, guard 11 s)"

tap_done
