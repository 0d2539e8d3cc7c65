/* The diagnosis corpus (the .tsv files of tests/diagnose/corpus/, format
 * README.md): reading rows, and turning a row into what the classifier
 * sees in a session, the reply as the reply parser builds it and the
 * session context. Shared by the unit test and the benchmark. */
#ifndef SMTPWIZ_CORPUS_ROW_H
#define SMTPWIZ_CORPUS_ROW_H

#include <stdbool.h>

#include "knowledge/diagnose.h"
#include "net/smtp.h"

#define CORPUS_FIELD_MAX 8192

struct corpus_row {
	const char *file;
	int line;
	char id[64], origin[64], host[256], stage[32], context[128];
	char cause[64], certainty[16];
	char reply[CORPUS_FIELD_MAX];
	char source[1024];
};

/* Calls fn for every row of the file (after the header, skipping
 * comments). Returns the number of malformed lines, or -1 when the file
 * cannot be read; both are reported on stdout as TAP comments. */
int corpus_read(const char *path,
		void (*fn)(const struct corpus_row *row, void *arg), void *arg);

/* The stage, the reply (lines split at the two characters \n; a line that
 * starts with an enhanced code only gets the class's generic code, 550 or
 * 450, as the live replay sends it) and the context smtpwiz has when the
 * row is replayed live (authed, tls, rcpt as the row states them, else no
 * login, TLS after STARTTLS, a recipient in the sender's domain; the
 * provider from the host name). False, with why set, when the row cannot
 * be built. */
bool corpus_build(const struct corpus_row *row, enum diag_stage *stage,
		  struct smtp_reply *r, struct diag_context *ctx, char *why,
		  size_t whyn);

/* Classifies the row as smtpwiz would. */
bool corpus_classify(const struct corpus_row *row, struct diagnosis *d,
		     char *why, size_t whyn);

#endif
