#!/bin/bash
# Postfix on a system with no syslog daemon (Debian 12's default install):
# no /var/log/mail.log, Postfix's lines are in the systemd journal only.
# The delivery step after --apply postfix must follow the test message
# there. The test runs a real systemd-journald of its own in a private
# mount namespace: a tmpfs on /run (journald's sockets), a tmpfs on
# /var/log (no mail.log, the journal's files) and an overlay on /dev whose
# /dev/log is journald's syslog socket, as systemd makes it. The machine's
# journal and /dev never change.
if [ -z "${JOURNAL_TEST_NS:-}" ] && [ "$(id -u)" -eq 0 ] &&
	unshare -m true 2>/dev/null; then
	JOURNAL_TEST_NS=$$ exec unshare -m bash "$0" "$@"
fi
. "$SRCDIR/tests/mailer/lib.sh"
JOURNALD=/usr/lib/systemd/systemd-journald
JD_PID=
trap 'pf_stop; srv_stop_all; srv_stop_pid "$JD_PID"; tap_cleanup' EXIT

# Only in a mount namespace of its own: the mounts below never reach
# the machine.
private_ns() {
	[ -n "${JOURNAL_TEST_NS:-}" ] &&
		[ "$(readlink /proc/self/ns/mnt)" != "$(readlink /proc/1/ns/mnt)" ]
}
if ! private_ns || [ ! -x "$JOURNALD" ] || ! command -v journalctl >/dev/null ||
	[ ! -s /etc/machine-id ] || ! pf_available; then
	echo "1..0 # SKIP needs root, mount namespaces, systemd-journald, a machine id and Debian's postfix"
	exit 0
fi

mkdir -p "$T/ov/dev.up" "$T/ov/dev.work"
mount -t tmpfs -o mode=755 tmpfs /run &&
	mount -t tmpfs -o mode=755 tmpfs /var/log &&
	mount -t overlay overlay -o "lowerdir=/dev,upperdir=$T/ov/dev.up,workdir=$T/ov/dev.work" /dev ||
	{ echo "Bail out! cannot make the private /run, /var/log and /dev"; exit 1; }
ln -sf /run/systemd/journal/dev-log /dev/log
"$JOURNALD" >"$T/journald.out" 2>&1 </dev/null &
JD_PID=$!
for ((i = 0; i < 100; i++)); do
	[ -S /run/systemd/journal/dev-log ] && [ -S /run/systemd/journal/socket ] && break
	sleep 0.1
done
[ -S /run/systemd/journal/dev-log ] ||
	{ echo "Bail out! journald did not start"; cat "$T/journald.out"; exit 1; }

pf_setup || { echo "Bail out! no private Postfix"; exit 1; }
ETC=$PF_DIR/etc
# Syslog, as a packaged Postfix logs: no maillog_file.
sed -i '/^maillog_file/d' "$ETC/main.cf"
pf_client_base
pf_start || { echo "Bail out! private Postfix did not start"; exit 1; }
relay_start || { echo "Bail out! no test server"; exit 1; }

show() {
	printf '# %s\n' "--- stdout:" "$OUT" "--- stderr:" "$ERR"
	journalctl -q --no-pager -o short SYSLOG_FACILITY=2 2>&1 | tail -n 12 | sed 's/^/#   journal: /'
}

# --- the message reaches the relay; its lines are read from the journal ------
[ ! -e /var/log/mail.log ]
ok $? "no mail.log: only the journal has Postfix's lines"
run --apply postfix --mailer-config "$ETC" --config "$CONF"
is "$RC" 0 "apply exits 0" || show
like "$OUT" '^PASS +delivery +postfix handed the test message to the relay' "the delivery step passed" || show
FLAT=$(printf '%s' "$OUT" | tr -s ' \n' ' ')
QID=$(printf '%s' "$FLAT" | grep -oE 'queue id [0-9A-F]+' | head -1 | cut -d' ' -f3)
REPLY=$(printf '%s' "$FLAT" | grep -oE 'queued as [0-9A-F]+' | head -1)
[ -n "$QID" ] && [ -n "$REPLY" ]
ok $? "the step names the queue id and the relay's reply" || show
# With no log file anywhere, both can only have come from the journal.
like "$(journalctl -q --no-pager -o cat SYSLOG_IDENTIFIER=postfix/cleanup)" "^$QID: message-id=<smtpwiz\." "that queue id is the test message's in the journal" || show
like "$(journalctl -q --no-pager -o cat SYSLOG_IDENTIFIER=postfix/smtp)" "^$QID: to=<someone@elsewhere.test>, relay=localhost\[127.0.0.1\]:$RELAY_PORT, .*status=sent \(250 2.0.0 Ok: $REPLY\)" "the journal's line for it has the same reply" || show
like "$(cat "$SPOOL"/1.eml 2>/dev/null)" 'Subject: smtpwiz delivery test through postfix' "the relay got the test message"
unlike "$(journalctl -q --no-pager -o cat)" "$PW" "the password is not in the journal"

# --- the relay refuses: the bounce is read from the journal and classified ---
spam_relay_start || { echo "Bail out! no second test server"; exit 1; }
run --apply postfix --mailer-config "$ETC" --config "$SPAM_CONF"
is "$RC" 1 "a bounced test message: exit 1" || show
like "$OUT" '^FAIL +delivery' "the delivery step fails" || show
like "$OUT" '\[message-spam\]' "classified from Postfix's reason in the journal" || show
FLAT=$(printf '%s' "$OUT" | tr -s ' \n' ' ')
like "$FLAT" 'status=bounced \(host localhost\[127.0.0.1\] said: 554 5.7.1 Message rejected as spam' "the evidence is the journal's bounce line" || show
like "$FLAT" 'postfix/smtp\[[0-9]+\]: [0-9A-F]+: to=<someone@elsewhere.test>' "shown as syslog would write it: identifier, pid, queue id" || show

# --- journald stops: said, not a silent wait -----------------------------------
srv_stop_pid "$JD_PID"
JD_PID=
rm -f /run/systemd/journal/socket
run --apply postfix --mailer-config "$ETC" --config "$CONF"
like "$OUT" '^WARN +delivery +The message could not be followed \[delivery-unfollowed\]' "no journald and no mail.log: the delivery step warns" || show
like "$(printf '%s' "$OUT" | tr -s ' \n' ' ')" 'its log /var/log/mail.log cannot be read' "and says which log it looked for" || show

tap_done
