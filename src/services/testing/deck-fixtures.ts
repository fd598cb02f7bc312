/** Small in-memory decks and a fetcher serving them, for tests and the queue benchmark. Not used by the app. */
import {
  DECK_SCHEMA_VERSION,
  type Deck,
  type DeckCard,
  type DeckIndex,
} from '../../domain/deck-format';
import type { JsonFetcher } from '../sync';

export type CardSpec = Partial<DeckCard> & { id: string };

/** A deck of chapter `chapter` with the given cards (front/back default to the id; position = list order). */
export function makeDeck(
  id: string,
  chapter: number,
  cards: CardSpec[],
  course = 'Test Course',
): Deck {
  return {
    schemaVersion: DECK_SCHEMA_VERSION,
    id,
    course,
    chapter,
    title: `Chapter ${chapter}`,
    estimatedTime: [],
    objectives: [],
    exercises: { items: [] },
    related: [],
    reading: [],
    coverage: { answered: cards.length, total: cards.length },
    cards: cards.map((c, i) => ({
      kind: 'concept',
      front: `Front of ${c.id}`,
      back: `Back of ${c.id}`,
      section: 'Key Concepts',
      position: i,
      group: c.id,
      source: { file: `${id}/README.md`, line: i + 1 },
      ...c,
    })),
  };
}

/** A content hash good enough for fixtures (FNV-1a over the JSON). */
export function fixtureHash(value: unknown): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(value)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

/** Serve `decks` as `/decks/index.json` plus one file per deck; counts fetches per URL. */
export function deckServer(decks: Deck[]): { fetcher: JsonFetcher; fetched: string[] } {
  const index: DeckIndex = {
    schemaVersion: DECK_SCHEMA_VERSION,
    decks: decks.map((d) => ({
      id: d.id,
      title: d.title,
      course: d.course,
      chapter: d.chapter,
      cardCount: d.cards.length,
      file: `${d.id}.json`,
      hash: fixtureHash(d),
    })),
  };
  const files = new Map<string, unknown>([['/decks/index.json', index]]);
  for (const d of decks) files.set(`/decks/${d.id}.json`, d);
  const fetched: string[] = [];
  const fetcher: JsonFetcher = async (url) => {
    fetched.push(url);
    if (!files.has(url)) throw new Error(`404 ${url}`);
    return structuredClone(files.get(url));
  };
  return { fetcher, fetched };
}
