#!/bin/bash
# The installed Debian package (run by tools/ci-package after apt installs
# it; not part of make check): every output format from /usr/bin/smtpwiz
# against loopback servers, and the files the package ships where Debian
# tools look for them: manual pages, translations, bash completion, the
# example units.
: "${SMTPWIZ:=/usr/bin/smtpwiz}"
export SMTPWIZ
. "$SRCDIR/tests/check/lib.sh"

is "$(command -v smtpwiz)" /usr/bin/smtpwiz "smtpwiz is on PATH as /usr/bin/smtpwiz"
like "$("$SMTPWIZ" --version)" '^smtpwiz [0-9]' "--version"

# The formats, against a good server.
smtp --tls starttls --auth-mechs PLAIN
common=(--check --host localhost --port "$PORT" --timeout 10 --ca-file "$CERTS/ca.pem"
	--user alice@example.com --password-file "$T/pw" --from alice@example.com --to bob@example.net
	--no-deliverability)
run "${common[@]}"
is "$RC" 0 "text: exit 0"
like "$OUT" 'Result: PASS' "text: Result: PASS"
run "${common[@]}" --format json
is "$(json "d['result']")" pass "json: result pass"
run "${common[@]}" --format nagios
is "$RC" 0 "nagios: exit 0"
P=$(printf '%s\n' "$OUT" | /usr/bin/python3 "$SRCDIR/tests/check/plugin_output.py")
is "$?" 0 "nagios: the output parses by the guidelines' grammar"
like "$OUT" '^SMTPWIZ OK - localhost port [0-9]+: every step passed' "nagios: SMTPWIZ OK"
run "${common[@]}" --format prometheus
is "$RC" 0 "prometheus: exit 0"
S=$(printf '%s' "$OUT" | /usr/bin/python3 "$SRCDIR/tests/check/prom_parse.py")
is "$?" 0 "prometheus: parses with the Prometheus client's parser"
like "$OUT" 'smtpwiz_check_success\{host="localhost",port="[0-9]+"\} 1' "prometheus: check success 1"

# A failure and a warning, from the installed program too.
run "${common[@]}" --format nagios --user wrong@example.com
is "$RC" 2 "nagios, wrong password: exit 2"
like "$OUT" '^SMTPWIZ CRITICAL - auth: .*\[auth-failed\]' "nagios, wrong password: CRITICAL auth-failed"
srv_start smtpserver --cert "$CERTS/soon.pem" --key "$CERTS/soon-key.pem" --tls starttls \
	--auth-mechs PLAIN --user alice@example.com --password "$PW" || exit 1
common[4]=$SRV_PORT
run "${common[@]}" --format nagios
is "$RC" 1 "nagios, certificate expiring in 5 days: exit 1"
like "$OUT" '^SMTPWIZ WARNING - certificate: .*\[cert-expiring\]' "nagios: WARNING cert-expiring"
run --check --format nagios --config /nonexistent/smtpwiz.conf
is "$RC" 3 "nagios, missing configuration: exit 3 (UNKNOWN)"

# The installed translations, with no SMTPWIZ_LOCALEDIR.
unset SMTPWIZ_LOCALEDIR
if [ "$(LC_ALL=de_DE.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ]; then
	like "$(LC_ALL=de_DE.UTF-8 "$SMTPWIZ" --help)" 'Überwachung \(mit --check\)' "German --help from the installed catalogue"
	like "$(LC_ALL=fr_FR.UTF-8 "$SMTPWIZ" --help)" 'Supervision \(avec --check\)' "French --help from the installed catalogue"
else
	ok 0 "# SKIP locales de_DE.UTF-8 and fr_FR.UTF-8 not generated"
fi

# Files where Debian's tools find them.
for f in /usr/share/man/man1/smtpwiz.1.gz /usr/share/man/man5/smtpwiz.conf.5.gz \
	/usr/share/locale/de/LC_MESSAGES/smtpwiz.mo /usr/share/locale/fr/LC_MESSAGES/smtpwiz.mo \
	/usr/share/bash-completion/completions/smtpwiz /usr/share/doc/smtpwiz/copyright \
	/usr/share/doc/smtpwiz/examples/smtpwiz-check.service \
	/usr/share/doc/smtpwiz/examples/smtpwiz-check.timer \
	/usr/share/doc/smtpwiz/examples/smtpwiz-prometheus.service \
	/usr/share/doc/smtpwiz/examples/smtpwiz-prometheus.timer; do
	[ -s "$f" ]
	ok $? "file $f"
done
like "$(grep '^ExecStart=' /usr/share/doc/smtpwiz/examples/smtpwiz-check.service)" \
	'^ExecStart=/usr/bin/smtpwiz --check --format nagios' "the example unit names /usr/bin/smtpwiz"
if command -v systemd-analyze >/dev/null 2>&1; then
	out=$(cd /usr/share/doc/smtpwiz/examples && systemd-analyze verify --man=no ./*.service ./*.timer 2>&1)
	is "$?:$out" "0:" "systemd-analyze verify: the installed example units"
fi
is "$(bash --norc -c '. /usr/share/bash-completion/completions/smtpwiz
	COMP_WORDS=(smtpwiz --check --format na); COMP_CWORD=3; _smtpwiz; echo "${COMPREPLY[*]}"')" \
	nagios "the installed bash completion completes --format na"
if [ -f /usr/share/bash-completion/bash_completion ]; then
	# bash-completion's on-demand loader finds it by the command's name.
	is "$(bash --norc -c '. /usr/share/bash-completion/bash_completion
		_completion_loader smtpwiz; complete -p smtpwiz')" "complete -F _smtpwiz smtpwiz" \
		"bash-completion loads it on demand"
fi
like "$(MANPAGER=cat man -P cat smtpwiz 2>/dev/null | col -b 2>/dev/null || zcat /usr/share/man/man1/smtpwiz.1.gz)" 'MONITORING' \
	"man smtpwiz has the MONITORING section"
tap_done
