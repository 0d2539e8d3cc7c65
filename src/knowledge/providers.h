/* Provider presets: one table of well-known mail providers and services,
 * with the submission settings each one documents, how its user name is
 * formed, and what to watch out for. Pure data and matching; no I/O, so
 * the wizard may call these on every keystroke.
 *
 * Facts: public documentation, the providers' own where found, cited row
 * by row in providers.c, which also names the facts without a source. */
#ifndef SMTPWIZ_PROVIDERS_H
#define SMTPWIZ_PROVIDERS_H

#include <stddef.h>

#include "config/settings.h"

#define PRESET_NOTES_MAX 4

/* How the provider wants the user name. */
enum preset_user {
	PRESET_USER_ADDRESS,    /* the full email address */
	PRESET_USER_LOCAL_PART, /* the part before the @ */
	PRESET_USER_FIXED,      /* always the word in user_word ("apikey") */
	PRESET_USER_ISSUED,     /* a credential the provider issues; user_word
				   names it ("SMTP credential") */
};

struct preset {
	const char *id;       /* stable, never translated: "gmail", "zoho-eu" */
	const char *name;     /* brand, shown as is: "Zoho Mail (EU)" */
	const char *provider; /* the provider id of diagnose.c and hints.c
				 ("google", "microsoft", ...): selects the
				 provider-specific hints */
	const char *host;
	long port;
	enum sw_tls tls;
	enum preset_user user;
	const char *user_word; /* FIXED: the literal; ISSUED: stable English
				  name of the credential; else NULL */
	const char *user_text; /* FIXED, ISSUED: what to enter, for people
				  (N_() marked); else NULL */
	const char *domains;   /* address domains, space-separated, or NULL */
	const char *hosts;     /* other submission host names that identify the
				  provider, space-separated; one '*' may stand
				  for any run of characters; or NULL */
	const char *mx;        /* MX host names of domains hosted there,
				  space-separated, or NULL: a name also matches
				  its subdomains; one '*' any run of characters */
	const char *notes[PRESET_NOTES_MAX + 1]; /* N_() marked, NULL-ended */
};

/* The whole table, in display order (mailbox providers first, then the
 * sending services; regions of one provider next to each other). */
const struct preset *providers_table(size_t *n);

/* The preset with this id, or NULL. */
const struct preset *providers_by_id(const char *id);

/* The preset for an email address ("alice@gmail.com") or a bare domain
 * ("gmail.com") of a well-known mailbox provider, or NULL. Case and a
 * trailing dot do not matter. Custom domains hosted at a provider are
 * recognised through their MX records instead (lookup.h). */
const struct preset *providers_match_address(const char *addr);

/* The preset whose submission host this is: exact names first, then the
 * patterns (for example any email-smtp.REGION.amazonaws.com). When matched
 * by a pattern, the preset's own host may differ from the one given: use
 * the preset for its provider, user name and notes, and keep the host. */
const struct preset *providers_match_host(const char *host);

/* The preset for a domain whose MX host is mx_host ("aspmx.l.google.com"
 * -> Google Workspace): pattern matching on the name only, no lookup. The
 * longest matching pattern wins, so "mxa.eu.mailgun.org" is Mailgun EU. */
const struct preset *providers_match_mx(const char *mx_host);

/* Stable English words for scripts and JSON: "full address", "local part",
 * the fixed word ("apikey") or the credential's name ("SMTP credential"). */
const char *preset_user_hint(const struct preset *p);

/* The same for people, translated ("your full email address"). */
const char *preset_user_label(const struct preset *p);

/* Writes the user name to propose for addr (an address or a bare domain)
 * into buf: the address, its local part, or the fixed word. Writes ""
 * when the provider issues the user name or addr has no local part.
 * Returns the length written. */
size_t preset_username(const struct preset *p, const char *addr, char *buf,
		       size_t n);

#endif
