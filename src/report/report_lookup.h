/* The two renderers of `smtpwiz --lookup`: text for people, one JSON
 * document for scripts. */
#ifndef SMTPWIZ_REPORT_LOOKUP_H
#define SMTPWIZ_REPORT_LOOKUP_H

#include <stdio.h>

#include "knowledge/lookup.h"

/* addr: the address as the user gave it (sanitised before printing). */
void report_lookup_text(FILE *out, const char *addr,
			const struct lookup_result *r, int width);

/* Returns 0, or -1 when the document could not be built or written. */
int report_lookup_json(FILE *out, const char *addr,
		       const struct lookup_result *r);

#endif
