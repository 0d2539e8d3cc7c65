/* Moving between the wizard's screens: Next only past a screen without
 * errors, Back freely, Quit only after asking when changes would be lost. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>

#include "base/i18n.h"
#include "tui/app.h"

#define MAX_MSGS 32

static const struct screen_def *const defs[SCR_COUNT] = {
    [SCR_WELCOME] = &screen_welcome, [SCR_EMAIL] = &screen_email,
    [SCR_SERVER] = &screen_server,   [SCR_SECURITY] = &screen_security,
    [SCR_SIGNIN] = &screen_signin,   [SCR_ADDRESSES] = &screen_addresses,
    [SCR_SUMMARY] = &screen_summary,
};

const struct screen_def *screen_def(enum scr_id s)
{
	return s < SCR_COUNT && defs[s] != NULL ? defs[s] : defs[SCR_SUMMARY];
}

void wizard_set_status(struct app *a, enum vstatus kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->status, sizeof(a->status), fmt, ap);
	va_end(ap);
	a->status_kind = kind;
}

static void enter_screen(struct app *a, enum scr_id s)
{
	/* A password shown on purpose is hidden again once left behind. */
	a->fld[FLD_PASSWORD].revealed = false;
	a->screen = s;
	a->status[0] = '\0';
	if (s != SCR_TEST)
		form_focus_first(a);
	if (s == SCR_SERVER && a->dns.state == DNS_IDLE)
		server_host_changed(a);
}

void wizard_start(struct app *a)
{
	enter_screen(a, SCR_WELCOME);
}

/* The first error on the current screen: its item index, or -1. */
static int first_error(struct app *a, struct vresult *msgs)
{
	const struct screen_def *d = screen_def(a->screen);

	form_validate(a, msgs);
	for (int i = 0; i < d->n_items; i++) {
		const struct item *it = &d->items[i];

		if (msgs[i].status != V_ERROR ||
		    (d->enabled != NULL && !d->enabled(a, it)))
			continue;
		return i;
	}
	return -1;
}

void wizard_next(struct app *a)
{
	const struct screen_def *d = screen_def(a->screen);
	struct vresult msgs[MAX_MSGS];
	int bad = first_error(a, msgs);

	if (bad >= 0) {
		const struct item *it = &d->items[bad];

		if (it->kind == IT_TEXT || it->kind == IT_RADIO ||
		    it->kind == IT_CHECK)
			a->focus = bad;
		wizard_set_status(a, V_ERROR, _("Cannot go on: %s"),
				  msgs[bad].msg);
		return;
	}
	if (d->leave != NULL && !d->leave(a))
		return;
	wizard_forward(a);
}

void wizard_forward(struct app *a)
{
	if (a->screen < SCR_SUMMARY)
		enter_screen(a, a->screen + 1);
}

void wizard_back(struct app *a)
{
	if (a->screen == SCR_WELCOME)
		wizard_quit(a);
	else if (a->screen == SCR_TEST)
		test_leave(a);
	else
		enter_screen(a, a->screen - 1);
}

void wizard_goto(struct app *a, enum scr_id s, enum item_kind kind, int id)
{
	const struct screen_def *d = screen_def(s);

	enter_screen(a, s);
	for (int i = 0; i < d->n_items; i++)
		if (d->items[i].kind == kind && d->items[i].id == id)
			a->focus = i;
}

int wizard_first_invalid(struct app *a, enum scr_id *s, int *item)
{
	enum scr_id was = a->screen;
	struct vresult msgs[MAX_MSGS];
	int bad = -1;

	for (int i = SCR_SERVER; i <= SCR_ADDRESSES && bad < 0; i++) {
		a->screen = (enum scr_id)i;
		bad = first_error(a, msgs);
		if (bad >= 0) {
			*s = (enum scr_id)i;
			*item = bad;
		}
	}
	a->screen = was;
	return bad;
}

int wizard_check_all(struct app *a, const char *what)
{
	struct vresult msgs[MAX_MSGS];
	enum scr_id s;
	int item;

	if (wizard_first_invalid(a, &s, &item) < 0)
		return 0;
	enter_screen(a, s);
	form_validate(a, msgs);
	a->focus = item;
	wizard_set_status(a, V_ERROR, "%s: %s", what, msgs[item].msg);
	return -1;
}

static void quit_done(struct app *a, int choice)
{
	if (choice == 0 && save_now(a) != 0)
		return;
	if (choice == 0 || choice == 1) {
		a->done = true;
		a->exit_code = 0;
	}
}

void wizard_quit(struct app *a)
{
	static const char *const buttons[] = {
	    N_("Save and quit"), N_("Quit without saving"), N_("Cancel")};

	if (!model_changed(a)) {
		a->done = true;
		a->exit_code = 0;
		return;
	}
	dialog_open(a, _("Quit"),
		    _("Your changes are not saved. Quit anyway, and lose "
		      "them?"),
		    buttons, 3, 2, quit_done);
	a->dlg.focus = 2;
}

void wizard_abort(struct app *a)
{
	a->done = true;
	a->exit_code = 130;
}
