#!/bin/bash
# The catalogues are complete and stay complete: every language in
# po/LINGUAS has no untranslated or fuzzy message, also when merged with a
# template extracted afresh from the current sources (so a string added or
# changed without a translation fails here); po/POTFILES.in names every
# source file with translatable strings; plural forms come out right; the
# words drawn in the wizard's fixed-width columns fit them.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/i18n/lib.sh"

command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 &&
	command -v msgmerge >/dev/null 2>&1 ||
	i18n_skip "the gettext tools (msgfmt, xgettext, msgmerge) are not installed"

PO=$SRCDIR/po
LANGS=$(sed 's/#.*//' "$PO/LINGUAS" | tr -s ' \n' ' ')
like "$LANGS" '(^| )de( |$)' "po/LINGUAS lists de"
like "$LANGS" '(^| )fr( |$)' "po/LINGUAS lists fr"

# ---- POTFILES.in names every file with translatable strings ----------------

listed=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$PO/POTFILES.in" | sort)
marked=$(cd "$SRCDIR" && grep -l '_("\|N_("\|ngettext(' src/*.c src/*/*.c | sort)
missing=$(comm -13 <(printf '%s\n' "$listed") <(printf '%s\n' "$marked"))
is "$missing" "" "po/POTFILES.in lists every source file with _(), N_() or ngettext()"
for f in $listed; do
	[ -f "$SRCDIR/$f" ]
	ok $? "po/POTFILES.in: $f exists"
done

# ---- a fresh template from the sources ---------------------------------------

# The keywords exactly as po/Makevars gives them to xgettext.
opts=$(sed -n 's/^XGETTEXT_OPTIONS *= *//p' "$PO/Makevars")
(cd "$SRCDIR" && xgettext $opts --package-name=smtpwiz -o "$T/fresh.pot" \
	$listed) 2>"$T/xgettext.err"
ok $? "xgettext extracts the strings from the sources"
n_fresh=$(grep -c '^msgid ' "$T/fresh.pot")
ok $((n_fresh < 100)) "the fresh template has the strings ($((n_fresh - 1)))"

# stats FILE: msgfmt's statistics line for FILE (after --check).
stats() {
	LC_ALL=C msgfmt --check --statistics -o /dev/null "$1" 2>&1
}
for l in $LANGS; do
	s=$(stats "$PO/$l.po")
	like "$s" '^[0-9]+ translated messages?\.$' \
		"$l.po: msgfmt --check passes, nothing untranslated or fuzzy ($s)"
	msgmerge -q -o "$T/$l.merged.po" "$PO/$l.po" "$T/fresh.pot" 2>/dev/null
	s=$(stats "$T/$l.merged.po")
	like "$s" '^[0-9]+ translated messages?\.$' \
		"$l.po: complete for the current sources ($s) - run make -C po update-po and translate"
	is "${s%% *}" "$((n_fresh - 1))" "$l.po: one translation per message of the sources"
	grep -q '^"Plural-Forms: nplurals=2; plural=(n [!>]= *1);\\n"$\|^"Plural-Forms: nplurals=2; plural=(n > 1);\\n"$' "$PO/$l.po"
	ok $? "$l.po: declares its plural forms"
done

# ---- the catalogues at run time ----------------------------------------------

i18n_need de_DE.UTF-8 fr_FR.UTF-8
i18n_catalogues "$T/locale" || i18n_skip "cannot compile the catalogues"

# tr LOCALE MSGID: the translation, through the real gettext runtime.
tr_() {
	in_locale "$1" env TEXTDOMAINDIR="$T/locale" gettext -d smtpwiz -- "$2"
}
# ntr LOCALE SINGULAR PLURAL N
ntr() {
	in_locale "$1" env TEXTDOMAINDIR="$T/locale" \
		ngettext -e -d smtpwiz -- "$2" "$3" "$4"
}
fail1='Result: FAIL (%d step failed)\n'
failn='Result: FAIL (%d steps failed)\n'
like "$(ntr de_DE.UTF-8 "$fail1" "$failn" 1)" '\(%d Schritt fehlgeschlagen\)' "de: plural form for 1"
like "$(ntr de_DE.UTF-8 "$fail1" "$failn" 2)" '\(%d Schritte fehlgeschlagen\)' "de: plural form for 2"
like "$(ntr fr_FR.UTF-8 "$fail1" "$failn" 0)" '\(%d étape a échoué\)' "fr: singular form for 0"
like "$(ntr fr_FR.UTF-8 "$fail1" "$failn" 2)" '\(%d étapes ont échoué\)' "fr: plural form for 2"
is "$(tr_ de_DE.UTF-8 'Back')" "Zurück" "de: the catalogue answers at run time"
is "$(tr_ fr_FR.UTF-8 'Back')" "Retour" "fr: the catalogue answers at run time"

# Columns of a translation (the catalogues are Latin script: one column a
# character).
cols() { printf '%s' "$1" | /usr/bin/python3 -c 'import sys; print(len(sys.stdin.read()))'; }
# fits LOCALE WIDTH MSGID...: every translation fits WIDTH columns.
fits() {
	local loc=$1 w=$2 id t n
	shift 2
	for id in "$@"; do
		t=$(tr_ "$loc" "$id")
		n=$(cols "$t")
		ok $((n > w)) "${loc%%_*}: '$id' -> '$t' fits $w columns ($n)"
	done
}
for loc in de_DE.UTF-8 fr_FR.UTF-8; do
	# The checklist's state column (src/tui/checklist_view.c: 9 wide).
	fits "$loc" 9 running pass WARN FAIL skip "not run" waiting
	# The checklist's step column (19 wide).
	fits "$loc" 19 Settings "DNS lookup" "TCP connection" "Server greeting" \
		EHLO TLS Certificate Authentication Sender Recipient "Test message"
done

tap_done
