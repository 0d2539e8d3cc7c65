#!/bin/bash
# The wizard's email address screen (issue 7) in a real terminal: a
# well-known provider's preset is offered as the address is typed, without
# any DNS question, and applied; other domains are looked up in the
# background (SRV, then MX) against a DNS server this test starts
# (dnsmasq on 127.0.0.67, test zone smtpwiz.test; a subdomain forwarded to
# a silent resolver on 127.0.0.68). The tmux server, and so the wizard,
# runs in a private mount namespace whose resolv.conf points at that
# server (lib.sh: NS_RESOLV): no name ever reaches the machine's resolver.
# Addresses 127.0.0.67-68 keep clear of test_dns.sh (.53/.54) and
# test_lookup.sh (.63-.65) when they run in parallel.
set -u

: "${SMTPWIZ:?SMTPWIZ must name the smtpwiz binary}"
: "${SRCDIR:=.}"
# dnsmasq on a fixed 127.0.0.x:53: a loopback of its own (resolver-guard.sh).
SMTPWIZ_PRIVATE_NET=1
. "$SRCDIR/tests/resolver-guard.sh"
: "${SRCDIR:=.}"

if [ "$(id -u)" -ne 0 ] || ! command -v dnsmasq >/dev/null ||
	! unshare -m true 2>/dev/null; then
	echo "1..0 # SKIP needs root, dnsmasq and mount namespaces"
	exit 0
fi

. "$SRCDIR/tests/tui/lib.sh"

SRV_PYTHON=/usr/bin/python3
DNS_IP=127.0.0.67
SILENT_IP=127.0.0.68
Z=smtpwiz.test
DNS_PID=
SILENT_PID=
test_cleanup() {
	[ -n "$DNS_PID$SILENT_PID" ] && kill $DNS_PID $SILENT_PID 2>/dev/null
	[ -n "$DNS_PID$SILENT_PID" ] && wait $DNS_PID $SILENT_PID 2>/dev/null
}

# A resolver that swallows every question: a UDP socket that never answers.
"$SRV_PYTHON" -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
time.sleep(120)' $SILENT_IP &
SILENT_PID=$!
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
	--listen-address=$DNS_IP --bind-interfaces --port=53 --user=root \
	--pid-file="$TMP/dnsmasq.pid" --log-facility="$TMP/dnsmasq.log" \
	--log-queries --local=/$Z/ \
	--srv-host=_submissions._tcp.srv.$Z,mail.srv.$Z,465,0,1 \
	--srv-host=_submission._tcp.srv.$Z,mail.srv.$Z,587,0,1 \
	--mx-host=srv.$Z,mx.srv.$Z,10 \
	--host-record=mail.srv.$Z,127.0.0.1 \
	--mx-host=ms.$Z,ms-smtpwiz-test.mail.protection.outlook.com,0 \
	--mx-host=plain.$Z,mx.plain.$Z,10 \
	--server=/slow.$Z/$SILENT_IP &
DNS_PID=$!
for _ in $(seq 50); do
	grep -q 'started' "$TMP/dnsmasq.log" 2>/dev/null && break
	sleep 0.1
done
if ! kill -0 $DNS_PID 2>/dev/null; then
	echo "1..0 # SKIP dnsmasq could not listen on $DNS_IP:53"
	exit 0
fi
printf 'nameserver %s\noptions timeout:1 attempts:1\n' "$DNS_IP" \
	>"$TMP/resolv.conf"
NS_RESOLV=$TMP/resolv.conf

dns_log() { cat "$TMP/dnsmasq.log"; }
# no_dns_question: the test DNS server was not asked anything since the
# log was cleared (its own start-up lines do not count).
no_dns_question() { ! grep -q 'query\[' "$TMP/dnsmasq.log"; }
# At the email address screen of a fresh wizard.
to_email_screen() {
	wait_for "Welcome" || return 1
	keys Enter
	wait_for "Your email address (step 2 of 7)"
}
# The pause before a lookup (800 ms) and then some: long enough for a
# lookup that should not happen to show in the DNS log.
quiet_pause() { sleep 1.5; }

# ---- a preset: offered as typed, no DNS, applied ------------------------------

start gmail
to_email_screen
: >"$TMP/dnsmasq.log"
type_text "gmail.com"
check "a bare domain: Gmail offered" \
	wait_for "Gmail: smtp.gmail.com, port 465, implicit TLS"
check "a bare domain: says so" wait_for "a domain only: the user name and"
keys C-u
type_text "alice@gmail.com"
check "alice@gmail.com: Gmail offered" \
	wait_for "Gmail: smtp.gmail.com, port 465, implicit TLS; user name: your"
check "the user name form is shown" wait_for "user name: your full email"
check "the provider's note is shown" \
	wait_for "Use an app password, not the account password"
check "a Use these settings button" wait_for "[ Use these settings ]"
quiet_pause
check "a preset asks DNS nothing" no_dns_question
keys F1
check "F1 lists the provider's notes" wait_for "Notes for Gmail:"
keys Escape
wait_for "Your email address (step 2 of 7)"
screen >"$TMP/offer.txt"
keys Enter
check "Enter uses the settings: server screen" wait_for "Server (step 3 of 7)"
check "host filled in" wait_for "Host name:  [smtp.gmail.com "
check "port filled in" wait_for "Port:       [465 "
check "says where the values came from" \
	wait_for "Filled in from Gmail; change anything you need."
keys Enter
check "no port/mode question: the mode came along" \
	wait_for "Security (step 4 of 7)"
check "implicit TLS chosen" wait_for "(*) Implicit TLS"
keys Enter
check "sign-in screen" wait_for "Sign-in (step 5 of 7)"
check "sign-in: the provider's advice" \
	wait_for "Gmail: the user name is your full email address."
check "sign-in: the app password note" wait_for "Use an app password"
check "user name filled in" wait_for "User name:  [alice@gmail.com "
keys F1
check "sign-in: F1 lists the provider's notes" wait_for "Notes for Gmail:"
keys Escape
wait_for "Sign-in (step 5 of 7)"
keys Tab
type_text "app-pass-1234"
keys Enter
check "addresses screen" wait_for "Addresses (step 6 of 7)"
check "sender filled in" wait_for "Sender:          [alice@gmail.com "
keys Enter
check "summary" wait_for "Summary (step 7 of 7)"
check "summary shows the preset's server" wait_for "smtp.gmail.com, port 465"
keys Enter
check "saved" wait_for "Saved to $CONF"
check "saved: host" conf_has "host = 'smtp.gmail.com'"
check "saved: port" conf_has "port = 465"
check "saved: TLS mode" conf_has "tls = tls"
check "saved: user name" conf_has "username = 'alice@gmail.com'"
check "saved: sender" conf_has "from = 'alice@gmail.com'"
check "the address itself is no setting" \
	eval '! grep -qE "^(email|address)" "$CONF"'

# ---- Next goes on without the suggestion ----------------------------------------

start skip
to_email_screen
type_text "bob@yahoo.com"
wait_for "Yahoo Mail: smtp.mail.yahoo.com, port 465"
keys Tab Tab Tab
keys Enter
check "Next: server screen" wait_for "Server (step 3 of 7)"
check "Next: nothing filled in" wait_for "Host name:  [                "

# ---- values of the user's own: asked before they are replaced -------------------

cat >"$TMP/own.conf" <<'EOF'
host = "smtp.old.example"
port = 587
tls = starttls
username = "bob"
password = "old-password"
from = "bob@old.example"
EOF
SEED=$TMP/own.conf start own
to_email_screen
type_text "alice@gmail.com"
wait_for "Gmail: smtp.gmail.com, port 465"
keys Enter
check "own values: asks first" wait_for "Use the settings of Gmail"
check "the question lists the host" \
	wait_for "host: smtp.old.example → smtp.gmail.com"
check "the question lists the user name" \
	wait_for "user name: bob → alice@gmail.com"
check "the question lists the sender" \
	wait_for "sender: bob@old.example → alice@gmail.com"
keys Escape
check "Esc cancels: still on the address screen" \
	wait_gone "Use the settings of Gmail"
check "Esc cancels: the offer stays" wait_for "[ Use these settings ]"
keys Enter
wait_for "Use the settings of Gmail"
keys Right Enter
check "Keep mine: server screen" wait_for "Server (step 3 of 7)"
check "Keep mine: the host stays" wait_for "Host name:  [smtp.old.example "
check "Keep mine: the port stays" wait_for "Port:       [587 "
keys Escape
wait_for "Your email address (step 2 of 7)"
keys Tab
keys Enter
check "the button asks again" wait_for "Use the settings of Gmail"
keys Enter
check "Replace: the preset's host" wait_for "Host name:  [smtp.gmail.com "
check "Replace: the preset's port" wait_for "Port:       [465 "
keys C-u
type_text "smtp-relay.example"
check "every value stays editable" wait_for "Host name:  [smtp-relay.example "
keys Tab C-u
type_text "587"
keys Enter
check "editing the port still offers the matching mode" \
	wait_for "Switch the mode to STARTTLS?"
keys Enter
wait_for "Security (step 4 of 7)"
keys Enter
wait_for "Sign-in (step 5 of 7)"
check "a host of no provider: the general sign-in advice" \
	wait_for "Most servers want you to sign in"
keys Enter
wait_for "Addresses (step 6 of 7)"
keys Enter
wait_for "Summary (step 7 of 7)"
keys Enter
check "own values: saved" wait_for "Saved to $CONF"
check "saved: the host as edited" conf_has "host = 'smtp-relay.example'"
check "saved: the port as edited" conf_has "port = 587"
check "saved: the mode as switched" conf_has "tls = starttls"
check "saved: the replaced user name" conf_has "username = 'alice@gmail.com'"
check "saved: the password untouched" conf_has "password = 'old-password'"

# ---- DNS: SRV records, a provider's MX, nothing, no answer ----------------------

start srv
to_email_screen
: >"$TMP/dnsmasq.log"
type_text "alice@srv.$Z"
check "SRV: looked up in the background" wait_for "Looking up srv.$Z..."
check "SRV: the suggestion" \
	wait_for "srv.$Z: mail.srv.$Z, port 465, implicit TLS;" 80
check "SRV: says where it came from" \
	wait_for "Found in the domain's SRV record _submissions._tcp.srv.$Z."
check "SRV: the question went to the test DNS server" \
	eval 'dns_log | grep -q "query\[SRV\] _submissions\._tcp\.srv\.$Z"'
keys Enter
check "SRV: host filled in" wait_for "Host name:  [mail.srv.$Z "
check "SRV: port filled in" wait_for "Port:       [465 "
check "SRV: the host resolves through the test DNS" \
	wait_for "resolves to 127.0.0.1"
keys Enter
wait_for "Security (step 4 of 7)"
keys Enter
wait_for "Sign-in (step 5 of 7)"
check "SRV: user name is the address" wait_for "User name:  [alice@srv.$Z "

start mx
to_email_screen
type_text "ops@ms.$Z"
check "MX: the hosting provider's settings" \
	wait_for "Microsoft 365: smtp.office365.com, port 587, STARTTLS;" 80
check "MX: says where it came from" \
	wait_for "Mail for ms.$Z is hosted by Microsoft 365"
keys Enter
wait_for "Server (step 3 of 7)"
check "MX: host filled in" wait_for "Host name:  [smtp.office365.com "
keys Enter
wait_for "Security (step 4 of 7)"
keys Enter
check "MX: sign-in shows the provider's notes" \
	wait_for "Microsoft 365: the user name is your full email address."
check "MX: the Authenticated SMTP note" wait_for "Authenticated SMTP"

start nothing
to_email_screen
type_text "alice@plain.$Z"
check "an MX of no provider: nothing found" \
	wait_for "Nothing found for plain.$Z: enter the server by hand" 80
check "nothing found: no button" screen_lacks "Use these settings"
keys Enter
check "nothing found: Enter goes on" wait_for "Server (step 3 of 7)"

start silent
to_email_screen
type_text "alice@slow.$Z"
check "silent DNS: looking up" wait_for "Looking up slow.$Z..."
started=$(date +%s%N)
keys F1
check "silent DNS: the keyboard still works (F1)" \
	wait_for "Help: Your email address" 10
keys Escape
check "silent DNS: still looking up meanwhile" wait_for "Looking up slow.$Z..."
keys Enter
check "silent DNS: Enter waits for the lookup" \
	wait_for "Still looking up slow.$Z"
check "silent DNS: gives up with a reason" \
	wait_for "DNS gave no answer for slow.$Z (timeout)" 100
elapsed=$((($(date +%s%N) - started) / 1000000))
check "silent DNS: verdict in ${elapsed} ms (limit 7000)" \
	test "$elapsed" -le 7000

echo "# the email address screen with a preset offered:"
sed 's/^/#   |/' "$TMP/offer.txt"
echo "1..$count"
