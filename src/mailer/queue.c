/* Grouping queued mail by reason. A reason is normalised before it is
 * compared (addresses in <...> masked, so "RCPT TO:<a@x>" and
 * "RCPT TO:<b@x>" are one reason) and classified when its group is made,
 * once per distinct reason. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/text.h"
#include "knowledge/reason.h"
#include "mailer/queue.h"

static void normalise(char *dst, size_t n, const char *src)
{
	char tmp[QUEUE_REASON_MAX * 2];
	size_t o = 0;

	for (; *src != '\0' && o + 4 < sizeof(tmp); src++) {
		const char *close;

		if (*src == '<' && (close = strchr(src, '>')) != NULL &&
		    memchr(src, '@', (size_t)(close - src)) != NULL) {
			memcpy(tmp + o, "<…>", strlen("<…>"));
			o += strlen("<…>");
			src = close;
			continue;
		}
		tmp[o++] = *src;
	}
	tmp[o] = '\0';
	text_sanitize(dst, n, tmp, o);
}

static uint32_t fnv(const char *s, enum queue_state st)
{
	uint32_t h = 2166136261u ^ (uint32_t)st;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct queue_group *find(struct queue_summary *q, uint32_t h,
				enum queue_state st, const char *reason)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->groups[i].hash == h && q->groups[i].state == st &&
		    strcmp(q->groups[i].reason, reason) == 0)
			return &q->groups[i];
	return NULL;
}

static struct queue_group *make(struct queue_summary *q, uint32_t h,
				enum queue_state st, const char *reason)
{
	struct queue_group *g;
	struct diagnosis d;

	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 16;
		void *p = realloc(q->groups, cap * sizeof(*q->groups));

		if (p == NULL)
			return NULL;
		q->groups = p;
		q->cap = cap;
	}
	g = &q->groups[q->n++];
	memset(g, 0, sizeof(*g));
	g->hash = h;
	g->state = st;
	snprintf(g->reason, sizeof(g->reason), "%s", reason);
	if (reason[0] != '\0') {
		diagnose_mailer_reason(reason, &d);
		g->cause = d.cause;
	}
	return g;
}

int queue_add(struct queue_summary *q, enum queue_state state,
	      const char *reason, time_t arrival)
{
	char norm[QUEUE_REASON_MAX];
	struct queue_group *g;
	uint32_t h;

	normalise(norm, sizeof(norm), reason ? mailer_reason_core(reason) : "");
	h = fnv(norm, state);
	g = find(q, h, state, norm);
	if (g == NULL && q->n >= QUEUE_GROUPS_MAX) {
		/* Past the bound, the rest share one group per state. */
		q->capped = true;
		snprintf(norm, sizeof(norm), "%s", _("(other reasons)"));
		h = fnv(norm, state);
		g = find(q, h, state, norm);
	}
	if (g == NULL && (g = make(q, h, state, norm)) == NULL)
		return -1;
	g->count++;
	if (arrival > 0 && (g->oldest == 0 || arrival < g->oldest))
		g->oldest = arrival;
	return 0;
}

static int by_count(const void *a, const void *b)
{
	const struct queue_group *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return (x->oldest > y->oldest) - (x->oldest < y->oldest);
}

void queue_sort(struct queue_summary *q)
{
	if (q->n > 1)
		qsort(q->groups, q->n, sizeof(*q->groups), by_count);
}

void queue_note(struct queue_summary *q, const char *fmt, ...)
{
	char raw[MAILER_TEXT_MAX];
	va_list ap;

	if (q->nnotes >= sizeof(q->notes) / sizeof(q->notes[0]))
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	text_sanitize(q->notes[q->nnotes++], MAILER_TEXT_MAX, raw, strlen(raw));
}

const char *queue_state_name(enum queue_state s)
{
	static const char *const names[] = {"deferred", "bounced", "waiting",
					    "hold", "failed"};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

int mailer_queue(enum mailer_kind k, const struct mailer_paths *p,
		 struct queue_summary *q, struct sw_error *err)
{
	int rc;

	memset(q, 0, sizeof(*q));
	q->kind = k;
	q->now = time(NULL);
	switch (k) {
	case MAILER_POSTFIX:
		rc = queue_postfix(p, q, err);
		break;
	case MAILER_EXIM4:
		rc = queue_exim(p, q, err);
		break;
	case MAILER_MSMTP:
		rc = queue_msmtp(p, q, err);
		break;
	default:
		sw_error_set(err, "%s", _("unknown mailer"));
		return -1;
	}
	if (rc == 0)
		queue_sort(q);
	return rc;
}

void queue_summary_free(struct queue_summary *q)
{
	free(q->groups);
	q->groups = NULL;
	q->n = q->cap = 0;
}
