/**
 * A small collection for the optimizer's service and panel tests: course Alpha studied by a synthetic learner whose
 * memory follows parameters unlike the defaults (700 answers), course Beta with a handful of answers, and one card
 * never seen. Stored card states are what the app's answers produced (replayed under the default settings).
 */
import type { CoursedeckDb } from '../../src/db/schema';
import { putCards } from '../../src/db/repo';
import type { CardRecord, DeckRecord, ReviewLogEntry } from '../../src/domain/model';
import { seededRandom, syntheticLog } from '../../src/domain/optimizer';
import { newMemoryState, replay } from '../../src/domain/scheduler';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';

export const START = Date.UTC(2026, 0, 1);
export const UTC = () => 0;
export const TRUTH = [
  1.2, 3.5, 8, 20, 5.5, 0.6, 2, 0.01, 1.6, 0.2, 1.1, 1.8, 0.08, 0.3, 1.5, 0.4, 2.5, 0.3, 0.3, 0.1,
  0.35,
];

function deck(id: string, course: string): DeckRecord {
  return {
    schemaVersion: 1,
    id,
    course,
    chapter: 1,
    title: `${course} 1`,
    estimatedTime: [],
    objectives: [],
    exercises: { items: [] },
    related: [],
    reading: [],
    coverage: { answered: 0, total: 0 },
    hash: id,
    imported: false,
    retired: false,
    cardCount: 0,
    syncedAt: START,
  };
}

function card(id: string, deckId: string, course: string, log: ReviewLogEntry[]): CardRecord {
  return {
    id,
    deckId,
    course,
    chapter: 1,
    kind: 'inline',
    front: id,
    back: id,
    section: 'S',
    position: 0,
    group: id,
    source: { file: 'x.md', line: 1 },
    selfGraded: false,
    // What the app stored: the state its answers produced under the settings of the time (defaults).
    memory: (log.length ? replay(id, log, DEFAULT_SETTINGS) : null) ?? newMemoryState(START),
    suspended: false,
    buriedUntil: 0,
    retired: false,
    leech: false,
    version: 1,
  };
}

/** Course Alpha: a learner unlike the defaults, 1000 answers. Course Beta: a handful of answers. */
export async function seedOptimizerCollection(db: CoursedeckDb) {
  const alphaLog = syntheticLog({
    truth: TRUTH,
    cards: 600,
    newPerDay: 8,
    days: 400,
    maxReviews: 700,
    desiredRetention: 0.9,
    random: seededRandom(11),
    start: START,
    deckId: 'alpha-1',
    quizShare: 0.1,
  });
  const betaLog = syntheticLog({
    truth: TRUTH,
    cards: 5,
    newPerDay: 5,
    days: 20,
    desiredRetention: 0.9,
    random: seededRandom(12),
    start: START,
    deckId: 'beta-1',
  }).map((e) => ({ ...e, id: `beta-${e.id}`, cardId: `beta-${e.cardId}` }));
  const byCard = (log: ReviewLogEntry[]) => {
    const map = new Map<string, ReviewLogEntry[]>();
    for (const e of log) map.set(e.cardId, [...(map.get(e.cardId) ?? []), e]);
    return map;
  };
  const cards = [
    ...[...byCard(alphaLog)].map(([id, log]) => card(id, 'alpha-1', 'Alpha', log)),
    card('alpha-unseen', 'alpha-1', 'Alpha', []),
    ...[...byCard(betaLog)].map(([id, log]) => card(id, 'beta-1', 'Beta', log)),
  ];
  await db.decks.bulkPut([deck('alpha-1', 'Alpha'), deck('beta-1', 'Beta')]);
  await putCards(db, cards);
  await db.reviewLog.bulkPut([...alphaLog, ...betaLog]);
  const lastAnswer = Math.max(...alphaLog.map((e) => e.reviewedAt));
  return { alphaLog, betaLog, now: lastAnswer + 3_600_000 };
}
