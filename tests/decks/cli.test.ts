/**
 * `npm run decks` end to end: the real CLI in a child process on temp folders (exit codes, stderr lines, atomic
 * output, --strict, and the same deck from the vault root, the course folder and the chapter folder).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'scripts', 'build-decks.ts');
// tsx's loader by file URL: the child runs in a temp folder, where the bare name `tsx` does not resolve.
const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const VAULT = path.join(ROOT, 'tests', 'fixtures', 'vault');
const COURSE = path.join('vault', '01_Projects', 'DEforAI', 'Course');
const CHAPTER_1 = path.join(COURSE, '01. Foundations of ML Data');

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decks-cli-'));
  fs.cpSync(VAULT, path.join(dir, 'vault'), { recursive: true });
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function decks(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return {
    code: run.status,
    stderr: run.stderr.split('\n').filter(Boolean),
    stdout: run.stdout,
  };
}

const read = (...parts: string[]) => fs.readFileSync(path.join(dir, ...parts), 'utf8');
const COMPILER_LINE = /^[^:]+\.(md|json):\d+: (warning|error): \S/;

// Each case spawns the CLI (tsx compiles it on start): give them room on a shared 2-core machine.
describe('npm run decks', { timeout: 30_000 }, () => {
  it('builds a vault, exits 0 with warnings as compiler-style lines, and writes index.json and one file per deck', () => {
    const run = decks('--source', 'vault', '--out', 'out');
    expect(run.code).toBe(0);
    expect(run.stderr).toEqual([
      'vault/01_Projects/DEforAI/Course/01. Foundations of ML Data/README.md:57: warning: related chapter "Chapter 10: Feature Stores" is not in the source ([[01_Projects/DEforAI/Course/10. Feature Stores/README]])',
    ]);
    const index = JSON.parse(read('out', 'index.json')) as { schemaVersion: number; decks: Array<{ id: string; file: string }> };
    expect(index.schemaVersion).toBe(1);
    expect(index.decks.map((d) => d.id)).toEqual(['deforai-01', 'deforai-02', 'deforai-03', 'deforai-04']);
    for (const entry of index.decks) expect(fs.existsSync(path.join(dir, 'out', entry.file))).toBe(true);
    expect(run.stdout).toMatch(/4 decks/);
    expect(fs.readdirSync(dir).sort()).toEqual(['out', 'vault']);
  });

  it('gives the same deck from the vault root, the course folder and the chapter folder', () => {
    expect(decks('--source', 'vault', '--out', 'a').code).toBe(0);
    expect(decks('--source', COURSE, '--out', 'b').code).toBe(0);
    expect(decks('--source', CHAPTER_1, '--out', 'c').code).toBe(0);
    const fromRoot = read('a', 'deforai-01.json');
    expect(read('b', 'deforai-01.json')).toBe(fromRoot);
    expect(read('c', 'deforai-01.json')).toBe(fromRoot);
    expect(read('b', 'index.json')).toBe(read('a', 'index.json'));
    expect(fs.readdirSync(path.join(dir, 'c')).sort()).toEqual(['deforai-01.json', 'index.json']);
  });

  it('builds byte-identical output twice', () => {
    decks('--source', 'vault', '--out', 'a');
    decks('--source', 'vault', '--out', 'b');
    for (const file of fs.readdirSync(path.join(dir, 'a'))) expect(read('b', file)).toBe(read('a', file));
  });

  it('fails with --strict when there are warnings, leaving the previous output untouched', () => {
    expect(decks('--source', 'vault', '--out', 'out').code).toBe(0);
    const before = read('out', 'index.json');
    const run = decks('--source', 'vault', '--out', 'out', '--strict');
    expect(run.code).toBe(1);
    expect(run.stderr[0]).toMatch(COMPILER_LINE);
    expect(run.stderr.at(-1)).toMatch(/not written .*--strict/);
    expect(read('out', 'index.json')).toBe(before);
  });

  it('reports a non-UTF-8 note as an error with its line, writes nothing and prints no stack trace', () => {
    expect(decks('--source', 'vault', '--out', 'out').code).toBe(0);
    const before = read('out', 'deforai-02.json');
    const note = path.join(dir, COURSE, '02. ML Data Pipeline Lifecycle', 'Pipeline notes.md');
    fs.writeFileSync(note, Buffer.concat([Buffer.from('# Notes\n\nCaf'), Buffer.from([0xe9]), Buffer.from('::x\n')]));
    fs.writeFileSync(path.join(dir, COURSE, '03. Data Quality for ML', 'extra.md'), 'New::card\n');
    const run = decks('--source', 'vault', '--out', 'out');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'vault/01_Projects/DEforAI/Course/02. ML Data Pipeline Lifecycle/Pipeline notes.md:3: error: the file is not valid UTF-8 (save it as UTF-8)',
    );
    expect(run.stderr.join('\n')).not.toMatch(/\n\s+at /);
    expect(read('out', 'deforai-02.json')).toBe(before);
    expect(read('out', 'deforai-03.json')).not.toMatch(/New/);
  });

  it('reports two chapters hashing to one deck id as an error and exits non-zero', () => {
    fs.cpSync(path.join(dir, CHAPTER_1), path.join(dir, COURSE, '1. Duplicate'), { recursive: true });
    const run = decks('--source', 'vault', '--out', 'out');
    expect(run.code).toBe(1);
    expect(run.stderr.some((l) => /error: deck id "deforai-01" is also the id of/.test(l))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('replaces the previous output as a whole, dropping decks that are gone', () => {
    expect(decks('--source', 'vault', '--out', 'out').code).toBe(0);
    fs.rmSync(path.join(dir, COURSE, '04. Feature Engineering'), { recursive: true });
    expect(decks('--source', 'vault', '--out', 'out').code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual([
      'deforai-01.json',
      'deforai-02.json',
      'deforai-03.json',
      'index.json',
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(['out', 'vault']);
  });

  it('refuses to replace a folder that is not a deck output', () => {
    fs.mkdirSync(path.join(dir, 'precious'));
    fs.writeFileSync(path.join(dir, 'precious', 'keep.txt'), 'mine');
    const run = decks('--source', 'vault', '--out', 'precious');
    expect(run.code).toBe(1);
    expect(run.stderr.at(-1)).toMatch(/refusing to replace it/);
    expect(read('precious', 'keep.txt')).toBe('mine');
  });

  it('exits 2 with usage for an unknown option or a missing source folder', () => {
    const unknown = decks('--frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr[0]).toBe('decks: error: unknown option --frobnicate');
    const missing = decks('--source', 'nowhere', '--out', 'out');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toEqual(['nowhere: error: the source folder does not exist']);
  });
});
