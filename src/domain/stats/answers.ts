import type { ReviewLogEntry } from '../model';

/**
 * An answer is a review-log row where the learner pressed a grade (rating 1–4): normal reviews and chapter-quiz
 * answers alike (a quiz answer is a real review). Reset rows (rating 0) record a "forget" and are not answers.
 */
export function isAnswer(entry: ReviewLogEntry): boolean {
  return entry.rating !== 0 && entry.kind !== 'reset';
}
