#include <config.h>

#include <string.h>

#include "tui/bgjob.h"
#include "tui/wake.h"

static void set_busy(struct bgjob *j, bool busy)
{
	pthread_mutex_lock(&j->lock);
	j->busy = busy;
	pthread_mutex_unlock(&j->lock);
}

int bgjob_start(struct bgjob *j, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	pthread_t t;
	bool was_busy;
	int rc;

	pthread_mutex_lock(&j->lock);
	was_busy = j->busy;
	j->busy = true;
	pthread_mutex_unlock(&j->lock);
	if (was_busy)
		return -1;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		set_busy(j, false);
		return -2;
	}
	return 0;
}

void bgjob_publish(struct bgjob *j, const void *res)
{
	pthread_mutex_lock(&j->lock);
	memcpy(j->result, res, j->size);
	j->busy = false;
	j->fresh = true;
	pthread_mutex_unlock(&j->lock);
	wake_post();
}

bool bgjob_busy(struct bgjob *j)
{
	bool b;

	pthread_mutex_lock(&j->lock);
	b = j->busy;
	pthread_mutex_unlock(&j->lock);
	return b;
}

bool bgjob_take(struct bgjob *j, void *out)
{
	bool got;

	pthread_mutex_lock(&j->lock);
	got = j->fresh;
	if (got)
		memcpy(out, j->result, j->size);
	j->fresh = false;
	pthread_mutex_unlock(&j->lock);
	return got;
}
