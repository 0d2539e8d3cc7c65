#!/bin/bash
# The bash completion (completion/smtpwiz), driven the way bash drives it:
# COMP_WORDS and COMP_CWORD set, the function called, COMPREPLY read.
. "$SRCDIR/tests/cli/lib.sh"

# The completion runs the program by the name typed: put it on PATH.
mkdir -p "$T/bin" "$T/files/sub"
ln -s "$SMTPWIZ" "$T/bin/smtpwiz"
: >"$T/files/smtpwiz.conf"
: >"$T/files/ca.pem"
export PATH="$T/bin:$PATH"

# comp WORD...: the completions for the command line WORD... (the last word
# is the one being completed), sorted, one line.
comp() {
	bash --norc --noprofile -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_smtpwiz smtpwiz "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		[ ${#COMPREPLY[@]} -eq 0 ] ||
			printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		_ "$SRCDIR/completion/smtpwiz" "$@"
}

is "$(bash --norc -c '. "$1"; complete -p smtpwiz' _ "$SRCDIR/completion/smtpwiz")" \
	"complete -F _smtpwiz smtpwiz" "the file registers _smtpwiz for smtpwiz"
is "$(comp smtpwiz --tls '')" "none ssl starttls tls " "--tls: the four modes"
is "$(comp smtpwiz --check --tls st)" "starttls " "--tls st: starttls"
is "$(comp smtpwiz --check --format '')" "json nagios prometheus text " "--format: the four formats"
is "$(comp smtpwiz --check --format n)" "nagios " "--format n: nagios"
is "$(comp smtpwiz --check --format = p)" "prometheus " "--format=p (split at = as bash does): prometheus"
is "$(comp smtpwiz --check --format=p)" "prometheus " "--format=p (one word): prometheus"
is "$(comp smtpwiz --check --from-mailer '')" "exim4 msmtp postfix " "--from-mailer: the mailer names"
is "$(comp smtpwiz --apply ex)" "exim4 " "--apply ex: exim4"
is "$(cd "$T/files" && comp smtpwiz --config '')" "ca.pem smtpwiz.conf sub " "--config: files and directories"
is "$(cd "$T/files" && comp smtpwiz --check --ca-file c)" "ca.pem " "--ca-file c: ca.pem"
is "$(cd "$T/files" && comp smtpwiz --check --password-file s)" "smtpwiz.conf sub " "--password-file s: names from s"
is "$(cd "$T/files" && comp smtpwiz -c smtp)" "smtpwiz.conf " "-c smtp: smtpwiz.conf"
is "$(comp smtpwiz --check --host '')" "" "--host: no guesses"
is "$(comp smtpwiz --check --cert-warn-days '')" "" "--cert-warn-days: no guesses"
is "$(comp smtpwiz --cer)" "--cert-warn-days " "--cer: --cert-warn-days"
is "$(comp smtpwiz --check --fo)" "--format " "--fo: --format"
is "$(comp smtpwiz --check --tr)" "--transcript " "--tr: --transcript"

# Every option of --help is offered, and nothing else.
want=$(LC_ALL=C "$SMTPWIZ" --help | grep -oE -- '(^|[ ,])--?[a-zA-Z][a-z-]*' | tr -d ' ,' | sort -u | tr '\n' ' ')
is "$(comp smtpwiz -)" "$want" "-: every option of --help"
for o in --check --config --format --json --cert-warn-days --tls --lookup --help --version -c -h -V; do
	like "$(comp smtpwiz -)" "(^| )$o( |$)" "- offers $o"
done
# A translated --help must not change the options offered.
is "$(LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 comp smtpwiz --ch)" "--check " "options also under a German locale"
tap_done
