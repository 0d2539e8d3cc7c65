# Bash library: a private OpenSMTPD 6.8 on loopback, from Debian's
# opensmtpd package unpacked (not installed: it conflicts with postfix) by
# tools/install-deps under OS_ROOT. Its compiled-in users, spool, empty
# directory and control socket are supplied by a mount namespace (copies
# of /etc/passwd and /etc/group with its users, tmpfs over /var/spool,
# /var/lib and /run there only); /etc/resolv.conf there says `lookup file`
# so its reverse lookup of each client never reaches DNS.
#
# Debian 12's build cannot do TLS with OpenSSL 3 (every handshake fails,
# upstream issues #1171 and #1239), and OpenSMTPD offers AUTH only inside
# TLS: tests can use its clear-text replies only.
#
#   . "$SRCDIR/tests/servers/servers.sh"
#   . "$SRCDIR/tests/servers/opensmtpd.sh"
#   trap 'os_stop; srv_stop_all' EXIT
#   os_setup || exit 99     # OS_DIR, OS_PORT
#   { echo "listen on 127.0.0.1 port $OS_PORT"; ...; } >"$OS_DIR/smtpd.conf"
#   os_start || exit 1      # OS_PID; OS_LOG is its log (smtpd -d)
#   os_stop

OS_ROOT=${OS_ROOT:-/usr/local/lib/smtpwiz-tests/opensmtpd}
OS_BIN=$OS_ROOT/usr/sbin/smtpd
OS_LIFETIME=${OS_LIFETIME:-600}
OS_DIR= OS_PID= OS_LOG= OS_PORT=

os_available() {
	[ "$(id -u)" -eq 0 ] && [ -x "$OS_BIN" ] && unshare -m true 2>/dev/null
}

os_setup() {
	os_available || return 1
	OS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/smtpwiz-opensmtpd.XXXXXX") || return 1
	chmod 755 "$OS_DIR"
	OS_LOG=$OS_DIR/smtpd.log
	cp /etc/passwd "$OS_DIR/passwd"
	cp /etc/group "$OS_DIR/group"
	# ids no Debian package allocates
	local u id=64991
	for u in opensmtpd opensmtpq; do
		if ! grep -q "^$u:" /etc/passwd; then
			echo "$u:x:$id:$id:OpenSMTPD (tests):/nonexistent:/usr/sbin/nologin" >>"$OS_DIR/passwd"
			echo "$u:x:$id:" >>"$OS_DIR/group"
		fi
		id=$((id + 1))
	done
	printf 'lookup file\nnameserver 127.0.0.9\n' >"$OS_DIR/resolv.conf"
	OS_PORT=$(srv_closed_port)
}

# In the namespace: sh -c "$OS_NS" DIR CMD...
OS_NS='mount --bind "$0/passwd" /etc/passwd &&
	mount --bind "$0/group" /etc/group &&
	{ umount /etc/resolv.conf 2>/dev/null; mount --bind "$0/resolv.conf" /etc/resolv.conf; } &&
	mount -t tmpfs -o mode=755 tmpfs /var/spool && mkdir -m 711 /var/spool/smtpd &&
	mount -t tmpfs -o mode=755 tmpfs /var/lib && mkdir -p /var/lib/opensmtpd/empty &&
	mount -t tmpfs -o mode=755 tmpfs /run && exec "$@"'

os_start() {
	# -d: in the foreground of this background job, so its PID is ours to
	# stop (unshare and sh exec, the PID stays the same; timeout passes
	# the TERM on and bounds the lifetime). Not through a function, whose
	# background job would be a subshell.
	unshare -m sh -c "$OS_NS" "$OS_DIR" timeout "$OS_LIFETIME" \
		"$OS_BIN" -d -f "$OS_DIR/smtpd.conf" >"$OS_LOG" 2>&1 </dev/null &
	OS_PID=$!
	srv_wait_listen "$OS_PID" "$OS_PORT" && return 0
	echo "os_start: smtpd is not listening; its log:" >&2
	cat "$OS_LOG" >&2
	return 1
}

os_stop() {
	srv_stop_pid "$OS_PID"
	OS_PID=
	[ -n "$OS_DIR" ] && rm -rf "$OS_DIR"
	OS_DIR=
	return 0
}
