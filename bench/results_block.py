"""Benchmarks write their figures into docs/performance.md between markers of their own, so a
re-run replaces the old figures and leaves the prose around them alone."""

from __future__ import annotations

from pathlib import Path


def write_block(path: Path, name: str, report: str) -> None:
    """Replace the block between `<!-- {name}:begin -->` and `<!-- {name}:end -->`."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin not in text or end not in text:
        text += f"\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{report}\n{end}{tail}", encoding="utf-8")
