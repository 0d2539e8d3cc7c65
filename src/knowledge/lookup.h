/* Finds the submission settings for an email address: the preset of a
 * well-known mailbox domain, else what the domain publishes in DNS
 * (RFC 6186 SRV records, _submissions._tcp before _submission._tcp), and
 * the provider that hosts it, recognised from its MX host names. Every
 * finding says where it came from. Blocking, bounded by a deadline, no
 * printing and no global state: safe to call from a worker thread. */
#ifndef SMTPWIZ_LOOKUP_H
#define SMTPWIZ_LOOKUP_H

#include <stddef.h>
#include <stdint.h>

#include "knowledge/providers.h"
#include "config/settings.h"

#define LOOKUP_NAME_MAX    256 /* a DNS name in text form, with its NUL */
#define LOOKUP_RECORD_MAX  320
#define LOOKUP_MAX_FOUND   12
#define LOOKUP_MAX_MX      10
#define LOOKUP_MAX_QUERIES 3
#define LOOKUP_NOTES_MAX   (PRESET_NOTES_MAX + 1)

/* Stable names: "preset", "srv-submissions", "srv-submission", "mx". */
enum lookup_source {
	LOOKUP_PRESET,
	LOOKUP_SRV_SUBMISSIONS, /* RFC 8314: implicit TLS */
	LOOKUP_SRV_SUBMISSION,  /* RFC 6186: STARTTLS */
	LOOKUP_MX,
};

/* Stable names: "found", "not-found", "no-records", "not-offered",
 * "failure", "timeout", "skipped". */
enum lookup_status {
	LOOKUP_FOUND,
	LOOKUP_NXDOMAIN,    /* the name does not exist */
	LOOKUP_NO_RECORDS,  /* the name exists, without such records */
	LOOKUP_NOT_OFFERED, /* SRV target ".": the domain says "no service" */
	LOOKUP_FAILURE,     /* the resolver refused or failed */
	LOOKUP_TIMEOUT,     /* no answer before the deadline */
	LOOKUP_SKIPPED,     /* not asked: the deadline had passed */
};

struct lookup_finding {
	enum lookup_source source;
	char host[LOOKUP_NAME_MAX];
	long port;
	enum sw_tls tls;
	const struct preset *preset; /* provider recognised, or NULL */
	char user[LOOKUP_NAME_MAX];  /* proposed user name, or "" */
	/* Where it came from, untranslated evidence: "domain gmail.com",
	 * "_submissions._tcp.example.com SRV 0 1 465 mail.example.com",
	 * "example.com MX 10 aspmx.l.google.com". */
	char record[LOOKUP_RECORD_MAX];
	const char *notes[LOOKUP_NOTES_MAX + 1]; /* N_() marked, NULL-ended:
						    translate when shown */
};

/* One DNS question and its outcome, for "where did this come from". */
struct lookup_query {
	char name[LOOKUP_NAME_MAX];
	const char *type; /* "SRV" or "MX" */
	enum lookup_status status;
	int records;      /* usable records in the answer */
	char detail[128]; /* untranslated resolver detail, or "" */
};

struct lookup_mx {
	char host[LOOKUP_NAME_MAX];
	int preference;
};

struct lookup_mx_list {
	size_t n; /* sorted by preference */
	struct lookup_mx mx[LOOKUP_MAX_MX];
};

struct lookup_result {
	char domain[LOOKUP_NAME_MAX]; /* lowercase ASCII (IDNA A-labels) */
	/* Most trustworthy first: preset, SRV submissions, SRV submission
	 * (each by priority, then weight), providers recognised by MX. */
	size_t n_found;
	struct lookup_finding found[LOOKUP_MAX_FOUND];
	int suggested; /* index into found, or -1 when nothing was found */
	size_t n_queries;
	struct lookup_query queries[LOOKUP_MAX_QUERIES];
	/* The domain's MX hosts: inbound servers, never a suggestion of
	 * their own unless a provider was recognised from them. */
	struct lookup_mx_list mx;
};

/* The wizard's and --lookup's entry point. addr is an email address
 * ("alice@example.com", UTF-8) or a bare domain. A domain with a preset
 * (gmail.com, ...) is answered from the table without any DNS query;
 * otherwise the SRV and MX records are asked for, each query within a
 * share of the time left until deadline (clock.h milliseconds).
 * Returns 0 with *out filled (out->suggested < 0 when nothing was found;
 * out->queries tells why), or -1 when addr has no valid domain. */
int lookup_address(const char *addr, int64_t deadline,
		   struct lookup_result *out);

/* The domain of addr (the text after the last '@', or addr itself),
 * validated, lowercased and converted to IDNA A-labels. Returns 0, or -1
 * when it is not a valid domain name. */
int lookup_domain_of(const char *addr, char *domain, size_t n);

/* The MX hosts of domain (an ASCII domain name), in q's outcome; for the
 * dns step's "is the host the domain's inbound server" check. */
enum lookup_status lookup_mx(const char *domain, int64_t deadline,
			     struct lookup_mx_list *out,
			     struct lookup_query *q);

/* Copies a finding into s: host, port, TLS mode, and the user name when
 * one is proposed (f->user); other fields stay as they are. For the
 * wizard's "use these settings", after which every field stays editable.
 * Returns 0, or -1 when out of memory. */
int lookup_finding_apply(const struct lookup_finding *f, struct settings *s);

const char *lookup_source_name(enum lookup_source src);
const char *lookup_status_name(enum lookup_status st);

#endif
