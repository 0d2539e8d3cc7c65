/* SPF (RFC 7208), as far as a sender needs it before sending: is there one
 * valid record, does it stay within the lookup limits, does it authorise
 * the provider's published include or the relay's addresses. A bounded
 * evaluator of our own: Debian's libspf2 has no deadline, no cancel and a
 * history of memory-safety fixes, and the question here is not the
 * receiver's one (which only ever knows one client address). */
#ifndef SMTPWIZ_SPF_H
#define SMTPWIZ_SPF_H

#include <stdbool.h>
#include <stddef.h>

#include "knowledge/dns_records.h"
#include "knowledge/lookup.h"

#define SPF_MAX_LOOKUPS 10 /* RFC 7208 section 4.6.4 */
#define SPF_MAX_VOID    2  /* RFC 7208 section 4.6.4 */
#define SPF_MAX_MX      10 /* RFC 7208 section 4.6.4: MX names per mx */
#define SPF_MAX_TERMS   64
#define SPF_ARG_MAX     256
#define SPF_CHAIN_MAX   4096

enum spf_result {
	SPF_NONE,
	SPF_NEUTRAL,
	SPF_PASS,
	SPF_FAIL,
	SPF_SOFTFAIL,
	SPF_TEMPERROR,
	SPF_PERMERROR,
};

enum spf_kind {
	SPF_ALL,
	SPF_INCLUDE,
	SPF_A,
	SPF_MX,
	SPF_PTR,
	SPF_IP4,
	SPF_IP6,
	SPF_EXISTS,
	SPF_REDIRECT, /* modifiers from here on */
	SPF_EXP,
	SPF_UNKNOWN_MODIFIER,
};

struct spf_term {
	enum spf_kind kind;
	char qualifier;         /* '+', '-', '~', '?' */
	char arg[SPF_ARG_MAX];  /* domain-spec or address text, or "" */
	int cidr4, cidr6;       /* prefix lengths (32 and 128 when absent) */
	unsigned char addr[16]; /* ip4 (4 bytes) or ip6 */
};

/* Parses one record ("v=spf1 ..."). Returns 0 and the terms, or -1 with
 * why (untranslated English, for the evidence) on a syntax error. */
int spf_parse(const char *record, struct spf_term *terms, size_t max, size_t *n,
	      char *why, size_t whyn);

/* True when text is an SPF record (starts "v=spf1", then a space or the
 * end), case-insensitively: TXT records of other kinds are ignored. */
bool spf_is_record(const char *text);

/* Where the evaluator gets its answers: DNS in the program, tables in the
 * tests and the fuzzer. Each returns a lookup status. */
struct spf_dns {
	enum lookup_status (*txt)(void *ctx, const char *name,
				  struct dns_txt *out);
	enum lookup_status (*ips)(void *ctx, const char *name, int family,
				  struct dns_ips *out);
	/* up to SPF_MAX_MX names into names, count in *n */
	enum lookup_status (*mx)(void *ctx, const char *name,
				 char (*names)[LOOKUP_NAME_MAX], size_t *n);
	void *ctx;
};

struct spf_eval {
	/* in */
	const struct dns_ips *relay; /* the relay's addresses, or NULL */
	const char *include;         /* the provider's include, or NULL */
	const struct spf_dns *dns;
	/* out */
	int records;              /* v=spf1 records at the domain */
	char record[DNS_TXT_MAX]; /* the (first) one */
	enum spf_result result;   /* the domain's verdict for the relay:
				     PASS when one of its addresses passes */
	enum spf_result ip_result[DNS_IP_MAX];
	bool include_found; /* include: the provider's domain */
	bool approximate;   /* macros or ptr were not evaluated */
	int lookups, void_lookups;
	char error[256];           /* why PERMERROR / TEMPERROR */
	char chain[SPF_CHAIN_MAX]; /* "name: record" lines walked */
};

/* Evaluates the SPF of domain for e->relay and e->include. */
void spf_evaluate(const char *domain, struct spf_eval *e);

/* "none", "neutral", "pass", "fail", "softfail", "temperror",
 * "permerror" (RFC 7208 section 2.6). */
const char *spf_result_name(enum spf_result r);

#endif
