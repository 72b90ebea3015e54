// The session's questions as numbered steps, each marked answered or not; picking one moves the room to it.
import type { Question } from '../api/types';

export function QuestionNav({
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
