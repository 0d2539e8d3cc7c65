/* A full-screen, read-only text viewer: the protocol log, help pages and
 * a step's details. Lines come from a source (so the log can grow while it
 * is shown) and are wrapped to the screen width as they are drawn. */
#ifndef SMTPWIZ_TUI_PAGER_H
#define SMTPWIZ_TUI_PAGER_H

#include <stdbool.h>
#include <stddef.h>

#include "config/validate.h"
#include "tui/field.h"
#include "tui/keys.h"

struct app;

struct pager_src {
	size_t (*count)(void *ctx);
	/* Line i in the locale's encoding; 0, or -1 past the end. */
	int (*line)(void *ctx, size_t i, char *buf, size_t n);
	void *ctx;
};

enum pager_prompt {
	PP_NONE,
	PP_SEARCH,
	PP_SAVE,
};

#define PAGER_LINE_MAX 2048

struct pager {
	bool open;
	bool can_save;
	char title[160];
	struct pager_src src;
	char **doc; /* owned lines of a help or details page */
	size_t n_doc;
	size_t top; /* first line shown ... */
	int sub;    /* ... from this wrapped row of it */
	bool follow;
	enum pager_prompt prompt;
	struct field input;
	char query[256];
	long match; /* line of the last match, or -1 */
	bool confirm_replace;
	char status[1536];
	enum vstatus status_kind;
	char save_default[1024];
};

/* Shows lines from src; can_save offers 's' to write them to a file. */
void pager_open(struct app *a, const char *title, struct pager_src src,
		bool can_save, bool follow);
/* Shows a page of text owned by the pager: paragraphs separated by '\n'. */
void pager_open_text(struct app *a, const char *title, const char *text);
void pager_close(struct app *a);
void pager_draw(struct app *a);
void pager_key(struct app *a, const struct command *c);
bool pager_typing(const struct app *a);
/* Writes every line to path (0600, never through a symlink). */
int pager_save(const struct pager *p, const char *path, bool replace, char *err,
	       size_t n);

#endif
