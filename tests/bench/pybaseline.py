#!/usr/bin/env python3
"""pybaseline.py — the naive reference the benchmark compares roleaudit to:
Python's csv module and re, every rule's patterns over every text field of
every row (first hit per rule and role, unless patterns honoured), the same
rules roleaudit uses (exported by `roleaudit rules list --format json`).

usage: pybaseline.py RULES.json FILE.csv
Prints "rows=N skipped=K compiled=C" on stderr: K patterns that Python's
re cannot compile even after translation (\\x{...} escapes and flag
groups after the start are translated; \\p{..} classes and the like are
skipped).
"""
import csv
import json
import re
import sys

TEXT_NAMES = {"description", "responsibilities", "requirements", "text",
              "岗位职责", "任职要求", "职责描述", "duties"}
TITLE_NAMES = {"title", "岗位名称", "职位"}


def translate(pat):
    """PCRE2 syntax Python lacks, rewritten where the meaning is kept."""
    pat = re.sub(r"\\x\{([0-9A-Fa-f]+)\}",
                 lambda m: "\\U%08x" % int(m.group(1), 16), pat)
    return scope_flags(pat)


def scope_flags(pat):
    """A flag group such as (?i) after the start of the pattern, at the
    top level, sets the flag for the rest of the pattern in PCRE2; Python
    wants global flags first, so the rest becomes (?i:REST)."""
    depth, i, in_class = 0, 0, False
    while i < len(pat):
        c = pat[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pat[i + 1:i + 2] == "]":
                i += 1
        elif c == "(":
            m = re.match(r"\(\?([a-zA-Z]+)\)", pat[i:])
            if m and depth == 0 and i > 0:
                return (pat[:i] + "(?%s:" % m.group(1) +
                        scope_flags(pat[i + m.end():]) + ")")
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
    return pat


def compile_all(rules):
    out, skipped, compiled = [], 0, 0
    for r in rules:
        pats, unl = [], []
        for p in r.get("patterns", []):
            try:
                pats.append(re.compile(translate(p)))
                compiled += 1
            except re.error:
                skipped += 1
        for p in r.get("unless", []):
            try:
                unl.append(re.compile(translate(p)))
            except re.error:
                skipped += 1
        out.append((r["id"], r.get("dimension") == "title", pats, unl))
    return out, skipped, compiled


def first_hit(pats, unl, text):
    best = None
    for p in pats:
        for m in p.finditer(text):
            s, e = m.span()
            if any(u.search(text, max(0, s - 64), e + 64) and
                   any(um.start() < max(e, s + 1) and um.end() > s
                       for um in u.finditer(text, max(0, s - 64), e + 64))
                   for u in unl):
                continue
            if best is None or s < best:
                best = s
            break
    return best


def main():
    rules = json.load(open(sys.argv[1], encoding="utf-8"))
    comp, skipped, compiled = compile_all(rules)
    n = hits = 0
    with open(sys.argv[2], encoding="utf-8-sig", newline="") as fp:
        rd = csv.reader(fp)
        header = next(rd)
        low = [h.strip().lower() for h in header]
        text_cols = [i for i, h in enumerate(low) if h in TEXT_NAMES]
        title_cols = [i for i, h in enumerate(low) if h in TITLE_NAMES][:1]
        for row in rd:
            n += 1
            for rid, is_title, pats, unl in comp:
                cols = title_cols if is_title else text_cols
                for c in cols:
                    if c < len(row) and first_hit(pats, unl, row[c]) is not None:
                        hits += 1
                        break
    print("rows=%d skipped=%d compiled=%d hits=%d" % (n, skipped, compiled, hits),
          file=sys.stderr)


if __name__ == "__main__":
    main()
