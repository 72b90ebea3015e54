// The questions of a session just created, shown once in the room before the first one is asked.
import { useEffect, useRef } from 'react';
import type { SessionDetail } from '../api/types';
import { CATEGORY_LABELS } from '../text/labels';

export function QuestionPreview({ session, onStart }: { session: SessionDetail; onStart: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const { questions } = session;
  return (
    <section className="narrow" aria-labelledby="preview-heading">
      <h1 id="preview-heading" ref={heading} tabIndex={-1}>
        Your {questions.length} questions
      </h1>
      <p className="muted">
        {session.target_role} · {session.difficulty}. You answer them one at a time on camera; each answer is analysed
        as soon as it is uploaded.
      </p>
      <ol className="question-preview">
        {questions.map((question) => (
          <li key={question.id}>
            <p>{question.text}</p>
            <p className="muted">
              {CATEGORY_LABELS[question.category] ?? question.category}
              {question.skills.length > 0 && ` · ${question.skills.join(', ')}`}
            </p>
          </li>
        ))}
      </ol>
      <button type="button" className="button button-primary" onClick={onStart}>
        Start the interview
      </button>
    </section>
  );
}
