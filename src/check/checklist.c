#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cancel.h"
#include "check/checklist.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "check/steps.h"
#include "base/text.h"

static const char *const step_ids[STEP_COUNT] = {
    "settings",       "mailer",   "dns",       "connect",
    "greeting",       "ehlo",     "tls",       "certificate",
    "auth",           "sender",   "recipient", "message",
    "deliverability", "delivery",
};

static const char *const step_labels[STEP_COUNT] = {
    N_("Settings"),
    N_("Mailer settings"),
    N_("DNS lookup"),
    N_("TCP connection"),
    N_("Server greeting"),
    N_("EHLO"),
    N_("TLS"),
    N_("Certificate"),
    N_("Authentication"),
    N_("Sender"),
    N_("Recipient"),
    N_("Test message"),
    N_("Deliverability"),
    N_("Delivery"),
};

/* What each step waits for while it runs, shown with the time left. */
static const char *const step_waits[STEP_COUNT] = {
    [STEP_DNS] = N_("the DNS answer"),
    [STEP_CONNECT] = N_("the server to accept the connection"),
    [STEP_GREETING] = N_("the greeting"),
    [STEP_EHLO] = N_("the reply to EHLO"),
    [STEP_TLS] = N_("the TLS handshake"),
    [STEP_AUTH] = N_("the reply to the sign-in"),
    [STEP_SENDER] = N_("the reply to the sender"),
    [STEP_RECIPIENT] = N_("the reply to the recipient"),
    [STEP_MESSAGE] = N_("the reply to the message"),
    [STEP_DELIVERABILITY] = N_("the DNS answers"),
};

const char *step_id_name(enum step_id id)
{
	return id < STEP_COUNT ? step_ids[id] : "?";
}

const char *step_label(enum step_id id)
{
	return id < STEP_COUNT ? _(step_labels[id]) : "?";
}

const char *step_status_name(enum step_status st)
{
	static const char *const names[] = {"waiting", "running", "pass",
					    "warn",    "fail",    "skip"};

	return (unsigned)st < sizeof(names) / sizeof(names[0]) ? names[st]
							       : "?";
}

void step_wait_text(const struct step *st, int64_t now, char *buf, size_t n)
{
	long long done, all;

	if (n == 0)
		return;
	buf[0] = '\0';
	if (st->status != ST_RUNNING || st->waiting == NULL)
		return;
	done = (now - st->wait_from_ms) / 1000;
	all = (st->wait_until_ms - st->wait_from_ms + 500) / 1000;
	if (done < 0)
		done = 0;
	if (done > all)
		done = all;
	/* TRANSLATORS: the first %s is what is awaited ("the greeting"),
	 * then the seconds waited and the seconds allowed. */
	snprintf(buf, n, _("waiting for %s, %lld s of %lld s"), st->waiting,
		 done, all);
}

void check_result_init(struct check_result *r)
{
	int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < STEP_COUNT; i++)
		r->steps[i].id = (enum step_id)i;
}

void check_result_free(struct check_result *r)
{
	transcript_free(r->transcript);
	r->transcript = NULL;
}

enum step_status check_result_overall(const struct check_result *r)
{
	enum step_status worst = ST_PASS;
	int i;

	for (i = 0; i < STEP_COUNT; i++) {
		if (r->steps[i].status == ST_FAIL)
			return ST_FAIL;
		if (r->steps[i].status == ST_WARN)
			worst = ST_WARN;
	}
	return worst;
}

static void add_line(struct step *st, const char *line, size_t len)
{
	char clean[2048];

	text_sanitize(clean, sizeof(clean), line, len);
	if (st->evidence[0] != '\0' &&
	    text_append(st->evidence, sizeof(st->evidence), "\n") < 0)
		return;
	if (text_append(st->evidence, sizeof(st->evidence), "%s", clean) < 0) {
		/* Mark the cut so nobody mistakes a truncated reply for a
		 * complete one. */
		memcpy(st->evidence + sizeof(st->evidence) - 5, "\n...", 5);
	}
}

/* Each line of the formatted text becomes one evidence line: the newlines
 * of a multi-line reply separate lines, every other control character is
 * made inert. */
void step_add_evidence(struct step *st, const char *fmt, ...)
{
	char raw[STEP_EVIDENCE_MAX];
	const char *p = raw;
	va_list ap;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	if (w < 0)
		return;
	do {
		size_t l = strcspn(p, "\n");

		add_line(st, p, l);
		p += l;
	} while (*p++ == '\n' && *p != '\0');
}

/* The one boundary between the engine and every renderer (text, JSON, the
 * wizard): whichever field a server's reply, a certificate's subject, a
 * file's content or a command-line value was formatted into, it is made
 * inert here before a listener sees the step. */
static void publish(struct run *run, struct step *st)
{
	text_make_inert(st->summary, sizeof(st->summary));
	text_make_inert(st->hint, sizeof(st->hint));
	text_make_inert(st->evidence, sizeof(st->evidence));
	if (run->fn)
		run->fn(run->ctx, CHECK_STEP_FINISHED, st, NULL);
}

void step_begin(struct run *run, enum step_id id)
{
	struct step *st = &run->result->steps[id];

	st->status = ST_RUNNING;
	st->started_ms = clock_now_ms();
	st->waiting = step_waits[id] ? _(step_waits[id]) : NULL;
	st->wait_from_ms = st->started_ms;
	st->wait_until_ms = st->started_ms + run->settings->timeout * 1000;
	if (run->fn)
		run->fn(run->ctx, CHECK_STEP_STARTED, st, NULL);
}

void step_end(struct run *run, enum step_id id, enum step_status status)
{
	struct step *st = &run->result->steps[id];

	st->status = status;
	st->elapsed_ms = clock_now_ms() - st->started_ms;
	st->waiting = NULL;
	publish(run, st);
}

void step_wait(struct run *run, enum step_id id, const char *what,
	       int64_t until)
{
	struct step *st = &run->result->steps[id];

	st->waiting = what;
	st->wait_until_ms = until;
	if (run->fn)
		run->fn(run->ctx, CHECK_STEP_WAITING, st, NULL);
}

void step_skip(struct run *run, enum step_id id, const char *why)
{
	struct step *st = &run->result->steps[id];

	st->status = ST_SKIP;
	st->started_ms = clock_now_ms();
	snprintf(st->summary, sizeof(st->summary), "%s", why);
	publish(run, st);
}

void run_notice(struct run *run, const char *text)
{
	char clean[1024];

	if (run->fn)
		run->fn(run->ctx, CHECK_NOTICE, NULL,
			text_inert(text, clean, sizeof(clean)));
}
