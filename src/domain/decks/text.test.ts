import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from './lines.ts';
import { contentHash, contentHashWithNewline, encodeDeckFile } from './text.ts';

/** The content hash as first defined, one `charCodeAt` per code unit: the fast paths must give the same value. */
function referenceHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const n = text.length;
  for (let i = 0; i + 1 < n; i += 2) {
    const pair = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    h1 = Math.imul(h1 ^ pair, 2654435761);
    h2 = Math.imul(h2 ^ pair, 1597334677);
  }
  if (n % 2 === 1) {
    const last = text.charCodeAt(n - 1);
    h1 = Math.imul(h1 ^ last, 2654435761);
    h2 = Math.imul(h2 ^ last, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (h: number) => (h >>> 0).toString(16).padStart(8, '0');
  return `${hex(h1)}${hex(h2)}${n.toString(16).padStart(8, '0')}`;
}

const texts = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('a', '{', '"', 'é', '🎯', '\n'), maxLength: 200 }),
);

describe('content hash and deck file encoding', () => {
  it('hash any text as the per-code-unit definition does, with or without the closing newline', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(contentHash(text)).toBe(referenceHash(text));
        expect(contentHashWithNewline(text)).toBe(referenceHash(`${text}\n`));
      }),
      { seed: 42, numRuns: 3000 },
    );
  });

  it('encodes a deck file as the UTF-8 bytes of its JSON and a newline, hashed like contentHashWithNewline', () => {
    fc.assert(
      fc.property(texts, (json) => {
        const { bytes, hash } = encodeDeckFile(json);
        expect(new TextDecoder().decode(bytes)).toBe(new TextDecoder().decode(new TextEncoder().encode(`${json}\n`)));
        expect(hash).toBe(contentHashWithNewline(json));
      }),
      { seed: 42, numRuns: 3000 },
    );
  });
});

describe('splitLines', () => {
  it('gives the lines of any text, whether or not it holds characters outside Latin-1', () => {
    const lineText = fc.string({ unit: fc.constantFrom('a', ' ', '#', 'é', '🔑', '\u2028', '-'), maxLength: 12 });
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(lineText, ending), { maxLength: 12 }), lineText, fc.boolean(), (parts, last, bom) => {
        const text = (bom ? '\uFEFF' : '') + parts.map(([line, end]) => line + end).join('') + last;
        const body = bom ? text.slice(1) : text;
        expect(splitLines(text)).toEqual(body.split(/\r\n?|\n/));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
