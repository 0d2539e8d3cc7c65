/* Classification of failures into cause ids. Everything here is data: the
 * reply patterns, the code fallbacks, the per-stage defaults, the banner
 * fragments and the TLS-inspection products are tables, matched in order,
 * so that adding a provider's new wording is one line and never an `if`.
 * Sources: the providers' published SMTP error references, RFC 3463,
 * RFC 4954 and RFC 5321, and the reject texts in the source code of
 * Postfix and Exim. */
#include <config.h>

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "knowledge/diagnose.h"

/* Stage masks: a row applies to the replies of these commands only. */
#define ST(s)     (1u << (s))
#define ST_GREET  ST(DS_GREETING)
#define ST_EHLO   ST(DS_EHLO)
#define ST_TLS    ST(DS_STARTTLS)
#define ST_AUTH   ST(DS_AUTH)
#define ST_MAIL   ST(DS_MAIL)
#define ST_RCPT   ST(DS_RCPT)
#define ST_DATA   ST(DS_DATA)
#define ST_DOT    ST(DS_DATA_END)
#define ST_ENV    (ST_MAIL | ST_RCPT)
#define ST_TX     (ST_MAIL | ST_RCPT | ST_DATA | ST_DOT)
#define ST_SENDER (ST_MAIL | ST_RCPT | ST_DOT)
#define ST_ANY    0xffffu

/* code: 0 any reply, 1-5 a class (4 = every 4xx), else one exact code.
 * enh: an enhanced-code prefix compared by components ("5.7.1" matches
 * 5.7.1 but not 5.7.139; "X.7.1" matches 4.7.1 and 5.7.1), NULL any.
 * text: a case-insensitive substring of the joined reply text, NULL any. */
struct pattern {
	unsigned stages;
	int code;
	const char *enh;
	const char *text;
	const char *cause;
	const char *provider;
};

/* Provider texts first: "classify by the provider's text first and by the
 * codes second, since some providers use codes loosely" (section 0). Order
 * matters: a specific wording comes before any generic row that would also
 * match it (for example "temporarily blacklisted" before "blacklisted"). */
static const struct pattern text_rows[] = {
    /* Temporary conditions first, so that no later row can turn them into
     * a wrong password (RFC 4954 section 6: 454 4.7.0 is a temporary failure).
     */
    {ST_AUTH, 4, NULL, "Temporary authentication failure", "auth-temporary",
     "postfix"},
    {ST_AUTH, 0, NULL, "Cannot authenticate due to a temporary system",
     "auth-temporary", "google"},
    {ST_AUTH, 4, NULL, "Unable to authenticate at present", "auth-temporary",
     "exim"},
    {ST_ANY, 0, NULL, "Too many login attempts", "rate-limited", "google"},
    {ST_ANY, 0, NULL, "too many AUTH commands", "rate-limited", "postfix"},
    /* Yahoo sends this on the first try too: the account password is
     * refused for mail programs, it is not a lock-out. */
    {ST_AUTH, 5, NULL, "(#AUTH005)", "auth-app-password", "yahoo"},

    /* Microsoft 365 / Exchange Online, the 5.7.139 family. */
    {ST_AUTH, 0, NULL, "SmtpClientAuthentication is disabled", "auth-disabled",
     "microsoft"},
    {ST_AUTH, 0, NULL, "aka.ms/smtp_auth_disabled", "auth-disabled",
     "microsoft"},
    {ST_AUTH, 0, NULL, "security defaults policy", "auth-mfa", "microsoft"},
    {ST_AUTH, 0, NULL, "did not meet the criteria to be authenticated",
     "auth-mfa", "microsoft"},
    {ST_AUTH, 0, NULL, "Basic authentication is not supported",
     "auth-oauth-only", "microsoft"},
    {ST_AUTH, 0, NULL, "basic authentication is disabled", "auth-disabled",
     "microsoft"},
    {ST_AUTH, 0, NULL, "user credentials were incorrect", "auth-failed",
     "microsoft"},
    /* Any other 5.7.139 wording is a policy block of the same family
     * (D.5), not a wrong password, which has its own text above. */
    {ST_AUTH, 5, "5.7.139", NULL, "auth-disabled", "microsoft"},
    {ST_AUTH, 5, NULL, "Authentication unsuccessful", "auth-failed",
     "microsoft"},
    {ST_TX, 0, NULL, "Client was not authenticated", "auth-required",
     "microsoft"},
    {ST_TX, 0, NULL, "Client not authenticated", "auth-required", "microsoft"},
    {ST_SENDER, 0, NULL, "does not have permissions to send as",
     "sender-rejected", "microsoft"},
    {ST_SENDER, 0, NULL, "SendAsDenied", "sender-rejected", "microsoft"},
    {ST_SENDER, 0, NULL, "sending from unregistered domain", "sender-rejected",
     "microsoft"},
    {ST_TX, 0, NULL, "traffic not accepted from this IP", "blocklisted",
     "microsoft"},
    {ST_TX, 0, NULL, "tenant has exceeded threshold", "message-spam",
     "microsoft"},
    {ST_ENV, 0, NULL, "TenantAttribution", "relay-denied", "microsoft"},
    {ST_ANY, 0, NULL, "SubmissionQuotaExceededException", "rate-limited",
     "microsoft"},
    {ST_ANY, 0, NULL, "sender thread limit exceeded", "rate-limited",
     "microsoft"},
    {ST_ANY, 0, NULL, "TLS 1.0 and 1.1 are not supported", "tls-handshake",
     "microsoft"},
    {ST_ANY, 0, NULL, "aka.ms/smtp_auth_tls", "tls-handshake", "microsoft"},
    /* The mailbox is on the restricted-senders list (outbound spam). */
    {ST_TX, 0, NULL, "bad outbound sender", "message-spam", "microsoft"},
    /* Outlook.com consumer accounts flagged for a human check. */
    {ST_TX, 0, NULL, "OutboundSpamException", "message-spam", "outlook"},
    {ST_TX, 0, NULL, "WASCL UserAction", "message-spam", "outlook"},
    {ST_TX, 0, NULL, "HipNotify", "message-spam", "outlook"},
    /* Exchange Server (and IIS SMTP) wording. */
    {ST_ENV, 0, NULL, "Unable to relay", "relay-denied", "microsoft"},

    /* Google. */
    {ST_AUTH, 0, NULL, "Application-specific password required",
     "auth-app-password", "google"},
    {ST_AUTH, 0, NULL, "InvalidSecondFactor", "auth-app-password", "google"},
    {ST_AUTH, 0, NULL, "WebLoginRequired", "auth-web-login", "google"},
    {ST_AUTH, 0, NULL, "accounts.google.com/signin/continue", "auth-web-login",
     "google"},
    {ST_AUTH, 0, NULL, "in via your web browser", "auth-web-login", "google"},
    {ST_AUTH, 0, NULL, "in with your web browser", "auth-web-login", "google"},
    {ST_AUTH, 0, NULL, "Username and Password not accepted", "auth-failed",
     "google"},
    {ST_AUTH, 0, NULL, "BadCredentials", "auth-failed", "google"},
    {ST_AUTH, 0, NULL, "XOAUTH is no longer supported", "auth-mechanism",
     "google"},
    {ST_TX, 0, NULL, "WantAuthError", "auth-required", "google"},
    {ST_ENV, 0, NULL, "Mail relay denied", "relay-denied", "google"},
    {ST_ENV, 0, NULL, "Invalid credentials for relay", "relay-denied",
     "google"},
    {ST_RCPT, 0, NULL, "IP not in whitelist for RCPT domain", "relay-denied",
     "google"},
    {ST_TX, 0, NULL, "TLS required for RCPT domain", "auth-tls-required",
     "google"},
    {ST_TX, 0, NULL, "Peak SMTP relay limit exceeded", "rate-limited",
     "google"},
    {ST_TX, 0, NULL, "Daily user sending limit", "rate-limited", "google"},
    {ST_TX, 0, NULL, "Daily sending quota", "rate-limited", "google"},
    {ST_TX, 0, NULL, "Daily SMTP relay limit", "rate-limited", "google"},
    /* Direct-to-MX from a residential or cloud IP: an IP policy, fixed
     * by sending through a submission server, like a PBL listing. */
    {ST_TX, 0, NULL, "not authorized to send email directly to our servers",
     "blocklisted", "google"},
    {ST_TX, 0, NULL, "NotAuthorizedError", "blocklisted", "google"},
    {ST_GREET | ST_EHLO, 421, NULL, "Try again later, closing connection",
     "server-busy", "google"},

    /* Other providers and ESPs. Generic wording ("Authentication
     * Failed", "Invalid login or password") carries no provider: the
     * banner tells the provider instead. */
    {ST_DOT, 0, NULL, "Request failed; Mailbox unavailable", "sender-rejected",
     "yahoo"},
    {ST_SENDER, 0, NULL, "Relaying disallowed as", "sender-rejected", "zoho"},
    {ST_AUTH, 0, NULL, "Authentication Credentials Invalid", "auth-failed",
     "ses"},
    {ST_SENDER, 0, NULL, "Email address is not verified", "sender-unverified",
     "ses"},
    {ST_SENDER, 0, NULL, "identities failed the check", "sender-unverified",
     "ses"},
    {ST_AUTH, 0, NULL, "Bad username / password", "auth-failed", "sendgrid"},
    {ST_AUTH, 0, NULL, "authorization grant is invalid", "auth-failed",
     "sendgrid"},
    {ST_SENDER, 0, NULL, "verified Sender Identity", "sender-unverified",
     "sendgrid"},
    {ST_TX, 0, NULL, "Unauthenticated senders not allowed", "auth-required",
     "sendgrid"},
    {ST_SENDER, 0, NULL, "Sandbox subdomains are for test purposes",
     "relay-denied", "mailgun"},
    {ST_SENDER, 0, NULL, "Free accounts are for test purposes", "relay-denied",
     "mailgun"},
    {ST_TX, 0, NULL, "Please authenticate with CRAM MD5", "auth-required",
     "socketlabs"},
    {ST_ANY, 0, NULL, "you have been temporarily blacklisted", "rate-limited",
     "socketlabs"},

    /* Postfix; Exim. */
    {ST_TLS, 0, NULL, "STARTTLS command used when not advertised",
     "starttls-unavailable", "exim"},
    {ST_TLS, 0, NULL, "TLS not available due to local problem",
     "starttls-failed", "postfix"},
    {ST_TLS, 0, NULL, "TLS currently unavailable", "starttls-failed", "exim"},
    {ST_ANY, 0, NULL, "SMTP protocol violation", "protocol-error", NULL},
    {ST_AUTH, 0, NULL, "AUTH command used when not advertised",
     "auth-tls-required", "exim"},
    {ST_AUTH, 0, NULL, "authentication not enabled", "auth-not-offered",
     "postfix"},
    {ST_ANY, 0, NULL, "Encryption required for requested authentication",
     "auth-tls-required", "postfix"},
    {ST_ANY, 0, NULL, "Session encryption is required", "auth-tls-required",
     "postfix"},
    {ST_ANY, 0, NULL, "Must issue a STARTTLS command first",
     "auth-tls-required", NULL},
    {ST_ANY, 0, NULL, "STARTTLS first", "auth-tls-required", NULL},
    /* 530 to AUTH is not in RFC 4954's list for AUTH: servers send it to
     * mean "TLS first" (RFC 3207 section 4: 530 5.7.0 "Must issue a STARTTLS
     * command first"). */
    {ST_AUTH, 530, NULL, "TLS", "auth-tls-required", NULL},
    {ST_AUTH, 5, NULL, "Error: authentication failed", "auth-failed",
     "postfix"},
    {ST_AUTH, 5, NULL, "Incorrect authentication data", "auth-failed", "exim"},
    {ST_SENDER, 0, NULL, "not owned by user", "sender-rejected", "postfix"},
    {ST_SENDER, 0, NULL, "Sender address rejected: not logged in",
     "auth-required", "postfix"},
    {ST_ANY, 0, NULL, "Helo command rejected", "ehlo-rejected", "postfix"},
    {ST_ANY, 0, NULL, "need fully-qualified hostname", "ehlo-rejected", NULL},
    {ST_ANY, 0, NULL, "too many connections", "rate-limited", NULL},
    {ST_ANY, 0, NULL, "Too many concurrent SMTP connections", "rate-limited",
     "exim"},
    {ST_ANY, 0, NULL, "too many messages in this connection", "rate-limited",
     "exim"},
    {ST_ANY, 0, NULL, "too much mail from", "rate-limited", "postfix"},
    {ST_ANY, 0, NULL, "too many recipients", "rate-limited", NULL},
    {ST_ANY, 0, NULL, "Error: too many errors", "protocol-error", "postfix"},
    {ST_ANY, 0, NULL, "send HELO/EHLO first", "protocol-error", "postfix"},
    {ST_DATA | ST_DOT, 0, NULL, "no valid recipients", "recipient-rejected",
     "postfix"},

    /* greylisting before blocklists and before "Client host rejected",
     * which Postfix also uses for greylisting policies. */
    {ST_ANY, 0, NULL, "greylist", "greylisted", NULL},
    {ST_ANY, 0, NULL, "graylist", "greylisted", NULL},
    /* The receiving server's DNSBL lookups go through a public resolver:
     * still reported as blocklisted, and the hint says whose problem. */
    {ST_ANY, 0, NULL, "open resolver", "blocklisted", NULL},
    {ST_ANY, 0, NULL, "returnc/pub", "blocklisted", NULL},
    {ST_ANY, 0, NULL, "blocked using", "blocklisted", NULL},
    {ST_ANY, 0, NULL, "spamhaus", "blocklisted", NULL},
    {ST_ANY, 0, NULL, "spamcop", "blocklisted", NULL},
    {ST_ANY, 0, NULL, "Barracuda Reputation", "blocklisted", NULL},
    {ST_ANY, 0, NULL, "barracudacentral", "blocklisted", NULL},
    {ST_ANY, 0, NULL, "dnsbl", "blocklisted", NULL},
    {ST_ANY, 0, NULL, "blacklist", "blocklisted", NULL},
    {ST_ANY, 0, NULL, "blocklist", "blocklisted", NULL},
    {ST_RCPT | ST_DOT, 4, NULL, "Try again later", "greylisted", NULL},
    {ST_ENV, 0, NULL, "Client host rejected", "relay-denied", "postfix"},
    {ST_ENV, 0, NULL, "Administrative prohibition", "relay-denied", "exim"},
    {ST_DATA | ST_DOT, 0, NULL, "Administrative prohibition",
     "message-rejected", "exim"},
    {ST_GREET, 0, NULL, "Administrative prohibition", "greeting-rejected",
     "exim"},

    /* Generic wordings (RFC 5321, Postfix and Exim), after every provider row.
     */
    {ST_AUTH, 5, NULL, "Unrecognized authentication type", "auth-mechanism",
     NULL},
    {ST_AUTH, 5, NULL, "mechanism not supported", "auth-mechanism", NULL},
    {ST_AUTH, 0, NULL, "multi-factor", "auth-mfa", NULL},
    {ST_AUTH, 0, NULL, "conditional access", "auth-mfa", NULL},
    {ST_AUTH, 5, NULL, "application-specific password", "auth-app-password",
     NULL},
    {ST_AUTH, 5, NULL, "app-specific password", "auth-app-password", NULL},
    {ST_AUTH, 5, NULL, "app password", "auth-app-password", NULL},
    {ST_AUTH, 0, NULL, "web browser", "auth-web-login", NULL},
    {ST_AUTH | ST_MAIL, 0, NULL, "account is locked", "auth-locked", NULL},
    {ST_AUTH | ST_MAIL, 0, NULL, "account has been locked", "auth-locked",
     NULL},
    {ST_AUTH | ST_MAIL, 0, NULL, "account locked", "auth-locked", NULL},
    {ST_AUTH | ST_MAIL, 0, NULL, "account is disabled", "auth-locked", NULL},
    {ST_AUTH | ST_MAIL, 0, NULL, "account has been disabled", "auth-locked",
     NULL},
    {ST_AUTH | ST_MAIL, 0, NULL, "account disabled", "auth-locked", NULL},
    {ST_AUTH | ST_MAIL, 0, NULL, "account suspended", "auth-locked", NULL},
    {ST_AUTH | ST_MAIL, 0, NULL, "account has been suspended", "auth-locked",
     NULL},
    {ST_AUTH, 0, NULL, "SMTP AUTH is disabled", "auth-disabled", NULL},
    {ST_AUTH, 0, NULL, "SMTP authentication is disabled", "auth-disabled",
     NULL},
    {ST_AUTH, 5, NULL, "authentication failed", "auth-failed", NULL},
    {ST_AUTH, 5, NULL, "invalid login", "auth-failed", NULL},
    {ST_AUTH, 5, NULL, "invalid credentials", "auth-failed", NULL},
    {ST_AUTH, 5, NULL, "invalid password", "auth-failed", NULL},
    {ST_AUTH, 5, NULL, "incorrect password", "auth-failed", NULL},
    {ST_TX, 0, NULL, "not authenticated", "auth-required", NULL},
    {ST_TX, 0, NULL, "authentication required", "auth-required", NULL},
    {ST_TX, 0, NULL, "must authenticate", "auth-required", NULL},
    {ST_TX, 0, NULL, "not logged in", "auth-required", NULL},
    {ST_ENV, 0, NULL, "Relay access denied", "relay-denied", "postfix"},
    {ST_ENV, 0, NULL, "relay not permitted", "relay-denied", "exim"},
    {ST_ENV, 0, NULL, "relaying denied", "relay-denied", NULL},
    {ST_ENV, 0, NULL, "relaying not allowed", "relay-denied", NULL},
    {ST_ENV, 0, NULL, "relay denied", "relay-denied", NULL},
    {ST_SENDER, 0, NULL, "send as", "sender-rejected", NULL},
    {ST_SENDER, 0, NULL, "send-as", "sender-rejected", NULL},
    {ST_SENDER, 0, NULL, "Sender address rejected", "sender-rejected", NULL},
    {ST_SENDER, 0, NULL, "sender is not verified", "sender-unverified", NULL},
    {ST_SENDER, 0, NULL, "not a verified sender", "sender-unverified", NULL},
    {ST_SENDER, 0, NULL, "unverified sender", "sender-unverified", NULL},
    {ST_ANY, 0, NULL, "rate limit", "rate-limited", NULL},
    {ST_ANY, 0, NULL, "quota exceeded", "rate-limited", NULL},
    {ST_ANY, 0, NULL, "limit exceeded", "rate-limited", NULL},
    {ST_ANY, 0, NULL, "throttl", "rate-limited", NULL},
    {ST_RCPT, 0, NULL, "Recipient address rejected", "recipient-rejected",
     NULL},
    {ST_RCPT, 0, NULL, "user unknown", "recipient-rejected", NULL},
    {ST_RCPT, 0, NULL, "unknown user", "recipient-rejected", NULL},
    {ST_RCPT, 0, NULL, "no such user", "recipient-rejected", NULL},
    {ST_RCPT, 0, NULL, "does not exist", "recipient-rejected", NULL},
    {ST_RCPT, 0, NULL, "mailbox unavailable", "recipient-rejected", NULL},
    {ST_DOT, 0, NULL, "unauthenticated email", "message-spam", NULL},
    {ST_DOT, 0, NULL, "DMARC", "message-spam", NULL},
    {ST_DOT, 0, NULL, "DKIM", "message-spam", NULL},
    {ST_DOT, 0, NULL, "SPF", "message-spam", NULL},
    {ST_DOT, 0, NULL, "spam", "message-spam", NULL},
    {ST_DOT, 0, NULL, "virus", "message-spam", NULL},
    {ST_DOT, 0, NULL, "phish", "message-spam", NULL},
    /* Syntax complaints about our own command, by the protocol-level
     * codes only: "553 5.1.3 ... syntax" is about the address. */
    {ST_ANY, 500, NULL, "syntax error", "protocol-error", NULL},
    {ST_ANY, 501, NULL, "syntax error", "protocol-error", NULL},
    {ST_ANY, 555, NULL, "syntax error", "protocol-error", NULL},
};

/* Codes second: enhanced codes before basic ones, because the enhanced
 * code says what the basic code only hints at (RFC 3463). */
static const struct pattern code_rows[] = {
    /* RFC 5321: 421 may come at any time and closes the connection. */
    {ST_ANY, 421, NULL, NULL, "server-busy", NULL},
    {ST_GREET, 554, NULL, NULL, "greeting-rejected", NULL},
    {ST_GREET, 5, NULL, NULL, "greeting-rejected", NULL},
    {ST_GREET, 4, NULL, NULL, "server-busy", NULL},
    {ST_EHLO, 0, NULL, NULL, "ehlo-rejected", NULL},
    {ST_TLS, 500, NULL, NULL, "starttls-unavailable", NULL},
    {ST_TLS, 502, NULL, NULL, "starttls-unavailable", NULL},
    {ST_TLS, 503, NULL, NULL, "starttls-unavailable", NULL},
    {ST_TLS, 0, NULL, NULL, "starttls-failed", NULL},

    /* AUTH: RFC 4954 and the vendors' private details (A2). */
    {ST_AUTH, 0, "5.7.30", NULL, "auth-oauth-only", "microsoft"},
    {ST_AUTH, 5, "5.7.8", NULL, "auth-failed", NULL},
    /* RFC 4954 "mechanism too weak"; Gmail's reuse of it for app
     * passwords always carries its own text, matched above. */
    {ST_AUTH, 5, "5.7.9", NULL, "auth-mechanism", NULL},
    {ST_AUTH, 5, "5.7.14", NULL, "auth-web-login", NULL},
    {ST_AUTH, 5, "5.7.13", NULL, "auth-locked", NULL},
    {ST_AUTH, 5, "5.7.11", NULL, "auth-tls-required", NULL},
    {ST_AUTH, 5, "5.7.10", NULL, "auth-tls-required", NULL},
    {ST_AUTH, 5, "5.7.4", NULL, "auth-mechanism", NULL},
    {ST_AUTH, 5, "5.7.3", NULL, "auth-failed", NULL},
    {ST_AUTH, 535, NULL, NULL, "auth-failed", NULL},
    {ST_AUTH, 534, NULL, NULL, "auth-mechanism", NULL},
    {ST_AUTH, 538, NULL, NULL, "auth-tls-required", NULL},
    {ST_AUTH, 504, NULL, NULL, "auth-mechanism", NULL},
    {ST_AUTH, 502, NULL, NULL, "auth-not-offered", NULL},
    {ST_AUTH, 503, NULL, NULL, "auth-not-offered", NULL},
    {ST_AUTH, 500, NULL, NULL, "protocol-error", NULL},
    {ST_AUTH, 501, NULL, NULL, "protocol-error", NULL},
    {ST_AUTH, 4, NULL, NULL, "auth-temporary", NULL},

    /* The transaction. */
    {ST_TX, 530, NULL, NULL, "auth-required", NULL},
    {ST_TX, 0, "5.7.57", NULL, "auth-required", "microsoft"},
    {ST_SENDER, 0, "5.7.60", NULL, "sender-rejected", "microsoft"},
    {ST_RCPT, 0, "5.7.64", NULL, "relay-denied", "microsoft"},
    {ST_TX, 0, "X.4.5", NULL, "rate-limited", NULL},
    {ST_TX, 0, "X.5.3", NULL, "rate-limited", NULL},
    {ST_ENV, 503, NULL, NULL, "protocol-error", NULL},
    {ST_ENV, 500, NULL, NULL, "protocol-error", NULL},
    {ST_ENV, 555, NULL, NULL, "protocol-error", NULL},
    {ST_MAIL, 5, "5.7.1", NULL, "sender-rejected", NULL},
    {ST_MAIL, 5, "5.1.7", NULL, "sender-rejected", NULL},
    {ST_MAIL, 5, "5.1.8", NULL, "sender-rejected", NULL},
    {ST_RCPT, 5, "5.7", NULL, "relay-denied", NULL},
    {ST_RCPT, 554, NULL, NULL, "relay-denied", NULL},
    {ST_RCPT, 5, "5.1", NULL, "recipient-rejected", NULL},
    {ST_RCPT, 5, "5.2", NULL, "recipient-rejected", NULL},
    /* RFC 7372: SPF, DKIM, reverse DNS and DMARC failures. */
    {ST_DOT, 5, "5.7.20", NULL, "message-spam", NULL},
    {ST_DOT, 5, "5.7.21", NULL, "message-spam", NULL},
    {ST_DOT, 5, "5.7.22", NULL, "message-spam", NULL},
    {ST_DOT, 5, "5.7.23", NULL, "message-spam", NULL},
    {ST_DOT, 5, "5.7.24", NULL, "message-spam", NULL},
    {ST_DOT, 5, "5.7.25", NULL, "message-spam", NULL},
    {ST_DOT, 5, "5.7.26", NULL, "message-spam", NULL},
    {ST_DATA, 503, NULL, NULL, "protocol-error", NULL},
    /* A full mailbox is about the recipient, whatever the code. */
    {ST_RCPT, 4, "4.2.2", NULL, "recipient-rejected", NULL},
    /* The classic greylisting codes (A8, postgrey). */
    {ST_MAIL | ST_RCPT | ST_DOT, 450, NULL, NULL, "greylisted", NULL},
    {ST_MAIL | ST_RCPT | ST_DOT, 451, NULL, NULL, "greylisted", NULL},
    {ST_RCPT, 452, NULL, NULL, "rate-limited", NULL},
};

/* Last resort when nothing above matched. */
struct stage_default {
	const char *permanent; /* 5xx */
	const char *temporary; /* 4xx */
};

static const struct stage_default stage_defaults[] = {
    [DS_GREETING] = {"greeting-rejected", "server-busy"},
    [DS_EHLO] = {"ehlo-rejected", "ehlo-rejected"},
    [DS_STARTTLS] = {"starttls-failed", "starttls-failed"},
    [DS_AUTH] = {"auth-failed", "auth-temporary"},
    [DS_MAIL] = {"sender-rejected", "server-busy"},
    [DS_RCPT] = {"recipient-rejected", "server-busy"},
    [DS_DATA] = {"message-rejected", "server-busy"},
    [DS_DATA_END] = {"message-rejected", "server-busy"},
};

#define N_STAGES (sizeof(stage_defaults) / sizeof(stage_defaults[0]))

/* A 4xx is "try later", so it can never mean a wrong password: the
 * credential causes are replaced, whatever row produced them (D.10). */
static const char *const credential_causes[] = {
    "auth-failed",
    "auth-app-password",
};

/* Banner and EHLO fragments (the greetings the providers' servers send,
 * and the preset host names, which servers put in their greeting). More
 * specific first: an ESP's banner may also name the software it runs. */
struct banner_row {
	const char *text;
	const char *provider;
};

static const struct banner_row banner_rows[] = {
    {"SimpleEmailService", "ses"},
    {"amazonses", "ses"},
    {"email-smtp.", "ses"},
    {"SG ESMTP", "sendgrid"},
    {"sendgrid", "sendgrid"},
    {"mailgun", "mailgun"},
    {"postmarkapp", "postmark"},
    {"brevo", "brevo"},
    {"sendinblue", "brevo"},
    {"mailjet", "mailjet"},
    {"smtp2go", "smtp2go"},
    {"socketlabs", "socketlabs"},
    {"gsmtp", "google"},
    {"smtp.gmail.com", "google"},
    {"smtp-relay.gmail.com", "google"},
    {"google", "google"},
    {"Microsoft ESMTP", "microsoft"},
    {"outlook.com", "microsoft"},
    {"office365", "microsoft"},
    {"hotmail", "microsoft"},
    {"yahoo", "yahoo"},
    {"aol.com", "aol"},
    {"mail.me.com", "icloud"},
    {"icloud", "icloud"},
    {"zoho", "zoho"},
    {"fastmail", "fastmail"},
    {"messagingengine", "fastmail"},
    {"gmx.", "gmx"},
    {"web.de", "gmx"},
    {"proton", "proton"},
    {"ESMTP Postfix", "postfix"},
    {"ESMTP Exim", "exim"},
};

/* Issuer fragments of TLS-inspecting products: antivirus "web/mail
 * shields" and inspecting firewalls/proxies re-sign every certificate
 * with their own CA. Matched as whole words, so "ESET" does not match
 * "Reset". Vendors first, so that the product name shown is the most
 * useful one; it is a brand, shown as is, never translated. */
struct intercept_row {
	const char *text;
	const char *product;
};

static const struct intercept_row intercept_rows[] = {
    {"Avast", "Avast"},
    {"AVG", "AVG"},
    {"Kaspersky", "Kaspersky"},
    {"ESET", "ESET"},
    {"Bitdefender", "Bitdefender"},
    {"Norton", "Norton"},
    {"McAfee", "McAfee"},
    {"Sophos", "Sophos"},
    {"Fortinet", "Fortinet"},
    {"FortiGate", "FortiGate"},
    {"Zscaler", "Zscaler"},
    {"Palo Alto", "Palo Alto Networks"},
    {"Check Point", "Check Point"},
    {"WatchGuard", "WatchGuard"},
    {"Barracuda", "Barracuda"},
    {"Netskope", "Netskope"},
    {"Forcepoint", "Forcepoint"},
    {"Blue Coat", "Blue Coat"},
    {"Cisco Umbrella", "Cisco Umbrella"},
    {"mitmproxy", "mitmproxy"},
    {"Untangle", "Untangle"},
    {"Trend Micro", "Trend Micro"},
    {"Dr.Web", "Dr.Web"},
    {"Doctor Web", "Dr.Web"},
    {"G DATA", "G DATA"},
    {"SonicWall", "SonicWall"},
    {"Cyberoam", "Cyberoam"},
    {"Smoothwall", "Smoothwall"},
    {"Fiddler", "Fiddler"},
    {"PortSwigger", "Burp Suite"},
    {"Charles Proxy", "Charles Proxy"},
    {"DO_NOT_TRUST_FiddlerRoot", "Fiddler"},
    /* Last: the feature name, when the vendor is not named. */
    {"Mail Shield", "Mail Shield"},
    {"Web Shield", "Web Shield"},
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- bounded ASCII matching ---------------------------------------------
 * Own case folding: <ctype.h> follows the locale, and a classification
 * must not change with LC_CTYPE. */

static unsigned char fold(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static bool same_at(const char *hay, const char *needle, size_t nlen)
{
	for (size_t i = 0; i < nlen; i++)
		if (fold((unsigned char)hay[i]) !=
		    fold((unsigned char)needle[i]))
			return false;
	return true;
}

/* Offset of needle in the first hlen bytes of hay, case-insensitively, or
 * -1. Never reads hay beyond hlen, whatever it contains. */
static long ci_find_from(const char *hay, size_t hlen, size_t from,
			 const char *needle)
{
	size_t nlen = strlen(needle);

	if (nlen == 0)
		return (long)from;
	if (nlen > hlen)
		return -1;
	for (size_t i = from; i <= hlen - nlen; i++)
		if (same_at(hay + i, needle, nlen))
			return (long)i;
	return -1;
}

static bool ci_contains(const char *hay, size_t hlen, const char *needle)
{
	return ci_find_from(hay, hlen, 0, needle) >= 0;
}

/* Like ci_contains, but the match must not be part of a longer word. */
static bool ci_contains_word(const char *hay, size_t hlen, const char *needle)
{
	size_t nlen = strlen(needle);
	long at = -1;

	while ((at = ci_find_from(hay, hlen, (size_t)(at + 1), needle)) >= 0) {
		size_t end = (size_t)at + nlen;
		bool left = at == 0 || !is_alnum((unsigned char)hay[at - 1]);
		bool right = end >= hlen || !is_alnum((unsigned char)hay[end]);

		if (left && right)
			return true;
	}
	return false;
}

/* ---- reply classification ----------------------------------------------- */

static bool code_matches(int want, int code)
{
	if (want == 0)
		return true;
	if (want < 10)
		return code / 100 == want;
	return code == want;
}

/* Component-wise prefix: every character of pat must match (X matches any
 * digit), and enh must end or continue with a new component after it. */
static bool enh_matches(const char *pat, const char *enh, size_t elen)
{
	size_t i;

	if (pat == NULL)
		return true;
	for (i = 0; pat[i] != '\0'; i++) {
		unsigned char e = i < elen ? (unsigned char)enh[i] : '\0';

		if (pat[i] == 'X' ? !(e >= '0' && e <= '9') : e != pat[i])
			return false;
	}
	return i == elen || enh[i] == '.';
}

static bool row_matches(const struct pattern *p, enum diag_stage stage,
			const struct smtp_reply *r, size_t tlen, size_t elen)
{
	return (p->stages & ST(stage)) != 0 && code_matches(p->code, r->code) &&
	       enh_matches(p->enh, r->enh, elen) &&
	       (p->text == NULL || ci_contains(r->text, tlen, p->text));
}

static const struct pattern *first_match(const struct pattern *rows, size_t n,
					 enum diag_stage stage,
					 const struct smtp_reply *r)
{
	size_t tlen = strnlen(r->text, sizeof(r->text));
	size_t elen = strnlen(r->enh, sizeof(r->enh));

	for (size_t i = 0; i < n; i++)
		if (row_matches(&rows[i], stage, r, tlen, elen))
			return &rows[i];
	return NULL;
}

static const char *stage_default(enum diag_stage stage, int code)
{
	if ((unsigned)stage >= N_STAGES || code < 400 || code > 599)
		return "protocol-error";
	return code < 500 ? stage_defaults[stage].temporary
			  : stage_defaults[stage].permanent;
}

static bool is_credential_cause(const char *cause)
{
	for (size_t i = 0; i < N_ELEMS(credential_causes); i++)
		if (strcmp(cause, credential_causes[i]) == 0)
			return true;
	return false;
}

void diagnose_reply(enum diag_stage stage, const struct smtp_reply *r,
		    struct diagnosis *d)
{
	const struct pattern *p;

	d->cause = "protocol-error";
	d->provider = NULL;
	d->temporary = false;
	if (r == NULL)
		return;
	d->temporary = r->code >= 400 && r->code < 500;
	p = first_match(text_rows, N_ELEMS(text_rows), stage, r);
	if (p == NULL)
		p = first_match(code_rows, N_ELEMS(code_rows), stage, r);
	if (p != NULL) {
		d->cause = p->cause;
		d->provider = p->provider;
	} else {
		d->cause = stage_default(stage, r->code);
	}
	if (d->temporary && is_credential_cause(d->cause))
		d->cause = "auth-temporary";
}

const char *diagnose_provider_from_banner(const char *text)
{
	size_t len;

	if (text == NULL)
		return NULL;
	len = strnlen(text, SMTP_TEXT_MAX);
	for (size_t i = 0; i < N_ELEMS(banner_rows); i++)
		if (ci_contains(text, len, banner_rows[i].text))
			return banner_rows[i].provider;
	return NULL;
}

/* ---- certificates ------------------------------------------------------- */

static const char *intercept_product(const char *issuer, size_t len)
{
	for (size_t i = 0; i < N_ELEMS(intercept_rows); i++)
		if (ci_contains_word(issuer, len, intercept_rows[i].text))
			return intercept_rows[i].product;
	return NULL;
}

static bool cert_ok(const struct tls_result *res)
{
	return res->verify_ran && res->verify_status == 0 && res->hostname_ok &&
	       !res->expired && !res->not_yet_valid && !res->untrusted;
}

const char *diagnose_cert(const struct tls_result *res, const char **product)
{
	const char *name;

	if (product != NULL)
		*product = NULL;
	if (res == NULL)
		return "cert-untrusted";
	/* A verified chain is fine even when an inspecting product issued it:
	 * then the organisation installed its CA on purpose. */
	if (cert_ok(res))
		return NULL;
	name = intercept_product(
	    res->cert.issuer,
	    strnlen(res->cert.issuer, sizeof(res->cert.issuer)));
	if (name != NULL) {
		if (product != NULL)
			*product = name;
		return "cert-intercepted";
	}
	if (res->expired)
		return "cert-expired";
	if (res->not_yet_valid)
		return "cert-not-yet-valid";
	if (res->verify_ran && !res->hostname_ok)
		return "cert-hostname";
	return "cert-untrusted";
}

const char *diagnose_cause_at(size_t i)
{
	static const char *const cert_causes[] = {
	    "cert-intercepted", "cert-expired",   "cert-not-yet-valid",
	    "cert-hostname",    "cert-untrusted", "protocol-error",
	    "auth-temporary",
	};

	if (i < N_ELEMS(text_rows))
		return text_rows[i].cause;
	i -= N_ELEMS(text_rows);
	if (i < N_ELEMS(code_rows))
		return code_rows[i].cause;
	i -= N_ELEMS(code_rows);
	if (i < 2 * N_STAGES)
		return i % 2 ? stage_defaults[i / 2].temporary
			     : stage_defaults[i / 2].permanent;
	i -= 2 * N_STAGES;
	if (i < N_ELEMS(cert_causes))
		return cert_causes[i];
	return NULL;
}
