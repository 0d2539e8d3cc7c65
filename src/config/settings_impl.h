/* What the settings files share and nobody else needs: the key table
 * that drives loading and saving, and small accessors. Private to config/.
 */
#ifndef SMTPWIZ_SETTINGS_IMPL_H
#define SMTPWIZ_SETTINGS_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "config/settings.h"

/* Far more than any real configuration; a bigger file is a mistake. */
#define SETTINGS_MAX_SIZE (64 * 1024)

enum key_type {
	KEY_STR,
	KEY_INT,
	KEY_BOOL,
	KEY_TLS,
};

struct key {
	const char *name;
	enum key_type type;
	size_t off; /* of the field in struct settings */
};

/* Contract order: the order settings_save writes them in. */
#define NKEYS 13
extern const struct key settings_keys[NKEYS];
#define keys settings_keys

static inline char **str_field(struct settings *s, const struct key *k)
{
	return (char **)((char *)s + k->off);
}

static inline const char *str_value(const struct settings *s,
				    const struct key *k)
{
	return *(char *const *)((const char *)s + k->off);
}

static inline long *long_field(struct settings *s, const struct key *k)
{
	return (long *)((char *)s + k->off);
}

static inline long long_value(const struct settings *s, const struct key *k)
{
	return *(const long *)((const char *)s + k->off);
}

static inline void wipe_free(char *p)
{
	if (p != NULL) {
		explicit_bzero(p, strlen(p));
		free(p);
	}
}

/* Tab is fine inside quotes; anything else below space (and DEL) is not. */
static inline bool has_control(const char *p)
{
	for (; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

/* settings_prescan.c: blanks comments out (keeping newlines) so libconfuse
 * counts lines right, and refuses unterminated strings and comments. */
int settings_blank_comments(char *buf, size_t len, const char *path,
			    struct sw_error *err);

/* settings_prescan.c: takes the password's value out of buf (overwritten
 * with 'x's) when written in the tidy single-quoted form; returns it, or
 * NULL. Runs after settings_blank_comments(). */
char *settings_take_password(char *buf, size_t len);

#endif
