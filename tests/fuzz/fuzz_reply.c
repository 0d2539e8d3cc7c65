/* The SMTP reply parser (smtp_reply_feed): the input is what a server
 * sends, cut into lines at LF (a CR before it dropped, as conn.c does);
 * each line goes in until the parser says the reply is done or broken. */
#include <config.h>

#include "fuzz.h"
#include "net/smtp.h"

static void check_reply(const struct smtp_reply *r, enum smtp_parse st)
{
	FUZZ_TERMINATED(r->enh);
	FUZZ_TERMINATED(r->text);
	FUZZ_TERMINATED(r->raw);
	FUZZ_ASSERT(r->nlines >= 0 && r->nlines <= SMTP_REPLY_MAX_LINES);
	if (r->nlines > 0)
		FUZZ_ASSERT(r->code >= 200 && r->code <= 599);
	FUZZ_ASSERT(r->complete == (st == SMTP_PARSE_DONE));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *piece;
	enum smtp_parse st = SMTP_PARSE_MORE;
	struct smtp_reply r;
	char why[256];

	smtp_reply_init(&r);
	while (st == SMTP_PARSE_MORE && p < end) {
		size_t len = fuzz_next(&p, end, '\n', &piece);
		char *line;

		if (len > 0 && piece[len - 1] == '\r')
			len--;
		if (len > SMTP_LINE_MAX) /* conn.c never hands over more */
			len = SMTP_LINE_MAX;
		line = malloc(len + 1); /* exact size: ASan sees overreads */
		if (line == NULL)
			return 0;
		memcpy(line, piece, len);
		why[0] = '\0';
		st = smtp_reply_feed(&r, line, len, why, sizeof(why));
		free(line);
		if (st == SMTP_PARSE_ERROR)
			FUZZ_ASSERT(why[0] != '\0');
	}
	check_reply(&r, st);
	return 0;
}
