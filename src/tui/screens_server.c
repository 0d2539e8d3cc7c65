/* The Server and Security screens: where to connect and how the
 * connection is protected. A port and a TLS mode that do not belong
 * together are offered a fix in either direction. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "config/ca_file.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/resolver.h"

/* Resolve once the user stops typing for this long. */
#define DNS_PAUSE_MS 600

static long usual_port(enum sw_tls tls)
{
	return tls == SW_TLS_IMPLICIT ? 465 : tls == SW_TLS_NONE ? 25 : 587;
}

/* The port typed so far, or 0 when it is not a valid number. */
static long current_port(struct app *a)
{
	char buf[FIELD_UTF8_MAX];
	long port = 0;

	if (validate_port_text(model_text(a, FLD_PORT, buf), &port).status ==
	    V_ERROR)
		return 0;
	return port;
}

/* ---- host resolution ----------------------------------------------------- */

void server_host_changed(struct app *a)
{
	char host[FIELD_UTF8_MAX];

	model_text(a, FLD_HOST, host);
	if (validate_host(host).status == V_ERROR) {
		a->dns.state = DNS_IDLE;
		return;
	}
	if (a->dns.state != DNS_IDLE && strcmp(a->dns.host, host) == 0)
		return;
	snprintf(a->dns.host, sizeof(a->dns.host), "%s", host);
	a->dns.state = DNS_WAITING;
	a->dns.due = clock_now_ms() + DNS_PAUSE_MS;
}

void dns_tick(struct app *a, int64_t now)
{
	if (a->dns.state != DNS_WAITING || now < a->dns.due)
		return;
	/* An older lookup still running: try again shortly. */
	if (resolver_start(a->dns.host) != 0) {
		a->dns.due = now + 200;
		return;
	}
	a->dns.state = DNS_RUNNING;
	a->dirty = true;
}

int dns_timeout(const struct app *a, int64_t now)
{
	if (a->dns.state != DNS_WAITING)
		return -1;
	return a->dns.due > now ? (int)(a->dns.due - now) : 0;
}

void dns_update(struct app *a)
{
	struct resolve_result r;

	if (!resolver_take(&r))
		return;
	if (a->dns.state != DNS_RUNNING || strcmp(r.host, a->dns.host) != 0)
		return; /* the user typed on: a newer lookup will follow */
	a->dns.state = DNS_DONE;
	if (r.status == NET_OK) {
		a->dns.status = V_OK;
		snprintf(a->dns.text, sizeof(a->dns.text),
			 /* TRANSLATORS: an arrow, then the addresses. */
			 _("%s resolves to %s"), draw_glyph(G_ARROW), r.addrs);
	} else {
		a->dns.status = V_WARN;
		snprintf(a->dns.text, sizeof(a->dns.text),
			 /* TRANSLATORS: an untranslated status word, then
			  * the resolver's message. */
			 _("no address found (%s: %s); the test will look "
			   "again"),
			 net_status_name(r.status), r.detail);
	}
	a->dirty = true;
}

/* ---- Server -------------------------------------------------------------- */

enum { SV_INTRO, SV_HOST, SV_DNS, SV_GAP, SV_PORT, SV_BACK, SV_NEXT, SV_N };

static const struct item server_items[SV_N] = {
    [SV_INTRO] = {IT_PARA, 0, NULL, NULL, 0},
    [SV_HOST] = {IT_TEXT, FLD_HOST, N_("Host name:"), NULL, 2},
    [SV_DNS] = {IT_INFO, 1, NULL, NULL, 0},
    [SV_GAP] = {IT_GAP, 0, NULL, NULL, 0},
    [SV_PORT] = {IT_TEXT, FLD_PORT, N_("Port:"), NULL, 2},
    [SV_BACK] = {IT_BUTTON, BTN_BACK, N_("Back"), NULL, 0},
    [SV_NEXT] = {IT_BUTTON, BTN_NEXT, N_("Next"), NULL, 0},
};

static void server_para(struct app *a, int id, char *buf, size_t n,
			enum vstatus *mark)
{
	if (id == 0) {
		snprintf(buf, n, "%s",
			 _("Enter the host name of the SMTP server that sends "
			   "your mail (your provider calls it the outgoing or "
			   "SMTP server), e.g. smtp.example.com, and its port: "
			   "usually 587 (STARTTLS) or 465 (implicit TLS)."));
		return;
	}
	switch (a->dns.state) {
	case DNS_IDLE:
		buf[0] = '\0';
		break;
	case DNS_WAITING:
	case DNS_RUNNING:
		snprintf(buf, n, "%s", _("looking up the addresses..."));
		break;
	case DNS_DONE:
		snprintf(buf, n, "%s", a->dns.text);
		*mark = a->dns.status;
		break;
	}
}

static void server_validate(struct app *a, struct vresult *m)
{
	char buf[FIELD_UTF8_MAX];
	long port = 0;

	m[SV_HOST] = validate_host(model_text(a, FLD_HOST, buf));
	m[SV_PORT] = validate_port_text(model_text(a, FLD_PORT, buf), &port);
	if (m[SV_PORT].status == V_OK && (port == 587 || port == 465))
		snprintf(m[SV_PORT].msg, sizeof(m[SV_PORT].msg),
			 _("the usual port for %s"),
			 settings_tls_label(port == 465 ? SW_TLS_IMPLICIT
							: SW_TLS_STARTTLS));
}

static void server_changed(struct app *a, const struct item *it)
{
	if (it->kind == IT_TEXT && it->id == FLD_HOST)
		server_host_changed(a);
}

static void switch_mode_done(struct app *a, int choice)
{
	if (choice == 0)
		a->tls =
		    current_port(a) == 465 ? SW_TLS_IMPLICIT : SW_TLS_STARTTLS;
	wizard_forward(a);
}

/* The other half of the port/mode offer: a port typed here that belongs
 * to the other TLS mode. Asked once per port. */
static bool server_leave(struct app *a)
{
	static const char *const buttons[] = {N_("Switch"), N_("Keep")};
	long port = current_port(a);
	enum sw_tls want;
	char text[512];

	if (port != 465 && port != 587)
		return true;
	want = port == 465 ? SW_TLS_IMPLICIT : SW_TLS_STARTTLS;
	if (a->tls == want || a->offered_port == port)
		return true;
	a->offered_port = port;
	snprintf(text, sizeof(text),
		 _("Port %ld is normally used with %s, but the security mode "
		   "is %s. Switch the mode to %s?"),
		 port, settings_tls_label(want), settings_tls_label(a->tls),
		 settings_tls_label(want));
	dialog_open(a, _("Security mode"), text, buttons, 2, 1,
		    switch_mode_done);
	return false;
}

const struct screen_def screen_server = {
    .title = N_("Server"),
    .items = server_items,
    .n_items = SV_N,
    .para = server_para,
    .validate = server_validate,
    .changed = server_changed,
    .leave = server_leave,
};

/* ---- Security ------------------------------------------------------------ */

enum {
	SE_INTRO,
	SE_NONE,
	SE_STARTTLS,
	SE_IMPLICIT,
	SE_GAP,
	SE_VERIFY,
	SE_CA,
	SE_BACK,
	SE_NEXT,
	SE_N
};

static const struct item security_items[SE_N] = {
    [SE_INTRO] = {IT_PARA, 0, NULL, NULL, 0},
    [SE_NONE] = {IT_RADIO, SW_TLS_NONE, N_("None"),
		 N_("no encryption; port 25, trusted networks only"), 0},
    [SE_STARTTLS] = {IT_RADIO, SW_TLS_STARTTLS, N_("STARTTLS"),
		     N_("starts in clear, then encrypts; usual port 587"), 0},
    [SE_IMPLICIT] = {IT_RADIO, SW_TLS_IMPLICIT, N_("Implicit TLS"),
		     N_("encrypted from the start (SMTPS); usual port 465"), 2},
    [SE_GAP] = {IT_GAP, 0, NULL, NULL, 0},
    [SE_VERIFY] = {IT_CHECK, CHK_VERIFY, N_("Verify the certificate"),
		   N_("(recommended)"), 1},
    [SE_CA] = {IT_TEXT, FLD_CA_FILE, N_("CA file:"), NULL, 2},
    [SE_BACK] = {IT_BUTTON, BTN_BACK, N_("Back"), NULL, 0},
    [SE_NEXT] = {IT_BUTTON, BTN_NEXT, N_("Next"), NULL, 0},
};

static void security_para(struct app *a, int id, char *buf, size_t n,
			  enum vstatus *mark)
{
	snprintf(buf, n, "%s",
		 _("Choose how the connection is protected: your provider's "
		   "instructions say STARTTLS (port 587) or implicit TLS "
		   "(port 465, also called SSL/TLS or SSL). Space selects."));
}

static struct vresult ca_field_check(struct app *a)
{
	struct vresult r = {.status = V_OK};
	char path[FIELD_UTF8_MAX];

	model_text(a, FLD_CA_FILE, path);
	if (path[0] == '\0') {
		snprintf(r.msg, sizeof(r.msg), "%s",
			 _("optional: empty trusts the system's certificate "
			   "authorities"));
		return r;
	}
	/* The very check --check's settings step makes. */
	r = ca_file_check(path);
	if (r.status == V_OK && !a->verify) {
		r.status = V_WARN;
		snprintf(r.msg, sizeof(r.msg), "%s",
			 _("not used while verification is off"));
	}
	return r;
}

static void security_validate(struct app *a, struct vresult *m)
{
	long port = current_port(a);

	if (port != 0)
		m[SE_IMPLICIT] = validate_tls_port(a->tls, port);
	if (!a->verify) {
		m[SE_VERIFY].status = V_WARN;
		snprintf(m[SE_VERIFY].msg, sizeof(m[SE_VERIFY].msg), "%s",
			 _("off: anyone on the network path could pose as the "
			   "server and read the password"));
	}
	m[SE_CA] = ca_field_check(a);
}

static void set_port_done(struct app *a, int choice)
{
	char port[16];

	if (choice != 0)
		return;
	snprintf(port, sizeof(port), "%ld", usual_port(a->tls));
	field_set(&a->fld[FLD_PORT], port);
	a->offered_port = usual_port(a->tls);
}

static void offer_port(struct app *a)
{
	static const char *const buttons[] = {N_("Change the port"),
					      N_("Keep the port")};
	long usual = usual_port(a->tls), port = current_port(a);
	char text[512];

	if (port == usual)
		return;
	snprintf(text, sizeof(text),
		 _("The usual port for %s is %ld; the port is now %ld. Change "
		   "the port to %ld?"),
		 settings_tls_label(a->tls), usual, port, usual);
	dialog_open(a, _("Port"), text, buttons, 2, 1, set_port_done);
}

static void verify_off_done(struct app *a, int choice)
{
	if (choice == 0)
		a->verify = false;
}

static void security_changed(struct app *a, const struct item *it)
{
	static const char *const buttons[] = {N_("Turn off"), N_("Keep on")};

	if (it->kind == IT_RADIO) {
		offer_port(a);
	} else if (it->kind == IT_CHECK && !a->verify) {
		/* Off only after a clear yes: undo until then. */
		a->verify = true;
		dialog_open(a, _("Certificate verification"),
			    _("Without verification, anyone between this "
			      "machine and the server can pretend to be the "
			      "server and read your password and mail. Use "
			      "this only to diagnose a certificate problem. "
			      "Turn verification off?"),
			    buttons, 2, 1, verify_off_done);
		a->dlg.focus = 1;
	}
}

const struct screen_def screen_security = {
    .title = N_("Security"),
    .items = security_items,
    .n_items = SE_N,
    .para = security_para,
    .validate = security_validate,
    .changed = security_changed,
};
