/* Reading an msmtprc: one command per line, "defaults" and "account"
 * sections, '#' comments, values optionally in double quotes
 * (https://marlam.de/msmtp/msmtp.html#Configuration-files). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "mailer/adapters.h"
#include "mailer/msmtp.h"

/* "a b" -> a b, with \" and \\ inside quotes. */
static void unquote(char *v)
{
	char *w = v;

	if (v[0] != '"')
		return;
	for (char *r = v + 1; *r != '\0' && *r != '"'; r++) {
		if (*r == '\\' && r[1] != '\0')
			r++;
		*w++ = *r;
	}
	*w = '\0';
}

static void add_parents(struct msmtp_acc *a, char *list)
{
	char *save = NULL;

	for (char *t = strtok_r(list, ",", &save); t != NULL;
	     t = strtok_r(NULL, ",", &save)) {
		t = mailer_trim(t);
		if (*t != '\0' && a->nparents < MSMTP_PARENTS_MAX)
			snprintf(a->parents[a->nparents++],
				 sizeof(a->parents[0]), "%s", t);
	}
}

static struct msmtp_acc *section(struct msmtp_file *mf, char *rest,
				 bool defaults, int no)
{
	struct msmtp_acc *a;
	char *colon;

	if (mf->n >= MSMTP_ACCOUNTS_MAX)
		return NULL;
	a = &mf->acc[mf->n++];
	memset(a, 0, sizeof(*a));
	a->line = no;
	a->is_defaults = defaults;
	if (defaults)
		return a;
	colon = strchr(rest, ':');
	if (colon != NULL) {
		*colon = '\0';
		add_parents(a, colon + 1);
	}
	snprintf(a->name, sizeof(a->name), "%s", mailer_trim(rest));
	a->is_alias = strcmp(a->name, "default") == 0 && a->nparents == 1;
	return a;
}

static void add_set(struct msmtp_acc *a, const char *key, char *value, int no)
{
	struct msmtp_set *s;

	if (a == NULL || a->nset >= MSMTP_SETS_MAX || strlen(key) >= 32)
		return;
	s = &a->set[a->nset++];
	snprintf(s->key, sizeof(s->key), "%s", key);
	unquote(value);
	s->value = strdup(value);
	s->line = no;
}

int msmtp_parse(struct mailer_info *mi, const char *path, struct msmtp_file *mf,
		struct sw_error *err)
{
	char line[MAILER_LINE_MAX];
	struct msmtp_acc *cur = NULL;
	FILE *f;
	int no = 0;

	snprintf(mf->path, sizeof(mf->path), "%s", path);
	f = mailer_open(mi, path);
	if (f == NULL) {
		sw_error_set(err, "%s", mi->nnotes ? mi->notes[0] : path);
		return -1;
	}
	while (mailer_read_line(f, line, &no)) {
		char *cmd = mailer_trim(line), *arg;
		size_t len = strcspn(cmd, " \t");

		if (*cmd == '#' || *cmd == '\0')
			continue;
		arg = cmd + len;
		if (*arg != '\0')
			*arg++ = '\0';
		arg = mailer_trim(arg);
		if (strcmp(cmd, "defaults") == 0)
			cur = section(mf, arg, true, no);
		else if (strcmp(cmd, "account") == 0)
			cur = section(mf, arg, false, no);
		else
			add_set(cur, cmd, arg, no);
	}
	explicit_bzero(line, sizeof(line));
	fclose(f);
	return 0;
}

void msmtp_file_free(struct msmtp_file *mf)
{
	for (size_t i = 0; i < mf->n; i++)
		for (int j = 0; j < mf->acc[i].nset; j++) {
			char *v = mf->acc[i].set[j].value;

			if (v != NULL) {
				explicit_bzero(v, strlen(v));
				free(v);
			}
		}
	mf->n = 0;
}
