/* Internal to the classifier (classify*.c, diagnose.c): the row format of
 * the knowledge tables and the bounded, locale-independent matchers. */
#ifndef SMTPWIZ_CLASSIFY_IMPL_H
#define SMTPWIZ_CLASSIFY_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "knowledge/diagnose.h"

/* Stage masks: a row applies to the replies of these commands only. */
#define ST(s)     (1u << (s))
#define ST_GREET  ST(DS_GREETING)
#define ST_EHLO   ST(DS_EHLO)
#define ST_TLS    ST(DS_STARTTLS)
#define ST_AUTH   ST(DS_AUTH)
#define ST_MAIL   ST(DS_MAIL)
#define ST_RCPT   ST(DS_RCPT)
#define ST_DATA   ST(DS_DATA)
#define ST_DOT    ST(DS_DATA_END)
#define ST_ENV    (ST_MAIL | ST_RCPT)
#define ST_TX     (ST_MAIL | ST_RCPT | ST_DATA | ST_DOT)
#define ST_SENDER (ST_MAIL | ST_RCPT | ST_DOT)
#define ST_BODY   (ST_DATA | ST_DOT)
#define ST_ANY    0xffffu

/* Row flags. */
#define RF_ONLY                                                                \
	1u /* applies only when the session's provider (host name or           \
	      banner) is the row's provider: the wording is telling            \
	      from that provider only */
#define RF_WEAK                                                                \
	2u /* the wording is vague (an unknown-recipient text that             \
	      some servers also use for a relay refusal): the                  \
	      session context may overrule it */

/* code: 0 any reply, 1-5 a class (4 = every 4xx), else one exact code.
 * enh: an enhanced-code prefix compared by components ("5.7.1" matches
 * 5.7.1 but not 5.7.139; "X.7.1" matches 4.7.1 and 5.7.1), NULL any.
 * text: a pattern (classify_match.c) on the joined reply text, NULL any. */
struct pattern {
	unsigned stages;
	int code;
	const char *enh;
	const char *text;
	const char *cause;
	const char *provider; /* whose wording it is, or NULL */
	unsigned flags;
};

struct pattern_table {
	const struct pattern *rows;
	size_t n;
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define TABLE(a)                                                               \
	{                                                                      \
		(a), N_ELEMS(a)                                                \
	}

/* The text tables, one file per family, searched in this order. */
extern const struct pattern_table classify_text_microsoft;
extern const struct pattern_table classify_text_google;
extern const struct pattern_table classify_text_providers;
extern const struct pattern_table classify_text_mta;
extern const struct pattern_table classify_text_policy;
extern const struct pattern_table classify_text_generic;
/* Enhanced codes (RFC 3463 and its registry), then basic codes. */
extern const struct pattern_table classify_enhanced;
extern const struct pattern_table classify_basic;

/* Every text table in search order, NULL-terminated. */
extern const struct pattern_table *const classify_text_tables[];

/* The generic cause of a stage: permanent (5xx) or temporary (4xx). */
const char *classify_stage_default(enum diag_stage stage, int code);
/* Every cause the stage defaults can give, one per index, NULL past the
 * end. */
const char *classify_stage_default_at(size_t i);

/* Case-insensitive (ASCII only: a classification must not change with
 * LC_CTYPE) search of needle in the first hlen bytes of hay; -1 if none.
 */
long ci_find_from(const char *hay, size_t hlen, size_t from, const char *needle,
		  size_t nlen);
bool ci_contains(const char *hay, size_t hlen, const char *needle);
bool ci_contains_word(const char *hay, size_t hlen, const char *needle);

/* The pattern language of the text rows, small on purpose:
 *   a|b     either alternative
 *   a*b     a, then b within 40 characters (a bounded gap)
 *   \b      a word boundary (at the start or end of an alternative)
 * everything else is literal and case-insensitive. Bounded in time: at most
 * three gaps per alternative. */
bool pattern_matches(const char *pat, const char *text, size_t tlen);

/* Component-wise enhanced-code prefix (see struct pattern). */
bool enh_matches(const char *pat, const char *enh, size_t elen);

#endif
