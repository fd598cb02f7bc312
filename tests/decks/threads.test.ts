/**
 * The deck build on two threads (scripts/deck-threads.ts): whatever thread builds a deck, the files, index.json,
 * stdout and diagnostics must be the bytes the pure core gives on one thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../src/domain/decks/index.ts';
import { openOutput, readSource, runDecks } from '../../scripts/decks-cli.ts';
import {
  buildIntoFolder,
  NoteStream,
  PARALLEL_MIN_NOTES,
  readNotes,
  startDeckHelper,
} from '../../scripts/deck-threads.ts';

const CHAPTERS = 130;

/** A chapter in the seed's layout, with an emoji heading (a two-byte README), inline answers and a cloze. */
function chapter(n: number): Record<string, string> {
  const pad = String(n).padStart(3, '0');
  const readme = `# Chapter ${pad}: Topic ${n}

**Focus:** Understanding topic ${n} — end to end

## 🎯 Learning Objectives

- Explain stage ${n} of the pipeline
- Compare batch ${n} and stream ${n}

## 📚 Subchapters

1. **01. Stage ${n}** - how the pipeline stage ${n} works
2. **02. Batch and stream ${n}** - when to choose batch or stream

## 🔑 Key Concepts

- Concept ${n} alpha
- Concept ${n} beta ![[diagram.png]]
- Concept ${n} résumé

## 🛠️ Tools & Technologies Introduced

- Orchestrators ${n} (Airflow, Dagster)

## 🔗 Related Concepts

- [[Course/${String(n + 1).padStart(3, '0')}. Topic ${n + 1}/README|Chapter ${n + 1}]]

## 📖 Recommended Reading

- "Book ${n}" by Author ${n}
`;
  const answers = `# Answers

Concept ${n} alpha::The first idea of chapter ${n}.

Explain stage ${n} of the pipeline::It moves data ${n} along.

A pipeline uses ==stage ${n}== before ==serving==.
`;
  return { 'README.md': readme, 'Answers.md': answers };
}

let dir: string;
let vault: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decks-threads-'));
  vault = path.join(dir, 'vault');
  for (let n = 1; n <= CHAPTERS; n++) {
    const folder = path.join(vault, 'Course', `${String(n).padStart(3, '0')}. Topic ${n}`);
    fs.mkdirSync(folder, { recursive: true });
    for (const [name, text] of Object.entries(chapter(n))) fs.writeFileSync(path.join(folder, name), text);
    if (n % 10 === 0) fs.writeFileSync(path.join(folder, 'diagram.png'), `png ${n}`);
  }
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The files directly in a folder (deck files and index.json), by name. */
const readFolder = (folder: string) =>
  Object.fromEntries(
    fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => [entry.name, fs.readFileSync(path.join(folder, entry.name), 'utf8')]),
  );

/**
 * Runs `run` over the test course's notes as a sorted listing that also holds a note that is not UTF-8 (`latin1.md`, a
 * Latin-1 é on line 2, written for the test) and one that does not exist (`missing.md`).
 */
function withUnreadableNotes(run: (course: string, paths: string[]) => void): void {
  const course = path.join(vault, 'Course');
  const folders = fs.readdirSync(course);
  fs.writeFileSync(path.join(course, 'latin1.md'), Buffer.from('ok\ncaf\xe9\n', 'latin1'));
  try {
    const notes = folders.flatMap((folder) => [`${folder}/Answers.md`, `${folder}/README.md`]);
    run(course, [...notes, 'latin1.md', 'missing.md'].sort());
  } finally {
    fs.rmSync(path.join(course, 'latin1.md'));
  }
}

describe('the deck build on two threads', { timeout: 60_000 }, () => {
  it('reads notes handed to it while they are listed, on the worker alone, as one thread reads the listing', () => {
    withUnreadableNotes((course, paths) => {
      let started = 0;
      const stream = new NoteStream(course, (listed) => {
        started = listed;
        return startDeckHelper(listed);
      });
      // Listed in another order than the sorted listing, as folders come.
      for (const rel of [...paths].reverse()) stream.add(rel);
      expect(started).toBe(PARALLEL_MIN_NOTES);
      const alone = stream.finish(paths, { mainThreadReads: false });
      const one = readNotes(course, paths);
      expect(alone.helper).toBeDefined();
      expect(alone.errors).toEqual(one.errors);
      expect(one.errors).toEqual([
        { severity: 'error', file: 'latin1.md', line: 2, message: 'the file is not valid UTF-8 (save it as UTF-8)' },
        { severity: 'error', file: 'missing.md', line: 1, message: 'cannot read the file (ENOENT)' },
      ]);
      expect(one.files.map((f) => f.path)).toEqual(paths.filter((p) => p !== 'missing.md' && p !== 'latin1.md'));
      expect(one.files.map((f) => f.text)).toEqual(
        one.files.map((f) => fs.readFileSync(path.join(course, f.path), 'utf8')),
      );
      expect(alone.files.map((f) => f.path)).toEqual(one.files.map((f) => f.path));
      expect(alone.files.map((f) => f.text)).toEqual(one.files.map((f) => f.text));
      expect(alone.files.map((f) => f.head)).toEqual(one.files.map((f) => f.head));
    });
  });

  it('writes, from the worker alone, the deck files the pure core gives', () => {
    let notes = 0;
    const { tree, errors, helper } = readSource(vault, (listed) => {
      notes = listed;
      return startDeckHelper(listed);
    });
    expect(errors).toEqual([]);
    expect(notes).toBeGreaterThanOrEqual(PARALLEL_MIN_NOTES);
    expect(helper).toBeDefined();
    const { temp } = openOutput(path.join(dir, 'worker-only'));
    try {
      const built = buildIntoFolder(tree, temp, helper, { mainThreadBuilds: false });
      const expected = buildDecks(tree);
      expect(built.diagnostics).toEqual(expected.diagnostics);
      expect(built.decks.map((d) => d.summary.id)).toEqual(expected.decks.map((d) => d.id));
      expect(built.decks.flatMap((d) => d.assets)).toEqual(expected.assets);
      expect(built.decks.flatMap((d) => d.unanswered)).toEqual(expected.unanswered);
      const written = readFolder(temp);
      for (const file of expected.files.slice(1)) expect(written[file.path]).toBe(file.text);
      expect(Object.keys(written)).toHaveLength(expected.files.length - 1);
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  });

  it('gives the output up when the deck files the worker built cannot be written', () => {
    const { tree, helper } = readSource(vault, startDeckHelper);
    expect(helper).toBeDefined();
    // A folder that is not there: every create fails (ENOENT); the worker builds every deck here, the main thread writes.
    const missing = path.join(dir, 'no-such-folder', 'out');
    const built = buildIntoFolder(tree, missing, helper, { mainThreadBuilds: false });
    expect(built.writeError?.message).toMatch(/ENOENT/);
    expect(built.decks).toHaveLength(CHAPTERS);
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('gives the same output folder, stdout and stderr on two threads as on one', () => {
    const run = (out: string, threads: '1' | '2') => {
      const lines: string[] = [];
      const previous = process.env.COURSEDECK_DECK_THREADS;
      if (threads === '1') process.env.COURSEDECK_DECK_THREADS = '1';
      else delete process.env.COURSEDECK_DECK_THREADS;
      try {
        const code = runDecks(
          { source: 'vault', out, strict: false },
          { cwd: dir, stdout: (l) => lines.push(`out ${l.replace(out, 'OUT')}`), stderr: (l) => lines.push(`err ${l}`) },
        );
        return { code, lines };
      } finally {
        if (previous === undefined) delete process.env.COURSEDECK_DECK_THREADS;
        else process.env.COURSEDECK_DECK_THREADS = previous;
      }
    };
    const one = run('one', '1');
    const two = run('two', '2');
    expect(one.code).toBe(0);
    expect(two).toEqual(one);
    expect(one.lines.some((l) => l.includes('warning: related chapter'))).toBe(true);
    expect(readFolder(path.join(dir, 'two'))).toEqual(readFolder(path.join(dir, 'one')));
    const assets = (name: string) =>
      fs.readdirSync(path.join(dir, name, 'assets'), { recursive: true }).map(String).sort();
    expect(assets('two')).toEqual(assets('one'));
    expect(assets('one').length).toBeGreaterThan(0);
  });
  it('links the unchanged deck files of the output it replaces and writes the changed ones', () => {
    const io = { cwd: dir, stdout: () => {}, stderr: () => {} };
    const options = { source: 'vault', out: 'rebuilt', strict: false, quiet: true };
    expect(runDecks(options, io)).toBe(0);
    const inode = (name: string) => fs.statSync(path.join(dir, 'rebuilt', name)).ino;
    const deckFiles = fs
      .readdirSync(path.join(dir, 'rebuilt'))
      .filter((name) => name.endsWith('.json') && name !== 'index.json');
    const inodes = new Map(deckFiles.map((name) => [name, inode(name)]));
    const before = { same: inode('vault-02.json'), changed: inode('vault-03.json') };
    const answers = path.join(vault, 'Course', '003. Topic 3', 'Answers.md');
    const original = fs.readFileSync(answers, 'utf8');
    fs.writeFileSync(answers, `${original}\nConcept 3 beta::Now answered.\n`);
    try {
      expect(runDecks(options, io)).toBe(0);
      expect(inode('vault-02.json')).toBe(before.same);
      expect(inode('vault-03.json')).not.toBe(before.changed);
      // Every other deck file is the old one, linked, whichever thread built it (the worker builds some of them).
      const relinked = deckFiles.filter((name) => name !== 'vault-03.json' && inode(name) === inodes.get(name));
      expect(relinked).toHaveLength(deckFiles.length - 1);
      expect(fs.readFileSync(path.join(dir, 'rebuilt', 'vault-03.json'), 'utf8')).toContain('Now answered.');
      const fresh = buildDecks(readSource(vault).tree);
      expect(readFolder(path.join(dir, 'rebuilt'))).toEqual(
        Object.fromEntries(fresh.files.map((file) => [file.path, file.text])),
      );
    } finally {
      fs.writeFileSync(answers, original);
    }
  });
});
