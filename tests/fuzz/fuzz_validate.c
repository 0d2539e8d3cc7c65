/* The field validators (validate.c), as the wizard calls them on every key
 * press: each NUL-separated piece of the input is one field's text. Every
 * result must be a known status with a terminated message, and a message
 * exactly when the status is not V_OK. */
#include <config.h>

#include "fuzz.h"
#include "config/settings.h"
#include "config/validate.h"

static void check(struct vresult r)
{
	FUZZ_ASSERT(r.status == V_OK || r.status == V_WARN ||
		    r.status == V_ERROR);
	FUZZ_TERMINATED(r.msg);
	FUZZ_ASSERT((r.status == V_OK) == (r.msg[0] == '\0'));
}

enum { F_HOST, F_PORT, F_USER, F_PASS, F_FROM, F_TO, F_HELO, F_MECH, NF };

static void validate_fields(char *const *f)
{
	long port = 0;
	struct vresult pr = validate_port_text(f[F_PORT], &port);

	check(validate_host(f[F_HOST]));
	check(pr);
	if (pr.status != V_ERROR) {
		check(validate_port(port));
		check(validate_tls_port(SW_TLS_IMPLICIT, port));
		check(validate_tls_port(SW_TLS_STARTTLS, port));
		check(validate_tls_port(SW_TLS_NONE, port));
	}
	check(validate_credentials(f[F_USER], f[F_PASS]));
	check(validate_address(f[F_FROM], "sender"));
	check(validate_address(f[F_TO], "recipient"));
	check(validate_helo(f[F_HELO]));
	check(validate_auth_mechanism(f[F_MECH]));
	check(validate_timeout(port));
}

static void validate_all(char *const *f, unsigned flags)
{
	struct settings s;
	struct field_result fr[4];
	size_t n, i;

	settings_init(&s);
	s.host = f[F_HOST];
	s.username = f[F_USER];
	s.password = f[F_PASS];
	s.from = f[F_FROM];
	s.test_recipient = f[F_TO];
	s.helo_name = f[F_HELO];
	free(s.auth_mechanism);
	s.auth_mechanism = f[F_MECH];
	s.tls = (enum sw_tls)(flags % 3);
	s.port = (long)(flags * 37u) - 100;
	s.timeout = (long)(flags % 400) - 50;
	/* Fewer slots than fields: the count goes on past what fits. */
	n = validate_settings(&s, fr, sizeof(fr) / sizeof(fr[0]));
	for (i = 0; i < n && i < sizeof(fr) / sizeof(fr[0]); i++) {
		FUZZ_ASSERT(fr[i].key != NULL);
		FUZZ_ASSERT(fr[i].result.status != V_OK);
		check(fr[i].result);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *piece;
	char *f[NF] = {0};
	unsigned flags = size > 0 ? data[0] : 0;
	int i;

	for (i = 0; i < NF; i++) {
		size_t len = fuzz_next(&p, end, '\0', &piece);

		f[i] = fuzz_strndup(piece, len);
		if (f[i] == NULL)
			goto out;
	}
	validate_fields(f);
	validate_all(f, flags);
out:
	for (i = 0; i < NF; i++)
		free(f[i]);
	return 0;
}
