/* The Sign-in and Addresses screens: who we are to the server, and who
 * the test message is from and to. */
#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "knowledge/providers.h"
#include "tui/app.h"
#include "tui/draw.h"

/* ---- Sign-in ------------------------------------------------------------- */

enum {
	SI_INTRO,
	SI_NOAUTH,
	SI_GAP,
	SI_USER,
	SI_PASS,
	SI_NOSTORE,
	SI_HINT,
	SI_BACK,
	SI_NEXT,
	SI_N
};

static const struct item signin_items[SI_N] = {
    [SI_INTRO] = {IT_PARA, 0, NULL, NULL, 0},
    [SI_NOAUTH] = {IT_CHECK, CHK_NO_AUTH, N_("No authentication"),
		   N_("send without signing in (a local relay)"), 0},
    [SI_GAP] = {IT_GAP, 0, NULL, NULL, 0},
    [SI_USER] = {IT_TEXT, FLD_USER, N_("User name:"), NULL, 2},
    [SI_PASS] = {IT_TEXT, FLD_PASSWORD, N_("Password:"), NULL, 2},
    [SI_NOSTORE] = {IT_CHECK, CHK_NO_STORE, N_("Do not store the password"),
		    N_("type it here to test; not written to the file"), 1},
    [SI_HINT] = {IT_INFO, 1, NULL, NULL, 0},
    [SI_BACK] = {IT_BUTTON, BTN_BACK, N_("Back"), NULL, 0},
    [SI_NEXT] = {IT_BUTTON, BTN_NEXT, N_("Next"), NULL, 0},
};

/* Rows the introduction may take at this terminal size: what the other
 * items leave (No authentication, a gap, two fields with their messages,
 * the hint line, and the paragraph's own gap). */
static int intro_rows(void)
{
	return ROW_LAST + 1 - 2 - (1 + 1 + 3 + 3 + 1) - 1;
}

/* The provider's advice instead of the general one: how it wants the
 * user name, then its notes, as many as fit; F1 shows them all. */
static void preset_intro(const struct preset *p, char *buf, size_t n)
{
	int width = COLS - 4, rows = intro_rows();
	size_t used, keep;
	int i;

	snprintf(buf, n, _("%s: the user name is %s."), p->name,
		 preset_user_label(p));
	for (i = 0; p->notes[i] != NULL; i++) {
		keep = strlen(buf);
		snprintf(buf + keep, n - keep, " %s", _(p->notes[i]));
		if (draw_wrap_rows(buf, width) > rows) {
			buf[keep] = '\0';
			break;
		}
	}
	if (p->notes[i] == NULL)
		return;
	used = strlen(buf);
	snprintf(buf + used, n - used, " %s", _("(F1: all notes)"));
	if (draw_wrap_rows(buf, width) > rows)
		buf[used] = '\0';
}

static void signin_para(struct app *a, int id, char *buf, size_t n,
			enum vstatus *mark)
{
	const struct preset *p = id == 0 ? wizard_preset(a) : NULL;

	if (p != NULL)
		preset_intro(p, buf, n);
	else if (id == 0)
		snprintf(buf, n, "%s",
			 _("Most servers want you to sign in: the user name is "
			   "often your full e-mail address. With two-step "
			   "verification on, many providers need an app "
			   "password here instead of your usual one."));
	else if (a->no_auth)
		buf[0] = '\0';
	else if (a->fld[FLD_PASSWORD].revealed)
		snprintf(buf, n, "%s",
			 _("The password is shown. F2 or Ctrl-T hides it."));
	else
		snprintf(buf, n, "%s",
			 _("F2 or Ctrl-T shows the password as you type."));
}

static bool has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static void check_credentials(struct app *a, struct vresult *m,
			      const char *user, const char *pass)
{
	struct vresult r;

	if (a->no_store && user[0] != '\0' && pass[0] == '\0' &&
	    validate_credentials(user, "-").status == V_OK) {
		m[SI_PASS].status = V_WARN;
		snprintf(m[SI_PASS].msg, sizeof(m[SI_PASS].msg), "%s",
			 _("not stored: smtpwiz --check reads it from "
			   "SMTPWIZ_PASSWORD, --password-file or a prompt; "
			   "type it here to test now"));
		return;
	}
	if (user[0] == '\0' && pass[0] == '\0') {
		m[SI_USER].status = V_ERROR;
		snprintf(m[SI_USER].msg, sizeof(m[SI_USER].msg), "%s",
			 _("enter the user name, or tick No authentication"));
		return;
	}
	r = validate_credentials(user, pass);
	/* The validator names one field; attach its word to that one. */
	if (r.status != V_OK) {
		m[user[0] != '\0' && !has_control(user) ? SI_PASS : SI_USER] =
		    r;
		return;
	}
	if (a->no_store) {
		m[SI_PASS].status = V_OK;
		snprintf(m[SI_PASS].msg, sizeof(m[SI_PASS].msg), "%s",
			 _("used for the test only; the file will not hold "
			   "it"));
	}
	if (a->tls == SW_TLS_NONE) {
		m[SI_PASS].status = V_WARN;
		snprintf(m[SI_PASS].msg, sizeof(m[SI_PASS].msg), "%s",
			 _("without TLS this password crosses the network "
			   "in clear text"));
	}
}

static void signin_validate(struct app *a, struct vresult *m)
{
	char *user, *pass;

	if (a->no_auth)
		return;
	user = malloc(FIELD_UTF8_MAX);
	pass = malloc(FIELD_UTF8_MAX);
	if (user != NULL && pass != NULL)
		check_credentials(a, m, model_text(a, FLD_USER, user),
				  model_text(a, FLD_PASSWORD, pass));
	if (pass != NULL)
		explicit_bzero(pass, FIELD_UTF8_MAX);
	free(user);
	free(pass);
}

static bool signin_enabled(struct app *a, const struct item *it)
{
	if (it->kind == IT_CHECK && it->id == CHK_NO_STORE)
		return !a->no_auth;
	return it->kind != IT_TEXT || !a->no_auth;
}

const struct screen_def screen_signin = {
    .title = N_("Sign-in"),
    .items = signin_items,
    .n_items = SI_N,
    .para = signin_para,
    .validate = signin_validate,
    .enabled = signin_enabled,
};

/* ---- Addresses ----------------------------------------------------------- */

enum { AD_INTRO, AD_FROM, AD_TO, AD_BACK, AD_NEXT, AD_N };

static const struct item addresses_items[AD_N] = {
    [AD_INTRO] = {IT_PARA, 0, NULL, NULL, 0},
    [AD_FROM] = {IT_TEXT, FLD_FROM, N_("Sender:"), NULL, 2},
    [AD_TO] = {IT_TEXT, FLD_TO, N_("Test recipient:"), NULL, 2},
    [AD_BACK] = {IT_BUTTON, BTN_BACK, N_("Back"), NULL, 0},
    [AD_NEXT] = {IT_BUTTON, BTN_NEXT, N_("Next"), NULL, 0},
};

static void addresses_para(struct app *a, int id, char *buf, size_t n,
			   enum vstatus *mark)
{
	snprintf(buf, n, "%s",
		 _("The sender is the From address of the mail this machine "
		   "sends; most servers accept only your own address. The "
		   "test recipient receives the test message."));
}

static void addresses_validate(struct app *a, struct vresult *m)
{
	char buf[FIELD_UTF8_MAX];

	m[AD_FROM] =
	    validate_address(model_text(a, FLD_FROM, buf), _("sender"));
	if (model_text(a, FLD_TO, buf)[0] == '\0') {
		m[AD_TO].status = V_WARN;
		snprintf(m[AD_TO].msg, sizeof(m[AD_TO].msg), "%s",
			 _("optional, but without it the test cannot check a "
			   "recipient or send a test message"));
	} else {
		m[AD_TO] = validate_address(buf, _("test recipient"));
	}
}

/* A recipient just typed in means "send to it" until unticked. */
static void addresses_changed(struct app *a, const struct item *it)
{
	if (it->kind == IT_TEXT && it->id == FLD_TO)
		a->send_test = a->fld[FLD_TO].len > 0;
}

const struct screen_def screen_addresses = {
    .title = N_("Addresses"),
    .items = addresses_items,
    .n_items = AD_N,
    .para = addresses_para,
    .validate = addresses_validate,
    .changed = addresses_changed,
};
