/* The first and last wizard screens: what is about to happen, and what
 * was entered, with the ways out (save, test, both). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "tui/app.h"

/* ---- Welcome ------------------------------------------------------------- */

enum {
	WE_INTRO,
	WE_FILE,
	WE_EXISTS,
	WE_MAILER,
	WE_KEYS,
	WE_NEXT,
	WE_FROM_POSTFIX,
	WE_FROM_EXIM4,
	WE_FROM_MSMTP,
	WE_QUEUE,
	WE_QUIT,
	WE_N
};

/* One button per mailer, so each label names it in every language; only
 * the detected mailer's is shown. */
static const struct item welcome_items[WE_N] = {
    [WE_INTRO] = {IT_PARA, WE_INTRO, NULL, NULL, 0},
    [WE_FILE] = {IT_PARA, WE_FILE, NULL, NULL, 0},
    [WE_EXISTS] = {IT_PARA, WE_EXISTS, NULL, NULL, 0},
    [WE_MAILER] = {IT_PARA, WE_MAILER, NULL, NULL, 0},
    [WE_KEYS] = {IT_PARA, WE_KEYS, NULL, NULL, 0},
    [WE_NEXT] = {IT_BUTTON, BTN_NEXT, N_("Next"), NULL, 0},
    [WE_FROM_POSTFIX] = {IT_BUTTON, BTN_FROM_POSTFIX,
			 N_("Test the settings Postfix uses now"), NULL, 0},
    [WE_FROM_EXIM4] = {IT_BUTTON, BTN_FROM_EXIM4,
		       N_("Test the settings Exim uses now"), NULL, 0},
    [WE_FROM_MSMTP] = {IT_BUTTON, BTN_FROM_MSMTP,
		       N_("Test the settings msmtp uses now"), NULL, 0},
    [WE_QUEUE] = {IT_BUTTON, BTN_QUEUE, N_("Mail queue"), NULL, 0},
    [WE_QUIT] = {IT_BUTTON, BTN_QUIT, N_("Quit"), NULL, 0},
};

static void welcome_para(struct app *a, int id, char *buf, size_t n,
			 enum vstatus *mark)
{
	switch (id) {
	case WE_INTRO:
		snprintf(buf, n, "%s",
			 _("Welcome. This wizard sets up outgoing mail (SMTP "
			   "submission) for this machine. It asks for your "
			   "email address to propose your provider's settings, "
			   "then for the mail server, how the connection is "
			   "protected, how to sign in, and the sender and test "
			   "addresses, checking each value as you type. Then "
			   "it shows a summary, saves the settings and tests "
			   "them step by step, explaining any failure."));
		break;
	case WE_FILE:
		snprintf(buf, n, _("The settings will be written to %s"),
			 a->path);
		break;
	case WE_EXISTS:
		snprintf(buf, n, "%s",
			 a->file_existed
			     ? _("This file exists: its values are filled in. "
				 "Press Enter on a screen to keep them as "
				 "they are; a backup of the file is kept when "
				 "you save.")
			     : _("This file does not exist yet; it will be "
				 "created, readable only by you."));
		break;
	case WE_MAILER:
		if (a->mailer == NULL)
			buf[0] = '\0';
		else
			/* TRANSLATORS: mailer name, its relay, where that is
			 * set. */
			snprintf(buf, n,
				 _("This machine's mailer, %s, relays through "
				   "%s (%s). The buttons below test the "
				   "settings it uses now, with its own "
				   "password, or show its queue."),
				 mailer_name(a->mailer->kind), a->mailer->relay,
				 a->mailer->relay_where[0]
				     ? a->mailer->relay_where
				     : a->mailer->config);
		break;
	default:
		snprintf(buf, n, "%s",
			 _("Tab moves, Enter goes on, Esc goes back, F1 gives "
			   "help on each screen, F10 quits."));
	}
}

static void welcome_button(struct app *a, int id)
{
	if (id == BTN_QUEUE)
		mailer_view_queue(a);
	else if (id == BTN_FROM_POSTFIX || id == BTN_FROM_EXIM4 ||
		 id == BTN_FROM_MSMTP)
		mailer_view_use(a);
}

static bool welcome_enabled(struct app *a, const struct item *it)
{
	static const struct {
		int btn;
		enum mailer_kind kind;
	} from[] = {{BTN_FROM_POSTFIX, MAILER_POSTFIX},
		    {BTN_FROM_EXIM4, MAILER_EXIM4},
		    {BTN_FROM_MSMTP, MAILER_MSMTP}};

	if (it->kind != IT_BUTTON)
		return true;
	if (it->id == BTN_QUEUE)
		return a->mailer != NULL;
	for (size_t i = 0; i < sizeof(from) / sizeof(from[0]); i++)
		if (it->id == from[i].btn)
			return a->mailer != NULL &&
			       a->mailer->kind == from[i].kind;
	return true;
}

const struct screen_def screen_welcome = {
    .title = N_("Welcome"),
    .items = welcome_items,
    .n_items = WE_N,
    .para = welcome_para,
    .button = welcome_button,
    .enabled = welcome_enabled,
};

/* ---- Summary ------------------------------------------------------------- */

enum {
	SU_INTRO,
	SU_SERVER,
	SU_SECURITY,
	SU_SIGNIN,
	SU_FROM,
	SU_TO,
	SU_FILE,
	SU_GAP,
	SU_SEND,
	SU_BACKUP,
	SU_WARN,
	SU_SAVE,
	SU_TEST,
	SU_SAVE_TEST,
	SU_BACK,
	SU_QUIT,
	SU_N
};

static const struct item summary_items[SU_N] = {
    [SU_INTRO] = {IT_PARA, SU_INTRO, NULL, NULL, 0},
    [SU_SERVER] = {IT_INFO, SU_SERVER, N_("Server:"), NULL, 0},
    [SU_SECURITY] = {IT_INFO, SU_SECURITY, N_("Security:"), NULL, 0},
    [SU_SIGNIN] = {IT_INFO, SU_SIGNIN, N_("Sign-in:"), NULL, 0},
    [SU_FROM] = {IT_INFO, SU_FROM, N_("Sender:"), NULL, 0},
    [SU_TO] = {IT_INFO, SU_TO, N_("Test recipient:"), NULL, 0},
    [SU_FILE] = {IT_INFO, SU_FILE, N_("File:"), NULL, 0},
    [SU_GAP] = {IT_GAP, 0, NULL, NULL, 0},
    [SU_SEND] = {IT_CHECK, CHK_SEND_TEST, N_("Send a test message"),
		 N_("to the test recipient, when testing"), 0},
    [SU_BACKUP] = {IT_CHECK, CHK_KEEP_BACKUP,
		   N_("Keep the previous file as .bak"),
		   N_("mode 0600; it holds the old password"), 0},
    [SU_WARN] = {IT_PARA, SU_WARN, NULL, NULL, 0},
    [SU_SAVE] = {IT_BUTTON, BTN_SAVE, N_("Save"), NULL, 0},
    [SU_TEST] = {IT_BUTTON, BTN_TEST, N_("Test"), NULL, 0},
    [SU_SAVE_TEST] = {IT_BUTTON, BTN_SAVE_TEST, N_("Save and test"), NULL, 0},
    [SU_BACK] = {IT_BUTTON, BTN_BACK, N_("Back"), NULL, 0},
    [SU_QUIT] = {IT_BUTTON, BTN_QUIT, N_("Quit"), NULL, 0},
};

static void security_text(struct app *a, char *buf, size_t n)
{
	char ca[FIELD_UTF8_MAX];
	const char *mode = settings_tls_label(a->tls);

	model_text(a, FLD_CA_FILE, ca);
	if (a->tls == SW_TLS_NONE)
		snprintf(buf, n, "%s", mode);
	else if (!a->verify)
		snprintf(buf, n, _("%s, certificate NOT verified"), mode);
	else if (ca[0] != '\0')
		snprintf(buf, n, _("%s, certificate verified with %s"), mode,
			 ca);
	else
		snprintf(buf, n, _("%s, certificate verified"), mode);
}

static void signin_text(struct app *a, char *buf, size_t n)
{
	char user[FIELD_UTF8_MAX];

	if (a->no_auth) {
		snprintf(buf, n, "%s", _("no authentication"));
		return;
	}
	model_text(a, FLD_USER, user);
	/* Only whether there is a password: never its length or text. */
	if (a->no_store)
		snprintf(buf, n, _("%s, password not stored in the file"),
			 user);
	else
		snprintf(buf, n,
			 a->fld[FLD_PASSWORD].len > 0
			     ? _("%s, password set (hidden)")
			     : _("%s, no password"),
			 user);
}

/* What --check's settings step will say, minus the errors Next already
 * refused: the warnings, one per line. */
static void warnings_text(struct app *a, char *buf, size_t n,
			  enum vstatus *mark)
{
	struct field_result fr[16];
	struct settings s;
	size_t count;

	buf[0] = '\0';
	settings_init(&s);
	if (model_copy(a->settings, &s) == 0 && model_apply(a, &s) == 0) {
		count = validate_settings(&s, fr, 16);
		for (size_t i = 0; i < count && i < 16; i++) {
			size_t used = strlen(buf);

			/* Left out on purpose: the sign-in screen says so. */
			if (a->no_store && strcmp(fr[i].key, "password") == 0)
				continue;
			snprintf(buf + used, n - used, "%s%s: %s",
				 used ? "\n" : "", fr[i].key, fr[i].result.msg);
			*mark = V_WARN;
		}
	}
	settings_free(&s);
}

static void summary_para(struct app *a, int id, char *buf, size_t n,
			 enum vstatus *mark)
{
	char tmp[FIELD_UTF8_MAX], port[64];

	switch (id) {
	case SU_INTRO:
		snprintf(buf, n, "%s",
			 _("Check the settings, then save them, test them, or "
			   "both. The test uses the values shown here, saved "
			   "or not."));
		break;
	case SU_SERVER: {
		long p = 0;

		/* The port as it will be used: " 587 " is 587. */
		field_get(&a->fld[FLD_PORT], port, sizeof(port));
		if (validate_port_text(port, &p).status != V_ERROR)
			snprintf(port, sizeof(port), "%ld", p);
		snprintf(buf, n, _("%s, port %s"), model_text(a, FLD_HOST, tmp),
			 port);
		break;
	}
	case SU_SECURITY:
		security_text(a, buf, n);
		break;
	case SU_SIGNIN:
		signin_text(a, buf, n);
		break;
	case SU_FROM:
		snprintf(buf, n, "%s", model_text(a, FLD_FROM, tmp));
		break;
	case SU_TO:
		model_text(a, FLD_TO, tmp);
		snprintf(buf, n, "%s", tmp[0] ? tmp : _("(none)"));
		break;
	case SU_FILE:
		snprintf(buf, n, "%s%s", a->path,
			 !a->file_existed ? _(" (new)")
			 : a->keep_backup ? _(" (exists; a backup is kept)")
					  : _(" (exists; no backup is kept)"));
		break;
	case SU_WARN:
		warnings_text(a, buf, n, mark);
		break;
	}
}

static void summary_button(struct app *a, int id)
{
	if (id == BTN_SAVE)
		save_now(a);
	else if (id == BTN_TEST)
		test_start(a);
	else if (id == BTN_SAVE_TEST && save_now(a) == 0)
		test_start(a);
}

static bool summary_enabled(struct app *a, const struct item *it)
{
	if (it->kind == IT_CHECK && it->id == CHK_KEEP_BACKUP)
		return a->file_existed;
	return it->kind != IT_CHECK || a->fld[FLD_TO].len > 0;
}

const struct screen_def screen_summary = {
    .title = N_("Summary"),
    .items = summary_items,
    .n_items = SU_N,
    .para = summary_para,
    .button = summary_button,
    .enabled = summary_enabled,
};
