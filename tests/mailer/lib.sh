# Shared by the system-mailer tests (tests/mailer/test_*.sh): TAP helpers,
# the scripted loopback servers, and a private Postfix instance turned
# into a client that relays to them (tests/servers/postfix.sh).
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"
. "$SRCDIR/tests/servers/postfix.sh"
trap 'pf_stop; srv_stop_all; tap_cleanup' EXIT

CERTS="$T/certs"
mkdir -p "$CERTS"
sh "$SRCDIR/tests/certs/mkcerts.sh" "$CERTS" >/dev/null ||
	{ echo "Bail out! cannot make test certificates"; exit 1; }
chmod 755 "$T" "$CERTS"
chmod 644 "$CERTS"/*.pem

PW='Mailer-t3st-pw'

# pf_client RELAYHOST: PF_DIR's main.cf becomes a client's: mail for
# other domains goes to RELAYHOST (a loopback server the test started),
# through the smtp transport; still no DNS, nothing else routed.
pf_client() {
	sed -i '/^default_transport\|^relay_transport/d' "$PF_DIR/etc/main.cf"
	pf_main "relayhost = $1" 'default_transport = smtp' \
		'relay_transport = smtp' 'smtp_tls_security_level = may' \
		"smtp_tls_CAfile = $CERTS/ca.pem" \
		'maximal_backoff_time = 4000s' 'minimal_backoff_time = 3000s' \
		'queue_run_delay = 3000s'
}

# pf_inject N RCPT: N messages from the sendmail interface of the private
# instance (postdrop into its maildrop; pickup takes them).
pf_inject() {
	local i
	for ((i = 0; i < $1; i++)); do
		printf 'Subject: smtpwiz test %s\n\nhello\n' "$i" |
			sendmail -C "$PF_DIR/etc" -f "app@smtpwiz.test" "$2" || return 1
	done
}

# pf_wait_deferred N: waits (at most 60 s) until N messages carry a
# delay_reason in the deferred queue.
pf_wait_deferred() {
	local i n
	for ((i = 0; i < 600; i++)); do
		n=$(postqueue -c "$PF_DIR/etc" -j 2>/dev/null | grep -c '"queue_name": *"deferred"')
		[ "$n" -ge "$1" ] && return 0
		sleep 0.1
	done
	echo "# only $n of $1 messages deferred after 60 s; the log:" >&2
	sed 's/^/#   /' "$PF_LOG" | tail -20 >&2
	return 1
}
