#!/bin/bash
# The example systemd units and timers (docs/examples): systemd-analyze
# verify accepts them, their sandbox rates well, and the check service's
# command, run as systemd would run it (its credential directory, stdout
# on the journal), prints the plugin line with the journal priority.
. "$SRCDIR/tests/check/lib.sh"

command -v systemd-analyze >/dev/null 2>&1 || {
	echo "1..0 # SKIP systemd-analyze not installed (Debian package systemd)"
	exit 0
}
# The units as installed, naming the program under test.
bindir=$(cd "$(dirname "$SMTPWIZ")" && pwd)
mkdir -p "$T/units"
for f in "$SRCDIR"/docs/examples/*.service.in; do
	sed "s|@bindir@|$bindir|g" "$f" >"$T/units/$(basename "${f%.in}")"
done
cp "$SRCDIR"/docs/examples/*.timer "$T/units/"
is "$(ls "$T/units" | tr '\n' ' ')" \
	"smtpwiz-check.service smtpwiz-check.timer smtpwiz-prometheus.service smtpwiz-prometheus.timer " \
	"four example units"
for u in "$T"/units/*; do
	out=$(cd "$T/units" && systemd-analyze verify --man=no "./$(basename "$u")" 2>&1)
	r=$?
	is "$r:$out" "0:" "systemd-analyze verify $(basename "$u"): no complaint"
done
for u in smtpwiz-check smtpwiz-prometheus; do
	# "--offline" (systemd 252) rates the file without a running manager.
	out=$(systemd-analyze security --offline=yes "$T/units/$u.service" 2>&1)
	level=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	like "$level" '^[0-9.]+$' "$u.service: systemd-analyze security rates it ($level)"
	ok "$(awk -v l="${level:-10}" 'BEGIN { exit !(l + 0 <= 2.0) }'; echo $?)" \
		"$u.service: exposure level 2.0 or less (OK), got ${level:-none}"
	for key in NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes ProtectHome=yes \
		CapabilityBoundingSet= LoadCredential=smtpwiz.conf:/etc/smtpwiz/smtpwiz.conf; do
		like "$(cat "$T/units/$u.service")" "^$key\$" "$u.service: $key"
	done
	like "$(cat "$T/units/$u.timer")" '^OnCalendar=' "$u.timer: runs periodically"
	like "$(cat "$T/units/$u.timer")" '^WantedBy=timers.target$' "$u.timer: enabled with timers.target"
done

# The check service's ExecStart as systemd runs it: %d is the credential
# directory, and stdout is the journal stream that JOURNAL_STREAM names.
smtp --tls starttls --auth-mechs PLAIN
mkdir -p "$T/cred"
cat >"$T/cred/smtpwiz.conf" <<EOC
host = 'localhost'
port = $PORT
ca_file = '$CERTS/ca.pem'
username = 'alice@example.com'
password = '$(cat "$T/pw")'
from = 'alice@example.com'
test_recipient = 'bob@example.net'
EOC
chmod 600 "$T/cred/smtpwiz.conf"
# --no-deliverability: no DNS server answers for example.com here.
cmd="$(sed -n 's/^ExecStart=//p' "$T/units/smtpwiz-check.service" | sed "s|%d|$T/cred|g") --no-deliverability"
: >"$T/journal"
# shellcheck disable=SC2086 # the command line is split as systemd splits it
JOURNAL_STREAM=$(stat -L -c '%d:%i' "$T/journal") $cmd >>"$T/journal" 2>&1 </dev/null
rc=$?
is "$rc" 0 "check service command: exit 0 against a good server"
like "$(head -n 1 "$T/journal")" '^<6>SMTPWIZ OK - localhost port [0-9]+: every step passed' \
	"check service command: OK line at priority info"
unlike "$(cat "$T/journal")" "$PW" "check service command: password not printed"
sed -i "s/^password = .*/password = 'wrong'/" "$T/cred/smtpwiz.conf"
: >"$T/journal"
JOURNAL_STREAM=$(stat -L -c '%d:%i' "$T/journal") $cmd >>"$T/journal" 2>&1 </dev/null
rc=$?
is "$rc" 2 "check service command: exit 2 (CRITICAL, the unit fails) for a wrong password"
like "$(head -n 1 "$T/journal")" '^<3>SMTPWIZ CRITICAL - auth: .*\[auth-failed\]' \
	"check service command: CRITICAL line at priority err"
like "$(sed -n 's/^SuccessExitStatus=//p' "$T/units/smtpwiz-check.service")" '^1$' \
	"check service: WARNING (exit 1) does not fail the unit"
tap_done
