#!/usr/bin/env python3
"""Score a pledger binary on the dev set and the conformance suites, and gate on floors.

    python3 eval/check.py target/release/pledger                 # table; exit 1 below a floor
    python3 eval/check.py target/release/pledger --update        # print floors.toml, raised
    python3 eval/check.py target/release/pledger --update --write  # ... and write it in place

It builds nothing: it runs the given binary. Suites:

- dev: `pledger figures` on ../shared/eval/dev/*.txt, scored with `score.py gold`;
- dev_ledger: `pledger ledger` on the same files, scored with `score.py gold --ledger`, when the
  binary has a `ledger` subcommand (detected with `pledger ledger --help`);
- conformance.NAME: each ../shared/eval/conformance/NAME.jsonl converted with
  `score.py input`, run through `pledger figures` (with `--latent` where floors.toml says
  `latent = true`), scored with `score.py conformance`.

Every metric named in a suite's table of eval/floors.toml is gated: the run fails when a
measured value is below its floor. `--update` prints the floors raised to the values measured
now (rounded down to 3 decimals), never lowered. Python 3.11+ standard library only.
"""
import argparse
import json
import math
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
DEFAULT_FLOORS = ROOT / "eval" / "floors.toml"

# Suites and the metrics gated by default (used by --update for suites not yet in the file).
DEV_METRICS = ["money_f1", "quantities_f1"]
LEDGER_METRICS = ["pledges_f1", "pledges_strict_f1", "donor_accuracy", "recipient_accuracy"]
CONFORMANCE_METRICS = ["money_f1"]
DEFAULT_CONFORMANCE = {
    "recognizers_currency_en": False,
    "duckling_money_en": False,
    "price_parser": True,
    "quantulum3_en": False,
}
# The targets (informational: shown beside the floors, not gated).
TARGETS = {
    ("dev", "money_f1"): 0.97,
    ("dev", "quantities_f1"): 0.90,
    **{(f"conformance.{n}", "money_f1"): 0.90 for n in DEFAULT_CONFORMANCE},
}

HEADER = """\
# Accuracy floors checked by eval/check.py (run by .ci/run).
#
# Each floor is what main achieved when it was last raised, rounded DOWN to 3 decimals.
# Floors only rise: after an improvement, raise them with
#     python3 eval/check.py target/release/pledger --update --write
# and commit this file with the change. Never lower a floor to make a change pass.
#
# [dev]                 pledger figures on ../shared/eval/dev/*.txt, `score.py gold`
# [dev_ledger]          pledger ledger on the same files, `score.py gold --ledger`
#                       (skipped while the binary has no `ledger` subcommand and every
#                       floor here is 0)
# [holdout], [holdout_ledger]  the same on eval/holdout: articles written for this project,
#                       independently of the code (see eval/holdout/README.md)
# [holdout2], [holdout2_ledger]  the same on eval/holdout2 (see eval/holdout2/README.md)
# [holdout3], [holdout3_ledger]  the same on eval/holdout3 (see eval/holdout3/README.md)
# [holdout4], [holdout4_ledger]  the same on eval/holdout4 (see eval/holdout4/README.md)
# [holdout5], [holdout5_ledger]  the same on eval/holdout5 (see eval/holdout5/README.md)
# [holdout6], [holdout6_ledger]  the same on eval/holdout6 (see eval/holdout6/README.md)
# [holdout7], [holdout7_ledger]  the same on eval/holdout7 (see eval/holdout7/README.md)
# [holdout8], [holdout8_ledger]  the same on eval/holdout8 (see eval/holdout8/README.md)
# [holdout9], [holdout9_ledger]  the same on eval/holdout9 (see eval/holdout9/README.md)
# [conformance.NAME]    ../shared/eval/conformance/NAME.jsonl through `score.py input`,
#                       pledger figures, `score.py conformance`. `latent = true` runs pledger
#                       with --latent: price_parser's cases are price strings, known to be
#                       prices, so a bare number there is money of unknown currency.
#                       The other suites run in the default mode.
"""


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def must(cmd, what, **kw):
    p = run(cmd, **kw)
    if p.returncode != 0:
        sys.exit(f"check.py: {what} failed (exit {p.returncode}): {' '.join(map(str, cmd))}\n{p.stderr[-2000:]}")
    return p


def score(shared, args):
    p = must([sys.executable, str(shared / "eval" / "score.py"), *args, "--json"], "score.py")
    return json.loads(p.stdout)


def has_ledger(binary):
    return run([binary, "ledger", "--help"]).returncode == 0


def measure_dev(binary, shared, tmp, with_ledger, gold_dir=None, suite="dev"):
    dev = gold_dir or shared / "eval" / "dev"
    texts = sorted(str(p) for p in dev.glob("*.txt"))
    if not texts:
        sys.exit(f"check.py: no texts in {dev}")
    figures = tmp / f"{suite}-figures.csv"
    must([binary, "figures", "-q", *texts, "-o", str(figures)], f"pledger figures ({suite})")
    out = {}
    r = score(shared, ["gold", str(dev), "--figures", str(figures)])
    out[suite] = {"money_f1": r["money"]["f1"], "quantities_f1": r["quantities"]["f1"],
                  "money_precision": r["money"]["precision"], "money_recall": r["money"]["recall"],
                  "quantities_precision": r["quantities"]["precision"],
                  "quantities_recall": r["quantities"]["recall"]}
    if with_ledger:
        ledger = tmp / f"{suite}-ledger.csv"
        must([binary, "ledger", "-q", *texts, "-o", str(ledger)], f"pledger ledger ({suite})")
        r = score(shared, ["gold", str(dev), "--figures", str(figures), "--ledger", str(ledger)])
        out[f"{suite}_ledger"] = {"pledges_f1": r["pledges"]["f1"], "pledges_strict_f1": r["pledges_strict"]["f1"],
                             "donor_accuracy": r["donor_accuracy"],
                             "recipient_accuracy": r["recipient_accuracy"],
                             "pledges_precision": r["pledges"]["precision"],
                             "pledges_recall": r["pledges"]["recall"]}
    return out


def measure_conformance(binary, shared, tmp, name, latent):
    cases = shared / "eval" / "conformance" / f"{name}.jsonl"
    if not cases.exists():
        sys.exit(f"check.py: no conformance file {cases}")
    inp = tmp / f"{name}.input.jsonl"
    p = must([sys.executable, str(shared / "eval" / "score.py"), "input", str(cases)], "score.py input")
    inp.write_text(p.stdout, encoding="utf-8")
    figures = tmp / f"{name}-figures.csv"
    must([binary, "figures", "-q", *(["--latent"] if latent else []), str(inp), "-o", str(figures)],
         f"pledger figures ({name})")
    r = score(shared, ["conformance", str(cases), "--figures", str(figures)])
    return {"money_f1": r["money"]["f1"], "money_precision": r["money"]["precision"],
            "money_recall": r["money"]["recall"], "case_accuracy": r["case_accuracy"]}


def floor3(x):
    return math.floor(x * 1000 + 1e-9) / 1000


def load_floors(path):
    try:
        with open(path, "rb") as f:
            floors = tomllib.load(f)
    except FileNotFoundError:
        sys.exit(f"check.py: no floors file {path}")
    except tomllib.TOMLDecodeError as e:
        sys.exit(f"check.py: {path}: {e}")
    if "dev" not in floors:
        sys.exit(f"check.py: {path} has no [dev] table")
    return floors


# The project's own held-out sets under eval/, each scored when the floors file gates it.
HOLDOUTS = ("holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9")


def suites_of(floors):
    """(suite name, gated {metric: floor}, options) for every suite in the floors file."""
    out = [("dev", dict(floors.get("dev", {})), {})]
    out.append(("dev_ledger", dict(floors.get("dev_ledger", {m: 0.0 for m in LEDGER_METRICS})), {}))
    # The project's own held-out articles (eval/holdout), when the floors file gates them.
    for name in HOLDOUTS:
        for suite in (name, f"{name}_ledger"):
            if suite in floors:
                out.append((suite, dict(floors[suite]), {}))
    conf = floors.get("conformance", {n: {"latent": l} for n, l in DEFAULT_CONFORMANCE.items()})
    for name, table in conf.items():
        table = dict(table)
        opts = {"latent": bool(table.pop("latent", False))}
        out.append((f"conformance.{name}", table, opts))
    return out


def to_toml(suites, measured):
    lines = [HEADER]
    for suite, gated, opts in suites:
        lines.append(f"[{suite}]")
        if opts.get("latent"):
            lines.append("latent = true")
        got = measured.get(suite)
        for metric, floor in gated.items():
            new = max(float(floor), floor3(got[metric])) if got and metric in got else float(floor)
            lines.append(f"{metric} = {new:.3f}")
        lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", help="the pledger binary to score, e.g. target/release/pledger")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared directory (default ../shared)")
    ap.add_argument("--floors", type=Path, default=DEFAULT_FLOORS, help="the floors file (default eval/floors.toml)")
    ap.add_argument("--update", action="store_true", help="print the floors raised to the measured values")
    ap.add_argument("--write", action="store_true", help="with --update, write the floors file in place")
    args = ap.parse_args()
    binary = str(Path(args.binary).resolve())
    if not Path(binary).is_file():
        sys.exit(f"check.py: no binary {args.binary} (build it with cargo build --release)")
    floors = load_floors(args.floors)
    suites = suites_of(floors)
    ledger = has_ledger(binary)

    measured = {}
    with tempfile.TemporaryDirectory(prefix="pledger-check-") as t:
        tmp = Path(t)
        measured.update(measure_dev(binary, args.shared, tmp, ledger))
        for name in HOLDOUTS:
            if any(suite == name for suite, _, _ in suites):
                holdout = Path(__file__).resolve().parent / name
                measured.update(measure_dev(binary, args.shared, tmp, ledger, holdout, name))
        for suite, _, opts in suites:
            if suite.startswith("conformance."):
                name = suite.split(".", 1)[1]
                measured[suite] = measure_conformance(binary, args.shared, tmp, name, opts["latent"])

    failures = []
    rows = []
    for suite, gated, _ in suites:
        got = measured.get(suite)
        if got is None:
            # Only dev_ledger can be missing: the binary has no ledger subcommand yet.
            for metric, floor in gated.items():
                status = "skipped (no ledger)" if float(floor) == 0 else "FAIL (no ledger)"
                if float(floor) > 0:
                    failures.append((suite, metric))
                rows.append((suite, metric, None, float(floor), TARGETS.get((suite, metric)), status))
            continue
        for metric, value in got.items():
            floor = gated.get(metric)
            if floor is None:
                status = ""
            elif value + 1e-9 < float(floor):
                status = "FAIL"
                failures.append((suite, metric))
            else:
                status = "ok"
            rows.append((suite, metric, value, floor, TARGETS.get((suite, metric)), status))
        for metric in gated:
            if metric not in got:
                failures.append((suite, metric))
                rows.append((suite, metric, None, float(gated[metric]), None, "FAIL (not measured)"))

    if args.update:
        text = to_toml(suites, measured)
        if args.write:
            args.floors.write_text(text, encoding="utf-8")
            print(f"check.py: wrote {args.floors}", file=sys.stderr)
        else:
            print(text, end="")
        return 0

    def fmt(x):
        return "" if x is None else f"{float(x):.4f}"

    print(f"{'suite':36} {'metric':22} {'measured':>9} {'floor':>7} {'target':>7}  status")
    for suite, metric, value, floor, target, status in rows:
        print(f"{suite:36} {metric:22} {fmt(value):>9} {fmt(floor):>7} {fmt(target):>7}  {status}")
    if failures:
        print(f"\ncheck.py: {len(failures)} metric(s) below their floor: "
              + ", ".join(f"{s}.{m}" for s, m in failures), file=sys.stderr)
        return 1
    print("\ncheck.py: every gated metric is at or above its floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
