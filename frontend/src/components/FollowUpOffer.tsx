// Once an answer is analysed, the question an interviewer would ask next about what it left out,
// offered as the next take. Showing the offer only reads it (GET .../follow-ups/next/): a visit to
// the room or the report must not add a question the candidate never chose, which would leave
// their session with an unanswered question (never complete, an extra line in its reports).
// Only "Answer it next" adds it (POST .../follow-ups/, once per answer), then hands it over.
import { useEffect, useRef, useState } from 'react';
import { answers } from '../api/endpoints';
import type { FollowUpPreview, Question } from '../api/types';
import { ErrorAlert } from './Feedback';

export function FollowUpOffer({
  answerId,
  onTake,
  hidden,
  disabled = false,
}: {
  answerId: string;
  /** The follow-up, now a question of the session: move to it (the room) or go there (elsewhere). */
  onTake: (question: Question) => void;
  /** Whether a follow-up already in the session needs no offer (e.g. the room is on it already). */
  hidden?: (question: Question) => boolean;
  /** E.g. while the room records or uploads. */
  disabled?: boolean;
}) {
  // Each kept with the answer it is about, so that another answer starts with neither.
  const [offer, setOffer] = useState<{ answerId: string; preview: FollowUpPreview } | null>(null);
  const [failure, setFailure] = useState<{ answerId: string; error: unknown } | null>(null);
  const [taking, setTaking] = useState(false);
  const mounted = useRef(true);
  const preview = offer?.answerId === answerId ? offer.preview : null;
  const error = failure?.answerId === answerId ? failure.error : null;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    let current = true;
    answers
      .followUpPreview(answerId)
      .then((offered) => {
        if (current && offered) setOffer({ answerId, preview: offered });
      })
      // The offer is a bonus: an analysis without a transcript, or someone else's answer, has none.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [answerId]);

  if (preview === null || (preview.question !== null && hidden?.(preview.question))) return null;

  const take = async () => {
    setFailure(null);
    if (preview.question !== null) {
      onTake(preview.question); // taken up before (here or elsewhere): nothing to add
      return;
    }
    setTaking(true);
    try {
      const { questions } = await answers.followUps(answerId, 1);
      const [added] = questions;
      if (!added) throw new Error('The follow-up question could not be added to the session.');
      if (!mounted.current) return;
      setTaking(false);
      setOffer({ answerId, preview: { ...preview, question: added } });
      onTake(added);
    } catch (reason) {
      if (!mounted.current) return;
      setTaking(false);
      setFailure({ answerId, error: reason });
    }
  };

  return (
    <section className="card follow-up-offer" aria-label="Follow-up question" aria-busy={taking}>
      <p>
        <strong>Follow-up:</strong> {preview.text}
      </p>
      <button type="button" className="button button-primary no-print" disabled={disabled || taking} onClick={() => void take()}>
        Answer it next
      </button>
      {taking && (
        <p className="muted" role="status">
          Adding it to your session…
        </p>
      )}
      {error !== null && <ErrorAlert error={error} title="The follow-up could not be added" />}
    </section>
  );
}
