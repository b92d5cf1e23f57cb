#!/usr/bin/env python3
"""eval.py — measured accuracy of roleaudit on the development postings.

Runs `roleaudit audit --format jsonl` over the development data with the
text column only (never the title), and compares each verdict with

  * the title-derived label (label_title: ops, pm, mixed, other), and
  * the hand labels of hand_dev.csv (ops, pm, mixed, neither), where
    "neither" is read as "unclassified".

Every figure stands beside a naive baseline that counts 项目/project
against 运营/operation(s) (case-insensitive; the larger count wins, a tie
or no word at all is unclassified).  A second, MASKED pass replaces role
nouns in the text (项目经理, 运营专员, Project Manager, Operations
Manager, ...) with a neutral placeholder before both roleaudit and the
baseline run, so that a posting cannot be classified by naming itself.

Python 3 standard library only.  Writes only into a tempfile.mkdtemp()
folder, removed at the end.  Exit status: 0 when the run succeeded (and,
with --check, when every target was met), 1 when a target was missed
under --check, 2 when roleaudit could not be run or the data is missing.

Usage (what `make eval` runs):
  tests/eval/eval.py --roleaudit src/roleaudit --data ../shared/data
Options: --markdown (tables for the README), --check (exit 1 on a missed
target), --sweep (try a grid of classifier thresholds),
--min-evidence/--mixed-min/--mixed-ratio/--mixed-duty/--rules passed to
roleaudit, and
--postings FILE to score other postings instead: a CSV with columns id,
title and text (lang and label optional), each labelled from its title
the way the development data is (see title_label()) and given a language
by its text unless lang gives it; label, when present, is a hand label
(ops, pm, mixed, neither) read from the text.

Then a section runs once more with the title column, the one run that
sees titles, and lists the roles flagged title-mismatch at several
--mismatch-min values, with the hand label where there is one.

--fresh FILE (what `make eval` passes: tests/eval/fresh.csv, then
tests/eval/heldout.csv and tests/eval/long.csv) scores another set of
postings after the development data, in the --postings format with a
hand label per row, and prints the same figures and the development
targets beside them (for comparison; they do not count).  It may be
given more than once; the report then ends with one line per set and
language (hand agreement and title-label macro-F1 beside the naive
count's).
"""

import argparse
import csv
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

LANGS = ("zh", "en", "all")
PRED_CLASSES = ("operations", "project-management", "mixed", "unclassified")
TITLE_LABELS = ("ops", "pm", "mixed", "other")
HAND_LABELS = ("ops", "pm", "mixed", "neither")
# A title or hand label read as the class roleaudit would give.
AS_CLASS = {"ops": "operations", "pm": "project-management",
            "mixed": "mixed", "neither": "unclassified",
            "other": "unclassified"}

# The targets the rules are held to, per language (see README.md).
TARGET_F1_PLAIN = 0.90
TARGET_F1_MASKED = 0.85
TARGET_HAND = 0.80
TARGET_HAND_MARGIN = 0.15
TARGET_TITLED_UNCLASSIFIED = 0.08

# Role nouns masked in the MASKED pass.  Longest first, so that
# 高级项目经理 loses the whole noun and not only its tail.
ROLE_NOUNS_ZH = [
    "项目管理专员", "项目经理助理", "项目总监", "项目经理", "项目主管",
    "项目负责人", "项目助理", "项目专员", "项目协调员",
    "运营总监", "运营经理", "运营主管", "运营专员", "运营负责人",
    "运营助理", "运营专家",
]
ROLE_NOUNS_EN = [
    r"(?:senior\s+|junior\s+|associate\s+|assistant\s+)?"
    r"(?:project|program|programme|operations|delivery)\s+"
    r"(?:manager|director|coordinator|lead|leader|associate|assistant|"
    r"specialist|officer|administrator)s?",
    r"(?:director|head|vice\s+president|vp)\s+of\s+(?:[\w&,]+\s+){0,3}"
    r"operations",
    r"chief\s+operating\s+officer",
]
MASK_ZH = "某岗位"
MASK_EN = "the role holder"
MASK_RE_ZH = re.compile("|".join(map(re.escape, ROLE_NOUNS_ZH)))
MASK_RE_EN = re.compile(r"\b(?:" + "|".join(ROLE_NOUNS_EN) + r")\b",
                        re.IGNORECASE)


def mask(text):
    """The text with role nouns replaced by a placeholder."""
    text = MASK_RE_ZH.sub(MASK_ZH, text)
    return MASK_RE_EN.sub(MASK_EN, text)


BASE_PM = re.compile(r"项目|\bprojects?\b", re.IGNORECASE)
BASE_OPS = re.compile(r"运营|\boperations?\b", re.IGNORECASE)


def baseline(text):
    """The naive verdict: more 项目/project than 运营/operation(s)."""
    pm = len(BASE_PM.findall(text))
    ops = len(BASE_OPS.findall(text))
    if pm > ops:
        return "project-management"
    if ops > pm:
        return "operations"
    return "unclassified"


# Title labels for --postings, as the development data's label_title:
# ops (运营…, Operations …), pm (项目经理, Project Manager …), mixed (a
# title naming both, or Program Manager), other (engineers included).
TITLE_PM = re.compile(
    r"项目(?:经理|主管|总监|专员|助理|负责人|管理)|PMO|"
    r"\bprojects?\s+(?:manager|coordinator|director|lead|leader|officer|"
    r"administrator|assistant|specialist|executive|associate)s?\b",
    re.IGNORECASE)
TITLE_OPS = re.compile(r"运营|\boperations?\b|\bops\b", re.IGNORECASE)
TITLE_BOTH = re.compile(r"\bprogram(?:me)?s?\s+manager\b", re.IGNORECASE)
TITLE_OTHER = re.compile(
    r"运营商|运营开发|运维|工程师|设计师|\bengineer|\bdevops\b|"
    r"\b(?:IT|network|security)\s+operations\b", re.IGNORECASE)
CJK = re.compile(r"[\u3400-\u9fff]")


def title_label(title):
    """ops, pm, mixed or other, from a posting's title alone."""
    if TITLE_BOTH.search(title):
        return "mixed"
    pm = bool(TITLE_PM.search(title))
    ops = bool(TITLE_OPS.search(title)) and not TITLE_OTHER.search(title)
    if pm and ops:
        return "mixed"
    return "pm" if pm else "ops" if ops else "other"


def text_lang(text):
    """zh when a tenth of the characters or more are CJK, else en."""
    return "zh" if len(CJK.findall(text)) * 10 >= max(len(text), 1) else "en"


def read_postings(path):
    """The rows of --postings FILE, in the shape of dev.csv's, and its
    hand labels {id: label} (from a label column, if any)."""
    rows = read_csv(path)
    for col in ("id", "title", "text"):
        if rows and col not in rows[0]:
            print("eval.py: %s: no column '%s' (need id, title, text)"
                  % (path, col), file=sys.stderr)
            sys.exit(2)
    out = [{"id": r["id"], "text": r["text"], "title": r["title"],
            "label_title": title_label(r["title"]),
            "lang": r.get("lang") or text_lang(r["text"])} for r in rows]
    # Hand labels, from the text, when the file has a label column.
    hand = {}
    for n, r in enumerate(rows, 2):
        lab = (r.get("label") or "").strip()
        if not lab:
            continue
        if lab not in HAND_LABELS:
            print("eval.py: %s: row %d: label '%s' is not one of %s"
                  % (path, n, lab, ", ".join(HAND_LABELS)), file=sys.stderr)
            sys.exit(2)
        hand[r["id"]] = lab
    return out, hand


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_input(path, rows, masked):
    """The CSV roleaudit reads: id and text, nothing that names the role
    (no title, no label, no language)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["id", "text"])
        for r in rows:
            w.writerow([r["id"], mask(r["text"]) if masked else r["text"]])


def run_roleaudit(args, csv_path, th, extra=(), whole=False):
    """Runs roleaudit over CSV_PATH; returns {id: class}, or with WHOLE
    {id: the verdict object}."""
    cmd = [args.roleaudit, "audit", "--format", "jsonl",
           "--id-col", "id", "--text-col", "text"] + list(extra)
    for r in args.rules or []:
        cmd += ["--rules", r]
    if th is not None:
        cmd += ["--min-evidence", str(th[0]), "--mixed-min", str(th[1]),
                "--mixed-ratio", str(th[2])]
    if getattr(args, "mixed_duty", None) is not None:
        cmd += ["--mixed-duty", str(args.mixed_duty)]
    cmd.append(csv_path)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, check=False)
    except OSError as e:
        sys.exit("eval.py: cannot run %s: %s" % (args.roleaudit, e))
    if p.returncode not in (0, 1):
        sys.stderr.write(p.stderr.decode("utf-8", "replace"))
        sys.exit("eval.py: %s exited with %d" % (" ".join(cmd), p.returncode))
    out = {}
    for n, line in enumerate(p.stdout.decode("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            sys.exit("eval.py: roleaudit output line %d is not JSON: %s"
                     % (n, e))
        if "id" not in obj or "class" not in obj:
            continue        # not a role verdict (e.g. a summary object)
        out[str(obj["id"])] = obj if whole else obj["class"]
    return out


# ---------------------------------------------------------------- scoring

def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def ratio(a, b):
    return a / b if b else 0.0


def score(rows, pred, hand):
    """Figures for ROWS (dicts with id, label_title) given PRED {id: class}
    and HAND {id: hand label}."""
    s = {"n": len(rows)}
    conf = {t: {c: 0 for c in PRED_CLASSES} for t in TITLE_LABELS}
    for r in rows:
        c = pred.get(r["id"])
        # A role with no verdict counts as unclassified (and is reported).
        conf[r["label_title"]][c if c in PRED_CLASSES else "unclassified"] += 1
    s["confusion"] = conf
    s["missing"] = sum(1 for r in rows if r["id"] not in pred)
    per = {}
    for lab, cls in (("ops", "operations"), ("pm", "project-management")):
        tp = conf[lab][cls]
        predicted = sum(conf[t][cls] for t in TITLE_LABELS)
        actual = sum(conf[lab].values())
        p, rc = ratio(tp, predicted), ratio(tp, actual)
        # The F1 of the ops-vs-pm task: only rows titled ops or pm.
        pred_in_task = conf["ops"][cls] + conf["pm"][cls]
        pt = ratio(tp, pred_in_task)
        per[lab] = {"precision": p, "recall": rc,
                    "f1_task": f1(pt, rc), "n": actual}
    s["per_class"] = per
    s["macro_f1"] = (per["ops"]["f1_task"] + per["pm"]["f1_task"]) / 2
    n = len(rows)
    s["mixed_share"] = ratio(sum(conf[t]["mixed"] for t in TITLE_LABELS), n)
    s["unclassified_share"] = ratio(
        sum(conf[t]["unclassified"] for t in TITLE_LABELS), n)
    titled = sum(sum(conf[t].values()) for t in ("ops", "pm"))
    s["titled_unclassified"] = ratio(
        conf["ops"]["unclassified"] + conf["pm"]["unclassified"], titled)
    hrows = [r for r in rows if r["id"] in hand]
    agree = sum(1 for r in hrows
                if pred.get(r["id"]) == AS_CLASS[hand[r["id"]]])
    s["hand_n"] = len(hrows)
    s["hand_agree"] = ratio(agree, len(hrows))
    hconf = {h: {c: 0 for c in PRED_CLASSES} for h in HAND_LABELS}
    for r in hrows:
        c = pred.get(r["id"])
        hconf[hand[r["id"]]][c if c in PRED_CLASSES else "unclassified"] += 1
    s["hand_confusion"] = hconf
    return s


def by_lang(rows, lang):
    return rows if lang == "all" else [r for r in rows if r["lang"] == lang]


# ---------------------------------------------------------------- printing

SHORT = {"operations": "ops", "project-management": "pm",
         "mixed": "mixed", "unclassified": "uncl"}


def print_confusion(title, conf, rows_order, out):
    out.write("  %s (rows: label, columns: verdict)\n" % title)
    out.write("    %-8s" % "" + "".join("%7s" % SHORT[c]
                                         for c in PRED_CLASSES) + "\n")
    for t in rows_order:
        out.write("    %-8s" % t + "".join("%7d" % conf[t][c]
                                            for c in PRED_CLASSES) + "\n")


def print_report(name, res, out):
    """RES: {lang: {"roleaudit": s, "baseline": s}}."""
    out.write("\n=== %s ===\n" % name)
    for lang in LANGS:
        ra, bl = res[lang]["roleaudit"], res[lang]["baseline"]
        out.write("\n-- %s (%d roles, %d hand-labelled) --\n"
                  % (lang, ra["n"], ra["hand_n"]))
        if ra["missing"]:
            out.write("  WARNING: %d roles had no verdict\n" % ra["missing"])
        print_confusion("roleaudit vs title label", ra["confusion"],
                        TITLE_LABELS, out)
        print_confusion("baseline  vs title label", bl["confusion"],
                        TITLE_LABELS, out)
        if ra["hand_n"]:
            print_confusion("roleaudit vs hand label", ra["hand_confusion"],
                            HAND_LABELS, out)
        out.write("  %-40s %10s %10s\n" % ("", "roleaudit", "baseline"))
        for lab in ("ops", "pm"):
            for k in ("precision", "recall"):
                out.write("  %-40s %10.3f %10.3f\n"
                          % ("%s %s (title label)" % (lab, k),
                             ra["per_class"][lab][k], bl["per_class"][lab][k]))
        rows = [("macro-F1 ops vs pm (title label)", "macro_f1"),
                ("exact agreement with hand labels", "hand_agree"),
                ("share mixed", "mixed_share"),
                ("share unclassified", "unclassified_share"),
                ("titled ops/pm left unclassified", "titled_unclassified")]
        for label, k in rows:
            if k == "hand_agree" and not ra["hand_n"]:
                continue
            out.write("  %-40s %10.3f %10.3f\n" % (label, ra[k], bl[k]))


def targets(plain, masked):
    """[(lang, what, value, goal, ok)] for every target."""
    res = []
    for lang in ("zh", "en"):
        p, m = plain[lang], masked[lang]
        res.append((lang, "macro-F1 plain >= %.2f" % TARGET_F1_PLAIN,
                    p["roleaudit"]["macro_f1"],
                    p["roleaudit"]["macro_f1"] >= TARGET_F1_PLAIN))
        res.append((lang, "macro-F1 masked >= %.2f" % TARGET_F1_MASKED,
                    m["roleaudit"]["macro_f1"],
                    m["roleaudit"]["macro_f1"] >= TARGET_F1_MASKED))
        for nm, r in (("plain", p), ("masked", m)):
            res.append((lang, "macro-F1 %s >= baseline (%.3f)"
                        % (nm, r["baseline"]["macro_f1"]),
                        r["roleaudit"]["macro_f1"],
                        r["roleaudit"]["macro_f1"] >= r["baseline"]["macro_f1"]))
        if p["roleaudit"]["hand_n"] > 0:    # none without hand labels
            res.append((lang, "hand agreement >= %.2f" % TARGET_HAND,
                        p["roleaudit"]["hand_agree"],
                        p["roleaudit"]["hand_agree"] >= TARGET_HAND))
            res.append((lang, "hand agreement >= baseline (%.3f) + %.2f"
                        % (p["baseline"]["hand_agree"], TARGET_HAND_MARGIN),
                        p["roleaudit"]["hand_agree"],
                        p["roleaudit"]["hand_agree"] + 1e-9 >=
                        p["baseline"]["hand_agree"] + TARGET_HAND_MARGIN))
        res.append((lang, "titled unclassified <= %.2f"
                    % TARGET_TITLED_UNCLASSIFIED,
                    p["roleaudit"]["titled_unclassified"],
                    p["roleaudit"]["titled_unclassified"] <=
                    TARGET_TITLED_UNCLASSIFIED))
    return res


def print_markdown(plain, masked, out):
    out.write("| lang | variant | macro-F1 (title) | baseline | "
              "hand agreement | baseline | mixed | unclassified | "
              "titled unclassified |\n")
    out.write("|---|---|---|---|---|---|---|---|---|\n")
    for lang in LANGS:
        for nm, res in (("plain", plain), ("masked", masked)):
            ra, bl = res[lang]["roleaudit"], res[lang]["baseline"]
            hand = ("%.3f (%d) | %.3f" % (ra["hand_agree"], ra["hand_n"],
                                           bl["hand_agree"])
                    if ra["hand_n"] else "- | -")
            out.write("| %s | %s | %.3f | %.3f | %s | "
                      "%.1f %% | %.1f %% | %.1f %% |\n"
                      % (lang, nm, ra["macro_f1"], bl["macro_f1"], hand,
                         100 * ra["mixed_share"],
                         100 * ra["unclassified_share"],
                         100 * ra["titled_unclassified"]))


# ------------------------------------------------------- traditional

# OpenCC conversions of the Chinese postings: s2t, Traditional characters
# (as in Hong Kong); s2twp, Taiwan's characters and words (项目 -> 專案).
TRADITIONAL = (("s2t", "Traditional characters (OpenCC s2t)"),
               ("s2twp", "Taiwan characters and words (OpenCC s2twp)"))


def traditional(args, rows, hand, tmp, th):
    """The Chinese postings converted to Traditional Chinese with OpenCC,
    scored as the Simplified ones are: {config: score}, or None when the
    opencc command is missing.  No real Traditional postings are at hand,
    so this shows that folding reads converted text as the original, not
    how the rules fare on Taiwan's own postings."""
    if shutil.which("opencc") is None:
        return None
    zh = by_lang(rows, "zh")
    src = os.path.join(tmp, "zh.csv")
    write_input(src, zh, False)
    res = {}
    for cfg, _ in TRADITIONAL:
        dst = os.path.join(tmp, "zh-%s.csv" % cfg)
        subprocess.run(["opencc", "-c", cfg + ".json", "-i", src, "-o", dst],
                       check=True)
        res[cfg] = score(zh, run_roleaudit(args, dst, th), hand)
    return res


def print_traditional(plain, trad, out):
    out.write("\n=== Traditional Chinese (zh postings converted) ===\n")
    if trad is None:
        out.write("  skipped: the opencc command is not installed "
                  "(Debian: apt-get install opencc)\n")
        return
    out.write("  %-44s %8s %8s %7s %7s\n" % ("", "macro-F1", "hand",
                                             "mixed", "uncl"))
    lines = [("Simplified, as posted", plain["zh"]["roleaudit"])]
    lines += [(name, trad[cfg]) for cfg, name in TRADITIONAL]
    for name, r in lines:
        out.write("  %-44s %8.3f %8.3f %6.1f%% %6.1f%%\n" % (
            name, r["macro_f1"], r["hand_agree"], 100 * r["mixed_share"],
            100 * r["unclassified_share"]))


# ------------------------------------------------------- title-mismatch

MISMATCH_MINS = (0, 2, 4, 6)
DEFAULT_MISMATCH_MIN = 4        # roleaudit's --mismatch-min


def text_weight(o):
    """The weight of the side a verdict reads as: what --mismatch-min
    compares."""
    return max(o["ops_score"], o["pm_score"])


def title_mismatch(args, rows, tmp, th):
    """The roles whose title leans one side and whose text reads as the
    other, from one run with the title column and --mismatch-min 0:
    [(row, verdict object)], the verdict's weight being the stronger
    side's score (a flag at --mismatch-min M needs it to be >= M)."""
    path = os.path.join(tmp, "titled.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["id", "title", "text"])
        for r in rows:
            w.writerow([r["id"], r["title"], r["text"]])
    objs = run_roleaudit(args, path, th, ["--title-col", "title",
                                          "--mismatch-min", "0"], whole=True)
    by_id = {r["id"]: r for r in rows}
    return [(by_id[i], o) for i, o in objs.items()
            if "title-mismatch" in o.get("flags", [])]


def fit(text, width):
    """TEXT cut and padded to WIDTH terminal columns (CJK counts 2)."""
    out, w = "", 0
    for ch in text:
        cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if w + cw > width:
            break
        out += ch
        w += cw
    return out + " " * (width - w)


def print_title_mismatch(rows, flagged, hand, out):
    out.write("\n=== title-mismatch (the one run with the title column) "
              "===\n")
    out.write("  flagged at --mismatch-min %s (default %d):\n"
              % ("/".join(str(m) for m in MISMATCH_MINS),
                 DEFAULT_MISMATCH_MIN))
    for lang in LANGS:
        ids = {r["id"] for r in by_lang(rows, lang)}
        w = [text_weight(o) for r, o in flagged if r["id"] in ids]
        out.write("    %-4s %s\n" % (lang, " / ".join(
            str(sum(1 for x in w if x >= m)) for m in MISMATCH_MINS)))
    if flagged:
        out.write("  the roles (text scores ops:pm; hand label where there "
                  "is one):\n")
    for r, o in sorted(flagged, key=lambda x: (x[0]["lang"], x[0]["id"])):
        out.write("    %-5s %-2s %s title %-3s text %-18s %5s %s\n"
                  % ("flag" if text_weight(o) >= DEFAULT_MISMATCH_MIN
                     else "below", r["lang"],
                     fit(r["title"], 36), o.get("title_lean") or "-",
                     o["class"],
                     "%g:%g" % (o["ops_score"], o["pm_score"]),
                     hand.get(r["id"], "")))
    if any(text_weight(o) < DEFAULT_MISMATCH_MIN for _, o in flagged):
        out.write("  (below: under %d, not flagged by default)\n"
                  % DEFAULT_MISMATCH_MIN)


# ---------------------------------------------------------------- main

def evaluate(args, rows, hand, tmp, th):
    results = {}
    for variant, masked in (("plain", False), ("masked", True)):
        path = os.path.join(tmp, variant + ".csv")
        write_input(path, rows, masked)
        pred = run_roleaudit(args, path, th)
        base = {r["id"]: baseline(mask(r["text"]) if masked else r["text"])
                for r in rows}
        results[variant] = {
            lang: {"roleaudit": score(by_lang(rows, lang), pred, hand),
                   "baseline": score(by_lang(rows, lang), base, hand)}
            for lang in LANGS}
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--roleaudit", required=True,
                    help="the roleaudit program to run")
    ap.add_argument("--data",
                    help="folder holding dev.csv and hand_dev.csv")
    ap.add_argument("--rules", action="append",
                    help="rules file or folder, passed on to roleaudit")
    ap.add_argument("--min-evidence", type=float)
    ap.add_argument("--mixed-min", type=float)
    ap.add_argument("--mixed-ratio", type=float)
    ap.add_argument("--mixed-duty", type=float)
    ap.add_argument("--markdown", action="store_true",
                    help="also print the summary table in Markdown")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when a target is missed")
    ap.add_argument("--postings", metavar="FILE",
                    help="score these postings (CSV: id,title,text) "
                    "instead of the development data")
    ap.add_argument("--fresh", metavar="FILE", action="append",
                    help="also score these postings (CSV: id,title,text,"
                    "lang,label) after the development data, in a section "
                    "of their own (may be given more than once)")
    ap.add_argument("--sweep", action="store_true",
                    help="try a grid of thresholds and print one line each")
    args = ap.parse_args()

    dev = os.path.join(args.data or "", "dev.csv")
    hand_path = os.path.join(args.data or "", "hand_dev.csv")
    if args.postings is not None:
        if not os.path.isfile(args.postings):
            print("eval.py: %s: not found" % args.postings, file=sys.stderr)
            return 2
        dev = args.postings
        rows, hand = read_postings(dev)
        if not rows:
            print("eval.py: %s: no postings (need a header row with id, "
                  "title and text, then one row per posting)" % dev,
                  file=sys.stderr)
            return 2
    else:
        if args.data is None:
            print("eval.py: give --data DIR or --postings FILE",
                  file=sys.stderr)
            return 2
        for p in (dev, hand_path):
            if not os.path.isfile(p):
                print("eval.py: %s: not found (set ROLEAUDIT_SHARED at "
                      "configure time, or pass --data)" % p,
                      file=sys.stderr)
                return 2
        rows = read_csv(dev)
        hand = {r["id"]: r["label_text"] for r in read_csv(hand_path)}

    th = None
    if (args.min_evidence, args.mixed_min, args.mixed_ratio) != (None,) * 3:
        th = (2.0 if args.min_evidence is None else args.min_evidence,
              2.0 if args.mixed_min is None else args.mixed_min,
              0.5 if args.mixed_ratio is None else args.mixed_ratio)

    tmp = tempfile.mkdtemp(prefix="roleaudit-eval-")
    try:
        if args.sweep:
            print("min_ev mixed_min ratio | F1 zh plain/masked | "
                  "F1 en plain/masked | hand zh/en | titled-uncl zh/en | "
                  "missed")
            for t in itertools.product((1, 2, 3, 4), (2, 3, 4),
                                       (0.4, 0.5, 0.6, 0.75)):
                res = evaluate(args, rows, hand, tmp, t)
                p, m = res["plain"], res["masked"]
                missed = sum(1 for x in targets(p, m) if not x[3])
                print("%6g %9g %5g | %.3f %.3f | %.3f %.3f | %.3f %.3f | "
                      "%.3f %.3f | %d" % (
                          t[0], t[1], t[2],
                          p["zh"]["roleaudit"]["macro_f1"],
                          m["zh"]["roleaudit"]["macro_f1"],
                          p["en"]["roleaudit"]["macro_f1"],
                          m["en"]["roleaudit"]["macro_f1"],
                          p["zh"]["roleaudit"]["hand_agree"],
                          p["en"]["roleaudit"]["hand_agree"],
                          p["zh"]["roleaudit"]["titled_unclassified"],
                          p["en"]["roleaudit"]["titled_unclassified"],
                          missed))
            return 0
        res = evaluate(args, rows, hand, tmp, th)
        trad = traditional(args, rows, hand, tmp, th)
        flagged = title_mismatch(args, rows, tmp, th)
        fresh = []
        for path in (args.fresh or []) if args.postings is None else []:
            if not os.path.isfile(path):
                print("eval.py: %s: not found" % path, file=sys.stderr)
                return 2
            frows, fhand = read_postings(path)
            fresh.append((path, (frows, fhand,
                                 evaluate(args, frows, fhand, tmp, th),
                                 title_mismatch(args, frows, tmp, th))))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    out = sys.stdout
    out.write("roleaudit evaluation: %s, %d roles (text only)\n"
              % (dev, len(rows)))
    out.write("thresholds: %s%s\n" % ("roleaudit defaults" if th is None else
              "min-evidence %g, mixed-min %g, mixed-ratio %g" % th,
              "" if args.mixed_duty is None else
              ", mixed-duty %g" % args.mixed_duty))
    print_report("PLAIN text", res["plain"], out)
    print_report("MASKED text (role nouns replaced)", res["masked"], out)
    print_traditional(res["plain"], trad, out)
    print_title_mismatch(rows, flagged, hand, out)
    out.write("\n=== summary ===\n")
    print_markdown(res["plain"], res["masked"], out) if args.markdown else None
    missed = 0
    out.write("\ntargets:\n")
    for lang, what, val, ok in targets(res["plain"], res["masked"]):
        out.write("  %-4s %-46s %6.3f  %s\n"
                  % (lang, what, val, "ok" if ok else "MISSED"))
        missed += not ok
    out.write("%d target(s) missed\n" % missed)
    for path, f in fresh:
        print_fresh(path, f, args.markdown, out)
    if fresh:
        print_overview([(os.path.basename(dev), res)] +
                       [(os.path.basename(p), f[2]) for p, f in fresh], out)
    return 1 if args.check and missed else 0


def print_overview(sets, out):
    """One line per set and language, plain text: SETS is a list of
    (name, evaluate() result).  Hand agreement counts the roles; the
    naive count beside each figure."""
    out.write("\n=== every set, plain text (roleaudit / naive count) ===\n")
    out.write("| set | lang | hand agreement | naive | macro-F1 (title) | naive |\n")
    out.write("|---|---|---:|---:|---:|---:|\n")
    for name, res in sets:
        for lang in ("zh", "en"):
            r = res["plain"][lang]["roleaudit"]
            b = res["plain"][lang]["baseline"]
            n = r["hand_n"]
            out.write("| %s | %s | %s | %s | %.3f | %.3f |\n"
                      % (name, lang,
                         "%d/%d" % (round(r["hand_agree"] * n), n) if n else "-",
                         "%d/%d" % (round(b["hand_agree"] * n), n) if n else "-",
                         r["macro_f1"], b["macro_f1"]))


def print_fresh(path, fresh, markdown, out):
    """The section on the postings written for evaluation: the same
    figures, and the same targets shown for comparison (the targets are
    held on the development data; these do not count)."""
    rows, hand, res, flagged = fresh
    out.write("\n\n######## postings written for evaluation: %s, "
              "%d roles, %d hand-labelled (text only) ########\n"
              % (path, len(rows), len(hand)))
    name = os.path.basename(path)
    print_report("%s, PLAIN text" % name, res["plain"], out)
    print_report("%s, MASKED text (role nouns replaced)" % name,
                 res["masked"], out)
    print_title_mismatch(rows, flagged, hand, out)
    out.write("\n=== %s summary ===\n" % name)
    print_markdown(res["plain"], res["masked"], out) if markdown else None
    out.write("\nthe development targets, on these postings (not counted):\n")
    for lang, what, val, ok in targets(res["plain"], res["masked"]):
        out.write("  %-4s %-46s %6.3f  %s\n"
                  % (lang, what, val, "ok" if ok else "below"))


if __name__ == "__main__":
    sys.exit(main())
