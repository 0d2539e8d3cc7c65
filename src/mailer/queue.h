/* A mailer's queue, grouped by why the mail is stuck: one group per
 * distinct reason (count, oldest), each classified once. Memory grows
 * with the number of distinct reasons, not with the number of messages:
 * the mailer's listing is streamed. */
#ifndef SMTPWIZ_MAILER_QUEUE_H
#define SMTPWIZ_MAILER_QUEUE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "base/error.h"
#include "mailer/mailer.h"

#define QUEUE_REASON_MAX 400
#define QUEUE_GROUPS_MAX 1000

enum queue_state {
	QS_DEFERRED, /* waiting for a retry */
	QS_BOUNCED,  /* failed for good: a bounce, or a frozen bounce */
	QS_WAITING,  /* not tried yet or being delivered (active, incoming) */
	QS_HOLD,     /* on hold by the administrator, or frozen */
	QS_FAILED,   /* msmtp: a delivery its log records as failed */
};

struct queue_group {
	uint32_t hash;
	enum queue_state state;
	const char *cause; /* cause id; NULL for mail with no reason yet */
	char reason[QUEUE_REASON_MAX]; /* sanitised, addresses masked */
	unsigned long count;
	time_t oldest; /* arrival of the oldest message, 0: unknown */
};

struct queue_summary {
	enum mailer_kind kind;
	char source[MAILER_PATH_MAX]; /* what was read */
	struct queue_group *groups;
	size_t n, cap;
	unsigned long messages; /* messages seen */
	unsigned long skipped;  /* entries that could not be parsed */
	bool capped;            /* more than QUEUE_GROUPS_MAX reasons */
	time_t now;
	char notes[4][MAILER_TEXT_MAX];
	size_t nnotes;
};

/* Reads the queue of mailer k. 0, or -1 with err set (mailer missing,
 * queue unreadable: err says why). */
int mailer_queue(enum mailer_kind k, const struct mailer_paths *p,
		 struct queue_summary *q, struct sw_error *err);
void queue_summary_free(struct queue_summary *q);

/* Counts one message in the group of (state, reason); reason may be NULL
 * or "". Returns 0, or -1 when out of memory. Sorting: by count. */
int queue_add(struct queue_summary *q, enum queue_state state,
	      const char *reason, time_t arrival);
void queue_sort(struct queue_summary *q);
void queue_note(struct queue_summary *q, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *queue_state_name(enum queue_state s);

/* Adapters (queue_postfix.c, queue_exim.c, queue_msmtp.c). */
int queue_postfix(const struct mailer_paths *p, struct queue_summary *q,
		  struct sw_error *err);
int queue_exim(const struct mailer_paths *p, struct queue_summary *q,
	       struct sw_error *err);
int queue_msmtp(const struct mailer_paths *p, struct queue_summary *q,
		struct sw_error *err);

#endif
