/**
 * Strict checks of deck files fetched at run time (they are untrusted input): shape, types and sizes, with a message
 * in plain words. Mirrors the contract in deck-format.ts.
 */
import { z } from 'zod';
import { DECK_SCHEMA_VERSION, type Deck, type DeckIndex } from './deck-format';

const str = (max: number) => z.string().max(max);
const kind = z.enum(['concept', 'objective', 'subchapter', 'tool', 'reading', 'inline', 'cloze']);

const deckCard = z.object({
  id: str(200).min(1),
  kind,
  front: str(100_000),
  back: str(100_000),
  section: str(1_000),
  position: z.number().int().min(0),
  group: str(400),
  source: z.object({ file: str(2_000), line: z.number().int().min(0) }),
  selfGraded: z.boolean().optional(),
});

const deck = z.object({
  schemaVersion: z.literal(DECK_SCHEMA_VERSION),
  id: str(200).min(1),
  course: str(400),
  chapter: z.number().int().min(0),
  title: str(1_000),
  focus: str(10_000).optional(),
  overview: str(100_000).optional(),
  estimatedTime: z.array(str(1_000)).max(100),
  objectives: z.array(str(10_000)).max(1_000),
  exercises: z.object({ folder: str(2_000).optional(), items: z.array(str(10_000)).max(1_000) }),
  related: z
    .array(
      z.object({
        title: str(1_000),
        target: str(2_000),
        deckId: str(200).optional(),
        chapter: z.number().int().optional(),
      }),
    )
    .max(1_000),
  reading: z.array(z.object({ title: str(2_000), author: str(1_000).optional() })).max(1_000),
  vault: z.object({ name: str(1_000), coursePath: str(2_000) }).optional(),
  coverage: z.object({ answered: z.number().int().min(0), total: z.number().int().min(0) }),
  cards: z.array(deckCard).max(50_000),
});

const deckIndex = z.object({
  schemaVersion: z.literal(DECK_SCHEMA_VERSION),
  decks: z
    .array(
      z.object({
        id: str(200).min(1),
        title: str(1_000),
        course: str(400),
        chapter: z.number().int().min(0),
        cardCount: z.number().int().min(0),
        file: str(2_000).min(1),
        hash: str(200),
      }),
    )
    .max(10_000),
});

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

function check<T>(schema: z.ZodType, value: unknown, what: string): Checked<T> {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data as T };
  const first = r.error.issues[0];
  const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
  return {
    ok: false,
    error: `${what} is not valid${where}: ${first?.message ?? 'unknown problem'}.`,
  };
}

/** Validate a deck file; duplicate card ids are rejected too (ids must be stable and unique). */
export function checkDeck(value: unknown): Checked<Deck> {
  const r = check<Deck>(deck, value, 'The deck file');
  if (!r.ok) return r;
  const seen = new Set<string>();
  for (const c of r.value.cards) {
    if (seen.has(c.id))
      return { ok: false, error: `The deck file has the card id "${c.id}" twice.` };
    seen.add(c.id);
  }
  return r;
}

/** Validate decks/index.json. */
export function checkDeckIndex(value: unknown): Checked<DeckIndex> {
  return check<DeckIndex>(deckIndex, value, 'The deck index');
}
