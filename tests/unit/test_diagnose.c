/* Classification of replies and certificates, and the hint catalogue.
 * The reply texts are the literal ones from the reference
 * (smtp-facts.md), written as smtp.c hands them over: continuation lines
 * joined by one space, code and enhanced-code prefixes dropped. */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "knowledge/diagnose.h"
#include "knowledge/hints.h"
#include "tap.h"

/* Not in diagnose.h yet: every cause the tables can return. */

struct rcase {
	enum diag_stage stage;
	int code;
	const char *enh;
	const char *text;
	const char *cause;
	const char *provider;
};

static const char *stage_name(enum diag_stage s)
{
	static const char *const names[] = {
	    "GREETING", "EHLO", "STARTTLS", "AUTH",
	    "MAIL",     "RCPT", "DATA",     "DATA.",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

static void make_reply(struct smtp_reply *r, int code, const char *enh,
		       const char *text)
{
	memset(r, 0, sizeof(*r));
	r->code = code;
	snprintf(r->enh, sizeof(r->enh), "%s", enh != NULL ? enh : "");
	snprintf(r->text, sizeof(r->text), "%s", text != NULL ? text : "");
	snprintf(r->raw, sizeof(r->raw), "%d %s %s", code,
		 enh != NULL ? enh : "", text != NULL ? text : "");
	r->nlines = 1;
	r->complete = true;
}

/* Two assertions per case: the cause, then the provider and the
 * temporary flag (which follows the code class, always). */
static void check_case(const struct rcase *c)
{
	struct smtp_reply r;
	struct diagnosis d;
	char what[256];
	bool want_temp = c->code >= 400 && c->code < 500;

	make_reply(&r, c->code, c->enh, c->text);
	diagnose_reply(c->stage, &r, &d);
	snprintf(what, sizeof(what), "%s %d %s \"%.60s\" -> %s",
		 stage_name(c->stage), c->code, c->enh != NULL ? c->enh : "",
		 c->text, c->cause);
	tap_is_str(d.cause, c->cause, what);
	snprintf(what, sizeof(what), "  provider %s, %s",
		 c->provider != NULL ? c->provider : "none",
		 want_temp ? "temporary" : "permanent");
	if (!ok(((d.provider == NULL && c->provider == NULL) ||
		 (d.provider != NULL && c->provider != NULL &&
		  strcmp(d.provider, c->provider) == 0)) &&
		    d.temporary == want_temp,
		"%s", what))
		printf("#   got provider '%s', temporary %d\n",
		       d.provider != NULL ? d.provider : "(null)", d.temporary);
}

/* A1. Google */
static const struct rcase google[] = {
    {DS_AUTH, 535, "5.7.8",
     "Username and Password not accepted. For more information, go to "
     "https://support.google.com/mail/?p=BadCredentials "
     "d2-20020a05620a1b8200b0073b2a7c2c65sm123456qkb.12 - gsmtp",
     "auth-failed", "google"},
    {DS_AUTH, 535, "5.7.8",
     "https://support.google.com/mail/?p=BadCredentials x - gsmtp",
     "auth-failed", "google"},
    {DS_AUTH, 534, "5.7.9",
     "Application-specific password required. Learn more at "
     "https://support.google.com/mail/?p=InvalidSecondFactor x - gsmtp",
     "auth-app-password", "google"},
    {DS_AUTH, 534, "5.7.9",
     "https://support.google.com/mail/?p=InvalidSecondFactor",
     "auth-app-password", "google"},
    {DS_AUTH, 534, "5.7.14",
     "<https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AKgnsbu> "
     "Please log in via your web browser and then try again. Learn more at "
     "https://support.google.com/mail/answer/78754 x - gsmtp",
     "auth-web-login", "google"},
    {DS_AUTH, 534, "5.7.14",
     "Please log in via your web browser and then try again. - gsmtp",
     "auth-web-login", "google"},
    {DS_AUTH, 534, "5.7.14",
     "https://support.google.com/mail/?p=WebLoginRequired x - gsmtp",
     "auth-web-login", "google"},
    {DS_AUTH, 534, "5.7.9",
     "Please log in with your web browser and then try again. - gsmtp",
     "auth-web-login", "google"},
    {DS_AUTH, 535, "5.7.1",
     "Please log in with your web browser and then try again. - gsmtp",
     "auth-web-login", "google"},
    {DS_AUTH, 530, "5.7.0", "Must issue a STARTTLS command first. x - gsmtp",
     "auth-tls-required", NULL},
    {DS_MAIL, 530, "5.7.0", "Must issue a STARTTLS command first. x - gsmtp",
     "auth-tls-required", NULL},
    {DS_MAIL, 530, "5.7.0",
     "Authentication Required. Learn more at "
     "https://support.google.com/mail/?p=WantAuthError x - gsmtp",
     "auth-required", "google"},
    {DS_MAIL, 530, "5.5.1", "Authentication Required. - gsmtp", "auth-required",
     NULL},
    /* Logins blocked for a while: auth-locked by this round's cause
     * list; Google: "Too many login attempts"
     * (support.google.com/a/answer/3726730). */
    {DS_AUTH, 454, "4.7.0",
     "Too many login attempts, please try again later. x - gsmtp",
     "auth-locked", "google"},
    {DS_AUTH, 454, "4.7.0",
     "Cannot authenticate due to a temporary system problem. Try again "
     "later. x - gsmtp",
     "auth-temporary", "google"},
    {DS_AUTH, 504, "5.7.4", "Unrecognized authentication type. x - gsmtp",
     "auth-mechanism", NULL},
    {DS_AUTH, 504, "5.7.4", "XOAUTH is no longer supported. x - gsmtp",
     "auth-mechanism", "google"},
    {DS_GREETING, 421, "4.7.0", "Try again later, closing connection. - gsmtp",
     "server-busy", "google"},
    {DS_EHLO, 421, "4.7.0",
     "Try again later, closing connection. (EHLO) x - gsmtp", "server-busy",
     "google"},
    {DS_MAIL, 550, "5.7.0",
     "Mail relay denied [192.0.2.1]. Invalid credentials for relay for one "
     "of the domains in: example.com (as obtained from HELO and MAIL FROM). "
     "Email is being sent from a domain or IP address which isn't "
     "registered in your Workspace account. - gsmtp",
     "relay-denied", "google"},
    {DS_RCPT, 550, "5.7.1",
     "Invalid credentials for relay [192.0.2.1]. The IP address you've "
     "registered in your Workspace SMTP Relay service doesn't match domain "
     "of the account this email is being sent from. - gsmtp",
     "relay-denied", "google"},
    {DS_RCPT, 450, "4.2.1",
     "Peak SMTP relay limit exceeded for customer C0abc. - gsmtp",
     "rate-limited", "google"},
    {DS_DATA_END, 450, "4.2.1",
     "Peak SMTP relay limit exceeded for customer C0abc. - gsmtp",
     "rate-limited", "google"},
    {DS_MAIL, 550, "5.4.5", "Daily user sending limit exceeded. - gsmtp",
     "rate-limited", "google"},
    {DS_DATA_END, 550, "5.4.5", "Daily sending quota exceeded. - gsmtp",
     "rate-limited", "google"},
    {DS_MAIL, 550, "5.4.5",
     "Daily SMTP relay limit exceeded for customer. - gsmtp", "rate-limited",
     "google"},
    {DS_STARTTLS, 454, "4.5.0",
     "SMTP protocol violation, no commands allowed to pipeline after "
     "STARTTLS - gsmtp",
     "protocol-error", NULL},
    {DS_STARTTLS, 451, "4.5.0",
     "SMTP protocol violation, see RFC 2821 x - gsmtp", "protocol-error", NULL},
    {DS_MAIL, 555, "5.5.2", "Syntax error. x - gsmtp", "protocol-error", NULL},
    {DS_RCPT, 555, "5.5.2", "Syntax error, cannot decode response. - gsmtp",
     "protocol-error", NULL},
    {DS_RCPT, 550, "5.7.1",
     "[192.0.2.1] The IP you're using to send mail is not authorized to "
     "send email directly to our servers. Please use the SMTP relay at your "
     "service provider instead. Learn more at "
     "https://support.google.com/mail/?p=NotAuthorizedError x - gsmtp",
     "blocklisted", "google"},
    {DS_DATA_END, 550, "5.7.1",
     "https://support.google.com/mail/?p=NotAuthorizedError x - gsmtp",
     "blocklisted", "google"},
    /* The recipient's Workspace domain accepts only its listed gateways
     * (support.google.com/a/answer/3726730): a refusal of the recipient. */
    {DS_RCPT, 421, "4.7.0",
     "IP not in whitelist for RCPT domain, closing connection. - gsmtp",
     "recipient-rejected", "google"},
    {DS_RCPT, 421, "4.7.0",
     "TLS required for RCPT domain, closing connection. - gsmtp",
     "auth-tls-required", "google"},
    {DS_DATA_END, 550, "5.7.26",
     "This mail has been blocked because the sender is unauthenticated. "
     "Gmail requires all senders to authenticate with either SPF or DKIM. "
     "- gsmtp",
     "spf-dkim-dmarc", NULL},
    {DS_DATA_END, 550, "5.7.26",
     "Unauthenticated email from example.com is not accepted due to "
     "domain's DMARC policy. - gsmtp",
     "spf-dkim-dmarc", NULL},
    {DS_DATA_END, 550, "5.7.1",
     "Unauthenticated email is not accepted from this domain. - gsmtp",
     "spf-dkim-dmarc", NULL},
};

/* A2. Microsoft 365 / Exchange Online; A3. Exchange Server */
static const struct rcase microsoft[] = {
    {DS_AUTH, 535, "5.7.139",
     "Authentication unsuccessful, SmtpClientAuthentication is disabled for "
     "the Tenant. Visit https://aka.ms/smtp_auth_disabled for more "
     "information. [SN4PR0501CA0054.namprd05.prod.outlook.com "
     "2023-01-01T00:00:00.000Z 08DAEB1C]",
     "auth-disabled", "microsoft"},
    {DS_AUTH, 535, "5.7.139",
     "Authentication unsuccessful, SmtpClientAuthentication is disabled for "
     "the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more "
     "information.",
     "auth-disabled", "microsoft"},
    {DS_AUTH, 535, "5.7.139",
     "Authentication unsuccessful, user is locked by your organization's "
     "security defaults policy. Contact your administrator. "
     "[x.prod.outlook.com]",
     "auth-mfa", "microsoft"},
    {DS_AUTH, 535, "5.7.139",
     "Authentication unsuccessful, the request did not meet the criteria to "
     "be authenticated successfully. Contact your administrator. "
     "[x.prod.outlook.com]",
     "auth-mfa", "microsoft"},
    {DS_AUTH, 535, "5.7.139",
     "Authentication unsuccessful, basic authentication is disabled. "
     "[x.prod.outlook.com]",
     "auth-disabled", "microsoft"},
    {DS_AUTH, 535, "5.7.139",
     "Authentication unsuccessful, the user credentials were incorrect. "
     "[x.prod.outlook.com]",
     "auth-failed", "microsoft"},
    {DS_AUTH, 535, "5.7.3",
     "Authentication unsuccessful [BN6PR11CA0066.namprd11.prod.outlook.com]",
     "auth-failed", "microsoft"},
    {DS_AUTH, 550, "5.7.30",
     "Basic authentication is not supported for Client Submission. "
     "[x.prod.outlook.com]",
     "auth-oauth-only", "microsoft"},
    {DS_MAIL, 530, "5.7.57",
     "Client was not authenticated to send anonymous mail during MAIL "
     "FROM [x.prod.outlook.com]",
     "auth-required", "microsoft"},
    {DS_MAIL, 530, "5.7.57",
     "Client not authenticated to send mail. [x.prod.outlook.com]",
     "auth-required", "microsoft"},
    {DS_AUTH, 504, "5.7.4",
     "Unrecognized authentication type [x.prod.outlook.com]", "auth-mechanism",
     NULL},
    {DS_DATA_END, 550, "5.7.60",
     "SMTP; Client does not have permissions to send as this sender "
     "[x.prod.outlook.com]",
     "sender-rejected", "microsoft"},
    {DS_DATA_END, 554, "5.2.0",
     "STOREDRV.Submission.Exception:SendAsDeniedException."
     "MapiExceptionSendAsDenied; "
     "Failed to process message due to a permanent exception",
     "sender-rejected", "microsoft"},
    {DS_DATA_END, 554, "5.2.252",
     "SendAsDenied; alice@example.com not allowed to send as bob@example.com; "
     "STOREDRV.Submit",
     "sender-rejected", "microsoft"},
    /* Microsoft's own list and a tenant banned from sending
     * (learn.microsoft.com
     * .../fix-error-code-5-7-700-through-5-7-750). */
    {DS_RCPT, 550, "5.7.708",
     "Service unavailable. Access denied, traffic not accepted from this IP.",
     "ip-reputation", "microsoft"},
    {DS_MAIL, 550, "5.7.705", "Access denied, tenant has exceeded threshold.",
     "account-suspended", "microsoft"},
    {DS_RCPT, 550, "5.7.750",
     "Service unavailable. Client blocked from sending from unregistered "
     "domains.",
     "sender-rejected", "microsoft"},
    {DS_RCPT, 550, "5.7.64",
     "TenantAttribution; Relay Access Denied [x.prod.outlook.com]",
     "relay-denied", "microsoft"},
    {DS_MAIL, 530, "5.7.1", "Client was not authenticated", "auth-required",
     "microsoft"},
    {DS_RCPT, 530, "5.7.1", "Client was not authenticated", "auth-required",
     "microsoft"},
    {DS_RCPT, 550, "5.7.1", "Unable to relay", "relay-denied", "microsoft"},
    {DS_RCPT, 550, "5.7.54",
     "SMTP; Unable to relay recipient in non-accepted domain", "relay-denied",
     "microsoft"},
    {DS_MAIL, 550, "5.7.1",
     "Client does not have permissions to send as this sender",
     "sender-rejected", "microsoft"},
};

/* A4. Other mailbox providers; A5. transactional services */
static const struct rcase others[] = {
    {DS_AUTH, 535, "5.7.0", "(#AUTH005) Too many bad auth attempts.",
     "auth-app-password", "yahoo"},
    {DS_DATA_END, 550, NULL, "Request failed; Mailbox unavailable",
     "sender-rejected", "yahoo"},
    {DS_DATA_END, 553, NULL, "Relaying disallowed as alerts@example.com",
     "sender-rejected", "zoho"},
    {DS_MAIL, 553, NULL, "Relaying disallowed as alerts@example.com",
     "sender-rejected", "zoho"},
    {DS_AUTH, 535, NULL, "Authentication Failed", "auth-failed", NULL},
    {DS_AUTH, 535, NULL, "Authentication Credentials Invalid", "auth-failed",
     "ses"},
    {DS_DATA_END, 554, NULL,
     "Message rejected: Email address is not verified. The following "
     "identities failed the check in region US-EAST-1: alerts@example.com",
     "sender-rejected", "ses"},
    {DS_MAIL, 530, NULL, "Authentication required", "auth-required", NULL},
    {DS_AUTH, 535, NULL, "Authentication failed: Bad username / password",
     "auth-failed", "sendgrid"},
    {DS_AUTH, 535, NULL,
     "Authentication failed: The provided authorization grant is invalid, "
     "expired, or revoked",
     "auth-failed", "sendgrid"},
    {DS_DATA_END, 550, NULL,
     "The from address does not match a verified Sender Identity. Mail "
     "cannot be sent until this error is resolved. Visit "
     "https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ "
     "to see the Sender Identity requirements",
     "sender-rejected", "sendgrid"},
    {DS_MAIL, 550, NULL, "Unauthenticated senders not allowed", "auth-required",
     "sendgrid"},
    {DS_RCPT, 550, "5.7.1", "Relaying denied", "relay-denied", NULL},
    {DS_RCPT, 550, NULL,
     "Sandbox subdomains are for test purposes only. Please add your own "
     "domain or add the address to authorized recipients in Account Settings.",
     "relay-denied", "mailgun"},
    {DS_DATA_END, 550, "5.7.1",
     "Free accounts are for test purposes only. Please upgrade or add the "
     "address to authorized recipients in Account Settings.",
     "relay-denied", "mailgun"},
    {DS_AUTH, 535, "5.7.0", "Invalid login or password", "auth-failed", NULL},
    {DS_RCPT, 501, "5.7.0",
     "Authentication required. Please authenticate with CRAM MD5 or AUTH "
     "Login",
     "auth-required", "socketlabs"},
    {DS_GREETING, 421, "4.5.1",
     "Too many errors, you have been temporarily blacklisted", "rate-limited",
     "socketlabs"},
};

/* A6. Postfix */
static const struct rcase postfix[] = {
    {DS_AUTH, 530, "5.7.0", "Must issue a STARTTLS command first",
     "auth-tls-required", NULL},
    {DS_RCPT, 530, "5.7.0", "Must issue a STARTTLS command first",
     "auth-tls-required", NULL},
    {DS_STARTTLS, 454, "4.7.0", "TLS not available due to local problem",
     "starttls-failed", "postfix"},
    {DS_AUTH, 503, "5.5.1", "Error: authentication not enabled",
     "auth-not-offered", "postfix"},
    {DS_AUTH, 504, "5.5.4",
     "Encryption required for requested authentication mechanism",
     "auth-tls-required", "postfix"},
    {DS_AUTH, 535, "5.7.8", "Error: authentication failed: UGFzc3dvcmQ6",
     "auth-failed", "postfix"},
    {DS_AUTH, 535, "5.7.8",
     "Error: authentication failed: authentication failure", "auth-failed",
     "postfix"},
    {DS_AUTH, 454, "4.7.0", "Temporary authentication failure",
     "auth-temporary", "postfix"},
    {DS_RCPT, 554, "5.7.1", "<bob@elsewhere.example>: Relay access denied",
     "relay-denied", "postfix"},
    {DS_RCPT, 553, "5.7.1",
     "<ceo@example.com>: Sender address rejected: not owned by user "
     "alerts@example.com",
     "sender-rejected", "postfix"},
    {DS_MAIL, 553, "5.7.1",
     "<ceo@example.com>: Sender address rejected: not owned by user alerts",
     "sender-rejected", "postfix"},
    {DS_RCPT, 553, "5.7.1",
     "<ceo@example.com>: Sender address rejected: not logged in",
     "auth-required", "postfix"},
    {DS_RCPT, 504, "5.5.2",
     "<myhost>: Helo command rejected: need fully-qualified hostname",
     "ehlo-rejected", "postfix"},
    {DS_RCPT, 450, "4.7.1",
     "Client host rejected: cannot find your reverse hostname, [192.0.2.1]",
     "relay-denied", "postfix"},
    {DS_RCPT, 550, "5.7.25",
     "Client host rejected: cannot find your hostname, [192.0.2.1]",
     "relay-denied", "postfix"},
    {DS_RCPT, 554, "5.7.1",
     "<unknown[192.0.2.1]>: Client host rejected: Access denied",
     "relay-denied", "postfix"},
    {DS_RCPT, 450, "4.7.1",
     "<bob@example.net>: Recipient address rejected: Session encryption "
     "is required",
     "auth-tls-required", "postfix"},
    {DS_RCPT, 554, "5.7.1",
     "Service unavailable; Client host [192.0.2.1] blocked using "
     "zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1",
     "blocklisted", NULL},
    {DS_GREETING, 421, "4.7.0",
     "mail.example.com Error: too many connections from 192.0.2.1",
     "rate-limited", NULL},
    {DS_MAIL, 450, "4.7.1", "Error: too much mail from 192.0.2.1",
     "rate-limited", "postfix"},
    {DS_AUTH, 450, "4.7.1", "Error: too many AUTH commands from 192.0.2.1",
     "rate-limited", "postfix"},
    {DS_RCPT, 450, "4.7.1", "Error: too many recipients from 192.0.2.1",
     "rate-limited", NULL},
    {DS_RCPT, 421, "4.7.0", "mail.example.com Error: too many errors",
     "protocol-error", "postfix"},
    {DS_MAIL, 503, "5.5.1", "Error: send HELO/EHLO first", "protocol-error",
     "postfix"},
    {DS_DATA, 554, "5.5.1", "Error: no valid recipients", "recipient-rejected",
     "postfix"},
    {DS_RCPT, 450, "4.2.0",
     "<bob@example.net>: Recipient address rejected: Greylisted, see "
     "http://postgrey.schweikert.ch/help/example.net.html",
     "greylisted", NULL},
};

/* A7. Exim (no enhanced codes) */
static const struct rcase exim[] = {
    {DS_AUTH, 535, NULL, "Incorrect authentication data", "auth-failed",
     "exim"},
    {DS_AUTH, 435, NULL, "Unable to authenticate at present", "auth-temporary",
     "exim"},
    {DS_AUTH, 503, NULL, "AUTH command used when not advertised",
     "auth-tls-required", "exim"},
    {DS_STARTTLS, 503, NULL, "STARTTLS command used when not advertised",
     "starttls-unavailable", "exim"},
    {DS_STARTTLS, 454, NULL, "TLS currently unavailable", "starttls-failed",
     "exim"},
    {DS_RCPT, 550, NULL, "relay not permitted", "relay-denied", "exim"},
    {DS_RCPT, 550, NULL, "Administrative prohibition", "relay-denied", "exim"},
    {DS_DATA_END, 550, NULL, "Administrative prohibition", "message-rejected",
     "exim"},
    {DS_GREETING, 554, NULL, "Administrative prohibition", "greeting-rejected",
     "exim"},
    {DS_GREETING, 421, NULL,
     "mail.example.com Too many concurrent SMTP connections; please try "
     "again later.",
     "server-busy", "exim"},
    {DS_MAIL, 421, NULL, "too many messages in this connection", "rate-limited",
     "exim"},
};

/* A8. Blocklists, reputation, greylisting */
static const struct rcase reputation[] = {
    {DS_RCPT, 550, "5.7.1",
     "Service unavailable; Client host [192.0.2.1] blocked using "
     "zen.spamhaus.org",
     "blocklisted", NULL},
    {DS_MAIL, 550, "5.7.1", "blocked using zen.spamhaus.org", "blocklisted",
     NULL},
    {DS_RCPT, 554, "5.7.1",
     "Service unavailable; Client host [192.0.2.1] blocked using "
     "zen.spamhaus.org; Error: open resolver; "
     "https://www.spamhaus.org/returnc/pub/203.0.113.5",
     "blocklisted", NULL},
    {DS_RCPT, 550, "5.7.1",
     "Service unavailable, Client host [192.0.2.1] blocked using Spamhaus. "
     "To request removal from this list see "
     "https://www.spamhaus.org/query/ip/192.0.2.1 (AS3130).",
     "blocklisted", NULL},
    {DS_GREETING, 554, NULL,
     "Service unavailable; Client host [192.0.2.1] blocked using Barracuda "
     "Reputation; "
     "http://www.barracudanetworks.com/reputation/?pr=1&ip=192.0.2.1",
     "blocklisted", NULL},
    {DS_RCPT, 554, NULL, "blocked using Barracuda Reputation", "blocklisted",
     NULL},
    {DS_RCPT, 450, "4.2.0", "Greylisted, please try again in 300 seconds",
     "greylisted", NULL},
    {DS_RCPT, 451, "4.7.1", "Greylisting in action, please come back later",
     "greylisted", NULL},
    {DS_RCPT, 451, "4.7.1", "Try again later", "greylisted", NULL},
    {DS_DATA_END, 451, "4.7.1", "Please try again later", "greylisted", NULL},
    {DS_MAIL, 451, "4.7.1", "Sender greylisted, retry later", "greylisted",
     NULL},
};

/* Fallbacks by stage, enhanced code and basic code, with texts that no
 * pattern knows. */
static const struct rcase fallback[] = {
    {DS_GREETING, 554, NULL, "No SMTP service here", "greeting-rejected", NULL},
    {DS_GREETING, 554, "5.7.1", "Go away", "greeting-rejected", NULL},
    {DS_GREETING, 550, NULL, "Go away", "greeting-rejected", NULL},
    {DS_GREETING, 421, NULL, "Service not available", "server-busy", NULL},
    {DS_GREETING, 450, NULL, "later", "server-busy", NULL},
    {DS_EHLO, 550, NULL, "No", "ehlo-rejected", NULL},
    {DS_EHLO, 501, "5.5.4", "Syntax: EHLO hostname", "ehlo-rejected", NULL},
    {DS_EHLO, 421, NULL, "Bye", "server-busy", NULL},
    {DS_STARTTLS, 454, "4.7.0", "Oops", "starttls-failed", NULL},
    {DS_STARTTLS, 501, "5.5.4", "Oops", "starttls-failed", NULL},
    {DS_STARTTLS, 502, "5.5.1", "Unknown command", "starttls-unavailable",
     NULL},
    {DS_STARTTLS, 500, NULL, "Unrecognized command", "starttls-unavailable",
     NULL},
    {DS_AUTH, 535, "5.7.8", "Nope", "auth-failed", NULL},
    {DS_AUTH, 535, NULL, "Nope", "auth-failed", NULL},
    {DS_AUTH, 535, "5.7.3", "Nope", "auth-failed", NULL},
    {DS_AUTH, 535, "5.7.139", "Authentication unsuccessful, some new reason",
     "auth-disabled", "microsoft"},
    {DS_AUTH, 534, "5.7.9", "Authentication mechanism is too weak",
     "auth-mechanism", NULL},
    {DS_AUTH, 534, "5.7.14", "Nope", "auth-web-login", NULL},
    /* RFC 5248 registry X.7.13 "User Account Disabled". */
    {DS_AUTH, 535, "5.7.13", "Nope", "account-suspended", NULL},
    {DS_AUTH, 538, "5.7.11", "Encryption required for requested mechanism",
     "auth-tls-required", NULL},
    {DS_AUTH, 538, NULL, "Nope", "auth-tls-required", NULL},
    {DS_AUTH, 530, "5.7.0", "Please use TLS", "auth-tls-required", NULL},
    {DS_AUTH, 530, "5.7.0", "Nope", "auth-failed", NULL},
    {DS_AUTH, 504, "5.5.4", "Nope", "auth-mechanism", NULL},
    {DS_AUTH, 504, NULL, "Nope", "auth-mechanism", NULL},
    {DS_AUTH, 502, "5.5.1", "Nope", "auth-not-offered", NULL},
    {DS_AUTH, 503, "5.5.1", "Nope", "auth-not-offered", NULL},
    {DS_AUTH, 501, "5.5.2", "Cannot decode response", "protocol-error", NULL},
    {DS_AUTH, 454, "4.7.0", "Nope", "auth-temporary", NULL},
    {DS_AUTH, 432, "4.7.12", "A password transition is needed",
     "auth-temporary", NULL},
    {DS_AUTH, 550, "5.7.30", "Nope", "auth-oauth-only", "microsoft"},
    {DS_AUTH, 535, "5.7.8", "Your account is locked", "auth-locked", NULL},
    {DS_AUTH, 535, NULL, "account disabled", "account-suspended", NULL},
    {DS_AUTH, 535, NULL, "Please use an app password", "auth-app-password",
     NULL},
    {DS_MAIL, 530, NULL, "Nope", "auth-required", NULL},
    {DS_MAIL, 550, "5.7.57", "Nope", "auth-required", "microsoft"},
    {DS_MAIL, 550, "5.7.1", "Nope", "sender-rejected", NULL},
    {DS_MAIL, 553, "5.7.1", "Nope", "sender-rejected", NULL},
    {DS_MAIL, 550, "5.7.1", "not authenticated", "auth-required", NULL},
    /* RFC 3463 X.1.8 "Bad sender's system address": the sender address
     * failed the server's check of it. */
    {DS_MAIL, 553, "5.1.8", "Domain of sender address does not exist",
     "sender-unverified", NULL},
    {DS_MAIL, 553, NULL, "Nope", "sender-rejected", NULL},
    {DS_MAIL, 550, NULL, "Nope", "sender-rejected", NULL},
    /* RFC 3463 X.3.x: the mail system's own status, a server fault. */
    {DS_MAIL, 451, "4.3.0", "Nope", "server-error", NULL},
    {DS_MAIL, 452, "4.3.1", "Insufficient system storage", "server-error",
     NULL},
    {DS_MAIL, 501, "5.5.4", "Nope", "sender-rejected", NULL},
    {DS_RCPT, 550, "5.1.1",
     "The email account that you tried to reach does "
     "not exist.",
     "recipient-unknown", NULL},
    /* RFC 3463 X.1.1 "Bad destination mailbox address". */
    {DS_RCPT, 550, "5.1.1", "Nope", "recipient-unknown", NULL},
    {DS_RCPT, 553, "5.1.3", "Recipient address syntax error",
     "recipient-rejected", NULL},
    /* RFC 3463 X.2.2 "Mailbox full". */
    {DS_RCPT, 552, "5.2.2", "Mailbox full", "mailbox-full", NULL},
    {DS_RCPT, 452, "4.2.2", "Mailbox full", "mailbox-full", NULL},
    {DS_RCPT, 452, "4.5.3", "Nope", "rate-limited", NULL},
    {DS_RCPT, 554, "5.7.1", "Nope", "relay-denied", NULL},
    {DS_RCPT, 554, NULL, "Nope", "relay-denied", NULL},
    {DS_RCPT, 550, "5.7.1", "Nope", "relay-denied", NULL},
    {DS_RCPT, 550, NULL, "Nope", "recipient-rejected", NULL},
    {DS_RCPT, 450, NULL, "Nope", "greylisted", NULL},
    {DS_RCPT, 451, "4.3.0", "Nope", "server-error", NULL},
    {DS_RCPT, 503, "5.5.1", "need MAIL command", "protocol-error", NULL},
    {DS_RCPT, 530, "5.7.0", "Nope", "auth-required", NULL},
    {DS_DATA, 554, NULL, "Transaction failed", "message-rejected", NULL},
    {DS_DATA, 503, "5.5.1", "No recipients", "protocol-error", NULL},
    {DS_DATA, 451, NULL, "Nope", "server-busy", NULL},
    /* RFC 3463 X.3.4 "Message too big for system". */
    {DS_DATA_END, 552, "5.3.4", "Message size exceeds fixed limit",
     "message-too-large", NULL},
    {DS_DATA_END, 550, "5.7.1", "Message rejected as spam", "message-spam",
     NULL},
    {DS_DATA_END, 550, "5.7.1",
     "5.7.520 Message blocked because it contains content identified as "
     "spam. AS(4810)",
     "message-spam", NULL},
    {DS_DATA_END, 550, "5.7.1", "Message rejected due to DMARC policy",
     "spf-dkim-dmarc", NULL},
    {DS_DATA_END, 550, "5.7.23", "Nope", "spf-dkim-dmarc", NULL},
    {DS_DATA_END, 550, "5.7.1", "Nope", "message-rejected", NULL},
    {DS_DATA_END, 554, NULL, "Nope", "message-rejected", NULL},
    {DS_DATA_END, 550, NULL, "User not allowed to send as this address",
     "sender-rejected", NULL},
    {DS_DATA_END, 451, "4.3.0", "Nope", "server-error", NULL},
    {DS_DATA_END, 550, "5.4.5", "Nope", "rate-limited", NULL},
    {DS_MAIL, 451, NULL, "Rate limit exceeded, slow down", "rate-limited",
     NULL},
    {DS_DATA_END, 550, NULL, "Daily quota exceeded", "rate-limited", NULL},
    /* Codes that are no refusal at all are the other side breaking the
     * protocol. */
    {DS_DATA, 250, NULL, "OK", "protocol-error", NULL},
    {DS_GREETING, 0, NULL, "", "protocol-error", NULL},
    {DS_MAIL, 600, NULL, "Nope", "protocol-error", NULL},
};

/* Temporary conditions are never a wrong password, whatever the text
 * says (section D.10). */
static const struct rcase temporary[] = {
    {DS_AUTH, 454, "4.7.0", "Too many login attempts, please try again later.",
     "auth-locked", "google"},
    {DS_AUTH, 454, "4.7.0", "Authentication failed, try again",
     "auth-temporary", NULL},
    {DS_AUTH, 454, "4.7.8", "Invalid credentials", "auth-temporary", NULL},
    {DS_AUTH, 451, "4.7.0", "Username and Password not accepted",
     "auth-temporary", "google"},
    {DS_AUTH, 454, "4.7.0", "(#AUTH005) Too many bad auth attempts.",
     "auth-temporary", NULL},
    {DS_AUTH, 421, "4.7.0", "Error: authentication failed: try later",
     "server-busy", NULL},
    {DS_AUTH, 435, NULL, "Incorrect authentication data", "auth-temporary",
     NULL},
    {DS_AUTH, 454, "4.7.0", "Please use an app password", "auth-temporary",
     NULL},
};

static void run_cases(const struct rcase *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_case(&c[i]);
}

#define RUN(a) run_cases((a), sizeof(a) / sizeof((a)[0]))

/* Gmail wraps mid-phrase and repeats the enhanced code on every line;
 * smtp.c joins and strips, and the pattern must match the result. */
static void test_joined_lines(void)
{
	struct smtp_reply r;
	struct diagnosis d;

	make_reply(&r, 534, "5.7.14",
		   "<https://accounts.google.com/signin/continue?x> Please log "
		   "in via your web browser and then try again. Learn more at "
		   "https://support.google.com/mail/answer/78754 x - gsmtp");
	diagnose_reply(DS_AUTH, &r, &d);
	tap_is_str(d.cause, "auth-web-login", "joined Gmail 534 5.7.14");
	make_reply(&r, 535, "5.7.8", "USERNAME AND PASSWORD NOT ACCEPTED");
	diagnose_reply(DS_AUTH, &r, &d);
	tap_is_str(d.cause, "auth-failed", "case-insensitive match");
}

/* The reply text may fill its buffer without a terminator from a buggy
 * caller: matching stays inside it. */
static void test_bounds(void)
{
	struct smtp_reply r;
	struct diagnosis d;

	make_reply(&r, 535, "5.7.8", NULL);
	memset(r.text, 'A', sizeof(r.text));
	memset(r.enh, '5', sizeof(r.enh));
	diagnose_reply(DS_AUTH, &r, &d);
	tap_is_str(d.cause, "auth-failed", "unterminated text and enh");
	make_reply(&r, 535, "5.7.8", NULL);
	memset(r.text, 'x', sizeof(r.text) - 1);
	memcpy(r.text + sizeof(r.text) - 1 - 11, "BadCredentials", 11);
	diagnose_reply(DS_AUTH, &r, &d);
	tap_is_str(d.cause, "auth-failed",
		   "truncated needle at the end is no match, code decides");
	ok(d.provider == NULL, "  no provider from a partial match");
	make_reply(&r, 535, "5.7.8", NULL);
	memset(r.text, 'x', sizeof(r.text) - 1);
	memcpy(r.text + sizeof(r.text) - 1 - 14, "BadCredentials", 14);
	diagnose_reply(DS_AUTH, &r, &d);
	tap_is_str(d.provider, "google", "needle at the very end matches");
	diagnose_reply(DS_AUTH, NULL, &d);
	tap_is_str(d.cause, "protocol-error", "no reply at all");
}

/* Enhanced codes are compared by components. */
static void test_enh_components(void)
{
	struct smtp_reply r;
	struct diagnosis d;

	make_reply(&r, 550, "5.7.17", "x");
	diagnose_reply(DS_MAIL, &r, &d);
	tap_is_str(d.cause, "sender-rejected", "5.7.17 at MAIL is not 5.7.1");
	make_reply(&r, 550, "5.7.13", "x");
	diagnose_reply(DS_MAIL, &r, &d);
	tap_is_str(d.cause, "account-suspended", "5.7.13 at MAIL: X.7.13");
	make_reply(&r, 550, "5.7.1", "x");
	diagnose_reply(DS_RCPT, &r, &d);
	tap_is_str(d.cause, "relay-denied", "5.7.1 at RCPT");
	make_reply(&r, 535, "5.7.80", "x");
	diagnose_reply(DS_AUTH, &r, &d);
	tap_is_str(d.cause, "auth-failed", "5.7.80 is not 5.7.8 (default)");
	make_reply(&r, 534, "5.7.90", "x");
	diagnose_reply(DS_AUTH, &r, &d);
	tap_is_str(d.cause, "auth-mechanism", "5.7.90 falls to the 534 row");
	make_reply(&r, 535, "5.7.1390", "x");
	diagnose_reply(DS_AUTH, &r, &d);
	ok(d.provider == NULL, "5.7.1390 is not Microsoft's 5.7.139");
}

static void test_banners(void)
{
	static const struct {
		const char *text;
		const char *provider;
	} cases[] = {
	    {"smtp.gmail.com ESMTP a1sm123456wrb.12 - gsmtp", "google"},
	    {"smtp.gmail.com at your service, [192.0.2.1]", "google"},
	    {"smtp-relay.gmail.com ESMTP x - gsmtp", "google"},
	    {"SN4PR0501CA0054.outlook.office365.com Microsoft ESMTP MAIL "
	     "Service ready at Mon, 1 Jan 2024 00:00:00 +0000",
	     "microsoft"},
	    {"exch01.corp.example Microsoft ESMTP MAIL Service ready at Mon",
	     "microsoft"},
	    {"smtp-mail.outlook.com ready", "microsoft"},
	    {"smtp.mail.yahoo.com ESMTP ready", "yahoo"},
	    {"smtp.aol.com ESMTP ready", "aol"},
	    {"email-smtp.amazonaws.com ESMTP SimpleEmailService-d-ABC123",
	     "ses"},
	    {"SG ESMTP service ready at ismtpd0001p1lon1.sendgrid.net",
	     "sendgrid"},
	    {"mx.zohomail.com SMTP Server ready May 1, 2024", "zoho"},
	    {"smtp.mailgun.org ESMTP ready", "mailgun"},
	    {"smtp.postmarkapp.com ESMTP Postfix", "postmark"},
	    {"smtp-relay.brevo.com ESMTP", "brevo"},
	    {"smtp-relay.sendinblue.com ESMTP", "brevo"},
	    {"in-v3.mailjet.com ESMTP Mailjet", "mailjet"},
	    {"mail.smtp2go.com ESMTP Exim", "smtp2go"},
	    {"smtp.mail.me.com ESMTP", "icloud"},
	    {"smtp.fastmail.com ESMTP ready", "fastmail"},
	    {"mail.gmx.net (mrgmx001) Nemesis ESMTP Service ready", "gmx"},
	    {"smtp.web.de (mrweb001) Nemesis ESMTP Service ready", "gmx"},
	    {"127.0.0.1 ESMTP Service Ready (Proton Mail Bridge)", "proton"},
	    {"mail.example.com ESMTP Postfix (Debian/GNU)", "postfix"},
	    {"mail.example.com ESMTP Exim 4.96 Mon, 01 Jan 2024", "exim"},
	    {"mail.example.com ESMTP OpenSMTPD", NULL},
	    {"", NULL},
	};
	char what[160];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "banner \"%.50s\"", cases[i].text);
		tap_is_str(diagnose_provider_from_banner(cases[i].text),
			   cases[i].provider, what);
	}
	tap_is_str(diagnose_provider_from_banner(NULL), NULL, "banner NULL");
}

/* ---- certificates ------------------------------------------------------- */

static void base_cert(struct tls_result *res, const char *issuer)
{
	memset(res, 0, sizeof(*res));
	res->alert = -1;
	res->verify_ran = true;
	res->hostname_ok = true;
	res->cert.present = true;
	snprintf(res->cert.subject, sizeof(res->cert.subject),
		 "CN=smtp.example.com");
	snprintf(res->cert.issuer, sizeof(res->cert.issuer), "%s", issuer);
}

#define CERT_SIGNER_NOT_FOUND (1u << 6)
#define CERT_INVALID          (1u << 1)
#define CERT_EXPIRED          (1u << 10)
#define CERT_NOT_ACTIVATED    (1u << 9)
#define CERT_UNEXPECTED_OWNER (1u << 14)

static void untrusted(struct tls_result *res)
{
	res->verify_status = CERT_INVALID | CERT_SIGNER_NOT_FOUND;
	res->untrusted = true;
}

static void check_cert(const struct tls_result *res, const char *want,
		       const char *want_product, const char *what)
{
	const char *product = "unset";
	const char *got = diagnose_cert(res, &product);

	tap_is_str(got, want, what);
	tap_is_str(product, want_product, "  product");
}

static void test_certs(void)
{
	static const struct {
		const char *issuer;
		const char *product;
	} products[] = {
	    {"CN=Avast Web/Mail Shield Root,O=Avast Web/Mail Shield,"
	     "OU=generated by Avast Antivirus for SSL/TLS scanning",
	     "Avast"},
	    {"CN=AVG Web/Mail Shield Root,O=AVG Web/Mail Shield", "AVG"},
	    {"CN=Kaspersky Anti-Virus Personal Root Certificate,O=AO Kaspersky "
	     "Lab",
	     "Kaspersky"},
	    {"CN=ESET SSL Filter CA,O=ESET spol. s r. o.", "ESET"},
	    {"CN=Bitdefender Personal CA.Net-Defender,OU=IDS,O=Bitdefender",
	     "Bitdefender"},
	    {"CN=Norton Web/Mail Shield Root", "Norton"},
	    {"CN=Web/Mail Shield Root", "Mail Shield"},
	    {"CN=McAfee Web Gateway,O=McAfee", "McAfee"},
	    {"CN=Sophos SSL CA_C0123,O=Sophos", "Sophos"},
	    {"CN=FortiGate CA,O=Fortinet,C=US", "Fortinet"},
	    {"CN=FG100E3G00000000,O=FortiGate", "FortiGate"},
	    {"CN=Zscaler Intermediate Root CA (zscaler.net),O=Zscaler Inc.",
	     "Zscaler"},
	    {"CN=Palo Alto Networks Decryption CA", "Palo Alto Networks"},
	    {"CN=Check Point Outbound Inspection CA", "Check Point"},
	    {"CN=WatchGuard HTTPS Proxy CA", "WatchGuard"},
	    {"CN=Barracuda Web Filter", "Barracuda"},
	    {"CN=caadmin.netskope.com,O=Netskope Inc", "Netskope"},
	    {"CN=Forcepoint Cloud CA", "Forcepoint"},
	    {"CN=Blue Coat ProxySG CA", "Blue Coat"},
	    {"CN=Cisco Umbrella Secondary SubCA", "Cisco Umbrella"},
	    {"CN=mitmproxy,O=mitmproxy", "mitmproxy"},
	    {"CN=Untangle,O=Untangle", "Untangle"},
	    {"CN=Trend Micro InterScan Web Security Suite", "Trend Micro"},
	    {"CN=Dr.Web for Windows Root", "Dr.Web"},
	    {"CN=G DATA Mail Scanner Root", "G DATA"},
	    {"CN=DO_NOT_TRUST_FiddlerRoot,O=DO_NOT_TRUST,OU=Created by "
	     "http://www.fiddler2.com",
	     "Fiddler"},
	    {"CN=Some Proxy,O=Fiddler", "Fiddler"},
	    {"CN=Fiddlers Green Root,O=Fiddlers Ltd", NULL}, /* not a word */
	};
	struct tls_result res;
	char what[160];

	for (size_t i = 0; i < sizeof(products) / sizeof(products[0]); i++) {
		base_cert(&res, products[i].issuer);
		untrusted(&res);
		snprintf(what, sizeof(what), "issuer \"%.40s\"",
			 products[i].issuer);
		check_cert(&res,
			   products[i].product != NULL ? "cert-intercepted"
						       : "cert-untrusted",
			   products[i].product, what);
	}

	base_cert(&res, "CN=R11,O=Let's Encrypt,C=US");
	check_cert(&res, NULL, NULL, "verified certificate");
	base_cert(&res, "CN=Zscaler Root CA,O=Zscaler Inc.");
	check_cert(&res, NULL, NULL,
		   "verified through an installed inspection CA: fine");
	base_cert(&res, "CN=Avast Web/Mail Shield Root");
	res.verify_status = CERT_INVALID | CERT_UNEXPECTED_OWNER;
	res.hostname_ok = false;
	check_cert(&res, "cert-intercepted", "Avast",
		   "interception explains a name mismatch too");
	base_cert(&res, "CN=R11,O=Let's Encrypt,C=US");
	res.verify_status = CERT_INVALID | CERT_EXPIRED;
	res.expired = true;
	check_cert(&res, "cert-expired", NULL, "expired");
	base_cert(&res, "CN=R11,O=Let's Encrypt,C=US");
	res.verify_status = CERT_INVALID | CERT_EXPIRED | CERT_UNEXPECTED_OWNER;
	res.expired = true;
	res.hostname_ok = false;
	check_cert(&res, "cert-expired", NULL, "expired before hostname");
	base_cert(&res, "CN=R11,O=Let's Encrypt,C=US");
	res.verify_status = CERT_INVALID | CERT_NOT_ACTIVATED;
	res.not_yet_valid = true;
	check_cert(&res, "cert-not-yet-valid", NULL, "not yet valid");
	base_cert(&res, "CN=R11,O=Let's Encrypt,C=US");
	res.verify_status = CERT_INVALID | CERT_UNEXPECTED_OWNER;
	res.hostname_ok = false;
	check_cert(&res, "cert-hostname", NULL, "hostname mismatch");
	base_cert(&res, "CN=R11,O=Let's Encrypt,C=US");
	res.hostname_ok = false;
	check_cert(&res, "cert-hostname", NULL,
		   "no name to check against (IP without SAN)");
	base_cert(&res, "CN=smtp.example.com");
	untrusted(&res);
	check_cert(&res, "cert-untrusted", NULL, "self-signed");
	base_cert(&res, "CN=smtp.example.com");
	res.verify_status = CERT_INVALID;
	check_cert(&res, "cert-untrusted", NULL,
		   "INVALID alone without the untrusted flag");
	base_cert(&res, "");
	res.verify_ran = false;
	res.hostname_ok = false;
	res.cert.present = false;
	check_cert(&res, "cert-untrusted", NULL, "no certificate at all");
	base_cert(&res, "CN=Reset Root CA,O=Presets Ltd");
	untrusted(&res);
	check_cert(&res, "cert-untrusted", NULL,
		   "\"ESET\" inside a word is no product");
	base_cert(&res, "CN=Avast Web/Mail Shield Root");
	untrusted(&res);
	tap_is_str(diagnose_cert(&res, NULL), "cert-intercepted",
		   "product pointer may be NULL");
}

/* ---- catalogue ---------------------------------------------------------- */

static const char *const all_causes[] = {
    "settings-invalid",
    "settings-warning",
    "settings-permissions",
    "dns-not-found",
    "dns-failure",
    "dns-loopback",
    "dns-mx-host",
    "connect-refused",
    "connect-timeout",
    "connect-unreachable",
    "greeting-rejected",
    "server-busy",
    "greeting-slow",
    "tls-expected",
    "tls-not-expected",
    "not-smtp",
    "ehlo-rejected",
    "starttls-unavailable",
    "starttls-failed",
    "tls-handshake",
    "tls-not-used",
    "cert-untrusted",
    "cert-expired",
    "cert-not-yet-valid",
    "cert-hostname",
    "cert-intercepted",
    "cert-not-verified",
    "auth-failed",
    "auth-app-password",
    "auth-mfa",
    "auth-disabled",
    "auth-web-login",
    "auth-locked",
    "auth-tls-required",
    "auth-not-offered",
    "auth-oauth-only",
    "auth-temporary",
    "auth-mechanism",
    "auth-cleartext",
    "auth-required",
    "sender-rejected",
    "sender-unverified",
    "relay-denied",
    "recipient-rejected",
    "greylisted",
    "blocklisted",
    "rate-limited",
    "message-rejected",
    "message-spam",
    "timeout",
    "connection-lost",
    "protocol-error",
    "cert-expiring",
    /* the deliverability step (SPF, DKIM, DMARC) */
    "spf-missing",
    "spf-invalid",
    "spf-not-authorized",
    "dkim-missing",
    "dmarc-missing",
    "dmarc-unaligned",
    "deliverability-dns",
    /* this round's reply causes (classify.c) */
    "message-too-large",
    "mailbox-full",
    "recipient-unknown",
    "spf-dkim-dmarc",
    "ip-reputation",
    "server-error",
    "account-suspended",
    "server-timeout",
};

#define N_CAUSES (sizeof(all_causes) / sizeof(all_causes[0]))

static bool is_cause_id(const char *s)
{
	if (s == NULL || s[0] == '\0' || s[0] == '-')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-'))
			return false;
	return true;
}

/* One line, no control characters, a few sentences at most. */
static bool is_clean_text(const char *s, size_t max)
{
	size_t n;

	if (s == NULL || s[0] == '\0')
		return false;
	n = strnlen(s, max + 1);
	if (n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static void test_catalogue(void)
{
	size_t n = 0;
	const struct hint *t = hint_table(&n);
	bool all = true;
	char what[128];

	ok(t != NULL && n == N_CAUSES, "catalogue has exactly %zu causes (%zu)",
	   N_CAUSES, n);
	for (size_t i = 0; i < N_CAUSES; i++) {
		const struct hint *h = hint_lookup(all_causes[i]);

		snprintf(what, sizeof(what), "hint for %s", all_causes[i]);
		ok(h != NULL && strcmp(h->cause, all_causes[i]) == 0 &&
		       is_clean_text(h->summary, 100) &&
		       is_clean_text(h->hint, 600),
		   "%s", what);
	}
	for (size_t i = 0; t != NULL && i < n; i++) {
		all = all && is_cause_id(t[i].cause);
		for (size_t j = i + 1; j < n; j++)
			all = all && strcmp(t[i].cause, t[j].cause) != 0;
	}
	ok(all, "cause ids are lowercase, hyphenated and unique");
	ok(hint_lookup("no-such-cause") == NULL, "unknown cause: NULL");
	ok(hint_lookup(NULL) == NULL, "NULL cause: NULL");
	ok(hint_lookup("message-not-sent") == NULL,
	   "message-not-sent is not a cause");
}

/* Every cause the diagnosis tables can produce has a catalogue entry. */
static void test_table_causes(void)
{
	const char *c;
	size_t i, missing = 0;

	for (i = 0; (c = diagnose_cause_at(i)) != NULL; i++)
		if (hint_lookup(c) == NULL) {
			printf("# no hint for '%s' (row %zu)\n", c, i);
			missing++;
		}
	ok(i > 100, "diagnosis tables list %zu causes", i);
	ok(missing == 0, "every diagnosis cause has a hint");
}

/* Every variant hangs off a real cause: a misspelt cause or provider id in
 * the variant table would never be found. Update the count when adding a
 * variant. */
static void test_all_variants(void)
{
	static const char *const providers[] = {
	    "google",   "microsoft",  "yahoo",    "aol",    "icloud",
	    "zoho",     "fastmail",   "gmx",      "proton", "ses",
	    "sendgrid", "mailgun",    "postmark", "brevo",  "mailjet",
	    "smtp2go",  "socketlabs", "postfix",  "exim",   "outlook",
	};
	size_t found = 0, clean = 0;

	for (size_t i = 0; i < N_CAUSES; i++)
		for (size_t j = 0; j < sizeof(providers) / sizeof(providers[0]);
		     j++) {
			const char *h =
			    hint_provider(all_causes[i], providers[j]);

			if (h == NULL)
				continue;
			found++;
			clean += is_clean_text(h, 600);
		}
	ok(found == 63, "63 provider variants reachable (%zu)", found);
	ok(clean == found, "every variant is one clean line");
}

static void test_provider_hints(void)
{
	static const struct {
		const char *cause, *provider, *word;
	} cases[] = {
	    {"auth-failed", "google", "App passwords"},
	    {"auth-app-password", "google", "2-Step Verification"},
	    {"auth-web-login", "google", "browser"},
	    {"relay-denied", "google", "SMTP relay"},
	    {"auth-disabled", "microsoft", "SmtpClientAuthenticationDisabled"},
	    {"auth-mfa", "microsoft", "Conditional Access"},
	    {"auth-failed", "microsoft", "UPN"},
	    {"sender-rejected", "microsoft", "Send As"},
	    {"auth-oauth-only", "microsoft", "OAuth2"},
	    {"auth-failed", "yahoo", "app password"},
	    {"auth-app-password", "aol", "app password"},
	    {"auth-failed", "icloud", "appleid.apple.com"},
	    {"auth-failed", "sendgrid", "apikey"},
	    {"sender-unverified", "sendgrid", "Single Sender"},
	    {"auth-failed", "ses", "IAM"},
	    {"sender-unverified", "ses", "sandbox"},
	    {"auth-failed", "mailgun", "per-domain"},
	    {"relay-denied", "mailgun", "sandbox"},
	    {"auth-failed", "zoho", "smtppro"},
	    {"auth-failed", "fastmail", "app password"},
	    {"auth-disabled", "gmx", "enable"},
	    {"auth-failed", "proton", "Bridge"},
	    {"auth-failed", "postmark", "token"},
	    {"auth-failed", "brevo", "SMTP key"},
	    {"auth-failed", "mailjet", "secret key"},
	    {"auth-failed", "smtp2go", "SMTP2GO"},
	};
	char what[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *h =
		    hint_provider(cases[i].cause, cases[i].provider);

		snprintf(what, sizeof(what), "%s hint for %s mentions \"%s\"",
			 cases[i].provider, cases[i].cause, cases[i].word);
		ok(h != NULL && strstr(h, cases[i].word) != NULL &&
		       is_clean_text(h, 600) &&
		       hint_lookup(cases[i].cause) != NULL,
		   "%s", what);
	}
	test_all_variants();
	ok(hint_provider("auth-failed", "no-such-provider") == NULL,
	   "unknown provider: NULL");
	ok(hint_provider("dns-failure", "google") == NULL, "no variant: NULL");
	ok(hint_provider(NULL, "google") == NULL &&
	       hint_provider("auth-failed", NULL) == NULL,
	   "NULL arguments: NULL");
}

int main(void)
{
	RUN(google);
	RUN(microsoft);
	RUN(others);
	RUN(postfix);
	RUN(exim);
	RUN(reputation);
	RUN(fallback);
	RUN(temporary);
	test_joined_lines();
	test_bounds();
	test_enh_components();
	test_banners();
	test_certs();
	test_catalogue();
	test_table_causes();
	test_provider_hints();
	return tap_done();
}
