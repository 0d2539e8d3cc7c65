#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "tui/bgjob.h"
#include "tui/resolver.h"

#define RESOLVE_MS 5000

static struct resolve_result result;
static struct bgjob job = BGJOB_INIT(result);

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
	bgjob_publish(&job, r);
	free(r);
	return NULL;
}

int resolver_start(const char *host)
{
	struct resolve_result *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return -1;
	snprintf(r->host, sizeof(r->host), "%s", host);
	if (bgjob_start(&job, lookup, r) != 0) {
		free(r);
		return -1;
	}
	return 0;
}

bool resolver_busy(void)
{
	return bgjob_busy(&job);
}

bool resolver_take(struct resolve_result *out)
{
	return bgjob_take(&job, out);
}
