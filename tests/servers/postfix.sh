# Bash library: a private Postfix instance (Debian's postfix package,
# installed but never configured or started as the system's) with an
# optional private Dovecot as its SASL server, on loopback only. Nothing
# relays off the machine: every transport but the ones a test asks for is
# `error`, and Postfix does no DNS.
#
#   . "$SRCDIR/tests/servers/servers.sh"
#   . "$SRCDIR/tests/servers/postfix.sh"
#   trap 'pf_stop; srv_stop_all' EXIT
#   pf_setup || exit 99            # PF_DIR: etc/ (main.cf, master.cf),
#                                  # queue/, data/, log/ (mode 0755)
#   pf_dovecot alice@smtpwiz.test SECRET   # optional: Dovecot SASL, one user
#   pf_main 'message_size_limit = 10240000' ...   # main.cf lines
#   pf_listen smtpd -o smtpd_tls_security_level=encrypt ...  # sets PF_PORT
#   pf_start || exit 1             # sets PF_PID (the master)
#   ... PF_LOG is the mail log
#   pf_stop                        # stops Dovecot and Postfix by PID
#
# pf_listen SERVICE [-o NAME=VALUE]...: a master.cf inet listener on a free
# loopback port running SERVICE (smtpd); PF_PORT is its port. Call it
# before pf_start, once per listener.
# pf_client, pf_inject, pf_wait_deferred (at the end): Postfix as a
# client relaying to a loopback server, with real deferred mail.
# pf_map NAME LINES...: writes PF_DIR/etc/NAME and runs postmap on it; use
# it in main.cf as hash:$PF_DIR/etc/NAME.
#
# The master runs in the foreground of a background job (`master -c DIR`,
# with -e as its own lifetime bound), so its PID is known; it stops its
# children when it gets SIGTERM. Dovecot (dovecot -F) likewise.

PF_POSTFIX_DAEMONS=${PF_POSTFIX_DAEMONS:-/usr/lib/postfix/sbin}
PF_LIFETIME=${PF_LIFETIME:-600}
PF_DIR= PF_PID= PF_DV_PID= PF_LOG= PF_PORT=

pf_available() {
	[ "$(id -u)" -eq 0 ] && [ -x "$PF_POSTFIX_DAEMONS/master" ] &&
		command -v postconf >/dev/null && id postfix >/dev/null 2>&1
}

pf_setup() {
	pf_available || return 1
	# Postfix's and Dovecot's unprivileged processes must reach these
	# files: a directory of its own, readable by all, nothing secret.
	PF_DIR=$(mktemp -d "${TMPDIR:-/tmp}/smtpwiz-postfix.XXXXXX") || return 1
	chmod 755 "$PF_DIR"
	mkdir -p "$PF_DIR/etc" "$PF_DIR/queue" "$PF_DIR/data" "$PF_DIR/log"
	chown postfix "$PF_DIR/data"
	PF_LOG=$PF_DIR/log/postfix.log
	: >"$PF_LOG"
	cat >"$PF_DIR/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $PF_DIR/queue
data_directory = $PF_DIR/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $PF_LOG
maillog_file_prefixes = $PF_DIR/log
myhostname = mail.smtpwiz.test
mydomain = smtpwiz.test
myorigin = \$mydomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
# No client is trusted by address: relay rules apply to 127.0.0.1 too.
mynetworks = 192.0.2.1/32
# Loopback only, no DNS, no delivery anywhere.
default_transport = error:no delivery off this machine
relay_transport = error:no delivery off this machine
local_transport = error:no local delivery
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
biff = no
append_dot_mydomain = no
alias_maps =
alias_database =
smtpd_banner = \$myhostname ESMTP
EOF
	cat >"$PF_DIR/etc/master.cf" <<EOF
# Internal services only; pf_listen adds the listeners.
pickup    unix n - n 60 1 pickup
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
smtp      unix - - n - - smtp
relay     unix - - n - - smtp
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
local     unix - n n - - local
virtual   unix - n n - - virtual
lmtp      unix - - n - - lmtp
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
tlsmgr    unix - - n 1000? 1 tlsmgr
postlog   unix-dgram n - n - 1 postlogd
EOF
}

pf_main() {
	printf '%s\n' "$@" >>"$PF_DIR/etc/main.cf"
}

pf_map() {
	local name=$1
	shift
	printf '%s\n' "$@" >"$PF_DIR/etc/$name"
	postmap -c "$PF_DIR/etc" "hash:$PF_DIR/etc/$name"
}

pf_listen() {
	local service=$1 opt
	shift
	PF_PORT=$(srv_closed_port) || return 1
	{
		printf '127.0.0.1:%s inet n - n - - %s\n' "$PF_PORT" "$service"
		for opt in "$@"; do
			case $opt in
			-o) ;;
			# master.cf(5): a value with spaces goes in braces.
			*' '*) printf '  -o { %s = %s }\n' "${opt%%=*}" "${opt#*=}" ;;
			*) printf '  -o %s\n' "$opt" ;;
			esac
		done
	} >>"$PF_DIR/etc/master.cf"
}

# pf_dovecot USER PASSWORD: a private Dovecot that only authenticates, for
# smtpd_sasl_type = dovecot, with one user in a passwd-file.
pf_dovecot() {
	local dv=$PF_DIR/dovecot i
	command -v dovecot >/dev/null || return 1
	mkdir -p "$dv/run" "$dv/state"
	printf '%s:{PLAIN}%s\n' "$1" "$2" >"$dv/passwd"
	cat >"$dv/dovecot.conf" <<EOF
base_dir = $dv/run
state_dir = $dv/state
instance_name = smtpwiz-$$
protocols =
listen = 127.0.0.1
ssl = no
log_path = $dv/dovecot.log
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dv/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}
service auth {
  unix_listener $PF_DIR/queue/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
# Repeated failures from 127.0.0.1 would slow every later login down.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
EOF
	# Postfix's own directory for its private sockets, as it makes it.
	mkdir -p "$PF_DIR/queue/private"
	chown postfix "$PF_DIR/queue/private"
	chmod 700 "$PF_DIR/queue/private"
	dovecot -F -c "$dv/dovecot.conf" >"$dv/stdout.log" 2>&1 &
	PF_DV_PID=$!
	for ((i = 0; i < 100; i++)); do
		[ -S "$PF_DIR/queue/private/auth" ] && break
		if ! kill -0 "$PF_DV_PID" 2>/dev/null; then
			echo "pf_dovecot: dovecot exited:" >&2
			cat "$dv/stdout.log" "$dv/dovecot.log" >&2 2>/dev/null
			PF_DV_PID=
			return 1
		fi
		sleep 0.1
	done
	[ -S "$PF_DIR/queue/private/auth" ] || {
		echo "pf_dovecot: no auth socket after 10 s" >&2
		return 1
	}
	pf_main 'smtpd_sasl_type = dovecot' 'smtpd_sasl_path = private/auth'
}

pf_start() {
	if ! postfix -c "$PF_DIR/etc" check >"$PF_DIR/check.log" 2>&1; then
		echo "pf_start: postfix check failed:" >&2
		cat "$PF_DIR/check.log" "$PF_LOG" >&2
		return 1
	fi
	"$PF_POSTFIX_DAEMONS/master" -c "$PF_DIR/etc" -e "$PF_LIFETIME" \
		>"$PF_DIR/master.out" 2>&1 </dev/null &
	PF_PID=$!
	# shellcheck disable=SC2046
	srv_wait_listen "$PF_PID" $(awk '/^127\.0\.0\.1:[0-9]+ /{
		sub(/^127\.0\.0\.1:/, "", $1); print $1}' "$PF_DIR/etc/master.cf") &&
		return 0
	echo "pf_start: Postfix is not listening; its logs:" >&2
	cat "$PF_DIR/master.out" "$PF_LOG" >&2
	return 1
}

pf_stop() {
	srv_stop_pid "$PF_PID"
	srv_stop_pid "$PF_DV_PID"
	PF_PID= PF_DV_PID=
	[ -n "$PF_DIR" ] && rm -rf "$PF_DIR"
	PF_DIR=
	return 0
}

# --- Postfix as a client (tests/mailer) -----------------------------------
# pf_client RELAYHOST: PF_DIR's main.cf becomes a client's: mail for other
# domains goes to RELAYHOST (a loopback server the test started) through
# the smtp transport; still no DNS, nothing else routed. Long retry times
# keep deferred mail where the test put it. PF_CAFILE, if set, becomes
# smtp_tls_CAfile.
pf_client() {
	pf_client_base
	pf_main "relayhost = $1" 'smtp_tls_security_level = may'
	[ -z "${PF_CAFILE:-}" ] || pf_main "smtp_tls_CAfile = $PF_CAFILE"
}

# pf_client_base: a client without a relayhost yet (what --apply sets):
# mail for other domains goes out through the smtp transport, still
# without DNS; retries far apart, so that a test sees one attempt.
pf_client_base() {
	sed -i '/^default_transport\|^relay_transport/d' "$PF_DIR/etc/main.cf"
	pf_main 'default_transport = smtp' 'relay_transport = smtp' \
		'maximal_backoff_time = 4000s' 'minimal_backoff_time = 3000s' \
		'queue_run_delay = 3000s'
}

# pf_inject N RCPT: N messages through the private instance's sendmail
# (postdrop into its maildrop; pickup takes them).
pf_inject() {
	local i
	for ((i = 0; i < $1; i++)); do
		printf 'Subject: smtpwiz test %s\n\nhello\n' "$i" |
			sendmail -C "$PF_DIR/etc" -f "app@smtpwiz.test" "$2" || return 1
	done
}

# pf_wait_deferred N: waits (at most 60 s) until N messages sit in the
# deferred queue; shows the log's tail when they do not.
pf_wait_deferred() {
	local i n=0
	for ((i = 0; i < 600; i++)); do
		n=$(postqueue -c "$PF_DIR/etc" -j 2>/dev/null | grep -c '"queue_name": *"deferred"')
		[ "$n" -ge "$1" ] && return 0
		sleep 0.1
	done
	echo "# only $n of $1 messages deferred after 60 s; the log:" >&2
	tail -20 "$PF_LOG" | sed 's/^/#   /' >&2
	return 1
}
