/* Where the password comes from, and keeping it out of core dumps. The
 * password is never taken from argv (visible in ps). */
#ifndef SMTPWIZ_SECRET_H
#define SMTPWIZ_SECRET_H

#include <stdbool.h>

#include "base/error.h"

/* Makes the process non-dumpable and sets the core size limit to zero, so a
 * crash while the password is in memory writes it nowhere. */
void secret_protect_process(void);

/* Reads the first line of path (at most 1 KiB, trailing CR/LF removed) into
 * a new string. Returns it, or NULL with err naming the file: a directory,
 * a NUL byte in the line, a FIFO that stays silent for 10 s. *exposed says
 * whether other users may read the file. */
char *secret_read_file(const char *path, struct sw_error *err, bool *exposed);

/* Takes SMTPWIZ_PASSWORD out of the environment: returns a copy (or NULL
 * when unset) and wipes the original so /proc/PID/environ no longer shows
 * it. */
char *secret_take_env(void);

#endif
