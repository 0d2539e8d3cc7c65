/* Other mailbox providers and sending services. Sources:
 * [YAHOO] https://senders.yahooinc.com/smtp-error-codes/
 * [YPM]   https://postmaster.yahooinc.com/error-codes
 * [AOLA]  https://help.yahoo.com/kb/SLN15241.html (AUTH005, app passwords)
 * [APPLE] https://support.apple.com/en-us/102322 (iCloud Mail postmaster)
 * [SES]   https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-smtp.html
 * [SESQ]  https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas.html
 * [SG]
 * https://www.twilio.com/docs/sendgrid/for-developers/sending-email/smtp-errors-and-troubleshooting
 * [SGID]
 * https://www.twilio.com/docs/sendgrid/for-developers/sending-email/sender-identity
 * [MG]
 * https://documentation.mailgun.com/docs/mailgun/user-manual/sending-messages/
 * [ZOHO]  https://www.zoho.com/mail/help/zoho-smtp-errors.html
 * [SL]    https://help.socketlabs.com/docs/smtp-error-codes
 * [GD] https://www.godaddy.com/help/what-do-email-bounce-back-codes-mean-8575
 * [TON]   https://postmaster.t-online.de/index.en.html
 * [QQ]    https://service.mail.qq.com/detail/0/75 (authorization code)
 * [YDX]   https://yandex.com/support/mail/mail-clients/ssl.html
 * [SP]    https://support.sparkpost.com/docs/deliverability/smtp-error-codes
 * [S2G] https://support.smtp2go.com/hc/en-gb/articles/223087967-Sender-Domains
 * [ORA]   https://postmaster.orange.fr/ (OFR error codes)
 */
#include <config.h>

#include "knowledge/classify_impl.h"

static const struct pattern rows[] = {
    /* [AOLA]: Yahoo sends this on the first try too: the account
     * password is refused for mail programs, it is not a lock-out. */
    {ST_AUTH, 5, NULL, "(#AUTH005)", "auth-app-password", "yahoo", 0},
    /* [QQ]: QQ Mail wants its "authorization code", an app password. */
    {ST_AUTH, 0, NULL, "authorization code", "auth-app-password", "qq", 0},
    /* [YDX]: Yandex holds a suspicious login until a web sign-in. */
    {ST_AUTH, 0, NULL, "prove you are not a robot|use web for sending",
     "auth-web-login", "yandex", 0},
    /* [SG]: a credit limit, refused at AUTH with a 451. */
    {ST_ANY, 0, NULL, "Maximum credits exceeded", "rate-limited", "sendgrid",
     0},

    /* [YPM], [YAHOO]: Yahoo's reputation codes for the sending IP. */
    {ST_ANY, 0, NULL, "[TSS04]|[TSS09]|[TSS11]|[TSS0|[TSS1", "ip-reputation",
     "yahoo", 0},
    {ST_BODY, 0, NULL, "[PH01]", "message-spam", "yahoo", 0},
    {ST_SENDER, 0, NULL, "unresolvable RFC.5321 from domain", "sender-rejected",
     "yahoo", 0},
    /* Yahoo ends a refused send-as with this at the final dot. */
    {ST_DOT, 0, NULL, "Request failed; Mailbox unavailable", "sender-rejected",
     "yahoo", 0},
    /* [GD]: GoDaddy's IP blocks by its own reputation (IB110, IB113). */
    {ST_ANY, 0, NULL, "This IP has been", "ip-reputation", "godaddy", 0},
    /* [TON]: T-Online's own reputation (BL) and dial-up (DIAL) refusals. */
    {ST_GREET, 5, NULL, "(BL)|(DIAL)|Dialup/transient IP", "ip-reputation",
     "tonline", RF_ONLY},
    /* [ORA]: Orange's spam block of the source IP (OFR006). */
    {ST_ANY, 0, NULL,
     "Adresse IP source bloquee|Client host blocked for spamming",
     "ip-reputation", "orange", 0},

    /* [ZOHO]: "Relaying disallowed as <address>" refuses the sender;
     * without "as", the relay itself. */
    {ST_SENDER, 0, NULL, "Relaying disallowed as", "sender-rejected", "zoho",
     0},
    {ST_ENV, 0, NULL, "Relaying disallowed", "relay-denied", "zoho", 0},

    /* [SES]: a sender identity not verified in this region, the
     * sandbox, throttling. */
    {ST_AUTH, 0, NULL, "Authentication Credentials Invalid", "auth-failed",
     "ses", 0},
    {ST_SENDER, 0, NULL,
     "Email address is not verified|identities failed the check",
     "sender-rejected", "ses", 0},
    {ST_ANY, 0, NULL,
     "Throttling failure|Maximum sending rate exceeded|Daily message quota "
     "exceeded",
     "rate-limited", "ses", 0},
    /* [SG], [SGID]. */
    {ST_AUTH, 0, NULL,
     "Bad username / password|authorization grant is "
     "invalid",
     "auth-failed", "sendgrid", 0},
    {ST_SENDER, 0, NULL,
     "verified Sender Identity|not authorized to send from that email "
     "address",
     "sender-rejected", "sendgrid", 0},
    {ST_TX, 0, NULL, "Unauthenticated senders not allowed", "auth-required",
     "sendgrid", 0},
    {ST_ANY, 0, NULL, "exceeded your messaging limits", "rate-limited",
     "sendgrid", 0},
    /* [MG]: sandbox domains send to authorised recipients only. */
    {ST_SENDER, 0, NULL,
     "Sandbox subdomains are for test purposes|Free accounts are for test "
     "purposes",
     "relay-denied", "mailgun", 0},
    /* [SP], [S2G]: the sending domain is not set up in the account. */
    {ST_SENDER, 0, NULL,
     "Unconfigured Sending Domain|sender domain not verified|domain is not "
     "associated with your account",
     "sender-rejected", NULL, 0},
    /* https://postmarkapp.com/support/article/1002-getting-a-401-or-422-error-code
     * (sender signatures). */
    {ST_SENDER, 0, NULL, "Sender Signature", "sender-rejected", "postmark", 0},
    /* [SL]. */
    {ST_TX, 0, NULL, "Please authenticate with CRAM MD5", "auth-required",
     "socketlabs", 0},
    {ST_ANY, 0, NULL, "you have been temporarily blacklisted", "rate-limited",
     "socketlabs", 0},
    /* [QQ]: the sender must be the login. */
    {ST_SENDER, 0, NULL, "must be same as authorization user",
     "sender-rejected", "qq", 0},
    /* [YDX]: Yandex refuses clear-text submission at AUTH with 530. */
    {ST_ANY, 0, NULL, "without SSL/TLS encryption is not allowed",
     "auth-tls-required", "yandex", 0},
    /* [GD]: GoDaddy's sending limits and sessions. */
    {ST_ANY, 0, NULL,
     "This IP has sent too many messages|max number of messages per "
     "session|too many sessions from",
     "rate-limited", "godaddy", 0},
};

const struct pattern_table classify_text_providers = TABLE(rows);
