// Words for a take (one recording of a question) and whether it counts in the session's scores.
import type { AnswerTake } from '../api/types';

const ANALYSED = new Set<AnswerTake['analysis_status']>(['completed', 'partial']);

/**
 * Why a take counts or not. Only one take per question counts: the latest whose analysis ended
 * with scores, so an earlier take stays visible but no longer weighs in the means and trends, and
 * a newer one only replaces it once it has scores.
 */
export function takeCountNote(take: AnswerTake, takes: AnswerTake[]): string {
  if (take.is_counted_take) return 'counted';
  const counted = takes.find((other) => other.is_counted_take);
  if (counted && counted.take > take.take) return 'earlier take, not counted';
  if (take.analysis_status === 'failed') return 'not counted: its analysis failed';
  if (!ANALYSED.has(take.analysis_status)) return 'not counted until it is analysed';
  return 'not counted';
}

/** The takes of each question (`first` is its first take), questions in the order they were first recorded. */
export function groupTakes<T extends AnswerTake & { question_id: number }>(answers: T[]): { first: T; takes: T[] }[] {
  const groups = new Map<number, { first: T; takes: T[] }>();
  for (const answer of answers) {
    const group = groups.get(answer.question_id);
    if (group) group.takes.push(answer);
    else groups.set(answer.question_id, { first: answer, takes: [answer] });
  }
  return [...groups.values()];
}
