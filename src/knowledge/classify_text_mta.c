/* The reject texts of mail server software. Sources (source files on
 * GitHub, and the documentation that quotes them):
 * [PFS]
 * https://github.com/vdukhovni/postfix/blob/master/postfix/src/smtpd/smtpd.c
 * [PFC]
 * https://github.com/vdukhovni/postfix/blob/master/postfix/src/smtpd/smtpd_check.c
 * [PFSASL]
 * https://github.com/vdukhovni/postfix/blob/master/postfix/src/smtpd/smtpd_sasl_proto.c
 * [EXS]   https://github.com/Exim/exim/blob/master/src/src/smtp_in.c
 * [EXA]   https://github.com/Exim/exim/blob/master/src/src/acl.c
 * [EXR]   https://github.com/Exim/exim/blob/master/src/src/receive.c
 * [OSD]
 * https://github.com/OpenSMTPD/OpenSMTPD/blob/master/usr.sbin/smtpd/smtp_session.c
 * [SMS]
 * https://github.com/sendmail-tls/sendmail/blob/master/sendmail/srvrsmtp.c
 * [SMP]   https://github.com/sendmail-tls/sendmail/blob/master/cf/m4/proto.m4
 * [QM]    https://cr.yp.to/qmail/qmail-smtpd.html and qmail-smtpd.c
 *         ("sorry, that domain isn't in my list of allowed rcpthosts")
 * [HAR]   https://github.com/haraka/Haraka/blob/master/connection.js
 *         ("I cannot deliver mail for", "plugin timeout")
 * [POS]
 * https://github.com/postalserver/postal/blob/main/app/lib/smtp_server/client.rb
 *         ("530 From/Sender name is not valid", "550 Loop detected")
 * [DOV]   https://doc.dovecot.org/configuration_manual/quota_plugin/
 *         ("Quota exceeded (mailbox for user is full)")
 * [RFC3207] https://www.rfc-editor.org/rfc/rfc3207 section 4
 */
#include <config.h>

#include "knowledge/classify_impl.h"

static const struct pattern rows[] = {
    /* [PFSASL] 454 4.7.0, [EXS] 435: temporary, never a wrong password. */
    {ST_AUTH, 4, NULL, "Temporary authentication failure", "auth-temporary",
     "postfix", 0},
    {ST_AUTH, 4, NULL, "Unable to authenticate at present", "auth-temporary",
     "exim", 0},
    {ST_ANY, 0, NULL, "too many AUTH commands", "rate-limited", "postfix", 0},

    /* STARTTLS: [EXS], [PFS]. */
    {ST_TLS, 0, NULL, "STARTTLS command used when not advertised",
     "starttls-unavailable", "exim", 0},
    {ST_TLS, 0, NULL, "TLS not available due to local problem",
     "starttls-failed", "postfix", 0},
    {ST_TLS, 0, NULL, "TLS currently unavailable", "starttls-failed", "exim",
     0},
    {ST_TLS, 0, NULL, "TLS not available", "starttls-failed", NULL, 0},
    {ST_ANY, 0, NULL,
     "SMTP protocol violation|synchronization|I can break rules, too|"
     "Improper use of SMTP command pipelining|bare <LF>|bare LF|smtplf|"
     "Too many bad commands|"
     "BDAT command used when CHUNKING not advertised",
     "protocol-error", NULL, 0},

    /* AUTH: [EXS], [PFSASL], [RFC3207]. */
    {ST_AUTH, 0, NULL, "AUTH command used when not advertised",
     "auth-tls-required", "exim", 0},
    {ST_AUTH, 0, NULL, "authentication not enabled", "auth-not-offered",
     "postfix", 0},
    {ST_ANY, 0, NULL,
     "Encryption required for requested authentication|Session encryption "
     "is required",
     "auth-tls-required", "postfix", 0},
    {ST_ANY, 0, NULL, "Must issue a STARTTLS command first|STARTTLS first",
     "auth-tls-required", NULL, 0},
    /* 530 to AUTH is not in RFC 4954's list for AUTH: servers send it to
     * mean "TLS first" (RFC 3207 section 4: 530 5.7.0 "Must issue a
     * STARTTLS command first"). */
    {ST_AUTH, 530, NULL, "TLS", "auth-tls-required", NULL, 0},
    {ST_AUTH, 0, NULL,
     "Invalid authentication mechanism|authentication mechanism not "
     "supported|Unrecognized authentication type|mechanism not supported",
     "auth-mechanism", NULL, 0},
    /* A second AUTH after a successful one (RFC 4954 section 4: 503). */
    {ST_AUTH, 0, NULL, "already authenticated", "protocol-error", NULL, 0},
    /* Courier's esmtpd answers an AUTH mechanism it did not offer so
     * (https://github.com/fail2ban/fail2ban/issues/1012). */
    {ST_AUTH, 535, NULL, "Authentication rejected", "auth-mechanism", "courier",
     0},

    /* The sender: [PFC] reject_sender_login_mismatch and friends. */
    {ST_SENDER, 0, NULL, "Sender address rejected: not logged in",
     "auth-required", "postfix", 0},
    {ST_SENDER, 0, NULL, "not owned by", "sender-rejected", "postfix", 0},
    /* [PFC] reject_unverified_sender, [EXA] verify = sender. */
    {ST_TX, 0, NULL,
     "Sender address rejected: undeliverable address|Sender verify failed|"
     "Could not complete sender verify|sender verification failed|"
     "Sender address verification|Sender address rejected: unverified "
     "address|address verification problem",
     "sender-unverified", NULL, 0},

    /* The EHLO name: [PFC] reject_invalid_helo_hostname and friends. */
    {ST_ANY, 0, NULL, "Helo command rejected|need fully-qualified hostname",
     "ehlo-rejected", "postfix", 0},

    /* Limits: [PFS] anvil, [EXS] smtp_accept_max. */
    {ST_ANY, 0, NULL, "too much mail from|too many messages from",
     "rate-limited", "postfix", 0},
    /* [EXS] daemon.c: smtp_accept_max_per_host names "this IP address";
     * without it, smtp_accept_max, the whole server's limit, is reached.
     */
    {ST_ANY, 0, NULL,
     "concurrent SMTP connections from this IP|too many messages in this "
     "connection",
     "rate-limited", "exim", 0},
    {ST_ANY, 4, NULL, "Too many concurrent SMTP connections", "server-busy",
     "exim", 0},
    {ST_ANY, 0, NULL, "too many connections|too many recipients",
     "rate-limited", NULL, 0},
    {ST_ANY, 0, NULL, "Error: too many errors|send HELO/EHLO first",
     "protocol-error", "postfix", 0},
    {ST_ANY, 0, NULL,
     "Too many syntax or protocol errors|Too many unrecognized commands",
     "protocol-error", "exim", 0},
    /* [PFS] 421 4.4.2 "Error: timeout exceeded"; [EXS] "SMTP command
     * timeout", "SMTP incoming data timeout". */
    {ST_ANY, 4, NULL,
     "timeout exceeded|command timeout|data timeout|idle timeout|timed out",
     "server-timeout", NULL, 0},
    {ST_BODY, 0, NULL, "no valid recipients", "recipient-rejected", "postfix",
     0},
    /* [PFS] 554 5.4.0 "Error: too many hops": a mail loop. */
    {ST_BODY, 0, NULL,
     "too many hops|hop count exceeded|loop detected|mail "
     "loop",
     "message-rejected", NULL, 0},
    /* [POS] Postal checks the From header's domain against the domains
     * of the credential's server, with a 530 after the data. */
    {ST_SENDER, 0, NULL, "From/Sender name is not valid", "sender-rejected",
     "postal", 0},
    /* hMailServer's route with a recipient list
     * (https://github.com/hmailserver/hmailserver/issues/21). */
    {ST_RCPT, 0, NULL, "Recipient not in route list", "recipient-rejected",
     "hmailserver", 0},

    /* [PFC] "Client host rejected: cannot find your hostname" and
     * check_client_access: a refusal of this client, which only a login
     * (on the submission port) or an allow-list lifts. */
    {ST_ENV, 0, NULL, "Client host rejected", "relay-denied", "postfix", 0},
    /* [EXA] the default message of a "deny" ACL verb. */
    {ST_ENV, 0, NULL, "Administrative prohibition", "relay-denied", "exim", 0},
    {ST_BODY, 0, NULL, "Administrative prohibition", "message-rejected", "exim",
     0},
    {ST_GREET, 0, NULL, "Administrative prohibition", "greeting-rejected",
     "exim", 0},

    /* cPanel's Exim: "Please turn on SMTP Authentication in your mail
     * client ... is not permitted to relay through this server without
     * authentication": the fix it names is the login. */
    {ST_TX, 0, NULL,
     "SMTP Authentication in your mail client|relay * without "
     "authentication",
     "auth-required", NULL, 0},
    /* [HAR] Haraka's answer when no rcpt_to plugin takes the address: the
     * domain is not its own and the client may not relay. */
    {ST_RCPT, 0, NULL, "I cannot deliver mail for", "relay-denied", "haraka",
     0},
    /* Relay refusals: [PFC] "Relay access denied", [EXA] "relay not
     * permitted", [SMP] "Relaying denied", [QM] rcpthosts. */
    {ST_ENV, 0, NULL, "Relay access denied", "relay-denied", "postfix", 0},
    {ST_ENV, 0, NULL, "relay not permitted", "relay-denied", "exim", 0},
    {ST_ENV, 0, NULL,
     "relaying denied|relaying not "
     "allowed|relay denied|not permitted to relay|we do not relay|"
     "allowed rcpthosts|relaying prohibited|relay prohibited",
     "relay-denied", NULL, 0},

    /* [PFC] reject_unlisted_sender: the sender is an address of this
     * server's own domains that does not exist. */
    {ST_SENDER, 0, NULL, "Sender address rejected: User unknown",
     "sender-unverified", "postfix", 0},
    /* The recipient: [PFC] "User unknown in ... table", [EXA]
     * "Unrouteable address", [QM] "no mailbox here by that name". */
    {ST_RCPT | ST_BODY, 0, NULL,
     "User unknown in|Unrouteable address|no mailbox here by that name|"
     "Recipient address rejected: undeliverable address",
     "recipient-unknown", NULL, 0},
    /* [OSD] "550 Invalid recipient: <address>", which OpenSMTPD also
     * answers when no rule lets it relay: vague, the context decides. */
    {ST_RCPT, 0, NULL, "Invalid recipient", "recipient-unknown", NULL, RF_WEAK},
    /* [DOV]: LMTP and LDA quota refusals, relayed by Postfix. */
    {ST_RCPT | ST_BODY, 0, NULL, "mailbox for user is full", "mailbox-full",
     NULL, 0},

    /* Size: [PFS] "Message size exceeds fixed limit", "message file too
     * big"; [EXR] "Message size exceeds maximum permitted"; [OSD]
     * "Message too big for system"; [QM] "databytes limit". */
    {ST_TX, 0, NULL,
     "Message size exceeds|message file too big|Message too big|databytes",
     "message-too-large", NULL, 0},

    /* Server faults: [PFS] queue file write error, [PFC] temporary
     * lookup failure, [EXS] "Temporary local problem". */
    {ST_ANY, 4, NULL,
     "queue file write error|Temporary lookup failure|Server configuration "
     "error|Temporary local problem|Temporary internal failure|"
     "Insufficient system storage|Insufficient disk space|Error in "
     "processing|qqt failure|unable to read controls|plugin timeout",
     "server-error", NULL, 0},
};

const struct pattern_table classify_text_mta = TABLE(rows);
