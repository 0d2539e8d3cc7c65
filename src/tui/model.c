/* The form's values and the settings struct, both ways. Values the wizard
 * does not show (timeout, helo_name, auth_mechanism) pass through
 * untouched, and a value only looked at comes back byte for byte. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"

/* Generous bounds: the validators, not the field, say what is too long. */
static const size_t field_max[FLD_COUNT] = {
    [FLD_HOST] = 320,
    [FLD_PORT] = 16,
    [FLD_CA_FILE] = FIELD_MAX,
    [FLD_USER] = 512,
    [FLD_PASSWORD] = FIELD_MAX,
    [FLD_FROM] = 512,
    [FLD_TO] = 512,
    [FLD_EMAIL] = 512,
};

static char *const *str_of(const struct settings *s, enum fld f)
{
	switch (f) {
	case FLD_HOST:
		return &s->host;
	case FLD_CA_FILE:
		return &s->ca_file;
	case FLD_USER:
		return &s->username;
	case FLD_PASSWORD:
		return &s->password;
	case FLD_FROM:
		return &s->from;
	case FLD_TO:
		return &s->test_recipient;
	default:
		return NULL;
	}
}

void model_load(struct app *a, const struct settings *s)
{
	char port[32];

	for (int f = 0; f < FLD_COUNT; f++) {
		char *const *str = str_of(s, (enum fld)f);

		field_init(&a->fld[f], field_max[f], f == FLD_PASSWORD);
		if (str != NULL)
			field_set(&a->fld[f], *str);
	}
	snprintf(port, sizeof(port), "%ld", s->port);
	field_set(&a->fld[FLD_PORT], port);
	a->tls = s->tls;
	a->verify = s->tls_verify;
	a->no_auth = (s->username == NULL || s->username[0] == '\0') &&
		     (s->password == NULL || s->password[0] == '\0');
	a->send_test = s->test_recipient != NULL && s->test_recipient[0];
	/* A file with a user name and no password was saved that way on
	 * purpose: the password comes from elsewhere (smtpwiz.conf(5)). */
	a->no_store =
	    !a->no_auth && (s->password == NULL || s->password[0] == '\0');
	a->keep_backup = true;
}

const char *model_text(const struct app *a, enum fld f, char *buf)
{
	field_get(&a->fld[f], buf, FIELD_UTF8_MAX);
	return buf;
}

static int set_field(const struct app *a, enum fld f, char **dst)
{
	char *buf = malloc(FIELD_UTF8_MAX);
	int rc;

	if (buf == NULL)
		return -1;
	model_text(a, f, buf);
	rc = settings_set(dst, buf[0] != '\0' ? buf : NULL);
	explicit_bzero(buf, FIELD_UTF8_MAX);
	free(buf);
	return rc;
}

int model_apply(const struct app *a, struct settings *out)
{
	char port[FIELD_UTF8_MAX];
	long p = out->port;
	int rc = 0;

	for (int f = 0; f < FLD_COUNT; f++) {
		char *const *str = str_of(out, (enum fld)f);

		if (str == NULL)
			continue;
		if (a->no_auth && (f == FLD_USER || f == FLD_PASSWORD))
			rc |= settings_set((char **)str, NULL);
		else
			rc |= set_field(a, (enum fld)f, (char **)str);
	}
	/* An invalid port cannot be saved anyway (Next refuses it). */
	if (validate_port_text(model_text(a, FLD_PORT, port), &p).status !=
	    V_ERROR)
		out->port = p;
	out->tls = a->tls;
	out->tls_verify = a->verify;
	return rc;
}

int model_copy(const struct settings *src, struct settings *dst)
{
	int rc = 0;

	settings_free(dst);
	*dst = *src;
	dst->host = dst->ca_file = dst->username = dst->password = NULL;
	dst->from = dst->test_recipient = dst->helo_name = NULL;
	dst->auth_mechanism = NULL;
	rc |= settings_set(&dst->host, src->host);
	rc |= settings_set(&dst->ca_file, src->ca_file);
	rc |= settings_set(&dst->username, src->username);
	rc |= settings_set(&dst->password, src->password);
	rc |= settings_set(&dst->from, src->from);
	rc |= settings_set(&dst->test_recipient, src->test_recipient);
	rc |= settings_set(&dst->helo_name, src->helo_name);
	rc |= settings_set(&dst->auth_mechanism, src->auth_mechanism);
	return rc;
}

static bool same_str(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return (x == NULL || x[0] == '\0') &&
		       (y == NULL || y[0] == '\0');
	return strcmp(x, y) == 0;
}

bool model_changed(const struct app *a)
{
	struct settings cur;
	const struct settings *b = &a->baseline;
	bool changed;

	settings_init(&cur);
	if (model_copy(b, &cur) != 0 || model_apply(a, &cur) != 0) {
		settings_free(&cur);
		return true;
	}
	/* A password that is not to be stored is no unsaved change. */
	if (a->no_store)
		settings_set(&cur.password, b->password);
	changed = !same_str(cur.host, b->host) || cur.port != b->port ||
		  cur.tls != b->tls || cur.tls_verify != b->tls_verify ||
		  !same_str(cur.ca_file, b->ca_file) ||
		  !same_str(cur.username, b->username) ||
		  !same_str(cur.password, b->password) ||
		  !same_str(cur.from, b->from) ||
		  !same_str(cur.test_recipient, b->test_recipient);
	settings_free(&cur);
	return changed;
}

bool *model_check(struct app *a, int id)
{
	switch (id) {
	case CHK_VERIFY:
		return &a->verify;
	case CHK_NO_AUTH:
		return &a->no_auth;
	case CHK_SEND_TEST:
		return &a->send_test;
	case CHK_NO_STORE:
		return &a->no_store;
	case CHK_KEEP_BACKUP:
		return &a->keep_backup;
	}
	return NULL;
}

void model_wipe(struct app *a)
{
	for (int f = 0; f < FLD_COUNT; f++)
		field_wipe(&a->fld[f]);
}
