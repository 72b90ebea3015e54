"""Video frames sampled at a fixed rate, decoded in-process (no temp files, no ffmpeg CLI).

Face and gaze features change over hundreds of milliseconds, so a few frames per second carry
the signal; decoding every frame is unavoidable (inter-frame codecs) but converting and
analysing only the sampled ones keeps the cost proportional to the sampling rate.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import av
import numpy as np

from analysis_app.engine.arrays import ImageArray
from analysis_app.engine.media import MediaError

T = TypeVar("T")

#: Pictures up to VGA size are decoded on one thread. Frame threading costs ~25 % more CPU
#: (VP8 512x512: 1.69 against 1.33 CPU s for 2 minutes), and at this size one thread decodes
#: the six frames behind each sampled one (~3 ms) faster than the face mesh analyses it, so it
#: only took CPU from the stages beside it. Larger pictures (720p: ~7 ms a sample on one
#: thread) keep frame threading, or decoding would hold the face mesh up.
_ONE_THREAD_MAX_PIXELS = 640 * 480


def _scaled_size(width: int, height: int, max_side: int) -> tuple[int, int]:
    scale = min(1.0, max_side / max(width, height))
    # Even sizes keep every pixel format converter happy.
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def sample_frames(
    path: str | Path, fps: float = 5.0, max_side: int = 512
) -> Iterator[tuple[float, ImageArray]]:
    """Yield (time in seconds, RGB uint8 array HxWx3) about every 1/fps seconds.

    The first frame at or after each sampling instant is taken, so timestamps are real frame
    times. Raises MediaError when there is no video track or the stream cannot be decoded.
    """
    if fps <= 0:
        raise ValueError("fps must be positive")
    try:
        container = av.open(str(path), mode="r", metadata_errors="ignore")
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as error:
        raise MediaError("The file is not a readable video recording.") from error
    with container:
        stream = next(
            (s for s in container.streams.video
             if not s.disposition & av.stream.Disposition.attached_pic),
            None,
        )
        if stream is None:
            raise MediaError("The recording has no video track.")
        if stream.codec_context.width * stream.codec_context.height > _ONE_THREAD_MAX_PIXELS:
            stream.thread_type = "AUTO"
        else:
            stream.codec_context.thread_count = 1
        interval = 1.0 / fps
        next_t = 0.0
        try:
            for frame in container.decode(stream):
                if frame.time is None:
                    continue
                # Times share the audio's origin (container time zero), never negative.
                t = max(0.0, float(frame.time))
                if t + 1e-6 < next_t:
                    continue
                width, height = _scaled_size(frame.width, frame.height, max_side)
                # rgb24 is bytes already: asarray only tells the type checker so, no copy.
                image = np.asarray(frame.to_ndarray(width=width, height=height, format="rgb24"),
                                   dtype=np.uint8)
                yield t, image
                next_t = (int(t / interval + 1e-6) + 1) * interval
        except av.FFmpegError as error:
            raise MediaError("The recording's video is corrupt and cannot be decoded.") from error


@dataclass(frozen=True)
class _Failed:
    error: BaseException


class _End:
    pass


@dataclass
class _Producer(Generic[T]):
    items: Iterator[T]
    buffer: queue.Queue[T | _Failed | _End]
    stop: threading.Event

    def put(self, item: T | _Failed | _End) -> bool:
        while not self.stop.is_set():
            try:
                self.buffer.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run(self) -> None:
        try:
            for item in self.items:
                if not self.put(item):
                    return
            self.put(_End())
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, which raises it
            self.put(_Failed(error))
        finally:
            close = getattr(self.items, "close", None)
            if callable(close):
                close()


def read_ahead(items: Iterator[T], depth: int = 8) -> Iterator[T]:
    """Iterate `items` produced by a background thread, up to `depth` ahead.

    Decoding (PyAV) and landmark models (MediaPipe) both release the GIL, so decoding the next
    frames while the current one is analysed overlaps the two on separate cores. Errors in the
    producer are raised here; stopping early stops the producer and closes the decoder.
    """
    producer = _Producer(items, queue.Queue(maxsize=depth), threading.Event())
    thread = threading.Thread(target=producer.run, name="read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item = producer.buffer.get()
            if isinstance(item, _End):
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        producer.stop.set()
        thread.join(timeout=10)
