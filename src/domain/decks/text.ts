/**
 * Text helpers of the deck build: key normalisation, slugs, the stable hash and wikilink display.
 * Pure string functions; the parser calls them once per item, so they avoid per-character allocation.
 */

/**
 * cyrb53: a fast 53-bit string hash (public domain, bryc). Stable across runs, platforms and engines because it only
 * uses 32-bit integer arithmetic (`Math.imul`) on UTF-16 code units.
 */
export function cyrb53(text: string, seed = 0): number {
  return finishCyrb53(mixCyrb53(0xdeadbeef ^ seed, 0x41c6ce57 ^ seed, text));
}

/** cyrb53's two lanes after `text`, from lanes `h1`, `h2` (the state after a prefix, or the seed's). */
function mixCyrb53(h1: number, h2: number, text: string): HashState {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return { h1, h2 };
}

function finishCyrb53(state: HashState): number {
  const { h1, h2 } = avalanche(state.h1, state.h2);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** cyrb53's final mixing of its two lanes (also the content hash's, {@link hashBytes}). */
function avalanche(h1: number, h2: number): HashState {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return { h1, h2 };
}

/** cyrb53's lanes part-way through a text: see {@link hashPrefix}. */
export type HashState = { readonly h1: number; readonly h2: number };

/**
 * The state of {@link stableHash} after `prefix` (seed 0), for {@link stableHashAfter}: card ids hash
 * `deck id \n kind \n key`, and a deck's cards share the first two parts.
 */
export function hashPrefix(prefix: string): HashState {
  return mixCyrb53(0xdeadbeef, 0x41c6ce57, prefix);
}

/** `stableHash(prefix + rest)`, given {@link hashPrefix}`(prefix)`, without building or hashing the prefix again. */
export function stableHashAfter(prefix: HashState, rest: string): string {
  return base36(finishCyrb53(mixCyrb53(prefix.h1, prefix.h2, rest)));
}

/** A key's stable hash as 11 base-36 characters (53 bits): the tail of every card id. */
export function stableHash(text: string): string {
  return base36(cyrb53(text));
}

/** 36^5: five base-36 digits, a small integer. */
const B5 = 60_466_176;

/**
 * A non-negative integer below 2^53 as 11 base-36 digits, zero-padded: the same as `value.toString(36).padStart(11,
 * '0')`, written out by hand because V8's radix conversion of doubles above 2^31 is slow and ids are made 40,000 times
 * per build. The value splits exactly (doubles hold integers to 2^53) into a leading digit and two five-digit parts,
 * each a small integer; the 11 character codes make one string.
 */
function base36(value: number): string {
  const low = value % B5;
  const rest = (value - low) / B5;
  const mid = rest % B5;
  CODES[0] = digit((rest - mid) / B5);
  putFiveDigits(mid, 5);
  putFiveDigits(low, 10);
  const c = CODES;
  return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!);
}

/** The 11 character codes {@link base36} is making (reused: one call at a time). */
const CODES: number[] = new Array<number>(11).fill(48);

/** Writes the five base-36 digits of `value` (below 36^5) into CODES, the last one at `last`. */
function putFiveDigits(value: number, last: number): void {
  let v = value | 0;
  for (let i = last; i > last - 5; i--) {
    CODES[i] = digit(v % 36);
    v = (v / 36) | 0;
  }
}

/** The character code of base-36 digit `d`: 0-9, then a-z. */
function digit(d: number): number {
  return d < 10 ? 48 + d : 87 + d;
}

/**
 * A file's content hash for index.json: the UTF-8 bytes of the text read as little-endian 32-bit words, eight bytes
 * per step, the first word into one multiply-xor lane and the second into the other (cyrb53's multipliers), the tail
 * zero-padded into one last step; the lanes finalised like cyrb53, then the length in bytes; hex. Only a change
 * detector (the app skips decks whose hash it already has), not a security hash: each lane is a bijection of its last
 * word, so changing any one word always changes the hash. One multiplication per lane per eight bytes keeps the
 * build's ~14 MB of deck JSON at a few milliseconds (the earlier definition, two UTF-16 units per step, took 4x the
 * multiplications, each waiting on the last).
 */
export function contentHash(text: string): string {
  return hashUnits(text, -1);
}

/**
 * `contentHash(text + '\n')` without building that string: the build hashes each deck's JSON with its closing newline,
 * and concatenating first would make V8 flatten a second 14 KB copy of every deck (14 MB per build that survives
 * into the old generation, copied by the scavenger on the way).
 */
export function contentHashWithNewline(text: string): string {
  return hashUnits(text, 10);
}

/** The content hash over the UTF-8 bytes of `text` followed by the byte `extra` (none when negative). */
function hashUnits(text: string, extra: number): string {
  scratch = withRoomFor(scratch, text);
  let end = encodeInto(text, scratch);
  if (extra >= 0) scratch[end++] = extra;
  return hashBytes(scratch, end);
}

/**
 * A deck file as written: the UTF-8 bytes of `json` and a closing newline, and their content hash (the same as
 * `contentHashWithNewline(json)`). One `encodeInto` serves both the hash and the file, so the writer does not
 * encode the 14 MB of a large build a second time. The bytes are a view of a buffer that the next call reuses:
 * write them before encoding the next file.
 */
export function encodeDeckFile(json: string): { bytes: Uint8Array<ArrayBuffer>; hash: string } {
  fileScratch = withRoomFor(fileScratch, json);
  const length = encodeInto(json, fileScratch);
  fileScratch[length] = 10;
  return { bytes: fileScratch.subarray(0, length + 1), hash: hashBytes(fileScratch, length + 1) };
}

/**
 * `buffer`, or a larger one, with room for `text` as UTF-8 (at most three bytes per UTF-16 code unit), one more byte
 * and a whole word of padding (the hash's last step reads up to the next multiple of eight).
 */
function withRoomFor(buffer: Uint8Array<ArrayBuffer>, text: string): Uint8Array<ArrayBuffer> {
  const size = 3 * text.length + 9;
  return buffer.length >= size ? buffer : new Uint8Array(size + (size >> 1));
}

/** Encodes `text` as UTF-8 at the start of `buffer` (see {@link withRoomFor}); the byte length. */
function encodeInto(text: string, buffer: Uint8Array): number {
  const { read, written } = ENCODER.encodeInto(text, buffer);
  if (read !== text.length) throw new Error('encodeInto: the buffer was too small'); // cannot happen: sized above
  return written;
}

const ENCODER = new TextEncoder();
/** Reused between calls (the hash runs once per deck file); grows to the longest text seen. */
let scratch = new Uint8Array(1 << 16);
/** The same for {@link encodeDeckFile}, whose bytes the caller holds until it has written them. */
let fileScratch = new Uint8Array(1 << 16);

/** Whether a `Uint32Array` reads bytes little-endian (x86 and ARM do): the fast path of {@link hashBytes}. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The content hash of `bytes[0 … length)`: see {@link contentHash}. The bytes after `length` up to the next multiple
 * of eight are overwritten with zeros (the padding of the last step), so the buffer must have room for them.
 */
function hashBytes(bytes: Uint8Array<ArrayBuffer>, length: number): string {
  const steps = (length + 7) >>> 3;
  bytes.fill(0, length, steps * 8);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, steps * 2);
    for (let w = 0; w < words.length; w += 2) {
      h1 = Math.imul(h1 ^ (words[w] ?? 0), 2654435761);
      h2 = Math.imul(h2 ^ (words[w + 1] ?? 0), 1597334677);
    }
  } else {
    for (let i = 0; i < steps * 8; i += 8) {
      h1 = Math.imul(h1 ^ wordAt(bytes, i), 2654435761);
      h2 = Math.imul(h2 ^ wordAt(bytes, i + 4), 1597334677);
    }
  }
  const mixed = avalanche(h1, h2);
  return `${hex8(mixed.h1)}${hex8(mixed.h2)}${length.toString(16).padStart(8, '0')}`;
}

/** The little-endian 32-bit word at byte `i`. */
function wordAt(bytes: Uint8Array, i: number): number {
  return ((bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24)) >>> 0;
}

function hex8(h: number): string {
  return (h >>> 0).toString(16).padStart(8, '0');
}

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/**
 * URL-safe slug: NFKD with diacritics dropped, lower case, every run of other characters → one `-`, no `-` at
 * either end (`DEforAI` → `deforai`, `Data Engineering für KI` → `data-engineering-fur-ki`).
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const WIKILINK = /(!?)\[\[([^\]\n]+?)\]\]/g;

/**
 * How Obsidian shows a wikilink: the alias after `|`, else the note name (last path segment, no `.md`), with a
 * heading or block reference shown as `Note > Heading`.
 */
export function wikilinkLabel(inner: string): string {
  const bar = inner.indexOf('|');
  if (bar >= 0) return inner.slice(bar + 1).trim();
  const [target = '', ...anchors] = inner.split('#');
  const slash = target.lastIndexOf('/');
  const name = target
    .slice(slash + 1)
    .replace(/\.md$/i, '')
    .trim();
  const anchor = anchors
    .join('#')
    .replace(/^\^/, '')
    .trim();
  if (!name) return anchor;
  return anchor ? `${name} > ${anchor}` : name;
}

/** Replaces every `[[target|alias]]` (not embeds `![[…]]`) by its label. */
export function showWikilinks(text: string): string {
  if (!text.includes('[[')) return text;
  return text.replace(WIKILINK, (whole, bang: string, inner: string) =>
    bang ? whole : wikilinkLabel(inner),
  );
}

const EMPHASIS_RUNS = /\*\*|__|~~|==|`/g;
const SINGLE_EMPHASIS = /(^|[\s([{"'])[*_]+(?=\S)|(?<=\S)[*_]+(?=$|[\s)\]}"'.,;:!?])/g;
const WHITESPACE = /\s+/g;
const RUNS_OF_SPACE = /\s\s|[^\S ]/;

/**
 * The comparison key of a concept, objective or inline front: wikilinks shown by label, markdown emphasis dropped
 * (`**`, `__`, `~~`, `==`, backticks, and `*`/`_` at word edges), white space trimmed and collapsed, lower case.
 * Two texts that differ only in these ways are the same item (rule of issue 2, "merging inline answers").
 */
export function normaliseKey(text: string): string {
  let t = showWikilinks(text);
  if (/[*_~=`]/.test(t)) t = t.replace(EMPHASIS_RUNS, '').replace(SINGLE_EMPHASIS, '$1');
  t = t.trim();
  if (RUNS_OF_SPACE.test(t)) t = t.replace(WHITESPACE, ' ');
  return t.toLowerCase();
}

const NON_ASCII = /[\u0080-\uffff]/;

const STOP_WORDS = new Set(
  (
    'a an and are as at be by can do does for from how in into is it its of on or that the their this to ' +
    'vs versus what when which who why will with you your about between explain identify understand ' +
    'recognize recognise describe key overview new common use using'
  ).split(' '),
);

/**
 * Content words of a text for the objective → subchapter match: lower-case letter/digit runs, stop words and
 * learning-objective verbs dropped, a plural `s` stripped (`pipelines` → `pipeline`).
 */
export function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  const key = normaliseKey(text);
  if (NON_ASCII.test(key)) {
    for (const raw of key.split(/[^\p{L}\p{N}]+/u)) addContentWord(words, raw);
    return words;
  }
  // ASCII text (the usual case): the runs of [a-z0-9], found by a character scan (the key is lower case already).
  let start = -1;
  for (let i = 0; i <= key.length; i++) {
    const c = i < key.length ? key.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      addContentWord(words, key.slice(start, i));
      start = -1;
    }
  }
  return words;
}

function addContentWord(words: Set<string>, raw: string): void {
  if (!raw || STOP_WORDS.has(raw)) return;
  words.add(raw.length > 3 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw);
}

/** Zero-padded chapter number for deck ids: 1 → `01`, 120 → `120`. */
export function padChapter(chapter: number): string {
  return String(chapter).padStart(2, '0');
}
