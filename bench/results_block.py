"""Benchmarks write their figures into docs/performance.md between markers of their own, so a
re-run replaces the old figures and leaves the prose around them alone; the command line's
`--write` and the printing of the report are the same for every benchmark, so they are here."""

from __future__ import annotations

import argparse
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


def bench_parser(doc: str | None) -> argparse.ArgumentParser:
    """A benchmark's command line: its docstring's first line, and `--write FILE`."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n")[0])
    parser.add_argument("--write", type=Path, default=None,
                        help="replace this Markdown file's results block with the figures")
    return parser


def publish(report: str, path: Path | None, name: str) -> None:
    """Print the report and, with `--write`, put it in the file's `name` block."""
    print(report)
    if path:
        write_block(path, name, report)
