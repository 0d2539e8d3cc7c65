/* The email address screen, first after Welcome: an address (optional)
 * finds the provider's settings, at once from the preset table (no DNS)
 * or, for other domains, from DNS in a background thread after a pause in
 * typing. "Use these settings" (or Enter in the field) fills them in,
 * asking before it replaces values the user entered; every value stays
 * editable on the screens that follow. */
#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "knowledge/providers.h"
#include "tui/app.h"
#include "tui/autodetect.h"
#include "tui/draw.h"

/* Look up once the user stops typing for this long: a little longer than
 * the host's pause, since every lookup asks DNS three questions. */
#define DETECT_PAUSE_MS 800
/* The whole SRV-then-MX lookup. */
#define DETECT_TIMEOUT_MS 4000
/* Values of the user's own that a suggestion would replace. */
#define OWN_HOST 1u
#define OWN_PORT 2u /* the port and the security mode */
#define OWN_USER 4u
#define OWN_FROM 8u
#define OWN_AUTH 16u /* No authentication is ticked */

static long form_port(const struct app *a)
{
	char buf[FIELD_UTF8_MAX];
	long port = 0;

	if (validate_port_text(model_text(a, FLD_PORT, buf), &port).status ==
	    V_ERROR)
		return 0;
	return port;
}

/* The domain to look up for text, in ASCII; -1 when text is neither a
 * valid address nor a domain name with a dot (a half-typed "jane@exa"
 * is not worth a DNS question). */
static int address_domain(const char *text, char *domain, size_t n)
{
	if (text[0] == '\0' || (strchr(text, '@') != NULL &&
				validate_address(text, NULL).status == V_ERROR))
		return -1;
	if (lookup_domain_of(text, domain, n) != 0 ||
	    strchr(domain, '.') == NULL)
		return -1;
	return 0;
}

static bool has_local_part(const char *addr)
{
	const char *at = strrchr(addr, '@');

	return at != NULL && at != addr;
}

/* ---- finding the settings ------------------------------------------------ */

/* The user name follows the address; the domain's settings do not. */
static void refresh_user(struct detect_view *d)
{
	preset_username(d->finding.preset, d->addr, d->finding.user,
			sizeof(d->finding.user));
}

/* The same finding lookup_address gives for a preset domain, made here
 * so that the UI thread never calls into code that may ask DNS. */
static void preset_finding(struct detect_view *d, const struct preset *p)
{
	struct lookup_finding *f = &d->finding;

	memset(f, 0, sizeof(*f));
	f->source = LOOKUP_PRESET;
	f->preset = p;
	snprintf(f->host, sizeof(f->host), "%s", p->host);
	f->port = p->port;
	f->tls = p->tls;
	snprintf(f->record, sizeof(f->record), "domain %s", d->domain);
	for (int i = 0; i < PRESET_NOTES_MAX && p->notes[i] != NULL; i++)
		f->notes[i] = p->notes[i];
	d->found = true;
	d->state = DETECT_DONE;
	refresh_user(d);
}

static void email_changed(struct app *a)
{
	struct detect_view *d = &a->det;
	char text[FIELD_UTF8_MAX], domain[LOOKUP_NAME_MAX];
	const struct preset *p;
	bool same;

	model_text(a, FLD_EMAIL, text);
	if (address_domain(text, domain, sizeof(domain)) != 0) {
		d->state = DETECT_IDLE;
		d->domain[0] = '\0';
		return;
	}
	same = d->state != DETECT_IDLE && strcmp(d->domain, domain) == 0;
	snprintf(d->addr, sizeof(d->addr), "%s", text);
	if (same) {
		if (d->state == DETECT_DONE && d->found)
			refresh_user(d);
		return;
	}
	snprintf(d->domain, sizeof(d->domain), "%s", domain);
	d->found = false;
	p = providers_match_address(domain);
	if (p != NULL) {
		preset_finding(d, p);
		return;
	}
	d->state = DETECT_WAITING;
	d->due = clock_now_ms() + DETECT_PAUSE_MS;
}

void detect_tick(struct app *a, int64_t now)
{
	struct detect_view *d = &a->det;
	int rc;

	if (d->state != DETECT_WAITING || now < d->due)
		return;
	rc = autodetect_start(d->addr, DETECT_TIMEOUT_MS);
	if (rc == -1) { /* an older lookup still running */
		d->due = now + 200;
		return;
	}
	d->state = rc == 0 ? DETECT_RUNNING : DETECT_DONE;
	d->found = false;
	d->failure = LOOKUP_FAILURE;
	a->dirty = true;
}

int detect_timeout(const struct app *a, int64_t now)
{
	if (a->det.state != DETECT_WAITING)
		return -1;
	return a->det.due > now ? (int)(a->det.due - now) : 0;
}

/* Why nothing was found: a question without an answer says more than
 * the ones answered "no such record". */
static enum lookup_status worst_status(const struct lookup_result *r)
{
	enum lookup_status worst = LOOKUP_NO_RECORDS;

	for (size_t i = 0; i < r->n_queries && i < LOOKUP_MAX_QUERIES; i++) {
		if (r->queries[i].status == LOOKUP_TIMEOUT)
			return LOOKUP_TIMEOUT;
		if (r->queries[i].status == LOOKUP_FAILURE)
			worst = LOOKUP_FAILURE;
	}
	return worst;
}

void detect_update(struct app *a)
{
	struct detect_view *d = &a->det;
	struct detect_result res;

	if (!autodetect_take(&res))
		return;
	/* The user typed on: a newer lookup follows. */
	if (d->state != DETECT_RUNNING ||
	    (res.rc == 0 && strcmp(res.r.domain, d->domain) != 0))
		return;
	d->state = DETECT_DONE;
	d->found = res.rc == 0 && res.r.suggested >= 0 &&
		   (size_t)res.r.suggested < res.r.n_found;
	if (d->found) {
		d->finding = res.r.found[res.r.suggested];
		refresh_user(d);
	} else {
		d->failure =
		    res.rc == 0 ? worst_status(&res.r) : LOOKUP_FAILURE;
	}
	a->dirty = true;
}

/* ---- the suggestion and the form ------------------------------------------
 */

/* The form already holds what the finding proposes. */
static bool in_use(const struct app *a)
{
	const struct detect_view *d = &a->det;
	const struct lookup_finding *f = &d->finding;
	char buf[FIELD_UTF8_MAX];

	if (strcasecmp(model_text(a, FLD_HOST, buf), f->host) != 0 ||
	    form_port(a) != f->port || a->tls != f->tls)
		return false;
	if (f->user[0] != '\0' &&
	    (a->no_auth || strcmp(model_text(a, FLD_USER, buf), f->user) != 0))
		return false;
	return !has_local_part(d->addr) ||
	       strcmp(model_text(a, FLD_FROM, buf), d->addr) == 0;
}

static bool offer_pending(const struct app *a)
{
	return a->det.state == DETECT_DONE && a->det.found && !in_use(a);
}

/* Values in the form that are neither empty, nor the suggestion's, nor
 * what an earlier suggestion filled in: the user's own. A port and a
 * mode without a host are only the defaults. */
static unsigned own_values(const struct app *a)
{
	const struct lookup_finding *f = &a->det.finding;
	const struct applied *ap = &a->applied;
	char buf[FIELD_UTF8_MAX];
	long port = form_port(a);
	unsigned own = 0;

	if (model_text(a, FLD_HOST, buf)[0] != '\0') {
		if (strcasecmp(buf, f->host) != 0 &&
		    !(ap->set && strcasecmp(buf, ap->host) == 0))
			own |= OWN_HOST;
		if ((port != f->port || a->tls != f->tls) &&
		    !(ap->set && port == ap->port && a->tls == ap->tls))
			own |= OWN_PORT;
	}
	if (a->no_auth)
		own |= OWN_AUTH;
	else if (f->user[0] != '\0' &&
		 model_text(a, FLD_USER, buf)[0] != '\0' &&
		 strcmp(buf, f->user) != 0 &&
		 !(ap->set && strcmp(buf, ap->user) == 0))
		own |= OWN_USER;
	if (has_local_part(a->det.addr) &&
	    model_text(a, FLD_FROM, buf)[0] != '\0' &&
	    strcmp(buf, a->det.addr) != 0 &&
	    !(ap->set && strcmp(buf, ap->from) == 0))
		own |= OWN_FROM;
	return own;
}

static const char *finding_name(const struct app *a)
{
	const struct lookup_finding *f = &a->det.finding;

	return f->preset != NULL ? f->preset->name : a->det.domain;
}

/* Fills the form from the finding, except the values in keep. */
static void apply(struct app *a, unsigned keep)
{
	const struct lookup_finding *f = &a->det.finding;
	struct applied *ap = &a->applied;
	char port[32];

	if (!(keep & OWN_HOST))
		field_set(&a->fld[FLD_HOST], f->host);
	if (!(keep & (OWN_HOST | OWN_PORT))) {
		snprintf(port, sizeof(port), "%ld", f->port);
		field_set(&a->fld[FLD_PORT], port);
		a->tls = f->tls;
	}
	if (!(keep & OWN_AUTH))
		a->no_auth = false;
	if (f->user[0] != '\0' && !(keep & (OWN_USER | OWN_AUTH)))
		field_set(&a->fld[FLD_USER], f->user);
	if (has_local_part(a->det.addr) && !(keep & OWN_FROM))
		field_set(&a->fld[FLD_FROM], a->det.addr);
	ap->set = true;
	snprintf(ap->host, sizeof(ap->host), "%s", f->host);
	ap->port = f->port;
	ap->tls = f->tls;
	snprintf(ap->user, sizeof(ap->user), "%s", f->user);
	snprintf(ap->from, sizeof(ap->from), "%s", a->det.addr);
	a->preset = f->preset;
	server_host_changed(a);
}

/* Whatever the domain, the address is the likeliest user name and sender:
 * fill the empty ones (they stay editable), so that nobody types it three
 * times. A value of the user's own, or "no authentication", is kept. */
static void prefill_identity(struct app *a)
{
	char addr[FIELD_UTF8_MAX], buf[FIELD_UTF8_MAX];

	model_text(a, FLD_EMAIL, addr);
	if (!has_local_part(addr) ||
	    validate_address(addr, NULL).status == V_ERROR)
		return;
	if (!a->no_auth && model_text(a, FLD_USER, buf)[0] == '\0')
		field_set(&a->fld[FLD_USER], addr);
	if (model_text(a, FLD_FROM, buf)[0] == '\0')
		field_set(&a->fld[FLD_FROM], addr);
}

static void apply_and_go(struct app *a, unsigned keep)
{
	const char *name = finding_name(a);

	apply(a, keep);
	prefill_identity(a);
	wizard_forward(a);
	wizard_set_status(a, V_OK,
			  keep ? _("Filled in from %s where you had no value "
				   "of your own; change anything you need.")
			       : _("Filled in from %s; change anything you "
				   "need."),
			  name);
}

static void replace_done(struct app *a, int choice)
{
	if (choice == 0)
		apply_and_go(a, 0);
	else if (choice == 1)
		apply_and_go(a, own_values(a));
}

/* One "what: old -> new" line of the question. */
static void change_line(char *buf, size_t n, const char *what, const char *old,
			const char *new)
{
	size_t used = strlen(buf);

	/* A value too long for the box is cut: the dialog only asks. */
	if (snprintf(buf + used, n - used, "\n  %s: %.200s %s %.200s", what,
		     old, draw_glyph(G_ARROW), new) < 0)
		buf[used] = '\0';
}

static void describe_changes(struct app *a, unsigned own, char *buf, size_t n)
{
	const struct lookup_finding *f = &a->det.finding;
	char cur[FIELD_UTF8_MAX], was[128], now[128];

	snprintf(buf, n, _("These values would be replaced by those of %s:"),
		 finding_name(a));
	if (own & OWN_HOST)
		change_line(buf, n, _("host"), model_text(a, FLD_HOST, cur),
			    f->host);
	if (own & OWN_PORT) {
		snprintf(was, sizeof(was), "%ld, %s", form_port(a),
			 settings_tls_label(a->tls));
		snprintf(now, sizeof(now), "%ld, %s", f->port,
			 settings_tls_label(f->tls));
		change_line(buf, n, _("port"), was, now);
	}
	if (own & OWN_AUTH)
		change_line(buf, n, _("sign-in"), _("no authentication"),
			    _("user name and password"));
	if (own & OWN_USER)
		change_line(buf, n, _("user name"),
			    model_text(a, FLD_USER, cur), f->user);
	if (own & OWN_FROM)
		change_line(buf, n, _("sender"), model_text(a, FLD_FROM, cur),
			    a->det.addr);
}

static void use_offer(struct app *a)
{
	static const char *const buttons[] = {N_("Replace"), N_("Keep mine"),
					      N_("Cancel")};
	unsigned own = own_values(a);
	char text[1024], title[128];

	if (own == 0) {
		apply_and_go(a, 0);
		return;
	}
	describe_changes(a, own, text, sizeof(text));
	snprintf(title, sizeof(title), _("Use the settings of %s"),
		 finding_name(a));
	dialog_open(a, title, text, buttons, 3, 2, replace_done);
}

/* ---- the screen ------------------------------------------------------------
 */

enum { EM_INTRO, EM_ADDR, EM_GAP, EM_OFFER, EM_USE, EM_BACK, EM_NEXT, EM_N };

static const struct item email_items[EM_N] = {
    [EM_INTRO] = {IT_PARA, 0, NULL, NULL, 0},
    [EM_ADDR] = {IT_TEXT, FLD_EMAIL, N_("Email address:"), NULL, 2},
    [EM_GAP] = {IT_GAP, 0, NULL, NULL, 0},
    [EM_OFFER] = {IT_PARA, 1, NULL, NULL, 0},
    [EM_USE] = {IT_BUTTON, BTN_USE, N_("Use these settings"), NULL, 0},
    [EM_BACK] = {IT_BUTTON, BTN_BACK, N_("Back"), NULL, 0},
    [EM_NEXT] = {IT_BUTTON, BTN_NEXT, N_("Next"), NULL, 0},
};

static void source_text(const struct app *a, char *buf, size_t n)
{
	const struct lookup_finding *f = &a->det.finding;
	const char *mx = strrchr(f->record, ' ');

	switch (f->source) {
	case LOOKUP_SRV_SUBMISSIONS:
	case LOOKUP_SRV_SUBMISSION:
		/* TRANSLATORS: the SRV record's name, then the domain:
		 * together one DNS name. */
		snprintf(buf, n, _("Found in the domain's SRV record %s.%s."),
			 f->source == LOOKUP_SRV_SUBMISSIONS
			     ? "_submissions._tcp"
			     : "_submission._tcp",
			 a->det.domain);
		break;
	case LOOKUP_MX:
		/* TRANSLATORS: the domain, the provider, the MX host. */
		snprintf(buf, n, _("Mail for %s is hosted by %s (MX %s)."),
			 a->det.domain, finding_name(a),
			 mx != NULL ? mx + 1 : f->record);
		break;
	case LOOKUP_PRESET:
		buf[0] = '\0';
		break;
	}
}

static const char *intro_text(void)
{
	return _("Your email address lets the wizard propose your provider's "
		 "server settings: well-known providers are recognised at "
		 "once, other domains are looked up in DNS. Optional: leave "
		 "it empty to enter the server by hand.");
}

/* Rows the suggestion may take without pushing the screen into its
 * compact layout: what the introduction, the field with its message and
 * the gaps leave. */
static int offer_rows(void)
{
	return ROW_LAST + 1 - 2 - (draw_wrap_rows(intro_text(), COLS - 4) + 1) -
	       3 - 1 - 1;
}

/* The suggestion: what and where from, the provider's first note and how
 * to use it. On a small terminal the parts that do not fit are left out,
 * the note first (F1 shows all notes). */
static void offer_text(const struct app *a, char *buf, size_t n)
{
	const struct lookup_finding *f = &a->det.finding;
	/* The provider's first note; the source line already says what
	 * lookup.c's own note about MX records would. */
	const char *note =
	    f->preset != NULL ? f->preset->notes[0] : f->notes[0];
	const char *how = in_use(a) ? _("These settings are in use. Every "
					"value stays editable on the next "
					"screens.")
				    : _("Enter or Use these settings fills "
					"them in; every value stays editable "
					"on the next screens.");
	char source[512];
	/* Left out in this order when they do not fit. */
	const unsigned tries[] = {7, 6, 2, 0};
	size_t used;

	source_text(a, source, sizeof(source));
	for (size_t t = 0; t < sizeof(tries) / sizeof(tries[0]); t++) {
		/* TRANSLATORS: the provider (or the domain), the host,
		 * the port, the security mode, then what the user name
		 * is ("your full email address"). */
		snprintf(buf, n, _("%s: %s, port %ld, %s; user name: %s."),
			 finding_name(a), f->host, f->port,
			 settings_tls_label(f->tls),
			 preset_user_label(f->preset));
		used = strlen(buf);
		if ((tries[t] & 2) && source[0] != '\0')
			snprintf(buf + used, n - used, "\n%s", source);
		used = strlen(buf);
		if ((tries[t] & 1) && note != NULL)
			snprintf(buf + used, n - used, "\n%s", _(note));
		used = strlen(buf);
		if (tries[t] & 4)
			snprintf(buf + used, n - used, "\n\n%s", how);
		if (draw_wrap_rows(buf, COLS - 4) <= offer_rows())
			return;
	}
}

static void not_found_text(const struct app *a, char *buf, size_t n)
{
	const struct detect_view *d = &a->det;

	if (d->failure == LOOKUP_TIMEOUT || d->failure == LOOKUP_FAILURE)
		/* TRANSLATORS: the domain, then an untranslated status word
		 * ("timeout", "failure"). */
		snprintf(buf, n,
			 _("DNS gave no answer for %s (%s): enter the server "
			   "by hand on the next screen."),
			 d->domain, lookup_status_name(d->failure));
	else
		snprintf(buf, n,
			 _("Nothing found for %s: enter the server by hand on "
			   "the next screen."),
			 d->domain);
}

static void email_para(struct app *a, int id, char *buf, size_t n,
		       enum vstatus *mark)
{
	if (id == 0) {
		snprintf(buf, n, "%s", intro_text());
		return;
	}
	switch (a->det.state) {
	case DETECT_IDLE:
		buf[0] = '\0';
		break;
	case DETECT_WAITING:
	case DETECT_RUNNING:
		snprintf(buf, n, _("Looking up %s..."), a->det.domain);
		break;
	case DETECT_DONE:
		if (a->det.found) {
			offer_text(a, buf, n);
		} else {
			not_found_text(a, buf, n);
			*mark = V_WARN;
		}
		break;
	}
}

static void email_validate(struct app *a, struct vresult *m)
{
	char text[FIELD_UTF8_MAX], domain[LOOKUP_NAME_MAX];
	struct vresult *r = &m[EM_ADDR];

	model_text(a, FLD_EMAIL, text);
	if (text[0] == '\0') {
		snprintf(r->msg, sizeof(r->msg), "%s",
			 _("optional: leave it empty to enter the server by "
			   "hand"));
	} else if (strchr(text, '@') == NULL &&
		   address_domain(text, domain, sizeof(domain)) == 0) {
		snprintf(r->msg, sizeof(r->msg), "%s",
			 _("a domain only: the user name and the sender are "
			   "not filled in"));
	} else {
		*r = validate_address(text, NULL);
	}
}

static void email_changed_item(struct app *a, const struct item *it)
{
	if (it->kind == IT_TEXT && it->id == FLD_EMAIL)
		email_changed(a);
}

static void email_button(struct app *a, int id)
{
	if (id == BTN_USE && offer_pending(a))
		use_offer(a);
}

static bool email_enabled(struct app *a, const struct item *it)
{
	return it->kind != IT_BUTTON || it->id != BTN_USE || offer_pending(a);
}

/* Enter in the field takes the suggestion; the Next button goes on
 * without it. */
static bool email_leave(struct app *a)
{
	struct detect_view *d = &a->det;

	if (a->focus != EM_ADDR) {
		prefill_identity(a);
		return true;
	}
	if (d->state == DETECT_WAITING || d->state == DETECT_RUNNING) {
		if (d->state == DETECT_WAITING)
			d->due = clock_now_ms();
		wizard_set_status(a, V_OK,
				  _("Still looking up %s: wait a moment, or "
				    "choose Next to go on without it."),
				  d->domain);
		return false;
	}
	if (!offer_pending(a)) {
		prefill_identity(a);
		return true;
	}
	use_offer(a);
	return false;
}

const struct screen_def screen_email = {
    .title = N_("Your email address"),
    .items = email_items,
    .n_items = EM_N,
    .para = email_para,
    .validate = email_validate,
    .changed = email_changed_item,
    .button = email_button,
    .enabled = email_enabled,
    .leave = email_leave,
};

/* ---- the provider on later screens ------------------------------------------
 */

const struct preset *wizard_preset(const struct app *a)
{
	char host[FIELD_UTF8_MAX];

	if (model_text(a, FLD_HOST, host)[0] == '\0')
		return NULL;
	if (a->preset != NULL && strcasecmp(host, a->preset->host) == 0)
		return a->preset;
	return providers_match_host(host);
}

void wizard_notes_help(struct app *a, char *buf, size_t n)
{
	const char *const *notes = NULL;
	const char *name = NULL;
	const struct preset *p;
	size_t used;

	buf[0] = '\0';
	if (a->screen == SCR_EMAIL && a->det.state == DETECT_DONE &&
	    a->det.found) {
		notes = a->det.finding.notes;
		name = finding_name(a);
	} else if (a->screen == SCR_SIGNIN && (p = wizard_preset(a)) != NULL) {
		notes = p->notes;
		name = p->name;
	}
	if (notes == NULL || notes[0] == NULL)
		return;
	snprintf(buf, n, _("Notes for %s:"), name);
	for (int i = 0; i < LOOKUP_NOTES_MAX && notes[i] != NULL; i++) {
		used = strlen(buf);
		snprintf(buf + used, n - used, "\n- %s", _(notes[i]));
	}
}
