"""Frames decoded ahead in a background thread: order, errors and early stops."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from analysis_app.engine.frames import read_ahead
from analysis_app.engine.media import MediaError


def test_read_ahead_yields_everything_in_order() -> None:
    # given
    items = iter(range(100))

    # when
    produced = list(read_ahead(items, depth=3))

    # then
    assert produced == list(range(100))


def test_read_ahead_raises_the_producers_error_where_it_is_consumed() -> None:
    # given
    def corrupt() -> Iterator[int]:
        yield 1
        raise MediaError("The recording's video is corrupt and cannot be decoded.")

    # when / then
    with pytest.raises(MediaError, match="corrupt"):
        list(read_ahead(corrupt()))


def test_stopping_early_stops_the_producer_and_closes_the_source() -> None:
    # given
    closed = threading.Event()

    def endless() -> Iterator[int]:
        try:
            count = 0
            while True:
                yield count
                count += 1
        finally:
            closed.set()

    reader = read_ahead(endless(), depth=2)

    # when
    next(reader)
    reader.close()

    # then
    assert closed.wait(timeout=5)
