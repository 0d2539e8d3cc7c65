#!/bin/bash
# The folders of src/ are layers (src/README.md): a file includes only from
# its own layer or a lower one, and only tui/ includes curses. The checker
# must pass on the tree, and must catch each kind of violation when one is
# planted in a copy (so this test cannot pass vacuously).
. "$SRCDIR/tests/cli/lib.sh"
check="$SRCDIR/tools/check-layers"

out=$("$check" "$SRCDIR/src" 2>&1)
ok $? "src/ keeps its layering"
[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'

no_files=$(find "$SRCDIR/src" -name '*.[ch]' -exec wc -l {} + | awk '$2 != "total" && $1 > 800')
is "$no_files" "" "no file in src/ has more than 800 lines"

# plant FILE LINE: a copy of src/ with LINE added to FILE; $OUT, $RC
plant() {
	rm -rf "$T/src" && cp -r "$SRCDIR/src" "$T/src" &&
		printf '%s\n' "$2" >>"$T/src/$1"
	OUT=$("$check" "$T/src" 2>&1)
	RC=$?
}
plant knowledge/hints.c '#include "check/steps.h"'
is "$RC" 1 "knowledge/ including check/ fails"
like "$OUT" 'knowledge/hints\.c:[0-9]+: "check/steps\.h": knowledge/ may not include from the higher layer check/' \
	"the message names the file, line and layers"
plant net/tls.c '#include <curses.h>'
is "$RC" 1 "curses outside tui/ fails"
like "$OUT" 'net/tls\.c:[0-9]+: <curses\.h>: only tui/ may include curses' "the message says why"
plant check/engine.c '#include "tui/app.h"'
is "$RC" 1 "check/ including a tui/ header fails"
plant report/report_text.c '#include "tui/draw.h"'
is "$RC" 1 "report/ including tui/ fails"
plant base/clock.c '#include "config/settings.h"'
is "$RC" 1 "base/ including config/ fails"
plant config/secret.c '#include "secret.h"'
is "$RC" 1 "an include without its layer folder fails"
plant base/text.c ''
mkdir -p "$T/src/util" && printf '/* x */\n' >"$T/src/util/x.c"
OUT=$("$check" "$T/src" 2>&1)
is "$?" 1 "a folder that is not a known layer fails"
tap_done
