/**
 * The fixture vault (tests/fixtures/vault, see tests/fixtures/README.md) built into decks by the real deck parser and
 * stored by the real deck sync, for the readiness, quiz and graph tests: four chapters of DEforAI linked 01 → 02, 03,
 * 10 (not in the vault); 02 → 01, 04; 03 → 02; 04 → 03, 01.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CoursedeckDb } from '../../src/db/schema';
import type { Deck } from '../../src/domain/deck-format';
import { buildDecks, type SourceFile } from '../../src/domain/decks/build';
import { upsertDeck } from '../../src/services/sync';

const VAULT = join(import.meta.dirname, '..', 'fixtures', 'vault');

function readTree(dir: string, out: SourceFile[] = []): SourceFile[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readTree(path, out);
    else if (name.endsWith('.md'))
      out.push({ path: relative(VAULT, path), text: readFileSync(path, 'utf8') });
  }
  return out;
}

/** The fixture vault's decks, in chapter order, as `npm run decks` would build them. */
export function fixtureDecks(): Deck[] {
  const result = buildDecks({
    rootSegments: ['vault'],
    files: readTree(VAULT),
    vault: { name: 'vault', prefix: [] },
  });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new Error(`fixture vault: ${errors.map((e) => e.message).join('; ')}`);
  return [...result.decks].sort((a, b) => a.chapter - b.chapter);
}

/** Stores the fixture decks through the deck sync (every card New) and returns them. */
export async function seedFixtureCourse(db: CoursedeckDb, now: number): Promise<Deck[]> {
  const decks = fixtureDecks();
  for (const deck of decks) await upsertDeck(db, deck, `fixture-${deck.id}`, now);
  return decks;
}
