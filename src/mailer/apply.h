/* Writing tested settings into a system mailer (issue 19): a plan built
 * in a private staging directory (the exact new files and the diff, with
 * the password redacted), then the commit: every touched file backed up,
 * each new one written atomically, the mailer's own check, its reload;
 * any failure restores the backups. Undo restores the last backup.
 * Postfix is driven through postconf -e and postmap; Exim4 through
 * Debian's update-exim4.conf; msmtp's msmtprc is edited line by line,
 * keeping every other account. */
#ifndef SMTPWIZ_MAILER_APPLY_H
#define SMTPWIZ_MAILER_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/error.h"
#include "config/settings.h"
#include "mailer/mailer.h"

#define APPLY_FILES_MAX 4
#define APPLY_NOTES_MAX 6
#define APPLY_STEPS_MAX 16
#define APPLY_CMDS_MAX  6

/* How a file holds the password, for the diff's redaction. */
enum apply_secret {
	APPLY_PUBLIC,
	APPLY_SECRET_MSMTP, /* "password VALUE" lines */
	APPLY_SECRET_MAP,   /* Postfix: "KEY USER:PASSWORD" lines */
	APPLY_SECRET_EXIM,  /* passwd.client: "HOST:USER:PASSWORD" lines */
};

struct apply_file {
	char path[MAILER_PATH_MAX];   /* where it goes */
	char staged[MAILER_PATH_MAX]; /* its new version in the stage */
	mode_t mode;                  /* of the new file */
	bool created;                 /* it does not exist yet */
	enum apply_secret secret;
	/* A new file gets this group (Exim's passwd.client); an existing
	 * one keeps its owner and group. */
	gid_t group;
	bool set_group;
	/* Not readable by this (non-root) process: the staged version holds
	 * only smtpwiz's lines, the diff shows them alone, and the plan can
	 * be shown but never committed. */
	bool unreadable;
};

struct apply_options {
	/* msmtp: write "passwordeval CMD" instead of the password. */
	const char *passwordeval;
	/* msmtp: the account to write ("" or NULL: the default one, else
	 * "smtpwiz"). */
	const char *account;
};

struct apply_plan {
	enum mailer_kind kind;
	char config[MAILER_PATH_MAX];       /* directory (postfix) or file */
	char account[128];                  /* msmtp: the account written */
	char stage[MAILER_PATH_MAX];        /* private, removed by _free */
	char postmap[MAILER_PATH_MAX + 40]; /* Postfix: "type:file" or "" */
	struct apply_file files[APPLY_FILES_MAX];
	size_t nfiles;
	char *diff; /* unified diff of every file, password redacted */
	/* The commands the commit runs after the files are in place, as a
	 * user would type them (no secret among them). */
	char cmds[APPLY_CMDS_MAX][MAILER_PATH_MAX + 64];
	size_t ncmds;
	/* What the user must know: a missing package, an offer. */
	char notes[APPLY_NOTES_MAX][MAILER_TEXT_MAX];
	size_t nnotes;
};

/* What the commit or the undo did, one translated sentence a step. */
struct apply_log {
	char lines[APPLY_STEPS_MAX][MAILER_TEXT_MAX];
	size_t n;
	char backup[MAILER_PATH_MAX]; /* the backup made or restored */
};

/* Builds the plan for settings s (already tested). Changes nothing
 * outside the stage. 0, or -1 with err set. */
int apply_prepare(enum mailer_kind k, const struct mailer_paths *p,
		  const struct settings *s, const struct apply_options *ao,
		  struct apply_plan *plan, struct sw_error *err);
void apply_plan_free(struct apply_plan *plan);

/* True when this process may change the plan's files (root, or the
 * owner of an msmtprc and its directory). */
bool apply_allowed(const struct apply_plan *plan);

/* Backs up, installs, checks, reloads. 0 when everything went through;
 * -1 with err saying what failed and that the backups were restored
 * (log says each step, the restore included). */
int apply_commit(const struct apply_plan *plan, struct apply_log *log,
		 struct sw_error *err);

/* Restores the last backup of this mailer byte for byte (files that the
 * apply created are removed), checks and reloads; the backup is then
 * deleted, so a second undo goes one apply further back. */
int apply_undo(enum mailer_kind k, const struct mailer_paths *p,
	       struct apply_log *log, struct sw_error *err);

/* Internal to mailer/ (apply_*.c). */
void apply_log_add(struct apply_log *log, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void apply_note(struct apply_plan *plan, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void apply_cmd(struct apply_plan *plan, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Registers path; its new version is plan->stage/NAME (name: the
 * basename). Returns the file, or NULL when the plan is full. */
struct apply_file *apply_add_file(struct apply_plan *plan, const char *path,
				  mode_t mode);
/* Writes len bytes to path (created 0600, replaced). 0, or -1. */
int apply_write(const char *path, const char *data, size_t len,
		struct sw_error *err);
/* Reads a whole file (at most 4 MiB) into a NUL-terminated heap buffer;
 * a missing file gives "" with *exists false. NULL with err on error. */
char *apply_read(const char *path, bool *exists, struct sw_error *err);
/* The directory backups go to: DIR/smtpwiz-backup for a directory
 * configuration, FILE.smtpwiz-backup for a file. */
void apply_backup_dir(enum mailer_kind k, const char *config, char *out,
		      size_t n);

/* The adapters (apply_postfix.c, apply_exim4.c, apply_msmtp.c). */
int apply_postfix_prepare(const struct mailer_paths *p,
			  const struct settings *s, struct apply_plan *plan,
			  struct sw_error *err);
int apply_exim4_prepare(const struct mailer_paths *p, const struct settings *s,
			struct apply_plan *plan, struct sw_error *err);
int apply_msmtp_prepare(const struct mailer_paths *p, const struct settings *s,
			const struct apply_options *ao, struct apply_plan *plan,
			struct sw_error *err);
/* The mailer's own check and its reload, after files changed. 0, or -1
 * with err holding the tool's message. */
int apply_verify(enum mailer_kind k, const char *config, const char *account,
		 struct apply_log *log, struct sw_error *err);
int apply_reload(enum mailer_kind k, const char *config, struct apply_log *log,
		 struct sw_error *err);
/* Runs the plan's post-install commands (postmap). For Exim4, apply_verify
 * first regenerates Debian's configuration (update-exim4.conf). */
int apply_postinstall(const struct apply_plan *plan, struct apply_log *log,
		      struct sw_error *err);

#endif
