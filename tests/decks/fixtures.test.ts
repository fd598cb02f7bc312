/**
 * Golden fixtures of the deck build: every folder of tests/fixtures/decks/ holds `input/` (notes as a learner keeps
 * them) and `expected.json` (the decks, index, assets, diagnostics and unanswered items they must yield).
 * `UPDATE=1 npm test` rewrites expected.json from the current build; review the diff before committing it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDecks } from '../../src/domain/decks/index.ts';
import { readSource } from '../../scripts/decks-cli.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'decks');
const UPDATE = process.env.UPDATE === '1';

const folders = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** The build of a fixture's input as plain JSON (what expected.json holds). */
function buildFixture(name: string) {
  const { tree, errors } = readSource(path.join(FIXTURES, name, 'input'));
  const result = buildDecks(tree);
  return {
    index: result.index,
    decks: result.decks,
    assets: result.assets,
    diagnostics: [...errors, ...result.diagnostics],
    unanswered: result.unanswered,
  };
}

describe('golden deck fixtures', () => {
  it('has fixtures to check', () => {
    expect(folders).toEqual(expect.arrayContaining(['seed-chapter', 'inline-syntax', 'messy-format']));
  });

  for (const name of folders) {
    it(`builds ${name} into its expected.json`, () => {
      const actual = buildFixture(name);
      const file = path.join(FIXTURES, name, 'expected.json');
      if (UPDATE) {
        fs.writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      }
      const expected: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(actual).toEqual(expected);
    });
  }
});
