"""Spot scraped copies of articles: the copyspot Rust core for Python.

>>> import copyspot
>>> builder = copyspot.PackBuilder()
>>> builder.add("budget", "The committee met on Tuesday to discuss the new budget for schools "
...     "in the region and agreed to raise spending on teachers by five percent while cutting the "
...     "money set aside for new buildings over the next three years.", title="Budget")
>>> pack = copyspot.Pack.from_bytes(builder.build())
>>> copyspot.check(pack, "Reported: The committee met on Tuesday to discuss the new budget for "
...     "schools in the region and agreed to raise spending on teachers by five percent while "
...     "cutting the money set aside for new buildings over the next three years.")["score"] >= 90
True
"""

from ._copyspot import (
    ALARM_SCORE,
    Pack,
    PackBuilder,
    WarcPages,
    check,
    check_document,
    compare,
    extract,
)

__all__ = [
    "ALARM_SCORE",
    "Pack",
    "PackBuilder",
    "WarcPages",
    "check",
    "check_document",
    "compare",
    "extract",
]
