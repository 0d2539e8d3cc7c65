/* The two renderers of a checklist run for --check: human text (streamed as
 * steps finish) and one JSON document. */
#ifndef SMTPWIZ_REPORT_H
#define SMTPWIZ_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "check/checklist.h"
#include "config/settings.h"

struct progress;

struct report_text {
	FILE *out;
	bool color;
	int width;                 /* columns to wrap to */
	struct progress *progress; /* the waiting line on stderr, or NULL */
};

/* A check_listener: prints each step's line (and its evidence and hint
 * when it warned or failed) as soon as it finishes. ctx is a
 * struct report_text. */
void report_text_event(void *ctx, enum check_event ev, const struct step *st,
		       const char *notice);
void report_text_header(struct report_text *rt, const struct settings *s);
void report_text_footer(struct report_text *rt, const struct check_result *r);
void report_text_transcript(struct report_text *rt,
			    const struct check_result *r);

/* Returns 0, or -1 when the document could not be built or written. */
int report_json(FILE *out, const struct settings *s,
		const struct check_result *r);

#endif
