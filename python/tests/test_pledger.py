"""The Python package: fields and types of the rows, equality with the CLI, WARC bytes, the GIL.

Run with the wheel installed: ``python -m pytest python/tests``. The CLI comparison uses the
binary named by ``PLEDGER_BIN`` (default ``target/release/pledger``) and is skipped without it.
"""

import datetime
import json
import os
import pathlib
import subprocess
import threading
import time
from decimal import Decimal

import pytest

import pledger

ROOT = pathlib.Path(__file__).resolve().parents[2]
KENYA = "Britain will lend Kenya £50m ($64m) to buy 200 tractors."


def test_figures_rows_have_the_csv_fields_in_order_with_decimals():
    rows = pledger.figures("Over $5bn, between £2m and £3.5m, and 200 tractors.", doc="note")
    assert [tuple(r) for r in rows] == [pledger.FIGURE_COLUMNS] * len(rows)
    assert pledger.FIGURE_COLUMNS == ("doc", "kind", "text", "value", "unit", "qualifier", "high", "start", "end", "rule")
    over, rng, tractors = rows
    assert over["value"] == Decimal("5000000000") and isinstance(over["value"], Decimal)
    assert (over["unit"], over["qualifier"], over["high"], over["doc"]) == ("USD", "over", None, "note")
    assert (rng["value"], rng["high"], rng["qualifier"]) == (Decimal("2000000"), Decimal("3500000"), "range")
    assert isinstance(rng["high"], Decimal)
    assert (tractors["kind"], tractors["unit"], tractors["value"]) == ("quantity", "tractors", Decimal(200))
    text = "Over $5bn, between £2m and £3.5m, and 200 tractors."
    for r in rows:
        assert isinstance(r["start"], int) and isinstance(r["end"], int)
        assert text.encode()[r["start"]:r["end"]].decode() == r["text"]


def test_figures_options():
    assert pledger.figures("It cost $80 million.", dollar="cad")[0]["unit"] == "CAD"
    assert pledger.figures("Price: 12.50", latent=True)[0]["unit"] == "XXX"
    assert pledger.figures("Price: 12.50") == []
    assert pledger.figures("") == []
    with pytest.raises(ValueError, match="dollar"):
        pledger.figures("$5", dollar="ZZZ")


def test_ledger_rows_have_the_csv_fields_with_decimal_amounts():
    rows = pledger.ledger(KENYA, doc="kenya")
    assert len(rows) == 1
    row = rows[0]
    assert tuple(row) == pledger.LEDGER_COLUMNS
    assert pledger.LEDGER_COLUMNS[:4] == ("doc", "donor", "recipient", "amount")
    assert (row["doc"], row["donor"], row["recipient"]) == ("kenya", "United Kingdom", "Kenya")
    assert row["amount"] == Decimal("50000000") and isinstance(row["amount"], Decimal)
    assert (row["currency"], row["qualifier"], row["high"]) == ("GBP", "exact", None)
    assert (row["amount_text"], row["equivalents"]) == ("£50m", "64000000 USD")
    assert row["stage"] in ("pledge", "commitment", "disbursement")
    assert isinstance(row["start"], int)


def test_ledger_base_adds_the_conversion_columns():
    (row,) = pledger.ledger(KENYA, "2025-03-02", base="EUR")
    assert tuple(row) == pledger.LEDGER_COLUMNS + pledger.BASE_COLUMNS
    assert pledger.BASE_COLUMNS[:5] == ("base_amount", "base_currency", "fx_rate", "fx_date", "fx_policy")
    assert row["base_currency"] == "EUR"
    assert isinstance(row["base_amount"], Decimal) and row["base_amount"].as_tuple().exponent == -2
    assert isinstance(row["fx_rate"], Decimal)
    # 2025-03-02 is a Sunday: Friday's rate, flagged.
    assert (row["fx_date"], row["fx_policy"], row["date"], row["date_source"]) == (
        "2025-02-28", "last_known", "2025-03-02", "input"
    )
    (same,) = pledger.ledger(KENYA, datetime.date(2025, 3, 2), base="eur")
    assert same == row
    (hryvnia,) = pledger.ledger("Britain will lend Kenya UAH 50m.", "2025-03-02", base="EUR")
    assert (hryvnia["base_amount"], hryvnia["fx_policy"]) == (None, "missing")


def test_ledger_base_equals_the_cli(tmp_path):
    binary = pathlib.Path(os.environ.get("PLEDGER_BIN", ROOT / "target/release/pledger"))
    if not binary.exists():
        pytest.skip(f"no CLI at {binary}")
    docs = [
        {"id": "k", "text": KENYA, "date": "2025-03-02"},
        {"id": "u", "text": "Britain will lend Kenya UAH 50m.", "date": "1999-02-01"},
        {"id": "d", "text": "LONDON, March 2, 2025 - Japan granted Peru a $20m loan."},
        {"id": "n", "text": "Japan granted Peru a $20m loan and 200 tractors."},
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs))
    out = subprocess.run(
        [binary, "ledger", "-q", "--base", "CHF", "--format", "jsonl", str(path)],
        check=True, capture_output=True, text=True,
    ).stdout
    cli = [json.loads(line) for line in out.splitlines()]
    ours = [r for d in docs for r in pledger.ledger(d["text"], d.get("date"), base="CHF", doc=d["id"])]
    as_text = lambda v: "" if v is None else format(v, "f") if isinstance(v, Decimal) else str(v)
    assert [{k: as_text(v) for k, v in r.items()} for r in ours] == [
        {k: as_text(v) for k, v in r.items()} for r in cli
    ]
    assert len(cli) >= 4


def test_bad_arguments_raise_value_error():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        pledger.ledger(KENYA, "2 March 2025")
    with pytest.raises(ValueError, match="date"):
        pledger.figures(KENYA, 20250302)
    with pytest.raises(ValueError, match="base"):
        pledger.ledger(KENYA, base="EURO")


def test_read_bytes_reads_warc_like_the_cli():
    data = (ROOT / "tests/data/warc/broken.warc").read_bytes()
    docs, errors = pledger.read_bytes(data, "s3://bucket/broken.warc")
    assert [(d["id"], d["date"]) for d in docs] == [
        ("https://news.example/first", "2024-03-05"),
        ("https://news.example/after", "2024-03-05"),
    ]
    assert [e["message"].split(":")[0] for e in errors] == ["record 2", "record 3", "record 5"]
    assert errors[0]["error"] == "s3://bucket/broken.warc: record 2: missing warc-date header"
    assert errors[0]["skipped"] is False and errors[0]["line"] is None
    docs, errors = pledger.read_bytes((ROOT / "tests/data/warc/news.warc.gz").read_bytes(), "x.warc.gz")
    assert len(docs) == 5 and errors == []
    assert docs[2]["warnings"] and docs[2]["warnings"][0].startswith("invalid UTF-8")
    docs, _ = pledger.read_bytes(b'{"id": 7, "text": "Peru got $1m.", "date": "2024-01-02"}\n', "a.jsonl")
    assert docs == [{"id": "7", "text": "Peru got $1m.", "date": "2024-01-02", "warnings": []}]


def test_the_package_is_typed():
    package = pathlib.Path(pledger.__file__).parent
    assert (package / "py.typed").exists()
    stub = (package / "__init__.pyi").read_text()
    for name in ("def figures(", "def ledger(", "def read_bytes(", "class LedgerRow(", "Decimal"):
        assert name in stub


KNOWN = (".txt", ".md", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".warc", ".warc.gz")


def walk(folder):
    """The files the CLI reads in a directory, in its order (sorted names, no dot files)."""
    for path in sorted(folder.iterdir(), key=lambda p: p.name.encode()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            yield from walk(path)
        elif path.name.lower().endswith(KNOWN):
            yield path


def test_rows_equal_the_cli_on_the_fixtures():
    binary = pathlib.Path(os.environ.get("PLEDGER_BIN", ROOT / "target/release/pledger"))
    if not binary.exists():
        pytest.skip(f"no CLI at {binary}")
    fixtures = ROOT / "fixtures"
    for command, function in (("figures", pledger.figures), ("ledger", pledger.ledger)):
        out = subprocess.run(
            [binary, command, "-q", "--format", "jsonl", str(fixtures)], check=True, capture_output=True, text=True
        ).stdout
        cli = [json.loads(line) for line in out.splitlines()]
        ours = []
        for path in walk(fixtures):
            docs, errors = pledger.read_bytes(path.read_bytes(), str(path))
            assert errors == []
            for doc in docs:
                ours += function(doc["text"], doc["date"], doc=doc["id"])
        as_text = lambda v: "" if v is None else format(v, "f") if isinstance(v, Decimal) else str(v)
        assert [{k: as_text(v) for k, v in r.items()} for r in ours] == [
            {k: as_text(v) for k, v in r.items()} for r in cli
        ], command
        assert cli, command


def test_the_gil_is_released_while_extracting():
    text = (KENYA + " The Fund expects profits of $3bn in 2026.\n") * 2000
    started = time.perf_counter()
    pledger.ledger(text)
    alone = time.perf_counter() - started
    assert alone > 0.05, "the text is too short to tell"

    gaps, done = [], threading.Event()
    worker = threading.Thread(target=lambda: (pledger.ledger(text), done.set()))
    last = time.perf_counter()
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
        time.sleep(0.001)
    worker.join()
    # Holding the GIL would stall this loop for the whole extraction.
    assert max(gaps) < alone / 2, (max(gaps), alone)
