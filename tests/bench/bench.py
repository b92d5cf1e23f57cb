#!/usr/bin/env python3
"""bench.py — roleaudit's throughput beside its ceiling and its peers.

usage: bench.py --roleaudit BIN --shared DIR [--mb 50] [--reps 5]
                [--py-mb 2] [--tmp DIR] [--memory-gb 0]

Builds two inputs in a temporary folder (deleted at the end):
  generated  $SHARED/bench/gen_csv.py output (hit-dense, mixed languages)
  real       $SHARED/data/dev.csv's rows repeated to the same size
and times on each, in one run, medians of REPS runs (inspect: 3 x REPS, three
back to back each round, as it runs slow right after a long command):
  inspect        roleaudit inspect (decode + parse: the ceiling)
  audit -j1      roleaudit audit -f jsonl --jobs 1 > /dev/null
  audit          roleaudit audit -f jsonl (default jobs: the cores)
  plain scan     roleaudit audit --jobs 1 with ROLEAUDIT_MATCHER_NAIVE=1:
                 every pattern over every text field until its first hit,
                 no prefilter (the yardstick of the matcher's own gain),
                 on the slice, scaled
  python         csv + re with the same rules, on a PY_MB slice, scaled
  rg -P          ripgrep over the same patterns (a reference, not a peer;
                 on the slice too, scaled)
It prints MB/s, rows/s, peak RSS (GNU time's %M) and the ratios to inspect,
to the plain scan and to python.  With --memory-gb G it instead generates a G GB input,
runs audit over it once and checks the peak RSS stays under 32 MiB.
Exit status: 0, 1 when the memory check fails, 2 without GNU time.
"""
import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, stdout=subprocess.DEVNULL, env=None):
    """Runs CMD under GNU time; returns (seconds, peak RSS KiB)."""
    fd, tf = tempfile.mkstemp()
    os.close(fd)
    try:
        t0 = time.monotonic()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", tf] + cmd,
                       stdout=stdout, stderr=subprocess.DEVNULL, check=False,
                       env=env)
        dt = time.monotonic() - t0
        with open(tf) as fp:
            lines = [l for l in fp.read().split() if l.isdigit()]
        return dt, int(lines[-1]) if lines else 0
    finally:
        os.unlink(tf)


def count_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fp:
        return sum(1 for _ in csv.reader(fp)) - 1


def make_real(dev, out, mb):
    with open(dev, encoding="utf-8", newline="") as fp:
        header = fp.readline()
        body = fp.read()
    if not body.endswith("\n"):
        body += "\n"
    want = mb * 1000 * 1000
    with open(out, "w", encoding="utf-8", newline="") as fp:
        fp.write(header)
        n = len(header.encode())
        blen = len(body.encode())
        while n < want:
            fp.write(body)
            n += blen


def slice_csv(src, out, mb):
    """The first rows of SRC up to about MB megabytes, whole records."""
    want = mb * 1000 * 1000
    with open(src, encoding="utf-8", newline="") as fi, \
            open(out, "w", encoding="utf-8", newline="") as fo:
        rd = csv.reader(fi)
        wr = csv.writer(fo, lineterminator="\n")
        for row in rd:
            wr.writerow(row)
            if fo.tell() >= want:
                break


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--roleaudit", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--mb", type=int, default=50)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--py-mb", type=int, default=2)
    ap.add_argument("--tmp", default=None)
    ap.add_argument("--memory-gb", type=float, default=0)
    a = ap.parse_args()
    if not os.access("/usr/bin/time", os.X_OK):
        print("bench.py: GNU time (/usr/bin/time) is needed for peak RSS; "
              "on Debian: apt-get install time", file=sys.stderr)
        return 2
    ra = os.path.abspath(a.roleaudit)
    tmp = tempfile.mkdtemp(prefix="roleaudit-bench.", dir=a.tmp)
    env_ok = dict(os.environ, NO_COLOR="1", LC_ALL="C.UTF-8")
    os.environ.update(env_ok)
    try:
        if a.memory_gb > 0:
            return memory_check(a, ra, tmp)
        return bench(a, ra, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def memory_check(a, ra, tmp):
    big = os.path.join(tmp, "big.csv")
    mb = int(a.memory_gb * 1000)
    print("generating %d MB ..." % mb, flush=True)
    # Generate a 50 MB piece once and repeat its rows: gen_csv.py alone
    # would take minutes for a gigabyte.
    piece = os.path.join(tmp, "piece.csv")
    subprocess.run([sys.executable, os.path.join(a.shared, "bench", "gen_csv.py"),
                    "--mb", "50", "--seed", "42", "--out", piece],
                   check=True, stdout=subprocess.DEVNULL)
    make_real(piece, big, mb)
    os.unlink(piece)
    size = os.path.getsize(big)
    res = {}
    for name, extra in (("audit --jobs 1", ["--jobs", "1"]), ("audit", [])):
        dt, rss = timed([ra, "audit", "-f", "jsonl"] + extra + [big])
        res[name] = (dt, rss)
        print("%-16s %8.0f MB in %6.1f s  %7.1f MB/s  peak RSS %6.1f MiB" %
              (name, size / 1e6, dt, size / 1e6 / dt, rss / 1024), flush=True)
    os.unlink(big)
    worst = max(r[1] for r in res.values())
    ok = worst < 32 * 1024
    print("peak RSS %s 32 MiB: %s" % ("<" if ok else ">=",
                                      "ok" if ok else "FAIL"))
    return 0 if ok else 1


def bench(a, ra, tmp):
    gen = os.path.join(tmp, "generated.csv")
    real = os.path.join(tmp, "real.csv")
    print("generating %d MB inputs in %s ..." % (a.mb, tmp), flush=True)
    subprocess.run([sys.executable, os.path.join(a.shared, "bench", "gen_csv.py"),
                    "--mb", str(a.mb), "--seed", "42", "--out", gen],
                   check=True, stdout=subprocess.DEVNULL)
    make_real(os.path.join(a.shared, "data", "dev.csv"), real, a.mb)

    rules_json = os.path.join(tmp, "rules.json")
    with open(rules_json, "w") as fp:
        subprocess.run([ra, "rules", "list", "--format", "json"], stdout=fp,
                       check=True)
    rules = json.load(open(rules_json, encoding="utf-8"))
    pats_file = os.path.join(tmp, "patterns.txt")
    with open(pats_file, "w", encoding="utf-8") as fp:
        for r in rules:
            for p in r.get("patterns", []):
                fp.write(p + "\n")
    have_rg = shutil.which("rg") is not None
    ncores = os.cpu_count() or 1

    rows = []
    for label, path in (("generated", gen), ("real-shaped", real)):
        size = os.path.getsize(path)
        nrows = count_rows(path)
        sl = os.path.join(tmp, "slice.csv")
        slice_csv(path, sl, a.py_mb)
        slsize = os.path.getsize(sl)
        naive_env = dict(os.environ, ROLEAUDIT_MATCHER_NAIVE="1")
        cmds = [
            ("inspect", [ra, "inspect", path], size, None),
            ("audit --jobs 1", [ra, "audit", "-f", "jsonl", "--jobs", "1", path], size,
             None),
            ("audit (jobs %d)" % ncores, [ra, "audit", "-f", "jsonl", path], size, None),
            # The matcher without its prefilter: what its gain is measured
            # against (the plain scan is slow, so on the slice).
            ("audit --jobs 1, plain scan (slice)",
             [ra, "audit", "-f", "jsonl", "--jobs", "1", sl], slsize, naive_env),
        ]
        if have_rg:
            # PCRE2 mode with ~140 patterns joined is slow too: on the slice.
            cmds.append(("rg -P -c -f (slice)", ["rg", "-P", "-c", "-f", pats_file, sl],
                         slsize, None))
        py = ("python csv+re", [sys.executable, os.path.join(HERE, "pybaseline.py"),
                                rules_json, sl], slsize)
        res = {}
        # Interleave the repetitions so that a noisy moment hurts every
        # command alike rather than one.
        for rep in range(a.reps):
            for name, cmd, sz, env in cmds:
                # inspect, the denominator of every ratio, is short and
                # runs slow right after a long command: three runs back
                # to back, all kept, so that the median is a settled one.
                for _ in range(3 if name == "inspect" else 1):
                    res.setdefault(name, []).append(timed(cmd, env=env) + (sz,))
            # The Python baseline is slow: fewer runs, on the slice.
            if rep < min(3, a.reps):
                res.setdefault(py[0], []).append(timed(py[1]) + (py[2],))
        out = []
        for name in [c[0] for c in cmds] + [py[0]]:
            runs = res[name]
            mbs = statistics.median(r[2] / 1e6 / r[0] for r in runs)
            rss = statistics.median(r[1] for r in runs) / 1024
            out.append((name, mbs, mbs * 1e6 / size * nrows, rss, len(runs)))
        rows.append((label, size, nrows, out))

    skipped = subprocess.run([sys.executable, os.path.join(HERE, "pybaseline.py"),
                              rules_json, sl], capture_output=True, text=True).stderr
    print()
    print("| input | command | MB/s | rows/s | peak RSS MiB | × inspect | × plain scan"
          " | × python | runs |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, size, nrows, out in rows:
        base = out[0][1]
        pyv = [o for o in out if o[0].startswith("python")][0][1]
        plain = [o for o in out if "plain scan" in o[0]][0][1]
        for name, mbs, rps, rss, n in out:
            print("| %s (%.0f MB, %d rows) | %s | %.1f | %.0f | %.1f | %.2f | %.1f | %.0f | %d |" %
                  (label, size / 1e6, nrows, name, mbs, rps, rss, mbs / base,
                   mbs / plain, mbs / pyv, n))
    print()
    print("python baseline: %s (on a %d MB slice, scaled)" % (skipped.strip(), a.py_mb))
    print("cores: %d; rules: %d, patterns: %d" %
          (ncores, len(rules), sum(len(r.get("patterns", [])) for r in rules)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
