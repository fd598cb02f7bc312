import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from './lines.ts';
import { contentHash, contentHashWithNewline, encodeDeckFile } from './text.ts';

/**
 * The content hash as defined (see contentHash), a byte at a time: the UTF-8 bytes, eight per step (two little-endian
 * words, one per lane), the tail zero-padded, cyrb53's finish, the byte length.
 */
function referenceHash(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const byteAt = (i: number) => (i < bytes.length ? (bytes[i] ?? 0) : 0);
  const word = (i: number) => (byteAt(i) | (byteAt(i + 1) << 8) | (byteAt(i + 2) << 16) | (byteAt(i + 3) << 24)) >>> 0;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < bytes.length; i += 8) {
    h1 = Math.imul(h1 ^ word(i), 2654435761);
    h2 = Math.imul(h2 ^ word(i + 4), 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (h: number) => (h >>> 0).toString(16).padStart(8, '0');
  return `${hex(h1)}${hex(h2)}${bytes.length.toString(16).padStart(8, '0')}`;
}

const texts = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('a', '{', '"', 'é', '🎯', '\n'), maxLength: 200 }),
);

describe('content hash and deck file encoding', () => {
  it('hash any text as the byte-at-a-time definition does, with or without the closing newline', () => {
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
