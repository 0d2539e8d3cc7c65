# Bash library: a private Exim 4.96 on loopback, run from Debian's
# exim4-daemon-light unpacked (not installed: it conflicts with postfix) by
# tools/install-deps under EX_ROOT. The binary insists on its compiled-in
# user Debian-exim, so it runs in a mount namespace whose /etc/passwd and
# /etc/group add that user; the machine's own files are never changed.
#
#   . "$SRCDIR/tests/servers/servers.sh"
#   . "$SRCDIR/tests/servers/exim.sh"
#   trap 'ex_stop; srv_stop_all' EXIT
#   ex_setup || exit 99     # EX_DIR (spool/, log/), EX_PORT, EX_PORT2,
#                           # EX_TLS_PORT
#   { ex_main; echo 'acl_smtp_rcpt = ...'; echo 'begin acl'; ...; } >"$EX_DIR/exim.conf"
#   ex_start || exit 1      # EX_PID; EX_LOG is the main log
#   ex_stop
#
# ex_main prints the main options every instance needs: its paths and
# user, loopback listeners on EX_PORT and EX_PORT2 (STARTTLS; a setting
# may differ by $received_port) and EX_TLS_PORT (implicit TLS), no DNS, TLS with EX_DIR/cert.pem and EX_DIR/key.pem (copy them
# there: Exim reads the key as Debian-exim). The test adds its own ACLs,
# routers (none may route off the machine) and authenticators.

EX_ROOT=${EX_ROOT:-/usr/local/lib/smtpwiz-tests/exim4}
EX_BIN=$EX_ROOT/usr/sbin/exim4
EX_LIFETIME=${EX_LIFETIME:-600}
EX_UID=64990 # an id no Debian package allocates
EX_DIR= EX_PID= EX_LOG= EX_PORT= EX_PORT2= EX_TLS_PORT=

ex_available() {
	[ "$(id -u)" -eq 0 ] && [ -x "$EX_BIN" ] && unshare -m true 2>/dev/null
}

ex_setup() {
	ex_available || return 1
	EX_DIR=$(mktemp -d "${TMPDIR:-/tmp}/smtpwiz-exim.XXXXXX") || return 1
	chmod 755 "$EX_DIR"
	mkdir -p "$EX_DIR/spool" "$EX_DIR/log"
	chown "$EX_UID:$EX_UID" "$EX_DIR/spool" "$EX_DIR/log"
	EX_LOG=$EX_DIR/log/mainlog
	cp /etc/passwd "$EX_DIR/passwd"
	cp /etc/group "$EX_DIR/group"
	if ! grep -q '^Debian-exim:' /etc/passwd; then
		echo "Debian-exim:x:$EX_UID:$EX_UID:Exim (tests):/nonexistent:/usr/sbin/nologin" >>"$EX_DIR/passwd"
		echo "Debian-exim:x:$EX_UID:" >>"$EX_DIR/group"
	fi
	EX_PORT=$(srv_closed_port) && EX_PORT2=$(srv_closed_port) &&
		EX_TLS_PORT=$(srv_closed_port)
}

ex_main() {
	cat <<EOF
exim_user = Debian-exim
exim_group = Debian-exim
spool_directory = $EX_DIR/spool
log_file_path = $EX_DIR/log/%slog
pid_file_path = $EX_DIR/exim.pid
local_interfaces = <; 127.0.0.1
daemon_smtp_ports = $EX_PORT : $EX_PORT2 : $EX_TLS_PORT
tls_on_connect_ports = $EX_TLS_PORT
primary_hostname = mail.smtpwiz.test
qualify_domain = smtpwiz.test
host_lookup =
rfc1413_hosts =
helo_lookup_domains =
dns_again_means_nonexist = *
tls_advertise_hosts = *
tls_certificate = $EX_DIR/cert.pem
tls_privatekey = $EX_DIR/key.pem
keep_environment =
EOF
}

# In a mount namespace that has the Debian-exim user: sh -c "$EX_NS" DIR CMD...
EX_NS='mount --bind "$0/passwd" /etc/passwd &&
	mount --bind "$0/group" /etc/group && exec "$@"'

# ex_run ARGS...: exim4 ARGS, in that namespace.
ex_run() {
	unshare -m sh -c "$EX_NS" "$EX_DIR" "$EX_BIN" "$@"
}

ex_start() {
	local conf=$EX_DIR/exim.conf
	chown "$EX_UID" "$EX_DIR/key.pem" 2>/dev/null
	if ! ex_run -C "$conf" -bV >"$EX_DIR/check.log" 2>&1; then
		echo "ex_start: the configuration is refused:" >&2
		cat "$EX_DIR/check.log" >&2
		return 1
	fi
	# -bdf: the daemon in the foreground of this background job, so its
	# PID is ours to stop (unshare and sh exec, the PID stays the same;
	# not through a function, whose background job is a subshell; timeout
	# passes the TERM on and bounds the lifetime).
	unshare -m sh -c "$EX_NS" "$EX_DIR" timeout "$EX_LIFETIME" \
		"$EX_BIN" -C "$conf" -bdf >"$EX_DIR/daemon.out" 2>&1 </dev/null &
	EX_PID=$!
	srv_wait_listen "$EX_PID" "$EX_PORT" "$EX_PORT2" "$EX_TLS_PORT" && return 0
	echo "ex_start: Exim is not listening; its logs:" >&2
	cat "$EX_DIR/daemon.out" "$EX_DIR"/log/* >&2 2>/dev/null
	return 1
}

ex_stop() {
	srv_stop_pid "$EX_PID"
	EX_PID=
	[ -n "$EX_DIR" ] && rm -rf "$EX_DIR"
	EX_DIR=
	return 0
}

# --- Exim as a client (tests/mailer) --------------------------------------
# ex_client PORT: prints routers, transports and retry rules that send all
# mail to 127.0.0.1:PORT (a loopback server the test started), in clear
# text; append them to the configuration after ex_main.
ex_client() {
	cat <<EOF
begin routers
smarthost:
  driver = manualroute
  domains = *
  transport = remote_smtp_smarthost
  route_list = * 127.0.0.1
  self = send
  no_more
begin transports
remote_smtp_smarthost:
  driver = smtp
  port = $1
  hosts_avoid_tls = *
begin retry
* * F,2h,15m
EOF
}

# ex_queue_mail N RCPT: N messages queued (-odq) and then each delivered
# once in this process (-M: Exim's own re-exec would look for the binary
# at its compiled-in path, which the unpacked copy is not at).
ex_queue_mail() {
	local i id
	for ((i = 0; i < $1; i++)); do
		printf 'Subject: smtpwiz test %s\n\nhello\n' "$i" |
			ex_run -C "$EX_DIR/exim.conf" -odq -f app@smtpwiz.test "$2" || return 1
	done
	for id in $(ls "$EX_DIR/spool/input" | sed -n 's/-H$//p'); do
		ex_run -C "$EX_DIR/exim.conf" -M "$id" >/dev/null 2>&1
	done
	return 0
}
