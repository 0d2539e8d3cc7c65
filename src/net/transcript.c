#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/text.h"
#include "net/transcript.h"

struct tr_line {
	int64_t ms;
	enum tr_dir dir;
	char *text;
};

struct transcript {
	pthread_mutex_t lock;
	int64_t start_ms;
	size_t n, dropped;
	struct tr_line lines[TRANSCRIPT_MAX_LINES];
};

struct transcript *transcript_new(void)
{
	struct transcript *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	pthread_mutex_init(&t->lock, NULL);
	t->start_ms = clock_now_ms();
	return t;
}

void transcript_free(struct transcript *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		free(t->lines[i].text);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static void append(struct transcript *t, enum tr_dir dir, const char *clean)
{
	pthread_mutex_lock(&t->lock);
	/* A hostile server can talk forever; the log keeps its beginning,
	 * which is where the diagnosis lives, and counts what it dropped. */
	if (t->n < TRANSCRIPT_MAX_LINES - 1) {
		t->lines[t->n].ms = clock_now_ms() - t->start_ms;
		t->lines[t->n].dir = dir;
		t->lines[t->n].text = strdup(clean);
		if (t->lines[t->n].text != NULL)
			t->n++;
	} else if (t->dropped++ == 0) {
		t->lines[t->n].ms = clock_now_ms() - t->start_ms;
		t->lines[t->n].dir = TR_INFO;
		t->lines[t->n].text = strdup("[further lines not logged]");
		if (t->lines[t->n].text != NULL)
			t->n++;
	}
	pthread_mutex_unlock(&t->lock);
}

void transcript_add(struct transcript *t, enum tr_dir dir, const char *data,
		    size_t len)
{
	char clean[TRANSCRIPT_LINE_MAX];

	if (t == NULL)
		return;
	if (len >= 2 && data[len - 2] == '\r' && data[len - 1] == '\n')
		len -= 2;
	else if (len >= 1 && data[len - 1] == '\n')
		len -= 1;
	text_sanitize(clean, sizeof(clean), data, len);
	append(t, dir, clean);
}

void transcript_add_redacted(struct transcript *t, enum tr_dir dir,
			     const char *label)
{
	char line[TRANSCRIPT_LINE_MAX];

	if (t == NULL)
		return;
	snprintf(line, sizeof(line), "%s%s[redacted]", label ? label : "",
		 label && *label ? " " : "");
	append(t, dir, line);
}

size_t transcript_count(struct transcript *t)
{
	size_t n;

	if (t == NULL)
		return 0;
	pthread_mutex_lock(&t->lock);
	n = t->n;
	pthread_mutex_unlock(&t->lock);
	return n;
}

int transcript_get(struct transcript *t, size_t i, int64_t *ms,
		   enum tr_dir *dir, char *text, size_t n)
{
	int rc = -1;

	if (t == NULL)
		return -1;
	pthread_mutex_lock(&t->lock);
	if (i < t->n) {
		*ms = t->lines[i].ms;
		*dir = t->lines[i].dir;
		snprintf(text, n, "%s", t->lines[i].text);
		rc = 0;
	}
	pthread_mutex_unlock(&t->lock);
	return rc;
}

const char *transcript_dir_name(enum tr_dir dir)
{
	switch (dir) {
	case TR_SENT:
		return "C";
	case TR_RECEIVED:
		return "S";
	default:
		return "*";
	}
}
