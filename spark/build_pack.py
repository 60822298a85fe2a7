"""One copyspot pack from a table of articles, fingerprinted on Apache Spark.

    spark-submit spark/build_pack.py --output refs.cspk --name "Harbour Gazette" articles.jsonl
    spark-submit spark/build_pack.py --output refs.cspk --format parquet s3a://bucket/articles/

The table has the columns of `copyspot pack build`'s JSONL: `id` (required here: rows without
one are left out and counted), `title`, `url`, and `text`, or `html` to extract it from. Each article is fingerprinted where its row
is; the unfinished references (copyspot's partial builds, a few hundred bytes an article) are
sorted by id and joined partition by partition, and the driver adds them in order and writes the
pack. The result is byte for byte what `copyspot pack build` writes for the same articles in id
order, however the table is split into files and partitions. Ids should be unique: ties are put
in order by title, url and fingerprints, which an input order need not follow. A row with neither
text nor html is counted as too short, where `pack build` stops at it.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Iterable, Iterator

from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import copyspot

COLUMNS = ("id", "title", "url", "text", "html")


def fingerprint(rows: Iterable, no_id) -> Iterator[tuple]:
    """Each article as its order key, ending with its partial build: the sort moves no text."""
    for row in rows:
        if row["id"] is None:
            no_id.add(1)
            continue
        text = row["text"]
        if text is None and row["html"] is not None:
            text = copyspot.extract(row["html"], "html")["text"]
        title, url = row["title"] or "", row["url"] or ""
        builder = copyspot.PackBuilder()
        # No text at all is skipped as too short, as an empty one is.
        builder.add(row["id"], text or "", title=title, url=url)
        yield (row["id"], title, url, builder.partial()), None


def join(keys: Iterable[tuple]) -> Iterator[bytes]:
    """The partial builds of a partition's articles, in order, as one."""
    builder = copyspot.PackBuilder()
    for key, _ in keys:
        builder.add_partial(key[3])
    yield builder.partial()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", required=True, help="the pack file the driver writes")
    parser.add_argument("--format", default="json", choices=["json", "parquet"], help="the table's format (json: JSON lines)")
    parser.add_argument("--name", default="", help="the pack's name, a line")
    parser.add_argument("--description", default="", help="what the pack holds, a paragraph")
    parser.add_argument("--partitions", type=int, help="partitions of the sorted references (default: Spark's)")
    parser.add_argument("tables", nargs="+", help="files or folders of the table, paths or URIs")
    args = parser.parse_args(argv)

    spark = SparkSession.builder.appName("copyspot pack build").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    started = time.perf_counter()
    table = spark.read.format(args.format).load(args.tables)
    if "id" not in table.columns:
        print(f"{', '.join(args.tables)}: the table has no id column; every article needs one", file=sys.stderr)
        return 2
    if "text" not in table.columns and "html" not in table.columns:
        print(f"{', '.join(args.tables)}: the table has neither a text nor an html column", file=sys.stderr)
        return 2
    table = table.select(*[F.col(c) if c in table.columns else F.lit(None).cast("string").alias(c) for c in COLUMNS])
    # Kept: the sort samples its keys before it shuffles them, and must not fingerprint twice.
    no_id = spark.sparkContext.accumulator(0)
    partials = table.rdd.mapPartitions(lambda rows: fingerprint(rows, no_id)).persist(StorageLevel.MEMORY_AND_DISK)
    partitions = args.partitions or spark.sparkContext.defaultParallelism
    joined = partials.sortByKey(numPartitions=partitions).mapPartitions(join)

    builder = copyspot.PackBuilder()
    # One partition's join at a time on the driver, in key order, the next one on its way.
    for partial in joined.toLocalIterator(prefetchPartitions=True):
        builder.add_partial(partial)
    builder.describe(args.name, args.description)
    references = len(builder)
    pack = builder.build()
    with open(args.output, "wb") as out:
        out.write(pack)
    info = copyspot.Pack.from_bytes(pack).info()
    print(
        f"{references} references ({info['duplicates_merged']} duplicates merged, "
        f"{info['boilerplate_keys_dropped']} boilerplate keys dropped), {len(pack)} bytes, "
        f"in {time.perf_counter() - started:.1f} s: {args.output}"
        + (f"; {no_id.value} rows without an id left out" if no_id.value else ""),
        file=sys.stderr,
    )
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
