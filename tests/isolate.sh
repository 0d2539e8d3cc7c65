# The one place that decides what environment a test of smtpwiz sees.
# Sourced by AM_TESTS_ENVIRONMENT (every test of `make check`, C or shell),
# by tests/resolver-guard.sh (every shell test, also when run by hand) and,
# with the test's private directory, by tests/cli/lib.sh.
#
# smtpwiz_isolate DIR: HOME, the XDG directories and SMTPWIZ_CONFIG point
# into DIR (which need not exist: nothing is found there), and every other
# SMTPWIZ_* variable a user may have set is dropped. As root the default
# configuration file is /etc/smtpwiz/smtpwiz.conf, the machine's real one;
# SMTPWIZ_CONFIG (which smtpwiz honours before that default) keeps every
# test away from it. A test of the default path itself unsets it inside a
# private mount namespace (tests/cli/test_hostile_etc.sh).
smtpwiz_isolate() {
	local v
	HOME="$1/home"
	XDG_CONFIG_HOME="$1/xdg/config"
	XDG_DATA_HOME="$1/xdg/data"
	XDG_CACHE_HOME="$1/xdg/cache"
	XDG_STATE_HOME="$1/xdg/state"
	SMTPWIZ_CONFIG="$XDG_CONFIG_HOME/smtpwiz/smtpwiz.conf"
	export HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME SMTPWIZ_CONFIG
	unset XDG_CONFIG_DIRS XDG_DATA_DIRS XDG_RUNTIME_DIR NO_COLOR COLUMNS
	# Every SMTPWIZ_* but the test harness's own.
	for v in $(compgen -e SMTPWIZ_); do
		case $v in
		SMTPWIZ | SMTPWIZ_CONFIG | SMTPWIZ_LOCALEDIR | SMTPWIZ_RESOLVER_GUARD) ;;
		*) unset "$v" ;;
		esac
	done
}
smtpwiz_isolate "${SMTPWIZ_TEST_HOME:-${TMPDIR:-/tmp}/smtpwiz-test-nohome}"
