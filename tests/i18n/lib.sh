# Shared by the translation tests, sourced after tests/cli/lib.sh or
# tests/tui/lib.sh. The catalogues are not installed during `make check`, so
# i18n_catalogues compiles po/LANG.po into a private locale tree and points
# the program at it with SMTPWIZ_LOCALEDIR (a test aid, see src/main.c).
# The locales themselves must exist on the machine (CI generates them);
# without them, or without msgfmt, the whole test is skipped with the reason.

I18N_LANGS="de fr"

# i18n_skip REASON: the whole test is skipped (only before any result).
i18n_skip() {
	echo "1..0 # SKIP $1"
	exit 0
}

# i18n_need LOCALE...: skips unless every locale is generated.
i18n_need() {
	local loc
	command -v msgfmt >/dev/null 2>&1 ||
		i18n_skip "msgfmt (gettext) is not installed"
	for loc in "$@"; do
		[ "$(LC_ALL=$loc locale charmap 2>/dev/null)" = UTF-8 ] ||
			i18n_skip "locale $loc is not generated (Debian: add it to /etc/locale.gen and run locale-gen, or: localedef -i ${loc%%.*} -f UTF-8 $loc)"
	done
	# A build configured with --disable-nls has nothing to show.
	local cfg
	cfg=$(dirname "$SMTPWIZ")/../config.h
	if [ -f "$cfg" ] && ! grep -q '^#define ENABLE_NLS 1' "$cfg"; then
		i18n_skip "built without NLS (configure --disable-nls)"
	fi
}

# i18n_catalogues DIR: DIR/LANG/LC_MESSAGES/smtpwiz.mo for every language
# shipped, from the .po files in the source tree; exports SMTPWIZ_LOCALEDIR.
i18n_catalogues() {
	local dir=$1 l
	for l in $I18N_LANGS; do
		mkdir -p "$dir/$l/LC_MESSAGES" || return 1
		msgfmt -c -o "$dir/$l/LC_MESSAGES/smtpwiz.mo" \
			"$SRCDIR/po/$l.po" || return 1
	done
	export SMTPWIZ_LOCALEDIR=$dir
}

# in_locale LOCALE CMD...: runs CMD the way a user's login shell would, with
# LANG only: LC_ALL, LC_MESSAGES and LANGUAGE would override it.
in_locale() {
	local loc=$1
	shift
	env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG="$loc" "$@"
}
