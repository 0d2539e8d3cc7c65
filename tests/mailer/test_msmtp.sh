#!/bin/bash
# smtpwiz and the real msmtp binary: an msmtprc with several accounts
# (defaults, inheritance, the default alias), --check --from-mailer
# msmtp:ACCOUNT against a loopback server, --queue from msmtp's own log of
# real failed deliveries and msmtpq's queue directory, and the mistakes
# msmtp users make. Only files under the test's directory are used.
. "$SRCDIR/tests/mailer/lib.sh"

if ! command -v msmtp >/dev/null; then
	echo "1..0 # SKIP needs msmtp (tools/install-deps)"
	exit 0
fi
findings() {
	json "' '.join(f['cause']+'@'+str(f['location']) for m in d['mailers'] for f in m['findings'])"
}

srv_start smtpserver --tls starttls --cert "$CERTS/server.pem" \
	--key "$CERTS/server-key.pem" --user alice@smtpwiz.test --password "$PW" \
	--rcpt-reply "451 4.7.1 Greylisted, please try again later" || exit 1
PORT=$SRV_PORT
RC_FILE=$T/msmtprc
printf '%s\n' "$PW" >"$T/pwfile"
cat >"$RC_FILE" <<EOF
# defaults first, as msmtp reads them
defaults
tls on
tls_trust_file $CERTS/ca.pem
logfile $T/msmtp.log

account work
host localhost
port $PORT
auth on
user alice@smtpwiz.test
password "$PW"
from app@smtpwiz.test

# inherits everything from work but the sender
account shop : work
from shop@smtpwiz.test

account cleartext
host localhost
port $PORT
tls off
auth on
user alice@smtpwiz.test
password "$PW"

account wrongport
host localhost
port 465
auth on
user alice@smtpwiz.test
password "$PW"

account vault
host localhost
port $PORT
auth on
user alice@smtpwiz.test
passwordeval "cat $T/pwfile"

account default : work
EOF
chmod 600 "$RC_FILE"
before=$(sha256sum "$RC_FILE")

run --mailer --json --from-mailer msmtp --mailer-config "$RC_FILE"
is "$RC" 0 "--mailer: exit 0"
is "$(json "[m['account'] for m in d['mailers']]")" \
	"['work', 'shop', 'cleartext', 'wrongport', 'vault']" "--mailer: every account"
is "$(json "[m['password'] for m in d['mailers']]")" \
	"['set', 'set', 'set', 'set', 'unset']" "--mailer: passwords set or unset"
is "$(json "d['mailers'][1]['host']+':'+str(d['mailers'][1]['port'])")" "localhost:$PORT" \
	"--mailer: shop inherits work's host and port"
unlike "$OUT$ERR" "$PW" "--mailer: the password is never printed"

run --check --json --from-mailer msmtp --mailer-config "$RC_FILE" \
	--to bob@example.net --timeout 10
is "$(json "d['steps'][1]['id']+'/'+d['steps'][1]['status']")" mailer/pass "the default account: the mailer step passes"
like "$(json "d['steps'][1]['evidence']")" "account: work" "the default account is work"
is "$(json "[s['status'] for s in d['steps'] if s['id']=='auth'][0]")" pass "signed in with the msmtprc's password"
is "$(json "[s['status'] for s in d['steps'] if s['id']=='sender'][0]")" pass "the account's from address is the sender"
is "$(json "[s['cause'] for s in d['steps'] if s['id']=='recipient'][0]")" greylisted "the relay's answer"
unlike "$OUT$ERR" "$PW" "--check: the password is never printed"

run --check --json --from-mailer msmtp:cleartext --mailer-config "$RC_FILE" --to bob@example.net
is "$(json "d['steps'][1]['cause']")" mailer-msmtp-tls-off "tls off: cause"
like "$(json "d['steps'][1]['evidence']")" "msmtprc:22: tls off" "tls off: file, line and text"
run --check --json --from-mailer msmtp:wrongport --mailer-config "$RC_FILE" --to bob@example.net --timeout 3
is "$(json "d['steps'][1]['cause']")" mailer-msmtp-465-starttls "port 465 with STARTTLS"
run --check --json --from-mailer msmtp:vault --mailer-config "$RC_FILE" --to bob@example.net
is "$(json "d['steps'][1]['cause']")" mailer-msmtp-passwordeval "passwordeval: said, not run"
is "$(json "[s['status'] for s in d['steps'] if s['id']=='auth'][0]")" skip "passwordeval not run: no password, no login"
run --check --json --from-mailer msmtp:vault --mailer-config "$RC_FILE" --run-passwordeval \
	--to bob@example.net --timeout 10
is "$(json "[s['status'] for s in d['steps'] if s['id']=='auth'][0]")" pass "--run-passwordeval: its password signs in"
unlike "$OUT$ERR" "$PW" "--run-passwordeval: the password is never printed"
run --check --from-mailer msmtp:nosuch --mailer-config "$RC_FILE"
is "$RC" 2 "an unknown account: exit 2"
like "$ERR" "has no account 'nosuch'" "an unknown account: said"

# Real failed deliveries in msmtp's log, and msmtpq's queue.
for i in 1 2; do
	printf 'Subject: %s\n\nhello\n' "$i" |
		msmtp -C "$RC_FILE" -a work bob@example.net >/dev/null 2>&1
done
like "$(cat "$T/msmtp.log" 2>/dev/null)" "exitcode=EX_UNAVAILABLE" "msmtp logged its failures"
mkdir -p "$T/q"
printf 'x\n' >"$T/q/2026-12-06-06.00.00.mail"
MSMTPQ_Q=$T/q run --queue --json --from-mailer msmtp --mailer-config "$RC_FILE"
is "$RC" 1 "--queue: exit 1"
is "$(json "sorted((g['state'], g['cause'], g['count']) for g in d['groups'])")" \
	"[('failed', 'greylisted', 2), ('waiting', None, 1)]" "--queue: the log's failures by reason, msmtpq's waiting mail"

# Mistakes: a syntax error (msmtp's own words), a password others can read.
cp "$RC_FILE" "$T/bad"
printf 'tls maybe\n' >>"$T/bad"
run --mailer --json --from-mailer msmtp:work --mailer-config "$T/bad"
like "$(findings)" "mailer-config-invalid@$T/bad:42" "syntax error: msmtp's line"
like "$(json "d['mailers'][0]['findings'][0]['text']")" "invalid argument maybe" "syntax error: msmtp's words"
chmod 644 "$T/bad"
sed -i '$d' "$T/bad"
run --mailer --json --from-mailer msmtp:work --mailer-config "$T/bad"
like "$(findings)" "mailer-password-readable@$T/bad" "a readable password file"
run --mailer --from-mailer msmtp --mailer-config "$T/none"
is "$RC" 1 "a missing msmtprc: exit 1"
like "$OUT" "cannot read $T/none: No such file" "a missing msmtprc: said"
is "$(sha256sum "$RC_FILE")" "$before" "the msmtprc is unchanged"
tap_done
