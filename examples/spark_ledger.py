"""Run pledger's ledger over a news archive on Apache Spark, then group the same commitment
reported by several articles.

    spark-submit --master local[2] examples/spark_ledger.py INPUT OUTPUT [--base EUR]

INPUT is a file, a directory (walked recursively) or a glob, on any file system Hadoop can
read (``file:``, ``hdfs://``, ``s3a://``, ``gs://``, ``abfss://``...). Files are read as the
``pledger`` CLI reads them, by extension: ``.txt``/``.md`` (one document), ``.html``/``.htm``
(the visible text, dated from ``<meta>``), ``.jsonl`` (one ``{"id", "text", "date"}`` document
per line) and ``.warc``/``.warc.gz`` (one document per HTML response, e.g. Common Crawl's
CC-NEWS). Inside a directory only those extensions are read; a file named explicitly (or
matched by a glob) is always read. Document ids are the CLI's: the path as given joined with
the path below it, the JSONL ``id``, or the WARC-Target-URI.

OUTPUT (a directory, on any Hadoop file system) receives:

* ``ledger.parquet`` and ``ledger_csv/``: one row per pledge, the columns of ``pledger ledger``
  and the document's ``date``; with ``--base CODE``, the columns of ``pledger ledger --base
  CODE`` (ending ``base_amount, base_currency, fx_rate, fx_date, fx_policy, date,
  date_source``). ``amount``, ``high`` and the other decimals are exact plain-decimal strings,
  as in the CLI's CSV (cast with ``try_cast(amount AS DECIMAL(38,10))``); the CSV copy
  neutralises formula-like cells as the CLI does, the Parquet copy keeps the text exact.
* ``groups.parquet`` and ``groups_csv/``: stage 2, one row per commitment across articles.
* ``errors_csv/``: inputs, lines or WARC records that could not be read, as the CLI reports them.

Stage 1, extraction: how pledger runs in the executors
------------------------------------------------------
Chosen: **the Python package in ``mapInArrow``** (``--engine arrow``, the default). Spark lists
the files and hands their bytes (``binaryFile``) to Python workers in Arrow batches; each
worker calls ``pledger.read_bytes`` (the CLI's own readers: charset, HTML, JSONL, WARC) and
``pledger.ledger`` per document, in Rust with the GIL released, and returns Arrow batches.
Why: the same reading code as the CLI for every input kind (WARC included) with no
process to spawn and no text re-encoded through pipes; typed columns straight into Parquet;
errors and document counts come back as data; and the wheel is an ordinary Python dependency
that cluster tooling already knows how to ship (``--archives`` with a packed venv, or a
bootstrap ``pip install``). Cost: the wheel must be built for the cluster's platform.

Documented alternative: **the CLI through ``RDD.pipe``** (``--engine pipe --pledger
./pledger``, JSON Lines input only): ship the static ``pledger`` binary with ``--files``, read
the JSONL lines with ``spark.read.text`` and pipe each partition through ``pledger ledger
--stdin-format jsonl --format jsonl -q``. It needs no Python package at all and is
byte-for-byte the CLI, but it takes JSON Lines only (WARC and HTML would have to be turned
into JSONL first), restarts a process per partition, serialises every document through
stdin/stdout as JSON, loses the document dates (unless ``--base``) and the per-document error
reports (the CLI's stderr goes to the executor log), and ids of lines without an ``id`` become
``<stdin>:LINE`` within the partition.

Stage 2, the same commitment across articles
--------------------------------------------
Rows with an amount are grouped with Spark's own window and group-by (so it scales with the
cluster): same donor and same recipient (compared case-insensitively, after trimming), same
currency, and amounts within ``--tolerance`` (default 0.02, i.e. 2%) of each other, chained:
within one (donor, recipient, currency) the amounts are sorted, and a new group starts
wherever an amount exceeds the previous one by more than the tolerance (single linkage, so a
group's spread can exceed the tolerance only through a chain of close amounts). Each group
gets a stable ``pledge_id`` (a hash of donor, recipient, currency and lowest amount),
``sources`` (distinct documents), ``mentions`` (rows), ``docs``, the stages seen, the lowest,
highest and most frequent amount, and the first and last document dates. Goods-only pledges
(no amount) and rows with an empty donor are left out of stage 2. Amounts in different
currencies are not matched here (convert first with ``--base`` and group on ``base_amount``
with ``--group-on-base``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from decimal import Decimal

# The columns of `pledger ledger`, in order; the Python package exports the same tuple.
LEDGER_COLUMNS = (
    "doc", "donor", "recipient", "amount", "currency", "qualifier", "high", "amount_text",
    "equivalents", "items", "instrument", "stage", "cue", "sentence", "start", "end",
)
# The columns `pledger ledger --base` adds (the conversion, and the date it was made for).
BASE_COLUMNS = ("base_amount", "base_currency", "fx_rate", "fx_date", "fx_policy", "date", "date_source")
try:  # The package's own lists win where it is installed (it is wherever --engine arrow runs).
    import pledger as _pledger

    LEDGER_COLUMNS, BASE_COLUMNS = tuple(_pledger.LEDGER_COLUMNS), tuple(_pledger.BASE_COLUMNS)
except ImportError:
    pass
INT_COLUMNS = ("start", "end")
# Text cells that a spreadsheet would run as a formula get a leading ' in CSV (as the CLI does).
TEXT_COLUMNS = ("doc", "donor", "recipient", "amount_text", "equivalents", "items", "instrument", "cue", "sentence")
KNOWN = re.compile(r"(?i)\.(txt|md|text|html|htm|xhtml|jsonl|ndjson|warc|warc\.gz)$")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="file, directory or glob, on any Hadoop file system")
    p.add_argument("output", help="output directory (overwritten)")
    p.add_argument("--base", help="ISO code: add the amount converted at the document date's ECB rate")
    p.add_argument("--group-on-base", action="store_true", help="stage 2 matches base_amount across currencies")
    p.add_argument("--tolerance", type=Decimal, default=Decimal("0.02"), help="relative amount tolerance (0.02)")
    p.add_argument("--engine", choices=("arrow", "pipe"), default="arrow")
    p.add_argument("--pledger", default="pledger", help="the CLI for --engine pipe (shipped with --files)")
    p.add_argument("--files-per-batch", type=int, default=16, help="files per Arrow batch (WARC files are big)")
    p.add_argument("--summary", help="also write the summary as JSON to this local file")
    return p.parse_args(argv)


def row_columns(base: bool) -> tuple:
    """The ledger's columns: the CLI's (with --base, those of `ledger --base`), else plus the
    document's date."""
    return LEDGER_COLUMNS + (BASE_COLUMNS if base else ("date",))


def output_schema(base: bool) -> str:
    """Stage 1's rows: `kind` (doc, row, error or time), the ledger's columns, an error."""
    cols = ["kind string"]
    cols += [f"`{c}` {'long' if c in INT_COLUMNS else 'string'}" for c in row_columns(base)]
    cols += ["message string", "skipped boolean"]
    return ", ".join(cols)


def plain(value) -> str | None:
    """A Decimal as the CLI writes it: plain digits, never an exponent."""
    if value is None:
        return None
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def make_extractor(ids: dict, base: str | None, max_rows: int = 4096):
    """The mapInArrow function: file bytes in, tagged rows out (kind = doc, row or error)."""
    columns = ["kind", *row_columns(bool(base)), "message", "skipped"]

    def doc_id(path: str) -> str:
        root, given = ids["root"], ids["given"]
        if ids["explicit"]:
            return given if ids["single"] else path
        if path.startswith(root + "/"):
            return given.rstrip("/") + "/" + path[len(root) + 1:]
        return path

    def extract(batches):
        import pyarrow as pa

        import pledger

        types = {c: pa.int64() if c in INT_COLUMNS else pa.string() for c in columns}
        schema = pa.schema([(c, pa.bool_() if c == "skipped" else types[c]) for c in columns])
        out = {c: [] for c in columns}
        busy = 0.0  # CPU seconds spent reading and extracting in this worker

        def emit(kind, row=None, date=None, message=None, skipped=None):
            out["kind"].append(kind)
            for c in columns[1:-2]:
                if row is None:
                    out[c].append(None)
                elif c in row:
                    out[c].append(row[c] if c in INT_COLUMNS else plain(row[c]))
                else:  # the document's date, without --base
                    out[c].append(date)
            out["message"].append(message)
            out["skipped"].append(skipped)

        def flush():
            batch = pa.RecordBatch.from_pydict({c: out[c] for c in columns}, schema=schema)
            for c in columns:
                out[c].clear()
            return batch

        for batch in batches:
            started = time.process_time()
            paths = batch.column("path").to_pylist()
            contents = batch.column("content")
            for i, path in enumerate(paths):
                docs, errors = pledger.read_bytes(contents[i].as_py(), doc_id(path))
                for doc in docs:
                    emit("doc")
                    for row in pledger.ledger(doc["text"], doc["date"], base, doc=doc["id"]):
                        emit("row", row, doc["date"])
                for err in errors:
                    emit("error", message=err["error"], skipped=err["skipped"])
                if len(out["kind"]) >= max_rows:
                    busy += time.process_time() - started
                    yield flush()
                    started = time.process_time()
            busy += time.process_time() - started
        emit("time", message=repr(busy))
        yield flush()

    return extract


def input_layout(spark, given: str) -> dict:
    """Whether INPUT is a directory, a single file or a glob, and its qualified URI."""
    jvm = spark._jvm
    conf = spark._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(given)
    fs = path.getFileSystem(conf)
    root = fs.makeQualified(path).toString().rstrip("/")
    if any(ch in given for ch in "*?[{"):
        return {"root": root, "given": given, "explicit": True, "single": False}
    status = fs.getFileStatus(path)
    directory = status.isDirectory()
    return {"root": root, "given": given, "explicit": not directory, "single": not directory}


def stage1_arrow(spark, args, limit=None):
    from pyspark.sql import functions as F

    ids = input_layout(spark, args.input)
    files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(args.input)
    if not ids["explicit"]:
        files = files.filter(F.col("path").rlike(KNOWN.pattern))
    files = files.select("path", "content")
    if limit:
        files = files.limit(limit)
    return files.mapInArrow(make_extractor(ids, args.base), output_schema(bool(args.base)))


def stage1_pipe(spark, args):
    """The documented alternative: JSONL lines piped through the CLI in each partition."""
    from pyspark.sql import Row

    cmd = [args.pledger, "ledger", "-q", "--stdin-format", "jsonl", "--format", "jsonl"]
    if args.base:
        cmd += ["--base", args.base]
    columns = row_columns(bool(args.base))
    lines = spark.read.text(args.input).rdd.map(lambda r: r.value)

    def to_row(line: str):
        r = json.loads(line)
        vals = {c: (r.get(c) if c in INT_COLUMNS else (r.get(c) or None)) for c in columns}
        return Row(kind="row", **vals, message=None, skipped=None)

    rows = lines.pipe(" ".join(cmd)).map(to_row)
    return spark.createDataFrame(rows, output_schema(bool(args.base)))


def csv_safe(df, columns):
    from pyspark.sql import functions as F

    for c in columns:
        risky = F.col(c).rlike(r"^[=+\-@\t\r]") & (F.col(c) != "-")
        df = df.withColumn(c, F.when(risky, F.concat(F.lit("'"), F.col(c))).otherwise(F.col(c)))
    return df


def write_csv(df, path):
    (df.write.mode("overwrite").option("header", True).option("escape", '"').option("emptyValue", "")
     .csv(path))


def stage2(ledger, tolerance: Decimal, on_base: bool):
    """The same commitment across articles, with Spark's window and group-by."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    amount, currency = ("base_amount", "base_currency") if on_base else ("amount", "currency")
    money = (
        ledger.filter((F.col(amount).isNotNull()) & (F.col(amount) != "") & (F.trim("donor") != ""))
        .withColumn("value", F.expr(f"try_cast({amount} AS DECIMAL(38,10))"))
        .filter(F.col("value").isNotNull())
        .withColumn("donor_key", F.lower(F.trim("donor")))
        .withColumn("recipient_key", F.lower(F.trim("recipient")))
        .withColumn("unit", F.col(currency))
    )
    keys = ["donor_key", "recipient_key", "unit"]
    w = Window.partitionBy(*keys).orderBy("value", "doc", "start")
    factor = F.lit(Decimal(1) + tolerance)
    money = (
        money.withColumn("prev", F.lag("value").over(w))
        .withColumn("new", F.when(F.col("prev").isNull() | (F.col("value") > F.col("prev") * factor), 1).otherwise(0))
        .withColumn("group_seq", F.sum("new").over(w.rowsBetween(Window.unboundedPreceding, 0)))
    )
    groups = money.groupBy(*keys, "group_seq").agg(
        F.min("donor").alias("donor"),
        F.min("recipient").alias("recipient"),
        F.mode("value").alias("amount"),
        F.min("value").alias("amount_low"),
        F.max("value").alias("amount_high"),
        F.countDistinct("doc").alias("sources"),
        F.count(F.lit(1)).alias("mentions"),
        F.array_sort(F.collect_set("doc")).alias("docs"),
        F.array_sort(F.collect_set("stage")).alias("stages"),
        F.min("date").alias("first_date"),
        F.max("date").alias("last_date"),
    )
    plain_dec = lambda c: F.regexp_replace(F.regexp_replace(F.col(c).cast("string"), r"(\.\d*?)0+$", "$1"), r"\.$", "")
    return groups.select(
        F.substring(F.sha2(F.concat_ws("|", *keys, plain_dec("amount_low")), 256), 1, 16).alias("pledge_id"),
        "donor",
        "recipient",
        plain_dec("amount").alias("amount"),
        F.col("unit").alias("currency"),
        plain_dec("amount_low").alias("amount_low"),
        plain_dec("amount_high").alias("amount_high"),
        "sources",
        "mentions",
        "stages",
        "first_date",
        "last_date",
        "docs",
    )


def warm_up(spark, args, cores: int):
    """Runs the extraction over a few files first: starts a Python worker per core (workers
    are reused across tasks), loads pledger's tables in them and warms the JVM's code paths, so
    that the timed extraction measures throughput rather than start-up."""

    def warm(batches):
        import pyarrow as pa

        import pledger

        pledger.ledger("Britain will lend Kenya £50m ($64m).")
        for batch in batches:
            yield pa.RecordBatch.from_pydict({"id": batch.column("id")})

    spark.range(0, cores, 1, cores).mapInArrow(warm, "id long").collect()
    stage1_arrow(spark, args, limit=2 * cores).groupBy("kind").count().collect()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.group_on_base and not args.base:
        raise SystemExit("--group-on-base needs --base")
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = (
        SparkSession.builder.appName("pledger-ledger")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.files_per_batch))
        .getOrCreate()
    )
    cores = spark.sparkContext.defaultParallelism
    job_started = time.perf_counter()
    if args.engine == "arrow":
        warm_up(spark, args, cores)
    out = stage1_arrow(spark, args) if args.engine == "arrow" else stage1_pipe(spark, args)
    out = out.persist(StorageLevel.MEMORY_AND_DISK)

    started = time.perf_counter()
    counts = {r["kind"]: r["n"] for r in out.groupBy("kind").agg(F.count(F.lit(1)).alias("n")).collect()}
    seconds = time.perf_counter() - started
    busy = out.filter(F.col("kind") == "time").agg(F.sum(F.col("message").cast("double"))).first()[0] or 0.0

    ledger = out.filter(F.col("kind") == "row").select(*row_columns(bool(args.base)))
    ledger.write.mode("overwrite").parquet(f"{args.output}/ledger.parquet")
    write_csv(csv_safe(ledger, TEXT_COLUMNS), f"{args.output}/ledger_csv")
    errors = out.filter(F.col("kind") == "error").select("message", "skipped")
    write_csv(errors, f"{args.output}/errors_csv")

    groups = stage2(ledger, args.tolerance, args.group_on_base)
    groups.write.mode("overwrite").parquet(f"{args.output}/groups.parquet")
    flat = groups.withColumn("docs", F.array_join("docs", " ")).withColumn("stages", F.array_join("stages", ";"))
    write_csv(csv_safe(flat, ("donor", "recipient", "docs")), f"{args.output}/groups_csv")
    n_groups = spark.read.parquet(f"{args.output}/groups.parquet").count()

    docs, rows = counts.get("doc", 0), counts.get("row", 0)
    summary = {
        "engine": args.engine,
        "cores": cores,
        "documents": docs,
        "rows": rows,
        "errors": counts.get("error", 0),
        "groups": n_groups,
        "extract_seconds": round(seconds, 3),
        "job_seconds": round(time.perf_counter() - job_started, 3),
        "documents_per_second": round(docs / seconds, 1) if seconds and docs else None,
        "documents_per_second_per_core": round(docs / seconds / cores, 1) if seconds and docs else None,
        # CPU seconds the Python workers spent reading and extracting (no Spark overhead).
        "worker_seconds": round(busy, 3),
        "documents_per_worker_second": round(docs / busy, 1) if busy and docs else None,
    }
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(summary, f)
    rates = (
        f" ({summary['documents_per_second']} documents/s, "
        f"{summary['documents_per_worker_second']} per CPU-second of the Python workers)"
        if docs
        else ""
    )
    print(
        f"spark_ledger: {docs if args.engine == 'arrow' else 'uncounted'} documents, {rows} ledger rows, "
        f"{summary['errors']} errors, {n_groups} groups; extraction {seconds:.1f} s on {cores} cores{rates}"
    )
    out.unpersist()
    spark.stop()


if __name__ == "__main__":
    main()
