#!/bin/bash
# smtpwiz --check under valgrind memcheck (issue 5): a few scenarios of
# tests/check, from a complete submission to hostile and failing servers;
# each must run without a memcheck error and without a definite leak.
# Skipped when valgrind is missing or the build uses sanitizers.
if ! command -v valgrind >/dev/null 2>&1; then
	echo "1..0 # SKIP valgrind is not installed (apt-get install valgrind)"
	exit 0
fi
if ldd "${SMTPWIZ:?}" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	echo "1..0 # SKIP sanitizer build: valgrind cannot run it"
	exit 0
fi
. "$SRCDIR/tests/check/lib.sh"

# --run-libc-freeres=no: glibc's exit-time clean-up trips over the
# resolver threads of getaddrinfo_a (reports inside glibc, not ours).
VG=(valgrind -q --error-exitcode=99 --leak-check=full
	--errors-for-leak-kinds=definite --show-leak-kinds=definite
	--run-libc-freeres=no --track-fds=no)

# vg WHAT WANT-RC ARGS...: smtpwiz ARGS under memcheck.
vg() {
	local what=$1 want=$2 start
	shift 2
	start=$(date +%s%N)
	"${VG[@]}" --log-file="$T/vg.log" "$SMTPWIZ" "$@" </dev/null \
		>"$T/vg.out" 2>"$T/vg.err"
	RC=$?
	OUT=$(cat "$T/vg.out")
	is "$RC" "$want" "$what: exit status $want (99 = a memcheck error)"
	ok $([ ! -s "$T/vg.log" ]; echo $?) "$what: memcheck reports nothing"
	[ -s "$T/vg.log" ] && sed 's/^/#   /' "$T/vg.log" | head -n 40
	echo "# $what: $((($(date +%s%N) - start) / 1000000)) ms under valgrind"
}

common=(--host localhost --ca-file "$CERTS/ca.pem" --user alice@example.com
	--from alice@example.com --to bob@example.net --timeout 30)
printf "password = '%s'\n" "$PW" >"$T/pw.conf"
chmod 600 "$T/pw.conf"

smtp --tls starttls --auth-mechs "PLAIN LOGIN" --ehlo-extra PIPELINING
vg "STARTTLS, AUTH PLAIN, test message, JSON" 0 --check --json --send-test \
	--port "$PORT" "${common[@]}" --password-file "$T/pw"
vg "password from the configuration file, transcript" 0 --check \
	--transcript --config "$T/pw.conf" --port "$PORT" "${common[@]}"

smtp --tls starttls --auth-mechs "CRAM-MD5"
vg "AUTH CRAM-MD5" 0 --check --port "$PORT" "${common[@]}" --password-file "$T/pw"

smtp --tls implicit --auth-mechs LOGIN --password other
vg "implicit TLS, AUTH LOGIN refused" 1 --check --tls tls --port "$PORT" \
	"${common[@]}" --password-file "$T/pw"

srv_start smtpserver --cert "$CERTS/selfsigned.pem" \
	--key "$CERTS/selfsigned-key.pem" --tls starttls || exit 1
vg "untrusted certificate" 1 --check --port "$SRV_PORT" "${common[@]}" \
	--password-file "$T/pw"

srv_start rawserver --mode code-change || exit 1
vg "hostile: reply code changes mid-reply" 1 --check --tls none \
	--port "$SRV_PORT" "${common[@]}" --password-file "$T/pw"
srv_start rawserver --mode long-line || exit 1
vg "hostile: 1 MiB line" 1 --check --tls none --port "$SRV_PORT" \
	"${common[@]}" --password-file "$T/pw"

SRV_HERE="$SRCDIR/tests/hardening" srv_start evilserver --mode tls-alert \
	--starttls || exit 1
vg "hostile: TLS alert after STARTTLS" 1 --check --port "$SRV_PORT" \
	"${common[@]}" --password-file "$T/pw"

vg "connection refused" 1 --check --port "$(srv_closed_port)" \
	"${common[@]}" --password-file "$T/pw"

printf "password = 'x' 'y'\n" >"$T/bad.conf"
vg "invalid configuration file" 2 --check --config "$T/bad.conf" --port 25 \
	"${common[@]}"

tap_done
