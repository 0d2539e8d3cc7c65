#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "check/engine.h"
#include "net/transcript.h"
#include "tui/runner.h"
#include "tui/wake.h"

/* Static rather than owned by tui_run: a run that has not yet seen the
 * cancel (it takes about 0.1 s) can outlive the wizard's screens, and must
 * still find its memory there until the process exits. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t thread;
static bool started, finished;
static volatile int cancel;
static struct settings job;
static struct check_options opt;
static struct check_result result;
static struct step snap[STEP_COUNT];
static char notice[256];

static void on_event(void *ctx, enum check_event ev, const struct step *st,
		     const char *text)
{
	pthread_mutex_lock(&lock);
	if (st != NULL && st->id < STEP_COUNT)
		snap[st->id] = *st;
	if (ev == CHECK_NOTICE && text != NULL)
		snprintf(notice, sizeof(notice), "%s", text);
	pthread_mutex_unlock(&lock);
	wake_post();
}

static void *work(void *arg)
{
	int rc = engine_run(&job, &opt, &result, on_event, NULL);

	pthread_mutex_lock(&lock);
	if (rc != 0)
		snprintf(notice, sizeof(notice), "%s", _("out of memory"));
	finished = true;
	pthread_mutex_unlock(&lock);
	wake_post();
	return NULL;
}

static int copy_settings(const struct settings *src)
{
	int rc = 0;

	settings_free(&job);
	job = *src;
	job.host = job.ca_file = job.username = job.password = NULL;
	job.from = job.test_recipient = job.helo_name = NULL;
	job.auth_mechanism = NULL;
	rc |= settings_set(&job.host, src->host);
	rc |= settings_set(&job.ca_file, src->ca_file);
	rc |= settings_set(&job.username, src->username);
	rc |= settings_set(&job.password, src->password);
	rc |= settings_set(&job.from, src->from);
	rc |= settings_set(&job.test_recipient, src->test_recipient);
	rc |= settings_set(&job.helo_name, src->helo_name);
	rc |= settings_set(&job.auth_mechanism, src->auth_mechanism);
	return rc;
}

int runner_start(const struct settings *s, bool send_test,
		 const struct mailer_info *mailer)
{
	if (started)
		return -1;
	check_result_free(&result);
	check_result_init(&result);
	/* Created here so the UI can read it from the first event on. */
	result.transcript = transcript_new();
	if (result.transcript == NULL || copy_settings(s) != 0)
		return -1;
	for (int i = 0; i < STEP_COUNT; i++)
		snap[i] = result.steps[i];
	notice[0] = '\0';
	cancel = 0;
	finished = false;
	opt.send_test = send_test;
	opt.mailer = mailer;
	opt.cancel = &cancel;
	if (pthread_create(&thread, NULL, work, NULL) != 0)
		return -1;
	started = true;
	return 0;
}

/* The run's own flag first: engine_run carries it over when the run
 * starts just after this, so the cancel is never lost. The engine's own
 * flag then ends any network wait at once. */
void runner_cancel(void)
{
	cancel = 1;
	engine_cancel();
}

bool runner_busy(void)
{
	return started;
}

bool runner_reap(void)
{
	bool done;

	if (!started)
		return false;
	pthread_mutex_lock(&lock);
	done = finished;
	pthread_mutex_unlock(&lock);
	if (!done)
		return false;
	pthread_join(thread, NULL);
	started = false;
	/* The copy holds the password. */
	settings_free(&job);
	settings_init(&job);
	return true;
}

void runner_snapshot(struct step *steps, char *text, size_t n)
{
	pthread_mutex_lock(&lock);
	memcpy(steps, snap, sizeof(snap));
	snprintf(text, n, "%s", notice);
	pthread_mutex_unlock(&lock);
}

struct transcript *runner_transcript(void)
{
	return result.transcript;
}
