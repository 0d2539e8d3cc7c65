# Shared by the wizard's terminal tests (sourced after
# tests/resolver-guard.sh): tmux runs smtpwiz in an 80x24 pane, send-keys
# types, capture-pane reads the screen. Every wait is a bounded poll
# (100 ms steps), never a fixed sleep. TAP output through ok/not_ok/check;
# the caller prints the plan ("1..$count") at the end.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/smtpwiz-tui.XXXXXX") || exit 1
# One tmux server per session started (a server that is still shutting
# down must not be reused); all of them die at the end.
SOCK=smtpwiz-test-$$
SOCKS=()
cleanup() {
	for s in "${SOCKS[@]}"; do
		tmux -L "$s" kill-server >/dev/null 2>&1
	done
	declare -F srv_stop_all >/dev/null && srv_stop_all
	# The caller's own servers (a test DNS server, ...).
	declare -F test_cleanup >/dev/null && test_cleanup
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ---- TAP -------------------------------------------------------------------

count=0
ok() {
	count=$((count + 1))
	echo "ok $count - $1"
}
not_ok() {
	count=$((count + 1))
	echo "not ok $count - $1"
	echo "#   screen:"
	screen | sed 's/^/#   |/'
}
# check DESCRIPTION COMMAND...: one assertion.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# ---- the terminal ----------------------------------------------------------

tm() { tmux -L "$SOCK" "$@"; }
screen() { tm capture-pane -p -t w 2>/dev/null; }
keys() { tm send-keys -t w "$@"; }
type_text() { tm send-keys -t w -l -- "$1"; }

# wait_for TEXT [TENTHS]: until the screen shows TEXT (default 5 s).
wait_for() {
	local tries=${2:-50}
	while ((tries-- > 0)); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
# wait_gone TEXT: until the screen no longer shows TEXT.
wait_gone() {
	local tries=${2:-50}
	while ((tries-- > 0)); do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
	done
	return 1
}
wait_file() {
	local tries=${2:-50}
	while ((tries-- > 0)); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
screen_lacks() { ! screen | grep -qF -- "$1"; }
# The pane's size must be what the test asked for.
pane_is() { [ "$(tm display -p -t w '#{pane_width}x#{pane_height}')" = "$1" ]; }

# start NAME [VAR=VALUE...] [-- SMTPWIZ-ARGS...]: runs smtpwiz, fresh, in an
# 80x24 pane. A wrapper records its pid (kill -HUP), its exit status and the
# terminal modes it leaves behind; DIR and CONF name its files. With SEED
# set, that file is the configuration the wizard finds; with NS_RESOLV set
# (needs root and unshare), the wizard resolves names through that
# resolv.conf instead of the machine's.
start() {
	local name=$1 envs=() args=()
	shift
	while (($#)) && [ "$1" != "--" ]; do
		envs+=("$1")
		shift
	done
	(($#)) && shift
	args=("$@")
	DIR=$TMP/$name
	CONF=$DIR/config/smtpwiz/smtpwiz.conf
	mkdir -p "$DIR/config"
	if [ -n "${SEED:-}" ]; then
		mkdir -p "$(dirname "$CONF")"
		cp "$SEED" "$CONF"
	fi
	{
		echo 'cd "$(dirname "$0")" || exit 1'
		printf 'sh -c '\''echo $$ > pid; exec "$@" 2>stderr'\'' sh env TERM=xterm-256color LC_ALL=C.UTF-8 XDG_CONFIG_HOME=%q' "$DIR/config"
		printf ' %q' "${envs[@]}" "$SMTPWIZ" --config "$CONF" "${args[@]}"
		echo
		# Written whole, then renamed: a reader that sees rc sees
		# all of it (a plain "> rc" is seen empty for a moment).
		echo 'echo $? > rc.tmp && mv rc.tmp rc'
		echo 'stty -a > stty 2>&1'
		echo 'echo WRAPPER-DONE'
		echo 'exec sleep 600'
	} >"$DIR/run.sh"
	tm kill-server >/dev/null 2>&1
	SOCK=smtpwiz-test-$$-$name
	SOCKS+=("$SOCK")
	if [ -n "${NS_RESOLV:-}" ]; then
		# The tmux server, and so the wizard, in a private mount
		# namespace whose resolv.conf is NS_RESOLV. The umount drops
		# the resolver guard's bind mount in this namespace only.
		unshare -m sh -c 'umount /etc/resolv.conf 2>/dev/null
			mount --bind "$0" /etc/resolv.conf && exec "$@"' \
			"$NS_RESOLV" tmux -L "$SOCK" -f /dev/null new-session \
			-d -s t -n w -x 80 -y 24 "sh $DIR/run.sh"
	else
		tm -f /dev/null new-session -d -s t -n w -x 80 -y 24 \
			"sh $DIR/run.sh"
	fi
	tm set-option -g status off >/dev/null
	tm resize-window -t w -x 80 -y 24 >/dev/null 2>&1
}
# A hang guard, not a stopwatch: a loaded machine may take seconds to
# tear a terminal program down.
exit_status() { wait_file "$DIR/rc" 200 && cat "$DIR/rc"; }
# status_is N: the wizard ended with status N; if not, says what it ended
# with and what it printed.
status_is() {
	local rc
	rc=$(exit_status)
	[ "$rc" = "$1" ] && return 0
	echo "#   exit status: ${rc:-none (still running)}"
	sed 's/^/#   stderr: /' "$DIR/stderr" 2>/dev/null
	return 1
}
# Canonical mode and echo are back: the terminal was restored.
# The wrapper writes rc before it runs stty: wait for its last line, so the
# stty file is complete before it is read.
stty_restored() {
	wait_for "WRAPPER-DONE" >/dev/null &&
		grep -qw icanon "$DIR/stty" && grep -qw echo "$DIR/stty" &&
		! grep -qw -- -icanon "$DIR/stty"
}
not_alternate() { [ "$(tm display -p -t w '#{alternate_on}')" = 0 ]; }
mode_of() { stat -c %a "$1" 2>/dev/null; }
conf_has() { grep -qxF -- "$1" "$CONF"; }

