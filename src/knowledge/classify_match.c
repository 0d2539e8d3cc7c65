/* Bounded, locale-independent text matching for the classifier's tables.
 * Own case folding: <ctype.h> follows the locale, and a classification
 * must not change with LC_CTYPE. Nothing here reads past the length it is
 * given, whatever the buffer holds. */
#include <config.h>

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "knowledge/classify_impl.h"

#define GAP_MAX  40 /* characters a '*' may skip */
#define SEGS_MAX 4  /* pieces of one alternative: three gaps */

static unsigned char fold(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static bool same_at(const char *hay, const char *needle, size_t nlen)
{
	for (size_t i = 0; i < nlen; i++)
		if (fold((unsigned char)hay[i]) !=
		    fold((unsigned char)needle[i]))
			return false;
	return true;
}

long ci_find_from(const char *hay, size_t hlen, size_t from, const char *needle,
		  size_t nlen)
{
	if (nlen == 0)
		return from <= hlen ? (long)from : -1;
	if (nlen > hlen)
		return -1;
	for (size_t i = from; i <= hlen - nlen; i++)
		if (same_at(hay + i, needle, nlen))
			return (long)i;
	return -1;
}

bool ci_contains(const char *hay, size_t hlen, const char *needle)
{
	return ci_find_from(hay, hlen, 0, needle, strlen(needle)) >= 0;
}

static bool boundary(const char *hay, size_t hlen, size_t at)
{
	bool left = at == 0 || !is_alnum((unsigned char)hay[at - 1]);
	bool right = at >= hlen || !is_alnum((unsigned char)hay[at]);

	/* Only two word characters side by side are no boundary. */
	return left || right;
}

bool ci_contains_word(const char *hay, size_t hlen, const char *needle)
{
	size_t nlen = strlen(needle);
	long at = -1;

	while ((at = ci_find_from(hay, hlen, (size_t)(at + 1), needle, nlen)) >=
	       0) {
		size_t end = (size_t)at + nlen;
		bool left = at == 0 || !is_alnum((unsigned char)hay[at - 1]);
		bool right = end >= hlen || !is_alnum((unsigned char)hay[end]);

		if (left && right)
			return true;
	}
	return false;
}

struct seg {
	const char *s;
	size_t len;
	bool word_start, word_end;
};

/* Splits one alternative [p, end) at its '*'s; false when it has more
 * pieces than SEGS_MAX (a table error, never a match). */
static bool split(const char *p, const char *end, struct seg *segs, size_t *n)
{
	*n = 0;
	for (;;) {
		const char *star = memchr(p, '*', (size_t)(end - p));
		const char *e = star != NULL ? star : end;
		struct seg *g;

		if (*n == SEGS_MAX)
			return false;
		g = &segs[(*n)++];
		g->word_start = e - p >= 2 && p[0] == '\\' && p[1] == 'b';
		if (g->word_start)
			p += 2;
		g->word_end = e - p >= 2 && e[-2] == '\\' && e[-1] == 'b';
		g->s = p;
		g->len = (size_t)(e - p) - (g->word_end ? 2 : 0);
		if (star == NULL)
			return true;
		p = star + 1;
	}
}

static bool seg_at(const struct seg *g, const char *t, size_t tlen, size_t at)
{
	return at + g->len <= tlen && same_at(t + at, g->s, g->len) &&
	       (!g->word_start || boundary(t, tlen, at)) &&
	       (!g->word_end || boundary(t, tlen, at + g->len));
}

/* Piece k anywhere in [from, last], then the rest within a gap each. */
static bool match_from(const struct seg *segs, size_t n, size_t k,
		       const char *t, size_t tlen, size_t from, size_t last)
{
	for (size_t i = from; i <= last && i < tlen + 1; i++) {
		size_t next;

		if (!seg_at(&segs[k], t, tlen, i))
			continue;
		if (k + 1 == n)
			return true;
		next = i + segs[k].len;
		if (match_from(segs, n, k + 1, t, tlen, next, next + GAP_MAX))
			return true;
	}
	return false;
}

static bool alternative_matches(const char *p, const char *end, const char *t,
				size_t tlen)
{
	struct seg segs[SEGS_MAX];
	size_t n;

	if (p == end || !split(p, end, segs, &n))
		return false;
	return match_from(segs, n, 0, t, tlen, 0, tlen);
}

bool pattern_matches(const char *pat, const char *text, size_t tlen)
{
	const char *p = pat;

	for (;;) {
		const char *bar = strchr(p, '|');
		const char *end = bar != NULL ? bar : p + strlen(p);

		if (alternative_matches(p, end, text, tlen))
			return true;
		if (bar == NULL)
			return false;
		p = bar + 1;
	}
}

/* Component-wise prefix: every character of pat must match (X matches any
 * digit), and enh must end or continue with a new component after it. */
bool enh_matches(const char *pat, const char *enh, size_t elen)
{
	size_t i;

	if (pat == NULL)
		return true;
	for (i = 0; pat[i] != '\0'; i++) {
		unsigned char e = i < elen ? (unsigned char)enh[i] : '\0';

		if (pat[i] == 'X' ? !(e >= '0' && e <= '9') : e != pat[i])
			return false;
	}
	return i == elen || enh[i] == '.';
}
