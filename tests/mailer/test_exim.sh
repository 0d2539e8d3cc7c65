#!/bin/bash
# smtpwiz and a real Exim 4.96 (unpacked from Debian's .deb, run with -C in
# a private mount namespace; tests/servers/exim.sh): --queue on real
# deferred mail (exim4 -bp and the message logs), and Debian's smarthost
# layout (update-exim4.conf.conf, passwd.client) imported for --check
# against a loopback server. /etc/exim4 is never read.
. "$SRCDIR/tests/mailer/lib.sh"
. "$SRCDIR/tests/servers/exim.sh"
trap 'ex_stop; pf_stop; srv_stop_all; tap_cleanup' EXIT

if ! ex_available; then
	echo "1..0 # SKIP needs root and the unpacked Exim (tools/install-deps)"
	exit 0
fi
findings() {
	json "' '.join(f['cause']+'@'+str(f['location']) for m in d['mailers'] for f in m['findings'])"
}
# in_ns ARGS...: smtpwiz in Exim's namespace, the unpacked exim4 on PATH.
in_ns() {
	OUT=$(PATH="$EX_ROOT/usr/sbin:$PATH" unshare -m sh -c "$EX_NS" "$EX_DIR" \
		"$SMTPWIZ" "$@" </dev/null 2>"$T/stderr")
	RC=$?
	ERR=$(cat "$T/stderr")
}

# --- the queue: two messages deferred by the relay, one refused ------------
ex_setup || { echo "Bail out! cannot set up Exim"; exit 1; }
srv_start smtpserver --rcpt-reply "451 4.7.1 Greylisted, please try again later" || exit 1
{ ex_main; ex_client "$SRV_PORT"; } >"$EX_DIR/exim.conf"
mkdir -p "$EX_DIR/etc"
cp "$EX_DIR/exim.conf" "$EX_DIR/etc/exim4.conf"
ex_queue_mail 2 bob@example.net || echo "# could not queue mail"
in_ns --queue --json --from-mailer exim4 --mailer-config "$EX_DIR/etc"
is "$RC" 1 "--queue: exit 1, mail is stuck"
is "$(json "d['messages']")" 2 "--queue: two messages (exim4 -bp)"
is "$(json "[(g['state'], g['cause'], g['count']) for g in d['groups']]")" \
	"[('deferred', 'greylisted', 2)]" "--queue: the message logs' reason, classified"
like "$(json "d['groups'][0]['reason']")" "after RCPT TO:<…>: 451 4.7.1 Greylisted" \
	"--queue: Exim's reason, addresses masked"
in_ns --queue --from-mailer exim4 --mailer-config "$EX_DIR/etc"
like "$OUT" "2 +deferred +greylisted" "--queue text"
ex_stop

# --- Debian's smarthost layout ---------------------------------------------
srv_start smtpserver --tls starttls --cert "$CERTS/server.pem" \
	--key "$CERTS/server-key.pem" --user alice@smtpwiz.test --password "$PW" || exit 1
PORT=$SRV_PORT
D=$T/exim4
mkdir -p "$D"
cat >"$D/update-exim4.conf.conf" <<EOF
# /etc/exim4/update-exim4.conf.conf, as debconf writes it
dc_eximconfig_configtype='smarthost'
dc_other_hostnames=''
dc_local_interfaces='127.0.0.1 ; ::1'
dc_readhost=''
dc_relay_domains=''
dc_minimaldns='false'
dc_relay_nets=''
dc_smarthost='localhost::$PORT'
CFILEMODE='644'
dc_use_split_config='false'
dc_hide_mailname='true'
dc_mailname_in_oh='true'
dc_localdelivery='mail_spool'
EOF
printf '%s\n' '# target.mail.server.example:login:password' \
	"localhost:alice@smtpwiz.test:$PW" >"$D/passwd.client"
chmod 640 "$D/passwd.client"
run --mailer --json --from-mailer exim4 --mailer-config "$D"
is "$(json "(d['mailers'][0]['host'], d['mailers'][0]['port'], d['mailers'][0]['password'])")" \
	"('localhost', $PORT, 'set')" "--mailer: smarthost host::port and passwd.client"
is "$(json "d['mailers'][0]['relay_location']")" "$D/update-exim4.conf.conf:9" "--mailer: where dc_smarthost is"
unlike "$OUT$ERR" "$PW" "--mailer: the password is never printed"
run --check --json --from-mailer exim4 --mailer-config "$D" --ca-file "$CERTS/ca.pem" \
	--from app@smtpwiz.test --to bob@example.net --timeout 10
is "$(json "d['steps'][1]['status']")" pass "--check: the mailer step passes"
is "$(json "[s['status'] for s in d['steps'] if s['id']=='auth'][0]")" pass "--check: signed in with passwd.client's password"
is "$RC" 0 "--check: exit 0"
unlike "$OUT$ERR" "$PW" "--check: the password is never printed"

# Mistakes: one colon before the port; a host pattern that does not match.
sed -i "s/^dc_smarthost=.*/dc_smarthost='localhost:$PORT'/" "$D/update-exim4.conf.conf"
run --mailer --json --from-mailer exim4 --mailer-config "$D"
like "$(findings)" "mailer-exim-smarthost-port@$D/update-exim4.conf.conf:9" "one colon: two hosts"
sed -i "s/^dc_smarthost=.*/dc_smarthost='localhost::$PORT'/" "$D/update-exim4.conf.conf"
printf '%s\n' "*.example.com:alice@smtpwiz.test:$PW" >"$D/passwd.client"
run --check --json --from-mailer exim4 --mailer-config "$D" --ca-file "$CERTS/ca.pem" --to bob@example.net
is "$(json "d['steps'][1]['cause']")" mailer-exim-passwd-host "a host pattern that does not match"
like "$(json "d['steps'][1]['evidence']")" "passwd.client:1: \\*.example.com:alice@smtpwiz.test:\\*\\*\\*\\*\\*" \
	"the pattern's line, password masked"
unlike "$OUT$ERR" "$PW" "mismatch: the password is never printed"
sed -i "s/^dc_eximconfig_configtype=.*/dc_eximconfig_configtype='internet'/" "$D/update-exim4.conf.conf"
run --check --json --from-mailer exim4 --mailer-config "$D" --to bob@example.net
is "$RC" 2 "internet site: no relay, exit 2"
is "$(json "d['steps'][1]['cause']")" mailer-no-relayhost "internet site: the mailer step says why"
run --mailer --from-mailer exim4 --mailer-config "$T/nonexistent"
like "$OUT" "cannot read $T/nonexistent/update-exim4.conf.conf" "a missing directory: said"
tap_done
