/* Internal to mailer/ (deliver*.c): following a mailer's log for the
 * test message's outcome. */
#ifndef SMTPWIZ_MAILER_DELIVER_LOG_H
#define SMTPWIZ_MAILER_DELIVER_LOG_H

#include <stdbool.h>
#include <sys/types.h>

#include "mailer/deliver.h"

#define DELIVER_POLL_MS 200

/* Looks at one log line; true when it holds the outcome (r filled). */
typedef bool (*deliver_scan_fn)(const char *line, const char *mid,
				struct deliver_result *r);

/* Reads what the log gained since *off, line by line, through scan (a
 * partial last line waits for the next round); true once scan found the
 * outcome. */
bool deliver_follow(const char *log, off_t *off, deliver_scan_fn scan,
		    const char *mid, struct deliver_result *r);
off_t deliver_file_size(const char *path);
/* Copies len bytes of src, made safe to show, into dst. */
void deliver_set_text(char *dst, size_t n, const char *src, size_t len);

/* The systemd journal, where Postfix's lines are when no syslog daemon
 * writes a file (deliver_journal.c). */
struct deliver_journal {
	char cursor[512]; /* after this entry; empty: since `since` */
	long long since;  /* seconds since the epoch */
};
/* True when journald runs here and journalctl is on PATH. */
bool deliver_journal_running(void);
/* Marks the journal's end now; -1 with err when it cannot be read. */
int deliver_journal_start(struct deliver_journal *j, struct sw_error *err);
/* Reads the mail facility's entries since the mark through scan; true once
 * scan found the outcome. */
bool deliver_journal_follow(struct deliver_journal *j, deliver_scan_fn scan,
			    const char *mid, struct deliver_result *r);

int exim_deliver(const char *from, const char *mid, const char *msg,
		 int timeout_ms, struct deliver_result *r,
		 struct sw_error *err);

#endif
