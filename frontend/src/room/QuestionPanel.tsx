// The room's question side: the question (read aloud on request) with what belongs under it,
// the live preview, the take's upload and analysis, and the way on to the next question.
import type { ReactNode, Ref } from 'react';
import { Link } from 'react-router';
import type { Question } from '../api/types';
import { canSpeak, speak } from '../recording/speech';
import { CATEGORY_LABELS } from '../text/labels';
import type { CurrentQuestion } from './useQuestionSelection';

function NextStep({ next, sessionId, onNext }: { next: Question | undefined; sessionId: string; onNext: (id: number) => void }) {
  return (
    <div className="controls">
      {next ? (
        <button type="button" className="button button-secondary" onClick={() => onNext(next.id)}>
          Next question
        </button>
      ) : (
        <Link className="button button-secondary" to={`/sessions/${sessionId}/report`}>
          Finish: see the session report
        </Link>
      )}
    </div>
  );
}

export function QuestionPanel({
  current,
  count,
  sessionId,
  headingRef,
  recording,
  busy,
  before,
  onNext,
  children,
}: {
  current: CurrentQuestion;
  /** How many questions the session has. */
  count: number;
  sessionId: string;
  /** The question's heading, which takes the focus when the room moves to another question. */
  headingRef: Ref<HTMLHeadingElement>;
  recording: boolean;
  /** Recording, uploading or counting down: no moving on. */
  busy: boolean;
  /** Shown above the question (the device check). */
  before?: ReactNode;
  onNext: (id: number) => void;
  /** What is shown under the question. */
  children: ReactNode;
}) {
  const { question, index, next } = current;
  return (
    <section className="room-question" aria-labelledby="question-heading">
      {before}
      <p className="muted">
        Question {index + 1} of {count} · {CATEGORY_LABELS[question.category] ?? question.category}
      </p>
      <h2 id="question-heading" ref={headingRef} tabIndex={-1} className="question-text">
        {question.text}
      </h2>
      {canSpeak() && (
        <button type="button" className="button button-secondary" onClick={() => speak(question.text)} disabled={recording}>
          Read the question aloud
        </button>
      )}
      {children}
      {!busy && <NextStep next={next} sessionId={sessionId} onNext={onNext} />}
    </section>
  );
}
