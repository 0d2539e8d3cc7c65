#!/bin/bash
# Sender, recipient and message: the provider and MTA refusals that come
# after a successful sign-in.
. "$SRCDIR/tests/check/lib.sh"

mail_case() { # mail_case STEP CAUSE DESCRIPTION [--send-test] SERVER-ARGS...
	local st=$1 cause=$2 what=$3 send=
	shift 3
	[ "$1" = --send-test ] && { send=--send-test; shift; }
	smtp --tls starttls --auth-mechs PLAIN "$@"
	check $send
	expect_cause "$st" "$cause" "$what"
}

smtp --tls starttls --auth-mechs PLAIN --require-auth
check --noauth
expect_cause sender auth-required "no user name, server needs AUTH"
like "$(step sender hint)" '[Uu]ser name|authenticat' "auth-required: hint says to sign in"

mail_case sender sender-rejected "sender not owned" \
	--mail-reply '553 5.7.1 <alice@example.com>: Sender address rejected: not owned by user alice@example.com'
mail_case recipient relay-denied "relay denied" \
	--rcpt-reply '554 5.7.1 <bob@example.net>: Relay access denied'
mail_case recipient recipient-unknown "unknown recipient" \
	--rcpt-reply '550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in virtual mailbox table'
mail_case recipient greylisted "greylisting" \
	--rcpt-reply '450 4.2.0 <bob@example.net>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.net.html'
mail_case recipient blocklisted "DNSBL" \
	--rcpt-reply '554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1'
mail_case message message-rejected "message refused" --send-test \
	--data-reply '554 5.6.0 Message rejected: malformed'
mail_case message sender-rejected "send-as after the message" --send-test \
	--data-reply '550 5.7.60 SMTP; Client does not have permissions to send as this sender'
mail_case message message-spam "spam" --send-test \
	--data-reply '550 5.7.1 Message rejected as spam by Content Filtering.'

# pipelined: one round trip for MAIL, RCPT and DATA, replies still attributed
smtp --tls starttls --auth-mechs PLAIN --ehlo-extra PIPELINING \
	--rcpt-reply '550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown'
check --send-test
is "$(step sender status)" pass "pipelined: sender passes"
expect_cause recipient recipient-unknown "pipelined: recipient refused"
is "$(step message status)" skip "pipelined: message skipped"

# How the cause was reached (issue 12): the server's words, the session
# context, or nothing specific.
smtp --tls starttls --auth-mechs PLAIN \
	--rcpt-reply '554 5.7.1 <bob@example.net>: Relay access denied'
check
expect_cause recipient relay-denied "basis: relay refusal in words"
is "$(step recipient basis)" text "basis: the server's text decided"
smtp --tls starttls --auth-mechs PLAIN \
	--rcpt-reply '550 Invalid recipient: <bob@example.net>'
check --noauth
expect_cause recipient relay-denied "no login, another domain, vague words"
is "$(step recipient basis)" context "basis: the session decided (no login, foreign recipient)"
smtp --tls starttls --auth-mechs PLAIN --mail-reply '530 5.7.0 Not allowed'
check
expect_cause sender sender-rejected "530 after a successful login"
is "$(step sender basis)" context "basis: a logged-in session is never auth-required"
smtp --tls starttls --auth-mechs PLAIN --rcpt-reply '550 Nope'
check
expect_cause recipient recipient-rejected "unknown words at RCPT"
is "$(step recipient basis)" fallback "basis: nothing specific"
like "$(step recipient hint)" 'permanent \(5xx\)' "fallback hint says what 5xx means"
is "$(step recipient evidence | head -c 200)" "['550 Nope']" "the server's words are the first evidence line"
is "$(step auth basis)" None "basis is null for a step that is no refusal"

tap_done
