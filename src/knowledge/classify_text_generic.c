/* Wordings by meaning, whoever sends them: the last text table, after
 * every provider and server software row. Each row is a family of
 * phrasings that servers use for one cause; the sources are the
 * providers' and servers' reject texts cited in the other tables and the
 * corpus (tests/diagnose/corpus/), plus the RFC 5321 section 4.2.3 reply
 * texts ("mailbox unavailable", "exceeded storage allocation",
 * "insufficient system storage", "local error in processing"):
 * https://www.rfc-editor.org/rfc/rfc5321#section-4.2.3
 * The order is the order of trust: a reason the server names (a full
 * mailbox, a size, a rate) before the words it wraps it in ("Recipient
 * address rejected"). */
#include <config.h>

#include "knowledge/classify_impl.h"

#define ST_NOT_RCPT (ST_GREET | ST_EHLO | ST_AUTH | ST_MAIL | ST_DATA | ST_DOT)

static const struct pattern rows[] = {
    /* TLS first (RFC 3207 section 4), before the words about the login
     * mechanism that these texts contain too. */
    {ST_ANY & ~ST_TLS, 0, NULL,
     "encryption required|encryption is required|TLS required|requires "
     "TLS|must use TLS|use STARTTLS|SSL/TLS required|without TLS|without "
     "encryption|STARTTLS is required|TLS is required",
     "auth-tls-required", NULL, 0},

    /* Login. */
    {ST_AUTH, 0, NULL,
     "application-specific password|app-specific password|app password",
     "auth-app-password", NULL, 0},
    {ST_AUTH, 0, NULL, "web browser|log in via|sign in via", "auth-web-login",
     NULL, 0},
    {ST_AUTH, 0, NULL, "multi-factor|conditional access|security defaults",
     "auth-mfa", NULL, 0},
    {ST_AUTH | ST_MAIL, 0, NULL,
     "account is locked|account has been locked|account locked|too many "
     "login attempts|too many failed login|too many authentication failures|"
     "too many invalid login|temporarily locked",
     "auth-locked", NULL, 0},
    /* The account itself, refused anywhere but at RCPT (where "account
     * disabled" is the recipient's). */
    {ST_NOT_RCPT, 0, NULL,
     "account is disabled|account has been disabled|account disabled|"
     "account * suspended|account suspended|suspended for this account|"
     "sending suspended|user is terminated|account * "
     "terminated|account * deactivated|account is blocked|account has been "
     "blocked|sending paused|sending is paused|account is paused|account * "
     "in the sandbox|sending privileges|activate your * account",
     "account-suspended", NULL, 0},
    {ST_AUTH, 0, NULL,
     "SMTP AUTH is disabled|authentication is disabled|not enabled for "
     "SMTP|SMTP access is disabled|SMTP is disabled|enable POP3|enable "
     "IMAP|POP3/IMAP|IMAP/POP3 access",
     "auth-disabled", NULL, 0},
    {ST_AUTH, 0, NULL, "mechanism|too weak", "auth-mechanism", NULL, 0},
    /* Postfix and Exim wrap the SASL reason in their own words: the
     * account rows above read the reason first. */
    {ST_AUTH, 5, NULL, "Error: authentication failed", "auth-failed", "postfix",
     0},
    {ST_AUTH, 5, NULL, "Incorrect authentication data", "auth-failed", "exim",
     0},

    {ST_AUTH, 5, NULL,
     "authentication failed|invalid login|invalid credentials|invalid "
     "password|incorrect password|incorrect username|wrong password|username "
     "and password|username or password|login or password|bad username|"
     "login fail|authentication unsuccessful|credentials|authentification "
     "invalide|Code d'authentification",
     "auth-failed", NULL, 0},

    /* Login first (RFC 4954 section 6, 530 5.7.0). */
    {ST_TX, 0, NULL,
     "not authenticated|authentication required|authentication is required|"
     "unauthenticated senders|unauthenticated sender not|"
     "requires authentication|must authenticate|not logged in|please "
     "authenticate|please log in|login first|log in first|authenticate "
     "first|SMTP Authentication|auth required|Authentification requise",
     "auth-required", NULL, 0},

    /* The sender's domain does not resolve: a check of the sender address
     * (RFC 3463 X.1.8; Postfix reject_unknown_sender_domain, Sendmail's
     * "Domain of sender address ... does not exist"). */
    {ST_SENDER, 0, NULL,
     "Sender address rejected: Domain not found|Domain of sender address",
     "sender-unverified", NULL, 0},
    /* The sender: send-as, login mismatch, sender identity. */
    {ST_SENDER, 0, NULL,
     "send as|send-as|SendAs|not allowed to send from|not authorized to "
     "send from|address is not verified|Unconfigured Sending Domain|"
     "not authorised to send from|not permitted to send from|may not send "
     "from|cannot send from|sender doesn't match|sender does not match|"
     "doesn't match|does not match|must be same as|login mismatch|not a "
     "verified sender|sender is not verified|unverified sender|Sender "
     "address rejected|Invalid Sender|sender * not allowed|sender * not "
     "permitted|sender * not validated|sender * not verified|not one of "
     "your addresses|From address not verified|From address * not "
     "allowed|From address * not permitted|From address * not authori|From: "
     "domain|From domain|"
     "From header domain|From header sender domain",
     "sender-rejected", NULL, 0},

    /* Limits that name a quota of sending, before the mailbox's. */
    {ST_ANY, 0, NULL,
     "queue quota|submission quota|sending quota|daily quota|daily * "
     "quota|message quota|relay quota|hourly quota",
     "rate-limited", NULL, 0},
    /* The recipient's mailbox is full (RFC 3463 X.2.2). */
    {ST_RCPT | ST_BODY, 0, NULL,
     "over quota|overquota|over-quota|quota violation|user quota|disk "
     "quota|mailbox * full|mailbox full|inbox is full|inbox * out of storage|"
     "out of storage|exceeded storage allocation|mailbox size limit|"
     "insufficient space in|not enough space|boite * pleine|Postfach * voll",
     "mailbox-full", NULL, 0},
    {ST_RCPT, 0, NULL, "quota", "mailbox-full", NULL, 0},
    /* The message is too large (RFC 3463 X.2.3, X.3.4; RFC 1870). */
    {ST_TX, 0, NULL,
     "too large|too big|size exceeds|exceeds * size|size limit|maximum "
     "message size|message size|message length exceeds|exceeded * size|"
     "oversize",
     "message-too-large", NULL, 0},
    /* Rates and limits of the sender or the client. */
    {ST_ANY, 0, NULL,
     "rate limit|rate-limit|at a rate that prevents|credits exceeded|daily "
     "limit|hourly limit|too many messages|too many recipients|too many "
     "connections|too many sessions|too much mail|sending limit|limit "
     "exceeded|exceeded * limit|limits exceeded|quota exceeded|throttl|too "
     "fast|too quickly|slow down|excessive volume|per connection|per "
     "session|per hour|per minute|per second|per day|concurrent "
     "connections|max message",
     "rate-limited", NULL, 0},

    /* Temporary conditions of the server. */
    {ST_ANY, 4, NULL, "timeout|timed out|connection expired", "server-timeout",
     NULL, 0},
    /* At AUTH a server's trouble is auth-temporary, the step's own. */
    {ST_AUTH, 4, NULL, "temporar|system problem|try again later",
     "auth-temporary", NULL, 0},
    {ST_ANY, 0, NULL,
     "local error|internal error|server error|system error|temporary "
     "failure|temporary error|temporary problem|temporarily rejected|"
     "insufficient system|system resources|configuration error|"
     "configuration problem|system problem|lookup "
     "failure|database error|processing error|unexpected error",
     "server-error", NULL, 0},
    {ST_RCPT | ST_DOT, 4, NULL,
     "try again later|retry later|come back later|"
     "try again in",
     "greylisted", NULL, 0},
    {ST_ANY, 4, NULL,
     "busy|overload|service not available|service unavailable|service is "
     "unavailable|temporarily "
     "unavailable|shutting down|not accepting",
     "server-busy", NULL, 0},

    /* Content: the message's form first, which Gmail explains with the
     * word spam too. */
    {ST_BODY, 0, NULL,
     "RFC 5322 compliant|RFC5322 compliant|not RFC compliant|duplicate "
     "header|missing a valid",
     "message-rejected", NULL, 0},
    {ST_TX, 0, NULL,
     "spam|virus|malware|phish|infected|unsolicited|nature of the content|"
     "bulk mail",
     "message-spam", NULL, 0},

    /* The EHLO name, at whatever stage the server checks it. */
    {ST_ANY, 0, NULL, "\\bHELO\\b|\\bEHLO\\b", "ehlo-rejected", NULL, 0},
    /* Old TLS versions refused: at STARTTLS the command failed, later
     * the negotiated session is the problem. */
    {ST_TLS, 0, NULL, "TLS 1.0|TLS 1.1|TLS version|protocol version",
     "starttls-failed", NULL, 0},
    {ST_ANY, 0, NULL, "TLS 1.0|TLS 1.1|TLS version", "tls-handshake", NULL, 0},

    /* The recipient: a disabled mailbox, an unknown one, a policy. */
    {ST_RCPT, 0, NULL,
     "mailbox is disabled|mailbox disabled|account is disabled|account has "
     "been disabled|account * inactive|isblocked|compte du destinataire",
     "recipient-rejected", NULL, 0},
    {ST_RCPT | ST_BODY, 0, NULL,
     "user unknown|unknown user|addressee unknown|recipient unknown|unknown "
     "recipient|unknown or illegal|unknown alias|unknown mailbox|mailbox "
     "unknown|unknown address|address unknown|no such user|no such "
     "recipient|no such mailbox|no such address|no mailbox|does not exist|"
     "doesn't exist|no longer valid|no longer on server|no longer exists|"
     "mailbox not found|recipient not found|user not found|address not "
     "found|domain not found|no such domain|have a * account|unallocated|"
     "Not our Customer|"
     "inactive email address|invalid mailbox|unroutable|undeliverable",
     "recipient-unknown", NULL, 0},
    /* RFC 5321's text for 550, which servers send for unknown mailboxes
     * and for refusals of policy alike: vague. */
    {ST_RCPT, 0, NULL, "mailbox unavailable", "recipient-unknown", NULL,
     RF_WEAK},
    {ST_RCPT, 0, NULL,
     "Recipient address rejected|polic|prohibited|not authorized|only "
     "accepts",
     "recipient-rejected", NULL, 0},

    /* The message's form. */
    {ST_BODY, 0, NULL,
     "RFC 5322|RFC5322|RFC 2822|RFC2822|RFC 822|RFC compliant|From: "
     "header|From header|From: address|Message-ID|header|malformed|"
     "attachment|MIME",
     "message-rejected", NULL, 0},

    /* Syntax complaints about our own command, by the protocol-level
     * codes only: "553 5.1.3 ... syntax" is about the address. */
    {ST_ANY, 500, NULL, "syntax error", "protocol-error", NULL, 0},
    {ST_ANY, 501, NULL, "syntax error", "protocol-error", NULL, 0},
    {ST_ANY, 555, NULL, "syntax error", "protocol-error", NULL, 0},
    {ST_ANY, 5, NULL, "Bad sequence|out of sequence", "protocol-error", NULL,
     0},
};

const struct pattern_table classify_text_generic = TABLE(rows);
