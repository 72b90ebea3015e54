"""How much slower the first answer is than the second, on a platform that has just started,
and how long answers wait when several arrive at once.

Start the platform (`bash scripts/run.sh`), then run this at once: it signs up through the API,
submits a ~25 s answer, waits for its report, then submits a second one, and prints the time
from each upload's finish to its analysis's end and their ratio. With models loaded when each
worker process starts (`ANALYSIS_WARM_UP`, the run command's default) the ratio stays near 1.
With `--burst N` it then finishes N uploads of the same answer at the same moment (N questions
of one session) and prints each one's time from finish to report, as a class of candidates
submitting together would wait on the README's single worker.

    .venv/bin/python bench/bench_first_answer.py [--base-url http://127.0.0.1:8000] [--burst 6]
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ANSWER = (
    "In my last role I led the migration of our billing service to a new database. First I "
    "measured where the time went, then we moved one customer at a time, and we kept the old "
    "system running beside the new one until the numbers matched. In the end the nightly "
    "reports were ready two hours earlier and we cut the hosting costs by a third."
)


def make_recording(folder: Path) -> Path:
    from tests import media_factory

    target = folder / "answer_25s.webm"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        speech = media_factory.speech_wav(ANSWER, folder / "answer_25s.wav", wpm=130)
        media_factory.video_with_audio(speech, target, face=True, size=512, fps=30)
    return target


class Client:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        self.http.get(f"{base_url}/api/auth/csrf/").raise_for_status()

    def copy(self) -> Client:
        """Another HTTP session with this one's cookies (the same signed-in user)."""
        other = Client.__new__(Client)
        other.base_url = self.base_url
        other.http = requests.Session()
        other.http.cookies.update(self.http.cookies)
        return other

    def call(self, method: str, path: str, **kwargs: object) -> requests.Response:
        headers = {"X-CSRFToken": self.http.cookies["csrftoken"], "Referer": self.base_url,
                   **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        response = self.http.request(method, f"{self.base_url}{path}", headers=headers,
                                     **kwargs)  # type: ignore[arg-type]
        response.raise_for_status()
        return response


def upload_unfinished(client: Client, session_id: str, question_id: int, payload: bytes) -> str:
    """An answer with its recording uploaded but not finished yet; returns its upload path."""
    answer = client.call("POST", f"/api/sessions/{session_id}/answers/create/",
                         json={"question_id": question_id}).json()
    upload = f"/api/answers/{answer['id']}/upload/"
    client.call("POST", f"{upload}start/", json={"filename": "answer.webm", "size": len(payload)})
    client.call("PUT", f"{upload}chunk/", data=payload,
                headers={"Content-Type": "application/octet-stream", "Upload-Offset": "0"})
    return upload


def finish_and_wait(client: Client, upload: str) -> float:
    """Seconds from the upload's finish to the end of the analysis."""
    client.call("POST", f"{upload}finish/")
    finished = time.monotonic()
    answer = upload.removesuffix("upload/")
    while True:
        detail = client.call("GET", answer).json()
        if detail["analysis_status"] in ("completed", "partial", "failed"):
            return time.monotonic() - finished
        time.sleep(0.2)


def analyse_one(client: Client, session_id: str, question_id: int, payload: bytes) -> float:
    """Seconds from the upload's finish to the end of the analysis."""
    return finish_and_wait(client, upload_unfinished(client, session_id, question_id, payload))


def analyse_burst(client: Client, session_id: str, count: int, payload: bytes) -> list[float]:
    """`count` answers whose uploads finish together; each one's seconds to its report."""
    uploads = []
    for index in range(count):
        question = client.call("POST", f"/api/sessions/{session_id}/questions/create/",
                               json={"text": f"Tell me about a project you led ({index + 1})."})
        uploads.append(upload_unfinished(client, session_id, question.json()["id"], payload))
    with ThreadPoolExecutor(max_workers=count) as pool:
        # One HTTP session per thread (requests' sessions are not shared across threads),
        # all signed in as the same candidate.
        clients = [client.copy() for _ in uploads]
        return sorted(pool.map(finish_and_wait, clients, uploads))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--recording", type=Path, default=None)
    parser.add_argument("--burst", type=int, default=0,
                        help="then finish this many uploads at once and time each")
    args = parser.parse_args()
    recording = args.recording or make_recording(ROOT / "var" / "bench")
    client = Client(args.base_url)
    client.call("POST", "/api/auth/signup/",
                json={"username": f"bench-{int(time.time())}", "password": "bench-Pass-1234"})
    session = client.call("POST", "/api/sessions/create/",
                          json={"target_role": "Data engineer"}).json()
    question = client.call("POST", f"/api/sessions/{session['id']}/questions/create/",
                           json={"text": "Tell me about a project you led."}).json()
    payload = recording.read_bytes()
    first = analyse_one(client, session["id"], question["id"], payload)
    second = analyse_one(client, session["id"], question["id"], payload)
    print(f"Recording: {recording.name}; finish to report: first answer {first:.1f} s, "
          f"second {second:.1f} s, ratio {first / second:.2f}x")
    if args.burst > 0:
        waits = analyse_burst(client, session["id"], args.burst, payload)
        print(f"{args.burst} answers finished at once: finish to report "
              + ", ".join(f"{wait:.1f}" for wait in waits) + " s")


if __name__ == "__main__":
    main()
