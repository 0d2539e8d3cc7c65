/* What each sending provider needs in the sender domain's DNS so that
 * receivers accept mail it relays: its SPF include, whether its envelope
 * sender (MAIL FROM) is the user's own address (so SPF can align under
 * DMARC), and the DKIM selectors it signs with. Kept beside the presets;
 * every row cites the provider's page. */
#ifndef SMTPWIZ_SENDERS_H
#define SMTPWIZ_SENDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "knowledge/providers.h"

struct sender_auth {
	const char *provider;    /* a preset's provider id */
	const char *spf_include; /* "_spf.google.com"; NULL: see host_domain */
	bool include_is_host_domain; /* the include is the submission host's
					domain ("zoho.eu" for smtp.zoho.eu) */
	bool envelope_is_sender;     /* MAIL FROM is the user's address by
					default: SPF can align */
	const char *dkim_selectors;  /* space-separated, or NULL: chosen per
					account, cannot be checked from
					outside */
	const char *setup_page;      /* the provider's authentication page */
};

/* The row for a provider id, or NULL (an unknown relay). */
const struct sender_auth *sender_auth_for(const char *provider);

/* The SPF include to expect for this row and submission host, into out;
 * false when the row has none. */
bool sender_auth_include(const struct sender_auth *a, const char *host,
			 char *out, size_t n);

/* Every row, for the tests. */
const struct sender_auth *sender_auth_table(size_t *n);

#endif
