/* The monitoring renderers of a finished check: a Monitoring Plugins status
 * line (Nagios, Icinga, Naemon, Checkmk) and a Prometheus textfile for
 * node_exporter. Both print only after the run: monitoring reads one
 * verdict, not a stream. */
#ifndef SMTPWIZ_MONITOR_H
#define SMTPWIZ_MONITOR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "check/checklist.h"
#include "config/settings.h"

/* The plugin states and their exit statuses (Monitoring Plugins
 * development guidelines, "Plugin Return Codes"). */
enum plugin_state {
	PLUGIN_OK = 0,
	PLUGIN_WARNING = 1,
	PLUGIN_CRITICAL = 2,
	PLUGIN_UNKNOWN = 3,
};

struct report_plugin {
	FILE *out;
	/* stdout is a journald stream: each line starts with an sd-daemon
	 * priority prefix ("<3>"), so the journal files a CRITICAL at
	 * priority err and an OK at info. */
	bool journal;
	int64_t now; /* seconds since the epoch, for the days left */
};

/* Prints the status line with its performance data, then one line per
 * step as the plugin's long output. Returns the state, which is the exit
 * status: a failed settings step is UNKNOWN (the check could not run),
 * another failed step CRITICAL, a warning WARNING. */
enum plugin_state report_plugin(const struct report_plugin *rp,
				const struct settings *s,
				const struct check_result *r);

/* The status line for a check that could not start (a usage or
 * configuration error): UNKNOWN with the message. */
enum plugin_state report_plugin_unknown(const struct report_plugin *rp,
					const char *msg);

/* The Prometheus text exposition format (version 0.0.4): one gauge per
 * step and status, the whole run's result and duration, when it ran, and
 * the certificate's expiry as a timestamp. now is when the check ran.
 * Returns 0, or -1 when writing failed. */
int report_prometheus(FILE *out, const struct settings *s,
		      const struct check_result *r, int64_t now);

#endif
