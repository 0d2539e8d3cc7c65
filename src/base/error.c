#include <config.h>

#include <stdarg.h>
#include <stdio.h>

#include "base/error.h"

void sw_error_set(struct sw_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

void sw_error_clear(struct sw_error *err)
{
	if (err != NULL)
		err->msg[0] = '\0';
}
