#include <config.h>

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/pager.h"

#define MAX_SPANS 64

static int height(void)
{
	return LINES - 3;
}

static int width(void)
{
	return COLS - 2;
}

static size_t count(const struct pager *p)
{
	return p->src.count(p->src.ctx);
}

/* Line i as wide characters; returns their number. */
static size_t fetch(const struct pager *p, size_t i, wchar_t *out)
{
	char buf[PAGER_LINE_MAX];

	if (p->src.line(p->src.ctx, i, buf, sizeof(buf)) != 0)
		buf[0] = '\0';
	return draw_to_wide(buf, out, PAGER_LINE_MAX);
}

static int rows_of(const struct pager *p, size_t i)
{
	wchar_t buf[PAGER_LINE_MAX];
	size_t n = fetch(p, i, buf);

	return (int)draw_wrap(buf, n, width(), NULL, 0);
}

/* The position that shows the last page full. */
static void end_pos(const struct pager *p, size_t *top, int *sub)
{
	size_t i = count(p);
	int used = 0, r, h = height();

	*top = 0;
	*sub = 0;
	while (i > 0) {
		r = rows_of(p, i - 1);
		if (used + r >= h) {
			*top = i - 1;
			*sub = r - (h - used);
			return;
		}
		used += r;
		i--;
	}
}

static bool before(size_t t1, int s1, size_t t2, int s2)
{
	return t1 < t2 || (t1 == t2 && s1 < s2);
}

static void scroll_down(struct pager *p, int k)
{
	size_t et;
	int es;

	end_pos(p, &et, &es);
	while (k-- > 0 && before(p->top, p->sub, et, es)) {
		if (p->sub + 1 < rows_of(p, p->top)) {
			p->sub++;
		} else {
			p->top++;
			p->sub = 0;
		}
	}
}

static void scroll_up(struct pager *p, int k)
{
	p->follow = false;
	while (k-- > 0) {
		if (p->sub > 0) {
			p->sub--;
		} else if (p->top > 0) {
			p->top--;
			p->sub = rows_of(p, p->top) - 1;
		} else {
			break;
		}
	}
}

/* ---- text pages ---------------------------------------------------------- */

static size_t doc_count(void *ctx)
{
	return ((struct pager *)ctx)->n_doc;
}

static int doc_line(void *ctx, size_t i, char *buf, size_t n)
{
	struct pager *p = ctx;

	if (i >= p->n_doc)
		return -1;
	snprintf(buf, n, "%s", p->doc[i]);
	return 0;
}

static void free_doc(struct pager *p)
{
	for (size_t i = 0; i < p->n_doc; i++)
		free(p->doc[i]);
	free(p->doc);
	p->doc = NULL;
	p->n_doc = 0;
}

void pager_open(struct app *a, const char *title, struct pager_src src,
		bool can_save, bool follow)
{
	struct pager *p = &a->pager;
	char cwd[900];

	pager_close(a);
	memset(p, 0, sizeof(*p));
	p->open = true;
	snprintf(p->title, sizeof(p->title), "%s", title);
	p->src = src;
	p->can_save = can_save;
	p->follow = follow;
	p->match = -1;
	field_init(&p->input, 1000, false);
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		snprintf(cwd, sizeof(cwd), ".");
	snprintf(p->save_default, sizeof(p->save_default), "%s/smtpwiz-log.txt",
		 strcmp(cwd, "/") ? cwd : "");
}

void pager_open_text(struct app *a, const char *title, const char *text)
{
	struct pager_src src = {doc_count, doc_line, &a->pager};
	struct pager *p = &a->pager;
	const char *s = text, *nl;
	size_t lines = 1;

	pager_open(a, title, src, false, false);
	for (const char *c = text; *c != '\0'; c++)
		lines += *c == '\n';
	p->doc = calloc(lines, sizeof(*p->doc));
	if (p->doc == NULL)
		return;
	while (p->n_doc < lines) {
		nl = strchr(s, '\n');
		p->doc[p->n_doc] =
		    nl != NULL ? strndup(s, (size_t)(nl - s)) : strdup(s);
		if (p->doc[p->n_doc] == NULL)
			break;
		p->n_doc++;
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

void pager_close(struct app *a)
{
	free_doc(&a->pager);
	a->pager.open = false;
	a->pager.prompt = PP_NONE;
}

bool pager_typing(const struct app *a)
{
	return a->pager.prompt != PP_NONE;
}

/* ---- saving -------------------------------------------------------------- */

int pager_save(const struct pager *p, const char *path, bool replace, char *err,
	       size_t n)
{
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW;
	char buf[PAGER_LINE_MAX];
	size_t total = count(p);
	FILE *fp;
	int fd, rc = 0;

	fd = open(path, flags | (replace ? O_TRUNC : O_EXCL), 0600);
	if (fd < 0 && errno == EEXIST && !replace)
		return 1;
	fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (fp == NULL) {
		snprintf(err, n, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	for (size_t i = 0; i < total; i++)
		if (p->src.line(p->src.ctx, i, buf, sizeof(buf)) == 0)
			fprintf(fp, "%s\n", buf);
	if (ferror(fp))
		rc = -1;
	if (fclose(fp) != 0)
		rc = -1;
	if (rc != 0)
		snprintf(err, n, "%s: %s", path, strerror(errno));
	return rc;
}

static void set_status(struct pager *p, enum vstatus st, const char *msg)
{
	snprintf(p->status, sizeof(p->status), "%s", msg);
	p->status_kind = st;
}

static void save_prompt_enter(struct pager *p)
{
	char path[FIELD_UTF8_MAX], err[1200], msg[1400];
	int rc;

	field_get(&p->input, path, sizeof(path));
	if (path[0] == '\0')
		return;
	rc = pager_save(p, path, p->confirm_replace, err, sizeof(err));
	if (rc == 1) {
		p->confirm_replace = true;
		set_status(p, V_WARN,
			   _("The file exists: Enter again replaces it, Esc "
			     "cancels."));
		return;
	}
	if (rc == 0)
		snprintf(msg, sizeof(msg), _("Log saved to %s"), path);
	set_status(p, rc == 0 ? V_OK : V_ERROR, rc == 0 ? msg : err);
	p->prompt = PP_NONE;
}

/* ---- search -------------------------------------------------------------- */

static void search(struct pager *p, int dir, bool from_top)
{
	size_t n = count(p), i;
	char buf[PAGER_LINE_MAX], msg[400];
	long start;

	if (p->query[0] == '\0' || n == 0)
		return;
	start = from_top        ? (long)p->top
		: p->match >= 0 ? p->match + dir
				: (long)p->top;
	for (size_t k = 0; k < n; k++) {
		i = (size_t)(((start + dir * (long)k) % (long)n + (long)n) %
			     (long)n);
		if (p->src.line(p->src.ctx, i, buf, sizeof(buf)) == 0 &&
		    strcasestr(buf, p->query) != NULL) {
			p->match = (long)i;
			p->top = i;
			p->sub = 0;
			p->follow = false;
			p->status[0] = '\0';
			return;
		}
	}
	p->match = -1;
	snprintf(msg, sizeof(msg), _("Not found: %s"), p->query);
	set_status(p, V_WARN, msg);
}

static void prompt_key(struct pager *p, const struct command *c)
{
	switch (c->cmd) {
	case CMD_INSERT:
		if (field_insert(&p->input, c->ch))
			p->confirm_replace = false;
		break;
	case CMD_EDIT:
		if (field_edit(&p->input, c->op))
			p->confirm_replace = false;
		break;
	case CMD_BACK:
		p->prompt = PP_NONE;
		p->status[0] = '\0';
		break;
	case CMD_ENTER:
		if (p->prompt == PP_SAVE) {
			save_prompt_enter(p);
			break;
		}
		field_get(&p->input, p->query, sizeof(p->query));
		p->prompt = PP_NONE;
		search(p, 1, true);
		break;
	default:
		break;
	}
}

static void open_prompt(struct pager *p, enum pager_prompt kind)
{
	p->prompt = kind;
	p->confirm_replace = false;
	p->status[0] = '\0';
	field_set(&p->input, kind == PP_SAVE ? p->save_default : p->query);
}

void pager_key(struct app *a, const struct command *c)
{
	struct pager *p = &a->pager;

	if (p->prompt != PP_NONE) {
		prompt_key(p, c);
		return;
	}
	switch (c->cmd) {
	case CMD_UP:
		scroll_up(p, 1);
		break;
	case CMD_DOWN:
		scroll_down(p, 1);
		break;
	case CMD_PGUP:
		scroll_up(p, height() - 1);
		break;
	case CMD_PGDN:
	case CMD_SELECT:
		scroll_down(p, height() - 1);
		break;
	case CMD_HOME:
		p->top = 0;
		p->sub = 0;
		p->follow = false;
		break;
	case CMD_END:
		end_pos(p, &p->top, &p->sub);
		p->follow = true;
		break;
	case CMD_SEARCH:
		open_prompt(p, PP_SEARCH);
		break;
	case CMD_SEARCH_NEXT:
	case CMD_SEARCH_PREV:
		search(p, c->cmd == CMD_SEARCH_NEXT ? 1 : -1, false);
		break;
	case CMD_SAVE:
		if (p->can_save)
			open_prompt(p, PP_SAVE);
		break;
	case CMD_BACK:
		pager_close(a);
		break;
	default:
		break;
	}
}

/* ---- drawing ------------------------------------------------------------- */

static void draw_body(struct pager *p)
{
	wchar_t buf[PAGER_LINE_MAX];
	struct wspan spans[MAX_SPANS];
	size_t n = count(p), line = p->top, len, rows;
	int y = 1, sub = p->sub;

	if (n == 0)
		draw_text(1, 1, width(), LK_DIM, _("(nothing yet)"));
	for (; y <= height() && line < n; line++, sub = 0) {
		enum look lk = (long)line == p->match ? LK_SELECTED : LK_NORMAL;

		len = fetch(p, line, buf);
		rows = draw_wrap(buf, len, width(), spans, MAX_SPANS);
		for (size_t r = (size_t)sub;
		     r < rows && r < MAX_SPANS && y <= height(); r++, y++)
			draw_wide(y, 1, width(), lk, buf + spans[r].start,
				  spans[r].len);
	}
}

static void draw_prompt(struct app *a)
{
	struct pager *p = &a->pager;
	const char *label =
	    p->prompt == PP_SAVE ? _("Save the log to:") : _("Search for:");
	int y = LINES - 2, lw = draw_text(y, 1, COLS / 3, LK_BOLD, label);

	a->cur_y = y;
	a->cur_x = draw_input(y, lw + 2, COLS - lw - 5, &p->input, LK_FIELD);
}

static void pager_keybar(const struct pager *p)
{
	static const struct keyhint view[] = {
	    {"PgUp/PgDn", N_("Scroll")},  {"/", N_("Search")},
	    {"n/N", N_("Next/previous")}, {"Esc", N_("Close")},
	    {"F10", N_("Quit")},          {"s", N_("Save")},
	};
	static const struct keyhint prompt[] = {
	    {"Enter", N_("OK")},
	    {"Esc", N_("Cancel")},
	};

	if (p->prompt != PP_NONE)
		draw_keybar(prompt, 2);
	else
		draw_keybar(view, p->can_save ? 6 : 5);
}

void pager_draw(struct app *a)
{
	struct pager *p = &a->pager;
	size_t n = count(p);
	char right[64];

	if (p->follow)
		end_pos(p, &p->top, &p->sub);
	if (p->top >= n && n > 0) {
		p->top = n - 1;
		p->sub = 0;
	}
	/* TRANSLATORS: the first line shown, and how many there are. */
	snprintf(right, sizeof(right), _("line %zu of %zu"), n ? p->top + 1 : 0,
		 n);
	draw_title(p->title, right);
	draw_body(p);
	a->cur_y = 1;
	a->cur_x = 1;
	if (p->prompt != PP_NONE)
		draw_prompt(a);
	else if (p->status[0] != '\0')
		draw_message(LINES - 2, 1, COLS - 2, 1, p->status_kind,
			     p->status);
	pager_keybar(p);
}
