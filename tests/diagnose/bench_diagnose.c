/* `make bench-diagnose`: the corpus score, printed, never a pass or a
 * fail. For `sure` rows: right/total by expected cause and by origin, and
 * how every answer was reached (server text, enhanced code, reply code,
 * context, fallback); unclear rows are counted apart.
 * Usage: bench_diagnose FILE.tsv... */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_row.h"

#define MAX_KEYS 256

struct count {
	char key[64];
	int total, right;
};

struct bench {
	struct count causes[MAX_KEYS], origins[MAX_KEYS];
	int ncauses, norigins;
	int basis[DB_FALLBACK + 1], basis_right[DB_FALLBACK + 1];
	int sure, right, unclear, broken;
};

static struct count *slot(struct count *c, int *n, const char *key)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(c[i].key, key) == 0)
			return &c[i];
	if (*n == MAX_KEYS)
		return NULL;
	snprintf(c[*n].key, sizeof(c[*n].key), "%s", key);
	return &c[(*n)++];
}

static void tally(struct count *c, bool right)
{
	if (c == NULL)
		return;
	c->total++;
	c->right += right;
}

static void add_row(const struct corpus_row *row, void *arg)
{
	struct bench *b = arg;
	struct diagnosis d;
	char why[256];
	bool right;

	if (strcmp(row->certainty, "sure") != 0) {
		b->unclear++;
		return;
	}
	b->sure++;
	if (!corpus_classify(row, &d, why, sizeof(why))) {
		b->broken++;
		return;
	}
	right = strcmp(d.cause, row->cause) == 0;
	b->right += right;
	b->basis[d.basis]++;
	b->basis_right[d.basis] += right;
	tally(slot(b->causes, &b->ncauses, row->cause), right);
	tally(slot(b->origins, &b->norigins, row->origin), right);
}

static int by_total(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	return x->total != y->total ? y->total - x->total
				    : strcmp(x->key, y->key);
}

static void print_counts(const char *title, struct count *c, int n)
{
	qsort(c, (size_t)n, sizeof(*c), by_total);
	printf("\n%s\n", title);
	for (int i = 0; i < n; i++)
		printf("  %-22s %4d/%-4d %5.1f%%\n", c[i].key, c[i].right,
		       c[i].total, 100.0 * c[i].right / c[i].total);
}

int main(int argc, char **argv)
{
	static struct bench b;

	for (int i = 1; i < argc; i++)
		corpus_read(argv[i], add_row, &b);
	printf("Diagnosis corpus: %d sure rows right of %d (%.1f%%); %d "
	       "unclear rows not counted; %d rows not built\n",
	       b.right, b.sure, b.sure ? 100.0 * b.right / b.sure : 0.0,
	       b.unclear, b.broken);
	print_counts("By expected cause:", b.causes, b.ncauses);
	print_counts("By origin:", b.origins, b.norigins);
	printf("\nHow the answers were reached (right/answers):\n");
	for (int i = DB_TEXT; i <= DB_FALLBACK; i++)
		printf("  %-22s %4d/%-4d\n",
		       diag_basis_name((enum diag_basis)i), b.basis_right[i],
		       b.basis[i]);
	return 0;
}
