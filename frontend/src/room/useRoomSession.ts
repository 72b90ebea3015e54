// The interview room's session: read once, then kept up to date with the questions the room
// changed or added (an edit, a swap, a follow-up) without reading it again, and with the analysis
// progress of its answers from the session's WebSocket.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { sessions } from '../api/endpoints';
import type { Question, SessionDetail } from '../api/types';
import { useResource } from '../hooks/useResource';
import { useSessionProgress } from '../progress/useSessionProgress';

/** The session with the questions the room changed or added since loading it. */
function withQuestions(session: SessionDetail | null, changed: Map<number, Question>): SessionDetail | null {
  if (!session || changed.size === 0) return session;
  const questions = new Map(session.questions.map((question) => [question.id, question]));
  changed.forEach((question, id) => questions.set(id, question));
  return { ...session, questions: [...questions.values()].sort((a, b) => a.order - b.order) };
}

export function useRoomSession(sessionId: string) {
  const { data: loaded, error, loading, reload } = useResource(() => sessions.get(sessionId), sessionId);
  const [changedQuestions, setChangedQuestions] = useState<Map<number, Question>>(new Map());
  const session = useMemo(() => withQuestions(loaded, changedQuestions), [loaded, changedQuestions]);
  /** A question changed or added after the room loaded the session. */
  const keepQuestion = useCallback(
    (question: Question) => setChangedQuestions((current) => new Map(current).set(question.id, question)),
    [],
  );
  const { progress, stream, seed } = useSessionProgress(sessionId);

  useEffect(() => {
    if (loaded) seed(loaded.answers);
  }, [loaded, seed]);

  return { session, error, loading, reload, keepQuestion, progress, stream };
}
