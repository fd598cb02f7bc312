/**
 * Builders for hand-written stats fixtures (used by the stats tests and the Stats screen test): every field has a
 * plain default so a fixture only spells out what the expected values depend on.
 */
import type { CardRecord, Grade, MemoryState, ReviewKind, ReviewLogEntry } from '../model';
import { newMemoryState } from '../scheduler';

export function memoryState(overrides: Partial<MemoryState> = {}): MemoryState {
  return { ...newMemoryState(0), ...overrides };
}

export function cardRecord(
  id: string,
  overrides: Partial<Omit<CardRecord, 'memory'>> & { memory?: Partial<MemoryState> } = {},
): CardRecord {
  const { memory, ...rest } = overrides;
  return {
    id,
    deckId: 'course-01',
    course: 'Course',
    chapter: 1,
    kind: 'inline',
    front: `Front of ${id}`,
    back: `Back of ${id}`,
    section: 'Key Concepts',
    position: 0,
    group: id,
    source: { file: '01/README.md', line: 1 },
    selfGraded: false,
    suspended: false,
    buriedUntil: 0,
    retired: false,
    leech: false,
    version: 1,
    ...rest,
    memory: memoryState(memory),
  };
}

let counter = 0;

export function logEntry(fields: {
  cardId: string;
  reviewedAt: number;
  rating: Grade | 0;
  deckId?: string;
  kind?: ReviewKind;
  before?: Partial<MemoryState>;
  after?: Partial<MemoryState>;
  durationMs?: number;
}): ReviewLogEntry {
  counter++;
  return {
    id: `fixture-${fields.reviewedAt}-${counter}`,
    cardId: fields.cardId,
    deckId: fields.deckId ?? 'course-01',
    kind: fields.kind ?? (fields.rating === 0 ? 'reset' : 'review'),
    rating: fields.rating,
    reviewedAt: fields.reviewedAt,
    durationMs: fields.durationMs ?? 5000,
    before: memoryState(fields.before),
    after: memoryState(fields.after),
  };
}
