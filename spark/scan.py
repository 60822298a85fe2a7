"""Every HTML page of WARC files checked against a copyspot pack, on Apache Spark.

    spark-submit spark/scan.py --pack refs.cspk --output matches.parquet WARC...
    spark-submit spark/scan.py --pack refs.cspk --output s3a://bucket/matches \\
        --input-list warc.paths.gz --prefix https://data.commoncrawl.org/

One task a WARC file: it streams the file through the copyspot package's reader (the one
`copyspot scan` uses) and checks each HTML response against the pack, broadcast once to every
executor. Local paths and file: URIs are read directly; other URIs (s3://, gs://, hdfs://,
https://) through fsspec, which must then be installed on the executors with the filesystem's
package (s3fs, gcsfs, pyarrow for HDFS). The output is Parquet, a row for each page and
reference it matched, in the schema below; a WARC that cannot be read to its end keeps the rows
found before the damage and is named on the driver's standard error.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
import time
from typing import Iterable, Iterator

from pyspark import AccumulatorParam
from pyspark.sql import SparkSession
from pyspark.sql import types as T

import copyspot

PASSAGE = T.StructType(
    [
        T.StructField("start", T.LongType()),
        T.StructField("end", T.LongType()),
        T.StructField("words", T.LongType()),
        T.StructField("kind", T.StringType()),
        T.StructField("text", T.StringType()),
    ]
)

# A row for each (page, matched reference); the page's fields repeat on each of its rows.
SCHEMA = T.StructType(
    [
        T.StructField("warc", T.StringType()),
        T.StructField("url", T.StringType()),
        T.StructField("date", T.StringType()),
        T.StructField("page_score", T.IntegerType()),
        T.StructField("page_words", T.LongType()),
        T.StructField("reference_id", T.StringType()),
        T.StructField("reference_title", T.StringType()),
        T.StructField("reference_source", T.StringType()),
        T.StructField("reference_aliases", T.ArrayType(T.StringType())),
        T.StructField("score", T.IntegerType()),
        T.StructField("reference_share", T.FloatType()),
        T.StructField("page_share", T.FloatType()),
        T.StructField("shared_fingerprints", T.ArrayType(T.LongType())),
        T.StructField("passages", T.ArrayType(PASSAGE)),
    ]
)


class ListParam(AccumulatorParam):
    """Collects values from every task, for the driver's closing lines."""

    def zero(self, value):
        return []

    def addInPlace(self, a, b):
        return a + b


def local_path(path: str) -> str | None:
    """The local file an address names, if it names one."""
    if path.startswith("file://"):
        return path.removeprefix("file://")
    return None if "://" in path else path


def open_remote(path: str):
    """A binary file object over any filesystem fsspec knows, read in order: HTTP as one
    stream, object stores in 16 MiB ranges."""
    try:
        import fsspec
    except ImportError as missing:
        raise OSError(f"{path}: reading this address needs fsspec and its filesystem's package") from missing
    block_size = 0 if path.startswith(("http://", "https://")) else 1 << 24
    return fsspec.open(path, "rb", block_size=block_size).open()


def read_bytes(path: str) -> bytes:
    local = local_path(path)
    with open(local, "rb") if local is not None else open_remote(path) as file:
        return file.read()


def read_paths(input_list: str, prefix: str) -> list[str]:
    """The WARC paths of a list file (gzipped or not), one a line, each after `prefix`."""
    listing = read_bytes(input_list)
    if input_list.endswith(".gz"):
        listing = gzip.decompress(listing)
    return [prefix + line.strip() for line in listing.decode().splitlines() if line.strip()]


def open_warc(path: str) -> copyspot.WarcPages:
    """The pages of one WARC file, local or behind any filesystem fsspec knows."""
    local = local_path(path)
    return copyspot.WarcPages(local if local is not None else open_remote(path))


def rows_of(path: str, page: dict, report: dict) -> Iterator[tuple]:
    for match in report["matches"]:
        yield (
            path,
            page["url"],
            page["date"],
            report["score"],
            report["words"],
            match["id"],
            match["title"],
            match["source"],
            match.get("aliases", []),
            match["score"],
            match["reference_share"],
            match["page_share"],
            list(match["shared_fingerprints"]),
            [
                (p["span"]["start"], p["span"]["end"], p["words"], p["kind"], p["text"])
                for p in match["passages"]
            ],
        )


# The packs a Python worker has loaded, by their SHA-256: once a worker, not once a task.
_packs: dict[str, copyspot.Pack] = {}


def scan_files(paths: Iterable[str], pack_key: str, pack_bytes, pages, seconds, failures) -> Iterator[tuple]:
    pack = _packs.get(pack_key)
    if pack is None:
        pack = _packs[pack_key] = copyspot.Pack.from_bytes(pack_bytes.value)
    for path in paths:
        checked, started = 0, time.perf_counter()
        try:
            for page in open_warc(path):
                checked += 1
                report = copyspot.check_document(pack, page["html"], "html")["report"]
                yield from rows_of(path, page, report)
        except (OSError, ValueError) as error:
            message = str(error)
            failures.add([message if path in message else f"{path}: {message}"])
        pages.add(checked)
        seconds.add(time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pack", required=True, help="the .cspk pack (a path or URI the driver reads)")
    parser.add_argument("--output", required=True, help="Parquet output (any path or URI Spark writes)")
    parser.add_argument("--input-list", help="a file of WARC paths, one a line (.gz allowed), as Common Crawl's warc.paths.gz; a path or URI")
    parser.add_argument("--prefix", default="", help="put before each path of --input-list")
    parser.add_argument("--mode", default="errorifexists", choices=["errorifexists", "overwrite", "append"], help="when the output exists")
    parser.add_argument("warcs", nargs="*", help="WARC or WARC.gz paths or URIs")
    args = parser.parse_args(argv)
    paths = list(args.warcs) + (read_paths(args.input_list, args.prefix) if args.input_list else [])
    if not paths:
        parser.error("give WARC files, or --input-list")

    spark = SparkSession.builder.appName("copyspot scan").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    context = spark.sparkContext
    # Checked before any task starts, so a damaged pack is one message, not a failed job.
    pack_bytes = read_bytes(args.pack)
    copyspot.Pack.from_bytes(pack_bytes)
    pack_key = hashlib.sha256(pack_bytes).hexdigest()
    broadcast = context.broadcast(pack_bytes)
    pages = context.accumulator(0)
    # Time spent in tasks, reading and checking: pages a core, startup and scheduling aside.
    task_seconds = context.accumulator(0.0)
    failures = context.accumulator([], ListParam())

    started = time.perf_counter()
    files = context.parallelize(paths, len(paths))
    matches = files.mapPartitions(lambda part: scan_files(part, pack_key, broadcast, pages, task_seconds, failures))
    spark.createDataFrame(matches, SCHEMA).write.mode(args.mode).parquet(args.output)
    seconds = time.perf_counter() - started

    cores = context.defaultParallelism
    print(
        f"{pages.value} pages of {len(paths)} WARC files checked in {seconds:.1f} s: "
        f"{pages.value / seconds:.0f} pages/s on {cores} cores, "
        f"{pages.value / max(task_seconds.value, 1e-9):.0f} a core in its tasks "
        f"({task_seconds.value:.1f} s of tasks); matches in {args.output}",
        file=sys.stderr,
    )
    for failure in failures.value:
        print(f"not read to its end: {failure}", file=sys.stderr)
    spark.stop()
    return 1 if failures.value else 0


if __name__ == "__main__":
    sys.exit(main())
