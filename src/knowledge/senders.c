/* The sending providers' DNS requirements, one row per provider, each row
 * citing where the provider publishes it. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "knowledge/senders.h"

static const struct sender_auth rows[] = {
    /* https://support.google.com/a/answer/10684623 (SPF: include
     * _spf.google.com); https://support.google.com/a/answer/174124 (DKIM:
     * the default selector is "google"). Workspace sends with the user's
     * address as the envelope sender. */
    {"google", "_spf.google.com", false, true, "google",
     "https://support.google.com/a/answer/174124"},
    /* https://learn.microsoft.com/en-us/defender-office-365/email-authentication-spf-configure
     * (include spf.protection.outlook.com);
     * https://learn.microsoft.com/en-us/defender-office-365/email-authentication-dkim-configure
     * (CNAMEs selector1 and selector2). */
    {"microsoft", "spf.protection.outlook.com", false, true,
     "selector1 selector2",
     "https://learn.microsoft.com/en-us/defender-office-365/"
     "email-authentication-dkim-configure"},
    /* https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-spf.html:
     * the default MAIL FROM is a subdomain of amazonses.com (no SPF
     * alignment without a custom MAIL FROM domain, whose SPF includes
     * amazonses.com); Easy DKIM selectors are tokens per identity
     * (https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html).
     */
    {"ses", "amazonses.com", false, false, NULL,
     "https://docs.aws.amazon.com/ses/latest/dg/"
     "send-email-authentication-dkim-easy.html"},
    /* https://www.twilio.com/docs/sendgrid/ui/account-and-settings/spf-records
     * (include sendgrid.net);
     * https://www.twilio.com/docs/sendgrid/ui/account-and-settings/dkim-records
     * (s1 and s2). The return path is SendGrid's until domain
     * authentication adds a CNAME for it. */
    {"sendgrid", "sendgrid.net", false, false, "s1 s2",
     "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/"
     "how-to-set-up-domain-authentication"},
    /* https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/
     * (include mailgun.org; the DKIM selector is chosen per domain; the
     * envelope sender is on the sending domain). */
    {"mailgun", "mailgun.org", false, true, NULL,
     "https://documentation.mailgun.com/docs/mailgun/user-manual/"
     "get-started/"},
    /* https://postmarkapp.com/support/article/1092-how-do-i-set-up-spf-for-postmark
     * (include spf.mtasv.net; the default return path is Postmark's own
     * domain; DKIM selectors are per domain). */
    {"postmark", "spf.mtasv.net", false, false, NULL,
     "https://postmarkapp.com/support/article/"
     "1092-how-do-i-set-up-spf-for-postmark"},
    /* https://documentation.mailjet.com/hc/en-us/articles/360042412734
     * (include spf.mailjet.com, DKIM selector mailjet). */
    {"mailjet", "spf.mailjet.com", false, false, "mailjet",
     "https://documentation.mailjet.com/hc/en-us/articles/360042412734"},
    /* https://help.brevo.com/hc/en-us/articles/12163873383186 (include
     * spf.brevo.com; DKIM records are given per domain). */
    {"brevo", "spf.brevo.com", false, false, NULL,
     "https://help.brevo.com/hc/en-us/articles/12163873383186"},
    /* https://support.smtp2go.com/hc/en-gb/articles/223087967-Sender-Domains
     * (include spf.smtp2go.com; DKIM and return path by CNAMEs per
     * domain). */
    {"smtp2go", "spf.smtp2go.com", false, false, NULL,
     "https://support.smtp2go.com/hc/en-gb/articles/"
     "223087967-Sender-Domains"},
    /* https://www.zoho.com/mail/help/adminconsole/spf-configuration.html:
     * the include is the data centre's domain (zoho.com, zoho.eu,
     * zoho.in, ...), as in the submission host; the DKIM selector is
     * chosen in the admin console. */
    {"zoho", NULL, true, true, NULL,
     "https://www.zoho.com/mail/help/adminconsole/spf-configuration.html"},
    /* https://www.fastmail.help/hc/en-us/articles/360060591153 (include
     * spf.messagingengine.com; DKIM CNAMEs fm1, fm2, fm3). */
    {"fastmail", "spf.messagingengine.com", false, true, "fm1 fm2 fm3",
     "https://www.fastmail.help/hc/en-us/articles/360060591153"},
    /* https://proton.me/support/anti-spoofing-custom-domain (include
     * _spf.protonmail.ch; DKIM CNAMEs protonmail, protonmail2,
     * protonmail3). */
    {"proton", "_spf.protonmail.ch", false, true,
     "protonmail protonmail2 protonmail3",
     "https://proton.me/support/anti-spoofing-custom-domain"},
    /* https://support.apple.com/en-us/102374 (custom email domains:
     * include icloud.com, DKIM selector sig1). */
    {"icloud", "icloud.com", false, true, "sig1",
     "https://support.apple.com/en-us/102374"},
};

const struct sender_auth *sender_auth_for(const char *provider)
{
	for (size_t i = 0;
	     provider != NULL && i < sizeof(rows) / sizeof(rows[0]); i++)
		if (strcmp(rows[i].provider, provider) == 0)
			return &rows[i];
	return NULL;
}

bool sender_auth_include(const struct sender_auth *a, const char *host,
			 char *out, size_t n)
{
	const char *dot;

	if (a == NULL)
		return false;
	if (a->spf_include != NULL) {
		snprintf(out, n, "%s", a->spf_include);
		return true;
	}
	/* smtp.zoho.eu, smtppro.zoho.eu: the domain after the first label */
	if (!a->include_is_host_domain || host == NULL ||
	    (dot = strchr(host, '.')) == NULL || strchr(dot + 1, '.') == NULL)
		return false;
	snprintf(out, n, "%s", dot + 1);
	return true;
}

const struct sender_auth *sender_auth_table(size_t *n)
{
	*n = sizeof(rows) / sizeof(rows[0]);
	return rows;
}
