/**
 * Builds realistic collections for backup and merge tests by actually studying: cards are answered through the
 * scheduling adapter and undone as the app undoes (latest answer of a card, leaving a tombstone), on a shared
 * history and then on two devices that diverge. Stored states are what the app would have stored.
 */
import fc from 'fast-check';
import type {
  CardRecord,
  DeckRecord,
  Grade,
  ReviewLogEntry,
  Tombstone,
} from '../../src/domain/model';
import { newMemoryState, next, type SchedulingSettings } from '../../src/domain/scheduler';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';

export const SCHEDULING: SchedulingSettings = DEFAULT_SETTINGS;

export type Collection = {
  decks: DeckRecord[];
  cards: CardRecord[];
  reviewLog: ReviewLogEntry[];
  tombstones: Tombstone[];
};

export type Step = { card: number; grade: Grade; minutes: number; undo: boolean };

export const START = Date.UTC(2026, 10, 1, 9, 0, 0);

export function deckRecord(id: string, chapter: number, imported = false): DeckRecord {
  return {
    schemaVersion: 1,
    id,
    course: 'Test course',
    chapter,
    title: `Chapter ${chapter}`,
    estimatedTime: [],
    objectives: ['Know things'],
    exercises: { items: [] },
    related: [],
    reading: [],
    coverage: { answered: 1, total: 2 },
    hash: `hash-${id}`,
    imported,
    retired: false,
    cardCount: 0,
    syncedAt: START,
  };
}

export function cardRecord(id: string, deckId: string, position: number): CardRecord {
  return {
    id,
    deckId,
    course: 'Test course',
    chapter: 1,
    kind: 'inline',
    front: `Front of ${id} with "quotes", commas and <b>html</b>`,
    back: `Back of ${id}\nsecond line`,
    section: 'Notes',
    position,
    group: id,
    source: { file: `01/notes-${position}.md`, line: position + 1 },
    selfGraded: false,
    memory: newMemoryState(START),
    suspended: false,
    buriedUntil: 0,
    retired: false,
    leech: false,
    version: 1,
  };
}

/** A device's copy of the collection, and the operations the app performs on it. */
export class Device {
  cards = new Map<string, CardRecord>();
  log: ReviewLogEntry[] = [];
  tombstones: Tombstone[] = [];
  decks: DeckRecord[] = [];
  clock: number;
  private counter = 0;

  constructor(
    readonly name: string,
    from?: Device,
  ) {
    this.clock = from?.clock ?? START;
    if (from) {
      this.cards = new Map([...from.cards].map(([id, c]) => [id, structuredClone(c)]));
      this.log = structuredClone(from.log);
      this.tombstones = structuredClone(from.tombstones);
      this.decks = structuredClone(from.decks);
    }
  }

  answer(cardId: string, grade: Grade, at: number): void {
    const card = this.cards.get(cardId);
    if (!card) throw new Error(`no card ${cardId}`);
    const after = next(cardId, card.memory, at, grade, SCHEDULING);
    this.log.push({
      id: `${this.name}-${++this.counter}`,
      cardId,
      deckId: card.deckId,
      kind: 'review',
      rating: grade,
      reviewedAt: at,
      durationMs: 1000 + grade * 250,
      before: card.memory,
      after,
    });
    this.cards.set(cardId, { ...card, memory: after, version: card.version + 1 });
  }

  /** Undo the latest answer of a card, as the undo stack does: restore `before`, drop the row, leave a tombstone. */
  undoLatest(cardId: string, at: number): void {
    const rows = this.log.filter((r) => r.cardId === cardId);
    const last = rows.sort((a, b) => a.reviewedAt - b.reviewedAt || (a.id < b.id ? -1 : 1)).at(-1);
    const card = this.cards.get(cardId);
    if (!last || !card) return;
    this.log = this.log.filter((r) => r.id !== last.id);
    this.tombstones.push({ id: last.id, cardId, undoneAt: at });
    this.cards.set(cardId, { ...card, memory: last.before, version: card.version + 1 });
  }

  run(steps: readonly Step[]): this {
    const ids = [...this.cards.keys()];
    for (const step of steps) {
      this.clock += step.minutes * 60_000;
      const id = ids[step.card % ids.length] as string;
      if (step.undo) this.undoLatest(id, this.clock);
      else this.answer(id, step.grade, this.clock);
    }
    return this;
  }

  collection(): Collection {
    return {
      decks: structuredClone(this.decks),
      cards: [...this.cards.values()].map((c) => structuredClone(c)),
      reviewLog: structuredClone(this.log),
      tombstones: structuredClone(this.tombstones),
    };
  }
}

/** A fresh device holding `cardCount` new cards in two decks. */
export function freshDevice(name: string, cardCount: number): Device {
  const device = new Device(name);
  device.decks = [deckRecord('test-01', 1), deckRecord('test-02', 2, true)];
  for (let i = 0; i < cardCount; i++) {
    const card = cardRecord(`card-${i}`, i % 2 === 0 ? 'test-01' : 'test-02', i);
    device.cards.set(card.id, card);
  }
  return device;
}

export const stepArb: fc.Arbitrary<Step> = fc.record({
  card: fc.nat({ max: 50 }),
  grade: fc.constantFrom<Grade>(1, 2, 3, 4),
  // Minutes up to ~2 weeks, so learning steps, reviews and lapses all happen.
  minutes: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 60, max: 20_000 })),
  // One step in five is an undo.
  undo: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
});

/** Shared history, then two diverged devices (phone and laptop). */
export const divergedArb = fc.record({
  cardCount: fc.integer({ min: 1, max: 6 }),
  base: fc.array(stepArb, { maxLength: 12 }),
  phone: fc.array(stepArb, { maxLength: 12 }),
  laptop: fc.array(stepArb, { maxLength: 12 }),
});

export function diverge(spec: { cardCount: number; base: Step[]; phone: Step[]; laptop: Step[] }): {
  base: Device;
  phone: Device;
  laptop: Device;
} {
  const base = freshDevice('base', spec.cardCount).run(spec.base);
  const phone = new Device('phone', base).run(spec.phone);
  const laptop = new Device('laptop', base).run(spec.laptop);
  return { base, phone, laptop };
}
