/* The EHLO capability parser (smtp_parse_ehlo, smtp_caps_has_mech). The
 * first byte chooses how the reply is made: through the reply parser, as a
 * real session would, or written straight into the struct, to reach
 * shapes the reply parser would never produce. */
#include <config.h>

#include "fuzz.h"
#include "net/smtp.h"

static void via_parser(struct smtp_reply *r, const char *p, const char *end)
{
	enum smtp_parse st = SMTP_PARSE_MORE;
	const char *piece;
	char why[256];

	while (st == SMTP_PARSE_MORE && p < end) {
		size_t len = fuzz_next(&p, end, '\n', &piece);

		if (len > SMTP_LINE_MAX)
			len = SMTP_LINE_MAX;
		st = smtp_reply_feed(r, piece, len, why, sizeof(why));
	}
}

static void direct(struct smtp_reply *r, const char *p, size_t len)
{
	r->code = 250;
	if (len >= sizeof(r->raw))
		len = sizeof(r->raw) - 1;
	memcpy(r->raw, p, len);
	r->raw[len] = '\0';
	r->nlines = 1;
	r->complete = true;
}

static void check_caps(const struct smtp_caps *caps)
{
	char word[sizeof(caps->auth_mechs)];
	const char *p = caps->auth_mechs;

	FUZZ_TERMINATED(caps->auth_mechs);
	/* Every mechanism in the list is found again by name. */
	while (*p != '\0') {
		size_t l = strcspn(p, " ");

		FUZZ_ASSERT(l > 0 && l < sizeof(word));
		memcpy(word, p, l);
		word[l] = '\0';
		FUZZ_ASSERT(smtp_caps_has_mech(caps, word));
		p += l;
		p += strspn(p, " ");
	}
	smtp_caps_has_mech(caps, "PLAIN");
	smtp_caps_has_mech(caps, "");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct smtp_reply r;
	struct smtp_caps caps;

	if (size < 1)
		return 0;
	smtp_reply_init(&r);
	if (data[0] & 1)
		direct(&r, p + 1, size - 1);
	else
		via_parser(&r, p + 1, p + size);
	smtp_parse_ehlo(&r, &caps);
	FUZZ_ASSERT(caps.esmtp == (r.code == 250));
	check_caps(&caps);
	return 0;
}
