"""Score `import_notice --dry-run --format json` output against a gold file.

A copy of the acceptance scorer (`tools/score_import.py` of the shared folder), so that the tests need
nothing outside the repository; `score(output, gold)` returns what the script prints.

Usage: python score_import.py OUTPUT.json GOLD.json  -> prints a JSON line of scores.
Tasks are compared by their leaf position (order), not by number spelling, then by number where both agree.
A gold deadline "*" is not graded. Agency names are compared after normalising case, diacritics,
"UBND"/"Ủy ban nhân dân", and trailing province words.
"""

import json
import re
import sys
import unicodedata


def norm_agency(s):
    s = s.lower().replace("đ", "d")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = re.sub(r"uy ban nhan dan|ủy ban nhân dân", "ubnd", s)
    s = re.sub(r"\b(ban quan ly|bql)\b", "bql", s)
    s = re.sub(r"\bcac khu cong nghiep\b|\bcac kcn\b|\bkhu cong nghiep\b|\bkcn\b", "kcn", s)
    s = re.sub(r"\s+tinh(\s+[a-z]+( [a-z]+)?)?$", "", s)
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    return " ".join(s.split())


def leaves(directives):
    parents = {d.get("parent") for d in directives if d.get("parent")}
    return [d for d in directives if d.get("number") not in parents]


def score(out: dict, gold: dict) -> dict:
    """The scores of one output against its gold, as the script prints them."""
    leaf_list = leaves(out.get("directives", []))
    got = {d.get("number"): d for d in leaf_list}
    # numbers are spelled differently across notices (1.1, 1.a, ¶1): fall back to the k-th leaf
    for k, g in enumerate(gold["tasks"]):
        if (
            g["number"] not in got
            and k < len(leaf_list)
            and leaf_list[k].get("number") not in {t["number"] for t in gold["tasks"]}
        ):
            got[g["number"]] = leaf_list[k]
    fields = {"found": 0, "lead": 0, "support": 0, "deadline": 0, "recurrence": 0}
    graded = {"deadline": 0}
    misses = []
    for g in gold["tasks"]:
        d = got.get(g["number"])
        if d is None:
            misses.append(g["number"] + ":missing")
            continue
        fields["found"] += 1
        if {norm_agency(a) for a in d.get("lead", [])} == {norm_agency(a) for a in g["lead"]}:
            fields["lead"] += 1
        else:
            misses.append(g["number"] + ":lead")
        if {norm_agency(a) for a in d.get("support", [])} == {norm_agency(a) for a in g["support"]}:
            fields["support"] += 1
        else:
            misses.append(g["number"] + ":support")
        if g["deadline"] != "*":
            graded["deadline"] += 1
            if d.get("deadline") == g["deadline"]:
                fields["deadline"] += 1
            else:
                misses.append(g["number"] + ":deadline")
        rec = d.get("recurrence") or "none"
        if rec == g["recurrence"] or (g["recurrence"] == "none" and rec == "ongoing"):
            fields["recurrence"] += 1
        else:
            misses.append(g["number"] + ":recurrence")
    n = len(gold["tasks"])
    extra = max(0, len(leaf_list) - fields["found"])
    total = fields["found"] + fields["lead"] + fields["support"] + fields["deadline"] + fields["recurrence"]
    possible = 4 * n + graded["deadline"]
    scores = round(total / possible, 3)
    return {"tasks": n, "extra": extra, "score": scores, "fields": fields, "misses": misses}


def main(out_path, gold_path):
    with open(out_path) as out, open(gold_path) as gold:
        print(json.dumps(score(json.load(out), json.load(gold)), ensure_ascii=False))


if __name__ == "__main__":
    main(*sys.argv[1:3])
