// Once an answer is analysed, the question an interviewer would ask next about what it left out,
// offered as the next take. The server adds it to the session on the first request and returns
// that same question afterwards, so the room and the report can both ask for it freely.
import { useEffect, useState, type ReactNode } from 'react';
import { answers } from '../api/endpoints';
import type { Question } from '../api/types';

export function FollowUpOffer({
  answerId,
  action,
  onLoaded,
}: {
  answerId: string;
  /** How to take it up (a button in the room, a link elsewhere); null hides the offer. */
  action: (question: Question) => ReactNode;
  /** The follow-up as the server holds it, e.g. for the room to add it to its questions. */
  onLoaded?: (question: Question) => void;
}) {
  const [followUp, setFollowUp] = useState<Question | null>(null);

  useEffect(() => {
    let current = true;
    setFollowUp(null);
    answers
      .followUps(answerId, 1)
      .then(({ questions }) => {
        const first = questions[0];
        if (!current || !first) return;
        setFollowUp(first);
        onLoaded?.(first);
      })
      // The offer is a bonus: an analysis without a transcript, or someone else's answer, has none.
      .catch(() => undefined);
    return () => {
      current = false;
    };
    // `onLoaded` is a new closure on every render of the parent; the answer says what to load.
  }, [answerId]);

  if (followUp === null) return null;
  const taken = action(followUp);
  if (taken === null) return null;
  return (
    <section className="card follow-up-offer" aria-label="Follow-up question">
      <p>
        <strong>Follow-up:</strong> {followUp.text}
      </p>
      {taken}
    </section>
  );
}
