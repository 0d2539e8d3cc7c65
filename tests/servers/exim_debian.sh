# Bash library: Debian's Exim4 as a server has it, privately. exim4-config
# (template, conf.d, update-exim4.conf) and exim4-daemon-light's binary are
# unpacked from Debian's packages by tools/install-deps under EX_ROOT.
# Debian's tools only know /etc/exim4, /var/lib/exim4 and /usr/sbin, so the
# test gives them their own: overlays on /etc, /var and /usr/sbin and a
# tmpfs on /run (no systemd there, and a private /run/exim4), in the
# test's private mount namespace; every write lands in the test's
# directory and vanishes with it. The machine's own files never change:
# exd_setup refuses to run outside the namespace exd_reexec made.
#
#   . "$SRCDIR/tests/servers/exim_debian.sh"
#   exd_reexec "$@"            # first: into a private mount namespace
#   . "$SRCDIR/tests/mailer/lib.sh"   # the test's helpers
#   exd_available || skip
#   exd_setup "$T" || bail     # T: the test's directory (not under the
#                              # overlaid ones); EXD_MAINLOG is Exim's log
#   exd_generate               # update-exim4.conf and exim4 -bV
EX_ROOT=${EX_ROOT:-/usr/local/lib/smtpwiz-tests/exim4}
EXD_MAINLOG=/var/log/exim4/mainlog

# Not named SMTPWIZ_*: tests/isolate.sh drops those.
exd_reexec() {
	if [ -z "${EXIM_DEBIAN_NS:-}" ] && [ "$(id -u)" -eq 0 ] &&
		unshare -m true 2>/dev/null; then
		EXIM_DEBIAN_NS=$$ exec unshare -m bash "$0" "$@"
	fi
}

exd_available() {
	[ -n "${EXIM_DEBIAN_NS:-}" ] && [ -x "$EX_ROOT/usr/sbin/exim4" ] &&
		[ -f "$EX_ROOT/usr/sbin/update-exim4.conf" ] &&
		[ -f "$EX_ROOT/etc/exim4/exim4.conf.template" ]
}

# The mount namespace differs from PID 1's: the overlays cannot reach the
# machine.
exd_private() {
	[ -n "${EXIM_DEBIAN_NS:-}" ] &&
		[ "$(readlink /proc/self/ns/mnt)" != "$(readlink /proc/1/ns/mnt)" ]
}

# exd_setup DIR: the mounts, then what the packages' maintainer scripts
# would have made: the user, the directories, and debconf's answers for a
# fresh "local delivery only" system (exim4-config's default). Exim
# counts a smarthost on one of its own interfaces as itself, so it
# listens on 127.0.0.3 here: the test relays are on 127.0.0.1.
exd_setup() {
	local dir=$1 d guard
	exd_private || {
		echo "exd_setup: not in a private mount namespace" >&2
		return 1
	}
	case $dir in /etc/* | /var/* | /usr/* | /run/*)
		echo "exd_setup: $dir is under an overlaid directory" >&2
		return 1
		;;
	esac
	for d in etc var sbin; do mkdir -p "$dir/ov/$d.up" "$dir/ov/$d.work"; done
	mount -t overlay overlay -o "lowerdir=/etc,upperdir=$dir/ov/etc.up,workdir=$dir/ov/etc.work" /etc &&
		mount -t overlay overlay -o "lowerdir=/var,upperdir=$dir/ov/var.up,workdir=$dir/ov/var.work" /var &&
		mount -t overlay overlay -o "lowerdir=/usr/sbin,upperdir=$dir/ov/sbin.up,workdir=$dir/ov/sbin.work" /usr/sbin &&
		mount -t tmpfs -o mode=755 tmpfs /run || return 1
	# The overlay hides the resolver guard's bind mount: put it back.
	guard=${TMPDIR:-/tmp}/smtpwiz-resolv-guard.conf
	[ -f "$guard" ] && mount --bind "$guard" /etc/resolv.conf
	if ! grep -q '^Debian-exim:' /etc/passwd; then
		echo "Debian-exim:x:64990:64990:Exim (tests):/nonexistent:/usr/sbin/nologin" >>/etc/passwd
		echo "Debian-exim:x:64990:" >>/etc/group
	fi
	rm -rf /etc/exim4
	cp -a "$EX_ROOT/etc/exim4" /etc/exim4
	cp "$EX_ROOT/etc/email-addresses" /etc/email-addresses
	echo smtpwiz.test >/etc/mailname
	chgrp Debian-exim /etc/exim4/passwd.client
	chmod 640 /etc/exim4/passwd.client
	printf '%s\n' \
		"# /etc/exim4/update-exim4.conf.conf" \
		"#" \
		"# Edit this file and /etc/mailname by hand and execute update-exim4.conf" \
		"# yourself or use 'dpkg-reconfigure exim4-config'" \
		"" \
		"dc_eximconfig_configtype='local'" \
		"dc_other_hostnames='smtpwiz.test'" \
		"dc_local_interfaces='127.0.0.3'" \
		"dc_readhost=''" \
		"dc_relay_domains=''" \
		"dc_minimaldns='false'" \
		"dc_relay_nets=''" \
		"dc_smarthost=''" \
		"CFILEMODE='644'" \
		"dc_use_split_config='false'" \
		"dc_hide_mailname=''" \
		"dc_mailname_in_oh='true'" \
		"dc_localdelivery='mail_spool'" >/etc/exim4/update-exim4.conf.conf
	mkdir -p /var/lib/exim4 /var/log/exim4 /var/spool/exim4 /run/exim4
	chown Debian-exim:Debian-exim /var/log/exim4 /var/spool/exim4 /run/exim4
	ln -sf "$EX_ROOT/usr/sbin/exim4" /usr/sbin/exim4
	ln -sf exim4 /usr/sbin/sendmail
	cp "$EX_ROOT/usr/sbin/update-exim4.conf" /usr/sbin/update-exim4.conf
	exd_generate
}

# exd_generate: update-exim4.conf and exim4 -bV, as an administrator runs
# them after editing; their output on failure.
exd_generate() {
	local out
	exd_private || return 1
	out=$(update-exim4.conf 2>&1 && exim4 -bV 2>&1) || {
		printf '%s\n' "$out" >&2
		return 1
	}
}
