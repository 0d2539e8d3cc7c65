/* The `deliverability` step: will receivers accept mail from the sender's
 * domain through this relay? SPF (does the domain authorise the relay),
 * DKIM (does it publish the keys the provider signs with), DMARC (what the
 * domain tells receivers to do when neither aligns). DNS only: it runs
 * without --send-test, and never stops the checklist; a failure to look
 * something up is a warning with its reason. */
#include <config.h>

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "base/i18n.h"
#include "check/steps.h"
#include "knowledge/dmarc.h"
#include "knowledge/dns_records.h"
#include "knowledge/lookup.h"
#include "knowledge/providers.h"
#include "knowledge/senders.h"
#include "knowledge/spf.h"

/* The queries of this step share the step's time: at most this many run
 * one after another in the worst case (SPF's ten, DKIM's, DMARC's two). */
#define QUERY_SHARE 6

struct finding {
	enum step_status status;
	const char *cause;
};

struct deliv {
	struct run *run;
	struct step *st;
	char domain[LOOKUP_NAME_MAX];
	const struct preset *preset;
	const struct sender_auth *auth;
	const char *provider;
	char include[LOOKUP_NAME_MAX]; /* "" when the provider has none */
	int64_t deadline;
	struct finding worst;
	bool spf_ok, dkim_ok, dkim_unknown;
};

/* Among findings of the same severity, the one that decides what the
 * receiver does names the step: a broken SPF, then DMARC's verdict, then
 * the SPF and DKIM gaps behind it, then what is merely missing. */
static int weight(const char *cause)
{
	static const char *const order[] = {
	    "spf-invalid", "dmarc-unaligned", "spf-not-authorized",
	    "spf-missing", "dkim-missing",    "dmarc-missing",
	};

	for (size_t i = 0;
	     cause != NULL && i < sizeof(order) / sizeof(order[0]); i++)
		if (strcmp(cause, order[i]) == 0)
			return (int)(sizeof(order) / sizeof(order[0]) - i);
	return 0;
}

static void found(struct deliv *d, enum step_status status, const char *cause)
{
	if (status > d->worst.status ||
	    (status == d->worst.status &&
	     (d->worst.cause == NULL ||
	      weight(cause) > weight(d->worst.cause)))) {
		d->worst.status = status;
		d->worst.cause = cause;
	}
}

/* ---- DNS through the step's deadline --------------------------------------
 */

static enum lookup_status q_txt(void *ctx, const char *name,
				struct dns_txt *out)
{
	struct deliv *d = ctx;
	struct lookup_query q;

	return dns_get_txt(name, d->deadline, QUERY_SHARE, out, &q);
}

static enum lookup_status q_ips(void *ctx, const char *name, int family,
				struct dns_ips *out)
{
	struct deliv *d = ctx;
	struct lookup_query q;

	return dns_get_ips(name, family == AF_INET6 ? ns_t_aaaa : ns_t_a,
			   d->deadline, QUERY_SHARE, out, &q);
}

static enum lookup_status q_mx(void *ctx, const char *name,
			       char (*names)[LOOKUP_NAME_MAX], size_t *n)
{
	struct deliv *d = ctx;
	struct lookup_mx_list mx;
	struct lookup_query q;
	enum lookup_status st;

	*n = 0;
	st = lookup_mx(name, d->deadline, &mx, &q);
	for (size_t i = 0; i < mx.n && *n < SPF_MAX_MX; i++)
		snprintf(names[(*n)++], LOOKUP_NAME_MAX, "%s", mx.mx[i].host);
	return st == LOOKUP_NO_RECORDS || st == LOOKUP_NXDOMAIN ? LOOKUP_FOUND
								: st;
}

static bool dns_failed(enum lookup_status st)
{
	return st == LOOKUP_FAILURE || st == LOOKUP_TIMEOUT ||
	       st == LOOKUP_SKIPPED;
}

/* ---- SPF ------------------------------------------------------------------
 */

static void relay_ips(const struct run *run, struct dns_ips *out)
{
	out->n = 0;
	for (size_t i = 0; i < run->addrs.n && out->n < DNS_IP_MAX; i++) {
		const struct sockaddr_storage *ss = &run->addrs.a[i].ss;
		struct dns_ip *ip = &out->ip[out->n];

		if (ss->ss_family == AF_INET) {
			ip->family = AF_INET;
			memcpy(ip->addr,
			       &((const struct sockaddr_in *)ss)->sin_addr, 4);
		} else if (ss->ss_family == AF_INET6) {
			ip->family = AF_INET6;
			memcpy(ip->addr,
			       &((const struct sockaddr_in6 *)ss)->sin6_addr,
			       16);
		} else {
			continue;
		}
		out->n++;
	}
}

/* The mechanism to add for this relay: the provider's include, or the
 * relay's own address when it is not a known provider. */
static void spf_suggestion(const struct deliv *d, char *buf, size_t n)
{
	const struct net_addrs *a = &d->run->addrs;

	if (d->include[0] != '\0')
		snprintf(buf, n, "include:%s", d->include);
	else if (a->n > 0)
		snprintf(buf, n, "%s:%s",
			 a->a[0].ss.ss_family == AF_INET6 ? "ip6" : "ip4",
			 a->a[0].text);
	else
		snprintf(buf, n, "a:%s", d->run->settings->host);
}

static void check_spf(struct deliv *d)
{
	struct spf_dns dns = {q_txt, q_ips, q_mx, d};
	struct dns_ips relay;
	char add[LOOKUP_NAME_MAX + 16];
	struct spf_eval *e = calloc(1, sizeof(*e));
	bool hard;

	if (e == NULL) {
		step_add_evidence(d->st, "SPF: %s", _("out of memory"));
		found(d, ST_WARN, "deliverability-dns");
		return;
	}
	relay_ips(d->run, &relay);
	e->relay = d->include[0] ? NULL : &relay;
	e->include = d->include[0] ? d->include : NULL;
	e->dns = &dns;
	spf_evaluate(d->domain, e);
	spf_suggestion(d, add, sizeof(add));
	if (e->chain[0] != '\0')
		step_add_evidence(d->st, "SPF: %s", e->chain);
	if (e->result == SPF_TEMPERROR) {
		step_add_evidence(d->st, _("SPF: %s"), e->error);
		found(d, ST_WARN, "deliverability-dns");
	} else if (e->result == SPF_PERMERROR) {
		step_add_evidence(d->st, _("SPF: permanent error: %s"),
				  e->error);
		found(d, ST_FAIL, "spf-invalid");
	} else if (e->records == 0) {
		step_add_evidence(d->st, _("SPF: %s publishes no SPF record"),
				  d->domain);
		step_add_hint(d->st,
			      _("Publish this TXT record at %s: \"v=spf1 %s "
				"~all\"."),
			      d->domain, add);
		found(d, ST_WARN, "spf-missing");
	} else {
		hard = strstr(e->record, "-all") != NULL;
		if (e->include != NULL)
			d->spf_ok = e->include_found;
		else
			d->spf_ok = e->result == SPF_PASS;
		if (e->include != NULL)
			step_add_evidence(d->st,
					  d->spf_ok
					      ? _("SPF: include:%s found")
					      : _("SPF: include:%s missing"),
					  e->include);
		else
			step_add_evidence(
			    d->st,
			    _("SPF: %s for the relay's address %s (judged "
			      "by the submission server's addresses: the "
			      "relay may send from others)"),
			    spf_result_name(e->result),
			    d->run->addrs.n ? d->run->addrs.a[0].text : "-");
		if (e->approximate)
			step_add_evidence(d->st, "%s",
					  _("SPF: macros or ptr in the record "
					    "were not evaluated"));
		step_add_evidence(d->st, _("SPF: %d of 10 DNS lookups"),
				  e->lookups);
		if (!d->spf_ok) {
			step_add_hint(
			    d->st,
			    _("Add %s to the SPF record of %s, before "
			      "its \"all\"."),
			    add, d->domain);
			found(d, hard ? ST_FAIL : ST_WARN,
			      "spf-not-authorized");
		}
	}
	free(e);
}

/* ---- DKIM -----------------------------------------------------------------
 */

static void check_dkim(struct deliv *d)
{
	char sel[64], name[LOOKUP_NAME_MAX + 80], missing[256] = "";
	const char *p;
	struct dns_txt *txt;
	struct lookup_query q;
	enum lookup_status st;

	if (d->auth == NULL || d->auth->dkim_selectors == NULL) {
		d->dkim_unknown = true;
		step_add_evidence(
		    d->st,
		    _("DKIM: the selector is chosen per account: it cannot "
		      "be checked from outside. In a message received through "
		      "this relay, look for DKIM-Signature with d=%s and "
		      "Authentication-Results with dkim=pass."),
		    d->domain);
		return;
	}
	txt = malloc(sizeof(*txt));
	if (txt == NULL)
		return;
	for (p = d->auth->dkim_selectors; *p != '\0';) {
		size_t l = strcspn(p, " ");

		snprintf(sel, sizeof(sel), "%.*s", (int)l, p);
		p += l;
		while (*p == ' ')
			p++;
		snprintf(name, sizeof(name), "%s._domainkey.%s", sel,
			 d->domain);
		st = dns_get_txt(name, d->deadline, QUERY_SHARE, txt, &q);
		if (dns_failed(st)) {
			step_add_evidence(d->st, _("DKIM: %s: %s"), name,
					  q.detail);
			found(d, ST_WARN, "deliverability-dns");
			d->dkim_unknown = true;
			continue;
		}
		for (size_t i = 0; i < txt->n; i++)
			if (strstr(txt->text[i], "p=") != NULL)
				d->dkim_ok = true;
		if (txt->n > 0 && d->dkim_ok) {
			step_add_evidence(d->st, _("DKIM: %s published"), name);
		} else {
			step_add_evidence(d->st, _("DKIM: %s not published"),
					  name);
			snprintf(missing + strlen(missing),
				 sizeof(missing) - strlen(missing), "%s%s",
				 missing[0] ? ", " : "", sel);
		}
	}
	free(txt);
	if (!d->dkim_ok && !d->dkim_unknown) {
		step_add_hint(d->st,
			      _("Turn on DKIM signing for %s at the provider "
				"and publish the records it gives (selectors "
				"%s): %s"),
			      d->domain, missing, d->auth->setup_page);
		found(d, ST_WARN, "dkim-missing");
	}
}

/* ---- DMARC ----------------------------------------------------------------
 */

/* The record at _dmarc.name; 1 found, 0 none, -1 DNS failure. */
static int fetch_dmarc(struct deliv *d, const char *name,
		       struct dmarc_record *r, char *text, size_t n)
{
	char qname[LOOKUP_NAME_MAX + 8], why[160];
	struct dns_txt *txt = malloc(sizeof(*txt));
	struct lookup_query q;
	enum lookup_status st;
	int rc = 0, count = 0;

	if (txt == NULL)
		return -1;
	snprintf(qname, sizeof(qname), "_dmarc.%s", name);
	st = dns_get_txt(qname, d->deadline, QUERY_SHARE, txt, &q);
	if (dns_failed(st)) {
		step_add_evidence(d->st, _("DMARC: %s: %s"), qname, q.detail);
		free(txt);
		return -1;
	}
	for (size_t i = 0; i < txt->n; i++) {
		if (!dmarc_is_record(txt->text[i]))
			continue;
		/* RFC 7489 section 6.6.3: more than one means none. */
		if (++count > 1)
			break;
		snprintf(text, n, "%s", txt->text[i]);
		if (dmarc_parse(txt->text[i], r, why, sizeof(why)) == 0) {
			rc = 1;
		} else {
			step_add_evidence(d->st, _("DMARC: %s: %s"), qname,
					  why);
		}
	}
	if (count > 1) {
		step_add_evidence(d->st,
				  _("DMARC: %s has more than one record: "
				    "receivers ignore them all"),
				  qname);
		rc = 0;
	}
	if (rc == 1)
		step_add_evidence(d->st, "DMARC: %s: %s", qname, text);
	free(txt);
	return rc;
}

static void check_dmarc(struct deliv *d)
{
	char org[LOOKUP_NAME_MAX], text[DNS_TXT_MAX];
	struct dmarc_record r;
	enum dmarc_policy p;
	bool from_org = false;
	int rc;

	rc = fetch_dmarc(d, d->domain, &r, text, sizeof(text));
	if (rc == 0 && dmarc_org_domain(d->domain, org, sizeof(org)) == 0 &&
	    strcmp(org, d->domain) != 0) {
		rc = fetch_dmarc(d, org, &r, text, sizeof(text));
		from_org = rc == 1;
	}
	if (rc < 0) {
		found(d, ST_WARN, "deliverability-dns");
		return;
	}
	if (rc == 0) {
		step_add_evidence(d->st,
				  _("DMARC: %s publishes no DMARC "
				    "record"),
				  d->domain);
		step_add_hint(d->st,
			      _("Publish a TXT record at _dmarc.%s, for a "
				"start \"v=DMARC1; p=none; "
				"rua=mailto:postmaster@%s\"."),
			      d->domain, d->domain);
		found(d, ST_WARN, "dmarc-missing");
		return;
	}
	/* A subdomain under the organisation's record follows sp=. */
	p = from_org ? r.sp : r.p;
	step_add_evidence(
	    d->st, _("DMARC: policy %s; SPF %s, DKIM %s for this relay"),
	    dmarc_policy_name(p),
	    d->spf_ok && (d->auth == NULL || d->auth->envelope_is_sender)
		? _("aligns")
		: _("does not align"),
	    d->dkim_ok        ? _("aligns")
	    : d->dkim_unknown ? _("unknown")
			      : _("does not align"));
	if (p == DMARC_NONE || d->dkim_ok ||
	    (d->spf_ok && (d->auth == NULL || d->auth->envelope_is_sender)))
		return;
	if (d->auth != NULL && !d->auth->envelope_is_sender && d->spf_ok)
		step_add_hint(d->st,
			      _("%s sends with its own envelope sender, so "
				"SPF cannot align: set up its custom return "
				"path (MAIL FROM) for %s, or DKIM."),
			      d->preset ? d->preset->name : d->provider,
			      d->domain);
	/* Unknown DKIM may still save the message: only a warning then. */
	found(d, p == DMARC_REJECT && !d->dkim_unknown ? ST_FAIL : ST_WARN,
	      "dmarc-unaligned");
}

/* ---- the step ---------------------------------------------------------------
 */

/* The sender domain is the provider's own mailbox domain (gmail.com through
 * smtp.gmail.com): the provider authenticates it. */
static bool own_domain(const struct deliv *d)
{
	const char *p = d->preset ? d->preset->domains : NULL;
	size_t l = strlen(d->domain);

	while (p != NULL && *p != '\0') {
		size_t k = strcspn(p, " ");

		if (k == l && strncasecmp(p, d->domain, l) == 0)
			return true;
		p += k;
		while (*p == ' ')
			p++;
	}
	return false;
}

/* A refusal the classifier put down to SPF, DKIM or DMARC is explained by
 * this step's findings: say so here, where they are. */
static void link_refusal(struct deliv *d)
{
	for (int i = STEP_SENDER; i <= STEP_MESSAGE; i++) {
		const struct step *o = &d->run->result->steps[i];

		if (o->cause != NULL && strcmp(o->cause, "spf-dkim-dmarc") == 0)
			step_add_evidence(d->st,
					  _("The server refused at step %s for "
					    "SPF, DKIM or DMARC: the findings "
					    "here say why."),
					  step_id_name(o->id));
	}
}

static void summarise(struct deliv *d)
{
	const char *who = d->preset     ? d->preset->name
			  : d->provider ? d->provider
					: d->run->settings->host;

	if (d->worst.cause != NULL) {
		char hint[STEP_HINT_MAX];

		/* The catalogue's words first, then what this domain needs. */
		snprintf(hint, sizeof(hint), "%s", d->st->hint);
		step_cause(d->run, STEP_DELIVERABILITY, d->worst.cause,
			   d->provider);
		if (hint[0] != '\0')
			step_add_hint(d->st, "%s", hint);
		step_end(d->run, STEP_DELIVERABILITY, d->worst.status);
		return;
	}
	snprintf(d->st->summary, sizeof(d->st->summary),
		 _("SPF, DKIM and DMARC of %s let %s send"), d->domain, who);
	step_end(d->run, STEP_DELIVERABILITY, ST_PASS);
}

enum step_status step_deliverability(struct run *run)
{
	const struct settings *s = run->settings;
	struct step *st = &run->result->steps[STEP_DELIVERABILITY];
	struct deliv d = {.run = run, .st = st, .worst = {ST_PASS, NULL}};

	if (run->opt != NULL && run->opt->no_deliverability) {
		step_skip(run, STEP_DELIVERABILITY,
			  _("Skipped: --no-deliverability"));
		return ST_SKIP;
	}
	if (s->from == NULL || s->from[0] == '\0' ||
	    lookup_domain_of(s->from, d.domain, sizeof(d.domain)) != 0) {
		step_skip(run, STEP_DELIVERABILITY,
			  _("No sender address: nothing to check"));
		return ST_SKIP;
	}
	step_begin(run, STEP_DELIVERABILITY);
	d.deadline = step_deadline(run);
	d.preset = providers_match_host(s->host);
	d.provider = d.preset ? d.preset->provider : run->provider;
	d.auth = sender_auth_for(d.provider);
	if (!sender_auth_include(d.auth, s->host, d.include, sizeof(d.include)))
		d.include[0] = '\0';
	if (own_domain(&d)) {
		snprintf(st->summary, sizeof(st->summary),
			 _("%s is %s's own domain: the provider "
			   "authenticates it"),
			 d.domain, d.preset->name);
		step_end(run, STEP_DELIVERABILITY, ST_PASS);
		return ST_PASS;
	}
	link_refusal(&d);
	check_spf(&d);
	if (!run_cancelled(run))
		check_dkim(&d);
	if (!run_cancelled(run))
		check_dmarc(&d);
	if (step_cancelled(run, STEP_DELIVERABILITY))
		return ST_SKIP;
	summarise(&d);
	return st->status;
}
