import { describe, expect, it, vi } from 'vitest';
import { NetworkError } from '../api/client';
import { apiError, fakeApi, ok, type RecordedRequest } from '../test/fakeApi';
import { ANSWER_ID, answer } from '../test/fixtures';
import {
  UploadStalledError,
  backoffDelay,
  uploadRecording,
  type UploadProgress,
} from './resumableUpload';

const BASE = `/api/answers/${ANSWER_ID}/upload`;
const noWait = () => Promise.resolve();

function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('The blob could not be read.'));
    reader.readAsArrayBuffer(blob);
  });
}

/** The server side of a resumable upload: it keeps the bytes and refuses holes like the API. */
class UploadServer {
  received = new Uint8Array(0);
  size = 0;
  state: 'none' | 'uploading' | 'complete' = 'none';
  /** Chunk PUTs (by number, 1-based) whose connection drops; `afterWrite` drops the reply only. */
  drops = new Map<number, 'beforeWrite' | 'afterWrite'>();
  puts = 0;

  routes() {
    return {
      [`POST ${BASE}/start/`]: (request: RecordedRequest) => {
        this.size = (request.body as { size: number }).size;
        this.state = 'uploading';
        this.received = new Uint8Array(0);
        return ok(this.status(), 201);
      },
      [`GET ${BASE}/`]: () => ok(this.status()),
      [`PUT ${BASE}/chunk/`]: async (request: RecordedRequest) => {
        this.puts += 1;
        const drop = this.drops.get(this.puts);
        if (drop === 'beforeWrite') throw new TypeError('Failed to fetch');
        const offset = Number(request.headers['Upload-Offset']);
        if (offset > this.received.length) {
          return apiError(409, 'offset_mismatch', 'Resume elsewhere.', { offset: this.received.length });
        }
        const data = await bytesOf(request.body as Blob);
        const merged = new Uint8Array(Math.max(this.received.length, offset + data.length));
        merged.set(this.received);
        merged.set(data, offset);
        this.received = merged;
        if (drop === 'afterWrite') throw new TypeError('Failed to fetch');
        return ok(this.status());
      },
      [`POST ${BASE}/finish/`]: () => {
        this.state = 'complete';
        return ok(answer({ analysis_status: 'queued' }), 202);
      },
    };
  }

  status() {
    return { state: this.state, filename: 'answer.webm', size: this.size, offset: this.received.length };
  }
}

function recording(bytes: number): { blob: Blob; source: Uint8Array } {
  const source = Uint8Array.from({ length: bytes }, (_, index) => index % 251);
  return { blob: new Blob([source], { type: 'video/webm' }), source };
}

describe('uploadRecording', () => {
  it('sends the recording in chunks at increasing offsets, then finishes it', async () => {
    // given
    const server = new UploadServer();
    const { requests } = fakeApi(server.routes());
    const { blob, source } = recording(2500);
    const progress: UploadProgress[] = [];
    // when
    await uploadRecording({ answerId: ANSWER_ID, blob, filename: 'answer.webm' }, { chunkBytes: 1000, onProgress: (p) => progress.push(p) });
    // then
    expect(server.received).toEqual(source);
    expect(server.state).toBe('complete');
    const offsets = requests.filter((r) => r.method === 'PUT').map((r) => r.headers['Upload-Offset']);
    expect(offsets).toEqual(['0', '1000', '2000']);
    expect(requests[0]?.body).toEqual({ filename: 'answer.webm', size: 2500, content_type: 'video/webm' });
    expect(progress.map((p) => [p.phase, p.sent])).toEqual([
      ['uploading', 0],
      ['uploading', 1000],
      ['uploading', 2000],
      ['uploading', 2500],
      ['finishing', 2500],
    ]);
  });

  it('after a dropped connection asks the server where to resume and sends nothing twice', async () => {
    // given: the second chunk reaches the server but its reply is lost
    const server = new UploadServer();
    server.drops.set(2, 'afterWrite');
    const { requests } = fakeApi(server.routes());
    const { blob, source } = recording(3000);
    const progress: UploadProgress[] = [];
    // when
    await uploadRecording(
      { answerId: ANSWER_ID, blob, filename: 'answer.webm' },
      { chunkBytes: 1000, sleep: noWait, random: () => 0.5, onProgress: (p) => progress.push(p) },
    );
    // then
    expect(server.received).toEqual(source);
    const sequence = requests.map((r) => `${r.method} ${r.headers['Upload-Offset'] ?? r.path.split('/').at(-2)}`);
    expect(sequence).toEqual(['POST start', 'PUT 0', 'PUT 1000', 'GET upload', 'PUT 2000', 'POST finish']);
    const retry = progress.find((p) => p.phase === 'retrying');
    expect(retry).toMatchObject({ sent: 1000, attempt: 1, reason: 'The connection to the server was lost.' });
  });

  it('jumps to the offset the server names when a chunk does not fit', async () => {
    // given: the server already holds 1500 bytes of an upload this page started earlier
    const server = new UploadServer();
    const { blob, source } = recording(3000);
    server.state = 'uploading';
    server.size = 3000;
    server.received = source.slice(0, 1500);
    const { requests } = fakeApi(server.routes());
    // when
    await uploadRecording({ answerId: ANSWER_ID, blob, filename: 'answer.webm' }, { chunkBytes: 1000, resume: true });
    // then
    expect(server.received).toEqual(source);
    expect(requests.filter((r) => r.method === 'PUT').map((r) => r.headers['Upload-Offset'])).toEqual(['1500', '2500']);
    expect(requests.some((r) => r.path.endsWith('/start/'))).toBe(false);
  });

  it('gives up after its retries with what is safe on the server, and a resume finishes the job', async () => {
    // given: the connection is down for the second chunk and every retry
    const server = new UploadServer();
    for (let put = 2; put <= 5; put += 1) server.drops.set(put, 'beforeWrite');
    fakeApi(server.routes());
    const { blob, source } = recording(2000);
    const options = { chunkBytes: 1000, sleep: noWait, retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 100 } };
    // when
    const failure = await uploadRecording({ answerId: ANSWER_ID, blob, filename: 'answer.webm' }, options).catch((e: unknown) => e);
    await uploadRecording({ answerId: ANSWER_ID, blob, filename: 'answer.webm' }, { ...options, resume: true });
    // then
    expect(failure).toBeInstanceOf(UploadStalledError);
    expect((failure as UploadStalledError).sent).toBe(1000);
    expect((failure as UploadStalledError).cause).toBeInstanceOf(NetworkError);
    expect(server.received).toEqual(source);
    expect(server.state).toBe('complete');
  });

  it('does not retry a recording the server refuses', async () => {
    // given
    const server = new UploadServer();
    const routes = server.routes();
    routes[`POST ${BASE}/finish/`] = () => apiError(422, 'invalid_recording', 'The file has no audio track.');
    const { requests } = fakeApi(routes);
    const sleep = vi.fn(noWait);
    // when
    const failure = await uploadRecording({ answerId: ANSWER_ID, blob: recording(10).blob, filename: 'answer.webm' }, { sleep }).catch((e: unknown) => e);
    // then
    expect(failure).toMatchObject({ status: 422, message: 'The file has no audio track.' });
    expect(sleep).not.toHaveBeenCalled();
    expect(requests.filter((r) => r.path.endsWith('/finish/'))).toHaveLength(1);
  });

  it('after a lost reply to finish checks the upload instead of finishing twice', async () => {
    // given
    const server = new UploadServer();
    const routes = server.routes();
    const finishOnce = routes[`POST ${BASE}/finish/`]!;
    routes[`POST ${BASE}/finish/`] = () => {
      finishOnce();
      throw new TypeError('Failed to fetch');
    };
    const { requests } = fakeApi(routes);
    // when
    await uploadRecording({ answerId: ANSWER_ID, blob: recording(10).blob, filename: 'answer.webm' }, { sleep: noWait });
    // then
    expect(server.state).toBe('complete');
    expect(requests.filter((r) => r.path.endsWith('/finish/'))).toHaveLength(1);
    expect(requests.at(-1)?.method).toBe('GET');
  });
});

describe('backoffDelay', () => {
  it('doubles up to the ceiling, with jitter in the upper half', () => {
    const policy = { maxRetries: 8, baseDelayMs: 500, maxDelayMs: 8000 };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay(3, policy, () => 0)).toBe(1000);
  });
});
