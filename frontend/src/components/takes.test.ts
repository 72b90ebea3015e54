import { describe, expect, it } from 'vitest';
import type { AnswerTake } from '../api/types';
import { groupTakes, takeCountNote } from './takes';

const take = (n: number, counted: boolean, status: AnswerTake['analysis_status'] = 'completed'): AnswerTake => ({
  answer_id: `t${n}`,
  take: n,
  is_counted_take: counted,
  analysis_status: status,
});

describe('takeCountNote', () => {
  it('says why each take of a question counts or not', () => {
    // given: take 1 superseded, take 2 counted, take 3 failed, take 4 still in analysis
    const takes = [take(1, false), take(2, true), take(3, false, 'failed'), take(4, false, 'queued')];
    // when
    const notes = takes.map((item) => takeCountNote(item, takes));
    // then
    expect(notes).toEqual([
      'earlier take, not counted',
      'counted',
      'not counted: its analysis failed',
      'not counted until it is analysed',
    ]);
  });
});

describe('groupTakes', () => {
  it('groups takes by question in the order questions were first recorded', () => {
    const answers = [
      { ...take(1, false), question_id: 2 },
      { ...take(1, true), answer_id: 'q1', question_id: 1 },
      { ...take(2, true), question_id: 2 },
    ];
    expect(groupTakes(answers).map(({ first, takes }) => [first.question_id, takes.map((t) => t.answer_id)])).toEqual([
      [2, ['t1', 't2']],
      [1, ['q1']],
    ]);
  });
});
