import { describe, expect, it } from 'vitest';
import { freshDevice, START } from '../../../tests/support/collections';
import { csvField, REVIEW_LOG_CSV_HEADER, reviewLogToCsv } from './csv';

describe('reviewLogToCsv', () => {
  it('writes the columns the FSRS optimizer reads, oldest answer first, with the state before each answer', () => {
    const device = freshDevice('d', 1);
    device.answer('card-0', 3, START + 60_000);
    device.answer('card-0', 1, START + 2 * 86_400_000);
    const [first, second] = device.log;
    const csv = reviewLogToCsv([...device.log].reverse());
    expect(csv.split('\r\n')).toEqual([
      REVIEW_LOG_CSV_HEADER,
      `card-0,${START + 60_000},3,0,${first?.durationMs}`,
      `card-0,${START + 2 * 86_400_000},1,${second?.before.phase === 'review' ? 2 : 1},${second?.durationMs}`,
      '',
    ]);
    expect(REVIEW_LOG_CSV_HEADER).toBe(
      'card_id,review_time,review_rating,review_state,review_duration',
    );
  });

  it('writes a reset as Anki does: rating 0, state 4 (Manual)', () => {
    const device = freshDevice('d', 1);
    device.answer('card-0', 3, START + 60_000);
    const row = device.log[0]!;
    const reset = {
      ...row,
      id: 'r',
      kind: 'reset' as const,
      rating: 0 as const,
      reviewedAt: row.reviewedAt + 1,
    };
    expect(reviewLogToCsv([row, reset]).split('\r\n')[2]).toBe(
      `card-0,${START + 60_001},0,4,${row.durationMs}`,
    );
  });

  it('quotes card ids that contain commas, quotes or line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain-id')).toBe('plain-id');
  });
});
