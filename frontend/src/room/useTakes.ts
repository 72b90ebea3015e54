// The takes the room submits: each submission is a new take (an answer) of its question, uploaded
// resumably; the take's state says how its upload goes and, if it stopped, why. The answer a
// recording will be submitted as is created when recording starts, so that the live preview can
// stream to it; re-recording before submitting reuses it (one per question).
import { useCallback, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { sessions } from '../api/endpoints';
import type { Recording } from '../recording/useRecorder';
import { UploadStalledError, uploadRecording, type UploadProgress } from '../upload/resumableUpload';

export type TakeState = 'uploading' | 'stalled' | 'refused' | 'failed' | 'submitted';

export interface Take {
  /** '' until its answer is created. */
  answerId: string;
  questionId: number;
  recording: Recording;
  state: TakeState;
  upload: UploadProgress | null;
  error: unknown;
}

export function useTakes(sessionId: string, onSubmitted: (questionId: number, answerId: string) => void) {
  const [take, setTake] = useState<Take | null>(null);
  const drafts = useRef(new Map<number, Promise<string>>());
  /** The answer the live preview streams to while recording; null without one. */
  const [liveAnswerId, setLiveAnswerId] = useState<string | null>(null);

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

  const send = useCallback(
    async (current: Take, resume: boolean) => {
      const update = (changes: Partial<Take>) =>
        setTake((latest) => (latest && latest.answerId === current.answerId ? { ...latest, ...changes } : latest));
      update({ state: 'uploading', error: null });
      try {
        await uploadRecording(
          { answerId: current.answerId, blob: current.recording.blob, filename: current.recording.filename },
          { resume, onProgress: (upload) => update({ upload }) },
        );
        update({ state: 'submitted' });
        onSubmitted(current.questionId, current.answerId);
      } catch (reason) {
        const refused = reason instanceof ApiError && (reason.status === 422 || reason.status === 413);
        update({ state: reason instanceof UploadStalledError ? 'stalled' : refused ? 'refused' : 'failed', error: reason });
      }
    },
    [onSubmitted],
  );

  /** No take shown, no live preview: another question, or a new recording. */
  const reset = useCallback(() => {
    setTake(null);
    setLiveAnswerId(null);
  }, []);

  /** The live preview is optional: without its answer (a failed request) recording goes on. */
  const streamLive = useCallback(
    (questionId: number) => {
      draftAnswer(questionId).then(setLiveAnswerId, () => undefined);
    },
    [draftAnswer],
  );

  /** Each submission is a new take (an answer) of the question. */
  const submit = async (recording: Recording, questionId: number) => {
    setLiveAnswerId(null);
    const pending: Take = { answerId: '', questionId, recording, state: 'uploading', upload: null, error: null };
    setTake(pending);
    try {
      const answerId = await draftAnswer(questionId);
      drafts.current.delete(questionId); // submitted: the next recording is a new take
      const created = { ...pending, answerId };
      setTake(created);
      await send(created, false);
    } catch (reason) {
      setTake({ ...pending, state: 'failed', error: reason });
    }
  };

  /** Resumes the upload of a take whose answer exists, from what the server has. */
  const resume = (stopped: Take) => void send(stopped, true);

  return { take, liveAnswerId, reset, streamLive, submit, resume };
}
