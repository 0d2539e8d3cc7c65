#include <config.h>

#include <stdarg.h>
#include <stdio.h>

#include "base/error.h"
#include "base/text.h"

void sw_error_set(struct sw_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	/* An error names what it is about: a path, a host, a line of a file.
	 * Every message reaches a screen, so it is made inert here, once. */
	text_make_inert(err->msg, sizeof(err->msg));
}

void sw_error_clear(struct sw_error *err)
{
	if (err != NULL)
		err->msg[0] = '\0';
}
