import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../api/types';
import { ANSWER_ID, SESSION_ID } from '../test/fixtures';
import { applyProgressEvent, type ProgressByAnswer } from './answerProgress';

const stage = (name: string, status: string, error = ''): ProgressEvent =>
  ({ type: 'stage', session_id: SESSION_ID, answer_id: ANSWER_ID, stage: name, status, attempt: 1, error, at: '' }) as ProgressEvent;

const fold = (events: ProgressEvent[], start: ProgressByAnswer = {}) => events.reduce(applyProgressEvent, start);

describe('applyProgressEvent', () => {
  it('starts from the snapshot, then follows each stage to the result', () => {
    // given
    const events: ProgressEvent[] = [
      { type: 'snapshot', session_id: SESSION_ID, answers: [{ answer_id: ANSWER_ID, analysis_status: 'queued', stages: { media: 'queued' } }] },
      stage('media', 'started'),
      stage('media', 'finished'),
      stage('video', 'failed', 'No face was found.'),
    ];
    // when
    const running = fold(events);
    const done = fold(
      [{ type: 'answer.result', session_id: SESSION_ID, answer_id: ANSWER_ID, analysis_status: 'partial', error: '', stages: { scoring: 'finished' } }],
      running,
    );
    // then
    expect(running[ANSWER_ID]).toEqual({
      analysisStatus: 'running',
      stages: { media: 'finished', video: 'failed' },
      errors: { video: 'No face was found.' },
      error: '',
    });
    expect(done[ANSWER_ID]?.analysisStatus).toBe('partial');
    expect(done[ANSWER_ID]?.stages).toEqual({ media: 'finished', video: 'failed', scoring: 'finished' });
  });

  it('keeps what it knew when a reconnect snapshot repeats a state', () => {
    // given
    const before = fold([stage('speech', 'failed', 'Whisper crashed.')]);
    // when
    const after = fold(
      [{ type: 'snapshot', session_id: SESSION_ID, answers: [{ answer_id: ANSWER_ID, analysis_status: 'running', stages: { speech: 'failed', audio: 'started' } }] }],
      before,
    );
    // then
    expect(after[ANSWER_ID]).toMatchObject({ stages: { speech: 'failed', audio: 'started' }, errors: { speech: 'Whisper crashed.' } });
  });

  it('waits, not analyses, while the stages are only pending or queued', () => {
    // given: a new analysis resets every stage to pending, then queues the first
    const events = [stage('media', 'pending'), stage('speech', 'pending'), stage('media', 'queued')];
    // when
    const waiting = fold(events);
    const started = fold([stage('media', 'started')], waiting);
    // then
    expect(waiting[ANSWER_ID]?.analysisStatus).toBe('queued');
    expect(waiting[ANSWER_ID]?.stages).toEqual({ media: 'queued', speech: 'pending' });
    expect(started[ANSWER_ID]?.analysisStatus).toBe('running');
  });

  it('does not let a late stage event reopen a finished analysis', () => {
    const done = fold([{ type: 'answer.result', session_id: SESSION_ID, answer_id: ANSWER_ID, analysis_status: 'completed', error: '', stages: {} }]);
    expect(fold([stage('scoring', 'finished')], done)[ANSWER_ID]?.analysisStatus).toBe('completed');
  });
});
