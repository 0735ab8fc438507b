#!/usr/bin/env bash
# The Spark acceptance check (issue 7), from a fresh machine:
#   1. Java 17+ (installs a JRE with apt only if `java` is missing), a venv with pyspark,
#      pyarrow and pandas (which PySpark's Arrow functions require), maturin and pytest from
#      PyPI (kept in $PLEDGER_SPARK_VENV, default ~/.cache/pledger/spark-venv, so that later
#      runs only check it);
#   2. builds the CLI and the Python wheel (maturin), installs the wheel, runs its tests;
#   3. generates a corpus of a few thousand documents (JSON Lines, text, HTML, WARC, WARC.gz)
#      by varying fixtures/ and, when present, ../shared/eval/dev/*.txt, in a scratch folder;
#   4. runs examples/spark_ledger.py --base EUR with spark-submit --master local[2], and
#      `pledger ledger --base EUR` on the same inputs, and compares the ledgers (every CLI
#      column, as multisets) and the document counts; then the same without --base for the
#      documented RDD.pipe engine on the JSON Lines part.
# Scratch files go to $PLEDGER_SPARK_WORK (default /tmp/pledger-spark-check-<checksum of the
# checkout's path>, so that checks in two worktrees do not share one); the corpus size
# is $PLEDGER_SPARK_DOCS (default 4000).
# Exits 0 only if they are equal. The last line states documents, rows and documents/s.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
started=$(date +%s)
say() { printf '\n== spark-check [%3d s]: %s\n' "$(( $(date +%s) - started ))" "$*"; }

VENV=${PLEDGER_SPARK_VENV:-$HOME/.cache/pledger/spark-venv}
# One scratch directory per checkout: a worktree's check must not clobber another's.
WORK=${PLEDGER_SPARK_WORK:-${TMPDIR:-/tmp}/pledger-spark-check-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)}
DOCS=${PLEDGER_SPARK_DOCS:-4000}

say "Java"
if ! command -v java >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
java -version 2>&1 | head -1

say "Python environment ($VENV)"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check \
    pyspark==4.3.0 pyarrow==26.0.1 pandas==2.3.3 maturin==1.16.0 pytest==9.2.0
PY=$VENV/bin/python

say "build: CLI and wheel"
cargo build --release -q
BIN=$ROOT/target/release/pledger
rm -rf target/wheels
"$VENV/bin/maturin" build --release -q -m python/Cargo.toml --target-dir target -o target/wheels
"$VENV/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/pledger-*.whl

say "Python package tests"
PLEDGER_BIN=$BIN "$PY" -m pytest -q -p no:cacheprovider python/tests

say "corpus of about $DOCS documents in $WORK/corpus"
rm -rf "$WORK"
mkdir -p "$WORK"
"$PY" - "$ROOT" "$WORK/corpus" "$DOCS" <<'EOF'
import gzip, html, json, pathlib, random, re, shutil, sys

root, out, total = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
texts = [p.read_text() for p in sorted((root / "fixtures").glob("*.txt"))]
texts += [json.loads(l)["text"] for l in (root / "fixtures/batch.jsonl").read_text().splitlines() if l.strip()]
dev = root.parent / "shared/eval/dev"
if dev.is_dir():
    texts += [p.read_text() for p in sorted(dev.glob("*.txt"))]
shutil.copytree(root / "fixtures", out / "fixtures")

SIGNS = ["$", "£", "€", "A$", "NOK ", "Rs"]
def vary(text):
    """A light variation: other amounts, now and then another currency, a dateline."""
    def number(m):
        if rng.random() < 0.5:
            return m.group(0)
        digits = m.group(0)
        return str(rng.randint(2, 950)) if "." not in digits else f"{rng.randint(1, 9)}.{rng.randint(1, 9)}"
    text = re.sub(r"(?<![\d,.])\d+(?:\.\d+)?(?![\d,])", number, text)
    if rng.random() < 0.3:
        text = text.replace("$", rng.choice(SIGNS), 1)
    city = rng.choice(["LONDON", "NAIROBI", "GENEVA", "TOKYO", "LIMA"])
    return f"{city} (Pledger Wire) - {text}" if rng.random() < 0.5 else text

def date():
    return f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

def page(title, text, day):
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n") if p.strip())
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta property="article:published_time" content="{day}T08:00:00Z">'
            f"<script>var ad = '$0.99';</script></head><body><nav>Home</nav><article>"
            f"<h1>{html.escape(title)}</h1>\n{paras}</article></body></html>")

def record(kind, uri, day, block, ctype):
    head = (f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Date: {day}T12:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{rng.getrandbits(64):016x}>\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"

n_txt, n_html, n_warc = total // 12, total // 12, total // 6
n_jsonl = total - n_txt - n_html - n_warc
(out / "jsonl").mkdir(parents=True)
shards = 4
for s in range(shards):
    with open(out / f"jsonl/shard-{s}.jsonl", "w") as f:
        for i in range(s, n_jsonl, shards):
            doc = {"id": f"wire-{i:05d}", "text": vary(rng.choice(texts))}
            if rng.random() < 0.9:
                doc["date"] = date()
            f.write(json.dumps(doc, ensure_ascii=rng.random() < 0.5) + "\n")
for i in range(n_txt):
    p = out / f"text/{i % 10}/{i:05d}.txt"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(vary(rng.choice(texts)))
for i in range(n_html):
    p = out / f"html/{i:05d}.html"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(page(f"Article {i}", vary(rng.choice(texts)), date()))
(out / "warc").mkdir()
for w, name in enumerate(["crawl-0.warc.gz", "crawl-1.warc.gz", "crawl-2.warc"]):
    with open(out / "warc" / name, "wb") as f:
        for i in range(w, n_warc, 3):
            uri, day = f"https://news.example/{w}/{i:05d}", date()
            recs = [record("request", uri, day, b"GET / HTTP/1.1\r\nHost: news.example\r\n\r\n",
                           "application/http; msgtype=request")]
            body = page(f"Story {i}", vary(rng.choice(texts)), day).encode()
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
            recs.append(record("response", uri, day, http, "application/http; msgtype=response"))
            for r in recs:
                f.write(gzip.compress(r, mtime=0) if name.endswith(".gz") else r)
print(f"corpus: {len(texts)} source texts; {n_jsonl} JSON Lines, {n_txt} text, {n_html} HTML, {n_warc} WARC documents")
EOF

say "CLI, one process"
t0=$(date +%s.%N)
"$BIN" ledger --base EUR --format jsonl -o "$WORK/cli.jsonl" "$WORK/corpus" 2>"$WORK/cli.err"
t1=$(date +%s.%N)
tail -1 "$WORK/cli.err"
cli_docs=$(sed -n 's/^pledger: \([0-9]*\) documents read.*/\1/p' "$WORK/cli.err" | tail -1)
cli_rate=$(awk -v d="$cli_docs" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", d / (b - a) }')

say "Spark, local[2] (mapInArrow with the Python package), --base EUR"
printf 'rootLogger.level = warn\nrootLogger.appenderRef.stderr.ref = console\nappender.console.type = Console\nappender.console.name = console\nappender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\nappender.console.layout.pattern = %%d{HH:mm:ss} %%p %%c{1}: %%m%%n\n' >"$WORK/log4j2.properties"
# A short job on 2 cores: the JVM's optimising compiler would spend more CPU than it saves, so
# the driver (which is also the executor with local[2]) keeps to the quick compiler.
JIT=${PLEDGER_SPARK_JIT--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
SUBMIT=(env PYSPARK_PYTHON="$PY" PYSPARK_DRIVER_PYTHON="$PY" "$VENV/bin/spark-submit" --master 'local[2]'
        --driver-memory 2g --conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=8
        --conf "spark.sql.warehouse.dir=$WORK/warehouse"
        --conf "spark.driver.extraJavaOptions=-Dlog4j.configurationFile=file:$WORK/log4j2.properties $JIT")
"${SUBMIT[@]}" examples/spark_ledger.py "$WORK/corpus" "$WORK/out" --base EUR --summary "$WORK/summary.json"

say "Spark, local[2] (RDD.pipe with the CLI, JSON Lines only)"
"$BIN" ledger --format jsonl -q -o "$WORK/cli-jsonl.jsonl" "$WORK/corpus/jsonl"
"${SUBMIT[@]}" examples/spark_ledger.py "$WORK/corpus/jsonl" "$WORK/out-pipe" --engine pipe --pledger "$BIN"

say "compare"
"$PY" - "$WORK" "$cli_docs" "$cli_rate" "$(( $(date +%s) - started ))" <<'EOF'
import collections, json, pathlib, sys
import pyarrow.parquet as pq
import pledger

work, cli_docs, cli_rate, elapsed = pathlib.Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
text = lambda v: "" if v is None else str(v)

def cli(path, cols):
    return collections.Counter(tuple(text(json.loads(l)[c]) for c in cols) for l in path.read_text().splitlines())

def spark(path, cols):
    table = pq.read_table(path).to_pylist()
    return collections.Counter(tuple(text(r[c]) for c in cols) for r in table)

failed = False
for name, ours, theirs, cols in (
    ("mapInArrow --base EUR", work / "out/ledger.parquet", work / "cli.jsonl", pledger.LEDGER_COLUMNS + pledger.BASE_COLUMNS),
    ("RDD.pipe", work / "out-pipe/ledger.parquet", work / "cli-jsonl.jsonl", pledger.LEDGER_COLUMNS),
):
    a, b = spark(ours, cols), cli(theirs, cols)
    if a != b:
        failed = True
        print(f"spark-check: {name}: ledgers differ: {sum((a - b).values())} rows only in Spark, "
              f"{sum((b - a).values())} only in the CLI", file=sys.stderr)
        for row in list((a - b).elements())[:3]:
            print("  only in Spark:", dict(zip(cols, row)), file=sys.stderr)
        for row in list((b - a).elements())[:3]:
            print("  only in the CLI:", dict(zip(cols, row)), file=sys.stderr)
    else:
        print(f"spark-check: {name}: {sum(a.values())} ledger rows, equal to the CLI's")
summary = json.loads((work / "summary.json").read_text())
if summary["documents"] != cli_docs:
    failed = True
    print(f"spark-check: documents differ: Spark {summary['documents']}, CLI {cli_docs}", file=sys.stderr)
if summary["errors"]:
    failed = True
    print(f"spark-check: {summary['errors']} input errors in Spark (see out/errors_csv)", file=sys.stderr)
groups = pq.read_table(work / "out/groups.parquet").to_pylist()
multi = [g for g in groups if g["sources"] > 1]
print(f"spark-check: stage 2: {len(groups)} commitments, {len(multi)} reported by more than one document "
      f"(largest: {max((g['sources'] for g in groups), default=0)} sources)")
if not multi:
    failed = True
    print("spark-check: stage 2 grouped nothing across documents", file=sys.stderr)
status = "FAILED" if failed else "OK"
print(f"spark-check: Spark job {summary['job_seconds']:.0f} s (start-up, warm-up, extraction {summary['extract_seconds']:.1f} s, "
      f"writes, stage 2); Python workers: {summary['documents_per_worker_second']:.0f} documents per CPU-second")
print(f"spark-check: {status}: {summary['documents']} documents, {summary['rows']} rows; Spark local[2] "
      f"{summary['documents_per_second']:.0f} documents/s = {summary['documents_per_second_per_core']:.0f} per executor core; "
      f"CLI one process {cli_rate:.0f} documents/s; check took {elapsed} s")
sys.exit(1 if failed else 0)
EOF
