#!/bin/bash
# What a new user tripped over (issue 17), driven in a real 80x24 terminal:
# cut text marked with an ellipsis, the address filling the user name and
# sender, Tab between groups on the Security screen (the CA path lands in
# its field), "Do not store the password", the backup choice, and a local
# relay on localhost passing without a warning. TAP output.
set -u

: "${SMTPWIZ:?SMTPWIZ must name the smtpwiz binary}"
: "${SRCDIR:=.}"
. "$SRCDIR/tests/resolver-guard.sh"
: "${SRCDIR:=.}"

. "$SRCDIR/tests/tui/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"

CERTS=$TMP/certs
PW='Us4bility-pw'
sh "$SRCDIR/tests/certs/mkcerts.sh" "$CERTS" >/dev/null || exit 1
srv_start smtpserver --cert "$CERTS/server.pem" --key "$CERTS/server-key.pem" \
	--user jane@unknown.test --password "$PW" --tls starttls \
	--auth-mechs "PLAIN LOGIN" || exit 1
PORT=$SRV_PORT

step_is() { screen | grep -qE " $2 +$1( |\$)"; }
# focus_on TEXT: the cursor's row shows TEXT (the field being typed in).
focus_on() {
	local y
	y=$(tm display -p -t w '#{cursor_y}')
	screen | sed -n "$((y + 1))p" | grep -qF -- "$1"
}

# to_summary: from the welcome screen of a pre-filled wizard, Enter through
# every screen to the summary.
to_summary() {
	wait_for "Welcome"
	for title in "Your email address" "Server" "Security" "Sign-in" \
		"Addresses" "Summary"; do
		keys Enter
		wait_for "$title (step" || return 1
	done
}

# ---- the address fills user name and sender; Tab groups; no stored password

start flow
wait_for "Welcome"
keys Enter
wait_for "Email address:"
type_text "jane@unknown.test"
# An unknown domain: the lookup finds nothing (no DNS here), Next goes on.
keys Tab Tab
keys Enter
check "server screen" wait_for "Server (step 3 of 7)"
check "the port field is short" eval 'screen | grep -qE "Port: +\[587 {5}\] *$"'
type_text "localhost"
keys Tab C-u
type_text " $PORT "
check "a port with spaces around it is accepted" wait_for "[ $PORT "
check "  and not refused for the spaces" screen_lacks "no sign, space"
keys Enter
check "security screen" wait_for "Security (step 4 of 7)"
check "focus starts on the chosen radio" wait_for "(*) STARTTLS"
type_text "x"
check "a letter on a radio says what the item is" wait_for "This is a choice"
keys Down
keys Up
check "Up and Down stay within the radios" wait_for "Security (step 4 of 7)"
keys Tab Tab
type_text "$CERTS/ca.pem"
check "two Tabs from STARTTLS: the CA path is in its field" \
	wait_for "[$CERTS/ca.pem"
keys Enter
check "sign-in screen" wait_for "Sign-in (step 5 of 7)"
check "the address prefilled the user name" wait_for "[jane@unknown.test"
keys Tab
type_text "$PW"
keys Tab Space
check "Do not store the password: ticked" wait_for "[x] Do not store the password"
check "the screen says how --check gets it" \
	wait_for "used for the test only"
keys Enter
check "addresses screen" wait_for "Addresses (step 6 of 7)"
check "the address prefilled the sender" wait_for "[jane@unknown.test"
keys Tab
type_text "bob@example.net"
keys Enter
check "summary" wait_for "Summary (step 7 of 7)"
check "summary names the CA file" wait_for "certificate verified with ${CERTS:0:12}"
check "summary: the port as a number" wait_for "localhost, port $PORT"
check "summary: password not stored" wait_for "password not stored in the file"
keys Enter
check "saved" wait_for "Saved to $CONF"
check "the file has no password" eval '! grep -q "^password" "$CONF"'
check "the file has the user name" conf_has "username = 'jane@unknown.test'"
check "the file has the CA file" conf_has "ca_file = '$CERTS/ca.pem'"
check "the file has the port as a number" conf_has "port = $PORT"
flow_conf=$CONF

# ---- the test: localhost is a local relay, no warning; ellipsis ------------

keys Tab Enter
check "the test runs" wait_for "smtpwiz: Test"
check "the run finishes" wait_for "Finished:" 300
check "localhost: DNS passes, no dns-loopback warning" step_is "DNS lookup" pass
check "localhost: nothing failed" wait_for ", 0 failed"
check "localhost: only deliverability may warn (no DNS here)" \
	eval '! screen | grep -E "WARN" | grep -vq "Deliverability"' 
check "the password typed but not stored was used" step_is Authentication pass
keys Escape
wait_for "Summary (step 7 of 7)"
keys F10
check "quits" status_is 0
check "--check reads the file and says where the password came from" eval \
	'SMTPWIZ_PASSWORD="$PW" "$SMTPWIZ" --check --config "$CONF" </dev/null |
		grep -q "Password: from the environment"'

# A long summary is cut with an ellipsis, and Enter shows all of it.
seed=$TMP/refused.conf
printf "host = 'localhost'\nport = %s\ntls = starttls\nfrom = 'a@example.com'\ntimeout = 15\n" \
	"$(srv_closed_port)" >"$seed"
chmod 600 "$seed"
SEED=$seed start cut
to_summary
keys Tab Enter
check "cut: the run finishes" wait_for "Finished:" 300
check "cut: TCP connection fails" step_is "TCP connection" FAIL
check "cut: the long summary ends in an ellipsis" \
	eval 'screen | grep -E "FAIL +TCP connection" | grep -q "…"'
check "cut: the details panel has the whole summary" \
	wait_for "The server refused the connection on this port"
keys Escape
wait_for "Summary (step 7 of 7)"
keys F10
exit_status >/dev/null

# ---- the backup is the user's choice ----------------------------------------

SEED=$flow_conf start backup
to_summary
check "backup: an existing file offers the choice" \
	wait_for "[x] Keep the previous file as .bak"
printf 'stale\n' >"$CONF.bak"
chmod 600 "$CONF.bak"
keys BTab
keys Space
check "backup: turned off" wait_for "[ ] Keep the previous file as .bak"
keys Tab Enter
check "backup: saved" wait_for "Saved to"
check "backup: no .bak, and the old one is gone" test ! -e "$CONF.bak"
keys F10
exit_status >/dev/null

echo "1..$count"
