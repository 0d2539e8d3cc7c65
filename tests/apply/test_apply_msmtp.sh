#!/bin/bash
# --apply msmtp with the real msmtp binary and a private msmtprc (never
# /etc/msmtprc or ~/.msmtprc), relaying to a loopback test server that
# records what arrived: the account written and made the default, the
# other accounts kept, mode 0600, the test message through msmtp over
# implicit TLS with a login; passwordeval instead of the password; dry
# run, undo, and an apply that `msmtp --pretend` refuses.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/servers/servers.sh"
trap 'srv_stop_all; tap_cleanup' EXIT

command -v msmtp >/dev/null || { echo "1..0 # SKIP needs msmtp"; exit 0; }
CERTS=$T/certs
sh "$SRCDIR/tests/certs/mkcerts.sh" "$CERTS" >/dev/null ||
	{ echo "Bail out! cannot make test certificates"; exit 1; }
PW='msmtp-t3st "pw" \x'

SPOOL=$T/spool
srv_start smtpserver --tls implicit --cert "$CERTS/server.pem" \
	--key "$CERTS/server-key.pem" --require-auth \
	--user app@smtpwiz.test --password "$PW" --spool "$SPOOL" ||
	{ echo "Bail out! no test server"; exit 1; }
PORT=$SRV_PORT

RC_FILE=$T/msmtprc
cat >"$RC_FILE" <<RC
# The user's own file: a defaults section and another account.
defaults
logfile $T/msmtp.log

account other
host 127.0.0.1
port 1
auth off
tls off
RC
chmod 600 "$RC_FILE"

CONF=$T/smtpwiz.conf
printf '%s\n' 'host = "localhost"' "port = $PORT" 'tls = tls' \
	"ca_file = \"$CERTS/ca.pem\"" 'username = "app@smtpwiz.test"' \
	'from = "app@smtpwiz.test"' 'test_recipient = "someone@elsewhere.test"' \
	>"$CONF"
printf '%s\n' "$PW" >"$T/pw"
show() { printf '# %s\n' "--- stdout:" "$OUT" "--- stderr:" "$ERR"; }

# --- dry run ---------------------------------------------------------------
BEFORE=$(sha256sum <"$RC_FILE")
run --apply msmtp --mailer-config "$RC_FILE" --config "$CONF" --password-file "$T/pw" --dry-run
is "$RC" 0 "dry run exits 0" || show
like "$OUT" '^\+account smtpwiz$' "the diff adds the account"
like "$OUT" '^\+tls_starttls off$' "implicit TLS: tls_starttls off"
like "$OUT" '^\+password \*\*\*\*\*\*\*\*$' "the password line is redacted"
like "$OUT" '^\+account default : smtpwiz$' "and makes it the default"
unlike "$OUT$ERR" 'msmtp-t3st' "the password is not printed"
is "$(sha256sum <"$RC_FILE")" "$BEFORE" "dry run: the msmtprc is unchanged"

# --- apply -----------------------------------------------------------------
run --apply msmtp --mailer-config "$RC_FILE" --config "$CONF" --password-file "$T/pw"
is "$RC" 0 "apply exits 0" || show
is "$(stat -c %a "$RC_FILE")" 600 "the msmtprc keeps mode 0600"
like "$(cat "$RC_FILE")" '^account other$' "the other account is kept"
like "$(cat "$RC_FILE")" "^port $PORT$" "the tested port"
like "$(cat "$RC_FILE")" "^tls_trust_file $CERTS/ca.pem$" "the tested CA file"
like "$(msmtp -C "$RC_FILE" --pretend 2>&1 | tr '\n' ' ')" "using account default .* host = localhost port = $PORT" "msmtp itself now uses the new account by default"
like "$OUT" 'msmtp --pretend: ok' "msmtp checked the file before it counted"
like "$OUT" '^PASS +delivery +msmtp handed the test message to the relay' "the delivery step passed" || show
unlike "$OUT$ERR" 'msmtp-t3st' "the password is not printed"
META=$(cat "$SPOOL"/1.json 2>/dev/null)
like "$META" '"tls": true' "the message arrived over TLS"
like "$META" '"auth_user": "app@smtpwiz.test"' "with the account's login (a password with quotes and a backslash survived)" || printf '#   %s\n' "$META"
like "$(cat "$SPOOL"/1.eml 2>/dev/null)" 'Subject: smtpwiz delivery test through msmtp' "the test message arrived"
like "$(cat "$T/msmtp.log" 2>/dev/null)" 'exitcode=EX_OK' "msmtp's own log records it (the defaults' logfile applies)"

# --- undo ------------------------------------------------------------------
run --apply-undo msmtp --mailer-config "$RC_FILE"
is "$RC" 0 "undo exits 0" || show
is "$(sha256sum <"$RC_FILE")" "$BEFORE" "undo: the msmtprc restored byte for byte"
is "$(stat -c %a "$RC_FILE")" 600 "undo: and its mode"

# --- passwordeval ----------------------------------------------------------
run --apply msmtp:relay --mailer-config "$RC_FILE" --config "$CONF" --password-file "$T/pw" --passwordeval "head -n1 $T/pw"
is "$RC" 0 "apply with --passwordeval exits 0" || show
like "$(cat "$RC_FILE")" "^passwordeval \"head -n1 $T/pw\"$" "passwordeval written instead of the password"
unlike "$(cat "$RC_FILE")" 'msmtp-t3st' "no password in the file"
like "$(cat "$RC_FILE")" '^account relay$' "under the account named on the command line"
is "$(ls "$SPOOL"/*.json | wc -l)" 2 "the second test message arrived too"
run --apply-undo msmtp --mailer-config "$RC_FILE"
is "$(sha256sum <"$RC_FILE")" "$BEFORE" "undo after passwordeval: byte for byte"

# --- a refused apply: the file already has an error elsewhere ---------------
printf 'account broken\nno_such_key yes\n' >>"$RC_FILE"
BROKEN=$(sha256sum <"$RC_FILE")
run --apply msmtp --mailer-config "$RC_FILE" --config "$CONF" --password-file "$T/pw"
is "$RC" 1 "an apply msmtp refuses exits 1"
like "$ERR" 'msmtp --pretend failed.*restored from the backup' "it says msmtp refused and the backup came back" || show
is "$(sha256sum <"$RC_FILE")" "$BROKEN" "the msmtprc is as before"

tap_done
