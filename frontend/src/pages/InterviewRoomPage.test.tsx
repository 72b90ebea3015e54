import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, fakeApi, ok, type RecordedRequest } from '../test/fakeApi';
import { FakeWebSocket } from '../test/fakeWebSocket';
import { ANSWER_ID, SESSION_ID, USER, answer, session } from '../test/fixtures';
import { renderApp } from '../test/renderApp';
import { CHUNK_BYTES } from '../upload/resumableUpload';

const RECORDING_BYTES = 300 * 1024;

class FakeMediaRecorder {
  static isTypeSupported = (type: string) => type === 'video/webm;codecs=vp8,opus';
  state: 'inactive' | 'recording' = 'inactive';
  mimeType: string;
  ondataavailable: ((event: { data: Blob }) => void) | null = null;
  onstop: (() => void) | null = null;

  constructor(_stream: unknown, options?: { mimeType?: string }) {
    this.mimeType = options?.mimeType ?? '';
  }

  start() {
    this.state = 'recording';
  }

  stop() {
    this.state = 'inactive';
    this.ondataavailable?.({ data: new Blob([new Uint8Array(RECORDING_BYTES)]) });
    this.onstop?.();
  }
}

function camera(outcome: 'granted' | 'NotAllowedError') {
  const getUserMedia = vi.fn(async () => {
    if (outcome !== 'granted') throw new DOMException('Permission denied', outcome);
    return { getTracks: () => [] };
  });
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia } });
  vi.stubGlobal('MediaRecorder', FakeMediaRecorder);
  return getUserMedia;
}

/** The session, answer and upload endpoints the room calls, with an upload the test can break. */
function roomApi(options: { chunkFails?: (put: number) => boolean; finish?: () => ReturnType<typeof ok> } = {}) {
  let offset = 0;
  let puts = 0;
  const base = `/api/answers/${ANSWER_ID}/upload`;
  const status = () => ok({ state: 'uploading', filename: 'answer.webm', size: RECORDING_BYTES, offset });
  return fakeApi({
    'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
    'GET /api/auth/me/': ok(USER),
    [`GET /api/sessions/${SESSION_ID}/`]: ok(session()),
    [`POST /api/sessions/${SESSION_ID}/answers/create/`]: ok(answer(), 201),
    [`POST ${base}/start/`]: () => status(),
    [`GET ${base}/`]: () => status(),
    [`PUT ${base}/chunk/`]: (request: RecordedRequest) => {
      puts += 1;
      if (options.chunkFails?.(puts)) throw new TypeError('Failed to fetch');
      offset = Number(request.headers['Upload-Offset']) + (request.body as Blob).size;
      return status();
    },
    [`POST ${base}/finish/`]: options.finish ?? (() => ok(answer({ analysis_status: 'queued' }), 202)),
  });
}

async function recordAnAnswer(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Start recording' }));
  await user.click(screen.getByRole('button', { name: 'Stop recording' }));
  await user.click(screen.getByRole('button', { name: 'Submit this answer' }));
}

describe('InterviewRoomPage', () => {
  beforeEach(() => FakeWebSocket.install());
  afterEach(() => vi.useRealTimers());

  it('explains what to do when the camera or microphone is refused, and can ask again', async () => {
    // given
    const getUserMedia = camera('NotAllowedError');
    roomApi();
    renderApp(`/sessions/${SESSION_ID}/interview`);
    // when
    const alert = await screen.findByText('Camera or microphone access was refused.');
    await userEvent.click(within(alert.parentElement!).getByRole('button', { name: 'Try again' }));
    // then
    expect(getUserMedia).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('button', { name: 'Start recording' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Tell me about a project you led.' })).toBeTruthy();
  });

  it('records, uploads in chunks and shows the analysis stages arriving live', async () => {
    // given
    camera('granted');
    const { requests } = roomApi();
    renderApp(`/sessions/${SESSION_ID}/interview`);
    const user = userEvent.setup();
    // when
    await recordAnAnswer(user);
    await screen.findByText('Waiting for analysis');
    const socket = FakeWebSocket.latest();
    act(() => {
      socket.deliver({ type: 'stage', session_id: SESSION_ID, answer_id: ANSWER_ID, stage: 'media', status: 'finished', attempt: 1, error: '', at: '' });
      socket.deliver({ type: 'stage', session_id: SESSION_ID, answer_id: ANSWER_ID, stage: 'video', status: 'failed', attempt: 1, error: 'No face was found.', at: '' });
    });
    // then
    const chunks = requests.filter((r) => r.method === 'PUT').map((r) => r.headers['Upload-Offset']);
    expect(chunks).toEqual(['0', String(CHUNK_BYTES)]);
    expect(socket.url).toContain(`/ws/sessions/${SESSION_ID}/`);
    const stages = screen.getAllByRole('listitem').filter((item) => item.hasAttribute('data-stage'));
    expect(stages.map((item) => item.getAttribute('data-status'))).toEqual(['finished', 'pending', 'pending', 'failed', 'pending', 'pending']);
    expect(screen.getByText('No face was found.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the report for this answer' }).getAttribute('href')).toBe(`/answers/${ANSWER_ID}/report`);
    expect(screen.getByRole('heading', { name: 'Tell me about a project you led.' })).toBeTruthy();
  });

  it('keeps retrying through a dropped connection, then offers to resume from where it stopped', async () => {
    // given: the connection drops on the second chunk and stays down for every retry
    vi.useFakeTimers({ shouldAdvanceTime: true });
    camera('granted');
    let down = true;
    const { requests } = roomApi({ chunkFails: (put) => put >= 2 && down });
    renderApp(`/sessions/${SESSION_ID}/interview`);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    // when
    await recordAnAnswer(user);
    await screen.findByText(/Connection lost at 256 KB\. Retrying in \d+ s \(attempt 1\)/);
    for (let step = 0; step < 12; step += 1) await act(() => vi.advanceTimersByTimeAsync(8000));
    const stalled = await screen.findByText('The upload stopped: the connection is down.');
    down = false;
    await user.click(screen.getByRole('button', { name: 'Resume the upload' }));
    // then
    expect(stalled).toBeTruthy();
    await screen.findByText('Waiting for analysis');
    const offsetChecks = requests.filter((r) => r.method === 'GET' && r.path.endsWith('/upload/'));
    expect(offsetChecks.length).toBeGreaterThan(1);
    expect(requests.filter((r) => r.path.endsWith('/start/'))).toHaveLength(1);
    expect(requests.filter((r) => r.path.endsWith('/finish/'))).toHaveLength(1);
  });

  it('asks for a new recording when the server refuses the file', async () => {
    // given
    camera('granted');
    roomApi({ finish: () => apiError(422, 'invalid_recording', 'The recording has no audio track.') });
    renderApp(`/sessions/${SESSION_ID}/interview`);
    // when
    await recordAnAnswer(userEvent.setup());
    // then
    expect(await screen.findByText('This recording could not be used. Please record your answer again.')).toBeTruthy();
    expect(screen.getByText('The recording has no audio track.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Record again' })).toBeTruthy();
  });
});
