/* DMARC (RFC 7489): the policy record and the organisational domain, as a
 * sender needs them to know whether receivers will refuse its mail. */
#ifndef SMTPWIZ_DMARC_H
#define SMTPWIZ_DMARC_H

#include <stdbool.h>
#include <stddef.h>

enum dmarc_policy {
	DMARC_NONE,
	DMARC_QUARANTINE,
	DMARC_REJECT,
};

struct dmarc_record {
	enum dmarc_policy p;  /* for the domain itself */
	enum dmarc_policy sp; /* for subdomains (defaults to p) */
	bool strict_spf;      /* aspf=s */
	bool strict_dkim;     /* adkim=s */
	int pct;              /* 0-100 */
};

/* Parses "v=DMARC1; p=...". Returns 0, or -1 with why (English, for the
 * evidence) when it is not a valid DMARC record. RFC 7489 section 6.6.3: a
 * record without a valid p= but with rua= is treated as p=none. */
int dmarc_parse(const char *text, struct dmarc_record *r, char *why,
		size_t whyn);

/* True when text starts with "v=DMARC1" (then ';', a space or the end). */
bool dmarc_is_record(const char *text);

/* The organisational domain of domain (its registrable domain under the
 * Public Suffix List, lowercase), into out; -1 when there is none (domain
 * is itself a public suffix). */
int dmarc_org_domain(const char *domain, char *out, size_t n);

/* "none", "quarantine", "reject" */
const char *dmarc_policy_name(enum dmarc_policy p);

#endif
