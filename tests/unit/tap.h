/* Minimal TAP producer for the automake tap-driver: one "ok"/"not ok" line
 * per assertion, so the harness counts assertions, not programs. */
#ifndef SMTPWIZ_TAP_H
#define SMTPWIZ_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

__attribute__((format(printf, 2, 3))) static int ok(int cond, const char *fmt,
						    ...)
{
	va_list ap;

	tap_count++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

static inline int tap_is_str(const char *got, const char *want, const char *what)
{
	int same = (got == NULL && want == NULL) ||
		   (got != NULL && want != NULL && strcmp(got, want) == 0);

	if (!ok(same, "%s", what))
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
		       want ? want : "(null)");
	return same;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return 0;
}

#endif
