# Sourced first by every shell test. Tests may contact loopback only, and no
# name may reach the machine's resolver: when possible (root, mount
# namespaces), the test re-executes itself in a private mount namespace whose
# /etc/resolv.conf points at a loopback address where nothing answers, so any
# accidental lookup fails at once instead of leaving the machine. localhost
# still resolves through /etc/hosts. tests/check/test_dns.sh nests its own
# namespace inside this one.
# Before anything else: the environment every test sees (tests/isolate.sh).
. "${SRCDIR:-.}/tests/isolate.sh"
if [ -z "${SMTPWIZ_RESOLVER_GUARD:-}" ] && [ "$(id -u)" -eq 0 ] &&
	unshare -m true 2>/dev/null; then
	# One shared file that is created once and never replaced: running
	# tests have it bind-mounted, and a nested namespace binds over it
	# again, which fails on a replaced (deleted) file. ln is atomic and
	# never overwrites.
	guard_conf=${TMPDIR:-/tmp}/smtpwiz-resolv-guard.conf
	if [ ! -f "$guard_conf" ]; then
		printf 'nameserver 127.0.0.9\noptions timeout:1 attempts:1\n' >"$guard_conf.$$"
		ln "$guard_conf.$$" "$guard_conf" 2>/dev/null
		rm -f "$guard_conf.$$"
	fi
	# A test that starts a DNS server on a fixed loopback address (port
	# 53) sets SMTPWIZ_PRIVATE_NET=1 first: it then runs with a loopback
	# of its own, so two suites at once never fight over 127.0.0.x:53.
	if [ -n "${SMTPWIZ_PRIVATE_NET:-}" ] && unshare -mn true 2>/dev/null; then
		SMTPWIZ_RESOLVER_GUARD=1 exec unshare -mn bash -c \
			'ip link set lo up && mount --bind "$0" /etc/resolv.conf && exec bash "$@"' \
			"$guard_conf" "$0" "$@"
	fi
	SMTPWIZ_RESOLVER_GUARD=1 exec unshare -m bash -c \
		'mount --bind "$0" /etc/resolv.conf && exec bash "$@"' \
		"$guard_conf" "$0" "$@"
fi
export SMTPWIZ_RESOLVER_GUARD=1
