#!/bin/bash
# A saved /etc/smtpwiz/smtpwiz.conf (root's default configuration file)
# changes no result of the suite: every test runs with its own
# SMTPWIZ_CONFIG (tests/isolate.sh). The hostile file is put in place
# inside a private mount namespace, on an overlay over /etc whose writes go
# to this test's directory, so the machine's real /etc is never written,
# whatever is or is not there. Without root or mount namespaces: skipped.
. "$SRCDIR/tests/cli/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
	echo "1..0 # SKIP needs root and mount namespaces"
	exit 0
fi
# The sample of whole test scripts run under the hostile file: the basic
# --check paths (success, every exit status) and the command line.
SAMPLE="tests/check/test_success.sh tests/cli/test_cli.sh"
mkdir -p "$T/upper" "$T/work" "$T/res"
cat >"$T/inner.sh" <<'INNER'
set -u
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$T/upper,workdir=$T/work" /etc || exit 3
# The overlay hides the resolver guard's bind mount: put it back.
guard=${TMPDIR:-/tmp}/smtpwiz-resolv-guard.conf
[ -f "$guard" ] && mount --bind "$guard" /etc/resolv.conf
mkdir -p /etc/smtpwiz
cat >/etc/smtpwiz/smtpwiz.conf <<'CONF'
host = "127.0.0.66"
port = 1
tls = "none"
tls_verify = false
username = "mallory"
password = "hostile-etc-password"
from = "mallory@evil.test"
test_recipient = "loot@evil.test"
timeout = 1
helo_name = "evil.test"
auth_mechanism = "LOGIN"
CONF
chmod 600 /etc/smtpwiz/smtpwiz.conf
# Proof that the file is live: without the isolation, it is the default.
env -u SMTPWIZ_CONFIG "$SMTPWIZ" --check --json </dev/null >"$T/res/default.json" 2>/dev/null
for t in $SAMPLE; do
	n=$(basename "$t")
	bash "$SRCDIR/$t" >"$T/res/$n.tap" 2>&1
	echo $? >"$T/res/$n.rc"
done
INNER
T="$T" SAMPLE="$SAMPLE" unshare -m bash "$T/inner.sh"
is "$?" 0 "the hostile /etc was set up in a private namespace"
ok $([ ! -e /etc/smtpwiz/smtpwiz.conf ] || ! grep -q hostile-etc-password /etc/smtpwiz/smtpwiz.conf; echo $?) \
	"the real /etc was not written"
OUT=$(cat "$T/res/default.json")
is "$(json 'd["target"]["host"]')" 127.0.0.66 "root's default file is /etc/smtpwiz/smtpwiz.conf, and the hostile one was live"
for t in $SAMPLE; do
	n=$(basename "$t")
	is "$(cat "$T/res/$n.rc")" 0 "$n under a hostile /etc: exit 0"
	fails=$(grep -c '^not ok' "$T/res/$n.tap")
	is "$fails" 0 "$n under a hostile /etc: no failed assertion"
	[ "$fails" -eq 0 ] || grep -A12 '^not ok' "$T/res/$n.tap" | head -60 | sed 's/^/#   /'
	like "$(cat "$T/res/$n.tap")" '^1\.\.[1-9]' "$n under a hostile /etc: ran to its plan"
	unlike "$(cat "$T/res/$n.tap")" 'hostile-etc-password|127\.0\.0\.66|evil\.test' \
		"$n under a hostile /etc: nothing of the file shows"
done
tap_done
