/* The classifier on every row of the diagnosis corpus: each `sure` row is
 * one assertion (its cause), built as the reply parser builds it and with
 * the row's session context. `unclear` rows are reported, not counted.
 * Usage: test_corpus FILE.tsv... */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "corpus_row.h"
#include "../unit/tap.h"

struct tally {
	int sure, right, unclear, unclear_same, broken;
};

static void check_row(const struct corpus_row *row, void *arg)
{
	struct tally *t = arg;
	struct diagnosis d;
	char why[256] = "";
	bool built = corpus_classify(row, &d, why, sizeof(why));
	bool sure = strcmp(row->certainty, "sure") == 0;

	if (!sure) {
		t->unclear++;
		t->unclear_same += built && strcmp(d.cause, row->cause) == 0;
		printf("# unclear %s: expected %s, got %s (%s)\n", row->id,
		       row->cause, built ? d.cause : "(not built)",
		       built ? diag_basis_name(d.basis) : why);
		return;
	}
	t->sure++;
	if (!built) {
		t->broken++;
		ok(0, "%s (%s:%d): row cannot be built: %s", row->id, row->file,
		   row->line, why);
		return;
	}
	if (ok(strcmp(d.cause, row->cause) == 0, "%s %s %s -> %s", row->id,
	       row->origin, row->stage, row->cause))
		t->right++;
	else
		printf("#   reply:   %.300s\n#   context: %s, host %s\n"
		       "#   got:     %s (basis %s)\n#   want:    %s\n",
		       row->reply, row->context, row->host, d.cause,
		       diag_basis_name(d.basis), row->cause);
}

int main(int argc, char **argv)
{
	struct tally t = {0};
	int bad = 0;

	for (int i = 1; i < argc; i++) {
		int b = corpus_read(argv[i], check_row, &t);

		ok(b == 0, "%s reads cleanly", argv[i]);
		bad += b != 0;
	}
	ok(argc > 1 && t.sure > 0, "the corpus has sure rows (%d)", t.sure);
	printf("# sure rows right: %d/%d; unclear rows: %d (%d agree)\n",
	       t.right, t.sure, t.unclear, t.unclear_same);
	return tap_done();
}
