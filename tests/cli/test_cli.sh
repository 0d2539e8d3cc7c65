#!/bin/bash
# The command-line contract: options, config path selection, config errors
# naming FILE:LINE, the settings step in text and JSON, exit statuses.
. "$SRCDIR/tests/cli/lib.sh"

run --help
is "$RC" 0 "--help exits 0"
like "$OUT" 'Usage: smtpwiz' "--help prints usage"
for opt in --config --check --host --port --tls --user --password-file --from --to --ca-file --timeout --send-test --json --transcript; do
	like "$OUT" "$opt" "--help documents $opt"
done
run --version
is "$RC" 0 "--version exits 0"
like "$OUT" '^smtpwiz [0-9]+\.[0-9]+' "--version prints the version"

run --bogus
is "$RC" 2 "unknown option exits 2"
like "$ERR" "unknown option '--bogus'" "unknown option is named"
run --check --port
is "$RC" 2 "missing option value exits 2"
run --check --host h.example --port 70000
is "$RC" 2 "port out of range exits 2"
like "$ERR" -- "--port: '70000'" "bad port is named"
run --check --host h.example --tls maybe
is "$RC" 2 "bad --tls exits 2"
like "$ERR" 'none, starttls, tls' "bad --tls lists the choices"
run --check --host h.example --timeout 0
is "$RC" 2 "zero timeout exits 2"
run --check --host h.example --password hunter2
is "$RC" 2 "--password is refused"
like "$ERR" 'process list' "--password refusal says why"
unlike "$ERR$OUT" 'hunter2' "refused password is not echoed"
run --host h.example
is "$RC" 2 "overrides without --check are a usage error"
run --check extra-arg
is "$RC" 2 "stray argument exits 2"

# config file selection: --config, then $SMTPWIZ_CONFIG, then XDG
run --check --config "$T/none.conf"
is "$RC" 2 "--check with a missing config and no --host exits 2"
like "$ERR" "$T/none.conf: no such file" "missing config is named"
mkdir -p "$T/xdg/smtpwiz"
# Loopback addresses on port 1 (nothing listens): the engine runs, but
# never leaves this machine.
printf 'host = "127.0.0.11"\nport = 1\n' >"$T/xdg/smtpwiz/smtpwiz.conf"
printf 'host = "127.0.0.12"\nport = 1\n' >"$T/env.conf"
printf 'host = "127.0.0.13"\nport = 1\n' >"$T/opt.conf"
if [ "$(id -u)" -ne 0 ]; then
	run --check --json
	like "$OUT" '127\.0\.0\.11' "XDG_CONFIG_HOME config is the default"
fi
OUT=$(SMTPWIZ_CONFIG="$T/env.conf" "$SMTPWIZ" --check --json </dev/null)
like "$OUT" '127\.0\.0\.12' "SMTPWIZ_CONFIG is used when set"
OUT=$(SMTPWIZ_CONFIG="$T/env.conf" "$SMTPWIZ" --check --json --config "$T/opt.conf" </dev/null)
like "$OUT" '127\.0\.0\.13' "--config wins over SMTPWIZ_CONFIG"

# bad config files name FILE:LINE and exit 2
check_bad() { # check_bad CONTENT LINE REGEX DESCRIPTION
	printf "$1" >"$T/bad.conf"
	run --check --config "$T/bad.conf"
	is "$RC" 2 "$4: exits 2"
	like "$ERR" "^smtpwiz: $T/bad.conf:$2: .*$3" "$4: names file, line $2"
}
check_bad 'host = "a.example"\nport = 25\nhost = "b.example"\n' 3 'host.*twice' "duplicate key"
check_bad 'host = "a.example"\n\nhots = "x"\n' 3 "hots" "unknown key"
check_bad 'host = "a.example"\nport = abc\n' 2 'port' "non-numeric port"
check_bad 'tls = maybe\n' 1 'tls' "bad tls mode"
check_bad 'tls_verify = perhaps\n' 1 'tls_verify' "bad boolean"
check_bad 'host = "unterminated\n' '[12]' 'end of file|unterminated' "unterminated string"
printf 'host = "a.example"\n' >"$T/good.conf"
chmod 000 "$T/good.conf"
if [ "$(id -u)" -ne 0 ]; then
	run --check --config "$T/good.conf"
	is "$RC" 2 "unreadable config exits 2"
fi
chmod 600 "$T/good.conf"

# one rule for exit 2: wrong settings, from the file or the command line,
# whichever part finds them
printf "host = '127.0.0.1'\nport = 70000\n" >"$T/port.conf"
chmod 600 "$T/port.conf"
run --check --config "$T/port.conf"
is "$RC" 2 "port = 70000 in the file exits 2"
like "$OUT$ERR" "70000|port" "and names the port"
printf "host = '127.0.0.1'\ntls = tlsv9\n" >"$T/tls.conf"
chmod 600 "$T/tls.conf"
run --check --config "$T/tls.conf"
is "$RC" 2 "tls = tlsv9 in the file exits 2"
run --check --host 127.0.0.1 --port 1 --timeout 3
is "$RC" 1 "a refused connection is a failed step: exit 1"

# --lookup refuses what the wizard's address field refuses, as usage errors
run --lookup 'alice @example.test'
is "$RC" 2 "--lookup with a space in the address exits 2"
like "$ERR" "spaces" "and says what is wrong"
run --lookup 'alice@@example.test'
is "$RC" 2 "--lookup with two @ exits 2"
like "$ERR" "more than one @" "and says what is wrong"

# the settings step, text and JSON
run --check --host 'smtp://mail.example.com'
is "$RC" 2 "invalid settings are a configuration error: exit 2"
like "$OUT" 'FAIL +settings' "settings step fails"
like "$OUT" 'smtp://' "evidence names the scheme problem"
like "$OUT" 'settings-invalid' "cause id shown"
run --check --host 127.0.0.1 --port 1 --tls none --json
is "$RC" 1 "a failed step exits 1"
is "$(json 'd["result"]')" fail "JSON result is fail"
is "$(json 'd["steps"][0]["id"]')" settings "JSON first step is settings"
is "$(json 'd["steps"][0]["status"]')" warn "JSON settings step warns"
is "$(json 'd["steps"][0]["cause"]')" settings-warning "JSON cause id"
is "$(json 'd["target"]["port"]')" 1 "JSON target port"
is "$(json '[s["id"] for s in d["steps"]]')" "['settings', 'dns', 'connect', 'greeting', 'ehlo', 'tls', 'certificate', 'auth', 'sender', 'recipient', 'message', 'deliverability']" "JSON steps in contract order"
is "$(json 'd["steps"][2]["cause"]')" connect-refused "JSON connect cause"
is "$(json 'sorted(d.keys())')" "['result', 'steps', 'target', 'transcript', 'version']" "JSON top-level keys"
is "$(json 'sorted(d["steps"][0].keys())')" "['basis', 'cause', 'elapsed_ms', 'evidence', 'hint', 'id', 'status', 'summary']" "JSON step keys"
run --check --host 127.0.0.1 --port 1 --user bob --json
is "$RC" 2 "username without password: a configuration error, exit 2"
like "$(json 'd["steps"][0]["evidence"]')" 'password' "evidence names the password field"

# password sources: file and environment, never echoed
printf 's3cr3t-Marker\n' >"$T/pw"
run --check --host 127.0.0.1 --port 1 --user bob --password-file "$T/pw" --json
is "$(json 'd["steps"][0]["status"]')" pass "--password-file supplies the password"
unlike "$OUT$ERR" 's3cr3t-Marker' "password never printed"
OUT=$(SMTPWIZ_PASSWORD=s3cr3t-Marker "$SMTPWIZ" --check --host 127.0.0.1 --port 1 --user bob --json </dev/null)
is "$(json 'd["steps"][0]["status"]')" pass "SMTPWIZ_PASSWORD supplies the password"
is "$(json 'd["target"]["password_source"]')" environment "JSON: the password came from the environment"
OUT=$(SMTPWIZ_PASSWORD=s3cr3t-Marker "$SMTPWIZ" --check --host 127.0.0.1 --port 1 --user bob </dev/null)
like "$OUT" 'Password: from the environment \(SMTPWIZ_PASSWORD\)' "text: the password came from the environment"
unlike "$OUT" 's3cr3t-Marker' "and the text never shows it"
unlike "$OUT" 's3cr3t-Marker' "environment password never printed"
run --check --host 127.0.0.1 --port 1 --user bob --password-file "$T/missing-pw"
is "$RC" 2 "unreadable password file exits 2"
like "$ERR" "$T/missing-pw" "password file is named"

# "ssl" is what providers call implicit TLS: the same as tls, on the
# command line and in the file (and saved back as tls)
run --check --host 127.0.0.1 --port 1 --tls ssl --json
is "$(json 'd["target"]["tls"]')" tls "--tls ssl means implicit TLS"
printf "host = '127.0.0.1'\nport = 1\ntls = ssl\n" >"$T/ssl.conf"
chmod 600 "$T/ssl.conf"
run --check --config "$T/ssl.conf" --json
is "$(json 'd["target"]["tls"]')" tls "tls = ssl in the file means implicit TLS"
run --check --host 127.0.0.1 --tls sslv3
is "$RC" 2 "an unknown --tls mode is a usage error"
like "$ERR" "ssl, the same as tls" "the error lists the alias"

# colour only on a tty and never with NO_COLOR (stdout is a pipe here)
run --check --host 'bad host'
unlike "$OUT" $'\033' "no escape sequences when stdout is not a tty"

# the resolver guard (tests/resolver-guard.sh): a name lookup cannot leave
# this machine, it fails at once on loopback
if grep -q '^nameserver 127\.0\.0\.9' /etc/resolv.conf 2>/dev/null; then
	run --check --json --host guard.smtpwiz.test --port 25 --timeout 3
	is "$(json '[s for s in d["steps"] if s["id"]=="dns"][0]["cause"]')" dns-failure \
		"under the resolver guard a lookup fails on loopback"
fi

tap_done
