/* "Fix" on the test screen: each family of cause ids leads to the field
 * the user can change, and the settings step's keys to theirs. */
#include <config.h>

#include "../unit/tap.h"
#include "tui/fix.h"

struct cause_case {
	const char *cause;
	enum step_id step;
	enum fix_field want;
};

static const struct cause_case causes[] = {
    {"auth-failed", STEP_AUTH, FIX_PASSWORD},
    {"auth-app-password", STEP_AUTH, FIX_PASSWORD},
    {"auth-user-unknown", STEP_AUTH, FIX_USER},
    {"dns-not-found", STEP_DNS, FIX_HOST},
    {"connect-refused", STEP_CONNECT, FIX_PORT},
    {"connect-timeout", STEP_CONNECT, FIX_PORT},
    {"greeting-timeout", STEP_GREETING, FIX_PORT},
    {"starttls-not-offered", STEP_TLS, FIX_TLS},
    {"tls-handshake", STEP_TLS, FIX_TLS},
    {"cert-hostname", STEP_CERTIFICATE, FIX_CA_FILE},
    {"sender-rejected", STEP_SENDER, FIX_FROM},
    {"recipient-unknown", STEP_RECIPIENT, FIX_TO},
    {"relay-denied", STEP_RECIPIENT, FIX_TO},
    /* An unknown cause falls back on the step that failed. */
    {"something-new", STEP_GREETING, FIX_PORT},
    {NULL, STEP_SENDER, FIX_FROM},
    {"something-new", STEP_MESSAGE, FIX_NONE},
    {"ehlo-rejected", STEP_EHLO, FIX_NONE},
};

int main(void)
{
	for (size_t i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		ok(fix_for_cause(causes[i].cause, causes[i].step) ==
		       causes[i].want,
		   "cause %s at step %d",
		   causes[i].cause ? causes[i].cause : "(none)",
		   (int)causes[i].step);
	ok(fix_for_key("host") == FIX_HOST, "key host");
	ok(fix_for_key("tls") == FIX_TLS, "key tls");
	ok(fix_for_key("tls_verify") == FIX_VERIFY, "key tls_verify");
	ok(fix_for_key("test_recipient") == FIX_TO, "key test_recipient");
	ok(fix_for_key("timeout") == FIX_NONE,
	   "key timeout: not in the wizard");
	ok(fix_for_key(NULL) == FIX_NONE, "no key");
	return tap_done();
}
