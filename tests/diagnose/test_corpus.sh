#!/bin/sh
# The classifier on every row of the diagnosis corpus (test_corpus.c).
exec ./tests/diagnose/test_corpus "$SRCDIR"/tests/diagnose/corpus/*.tsv
