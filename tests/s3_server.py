"""A real S3 API server on loopback for the object-storage tests: moto's standalone server,
started as its own process, spoken to over HTTP by boto3 exactly as a cluster speaks to MinIO
or AWS. Nothing is patched in-process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import boto3
import requests

from tests.live_platform import stop_process

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str

    def client(self) -> object:
        return boto3.client("s3", endpoint_url=self.endpoint_url, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY, region_name=REGION)

    def new_bucket(self) -> str:
        name = f"coach-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)  # type: ignore[attr-defined]
        return name

    def keys(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)  # type: ignore[attr-defined]
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def settings_env(self, bucket: str) -> dict[str, str]:
        """What a process's environment says to store media in `bucket` on this server."""
        return {"MEDIA_STORAGE": "s3", "AWS_S3_ENDPOINT_URL": self.endpoint_url,
                "AWS_STORAGE_BUCKET_NAME": bucket, "AWS_ACCESS_KEY_ID": ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY": SECRET_KEY, "AWS_S3_REGION_NAME": REGION}


@contextmanager
def running_s3_server(port: int, log: Path) -> Iterator[S3Server]:
    moto_server = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(moto_server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
        env={**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "false"},
    )
    server = S3Server(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(server.endpoint_url, timeout=1)
                break
            except requests.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto_server did not start:\n{log.read_text()}") from None
                time.sleep(0.1)
        yield server
    finally:
        stop_process(process)
