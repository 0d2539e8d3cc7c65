/* The Prometheus text exposition format (version 0.0.4,
 * https://prometheus.io/docs/instrumenting/exposition_formats/), for
 * node_exporter's textfile collector. Metric names follow the naming
 * guide (base units: seconds; timestamps in seconds since the epoch);
 * HELP texts are data and stay English. Enumerations are one series per
 * state with the value 1 for the state reached, as the guide advises, so
 * an alert reads smtpwiz_step_status{status="fail"} == 1. */
#include <config.h>

#include <stdio.h>

#include "report/monitor.h"

struct labels {
	const char *host;
	long port;
};

static const enum step_status statuses[] = {ST_PASS, ST_WARN, ST_FAIL, ST_SKIP};

/* A label value escapes backslash, double quote and line feed; nothing
 * else (the format is UTF-8, and host names were validated). */
static void put_value(FILE *out, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\')
			fputs("\\\\", out);
		else if (*v == '"')
			fputs("\\\"", out);
		else if (*v == '\n')
			fputs("\\n", out);
		else
			fputc(*v, out);
	}
}

static void put_label(FILE *out, const char *name, const char *value)
{
	if (value == NULL)
		return;
	fprintf(out, ",%s=\"", name);
	put_value(out, value);
	fputc('"', out);
}

/* host and port on every series: several timers may each check another
 * server into the same textfile directory. NULL leaves a label out. */
static void put_labels(FILE *out, const struct labels *l, const char *step,
		       const char *status, const char *cause)
{
	fputs("{host=\"", out);
	put_value(out, l->host);
	fprintf(out, "\",port=\"%ld\"", l->port);
	put_label(out, "step", step);
	put_label(out, "status", status);
	put_label(out, "cause", cause);
	fputc('}', out);
}

static void put_family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static bool ran(const struct step *st)
{
	return st->status == ST_PASS || st->status == ST_WARN ||
	       st->status == ST_FAIL || st->status == ST_SKIP;
}

static void put_steps(FILE *out, const struct labels *l,
		      const struct check_result *r)
{
	size_t k;
	int i;

	put_family(out, "smtpwiz_step_status",
		   "1 for the status each step ended with (pass, warn, fail, "
		   "skip), 0 for the others; cause names why it warned or "
		   "failed.");
	for (i = 0; i < STEP_COUNT; i++) {
		const struct step *st = &r->steps[i];

		for (k = 0; ran(st) && k < sizeof(statuses) / sizeof(*statuses);
		     k++) {
			bool is = st->status == statuses[k];

			fputs("smtpwiz_step_status", out);
			/* The cause only on the series that is 1: it belongs
			 * to the status reached. */
			put_labels(out, l, step_id_name(st->id),
				   step_status_name(statuses[k]),
				   is ? st->cause : NULL);
			fprintf(out, " %d\n", is ? 1 : 0);
		}
	}
	put_family(out, "smtpwiz_step_duration_seconds",
		   "Time each step took.");
	for (i = 0; i < STEP_COUNT; i++) {
		const struct step *st = &r->steps[i];

		if (st->status != ST_PASS && st->status != ST_WARN &&
		    st->status != ST_FAIL)
			continue;
		fputs("smtpwiz_step_duration_seconds", out);
		put_labels(out, l, step_id_name(st->id), NULL, NULL);
		fprintf(out, " %.3f\n", (double)st->elapsed_ms / 1000.0);
	}
}

int report_prometheus(FILE *out, const struct settings *s,
		      const struct check_result *r, int64_t now)
{
	struct labels l = {.host = s->host != NULL ? s->host : "",
			   .port = s->port};
	enum step_status overall = check_result_overall(r);
	size_t k;

	put_family(out, "smtpwiz_check_success",
		   "1 when no step failed (warnings allowed), 0 otherwise.");
	fputs("smtpwiz_check_success", out);
	put_labels(out, &l, NULL, NULL, NULL);
	fprintf(out, " %d\n", overall == ST_FAIL ? 0 : 1);
	put_family(out, "smtpwiz_check_status",
		   "1 for the overall result (pass, warn, fail), 0 for the "
		   "others.");
	for (k = 0; k < 3; k++) {
		fputs("smtpwiz_check_status", out);
		put_labels(out, &l, NULL, step_status_name(statuses[k]), NULL);
		fprintf(out, " %d\n", overall == statuses[k] ? 1 : 0);
	}
	put_family(out, "smtpwiz_check_duration_seconds",
		   "Time the whole check took.");
	fputs("smtpwiz_check_duration_seconds", out);
	put_labels(out, &l, NULL, NULL, NULL);
	fprintf(out, " %.3f\n", (double)r->elapsed_ms / 1000.0);
	put_family(out, "smtpwiz_check_timestamp_seconds",
		   "When the check ran; an old value means the checks "
		   "stopped.");
	fputs("smtpwiz_check_timestamp_seconds", out);
	put_labels(out, &l, NULL, NULL, NULL);
	fprintf(out, " %lld\n", (long long)now);
	put_steps(out, &l, r);
	if (r->cert_not_after != 0) {
		put_family(out, "smtpwiz_certificate_expiry_timestamp_seconds",
			   "When the server's certificate expires.");
		fputs("smtpwiz_certificate_expiry_timestamp_seconds", out);
		put_labels(out, &l, NULL, NULL, NULL);
		fprintf(out, " %lld\n", (long long)r->cert_not_after);
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
