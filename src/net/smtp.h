/* The SMTP conversation: the bounded reply reader, the EHLO capability
 * parser, and command helpers that log to the transcript. The parsers are
 * pure so they can be unit-tested and fuzzed. */
#ifndef SMTPWIZ_SMTP_H
#define SMTPWIZ_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SMTP_LINE_MAX        2048 /* longest reply line accepted */
#define SMTP_REPLY_MAX_LINES 100  /* longest multi-line reply accepted */
#define SMTP_TEXT_MAX        4096

struct smtp_caps {
	bool esmtp; /* EHLO answered 250 */
	bool starttls, pipelining, eightbitmime, smtputf8, enhanced, chunking;
	bool has_size;
	unsigned long size;
	bool auth;
	/* Space-separated, upper case, as offered: one AUTH line can fill a
	 * whole reply line, so the bound is the line's. */
	char auth_mechs[SMTP_LINE_MAX + 1];
	/* Every keyword offered but AUTH, upper case, for the evidence (cut
	 * at the bound, marked "..."). */
	char keywords[1024];
};

struct smtp_reply {
	int code;                 /* 100-599 */
	char enh[16];             /* enhanced status code "5.7.8", or "" */
	char text[SMTP_TEXT_MAX]; /* lines joined by one space, code and
				     enhanced-code prefixes dropped, runs of
				     white space folded: what diagnose.c
				     matches on */
	char raw[SMTP_TEXT_MAX];  /* the lines as received, '\n'-separated
				     (truncated when long): the evidence */
	int nlines;
	bool complete;
	/* The lines after the first read as EHLO keywords as they arrive:
	 * the whole reply counts, whatever raw and text had room for. */
	struct smtp_caps caps;
};

enum smtp_parse {
	SMTP_PARSE_MORE,  /* a continuation line: feed the next */
	SMTP_PARSE_DONE,  /* the last line arrived */
	SMTP_PARSE_ERROR, /* malformed: why says how */
};

void smtp_reply_init(struct smtp_reply *r);
/* Feeds one line (without CRLF, len bytes, may contain anything) into r. */
enum smtp_parse smtp_reply_feed(struct smtp_reply *r, const char *line,
				size_t len, char *why, size_t whyn);

/* Parses a 250 reply to EHLO (first line is the greeting, then one keyword
 * per line). Keywords are case-insensitive; "AUTH=LOGIN" is accepted too. */
void smtp_parse_ehlo(const struct smtp_reply *r, struct smtp_caps *caps);

/* True when mechs (space-separated) contains mech, case-insensitively. */
bool smtp_caps_has_mech(const struct smtp_caps *caps, const char *mech);

#endif
