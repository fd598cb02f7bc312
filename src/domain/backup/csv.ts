/**
 * The review log as CSV in the schema the FSRS optimizer tools read (fsrs-optimizer's "Review Logs Schema"):
 * `card_id, review_time, review_rating, review_state, review_duration`, times in epoch milliseconds.
 */
import type { CardPhase, ReviewLogEntry } from '../model';
import { compareLogEntries } from './merge';

export const REVIEW_LOG_CSV_HEADER =
  'card_id,review_time,review_rating,review_state,review_duration';

/** review_state is the card's state when it was answered: 0 New, 1 Learning, 2 Review, 3 Relearning. */
const STATE_CODE: Record<CardPhase, number> = { new: 0, learning: 1, review: 2, relearning: 3 };

/**
 * A manual reset ("forget") is written as Anki writes one: rating 0 with state 4 (Manual), which the optimizers
 * read as "history starts again here".
 */
const MANUAL_STATE = 4;

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted and its quotes doubled. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The log as CSV, oldest answer first, one line per row, CRLF line ends (RFC 4180), header first. */
export function reviewLogToCsv(log: readonly ReviewLogEntry[]): string {
  const lines = [REVIEW_LOG_CSV_HEADER];
  for (const row of [...log].sort(compareLogEntries)) {
    const state = row.kind === 'reset' ? MANUAL_STATE : STATE_CODE[row.before.phase];
    lines.push(
      [
        csvField(row.cardId),
        csvField(Math.round(row.reviewedAt)),
        csvField(row.rating),
        csvField(state),
        csvField(Math.max(0, Math.round(row.durationMs))),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
