/* Policy engines and reputation: greylisting daemons, DNS blocklists,
 * the providers' own IP reputation, SPF/DKIM/DMARC, content filters.
 * Searched before the MTA table, because Postfix and Exim wrap these
 * verdicts in their own generic words ("Client host rejected: Greylisted",
 * "Recipient address rejected: SPF fail"). Sources:
 * [PGREY]  https://github.com/schweikert/postgrey/blob/master/postgrey
 *          ("Greylisted, see http://postgrey.schweikert.ch/help/%s.html")
 * [RSGREY] https://rspamd.com/doc/modules/greylisting.html ("Try again later")
 * [RSRATE] https://rspamd.com/doc/modules/ratelimit.html ("Ratelimit ...
 * exceeded") [RSACT]  https://rspamd.com/doc/configuration/metrics.html ("Spam
 * message rejected") [SHRC]
 * https://www.spamhaus.org/resource-hub/email-security/if-you-query-the-legacy-dnsbls-via-public-dns-infrastructure/
 *          (return codes, open resolvers)
 * [PFRBL]  https://www.postfix.org/postconf.5.html#default_rbl_reply
 *          ("Service unavailable; ... blocked using ...")
 * [EXRBL]
 * https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html
 *          ("... is in a black list at ...", "dnslists")
 * [RFC7372] https://www.rfc-editor.org/rfc/rfc7372 (SPF, DKIM failures)
 * [PSPF]   https://github.com/sbidy/pypolicyd-spf ("Message rejected due to:
 * SPF fail") [GSMTP]  https://support.google.com/a/answer/3726730
 * (5.7.26, 4.7.28, 5.7.1) [YAHOO]
 * https://senders.yahooinc.com/smtp-error-codes/ [SAMIL]
 * https://github.com/andybalholm/spamass-milter ("Blocked by SpamAssassin")
 * [BARR]   https://www.barracudacentral.org/rbl
 */
#include <config.h>

#include "knowledge/classify_impl.h"

static const struct pattern rows[] = {
    /* [PGREY], [RSGREY]: greylisting, before anything that would read
     * Postfix's "Client host rejected" wrapper. */
    {ST_ANY, 0, NULL, "greylist|graylist|grey-list|gray-list", "greylisted",
     NULL, 0},

    /* [SHRC]: the receiving server's DNSBL lookups go through a public
     * resolver: still reported as blocklisted, and the hint says whose
     * problem. */
    {ST_ANY, 0, NULL, "open resolver|returnc/pub", "blocklisted", NULL, 0},
    /* [PFRBL], [EXRBL], [BARR]: named public DNS blocklists. */
    {ST_ANY, 0, NULL,
     "blocked using|spamhaus|spamcop|Barracuda Reputation|barracudacentral|"
     "dnsbl|\\bRBL\\b|blacklist|blocklist|black list|block list|SORBS|"
     "UCEPROTECT|listed at|listed in|listed on",
     "blocklisted", NULL, 0},

    /* [RFC7372], [PSPF], [GSMTP], [YAHOO]: the sending domain's
     * authentication failed. Before reputation and spam rows: Gmail's
     * texts mention both. */
    {ST_TX, 0, NULL,
     "\\bSPF\\b|DKIM|DMARC|Sender Policy Framework|unauthenticated email|"
     "sender is unauthenticated|mail is unauthenticated|fails to pass "
     "authentication checks|"
     "does not have authentication information|must pass either SPF",
     "spf-dkim-dmarc", NULL, 0},

    /* [GSMTP], [YAHOO]: the provider's own reputation of the sending IP
     * (not a public list). */
    {ST_ANY, 0, NULL,
     "low reputation|poor reputation|bad reputation|IP reputation|"
     "reputation of the sending|unusual rate of unsolicited mail|"
     "deferred due to user complaints|unexpected volume or user complaints|"
     "IP address has been * blocked|IP address has been * rate limited|"
     "This IP has been * blocked|IP has been blocked|banned sending IP|"
     "messages from * deferred|blocked for spamming|Dialup|dynamic IP|"
     "residential IP",
     "ip-reputation", NULL, 0},
    /* [GSMTP] 5.7.25: the sending IP has no matching reverse DNS, a
     * property of the IP that the provider holds against it. */
    {ST_TX, 0, NULL, "PTR record|reverse DNS", "ip-reputation", NULL, 0},

    /* [SAMIL], [RSACT]: content filters. */
    {ST_TX, 0, NULL, "SpamAssassin|Spam message rejected", "message-spam", NULL,
     0},
    /* [RSRATE]. */
    {ST_ANY, 0, NULL, "Ratelimit", "rate-limited", NULL, 0},
};

const struct pattern_table classify_text_policy = TABLE(rows);
