import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { ApiError, messageOf } from '../api/client';
import { sessions } from '../api/endpoints';
import type { Question, SessionDetail } from '../api/types';
import { AnalysisStages } from '../components/AnalysisStages';
import { CameraPreview, TakePlayback } from '../components/CameraPreview';
import { DeviceProblem, hasDeviceProblem } from '../components/DeviceProblem';
import { ErrorAlert, Loading, Notice } from '../components/Feedback';
import { FollowUpOffer } from '../components/FollowUpOffer';
import { LiveFeedback } from '../components/LiveFeedback';
import { QuestionPreview } from '../components/QuestionPreview';
import { UploadProgressBar } from '../components/UploadProgressBar';
import { useResource } from '../hooks/useResource';
import { useLiveTranscript } from '../live/useLiveTranscript';
import type { AnswerProgress } from '../progress/answerProgress';
import { useSessionProgress } from '../progress/useSessionProgress';
import { DeviceCheck } from '../recording/DeviceCheck';
import { canSpeak, speak, stopSpeaking } from '../recording/speech';
import { THINK_TIME_CHOICES, loadThinkSeconds, saveThinkSeconds, useCountdown } from '../recording/thinkTime';
import { MAX_ANSWER_MS, useRecorder, type Recording } from '../recording/useRecorder';
import { formatClock } from '../text/format';
import { CATEGORY_LABELS } from '../text/labels';
import { UploadStalledError, uploadRecording, type UploadProgress } from '../upload/resumableUpload';

type TakeState = 'uploading' | 'stalled' | 'refused' | 'failed' | 'submitted';

interface Take {
  answerId: string;
  questionId: number;
  recording: Recording;
  state: TakeState;
  upload: UploadProgress | null;
  error: unknown;
}

const WAITING: AnswerProgress = { analysisStatus: 'queued', stages: {}, errors: {}, error: '' };

/** The latest take of each question whose recording reached the server. */
function submittedTakes(session: SessionDetail): Map<number, string> {
  const takes = new Map<number, string>();
  for (const answer of [...session.answers].sort((a, b) => a.order - b.order)) {
    if (answer.upload.state === 'complete') takes.set(answer.question_id, answer.id);
  }
  return takes;
}

/** The session with the questions the room changed or added since loading it (an edit, a swap,
 * a follow-up), so that it can move to them without reading the whole session again. */
function withQuestions(session: SessionDetail | null, changed: Map<number, Question>): SessionDetail | null {
  if (!session || changed.size === 0) return session;
  const questions = new Map(session.questions.map((question) => [question.id, question]));
  changed.forEach((question, id) => questions.set(id, question));
  return { ...session, questions: [...questions.values()].sort((a, b) => a.order - b.order) };
}

/** The question asked for in the address, else the first one not answered yet. */
function currentQuestion(session: SessionDetail, answered: Map<number, string>, requested: number): Question {
  return (
    session.questions.find((q) => q.id === requested) ??
    session.questions.find((q) => !answered.has(q.id)) ??
    session.questions[0]!
  );
}

function QuestionNav({
  questions,
  currentId,
  answered,
  disabled,
  onPick,
}: {
  questions: Question[];
  currentId: number;
  answered: Map<number, string>;
  disabled: boolean;
  onPick: (id: number) => void;
}) {
  return (
    <nav aria-label="Questions" className="question-nav">
      <ol>
        {questions.map((question, index) => (
          <li key={question.id}>
            <button
              type="button"
              className={question.id === currentId ? 'question-step current' : 'question-step'}
              aria-current={question.id === currentId ? 'step' : undefined}
              disabled={disabled}
              onClick={() => onPick(question.id)}
            >
              {index + 1}
              <span className="visually-hidden">
                {`: ${question.text} (${answered.has(question.id) ? 'answered' : 'not answered yet'})`}
              </span>
              {answered.has(question.id) && <span aria-hidden="true"> ✓</span>}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function TakeProblem({ take, onRetry, onRecordAgain }: { take: Take; onRetry: () => void; onRecordAgain: () => void }) {
  if (take.state === 'refused') {
    return <ErrorAlert title="This recording could not be used. Please record your answer again." error={take.error} />;
  }
  if (take.state !== 'stalled' && take.state !== 'failed') return null;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">
        {take.state === 'stalled' ? 'The upload stopped: the connection is down.' : 'The upload failed.'}
      </p>
      <p>
        {take.state === 'stalled'
          ? 'Your recording is kept in this page, and what was sent is safe on the server.'
          : messageOf(take.error)}
      </p>
      <div className="controls">
        <button type="button" className="button button-primary" onClick={onRetry}>
          {take.answerId ? 'Resume the upload' : 'Try again'}
        </button>
        <button type="button" className="button button-secondary" onClick={onRecordAgain}>
          Record again instead
        </button>
      </div>
    </div>
  );
}

export function InterviewRoomPage() {
  const { sessionId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { data: loaded, error, loading, reload } = useResource(() => sessions.get(sessionId), sessionId);
  const [changedQuestions, setChangedQuestions] = useState<Map<number, Question>>(new Map());
  const session = useMemo(() => withQuestions(loaded, changedQuestions), [loaded, changedQuestions]);
  const keepQuestion = useCallback(
    (question: Question) => setChangedQuestions((current) => new Map(current).set(question.id, question)),
    [],
  );
  const { progress, stream, seed } = useSessionProgress(sessionId);
  const recorder = useRecorder();
  const [take, setTake] = useState<Take | null>(null);
  // The answer a recording will be submitted as is created when recording starts, so that the
  // live preview can stream to it; re-recording before submitting reuses it (one per question).
  const drafts = useRef(new Map<number, Promise<string>>());
  const [liveAnswerId, setLiveAnswerId] = useState<string | null>(null);
  const { live, dismiss } = useLiveTranscript(liveAnswerId, recorder.stream, recorder.state === 'recording');
  const [newTakes, setNewTakes] = useState<Map<number, string>>(new Map());
  const questionHeading = useRef<HTMLHeadingElement>(null);
  // A session just created (NewSessionPage) first lists its questions; a reload opens the room itself.
  const location = useLocation();
  const [previewingQuestions, setPreviewingQuestions] = useState(() => (location.state as { justCreated?: boolean } | null)?.justCreated === true);
  const [thinkSeconds, setThinkSeconds] = useState(loadThinkSeconds);
  const [devicesChecked, setDevicesChecked] = useState(false);
  const beginRecording = useRef<() => void>(() => undefined);
  const countdown = useCountdown(() => beginRecording.current());

  useEffect(() => () => stopSpeaking(), []);

  useEffect(() => {
    if (loaded) seed(loaded.answers);
  }, [loaded, seed]);

  const { requestDevices } = recorder;
  useEffect(() => {
    void requestDevices();
  }, [requestDevices]);

  const answered = useMemo(() => {
    const takes = session ? submittedTakes(session) : new Map<number, string>();
    newTakes.forEach((answerId, questionId) => takes.set(questionId, answerId));
    return takes;
  }, [session, newTakes]);

  // Pin the question in the address, so that submitting an answer does not move on by itself.
  useEffect(() => {
    if (!session || params.has('question') || session.questions.length === 0) return;
    setParams({ question: String(currentQuestion(session, answered, NaN).id) }, { replace: true });
  }, [session, params, setParams, answered]);

  const busy = recorder.state === 'recording' || take?.state === 'uploading' || countdown.remaining !== null;
  useEffect(() => {
    if (!busy) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [busy]);

  const draftAnswer = useCallback(
    (questionId: number): Promise<string> => {
      const existing = drafts.current.get(questionId);
      if (existing) return existing;
      const created = sessions.createAnswer(sessionId, questionId).then((answer) => answer.id);
      drafts.current.set(questionId, created);
      // A failed creation is forgotten, so that the next attempt (or the submit) tries again.
      created.catch(() => {
        if (drafts.current.get(questionId) === created) drafts.current.delete(questionId);
      });
      return created;
    },
    [sessionId],
  );

  const send = useCallback(async (current: Take, resume: boolean) => {
    const update = (changes: Partial<Take>) =>
      setTake((latest) => (latest && latest.answerId === current.answerId ? { ...latest, ...changes } : latest));
    update({ state: 'uploading', error: null });
    try {
      await uploadRecording(
        { answerId: current.answerId, blob: current.recording.blob, filename: current.recording.filename },
        { resume, onProgress: (upload) => update({ upload }) },
      );
      update({ state: 'submitted' });
      setNewTakes((takes) => new Map(takes).set(current.questionId, current.answerId));
    } catch (reason) {
      const refused = reason instanceof ApiError && (reason.status === 422 || reason.status === 413);
      update({ state: reason instanceof UploadStalledError ? 'stalled' : refused ? 'refused' : 'failed', error: reason });
    }
  }, []);

  if (loading && !session) return <Loading label="Opening the interview room…" />;
  if (error !== null || !session) return <ErrorAlert error={error} onRetry={reload} />;
  if (session.questions.length === 0) {
    return (
      <Notice tone="warning">
        This session has no questions yet. <Link to="/sessions/new">Create a new session</Link>.
      </Notice>
    );
  }

  const question = currentQuestion(session, answered, Number(params.get('question')));
  const index = session.questions.indexOf(question);
  const nextQuestion = session.questions[index + 1];
  const currentTake = take?.questionId === question.id ? take : null;
  // While a new take is on its way (think time, recording, or waiting to be submitted), the status
  // and report of an earlier take are not shown: they would read as this take's.
  const newTakePending = countdown.remaining !== null || recorder.state === 'recording' || recorder.state === 'recorded';
  const previousAnswerId = currentTake?.answerId || answered.get(question.id);
  const shownAnswerId = newTakePending ? undefined : previousAnswerId;
  const shownProgress = shownAnswerId ? progress[shownAnswerId] ?? WAITING : null;
  const uploaded = currentTake === null || currentTake.state === 'submitted';
  const analysed = shownProgress?.analysisStatus === 'completed' || shownProgress?.analysisStatus === 'partial';
  const recorded = recorder.recording;

  const pick = (id: number) => {
    countdown.cancel();
    stopSpeaking();
    recorder.discard();
    setTake(null);
    setLiveAnswerId(null);
    setParams({ question: String(id) });
    questionHeading.current?.focus();
  };

  /** The live preview is optional: without its answer (a failed request) recording goes on. */
  const recordNow = () => {
    const questionId = question.id;
    stopSpeaking(); // the microphone should not hear the question
    setDevicesChecked(true);
    setTake(null);
    setLiveAnswerId(null);
    recorder.start();
    draftAnswer(questionId).then(setLiveAnswerId, () => undefined);
  };
  beginRecording.current = recordNow;

  /** With think time set, a countdown comes first; it can be skipped or cancelled. */
  const startRecording = () => {
    setTake(null);
    if (thinkSeconds > 0) countdown.start(thinkSeconds);
    else recordNow();
  };

  const chooseThinkTime = (seconds: number) => {
    setThinkSeconds(seconds);
    saveThinkSeconds(seconds);
  };

  /** Each submission is a new take (an answer) of the question; a retry reuses its take. */
  const submit = async (recording: Recording) => {
    recorder.discard();
    setLiveAnswerId(null);
    const pending: Take = { answerId: '', questionId: question.id, recording, state: 'uploading', upload: null, error: null };
    setTake(pending);
    try {
      const answerId = await draftAnswer(question.id);
      drafts.current.delete(question.id); // submitted: the next recording is a new take
      const created = { ...pending, answerId };
      setTake(created);
      await send(created, false);
    } catch (reason) {
      setTake({ ...pending, state: 'failed', error: reason });
    }
  };

  const retry = (failed: Take) => (failed.answerId ? void send(failed, true) : void submit(failed.recording));

  const recordAgain = () => {
    setTake(null);
    setLiveAnswerId(null);
    recorder.discard();
  };

  if (previewingQuestions) {
    return <QuestionPreview session={session} onStart={() => setPreviewingQuestions(false)} onQuestionChanged={keepQuestion} />;
  }

  // Offered before the first answer of the session, beside the live camera; recording skips it.
  const checkingDevices = !devicesChecked && answered.size === 0 && recorder.state === 'ready' && recorder.stream !== null;

  const previewing =
    liveAnswerId !== null &&
    (recorder.state === 'recording' || (recorder.state === 'recorded' && Boolean(live.finalText || live.partialText)));

  return (
    <div className="room">
      <div className="room-heading">
        <h1>Interview room</h1>
        <p className="muted">
          {session.target_role} · {session.difficulty}
        </p>
      </div>
      <QuestionNav questions={session.questions} currentId={question.id} answered={answered} disabled={busy} onPick={pick} />
      <div className="room-grid">
        <section className="room-camera" aria-label="Camera and recording">
          {recorder.state === 'recorded' && recorded ? (
            <TakePlayback blob={recorded.blob} />
          ) : (
            <CameraPreview stream={recorder.stream} recording={recorder.state === 'recording'} />
          )}
          <DeviceProblem state={recorder.state} onRetry={() => void recorder.requestDevices()} />
          {recorder.state === 'requesting' && <Loading label="Waiting for the camera and microphone…" />}
          <p className="elapsed" aria-live="off">
            <span className="visually-hidden">Elapsed time </span>
            <time>{formatClock(recorder.elapsedMs)}</time>
            <span className="muted"> / {formatClock(MAX_ANSWER_MS)}</span>
          </p>
          <div className="controls">
            {recorder.state === 'ready' && countdown.remaining === null && (currentTake === null || currentTake.state === 'submitted' || currentTake.state === 'refused') && (
              <button type="button" className={shownAnswerId ? 'button button-secondary' : 'button button-record'} onClick={startRecording}>
                {previousAnswerId ? 'Record again' : 'Start recording'}
              </button>
            )}
            {countdown.remaining !== null && (
              <>
                <button type="button" className="button button-record" onClick={countdown.finish}>
                  Start now
                </button>
                <button type="button" className="button button-secondary" onClick={countdown.cancel}>
                  Cancel
                </button>
              </>
            )}
            {recorder.state === 'recording' && (
              <button type="button" className="button button-stop" onClick={recorder.stop}>
                Stop recording
              </button>
            )}
            {recorder.state === 'recorded' && recorded && (
              <>
                <button type="button" className="button button-primary" onClick={() => void submit(recorded)}>
                  Submit this answer
                </button>
                <button type="button" className="button button-secondary" onClick={recordAgain}>
                  Re-record
                </button>
              </>
            )}
          </div>
          {countdown.remaining !== null && (
            <p className="think-countdown" aria-live="off">
              Think time: recording starts in <time>{countdown.remaining} s</time>
            </p>
          )}
          <div className="field think-time">
            <label htmlFor="think-time">Think time before recording</label>
            <select id="think-time" value={thinkSeconds} disabled={busy} onChange={(e) => chooseThinkTime(Number(e.target.value))}>
              {THINK_TIME_CHOICES.map((seconds) => (
                <option key={seconds} value={seconds}>
                  {seconds === 0 ? 'None' : `${seconds} seconds`}
                </option>
              ))}
            </select>
          </div>
          <p className="muted" role="status">
            {countdown.remaining !== null && countdown.remaining === thinkSeconds && 'Think time started.'}
            {recorder.state === 'recording' && 'Recording. Answer the question, then stop.'}
            {recorder.state === 'recorded' && recorded && `Recorded ${formatClock(recorded.durationMs)}. Submit it, or record it again.`}
          </p>
          {hasDeviceProblem(recorder.state) && <p className="muted">You can still read the questions and come back later.</p>}
        </section>
        <section className="room-question" aria-labelledby="question-heading">
          {checkingDevices && (
            <DeviceCheck stream={recorder.stream} onChoose={(choice) => void recorder.requestDevices(choice)} onDone={() => setDevicesChecked(true)} />
          )}
          <p className="muted">
            Question {index + 1} of {session.questions.length} · {CATEGORY_LABELS[question.category] ?? question.category}
          </p>
          <h2 id="question-heading" ref={questionHeading} tabIndex={-1} className="question-text">
            {question.text}
          </h2>
          {canSpeak() && (
            <button type="button" className="button button-secondary" onClick={() => speak(question.text)} disabled={recorder.state === 'recording'}>
              Read the question aloud
            </button>
          )}
          {previewing && <LiveFeedback live={live} onDismiss={dismiss} />}
          {currentTake?.upload && currentTake.state !== 'submitted' && <UploadProgressBar progress={currentTake.upload} />}
          {currentTake && <TakeProblem take={currentTake} onRetry={() => retry(currentTake)} onRecordAgain={recordAgain} />}
          {shownAnswerId && shownProgress && uploaded && (
            <>
              <AnalysisStages progress={shownProgress} />
              {stream === 'reconnecting' && <p className="muted">Live updates paused: reconnecting…</p>}
              <p>
                <Link to={`/answers/${shownAnswerId}/report`}>Open the report for this answer</Link>
              </p>
              {analysed && (
                <FollowUpOffer
                  key={shownAnswerId}
                  answerId={shownAnswerId}
                  disabled={busy}
                  hidden={(followUp) => followUp.id === question.id || answered.has(followUp.id)}
                  onTake={(followUp) => {
                    keepQuestion(followUp); // added after the room loaded the session
                    pick(followUp.id);
                  }}
                />
              )}
            </>
          )}
          {!busy && (
            <div className="controls">
              {nextQuestion ? (
                <button type="button" className="button button-secondary" onClick={() => pick(nextQuestion.id)}>
                  Next question
                </button>
              ) : (
                <Link className="button button-secondary" to={`/sessions/${session.id}/report`}>
                  Finish: see the session report
                </Link>
              )}
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
