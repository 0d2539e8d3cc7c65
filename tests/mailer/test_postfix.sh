#!/bin/bash
# smtpwiz against a real Postfix (Debian's package, a private instance run
# with postfix -c DIR) relaying to scripted loopback servers: --mailer,
# --check --from-mailer with the mailer step, --queue on real deferred
# mail; then main.cf and sasl_passwd mistakes read through the real
# postconf. Nothing outside the test's directories is read or changed.
. "$SRCDIR/tests/mailer/lib.sh"

if ! pf_available; then
	echo "1..0 # SKIP needs root and Debian's postfix (tools/install-deps)"
	exit 0
fi

# findings: "cause@location" of each finding in the --mailer JSON in $OUT.
findings() {
	json "' '.join(f['cause']+'@'+str(f['location']) for m in d['mailers'] for f in m['findings'])"
}
# mailer_json DIR: smtpwiz --mailer --json on the Postfix configuration DIR.
mailer_json() {
	run --mailer --json --from-mailer postfix --mailer-config "$1"
}
# conf NAME LINES...: a configuration directory with only this main.cf.
conf() {
	local d=$T/$1
	shift
	mkdir -p "$d"
	printf '%s\n' "$@" >"$d/main.cf"
	: >"$d/master.cf"
	CONF=$d
}
show() { printf '%s\n%s\n' "$OUT" "$ERR" | sed 's/^/#     /'; }

# --- a running instance, its relay deferring with 451 ----------------------
pf_setup || { echo "Bail out! cannot set up Postfix"; exit 1; }
srv_start smtpserver --tls starttls --cert "$CERTS/server.pem" \
	--key "$CERTS/server-key.pem" --user alice@smtpwiz.test --password "$PW" \
	--rcpt-reply "451 4.7.1 Greylisted, please try again later" || exit 1
RELAY=$SRV_PORT
REFUSED=$(srv_closed_port)
pf_client "[127.0.0.1]:$RELAY"
pf_main 'smtp_sasl_auth_enable = yes' \
	"smtp_sasl_password_maps = hash:$PF_DIR/etc/sasl_passwd" \
	'smtp_sasl_security_options = noanonymous' \
	'smtp_sasl_tls_security_options = noanonymous' \
	"transport_maps = hash:$PF_DIR/etc/transport"
pf_map sasl_passwd "[127.0.0.1]:$RELAY alice@smtpwiz.test:$PW"
chmod 600 "$PF_DIR/etc/sasl_passwd" "$PF_DIR/etc/sasl_passwd.db"
# One domain goes to a port where nothing listens: a second reason.
pf_map transport "refused.test smtp:[127.0.0.1]:$REFUSED"
pf_start || { echo "Bail out! Postfix did not start"; exit 1; }
before=$(find "$PF_DIR/etc" -type f -exec sha256sum {} + | sort)

mailer_json "$PF_DIR/etc"
is "$RC" 0 "--mailer: exit 0"
is "$(json "d['mailers'][0]['relay']")" "[127.0.0.1]:$RELAY" "--mailer: the relayhost as written"
is "$(json "d['mailers'][0]['password']")" set "--mailer: password set"
is "$(json "d['mailers'][0]['username']")" alice@smtpwiz.test "--mailer: the user from sasl_passwd"
is "$(json "d['mailers'][0]['running']")" True "--mailer: the instance runs"
like "$(json "d['mailers'][0]['password_location']")" "sasl_passwd:1$" "--mailer: where the password is"
unlike "$OUT$ERR" "$PW" "--mailer: the password is never printed"
run --mailer --from-mailer postfix --mailer-config "$PF_DIR/etc"
like "$OUT" "password +set \\($PF_DIR/etc/sasl_passwd:1\\)" "--mailer text: password set, and where"
unlike "$OUT$ERR" "$PW" "--mailer text: the password is never printed"

pf_inject 3 bob@example.net && pf_inject 2 carol@refused.test || echo "# sendmail failed"
pf_wait_deferred 5
run --queue --json --from-mailer postfix --mailer-config "$PF_DIR/etc"
is "$RC" 1 "--queue: exit 1, mail is stuck"
is "$(json "d['messages']")" 5 "--queue: five messages"
is "$(json "sorted((g['cause'], g['count'], g['state']) for g in d['groups'])")" \
	"[('connect-refused', 2, 'deferred'), ('greylisted', 3, 'deferred')]" \
	"--queue: grouped by classified reason"
like "$(json "[g['reason'] for g in d['groups'] if g['cause']=='greylisted'][0]")" \
	"451 4.7.1 Greylisted" "--queue: Postfix's reason as evidence"
like "$(json "[g['oldest_age_s'] for g in d['groups']][0]")" '^[0-9]+$' "--queue: the oldest message's age"
run --queue --from-mailer postfix --mailer-config "$PF_DIR/etc"
like "$OUT" "3 +deferred +greylisted" "--queue text: count, state and cause"
like "$OUT" "Hint:" "--queue text: a hint per reason"

run --check --json --from-mailer postfix --mailer-config "$PF_DIR/etc" \
	--from app@smtpwiz.test --to bob@example.net --timeout 10
is "$(json "[s['id'] for s in d['steps']][:3]")" "['settings', 'mailer', 'dns']" "--from-mailer: the mailer step follows settings"
is "$(json "d['steps'][1]['status']")" warn "--from-mailer: the mailer step warns"
like "$(json "d['steps'][1]['evidence']")" "transport_maps.*mailer-other-routes" "--from-mailer: transport_maps noted, with its line"
is "$(json "[s['status'] for s in d['steps'] if s['id']=='auth'][0]")" pass "--from-mailer: signed in with the password from sasl_passwd"
is "$(json "[s['cause'] for s in d['steps'] if s['id']=='recipient'][0]")" greylisted "--from-mailer: the relay's own answer"
is "$(json "d['target']['password_source']")" mailer "--from-mailer: the password's source is the mailer"
unlike "$OUT$ERR" "$PW" "--from-mailer: the password is never printed"
after=$(find "$PF_DIR/etc" -type f -exec sha256sum {} + | sort)
is "$after" "$before" "nothing in the configuration changed"

# Stopped: the queue cannot be listed, and smtpwiz says so.
srv_stop_pid "$PF_PID"
PF_PID=
run --queue --from-mailer postfix --mailer-config "$PF_DIR/etc"
is "$RC" 1 "stopped: --queue still lists the queue (root reads it directly)"
like "$OUT" "Postfix is not running.*postfix start" "stopped: --queue says Postfix is not running"
mailer_json "$PF_DIR/etc"
is "$(json "d['mailers'][0]['running']")" False "stopped: --mailer says not running"
like "$(findings)" "mailer-stopped" "stopped: finding mailer-stopped"

# --- mistakes in main.cf and sasl_passwd, through the real postconf --------
conf relay465 'relayhost = [127.0.0.1]:465' 'smtp_tls_security_level = encrypt'
mailer_json "$CONF"
like "$(findings)" "mailer-465-no-wrappermode@$CONF/main.cf( |$)" "465 without smtp_tls_wrappermode"
conf wrap 'relayhost = [127.0.0.1]:465' 'smtp_tls_wrappermode = yes' 'smtp_tls_security_level = may'
mailer_json "$CONF"
like "$(findings)" "mailer-wrappermode-level@$CONF/main.cf:3" "wrapper mode with level may, at line 3"
is "$(json "d['mailers'][0]['tls']")" tls "wrapper mode is implicit TLS"

conf nobrackets 'relayhost = smtp.example.com:587'
mailer_json "$CONF"
like "$(findings)" "mailer-relayhost-mx@$CONF/main.cf:1" "host:587 without brackets: MX lookup"
is "$(json "(d['mailers'][0]['host'], d['mailers'][0]['port'])")" "('smtp.example.com', 587)" "host:587 parsed"
conf bare 'relayhost = [smtp.example.com]'
mailer_json "$CONF"
is "$(json "(d['mailers'][0]['host'], d['mailers'][0]['port'])")" "('smtp.example.com', None)" "[host] parsed, default port"
unlike "$(findings)" "relayhost-mx" "[host]: no MX warning"
conf service 'relayhost = [smtp.example.com]:submission'
mailer_json "$CONF"
is "$(json "d['mailers'][0]['port']")" 587 "[host]:submission is port 587"
conf table 'relayhost = hash:/etc/postfix/relay'
mailer_json "$CONF"
like "$(findings)" "mailer-relayhost-table@$CONF/main.cf:1" "a lookup table as relayhost"
conf several 'relayhost = [a.example]:587, [b.example]:587'
mailer_json "$CONF"
is "$(json "d['mailers'][0]['host']")" a.example "several relays: the first is tested"
like "$(findings)" "mailer-other-routes" "several relays: said"
conf empty 'myhostname = x.example'
mailer_json "$CONF"
like "$(findings)" "mailer-no-relayhost" "no relayhost: direct delivery"

conf syntax 'relayhost = [127.0.0.1]:587' 'this line has no equals sign'
mailer_json "$CONF"
like "$(findings)" "mailer-config-invalid@$CONF/main.cf:2" "syntax error: postconf's message, file and line"
like "$(json "d['mailers'][0]['findings'][0]['text']")" "missing '='" "syntax error: postconf's own words"
run --check --json --from-mailer postfix --mailer-config "$CONF" --to bob@example.net
is "$RC" 2 "syntax error: --check exits 2"
is "$(json "d['steps'][1]['cause']")" mailer-config-invalid "syntax error: the mailer step says why"
conf typo 'relayhost = [127.0.0.1]:587' 'smtp_tls_securitylevel = encrypt'
mailer_json "$CONF"
like "$(findings)" "mailer-unknown-parameter@$CONF/main.cf:2" "unknown parameter, with its line"

# sasl_passwd: key forms, postmap, several entries, the SASL policy.
conf sasl 'relayhost = [127.0.0.1]:587' 'smtp_sasl_auth_enable = yes' \
	"smtp_sasl_password_maps = hash:$T/sasl/sasl_passwd" 'smtp_tls_security_level = encrypt'
printf '%s\n' '# relay' "[127.0.0.1] alice:$PW" >"$CONF/sasl_passwd"
postmap -c "$CONF" "hash:$CONF/sasl_passwd"
mailer_json "$CONF"
like "$(findings)" "mailer-sasl-key-mismatch@$CONF/sasl_passwd:2" "key without the port: mismatch at line 2"
like "$(findings)" "mailer-sasl-noplaintext@$CONF/main.cf( |$)" "the default noplaintext policy"
is "$(json "d['mailers'][0]['password']")" unset "mismatch: no password imported"
printf '%s\n' "@app.example other:x" "[127.0.0.1]:587 alice:$PW" >"$CONF/sasl_passwd"
touch -d '2 hours ago' "$CONF/sasl_passwd.db"
mailer_json "$CONF"
like "$(findings)" "mailer-sasl-not-postmapped@$CONF/sasl_passwd" "edited but not postmapped"
like "$(findings)" "mailer-sasl-per-sender" "per-sender entries without sender-dependent authentication"
is "$(json "d['mailers'][0]['username']")" alice "several entries: the relay's"
rm -f "$CONF/sasl_passwd.db"
mailer_json "$CONF"
like "$(findings)" "mailer-sasl-not-postmapped@$CONF/sasl_passwd.db" "never postmapped: no .db"
mkdir -p "$T/nosasl"
SASL_PATH=$T/nosasl mailer_json "$CONF"
like "$(findings)" "mailer-sasl-no-mechanism" "no PLAIN or LOGIN plug-in (libsasl2-modules)"
conf sasloff 'relayhost = [127.0.0.1]:587' "smtp_sasl_password_maps = hash:$T/sasloff/sasl_passwd"
printf '%s\n' "[127.0.0.1]:587 alice:$PW" >"$CONF/sasl_passwd"
mailer_json "$CONF"
like "$(findings)" "mailer-sasl-disabled" "a password but SASL off"
conf clear 'relayhost = [127.0.0.1]:587' 'smtp_sasl_auth_enable = yes' \
	"smtp_sasl_password_maps = hash:$T/clear/sasl_passwd" 'smtp_tls_security_level = none'
printf '%s\n' "[other.example]:587 bob:x" >"$CONF/sasl_passwd"
postmap -c "$CONF" "hash:$CONF/sasl_passwd"
mailer_json "$CONF"
like "$(findings)" "mailer-tls-level-low@$CONF/main.cf:4" "SASL without TLS"
like "$(findings)" "mailer-sasl-no-entry" "no entry for the relay"
unlike "$OUT$ERR" "$PW" "bad input: the password is never printed"

# Not root: what could not be read, and why.
if command -v setpriv >/dev/null; then
	conf user 'relayhost = [127.0.0.1]:587' 'smtp_sasl_auth_enable = yes' \
		"smtp_sasl_password_maps = hash:$T/user/sasl_passwd"
	printf '%s\n' "[127.0.0.1]:587 alice:$PW" >"$CONF/sasl_passwd"
	postmap -c "$CONF" "hash:$CONF/sasl_passwd"
	chmod 600 "$CONF/sasl_passwd" "$CONF/sasl_passwd.db"
	chmod 755 "$T" "$CONF"
	chmod 644 "$CONF/main.cf"
	OUT=$(setpriv --reuid nobody --regid nogroup --clear-groups \
		"$SMTPWIZ" --mailer --from-mailer postfix --mailer-config "$CONF" 2>&1)
	like "$OUT" "cannot read $CONF/sasl_passwd: permission denied.*run smtpwiz as root" \
		"not root: says which file it could not read and why"
	like "$OUT" "password +not set" "not root: the password is not set"
fi
tap_done
