#!/bin/bash
# smtpwiz --lookup and the dns step's MX warning against a DNS server this
# test starts (dnsmasq) with a test zone: RFC 6186 SRV records, MX records
# whose names are those of hosted providers (answered here: no real
# provider is ever asked), NXDOMAIN, a refusing and a silent resolver.
# smtpwiz runs in a private mount namespace whose /etc/resolv.conf points
# at the test server, as in tests/check/test_dns.sh. Addresses 127.0.0.63-65
# keep clear of test_dns.sh (127.0.0.53/54) when the two run in parallel.
# dnsmasq on a fixed 127.0.0.x:53: a loopback of its own (resolver-guard.sh).
SMTPWIZ_PRIVATE_NET=1
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v dnsmasq >/dev/null ||
	! unshare -m true 2>/dev/null; then
	echo "1..0 # SKIP needs root, dnsmasq and mount namespaces"
	exit 0
fi

DNS_IP=127.0.0.63
DEAD_IP=127.0.0.64
SILENT_IP=127.0.0.65
Z=smtpwiz.test
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
	--listen-address=$DNS_IP --bind-interfaces --port=53 --user=root \
	--pid-file="$T/dnsmasq.pid" --log-facility="$T/dnsmasq.log" --log-queries \
	--local=/$Z/ \
	--srv-host=_submissions._tcp.srv.$Z,mail.srv.$Z,465,0,1 \
	--srv-host=_submission._tcp.srv.$Z,mail.srv.$Z,587,0,1 \
	--mx-host=srv.$Z,mx.srv.$Z,10 \
	--host-record=mail.srv.$Z,127.0.0.1 --host-record=mx.srv.$Z,127.0.0.1 \
	--srv-host=_submission._tcp.sub.$Z,smtp2.sub.$Z,2525,20,100 \
	--srv-host=_submission._tcp.sub.$Z,smtp1.sub.$Z,587,10,0 \
	--srv-host=_submissions._tcp.dot.$Z \
	--mx-host=gw.$Z,alt1.aspmx.l.google.com,5 \
	--mx-host=gw.$Z,aspmx.l.google.com,1 \
	--mx-host=ms.$Z,ms-smtpwiz-test.mail.protection.outlook.com,0 \
	--mx-host=zeu.$Z,mx.zoho.eu,10 --mx-host=zeu.$Z,mx2.zoho.eu,20 \
	--mx-host=mg.$Z,mxa.eu.mailgun.org,10 \
	--srv-host=_submissions._tcp.fm.$Z,smtp.fastmail.com,465,0,1 \
	--srv-host=_submission._tcp.sg.$Z,smtp.sendgrid.net,587,0,1 \
	--srv-host=_submission._tcp.both.$Z,mail.both.$Z,587,0,1 \
	--mx-host=both.$Z,aspmx.l.google.com,1 \
	--mx-host=plain.$Z,mx.plain.$Z,10 \
	--srv-host=_submissions._tcp.xn--bcher-kva.$Z,mail.xn--bcher-kva.$Z,465,0,1 \
	--host-record=aspmx.l.google.com,127.0.0.1 \
	--address=/missing.$Z/ &
DNS_PID=$!
SILENT_PID=
trap 'kill $DNS_PID $SILENT_PID 2>/dev/null; wait $DNS_PID $SILENT_PID 2>/dev/null; srv_stop_all; tap_cleanup' EXIT
for _ in $(seq 50); do
	grep -q 'started' "$T/dnsmasq.log" 2>/dev/null && break
	sleep 0.1
done
if ! kill -0 $DNS_PID 2>/dev/null; then
	echo "1..0 # SKIP dnsmasq could not listen on $DNS_IP:53"
	exit 0
fi
# A resolver that swallows every question: a UDP socket that never answers.
"$SRV_PYTHON" -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
time.sleep(60)' $SILENT_IP &
SILENT_PID=$!
printf 'nameserver %s\noptions timeout:1 attempts:1\n' "$DNS_IP" >"$T/resolv.conf"
printf 'nameserver %s\n' "$DEAD_IP" >"$T/dead-resolv.conf"
printf 'nameserver %s\n' "$SILENT_IP" >"$T/silent-resolv.conf"

# in_ns RESOLV ARGS...: smtpwiz ARGS with that resolv.conf. The umount
# drops the resolver guard's bind mount (tests/resolver-guard.sh) in this
# namespace only: when another test has replaced the guard's file since,
# that mount points at a deleted file and cannot be mounted over.
in_ns() {
	local conf=$1
	shift
	OUT=$(unshare -m sh -c 'umount /etc/resolv.conf 2>/dev/null
		mount --bind "$0" /etc/resolv.conf && exec "$@"' \
		"$conf" "$SMTPWIZ" "$@" </dev/null 2>"$T/stderr")
	RC=$?
	ERR=$(cat "$T/stderr")
}

# lookup ADDRESS: --lookup --json with the test DNS
lookup() {
	in_ns "$T/resolv.conf" --lookup "$1" --json --timeout 5
}

# sug FIELD: a field of the suggested settings
sug() {
	json "d['suggested']['$1']"
}

# --- RFC 6186 / RFC 8314 SRV --------------------------------------------
lookup alice@srv.$Z
is "$RC" 0 "SRV domain: exit status 0"
is "$(sug source)/$(sug host)/$(sug port)/$(sug tls)" \
	"srv-submissions/mail.srv.$Z/465/tls" \
	"SRV domain: _submissions (implicit TLS) is suggested first"
is "$(json "[f['source'] for f in d['found']]")" \
	"['srv-submissions', 'srv-submission']" \
	"SRV domain: both SRV records found, the MX host is no suggestion"
is "$(json "d['found'][1]['host']+':'+str(d['found'][1]['port'])+' '+d['found'][1]['tls']")" \
	"mail.srv.$Z:587 starttls" "SRV domain: _submission gives 587 with STARTTLS"
is "$(json "d['found'][0]['record']")" \
	"_submissions._tcp.srv.$Z SRV 0 1 465 mail.srv.$Z" \
	"SRV domain: the record it came from"
is "$(sug username)/$(sug user)/$(sug provider)" "full address/alice@srv.$Z/None" \
	"SRV domain: user name is the full address, no provider"
is "$(json "[(m['host'], m['preference']) for m in d['mx']]")" \
	"[('mx.srv.$Z', 10)]" "SRV domain: the MX host is listed as such"
is "$(json "[q['status'] for q in d['queries']]")" "['found', 'found', 'found']" \
	"SRV domain: three DNS questions, all answered"
like "$(cat "$T/dnsmasq.log")" "query\[SRV\] _submissions\._tcp\.srv\.$Z" \
	"the questions went to the test DNS server"

in_ns "$T/resolv.conf" --lookup alice@srv.$Z
is "$RC" 0 "text: exit status 0"
like "$OUT" "Suggested settings \(from srv-submissions\):" "text: names the source"
like "$OUT" "host +mail\.srv\.$Z" "text: the host"
like "$OUT" "port +465" "text: the port"
like "$OUT" "tls +tls" "text: the TLS mode"
like "$OUT" "_submissions\._tcp\.srv\.$Z SRV 0 1 465 mail\.srv\.$Z" \
	"text: where it came from"
like "$OUT" "MX 10 mx\.srv\.$Z: incoming mail server" \
	"text: the MX host is shown as the incoming server"

lookup bob@sub.$Z
is "$(json "[(f['host'], f['port']) for f in d['found']]")" \
	"[('smtp1.sub.$Z', 587), ('smtp2.sub.$Z', 2525)]" \
	"SRV priorities: lowest first"
is "$(json "d['queries'][0]['status']")" not-found \
	"no _submissions record: not-found (NXDOMAIN)"

lookup carol@dot.$Z
is "$RC" 1 "SRV target '.': nothing found, exit status 1"
is "$(json "d['queries'][0]['status']")/$(json "d['suggested']")" \
	"not-offered/None" "SRV target '.': service not offered"

lookup ops@fm.$Z
is "$(sug source)/$(sug host)/$(sug provider)" "srv-submissions/smtp.fastmail.com/fastmail" \
	"SRV to a provider's host: the provider is recognised"
like "$(json "d['suggested']['notes']")" "app passwords" \
	"  and its notes come along"

lookup ops@sg.$Z
is "$(sug host)/$(sug port)/$(sug tls)/$(sug username)/$(sug user)" \
	"smtp.sendgrid.net/587/starttls/apikey/apikey" \
	"SRV to SendGrid: port from SRV, user name apikey"

lookup "$(printf 'dora@b\xc3\xbccher.%s' $Z)"
is "$(json "d['domain']")/$(sug host)" "xn--bcher-kva.$Z/mail.xn--bcher-kva.$Z" \
	"an international domain is looked up in its ASCII form"

# --- hosted providers recognised by MX (names answered by the test DNS) --
lookup alice@gw.$Z
is "$RC" 0 "Google-hosted domain: exit status 0"
is "$(sug source)/$(sug provider)/$(sug host)/$(sug port)/$(sug tls)" \
	"mx/google-workspace/smtp.gmail.com/465/tls" \
	"MX at google.com: Google Workspace's submission server"
is "$(json "len(d['found'])")/$(sug record)" "1/gw.$Z MX 1 aspmx.l.google.com" \
	"  one finding, from the most preferred MX"
is "$(sug user)" "alice@gw.$Z" "  user name: the full address"
unlike "$(cat "$T/dnsmasq.log")" "query\[[A-Z]+\] [^ ]*google\.com" \
	"  no further lookup of the provider's names"

lookup alice@ms.$Z
is "$(sug provider)/$(sug host)/$(sug port)/$(sug tls)" \
	"microsoft365/smtp.office365.com/587/starttls" \
	"MX at mail.protection.outlook.com: Microsoft 365"
lookup alice@zeu.$Z
is "$(sug provider)/$(sug host)/$(sug port)" "zoho-pro-eu/smtppro.zoho.eu/465" \
	"MX at mx.zoho.eu: Zoho EU for custom domains"
lookup alice@mg.$Z
is "$(sug provider)/$(sug host)/$(sug username)" \
	"mailgun-eu/smtp.eu.mailgun.org/SMTP credential" \
	"MX at mxa.eu.mailgun.org: Mailgun EU"

lookup alice@both.$Z
is "$(json "[f['source'] for f in d['found']]")/$(sug host)" \
	"['srv-submission', 'mx']/mail.both.$Z" \
	"SRV and a provider's MX: both listed, the SRV record wins"

# --- nothing to find -------------------------------------------------------
lookup alice@plain.$Z
is "$RC" 1 "unknown MX only: exit status 1"
is "$(json "d['suggested']")/$(json "d['found']")/$(json "d['mx'][0]['host']")" \
	"None/[]/mx.plain.$Z" "unknown MX only: never suggested"
in_ns "$T/resolv.conf" --lookup alice@plain.$Z
like "$OUT" "No submission server found" "text: says nothing was found"

lookup alice@missing.$Z
is "$RC" 1 "NXDOMAIN: exit status 1"
is "$(json "[q['status'] for q in d['queries']]")" \
	"['not-found', 'not-found', 'not-found']" "NXDOMAIN: every question"

in_ns "$T/resolv.conf" --lookup alice@refused.smtpwiz-other.test --json --timeout 5
is "$RC" 1 "refusing resolver: exit status 1"
is "$(json "[q['status'] for q in d['queries']]")" \
	"['failure', 'failure', 'failure']" "refusing resolver: failure, not timeout"
in_ns "$T/resolv.conf" --lookup alice@refused.smtpwiz-other.test
like "$OUT" "DNS did not answer every question" "text: says DNS failed"

in_ns "$T/dead-resolv.conf" --lookup alice@srv.$Z --json --timeout 5
is "$RC/$(json "d['queries'][0]['status']")" 1/failure "no resolver listening: failure"

start=$(date +%s%N)
in_ns "$T/silent-resolv.conf" --lookup alice@srv.$Z --json --timeout 3
elapsed=$((($(date +%s%N) - start) / 1000000))
is "$RC/$(json "d['queries'][0]['status']")" 1/timeout "silent resolver: timeout"
ok $([ "$elapsed" -le 4000 ]; echo $?) \
	"silent resolver: verdict in ${elapsed} ms (--timeout 3, limit 4000)"

# --- presets need no DNS --------------------------------------------------
: >"$T/dnsmasq.log"
for spec in alice@gmail.com=smtp.gmail.com:465:tls \
	alice@hotmail.com=smtp-mail.outlook.com:587:starttls \
	alice@yahoo.com=smtp.mail.yahoo.com:465:tls \
	alice@aol.com=smtp.aol.com:465:tls \
	alice@icloud.com=smtp.mail.me.com:587:starttls \
	alice@fastmail.com=smtp.fastmail.com:465:tls \
	alice@zohomail.eu=smtp.zoho.eu:465:tls \
	alice@gmx.de=mail.gmx.net:465:tls \
	alice@proton.me=127.0.0.1:1025:starttls; do
	lookup "${spec%%=*}"
	is "$RC $(sug source) $(sug host):$(sug port):$(sug tls)" \
		"0 preset ${spec#*=}" "${spec%%=*}: the preset"
done
unlike "$(cat "$T/dnsmasq.log")" "query\[" "presets: not one DNS question"

# --- usage -----------------------------------------------------------------
run --lookup 'alice@[192.0.2.1]'
is "$RC" 2 "an address literal domain: usage error"
like "$ERR" "not an email address or a domain name" "  with a reason"
run --lookup alice@gmail.com --check
is "$RC" 2 "--lookup with --check: usage error"
run --lookup alice@gmail.com --host x.example
is "$RC" 2 "--lookup with --host: usage error"
run --lookup
is "$RC" 2 "--lookup without an address: usage error"

# --- the dns step: the host is the sender domain's MX ---------------------
CLOSED=$(srv_closed_port)
check_ns() {
	in_ns "$T/resolv.conf" --check --json --timeout 3 --port "$CLOSED" \
		--tls starttls "$@"
}
step() {
	json "[s for s in d['steps'] if s['id']=='$1'][0]['$2']"
}

check_ns --host mx.srv.$Z --from alice@srv.$Z
is "$(step dns status)/$(step dns cause)" warn/dns-mx-host \
	"host = the sender domain's MX: dns warns dns-mx-host"
like "$(step dns evidence)" "mx\.srv\.$Z is an incoming mail server \(MX 10\) of the sender's domain srv\.$Z" \
	"  the evidence names the MX record"
like "$(step dns hint)" "smtpwiz --lookup srv\.$Z" "  the hint points to --lookup"
like "$(cat "$T/dnsmasq.log")" "query\[MX\] srv\.$Z" "  the MX lookup went to the test DNS"

check_ns --host mail.srv.$Z --from alice@srv.$Z
is "$(step dns status)/$(step dns cause)" warn/dns-loopback \
	"host = the SRV submission host: no MX warning"

check_ns --host aspmx.l.google.com --from alice@gw.$Z
is "$(step dns cause)" dns-mx-host "host = Google's MX: dns-mx-host"
like "$(step dns hint)" "For Google Workspace, the submission server is smtp\.gmail\.com, port 465 with implicit TLS" \
	"  the hint names Google's submission server"

check_ns --host mx.srv.$Z
is "$(step dns cause)" dns-loopback "no sender address: no MX check"

tap_done
