/* Codes second, when no wording of the server is known: the enhanced
 * status code (RFC 3463, with the later additions of the IANA registry,
 * https://www.iana.org/assignments/smtp-enhanced-status-codes) says what
 * the basic code only hints at; then the basic code at the stage
 * (RFC 5321 section 4.2, RFC 4954 section 6, RFC 3207, RFC 1870); then the
 * generic cause of the stage. Rows are matched in order. */
#include <config.h>

#include "knowledge/classify_impl.h"

/* class.subject.detail: 1 addressing, 2 mailbox, 3 mail system, 4 network
 * and routing, 5 protocol, 6 content, 7 security or policy. */
static const struct pattern enhanced[] = {
    /* Vendor details that have their own meaning (Microsoft's NDR list,
     * https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online
     * ). */
    {ST_AUTH, 0, "5.7.30", NULL, "auth-oauth-only", "microsoft", 0},
    {ST_AUTH, 5, "5.7.139", NULL, "auth-disabled", "microsoft", 0},
    {ST_TX, 0, "5.7.57", NULL, "auth-required", "microsoft", 0},
    {ST_SENDER, 0, "5.7.60", NULL, "sender-rejected", "microsoft", 0},
    {ST_RCPT, 0, "5.7.64", NULL, "relay-denied", "microsoft", 0},
    {ST_TX, 0, "5.7.509", NULL, "spf-dkim-dmarc", "microsoft", 0},
    {ST_TX, 0, "5.7.515", NULL, "spf-dkim-dmarc", "microsoft", 0},
    {ST_TX, 0, "5.7.750", NULL, "sender-rejected", "microsoft", 0},
    {ST_TX, 0, "5.7.705", NULL, "message-spam", "microsoft", 0},
    {ST_ANY, 0, "X.7.708", NULL, "ip-reputation", "microsoft", 0},

    /* RFC 4954 section 6 and the registry's X.7.8-X.7.14. */
    {ST_ANY, 0, "X.7.8", NULL, "auth-failed", NULL, 0},
    {ST_AUTH, 5, "5.7.9", NULL, "auth-mechanism", NULL, 0},
    {ST_AUTH, 0, "X.7.10", NULL, "auth-tls-required", NULL, 0},
    {ST_AUTH, 0, "X.7.11", NULL, "auth-tls-required", NULL, 0},
    {ST_AUTH, 0, "X.7.12", NULL, "auth-temporary", NULL, 0},
    /* "User Account Disabled ... due to lack of payment, abuse, evidence
     * of a break-in attempt" (RFC 5248 registry, X.7.13). */
    {ST_ANY, 0, "X.7.13", NULL, "account-suspended", NULL, 0},
    {ST_AUTH, 5, "5.7.14", NULL, "auth-web-login", NULL, 0},
    {ST_AUTH, 5, "5.7.4", NULL, "auth-mechanism", NULL, 0},
    {ST_AUTH, 5, "5.7.3", NULL, "auth-failed", NULL, 0},
    /* RFC 7372 and RFC 8601's codes for failed sender authentication:
     * X.7.20-X.7.24 DKIM and SPF, X.7.26 several checks; X.7.25
     * (reverse DNS of the sending IP) and X.7.27 (null MX, RFC 7505)
     * are about the sender too. */
    /* The registry's X.7.28 "mail flood detected": the sending IP sends
     * too much unwanted mail (Gmail uses it so). */
    {ST_TX, 0, "X.7.28", NULL, "ip-reputation", NULL, 0},
    {ST_TX, 0, "X.7.2X", NULL, "spf-dkim-dmarc", NULL, 0},
    {ST_TX, 0, "X.7.29", NULL, "spf-dkim-dmarc", NULL, 0},
    /* X.7.0 is "authentication required" only where RFC 4954 puts it: a
     * 530 to a transaction command. */
    {ST_TX, 530, "5.7.0", NULL, "auth-required", NULL, 0},
    {ST_GREET, 0, "X.7", NULL, "greeting-rejected", NULL, 0},
    /* X.7.1 "delivery not authorized": at MAIL the sender, at RCPT a
     * relay refusal (the context narrows it), after the data the message.
     */
    {ST_MAIL, 5, "5.7.1", NULL, "sender-rejected", NULL, 0},
    {ST_MAIL, 5, "5.7.0", NULL, "sender-rejected", NULL, 0},
    {ST_RCPT, 5, "5.7.1", NULL, "relay-denied", NULL, 0},
    {ST_RCPT, 5, "5.7.0", NULL, "relay-denied", NULL, 0},
    {ST_BODY, 5, "5.7.1", NULL, "message-rejected", NULL, 0},
    {ST_RCPT, 5, "5.7.2", NULL, "recipient-rejected", NULL, 0},
    {ST_TX, 0, "X.7.16", NULL, "message-too-large", NULL, 0},
    /* Any other security or policy refusal of the message: a 552 in
     * front of it is no size limit (Gmail's 552 5.7.0 for attachments).
     */
    {ST_BODY, 5, "5.7", NULL, "message-rejected", NULL, 0},

    /* X.1: addressing. */
    {ST_RCPT, 0, "X.1.1", NULL, "recipient-unknown", NULL, 0},
    {ST_RCPT, 0, "X.1.6", NULL, "recipient-unknown", NULL, 0},
    {ST_RCPT, 0, "X.1.10", NULL, "recipient-unknown", NULL, 0},
    {ST_RCPT, 5, "5.1", NULL, "recipient-rejected", NULL, 0},
    {ST_TX, 0, "X.1.7", NULL, "sender-rejected", NULL, 0},
    {ST_TX, 0, "X.1.8", NULL, "sender-unverified", NULL, 0},
    {ST_MAIL, 5, "5.1", NULL, "sender-rejected", NULL, 0},

    /* X.2: the recipient's mailbox. */
    {ST_ANY, 0, "X.2.2", NULL, "mailbox-full", NULL, 0},
    {ST_ANY, 0, "X.2.3", NULL, "message-too-large", NULL, 0},
    {ST_RCPT, 5, "5.2", NULL, "recipient-rejected", NULL, 0},

    /* X.3: the receiving mail system. At STARTTLS, X.3.3 "system not
     * capable of selected features" is TLS not working there. */
    {ST_TLS, 0, "X.3", NULL, "starttls-failed", NULL, 0},
    {ST_ANY, 0, "X.3.4", NULL, "message-too-large", NULL, 0},
    /* X.3.2 "system not accepting network messages": busy when
     * temporary; Postfix's postscreen says it permanently to a client it
     * has blocked, which the step's own cause describes better. */
    {ST_ANY, 4, "4.3.2", NULL, "server-busy", NULL, 0},
    {ST_GREET, 5, "5.3.2", NULL, "greeting-rejected", NULL, 0},
    {ST_EHLO, 5, "5.3.2", NULL, "ehlo-rejected", NULL, 0},
    {ST_MAIL, 5, "5.3.2", NULL, "sender-rejected", NULL, 0},
    {ST_RCPT, 5, "5.3.2", NULL, "recipient-rejected", NULL, 0},
    {ST_BODY, 5, "5.3.2", NULL, "message-rejected", NULL, 0},
    {ST_BODY, 0, "X.3.3", NULL, "message-rejected", NULL, 0},
    {ST_ANY, 0, "X.3", NULL, "server-error", NULL, 0},

    /* X.4: network and routing. X.4.5 "mail system congestion" is what
     * providers send for their sending limits (Gmail's 5.4.5). */
    {ST_ANY, 0, "X.4.2", NULL, "server-timeout", NULL, 0},
    {ST_TX, 0, "X.4.5", NULL, "rate-limited", NULL, 0},
    {ST_ANY, 0, "X.4.5", NULL, "server-busy", NULL, 0},
    {ST_RCPT, 5, "5.4.4", NULL, "recipient-unknown", NULL, 0},
    /* Exchange Online and Zoho refuse recipients with 5.4.1. */
    {ST_RCPT, 5, "5.4", NULL, "recipient-rejected", NULL, 0},
    {ST_ANY, 0, "X.4", NULL, "server-error", NULL, 0},

    /* X.5: protocol. Only "too many recipients" says more than the basic
     * code, which decides the rest. */
    {ST_TX, 0, "X.5.3", NULL, "rate-limited", NULL, 0},

    /* X.6: content. */
    {ST_BODY, 0, "X.6", NULL, "message-rejected", NULL, 0},
};

const struct pattern_table classify_enhanced = TABLE(enhanced);

static const struct pattern basic[] = {
    /* RFC 5321 4.2.3: 421 may come at any time and closes the connection.
     */
    {ST_ANY, 421, NULL, NULL, "server-busy", NULL, 0},
    {ST_GREET, 554, NULL, NULL, "greeting-rejected", NULL, 0},
    {ST_TLS, 500, NULL, NULL, "starttls-unavailable", NULL, 0},
    {ST_TLS, 502, NULL, NULL, "starttls-unavailable", NULL, 0},
    {ST_TLS, 503, NULL, NULL, "starttls-unavailable", NULL, 0},
    {ST_TLS, 454, NULL, NULL, "starttls-failed", NULL, 0},

    /* AUTH: RFC 4954 section 6. */
    {ST_AUTH, 535, NULL, NULL, "auth-failed", NULL, 0},
    {ST_AUTH, 534, NULL, NULL, "auth-mechanism", NULL, 0},
    {ST_AUTH, 538, NULL, NULL, "auth-tls-required", NULL, 0},
    {ST_AUTH, 504, NULL, NULL, "auth-mechanism", NULL, 0},
    {ST_AUTH, 502, NULL, NULL, "auth-not-offered", NULL, 0},
    {ST_AUTH, 503, NULL, NULL, "auth-not-offered", NULL, 0},
    {ST_AUTH, 500, NULL, NULL, "protocol-error", NULL, 0},
    {ST_AUTH, 501, NULL, NULL, "protocol-error", NULL, 0},
    {ST_AUTH, 4, NULL, NULL, "auth-temporary", NULL, 0},

    /* The transaction: RFC 4954 section 6 (530), RFC 5321 4.2.3. */
    {ST_TX, 530, NULL, NULL, "auth-required", NULL, 0},
    {ST_TX, 500, NULL, NULL, "protocol-error", NULL, 0},
    {ST_TX, 503, NULL, NULL, "protocol-error", NULL, 0},
    {ST_TX, 555, NULL, NULL, "protocol-error", NULL, 0},
    /* 554 "transaction failed" at RCPT: in practice a relay refusal
     * (Postfix's reject code for it); the context narrows it. */
    {ST_RCPT, 554, NULL, NULL, "relay-denied", NULL, 0},
    /* 552 "exceeded storage allocation": at RCPT the mailbox's, with the
     * data the message's size (RFC 1870 section 6.2). */
    {ST_RCPT, 552, NULL, NULL, "mailbox-full", NULL, 0},
    {ST_DOT, 552, NULL, NULL, "message-too-large", NULL, 0},
    /* 452 "insufficient system storage"; at RCPT also the limit on
     * recipients (RFC 5321 4.5.3.1.10). */
    {ST_RCPT, 452, NULL, NULL, "rate-limited", NULL, 0},
    {ST_TX, 452, NULL, NULL, "server-error", NULL, 0},
    /* 450 "mailbox unavailable ... temporarily blocked for policy
     * reasons": the reply of greylisting (RFC 6647 section 2.1). */
    {ST_RCPT, 450, NULL, NULL, "greylisted", NULL, 0},
};

const struct pattern_table classify_basic = TABLE(basic);

/* Last resort when nothing above matched: the generic cause of the step,
 * whose hint says what the code class means. */
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

const char *classify_stage_default(enum diag_stage stage, int code)
{
	if ((unsigned)stage >= N_ELEMS(stage_defaults) || code < 400 ||
	    code > 599)
		return "protocol-error";
	return code < 500 ? stage_defaults[stage].temporary
			  : stage_defaults[stage].permanent;
}

const char *classify_stage_default_at(size_t i)
{
	if (i >= 2 * N_ELEMS(stage_defaults))
		return NULL;
	return i % 2 ? stage_defaults[i / 2].temporary
		     : stage_defaults[i / 2].permanent;
}
