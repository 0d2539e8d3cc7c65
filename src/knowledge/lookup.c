/* Submission settings from an address: preset table, RFC 6186 / RFC 8314
 * SRV records, then MX host names matched against the preset table.
 *
 * DNS goes through the thread-safe res_n* interface with a private
 * resolver state per query, so the wizard's worker thread and the engine
 * never share one. glibc only knows whole seconds per server and attempt:
 * the time left is turned into one attempt with a per-server timeout that
 * keeps the worst case within the share (at least one second). */
#include <config.h>

#include <arpa/nameser.h>
#include <errno.h>
#include <stdarg.h>
#include <idn2.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "knowledge/dns_query.h"
#include "knowledge/lookup.h"

#define SRV_MAX 8

struct srv {
	int priority, weight, port;
	char target[LOOKUP_NAME_MAX];
};

static const char note_srv[] =
    N_("Published by the domain in DNS (RFC 6186). Unless the domain uses "
       "DNSSEC the record is not authenticated: make sure the host "
       "belongs to your provider.");
static const char note_mx[] =
    N_("Recognised from the domain's MX record: the domain receives its "
       "mail at this provider, which then usually sends it too.");

const char *lookup_source_name(enum lookup_source src)
{
	switch (src) {
	case LOOKUP_PRESET:
		return "preset";
	case LOOKUP_SRV_SUBMISSIONS:
		return "srv-submissions";
	case LOOKUP_SRV_SUBMISSION:
		return "srv-submission";
	case LOOKUP_MX:
		break;
	}
	return "mx";
}

const char *lookup_status_name(enum lookup_status st)
{
	switch (st) {
	case LOOKUP_FOUND:
		return "found";
	case LOOKUP_NXDOMAIN:
		return "not-found";
	case LOOKUP_NO_RECORDS:
		return "no-records";
	case LOOKUP_NOT_OFFERED:
		return "not-offered";
	case LOOKUP_FAILURE:
		return "failure";
	case LOOKUP_TIMEOUT:
		return "timeout";
	case LOOKUP_SKIPPED:
		break;
	}
	return "skipped";
}

/* ---- names ------------------------------------------------------------- */

static char fold(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool is_ldh(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Lowercases name in place and checks it is a host name: LDH labels of
 * 1-63 characters, not starting or ending with '-', at least two labels.
 * A name from DNS may hold anything; it reaches terminals and JSON. */
static bool host_name_ok(char *name)
{
	size_t len = strlen(name), label = 0, labels = 1;

	if (len > 0 && name[len - 1] == '.')
		name[--len] = '\0';
	if (len == 0 || len > 253)
		return false;
	for (size_t i = 0; i < len; i++) {
		name[i] = fold(name[i]);
		if (name[i] == '.') {
			if (label == 0 || name[i - 1] == '-')
				return false;
			label = 0;
			labels++;
			continue;
		}
		if (!is_ldh(name[i]) || (label == 0 && name[i] == '-') ||
		    ++label > 63)
			return false;
	}
	return label > 0 && name[len - 1] != '-' && labels >= 2;
}

static bool is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

int lookup_domain_of(const char *addr, char *domain, size_t n)
{
	const char *at, *d;
	uint8_t *ace = NULL;
	int rc = -1;

	if (addr == NULL || n == 0)
		return -1;
	domain[0] = '\0';
	at = strrchr(addr, '@');
	d = at ? at + 1 : addr;
	if (strnlen(d, 1024) >= 1024)
		return -1;
	if (!is_ascii(d)) {
		if (idn2_lookup_u8((const uint8_t *)d, &ace,
				   IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) !=
		    IDN2_OK)
			return -1;
		d = (const char *)ace;
	}
	if (strlen(d) < n) {
		snprintf(domain, n, "%s", d);
		rc = host_name_ok(domain) ? 0 : -1;
	}
	idn2_free(ace);
	if (rc != 0)
		domain[0] = '\0';
	return rc;
}

/* ---- DNS ---------------------------------------------------------------- */

/* The name in an RR's data at p, as a checked host name; "" for the root
 * ("." = no such service). False when it cannot be read or is no host. */
static bool rr_name(const ns_msg *msg, const unsigned char *p, char *out,
		    size_t n)
{
	if (dn_expand(ns_msg_base(*msg), ns_msg_end(*msg), p, out, (int)n) < 0)
		return false;
	if (out[0] == '\0' || strcmp(out, ".") == 0) {
		out[0] = '\0';
		return true;
	}
	return host_name_ok(out);
}

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* Calls add for each answer record of type whose data holds skip bytes of
 * fixed fields, then a name; returns how many add took. */
static int each_rr(const unsigned char *buf, int len, int type, size_t skip,
		   bool (*add)(void *ctx, const unsigned char *rd,
			       const char *name),
		   void *ctx)
{
	char name[LOOKUP_NAME_MAX];
	ns_msg msg;
	ns_rr rr;
	int count = 0;

	if (ns_initparse(buf, len, &msg) < 0)
		return 0;
	for (int i = 0; i < ns_msg_count(msg, ns_s_an); i++) {
		if (ns_parserr(&msg, ns_s_an, i, &rr) < 0)
			break;
		if ((int)ns_rr_type(rr) != type || ns_rr_class(rr) != ns_c_in ||
		    (size_t)ns_rr_rdlen(rr) <= skip ||
		    !rr_name(&msg, ns_rr_rdata(rr) + skip, name, sizeof(name)))
			continue;
		if (add(ctx, ns_rr_rdata(rr), name))
			count++;
	}
	return count;
}

/* ---- SRV --------------------------------------------------------------- */

struct srv_list {
	size_t n;
	bool root; /* a "." target was seen */
	struct srv s[SRV_MAX];
};

static bool add_srv(void *ctx, const unsigned char *rd, const char *name)
{
	struct srv_list *l = ctx;
	struct srv *s;

	if (name[0] == '\0') {
		l->root = true;
		return false;
	}
	/* Port 0 cannot be connected to. */
	if (l->n >= SRV_MAX || get16(rd + 4) == 0)
		return false;
	s = &l->s[l->n++];
	s->priority = (int)get16(rd);
	s->weight = (int)get16(rd + 2);
	s->port = (int)get16(rd + 4);
	snprintf(s->target, sizeof(s->target), "%s", name);
	return true;
}

/* Lowest priority first (RFC 2782); among equals the heavier first, so
 * that the order is stable instead of random. */
static int srv_cmp(const void *a, const void *b)
{
	const struct srv *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority - y->priority;
	return y->weight - x->weight;
}

/* The source's own note (or none), then the provider's. */
static void add_notes(struct lookup_finding *f, const char *first,
		      const struct preset *p)
{
	size_t k = 0;

	if (first != NULL)
		f->notes[k++] = first;
	for (size_t i = 0;
	     p != NULL && p->notes[i] != NULL && k < LOOKUP_NOTES_MAX; i++)
		f->notes[k++] = p->notes[i];
	f->notes[k] = NULL;
}

/* The finding's evidence. Formatted through a local buffer: the
 * arguments may live in the same result as the finding. */
__attribute__((format(printf, 2, 3))) static void
record(struct lookup_finding *f, const char *fmt, ...)
{
	char text[LOOKUP_RECORD_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	memcpy(f->record, text, sizeof(text));
}

/* q->name = service.domain; false when that is no DNS name (too long). */
static bool join_name(struct lookup_query *q, const char *service,
		      const char *domain)
{
	char name[LOOKUP_NAME_MAX + 32];
	int len = snprintf(name, sizeof(name), "%s.%s", service, domain);

	if (len < 0 || len > 253)
		return false;
	memcpy(q->name, name, (size_t)len + 1);
	return true;
}

static struct lookup_finding *new_finding(struct lookup_result *out,
					  enum lookup_source src)
{
	struct lookup_finding *f;

	if (out->n_found >= LOOKUP_MAX_FOUND)
		return NULL;
	f = &out->found[out->n_found++];
	memset(f, 0, sizeof(*f));
	f->source = src;
	return f;
}

static void srv_findings(struct lookup_result *out, const char *addr,
			 const struct lookup_query *q, struct srv_list *l,
			 enum lookup_source src, enum sw_tls tls)
{
	qsort(l->s, l->n, sizeof(l->s[0]), srv_cmp);
	for (size_t i = 0; i < l->n; i++) {
		struct lookup_finding *f = new_finding(out, src);

		if (f == NULL)
			return;
		snprintf(f->host, sizeof(f->host), "%s", l->s[i].target);
		f->port = l->s[i].port;
		f->tls = tls;
		f->preset = providers_match_host(f->host);
		preset_username(f->preset, addr, f->user, sizeof(f->user));
		record(f, "%s SRV %d %d %d %s", q->name, l->s[i].priority,
		       l->s[i].weight, l->s[i].port, l->s[i].target);
		add_notes(f, note_srv, f->preset);
	}
}

static void srv_step(struct lookup_result *out, const char *addr,
		     const char *service, enum lookup_source src,
		     enum sw_tls tls, int64_t deadline, int share,
		     unsigned char *buf)
{
	struct lookup_query *q = &out->queries[out->n_queries++];
	struct srv_list l = {0};
	int len;

	q->type = "SRV";
	if (!join_name(q, service, out->domain)) {
		dns_set_query(q, LOOKUP_FAILURE, "name too long");
		return;
	}
	if (dns_query(q, ns_t_srv, deadline, share, buf, &len) != LOOKUP_FOUND)
		return;
	q->records = each_rr(buf, len, ns_t_srv, 6, add_srv, &l);
	if (l.n == 0)
		dns_set_query(q,
			      l.root ? LOOKUP_NOT_OFFERED : LOOKUP_NO_RECORDS,
			      l.root ? "target \".\"" : "");
	srv_findings(out, addr, q, &l, src, tls);
}

/* ---- MX ---------------------------------------------------------------- */

static bool add_mx(void *ctx, const unsigned char *rd, const char *name)
{
	struct lookup_mx_list *l = ctx;

	/* A null MX (RFC 7505, "0 .") says the domain takes no mail. */
	if (name[0] == '\0' || l->n >= LOOKUP_MAX_MX)
		return false;
	l->mx[l->n].preference = (int)get16(rd);
	snprintf(l->mx[l->n].host, sizeof(l->mx[l->n].host), "%s", name);
	l->n++;
	return true;
}

static int mx_cmp(const void *a, const void *b)
{
	const struct lookup_mx *x = a, *y = b;

	if (x->preference != y->preference)
		return x->preference - y->preference;
	return strcmp(x->host, y->host);
}

static enum lookup_status mx_query(const char *domain, int64_t deadline,
				   int share, unsigned char *buf,
				   struct lookup_mx_list *out,
				   struct lookup_query *q)
{
	int len;

	memset(out, 0, sizeof(*out));
	memset(q, 0, sizeof(*q));
	q->type = "MX";
	snprintf(q->name, sizeof(q->name), "%s", domain);
	if (dns_query(q, ns_t_mx, deadline, share, buf, &len) != LOOKUP_FOUND)
		return q->status;
	q->records = each_rr(buf, len, ns_t_mx, 2, add_mx, out);
	qsort(out->mx, out->n, sizeof(out->mx[0]), mx_cmp);
	if (out->n == 0)
		dns_set_query(q, LOOKUP_NO_RECORDS, "");
	return q->status;
}

enum lookup_status lookup_mx(const char *domain, int64_t deadline,
			     struct lookup_mx_list *out, struct lookup_query *q)
{
	unsigned char *buf = malloc(ANSWER_MAX);
	enum lookup_status st;

	if (buf == NULL) {
		memset(out, 0, sizeof(*out));
		memset(q, 0, sizeof(*q));
		q->type = "MX";
		dns_set_query(q, LOOKUP_FAILURE, "out of memory");
		return LOOKUP_FAILURE;
	}
	st = mx_query(domain, deadline, 1, buf, out, q);
	free(buf);
	return st;
}

static bool have_preset(const struct lookup_result *out, const struct preset *p)
{
	for (size_t i = 0; i < out->n_found; i++)
		if (out->found[i].source == LOOKUP_MX &&
		    out->found[i].preset == p)
			return true;
	return false;
}

static void fill_preset(struct lookup_finding *f, const struct preset *p,
			const char *addr, const char *note)
{
	f->preset = p;
	snprintf(f->host, sizeof(f->host), "%s", p->host);
	f->port = p->port;
	f->tls = p->tls;
	preset_username(p, addr, f->user, sizeof(f->user));
	add_notes(f, note, p);
}

static void mx_step(struct lookup_result *out, const char *addr,
		    int64_t deadline, unsigned char *buf)
{
	struct lookup_query *q = &out->queries[out->n_queries++];

	if (mx_query(out->domain, deadline, 1, buf, &out->mx, q) !=
	    LOOKUP_FOUND)
		return;
	for (size_t i = 0; i < out->mx.n; i++) {
		const struct lookup_mx *m = &out->mx.mx[i];
		const struct preset *p = providers_match_mx(m->host);
		struct lookup_finding *f;

		if (p == NULL || have_preset(out, p) ||
		    (f = new_finding(out, LOOKUP_MX)) == NULL)
			continue;
		fill_preset(f, p, addr, note_mx);
		record(f, "%s MX %d %s", out->domain, m->preference, m->host);
	}
}

int lookup_finding_apply(const struct lookup_finding *f, struct settings *s)
{
	if (settings_set(&s->host, f->host) != 0 ||
	    (f->user[0] != '\0' && settings_set(&s->username, f->user) != 0))
		return -1;
	s->port = f->port;
	s->tls = f->tls;
	return 0;
}

int lookup_address(const char *addr, int64_t deadline,
		   struct lookup_result *out)
{
	const struct preset *p;
	unsigned char *buf;

	memset(out, 0, sizeof(*out));
	out->suggested = -1;
	if (lookup_domain_of(addr, out->domain, sizeof(out->domain)) != 0)
		return -1;
	/* A well-known mailbox domain: the table knows better than DNS,
	 * and the answer is instant. */
	p = providers_match_address(out->domain);
	if (p != NULL) {
		struct lookup_finding *f = new_finding(out, LOOKUP_PRESET);

		fill_preset(f, p, addr, NULL);
		record(f, "domain %s", out->domain);
		out->suggested = 0;
		return 0;
	}
	buf = malloc(ANSWER_MAX);
	if (buf == NULL) {
		out->n_queries = 1;
		out->queries[0].type = "SRV";
		dns_set_query(&out->queries[0], LOOKUP_FAILURE,
			      "out of memory");
		return 0;
	}
	srv_step(out, addr, "_submissions._tcp", LOOKUP_SRV_SUBMISSIONS,
		 SW_TLS_IMPLICIT, deadline, 3, buf);
	srv_step(out, addr, "_submission._tcp", LOOKUP_SRV_SUBMISSION,
		 SW_TLS_STARTTLS, deadline, 2, buf);
	mx_step(out, addr, deadline, buf);
	free(buf);
	out->suggested = out->n_found > 0 ? 0 : -1;
	return 0;
}
