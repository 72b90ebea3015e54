// Sends a recording in chunks at byte offsets. After a dropped connection or a server hiccup it
// waits (exponential backoff with jitter), asks the server how many bytes it holds and goes on
// from there, so nothing is sent twice and nothing is lost.
import { ApiError, isTransient, messageOf } from '../api/client';
import { uploads } from '../api/endpoints';

export const CHUNK_BYTES = 256 * 1024;

export type UploadPhase = 'uploading' | 'retrying' | 'finishing';

export interface UploadProgress {
  phase: UploadPhase;
  sent: number;
  total: number;
  /** While retrying: which attempt comes next, in how long, and what went wrong. */
  attempt?: number;
  retryInMs?: number;
  reason?: string;
}

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { maxRetries: 8, baseDelayMs: 500, maxDelayMs: 8000 };

export interface UploadOptions {
  chunkBytes?: number;
  retry?: RetryPolicy;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** The retries ran out; `sent` bytes are safe on the server and a later resume starts there. */
export class UploadStalledError extends Error {
  readonly sent: number;

  constructor(sent: number, cause: unknown) {
    super(`The upload stopped after several attempts: ${messageOf(cause)}`, { cause });
    this.name = 'UploadStalledError';
    this.sent = sent;
  }
}

export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the abort's own reason, as fetch() rejects with
      reject(signal.reason);
    });
  });
}

function conflictOffset(error: unknown): number | null {
  if (error instanceof ApiError && error.status === 409 && typeof error.details.offset === 'number') {
    return error.details.offset;
  }
  return null;
}

/**
 * Runs `step` until it succeeds, retrying transient failures with backoff. The attempt count
 * starts again whenever `progress()` moved, so a long upload survives several separate blips.
 */
async function withRetries<T>(
  step: () => Promise<T>,
  onRetry: (attempt: number, delayMs: number, error: unknown) => void,
  options: UploadOptions,
  progress: () => number = () => 0,
): Promise<T> {
  const policy = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? defaultSleep;
  let attempt = 0;
  let mark = progress();
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (progress() !== mark) {
        attempt = 0;
        mark = progress();
      }
      attempt += 1;
      if (options.signal?.aborted || !isTransient(error) || attempt > policy.maxRetries) throw error;
      const delay = backoffDelay(attempt, policy, options.random);
      onRetry(attempt, delay, error);
      await sleep(delay, options.signal);
    }
  }
}

interface UploadTarget {
  answerId: string;
  blob: Blob;
  filename: string;
}

/**
 * Uploads `blob` as the answer's recording and finishes the upload (which queues the analysis).
 * With `resume`, continues an upload started earlier from the offset the server reports.
 */
export async function uploadRecording(
  { answerId, blob, filename }: UploadTarget,
  options: UploadOptions & { resume?: boolean } = {},
): Promise<void> {
  const total = blob.size;
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const report = (progress: Omit<UploadProgress, 'total'>) => options.onProgress?.({ ...progress, total });
  let offset = 0;
  let started = false;
  let finished = false;
  let askServer = options.resume ?? false;

  const onRetry = (attempt: number, delayMs: number, error: unknown) => {
    askServer = true;
    report({ phase: 'retrying', sent: offset, attempt, retryInMs: delayMs, reason: messageOf(error) });
  };

  const syncWithServer = async () => {
    const state = await uploads.status(answerId, options.signal);
    askServer = false;
    started = state.state === 'uploading';
    finished = state.state === 'complete';
    offset = finished ? total : state.offset;
  };

  const send = async (): Promise<void> => {
    if (askServer) await syncWithServer();
    if (finished) return;
    if (!started) {
      offset = 0;
      await uploads.start(answerId, { filename, size: total, content_type: blob.type });
      started = true;
    }
    while (offset < total) {
      const chunk = blob.slice(offset, Math.min(offset + chunkBytes, total));
      try {
        offset = (await uploads.chunk(answerId, chunk, offset, options.signal)).offset;
      } catch (error) {
        const serverOffset = conflictOffset(error);
        if (serverOffset === null || serverOffset === offset) throw error;
        offset = serverOffset;
      }
      report({ phase: 'uploading', sent: offset });
    }
  };

  report({ phase: 'uploading', sent: 0 });
  try {
    await withRetries(send, onRetry, options, () => offset);
  } catch (error) {
    if (isTransient(error)) throw new UploadStalledError(offset, error);
    throw error;
  }
  if (finished) return;
  report({ phase: 'finishing', sent: total });
  await finish(answerId, options);
}

/** Finishing twice is refused once the first succeeded, so a lost reply is checked, not re-sent. */
async function finish(answerId: string, options: UploadOptions): Promise<void> {
  let retried = false;
  await withRetries(
    async () => {
      if (retried && (await uploads.status(answerId, options.signal)).state === 'complete') return;
      await uploads.finish(answerId, options.signal);
    },
    () => {
      retried = true;
    },
    options,
  );
}
