/* Shared by the libFuzzer targets: cutting the input into the pieces a
 * parser takes, and an assertion that stays on in optimised builds. */
#ifndef SMTPWIZ_FUZZ_H
#define SMTPWIZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort() is what libFuzzer reports as a crash, with the input saved. */
#define FUZZ_ASSERT(cond)                                                      \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant broken: %s\n",       \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* The next piece of [*p, end) up to sep (not included); advances *p past
 * the separator. Returns its length; *piece points into the input. */
static inline size_t fuzz_next(const char **p, const char *end, char sep,
			       const char **piece)
{
	const char *s = *p;
	const char *e = memchr(s, sep, (size_t)(end - s));
	size_t len = (size_t)((e != NULL ? e : end) - s);

	*piece = s;
	*p = e != NULL ? e + 1 : end;
	return len;
}

/* A NUL-terminated heap copy, so that ASan catches reads past the end. */
static inline char *fuzz_strndup(const char *s, size_t len)
{
	char *copy = malloc(len + 1);

	if (copy != NULL) {
		memcpy(copy, s, len);
		copy[len] = '\0';
	}
	return copy;
}

/* Every byte of a fixed buffer up to its NUL: the string ends inside it. */
#define FUZZ_TERMINATED(buf) FUZZ_ASSERT(memchr(buf, '\0', sizeof(buf)) != NULL)

#endif
