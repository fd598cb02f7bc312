/**
 * The shipped deck (built from decks/ with the real deck parser, as `npm run decks` does) served by an in-memory
 * fetcher, so app tests sync exactly what the learner gets without a server or a prior build.
 */
import path from 'node:path';
import { readSource } from '../../scripts/decks-cli';
import { buildDecks } from '../../src/domain/decks';
import type { Deck } from '../../src/domain/deck-format';

export type DeckFiles = Map<string, unknown>;

/** `decks/<file>` → parsed JSON of every file the build writes (index.json and one file per deck). */
export function shippedDeckFiles(): DeckFiles {
  const { tree } = readSource(path.resolve(import.meta.dirname, '../../decks'));
  const result = buildDecks(tree);
  return new Map(result.files.map((f) => [`decks/${f.path}`, JSON.parse(f.text) as unknown]));
}

/** The shipped decks themselves. */
export function shippedDecks(): Deck[] {
  const { tree } = readSource(path.resolve(import.meta.dirname, '../../decks'));
  return buildDecks(tree).decks;
}

/** A fetcher over `files` for the app's base URL `/`; an unknown URL fails like a 404. */
export function fetcherFor(files: DeckFiles): (url: string) => Promise<unknown> {
  return async (url) => {
    const key = url.replace(/^\//, '');
    if (!files.has(key)) throw new Error(`Could not load ${url} (HTTP 404).`);
    // A copy, so no test can change the served files by mutating a result.
    return structuredClone(files.get(key));
  };
}
