/* Google (Gmail, Workspace, smtp-relay) wordings. Sources:
 * [SMTP]  https://support.google.com/a/answer/3726730 (SMTP error reference)
 * [RELAY] https://support.google.com/a/answer/6140680 (SMTP relay errors)
 * [LIMIT] https://support.google.com/a/answer/166852 (sending limits)
 * [APP]   https://support.google.com/accounts/answer/185833
 * [WEB]   https://support.google.com/mail/answer/78754
 * [SISI]
 * https://github.com/sisimai/p5-sisimai/blob/master/lib/Sisimai/Rhost/Google.pm
 *         (the same texts, collected)
 */
#include <config.h>

#include "knowledge/classify_impl.h"

static const struct pattern rows[] = {
    /* [SMTP] 454 4.7.0: a temporary refusal, never a wrong password. */
    {ST_AUTH, 0, NULL, "Cannot authenticate due to a temporary system",
     "auth-temporary", "google", 0},
    /* [SMTP] "Too many login attempts": logins are blocked for a while. */
    {ST_ANY, 0, NULL, "Too many login attempts", "auth-locked", "google", 0},
    /* [APP], [WEB], [SMTP] 534 5.7.9, 534 5.7.14, 535 5.7.8. */
    {ST_AUTH, 0, NULL,
     "Application-specific password required|InvalidSecondFactor",
     "auth-app-password", "google", 0},
    {ST_AUTH, 0, NULL,
     "WebLoginRequired|accounts.google.com/signin/continue|"
     "accounts.google.com/ContinueSignIn|in via your web browser|"
     "in with your web browser",
     "auth-web-login", "google", 0},
    {ST_AUTH, 0, NULL, "Username and Password not accepted|BadCredentials",
     "auth-failed", "google", 0},
    {ST_AUTH, 0, NULL, "XOAUTH is no longer supported", "auth-mechanism",
     "google", 0},
    {ST_TX, 0, NULL, "WantAuthError", "auth-required", "google", 0},
    /* [RELAY]: smtp-relay.gmail.com refusing an unregistered IP or
     * domain. */
    {ST_ENV, 0, NULL, "Mail relay denied|Invalid credentials for relay",
     "relay-denied", "google", 0},
    /* [SMTP] 421 4.7.0: the recipient's Workspace domain takes mail only
     * from the gateways it lists. */
    {ST_RCPT, 0, NULL, "IP not in whitelist for RCPT domain",
     "recipient-rejected", "google", 0},
    {ST_TX, 0, NULL, "TLS required for RCPT domain", "auth-tls-required",
     "google", 0},
    /* [LIMIT], [RELAY]. */
    {ST_TX, 0, NULL,
     "Peak SMTP relay limit exceeded|Daily user sending limit|Daily "
     "sending quota|Daily SMTP relay limit",
     "rate-limited", "google", 0},
    /* [SMTP] "not authorized to send email directly to our servers":
     * direct-to-MX from a residential or cloud IP, an IP policy fixed by
     * sending through a submission server, like a PBL listing. */
    {ST_TX, 0, NULL,
     "not authorized to send email directly to our servers|"
     "NotAuthorizedError",
     "blocklisted", "google", 0},
    {ST_GREET | ST_EHLO, 421, NULL, "Try again later, closing connection",
     "server-busy", "google", 0},
    /* [SMTP] 421 4.7.0 "Connection expired", 451 4.4.2 "Timeout". */
    {ST_ANY, 4, NULL, "Connection expired, try reconnecting", "server-timeout",
     "google", 0},
    /* [SMTP] 503 5.7.0 after a successful AUTH: a second AUTH. */
    {ST_AUTH, 0, NULL, "No identity changes permitted", "protocol-error",
     "google", 0},
    /* [SMTP] 550 5.2.1 and 450 4.2.1: the recipient receives too fast. */
    {ST_TX, 0, NULL, "receiving mail at a rate|receiving mail too quickly",
     "rate-limited", "google", 0},
    /* [SMTP] 552 5.7.0 "illegal attachment": content policy. */
    {ST_BODY, 0, NULL, "illegal attachment", "message-rejected", "google", 0},
};

const struct pattern_table classify_text_google = TABLE(rows);
