/* The preset table: every provider of issue 7 gives the documented
 * settings (smtp-facts.md section B), addresses, submission hosts and MX
 * names find the right row, the table agrees with the hint catalogue and
 * the classifier, and the telltale replies of section A name the
 * provider's own fix. No network: lookup_address is only called for
 * preset domains, which must not need DNS. */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "knowledge/diagnose.h"
#include "knowledge/hints.h"
#include "knowledge/lookup.h"
#include "knowledge/providers.h"
#include "../unit/tap.h"
#include "config/validate.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

enum how { BY_ADDRESS, BY_HOST, BY_MX };

struct want {
	enum how how;
	const char *key; /* address, host or MX host */
	const char *id;
	const char *host;
	long port;
	enum sw_tls tls;
	const char *user_hint;
};

#define TLS      SW_TLS_IMPLICIT
#define STARTTLS SW_TLS_STARTTLS

/* One or more rows per provider named in the issue, in its order. */
static const struct want wants[] = {
    {BY_ADDRESS, "alice@gmail.com", "gmail", "smtp.gmail.com", 465, TLS,
     "full address"},
    {BY_ADDRESS, "Alice@GoogleMail.COM.", "gmail", "smtp.gmail.com", 465, TLS,
     "full address"},
    {BY_MX, "aspmx.l.google.com", "google-workspace", "smtp.gmail.com", 465,
     TLS, "full address"},
    {BY_MX, "alt2.aspmx.l.google.com.", "google-workspace", "smtp.gmail.com",
     465, TLS, "full address"},
    {BY_MX, "smtp.google.com", "google-workspace", "smtp.gmail.com", 465, TLS,
     "full address"},
    {BY_HOST, "smtp-relay.gmail.com", "google-relay", "smtp-relay.gmail.com",
     587, STARTTLS, "full address"},
    {BY_MX, "contoso-com.mail.protection.outlook.com", "microsoft365",
     "smtp.office365.com", 587, STARTTLS, "full address"},
    {BY_HOST, "SMTP.Office365.com", "microsoft365", "smtp.office365.com", 587,
     STARTTLS, "full address"},
    {BY_ADDRESS, "bob@outlook.com", "outlook", "smtp-mail.outlook.com", 587,
     STARTTLS, "full address"},
    {BY_ADDRESS, "bob@hotmail.com", "outlook", "smtp-mail.outlook.com", 587,
     STARTTLS, "full address"},
    {BY_ADDRESS, "bob@live.com", "outlook", "smtp-mail.outlook.com", 587,
     STARTTLS, "full address"},
    {BY_ADDRESS, "carol@yahoo.com", "yahoo", "smtp.mail.yahoo.com", 465, TLS,
     "full address"},
    {BY_ADDRESS, "carol@ymail.com", "yahoo", "smtp.mail.yahoo.com", 465, TLS,
     "full address"},
    {BY_ADDRESS, "dave@aol.com", "aol", "smtp.aol.com", 465, TLS,
     "full address"},
    {BY_ADDRESS, "erin@icloud.com", "icloud", "smtp.mail.me.com", 587, STARTTLS,
     "full address"},
    {BY_ADDRESS, "erin@me.com", "icloud", "smtp.mail.me.com", 587, STARTTLS,
     "full address"},
    {BY_MX, "mx01.mail.icloud.com", "icloud", "smtp.mail.me.com", 587, STARTTLS,
     "full address"},
    {BY_ADDRESS, "frank@fastmail.com", "fastmail", "smtp.fastmail.com", 465,
     TLS, "full address"},
    {BY_MX, "in1-smtp.messagingengine.com", "fastmail", "smtp.fastmail.com",
     465, TLS, "full address"},
    {BY_ADDRESS, "gina@zohomail.com", "zoho", "smtp.zoho.com", 465, TLS,
     "full address"},
    {BY_ADDRESS, "gina@zohomail.eu", "zoho-eu", "smtp.zoho.eu", 465, TLS,
     "full address"},
    {BY_ADDRESS, "gina@zohomail.in", "zoho-in", "smtp.zoho.in", 465, TLS,
     "full address"},
    {BY_ADDRESS, "gina@zohomail.com.au", "zoho-au", "smtp.zoho.com.au", 465,
     TLS, "full address"},
    {BY_ADDRESS, "gina@zohomail.jp", "zoho-jp", "smtp.zoho.jp", 465, TLS,
     "full address"},
    {BY_ADDRESS, "gina@zohocloud.ca", "zoho-ca", "smtp.zohocloud.ca", 465, TLS,
     "full address"},
    {BY_MX, "mx.zoho.com", "zoho-pro", "smtppro.zoho.com", 465, TLS,
     "full address"},
    {BY_MX, "mx3.zoho.com", "zoho-pro", "smtppro.zoho.com", 465, TLS,
     "full address"},
    {BY_MX, "mx2.zoho.eu", "zoho-pro-eu", "smtppro.zoho.eu", 465, TLS,
     "full address"},
    {BY_MX, "mx.zoho.in", "zoho-pro-in", "smtppro.zoho.in", 465, TLS,
     "full address"},
    {BY_MX, "mx.zoho.com.au", "zoho-pro-au", "smtppro.zoho.com.au", 465, TLS,
     "full address"},
    {BY_MX, "mx.zoho.jp", "zoho-pro-jp", "smtppro.zoho.jp", 465, TLS,
     "full address"},
    {BY_MX, "mx.zohocloud.ca", "zoho-ca", "smtp.zohocloud.ca", 465, TLS,
     "full address"},
    {BY_ADDRESS, "hank@gmx.de", "gmx", "mail.gmx.net", 465, TLS,
     "full address"},
    {BY_ADDRESS, "hank@gmx.net", "gmx", "mail.gmx.net", 465, TLS,
     "full address"},
    {BY_ADDRESS, "hank@gmx.com", "gmx-com", "mail.gmx.com", 465, TLS,
     "full address"},
    {BY_ADDRESS, "hank@web.de", "webde", "smtp.web.de", 465, TLS, "local part"},
    {BY_ADDRESS, "ivy@proton.me", "proton-bridge", "127.0.0.1", 1025, STARTTLS,
     "full address"},
    {BY_ADDRESS, "ivy@protonmail.com", "proton-bridge", "127.0.0.1", 1025,
     STARTTLS, "full address"},
    {BY_MX, "mail.protonmail.ch", "proton-smtp", "smtp.protonmail.ch", 587,
     STARTTLS, "full address"},
    {BY_HOST, "email-smtp.eu-west-1.amazonaws.com", "ses-eu-west-1",
     "email-smtp.eu-west-1.amazonaws.com", 465, TLS, "SMTP credential"},
    {BY_HOST, "email-smtp.us-east-1.amazonaws.com", "ses-us-east-1",
     "email-smtp.us-east-1.amazonaws.com", 465, TLS, "SMTP credential"},
    {BY_HOST, "email-smtp.ap-southeast-2.amazonaws.com", "ses-ap-southeast-2",
     "email-smtp.ap-southeast-2.amazonaws.com", 465, TLS, "SMTP credential"},
    {BY_MX, "inbound-smtp.us-west-2.amazonaws.com", "ses-us-west-2",
     "email-smtp.us-west-2.amazonaws.com", 465, TLS, "SMTP credential"},
    {BY_HOST, "smtp.sendgrid.net", "sendgrid", "smtp.sendgrid.net", 465, TLS,
     "apikey"},
    {BY_HOST, "smtp.mailgun.org", "mailgun", "smtp.mailgun.org", 465, TLS,
     "SMTP credential"},
    {BY_HOST, "smtp.eu.mailgun.org", "mailgun-eu", "smtp.eu.mailgun.org", 465,
     TLS, "SMTP credential"},
    {BY_MX, "mxb.mailgun.org", "mailgun", "smtp.mailgun.org", 465, TLS,
     "SMTP credential"},
    {BY_MX, "mxa.eu.mailgun.org", "mailgun-eu", "smtp.eu.mailgun.org", 465, TLS,
     "SMTP credential"},
    {BY_HOST, "smtp.postmarkapp.com", "postmark", "smtp.postmarkapp.com", 587,
     STARTTLS, "server API token"},
    {BY_HOST, "smtp-broadcasts.postmarkapp.com", "postmark",
     "smtp.postmarkapp.com", 587, STARTTLS, "server API token"},
    {BY_HOST, "in-v3.mailjet.com", "mailjet", "in-v3.mailjet.com", 587,
     STARTTLS, "API key"},
    {BY_HOST, "smtp-relay.brevo.com", "brevo", "smtp-relay.brevo.com", 465, TLS,
     "SMTP credential"},
    {BY_HOST, "smtp-relay.sendinblue.com", "brevo", "smtp-relay.brevo.com", 465,
     TLS, "SMTP credential"},
    {BY_HOST, "mail.smtp2go.com", "smtp2go", "mail.smtp2go.com", 465, TLS,
     "SMTP credential"},
    {BY_HOST, "mail-eu.smtp2go.com", "smtp2go", "mail.smtp2go.com", 465, TLS,
     "SMTP credential"},
};

static const struct preset *find(const struct want *w)
{
	switch (w->how) {
	case BY_ADDRESS:
		return providers_match_address(w->key);
	case BY_HOST:
		return providers_match_host(w->key);
	case BY_MX:
		break;
	}
	return providers_match_mx(w->key);
}

static void test_wants(void)
{
	for (size_t i = 0; i < N_ELEMS(wants); i++) {
		const struct want *w = &wants[i];
		const struct preset *p = find(w);

		if (!ok(p != NULL && strcmp(p->id, w->id) == 0, "%s -> %s",
			w->key, w->id)) {
			printf("#   got %s\n", p ? p->id : "(null)");
			continue;
		}
		ok(strcmp(p->host, w->host) == 0 && p->port == w->port &&
		       p->tls == w->tls,
		   "  %s port %ld %s", w->host, w->port,
		   settings_tls_name(w->tls));
		tap_is_str(preset_user_hint(p), w->user_hint,
			   "  user name form");
	}
}

/* Every provider the issue lists has at least one row. */
static void test_coverage(void)
{
	static const char *const ids[] = {
	    "gmail",         "google-workspace",
	    "microsoft365",  "outlook",
	    "yahoo",         "aol",
	    "icloud",        "fastmail",
	    "zoho",          "zoho-eu",
	    "gmx",           "proton-bridge",
	    "ses-us-east-1", "sendgrid",
	    "mailgun",       "mailgun-eu",
	    "postmark",      "mailjet",
	    "brevo",         "smtp2go",
	};
	size_t n;

	for (size_t i = 0; i < N_ELEMS(ids); i++)
		ok(providers_by_id(ids[i]) != NULL, "preset %s exists", ids[i]);
	providers_table(&n);
	ok(n >= 40, "the table has %zu presets", n);
	ok(providers_by_id("nope") == NULL && providers_by_id(NULL) == NULL,
	   "unknown id: NULL");
}

static bool is_id(const char *s)
{
	if (s == NULL || *s == '\0' || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-'))
			return false;
	return true;
}

/* A provider id is only useful when the hint catalogue knows it. */
static bool provider_has_hints(const char *provider)
{
	size_t n;
	const struct hint *h = hint_table(&n);

	for (size_t i = 0; i < n; i++)
		if (hint_provider(h[i].cause, provider) != NULL)
			return true;
	return false;
}

/* Calls fn on each word of a space-separated list; false if any fails. */
static bool each_word(const char *list, const struct preset *p,
		      bool (*fn)(const char *w, const struct preset *p))
{
	char w[256];
	const char *s = list;
	bool all = true;

	while (s != NULL && *s) {
		size_t l = strcspn(s, " ");

		snprintf(w, sizeof(w), "%.*s", (int)l, s);
		if (l > 0 && !fn(w, p)) {
			printf("#   %s: '%s'\n", p->id, w);
			all = false;
		}
		s += l;
		s += strspn(s, " ");
	}
	return all;
}

static bool domain_finds_row(const char *w, const struct preset *p)
{
	char addr[300];

	snprintf(addr, sizeof(addr), "someone@%s", w);
	return providers_match_address(addr) == p;
}

static bool mx_finds_row(const char *w, const struct preset *p)
{
	char name[300];

	/* "mx*.zoho.com" stands for "mx7.zoho.com". */
	snprintf(name, sizeof(name), "%s", w);
	if (strchr(name, '*') != NULL)
		*strchr(name, '*') = '7';
	return providers_match_mx(name) == p;
}

static bool host_finds_provider(const char *w, const struct preset *p)
{
	char name[300];
	const struct preset *q;

	snprintf(name, sizeof(name), "%s", w);
	if (strchr(name, '*') != NULL)
		*strchr(name, '*') = 'x';
	q = providers_match_host(name);
	return q != NULL && strcmp(q->provider, p->provider) == 0;
}

static void test_rows(void)
{
	size_t n;
	const struct preset *t = providers_table(&n);

	for (size_t i = 0; i < n; i++) {
		const struct preset *p = &t[i];
		struct vresult v = validate_tls_port(p->tls, p->port);
		const struct preset *byhost = providers_match_host(p->host);
		bool ip = p->host[0] >= '0' && p->host[0] <= '9';

		ok(is_id(p->id) && providers_by_id(p->id) == p,
		   "%s: id is unique and well-formed", p->id);
		ok(p->name[0] != '\0' && p->notes[0] != NULL,
		   "%s: has a name and notes", p->id);
		ok(v.status == V_OK && validate_host(p->host).status != V_ERROR,
		   "%s: %s port %ld %s is a valid combination", p->id, p->host,
		   p->port, settings_tls_name(p->tls));
		ok((p->user == PRESET_USER_FIXED ||
		    p->user == PRESET_USER_ISSUED) ==
		       (p->user_word != NULL && p->user_text != NULL),
		   "%s: user name form %s is described", p->id,
		   preset_user_hint(p));
		ok(provider_has_hints(p->provider),
		   "%s: provider id '%s' has hints in the catalogue", p->id,
		   p->provider);
		ok(ip ? byhost == NULL
		      : byhost != NULL &&
			    strcmp(byhost->provider, p->provider) == 0,
		   "%s: its host %s %s", p->id, p->host,
		   ip ? "(an address) names no provider"
		      : "is recognised as its provider");
		ok(each_word(p->domains, p, domain_finds_row),
		   "%s: each of its domains finds this row", p->id);
		ok(each_word(p->mx, p, mx_finds_row),
		   "%s: each of its MX names finds this row", p->id);
		ok(each_word(p->hosts, p, host_finds_provider),
		   "%s: each of its other hosts finds its provider", p->id);
	}
}

/* The classifier recognises the provider from its own greeting, so the
 * provider-specific hints apply even to a generic reply. */
static void test_banners(void)
{
	size_t n;
	const struct preset *t = providers_table(&n);
	char banner[300];

	for (size_t i = 0; i < n; i++) {
		const char *got;

		if (t[i].host[0] >= '0' && t[i].host[0] <= '9')
			continue;
		snprintf(banner, sizeof(banner), "%s ESMTP ready", t[i].host);
		got = diagnose_provider_from_banner(banner);
		if (!ok(got != NULL && strcmp(got, t[i].provider) == 0,
			"greeting of %s names %s", t[i].host, t[i].provider))
			printf("#   got %s\n", got ? got : "(null)");
	}
}

static void test_no_match(void)
{
	static const char *const addrs[] = {
	    "alice@example.com",
	    "alice@mail.gmail.com",
	    "alice@notgmail.com",
	    "alice@gmail.com.evil.example",
	    "",
	    "@",
	    "alice@",
	};
	static const char *const mxs[] = {
	    "mx.example.com",          "evilgoogle.com",
	    "google.com.evil.example", "smtp.zoho.com",
	    "smtp.mailgun.org",        "smtp.messagingengine.com",
	    "mx.zoho.com.evil",        "",
	};

	for (size_t i = 0; i < N_ELEMS(addrs); i++)
		ok(providers_match_address(addrs[i]) == NULL,
		   "address '%s' has no preset", addrs[i]);
	for (size_t i = 0; i < N_ELEMS(mxs); i++)
		ok(providers_match_mx(mxs[i]) == NULL,
		   "MX '%s' is no provider's", mxs[i]);
	ok(providers_match_host("127.0.0.1") == NULL &&
	       providers_match_host("::1") == NULL,
	   "a loopback address names no provider (local relays)");
	ok(providers_match_host("smtp.example.com") == NULL,
	   "an unknown host names no provider");
	ok(providers_match_address(NULL) == NULL &&
	       providers_match_host(NULL) == NULL &&
	       providers_match_mx(NULL) == NULL,
	   "NULL: no preset");
}

static void test_username(void)
{
	char buf[64];

	preset_username(providers_by_id("gmail"), "alice@gmail.com", buf,
			sizeof(buf));
	tap_is_str(buf, "alice@gmail.com", "Gmail: the full address");
	preset_username(providers_by_id("webde"), "hank@web.de", buf,
			sizeof(buf));
	tap_is_str(buf, "hank", "WEB.DE: the local part");
	preset_username(providers_by_id("sendgrid"), "ops@example.com", buf,
			sizeof(buf));
	tap_is_str(buf, "apikey", "SendGrid: the word apikey");
	preset_username(providers_by_id("ses-eu-west-1"), "ops@example.com",
			buf, sizeof(buf));
	tap_is_str(buf, "", "SES: issued by the provider, nothing to propose");
	preset_username(providers_by_id("gmail"), "gmail.com", buf,
			sizeof(buf));
	tap_is_str(buf, "", "a bare domain has no address to propose");
	preset_username(NULL, "x@example.com", buf, sizeof(buf));
	tap_is_str(buf, "x@example.com", "no preset: the full address");
	preset_username(providers_by_id("gmail"),
			"a-very-long-local-part-that-does-not-fit@gmail.com",
			buf, 16);
	tap_is_str(buf, "", "too long for the buffer: nothing, not a part");
	ok(strcmp(preset_user_label(providers_by_id("sendgrid")),
		  "the word apikey") == 0,
	   "SendGrid's user name is described for people");
}

static void test_domains(void)
{
	static const struct {
		const char *in, *out;
	} good[] = {
	    {"alice@Example.COM", "example.com"},
	    {"example.com.", "example.com"},
	    {"\"a@b\"@example.org", "example.org"},
	    {"alice@b\xc3\xbc"
	     "cher.example",
	     "xn--bcher-kva.example"},
	};
	static const char *const bad[] = {
	    "alice@[192.0.2.1]",  "alice@-bad.example",
	    "alice@bad-.example", "alice@localhost",
	    "alice@a..example",   "alice@",
	    "alice@exa mple.com", "alice@under_score.example",
	    "alice@example..",    "alice@.example.com",
	};
	char d[LOOKUP_NAME_MAX];

	for (size_t i = 0; i < N_ELEMS(good); i++) {
		int rc = lookup_domain_of(good[i].in, d, sizeof(d));

		ok(rc == 0 && strcmp(d, good[i].out) == 0, "domain of %s is %s",
		   good[i].in, good[i].out);
	}
	for (size_t i = 0; i < N_ELEMS(bad); i++)
		ok(lookup_domain_of(bad[i], d, sizeof(d)) != 0 && d[0] == '\0',
		   "'%s' has no valid domain", bad[i]);
}

/* A preset domain is answered from the table: no DNS question at all, so
 * this works without any resolver. */
static void test_lookup_preset(void)
{
	static struct lookup_result r;
	int64_t start = clock_now_ms();
	int rc = lookup_address("ops@yahoo.com", start + 5000, &r);
	const struct lookup_finding *f = &r.found[0];

	ok(rc == 0 && r.suggested == 0 && r.n_found == 1 &&
	       f->source == LOOKUP_PRESET && f->preset != NULL &&
	       strcmp(f->preset->id, "yahoo") == 0,
	   "lookup of a Yahoo address: the preset");
	ok(r.n_queries == 0 && clock_now_ms() - start < 100,
	   "  without asking DNS");
	ok(strcmp(f->host, "smtp.mail.yahoo.com") == 0 && f->port == 465 &&
	       f->tls == SW_TLS_IMPLICIT &&
	       strcmp(f->user, "ops@yahoo.com") == 0 &&
	       strcmp(f->record, "domain yahoo.com") == 0,
	   "  host, port, TLS, user name and where it came from");
	ok(f->notes[0] != NULL && strstr(f->notes[0], "app password") != NULL,
	   "  the notes say an app password is needed");
	{
		struct settings s;

		settings_init(&s);
		settings_set(&s.username, "old");
		settings_set(&s.from, "ops@yahoo.com");
		ok(lookup_finding_apply(f, &s) == 0 &&
		       strcmp(s.host, "smtp.mail.yahoo.com") == 0 &&
		       s.port == 465 && s.tls == SW_TLS_IMPLICIT &&
		       strcmp(s.username, "ops@yahoo.com") == 0 &&
		       strcmp(s.from, "ops@yahoo.com") == 0,
		   "  applied to the settings: host, port, TLS, user name");
		settings_free(&s);
	}
	ok(lookup_address("not an address", start + 5000, &r) == -1 &&
	       r.suggested == -1 && r.n_found == 0,
	   "no valid domain: -1");
}

/* Telltale replies (smtp-facts.md section A), including the ones added
 * with this table, and the words each provider's hint must contain. */
struct reply_case {
	enum diag_stage stage;
	int code;
	const char *enh, *text, *cause, *provider, *fix;
};

static const struct reply_case replies[] = {
    {DS_AUTH, 534, "5.7.9",
     "Application-specific password required. Learn more at "
     "https://support.google.com/mail/?p=InvalidSecondFactor x - gsmtp",
     "auth-app-password", "google", "App passwords"},
    {DS_AUTH, 535, "5.7.139",
     "Authentication unsuccessful, SmtpClientAuthentication is disabled for "
     "the Tenant. Visit https://aka.ms/smtp_auth_disabled for more "
     "information.",
     "auth-disabled", "microsoft", "Set-CASMailbox"},
    {DS_DATA_END, 554, "5.2.0",
     "STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed "
     "to process message due to a permanent exception",
     "rate-limited", "microsoft", "10,000 recipients"},
    {DS_DATA_END, 432, "4.3.2",
     "STOREDRV.ClientSubmit; sender thread limit exceeded", "rate-limited",
     "microsoft", "one message at a time"},
    {DS_EHLO, 421, "4.7.66",
     "TLS 1.0 and 1.1 are not supported. Please upgrade/update your client "
     "to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls.",
     "tls-handshake", "microsoft", "TLS 1.2"},
    {DS_MAIL, 550, "5.1.8", "Access denied, bad outbound sender",
     "account-suspended", "microsoft", "Defender portal"},
    {DS_DATA_END, 554, "5.2.0",
     "STOREDRV.Submission.Exception:OutboundSpamException; WASCL UserAction "
     "verdict is not None. Actual verdict is HipNotify.",
     "message-spam", "outlook", "web browser"},
    {DS_AUTH, 535, "5.7.0", "(#AUTH005) Too many bad auth attempts.",
     "auth-app-password", "yahoo", "App password"},
    {DS_DATA_END, 553, NULL, "Relaying disallowed as alias@example.com",
     "sender-rejected", "zoho", "smtppro"},
    {DS_AUTH, 535, NULL, "Authentication Credentials Invalid", "auth-failed",
     "ses", "SMTP credentials"},
    {DS_AUTH, 535, NULL, "Authentication failed: Bad username / password",
     "auth-failed", "sendgrid", "apikey"},
    {DS_DATA_END, 550, NULL,
     "The from address does not match a verified Sender Identity.",
     "sender-rejected", "sendgrid", "Sender Authentication"},
    {DS_RCPT, 550, NULL,
     "Sandbox subdomains are for test purposes only. Please add your own "
     "domain or add the address to authorized recipients in Account "
     "Settings.",
     "relay-denied", "mailgun", "authorised recipients"},
};

static void make_reply(struct smtp_reply *r, const struct reply_case *c)
{
	memset(r, 0, sizeof(*r));
	r->code = c->code;
	snprintf(r->enh, sizeof(r->enh), "%s", c->enh ? c->enh : "");
	snprintf(r->text, sizeof(r->text), "%s", c->text);
	r->nlines = 1;
	r->complete = true;
}

static void test_replies(void)
{
	for (size_t i = 0; i < N_ELEMS(replies); i++) {
		const struct reply_case *c = &replies[i];
		struct smtp_reply r;
		struct diagnosis d;
		const char *h;

		make_reply(&r, c);
		diagnose_reply(c->stage, &r, &d);
		if (!ok(strcmp(d.cause, c->cause) == 0 && d.provider != NULL &&
			    strcmp(d.provider, c->provider) == 0,
			"%d %s \"%.40s\" -> %s (%s)", c->code,
			c->enh ? c->enh : "", c->text, c->cause, c->provider))
			printf("#   got %s (%s)\n", d.cause,
			       d.provider ? d.provider : "none");
		h = hint_provider(c->cause, c->provider);
		ok(h != NULL && strstr(h, c->fix) != NULL,
		   "  the %s hint says \"%s\"", c->provider, c->fix);
	}
}

int main(void)
{
	test_wants();
	test_coverage();
	test_rows();
	test_banners();
	test_no_match();
	test_username();
	test_domains();
	test_lookup_preset();
	test_replies();
	return tap_done();
}
