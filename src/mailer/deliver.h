/* Proving that mail leaves: a test message handed to the mailer's
 * sendmail interface (the way every program on the server sends), then
 * followed until the mailer says it reached the relay, was deferred or
 * bounced (Postfix: the queue id and its log line; msmtp: its exit status
 * and message), within a bound. */
#ifndef SMTPWIZ_MAILER_DELIVER_H
#define SMTPWIZ_MAILER_DELIVER_H

#include "base/error.h"
#include "mailer/mailer.h"

struct deliver_target {
	enum mailer_kind kind;
	const char *config;  /* NULL: the system's */
	const char *account; /* msmtp: the account; else NULL */
};

enum deliver_state {
	DELIVER_SENT,     /* the relay accepted it */
	DELIVER_DEFERRED, /* the mailer will retry */
	DELIVER_BOUNCED,  /* the mailer gave up */
	DELIVER_PENDING,  /* no outcome within the bound */
	DELIVER_REFUSED,  /* the sendmail interface did not take it */
};

struct deliver_result {
	enum deliver_state state;
	char how[MAILER_PATH_MAX + 64]; /* the command that took it */
	char queue_id[64];
	char line[MAILER_TEXT_MAX * 2];   /* the mailer's own line, sanitised */
	char reason[MAILER_TEXT_MAX * 2]; /* the reason it gives, if any */
	char log[MAILER_PATH_MAX];        /* the log it was followed in */
};

/* Sends one message from `from` to `to`; 0 when an outcome (any state)
 * was found, -1 with err when the test could not be made at all. */
int mailer_deliver(const struct deliver_target *t, const char *from,
		   const char *to, int timeout_ms, struct deliver_result *r,
		   struct sw_error *err);

#endif
