#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "tui/autodetect.h"
#include "tui/wake.h"

/* Static, not owned by tui_run: a detached lookup may still be waiting on
 * DNS when the wizard ends, and must find its memory alive. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool busy, fresh;
static struct detect_result result;

struct job {
	struct detect_result res;
	int timeout_ms;
};

static void *work(void *arg)
{
	struct job *j = arg;

	j->res.rc = lookup_address(j->res.addr, clock_now_ms() + j->timeout_ms,
				   &j->res.r);
	pthread_mutex_lock(&lock);
	result = j->res;
	busy = false;
	fresh = true;
	pthread_mutex_unlock(&lock);
	free(j);
	wake_post();
	return NULL;
}

static void set_busy(bool b)
{
	pthread_mutex_lock(&lock);
	busy = b;
	pthread_mutex_unlock(&lock);
}

int autodetect_start(const char *addr, int timeout_ms)
{
	pthread_attr_t attr;
	struct job *j;
	pthread_t t;
	int rc;

	pthread_mutex_lock(&lock);
	rc = busy ? -1 : 0;
	busy = true;
	pthread_mutex_unlock(&lock);
	if (rc != 0)
		return -1;
	j = calloc(1, sizeof(*j));
	if (j != NULL) {
		snprintf(j->res.addr, sizeof(j->res.addr), "%s", addr);
		j->timeout_ms = timeout_ms;
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		rc = pthread_create(&t, &attr, work, j);
		pthread_attr_destroy(&attr);
	}
	if (j == NULL || rc != 0) {
		free(j);
		set_busy(false);
		return -2;
	}
	return 0;
}

bool autodetect_take(struct detect_result *out)
{
	bool got;

	pthread_mutex_lock(&lock);
	got = fresh;
	if (got)
		*out = result;
	fresh = false;
	pthread_mutex_unlock(&lock);
	return got;
}
