// The interview room: one question at a time, recorded on camera, submitted as a take and
// analysed while the candidate goes on. The pieces live in src/room/: the session and its
// progress (useRoomSession), the question in the address (useQuestionSelection), the takes and
// their uploads (useTakes), and the two sides of the room (CameraPanel, QuestionPanel).
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { DeviceCheck } from '../recording/DeviceCheck';
import { ErrorAlert, Loading, Notice } from '../components/Feedback';
import { LiveFeedback } from '../components/LiveFeedback';
import { QuestionPreview } from '../components/QuestionPreview';
import { useWarnBeforeLeaving } from '../hooks/useWarnBeforeLeaving';
import { useLiveTranscript } from '../live/useLiveTranscript';
import type { AnswerProgress } from '../progress/answerProgress';
import { stopSpeaking } from '../recording/speech';
import { useCountdown, useThinkSeconds } from '../recording/thinkTime';
import { useRecorder, type Recording } from '../recording/useRecorder';
import { AnalysisPanel } from '../room/AnalysisPanel';
import { CameraPanel } from '../room/CameraPanel';
import { QuestionNav } from '../room/QuestionNav';
import { QuestionPanel } from '../room/QuestionPanel';
import { RecorderControls } from '../room/RecorderControls';
import { TakeStatus } from '../room/TakeStatus';
import { useQuestionSelection } from '../room/useQuestionSelection';
import { useRoomSession } from '../room/useRoomSession';
import { useTakes, type Take } from '../room/useTakes';

const WAITING: AnswerProgress = { analysisStatus: 'queued', stages: {}, errors: {}, error: '' };

export function InterviewRoomPage() {
  const { sessionId = '' } = useParams();
  const { session, error, loading, reload, keepQuestion, progress, stream } = useRoomSession(sessionId);
  const { answered, current, select, markAnswered } = useQuestionSelection(session);
  const recorder = useRecorder();
  const takes = useTakes(sessionId, markAnswered);
  const { live, dismiss } = useLiveTranscript(takes.liveAnswerId, recorder.stream, recorder.state === 'recording');
  const questionHeading = useRef<HTMLHeadingElement>(null);
  // A session just created (NewSessionPage) first lists its questions; a reload opens the room itself.
  const location = useLocation();
  const [previewingQuestions, setPreviewingQuestions] = useState(() => (location.state as { justCreated?: boolean } | null)?.justCreated === true);
  const [thinkSeconds, chooseThinkSeconds] = useThinkSeconds();
  const [devicesChecked, setDevicesChecked] = useState(false);

  const recordNow = () => {
    if (!current) return;
    stopSpeaking(); // the microphone should not hear the question
    setDevicesChecked(true);
    takes.reset();
    recorder.start();
    takes.streamLive(current.question.id);
  };
  const countdown = useCountdown(recordNow);

  useEffect(() => () => stopSpeaking(), []);

  const { requestDevices } = recorder;
  useEffect(() => {
    void requestDevices();
  }, [requestDevices]);

  const busy = recorder.state === 'recording' || takes.take?.state === 'uploading' || countdown.remaining !== null;
  useWarnBeforeLeaving(busy);

  if (loading && !session) return <Loading label="Opening the interview room…" />;
  if (error !== null || !session) return <ErrorAlert error={error} onRetry={reload} />;
  if (!current) {
    return (
      <Notice tone="warning">
        This session has no questions yet. <Link to="/sessions/new">Create a new session</Link>.
      </Notice>
    );
  }

  const { question } = current;
  const currentTake = takes.take?.questionId === question.id ? takes.take : null;
  // While a new take is on its way (think time, recording, or waiting to be submitted), the status
  // and report of an earlier take are not shown: they would read as this take's.
  const newTakePending = countdown.remaining !== null || recorder.state === 'recording' || recorder.state === 'recorded';
  const previousAnswerId = currentTake?.answerId || answered.get(question.id);
  const shownAnswerId = newTakePending ? undefined : previousAnswerId;
  const shownProgress = shownAnswerId ? progress[shownAnswerId] ?? WAITING : null;
  const uploaded = currentTake === null || currentTake.state === 'submitted';

  const pick = (id: number) => {
    countdown.cancel();
    stopSpeaking();
    recorder.discard();
    takes.reset();
    select(id);
    questionHeading.current?.focus();
  };

  /** With think time set, a countdown comes first; it can be skipped or cancelled. */
  const startRecording = () => {
    takes.reset();
    if (thinkSeconds > 0) countdown.start(thinkSeconds);
    else recordNow();
  };

  /** Each submission is a new take (an answer) of the question; a retry reuses its take. */
  const submit = (recording: Recording) => {
    recorder.discard();
    void takes.submit(recording, question.id);
  };
  const retry = (failed: Take) => (failed.answerId ? takes.resume(failed) : submit(failed.recording));

  const recordAgain = () => {
    takes.reset();
    recorder.discard();
  };

  if (previewingQuestions) {
    return <QuestionPreview session={session} onStart={() => setPreviewingQuestions(false)} onQuestionChanged={keepQuestion} />;
  }

  // Offered before the first answer of the session, beside the live camera; recording skips it.
  const checkingDevices = !devicesChecked && answered.size === 0 && recorder.state === 'ready' && recorder.stream !== null;

  const previewing =
    takes.liveAnswerId !== null &&
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
        <CameraPanel
          recorder={recorder}
          countdown={countdown}
          thinkSeconds={thinkSeconds}
          onThinkSeconds={chooseThinkSeconds}
          busy={busy}
          controls={
            <RecorderControls
              recorder={recorder}
              countdown={countdown}
              canStart={currentTake === null || currentTake.state === 'submitted' || currentTake.state === 'refused'}
              startLabel={previousAnswerId ? 'Record again' : 'Start recording'}
              startProminent={!shownAnswerId}
              onStart={startRecording}
              onSubmit={submit}
              onRecordAgain={recordAgain}
            />
          }
        />
        <QuestionPanel
          current={current}
          count={session.questions.length}
          sessionId={session.id}
          headingRef={questionHeading}
          recording={recorder.state === 'recording'}
          busy={busy}
          before={
            checkingDevices && (
              <DeviceCheck stream={recorder.stream} onChoose={(choice) => void recorder.requestDevices(choice)} onDone={() => setDevicesChecked(true)} />
            )
          }
          onNext={pick}
        >
          {previewing && <LiveFeedback live={live} onDismiss={dismiss} />}
          {currentTake && <TakeStatus take={currentTake} onRetry={() => retry(currentTake)} onRecordAgain={recordAgain} />}
          {shownAnswerId && shownProgress && uploaded && (
            <AnalysisPanel
              answerId={shownAnswerId}
              progress={shownProgress}
              stream={stream}
              busy={busy}
              hideFollowUp={(followUp) => followUp.id === question.id || answered.has(followUp.id)}
              onTakeFollowUp={(followUp) => {
                keepQuestion(followUp); // added after the room loaded the session
                pick(followUp.id);
              }}
            />
          )}
        </QuestionPanel>
      </div>
    </div>
  );
}
