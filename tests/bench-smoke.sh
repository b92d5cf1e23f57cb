#!/bin/sh
# bench-smoke.sh — `make bench` still runs end to end, on inputs of 1 MB
# with one round: both inputs are built, every command of the table runs
# and gives a throughput, the ratios are worked out against inspect, the
# plain scan and the Python baseline, the Python baseline compiles every
# pattern of the default rules (a skipped pattern would flatter it), and
# the temporary folder is gone at the end.  It times nothing that is
# compared: the figures of a run this small mean nothing, and the
# benchmark proper (`make bench`) is not part of `make check`.
#
# Needs python3, GNU time and $SHARED (ROLEAUDIT_SHARED at configure time);
# exits 77 without them, and under valgrind (RA_WRAP), where timing is
# pointless.
set -u
: "${top_srcdir:?}" "${ROLEAUDIT:?}"
LC_ALL=C.UTF-8; export LC_ALL
[ -z "${RA_WRAP:-}" ] || { echo "SKIP: not under valgrind"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed"; exit 77; }
[ -x /usr/bin/time ] || { echo "SKIP: GNU time (/usr/bin/time, Debian package time) is needed"; exit 77; }
if [ -z "${SHARED:-}" ] || [ ! -f "$SHARED/bench/gen_csv.py" ] ||
    [ ! -f "$SHARED/data/dev.csv" ]; then
	echo "SKIP: ROLEAUDIT_SHARED (with bench/gen_csv.py and data/dev.csv) is not set"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/roleaudit-bench-smoke.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

python3 "$top_srcdir/tests/bench/bench.py" --roleaudit "$ROLEAUDIT" \
    --shared "$SHARED" --mb 1 --reps 1 --py-mb 1 --tmp "$tmp" \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
cat "$tmp/out"
if [ $rc -ne 0 ]; then
	echo "FAIL: bench.py exited $rc"; cat "$tmp/err"; exit 1
fi

python3 - "$tmp/out" <<'EOF' || exit 1
import re, sys

text = open(sys.argv[1], encoding="utf-8").read()
rows = [l for l in text.splitlines() if l.startswith("| ") and "MB," in l]
fail = []
# commands, the one ending in a space by its start
want = ["inspect", "audit --jobs 1", "audit (jobs ",
        "audit --jobs 1, plain scan (slice)", "python csv+re"]
for inp in ("generated", "real-shaped"):
    mine = [r for r in rows if r.startswith("| " + inp + " ")]
    for w in want:
        got = [r for r in mine
               if (lambda c: c == w or (w.endswith(" ") and c.startswith(w)))(
                   r.strip("|").split("|")[1].strip())]
        if len(got) != 1:
            fail.append("%s: %d rows for %r" % (inp, len(got), w))
            continue
        cells = [c.strip() for c in got[0].strip("|").split("|")]
        # input, command, MB/s, rows/s, RSS, x inspect, x plain, x python, runs
        if len(cells) != 9:
            fail.append("%s %s: %d cells" % (inp, w, len(cells)))
            continue
        try:
            mbs, rps, rss, xi, xp, xpy = (float(c) for c in cells[2:8])
            runs = int(cells[8])
        except ValueError:
            fail.append("%s %s: not numbers: %s" % (inp, w, cells))
            continue
        if mbs <= 0 or rps <= 0 or rss <= 0:
            fail.append("%s %s: no throughput or RSS: %s" % (inp, w, cells))
        if w == "inspect" and (xi != 1.0 or runs != 3):
            fail.append("%s inspect: x inspect %s, %d runs (want 1.00, 3)" %
                        (inp, cells[5], runs))
        if w.endswith("plain scan (slice)") and xp != 1.0:
            fail.append("%s plain scan: x plain scan %s" % (inp, cells[6]))
        if w == "python csv+re" and xpy != 1.0:
            fail.append("%s python: x python %s" % (inp, cells[7]))
m = re.search(r"python baseline: rows=(\d+) skipped=(\d+) compiled=(\d+)", text)
if not m:
    fail.append("no python baseline line")
elif int(m.group(1)) == 0 or int(m.group(2)) != 0 or int(m.group(3)) == 0:
    fail.append("python baseline: %s (every pattern must compile)" % m.group(0))
for f in fail:
    print("FAIL: " + f)
sys.exit(1 if fail else 0)
EOF

left=$(find "$tmp" -mindepth 1 -maxdepth 1 -name 'roleaudit-bench.*' | wc -l)
if [ "$left" -ne 0 ]; then
	echo "FAIL: bench.py left its temporary folder behind"; exit 1
fi
echo "ok: make bench runs end to end"
