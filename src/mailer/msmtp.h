/* Internal to mailer/: an msmtprc taken apart, and one account resolved
 * from it. */
#ifndef SMTPWIZ_MAILER_MSMTP_H
#define SMTPWIZ_MAILER_MSMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "mailer/mailer.h"

#define MSMTP_ACCOUNTS_MAX 64
#define MSMTP_SETS_MAX     40
#define MSMTP_PARENTS_MAX  4

struct msmtp_set {
	char key[32];
	char *value; /* heap (a password may be among them), wiped */
	int line;
};

struct msmtp_acc {
	char name[128];
	bool is_defaults, is_alias; /* "defaults"; "account default : X" */
	char parents[MSMTP_PARENTS_MAX][128];
	int nparents, line;
	struct msmtp_set set[MSMTP_SETS_MAX];
	int nset;
};

struct msmtp_file {
	char path[MAILER_PATH_MAX];
	struct msmtp_acc acc[MSMTP_ACCOUNTS_MAX];
	size_t n;
};

/* The msmtprc in use: p->config, else the user's, else /etc/msmtprc. */
void msmtp_config_path(const struct mailer_paths *p, char *buf, size_t n);
/* 0, or -1 with err set when the file cannot be read at all. */
int msmtp_parse(struct mailer_info *mi, const char *path, struct msmtp_file *mf,
		struct sw_error *err);
void msmtp_file_free(struct msmtp_file *mf);
/* Resolves account ("" for the default one) into mi, with findings. */
int msmtp_account(struct mailer_info *mi, const struct msmtp_file *mf,
		  const char *account, bool run_passwordeval,
		  struct sw_error *err);

#endif
