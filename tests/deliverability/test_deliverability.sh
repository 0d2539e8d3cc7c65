#!/bin/bash
# The deliverability step (SPF, DKIM, DMARC of the sender's domain) against
# a DNS server this test starts (dnsmasq on 127.0.0.83) serving TXT records
# for test domains, and for the providers' SPF includes (answered here: no
# real provider is ever asked). smtpwiz runs in a private mount namespace
# whose /etc/resolv.conf points at the test server; the relay's name maps
# to 127.0.0.1, where nothing listens on the port given, so the session
# fails at once and only DNS decides this step.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v dnsmasq >/dev/null ||
	! unshare -m true 2>/dev/null; then
	echo "1..0 # SKIP needs root, dnsmasq and mount namespaces"
	exit 0
fi

DNS_IP=127.0.0.83
DEAD_IP=127.0.0.84
Z=smtpwiz.test
KEY='v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest'
args=(--keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts
	--listen-address=$DNS_IP --bind-interfaces --port=53 --user=root
	--pid-file="$T/dnsmasq.pid" --log-facility="$T/dnsmasq.log"
	--log-queries --local=/$Z/ --local=/corp.test/
	--host-record=smtp.gmail.com,127.0.0.1
	--host-record=smtp.sendgrid.net,127.0.0.1
	--host-record=relay.own.$Z,127.0.0.1
	# the providers' includes, as this test's own answers
	--txt-record=_spf.google.com,"v=spf1 ip4:192.0.2.0/24 ~all"
	--txt-record=sendgrid.net,"v=spf1 ip4:198.51.100.0/24 ~all"
	# good: Google's include, its DKIM key, DMARC reject
	--txt-record=good.$Z,"v=spf1 include:_spf.google.com ~all"
	--txt-record=good.$Z,"google-site-verification=abc"
	--txt-record=google._domainkey.good.$Z,"$KEY"
	--txt-record=_dmarc.good.$Z,"v=DMARC1; p=reject; rua=mailto:d@good.$Z"
	# noinc: only SendGrid's include, and a hard -all
	--txt-record=noinc.$Z,"v=spf1 include:sendgrid.net -all"
	# two SPF records
	--txt-record=two.$Z,"v=spf1 include:_spf.google.com ~all"
	--txt-record=two.$Z,"v=spf1 mx ~all"
	# a syntax error
	--txt-record=bad.$Z,"v=spf1 include:_spf.google.com ip4:300.1.1.1 ~all"
	# no SPF, no DMARC
	--txt-record=bare.$Z,"some other text"
	# SendGrid: include present, no DKIM CNAMEs, DMARC reject/quarantine
	--txt-record=rej.$Z,"v=spf1 include:sendgrid.net ~all"
	--txt-record=_dmarc.rej.$Z,"v=DMARC1; p=reject"
	--txt-record=quar.$Z,"v=spf1 include:sendgrid.net ~all"
	--txt-record=_dmarc.quar.$Z,"v=DMARC1; p=quarantine"
	--txt-record=dk.$Z,"v=spf1 include:sendgrid.net ~all"
	--txt-record=s1._domainkey.dk.$Z,"$KEY"
	--txt-record=_dmarc.dk.$Z,"v=DMARC1; p=reject"
	# the organisation's policy for a subdomain: sp=reject
	--txt-record=dept.corp.test,"v=spf1 include:sendgrid.net ~all"
	--txt-record=_dmarc.corp.test,"v=DMARC1; p=none; sp=reject"
	# an unknown relay: judged by its addresses
	--txt-record=own.$Z,"v=spf1 ip4:127.0.0.0/8 -all"
	--txt-record=other.$Z,"v=spf1 ip4:192.0.2.1 -all"
	--txt-record=_dmarc.own.$Z,"v=DMARC1; p=none")
# over the lookup limit: eleven includes, each a real record
many="v=spf1"
for i in $(seq 1 11); do
	args+=(--txt-record=inc$i.$Z,"v=spf1 ip4:192.0.2.$i ~all")
	many="$many include:inc$i.$Z"
done
args+=(--txt-record=many.$Z,"$many include:_spf.google.com ~all")
dnsmasq "${args[@]}" &
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
printf 'nameserver %s\noptions timeout:1 attempts:1\n' "$DEAD_IP" >"$T/dead-resolv.conf"
PORT=$(srv_closed_port)

# deliv HOST FROM [ARGS...]: smtpwiz --check --json in the namespace; sets
# OUT, RC, ERR.
deliv_ns() {
	local conf=$1 host=$2 from=$3
	shift 3
	OUT=$(unshare -m sh -c 'umount /etc/resolv.conf 2>/dev/null
		mount --bind "$0" /etc/resolv.conf && exec "$@"' \
		"$conf" "$SMTPWIZ" --check --json --host "$host" --port "$PORT" \
		--from "$from" --timeout 5 "$@" </dev/null 2>"$T/stderr")
	RC=$?
	ERR=$(cat "$T/stderr")
}
deliv() { deliv_ns "$T/resolv.conf" "$@"; }
d() { json "[s for s in d['steps'] if s['id']=='deliverability'][0]['$1']"; }
ev() { json "'\\n'.join([s for s in d['steps'] if s['id']=='deliverability'][0]['evidence'])"; }
# verdict STATUS CAUSE DESCRIPTION: the step's status and cause; on a
# mismatch the whole step is printed.
verdict() {
	is "$(d status)/$(d cause)" "$1/$2" "$3"
	[ "$(d status)/$(d cause)" = "$1/$2" ] ||
		printf '# %s\n' "$(json "[s for s in d['steps'] if s['id']=='deliverability']")" "$ERR"
}

deliv smtp.gmail.com alice@good.$Z
verdict pass None "Google include, DKIM key and DMARC reject: pass"
like "$(d summary)" "good\.$Z" "  the summary names the domain"
like "$(ev)" "include:_spf\.google\.com found" "  the evidence shows the include"
like "$(ev)" "google\._domainkey\.good\.$Z published" "  and the DKIM key"
like "$(ev)" "DMARC: _dmarc\.good\.$Z: v=DMARC1; p=reject" "  and the DMARC record"
is "$RC" 1 "  the step does not change the exit status (the connect failed)"

deliv smtp.gmail.com alice@noinc.$Z
verdict fail spf-not-authorized "SPF without Google's include and -all: fail"
like "$(d hint)" "include:_spf\.google\.com to the SPF record of noinc\.$Z" \
	"  the hint names the exact include to add"

deliv smtp.gmail.com alice@two.$Z
verdict fail spf-invalid "two SPF records: fail"
like "$(ev)" "more than one SPF record" "  the evidence says why"

deliv smtp.gmail.com alice@bad.$Z
verdict fail spf-invalid "a syntax error: fail"
like "$(ev)" "300\.1\.1\.1" "  the evidence names the bad term"

deliv smtp.gmail.com alice@many.$Z
verdict fail spf-invalid "more than 10 DNS lookups: fail"
like "$(ev)" "more than 10 DNS lookups" "  the evidence says the limit"

deliv smtp.gmail.com alice@bare.$Z
verdict warn spf-missing "no SPF record: a warning"
like "$(d hint)" '"v=spf1 include:_spf\.google\.com ~all"' "  the hint gives the record to publish"
like "$(ev)" "no DMARC record" "  and notes the missing DMARC"

deliv smtp.sendgrid.net alice@rej.$Z
verdict fail dmarc-unaligned "SendGrid without DKIM, DMARC reject: fail"
like "$(ev)" "s1\._domainkey\.rej\.$Z not published" "  the evidence names the missing selector"
like "$(d hint)" "return path" "  the hint explains SendGrid's envelope sender"

deliv smtp.sendgrid.net alice@quar.$Z
verdict warn dmarc-unaligned "SendGrid without DKIM, DMARC quarantine: a warning"

deliv smtp.sendgrid.net alice@dk.$Z
verdict pass None "SendGrid with its DKIM key, DMARC reject: pass"

deliv smtp.sendgrid.net alice@dept.corp.test
verdict fail dmarc-unaligned "a subdomain under the organisation's sp=reject: fail"
like "$(ev)" "_dmarc\.corp\.test" "  the organisation's record was used"

deliv relay.own.$Z alice@own.$Z
verdict pass None "an unknown relay whose address the SPF lists: pass"
like "$(ev)" "pass for the relay's address 127\.0\.0\.1" "  judged by the relay's address"
like "$(ev)" "may send from others" "  and says it is an approximation"

deliv relay.own.$Z alice@other.$Z
verdict fail spf-not-authorized "an unknown relay the SPF does not list, -all: fail"
like "$(d hint)" "ip4:127\.0\.0\.1" "  the hint names the relay's address"

: >"$T/dnsmasq.log"
deliv smtp.gmail.com alice@gmail.com
verdict pass None "gmail.com through Gmail: passes quietly"
unlike "$(cat "$T/dnsmasq.log")" "query\[TXT\] gmail\.com" "  without asking DNS about gmail.com"

deliv smtp.gmail.com alice@good.$Z --no-deliverability
is "$(d status)" skip "--no-deliverability skips the step"
unlike "$(cat "$T/dnsmasq.log")" "_dmarc\.good" "  and asks nothing"

deliv_ns "$T/dead-resolv.conf" 127.0.0.1 alice@good.$Z
verdict warn deliverability-dns "no DNS server: a warning, not a failure"
like "$(ev)" "failed|no DNS server" "  with its reason"

OUT=$(unshare -m sh -c 'umount /etc/resolv.conf 2>/dev/null
	mount --bind "$0" /etc/resolv.conf && exec "$@"' "$T/resolv.conf" \
	"$SMTPWIZ" --check --host smtp.gmail.com --port "$PORT" \
	--from alice@noinc.$Z --timeout 5 </dev/null 2>&1)
like "$OUT" "deliverability" "text report: the step is there"
like "$OUT" "\[spf-not-authorized\]" "text report: with its cause"
tap_done
