/* Errors are values: a function that can fail fills one of these for its
 * caller, who decides whether and how to show it. */
#ifndef SMTPWIZ_ERROR_H
#define SMTPWIZ_ERROR_H

#include <stddef.h>

struct sw_error {
	char msg[1024];
};

void sw_error_set(struct sw_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sw_error_clear(struct sw_error *err);

#endif
