/* Internal to mailer/: one loader per mailer, and the bounded line reader
 * they share. */
#ifndef SMTPWIZ_MAILER_ADAPTERS_H
#define SMTPWIZ_MAILER_ADAPTERS_H

#include <stdio.h>

#include "mailer/mailer.h"

#define MAILER_LINE_MAX 4096

int postfix_load(const struct mailer_paths *p, struct mailer_info *mi,
		 struct sw_error *err);
int exim4_load(const struct mailer_paths *p, struct mailer_info *mi,
	       struct sw_error *err);
int msmtp_load(const struct mailer_paths *p, const char *account,
	       struct mailer_info *mi, struct sw_error *err);

/* Opens a configuration file for reading; on failure adds a note saying
 * which file and why (permission: "run as root") and returns NULL. */
FILE *mailer_open(struct mailer_info *mi, const char *path);
/* Reads one line (at most MAILER_LINE_MAX - 1 bytes kept, the rest of a
 * longer line skipped), without its newline; *lineno counts. 0 at EOF. */
int mailer_read_line(FILE *f, char *buf, int *lineno);
/* Trims white space at both ends in place; returns the start. */
char *mailer_trim(char *s);

#endif
