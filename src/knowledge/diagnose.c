/* Classification of failures into cause ids, apart from SMTP replies
 * (classify*.c): the provider from a banner, and certificate verdicts.
 * Everything here is data: the banner fragments and the TLS-inspection
 * products are tables, matched in order, so that adding one is one line
 * and never an `if`. */
#include <config.h>

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "knowledge/classify_impl.h"
#include "knowledge/diagnose.h"

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
    {"secureserver.net", "godaddy"},
    {"t-online", "tonline"},
    {"yandex", "yandex"},
    {"qq.com", "qq"},
    {"mail.ru", "mailru"},
    {"sparkpost", "sparkpost"},
    {"orange.fr", "orange"},
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
	static const struct pattern_table *const code_tables[] = {
	    &classify_enhanced,
	    &classify_basic,
	};
	const char *c;

	for (size_t t = 0; classify_text_tables[t] != NULL; t++) {
		if (i < classify_text_tables[t]->n)
			return classify_text_tables[t]->rows[i].cause;
		i -= classify_text_tables[t]->n;
	}
	for (size_t t = 0; t < N_ELEMS(code_tables); t++) {
		if (i < code_tables[t]->n)
			return code_tables[t]->rows[i].cause;
		i -= code_tables[t]->n;
	}
	for (size_t k = 0; (c = classify_stage_default_at(k)) != NULL; k++)
		if (i-- == 0)
			return c;
	if (i < N_ELEMS(cert_causes))
		return cert_causes[i];
	return NULL;
}
