#!/bin/bash
# The manual pages lint clean and cover every option and every cause id the
# engine's code can set.
. "$SRCDIR/tests/cli/lib.sh"

for page in smtpwiz.1 smtpwiz.conf.5; do
	out=$(mandoc -Tlint -W style "$SRCDIR/man/$page" 2>&1)
	is "$out" "" "$page is mandoc -Tlint clean"
done
man1=$(cat "$SRCDIR/man/smtpwiz.1")
help=$("$SMTPWIZ" --help)
for opt in $(printf '%s\n' "$help" | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
	like "$man1" "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')" "option $opt is in smtpwiz(1)"
done
# cause ids written literally in the steps' code
for cause in $(grep -ohE '"(settings|dns|connect|greeting|server|tls|not|ehlo|starttls|cert|auth|sender|relay|recipient|greylisted|blocklisted|rate|message|timeout|connection|protocol)(-[a-z]+)*"' \
	"$SRCDIR"/src/check/step_*.c "$SRCDIR"/src/check/engine.c | tr -d '"' | sort -u); do
	case "$cause" in *-*|timeout) ;; *) continue ;; esac
	like "$man1" "^\\.B $(printf '%s' "$cause" | sed 's/-/\\\\-/g')\$" "cause $cause (src/check/step_*.c) is in smtpwiz(1)"
done
conf5=$(cat "$SRCDIR/man/smtpwiz.conf.5")
for key in host port tls tls_verify ca_file username password from test_recipient timeout helo_name auth_mechanism cert_warn_days; do
	like "$conf5" "^\\.BR $key " "key $key is in smtpwiz.conf(5)"
done
tap_done
