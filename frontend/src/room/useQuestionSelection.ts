// Which question the room is on: the one in the address (?question=<id>), else the first one not
// answered yet. The address is pinned to it, so that submitting an answer does not move on by
// itself. Also which questions have a take whose recording reached the server.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Question, SessionDetail } from '../api/types';

export interface CurrentQuestion {
  question: Question;
  /** Its place in the session, from 0. */
  index: number;
  next: Question | undefined;
}

/** The latest take of each question whose recording reached the server. */
function submittedTakes(session: SessionDetail): Map<number, string> {
  const takes = new Map<number, string>();
  for (const answer of [...session.answers].sort((a, b) => a.order - b.order)) {
    if (answer.upload.state === 'complete') takes.set(answer.question_id, answer.id);
  }
  return takes;
}

/** The question asked for in the address, else the first one not answered yet. */
function currentQuestion(session: SessionDetail, answered: Map<number, string>, requested: number): Question {
  return (
    session.questions.find((q) => q.id === requested) ??
    session.questions.find((q) => !answered.has(q.id)) ??
    session.questions[0]!
  );
}

export function useQuestionSelection(session: SessionDetail | null) {
  const [params, setParams] = useSearchParams();
  // Takes submitted in this room since the session was loaded: question id -> answer id.
  const [newTakes, setNewTakes] = useState<Map<number, string>>(new Map());

  /** Question id -> the answer id of its latest take that reached the server. */
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

  let current: CurrentQuestion | null = null;
  if (session && session.questions.length > 0) {
    const question = currentQuestion(session, answered, Number(params.get('question')));
    const index = session.questions.indexOf(question);
    current = { question, index, next: session.questions[index + 1] };
  }

  const select = useCallback((id: number) => setParams({ question: String(id) }), [setParams]);
  const markAnswered = useCallback(
    (questionId: number, answerId: string) => setNewTakes((takes) => new Map(takes).set(questionId, answerId)),
    [],
  );

  return { answered, current, select, markAnswered };
}
