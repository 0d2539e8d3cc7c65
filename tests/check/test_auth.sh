#!/bin/bash
# Authentication failures, classified from real servers' reply texts (see
# shared/reference/smtp-facts.md), and temporary conditions never reported
# as a wrong password.
. "$SRCDIR/tests/check/lib.sh"

auth_case() { # auth_case CAUSE DESCRIPTION SERVER-ARGS...
	local cause=$1 what=$2
	shift 2
	smtp --tls starttls "$@"
	check
	expect_cause auth "$cause" "$what"
	is "$(step sender status)" skip "$what: sender skipped"
}

auth_case auth-failed "wrong password" --auth-mechs "PLAIN LOGIN" --password other \
	--auth-fail-reply '535 5.7.8 Error: authentication failed: authentication failure'
smtp --tls starttls --auth-mechs "PLAIN LOGIN" --password other
check
expect_cause auth auth-failed "wrong password (default reply)"
like "$(step auth evidence)" "'535 5\.7\.8" "wrong password: the 535 reply is the evidence"

auth_case auth-app-password "Gmail app password" --auth-mechs "PLAIN LOGIN" \
	--auth-reply-always '534-5.7.9 Application-specific password required. Learn more at\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor - gsmtp'
like "$(step auth evidence)" "'534-5\.7\.9 Application-specific password required\. Learn more at', '534 5\.7\.9" \
	"multi-line reply: one evidence line per reply line"
auth_case auth-disabled "Microsoft SMTP AUTH disabled" --auth-mechs "LOGIN XOAUTH2" \
	--auth-reply-always '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [SN4PR0501CA0054.namprd05.prod.outlook.com]'
auth_case auth-mfa "Microsoft security defaults" --auth-mechs "LOGIN XOAUTH2" \
	--auth-reply-always "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator."
auth_case auth-web-login "Gmail web login" --auth-mechs "PLAIN LOGIN" \
	--auth-reply-always '534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1> Please log\n534-5.7.14 in via your web browser and then try again.\n534 5.7.14  Learn more at https://support.google.com/mail/answer/78754 - gsmtp'
auth_case auth-temporary "454 temporary" --auth-mechs "PLAIN" \
	--auth-reply-always '454 4.7.0 Cannot authenticate due to a temporary system problem. Try again later.'
unlike "$(step auth cause)" 'auth-failed' "454 is never a wrong password"
auth_case auth-locked "too many attempts" --auth-mechs "PLAIN" \
	--auth-reply-always '454 4.7.0 Too many login attempts, please try again later.'
auth_case auth-oauth-only "OAuth2 only" --auth-mechs "XOAUTH2 OAUTHBEARER"
like "$(step auth hint)" 'OAuth' "OAuth2 only: explained, not attempted"
like "$(json '"\n".join(l["line"] for l in d["transcript"])')" '^EHLO' "OAuth2 only: the transcript shows the session"
unlike "$(json '"\n".join(l["line"] for l in d["transcript"])')" '^AUTH' "OAuth2 only: no AUTH attempted"
auth_case auth-not-offered "no AUTH offered" --auth-mechs ""

# AUTH hidden until STARTTLS, client set to tls none
smtp --tls starttls --auth-mechs PLAIN
check --tls none
expect_cause auth auth-tls-required "AUTH only after STARTTLS"

# a forced mechanism the server does not offer
printf "host = 'localhost'\nauth_mechanism = 'CRAM-MD5'\n" >"$T/cram.conf"
smtp --tls starttls --auth-mechs "PLAIN LOGIN"
run --check --json --config "$T/cram.conf" --port "$PORT" --ca-file "$CERTS/ca.pem" \
	--user alice@example.com --password-file "$T/pw"
expect_cause auth auth-mechanism "forced CRAM-MD5 not offered"

# CRAM-MD5 for real, chosen over PLAIN as the stronger one
smtp --tls starttls --auth-mechs "PLAIN CRAM-MD5"
check
is "$(step auth status)" pass "CRAM-MD5 accepted"
like "$(step auth summary)" 'CRAM-MD5' "CRAM-MD5 preferred to PLAIN"

# tls none, no STARTTLS at all: a cleartext password is a warning
smtp --tls none --auth-mechs PLAIN --auth-require-tls no --auth-plaintext-advertise yes
check --tls none
is "$(step auth status)" warn "cleartext auth warns"
is "$(step auth cause)" auth-cleartext "cleartext auth: auth-cleartext"

tap_done
