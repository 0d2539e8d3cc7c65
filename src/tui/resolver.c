#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "tui/resolver.h"
#include "tui/wake.h"

#define RESOLVE_MS 5000

/* Static, not owned by tui_run: a detached lookup may still be waiting on
 * DNS when the wizard ends, and must find its memory alive. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool busy, fresh;
static struct resolve_result result;

static void format_addrs(const struct net_addrs *addrs, char *buf, size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < addrs->n && used < n; i++) {
		int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "",
				 addrs->a[i].text);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static void *lookup(void *arg)
{
	struct resolve_result *r = arg;
	struct net_addrs addrs;
	struct net_result res;

	memset(&res, 0, sizeof(res));
	addrs.n = 0;
	r->status =
	    net_resolve(r->host, clock_now_ms() + RESOLVE_MS, &addrs, &res);
	if (r->status == NET_OK)
		format_addrs(&addrs, r->addrs, sizeof(r->addrs));
	snprintf(r->detail, sizeof(r->detail), "%s", res.detail);
	pthread_mutex_lock(&lock);
	result = *r;
	busy = false;
	fresh = true;
	pthread_mutex_unlock(&lock);
	free(r);
	wake_post();
	return NULL;
}

int resolver_start(const char *host)
{
	struct resolve_result *r;
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	pthread_mutex_lock(&lock);
	rc = busy ? -1 : 0;
	busy = true;
	pthread_mutex_unlock(&lock);
	if (rc != 0)
		return -1;
	r = calloc(1, sizeof(*r));
	if (r != NULL) {
		snprintf(r->host, sizeof(r->host), "%s", host);
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		rc = pthread_create(&t, &attr, lookup, r);
		pthread_attr_destroy(&attr);
	}
	if (r == NULL || rc != 0) {
		free(r);
		pthread_mutex_lock(&lock);
		busy = false;
		pthread_mutex_unlock(&lock);
		return -1;
	}
	return 0;
}

bool resolver_busy(void)
{
	bool b;

	pthread_mutex_lock(&lock);
	b = busy;
	pthread_mutex_unlock(&lock);
	return b;
}

bool resolver_take(struct resolve_result *out)
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
