#!/bin/bash
# The test message under a German locale: the translated Subject is an
# RFC 2047 encoded word and the translated body is quoted-printable, so the
# message is 7-bit clean for a server without 8BITMIME and decodes back to
# the German text.
. "$SRCDIR/tests/check/lib.sh"
. "$SRCDIR/tests/i18n/lib.sh"
i18n_need de_DE.UTF-8
i18n_catalogues "$T/locale" || i18n_skip "cannot compile the catalogues"

spool="$SRV_DIR/spool"
mkdir -p "$spool"
smtp --tls starttls --auth-mechs PLAIN --spool "$spool"
OUT=$(LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 "$SMTPWIZ" --check --json --send-test \
	--host localhost --port "$PORT" --timeout 5 --ca-file "$CERTS/ca.pem" \
	--user alice@example.com --password-file "$T/pw" --from alice@example.com \
	--to bob@example.net </dev/null 2>"$T/stderr")
RC=$?
is "$RC" 0 "German send: exit 0"
eml=$(ls "$spool"/*.eml 2>/dev/null | head -1)
ok $([ -n "$eml" ]; echo $?) "German send: message received"
ok $(LC_ALL=C grep -q $'[\x80-\xff]' "$eml"; [ $? -ne 0 ]; echo $?) \
	"German send: every byte of the message is 7-bit"
like "$(cat "$eml")" 'Content-Transfer-Encoding: quoted-printable' "body is quoted-printable"
decoded=$(/usr/bin/python3 -c '
import email, sys
from email.header import decode_header, make_header
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
print(str(make_header(decode_header(m["Subject"]))))
print(m.get_payload(decode=True).decode("utf-8"))' "$eml")
want_subject=$(LANGUAGE= LC_ALL=de_DE.UTF-8 TEXTDOMAINDIR="$SMTPWIZ_LOCALEDIR" gettext -d smtpwiz 'smtpwiz test message')
is "$(printf '%s\n' "$decoded" | head -1)" "$want_subject" "Subject decodes to the German translation"
unlike "$want_subject" '^smtpwiz test message$' "the Subject really is translated"
like "$decoded" 'localhost' "body decodes and names the server"

# Under a Latin-1 locale gettext hands out ISO-8859-1; the message says
# charset=UTF-8, so its text must still be UTF-8. The locale is built in
# the test's own directory (LOCPATH), not installed.
mkdir -p "$T/loc"
if localedef -i de_DE -f ISO-8859-1 "$T/loc/de_DE.ISO-8859-1" >/dev/null 2>&1; then
	rm -f "$spool"/*
	OUT=$(LOCPATH="$T/loc" LANG=de_DE.ISO-8859-1 LC_ALL=de_DE.ISO-8859-1 "$SMTPWIZ" \
		--check --json --send-test --host localhost --port "$PORT" --timeout 5 \
		--ca-file "$CERTS/ca.pem" --user alice@example.com --password-file "$T/pw" \
		--from alice@example.com --to bob@example.net </dev/null 2>"$T/stderr")
	eml=$(ls "$spool"/*.eml 2>/dev/null | head -1)
	latin=$(/usr/bin/python3 -c '
import email, sys
from email.header import decode_header, make_header
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
try:
    print(str(make_header(decode_header(m["Subject"]))))
    print(m.get_payload(decode=True).decode("utf-8"))
except UnicodeDecodeError as e:
    print("not UTF-8:", e)' "$eml" 2>&1)
	is "$(printf '%s\n' "$latin" | head -1)" "$want_subject" "Latin-1 locale: the Subject is the German text in UTF-8"
	unlike "$latin" 'not UTF-8' "Latin-1 locale: the body is UTF-8"
else
	ok 0 "Latin-1 locale: skipped, localedef cannot build de_DE.ISO-8859-1 # SKIP"
fi
tap_done
