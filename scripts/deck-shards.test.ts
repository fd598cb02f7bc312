import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../src/domain/decks/index.ts';
import { linesOfBytes, SharedFile } from './deck-shards.ts';

const lineText = fc.string({
  unit: fc.constantFrom('a', ' ', '#', '-', 'é', 'ß', '🔑', '🎯', '\u2028', '\u00a0', '\uFEFF'),
  maxLength: 12,
});
const ending = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
const notes = fc
  .tuple(
    fc.array(fc.tuple(lineText, ending), { maxLength: 12 }),
    lineText,
    fc.boolean(),
    fc.boolean(),
  )
  .map(([parts, last, bom, lfOnly]) => {
    const body = parts.map(([line, end]) => line + (lfOnly ? '\n' : end)).join('') + last;
    return (bom ? '\uFEFF' : '') + body;
  });

describe('a note read into shared memory', () => {
  it('gives the lines splitLines gives of its decoded text, from its bytes', () => {
    fc.assert(
      fc.property(notes, (text) => {
        expect(linesOfBytes(Buffer.from(text, 'utf8'))).toEqual(splitLines(text));
      }),
      { seed: 42, numRuns: 3000 },
    );
  });

  it('gives the same lines and text whichever of them is asked for first', () => {
    const text = '\uFEFF# Chapter 01: Intro\n\n## 🎯 Learning Objectives\n- Explain é\r\n- Done';
    const bytes = Buffer.from(text, 'utf8');
    const shared = new SharedArrayBuffer(bytes.length + 4);
    new Uint8Array(shared).set(bytes, 4);
    const linesFirst = new SharedFile('README.md', shared, 4, bytes.length);
    const textFirst = new SharedFile('README.md', shared, 4, bytes.length);
    expect(linesFirst.lines).toEqual(splitLines(text));
    expect(linesFirst.text).toBe(text);
    expect(textFirst.text).toBe(text);
    expect(textFirst.lines).toEqual(splitLines(text));
  });
});
