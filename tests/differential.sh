#!/bin/sh
# differential.sh — the prefiltered matcher gives exactly what the plain
# per-field scan gives (ROLEAUDIT_MATCHER_NAIVE=1): same hits, offsets,
# lengths, misses and verdicts, compared as whole `audit -f jsonl`
# outputs.  Inputs: $SHARED/data/dev.csv when present, a small slice of
# $SHARED/bench/gen_csv.py output, and random rule sets (literal
# alternations, classes, anchors, lookarounds, (?i), k/s next to U+212A
# and U+017F, full-width text, unless patterns) over random text.
# Then the threaded driver gives exactly what one thread gives: stdout,
# stderr and exit status of --jobs 1 and --jobs 4 (audit, report, check)
# over the example, the generated slice, and a file mixing rejected rows
# with rows where a rule hits its limit, spread over many batches.
set -u
: "${top_srcdir:?}" "${ROLEAUDIT:?}"
LC_ALL=C.UTF-8; export LC_ALL
tmp=$(mktemp -d "${TMPDIR:-/tmp}/roleaudit-diff.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
RA="${RA_WRAP:+$RA_WRAP }$ROLEAUDIT"
# Under valgrind every rule is many times slower: the default time budget
# would then skip rules at moments that differ from run to run.
BUDGET=${RA_WRAP:+--rule-budget 0}
fail=0

# compare NAME ARGS...: runs audit both ways and compares.
compare() {
	name=$1; shift
	$RA audit $BUDGET -f jsonl "$@" >"$tmp/fast.out" 2>"$tmp/fast.err"
	rf=$?
	ROLEAUDIT_MATCHER_NAIVE=1 $RA audit $BUDGET -f jsonl "$@" >"$tmp/naive.out" \
	    2>"$tmp/naive.err"
	rn=$?
	if [ $rf -ne $rn ] || ! cmp -s "$tmp/fast.out" "$tmp/naive.out" ||
	    ! cmp -s "$tmp/fast.err" "$tmp/naive.err"; then
		echo "FAIL: $name: prefiltered and plain scans differ (rc $rf/$rn)"
		diff "$tmp/naive.out" "$tmp/fast.out" | head -10
		diff "$tmp/naive.err" "$tmp/fast.err" | head -10
		fail=1
	else
		echo "ok: $name ($(wc -l <"$tmp/fast.out") roles)"
	fi
}

if [ -n "${SHARED:-}" ] && [ -f "$SHARED/data/dev.csv" ]; then
	compare dev.csv "$SHARED/data/dev.csv"
else
	echo "note: \$SHARED/data/dev.csv not found, skipping it"
fi

compare "Traditional Chinese" "$top_srcdir/tests/data/traditional-utf8.csv"
compare "Big5" "$top_srcdir/tests/data/big5-export.csv"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 needed"; exit 77; }

if [ -n "${SHARED:-}" ] && [ -f "$SHARED/bench/gen_csv.py" ]; then
	python3 "$SHARED/bench/gen_csv.py" --mb 1 --seed 7 \
	    --out "$tmp/gen.csv" >/dev/null 2>&1 &&
	    compare generated "$tmp/gen.csv"
fi

# Random rule sets over random text: 60 seeds, or ROLEAUDIT_DIFF_SETS from
# ROLEAUDIT_DIFF_FIRST, both from the environment (a long run:
# ROLEAUDIT_DIFF_SETS=1500 make check TESTS=tests/differential.sh).
python3 "$top_srcdir/tests/differential_gen.py" "$tmp" \
    "${ROLEAUDIT_DIFF_SETS:-60}" "${ROLEAUDIT_DIFF_FIRST:-0}" || exit 99
for d in "$tmp"/set*; do
	[ -d "$d" ] || continue
	compare "random $(basename "$d")" --rules "$d/r.rules" "$d/t.csv"
done

# jobs NAME CMD ARGS...: runs CMD with --jobs 1 and --jobs 4, compares.
jobs() {
	name=$1; shift
	cmd=$1; shift
	$RA $cmd $BUDGET --jobs 1 "$@" >"$tmp/j1.out" 2>"$tmp/j1.err"
	r1=$?
	$RA $cmd $BUDGET --jobs 4 "$@" >"$tmp/j4.out" 2>"$tmp/j4.err"
	r4=$?
	if [ $r1 -ne $r4 ] || ! cmp -s "$tmp/j1.out" "$tmp/j4.out" ||
	    ! cmp -s "$tmp/j1.err" "$tmp/j4.err"; then
		echo "FAIL: $name: --jobs 1 and --jobs 4 differ (rc $r1/$r4)"
		diff "$tmp/j1.out" "$tmp/j4.out" | head -10
		diff "$tmp/j1.err" "$tmp/j4.err" | head -10
		fail=1
	else
		echo "ok: $name --jobs 1 = --jobs 4 ($(wc -l <"$tmp/j1.out") lines out, $(wc -l <"$tmp/j1.err") err)"
	fi
}

jobs "example audit" audit -f jsonl "$top_srcdir/examples/hr-export.csv"
jobs "example report" report -f json "$top_srcdir/examples/hr-export.csv"
jobs "example check" check --no-config -f sarif "$top_srcdir/examples/hr-export.csv"
[ -f "$tmp/gen.csv" ] && jobs "generated audit" audit -f jsonl "$tmp/gen.csv"
[ -f "$tmp/gen.csv" ] && jobs "generated text" audit -f text "$tmp/gen.csv" "$top_srcdir/examples/hr-export.csv"
# Rejected rows (ragged, NUL-free but wrong field count) and rows where
# the runaway rule hits its match limit, among ordinary rows.
awk 'BEGIN {
	print "id,description";
	for (i = 1; i <= 3000; i++) {
		if (i % 97 == 0) { printf "%d,x,extra\n", i; continue }
		if (i % 131 == 0) {
			printf "%d,\"", i;
			for (k = 0; k < 3000; k++) printf "a";
			printf "!b\"\n"; continue
		}
		printf "%d,负责日常运营 row %d，制定项目计划\n", i, i
	}
}' >"$tmp/mixed.csv"
jobs "mixed diagnostics" audit -f jsonl --rules \
    "$top_srcdir/tests/data/audit/catastrophic.rules" --match-limit 2000 \
    "$tmp/mixed.csv"
jobs "mixed strict" audit -f csv --strict --rules \
    "$top_srcdir/tests/data/audit/catastrophic.rules" "$tmp/mixed.csv"
exit $fail
