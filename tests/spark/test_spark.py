"""The Spark jobs in Spark's local mode, run with spark-submit as a cluster runs them, against
the command line on the same inputs: `./build.sh spark-test`."""

import gzip
import http.server
import importlib.util
import json
import os
import shutil
import struct
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(os.environ.get("COPYSPOT_CLI", ROOT / "target" / "release" / "copyspot"))
SHARED = Path(os.environ.get("COPYSPOT_SHARED", ROOT.parent / "shared"))
READABILITY = SHARED / "corpus" / "readability-test-pages"
BBC = SHARED / "corpus" / "bbc"
FIXTURE_PAGES = ROOT / "tests" / "fixtures" / "pages"
ORIGINAL = (ROOT / "tests" / "fixtures" / "000_65db108d60c74e38.txt").read_text()
SPARK_SUBMIT = os.environ.get("SPARK_SUBMIT", "spark-submit")
MASTER = "local[2]"

spec = importlib.util.spec_from_file_location("write_warc", ROOT / "tests" / "sources" / "write-warc.py")
write_warc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(write_warc)


def pages() -> list[tuple[str, bytes]]:
    """Real pages: the Readability test pages, or without ../shared the fixtures' pages."""
    if READABILITY.is_dir():
        return [(p.name, (p / "source.html").read_bytes()) for p in sorted(READABILITY.iterdir()) if (p / "source.html").is_file()]
    print(f"SKIPPED the Readability test pages: {READABILITY} is absent; using tests/fixtures/pages")
    return [(p.stem, p.read_bytes()) for p in sorted(FIXTURE_PAGES.glob("*.html"))]


def articles() -> list[dict]:
    """A table of articles in id order: the pages as html, the BBC corpus (its 100 repeated
    articles among them) and the seeds as text."""
    rows = [{"id": f"page/{name}", "url": f"https://pages.example/{name}/", "html": body.decode("utf-8", "replace")} for name, body in pages()]
    for seed in sorted((ROOT / "tests" / "fixtures").glob("00*.txt")):
        title, _, text = seed.read_text().partition("\n")
        rows.append({"id": f"seed/{seed.stem}", "title": title, "text": text})
    if BBC.is_dir():
        for path in sorted(BBC.rglob("*.txt")):
            rows.append({"id": f"bbc/{path.parent.name}/{path.name}", "text": path.read_text(errors="replace")})
    else:
        print(f"SKIPPED the BBC corpus: {BBC} is absent")
    return sorted(rows, key=lambda row: row["id"])


def spark_submit(job: str, *args: str) -> subprocess.CompletedProcess:
    """Runs a job; its output is `stdout` (spark-submit joins a Python driver's stderr to it)."""
    done = subprocess.run(
        [SPARK_SUBMIT, "--master", MASTER, "--conf", "spark.ui.enabled=false", str(ROOT / "spark" / job), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    print(done.stdout[-3000:])
    return done


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = SparkSession.builder.master(MASTER).config("spark.ui.enabled", "false").getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("table") / "articles.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in articles()))
    return path


@pytest.fixture(scope="module")
def cli_pack(table) -> bytes:
    out = table.parent / "cli.cspk"
    subprocess.run([CLI, "pack", "build", "--name", "Pages", "--description", "Test pages.", "-o", out, table], check=True)
    return out.read_bytes()


def test_a_pack_built_on_spark_is_the_cli_build_byte_for_byte(spark, table, cli_pack, tmp_path):
    built = tmp_path / "spark.cspk"
    done = spark_submit("build_pack.py", "--output", str(built), "--name", "Pages", "--description", "Test pages.", str(table))
    assert done.returncode == 0
    assert built.read_bytes() == cli_pack

    # The same table as Parquet, in five files in another order, sorted into three partitions.
    parquet = tmp_path / "articles.parquet"
    spark.read.json(str(table)).orderBy("url", ascending=False).repartition(5).write.parquet(str(parquet))
    again = tmp_path / "again.cspk"
    done = spark_submit(
        "build_pack.py", "--format", "parquet", "--partitions", "3", "--output", str(again),
        "--name", "Pages", "--description", "Test pages.", str(parquet),
    )
    assert done.returncode == 0
    assert again.read_bytes() == cli_pack
    assert "duplicates merged" in done.stdout

    # Without ids the job stops before any work, saying why; rows without one are counted.
    no_ids = tmp_path / "no-ids.jsonl"
    no_ids.write_text(json.dumps({"text": "words " * 50}) + "\n")
    done = spark_submit("build_pack.py", "--output", str(tmp_path / "none.cspk"), str(no_ids))
    assert done.returncode == 2 and "no id column" in done.stdout
    some_ids = tmp_path / "some-ids.jsonl"
    some_ids.write_text(json.dumps({"id": "a", "text": ORIGINAL}) + "\n" + json.dumps({"text": ORIGINAL}) + "\n")
    done = spark_submit("build_pack.py", "--output", str(tmp_path / "some.cspk"), str(some_ids))
    assert done.returncode == 0 and "1 references" in done.stdout and "1 rows without an id left out" in done.stdout


def f32(value: float) -> float:
    return struct.unpack("f", struct.pack("f", value))[0]


def cli_rows(warc: str, path: Path, pack: Path) -> tuple[set, subprocess.CompletedProcess]:
    """`copyspot scan`'s lines for one file as the rows the Spark job writes."""
    done = subprocess.run([CLI, "scan", "--pack", pack, path], capture_output=True, text=True)
    rows = set()
    for line in done.stdout.splitlines():
        page = json.loads(line)
        for match in page["matches"]:
            rows.add(row_key(warc, page["url"], page["date"], page["score"], match))
    return rows, done


def row_key(warc, url, date, page_score, match) -> tuple:
    return (
        warc, url, date, page_score, match["id"], match["title"], match["source"], tuple(match.get("aliases", [])),
        match["score"], f32(match["reference_share"]), f32(match["page_share"]), tuple(match["shared_fingerprints"]),
        tuple((p["span"]["start"], p["span"]["end"], p["words"], p["kind"], p["text"]) for p in match["passages"]),
    )


def spark_rows(spark, output: Path) -> set:
    rows = set()
    for r in spark.read.parquet(str(output)).collect():
        match = {
            "id": r.reference_id, "title": r.reference_title, "source": r.reference_source, "aliases": r.reference_aliases,
            "score": r.score, "reference_share": r.reference_share, "page_share": r.page_share,
            "shared_fingerprints": r.shared_fingerprints,
            "passages": [{"span": {"start": p.start, "end": p.end}, "words": p.words, "kind": p.kind, "text": p.text} for p in r.passages],
        }
        rows.add(row_key(r.warc, r.url, r.date, r.page_score, match))
    return rows


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_a_scan_on_spark_finds_what_the_cli_scan_finds(spark, table, tmp_path):
    pack = tmp_path / "pages.cspk"
    subprocess.run([CLI, "pack", "build", "-o", pack, table], check=True, capture_output=True)
    bodies = pages()
    files = {
        "first.warc.gz": dict(wanted=len(bodies)),
        "second.warc.gz": dict(wanted=len(bodies) // 2 + 7),
        "plain.warc": dict(wanted=len(bodies) // 3, gzip=False),
    }
    for name, options in files.items():
        write_warc.write_warc(str(tmp_path / name), bodies, **options)
    # Damaged: cut in the middle of a record, after some pages.
    whole = (tmp_path / "first.warc.gz").read_bytes()
    (tmp_path / "damaged.warc.gz").write_bytes(whole[: len(whole) * 2 // 3])
    # Served over HTTP on loopback, named in a path list served beside it, as Common Crawl's
    # warc.paths.gz is.
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(tmp_path / "second.warc.gz", served / "remote.warc.gz")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: QuietHandler(*a, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with gzip.open(served / "warc.paths.gz", "wt") as listing:
        listing.write("remote.warc.gz\n")
    prefix = f"http://127.0.0.1:{server.server_address[1]}/"

    output = tmp_path / "matches.parquet"
    local = [str(tmp_path / name) for name in [*files, "damaged.warc.gz"]]
    done = spark_submit("scan.py", "--pack", str(pack), "--output", str(output), "--input-list", prefix + "warc.paths.gz", "--prefix", prefix, *local)
    server.shutdown()
    # The damaged file is named; the others are scanned whole and what it held before the damage is kept.
    assert done.returncode == 1
    assert "not read to its end: " + str(tmp_path / "damaged.warc.gz") in done.stdout
    found = spark_rows(spark, output)

    expected = set()
    for name in files:
        rows, cli = cli_rows(str(tmp_path / name), tmp_path / name, pack)
        assert cli.returncode == 0 and rows, cli.stderr
        expected |= rows
    damaged, cli = cli_rows(str(tmp_path / "damaged.warc.gz"), tmp_path / "damaged.warc.gz", pack)
    assert cli.returncode != 0 and damaged
    expected |= damaged
    remote, _ = cli_rows(prefix + "remote.warc.gz", tmp_path / "second.warc.gz", pack)
    expected |= remote
    assert found == expected
    assert len({row[1] for row in found if row[0].endswith("first.warc.gz")}) > len(bodies) // 2
