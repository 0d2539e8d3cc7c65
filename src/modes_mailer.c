/* The system mailer's modes: --mailer (list), --queue, and the import
 * behind --check --from-mailer. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "mailer/mailer.h"
#include "mailer/queue.h"
#include "modes_mailer.h"
#include "report/report_mailer.h"

enum { EXIT_PASS = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

#define MSMTP_LIST_MAX 32

static void paths(const struct cli_options *o, struct mailer_paths *p)
{
	p->config = o->mailer_config;
	p->run_passwordeval = o->run_passwordeval;
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "smtpwiz: %s\n", msg);
	return EXIT_USAGE;
}

/* Reads one mailer into entries[*n] (each msmtp account as its own). */
static void list_one(enum mailer_kind k, const char *account,
		     const struct mailer_paths *p, struct mailer_entry *e,
		     size_t *n)
{
	struct sw_error err = {{0}};
	struct mailer_entry *x = &e[(*n)++];

	x->kind = k;
	x->mi = calloc(1, sizeof(*x->mi));
	if (x->mi == NULL) {
		snprintf(x->why, sizeof(x->why), "%s", _("out of memory"));
		return;
	}
	if (mailer_load(k, account, p, x->mi, &err) != 0) {
		mailer_info_free(x->mi);
		free(x->mi);
		x->mi = NULL;
		snprintf(x->why, sizeof(x->why), "%s", err.msg);
	}
}

int mode_mailer(const struct cli_options *o)
{
	static char accounts[MSMTP_LIST_MAX][128];
	struct mailer_entry e[MAILER_KINDS + MSMTP_LIST_MAX] = {{0}};
	struct mailer_paths p = {0};
	char account[128] = "";
	enum mailer_kind only = MAILER_KINDS;
	struct sw_error err;
	size_t n = 0, na;
	int rc, found = 0;

	paths(o, &p);
	if (o->from_mailer != NULL &&
	    mailer_parse_name(o->from_mailer, &only, account, sizeof(account),
			      &err) != 0)
		return usage_error(err.msg);
	for (int k = 0; k < MAILER_KINDS; k++) {
		if (only != MAILER_KINDS && k != (int)only)
			continue;
		if (k != MAILER_MSMTP || account[0] != '\0') {
			list_one((enum mailer_kind)k, account, &p, e, &n);
			continue;
		}
		na = mailer_msmtp_accounts(&p, accounts, MSMTP_LIST_MAX);
		if (na == 0)
			list_one(MAILER_MSMTP, "", &p, e, &n);
		for (size_t i = 0; i < na; i++)
			list_one(MAILER_MSMTP, accounts[i], &p, e, &n);
	}
	for (size_t i = 0; i < n; i++)
		found += e[i].mi != NULL;
	if (o->json)
		rc = report_mailer_json(stdout, e, n) == 0 ? EXIT_PASS
							   : EXIT_USAGE;
	else {
		report_mailer_text(stdout, e, n);
		rc = EXIT_PASS;
	}
	for (size_t i = 0; i < n; i++) {
		if (e[i].mi != NULL)
			mailer_info_free(e[i].mi);
		free(e[i].mi);
	}
	return rc != EXIT_PASS ? rc : found > 0 ? EXIT_PASS : EXIT_FAILED;
}

/* Without --from-mailer: the first mailer whose tools are here. */
static enum mailer_kind detect(const struct mailer_paths *p)
{
	struct mailer_info *mi = calloc(1, sizeof(*mi));
	struct sw_error err;
	enum mailer_kind k = MAILER_KINDS;

	for (int i = 0; mi != NULL && i < MAILER_KINDS && k == MAILER_KINDS;
	     i++) {
		if (mailer_load((enum mailer_kind)i, NULL, p, mi, &err) == 0 &&
		    mi->installed && mi->configured)
			k = (enum mailer_kind)i;
		mailer_info_free(mi);
	}
	free(mi);
	return k;
}

int mode_queue(const struct cli_options *o)
{
	struct queue_summary q;
	struct mailer_paths p = {0};
	enum mailer_kind k;
	char account[128];
	struct sw_error err = {{0}};
	int rc = EXIT_PASS;

	paths(o, &p);
	if (o->from_mailer != NULL) {
		if (mailer_parse_name(o->from_mailer, &k, account,
				      sizeof(account), &err) != 0)
			return usage_error(err.msg);
	} else if ((k = detect(&p)) == MAILER_KINDS) {
		return usage_error(_("no mailer with a relay was found "
				     "(Postfix, Exim4 or msmtp); name one "
				     "with --from-mailer"));
	}
	if (mailer_queue(k, &p, &q, &err) != 0) {
		queue_summary_free(&q);
		return usage_error(err.msg);
	}
	if (o->json)
		rc =
		    report_queue_json(stdout, &q) == 0 ? EXIT_PASS : EXIT_USAGE;
	else
		report_queue_text(stdout, &q);
	/* 1: mail is stuck, as a monitoring check would want it. */
	if (rc == EXIT_PASS)
		for (size_t i = 0; i < q.n; i++)
			if (q.groups[i].state != QS_WAITING)
				rc = EXIT_FAILED;
	queue_summary_free(&q);
	return rc;
}

int mailer_import(const struct cli_options *o, struct settings *s,
		  struct mailer_info *mi)
{
	struct mailer_paths p = {0};
	enum mailer_kind k;
	char account[128];
	struct sw_error err = {{0}};

	paths(o, &p);
	if (mailer_parse_name(o->from_mailer, &k, account, sizeof(account),
			      &err) != 0 ||
	    mailer_load(k, account, &p, mi, &err) != 0) {
		fprintf(stderr, "smtpwiz: --from-mailer: %s\n", err.msg);
		for (size_t i = 0; i < mi->nnotes; i++)
			fprintf(stderr, "  %s\n", mi->notes[i]);
		return -1;
	}
	for (size_t i = 0; i < mi->nnotes; i++)
		fprintf(stderr, "smtpwiz: %s\n", mi->notes[i]);
	if (mailer_to_settings(mi, s) != 0) {
		fprintf(stderr, "smtpwiz: %s\n", _("out of memory"));
		return -1;
	}
	if (mi->password_set) {
		s->password_source = SW_PW_MAILER;
		snprintf(s->origin.path, sizeof(s->origin.path), "%s",
			 mi->password_where);
	}
	return 0;
}
