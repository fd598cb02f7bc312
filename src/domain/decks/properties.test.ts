/**
 * Properties of the deck build over generated notes (fixed seeds): it never throws on any markdown, ids are unique,
 * ids survive edited answers and reordered bullets, and formatting noise (CRLF, emoji, heading levels, blank lines)
 * changes no card.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDecks } from './build.ts';
import type { SourceTree } from './build.ts';
import type { DeckCard } from '../deck-format.ts';
import { cyrb53, hashPrefix, stableHash, stableHashAfter } from './text.ts';

const FOLDER = 'DEforAI/Course/01. Generated';

function tree(readme: string, notes: Record<string, string> = {}): SourceTree {
  return {
    rootSegments: ['vault'],
    files: [
      { path: `${FOLDER}/README.md`, text: readme },
      ...Object.entries(notes).map(([name, text]) => ({ path: `${FOLDER}/${name}`, text })),
    ],
  };
}

const FRAGMENTS = [
  '# Chapter 01: Title',
  '## 🔑 Key Concepts',
  '## Learning Objectives',
  '### subchapters',
  '## 🛠️ Tools & Technologies',
  '## Recommended Reading',
  '## Related',
  '## Estimated Time',
  '- ',
  '  - ',
  '1. **01. Part** - summary',
  '::',
  ':::',
  '?',
  '??',
  '==',
  '==x==',
  '```',
  '---',
  '(',
  ')',
  ',',
  '"',
  ' by ',
  '[[',
  ']]',
  '![[a.png]]',
  '|',
  '`',
  '\r\n',
  '\n',
  '\t',
  '<!--SR:!2024-01-01,1,230-->',
  'Feature stores',
  'Training-serving skew',
];

const markdown = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })), { maxLength: 120 })
  .map((parts) => parts.join(''));

describe('deck build properties', () => {
  it('writes id hashes as the base-36 digits of the 53-bit hash, padded to 11', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        expect(stableHash(key)).toBe(cyrb53(key).toString(36).padStart(11, '0'));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('hashes a prefix once and resumes to the same hash as the whole text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, rest) => {
        expect(stableHashAfter(hashPrefix(prefix), rest)).toBe(stableHash(prefix + rest));
      }),
      { seed: 42, numRuns: 2000 },
    );
    // A hash above 36^10 takes all 11 digits (its leading digit is not 0).
    expect(stableHash('k52551')).toBe('2gorx4zgz3o');
  });

  it('never throws and never yields two cards with one id, whatever the markdown', () => {
    fc.assert(
      fc.property(markdown, markdown, (readme, note) => {
        const result = buildDecks(tree(`# Chapter 01: T\n${readme}`, { 'note.md': note }));
        for (const deck of result.decks) {
          const ids = deck.cards.map((c) => c.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(deck.cards.every((c, i) => c.position === i && typeof c.back === 'string')).toBe(true);
        }
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  const word = fc.stringMatching(/^[a-z]{3,9}$/);
  const chapter = fc.record({
    concepts: fc.uniqueArray(word, { minLength: 1, maxLength: 8 }),
    objectives: fc.uniqueArray(word, { minLength: 1, maxLength: 5 }),
    tools: fc.uniqueArray(word, { minLength: 1, maxLength: 4 }),
    answers: fc.array(word, { minLength: 8, maxLength: 8 }),
  });

  type Model = { concepts: string[]; objectives: string[]; tools: string[]; answers: string[] };

  function render(model: Model, order: (n: number) => number[], answerSuffix: string): SourceTree {
    const pick = <T,>(items: T[]) => order(items.length).map((i) => items[i] as T);
    const readme = [
      '# Chapter 01: Generated',
      '## Key Concepts',
      ...pick(model.concepts).map((c) => `- concept ${c}`),
      '## Learning Objectives',
      ...pick(model.objectives).map((o) => `- explain ${o}`),
      '## Tools & Technologies',
      `- Category (${pick(model.tools).join(', ')})`,
      '## Recommended Reading',
      ...pick(model.tools).map((t) => `- "Book ${t}" by Author ${answerSuffix}`),
    ].join('\n');
    const note = [
      ...pick(model.concepts).map((c, i) => `concept ${c}::${model.answers[i % 8]} ${answerSuffix}`),
      `term ${model.tools[0]}:::${model.answers[0]} ${answerSuffix}`,
      `The ==${model.answers[1]}${answerSuffix}== and the ==${model.answers[2]}==.`,
    ].join('\n\n');
    return tree(readme, { 'answers.md': note });
  }

  const idsOf = (t: SourceTree) => (buildDecks(t).decks[0]?.cards ?? []).map((c) => c.id).sort();

  it('keeps every card id when answers are edited and bullets reordered', () => {
    fc.assert(
      fc.property(chapter, fc.integer({ min: 1, max: 1000 }), (model, shift) => {
        const identity = (n: number) => [...Array(n).keys()];
        const rotated = (n: number) => identity(n).map((i) => (i + shift) % n);
        const before = idsOf(render(model, identity, 'first'));
        const after = idsOf(render(model, rotated, 'edited'));
        expect(after).toEqual(before);
        expect(before.length).toBeGreaterThan(0);
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('yields the same cards from a chapter with CRLF, no emoji, other heading levels and extra blank lines', () => {
    const strip = (cards: DeckCard[]) => cards.map(({ source: _source, ...card }) => card);
    fc.assert(
      fc.property(chapter, fc.integer({ min: 1, max: 6 }), (model, level) => {
        const clean = render(model, (n) => [...Array(n).keys()], '');
        const messy: SourceTree = {
          ...clean,
          files: clean.files.map((f) => ({
            ...f,
            text: f.text
              .replace(/^## (Key|Learning|Tools|Recommended)/gm, `${'#'.repeat(level)} 🔑  $1`)
              .replace(/\n/g, '\n\n')
              .replace(/\n/g, '\r\n'),
          })),
        };
        const a = buildDecks(clean).decks[0]?.cards ?? [];
        const b = buildDecks(messy).decks[0]?.cards ?? [];
        expect(strip(b)).toEqual(strip(a));
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
