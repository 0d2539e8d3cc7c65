/* msmtp: the tested settings as one account of the msmtprc, made the
 * default; every other line and account stays as it was. Keys and
 * quoting as msmtp(1) documents them,
 * https://marlam.de/msmtp/msmtp.html#Configuration-files ("account
 * default : NAME" makes NAME's settings the default account's). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/i18n.h"
#include "mailer/apply.h"
#include "mailer/msmtp.h"

#define DEFAULT_ACCOUNT "smtpwiz"

struct buf {
	char *p;
	size_t len, cap;
};

static int put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = malloc(cap);

		if (p == NULL)
			return -1;
		if (b->p != NULL) {
			memcpy(p, b->p, b->len);
			explicit_bzero(b->p, b->len);
			free(b->p);
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int puts_(struct buf *b, const char *s)
{
	return put(b, s, strlen(s));
}

/* "KEY VALUE\n". msmtp 1.8 takes the rest of the line, trimmed, and
 * strips one pair of double quotes around it; nothing inside is an
 * escape (checked against msmtp 1.8.23: "a\"b" logs in as a\"b). So a
 * value in quotes arrives exactly, whatever it holds but a newline. */
static int put_kv(struct buf *b, const char *key, const char *v, bool quote)
{
	size_t n = strlen(v);
	int rc = puts_(b, key) | put(b, " ", 1);

	quote = quote || n == 0 || v[0] == '"' || v[0] == ' ' || v[0] == '\t' ||
		v[n - 1] == ' ' || v[n - 1] == '\t';
	if (quote)
		rc |= put(b, "\"", 1);
	rc |= put(b, v, n);
	if (quote)
		rc |= put(b, "\"", 1);
	return rc | put(b, "\n", 1);
}

static int account_block(struct buf *b, const char *name,
			 const struct settings *s,
			 const struct apply_options *ao)
{
	bool auth = s->username != NULL && s->username[0] != '\0';
	char port[16], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d", &tm);
	snprintf(port, sizeof(port), "%ld", s->port);
	rc = puts_(b, "# Written by smtpwiz --apply after a passing test on ");
	rc |= puts_(b, stamp);
	rc |= put(b, "\n", 1);
	rc |= put_kv(b, "account", name, false);
	rc |= put_kv(b, "host", s->host, false);
	rc |= put_kv(b, "port", port, false);
	rc |= put_kv(b, "tls", s->tls == SW_TLS_NONE ? "off" : "on", false);
	rc |= put_kv(b, "tls_starttls",
		     s->tls == SW_TLS_STARTTLS ? "on" : "off", false);
	if (s->tls != SW_TLS_NONE) {
		rc |= put_kv(
		    b, "tls_trust_file",
		    s->ca_file && s->ca_file[0] ? s->ca_file : "system", false);
		if (!s->tls_verify)
			rc |= put_kv(b, "tls_certcheck", "off", false);
	}
	rc |= put_kv(b, "auth", auth ? "on" : "off", false);
	if (auth) {
		rc |= put_kv(b, "user", s->username, false);
		if (ao && ao->passwordeval && ao->passwordeval[0])
			rc |= put_kv(b, "passwordeval", ao->passwordeval, true);
		else
			rc |= put_kv(b, "password",
				     s->password ? s->password : "", true);
	}
	if (s->from != NULL && s->from[0] != '\0')
		rc |= put_kv(b, "from", s->from, false);
	return rc;
}

/* The first word of a line and, for "account", its name. */
static bool block_start(const char *line, size_t len, char *name, size_t n)
{
	size_t lead = strspn(line, " \t");
	const char *w = line + lead;

	name[0] = '\0';
	if (len >= lead + 8 && strncmp(w, "defaults", 8) == 0 &&
	    (len == lead + 8 || w[8] == ' ' || w[8] == '\t'))
		return true;
	if (len > lead + 8 && strncmp(w, "account", 7) == 0 &&
	    (w[7] == ' ' || w[7] == '\t')) {
		const char *v = w + 8 + strspn(w + 8, " \t");
		size_t vl = strcspn(v, " \t:\n");

		snprintf(name, n, "%.*s", (int)vl, v);
		return true;
	}
	return false;
}

/* Copies old into out without the blocks of account `name` and of
 * `default`; *at is where the first of them was (else the end). */
static int strip(const char *old, const char *name, struct buf *out, size_t *at)
{
	char cur[128];
	bool skipping = false;
	int rc = 0;

	*at = (size_t)-1;
	while (*old != '\0') {
		size_t l = strcspn(old, "\n");

		if (block_start(old, l, cur, sizeof(cur)))
			skipping = strcmp(cur, name) == 0 ||
				   strcmp(cur, "default") == 0;
		if (skipping && *at == (size_t)-1)
			*at = out->len;
		if (!skipping) {
			rc |= put(out, old, l);
			rc |= put(out, "\n", 1);
		}
		old += l + (old[l] == '\n');
	}
	if (*at == (size_t)-1)
		*at = out->len;
	return rc;
}

static int compose(const char *old, const char *name, const struct settings *s,
		   const struct apply_options *ao, struct buf *out)
{
	struct buf kept = {0}, block = {0};
	size_t at;
	int rc = strip(old, name, &kept, &at);

	rc |= account_block(&block, name, s, ao);
	if (strcmp(name, "default") != 0) {
		rc |= put(&block, "\n", 1);
		rc |= puts_(&block, "account default : ");
		rc |= puts_(&block, name);
		rc |= put(&block, "\n", 1);
	}
	if (rc == 0) {
		rc |= put(out, kept.p ? kept.p : "", at);
		/* A blank line between the kept text and the new block. */
		if (at > 0 && kept.p[at - 1] == '\n' &&
		    (at < 2 || kept.p[at - 2] != '\n'))
			rc |= put(out, "\n", 1);
		rc |= put(out, block.p, block.len);
		if (kept.len > at) {
			rc |= put(out, "\n", 1);
			rc |= put(out, kept.p + at, kept.len - at);
		}
	}
	if (block.p != NULL)
		explicit_bzero(block.p, block.len);
	if (kept.p != NULL)
		explicit_bzero(kept.p, kept.len);
	free(block.p);
	free(kept.p);
	return rc;
}

int apply_msmtp_prepare(const struct mailer_paths *p, const struct settings *s,
			const struct apply_options *ao, struct apply_plan *plan,
			struct sw_error *err)
{
	struct buf out = {0};
	struct apply_file *f;
	struct stat sb;
	mode_t mode = 0600;
	char *old;
	bool exists;
	int rc;

	msmtp_config_path(p, plan->config, sizeof(plan->config));
	if ((s->password && strpbrk(s->password, "\r\n")) ||
	    (ao && ao->passwordeval && strpbrk(ao->passwordeval, "\r\n"))) {
		sw_error_set(err, "%s",
			     _("an msmtprc value cannot hold a line break"));
		return -1;
	}
	snprintf(plan->account, sizeof(plan->account), "%s",
		 ao && ao->account && ao->account[0] ? ao->account
						     : DEFAULT_ACCOUNT);
	/* Group read stays (Debian's /etc/msmtprc is root:msmtp 0640);
	 * nothing else: the file holds a password. */
	if (stat(plan->config, &sb) == 0)
		mode = (sb.st_mode & 0640) | 0600;
	old = apply_read(plan->config, &exists, err);
	if (old == NULL)
		return -1;
	rc = compose(old, plan->account, s, ao, &out);
	free(old);
	f = apply_add_file(plan, plan->config, mode);
	if (rc != 0 || f == NULL || out.p == NULL) {
		sw_error_set(err, "%s", _("out of memory"));
		rc = -1;
	} else {
		f->secret = APPLY_SECRET_MSMTP;
		rc = apply_write(f->staged, out.p, out.len, err);
	}
	if (out.p != NULL)
		explicit_bzero(out.p, out.len);
	free(out.p);
	apply_cmd(plan, "msmtp -C %s -a %s --pretend", plan->config,
		  plan->account);
	return rc;
}
