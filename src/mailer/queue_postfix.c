/* Postfix's queue through `postqueue -j`: one JSON object per message
 * (queue_name, arrival_time, sender, recipients[].delay_reason), read a
 * line at a time and forgotten at once.
 * https://www.postfix.org/postqueue.1.html (JSON OBJECT FORMAT) */
#include <config.h>

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "mailer/queue.h"
#include "mailer/run.h"

/* A message with thousands of recipients makes a long line; longer than
 * this it is counted as skipped, not parsed. */
#define LINE_MAX_BYTES       (4 * 1024 * 1024)
#define POSTQUEUE_TIMEOUT_MS 600000

static const char *str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static enum queue_state state_of(const char *queue, const char *sender)
{
	if (queue != NULL && strcmp(queue, "hold") == 0)
		return QS_HOLD;
	if (queue != NULL && strcmp(queue, "deferred") == 0)
		/* A bounce that cannot be delivered either: its sender is
		 * empty (the null reverse-path). */
		return sender != NULL && sender[0] == '\0' ? QS_BOUNCED
							   : QS_DEFERRED;
	return QS_WAITING;
}

/* Each distinct reason among the recipients counts the message once. */
static int message(struct queue_summary *q, json_object *o)
{
	const char *queue = str(o, "queue_name"), *sender = str(o, "sender");
	enum queue_state st = state_of(queue, sender);
	json_object *rcpts, *at;
	time_t arrival = 0;
	const char *seen[8];
	size_t nseen = 0, n;

	if (json_object_object_get_ex(o, "arrival_time", &at))
		arrival = (time_t)json_object_get_int64(at);
	q->messages++;
	if (!json_object_object_get_ex(o, "recipients", &rcpts) ||
	    !json_object_is_type(rcpts, json_type_array) ||
	    (n = json_object_array_length(rcpts)) == 0)
		return queue_add(q, st, NULL, arrival);
	for (size_t i = 0; i < n; i++) {
		const char *r =
		    str(json_object_array_get_idx(rcpts, i), "delay_reason");
		bool dup = false;

		r = r ? r : "";
		for (size_t j = 0; j < nseen; j++)
			dup = dup || strcmp(seen[j], r) == 0;
		if (dup)
			continue;
		if (nseen < 8)
			seen[nseen++] = r;
		if (queue_add(q, st, r, arrival) != 0)
			return -1;
	}
	return 0;
}

static int line(struct queue_summary *q, const char *buf, size_t len,
		char *fatal, size_t fn)
{
	json_tokener *tok;
	json_object *o;
	int rc = 0;

	if (len == 0)
		return 0;
	if (buf[0] != '{') {
		/* "postqueue: fatal: Queue report unavailable - mail system
		 * is down" and the like. */
		if (fatal[0] == '\0')
			snprintf(fatal, fn, "%.*s", (int)len, buf);
		return 0;
	}
	tok = json_tokener_new();
	if (tok == NULL)
		return -1;
	o = json_tokener_parse_ex(tok, buf, (int)len);
	if (o == NULL || !json_object_is_type(o, json_type_object))
		q->skipped++;
	else
		rc = message(q, o);
	json_object_put(o);
	json_tokener_free(tok);
	return rc;
}

static int stream(int fd, struct queue_summary *q, char *fatal, size_t fn)
{
	size_t cap = 64 * 1024, len = 0;
	char *buf = malloc(cap);
	bool skipping = false;
	int rc = 0;

	if (buf == NULL)
		return -1;
	for (;;) {
		ssize_t r;
		char *nl;

		if (len == cap) {
			if (cap >= LINE_MAX_BYTES) {
				/* Too long: drop it up to its newline. */
				q->skipped++;
				skipping = true;
				len = 0;
			} else {
				char *p = realloc(buf, cap * 2);

				if (p == NULL) {
					rc = -1;
					break;
				}
				buf = p;
				cap *= 2;
			}
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
		while ((nl = memchr(buf, '\n', len)) != NULL) {
			size_t l = (size_t)(nl - buf);

			if (!skipping && line(q, buf, l, fatal, fn) != 0)
				rc = -1;
			skipping = false;
			memmove(buf, nl + 1, len - l - 1);
			len -= l + 1;
		}
	}
	if (len > 0 && !skipping && line(q, buf, len, fatal, fn) != 0)
		rc = -1;
	free(buf);
	return rc;
}

/* As root postqueue reads a stopped Postfix's queue itself; nothing in it
 * moves until Postfix runs again. */
static void note_stopped(const char *dir, struct queue_summary *q)
{
	const char *argv[] = {"postfix", "-c", dir, "status", NULL};
	struct run_output o;
	struct sw_error err;

	if (run_capture(argv, 10000, &o, &err) != 0)
		return;
	if (o.status != 0)
		queue_note(q, "%s",
			   _("Postfix is not running: nothing here is retried "
			     "until it is started (postfix start, or "
			     "systemctl start postfix)"));
	run_output_free(&o);
}

int queue_postfix(const struct mailer_paths *p, struct queue_summary *q,
		  struct sw_error *err)
{
	const char *dir = p && p->config ? p->config : "/etc/postfix";
	const char *argv[] = {"postqueue", "-c", dir, "-j", NULL};
	char fatal[MAILER_TEXT_MAX] = "";
	pid_t pid;
	int fd, rc, st;

	snprintf(q->source, sizeof(q->source), "postqueue -c %s -j", dir);
	if (!run_on_path("postqueue")) {
		sw_error_set(err, "%s",
			     _("Postfix is not installed (no postqueue on "
			       "PATH)"));
		return -1;
	}
	if (run_stream(argv, &pid, &fd, err) != 0)
		return -1;
	note_stopped(dir, q);
	rc = stream(fd, q, fatal, sizeof(fatal));
	st = run_finish(pid, fd, POSTQUEUE_TIMEOUT_MS);
	if (rc != 0) {
		sw_error_set(err, "%s", _("out of memory"));
		return -1;
	}
	if (st != 0) {
		if (strstr(fatal, "mail system is down") != NULL)
			sw_error_set(err,
				     _("Postfix is not running, so postqueue "
				       "cannot list its queue (%s); start it "
				       "with: postfix start"),
				     fatal);
		else
			sw_error_set(err, _("postqueue failed: %s"),
				     fatal[0] ? fatal : _("no message"));
		return -1;
	}
	return 0;
}
