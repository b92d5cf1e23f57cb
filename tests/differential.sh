#!/bin/sh
# differential.sh — the prefiltered matcher gives exactly what the plain
# per-field scan gives (ROLEAUDIT_MATCHER_NAIVE=1): same hits, offsets,
# lengths, misses and verdicts, compared as whole `audit -f jsonl`
# outputs.  Inputs: $SHARED/data/dev.csv when present, a small slice of
# $SHARED/bench/gen_csv.py output, and random rule sets (literal
# alternations, classes, anchors, lookarounds, (?i), k/s next to U+212A
# and U+017F, full-width text, unless patterns) over random text.
set -u
: "${top_srcdir:?}" "${ROLEAUDIT:?}"
LC_ALL=C.UTF-8; export LC_ALL
tmp=$(mktemp -d "${TMPDIR:-/tmp}/roleaudit-diff.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
RA="${RA_WRAP:+$RA_WRAP }$ROLEAUDIT"
fail=0

# compare NAME ARGS...: runs audit both ways and compares.
compare() {
	name=$1; shift
	$RA audit -f jsonl "$@" >"$tmp/fast.out" 2>"$tmp/fast.err"
	rf=$?
	ROLEAUDIT_MATCHER_NAIVE=1 $RA audit -f jsonl "$@" >"$tmp/naive.out" \
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

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 needed"; exit 77; }

if [ -n "${SHARED:-}" ] && [ -f "$SHARED/bench/gen_csv.py" ]; then
	python3 "$SHARED/bench/gen_csv.py" --mb 1 --seed 7 \
	    --out "$tmp/gen.csv" >/dev/null 2>&1 &&
	    compare generated "$tmp/gen.csv"
fi

# Random rule sets over random text, several seeds.
python3 "$top_srcdir/tests/differential_gen.py" "$tmp" 12 || exit 99
for d in "$tmp"/set*; do
	[ -d "$d" ] || continue
	compare "random $(basename "$d")" --rules "$d/r.rules" "$d/t.csv"
done
exit $fail
