#!/bin/sh
# sarif-validate.sh — every SARIF log `roleaudit check` writes in these
# tests must validate against the OASIS SARIF 2.1.0 schema (errata 01),
# with the ajv validator from $SHARED/reliability/sarif/.  The folder is
# copied to a private temporary folder and its npm packages installed
# there; without npm, node or the network this test is skipped (77) with
# a message, never passed silently.  The logs: check runs in a copy of the
# test repository (clean, a new finding, every finding kind, a baseline,
# a Unicode file name, an unreadable file, a bad baseline, a broken
# config), the example repository, and the SARIF that every golden case
# with --format sarif expects.
set -u
: "${top_srcdir:?}" "${ROLEAUDIT:?}"
RA="${RA_WRAP:+$RA_WRAP }$ROLEAUDIT"
src="${SHARED:-}/reliability/sarif"
if [ ! -f "$src/validate-sarif.js" ]; then
	echo "SKIP: $src/validate-sarif.js not found (set ROLEAUDIT_SHARED at configure time)"
	exit 77
fi
for tool in node npm; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed: the SARIF schema check needs node and npm"
		exit 77
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/roleaudit-sarif.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
cp "$src/package.json" "$src/validate-sarif.js" "$src/sarif-schema-2.1.0.json" "$tmp/"
[ -f "$src/package-lock.json" ] && cp "$src/package-lock.json" "$tmp/"
if ! (cd "$tmp" && npm install --no-audit --no-fund >npm.log 2>&1); then
	echo "SKIP: npm install failed (offline?); last lines of its log:"
	tail -5 "$tmp/npm.log"
	exit 77
fi
# The validator must tell good from bad, or a pass means nothing.
if ! (cd "$tmp" && node validate-sarif.js sarif-schema-2.1.0.json "$src/sample-valid.sarif" >/dev/null) ||
   (cd "$tmp" && node validate-sarif.js sarif-schema-2.1.0.json "$src/sample-invalid.sarif" >/dev/null); then
	echo "FAIL: the validator does not accept the valid sample or accepts the invalid one"
	exit 99
fi

data="$top_srcdir/tests/data/check"
if ! $RA rules lint --no-config --rules "$data/check.rules"; then
	echo "FAIL: roleaudit cannot load the test rules"
	exit 99
fi
out="$tmp/out"
mkdir "$out"
n=0 fail=0
gen() {	# NAME DIR ARGS... : run check in DIR, keep its SARIF as NAME.sarif
	name=$1 dir=$2
	shift 2
	(cd "$dir" && $RA check --format sarif "$@" >"$out/$name.sarif" 2>"$out/$name.err")
	rc=$?
	if [ $rc -gt 1 ] && [ ! -s "$out/$name.sarif" ]; then
		echo "FAIL: $name: check exited $rc without SARIF:"; cat "$out/$name.err"
		fail=$((fail + 1)); return
	fi
	n=$((n + 1))
}
repo="$tmp/repo"
cp -R "$data/repo" "$repo"
cp "$data/check.rules" "$tmp/check.rules"
gen clean "$repo"
cat "$data/mixed-row.csv" >>"$repo/data/roles.csv"
gen new-mixed "$repo"
gen all-kinds "$repo" --fail-on mixed,title-mismatch,unclassified,not-evaluated \
	--max-mixed-share 0.1 --per-department
(cd "$repo" && $RA check --write-baseline .bl >/dev/null 2>&1)
gen baseline "$repo" --baseline .bl
printf 'id,title,department,description\n"X 1","a, b",部门,"中文 ""quoted"" text"\n' >"$tmp/职位 2024.csv"
gen unicode-path "$tmp" --no-config --rules "$tmp/check.rules" --fail-on unclassified "职位 2024.csv"
gen unreadable "$tmp" --no-config --rules "$tmp/check.rules" missing.csv
gen jd-repo "$top_srcdir/examples/jd-repo"
# Runs that could not start: still a whole log, which must validate.
printf 'roleaudit-baseline\t1\nnot a baseline line\n' >"$repo/.bad-bl"
gen bad-baseline "$repo" --baseline .bad-bl
cp -R "$data/repo" "$tmp/broken" && cp "$data/broken.roleaudit" "$tmp/broken/.roleaudit"
gen broken-config "$tmp/broken/data"
# The SARIF the golden cases expect: the log is the lines from the
# first "{" to the first "}" at the start of a line of expected.out.
for dir in "$top_srcdir"/tests/golden/cases/*/; do
	grep -q -- '--format sarif' "$dir/cmd" 2>/dev/null || continue
	name=golden-$(basename "$dir")
	awk '/^\{/ { on = 1 } on { print } on && /^\}/ { exit }' \
	    "$dir/expected.out" >"$out/$name.sarif"
	if [ ! -s "$out/$name.sarif" ]; then
		echo "FAIL: $name: no SARIF log in $dir/expected.out"
		fail=$((fail + 1))
	fi
	n=$((n + 1))
done
for f in "$out"/*.sarif; do
	if ! (cd "$tmp" && node validate-sarif.js sarif-schema-2.1.0.json "$f"); then
		fail=$((fail + 1))
	fi
done
echo "sarif: $n logs generated, $fail failed"
[ $fail -eq 0 ]
