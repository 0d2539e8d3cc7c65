#!/bin/bash
# Every C file follows the repository's .clang-format.
. "$SRCDIR/tests/cli/lib.sh"
if ! command -v clang-format >/dev/null; then
	echo "1..0 # SKIP clang-format is not installed"
	exit 0
fi
cd "$SRCDIR" || exit 1
for f in src/*.[ch] src/*/*.[ch] tests/*/*.c; do
	[ -f "$f" ] || continue
	out=$(clang-format --dry-run --Werror "$f" 2>&1)
	ok $? "$f is clang-format clean"
	[ -z "$out" ] || printf '%s\n' "$out" | head -5 | sed 's/^/# /'
done
tap_done
