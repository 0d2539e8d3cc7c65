#!/bin/bash
# smtpwiz against a real Exim 4.96 (Debian's exim4-daemon-light, unpacked
# by tools/install-deps, run privately on loopback: tests/servers/exim.sh).
# The refusals are Exim's own texts: a wrong password, relaying refused by
# the ACL of Exim's default configuration, a failed sender verification,
# an unroutable recipient, a message over message_size_limit, a client over
# smtp_accept_max_per_host.
. "$SRCDIR/tests/mta/lib.sh"
. "$SRCDIR/tests/servers/exim.sh"
trap 'ex_stop; srv_stop_all; tap_cleanup' EXIT

if ! ex_available; then
	echo "1..0 # SKIP needs root, mount namespaces and Exim unpacked in $EX_ROOT (tools/install-deps)"
	exit 0
fi


ex_setup || { echo "Bail out! cannot set up Exim"; exit 1; }
cp "$CERTS/server.pem" "$EX_DIR/cert.pem"
cp "$CERTS/server-key.pem" "$EX_DIR/key.pem"
{
	ex_main
	cat <<CONF
domainlist local_domains = $D
acl_smtp_mail = acl_check_mail
acl_smtp_rcpt = acl_check_rcpt
message_size_limit = \${if eq{\$received_port}{$EX_PORT2}{400}{50M}}
smtp_accept_max_per_host = \${if eq{\$received_port}{$EX_PORT2}{1}{}}

begin acl
acl_check_mail:
  deny    sender_domains = +local_domains
          !verify = sender
  accept

# As in Exim's default configuration (src/configure.default).
acl_check_rcpt:
  accept  authenticated = *
  require message = relay not permitted
          domains = +local_domains
  require verify = recipient
  accept

begin routers
mailboxes:
  driver = redirect
  domains = +local_domains
  local_parts = alice : bob
  data = :blackhole:
nowhere:
  driver = redirect
  domains = ! +local_domains
  data = :fail: no delivery off this machine

begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and {{eq{\$auth2}{$USER}}{eq{\$auth3}{$PW}}}}
  server_set_id = \$auth2
  server_advertise_condition = \${if def:tls_in_cipher}
login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = \${if and {{eq{\$auth1}{$USER}}{eq{\$auth2}{$PW}}}}
  server_set_id = \$auth1
  server_advertise_condition = \${if def:tls_in_cipher}
CONF
} >"$EX_DIR/exim.conf"
ex_start || { echo "Bail out! cannot start Exim"; exit 1; }

wizcheck "$EX_PORT" starttls "${login[@]}" --from "$USER" --to "bob@example.org" --send-test
expect_pass "Exim: the right login sends a message"

wizcheck "$EX_PORT" starttls --user "$USER" --password-file "$T/badpw" \
	--from "$USER" --to "bob@$D"
expect auth auth-failed '^535 Incorrect authentication data' "Exim: wrong password"

wizcheck "$EX_PORT" starttls --from "$USER" --to "carol@example.org"
expect recipient relay-denied '^550 relay not permitted' \
	"Exim: no login, another domain's recipient"

wizcheck "$EX_PORT" starttls "${login[@]}" --from "nobody@$D" --to "bob@$D"
expect sender sender-unverified 'Sender verify failed' \
	"Exim: the sender fails verification"

wizcheck "$EX_PORT" starttls --from "$USER" --to "nobody@$D"
expect recipient recipient-unknown '^550 Unrouteable address' \
	"Exim: a recipient no router accepts"

wizcheck "$EX_PORT2" starttls "${login[@]}" --from "$USER" --to "bob@$D" --send-test
expect message message-too-large '^552 Message size exceeds maximum permitted' \
	"Exim: the message exceeds message_size_limit"

# One connection held open (and greeted) uses up smtp_accept_max_per_host.
exec 3<>"/dev/tcp/127.0.0.1/$EX_PORT2"
read -r -t 10 greeting <&3
wizcheck "$EX_PORT2" starttls "${login[@]}" --from "$USER" --to "bob@$D"
expect greeting rate-limited '^421 Too many concurrent SMTP connections from this IP address' \
	"Exim: a second connection over smtp_accept_max_per_host"
exec 3<&-

wizcheck "$EX_TLS_PORT" tls --user "$USER" --password-file "$T/badpw" \
	--from "$USER" --to "bob@$D"
expect auth auth-failed '^535 Incorrect authentication data' \
	"Exim, implicit TLS: wrong password"

tap_done
