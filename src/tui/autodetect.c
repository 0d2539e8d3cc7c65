#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "tui/autodetect.h"
#include "tui/bgjob.h"

static struct detect_result result;
static struct bgjob slot = BGJOB_INIT(result);

struct job {
	struct detect_result res;
	int timeout_ms;
};

static void *work(void *arg)
{
	struct job *j = arg;

	j->res.rc = lookup_address(j->res.addr, clock_now_ms() + j->timeout_ms,
				   &j->res.r);
	bgjob_publish(&slot, &j->res);
	free(j);
	return NULL;
}

int autodetect_start(const char *addr, int timeout_ms)
{
	struct job *j;
	int rc;

	if (bgjob_busy(&slot))
		return -1;
	j = calloc(1, sizeof(*j));
	if (j == NULL)
		return -2;
	snprintf(j->res.addr, sizeof(j->res.addr), "%s", addr);
	j->timeout_ms = timeout_ms;
	rc = bgjob_start(&slot, work, j);
	if (rc != 0)
		free(j);
	return rc;
}

bool autodetect_take(struct detect_result *out)
{
	return bgjob_take(&slot, out);
}
