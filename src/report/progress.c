#include <config.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "report/progress.h"

/* Short waits are not worth a line that would only flicker. */
#define SHOW_AFTER_MS 1000
#define TICK_MS       250

struct progress {
	FILE *err;
	pthread_t tid;
	pthread_mutex_t lock;
	pthread_cond_t cv;
	bool stop;
	bool shown; /* the line is on the terminal */
	bool have;  /* a running step with a wait */
	struct step step;
	char last[512];
};

static int columns(FILE *err)
{
	struct winsize ws;

	if (ioctl(fileno(err), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* Cuts text to fit in cols - 1 columns, counting one column per UTF-8
 * character (the catalogues' languages need no more). */
static void fit(char *text, int cols)
{
	int n = 0;

	for (char *p = text; *p != '\0'; p++)
		if (((unsigned char)*p & 0xC0) != 0x80 && ++n >= cols) {
			*p = '\0';
			return;
		}
}

static void erase(struct progress *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", p->err);
	fflush(p->err);
	p->shown = false;
	p->last[0] = '\0';
}

/* With the lock held. */
static void draw(struct progress *p)
{
	int64_t now = clock_now_ms();
	char wait[256], line[512];

	if (!p->have || now - p->step.wait_from_ms < SHOW_AFTER_MS)
		return;
	step_wait_text(&p->step, now, wait, sizeof(wait));
	if (wait[0] == '\0')
		return;
	snprintf(line, sizeof(line), "%s: %s", step_label(p->step.id), wait);
	fit(line, columns(p->err));
	if (p->shown && strcmp(line, p->last) == 0)
		return;
	fprintf(p->err, "\r%s\033[K", line);
	fflush(p->err);
	snprintf(p->last, sizeof(p->last), "%s", line);
	p->shown = true;
}

static void *ticker(void *arg)
{
	struct progress *p = arg;
	struct timespec ts;

	pthread_mutex_lock(&p->lock);
	while (!p->stop) {
		draw(p);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_clockwait(&p->cv, &p->lock, CLOCK_MONOTONIC, &ts);
	}
	erase(p);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct progress *progress_start(FILE *err)
{
	struct progress *p;

	if (!isatty(fileno(err)))
		return NULL;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return NULL;
	p->err = err;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (pthread_create(&p->tid, NULL, ticker, p) != 0) {
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->lock);
		free(p);
		return NULL;
	}
	return p;
}

void progress_hold(struct progress *p, enum check_event ev,
		   const struct step *st)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	erase(p);
	if (st != NULL &&
	    (ev == CHECK_STEP_STARTED || ev == CHECK_STEP_WAITING)) {
		p->step = *st;
		p->have = st->waiting != NULL;
	} else if (ev == CHECK_STEP_FINISHED) {
		p->have = false;
	}
}

void progress_release(struct progress *p)
{
	if (p == NULL)
		return;
	pthread_mutex_unlock(&p->lock);
}

void progress_stop(struct progress *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->tid, NULL);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
