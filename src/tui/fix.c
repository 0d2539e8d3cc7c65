#include <config.h>

#include <string.h>

#include "tui/fix.h"

struct rule {
	const char *prefix;
	enum fix_field field;
};

/* First match wins, so the specific rules come before their families. */
static const struct rule cause_rules[] = {
    {"auth-user", FIX_USER},
    {"auth-", FIX_PASSWORD},
    {"dns-", FIX_HOST},
    {"connect-", FIX_PORT},
    {"greeting-", FIX_PORT},
    {"starttls-", FIX_TLS},
    {"tls-", FIX_TLS},
    {"cert-", FIX_CA_FILE},
    {"sender-", FIX_FROM},
    {"recipient-", FIX_TO},
    {"relay-denied", FIX_TO},
    {"mailbox-full", FIX_TO},
    {"spf-dkim-dmarc", FIX_FROM},
};

static const enum fix_field step_fields[STEP_COUNT] = {
    [STEP_DNS] = FIX_HOST,
    [STEP_CONNECT] = FIX_PORT,
    [STEP_GREETING] = FIX_PORT,
    [STEP_TLS] = FIX_TLS,
    [STEP_CERTIFICATE] = FIX_CA_FILE,
    [STEP_AUTH] = FIX_PASSWORD,
    [STEP_SENDER] = FIX_FROM,
    [STEP_RECIPIENT] = FIX_TO,
};

static const struct rule key_rules[] = {
    {"host", FIX_HOST},         {"port", FIX_PORT},
    {"tls", FIX_TLS},           {"tls_verify", FIX_VERIFY},
    {"ca_file", FIX_CA_FILE},   {"username", FIX_USER},
    {"password", FIX_PASSWORD}, {"from", FIX_FROM},
    {"test_recipient", FIX_TO},
};

enum fix_field fix_for_cause(const char *cause, enum step_id step)
{
	size_t i;

	for (i = 0;
	     cause != NULL && i < sizeof(cause_rules) / sizeof(cause_rules[0]);
	     i++)
		if (strncmp(cause, cause_rules[i].prefix,
			    strlen(cause_rules[i].prefix)) == 0)
			return cause_rules[i].field;
	return step < STEP_COUNT ? step_fields[step] : FIX_NONE;
}

enum fix_field fix_for_key(const char *key)
{
	for (size_t i = 0;
	     key != NULL && i < sizeof(key_rules) / sizeof(key_rules[0]); i++)
		if (strcmp(key, key_rules[i].prefix) == 0)
			return key_rules[i].field;
	return FIX_NONE;
}
