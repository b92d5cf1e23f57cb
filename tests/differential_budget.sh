#!/bin/sh
# differential_budget.sh — --rule-budget bounds a rule that PCRE2's own
# limits do not: (?:a|b)*+.x over a (nearly) 1 MiB field of a/b ending in
# "!!x" tries every start position to the end (quadratic, minutes of work,
# no limit hit; the "x" at the end defeats the literal prefilter, and "."
# lets a match hold any byte, so the search cannot start past the "!").  With a
# tiny budget the rule is reported once for the file and skipped; the
# other rules still fire.  Assertions are on output only, never on
# timings (a generous wall-clock cap excepted).
set -u
: "${top_srcdir:?}" "${ROLEAUDIT:?}"
LC_ALL=C.UTF-8; export LC_ALL
tmp=$(mktemp -d "${TMPDIR:-/tmp}/roleaudit-budget.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
RA="${RA_WRAP:+$RA_WRAP }$ROLEAUDIT"
fail=0

cat >"$tmp/r.rules" <<'RULES'
[rule]
id        = u-possessive
dimension = nature
side      = ops
weight    = 1
pattern   = (?:a|b)*+.x
source    = a rule with a quadratic worst case
example   = ab!x
counter   = ab

[rule]
id        = u-daily
dimension = scope
side      = ops
weight    = 2
pattern   = 日常运营
source    = 日常业务的稳定运营
example   = 负责日常运营
RULES
awk 'BEGIN { printf "id,description\n1,\""
	for (i = 0; i < 1048000; i++) printf (i % 2 ? "a" : "b")
	printf "!!x\"\n2,负责日常运营\n3,ab x\n" }' >"$tmp/t.csv"

start=$(date +%s)
$RA audit -f csv --jobs 1 --rules "$tmp/r.rules" --rule-budget 5 \
    "$tmp/t.csv" >"$tmp/out" 2>"$tmp/err"
rc=$?
end=$(date +%s)
check() {
	if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}
check "exit 0" '[ $rc -eq 0 ]'
check "bounded (under 60 s, budget 5 ms)" '[ $((end - start)) -lt 60 ]'
check "said once for the file" \
    '[ "$(grep -c "rule u-possessive not evaluated for the rest of the file: time budget" "$tmp/err")" -eq 1 ]'
check "no per-row budget warning for it" '! grep "t.csv:[0-9]*: warning: rule u-possessive" "$tmp/err" | grep -q "time budget"'
check "row 1: no hit from the runaway rule" '! grep "^$tmp/t.csv,2," "$tmp/out" | grep -q u-possessive'
check "row 2: the other rule still fires" 'grep "^$tmp/t.csv,3," "$tmp/out" | grep -q u-daily'
check "row 3: skipped for the rest of the file" '! grep "^$tmp/t.csv,4," "$tmp/out" | grep -q u-possessive'
check "every row accounted for" 'grep -q "3 rows read = 3 classified + 0 rejected" "$tmp/err"'

# A budget of hundreds of milliseconds is read on the coarse clock (a
# tick of a few ms): it must stop the same runaway rule.
start=$(date +%s)
$RA audit -f csv --jobs 1 --rules "$tmp/r.rules" --rule-budget 400 \
    "$tmp/t.csv" >"$tmp/out4" 2>"$tmp/err4"
rc=$?
end=$(date +%s)
check "budget 400 ms: exit 0" '[ $rc -eq 0 ]'
check "budget 400 ms: bounded (under 60 s)" '[ $((end - start)) -lt 60 ]'
check "budget 400 ms: said once for the file" \
    '[ "$(grep -c "rule u-possessive not evaluated for the rest of the file: time budget" "$tmp/err4")" -eq 1 ]'
check "budget 400 ms: row 2 still fires" 'grep "^$tmp/t.csv,3," "$tmp/out4" | grep -q u-daily'

# The budget grows with the file (50 ms a MB of text): a rule that costs
# the same per row on a big file as on a small one is never cut off
# part-way.  8,000 rows of 370 bytes, each searched whole by PCRE2 (the
# pattern has no literal; the match is at the end): a few ms in all,
# over a budget of 1 ms alone, far under 1 ms + 50 ms a MB.  Under a
# valgrind wrapper everything is ~50x slower and the margin is gone:
# skipped there.
cat >"$tmp/cheap.rules" <<'RULES'
[rule]
id        = u-cheap
dimension = scope
side      = ops
weight    = 2
pattern   = [qxz][0-9]
source    = 日常业务的稳定运营
example   = room z9
RULES
awk 'BEGIN { printf "id,description\n"
	for (r = 1; r <= 8000; r++) {
		printf "%d,\"", r
		for (i = 0; i < 9; i++) printf "We keep records and reports current. "
		printf "Runs daily operations of office z9.\"\n" } }' >"$tmp/big.csv"
if [ -z "${RA_WRAP:-}" ]; then
	$RA audit -f csv --jobs 2 --rules "$tmp/cheap.rules" --rule-budget 1 \
	    "$tmp/big.csv" >"$tmp/outb" 2>"$tmp/errb"
	rc=$?
	check "big file, cheap rule: exit 0" '[ $rc -eq 0 ]'
	check "big file, cheap rule: not cut off" '! grep -q "time budget" "$tmp/errb"'
	check "big file, cheap rule: every row hit" \
	    '[ "$(grep -c u-cheap "$tmp/outb")" -eq 8000 ]'
fi

# --rule-budget 0 turns it off: on a small field the rule runs and hits.
printf 'id,description\n1,ababa!x\n' >"$tmp/small.csv"
$RA audit -f csv --rules "$tmp/r.rules" --rule-budget 0 "$tmp/small.csv" \
    >"$tmp/out0" 2>/dev/null
check "--rule-budget 0: rule evaluated" 'grep -q u-possessive "$tmp/out0"'
$RA audit --rule-budget x "$tmp/small.csv" >/dev/null 2>&1
check "--rule-budget x: usage error" '[ $? -eq 2 ]'
exit $fail
