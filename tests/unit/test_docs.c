/* Every cause id the program can report is documented in smtpwiz(1) and has
 * a hint in the catalogue. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/diagnose.h"
#include "knowledge/hints.h"
#include "tap.h"

static char *read_man(void)
{
	const char *src = getenv("SRCDIR");
	char path[4096];
	static char buf[1 << 20];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/man/smtpwiz.1", src ? src : ".");
	f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* In roff a hyphen is written "\-": ".B auth\-failed". */
static int documented(const char *man, const char *cause)
{
	char want[128];
	size_t o = 0;
	const char *c;

	o += (size_t)snprintf(want, sizeof(want), "\n.B ");
	for (c = cause; *c && o + 3 < sizeof(want); c++) {
		if (*c == '-')
			want[o++] = '\\';
		want[o++] = *c;
	}
	want[o++] = '\n';
	want[o] = '\0';
	return strstr(man, want) != NULL;
}

int main(void)
{
	const char *man = read_man();
	const struct hint *h;
	const char *c;
	size_t n, i;

	if (!ok(man != NULL, "man/smtpwiz.1 readable"))
		return tap_done();
	h = hint_table(&n);
	ok(n >= 40, "the catalogue has %zu causes", n);
	for (i = 0; i < n; i++)
		ok(documented(man, h[i].cause), "%s is in smtpwiz(1)",
		   h[i].cause);
	for (i = 0; (c = diagnose_cause_at(i)) != NULL; i++)
		if (!ok(hint_lookup(c) != NULL && documented(man, c),
			"classifier cause %s has a hint and a man entry", c))
			break;
	return tap_done();
}
