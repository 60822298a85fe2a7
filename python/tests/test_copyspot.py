"""The Python package against the same fixtures as the Rust tests, and against the CLI."""

import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

import copyspot

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CLI = Path(os.environ.get("COPYSPOT_CLI", ROOT / "target" / "release" / "copyspot"))
ORIGINAL = (FIXTURES / "000_65db108d60c74e38.txt").read_text()
SPUN = (FIXTURES / "001_d6cec7cc6cecf5e2.txt").read_text()
AGGREGATOR_PAGE = (FIXTURES / "pages" / "aggregator-newsbreak.html").read_text()


def seed_pack() -> copyspot.Pack:
    builder = copyspot.PackBuilder()
    title, _, body = ORIGINAL.partition("\n")
    builder.add("000", body, title=title, url="https://example.org/000")
    builder.describe("Seeds", "The seed original.")
    return copyspot.Pack.from_bytes(builder.build())


def test_a_built_pack_finds_the_aggregator_copy_and_the_spun_one():
    pack = seed_pack()
    assert len(pack) == 1
    info = pack.info()
    assert (info["name"], info["description"], info["references"]) == ("Seeds", "The seed original.", 1)
    assert pack.references()[0]["id"] == "000"
    checked = copyspot.check_document(pack, AGGREGATOR_PAGE)
    assert checked["report"]["matches"][0]["id"] == "000"
    assert checked["report"]["score"] >= 90
    assert checked["article"]["text"]
    spun = copyspot.check(pack, SPUN)
    assert spun["score"] >= copyspot.ALARM_SCORE
    assert {p["kind"] for p in spun["matches"][0]["passages"]} & {"spun", "verbatim"}
    # Packs round-trip through their bytes, and several are checked together.
    again = copyspot.Pack.from_bytes(pack.to_bytes())
    assert copyspot.check([pack, again], SPUN)["score"] == spun["score"]


def test_builds_are_reproducible_and_a_builder_is_used_once():
    def build():
        builder = copyspot.PackBuilder()
        builder.add("000", ORIGINAL)
        builder.add("001", SPUN)
        return builder

    builder = build()
    first = builder.build()
    assert first == build().build()
    with pytest.raises(ValueError, match="already built"):
        builder.build()


def test_reports_equal_the_command_lines(tmp_path):
    if not CLI.exists():
        pytest.skip(f"SKIPPED: {CLI} is not built (./build.sh build)")
    pack_path = tmp_path / "seeds.cspk"
    subprocess.run([CLI, "pack", "build", "-o", pack_path, FIXTURES / "000_65db108d60c74e38.txt"], check=True, capture_output=True)
    pack = copyspot.Pack.open(pack_path)
    inputs = [FIXTURES / "001_d6cec7cc6cecf5e2.txt", FIXTURES / "002_5543096b6f1dd9d0.txt", *sorted((FIXTURES / "pages").glob("*.html"))]
    lines = subprocess.run([CLI, "check", "--json", "--pack", pack_path, *inputs], check=True, capture_output=True, text=True).stdout
    by_input = {Path(line["input"]).name: line["report"] for line in map(json.loads, lines.splitlines())}
    assert len(by_input) == len(inputs)
    for path in inputs:
        kind = "text" if path.suffix == ".txt" else "html"
        report = copyspot.check_document(pack, path.read_text(), kind)["report"]
        # Pairs (shared fingerprints per channel) are tuples in Python, arrays in JSON.
        assert json.loads(json.dumps(report)) == by_input[path.name], path.name


def test_compare_and_extract():
    comparison = copyspot.compare(SPUN, ORIGINAL)
    assert comparison["score"] >= 70
    assert comparison["passages"][0]["source"]["end"] > comparison["passages"][0]["source"]["start"]
    article = copyspot.extract(AGGREGATOR_PAGE, "html")
    assert article["title"]
    assert all(p["end"] <= len(article["text"].encode()) for p in article["paragraphs"])


def test_bad_input_is_an_exception_with_the_cores_message(tmp_path):
    data = seed_pack().to_bytes()
    with pytest.raises(ValueError, match="truncated"):
        copyspot.Pack.from_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="not a copyspot pack"):
        copyspot.Pack.from_bytes(b"hello")
    with pytest.raises(OSError, match="missing.cspk"):
        copyspot.Pack.open(tmp_path / "missing.cspk")
    with pytest.raises(ValueError, match='kind must be "html"'):
        copyspot.extract("<p>x</p>", "pdf")
    with pytest.raises(OSError):
        copyspot.WarcPages(tmp_path / "missing.warc.gz")
    # Garbage as a page or a WARC is an answer, not a crash.
    assert copyspot.check_document(seed_pack(), "\x00\xff<<<" * 1000)["report"]["score"] == 0
    (tmp_path / "bad.warc").write_bytes(b"WARC/1.0\r\nnot a header\r\n\r\n" * 10)
    with pytest.raises(ValueError, match="bad.warc"):
        list(copyspot.WarcPages(tmp_path / "bad.warc"))


def test_the_gil_is_released_while_the_core_works():
    pack = seed_pack()
    page = "<html><body><article>" + "<p>" + ORIGINAL + "</p>" * 1 + "</article>" + ("<p>" + SPUN + "</p>") * 300 + "</body></html>"
    started = time.perf_counter()
    copyspot.check_document(pack, page)
    alone = time.perf_counter() - started
    worker = threading.Thread(target=copyspot.check_document, args=(pack, page))
    longest_pause, last = 0.0, time.perf_counter()
    worker.start()
    while worker.is_alive():
        now = time.perf_counter()
        longest_pause, last = max(longest_pause, now - last), now
    # Held, the GIL would stop this loop for the whole call.
    assert longest_pause < alone / 2, (longest_pause, alone)


def test_warc_pages_stream_in_archive_order(tmp_path):
    warcio = pytest.importorskip("warcio", reason="SKIPPED: warcio is not installed")
    from io import BytesIO

    path = tmp_path / "pages.warc.gz"
    with open(path, "wb") as out:
        writer = warcio.warcwriter.WARCWriter(out, gzip=True)
        for i, body in enumerate([AGGREGATOR_PAGE, "<html><body><p>second page</p></body></html>"]):
            headers = warcio.statusandheaders.StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://site.example/{i}", "response", payload=BytesIO(body.encode()), http_headers=headers)
            writer.write_record(record)
        writer.write_record(writer.create_warc_record("https://site.example/robots.txt", "request", payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    pages = list(copyspot.WarcPages(path))
    assert [p["url"] for p in pages] == ["https://site.example/0", "https://site.example/1"]
    assert pages[0]["html"] == AGGREGATOR_PAGE
    assert pages[0]["date"]
    assert copyspot.check_document(seed_pack(), pages[0]["html"], "html")["report"]["score"] >= 90
    # The same pages from a file object (as fsspec opens a remote file), read a little at a time.
    with open(path, "rb", buffering=0) as file:
        assert list(copyspot.WarcPages(file)) == pages
    with open(path, "r", encoding="latin-1") as text_file:
        with pytest.raises(OSError, match="binary mode"):
            list(copyspot.WarcPages(text_file))
    with pytest.raises(TypeError, match="path or a binary file object"):
        copyspot.WarcPages(42)


def test_partial_builds_of_slices_build_the_whole_pack():
    texts = [("000", ORIGINAL), ("001", SPUN), ("copy", ORIGINAL), ("short", "Too short.")]

    def builder(items):
        built = copyspot.PackBuilder()
        for id, text in items:
            built.add(id, text, title=id)
        return built

    whole = builder(texts)
    whole.describe("Seeds", "")
    joined = copyspot.PackBuilder()
    for part in (texts[:1], texts[1:3], texts[3:]):
        joined.add_partial(builder(part).partial())
    joined.describe("Seeds", "")
    bytes = joined.build()
    assert bytes == whole.build()
    assert copyspot.Pack.from_bytes(bytes).references()[0]["aliases"] == "copy"
    with pytest.raises(ValueError, match="not a copyspot partial build"):
        copyspot.PackBuilder().add_partial(bytes)
