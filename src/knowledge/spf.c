/* A bounded SPF evaluator (RFC 7208). Every count that could grow with a
 * hostile record is capped: terms per record, DNS lookups (10), void
 * lookups (2), MX names (10), recursion (by the lookup cap), and the
 * evidence buffer. All relay addresses are judged in one walk: a mask of
 * the addresses not yet decided goes down the tree. */
#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "knowledge/spf.h"

const char *spf_result_name(enum spf_result r)
{
	static const char *const names[] = {
	    "none",     "neutral",   "pass",      "fail",
	    "softfail", "temperror", "permerror",
	};

	return (unsigned)r < sizeof(names) / sizeof(names[0]) ? names[r]
							      : "none";
}

bool spf_is_record(const char *text)
{
	return strncasecmp(text, "v=spf1", 6) == 0 &&
	       (text[6] == '\0' || text[6] == ' ');
}

/* ---- parsing ------------------------------------------------------------- */

static const struct {
	const char *name;
	enum spf_kind kind;
} mechanisms[] = {
    {"all", SPF_ALL}, {"include", SPF_INCLUDE}, {"a", SPF_A},
    {"mx", SPF_MX},   {"ptr", SPF_PTR},         {"ip4", SPF_IP4},
    {"ip6", SPF_IP6}, {"exists", SPF_EXISTS},
};

__attribute__((format(printf, 3, 4))) static int fail(char *why, size_t n,
						      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return -1;
}

/* "/24", "//64" or "/24//64" at the end of arg: taken off arg. */
static int take_cidr(char *arg, struct spf_term *t)
{
	char *dbl = strstr(arg, "//"), *one;
	char *end;
	long v;

	if (dbl != NULL) {
		v = strtol(dbl + 2, &end, 10);
		if (dbl[2] == '\0' || *end != '\0' || v < 0 || v > 128 ||
		    !isdigit((unsigned char)dbl[2]))
			return -1;
		t->cidr6 = (int)v;
		*dbl = '\0';
	}
	one = strrchr(arg, '/');
	if (one != NULL) {
		v = strtol(one + 1, &end, 10);
		if (one[1] == '\0' || *end != '\0' || v < 0 || v > 32 ||
		    !isdigit((unsigned char)one[1]))
			return -1;
		t->cidr4 = (int)v;
		*one = '\0';
	}
	return 0;
}

/* A domain-spec: printable ASCII without spaces; macros are kept. */
static bool domain_spec_ok(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static int parse_address(struct spf_term *t, char *why, size_t whyn,
			 const char *term)
{
	char *slash = strchr(t->arg, '/'), *end;
	long v;
	int max = t->kind == SPF_IP4 ? 32 : 128;

	if (slash != NULL) {
		v = strtol(slash + 1, &end, 10);
		if (slash[1] == '\0' || *end != '\0' || v < 0 || v > max ||
		    !isdigit((unsigned char)slash[1]))
			return fail(why, whyn, "bad prefix length in '%s'",
				    term);
		*slash = '\0';
		if (t->kind == SPF_IP4)
			t->cidr4 = (int)v;
		else
			t->cidr6 = (int)v;
	}
	if (inet_pton(t->kind == SPF_IP4 ? AF_INET : AF_INET6, t->arg,
		      t->addr) != 1)
		return fail(why, whyn, "'%s' is not a valid address", term);
	return 0;
}

static int parse_term(const char *term, struct spf_term *t, char *why,
		      size_t whyn)
{
	const char *p = term, *eq = strchr(term, '='), *colon;
	size_t nl;

	memset(t, 0, sizeof(*t));
	t->cidr4 = 32;
	t->cidr6 = 128;
	/* A modifier is name=value with the name before any ':' or '/'. */
	if (eq != NULL && strcspn(term, ":/") > (size_t)(eq - term)) {
		nl = (size_t)(eq - term);
		if (nl == 0 || strlen(eq + 1) >= sizeof(t->arg))
			return fail(why, whyn, "malformed modifier '%s'", term);
		t->kind = nl == 8 && strncasecmp(term, "redirect", 8) == 0
			      ? SPF_REDIRECT
			  : nl == 3 && strncasecmp(term, "exp", 3) == 0
			      ? SPF_EXP
			      : SPF_UNKNOWN_MODIFIER;
		memcpy(t->arg, eq + 1, strlen(eq + 1) + 1);
		if (t->kind != SPF_UNKNOWN_MODIFIER && !domain_spec_ok(t->arg))
			return fail(why, whyn, "modifier '%s' has no domain",
				    term);
		return 0;
	}
	t->qualifier = '+';
	if (strchr("+-~?", *p) != NULL && *p != '\0')
		t->qualifier = *p++;
	colon = p + strcspn(p, ":/");
	nl = (size_t)(colon - p);
	for (size_t i = 0; i < sizeof(mechanisms) / sizeof(mechanisms[0]);
	     i++) {
		if (strlen(mechanisms[i].name) != nl ||
		    strncasecmp(p, mechanisms[i].name, nl) != 0)
			continue;
		t->kind = mechanisms[i].kind;
		if (strlen(colon) >= sizeof(t->arg))
			return fail(why, whyn, "'%s' is too long", term);
		if (*colon == ':') {
			memcpy(t->arg, colon + 1, strlen(colon + 1) + 1);
		} else if (*colon == '/') {
			memcpy(t->arg, colon, strlen(colon) + 1);
		}
		switch (t->kind) {
		case SPF_ALL:
			return *colon == '\0'
				   ? 0
				   : fail(why, whyn, "'%s': all takes nothing",
					  term);
		case SPF_INCLUDE:
		case SPF_EXISTS:
			return *colon == ':' && domain_spec_ok(t->arg)
				   ? 0
				   : fail(why, whyn, "'%s' needs a domain",
					  term);
		case SPF_IP4:
		case SPF_IP6:
			if (*colon != ':')
				return fail(why, whyn, "'%s' needs an address",
					    term);
			return parse_address(t, why, whyn, term);
		case SPF_A:
		case SPF_MX:
			if (take_cidr(t->arg, t) != 0)
				return fail(why, whyn,
					    "bad prefix length in '%s'", term);
			/* "a" alone, "a/24" or "a:domain[/24]" */
			if (*colon == ':' && !domain_spec_ok(t->arg))
				return fail(why, whyn, "'%s' needs a domain",
					    term);
			if (*colon == '/')
				t->arg[0] = '\0';
			return 0;
		case SPF_PTR:
			return *colon == '\0' ||
				       (*colon == ':' && domain_spec_ok(t->arg))
				   ? 0
				   : fail(why, whyn, "malformed '%s'", term);
		default:
			return 0;
		}
	}
	return fail(why, whyn, "unknown mechanism '%s'", term);
}

int spf_parse(const char *record, struct spf_term *terms, size_t max, size_t *n,
	      char *why, size_t whyn)
{
	char term[SPF_ARG_MAX + 16];
	const char *p = record;
	bool redirect = false, exp = false;

	*n = 0;
	if (!spf_is_record(record))
		return fail(why, whyn, "not an SPF record");
	p += 6;
	for (;;) {
		size_t l;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			return 0;
		l = strcspn(p, " ");
		if (l >= sizeof(term)) {
			snprintf(why, whyn, "a term longer than %zu characters",
				 sizeof(term) - 1);
			return -1;
		}
		memcpy(term, p, l);
		term[l] = '\0';
		p += l;
		if (*n == max)
			return fail(why, whyn, "more than %d terms",
				    SPF_MAX_TERMS);
		if (parse_term(term, &terms[*n], why, whyn) != 0)
			return -1;
		/* RFC 7208 section 6: each at most once. */
		if ((terms[*n].kind == SPF_REDIRECT && redirect) ||
		    (terms[*n].kind == SPF_EXP && exp))
			return fail(why, whyn, "'%s' appears twice", term);
		redirect |= terms[*n].kind == SPF_REDIRECT;
		exp |= terms[*n].kind == SPF_EXP;
		(*n)++;
	}
}

/* ---- evaluating ---------------------------------------------------------- */

struct walk {
	struct spf_eval *e;
	const char *top;
	bool error; /* e->result holds PERMERROR or TEMPERROR */
};

static void chain_add(struct spf_eval *e, const char *name, const char *text)
{
	size_t used = strlen(e->chain);

	if (used + 1 < sizeof(e->chain))
		snprintf(e->chain + used, sizeof(e->chain) - used, "%s%s: %s",
			 used ? "\n" : "", name, text);
}

__attribute__((format(printf, 3, 4))) static void
set_error(struct walk *w, enum spf_result r, const char *why, ...)
{
	va_list ap;

	if (w->error)
		return;
	w->error = true;
	w->e->result = r;
	va_start(ap, why);
	vsnprintf(w->e->error, sizeof(w->e->error), why, ap);
	va_end(ap);
}

/* Counts one DNS-querying term; false once past the limit. */
static bool count_lookup(struct walk *w)
{
	if (++w->e->lookups <= SPF_MAX_LOOKUPS)
		return true;
	set_error(w, SPF_PERMERROR,
		  "more than %d DNS lookups (include, a, mx, ptr, exists, "
		  "redirect)",
		  SPF_MAX_LOOKUPS);
	return false;
}

static void count_void(struct walk *w, const char *name)
{
	if (++w->e->void_lookups > SPF_MAX_VOID)
		set_error(w, SPF_PERMERROR,
			  "more than 2 lookups found nothing (the last: %s)",
			  name);
}

static bool in_prefix(const struct dns_ip *ip, const unsigned char *net,
		      int family, int bits)
{
	int whole = bits / 8, rest = bits % 8;

	if (ip->family != family)
		return false;
	if (memcmp(ip->addr, net, (size_t)whole) != 0)
		return false;
	return rest == 0 ||
	       ((ip->addr[whole] ^ net[whole]) & (0xff << (8 - rest))) == 0;
}

static unsigned match_ips(const struct spf_eval *e, unsigned mask,
			  const struct dns_ips *ips, int c4, int c6)
{
	unsigned hit = 0;

	for (size_t i = 0; e->relay != NULL && i < e->relay->n; i++) {
		if (!(mask & (1u << i)))
			continue;
		for (size_t k = 0; k < ips->n; k++)
			if (in_prefix(&e->relay->ip[i], ips->ip[k].addr,
				      ips->ip[k].family,
				      ips->ip[k].family == AF_INET ? c4 : c6))
				hit |= 1u << i;
	}
	return hit;
}

static bool dns_error(enum lookup_status st)
{
	return st == LOOKUP_FAILURE || st == LOOKUP_TIMEOUT ||
	       st == LOOKUP_SKIPPED;
}

/* The addresses of name into ips; false on a DNS error (recorded). */
static bool addresses(struct walk *w, const char *name, struct dns_ips *ips)
{
	enum lookup_status s4, s6;

	ips->n = 0;
	s4 = w->e->dns->ips(w->e->dns->ctx, name, AF_INET, ips);
	s6 = w->e->dns->ips(w->e->dns->ctx, name, AF_INET6, ips);
	if (dns_error(s4) || dns_error(s6)) {
		set_error(w, SPF_TEMPERROR, "DNS lookup of %s failed", name);
		return false;
	}
	if (ips->n == 0)
		count_void(w, name);
	return !w->error;
}

static unsigned eval_record(struct walk *w, const char *domain, unsigned mask,
			    enum spf_result *res, int depth, bool top);

static enum spf_result qual_result(char q)
{
	return q == '-'   ? SPF_FAIL
	       : q == '~' ? SPF_SOFTFAIL
	       : q == '?' ? SPF_NEUTRAL
			  : SPF_PASS;
}

/* Which undecided addresses the mechanism t matches. */
static unsigned mechanism(struct walk *w, const struct spf_term *t,
			  const char *domain, unsigned mask, int depth)
{
	const char *target = t->arg[0] ? t->arg : domain;
	struct dns_ips ips = {0};
	unsigned hit = 0;

	if (t->kind == SPF_ALL)
		return mask;
	if (t->kind == SPF_IP4 || t->kind == SPF_IP6) {
		ips.n = 1;
		ips.ip[0].family = t->kind == SPF_IP4 ? AF_INET : AF_INET6;
		memcpy(ips.ip[0].addr, t->addr, 16);
		return match_ips(w->e, mask, &ips, t->cidr4, t->cidr6);
	}
	if (!count_lookup(w))
		return 0;
	/* Macros (%{i}, %{l}, ...) depend on the client and the message:
	 * not known before sending, so the term is judged as not matching. */
	if (strchr(target, '%') != NULL || t->kind == SPF_PTR) {
		w->e->approximate = true;
		return 0;
	}
	if (t->kind == SPF_INCLUDE) {
		enum spf_result inner[DNS_IP_MAX];
		unsigned decided;

		if (w->e->include != NULL &&
		    strcasecmp(target, w->e->include) == 0)
			w->e->include_found = true;
		decided = eval_record(w, target, mask, inner, depth + 1, false);
		for (size_t i = 0; i < DNS_IP_MAX; i++)
			if ((decided & (1u << i)) && inner[i] == SPF_PASS)
				hit |= 1u << i;
		return hit;
	}
	if (t->kind == SPF_EXISTS) {
		if (addresses(w, target, &ips) && ips.n > 0)
			return mask;
		return 0;
	}
	if (t->kind == SPF_A) {
		if (mask != 0 && addresses(w, target, &ips))
			hit = match_ips(w->e, mask, &ips, t->cidr4, t->cidr6);
		return hit;
	}
	if (t->kind == SPF_MX && mask != 0) {
		char names[SPF_MAX_MX][LOOKUP_NAME_MAX];
		size_t n = 0;
		enum lookup_status st;

		st = w->e->dns->mx(w->e->dns->ctx, target, names, &n);
		if (dns_error(st)) {
			set_error(w, SPF_TEMPERROR, "MX lookup of %s failed",
				  target);
			return 0;
		}
		if (n == 0)
			count_void(w, target);
		for (size_t k = 0; k < n && k < SPF_MAX_MX && !w->error; k++)
			if (addresses(w, names[k], &ips))
				hit |= match_ips(w->e, mask, &ips, t->cidr4,
						 t->cidr6);
	}
	return hit;
}

/* Fetches domain's record; NULL (with the verdict set) when there is not
 * exactly one. */
static const char *fetch(struct walk *w, const char *domain,
			 struct dns_txt *txt, bool top)
{
	enum lookup_status st = w->e->dns->txt(w->e->dns->ctx, domain, txt);
	const char *found = NULL;
	int count = 0;

	if (dns_error(st)) {
		set_error(w, SPF_TEMPERROR, "TXT lookup of %s failed", domain);
		return NULL;
	}
	for (size_t i = 0; i < txt->n; i++)
		if (spf_is_record(txt->text[i])) {
			count++;
			if (found == NULL)
				found = txt->text[i];
		}
	if (top) {
		w->e->records = count;
		if (found != NULL)
			snprintf(w->e->record, sizeof(w->e->record), "%s",
				 found);
	}
	if (count > 1) {
		set_error(w, SPF_PERMERROR,
			  "%s publishes more than one SPF "
			  "record",
			  domain);
		return NULL;
	}
	if (count == 0 && !top) {
		/* RFC 7208 section 5.2 and 6.1: an include or redirect to
		 * a domain without a record is a permanent error. */
		set_error(w, SPF_PERMERROR, "%s has no SPF record", domain);
		count_void(w, domain);
	}
	if (found != NULL)
		chain_add(w->e, domain, found);
	return found;
}

/* Evaluates domain's record for the addresses in mask; sets res[i] for the
 * ones it decided and returns their mask. */
static unsigned eval_record(struct walk *w, const char *domain, unsigned mask,
			    enum spf_result *res, int depth, bool top)
{
	struct dns_txt *txt;
	const struct spf_term *redirect = NULL;
	struct spf_term *terms;
	unsigned decided = 0, hit;
	const char *record;
	bool has_all = false;
	size_t n = 0;
	char why[256];

	if (depth > SPF_MAX_LOOKUPS || w->error)
		return 0;
	/* On the heap: the recursion goes up to 11 records deep. */
	txt = malloc(sizeof(*txt));
	terms = malloc(SPF_MAX_TERMS * sizeof(*terms));
	if (txt == NULL || terms == NULL) {
		set_error(w, SPF_TEMPERROR, "out of memory at %s", domain);
		free(txt);
		free(terms);
		return 0;
	}
	record = fetch(w, domain, txt, top);
	if (record != NULL && spf_parse(record, terms, SPF_MAX_TERMS, &n, why,
					sizeof(why)) != 0) {
		char msg[320];

		snprintf(msg, sizeof(msg), "%s: %s", domain, why);
		set_error(w, SPF_PERMERROR, "%s", msg);
	}
	free(txt);
	if (record == NULL || w->error) {
		free(terms);
		return 0;
	}
	/* Every term is walked, even after all addresses are decided, so
	 * that the lookup count is the record's own (as a linter counts it:
	 * a receiver evaluating another address may need every one). */
	for (size_t i = 0; i < n && !w->error; i++) {
		if (terms[i].kind == SPF_REDIRECT) {
			redirect = &terms[i];
			continue;
		}
		if (terms[i].kind >= SPF_REDIRECT)
			continue;
		has_all |= terms[i].kind == SPF_ALL;
		hit = mechanism(w, &terms[i], domain, mask & ~decided, depth);
		for (size_t k = 0; k < DNS_IP_MAX; k++)
			if (hit & (1u << k))
				res[k] = qual_result(terms[i].qualifier);
		decided |= hit;
	}
	/* RFC 7208 section 6.1: redirect only when no "all" is there. */
	if (redirect != NULL && !has_all && !w->error && count_lookup(w)) {
		if (strchr(redirect->arg, '%') != NULL)
			w->e->approximate = true;
		else
			decided |=
			    eval_record(w, redirect->arg, mask & ~decided, res,
					depth + 1, false);
	}
	free(terms);
	return decided;
}

void spf_evaluate(const char *domain, struct spf_eval *e)
{
	struct walk w = {.e = e, .top = domain};
	enum spf_result res[DNS_IP_MAX];
	unsigned mask = 0, decided;
	size_t n = e->relay != NULL ? e->relay->n : 0;

	e->records = 0;
	e->record[0] = e->error[0] = e->chain[0] = '\0';
	e->include_found = e->approximate = false;
	e->lookups = e->void_lookups = 0;
	e->result = SPF_NONE;
	for (size_t i = 0; i < DNS_IP_MAX; i++)
		res[i] = e->ip_result[i] = SPF_NONE;
	if (n > DNS_IP_MAX)
		n = DNS_IP_MAX;
	for (size_t i = 0; i < n; i++)
		mask |= 1u << i;
	decided = eval_record(&w, domain, mask, res, 0, true);
	if (w.error) {
		for (size_t i = 0; i < n; i++)
			e->ip_result[i] = e->result;
		return;
	}
	if (e->records == 0) {
		e->result = SPF_NONE;
		return;
	}
	/* The worst any of the relay's addresses gets: it may send from any
	 * of them. FAIL is worse than SOFTFAIL, worse than NEUTRAL. */
	e->result = n > 0 ? SPF_PASS : SPF_NONE;
	for (size_t i = 0; i < n; i++) {
		static const int rank[] = {
		    [SPF_NONE] = 1,      [SPF_NEUTRAL] = 1,
		    [SPF_PASS] = 0,      [SPF_FAIL] = 3,
		    [SPF_SOFTFAIL] = 2,  [SPF_TEMPERROR] = 4,
		    [SPF_PERMERROR] = 5,
		};

		e->ip_result[i] = (decided & (1u << i)) ? res[i] : SPF_NEUTRAL;
		if (rank[e->ip_result[i]] > rank[e->result])
			e->result = e->ip_result[i];
	}
}
