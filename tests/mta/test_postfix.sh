#!/bin/bash
# smtpwiz against a real Postfix 3.7 with Dovecot SASL, as Debian packages
# them, run as a private instance on loopback (tests/servers/postfix.sh):
# every refusal here is Postfix's own wording, and each case asserts the
# cause smtpwiz gives it. Submission with STARTTLS and
# smtpd_tls_auth_only, submissions (wrappermode), and listeners whose
# restrictions produce one refusal each.
. "$SRCDIR/tests/mta/lib.sh"
. "$SRCDIR/tests/servers/postfix.sh"
trap 'pf_stop; srv_stop_all; tap_cleanup' EXIT

if ! pf_available || ! command -v dovecot >/dev/null; then
	echo "1..0 # SKIP needs root, postfix and dovecot-core (tools/install-deps)"
	exit 0
fi


pf_setup || { echo "Bail out! cannot set up Postfix"; exit 1; }
pf_dovecot "$USER" "$PW" || { echo "Bail out! cannot start Dovecot"; exit 1; }
E=$PF_DIR/etc
pf_map vmailbox "$USER x" "bob@$D x" "grey@$D x"
pf_map senders "$USER $USER"
# postgrey's default answer (greylist_text in postgrey's source,
# https://github.com/schweikert/postgrey/blob/master/postgrey), here from
# an access map so no policy daemon is needed.
pf_map greylist "grey@$D DEFER_IF_PERMIT Greylisted, see http://postgrey.schweikert.ch/help/$D.html"
pf_main "smtpd_tls_cert_file = $CERTS/server.pem" \
	"smtpd_tls_key_file = $CERTS/server-key.pem" \
	"smtpd_tls_security_level = may" \
	"virtual_mailbox_domains = $D" \
	"virtual_mailbox_maps = hash:$E/vmailbox" \
	"virtual_transport = discard:" \
	"smtpd_sender_login_maps = hash:$E/senders" \
	"smtpd_client_event_limit_exceptions ="

# Submission as Debian's master.cf suggests it: TLS first, AUTH only
# inside TLS, the sender must belong to the login.
SUBMISSION=(-o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes
	-o smtpd_tls_auth_only=yes
	-o smtpd_sender_restrictions=reject_sender_login_mismatch
	-o "smtpd_recipient_restrictions=check_recipient_access hash:$E/greylist,permit_sasl_authenticated,reject_unauth_destination")
pf_listen smtpd "${SUBMISSION[@]}"
SUB=$PF_PORT
pf_listen smtpd -o smtpd_tls_wrappermode=yes -o smtpd_sasl_auth_enable=yes \
	-o "smtpd_recipient_restrictions=permit_sasl_authenticated,reject"
SUBS=$PF_PORT
pf_listen smtpd "${SUBMISSION[@]}" -o message_size_limit=400
SMALL=$PF_PORT
pf_listen smtpd -o smtpd_helo_required=yes \
	-o smtpd_helo_restrictions=reject_non_fqdn_helo_hostname
PICKY=$PF_PORT
pf_listen smtpd "${SUBMISSION[@]}" -o smtpd_client_message_rate_limit=1
RATE=$PF_PORT
pf_listen smtpd -o smtpd_tls_security_level=encrypt
TLSONLY=$PF_PORT
pf_listen smtpd -o smtpd_client_connection_count_limit=1
BUSY=$PF_PORT
pf_listen smtpd -o smtpd_sender_restrictions=reject_unverified_sender \
	-o address_verify_poll_delay=1s
VERIFY=$PF_PORT
pf_start || { echo "Bail out! cannot start Postfix"; exit 1; }

# --- submission (STARTTLS) ---------------------------------------------
wizcheck "$SUB" starttls "${login[@]}" --from "$USER" --to "bob@$D" --send-test
expect_pass "submission: the right login sends a message"

wizcheck "$SUB" starttls --user "$USER" --password-file "$T/badpw" \
	--from "$USER" --to "bob@$D"
expect auth auth-failed '^535 5\.7\.8 Error: authentication failed' \
	"submission: wrong password"

wizcheck "$SUB" starttls --from "someone@example.com" --to "carol@example.org"
expect recipient relay-denied 'Relay access denied' \
	"submission: no login, another domain's recipient"

wizcheck "$SUB" starttls --from "$USER" --to "carol@example.org"
expect recipient auth-required 'Sender address rejected: not logged in' \
	"submission: no login, a sender that needs one"

wizcheck "$SUB" starttls "${login[@]}" --from "other@$D" --to "bob@$D"
expect recipient sender-rejected 'Sender address rejected: not owned by user' \
	"submission: sender login mismatch"

wizcheck "$SUB" starttls "${login[@]}" --from "$USER" --to "nobody@$D"
expect recipient recipient-unknown 'User unknown in virtual mailbox table' \
	"submission: unknown recipient in the virtual mailbox table"

wizcheck "$SUB" starttls "${login[@]}" --from "$USER" --to "grey@$D"
expect recipient greylisted '^450 4\.7\.1 .*Greylisted' \
	"submission: greylisted recipient"

wizcheck "$SMALL" starttls "${login[@]}" --from "$USER" --to "bob@$D" --send-test
# smtpd's own count or cleanup's queue file limit, whichever trips first.
expect message message-too-large \
	'^552 5\.3\.4 (Message size exceeds fixed limit|Error: message file too big)' \
	"message_size_limit: the test message is too large"

wizcheck "$RATE" starttls "${login[@]}" --from "$USER" --to "bob@$D"
expect_pass "smtpd_client_message_rate_limit=1: the first MAIL passes"
wizcheck "$RATE" starttls "${login[@]}" --from "$USER" --to "bob@$D"
expect sender rate-limited '^450 4\.7\.1 Error: too much mail from' \
	"smtpd_client_message_rate_limit=1: the second MAIL"

wizcheck "$TLSONLY" none --from "someone@example.com" --to "bob@$D"
expect sender auth-tls-required '^530 5\.7\.0 Must issue a STARTTLS command first' \
	"smtpd_tls_security_level=encrypt: MAIL without STARTTLS"

# One connection held open (and greeted, so anvil counts it) uses up
# smtpd_client_connection_count_limit=1.
exec 3<>"/dev/tcp/127.0.0.1/$BUSY"
read -r -t 10 greeting <&3
wizcheck "$BUSY" starttls --from "someone@example.com" --to "bob@$D"
expect greeting rate-limited '^421 4\.7\.0 .*Error: too many connections from' \
	"smtpd_client_connection_count_limit=1: a second connection"
exec 3<&-

# Sender address verification: the probe for a sender no transport here
# can reach comes back "unverified"; until it is back Postfix answers
# "verification in progress" (bounded: 20 tries, 0.5 s apart).
for _ in $(seq 20); do
	wizcheck "$VERIFY" starttls --from "someone@example.com" --to "bob@$D"
	failed_evidence | grep -q 'in progress' || break
	sleep 0.5
done
expect recipient sender-unverified '^450 4\.1\.7 .*Sender address rejected: unverified address: no delivery' \
	"reject_unverified_sender: a sender the verification probe cannot reach"

# --- submissions (implicit TLS, wrappermode) ------------------------------
wizcheck "$SUBS" tls "${login[@]}" --from "$USER" --to "bob@$D"
expect_pass "submissions: the right login passes"

wizcheck "$SUBS" tls --user "$USER" --password-file "$T/badpw" \
	--from "$USER" --to "bob@$D"
expect auth auth-failed '^535 5\.7\.8 Error: authentication failed' \
	"submissions: wrong password"

# --- HELO restrictions (answered at RCPT: smtpd_delay_reject) -------------
printf 'helo_name = "client"\n' >"$T/helo.conf"
wizcheck "$PICKY" starttls --config "$T/helo.conf" --from "someone@example.com" \
	--to "bob@$D"
expect recipient ehlo-rejected 'Helo command rejected: need fully-qualified hostname' \
	"reject_non_fqdn_helo_hostname: a single-label HELO name"

tap_done
