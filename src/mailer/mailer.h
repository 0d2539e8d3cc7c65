/* The system's mailers (Postfix, Exim4 in Debian's layout, msmtp): what
 * is installed, the relay each one uses, the mistakes in its own
 * configuration, and its queue. Read-only: nothing here writes a mailer's
 * file. The mailers' tools (postconf, postqueue, exim4, msmtp) are run
 * from PATH, without a shell. */
#ifndef SMTPWIZ_MAILER_H
#define SMTPWIZ_MAILER_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/error.h"
#include "config/settings.h"

enum mailer_kind {
	MAILER_POSTFIX,
	MAILER_EXIM4,
	MAILER_MSMTP,
	MAILER_KINDS,
};

#define MAILER_PATH_MAX     1024
#define MAILER_FINDINGS_MAX 24
#define MAILER_NOTES_MAX    12
#define MAILER_TEXT_MAX     512

/* One mistake in the mailer's own configuration. */
struct mailer_finding {
	const char *cause; /* cause id (knowledge/hints.c), never translated */
	bool fail;         /* false: a warning */
	char where[MAILER_PATH_MAX + 16]; /* "FILE:LINE" or "FILE", or "" */
	char text[MAILER_TEXT_MAX];       /* the line or value, sanitised */
	char detail[MAILER_TEXT_MAX];     /* translated: what is wrong */
};

/* What one mailer (one msmtp account) will use to relay. */
struct mailer_info {
	enum mailer_kind kind;
	char account[128];            /* msmtp: the account; else "" */
	char config[MAILER_PATH_MAX]; /* the directory or file read */
	bool installed;               /* its tools or files are there */
	bool configured;              /* a relay host is set */
	bool running;                 /* Postfix: its master is running */
	char relay[MAILER_TEXT_MAX];  /* as written ("[smtp.x]:587") */
	char relay_where[MAILER_PATH_MAX + 16];
	char host[256];
	long port; /* 0: the mailer's default */
	enum sw_tls tls;
	bool tls_verify;
	char ca_file[MAILER_PATH_MAX];
	char username[256];
	char *password; /* heap, wiped on free; never printed */
	bool password_set;
	char password_where[MAILER_PATH_MAX + 16];
	char from[256];                /* the envelope sender it sets, if any */
	char logfile[MAILER_PATH_MAX]; /* msmtp: its delivery log, if any */
	struct mailer_finding findings[MAILER_FINDINGS_MAX];
	size_t nfindings;
	/* What could not be read, and why (translated sentences). */
	char notes[MAILER_NOTES_MAX][MAILER_TEXT_MAX];
	size_t nnotes;
};

/* Where to look; NULL fields mean the system's places. */
struct mailer_paths {
	const char *config;    /* postfix: config directory (postconf -c);
				  exim4: the directory in place of /etc/exim4;
				  msmtp: the msmtprc file */
	bool run_passwordeval; /* msmtp: run passwordeval to get the password */
};

const char *mailer_name(enum mailer_kind k);
/* "postfix", "exim4", "msmtp" (and "msmtp:ACCOUNT") to a kind and an
 * account; 0, or -1 with err set. */
int mailer_parse_name(const char *spec, enum mailer_kind *k, char *account,
		      size_t n, struct sw_error *err);

/* Reads one mailer. Returns 0 when it could be read (mi->nnotes may still
 * say what was missing), -1 with err set when nothing usable was found. */
int mailer_load(enum mailer_kind k, const char *account,
		const struct mailer_paths *p, struct mailer_info *mi,
		struct sw_error *err);
void mailer_info_free(struct mailer_info *mi);

/* msmtp's accounts in the file (the default first); returns how many
 * names were written to names (each n bytes), at most max. */
size_t mailer_msmtp_accounts(const struct mailer_paths *p, char (*names)[128],
			     size_t max);

/* Copies host, port, TLS, CA, user and password into s. 0, or -1 when
 * out of memory. */
int mailer_to_settings(const struct mailer_info *mi, struct settings *s);

/* Helpers shared by the adapters (mailer_common.c). */
void mailer_note(struct mailer_info *mi, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mailer_finding(struct mailer_info *mi, const char *cause, bool fail,
		    const char *file, int line, const char *text,
		    const char *fmt, ...) __attribute__((format(printf, 7, 8)));
void mailer_set_password(struct mailer_info *mi, const char *pw);

#endif
