/* The `mailer` step: what the system mailer's own configuration gets
 * wrong, found by mailer/ when it read the settings. The step carries the
 * first failure's cause (else the first warning's); every finding is in
 * the evidence with its file and line. It never stops the run: the relay
 * is tested with the same settings either way. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "check/steps.h"
#include "mailer/mailer.h"

bool step_absent(const struct run *run, enum step_id id)
{
	if (id == STEP_DELIVERY)
		return run->opt == NULL || run->opt->deliver == NULL;
	return id == STEP_MAILER &&
	       (run->opt == NULL || run->opt->mailer == NULL);
}

static void describe(struct step *st, const struct mailer_info *mi)
{
	/* TRANSLATORS: "postfix (/etc/postfix): relay [smtp.x]:587 at
	 * /etc/postfix/main.cf:12". */
	step_add_evidence(st, _("%s (%s): relay %s at %s"),
			  mailer_name(mi->kind), mi->config,
			  mi->relay[0] ? mi->relay : "-",
			  mi->relay_where[0] ? mi->relay_where : "-");
	if (mi->account[0] != '\0')
		step_add_evidence(st, _("account: %s"), mi->account);
	if (mi->username[0] != '\0')
		step_add_evidence(st, _("user: %s; password: %s%s%s"),
				  mi->username,
				  mi->password_set ? _("set") : _("not set"),
				  mi->password_where[0] ? _(", at ") : "",
				  mi->password_where);
	for (size_t i = 0; i < mi->nnotes; i++)
		step_add_evidence(st, "%s", mi->notes[i]);
}

static const struct mailer_finding *primary(const struct mailer_info *mi)
{
	for (size_t i = 0; i < mi->nfindings; i++)
		if (mi->findings[i].fail)
			return &mi->findings[i];
	return mi->nfindings > 0 ? &mi->findings[0] : NULL;
}

void step_mailer(struct run *run)
{
	const struct mailer_info *mi =
	    run->opt != NULL ? run->opt->mailer : NULL;
	struct step *st = &run->result->steps[STEP_MAILER];
	const struct mailer_finding *f;

	if (mi == NULL)
		return;
	step_begin(run, STEP_MAILER);
	describe(st, mi);
	for (size_t i = 0; i < mi->nfindings; i++) {
		const struct mailer_finding *g = &mi->findings[i];

		step_add_evidence(st, "%s: %s%s%s",
				  g->fail ? _("error") : _("warning"),
				  g->where[0] ? g->where : "",
				  g->where[0] ? ": " : "", g->text);
		step_add_evidence(st, "  %s (%s)", g->detail, g->cause);
	}
	f = primary(mi);
	if (f == NULL && mi->nnotes == 0) {
		snprintf(st->summary, sizeof(st->summary),
			 _("%s relays through %s; no mistake found in its "
			   "configuration"),
			 mailer_name(mi->kind), mi->relay);
		step_end(run, STEP_MAILER, ST_PASS);
		return;
	}
	if (f == NULL) {
		step_verdict(run, STEP_MAILER, ST_WARN, "mailer-unreadable",
			     NULL);
		return;
	}
	step_cause(run, STEP_MAILER, f->cause, NULL);
	if (mi->nfindings > 1)
		step_add_hint(st,
			      ngettext("One more finding is in the evidence.",
				       "%zu more findings are in the evidence.",
				       mi->nfindings - 1),
			      mi->nfindings - 1);
	step_end(run, STEP_MAILER, f->fail ? ST_FAIL : ST_WARN);
}
