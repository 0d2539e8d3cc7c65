#!/bin/bash
# The wizard in a real terminal: tmux runs smtpwiz in an 80x24 pane,
# send-keys types, capture-pane reads the screen, and the files the wizard
# writes are checked afterwards. Every wait is a bounded poll (100 ms steps),
# never a fixed sleep. TAP output.
set -u

: "${SMTPWIZ:?SMTPWIZ must name the smtpwiz binary}"
: "${SRCDIR:=.}"
. "$SRCDIR/tests/resolver-guard.sh"
: "${SRCDIR:=.}"

. "$SRCDIR/tests/tui/lib.sh"

# ---- driving the wizard ----------------------------------------------------

# fill_wizard HOST PORT MODE USER PASSWORD FROM TO [CA-FILE]: from the
# welcome screen to the summary of a fresh configuration. MODE is starttls,
# tls or none; an empty USER means no authentication.
fill_wizard() {
	local host=$1 port=$2 mode=$3 user=$4 pass=$5 from=$6 to=$7 ca=${8:-}
	keys Enter
	wait_for "Email address:" || return 1
	keys Enter
	wait_for "Host name:" || return 1
	keys C-u
	type_text "$host"
	keys Tab C-u
	type_text "$port"
	keys Enter
	if [ "$port" = 465 ] && wait_for "Switch the mode" 10; then
		keys Enter
	fi
	wait_for "Verify the certificate" || return 1
	# The focus starts on the chosen radio; the arrows move within the
	# radios, Tab from them to the next group: Verify, then the CA file
	# (with no encryption both are off: Back, then Next).
	case $mode in
	none) keys Up Space Escape Tab Tab ;;
	tls) [ "$port" = 465 ] || keys Down Space Escape
		keys Tab Tab ;;
	*) keys Tab Tab ;;
	esac
	[ -n "$ca" ] && type_text "$ca"
	keys Enter
	wait_for "User name:" || return 1
	if [ -z "$user" ]; then
		keys BTab Space Enter
	else
		type_text "$user"
		keys Tab
		type_text "$pass"
		keys Enter
	fi
	wait_for "Sender:" || return 1
	type_text "$from"
	keys Tab
	type_text "$to"
	keys Enter
	wait_for "Summary (step 7 of 7)"
}

# From the summary: the Test button, then until the run is over.
run_test() {
	keys Tab Enter
	wait_for "smtpwiz: Test" || return 1
	wait_for "Finished:" 300
}
# step_is LABEL WORD: the checklist shows that step with that state word.
step_is() { screen | grep -qE " $2 +$1( |\$)"; }

# ---- the whole flow, screen by screen ---------------------------------------

start flow
wait_for "Welcome"
check "pane is 80x24" pane_is 80x24
check "welcome names the file" wait_for "$CONF"
check "welcome says the file is new" wait_for "does not exist yet"

keys Enter
check "email address screen" wait_for "Your email address (step 2 of 7)"
check "the address is optional" \
	wait_for "optional: leave it empty to enter the server by hand"
check "no suggestion button while empty" screen_lacks "Use these settings"
keys F1
check "F1 explains the email address screen" wait_for "Help: Your email address"
keys Escape
wait_for "Your email address (step 2 of 7)"
keys Enter
check "server screen" wait_for "Server (step 3 of 7)"
type_text "smtp://x"
check "live validation of the host" \
	wait_for "remove the smtp:// prefix: enter only the host name"
keys Enter
check "Next refused while the host is wrong" wait_for "Cannot go on:"
keys C-u
type_text "localhost"
check "host accepted as typed" wait_gone "remove the smtp://"
check "host resolved in the background" wait_for "resolves to 127.0.0.1"
keys Tab C-u
type_text "99999"
check "port validated" wait_for "the port must be a number from 1 to 65535"
keys C-u
type_text "465"
check "port 465 recognised" wait_for "the usual port for implicit TLS"
keys Enter
check "port 465 offers implicit TLS" wait_for "Switch the mode to implicit TLS?"
keys Enter
check "security screen" wait_for "Security (step 4 of 7)"
check "implicit TLS chosen" wait_for "(*) Implicit TLS"
keys Tab Space
check "turning verification off asks first" \
	wait_for "Certificate verification"
keys Escape
check "verification stays on" wait_for "[x] Verify the certificate"
keys F1
check "F1 shows help for the screen" wait_for "Help: Security"
keys Escape
check "help closes" wait_for "Security (step 4 of 7)"

keys Enter
check "sign-in screen" wait_for "Sign-in (step 5 of 7)"
type_text "jane@example.com"
keys Tab
type_text "S3cr3t-pw"
check "password masked" wait_for "[*********  "
check "password text not on screen" screen_lacks "S3cr3t-pw"
keys F2
check "F2 shows the password" wait_for "[S3cr3t-pw  "
keys C-t
check "Ctrl-T hides it again" wait_gone "S3cr3t-pw"

keys Enter
check "addresses screen" wait_for "Addresses (step 6 of 7)"
type_text "jane@@example.com"
check "sender validated" wait_for "the sender address has more than one @"
keys C-u
type_text "jane@example.com"
keys Tab
type_text "bob@example.org"
keys Enter
check "summary screen" wait_for "Summary (step 7 of 7)"
check "summary shows the server" wait_for "localhost, port 465"
check "summary hides the password" \
	wait_for "jane@example.com, password set (hidden)"
check "summary never shows the password" screen_lacks "S3cr3t-pw"

tm resize-window -t w -x 60 -y 15
check "too small: enlarge notice" wait_for "Enlarge the terminal"
tm resize-window -t w -x 80 -y 24
check "back to size: the screen returns" wait_for "Summary (step 7 of 7)"

keys Enter
check "save reports where" wait_for "Saved to $CONF"
check "file written" test -f "$CONF"
check "file mode 0600" test "$(mode_of "$CONF")" = 600
check "no backup for a new file" test ! -e "$CONF.bak"
check "host saved" conf_has "host = 'localhost'"
check "port saved" conf_has "port = 465"
check "TLS mode saved" conf_has "tls = tls"
check "verification saved" conf_has "tls_verify = true"
check "user saved" conf_has "username = 'jane@example.com'"
check "password saved" conf_has "password = 'S3cr3t-pw'"
check "sender saved" conf_has "from = 'jane@example.com'"
check "recipient saved" conf_has "test_recipient = 'bob@example.org'"

# The test screen. The engine scenarios (a passing run against a local
# server, a wrong password highlighting Authentication, Fix going to the
# sign-in screen) slot in here with fill_wizard + run_test + step_is.
keys Tab Enter
check "Test opens the checklist" wait_for "smtpwiz: Test"
check "settings step passes" wait_for "pass      Settings"
for label in "DNS lookup" "TCP connection" "Server greeting" "EHLO" \
	"TLS" "Certificate" "Authentication" "Sender" "Recipient" \
	"Test message"; do
	check "step visible: $label" wait_for "$label"
done
keys l
check "View log opens the protocol log" wait_for "Protocol log (passwords redacted)"
keys Escape
check "log closes" wait_for "smtpwiz: Test"
keys Escape
check "Esc goes back to the summary" wait_for "Summary (step 7 of 7)"

sum=$(cksum <"$CONF")
keys Tab Tab Enter
check "Back from the summary" wait_for "Addresses (step 6 of 7)"
keys Tab C-u
type_text "carol@example.org"
keys F10
check "F10 asks before losing changes" wait_for "Your changes are not saved"
keys Left Enter
check "quit without saving: status 0" status_is 0
check "quit without saving: file unchanged" test "$(cksum <"$CONF")" = "$sum"
check "quit: terminal restored" stty_restored
check "quit: says the last changes were not written" \
	wait_for "the later changes were not written"
saved_conf=$CONF

# ---- against a local SMTP server: the engine on the test screen -------------

. "$SRCDIR/tests/servers/servers.sh"
CERTS=$TMP/certs
PW='Mark3r-p4ss"w0rd'
if sh "$SRCDIR/tests/certs/mkcerts.sh" "$CERTS" >/dev/null &&
	srv_start smtpserver --cert "$CERTS/server.pem" \
		--key "$CERTS/server-key.pem" --user alice@example.com \
		--password "$PW" --tls starttls --auth-mechs "PLAIN LOGIN"; then
	start engine
	fill_wizard localhost "$SRV_PORT" starttls alice@example.com "$PW" \
		alice@example.com bob@example.net "$CERTS/ca.pem"
	check "engine: summary reached" wait_for "Summary (step 7 of 7)"
	run_test
	check "engine: the run finishes" wait_for "Finished:"
	for label in Settings "TCP connection" "Server greeting" EHLO TLS \
		Certificate Authentication Sender Recipient "Test message"; do
		check "engine: $label passes" step_is "$label" pass
	done
	check "engine: the password is never on screen" screen_lacks "$PW"
	keys l
	check "engine: the log shows the conversation" wait_for "C: EHLO"
	check "engine: the log redacts AUTH" wait_for "[redacted]"
	check "engine: the log never shows the password" screen_lacks "$PW"
	keys End PPage Home /
	type_text "MAIL FROM"
	keys Enter
	check "engine: search finds MAIL FROM" wait_for "C: MAIL FROM:<alice@example.com>"
	keys s C-u
	type_text "$DIR/log.txt"
	keys Enter
	check "engine: log saved" wait_for "Log saved to"
	check "engine: saved log is 0600" test "$(mode_of "$DIR/log.txt")" = 600
	check "engine: saved log is redacted" grep -qF "[redacted]" "$DIR/log.txt"
	check "engine: saved log has no password" eval '! grep -qF "$PW" "$DIR/log.txt"'
	keys Escape

	start wrongpw
	fill_wizard localhost "$SRV_PORT" starttls alice@example.com \
		"not-the-password" alice@example.com bob@example.net \
		"$CERTS/ca.pem"
	run_test
	check "wrong password: Authentication fails" \
		step_is Authentication FAIL
	check "wrong password: the failed step is selected" \
		eval 'screen | grep -qE "^> .* FAIL +Authentication"'
	check "wrong password: its hint is shown" wait_for "What to do:"
	check "wrong password: later steps skipped" step_is Sender skip
	keys f
	check "Fix goes to the sign-in screen" wait_for "Sign-in (step 5 of 7)"
	check "Fix says what to fix" wait_for "To fix:"
	check "Fix puts the cursor on the password" \
		test "$(tm display -p -t w '#{cursor_y}')" = 11
	keys C-u
	type_text "$PW"
	keys Enter Enter
	wait_for "Summary (step 7 of 7)"
	run_test
	check "after the fix, Authentication passes" step_is Authentication pass
	check "after the fix, the message is accepted" step_is "Test message" pass
else
	echo "# no local SMTP server or certificates: engine scenarios skipped"
fi

# ---- an existing file round-trips unchanged ---------------------------------

SEED=$saved_conf start roundtrip
check "existing file: welcome says it is pre-filled" \
	wait_for "This file exists: its values are filled in"
for screen_title in "Your email address" "Server" "Security" "Sign-in" \
	"Addresses" "Summary"; do
	keys Enter
	wait_for "$screen_title (step" || break
done
check "Enter through every screen reaches the summary" \
	wait_for "Summary (step 7 of 7)"
keys Enter
check "save reports where" wait_for "Saved to $CONF"
check "save keeps a backup" test -f "$CONF.bak"
check "values round-trip unchanged" cmp -s "$CONF" "$CONF.bak"
check "backup mode 0600" test "$(mode_of "$CONF.bak")" = 600
keys F10
check "F10 without changes quits at once" status_is 0

# ---- Ctrl-C, SIGHUP ----------------------------------------------------------

start ctrlc
keys Enter
wait_for "Email address:"
keys Enter
wait_for "Host name:"
type_text "smtp.example.com"
keys C-c
check "Ctrl-C: exit status 130" status_is 130
check "Ctrl-C: says nothing written" grep -q "nothing written" "$DIR/stderr"
check "Ctrl-C: no file created" test ! -e "$CONF"
check "Ctrl-C: terminal restored" stty_restored

start hangup
keys Enter
wait_for "Email address:"
keys Enter
wait_for "Host name:"
type_text "smtp.example.com"
kill -HUP "$(cat "$DIR/pid")"
check "SIGHUP: exit status 129" status_is 129
check "SIGHUP: the wizard is gone from the pane" wait_for "WRAPPER-DONE"
check "SIGHUP: UI no longer shown" screen_lacks "Host name:"
check "SIGHUP: alternate screen left" not_alternate
check "SIGHUP: terminal restored" stty_restored
check "SIGHUP: no file created" test ! -e "$CONF"

# ---- terminals ----------------------------------------------------------------

has_colour() { tm capture-pane -e -p -t w | grep -qE $'\e\\[([0-9]+;)*(3[0-7]|4[0-7]|38;5|48;5)[;m]'; }

start colour
keys Enter
wait_for "Email address:"
keys Enter
wait_for "Host name:"
check "colours by default" has_colour
start nocolour -- --no-color
keys Enter
wait_for "Email address:"
keys Enter
wait_for "Host name:"
check "--no-color: no colour at all" eval '! has_colour'
check "--no-color: marks still there" wait_for "✗ enter the SMTP server's host name"
start nocolourenv NO_COLOR=1
keys Enter
wait_for "Email address:"
keys Enter
wait_for "Host name:"
check "NO_COLOR: no colour at all" eval '! has_colour'
start ascii LC_ALL=C
keys Enter
wait_for "Email address:"
keys Enter
check "not UTF-8: ASCII marks" wait_for "X enter the SMTP server's host name"

# Mouse reports only with --mouse: a click (SGR encoding, as xterm sends
# it) on the Next button of the welcome screen.
click() {
	type_text $'\e[<0;'"$1;$2"'M'
	type_text $'\e[<0;'"$1;$2"'m'
}
start mouse -- --mouse
wait_for "[ Next ]"
click 5 21
check "--mouse: a click presses Next" wait_for "Your email address (step 2 of 7)"
start nomouse
wait_for "[ Next ]"
click 5 21
keys Enter
check "without --mouse: no clicks, no stray text" \
	wait_for "Email address:  [ "

# Sign-in with "no authentication" ticked (no user name in the file): the
# screen opens on Next, so Enter goes on instead of back.
printf "host = '127.0.0.1'\nport = 587\n" >"$TMP/noauth.conf"
SEED="$TMP/noauth.conf" start noauth
wait_for "step 1 of 7" && keys Enter
wait_for "step 2 of 7" && keys Enter
wait_for "step 3 of 7" && keys Enter
wait_for "step 4 of 7" && keys Enter
check "no user name: Sign-in shown" wait_for "step 5 of 7"
keys Enter
check "no user name: Enter on Sign-in goes on to Addresses" wait_for "step 6 of 7"
keys F10
wait_for "Quit" >/dev/null && keys y

start dumb TERM=dumb
check "TERM=dumb: exit status 2" status_is 2
check "TERM=dumb: points to --check" grep -q -- "--check" "$DIR/stderr"

out=$("$SMTPWIZ" --config "$TMP/none.conf" </dev/null 2>&1)
check "not a terminal: exit status 2" test $? = 2
check "not a terminal: points to --check" grep -q -- "--check" <<<"$out"

echo "1..$count"
