#!/bin/bash
# Monitoring: --format nagios (status line, perfdata by the Monitoring
# Plugins grammar, exit 0-3, journal priorities), --format prometheus (read
# by the Prometheus client's own parser), and the cert-expiring warning with
# certificates that expire in 5 and 30 days.
. "$SRCDIR/tests/check/lib.sh"

# plugin ARGS...: --check --format nagios against localhost:$PORT with the
# test CA and account; parses the output into $P (JSON), or fails.
plugin() {
	run --check --format nagios --host localhost --port "$PORT" --timeout 5 \
		--ca-file "$CERTS/ca.pem" --user alice@example.com --password-file "$T/pw" \
		--from alice@example.com --to bob@example.net --no-deliverability "$@"
	P=$(printf '%s\n' "$OUT" | /usr/bin/python3 "$SRCDIR/tests/check/plugin_output.py")
	PARSED=$?
}
# pj EXPR: a Python expression on the parsed plugin output (bound to p).
pj() {
	printf '%s' "$P" | /usr/bin/python3 -c \
		'import json,sys; p=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}
# expect_plugin STATE RC REGEX DESCRIPTION: the output parses, with that
# state, exit status and text.
expect_plugin() {
	is "$PARSED" 0 "$4: the output parses by the guidelines' grammar"
	is "$(pj "p['state']")" "$1" "$4: SMTPWIZ $1"
	is "$RC" "$2" "$4: exit status $2"
	like "$(pj "p['text']")" "$3" "$4: the text names the step and cause"
	unlike "$OUT$ERR" "$PW" "$4: password not printed"
	[ "$PARSED" = 0 ] && [ "$RC" = "$2" ] || printf '# output:\n%s\n# stderr: %s\n' "$OUT" "$ERR"
}

# --- pass, and the perfdata --------------------------------------------------
smtp --tls starttls --auth-mechs PLAIN
plugin
expect_plugin OK 0 '^localhost port [0-9]+: every step passed; the certificate is valid for 36[45] more days$' "pass"
is "$(pj "p['perf']['time']['uom']")" s "pass: total time in seconds"
is "$(pj "sorted(k for k in p['perf'] if k.startswith('time_'))")" \
	"['time_auth', 'time_certificate', 'time_connect', 'time_dns', 'time_ehlo', 'time_greeting', 'time_recipient', 'time_sender', 'time_settings', 'time_tls']" \
	"pass: a time per step that ran (not the skipped message)"
is "$(pj "all(v['uom']=='s' and v['min']=='0' for k,v in p['perf'].items() if k.startswith('time'))")" True \
	"pass: every time is in seconds with minimum 0"
like "$(pj "p['perf']['cert_days_left']['value']")" '^36[45]$' "pass: certificate days left"
is "$(pj "p['perf']['cert_days_left']['uom']")" None "pass: days carry no unit (the guidelines define none)"
is "$(pj "(p['perf']['cert_days_left']['warn'], p['perf']['cert_days_left']['crit'])")" "('14:', '0:')" \
	"pass: warning below 14 days, critical once expired"
is "$(pj "[l.split(':')[0] for l in p['long']]")" \
	"['PASS settings', 'PASS dns', 'PASS connect', 'PASS greeting', 'PASS ehlo', 'PASS tls', 'PASS certificate', 'PASS auth', 'PASS sender', 'PASS recipient', 'SKIP message', 'SKIP deliverability']" \
	"pass: the long output lists every step"

# Under systemd, stdout is the journal stream JOURNAL_STREAM names: each
# line carries its sd-daemon priority.
: >"$T/journal"
js=$(stat -L -c '%d:%i' "$T/journal")
JOURNAL_STREAM=$js "$SMTPWIZ" --check --format nagios --host localhost --port "$PORT" \
	--timeout 5 --ca-file "$CERTS/ca.pem" --user alice@example.com \
	--password-file "$T/pw" --from alice@example.com --to bob@example.net \
	--no-deliverability >>"$T/journal" 2>&1 </dev/null
like "$(head -n 1 "$T/journal")" '^<6>SMTPWIZ OK - ' "journal: OK at priority info (<6>)"
is "$(grep -cv '^<[0-9]>' "$T/journal")" 0 "journal: every line has a priority"
JOURNAL_STREAM=1:1 run --check --format nagios --host localhost --port "$PORT" --timeout 5 \
	--ca-file "$CERTS/ca.pem" --user alice@example.com --password-file "$T/pw" \
	--from alice@example.com --to bob@example.net --no-deliverability
like "$OUT" '^SMTPWIZ OK' "journal: no prefix when stdout is not the named stream"

# --- failures: CRITICAL, exit 2, the step and cause named --------------------
plugin --user wrong@example.com
expect_plugin CRITICAL 2 '^auth: .*\[auth-failed\]' "wrong password"
like "$(pj "p['long']")" "FAIL auth: .*\\[auth-failed\\]', '    535 .*', '    What to do: " \
	"wrong password: the long output gives the evidence and what to do"

save=$PORT
PORT=$(srv_closed_port)
plugin
expect_plugin CRITICAL 2 '^connect: .*\[connect-refused\]' "closed port"
is "$(pj "'time_connect' in p['perf'] and 'time_auth' not in p['perf']")" True \
	"closed port: perfdata for the steps that ran only"
PORT=$save

# A silently dropping port, with a timeout short enough to warn about too.
srv_filtered_port || exit 1
PORT=$SRV_PORT
plugin --timeout 2
expect_plugin CRITICAL 2 '^connect: .*\[connect-timeout\] \(and 1 more problem\)$' "filtered port"
like "$(pj "p['long']")" "WARN settings: .*\\[settings-warning\\]" "filtered port: the settings warning is in the long output"
PORT=$save

srv_start smtpserver --tls none --auth-mechs PLAIN --user alice@example.com --password "$PW" || exit 1
PORT=$SRV_PORT
plugin
expect_plugin CRITICAL 2 '^tls: .*\[starttls-unavailable\]' "no STARTTLS"

srv_start smtpserver --cert "$CERTS/selfsigned.pem" --key "$CERTS/selfsigned-key.pem" \
	--tls starttls --auth-mechs PLAIN --user alice@example.com --password "$PW" || exit 1
PORT=$SRV_PORT
plugin
expect_plugin CRITICAL 2 '^certificate: .*\[cert-untrusted\]' "self-signed certificate"

smtp --tls starttls --auth-mechs PLAIN --rcpt-reply '550 5.1.1 No such user here'
plugin
expect_plugin CRITICAL 2 '^recipient: .*\[recipient-' "refused recipient"

# --- configuration errors: UNKNOWN, exit 3 -----------------------------------
smtp --tls starttls --auth-mechs PLAIN
plugin --port 70000
expect_plugin UNKNOWN 3 "70000" "invalid option value"
run --check --format nagios --config "$T/missing.conf"
P=$(printf '%s\n' "$OUT" | /usr/bin/python3 "$SRCDIR/tests/check/plugin_output.py"); PARSED=$?
expect_plugin UNKNOWN 3 "missing\\.conf" "missing configuration file"
printf 'host = "localhost"\nport = nine\n' >"$T/bad.conf"
run --check --format nagios --config "$T/bad.conf"
P=$(printf '%s\n' "$OUT" | /usr/bin/python3 "$SRCDIR/tests/check/plugin_output.py"); PARSED=$?
expect_plugin UNKNOWN 3 "bad\\.conf:2" "invalid configuration file"
plugin --host 'smtp://localhost'
expect_plugin UNKNOWN 3 '^settings: .*\[settings-invalid\]: host' "settings step refuses the host"
plugin --password-file "$T/no-such-file"
expect_plugin UNKNOWN 3 "no-such-file" "unreadable password file"
run --check --format nagios --bogus
P=$(printf '%s\n' "$OUT" | /usr/bin/python3 "$SRCDIR/tests/check/plugin_output.py"); PARSED=$?
expect_plugin UNKNOWN 3 "bogus" "unknown option"
run --check --format bogus
is "$RC" 2 "--format bogus: usage error, exit 2"
like "$ERR" "text, json, nagios, prometheus" "--format bogus: the formats are listed"

# --- certificate expiry -------------------------------------------------------
soon() { # soon NAME: a server with certificate NAME
	srv_start smtpserver --cert "$CERTS/$1.pem" --key "$CERTS/$1-key.pem" \
		--tls starttls --auth-mechs PLAIN --user alice@example.com \
		--password "$PW" || exit 1
	PORT=$SRV_PORT
}
soon soon
plugin
expect_plugin WARNING 1 '^certificate: .*expires soon.*\[cert-expiring\]' "certificate expiring in 5 days"
like "$(pj "p['perf']['cert_days_left']['value']")" '^[45]$' "expiring: 4 or 5 days left in the perfdata"
like "$(pj "p['long']")" "WARN certificate: .*certbot" "expiring: the long output says what to do"
check
is "$(step certificate status)" warn "json: the certificate step warns"
is "$(step certificate cause)" cert-expiring "json: cause cert-expiring"
like "$(step certificate evidence)" "expires in [45] days \\(warning below 14" "json: the evidence says how long is left"
is "$(step auth status)" pass "json: a warning does not stop the session"
is "$RC" 0 "json: exit status 0 (warnings allowed)"
run --check --host localhost --port "$PORT" --timeout 5 --ca-file "$CERTS/ca.pem" \
	--user alice@example.com --password-file "$T/pw" --from alice@example.com --to bob@example.net
like "$OUT" "WARN  certificate +The certificate for localhost expires soon, on" "text: the certificate step warns"
# In German, when the locale exists and the build has NLS (tests/i18n
# covers the catalogues themselves).
. "$SRCDIR/tests/i18n/lib.sh"
if [ "$(LC_ALL=de_DE.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ] &&
	grep -q '^#define ENABLE_NLS 1' "$(dirname "$SMTPWIZ")/../config.h" 2>/dev/null &&
	i18n_catalogues "$T/locale"; then
	LC_ALL=de_DE.UTF-8 run --check --host localhost --port "$PORT" --timeout 5 \
		--ca-file "$CERTS/ca.pem" --user alice@example.com --password-file "$T/pw" \
		--from alice@example.com --to bob@example.net
	like "$OUT" "Das Zertifikat für localhost läuft bald ab" "text in German: the warning is translated"
	like "$OUT" "läuft in [45] Tagen ab \(Warnung unter 14" "text in German: the evidence is translated"
else
	ok 0 "# SKIP no de_DE.UTF-8 locale, msgfmt or NLS"
fi
plugin --cert-warn-days 3
expect_plugin OK 0 'every step passed' "--cert-warn-days 3: no warning for 4-5 days left"
like "$(pj "p['perf']['cert_days_left']['warn']")" '^3:$' "--cert-warn-days 3: the perfdata's warning range follows"
plugin --cert-warn-days 0
expect_plugin OK 0 'every step passed' "--cert-warn-days 0: never warns"
is "$(pj "p['perf']['cert_days_left']['warn']")" "" "--cert-warn-days 0: no warning range"
plugin --cert-warn-days 366
expect_plugin UNKNOWN 3 "cert-warn-days" "--cert-warn-days 366: out of range"

soon month
plugin
expect_plugin OK 0 'valid for 29|valid for 30' "30 days left: no warning at the default 14"
cat >"$T/month.conf" <<EOC
host = 'localhost'
port = $PORT
ca_file = '$CERTS/ca.pem'
username = 'alice@example.com'
from = 'alice@example.com'
test_recipient = 'bob@example.net'
cert_warn_days = 45
EOC
run --check --format nagios --config "$T/month.conf" --password-file "$T/pw" --no-deliverability
P=$(printf '%s\n' "$OUT" | /usr/bin/python3 "$SRCDIR/tests/check/plugin_output.py"); PARSED=$?
expect_plugin WARNING 1 '\[cert-expiring\]' "cert_warn_days = 45 in the file: 30 days left warns"
run --check --format nagios --config "$T/month.conf" --password-file "$T/pw" --no-deliverability --cert-warn-days 7
like "$OUT" '^SMTPWIZ OK' "--cert-warn-days overrides the file"
sed -i 's/^cert_warn_days = 45/cert_warn_days = 400/' "$T/month.conf"
run --check --format nagios --config "$T/month.conf" --password-file "$T/pw" --no-deliverability
P=$(printf '%s\n' "$OUT" | /usr/bin/python3 "$SRCDIR/tests/check/plugin_output.py"); PARSED=$?
expect_plugin UNKNOWN 3 '^settings: .*\[settings-invalid\]' "cert_warn_days = 400: the settings step refuses it"
run --check --json --config "$T/month.conf" --password-file "$T/pw"
like "$(step settings evidence)" "cert_warn_days" "cert_warn_days = 400: the evidence names the key"
is "$RC" 2 "cert_warn_days = 400: exit 2 in the other formats"

# --- prometheus ----------------------------------------------------------------
# prom ARGS...: --format prometheus; parses $OUT with the client's parser into
# $S (JSON samples).
prom() {
	run --check --format prometheus --timeout 5 --ca-file "$CERTS/ca.pem" \
		--user alice@example.com --password-file "$T/pw" \
		--from alice@example.com --to bob@example.net --no-deliverability "$@"
	S=$(printf '%s' "$OUT" | /usr/bin/python3 "$SRCDIR/tests/check/prom_parse.py")
	is $? 0 "prometheus $*: parses with the Prometheus client's parser" ||
		printf '# %s\n# output:\n%s\n' "$S" "$OUT"
	# promtool (Debian's prometheus package) also lints names, HELP and
	# types. Not in tools/install-deps: on a machine run by systemd the
	# package starts a Prometheus server.
	if command -v promtool >/dev/null 2>&1; then
		lint=$(printf '%s\n' "$OUT" | promtool check metrics 2>&1)
		is "$?:$lint" "0:" "prometheus $*: promtool check metrics finds nothing"
	fi
}
# sv NAME LABELS: the value of the one sample NAME whose labels include the
# Python dict LABELS.
sv() {
	printf '%s' "$S" | /usr/bin/python3 -c '
import json,sys
s=json.load(sys.stdin); want=eval(sys.argv[2])
m=[x["value"] for x in s if x["name"]==sys.argv[1] and all(x["labels"].get(k)==v for k,v in want.items())]
print(m[0] if len(m)==1 else "%d samples" % len(m))' "$1" "$2"
}
prom --host localhost --port "$PORT"
is "$RC" 0 "prometheus pass: exit 0"
is "$(sv smtpwiz_check_success "{}")" 1.0 "prometheus pass: smtpwiz_check_success 1"
is "$(sv smtpwiz_check_status "{'status':'pass'}")" 1.0 "prometheus pass: status pass is 1"
is "$(sv smtpwiz_step_status "{'step':'auth','status':'pass'}")" 1.0 "prometheus pass: auth pass is 1"
is "$(sv smtpwiz_step_status "{'step':'auth','status':'fail'}")" 0.0 "prometheus pass: auth fail is 0"
is "$(sv smtpwiz_step_status "{'step':'message','status':'skip'}")" 1.0 "prometheus pass: message skipped"
exp=$(sv smtpwiz_certificate_expiry_timestamp_seconds "{'host':'localhost','port':'$PORT'}")
now=$(date +%s)
ok "$(/usr/bin/python3 -c "import sys; d=(float(sys.argv[1])-int(sys.argv[2]))/86400; sys.exit(0 if 28<=d<=31 else 1)" "$exp" "$now"; echo $?)" \
	"prometheus: certificate expiry is a timestamp 30 days ahead ($exp)"
ts=$(sv smtpwiz_check_timestamp_seconds "{}")
ok "$(/usr/bin/python3 -c "import sys; sys.exit(0 if abs(float(sys.argv[1])-int(sys.argv[2]))<600 else 1)" "$ts" "$now"; echo $?)" \
	"prometheus: the check's timestamp is now"
is "$(printf '%s' "$S" | /usr/bin/python3 -c 'import json,sys; print({x["type"] for x in json.load(sys.stdin)})')" "{'gauge'}" \
	"prometheus: every family is a gauge"

prom --host localhost --port "$PORT" --user wrong@example.com
is "$RC" 1 "prometheus auth failure: exit 1"
is "$(sv smtpwiz_check_success "{}")" 0.0 "prometheus auth failure: smtpwiz_check_success 0"
is "$(sv smtpwiz_step_status "{'step':'auth','status':'fail','cause':'auth-failed'}")" 1.0 \
	"prometheus auth failure: the cause is a label of the failed step"
is "$(sv smtpwiz_step_status "{'step':'sender','status':'skip'}")" 1.0 "prometheus auth failure: later steps skipped"

# Label values escape backslash, double quote and line feed: a host the
# settings step refuses still reaches the output, as a label.
prom --host 'a"b\c' --port "$PORT"
is "$RC" 2 "prometheus, invalid host: exit 2"
is "$(sv smtpwiz_check_success "{'host':'a\"b\\\\c'}")" 0.0 \
	"prometheus: a host with a quote and a backslash survives escaping"
like "$OUT" 'host="a\\"b\\\\c"' "prometheus: the escapes are the exposition format's"

tap_done
