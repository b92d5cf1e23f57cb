#!/usr/bin/env python3
"""Random rule sets and texts for differential.sh.

usage: differential_gen.py OUTDIR NSETS [FIRST]
Writes OUTDIR/setN/r.rules (random patterns: literal alternations,
optional pieces, classes, anchors, lookarounds, (?i), unless) and
OUTDIR/setN/t.csv (random rows drawn from the same vocabulary, with
full-width letters, U+212A KELVIN SIGN and U+017F LONG S mixed in).
Deterministic: set N uses seed N; the sets are FIRST .. FIRST + NSETS - 1
(FIRST defaults to 0).
"""
import csv
import os
import random
import sys

ZH = ["运营", "项目", "流程优化", "业务流程优化", "里程碑", "日报", "日报表", "用户",
      "增长", "交付", "计划", "风险", "的", "管理", "数据", "客户"]
EN = ["kpi", "KPI", "Kpi", "ops", "task", "Tasks", "risk", "plan", "planning",
      "sales", "skills", "project", "s", "k", "ks", "desk", "process"]
ODD = ["\u212a", "\u017f", "\uff2b\uff30\uff29", "\u3000", "é", "É", " ", "\n",
       ",", "。", "-", "a", "b", "x", ";", ".", "\t", "_", "7", "，"]
# Pieces between two literals: the span gate must stay exact over them.
GAPS = ["\\s+", "\\s*", "[\\w-]+", "(?:[\\w-]+\\s+){0,2}", "[^,;。]{0,8}",
        "[^,]*", "[a-c]+", "[sz]", "[\\w\\s]*", "\\W", "[-.]?", "[^\\n]{0,5}",
        "[0-9]+", "[,，]\\s*", "\\h*", "[[:alpha:]]*", "[^a-z]+", "[\\t ]+"]


def word(rng):
    r = rng.random()
    if r < 0.45:
        return rng.choice(ZH)
    if r < 0.85:
        return rng.choice(EN)
    return rng.choice(ODD)


def text(rng, n):
    return "".join(word(rng) + (" " if rng.random() < 0.3 else "")
                   for _ in range(n))


def lit(rng):
    w = rng.choice(ZH + EN)
    return w


def atom(rng, depth):
    r = rng.random()
    if r < 0.45 or depth > 2:
        return lit(rng)
    if r < 0.6:
        return "(?:" + "|".join(lit(rng) for _ in range(rng.randint(2, 4))) + ")"
    if r < 0.68:
        return rng.choice(["[a-z]", "[^,。]", "\\w", "\\s", ".", "\\d", "[kK]"])
    if r < 0.74:
        return lit(rng) + rng.choice(GAPS) + atom(rng, depth + 1)
    if r < 0.82:
        return "(?:" + seq(rng, depth + 1) + ")" + rng.choice(["?", "??", "", "+", "{0,3}", "*"])
    if r < 0.86:
        return rng.choice(["\\b", "^", "$", "\\B"])
    if r < 0.94:
        return rng.choice(["(?=", "(?!", "(?<=", "(?<!"]) + lit(rng) + ")"
    return "(?>" + "|".join(lit(rng) for _ in range(2)) + ")"


def seq(rng, depth=0):
    return "".join(atom(rng, depth) for _ in range(rng.randint(1, 3)))


def pattern(rng):
    p = "|".join(seq(rng) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.3:
        p = "(?i)" + p
    elif rng.random() < 0.1:
        p = "a(?i)" + p
    return p


def main():
    out, nsets = sys.argv[1], int(sys.argv[2])
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    for n in range(first, first + nsets):
        rng = random.Random(n)
        d = os.path.join(out, "set%d" % n)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "r.rules"), "w", encoding="utf-8") as f:
            for i in range(rng.randint(5, 25)):
                f.write("[rule]\nid = r%d\ndimension = %s\nside = %s\n"
                        "weight = 1\n" % (i, rng.choice(
                            ["scope", "nature", "cycle", "metrics", "skills"]),
                            rng.choice(["ops", "pm"])))
                for _ in range(rng.randint(1, 2)):
                    f.write("pattern = %s\n" % pattern(rng))
                if rng.random() < 0.25:
                    f.write("unless = %s\n" % pattern(rng))
                f.write("\n")
        with open(os.path.join(d, "t.csv"), "w", encoding="utf-8",
                  newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "title", "description", "requirements"])
            for i in range(60):
                # Every fifth row is long: the automaton scans texts of
                # 1 KiB and more in parts side by side.
                n = rng.randint(300, 900) if i % 5 == 4 else rng.randint(0, 40)
                w.writerow(["r%d" % i, "t", text(rng, n),
                            text(rng, rng.randint(0, 20))])


if __name__ == "__main__":
    main()
