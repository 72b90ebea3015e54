import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, fakeApi, ok, type RecordedRequest } from '../test/fakeApi';
import { FakeAudioContext, installFakeAudio } from '../test/fakeAudio';
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
    return { getTracks: () => [], getVideoTracks: () => [] };
  });
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia } });
  vi.stubGlobal('MediaRecorder', FakeMediaRecorder);
  return getUserMedia;
}

/** The session, answer and upload endpoints the room calls, with an upload the test can break. */
function roomApi(
  options: { chunkFails?: (put: number) => boolean; finish?: () => ReturnType<typeof ok>; create?: () => ReturnType<typeof ok> } = {},
) {
  let offset = 0;
  let puts = 0;
  const base = `/api/answers/${ANSWER_ID}/upload`;
  const status = () => ok({ state: 'uploading', filename: 'answer.webm', size: RECORDING_BYTES, offset });
  return fakeApi({
    'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
    'GET /api/auth/me/': ok(USER),
    [`GET /api/sessions/${SESSION_ID}/`]: ok(session()),
    [`POST /api/sessions/${SESSION_ID}/answers/create/`]: options.create ?? ok(answer(), 201),
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
  beforeEach(() => {
    FakeWebSocket.install();
    installFakeAudio();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    window.localStorage.clear();
  });

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
    const socket = FakeWebSocket.latest('/ws/sessions/');
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

  it('shows the live transcript under the question while recording, and submits that same answer', async () => {
    // given
    camera('granted');
    const { requests } = roomApi();
    renderApp(`/sessions/${SESSION_ID}/interview`);
    const user = userEvent.setup();
    const creates = () => requests.filter((r) => r.path.endsWith('/answers/create/'));

    // when: they record, words arrive on the answer's live socket, and they stop
    await user.click(await screen.findByRole('button', { name: 'Start recording' }));
    await screen.findByText('Your words will appear here as you speak.');
    const live = FakeWebSocket.latest('/live/');
    act(() => {
      live.deliver({ type: 'transcript.final', text: 'I led the billing migration.', start: 0, end: 2, words: [] });
      live.deliver({ type: 'nudge', kind: 'pace_fast', message: "You're speaking quickly: slow down a little.", t: 20 });
    });
    const preview = screen.getByRole('region', { name: 'Live preview' });
    const shownWhileRecording = preview.textContent;
    await user.click(screen.getByRole('button', { name: 'Stop recording' }));

    // then: the preview follows the question, and stays until they submit
    expect(live.url).toContain(`/ws/answers/${ANSWER_ID}/live/`);
    expect(shownWhileRecording).toContain('I led the billing migration.');
    expect(shownWhileRecording).toContain("You're speaking quickly");
    expect(screen.getByRole('region', { name: 'Live preview' }).textContent).toContain('I led the billing migration.');

    // when: they record again, then submit
    await user.click(screen.getByRole('button', { name: 'Re-record' }));
    await user.click(await screen.findByRole('button', { name: 'Start recording' }));
    await screen.findByText('Your words will appear here as you speak.');
    await user.click(screen.getByRole('button', { name: 'Stop recording' }));
    await user.click(screen.getByRole('button', { name: 'Submit this answer' }));
    await screen.findByText('Waiting for analysis');

    // then: one answer was created and the upload went to it; the preview made way
    expect(creates()).toHaveLength(1);
    expect(FakeWebSocket.instances.filter((socket) => socket.url.includes('/live/')).map((socket) => socket.url)).toEqual([live.url, live.url]);
    expect(requests.some((r) => r.path === `/api/answers/${ANSWER_ID}/upload/finish/`)).toBe(true);
    expect(screen.queryByRole('region', { name: 'Live preview' })).toBeNull();
  });

  it('shows a live hint while the candidate speaks, and none once they press Stop', async () => {
    // given: a recording in progress with its live socket open
    camera('granted');
    roomApi();
    renderApp(`/sessions/${SESSION_ID}/interview`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Start recording' }));
    await screen.findByText('Your words will appear here as you speak.');
    const live = FakeWebSocket.latest('/live/');
    act(() => live.open());

    // when: the server sends a pace hint mid-answer
    act(() => {
      live.deliver({ type: 'transcript.partial', text: 'I led the billing', start: 0, end: 1, words: [] });
      live.deliver({ type: 'nudge', kind: 'pace_fast', message: "You're speaking quickly: slow down a little.", t: 9 });
    });

    // then: it shows under the question, beside the stop button
    const hints = screen.getByRole('list', { name: 'Hints' });
    expect(within(hints).getByText("You're speaking quickly: slow down a little.")).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Stop recording' })).toBeTruthy();

    // when: they stop, and a late hint and the last words arrive
    await user.click(screen.getByRole('button', { name: 'Stop recording' }));
    act(() => {
      live.deliver({ type: 'nudge', kind: 'fillers', message: 'Several fillers just now.', t: 24 });
      live.deliver({ type: 'transcript.final', text: 'I led the billing migration.', start: 0, end: 2, words: [] });
      live.deliver({ type: 'transcript.end' });
    });

    // then: no hint is left on screen, the words stay
    expect(screen.queryByText(/speaking quickly/)).toBeNull();
    expect(screen.queryByText(/Several fillers/)).toBeNull();
    expect(live.sent.at(-1)).toBe(JSON.stringify({ type: 'end' }));
    expect(screen.getByRole('region', { name: 'Live preview' }).textContent).toContain('I led the billing migration.');
  });

  it('records and submits even when the answer cannot be created at the start (no live preview)', async () => {
    // given: creating the answer fails once (the server is restarting), then works
    camera('granted');
    let creates = 0;
    const { requests } = roomApi({
      create: () => ((creates += 1) === 1 ? apiError(503, 'unavailable', 'Try again.') : ok(answer(), 201)),
    });
    renderApp(`/sessions/${SESSION_ID}/interview`);

    // when
    await recordAnAnswer(userEvent.setup());

    // then
    await screen.findByText('Waiting for analysis');
    expect(creates).toBe(2);
    expect(FakeWebSocket.instances.some((socket) => socket.url.includes('/live/'))).toBe(false);
    expect(requests.some((r) => r.path === `/api/answers/${ANSWER_ID}/upload/finish/`)).toBe(true);
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

  it("hides the previous take's status and report while a new take waits to be submitted", async () => {
    // given: a submitted take with its report link
    camera('granted');
    roomApi();
    renderApp(`/sessions/${SESSION_ID}/interview`);
    const user = userEvent.setup();
    await recordAnAnswer(user);
    await screen.findByText('Waiting for analysis');
    expect(screen.getByRole('link', { name: 'Open the report for this answer' })).toBeTruthy();
    // when: they record the question again
    await user.click(screen.getByRole('button', { name: 'Record again' }));
    // then: nothing of the old take is shown while recording, nor while the new one waits
    expect(screen.queryByRole('link', { name: 'Open the report for this answer' })).toBeNull();
    expect(screen.queryByText('Waiting for analysis')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Stop recording' }));
    expect(screen.getByRole('button', { name: 'Submit this answer' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Open the report for this answer' })).toBeNull();
    expect(screen.queryByText('Waiting for analysis')).toBeNull();
  });

  it('shows a frame of the recorded take instead of black before it plays', async () => {
    // given
    camera('granted');
    roomApi();
    renderApp(`/sessions/${SESSION_ID}/interview`);
    const user = userEvent.setup();
    // when
    await user.click(await screen.findByRole('button', { name: 'Start recording' }));
    await user.click(screen.getByRole('button', { name: 'Stop recording' }));
    const playback = screen.getByLabelText<HTMLVideoElement>('Your recorded take');
    fireEvent.loadedMetadata(playback);
    // then: only the metadata is loaded, and the video is seeked to a frame it can show
    expect(playback.getAttribute('preload')).toBe('metadata');
    expect(playback.currentTime).toBeCloseTo(0.1);
  });

  it('counts down the chosen think time before recording, and remembers the choice', async () => {
    // given
    vi.useFakeTimers({ shouldAdvanceTime: true });
    camera('granted');
    roomApi();
    const first = renderApp(`/sessions/${SESSION_ID}/interview`);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await screen.findByRole('button', { name: 'Start recording' });
    expect((screen.getByLabelText('Think time before recording') as HTMLSelectElement).value).toBe('0');
    // when
    await user.selectOptions(screen.getByLabelText('Think time before recording'), '15');
    await user.click(screen.getByRole('button', { name: 'Start recording' }));
    // then: the countdown runs, and recording starts when it ends
    expect(screen.getByText(/recording starts in/).textContent).toContain('15 s');
    expect(screen.queryByRole('button', { name: 'Stop recording' })).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(screen.getByText(/recording starts in/).textContent).toContain('10 s');
    expect(screen.queryByRole('button', { name: 'Stop recording' })).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(screen.getByRole('button', { name: 'Stop recording' })).toBeTruthy();
    expect(screen.queryByText(/recording starts in/)).toBeNull();
    // and: the choice is kept for the next visit
    first.unmount();
    renderApp(`/sessions/${SESSION_ID}/interview`);
    await screen.findByRole('button', { name: 'Start recording' });
    expect((screen.getByLabelText('Think time before recording') as HTMLSelectElement).value).toBe('15');
  });

  it('can skip or cancel the think time', async () => {
    // given
    camera('granted');
    roomApi();
    window.localStorage.setItem('coach.room.thinkSeconds', '30');
    renderApp(`/sessions/${SESSION_ID}/interview`);
    const user = userEvent.setup();
    // when: cancelled
    await user.click(await screen.findByRole('button', { name: 'Start recording' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    // then
    expect(screen.queryByText(/recording starts in/)).toBeNull();
    // when: skipped
    await user.click(screen.getByRole('button', { name: 'Start recording' }));
    await user.click(screen.getByRole('button', { name: 'Start now' }));
    // then
    expect(await screen.findByRole('button', { name: 'Stop recording' })).toBeTruthy();
  });

  it('reads the question aloud where the browser can speak, and stops when recording starts', async () => {
    // given
    camera('granted');
    roomApi();
    const speechSynthesis = { speak: vi.fn(), cancel: vi.fn() };
    vi.stubGlobal('speechSynthesis', speechSynthesis);
    vi.stubGlobal(
      'SpeechSynthesisUtterance',
      class {
        lang = '';
        constructor(public text: string) {}
      },
    );
    renderApp(`/sessions/${SESSION_ID}/interview`);
    const user = userEvent.setup();
    // when
    await user.click(await screen.findByRole('button', { name: 'Read the question aloud' }));
    // then
    expect(speechSynthesis.speak).toHaveBeenCalledTimes(1);
    expect(speechSynthesis.speak.mock.calls[0]![0].text).toBe('Tell me about a project you led.');
    // when
    speechSynthesis.cancel.mockClear();
    await user.click(screen.getByRole('button', { name: 'Start recording' }));
    // then
    expect(speechSynthesis.cancel).toHaveBeenCalled();
  });

  it('offers no read-aloud button where the browser has no speech synthesis', async () => {
    // given
    camera('granted');
    roomApi();
    // when
    renderApp(`/sessions/${SESSION_ID}/interview`);
    await screen.findByRole('button', { name: 'Start recording' });
    // then
    expect('speechSynthesis' in window).toBe(false);
    expect(screen.queryByRole('button', { name: 'Read the question aloud' })).toBeNull();
  });

  it('checks the camera and microphone before the first question: level meter and device pickers', async () => {
    // given: two cameras and a microphone that hears something
    const getUserMedia = camera('granted');
    const devices = [
      { kind: 'videoinput', deviceId: 'cam-1', label: 'Built-in camera' },
      { kind: 'videoinput', deviceId: 'cam-2', label: 'USB camera' },
      { kind: 'audioinput', deviceId: 'mic-1', label: 'Built-in microphone' },
    ];
    Object.assign(navigator.mediaDevices, { enumerateDevices: vi.fn(async () => devices) });
    class AnalysingAudioContext extends FakeAudioContext {
      createAnalyser() {
        return {
          fftSize: 512,
          getByteTimeDomainData: (samples: Uint8Array) => samples.forEach((_, i) => (samples[i] = i % 2 ? 160 : 96)),
        };
      }
    }
    vi.stubGlobal('AudioContext', AnalysingAudioContext);
    roomApi();
    renderApp(`/sessions/${SESSION_ID}/interview`);
    const user = userEvent.setup();
    // when
    await screen.findByRole('heading', { name: 'Check your camera and microphone' });
    // then: the meter moves, and the other camera can be picked
    await vi.waitFor(() => expect(Number(screen.getByLabelText<HTMLMeterElement>('Microphone level').getAttribute('value'))).toBeGreaterThan(0.5));
    await user.selectOptions(await screen.findByLabelText('Camera'), 'cam-2');
    expect(getUserMedia).toHaveBeenLastCalledWith(expect.objectContaining({ video: expect.objectContaining({ deviceId: { exact: 'cam-2' } }) }));
    expect(screen.queryByLabelText('Microphone')).toBeNull(); // only one: nothing to pick
    // when: they are happy with it
    await user.click(await screen.findByRole('button', { name: 'Devices look good: go to the question' }));
    // then
    expect(screen.queryByRole('heading', { name: 'Check your camera and microphone' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Start recording' })).toBeTruthy();
  });
});
