/* The checklist of DESIGN.md: step ids, statuses and the result of one run.
 * The engine fills it step by step and tells listeners (TUI, text report,
 * JSON report) through an event callback. */
#ifndef SMTPWIZ_CHECKLIST_H
#define SMTPWIZ_CHECKLIST_H

#include <stdbool.h>
#include <stdint.h>

#include "config/settings.h"

struct mailer_info;
struct deliver_target;
struct transcript;

enum step_id {
	STEP_SETTINGS,
	STEP_MAILER, /* only when a mailer's settings are imported */
	STEP_DNS,
	STEP_CONNECT,
	STEP_GREETING,
	STEP_EHLO,
	STEP_TLS,
	STEP_CERTIFICATE,
	STEP_AUTH,
	STEP_SENDER,
	STEP_RECIPIENT,
	STEP_MESSAGE,
	STEP_DELIVERABILITY,
	STEP_DELIVERY, /* only after settings were applied to a mailer */
	STEP_COUNT,
};

enum step_status {
	ST_WAITING,
	ST_RUNNING,
	ST_PASS,
	ST_WARN,
	ST_FAIL,
	ST_SKIP,
};

#define STEP_SUMMARY_MAX  512
#define STEP_HINT_MAX     1536
#define STEP_EVIDENCE_MAX 8192

struct step {
	enum step_id id;
	enum step_status status;
	const char *cause; /* stable cause id, or NULL */
	const char *basis; /* how a reply's cause was reached ("text",
			      "enhanced-code", "reply-code", "context",
			      "fallback"), or NULL */
	char summary[STEP_SUMMARY_MAX];   /* translated, one line */
	char hint[STEP_HINT_MAX];         /* translated, may be long */
	char evidence[STEP_EVIDENCE_MAX]; /* lines separated by '\n', sanitised
					   */
	int64_t started_ms;
	int64_t elapsed_ms;
	/* While the step runs: what it waits for (translated, "the
	 * greeting"), or NULL, and from when until when on clock_now_ms()'s
	 * clock, so that a listener can show the wait without ticks from the
	 * engine. */
	const char *waiting;
	int64_t wait_from_ms, wait_until_ms;
};

struct check_result {
	struct step steps[STEP_COUNT];
	/* The server certificate's end of validity, in seconds since the
	 * epoch; 0 when no certificate was seen. For the monitoring reports,
	 * which show it as days left and as a timestamp. */
	int64_t cert_not_after;
	int64_t elapsed_ms; /* the whole run, from settings to QUIT */
	struct transcript *transcript; /* owned; NULL until the engine runs */
};

enum check_event {
	CHECK_STEP_STARTED,
	CHECK_STEP_FINISHED,
	CHECK_NOTICE, /* a line for the user, e.g. "Attempting to send ..." */
	CHECK_STEP_WAITING, /* a running step's wait changed (step->waiting) */
};

typedef void (*check_listener)(void *ctx, enum check_event ev,
			       const struct step *step, const char *notice);

struct check_options {
	bool send_test;
	bool no_deliverability; /* --no-deliverability: no SPF/DMARC/DKIM */
	/* Set non-zero from another thread to stop: looked at between steps
	 * (engine_cancel also ends the wait in progress). */
	volatile int *cancel;
	/* The system mailer whose settings are tested (--from-mailer): its
	 * own configuration is checked in the `mailer` step, which is absent
	 * (left waiting) without one. */
	const struct mailer_info *mailer;
	/* The mailer the settings were applied to (--apply): the `delivery`
	 * step sends through it; absent without one. */
	const struct deliver_target *deliver;
};

const char *step_id_name(enum step_id id);
/* Translated display label ("Settings", "DNS lookup", ...). */
const char *step_label(enum step_id id);
const char *step_status_name(enum step_status st);

/* "waiting for the greeting, 4 s of 15 s" for a running step at now (a
 * clock_now_ms() time); "" when it waits for nothing. */
void step_wait_text(const struct step *st, int64_t now, char *buf, size_t n);

void check_result_init(struct check_result *r);
void check_result_free(struct check_result *r);

/* Overall verdict: ST_FAIL if a step failed, else ST_WARN if one warned,
 * else ST_PASS. */
enum step_status check_result_overall(const struct check_result *r);

/* Appends one line to a step's evidence (sanitising control characters);
 * silently truncates at the buffer's bound, marking the cut. */
void step_add_evidence(struct step *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
