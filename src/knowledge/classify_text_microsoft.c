/* Microsoft 365, Outlook.com and Exchange wordings. Sources:
 * [NDR]
 * https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online
 * [7xx]
 * https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/fix-error-code-5-7-700-through-5-7-750
 * [AUTH]
 * https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission
 * [OLC]
 * https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx
 * [RST]
 * https://learn.microsoft.com/en-us/defender-office-365/outbound-spam-restore-restricted-users
 * [THR]
 * https://learn.microsoft.com/en-us/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits
 * [TLS]
 * https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/opt-in-exchange-online-endpoint-for-legacy-tls-using-smtp-auth
 */
#include <config.h>

#include "knowledge/classify_impl.h"

static const struct pattern rows[] = {
    /* [TLS]: "421 4.7.66 TLS 1.0 and 1.1 are not supported". */
    {ST_TLS, 0, NULL, "TLS 1.0 and 1.1 are not supported|aka.ms/smtp_auth_tls",
     "starttls-failed", "microsoft", 0},
    {ST_ANY, 0, NULL, "TLS 1.0 and 1.1 are not supported|aka.ms/smtp_auth_tls",
     "tls-handshake", "microsoft", 0},

    /* [AUTH]: the 5.7.139 family; any other 5.7.139 wording is a policy
     * block of the same family, not a wrong password, which has its own
     * text. */
    /* Also quoted later, in the 5.7.57 of a client that went on without
     * its login: the reason is the same. */
    {ST_AUTH | ST_TX, 0, NULL,
     "SmtpClientAuthentication is disabled|aka.ms/smtp_auth_disabled|"
     "basic authentication is disabled",
     "auth-disabled", "microsoft", 0},
    {ST_AUTH, 0, NULL,
     "security defaults policy|did not meet the criteria to be authenticated",
     "auth-mfa", "microsoft", 0},
    {ST_AUTH, 0, NULL, "Basic authentication is not supported",
     "auth-oauth-only", "microsoft", 0},
    {ST_AUTH, 0, NULL, "user credentials were incorrect", "auth-failed",
     "microsoft", 0},
    {ST_AUTH, 5, "5.7.139", NULL, "auth-disabled", "microsoft", 0},
    {ST_AUTH, 5, NULL, "Authentication unsuccessful", "auth-failed",
     "microsoft", 0},

    /* [NDR] 5.7.57 and Exchange Server's "Client was not authenticated".
     * "Sender was not authenticated by organization" (5.7.12) is the
     * recipient's organisation accepting internal senders only. */
    {ST_TX, 0, NULL, "Sender was not authenticated by organization",
     "recipient-rejected", "microsoft", 0},
    {ST_TX, 0, NULL, "Client was not authenticated|Client not authenticated",
     "auth-required", "microsoft", 0},
    /* [NDR] 5.7.60 and STOREDRV's send-as refusals. */
    {ST_SENDER, 0, NULL, "does not have permissions to send as|SendAsDenied",
     "sender-rejected", "microsoft", 0},
    {ST_SENDER, 0, NULL, "sending from unregistered domain", "sender-rejected",
     "microsoft", 0},

    /* [7xx], [RST]: the tenant or the mailbox is banned from sending
     * (5.7.705, 5.1.8 bad outbound sender, 5.7.501, 5.7.502). */
    {ST_ANY, 0, NULL, "tenant has exceeded threshold", "account-suspended",
     "microsoft", 0},
    {ST_ANY, 0, NULL,
     "bad outbound sender|spam abuse detected|Access denied, banned sender",
     "account-suspended", "microsoft", 0},
    /* Outlook.com's verdict on the account itself. */
    {ST_TX, 0, NULL, "Actual verdict is Suspend", "account-suspended",
     "outlook", 0},
    /* Outlook.com consumer accounts flagged for a human check. */
    {ST_TX, 0, NULL,
     "OutboundSpamException|WASCL UserAction|HipNotify|To continue sending "
     "messages, please sign in",
     "message-spam", "outlook", 0},

    /* [7xx], [OLC]: Microsoft's own reputation of the sending IP
     * (5.7.606-649 banned sending IP, 5.7.708, S3140/S3150, 4.7.500-899
     * "Access denied, please try again later"). */
    {ST_ANY, 0, NULL,
     "traffic not accepted from this IP|banned sending IP|"
     "part of their network is on our block list|(S3140)|(S3150)|"
     "rate limited due to IP reputation|(S77714)|(S775)|(S843)|Please try "
     "again later from [",
     "ip-reputation", "microsoft", 0},
    {ST_ANY, 4, NULL, "Access denied, please try again later", "ip-reputation",
     "microsoft", 0},

    {ST_ENV, 0, NULL, "TenantAttribution", "relay-denied", "microsoft", 0},
    /* [THR]: per-mailbox submission limits. */
    {ST_ANY, 0, NULL,
     "SubmissionQuotaExceeded|Submission quota exceeded|thread limit "
     "exceeded|daily limit for message recipients|limit for the number of "
     "messages",
     "rate-limited", "microsoft", 0},
    /* [NDR] 5.6.11 SMTPSEND.BareLinefeedsAreIllegal. */
    {ST_BODY, 0, "5.6.11", NULL, "protocol-error", "microsoft", 0},
    {ST_ANY, 0, NULL, "BareLinefeedsAreIllegal", "protocol-error", "microsoft",
     0},
    /* [NDR] 5.7.1 "Delivery not authorized, message refused": the
     * recipient's restrictions, not a relay refusal. */
    {ST_RCPT, 0, NULL, "Delivery not authorized|not in allowed-senders list",
     "recipient-rejected", "microsoft", 0},
    /* Exchange Server (and IIS SMTP) wording. */
    {ST_ENV, 0, NULL, "Unable to relay", "relay-denied", "microsoft", 0},
};

const struct pattern_table classify_text_microsoft = TABLE(rows);
