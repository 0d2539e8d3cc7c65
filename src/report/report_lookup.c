/* `smtpwiz --lookup`: what was found for an address and where it came
 * from. Source names, TLS modes and JSON keys are stable and never
 * translated; sentences are. Host names come from DNS but lookup.c only
 * keeps checked host names; the address is the user's and is sanitised. */
#include <config.h>

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "report/report_lookup.h"
#include "base/text.h"

#define ADDR_MAX 1024

/* Prints text word-wrapped at width, the first line after prefix, the
 * others indented as far. */
static void wrap(FILE *out, const char *prefix, const char *text, int width)
{
	int indent = (int)strlen(prefix), col = 0;
	int avail = width - indent > 20 ? width - indent : 20;
	const char *p = text;

	fputs(prefix, out);
	while (*p != '\0') {
		size_t wl = strcspn(p, " ");

		if (col > 0 && col + 1 + (int)wl > avail) {
			fprintf(out, "\n%*s", indent, "");
			col = 0;
		} else if (col > 0) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, wl, out);
		col += (int)wl;
		p += wl;
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
}

static const char *tls_name(enum sw_tls tls)
{
	return settings_tls_name(tls);
}

/* Characters, not bytes: the translated label may hold accents. */
static int label_cols(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The keys are config keys and stay English; the user-name label is
 * translated, so the column is as wide as the longest of them. */
static int key_column(void)
{
	int w = label_cols(_("user name"));

	return w > 10 ? w : 10;
}

static void print_key(FILE *out, const char *label)
{
	fprintf(out, "  %s%*s ", label, key_column() - label_cols(label), "");
}

static void print_user(FILE *out, const struct lookup_finding *f)
{
	const char *label = preset_user_label(f->preset);

	print_key(out, _("user name"));
	if (f->user[0] != '\0')
		fprintf(out, "%s (%s)\n", f->user, label);
	else
		fprintf(out, "(%s)\n", label);
}

static void print_suggested(FILE *out, const struct lookup_finding *f,
			    int width)
{
	if (f->preset != NULL)
		fprintf(out, _("Suggested settings (from %s, %s):\n"),
			lookup_source_name(f->source), f->preset->name);
	else
		fprintf(out, _("Suggested settings (from %s):\n"),
			lookup_source_name(f->source));
	print_key(out, "host");
	fprintf(out, "%s\n", f->host);
	print_key(out, "port");
	fprintf(out, "%ld\n", f->port);
	print_key(out, "tls");
	fprintf(out, "%s\n", tls_name(f->tls));
	print_user(out, f);
	for (size_t i = 0; f->notes[i] != NULL; i++)
		wrap(out, "  - ", _(f->notes[i]), width);
}

static void print_found(FILE *out, const struct lookup_result *r)
{
	fprintf(out, "\n%s\n", _("Found:"));
	for (size_t i = 0; i < r->n_found; i++) {
		const struct lookup_finding *f = &r->found[i];

		fprintf(out, "  %-16s %s port %ld %s",
			lookup_source_name(f->source), f->host, f->port,
			tls_name(f->tls));
		if (f->preset != NULL)
			fprintf(out, " (%s)", f->preset->name);
		fprintf(out, "\n  %-16s %s\n", "", f->record);
	}
}

static void print_queries(FILE *out, const struct lookup_result *r)
{
	if (r->n_queries == 0)
		return;
	fprintf(out, "\n%s\n", _("DNS:"));
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct lookup_query *q = &r->queries[i];

		fprintf(out, "  %s %s: %s", q->name, q->type,
			lookup_status_name(q->status));
		if (q->detail[0] != '\0')
			fprintf(out, " (%s)", q->detail);
		fputc('\n', out);
	}
	for (size_t i = 0; i < r->mx.n; i++)
		fprintf(out, _("  MX %d %s: incoming mail server of %s\n"),
			r->mx.mx[i].preference, r->mx.mx[i].host, r->domain);
}

static bool dns_incomplete(const struct lookup_result *r)
{
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].status == LOOKUP_FAILURE ||
		    r->queries[i].status == LOOKUP_TIMEOUT ||
		    r->queries[i].status == LOOKUP_SKIPPED)
			return true;
	return false;
}

void report_lookup_text(FILE *out, const char *addr,
			const struct lookup_result *r, int width)
{
	char clean[ADDR_MAX];

	text_sanitize(clean, sizeof(clean), addr, strnlen(addr, ADDR_MAX));
	fprintf(out, _("Lookup of %s (domain %s)\n\n"), clean, r->domain);
	if (r->suggested < 0 && dns_incomplete(r)) {
		wrap(out, "",
		     _("Nothing found, but DNS did not answer every question "
		       "(see below): check /etc/resolv.conf and the network, "
		       "then try again."),
		     width);
	} else if (r->suggested < 0) {
		wrap(out, "",
		     _("No submission server found: the domain has no preset, "
		       "publishes no SRV record for submission, and its MX "
		       "hosts belong to no known provider. Ask the provider "
		       "for its SMTP submission server (outgoing server), "
		       "usually on port 587 or 465."),
		     width);
	} else {
		print_suggested(out, &r->found[r->suggested], width);
		print_found(out, r);
	}
	print_queries(out, r);
}

/* ---- JSON ---------------------------------------------------------------- */

static json_object *str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_object_new_string(s) : NULL;
}

static json_object *finding_object(const struct lookup_finding *f)
{
	json_object *o = json_object_new_object();
	json_object *notes = json_object_new_array();

	json_object_object_add(
	    o, "source", json_object_new_string(lookup_source_name(f->source)));
	json_object_object_add(o, "host", json_object_new_string(f->host));
	json_object_object_add(o, "port", json_object_new_int64(f->port));
	json_object_object_add(o, "tls",
			       json_object_new_string(tls_name(f->tls)));
	json_object_object_add(o, "provider",
			       str_or_null(f->preset ? f->preset->id : NULL));
	json_object_object_add(o, "name",
			       str_or_null(f->preset ? f->preset->name : NULL));
	json_object_object_add(
	    o, "username", json_object_new_string(preset_user_hint(f->preset)));
	json_object_object_add(o, "user", str_or_null(f->user));
	json_object_object_add(o, "record", json_object_new_string(f->record));
	for (size_t i = 0; f->notes[i] != NULL; i++)
		json_object_array_add(notes,
				      json_object_new_string(_(f->notes[i])));
	json_object_object_add(o, "notes", notes);
	return o;
}

static json_object *queries_array(const struct lookup_result *r)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < r->n_queries; i++) {
		const struct lookup_query *q = &r->queries[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "name",
				       json_object_new_string(q->name));
		json_object_object_add(o, "type",
				       json_object_new_string(q->type));
		json_object_object_add(
		    o, "status",
		    json_object_new_string(lookup_status_name(q->status)));
		json_object_object_add(o, "records",
				       json_object_new_int(q->records));
		json_object_object_add(o, "detail", str_or_null(q->detail));
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *mx_array(const struct lookup_result *r)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < r->mx.n; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(
		    o, "host", json_object_new_string(r->mx.mx[i].host));
		json_object_object_add(
		    o, "preference",
		    json_object_new_int(r->mx.mx[i].preference));
		json_object_array_add(arr, o);
	}
	return arr;
}

int report_lookup_json(FILE *out, const char *addr,
		       const struct lookup_result *r)
{
	json_object *doc = json_object_new_object();
	json_object *found = json_object_new_array();
	char clean[ADDR_MAX];
	const char *text;
	int rc;

	text_sanitize(clean, sizeof(clean), addr, strnlen(addr, ADDR_MAX));
	json_object_object_add(doc, "address", json_object_new_string(clean));
	json_object_object_add(doc, "domain",
			       json_object_new_string(r->domain));
	for (size_t i = 0; i < r->n_found; i++)
		json_object_array_add(found, finding_object(&r->found[i]));
	json_object_object_add(doc, "found", found);
	json_object_object_add(
	    doc, "suggested",
	    r->suggested >= 0 ? finding_object(&r->found[r->suggested]) : NULL);
	json_object_object_add(doc, "mx", mx_array(r));
	json_object_object_add(doc, "queries", queries_array(r));
	text = json_object_to_json_string_ext(
	    doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	rc = (text != NULL && fprintf(out, "%s\n", text) > 0) ? 0 : -1;
	json_object_put(doc);
	return rc;
}
