// The questions of a session just created, shown once in the room before the first one is asked.
// Each can be reworded or swapped for another bank question until it has a take: a take is scored
// against the question as it was asked, so the server refuses changes after one (409).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { sessions } from '../api/endpoints';
import type { Question, SessionDetail } from '../api/types';
import { CATEGORY_LABELS } from '../text/labels';
import { ErrorAlert } from './Feedback';

/** The longest question the server accepts (QUESTION_TEXT_MAX_LENGTH). */
const MAX_QUESTION_LENGTH = 2000;

function QuestionEditor({
  question,
  number,
  onSave,
  onCancel,
}: {
  question: Question;
  number: number;
  onSave: (text: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [text, setText] = useState(question.text);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const id = `question-${question.id}-text`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await onSave(text.trim());
    } catch (reason) {
      setError(reason);
      setSaving(false);
    }
  };

  return (
    <form className="field" onSubmit={(event) => void save(event)}>
      <label htmlFor={id}>Your wording of question {number}</label>
      <textarea
        id={id}
        ref={field}
        rows={3}
        required
        maxLength={MAX_QUESTION_LENGTH}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
        }}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="muted">
        Its key points are worked out again for your wording when you answer it.
      </p>
      {error !== null && <ErrorAlert error={error} title="The question could not be saved." />}
      <div className="controls">
        <button type="submit" className="button button-primary" disabled={saving || text.trim() === ''}>
          Save
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function QuestionPreview({
  session,
  onStart,
  onQuestionChanged,
}: {
  session: SessionDetail;
  onStart: () => void;
  /** After an edit or a swap, so the room reads the session again before asking it. */
  onQuestionChanged?: (question: Question) => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  // What the server answered to an edit or a swap, shown at once rather than after a reload.
  const [changed, setChanged] = useState<Map<number, Question>>(new Map());
  const [editing, setEditing] = useState<number | null>(null);
  const [swapping, setSwapping] = useState<number | null>(null);
  const [errors, setErrors] = useState<Map<number, unknown>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  const editButtons = useRef(new Map<number, HTMLButtonElement>());

  const questions = session.questions.map((question) => changed.get(question.id) ?? question);
  const answered = new Set(session.answers.map((answer) => answer.question_id));

  const setError = (id: number, error: unknown) =>
    setErrors((current) => {
      const next = new Map(current);
      if (error === null) next.delete(id);
      else next.set(id, error);
      return next;
    });

  const apply = (question: Question, message: string) => {
    setChanged((current) => new Map(current).set(question.id, question));
    setAnnouncement(message);
    onQuestionChanged?.(question);
  };

  const closeEditor = (id: number) => {
    setEditing(null);
    // Back to the button that opened the editor, so keyboard users keep their place.
    requestAnimationFrame(() => editButtons.current.get(id)?.focus());
  };

  const save = async (question: Question, number: number, text: string) => {
    const saved = await sessions.updateQuestion(session.id, question.id, text);
    apply(saved, `Question ${number} saved.`);
    closeEditor(question.id);
  };

  const swap = async (question: Question, number: number) => {
    setSwapping(question.id);
    setError(question.id, null);
    setAnnouncement('');
    try {
      apply(await sessions.swapQuestion(session.id, question.id), `Question ${number} swapped for another one.`);
    } catch (reason) {
      setError(question.id, reason);
    } finally {
      setSwapping(null);
    }
  };

  return (
    <section className="narrow" aria-labelledby="preview-heading">
      <h1 id="preview-heading" ref={heading} tabIndex={-1}>
        Your {questions.length} questions
      </h1>
      <p className="muted">
        {session.target_role} · {session.difficulty}. You answer them one at a time on camera; each answer is analysed
        as soon as it is uploaded. Reword a question or swap it for another before you answer it.
      </p>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <ol className="question-preview">
        {questions.map((question, index) => {
          const number = index + 1;
          const locked = answered.has(question.id);
          const error = errors.get(question.id);
          return (
            <li key={question.id} aria-busy={swapping === question.id || undefined}>
              {editing === question.id ? (
                <QuestionEditor
                  question={question}
                  number={number}
                  onSave={(text) => save(question, number, text)}
                  onCancel={() => closeEditor(question.id)}
                />
              ) : (
                <>
                  <p>{question.text}</p>
                  <p className="muted">
                    {CATEGORY_LABELS[question.category] ?? question.category}
                    {question.skills.length > 0 && ` · ${question.skills.join(', ')}`}
                    {locked && ' · answered, so it can no longer be changed'}
                  </p>
                  <div className="controls">
                    <button
                      type="button"
                      className="button button-secondary"
                      // The visible word starts the name, which says which question it is.
                      aria-label={`Edit question ${number}`}
                      ref={(button) => {
                        if (button) editButtons.current.set(question.id, button);
                        else editButtons.current.delete(question.id);
                      }}
                      disabled={locked}
                      aria-disabled={swapping !== null || undefined}
                      onClick={() => {
                        if (swapping !== null) return;
                        setError(question.id, null);
                        setEditing(question.id);
                      }}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-label={`Swap question ${number}`}
                      disabled={locked}
                      // Not disabled while a swap runs: a disabled button would drop the focus.
                      aria-disabled={swapping !== null || undefined}
                      onClick={() => {
                        if (swapping === null) void swap(question, number);
                      }}
                    >
                      {swapping === question.id ? 'Swapping…' : 'Swap'}
                    </button>
                  </div>
                  {error !== undefined && <ErrorAlert error={error} title="The question could not be swapped." />}
                </>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" className="button button-primary" onClick={onStart}>
        Start the interview
      </button>
    </section>
  );
}
