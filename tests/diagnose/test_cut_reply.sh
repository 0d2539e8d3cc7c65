#!/bin/bash
# A refusal cut off by the server closing the connection before its last
# line is classified from the lines that did arrive, as the whole reply
# would be (not as connection-lost), at every stage. The replay server
# (tests/servers/rawserver.py --mode replay) plays each reply whole and
# then cut.
. "$SRCDIR/tests/check/lib.sh"

mkdir -p "$T/scripts"
srv_start rawserver --mode replay --script-dir "$T/scripts" \
	--cert "$CERTS/server.pem" --key "$CERTS/server-key.pem" || exit 1
PORT=$SRV_PORT

# play STAGE AUTH CUT REPLY: the script for the next connection.
play() {
	printf '{"stage": "%s", "auth": %s, "tls": true, "cut": %s, "host": "localhost", "reply": "%s"}\n' \
		"$1" "$2" "$3" "$4" >"$T/scripts/$PORT.json"
}

# cut_case STEP STAGE REPLY [CHECK-ARGS...]: the same cause whole and cut.
cut_case() {
	local step=$1 stage=$2 reply=$3 auth=true whole
	shift 3
	[ "${1:-}" = --noauth ] && auth=false
	play "$stage" $auth false "$reply"
	check "$@"
	whole=$(step "$step" cause)
	play "$stage" $auth true "$reply"
	check "$@"
	is "$(step "$step" status)/$(step "$step" cause)" "fail/$whole" \
		"$stage: a cut-off reply gets the whole reply's cause ($whole)"
	[ "$(step "$step" cause)" = "$whole" ] || printf '%s\n' "$OUT" | sed 's/^/#     /'
	like "$(step "$step" evidence)" "the reply ended there" \
		"$stage: the evidence says the reply was cut off"
	unlike "$whole" '^(connection-lost|timeout|None)$' \
		"$stage: the whole reply is classified"
}

cut_case greeting greeting '554-5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org\n554 5.7.1 https://www.spamhaus.org/query/ip/192.0.2.1' --noauth
cut_case ehlo ehlo '550-5.7.1 <client.example>: Helo command rejected: Host not found\n550 5.7.1 Please use a valid host name' --noauth
cut_case auth auth '535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials x1sm123 - gsmtp'
cut_case sender mail '550-5.7.60 SMTP; Client does not have permissions to send as this sender\n550 5.7.60 [BN8PR12CA0001.namprd12.prod.outlook.com]'
cut_case recipient rcpt '554-5.7.1 <bob@example.net>: Relay access denied\n554 5.7.1 See your administrator' --noauth
cut_case message data-end '552-5.3.4 Message size exceeds fixed limit\n552 5.3.4 Try a smaller message' --send-test

tap_done
