/* Looks up an email domain's submission settings (lookup_address: SRV,
 * then MX) in a background thread, so that a slow or silent DNS server
 * never blocks the keyboard. One lookup at a time; the UI keeps only a
 * result for the domain it currently shows. Presets never come here:
 * they are matched on the UI thread, without DNS. */
#ifndef SMTPWIZ_TUI_AUTODETECT_H
#define SMTPWIZ_TUI_AUTODETECT_H

#include <stdbool.h>

#include "knowledge/lookup.h"
#include "tui/field.h"

struct detect_result {
	char addr[FIELD_UTF8_MAX]; /* as given to autodetect_start */
	int rc;                    /* lookup_address's */
	struct lookup_result r;
};

/* Starts a lookup bounded by timeout_ms. Returns 0; -1 when one is still
 * running (ask again later); -2 when no thread could be started. */
int autodetect_start(const char *addr, int timeout_ms);
/* Takes the finished result, if there is a new one. */
bool autodetect_take(struct detect_result *out);

#endif
