/* The renderers of `smtpwiz --mailer` (the detected mailers and their
 * relay settings, the password only as set or not set) and `smtpwiz
 * --queue` (the queue grouped by reason): text for people, one JSON
 * document for scripts. */
#ifndef SMTPWIZ_REPORT_MAILER_H
#define SMTPWIZ_REPORT_MAILER_H

#include <stdio.h>

#include "mailer/mailer.h"
#include "mailer/queue.h"

/* One line of --mailer: a mailer that was read (mi) or why not (why). */
struct mailer_entry {
	enum mailer_kind kind;
	struct mailer_info *mi; /* NULL when it could not be read */
	char why[1024];
};

void report_mailer_text(FILE *out, const struct mailer_entry *e, size_t n);
int report_mailer_json(FILE *out, const struct mailer_entry *e, size_t n);

void report_queue_text(FILE *out, const struct queue_summary *q);
int report_queue_json(FILE *out, const struct queue_summary *q);

#endif
