"""Writes the Readability test pages into a WARC file with warcio, the Webrecorder project's
WARC reader and writer: a request, a response and a metadata record a page, gzipped record by
record as crawlers write them.

    python write-warc.py PAGES_DIR OUT.warc.gz [RESPONSES]

RESPONSES (default: one a page) repeats the pages under distinct URLs until there are that
many response records. `write_warc` does the same for other pages (the Spark tests).
"""
import io
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def main():
    pages_dir, out = Path(sys.argv[1]), sys.argv[2]
    pages = sorted(p for p in pages_dir.iterdir() if (p / "source.html").is_file())
    wanted = int(sys.argv[3]) if len(sys.argv) > 3 else len(pages)
    write_warc(out, [(p.name, (p / "source.html").read_bytes()) for p in pages], wanted)


def write_warc(out, bodies, wanted, gzip=True):
    """`wanted` response records of the (name, HTML bytes) `bodies`, in turn, into `out`."""
    with open(out, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(out, {"software": "warcio"}))
        for n in range(wanted):
            name, body = bodies[n % len(bodies)]
            uri = f"https://pages.example/{name}/?copy={n // len(bodies)}"
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "pages.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            response = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(response)
            metadata = writer.create_warc_record(
                uri, "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\n"), warc_content_type="application/warc-fields"
            )
            writer.write_record(metadata)


if __name__ == "__main__":
    main()
