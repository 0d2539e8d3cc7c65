#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_row.h"

#define N_COLUMNS 10

static void copy_field(char *dst, size_t n, const char *src, size_t len)
{
	if (len >= n)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Splits one line into the row's ten columns; false when it has another
 * number of columns. */
static bool split_row(char *line, struct corpus_row *row)
{
	struct {
		char *dst;
		size_t n;
	} cols[N_COLUMNS] = {
	    {row->id, sizeof(row->id)},
	    {row->origin, sizeof(row->origin)},
	    {row->host, sizeof(row->host)},
	    {row->stage, sizeof(row->stage)},
	    {row->context, sizeof(row->context)},
	    {row->reply, sizeof(row->reply)},
	    {row->cause, sizeof(row->cause)},
	    {row->certainty, sizeof(row->certainty)},
	    {row->source, sizeof(row->source)},
	    {NULL, 0},
	};
	char *p = line;

	for (int i = 0; i < N_COLUMNS; i++) {
		size_t len = strcspn(p, "\t");

		if (cols[i].dst != NULL)
			copy_field(cols[i].dst, cols[i].n, p, len);
		if (i < N_COLUMNS - 1 && p[len] != '\t')
			return false;
		if (i == N_COLUMNS - 1 && p[len] != '\0')
			return false;
		p += len + (i < N_COLUMNS - 1);
	}
	return true;
}

int corpus_read(const char *path,
		void (*fn)(const struct corpus_row *row, void *arg), void *arg)
{
	static char line[CORPUS_FIELD_MAX * 2];
	struct corpus_row row;
	bool header = false;
	int bad = 0, lineno = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		printf("# cannot read %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t len = strcspn(line, "\r\n");

		lineno++;
		line[len] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (!header) {
			header = strncmp(line, "id\t", 3) == 0;
			if (!header) {
				printf("# %s:%d: no header\n", path, lineno);
				bad++;
			}
			continue;
		}
		memset(&row, 0, sizeof(row));
		row.file = path;
		row.line = lineno;
		if (!split_row(line, &row)) {
			printf("# %s:%d: not 10 columns\n", path, lineno);
			bad++;
			continue;
		}
		fn(&row, arg);
	}
	fclose(f);
	return bad;
}

static bool parse_stage(const char *s, enum diag_stage *stage)
{
	static const char *const names[] = {
	    [DS_GREETING] = "greeting", [DS_EHLO] = "ehlo",
	    [DS_STARTTLS] = "starttls", [DS_AUTH] = "auth",
	    [DS_MAIL] = "mail",         [DS_RCPT] = "rcpt",
	    [DS_DATA] = "data",         [DS_DATA_END] = "data-end",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*stage = (enum diag_stage)i;
			return true;
		}
	return false;
}

static enum diag_fact fact(const char *v)
{
	return strcmp(v, "yes") == 0 ? DF_YES : DF_NO;
}

/* The session smtpwiz has when it replays the row (as
 * tests/diagnose/live_replay.py plays it): a login only where the row
 * says so, TLS from STARTTLS on unless the row says tls=no, the
 * recipient in the sender's own domain unless the row says foreign.
 * smtpwiz always knows these, so nothing stays unknown. */
static void parse_context(const char *s, enum diag_stage stage,
			  struct diag_context *ctx)
{
	char buf[128], *save = NULL, *kv;

	ctx->authed = DF_NO;
	ctx->tls = stage > DS_STARTTLS ? DF_YES : DF_NO;
	ctx->rcpt = DR_LOCAL;
	snprintf(buf, sizeof(buf), "%s", s);
	for (kv = strtok_r(buf, ",", &save); kv != NULL;
	     kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');

		if (eq == NULL)
			continue;
		*eq++ = '\0';
		if (strcmp(kv, "authed") == 0)
			ctx->authed = fact(eq);
		else if (strcmp(kv, "tls") == 0)
			ctx->tls = stage > DS_STARTTLS ? fact(eq) : DF_NO;
		else if (strcmp(kv, "rcpt") == 0)
			ctx->rcpt =
			    strcmp(eq, "local") == 0 ? DR_LOCAL : DR_FOREIGN;
	}
}

/* "5.7.1 text" without a basic code: the class's generic code first. */
static bool enhanced_only(const char *l, size_t len)
{
	return len > 5 && (l[0] == '4' || l[0] == '5') && l[1] == '.' &&
	       l[2] >= '0' && l[2] <= '9';
}

bool corpus_build(const struct corpus_row *row, enum diag_stage *stage,
		  struct smtp_reply *r, struct diag_context *ctx, char *why,
		  size_t whyn)
{
	enum smtp_parse st = SMTP_PARSE_MORE;
	const char *p = row->reply;
	char line[SMTP_LINE_MAX + 8];

	memset(ctx, 0, sizeof(*ctx));
	smtp_reply_init(r);
	if (!parse_stage(row->stage, stage)) {
		snprintf(why, whyn, "unknown stage %s", row->stage);
		return false;
	}
	parse_context(row->context, *stage, ctx);
	if (strcmp(row->host, "-") != 0)
		ctx->provider = diagnose_provider_from_banner(row->host);
	while (*p != '\0' && st == SMTP_PARSE_MORE) {
		const char *end = strstr(p, "\\n");
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		int n;

		if (len > SMTP_LINE_MAX)
			len = SMTP_LINE_MAX;
		if (enhanced_only(p, len))
			n = snprintf(line, sizeof(line), "%c50 %.*s", p[0],
				     (int)len, p);
		else
			n = snprintf(line, sizeof(line), "%.*s", (int)len, p);
		st = smtp_reply_feed(r, line, (size_t)n, why, whyn);
		p = end != NULL ? end + 2 : p + strlen(p);
	}
	if (st == SMTP_PARSE_ERROR)
		return false;
	/* A reply cut off after a continuation line is classified from what
	 * arrived, as smtpwiz does (step_read_failure). */
	if (r->nlines == 0) {
		snprintf(why, whyn, "empty reply");
		return false;
	}
	return true;
}

bool corpus_classify(const struct corpus_row *row, struct diagnosis *d,
		     char *why, size_t whyn)
{
	static struct smtp_reply r;
	struct diag_context ctx;
	enum diag_stage stage;

	if (!corpus_build(row, &stage, &r, &ctx, why, whyn))
		return false;
	diagnose_reply_ctx(stage, &ctx, &r, d);
	return true;
}
