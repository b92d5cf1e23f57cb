#!/bin/sh
# run-golden.sh — end-to-end golden tests.  Each folder under golden/cases/ is one case:
#   cmd           a shell command line, run from the source tree's top with
#                 $ROLEAUDIT (the program, under $RA_WRAP), $SHARED (shared
#                 test material) and $TMP (a private temporary folder) set
#   expected.out  standard output, byte for byte
#   expected.err  standard error (absent = must be empty)
#   expected.rc   exit status (absent = 0)
#   needs-shared  present: skip the case when $SHARED is not there
# ROLEAUDIT_UPDATE_GOLDEN=1 rewrites the expected files from the actual run
# (review the diff before committing).
set -u
: "${top_srcdir:?}" "${ROLEAUDIT:?}"
LC_ALL=C.UTF-8; export LC_ALL
NO_COLOR=1; export NO_COLOR
tmproot=$(mktemp -d "${TMPDIR:-/tmp}/roleaudit-golden.XXXXXX") || exit 99
trap 'rm -rf "$tmproot"' EXIT INT TERM
cases="$top_srcdir/tests/golden/cases"
pass=0 fail=0 skip=0
for dir in "$cases"/*/; do
	name=$(basename "$dir")
	[ -f "$dir/cmd" ] || continue
	if [ -n "${GOLDEN_ONLY:-}" ] && [ "$name" != "$GOLDEN_ONLY" ]; then continue; fi
	if [ -f "$dir/needs-shared" ] && [ ! -d "${SHARED:-/nonexistent}" ]; then
		echo "SKIP: $name (shared test material not found: set ROLEAUDIT_SHARED at configure time)"
		skip=$((skip + 1)); continue
	fi
	TMP="$tmproot/$name"; mkdir -p "$TMP"; export TMP
	RA="${RA_WRAP:+$RA_WRAP }$ROLEAUDIT"
	(cd "$top_srcdir" && ROLEAUDIT="$RA" SHARED="${SHARED:-}" sh -c "$(cat "$dir/cmd")") \
	    >"$TMP/.out" 2>"$TMP/.err" </dev/null
	rc=$?
	want_rc=0; [ -f "$dir/expected.rc" ] && want_rc=$(cat "$dir/expected.rc")
	if [ -n "${ROLEAUDIT_UPDATE_GOLDEN:-}" ]; then
		cp "$TMP/.out" "$dir/expected.out"
		if [ -s "$TMP/.err" ]; then cp "$TMP/.err" "$dir/expected.err"; else rm -f "$dir/expected.err"; fi
		if [ "$rc" -ne 0 ]; then echo "$rc" >"$dir/expected.rc"; else rm -f "$dir/expected.rc"; fi
		echo "UPDATED: $name (rc $rc)"; pass=$((pass + 1)); continue
	fi
	ok=1
	if [ "$rc" != "$want_rc" ]; then echo "FAIL: $name: exit status $rc, expected $want_rc"; ok=0; fi
	if ! cmp -s "$TMP/.out" "$dir/expected.out"; then
		echo "FAIL: $name: standard output differs:"; diff -u "$dir/expected.out" "$TMP/.out" | head -40; ok=0
	fi
	if [ -f "$dir/expected.err" ]; then
		if ! cmp -s "$TMP/.err" "$dir/expected.err"; then
			echo "FAIL: $name: standard error differs:"; diff -u "$dir/expected.err" "$TMP/.err" | head -40; ok=0
		fi
	elif [ -s "$TMP/.err" ]; then
		echo "FAIL: $name: unexpected standard error:"; head -20 "$TMP/.err"; ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); echo "PASS: $name"; else fail=$((fail + 1)); fi
done
echo "golden: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ] || exit 1
[ $pass -gt 0 ] || exit 77
exit 0
