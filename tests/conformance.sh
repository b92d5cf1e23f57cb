#!/bin/sh
# conformance.sh — the reader against third-party and synthetic material
# in $SHARED (never copied into this tree):
#   1. csv-spectrum and the PapaParse cases, through
#      reliability/tools/run-suites.py with `roleaudit inspect --records`.
#      Every case must pass except the deviations listed below, each one
#      explained in README.md, "Reading CSV files".  A new failure fails the test;
#      a listed deviation that starts passing is reported, to be removed.
#   2. Every file in reliability/fixtures/ gives its expected records, or
#      is rejected with the expected message naming file and line.
# Skips (77) when $SHARED or python3 is missing.
set -u
: "${ROLEAUDIT:?}"
LC_ALL=C.UTF-8; export LC_ALL
if [ -z "${SHARED:-}" ] || [ ! -d "$SHARED/reliability" ]; then
	echo "SKIP: shared test material not found (configure with ROLEAUDIT_SHARED=DIR)"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is needed to compare JSON"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/roleaudit-conf.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
RA="${RA_WRAP:+$RA_WRAP }$ROLEAUDIT"

# --- 1. suites ---------------------------------------------------------------
# Deliberate dialect choices (see README.md, "Reading CSV files", "Deviations"):
expected_fail='
CORE_PARSER_TESTS#12
CORE_PARSER_TESTS#17
CORE_PARSER_TESTS#18
PARSE_TESTS#5
PARSE_TESTS#6
PARSE_TESTS#7
PARSE_TESTS#8
PARSE_TESTS#9
PARSE_TESTS#69
PARSE_TESTS#70
PARSE_TESTS#90
PARSE_TESTS#91
'
python3 "$SHARED/reliability/tools/run-suites.py" -v \
    --suites "$SHARED/reliability/csv-suites" \
    "$RA inspect --records --delimiter {delim} {file}" >"$tmp/suites.out" 2>&1
status=$?
if [ $status -ne 0 ]; then
	echo "FAIL: run-suites.py exited $status"; cat "$tmp/suites.out"; exit 1
fi
sed -n '/^SUMMARY/,$p' "$tmp/suites.out"
fail=0
# Outcomes that count as failures: fail, and differs-on-malformed.
grep -E ': (fail|differs-on-malformed)( |$)' "$tmp/suites.out" |
    grep -oE '^csv-spectrum:[^:]+|(CORE_PARSER_TESTS|PARSE_TESTS)#[0-9]+' |
    sed 's/^csv-spectrum:/csv-spectrum:/' | sort -u >"$tmp/failed"
printf '%s\n' $expected_fail | sort -u >"$tmp/expected"
new=$(comm -23 "$tmp/failed" "$tmp/expected")
fixed=$(comm -13 "$tmp/failed" "$tmp/expected")
if [ -n "$new" ]; then
	echo "FAIL: cases that are not documented deviations:"
	for id in $new; do grep -F "$id " "$tmp/suites.out" | head -5; done
	fail=1
fi
if [ -n "$fixed" ]; then
	echo "NOTE: listed deviations that now pass (remove them from the list):" $fixed
fi
if ! grep -q '^  csv-spectrum: pass=11, skipped-known-bad=1$' "$tmp/suites.out"; then
	echo "FAIL: csv-spectrum must pass all 11 usable cases"; fail=1
fi

# --- 2. fixtures -------------------------------------------------------------
fx="$SHARED/reliability/fixtures"
for exp in "$fx"/*.expected.json; do
	name=$(basename "$exp" .expected.json)
	in=$(ls "$fx/$name".* | grep -v '\.expected\.json$' | head -1)
	$RA inspect --records "$in" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	python3 - "$exp" "$tmp/out" "$rc" "$tmp/err" "$in" "$name" <<'PY' || fail=1
import json, sys
exp_path, out_path, rc, err_path, path, name = sys.argv[1:]
rc = int(rc)
want = json.load(open(exp_path, encoding='utf-8'))['records']
err = open(err_path, encoding='utf-8', errors='replace').read()
# What each rejected fixture must say (besides naming FILE:LINE).
msgs = {
    'invalid-utf8': ':2: invalid UTF-8 (byte 0xFF) at file offset 8',
    'gb18030-truncated': ':2: the file ends inside a GB18030 character',
    'nul-byte': ':2: NUL byte at file offset 6',
    'unterminated-quote': ':1: unterminated quoted field starting at line 1',
}
if want is None:
    ok = rc != 0 and (path + msgs.get(name, ':')) in err
    print(('PASS' if ok else 'FAIL') + f': fixture {name}: rejected (exit {rc})')
    if not ok:
        print(err[:2000])
else:
    try:
        got = json.load(open(out_path, encoding='utf-8'))
    except ValueError as e:
        got = f'(not JSON: {e})'
    ok = rc == 0 and got == want and err == ''
    print(('PASS' if ok else 'FAIL') + f': fixture {name}: {len(want)} records')
    if not ok:
        print(f'  exit {rc}\n  stderr {err[:500]}\n  got {str(got)[:500]}\n  exp {str(want)[:500]}')
sys.exit(0 if ok else 1)
PY
done

# The 1 MiB field (in the header row) under a smaller cap: the header is
# unusable, with a clear message.
$RA inspect --records --max-field 65536 "$fx/long-field-1MiB.csv" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'long-field-1MiB.csv:1: field 2 is longer than 65536 bytes' "$tmp/err"; then
	echo "PASS: fixture long-field-1MiB under --max-field 65536: rejected"
else
	echo "FAIL: fixture long-field-1MiB under --max-field 65536: exit $rc"; cat "$tmp/err"; fail=1
fi
exit $fail
