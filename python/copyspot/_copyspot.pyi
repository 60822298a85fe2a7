# Type stubs of the compiled module. Reports, articles and comparisons are plain dicts of the
# JSON schema `copyspot check --json` and `copyspot compare --json` print (docs/detection.md),
# with fixed-size pairs (shared fingerprints per channel) as tuples.
from collections.abc import Iterator, Sequence
from os import PathLike
from typing import Any, Literal, TypedDict

ALARM_SCORE: int

Kind = Literal["html", "rendered", "text"] | None

class Reference(TypedDict, total=False):
    id: str
    title: str
    source: str
    aliases: str
    fingerprints: list[int]
    evidence_words: int

class Article(TypedDict):
    title: str
    text: str
    paragraphs: list[dict[str, int]]

class Report(TypedDict):
    status: Literal["checked", "no_article_text"]
    scope: Literal["article", "page"]
    score: int
    words: int
    matches: list[dict[str, Any]]

class CheckedDocument(TypedDict):
    article: Article
    report: Report

class WarcPage(TypedDict):
    url: str
    date: str
    html: str

class Pack:
    @staticmethod
    def from_bytes(data: bytes) -> Pack: ...
    @staticmethod
    def open(path: str | PathLike[str]) -> Pack: ...
    def info(self) -> dict[str, Any]: ...
    def references(self) -> list[Reference]: ...
    def to_bytes(self) -> bytes: ...
    def __len__(self) -> int: ...

class PackBuilder:
    def __init__(self) -> None: ...
    def add(self, id: str, text: str, title: str = "", url: str = "") -> None: ...
    def add_pack(self, pack: Pack) -> None: ...
    def describe(self, name: str, description: str) -> None: ...
    def build(self) -> bytes: ...
    def __len__(self) -> int: ...

class WarcPages(Iterator[WarcPage]):
    def __init__(self, path: str | PathLike[str]) -> None: ...
    def __iter__(self) -> WarcPages: ...
    def __next__(self) -> WarcPage: ...

def check(packs: Pack | Sequence[Pack], text: str) -> Report: ...
def check_document(packs: Pack | Sequence[Pack], content: str, kind: Kind = None) -> CheckedDocument: ...
def compare(suspect: str, source: str) -> dict[str, Any]: ...
def extract(content: str, kind: Kind = None) -> Article: ...
