/* The `sender`, `recipient` and `message` steps. With PIPELINING (RFC 2920)
 * MAIL, RCPT and DATA go out in one write and the replies are read back in
 * order, each attributed to its own step; QUIT follows the last command the
 * session needs in the same write (after the message's final dot, or after
 * RCPT when no message is sent), so ending the session costs no round trip
 * of its own. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "net/message.h"
#include "check/steps.h"

/* The third command is DATA; when no message is sent and the server
 * pipelines, RSET and QUIT instead, in the same write as MAIL and RCPT. */
enum { CMD_MAIL, CMD_RCPT, CMD_DATA, CMD_QUIT, N_CMDS };

/* QUIT is owed no real wait: its reply comes with the one before it. */
#define QUIT_REPLY_MS 1000

struct batch {
	char cmd[N_CMDS][600];
	int n; /* commands in use */
	int sent, read;
	bool quit; /* the batch ends with QUIT */
};

static bool non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

static void build(struct run *run, struct batch *b)
{
	const struct settings *s = run->settings;
	bool utf8 = run->caps.smtputf8 &&
		    (non_ascii(s->from) || non_ascii(s->test_recipient));

	memset(b, 0, sizeof(*b));
	/* The message is 7-bit (quoted-printable), so no BODY=8BITMIME. */
	snprintf(b->cmd[CMD_MAIL], sizeof(b->cmd[0]), "MAIL FROM:<%s>%s",
		 s->from, utf8 ? " SMTPUTF8" : "");
	snprintf(b->cmd[CMD_RCPT], sizeof(b->cmd[0]), "RCPT TO:<%s>",
		 s->test_recipient);
	b->quit = !run->opt->send_test && run->caps.pipelining;
	snprintf(b->cmd[CMD_DATA], sizeof(b->cmd[0]), "%s",
		 b->quit ? "RSET" : "DATA");
	snprintf(b->cmd[CMD_QUIT], sizeof(b->cmd[0]), "QUIT");
	b->n = b->quit ? 4 : run->opt->send_test ? 3 : 2;
}

static enum smtp_io from_conn_io(enum io_status io)
{
	return io == IO_TIMEOUT ? SMTP_IO_TIMEOUT : SMTP_IO_CLOSED;
}

/* The session ended with a QUIT sent earlier: its reply is read (closing
 * with it unread would make the kernel send a reset) but nothing depends
 * on it, and quit() has nothing left to do. */
static void session_over(struct run *run, bool read_reply)
{
	struct smtp_reply r;
	char why[256];

	if (read_reply)
		smtp_read_reply(&run->conn, run->transcript,
				clock_now_ms() + QUIT_REPLY_MS, &r, why,
				sizeof(why));
	conn_close(&run->conn);
	run->connected = false;
}

static bool send_cmd(struct run *run, enum step_id id, struct batch *b)
{
	char why[256];
	enum smtp_io io;

	io = smtp_send(&run->conn, run->transcript, b->cmd[b->sent], NULL,
		       step_deadline(run), why, sizeof(why));
	if (io != SMTP_IO_OK) {
		step_io_failure(run, id, io, why);
		return false;
	}
	b->sent++;
	return true;
}

/* Reads the reply to the next command of the batch; without pipelining the
 * command is sent first. */
static bool next_reply(struct run *run, enum step_id id, enum diag_stage stage,
		       struct batch *b, struct smtp_reply *r)
{
	char why[256];
	enum smtp_io io;

	if (b->sent == b->read && !send_cmd(run, id, b))
		return false;
	io = smtp_read_reply(&run->conn, run->transcript, step_deadline(run), r,
			     why, sizeof(why));
	if (io != SMTP_IO_OK) {
		step_read_failure(run, id, stage, io, r, why);
		return false;
	}
	b->read++;
	return true;
}

/* One write for the whole group: written one by one, each command after
 * the first would wait for the server's acknowledgement of the previous
 * segment (Nagle's algorithm), a round trip apiece on a slow link. */
static bool send_pipelined(struct run *run, struct batch *b)
{
	char buf[sizeof(b->cmd)];
	enum io_status io;
	size_t len = 0, l;
	int i;

	for (i = 0; i < b->n; i++) {
		l = strlen(b->cmd[i]);
		memcpy(buf + len, b->cmd[i], l);
		memcpy(buf + len + l, "\r\n", 2);
		len += l + 2;
		transcript_add(run->transcript, TR_SENT, b->cmd[i], l);
	}
	io = conn_write(&run->conn, buf, len, step_deadline(run));
	if (io != IO_OK) {
		step_io_failure(run, STEP_SENDER, from_conn_io(io),
				run->conn.err);
		return false;
	}
	b->sent = b->n;
	return true;
}

static void skip_rest(struct run *run, enum step_id from, const char *why)
{
	int i;

	if (run_cancelled(run))
		why = _("Cancelled");
	for (i = from; i <= STEP_MESSAGE; i++)
		if (run->result->steps[i].status == ST_WAITING)
			step_skip(run, (enum step_id)i, why);
}

/* One step of the batch: its reply decides pass or fail. */
static bool batch_step(struct run *run, enum step_id id, struct batch *b,
		       enum diag_stage stage, struct smtp_reply *r)
{
	struct step *st = &run->result->steps[id];

	step_begin(run, id);
	if (!next_reply(run, id, stage, b, r))
		return false;
	step_add_evidence(st, "%s", r->raw);
	if (r->code / 100 != 2 && !(stage == DS_DATA && r->code == 354)) {
		step_reply_failure(run, id, stage, r);
		return false;
	}
	return true;
}

__attribute__((format(printf, 3, 4))) static void
pass(struct run *run, enum step_id id, const char *fmt, ...)
{
	struct step *st = &run->result->steps[id];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->summary, sizeof(st->summary), fmt, ap);
	va_end(ap);
	step_end(run, id, ST_PASS);
}

/* After a failure in a pipelined batch the server still answers every
 * command sent; read those replies so QUIT is understood, and end an
 * accepted DATA with an empty message. After a timeout or a broken reply
 * nothing more is waited for: the verdict is already known. */
static void drain(struct run *run, struct batch *b)
{
	struct smtp_reply r;
	char why[256];

	while (b->read < b->sent && !run->broken) {
		if (smtp_read_reply(&run->conn, run->transcript,
				    step_deadline(run), &r, why,
				    sizeof(why)) != SMTP_IO_OK)
			break;
		b->read++;
		if (b->read == CMD_DATA + 1 && r.code == 354 && !b->quit)
			smtp_send(&run->conn, run->transcript, ".", NULL,
				  step_deadline(run), why, sizeof(why));
	}
	if (b->quit && b->sent == b->n)
		session_over(run, false);
}

static const char *queue_id(const struct smtp_reply *r)
{
	const char *q = strstr(r->text, "queued as ");

	return q ? q + strlen("queued as ") : r->text;
}

/* The message, with QUIT after its final dot when the server pipelines
 * (RFC 2920 allows QUIT to end a group): the session then ends on the
 * reply to the message. */
static char *compose(struct run *run, size_t *len)
{
	static const char quit[] = "QUIT\r\n";
	char *msg = message_compose(run->settings, run->helo, len), *more;

	if (msg == NULL || !run->caps.pipelining)
		return msg;
	more = realloc(msg, *len + sizeof(quit));
	if (more == NULL) {
		free(msg);
		return NULL;
	}
	memcpy(more + *len, quit, sizeof(quit));
	*len += sizeof(quit) - 1;
	return more;
}

static void send_message(struct run *run)
{
	struct step *st = &run->result->steps[STEP_MESSAGE];
	struct smtp_reply r;
	char *msg, why[256];
	enum smtp_io io_reply;
	enum io_status io;
	size_t len;

	msg = compose(run, &len);
	if (msg == NULL) {
		step_io_failure(run, STEP_MESSAGE, SMTP_IO_ERROR,
				_("out of memory"));
		return;
	}
	transcript_add(run->transcript, TR_SENT, "[message]", 9);
	if (run->caps.pipelining)
		transcript_add(run->transcript, TR_SENT, "QUIT", 4);
	io = conn_write(&run->conn, msg, len, step_deadline(run));
	free(msg);
	if (io != IO_OK) {
		step_io_failure(run, STEP_MESSAGE, from_conn_io(io),
				run->conn.err);
		return;
	}
	io_reply = smtp_read_reply(&run->conn, run->transcript,
				   step_deadline(run), &r, why, sizeof(why));
	if (io_reply != SMTP_IO_OK) {
		step_read_failure(run, STEP_MESSAGE, DS_DATA_END, io_reply, &r,
				  why);
		return;
	}
	if (run->caps.pipelining)
		session_over(run, true);
	step_add_evidence(st, "%s", r.raw);
	if (r.code / 100 != 2) {
		step_reply_failure(run, STEP_MESSAGE, DS_DATA_END, &r);
		return;
	}
	/* The reminder is the step's hint too, so JSON readers get it. */
	snprintf(st->hint, sizeof(st->hint),
		 _("Look for the test message in the inbox of %s, and in its "
		   "spam or junk folder; if it lands there, add the sender "
		   "as a contact."),
		 run->settings->test_recipient);
	pass(run, STEP_MESSAGE, _("Accepted for delivery: %s"), queue_id(&r));
	run_notice(run, st->hint);
}

/* Without a sent message the transaction is reset, so nothing is queued:
 * pipelined, RSET and QUIT went out with MAIL and RCPT. */
static void message_not_sent(struct run *run, struct batch *b)
{
	struct step *st = &run->result->steps[STEP_MESSAGE];
	struct smtp_reply r;
	char why[256];

	if (b->quit) {
		if (smtp_read_reply(&run->conn, run->transcript,
				    step_deadline(run), &r, why,
				    sizeof(why)) == SMTP_IO_OK)
			b->read++;
		session_over(run, true);
	} else {
		step_command(run, STEP_MESSAGE, DS_DATA, "RSET", &r);
	}
	if (run_cancelled(run)) {
		skip_rest(run, STEP_MESSAGE, _("Cancelled"));
		return;
	}
	step_skip(run, STEP_MESSAGE,
		  _("Not sent: use --send-test (or the wizard's Test) to send "
		    "one"));
	snprintf(st->hint, sizeof(st->hint), "%s",
		 _("Many providers check the sender's right to send (send-as "
		   "permission, verified sender) only after the message "
		   "itself, so only a sent test message proves the sender "
		   "step."));
	run_notice(run, st->hint);
}

static bool missing_addresses(struct run *run)
{
	const struct settings *s = run->settings;

	if (s->from == NULL || s->from[0] == '\0') {
		skip_rest(run, STEP_SENDER,
			  _("No sender address (from): not tested"));
		return true;
	}
	if (s->test_recipient == NULL || s->test_recipient[0] == '\0') {
		skip_rest(run, STEP_SENDER,
			  _("No test recipient (test_recipient): not tested"));
		return true;
	}
	return false;
}

void step_mail(struct run *run)
{
	struct smtp_reply r;
	struct batch b;
	char note[512];

	if (missing_addresses(run))
		return;
	build(run, &b);
	if (run->opt->send_test) {
		snprintf(note, sizeof(note),
			 _("Attempting to send a test email to %s"),
			 run->settings->test_recipient);
		run_notice(run, note);
	}
	if (run->caps.pipelining && !send_pipelined(run, &b))
		return skip_rest(run, STEP_SENDER,
				 _("Skipped: connection lost"));
	if (!batch_step(run, STEP_SENDER, &b, DS_MAIL, &r))
		goto failed;
	pass(run, STEP_SENDER, _("The server accepts %s as sender"),
	     run->settings->from);
	if (!batch_step(run, STEP_RECIPIENT, &b, DS_RCPT, &r))
		goto failed;
	pass(run, STEP_RECIPIENT, _("The server accepts mail for %s"),
	     run->settings->test_recipient);
	if (!run->opt->send_test) {
		message_not_sent(run, &b);
		return;
	}
	if (!batch_step(run, STEP_MESSAGE, &b, DS_DATA, &r))
		goto failed;
	send_message(run);
	return;
failed:
	drain(run, &b);
	skip_rest(run, STEP_SENDER, _("Skipped: an earlier step failed"));
}
