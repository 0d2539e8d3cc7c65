#!/bin/bash
# --apply postfix against a private real Postfix instance (never
# /etc/postfix) relaying to a loopback test server that records what
# arrived: the dry run changes nothing, the apply writes main.cf through
# postconf and a 0600 sasl_passwd that is postmapped, the test message
# reaches the relay authenticated over TLS, the undo restores every byte,
# and an apply whose `postfix check` fails puts the backups back.
. "$SRCDIR/tests/mailer/lib.sh"

if ! pf_setup; then
	echo "1..0 # SKIP needs root and Debian's postfix package"
	exit 0
fi
ETC=$PF_DIR/etc
pf_client_base
pf_start || { echo "Bail out! private Postfix did not start"; exit 1; }

relay_start || { echo "Bail out! no test server"; exit 1; }

sums() { (cd "$ETC" && find . -path ./smtpwiz-backup -prune -o -type f -print0 | sort -z | xargs -0 sha256sum); }
show() { printf '# %s\n' "--- stdout:" "$OUT" "--- stderr:" "$ERR"; }

# --- dry run ---------------------------------------------------------------
BEFORE=$(sums)
run --apply postfix --mailer-config "$ETC" --config "$CONF" --dry-run
is "$RC" 0 "dry run exits 0" || show
like "$OUT" "^\+relayhost = \[localhost\]:$RELAY_PORT" "the diff shows relayhost with brackets and port"
like "$OUT" '^\+smtp_tls_security_level = secure' "the verified certificate gives level secure"
like "$OUT" "^\+\[localhost\]:$RELAY_PORT relay-user@smtpwiz.test:\*\*\*\*\*\*\*\*" "sasl_passwd's line is shown with the password redacted"
like "$OUT" "postmap -c $ETC hash:$ETC/sasl_passwd" "the commands include postmap"
like "$OUT" 'Dry run: nothing was changed' "it says nothing changed"
unlike "$OUT$ERR" "$PW" "the password is not printed"
is "$(sums)" "$BEFORE" "dry run: every file of the configuration is unchanged"
[ ! -e "$ETC/smtpwiz-backup" ]
ok $? "dry run: no backup made"

# --- apply -----------------------------------------------------------------
MAIN_BEFORE=$(sha256sum <"$ETC/main.cf")
# Every command line on the machine, sampled while the apply runs
# (bounded: at most 120 s): the password must be on none of them.
(for ((i = 0; i < 1200; i++)); do
	[ -e "$T/apply.done" ] && break
	ps -eo args >>"$T/ps.log" 2>/dev/null
	sleep 0.1
done) &
PS_PID=$!
run --apply postfix --mailer-config "$ETC" --config "$CONF"
touch "$T/apply.done"
wait "$PS_PID"
printf '%s\n' "$OUT" >"$T/apply.out"
is "$RC" 0 "apply exits 0" || { show; sed 's/^/#   log: /' "$PF_LOG" | tail -20; }
is "$(postconf -c "$ETC" -h relayhost)" "[localhost]:$RELAY_PORT" "relayhost set through postconf"
is "$(postconf -c "$ETC" -h smtp_sasl_auth_enable)" yes "SASL enabled"
is "$(postconf -c "$ETC" -h smtp_sasl_password_maps)" "hash:$ETC/sasl_passwd" "password map named"
is "$(postconf -c "$ETC" -h smtp_tls_CAfile)" "$CERTS/ca.pem" "the CA file that was tested"
is "$(postconf -c "$ETC" -h smtp_tls_wrappermode)" no "no wrapper mode for STARTTLS"
is "$(stat -c %a "$ETC/sasl_passwd")" 600 "sasl_passwd has mode 0600"
is "$(cat "$ETC/sasl_passwd")" "[localhost]:$RELAY_PORT relay-user@smtpwiz.test:$PW" "sasl_passwd's entry keyed exactly as relayhost"
[ "$ETC/sasl_passwd.db" -nt "$ETC/sasl_passwd" ] || [ ! "$ETC/sasl_passwd" -nt "$ETC/sasl_passwd.db" ]
ok $? "sasl_passwd.db made by postmap, not older than the file"
is "$(postmap -c "$ETC" -q "[localhost]:$RELAY_PORT" "hash:$ETC/sasl_passwd" | cut -d: -f1)" relay-user@smtpwiz.test "postmap's database answers for the relay"
BK=$(ls -d "$ETC"/smtpwiz-backup/*/ 2>/dev/null | head -1)
[ -n "$BK" ] && [ -f "$BK/manifest" ]
ok $? "a backup with its manifest" || ls -R "$ETC" | sed 's/^/#   /'
like "$(cat "$BK/manifest" 2>/dev/null)" "created $ETC/sasl_passwd" "the manifest records sasl_passwd as created"
is "$(grep -l 'existed' "$BK/manifest" >/dev/null && sha256sum <"$BK/$(awk '/main.cf$/{print $1}' "$BK/manifest")")" "$MAIN_BEFORE" "main.cf's backup is the old main.cf"
like "$OUT" 'postfix check: ok' "postfix check ran before the reload"
like "$OUT" 'postfix reload: ok' "the private instance was reloaded"
like "$OUT" '^PASS +delivery +postfix handed the test message to the relay' "the delivery step passed" || show
like "$(printf '%s' "$OUT" | tr -s ' \n' ' ')" "queue id [0-9A-F]+\): 250 2.0.0 Ok: queued as" "the relay's reply, from Postfix's own log line"
unlike "$OUT$ERR" "$PW" "the password is not printed"
unlike "$(cat "$PF_LOG")" "$PW" "the password is not in Postfix's log"
like "$(cat "$T/ps.log")" 'postconf|postmap|postfix|sendmail|smtpwiz' "the process list was sampled while the tools ran"
# (The test's own relay, which knows the password, aside.)
unlike "$(grep -v 'tests/servers/smtpserver.py' "$T/ps.log")" "$PW" "the password is on no command line of smtpwiz or the mailer's tools"

# What arrived at the relay: through Postfix, authenticated, over TLS.
META=$(cat "$SPOOL"/1.json 2>/dev/null)
like "$META" '"tls": true' "the message arrived over TLS"
like "$META" '"auth_user": "relay-user@smtpwiz.test"' "the relay saw the account log in" || printf '#   %s\n' "$META"
is "$(printf '%s' "$META" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["rcpt_tos"])')" "['someone@elsewhere.test']" "to the test recipient"
like "$(cat "$SPOOL"/1.eml 2>/dev/null)" 'Subject: smtpwiz delivery test through postfix' "the test message's subject"
like "$(cat "$SPOOL"/1.eml 2>/dev/null)" '^Received: by mail.smtpwiz.test \(Postfix' "it went through Postfix"

# --- undo ------------------------------------------------------------------
run --apply-undo postfix --mailer-config "$ETC"
is "$RC" 0 "undo exits 0" || show
is "$(sha256sum <"$ETC/main.cf")" "$MAIN_BEFORE" "undo: main.cf restored byte for byte"
[ ! -e "$ETC/sasl_passwd" ] && [ ! -e "$ETC/sasl_passwd.db" ]
ok $? "undo: the files the apply created are gone"
is "$(sums)" "$BEFORE" "undo: the whole configuration is as before"
run --apply-undo postfix --mailer-config "$ETC"
is "$RC" 1 "a second undo has nothing left to restore"
like "$ERR" 'no backup to restore' "and says so"

# --- not root: the diff and the commands, nothing changed ------------------
if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	cp "$CONF" "$T/nobody.conf"
	chown nobody "$T/nobody.conf"
	chmod 755 "$T"
	OUT=$(cd / && setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env TMPDIR=/tmp "$SMTPWIZ" --apply postfix --mailer-config "$ETC" \
		--config "$T/nobody.conf" 2>"$T/stderr" </dev/null)
	RC=$? ERR=$(cat "$T/stderr")
	is "$RC" 1 "not root: exits 1" || show
	like "$OUT" 'Not allowed to change this mailer \(run as root\)' "not root: says why" || show
	like "$OUT" "postconf -c $ETC -e 'relayhost=\[localhost\]:$RELAY_PORT'" "not root: shows the commands"
	is "$(sums)" "$BEFORE" "not root: nothing changed"
	chmod 700 "$T"
else
	for i in 1 2 3 4; do ok 0 "# SKIP no setpriv or no user nobody"; done
fi

# --- the relay refuses the message: the delivery step classifies it --------
spam_relay_start || { echo "Bail out! no second test server"; exit 1; }
run --apply postfix --mailer-config "$ETC" --config "$SPAM_CONF"
is "$RC" 1 "a bounced test message: exit 1" || show
like "$OUT" '^FAIL +delivery' "the delivery step fails" || show
like "$OUT" '\[message-spam\]' "classified from Postfix's reason like a refused message" || show
like "$(printf "%s" "$OUT" | tr -s " \n" " ")" "status=bounced \\(host localhost\\[127.0.0.1\\] said: 554 5.7.1 Message rejected as spam" "the evidence is Postfix's own log line"
run --apply-undo postfix --mailer-config "$ETC"
is "$(sums)" "$BEFORE" "undone"

# --- a failed apply: postfix check refuses ---------------------------------
# A queue directory that does not exist: postfix check stops there.
pf_main "queue_directory = $PF_DIR/no-such-queue"
BROKEN=$(sums)
run --apply postfix --mailer-config "$ETC" --config "$CONF"
is "$RC" 1 "a refused apply exits 1"
like "$ERR" 'postfix check failed.*restored from the backup' "it says the check failed and the backup came back" || show
is "$(sums)" "$BROKEN" "every file is as before the apply"
is "$(ls "$ETC/smtpwiz-backup" 2>/dev/null | wc -l)" 0 "the used backup is not left for an undo"

tap_done
