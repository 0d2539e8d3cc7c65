/* A single-slot background job for the wizard: one blocking lookup at a
 * time runs in a detached thread, publishes its result, and wakes the UI
 * loop, which takes the result when it next looks. */
#ifndef SMTPWIZ_TUI_BGJOB_H
#define SMTPWIZ_TUI_BGJOB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/* Define one per kind of job with static storage: a detached job may still
 * run when the wizard ends, and must find its slot alive. */
struct bgjob {
	pthread_mutex_t lock;
	bool busy, fresh;
	void *result; /* static storage of size bytes */
	size_t size;
};

#define BGJOB_INIT(res)                                                        \
	{                                                                      \
		PTHREAD_MUTEX_INITIALIZER, false, false, &(res), sizeof(res)   \
	}

/* Claims the slot and runs fn(arg) in a detached thread. Returns 0, -1 when
 * a job is still running, -2 when no thread could start (arg is then still
 * the caller's to free). */
int bgjob_start(struct bgjob *j, void *(*fn)(void *), void *arg);
/* Called by the job: copies res into the slot, frees the slot, wakes the
 * UI. */
void bgjob_publish(struct bgjob *j, const void *res);
bool bgjob_busy(struct bgjob *j);
/* Copies a result not taken yet into out; false when there is none. */
bool bgjob_take(struct bgjob *j, void *out);

#endif
