import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveBuildSource } from './build-source.ts';

let outside: string;
beforeAll(() => {
  // A vault outside the repository, as a learner keeps it.
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'coursedeck-vault-'));
  fs.mkdirSync(path.join(outside, 'My course'));
});
afterAll(() => fs.rmSync(outside, { recursive: true, force: true }));

const repo = '/repo';

describe('resolveBuildSource', () => {
  test('builds the repository decks/ when neither the flag nor the variable is given', () => {
    expect(resolveBuildSource([], {}, repo)).toEqual({
      source: path.join(repo, 'decks'),
      from: 'default',
    });
  });

  test('takes --source DIR and --source=DIR', () => {
    expect(resolveBuildSource(['--source', outside], {}, repo)).toEqual({
      source: outside,
      from: '--source',
    });
    expect(resolveBuildSource([`--source=${outside}`], {}, repo).source).toBe(outside);
  });

  test('takes COURSEDECK_SOURCE when there is no flag, and the flag wins over it', () => {
    const other = path.join(outside, 'My course');
    expect(resolveBuildSource([], { COURSEDECK_SOURCE: outside }, repo)).toEqual({
      source: outside,
      from: 'COURSEDECK_SOURCE',
    });
    expect(
      resolveBuildSource(['--source', other], { COURSEDECK_SOURCE: outside }, repo).source,
    ).toBe(other);
  });

  test('resolves a relative folder from where the command was typed (INIT_CWD)', () => {
    expect(resolveBuildSource(['--source', 'My course'], { INIT_CWD: outside }, repo).source).toBe(
      path.join(outside, 'My course'),
    );
  });

  test('says which setting points nowhere', () => {
    expect(() => resolveBuildSource(['--source'], {}, repo)).toThrow(/--source needs the folder/);
    expect(() => resolveBuildSource(['--source', '--quiet'], {}, repo)).toThrow(/needs the folder/);
    expect(() =>
      resolveBuildSource([], { COURSEDECK_SOURCE: path.join(outside, 'missing') }, repo),
    ).toThrow(/COURSEDECK_SOURCE .*missing is not a folder/);
  });
});
