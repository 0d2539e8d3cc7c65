#!/bin/sh
# Runs each libFuzzer target for SECONDS and prints how many inputs it ran.
# Usage: run-fuzz.sh BUILDDIR SRCDIR SECONDS TARGET...
# New inputs go to BUILDDIR/tests/fuzz/work/TARGET (the seeds in SRCDIR are
# only read); a crashing input is kept as BUILDDIR/tests/fuzz/crash-TARGET-*
# and ends the run with status 1.
set -u
build=$1 src=$2 secs=$3
shift 3
status=0
total=0
for t in "$@"; do
	bin="$build/tests/fuzz/$t"
	seeds="$src/tests/fuzz/corpus/$t"
	work="$build/tests/fuzz/work/$t"
	log="$build/tests/fuzz/$t.log"
	mkdir -p "$work"
	# -rss_limit_mb: a target that grows without bound fails here too.
	"$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
		-rss_limit_mb=1024 -max_len=8192 \
		-artifact_prefix="$build/tests/fuzz/crash-$t-" \
		"$work" "$seeds" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "$t: ${runs:-?} executions in ${secs} s, no crash (peak RSS ${rss:-?} MB)"
		total=$((total + ${runs:-0}))
	else
		echo "$t: FAILED (status $rc) after ${runs:-?} executions; see $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant broken|artifact_prefix|Test unit written)' "$log" | head -n 10
		status=1
	fi
done
echo "fuzz: $total executions in all"
exit $status
