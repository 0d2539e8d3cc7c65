/* The SPF and DMARC parsers and the SPF evaluator on hostile records: the
 * input, cut at NUL bytes, is the TXT answer of every name, so includes
 * and redirects lead back into the same records (the limits must end the
 * walk), and any bytes reach the parsers. The verdict must be a known
 * result and every output string terminated. */
#include <config.h>

#include <sys/socket.h>

#include "fuzz.h"
#include "knowledge/dmarc.h"
#include "knowledge/spf.h"

static char pieces[4][DNS_TXT_MAX];
static size_t npieces;

static enum lookup_status f_txt(void *ctx, const char *name,
				struct dns_txt *out)
{
	(void)ctx;
	(void)name;
	out->n = 0;
	for (size_t i = 0; i < npieces && out->n < DNS_TXT_COUNT; i++)
		memcpy(out->text[out->n++], pieces[i], DNS_TXT_MAX);
	return out->n ? LOOKUP_FOUND : LOOKUP_NXDOMAIN;
}

static enum lookup_status f_ips(void *ctx, const char *name, int family,
				struct dns_ips *out)
{
	(void)ctx;
	if (out->n < DNS_IP_MAX && strlen(name) % 2 == 0) {
		out->ip[out->n].family = family;
		memset(out->ip[out->n].addr, (int)strlen(name), 16);
		out->n++;
	}
	return LOOKUP_FOUND;
}

static enum lookup_status f_mx(void *ctx, const char *name,
			       char (*names)[LOOKUP_NAME_MAX], size_t *n)
{
	(void)ctx;
	*n = 0;
	snprintf(names[(*n)++], LOOKUP_NAME_MAX, "mx.%s", name);
	return LOOKUP_FOUND;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct spf_dns dns = {f_txt, f_ips, f_mx, NULL};
	const char *p = (const char *)data, *end = p + size, *piece;
	struct spf_eval *e = calloc(1, sizeof(*e));
	struct dns_ips relay = {0};
	struct spf_term terms[SPF_MAX_TERMS];
	struct dmarc_record r;
	char why[256];
	size_t n;

	npieces = 0;
	while (p < end && npieces < 4) {
		size_t l = fuzz_next(&p, end, '\0', &piece);

		if (l >= DNS_TXT_MAX)
			l = DNS_TXT_MAX - 1;
		memcpy(pieces[npieces], piece, l);
		pieces[npieces++][l] = '\0';
	}
	for (size_t i = 0; i < npieces; i++) {
		if (spf_parse(pieces[i], terms, SPF_MAX_TERMS, &n, why,
			      sizeof(why)) == 0)
			FUZZ_ASSERT(n <= SPF_MAX_TERMS);
		else
			FUZZ_ASSERT(memchr(why, '\0', sizeof(why)) != NULL);
		(void)dmarc_parse(pieces[i], &r, why, sizeof(why));
		FUZZ_ASSERT(memchr(why, '\0', sizeof(why)) != NULL);
	}
	relay.n = 2;
	relay.ip[0].family = AF_INET;
	relay.ip[1].family = AF_INET6;
	e->relay = &relay;
	e->include = "x";
	e->dns = &dns;
	spf_evaluate("fuzz.test", e);
	FUZZ_ASSERT(e->result <= SPF_PERMERROR);
	FUZZ_ASSERT(e->lookups <= SPF_MAX_LOOKUPS + 1);
	FUZZ_ASSERT(memchr(e->chain, '\0', sizeof(e->chain)) != NULL);
	FUZZ_ASSERT(memchr(e->error, '\0', sizeof(e->error)) != NULL);
	free(e);
	return 0;
}
