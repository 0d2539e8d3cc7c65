/* Internal to mailer/: Postfix's main.cf as postconf reports it, with the
 * line each parameter is set on, for evidence. */
#ifndef SMTPWIZ_MAILER_POSTFIX_H
#define SMTPWIZ_MAILER_POSTFIX_H

#include <stdbool.h>

#include "mailer/mailer.h"

#define PF_PARAMS_MAX 512

struct pf_param {
	char name[64];
	char value[MAILER_TEXT_MAX]; /* postconf's, expanded */
	int line;                    /* where main.cf sets it, 0: default */
	char text[MAILER_TEXT_MAX];  /* that line as written */
};

struct pf_conf {
	char dir[MAILER_PATH_MAX];
	char main_cf[MAILER_PATH_MAX + 16];
	struct pf_param params[PF_PARAMS_MAX];
	int n;
};

/* The effective value ("" when unknown) and its parameter. */
const char *pf_get(const struct pf_conf *c, const char *name);
const struct pf_param *pf_param(const struct pf_conf *c, const char *name);
/* Adds a finding located at the parameter's line in main.cf. */
void pf_finding(struct mailer_info *mi, const struct pf_conf *c,
		const char *param, const char *cause, bool fail,
		const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A relayhost value taken apart. */
struct pf_relay {
	char host[256];
	long port; /* 0 when not given */
	bool bracketed, table, several, bad_port;
};
/* Returns 0, or -1 when value is empty. */
int pf_parse_relay(const char *value, struct pf_relay *r);

/* SASL: the password map, the key, postmap, the mechanisms. */
void pf_check_sasl(const struct pf_conf *c, struct mailer_info *mi,
		   const struct pf_relay *r);
/* Cyrus SASL's PLAIN or LOGIN plug-in is installed (libsasl2-modules). */
bool pf_have_plain_or_login(void);
/* TLS: security level, wrapper mode, CA file. */
void pf_check_tls(const struct pf_conf *c, struct mailer_info *mi,
		  const struct pf_relay *r);

#endif
