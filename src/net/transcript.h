/* The protocol log: every line sent and received, time-stamped. Secrets are
 * replaced at the moment they are logged, so no later code path can leak
 * them. Safe to read from the UI thread while the engine appends. */
#ifndef SMTPWIZ_TRANSCRIPT_H
#define SMTPWIZ_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

enum tr_dir {
	TR_SENT,
	TR_RECEIVED,
	TR_INFO,
};

#define TRANSCRIPT_MAX_LINES 4000
#define TRANSCRIPT_LINE_MAX  1024

struct transcript;

struct transcript *transcript_new(void);
void transcript_free(struct transcript *t);

/* Logs data (len bytes, a trailing CRLF is dropped) after sanitising it. */
void transcript_add(struct transcript *t, enum tr_dir dir, const char *data,
		    size_t len);
/* Logs a line whose content is a secret: only the label is kept, followed by
 * "[redacted]" (e.g. label "AUTH PLAIN" gives "AUTH PLAIN [redacted]"). */
void transcript_add_redacted(struct transcript *t, enum tr_dir dir,
			     const char *label);

size_t transcript_count(struct transcript *t);
/* Copies line i into the caller's buffers; returns 0, or -1 past the end. */
int transcript_get(struct transcript *t, size_t i, int64_t *ms,
		   enum tr_dir *dir, char *text, size_t n);

/* "C", "S", "*": the direction marks used in text and JSON. */
const char *transcript_dir_name(enum tr_dir dir);

#endif
