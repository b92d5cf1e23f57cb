#!/bin/sh
# report-shards.sh — the report of shards, merged, equals the report of
# one run: split an input into 4 shards (the header repeated in each),
# run `report --format json` on each with xargs -P 4, merge the parts with
# `report --merge`, and compare with the single run after dropping file
# names and line numbers: counts, shares, means, top rules, conflicts,
# accounting totals and the review list by role id must be equal.
#
# Input: tests/data/report/roles.csv, and examples/hr-export.csv when it
# is there.  Needs python3 (splitting CSV records that may span lines, and
# comparing JSON); exits 77 when it or a working CSV reader is missing.
set -u
: "${top_srcdir:?}" "${ROLEAUDIT:?}"
LC_ALL=C.UTF-8; export LC_ALL
tmp=$(mktemp -d "${TMPDIR:-/tmp}/roleaudit-shards.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
RA="${RA_WRAP:+$RA_WRAP }$ROLEAUDIT"
export RA

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to split and compare"; exit 77; }

# Until the rules engine and the CSV reader are built, there is nothing to
# shard: say so and skip rather than fail.
if ! $RA rules list >/dev/null 2>"$tmp/rules.err"; then
	echo "SKIP: the rules cannot be loaded yet ('roleaudit rules list' fails):"
	head -3 "$tmp/rules.err"; exit 77
fi

inputs="$top_srcdir/tests/data/report/roles.csv"
[ -f "$top_srcdir/examples/hr-export.csv" ] && inputs="$inputs $top_srcdir/examples/hr-export.csv"

status=0
n=0
for input in $inputs; do
	n=$((n + 1))
	dir="$tmp/$n"
	mkdir -p "$dir"
	name=$(basename "$input")
	if ! $RA report --format json --quiet "$input" >"$dir/whole.json" 2>"$dir/whole.err"; then
		if grep -q "not built yet" "$dir/whole.err"; then
			echo "SKIP: the CSV reader is not built yet:"; cat "$dir/whole.err"; exit 77
		fi
		echo "FAIL: $name: report of the whole input failed:"; cat "$dir/whole.err"; status=1; continue
	fi
	# Split by CSV record, not by line: a quoted field may hold newlines.
	# Bytes are passed through (latin-1 maps every byte to one character),
	# so any encoding the reader accepts splits the same.
	python3 - "$input" "$dir" <<'EOF' || { echo "FAIL: $name: could not split"; status=1; continue; }
import sys
src, out = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read().decode('latin-1')
recs, q, start = [], False, 0
# A record ends at a newline outside quotes.
for i, ch in enumerate(data):
    if ch == '"':
        q = not q
    elif ch == '\n' and not q:
        recs.append(data[start:i + 1]); start = i + 1
if start < len(data):
    recs.append(data[start:] + ('\n' if not data.endswith('\n') else ''))
header, rows = recs[0], recs[1:]
for k in range(4):
    part = rows[k * len(rows) // 4:(k + 1) * len(rows) // 4]
    with open('%s/shard%d.csv' % (out, k), 'wb') as f:
        f.write((header + ''.join(part)).encode('latin-1'))
EOF
	# The map step: one report per shard, four at a time.
	ls "$dir"/shard*.csv | xargs -P 4 -I{} sh -c '$RA report --format json --quiet "$1" >"$1.json"' sh {} ||
	    { echo "FAIL: $name: a shard's report failed"; status=1; continue; }
	# The reduce step.
	if ! $RA report --merge --format json "$dir"/shard*.csv.json >"$dir/merged.json" 2>"$dir/merged.err"; then
		echo "FAIL: $name: merge failed:"; cat "$dir/merged.err"; status=1; continue
	fi
	python3 - "$dir/whole.json" "$dir/merged.json" <<'EOF' || { echo "FAIL: $name: merged report differs from one run"; status=1; continue; }
import json, sys
a, b = (json.load(open(p, encoding='utf-8')) for p in sys.argv[1:3])
def norm(r):
    t = dict(r['totals'])
    return {
        'departments': r['departments'],          # sorted, with means and shares
        'all': r['all'],
        'totals': t,
        'rows': [sum(f[k] for f in r['files']) for k in ('rows_read', 'classified', 'rejected')],
        # the review list by role id, without file names and line numbers
        'review': sorted((e['id'], e['title'], e['department'], e['class'],
                          tuple(e['flags']), tuple(e['conflicts'])) for e in r['review']),
        'thresholds': r['thresholds'],
    }
na, nb = norm(a), norm(b)
if na != nb:
    for k in na:
        if na[k] != nb[k]:
            print('differs in %s:\n  one run: %s\n  merged:  %s' % (k, json.dumps(na[k], ensure_ascii=False)[:600],
                  json.dumps(nb[k], ensure_ascii=False)[:600]))
    sys.exit(1)
print('%d roles in %d departments, %d to review: merged == one run' %
      (a['all']['roles'], len(a['departments']), len(a['review'])))
EOF
	echo "PASS: $name (4 shards)"
done
exit $status
