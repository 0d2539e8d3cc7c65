/* Looks up the host field's addresses in a background thread, so that a
 * slow resolver never blocks the keyboard. One lookup at a time; the UI
 * keeps only a result for the host it currently shows. */
#ifndef SMTPWIZ_TUI_RESOLVER_H
#define SMTPWIZ_TUI_RESOLVER_H

#include <stdbool.h>

#include "net/net.h"
#include "tui/field.h"

struct resolve_result {
	char host[FIELD_UTF8_MAX];
	enum net_status status;
	char addrs[512];  /* numeric addresses, ", "-separated */
	char detail[256]; /* resolver text when it failed */
};

/* Starts a lookup; -1 when one is still running (ask again later). */
int resolver_start(const char *host);
bool resolver_busy(void);
/* Takes the finished result, if there is a new one. */
bool resolver_take(struct resolve_result *out);

#endif
