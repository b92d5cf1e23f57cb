#!/bin/sh
# report-screenshot.sh — the HTML report, checked for structure and then
# rendered to a PNG by headless Chromium (A4 at 150 dpi: 1240x1754), so a
# person can look at the page and its Chinese text.
#
# Input: examples/hr-export.csv when it exists and the audit can read it,
# else the shard reports under tests/data/report merged.  The structure
# checks always run; the screenshot needs chromium (Debian package
# chromium, with fonts-noto-cjk for Chinese) and the test exits 77 (skip)
# with a message when it is not installed.
# The PNG is left in the build tree: tests/report-screenshot.png
# (ROLEAUDIT_SCREENSHOT=FILE puts it elsewhere).
set -u
: "${top_srcdir:?}" "${ROLEAUDIT:?}"
LC_ALL=C.UTF-8; export LC_ALL
tmp=$(mktemp -d "${TMPDIR:-/tmp}/roleaudit-shot.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
RA="${RA_WRAP:+$RA_WRAP }$ROLEAUDIT"
png=${ROLEAUDIT_SCREENSHOT:-${top_builddir:-.}/tests/report-screenshot.png}
html="$tmp/report.html"

fail() { echo "FAIL: $*"; exit 1; }

ex="$top_srcdir/examples/hr-export.csv"
if [ -f "$ex" ] && $RA report --format html --quiet "$ex" >"$html" 2>"$tmp/err"; then
	echo "input: examples/hr-export.csv"
else
	[ -f "$ex" ] && { echo "note: examples/hr-export.csv could not be audited:"; head -3 "$tmp/err"; }
	$RA report --merge --format html "$top_srcdir/tests/data/report/part-a.json" \
	    "$top_srcdir/tests/data/report/part-b.json" >"$html" || fail "report --merge --format html"
	echo "input: tests/data/report/part-a.json + part-b.json (merged)"
fi

# Structure: self-contained, no script, no request, one chart per
# department, heat map and review list present.
grep -q '<meta charset="utf-8">' "$html" || fail "no charset meta"
grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">" "$html" ||
	fail "no Content-Security-Policy meta"
grep -qi '<script' "$html" && fail "a <script> element"
grep -Eqi '(src|href|action)=|url\(|@import|<[^>]*https?://' "$html" && fail "an external reference"
depts=$(grep -c '<article class="dept">' "$html")
svgs=$(grep -o '<svg' "$html" | wc -l)
[ "$depts" -gt 0 ] || fail "no department"
[ "$svgs" -eq "$depts" ] || fail "$svgs charts for $depts departments"
grep -q '<section id="heatmap">' "$html" || fail "no heat map"
grep -q '<section id="review">' "$html" || fail "no review list"
grep -q '@page { size: A4' "$html" || fail "no A4 page rule"
echo "structure: ok ($depts departments, $svgs charts)"

chrome=
for c in chromium chromium-browser google-chrome; do
	if command -v "$c" >/dev/null 2>&1; then chrome=$c; break; fi
done
if [ -z "$chrome" ]; then
	echo "SKIP: no chromium to render the page (apt-get install -y chromium fonts-noto-cjk)"
	exit 77
fi
fc-list 2>/dev/null | grep -qi 'CJK' ||
	echo "note: no CJK font found (apt-get install -y fonts-noto-cjk): Chinese text may show as boxes"
mkdir -p "$(dirname "$png")"
rm -f "$png"
# No network, no profile of the user's: a private, throw-away profile.
timeout 120 "$chrome" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update \
    --no-first-run --user-data-dir="$tmp/profile" \
    --screenshot="$png" --window-size=1240,1754 "file://$html" \
    >"$tmp/chrome.log" 2>&1
[ -s "$png" ] || { cat "$tmp/chrome.log"; fail "chromium wrote no screenshot"; }
echo "screenshot: $png"
exit 0
