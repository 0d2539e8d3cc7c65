/* The wizard's state, shared by the files of src/tui. One struct app lives
 * for the whole of tui_run; everything here runs on the UI thread (the
 * engine and the resolver threads have their own modules). */
#ifndef SMTPWIZ_TUI_APP_H
#define SMTPWIZ_TUI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "check/checklist.h"
#include "knowledge/lookup.h"
#include "config/settings.h"
#include "config/validate.h"
#include "mailer/mailer.h"
#include "tui/field.h"
#include "tui/keys.h"
#include "tui/pager.h"

/* The bottom of every screen: buttons, a two-row status, the key bar. */
#define ROW_BUTTONS (LINES - 4)
#define ROW_STATUS  (LINES - 3)
#define ROW_LAST    (LINES - 5) /* of the content above the buttons */

/* Below this the layout cannot hold a screen: say so instead. */
#define MIN_COLS 72
#define MIN_ROWS 20

enum scr_id {
	SCR_WELCOME,
	SCR_EMAIL,
	SCR_SERVER,
	SCR_SECURITY,
	SCR_SIGNIN,
	SCR_ADDRESSES,
	SCR_SUMMARY,
	SCR_TEST,
	SCR_COUNT,
};

enum fld {
	FLD_HOST,
	FLD_PORT,
	FLD_CA_FILE,
	FLD_USER,
	FLD_PASSWORD,
	FLD_FROM,
	FLD_TO,
	FLD_EMAIL, /* only to find settings: never saved */
	FLD_COUNT,
};

enum chk {
	CHK_VERIFY,
	CHK_NO_AUTH,
	CHK_SEND_TEST,
	CHK_NO_STORE,    /* keep the password out of the file */
	CHK_KEEP_BACKUP, /* keep the previous file as NAME.bak */
};

enum btn {
	BTN_NEXT,
	BTN_BACK,
	BTN_QUIT,
	BTN_SAVE,
	BTN_TEST,
	BTN_SAVE_TEST,
	BTN_RERUN,
	BTN_FIX,
	BTN_LOG,
	BTN_DETAILS,
	BTN_USE,          /* use the settings found for the email address */
	BTN_FROM_POSTFIX, /* test what the system's mailer uses now */
	BTN_FROM_EXIM4,
	BTN_FROM_MSMTP,
	BTN_QUEUE, /* the system mailer's queue */
};

enum item_kind {
	IT_PARA,   /* wrapped text from the screen's para(), then a gap */
	IT_INFO,   /* one line from the screen's para(), no gap */
	IT_GAP,    /* an empty row */
	IT_TEXT,   /* id: enum fld */
	IT_RADIO,  /* id: enum sw_tls */
	IT_CHECK,  /* id: enum chk */
	IT_BUTTON, /* id: enum btn; all buttons share the bottom row */
};

struct item {
	enum item_kind kind;
	int id;
	const char *label; /* N_() */
	const char *note;  /* N_(), after a radio or check label */
	int msg_rows;      /* rows for the validation message below */
};

struct app;

struct screen_def {
	const char *title; /* N_() */
	const struct item *items;
	int n_items;
	/* Text of IT_PARA / IT_INFO items (already translated). */
	void (*para)(struct app *a, int id, char *buf, size_t n,
		     enum vstatus *mark);
	/* One result per item; V_OK with an empty message shows nothing. */
	void (*validate)(struct app *a, struct vresult *msgs);
	/* After a field, radio or check changed. */
	void (*changed)(struct app *a, const struct item *it);
	/* Screen-specific buttons (Next/Back/Quit are generic). */
	void (*button)(struct app *a, int id);
	/* Whether an item can take the focus now. */
	bool (*enabled)(struct app *a, const struct item *it);
	/* Called by Next once the screen is valid; false to stay (e.g. a
	 * question was asked that will continue later). */
	bool (*leave)(struct app *a);
};

/* Where a mouse click lands. */
struct hit {
	int y, x0, x1;
	int item; /* index into the screen's items, or a list row */
};

#define MAX_HITS 48

struct dialog {
	bool open;
	char title[128];
	char text[1024];
	const char *buttons[3]; /* N_() */
	int n_buttons;
	int focus;
	int cancel; /* what Esc means */
	void (*done)(struct app *a, int choice);
	int by, bx[3], bw[3]; /* where the buttons were drawn */
};

enum dns_state {
	DNS_IDLE,
	DNS_WAITING, /* the user is still typing */
	DNS_RUNNING,
	DNS_DONE,
};

struct dns_view {
	enum dns_state state;
	int64_t due;
	char host[FIELD_UTF8_MAX];
	char text[512];
	enum vstatus status;
};

enum detect_state {
	DETECT_IDLE,    /* nothing to look up: empty or not an address */
	DETECT_WAITING, /* the user is still typing */
	DETECT_RUNNING, /* in the background thread (autodetect.c) */
	DETECT_DONE,
};

/* What the email address screen found for the domain typed. */
struct detect_view {
	enum detect_state state;
	int64_t due;
	char addr[FIELD_UTF8_MAX];     /* the address the finding is for */
	char domain[LOOKUP_NAME_MAX];  /* its domain, in ASCII */
	bool found;                    /* DONE: finding is valid */
	struct lookup_finding finding; /* user follows addr */
	enum lookup_status failure;    /* DONE, not found: the worst answer */
};

/* What "Use these settings" last filled in: those values are the
 * wizard's, not the user's, and a later suggestion replaces them without
 * asking. */
struct applied {
	bool set;
	char host[LOOKUP_NAME_MAX];
	long port;
	enum sw_tls tls;
	char user[LOOKUP_NAME_MAX];
	char from[FIELD_UTF8_MAX];
};

struct test_view {
	struct step steps[STEP_COUNT];
	char notice[256];
	bool running; /* the worker is busy (running or cancelling) */
	bool cancelled;
	bool pending; /* start again once the cancelled run is reaped */
	bool moved;   /* the user chose a step: stop following the run */
	int sel;      /* selected step */
	int focus;    /* -1: the step list; else a button index */
};

struct app {
	const char *path;
	bool file_existed;
	struct settings *settings; /* the caller's; replaced on save */
	struct settings baseline;  /* what is on disk, to spot changes */
	bool saved;                /* saved during this session */

	struct field fld[FLD_COUNT];
	enum sw_tls tls;
	bool verify;
	bool no_auth;
	bool no_store;    /* the password is for this session only */
	bool keep_backup; /* saving keeps the previous file as NAME.bak */
	bool send_test;
	long offered_port; /* the port last offered a matching mode for */

	enum scr_id screen;
	int focus;
	char status[512];
	enum vstatus status_kind;

	struct dialog dlg;
	struct pager pager;
	struct dns_view dns;
	struct detect_view det;
	struct applied applied;
	const struct preset *preset; /* applied from a suggestion, or NULL */
	struct test_view tv;
	/* The system's mailer found at start (NULL: none), and whether the
	 * form holds its settings, so the test checks its configuration. */
	struct mailer_info *mailer;
	bool mailer_used;

	bool color, utf8, mouse;
	bool dirty;   /* redraw needed */
	bool repaint; /* Ctrl-L: redraw everything from scratch */
	bool too_small;
	bool done;
	int exit_code;
	int cur_y, cur_x; /* where the hardware cursor goes */
	int64_t last_draw;
	struct hit hits[MAX_HITS];
	int n_hits;
};

/* ---- wizard.c: moving between screens ---------------------------------- */
const struct screen_def *screen_def(enum scr_id s);
void wizard_start(struct app *a);
void wizard_next(struct app *a);
/* Next without the checks (after a question was answered). */
void wizard_forward(struct app *a);
void wizard_back(struct app *a);
void wizard_goto(struct app *a, enum scr_id s, enum item_kind kind, int id);
void wizard_quit(struct app *a);
void wizard_abort(struct app *a);
void wizard_set_status(struct app *a, enum vstatus kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Index of the first screen (server..addresses) with an error, or -1. */
int wizard_first_invalid(struct app *a, enum scr_id *s, int *item);
/* 0 when every screen is valid; else goes to the first error, says
 * "what: message" there and returns -1. */
int wizard_check_all(struct app *a, const char *what);

/* ---- model.c: the form's values and the settings ------------------------- */
void model_load(struct app *a, const struct settings *s);
/* Fills out (initialised by the caller) from the form. */
int model_apply(const struct app *a, struct settings *out);
int model_copy(const struct settings *src, struct settings *dst);
bool model_changed(const struct app *a);
bool *model_check(struct app *a, int id);
/* The field's text as UTF-8, in a buffer of FIELD_UTF8_MAX. */
const char *model_text(const struct app *a, enum fld f, char *buf);
void model_wipe(struct app *a);

/* ---- screens_*.c -------------------------------------------------------- */
extern const struct screen_def screen_welcome, screen_email, screen_server,
    screen_security, screen_signin, screen_addresses, screen_summary;
void server_host_changed(struct app *a);
void dns_tick(struct app *a, int64_t now);
void dns_update(struct app *a);
int dns_timeout(const struct app *a, int64_t now);
/* screens_email.c: the lookup behind the email address screen. */
void detect_tick(struct app *a, int64_t now);
void detect_update(struct app *a);
int detect_timeout(const struct app *a, int64_t now);
/* The provider of the host now in the form: the preset applied from a
 * suggestion while its host is kept, else the one the host name is known
 * for; NULL when none. */
const struct preset *wizard_preset(const struct app *a);
/* For F1: the notes of the provider the current screen is about (the
 * suggestion on the email screen, wizard_preset on Sign-in), translated,
 * one "- note" line each; "" when there is none. */
void wizard_notes_help(struct app *a, char *buf, size_t n);

/* ---- form.c: drawing and driving a screen's items ------------------------ */
void form_draw(struct app *a);
void form_key(struct app *a, const struct command *c);
void form_click(struct app *a, int y, int x);
void form_focus_first(struct app *a);
bool form_typing(const struct app *a);
void form_validate(struct app *a, struct vresult *msgs);

/* ---- dialog.c ----------------------------------------------------------- */
void dialog_open(struct app *a, const char *title, const char *text,
		 const char *const *buttons, int n, int cancel,
		 void (*done)(struct app *a, int choice));
void dialog_draw(struct app *a);
void dialog_key(struct app *a, const struct command *c);
void dialog_click(struct app *a, int y, int x);

/* ---- help.c ------------------------------------------------------------- */
void help_open(struct app *a);

/* ---- test_run.c: the engine's run, from the UI ----------------------------
 */
void test_start(struct app *a);
/* Takes the engine's progress; true when the run just ended (redraw now;
 * meanwhile test_timeout paces the redraws). */
bool test_update(struct app *a);
/* Milliseconds until the next progress frame, or -1 when idle. */
int test_timeout(const struct app *a, int64_t now);
/* Stops the running test, keeping its results on screen. */
void test_stop(struct app *a);
void test_leave(struct app *a);
/* Goes to the wizard field behind the selected (or first) problem. */
void test_fix(struct app *a);

/* ---- checklist_view.c: the test screen ---------------------------------- */
void test_draw(struct app *a);
/* Whether step i has a row (the mailer step only for a mailer's
 * settings). */
bool test_step_shown(const struct app *a, int i);

/* ---- mailer_view.c: the system's mailer --------------------------------- */
/* Looks for a mailer with a relay (Postfix, Exim4, msmtp's default). */
void mailer_view_detect(struct app *a);
void mailer_view_free(struct app *a);
/* Fills the form with the mailer's settings and goes to the summary. */
void mailer_view_use(struct app *a);
/* Shows the mailer's queue, grouped by reason, in the pager. */
void mailer_view_queue(struct app *a);
/* Where the mailer's configuration is (--mailer-config), for apply. */
const struct mailer_paths *mailer_view_paths(void);

/* ---- apply_view.c: the tested settings into the mailer ------------------ */
/* After a passing test, with a mailer found: "Use for the mailer". */
bool apply_view_available(const struct app *a);
/* Shows what changes, asks, then applies in the background. */
void apply_view_open(struct app *a);
/* Takes the background apply's result; true when it just ended. */
bool apply_view_update(struct app *a);
void test_key(struct app *a, const struct command *c);
void test_click(struct app *a, int y, int x);

/* ---- logview.c ---------------------------------------------------------- */
void logview_open(struct app *a);
void details_open(struct app *a, const struct step *st);

/* ---- save.c ------------------------------------------------------------- */
/* Saves the form to a->path (backup first); reports in the status line.
 * Returns 0 on success. */
int save_now(struct app *a);

#endif
