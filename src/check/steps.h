/* Internal to the engine: the state of one checklist run shared by the step
 * implementations. Not for the UI or report layers. */
#ifndef SMTPWIZ_STEPS_H
#define SMTPWIZ_STEPS_H

#include <pthread.h>
#include <stdbool.h>

#include "check/checklist.h"
#include "net/conn.h"
#include "knowledge/diagnose.h"
#include "net/net.h"
#include "net/smtp.h"
#include "net/smtp_io.h"
#include "net/tls.h"
#include "net/transcript.h"

struct probe_job;

struct run {
	const struct settings *settings;
	const struct check_options *opt;
	struct check_result *result;
	struct transcript *transcript;
	check_listener fn;
	void *ctx;

	/* the session, filled as the steps go */
	struct net_addrs addrs;
	struct net_addr peer; /* the address connected to */
	struct conn conn;
	bool connected, tls_active;
	bool authed; /* AUTH succeeded (235): evidence for the classifier */
	bool broken; /* a timeout or malformed reply: no QUIT is owed */
	struct tls_result tls;
	struct smtp_caps caps;
	const char *provider; /* recognised from the banner, or NULL */
	char helo[256];

	/* port probes that started while a slow connect went on; joined at
	 * the end of the run */
	bool probing;
	pthread_t probe_tid;
	struct probe_job *probe;
};

void step_begin(struct run *run, enum step_id id);
void step_end(struct run *run, enum step_id id, enum step_status status);
void step_skip(struct run *run, enum step_id id, const char *why);
/* The running step now waits for what (translated) until until; listeners
 * hear CHECK_STEP_WAITING. */
void step_wait(struct run *run, enum step_id id, const char *what,
	       int64_t until);
void run_notice(struct run *run, const char *text);
/* Cancelled through opt->cancel or engine_cancel(). */
bool run_cancelled(const struct run *run);
/* When the run is cancelled, ends step id as skipped, "Cancelled", with no
 * cause (a wait cut short proves nothing) and returns true. */
bool step_cancelled(struct run *run, enum step_id id);

/* Milliseconds from now until the per-step timeout runs out. */
int64_t step_deadline(const struct run *run);

/* Sets a step's cause, summary and hint from the catalogue (with the
 * provider's variant when there is one). */
void step_cause(struct run *run, enum step_id id, const char *cause,
		const char *provider);
/* step_cause, then ends the step with status. */
void step_verdict(struct run *run, enum step_id id, enum step_status status,
		  const char *cause, const char *provider);
/* Adds a sentence to the hint (after the catalogue's). */
void step_add_hint(struct step *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* An I/O failure in the middle of a step: timeout, connection-lost or
 * protocol-error, with why as evidence. */
void step_io_failure(struct run *run, enum step_id id, enum smtp_io io,
		     const char *why);
/* A refusing reply: diagnose_reply decides the cause. */
void step_reply_failure(struct run *run, enum step_id id, enum diag_stage stage,
			const struct smtp_reply *r);
/* A reply that could not be read whole (io is not SMTP_IO_OK): when the
 * lines that did arrive begin a refusal (4xx, 5xx), they are classified as
 * a reply at stage; otherwise it is step_io_failure's. */
void step_read_failure(struct run *run, enum step_id id, enum diag_stage stage,
		       enum smtp_io io, const struct smtp_reply *r,
		       const char *why);
/* Sends a command and reads its reply (a command of stage); on failure
 * ends the step. Returns true when a reply was read (whatever its code). */
bool step_command(struct run *run, enum step_id id, enum diag_stage stage,
		  const char *cmd, struct smtp_reply *r);

enum step_status step_settings(struct run *run);
enum step_status step_deliverability(struct run *run);
/* Only with opt->mailer; never stops the run. */
void step_mailer(struct run *run);
/* Only with opt->deliver: a message through the mailer, followed. */
void step_delivery(struct run *run);
/* The mailer step is left out of runs without a mailer, the delivery
 * step out of runs without an applied mailer. */
bool step_absent(const struct run *run, enum step_id id);
enum step_status step_dns(struct run *run);
enum step_status step_connect(struct run *run);
/* Waits for background probes, if any. */
void step_connect_cleanup(struct run *run);
enum step_status step_greeting(struct run *run);
enum step_status step_ehlo(struct run *run);
/* EHLO (or HELO) and the capabilities, inside step id; false when the
 * step has ended in failure. */
bool session_ehlo(struct run *run, enum step_id id);
enum step_status step_tls(struct run *run);
enum step_status step_certificate(struct run *run);
enum step_status step_auth(struct run *run);
/* sender, recipient and message share one (pipelined) exchange */
void step_mail(struct run *run);

#endif
