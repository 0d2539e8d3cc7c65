/* DMARC records and organisational domains. */
#include <config.h>

#include <ctype.h>
#include <libpsl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "knowledge/dmarc.h"

const char *dmarc_policy_name(enum dmarc_policy p)
{
	return p == DMARC_REJECT       ? "reject"
	       : p == DMARC_QUARANTINE ? "quarantine"
				       : "none";
}

bool dmarc_is_record(const char *text)
{
	while (*text == ' ')
		text++;
	return strncasecmp(text, "v=DMARC1", 8) == 0 &&
	       (text[8] == '\0' || text[8] == ';' || text[8] == ' ');
}

static int policy(const char *v, size_t n, enum dmarc_policy *p)
{
	if (n == 4 && strncasecmp(v, "none", 4) == 0)
		*p = DMARC_NONE;
	else if (n == 10 && strncasecmp(v, "quarantine", 10) == 0)
		*p = DMARC_QUARANTINE;
	else if (n == 6 && strncasecmp(v, "reject", 6) == 0)
		*p = DMARC_REJECT;
	else
		return -1;
	return 0;
}

/* Tag names and values trimmed of spaces (RFC 7489 section 6.4 allows
 * white space around them). */
static void trim(const char **s, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

int dmarc_parse(const char *text, struct dmarc_record *r, char *why,
		size_t whyn)
{
	bool have_p = false, have_sp = false, have_rua = false, first = true;
	const char *p = text;

	memset(r, 0, sizeof(*r));
	r->pct = 100;
	if (whyn > 0)
		why[0] = '\0';
	if (!dmarc_is_record(text)) {
		snprintf(why, whyn, "does not start with v=DMARC1");
		return -1;
	}
	while (*p != '\0') {
		size_t len = strcspn(p, ";"), nl, vl;
		const char *tag = p, *eq = memchr(p, '=', len), *val;

		p += len;
		if (*p == ';')
			p++;
		if (eq == NULL) {
			nl = len;
			trim(&tag, &nl);
			if (nl == 0)
				continue; /* an empty tag after a ';' */
			snprintf(why, whyn, "a tag without '=': %.*s", (int)nl,
				 tag);
			return -1;
		}
		nl = (size_t)(eq - tag);
		val = eq + 1;
		vl = len - nl - 1;
		trim(&tag, &nl);
		trim(&val, &vl);
		if (first) { /* v=DMARC1, checked above */
			first = false;
			continue;
		}
		if (nl == 1 && tolower((unsigned char)*tag) == 'p') {
			have_p = policy(val, vl, &r->p) == 0;
			if (!have_p) {
				snprintf(why, whyn,
					 "p=%.*s is not none, "
					 "quarantine or reject",
					 (int)vl, val);
			}
		} else if (nl == 2 && strncasecmp(tag, "sp", 2) == 0) {
			have_sp = policy(val, vl, &r->sp) == 0;
		} else if (nl == 4 && strncasecmp(tag, "aspf", 4) == 0) {
			r->strict_spf =
			    vl == 1 && tolower((unsigned char)*val) == 's';
		} else if (nl == 5 && strncasecmp(tag, "adkim", 5) == 0) {
			r->strict_dkim =
			    vl == 1 && tolower((unsigned char)*val) == 's';
		} else if (nl == 3 && strncasecmp(tag, "pct", 3) == 0) {
			char buf[8];
			long v;

			snprintf(buf, sizeof(buf), "%.*s",
				 (int)(vl < 7 ? vl : 7), val);
			v = strtol(buf, NULL, 10);
			r->pct = v < 0 ? 0 : v > 100 ? 100 : (int)v;
		} else if (nl == 3 && strncasecmp(tag, "rua", 3) == 0) {
			have_rua = true;
		}
	}
	if (!have_p && !have_rua) {
		if (why[0] == '\0')
			snprintf(why, whyn, "no p= policy");
		return -1;
	}
	if (!have_p)
		r->p = DMARC_NONE;
	if (!have_sp)
		r->sp = r->p;
	return 0;
}

static const psl_ctx_t *psl;

/* The system's list (Debian's publicsuffix package) when there is one:
 * newer than the copy built into the library. */
static void load_psl(void)
{
	psl = psl_latest(NULL);
	if (psl == NULL)
		psl = psl_builtin();
}

int dmarc_org_domain(const char *domain, char *out, size_t n)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	const char *reg;

	pthread_once(&once, load_psl);
	if (psl == NULL)
		return -1;
	reg = psl_registrable_domain(psl, domain);
	if (reg == NULL || strlen(reg) >= n)
		return -1;
	for (size_t i = 0; reg[i] != '\0'; i++)
		out[i] = (char)tolower((unsigned char)reg[i]);
	out[strlen(reg)] = '\0';
	return 0;
}
